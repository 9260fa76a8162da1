"""The notes code writes on an application's timeline are stored as a code with
parameters and read in the reader's language (issue 8, item 11): an extension's and a
lapse's note read in English on the citizen's and the officer's pages and in both APIs
with English chosen, in Indonesian otherwise, whoever acted in whichever language; the
officer's reason stays as typed; the data migration turns old sentences of either
language into codes and back."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from sigap.platform.tests.english import in_english
from sigap.services import applications
from sigap.services.lapse import fix_by, lapse_abandoned
from sigap.services.models import Application, ApplicationStep
from sigap.services.tests.access_fixtures_officer import filed, make_citizen, plain_service
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar

migration = importlib.import_module("sigap.services.migrations.0010_step_notes_as_codes")
REASON = "Blangko akta habis, menunggu kiriman provinsi"
EXTENDED = {
    "id": f"Batas waktu diperpanjang: {REASON}",
    "en": f"Deadline extended: {REASON}",
}
LAPSED = {
    "id": "Tidak diperbaiki sampai batas waktu perbaikan.",
    "en": "Not fixed by the revision deadline.",
}


@pytest.fixture
def service(agency, opd):
    return plain_service(agency, opd)


def _in(language: str, step: ApplicationStep) -> str:
    with translation.override(language):
        return step.shown_note


def _last_step(app: Application) -> ApplicationStep:
    return ApplicationStep.all_objects.filter(application=app).order_by("at", "pk").last()


@pytest.fixture
def extended(service, officer) -> Application:
    """Extended by an officer working in English: the step is read in either language."""
    app = filed(service, make_citizen())
    with translation.override("en"):
        applications.verify(app, by=officer)
        return applications.extend(app, by=officer, reason=REASON)


def test_an_extension_stores_its_note_as_a_code_with_the_reason_as_typed(extended):
    step = _last_step(extended)
    assert step.note == ""
    assert step.note_text == {"code": "extended", "params": {"r": REASON}}
    assert _in("id", step) == EXTENDED["id"] and _in("en", step) == EXTENDED["en"]


def test_a_lapse_stores_its_note_as_a_code(agency, service, officer, settings):
    settings.SIGAP_RETURNED_LAPSE_WORKING_DAYS = 3
    app = applications.return_for_revision(
        filed(service, make_citizen()), by=officer, note="Foto KK buram"
    )
    start = timezone.now() - dt.timedelta(days=30)
    Application.all_objects.filter(pk=app.pk).update(returned_at=start, suspended_since=start)
    deadline = fix_by(WorkingCalendar.for_agency(agency), start)
    assert lapse_abandoned(agency, now=deadline + dt.timedelta(minutes=1)) == 1
    steps = list(ApplicationStep.all_objects.filter(application=app).order_by("at", "pk"))
    returned, lapsed = steps[-2], steps[-1]
    assert (returned.note, returned.note_text) == ("Foto KK buram", None)  # typed: as typed
    assert lapsed.note == "" and lapsed.note_text == {"code": "lapsed", "params": {}}
    assert _in("id", lapsed) == LAPSED["id"] and _in("en", lapsed) == LAPSED["en"]
    assert _in("en", returned) == "Foto KK buram"


@pytest.mark.parametrize("language", ["id", "en"])
def test_pages_and_apis_show_the_note_in_the_readers_language(extended, officer, login, language):
    shown, other = EXTENDED[language], EXTENDED["en" if language == "id" else "id"]
    citizen, staff = login(extended.citizen), login(officer)
    if language == "en":
        in_english(citizen)
        in_english(staff)

    for client, url in (
        (citizen, reverse("services:my_application", args=[extended.tracking_number])),
        (staff, reverse("services:officer_application", args=[extended.pk])),
    ):
        page = client.get(url).content.decode()
        assert escape(shown) in page and escape(other) not in page, url

    step = _last_step(extended)
    mine = citizen.get(f"/api/v1/me/applications/{extended.tracking_number}").json()
    theirs = staff.get(f"/api/v1/services/officer/applications/{extended.pk}").json()
    for item in (mine["timeline"][-1], theirs["steps"][-1]):
        assert item["note"] == shown
        assert item["note_text"] == step.note_text


# -- the data migration ---------------------------------------------------------------------


def _step_with(app: Application, i: int, note: str) -> int:
    """A timeline line holding ``note`` as it was stored before codes."""
    return ApplicationStep.objects.create(
        agency=app.agency,
        application=app,
        status=app.status,
        at=timezone.now() + dt.timedelta(seconds=i),
        note=note,
    ).pk


def test_the_migration_converts_old_notes_of_either_language_and_goes_back(extended):
    rows = {
        EXTENDED["id"]: {"code": "extended", "params": {"r": REASON}},
        EXTENDED["en"]: {"code": "extended", "params": {"r": REASON}},
        "Batas waktu diperpanjang: Tanggal 15 Maret 2026 libur": {
            "code": "extended",
            "params": {"r": "Tanggal 15 Maret 2026 libur"},  # a reason is never reread
        },
        LAPSED["id"]: {"code": "lapsed", "params": {}},
        LAPSED["en"]: {"code": "lapsed", "params": {}},
        # Typed by people: none is a code's sentence.
        "Foto KK buram": None,
        "Batas waktu diperpanjang": None,
        "": None,
    }
    with activate(extended.agency):
        made = {note: _step_with(extended, i, note) for i, note in enumerate(rows)}

    migration.to_codes(apps, None)
    for note, expected in rows.items():
        step = ApplicationStep.all_objects.get(pk=made[note])
        assert step.note_text == expected, note
        assert step.note == ("" if expected else note), note
    for note in (EXTENDED["id"], EXTENDED["en"]):
        step = ApplicationStep.all_objects.get(pk=made[note])
        assert _in("en", step) == EXTENDED["en"] and _in("id", step) == EXTENDED["id"]

    migration.to_sentences(apps, None)
    back = {EXTENDED["en"]: EXTENDED["id"], LAPSED["en"]: LAPSED["id"]}  # as Indonesian
    for note in rows:
        step = ApplicationStep.all_objects.get(pk=made[note])
        assert (step.note, step.note_text) == (back.get(note, note), None), note
