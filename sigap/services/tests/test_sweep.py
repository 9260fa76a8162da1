"""The SLA sweep: overdue applications escalate to the unit heads of their unit and the
units above, once per sweep and once per application; suspended ones never."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.notifications.models import Notification
from sigap.services import applications
from sigap.services.models import Application
from sigap.services.sweep import escalate_overdue
from sigap.services.tests.access_fixtures_officer import filed, make_citizen, plain_service
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit


@pytest.fixture
def seksi(agency, opd):
    bidang = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="PLY", parent=opd
    )
    return org.create_unit(
        agency, kind=OrgUnit.Kind.SEKSI, name="Seksi Kelahiran", code="KLH", parent=bidang
    )


@pytest.fixture
def heads(agency, opd, seksi):
    return {
        "opd": make_staff("kepala.dinas", agency, Role.UNIT_HEAD, unit=opd),
        "seksi": make_staff("kepala.seksi", agency, Role.UNIT_HEAD, unit=seksi),
    }


def test_overdue_work_escalates_to_heads_of_the_unit_and_above_once(
    agency, other_agency, seksi, heads, officer
):
    service = plain_service(agency, seksi)
    late = [filed(service, make_citizen(), key=f"late{i}") for i in range(3)]
    waiting = filed(service, make_citizen(), key="waiting")
    fresh = filed(service, make_citizen(), key="fresh")
    applications.return_for_revision(waiting, by=officer, note="Lengkapi KK")
    now = timezone.now()
    # Test setup: deadlines in the past (the waiting one too: it is still not escalated).
    Application.all_objects.filter(pk__in=[a.pk for a in [*late, waiting]]).update(
        due_at=now - dt.timedelta(hours=3)
    )
    other_head = make_staff("kepala.tebo", other_agency, Role.UNIT_HEAD)

    assert escalate_overdue(agency, now=now) == 3
    with activate(agency):
        escalated = set(
            Application.objects.filter(escalated_at__isnull=False).values_list("pk", flat=True)
        )
    assert escalated == {a.pk for a in late}
    assert fresh.pk not in escalated and waiting.pk not in escalated
    for head in heads.values():
        (note,) = Notification.objects.filter(recipient=head, template="services/escalated")
        assert note.subject == "3 permohonan lewat batas waktu di unit Anda"
        assert all(a.tracking_number in note.body for a in late)
        assert waiting.tracking_number not in note.body
        assert note.url == "/kerja/layanan/antrean/?sla=overdue"
    assert not Notification.objects.filter(recipient=officer, template="services/escalated")
    assert not Notification.objects.filter(recipient=other_head)

    # The next sweep finds nothing new and tells nobody again.
    assert escalate_overdue(agency, now=now + dt.timedelta(minutes=15)) == 0
    assert Notification.objects.filter(template="services/escalated").count() == 2


def test_an_escalated_application_shows_it_on_the_page(login, agency, opd, unit_head, officer):
    service = plain_service(agency, opd)
    app = filed(service, make_citizen())
    now = timezone.now()
    Application.all_objects.filter(pk=app.pk).update(due_at=now - dt.timedelta(hours=1))
    escalate_overdue(agency, now=now)
    html = login(officer).get(f"/kerja/layanan/permohonan/{app.pk}/").content.decode()
    assert "Dieskalasi ke kepala unit" in html and "Lewat batas waktu" in html
    queue = login(unit_head).get("/kerja/layanan/antrean/", {"sla": "overdue"})
    assert [a.pk for a in queue.context["page"].items] == [app.pk]


def test_the_escalation_message_reads_in_english_for_who_chose_it(agency, opd, unit_head):
    unit_head.preferred_language = "en"
    unit_head.save(update_fields=["preferred_language"])
    service = plain_service(agency, opd)
    app = filed(service, make_citizen())
    now = timezone.now()
    Application.all_objects.filter(pk=app.pk).update(due_at=now - dt.timedelta(hours=1))
    escalate_overdue(agency, now=now)
    note = Notification.objects.get(recipient=unit_head)
    assert note.subject == "1 application past its deadline in your unit"
    assert "Dear" in note.body
