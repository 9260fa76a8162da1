"""The notes code writes on a complaint's timeline are stored as a code with parameters
and read in the reader's language (issue 8, item 11): routing, a merge, the sweep's
escalation and automatic close read in English on the complainant's and the unit's pages
and in the API with English chosen, in Indonesian otherwise, whoever acted in whichever
language; what people type stays as typed; the data migration turns old status-line
sentences of either language into codes and back, and leaves replies alone."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from sigap.complaints import handling
from sigap.complaints.models import Complaint, ComplaintStep
from sigap.complaints.tests.factories import filed, with_categories
from sigap.platform.tests.english import in_english
from sigap.tenancy.context import activate

migration = importlib.import_module("sigap.complaints.migrations.0006_step_notes_as_codes")


def _in(language: str, step: ComplaintStep) -> str:
    with translation.override(language):
        return step.shown_note


def _steps(complaint: Complaint) -> list[ComplaintStep]:
    return list(ComplaintStep.all_objects.filter(complaint=complaint).order_by("at", "pk"))


@pytest.fixture
def routed(agency, opd, agency_admin, citizen) -> Complaint:
    """Filed by a citizen, routed by a desk working in English."""
    cats = with_categories(agency, opd)
    complaint = filed(agency, citizen=citizen)
    with translation.override("en"):
        return handling.route(complaint, category=cats["jalan"], by=agency_admin)


def test_routing_stores_its_note_as_a_code_with_the_units_name(routed, opd):
    step = _steps(routed)[-1]
    assert step.note == ""
    assert step.note_text == {"code": "routed", "params": {"unit": opd.name}}
    assert _in("id", step) == f"Diteruskan ke {opd.name}."
    assert _in("en", step) == f"Routed to {opd.name}."


def test_a_merge_and_the_sweep_store_their_notes_as_codes(agency, opd, routed, agency_admin):
    other = filed(agency, text="Jalan di depan sekolah berlubang besar dan berbahaya.")
    handling.route(other, category="jalan", by=agency_admin)
    handling.merge(other, into=routed, by=agency_admin)
    merged = _steps(other)[-1]
    assert merged.note_text == {"code": "merged", "params": {"n": routed.tracking_number}}
    assert _in("en", merged) == f"Merged with complaint {routed.tracking_number}."

    assert handling.escalate(routed, level=1)
    escalated = _steps(routed)[-1]
    assert escalated.note_text == {"code": "escalated", "params": {}} and not escalated.public
    assert _in("id", escalated) == "Lewat batas waktu: dieskalasi."
    assert _in("en", escalated) == "Overdue: escalated."

    answered = handling.answer(routed, text="Lubang sudah ditambal hari ini.", by=agency_admin)
    assert handling.close_silent(answered, now=answered.due_at + dt.timedelta(minutes=1))
    answer, closed = _steps(routed)[-2:]
    assert (answer.note, answer.note_text) == ("Lubang sudah ditambal hari ini.", None)
    assert _in("en", answer) == "Lubang sudah ditambal hari ini."  # typed: as typed
    assert closed.note_text == {"code": "closed_silent", "params": {}}
    assert _in("en", closed) == "Closed automatically: no reply from the complainant."


@pytest.mark.parametrize("language", ["id", "en"])
def test_pages_and_the_api_show_the_note_in_the_readers_language(
    routed, opd, citizen, agency_admin, login, language
):
    texts = {"id": f"Diteruskan ke {opd.name}.", "en": f"Routed to {opd.name}."}
    shown, other = texts[language], texts["en" if language == "id" else "id"]
    complainant, desk = login(citizen), login(agency_admin)
    if language == "en":
        in_english(complainant)
        in_english(desk)

    for client, url in (
        (complainant, reverse("complaints:my_complaint", args=[routed.tracking_number])),
        (desk, reverse("complaints:detail", args=[routed.pk])),
    ):
        page = client.get(url).content.decode()
        assert escape(shown) in page and escape(other) not in page, url

    step = _steps(routed)[-1]
    mine = complainant.get(f"/api/v1/pengaduan/saya/{routed.tracking_number}").json()
    theirs = desk.get(f"/api/v1/kerja/pengaduan/{routed.pk}").json()
    for item in (mine["steps"][-1], theirs["steps"][-1]):
        assert item["note"] == shown
        assert item["note_text"] == step.note_text


# -- the data migration ---------------------------------------------------------------------


def test_the_migration_converts_old_status_notes_of_either_language_and_goes_back(routed):
    status, reply = ComplaintStep.Kind.STATUS, ComplaintStep.Kind.REPLY
    rows = [
        (status, "Diteruskan ke Dinas PUPR.", {"code": "routed", "params": {"unit": "Dinas PUPR"}}),
        (
            status,
            "Reassigned to Dinas PUPR.",
            {"code": "rerouted", "params": {"unit": "Dinas PUPR"}},
        ),
        (
            status,
            "Digabung dengan pengaduan ADU-2026-0001-001.",
            {
                "code": "merged",
                "params": {"n": "ADU-2026-0001-001"},
            },
        ),
        (
            status,
            "Closed automatically: no reply from the complainant.",
            {
                "code": "closed_silent",
                "params": {},
            },
        ),
        (status, "Lewat batas waktu: dieskalasi.", {"code": "escalated", "params": {}}),
        # Typed by people: a reply that happens to read like a code's sentence, an answer.
        (reply, "Diteruskan ke Dinas PUPR.", None),
        (status, "Lubang sudah ditambal.", None),
        (status, "", None),
    ]
    made = []
    with activate(routed.agency):
        for i, (kind, note, _expected) in enumerate(rows):
            step = ComplaintStep.objects.create(
                agency=routed.agency,
                complaint=routed,
                kind=kind,
                status=routed.status,
                at=timezone.now() + dt.timedelta(seconds=i),
                note=note,
            )
            made.append(step.pk)

    migration.to_codes(apps, None)
    for pk, (_kind, note, expected) in zip(made, rows, strict=True):
        step = ComplaintStep.all_objects.get(pk=pk)
        assert step.note_text == expected, note
        assert step.note == ("" if expected else note), note
    rerouted = ComplaintStep.all_objects.get(pk=made[1])
    assert _in("id", rerouted) == "Dialihkan ke Dinas PUPR."

    migration.to_sentences(apps, None)
    back = {
        "Reassigned to Dinas PUPR.": "Dialihkan ke Dinas PUPR.",
        "Closed automatically: no reply from the complainant.": (
            "Ditutup otomatis: tidak ada tanggapan pelapor."
        ),
    }
    for pk, (_kind, note, _expected) in zip(made, rows, strict=True):
        step = ComplaintStep.all_objects.get(pk=pk)
        assert (step.note, step.note_text) == (back.get(note, note), None), note
