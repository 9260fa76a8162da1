"""The notes code writes on an assignment are stored as a code with parameters and read
in the reader's language (issue 8, item 11): the roster import's, the placement
advisor's and a handover's Plt read in English on an English profile page, API call and
audit trail, and in Indonesian on an Indonesian one; what a person typed stays as typed;
the data migration turns the old Indonesian sentences into codes and back."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from sigap.platform.tests.english import in_english
from sigap.tenancy.context import activate
from sigap.trail import display
from sigap.workforce.models import Assignment
from sigap.workforce.placement import engine as placement
from sigap.workforce.registry import records
from sigap.workforce.tests.test_handover import (  # noqa: F401 - fixtures
    hand_over,
    head_post,
    leaving,
    secretary,
    secretary_post,
)
from sigap.workforce.tests.test_placement import World, single_recommendation
from sigap.workforce.tests.test_roster import (  # noqa: F401 - fixtures
    csv_file,
    import_file,
    person,
    tasks_inline,
    units,
)

migration = importlib.import_module("sigap.workforce.migrations.0009_assignment_notes_as_codes")


def _in(language: str, assignment: Assignment) -> str:
    with translation.override(language):
        return assignment.shown_note


def test_the_roster_import_writes_its_note_as_a_code(agency, units, hr):  # noqa: F811
    ri = import_file(agency, hr, csv_file([person(1)]))
    with activate(agency):
        (moved,) = Assignment.objects.all()
    assert moved.note == ""
    assert moved.note_text == {"code": "roster_import", "params": {"import_id": ri.pk}}
    assert _in("id", moved) == f"Impor data ASN #{ri.pk}"
    assert _in("en", moved) == f"ASN data import #{ri.pk}"


def test_an_accepted_recommendation_writes_its_note_as_a_code(agency, opd, hr):
    world = World(agency, opd)
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi", since=dt.date(2015, 1, 1))
    rec = single_recommendation(world, finance)
    accepted = placement.accept_recommendation(
        rec,
        sk_number="821.2/17/BKPSDM/2026",
        sk_date=dt.date(2026, 1, 20),
        starts_on=dt.date(2026, 2, 1),
        by=hr,
    )
    moved = accepted.assignment
    assert moved.note == "" and moved.note_text["code"] == "placement_advice"
    assert _in("id", moved) == f"Rekomendasi penasihat penempatan #{rec.run_id}"
    assert _in("en", moved) == f"Placement advisor recommendation #{rec.run_id}"


@pytest.fixture
def plt(agency, head_post, leaving, secretary):  # noqa: F811
    """The Plt a handover appoints: Sri Wahyuni acts for Ahmad Fauzi."""
    hand_over(head_post, leaving, secretary, is_acting=True, sk="800.1.3.3/4/BKPSDM/2026")
    with activate(agency):
        return Assignment.objects.get(employee=secretary, kind=Assignment.Kind.ACTING)


def test_a_handovers_plt_note_is_a_code_with_the_predecessors_name(plt):
    assert plt.note == ""
    assert plt.note_text == {"code": "handover_acting", "params": {"name": "Ahmad Fauzi"}}
    assert _in("id", plt) == "Plt; serah terima dari Ahmad Fauzi"
    assert _in("en", plt) == "Acting (Plt); handed over from Ahmad Fauzi"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_profile_page_and_the_api_show_the_note_in_the_readers_language(
    agency,
    plt,
    secretary,  # noqa: F811
    hr,
    login,
    language,
):
    typed = records.record_assignment(
        secretary,
        position=plt.position,
        kind=Assignment.Kind.SPECIAL,
        sk_number="800/7/BKPSDM/2026",
        sk_date=dt.date(2026, 4, 1),
        starts_on=dt.date(2026, 4, 1),
        note="Tim percepatan pelayanan",
    )
    client = login(hr)
    if language == "en":
        in_english(client)
    indonesian, english = _in("id", plt), _in("en", plt)
    shown, other = (english, indonesian) if language == "en" else (indonesian, english)

    page = client.get(reverse("workforce:asn_profile", args=[secretary.pk])).content.decode()
    assert escape(shown) in page and escape(other) not in page
    assert "Tim percepatan pelayanan" in page  # typed by a person: as typed

    body = client.get(f"/api/v1/asn/{secretary.pk}").json()
    notes = {a["id"]: a for a in body["assignments"]}
    assert notes[plt.pk]["note"] == shown
    assert notes[plt.pk]["note_text"] == plt.note_text
    assert notes[typed.pk]["note"] == "Tim percepatan pelayanan"
    assert notes[typed.pk]["note_text"] is None


def test_the_audit_trail_writes_the_note_in_the_readers_language(agency, plt):
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_pk=str(plt.pk),
        action=LogEntry.Action.CREATE,
    )
    for language, expected in (
        ("id", "Plt; serah terima dari Ahmad Fauzi"),
        ("en", "Acting (Plt); handed over from Ahmad Fauzi"),
    ):
        with translation.override(language):
            shown = {c.label: c.after for c in display.changes(entry)}
        label = "System note" if language == "en" else "Catatan sistem"
        assert shown[label] == expected


def test_the_bulk_trail_of_an_import_writes_the_note_in_the_readers_language(
    agency,
    units,  # noqa: F811
    hr,
):
    ri = import_file(agency, hr, csv_file([person(1)]))
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Assignment),
        action=LogEntry.Action.CREATE,
    )
    with translation.override("en"):
        shown = {c.label: c.after for c in display.changes(entry)}
    assert shown["System note"] == f"ASN data import #{ri.pk}"


# -- the data migration ---------------------------------------------------------------------


def test_the_migration_converts_old_notes_keeps_typed_ones_and_goes_back(
    agency,
    plt,
    secretary,  # noqa: F811 - the handover tests' fixture
):
    rows = {
        "Impor data ASN #12": {"code": "roster_import", "params": {"import_id": 12}},
        "Rekomendasi penasihat penempatan #3": {
            "code": "placement_advice",
            "params": {"run_id": 3},
        },
        "Plt; serah terima dari Dr. Siti Aminah, S.H.": {
            "code": "handover_acting",
            "params": {"name": "Dr. Siti Aminah, S.H."},
        },
        "Plt sampai jabatan definitif terisi": {"code": "demo_acting", "params": {}},
        "Rotasi petugas layanan (demo)": {"code": "demo_rotation", "params": {}},
        "Data demo": {"code": "demo_data", "params": {}},
        # Typed by people: none is a code's sentence.
        "Impor data ASN #12 (ulang)": None,
        "SK menyusul": None,
        "": None,
    }
    made = {}
    for i, note in enumerate(rows):
        made[note] = records.record_assignment(
            secretary,
            position=plt.position,
            kind=Assignment.Kind.SPECIAL,
            sk_number=f"800/{i}/BKPSDM/2026",
            sk_date=dt.date(2026, 4, 1),
            starts_on=dt.date(2026, 4, 1),
            note=note,
        ).pk
    Assignment.all_objects.filter(pk=plt.pk).update(
        note="Plt; serah terima dari Ahmad Fauzi", note_text=None
    )

    migration.to_codes(apps, None)
    for note, expected in rows.items():
        row = Assignment.all_objects.get(pk=made[note])
        assert row.note_text == expected, note
        assert row.note == ("" if expected else note), note
        assert _in("id", row) == note, note
    converted = Assignment.all_objects.get(pk=plt.pk)
    assert _in("en", converted) == "Acting (Plt); handed over from Ahmad Fauzi"
    assert _in("en", Assignment.all_objects.get(pk=made["Impor data ASN #12"])) == (
        "ASN data import #12"
    )

    migration.to_sentences(apps, None)
    for note in rows:
        row = Assignment.all_objects.get(pk=made[note])
        assert (row.note, row.note_text) == (note, None), note
    assert Assignment.all_objects.get(pk=plt.pk).note == "Plt; serah terima dari Ahmad Fauzi"
