"""The audit write API: who acts, named events, access records, the bulk trail."""

from __future__ import annotations

import pytest
from auditlog.context import auditlog_value
from auditlog.models import LogEntry

from sigap.audit.events import (
    BulkTrail,
    acting,
    current_actor,
    record,
    record_access,
    register_events,
)
from sigap.platform.bulk import SqlInsert
from sigap.tenancy import org
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import OrgUnit

register_events({"uji": "Uji"})


def test_acting_names_the_actor_of_every_entry_inside_and_restores_the_previous(
    agency, agency_admin, officer
):
    before = auditlog_value.get(None)
    with acting(agency_admin):
        with acting_for(agency):
            unit = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Uji", code="DU")
        with acting(officer):
            assert current_actor() == officer
        assert current_actor() == agency_admin
    assert auditlog_value.get(None) is before  # the surrounding context, untouched
    entry = LogEntry.objects.get_for_object(unit).latest("pk")
    assert entry.actor == agency_admin


def test_a_named_event_carries_its_name_details_agency_and_channel(agency, opd, officer):
    with acting(officer, channel_name="command"):
        entry = record("uji", opd, details={"sk": "800/1/2026"}, changes={"x": (1, 2)})
    assert entry.actor == officer
    assert entry.additional_data == {
        "channel": "command",
        "agency_id": agency.pk,
        "event": "uji",
        "details": {"sk": "800/1/2026"},
    }
    assert entry.changes_dict == {"x": [1, 2]}  # JSON-native values stay as they are


def test_an_unknown_event_name_is_refused(opd):
    with pytest.raises(KeyError):
        record("tidak terdaftar", opd)


def test_access_is_recorded_as_access(agency):
    entry = record_access("ekspor data", agency, details={"rows": 3})
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.additional_data["agency_id"] == agency.pk
    assert entry.additional_data["details"] == {"rows": 3}


def test_the_bulk_trail_writes_one_entry_per_row_with_one_correlation_id(agency, opd, officer):
    trail = BulkTrail(
        agency_id=agency.pk, event="impor roster", cid="uji-1", models=[OrgUnit], actor=officer
    )
    trail.created(OrgUnit, ["name"], [("A",), ("B",)], [opd.pk, opd.pk], ["A", "B"])
    trail.updated(OrgUnit, opd.pk, str(opd), {"name": ("A", "B")})
    assert trail.flush(SqlInsert()) == 3
    entries = LogEntry.objects.filter(cid="uji-1")
    assert entries.count() == 3
    assert {e.actor_id for e in entries} == {officer.pk}
    assert {e.additional_data["event"] for e in entries} == {"impor roster"}


def test_a_request_names_its_user_as_actor_and_leaves_no_actor_behind(client, officer):
    """auditlog's own middleware leaves the request's user in its context variable;
    the next work in the same thread would then be audited under their name."""
    client.force_login(officer)
    client.get("/")
    assert current_actor() is None


# -- event labels in the reader's language (issue 8, item 12) -----------------------------


def _every_event() -> dict:
    from django.urls import get_resolver

    from sigap.audit.events import EVENTS

    assert get_resolver().url_patterns  # imports every app's views: they register events
    # Tests register their own events ("uji ..."): those are not shown to anyone.
    return {name: label for name, label in EVENTS.items() if not name.startswith("uji")}


def test_every_event_label_reads_in_english():
    from django.utils import translation

    from sigap.shell.tests.test_translations import translated

    missing = []
    for name, label in _every_event().items():
        with translation.override("id"):
            indonesian = str(label)
        with translation.override("en"):
            english = str(label)
        if english == indonesian and indonesian not in translated():
            missing.append(f"{name}: {indonesian!r}")
    assert missing == [], (
        "add these labels to sigap/audit/locale/en/LC_MESSAGES/django.po:\n" + "\n".join(missing)
    )


def test_a_plain_label_is_translated_when_shown():
    from django.utils import translation

    from sigap.audit.events import EVENTS, register_events

    register_events({"uji label": "Pengaduan diajukan"})
    try:
        with translation.override("en"):
            assert str(EVENTS["uji label"]) == "Complaint filed"
        with translation.override("id"):
            assert str(EVENTS["uji label"]) == "Pengaduan diajukan"
    finally:
        del EVENTS["uji label"]
