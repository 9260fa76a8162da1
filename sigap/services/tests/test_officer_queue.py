"""The officers' work queue: scope, SLA order and flags, filters, pages, bulk actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.services import applications, sla, work_queue
from sigap.services.models import Application
from sigap.services.tests.access_fixtures_officer import filed, make_citizen, plain_service
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workcal.calendar import WorkingCalendar

QUEUE = "/kerja/layanan/antrean/"


@pytest.fixture
def bidang(agency, opd) -> OrgUnit:
    return org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="PLY", parent=opd
    )


@pytest.fixture
def other_opd_unit(agency) -> OrgUnit:
    return org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="DPMPTSP", code="DPMPTSP")


@pytest.fixture
def service(agency, bidang):
    return plain_service(agency, bidang)


@pytest.fixture
def applicant(db):
    return make_citizen()


@pytest.fixture
def bidang_officer(agency, bidang):
    return make_staff("petugas.bidang", agency, Role.OFFICER, unit=bidang)


@pytest.fixture
def outsider_officer(agency, other_opd_unit):
    return make_staff("petugas.dpmptsp", agency, Role.OFFICER, unit=other_opd_unit)


def _due(app: Application, due: dt.datetime) -> None:
    # Test setup only: put the clock where the case needs it, near-due moment included
    # (as ``applications.submit`` stores it with every due time).
    app = Application.all_objects.select_related("standard", "agency").get(pk=app.pk)
    near = sla.near_due_from(
        WorkingCalendar.for_agency(app.agency),
        app.submitted_at,
        due,
        app.standard.time_limit,
        app.standard.time_unit,
    )
    Application.all_objects.filter(pk=app.pk).update(due_at=due, near_due_at=near)


@pytest.fixture
def three(service, applicant):
    """Overdue, near due and far from due, filed in the opposite order."""
    now = timezone.now()
    far = filed(service, applicant, name="Jauh", key="far")
    near = filed(service, applicant, name="Dekat", key="near")
    late = filed(service, applicant, name="Telat", key="late")
    _due(far, now + dt.timedelta(days=20))
    _due(near, now + dt.timedelta(minutes=1))
    _due(late, now - dt.timedelta(hours=2))
    return late, near, far


def test_queue_sorts_by_urgency_and_flags_overdue_and_near_due(login, officer, three):
    late, near, far = three
    response = login(officer).get(QUEUE, {"tab": "unit"})
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(a.tracking_number) for a in (late, near, far)]
    assert order == sorted(order)
    page = response.context["page"]
    flags = {a.pk: (a.clock.overdue, a.clock.near_due) for a in page.items}
    assert flags == {late.pk: (True, False), near.pk: (False, True), far.pk: (False, False)}
    assert "Lewat batas waktu" in html and "Mendekati batas waktu" in html


def test_sla_filter_keeps_one_state(login, officer, three):
    late, near, far = three
    client = login(officer)
    for state, expected in (("overdue", late), ("near", near), ("on_track", far)):
        items = client.get(QUEUE, {"tab": "unit", "sla": state}).context["page"].items
        assert [a.pk for a in items] == [expected.pk], state


def test_status_and_service_filters(login, officer, agency, bidang, service, applicant):
    other_service = plain_service(agency, bidang, code="KK-BARU")
    a = filed(service, applicant, key="a")
    b = filed(other_service, applicant, key="b")
    applications.verify(b, by=officer)
    client = login(officer)
    assert [
        x.pk for x in client.get(QUEUE, {"tab": "unit", "status": "verified"}).context["page"].items
    ] == [b.pk]
    items = client.get(QUEUE, {"tab": "unit", "service": service.pk}).context["page"].items
    assert [x.pk for x in items] == [a.pk]


def test_mine_lists_what_is_assigned_to_me_and_waiting_lists_returned(
    login, officer, service, applicant
):
    mine = filed(service, applicant, key="mine")
    other = filed(service, applicant, key="other")
    back = filed(service, applicant, key="back")
    applications.claim(mine, by=officer)
    applications.return_for_revision(back, by=officer, note="Foto KK buram")
    client = login(officer)
    assert [a.pk for a in client.get(QUEUE, {"tab": "mine"}).context["page"].items] == [mine.pk]
    unit = {a.pk for a in client.get(QUEUE, {"tab": "unit"}).context["page"].items}
    assert unit == {mine.pk, other.pk}  # the returned one waits for the citizen
    waiting = client.get(QUEUE, {"tab": "waiting"}).context["page"].items
    assert [a.pk for a in waiting] == [back.pk]
    assert waiting[0].clock.suspended and not waiting[0].clock.overdue


def test_officer_of_another_unit_sees_nothing_and_gets_404(
    login, outsider_officer, service, applicant
):
    app = filed(service, applicant)
    client = login(outsider_officer)
    response = client.get(QUEUE, {"tab": "unit"})
    assert response.status_code == 200 and app.tracking_number not in response.content.decode()
    assert client.get(f"/kerja/layanan/permohonan/{app.pk}/").status_code == 404
    assert client.post(f"/kerja/layanan/permohonan/{app.pk}/verify/").status_code == 404
    api = client.get(f"/api/v1/services/officer/applications/{app.pk}")
    assert api.status_code == 404 and api.json()["code"] == "not_found"


def test_unit_head_sees_the_subtree_and_officer_of_the_child_unit_only_it(
    login, agency, opd, bidang, service, applicant, bidang_officer
):
    head = make_staff("kepala.dinas", agency, Role.UNIT_HEAD, unit=opd)
    opd_service = plain_service(agency, opd, code="KTP-EL")
    below = filed(service, applicant, key="below")
    above = filed(opd_service, applicant, key="above")
    seen = {a.pk for a in login(head).get(QUEUE, {"tab": "unit"}).context["page"].items}
    assert seen == {below.pk, above.pk}
    seen = {a.pk for a in login(bidang_officer).get(QUEUE, {"tab": "unit"}).context["page"].items}
    assert seen == {below.pk}


def test_oversight_reads_the_agency_but_does_not_act(login, inspector, service, applicant):
    app = filed(service, applicant)
    client = login(inspector)
    response = client.get(QUEUE)
    assert app.tracking_number in response.content.decode()
    detail = client.get(f"/kerja/layanan/permohonan/{app.pk}/")
    assert detail.status_code == 200 and not detail.context["action_forms"]
    assert client.post(f"/kerja/layanan/permohonan/{app.pk}/verify/").status_code == 403


def test_another_agency_sees_none_of_it(login, other_admin, service, applicant):
    app = filed(service, applicant)
    client = login(other_admin)
    assert app.tracking_number not in client.get(QUEUE).content.decode()
    assert client.get(f"/kerja/layanan/permohonan/{app.pk}/").status_code == 404
    api = client.get("/api/v1/services/officer/queue").json()
    assert api["items"] == []


def test_queue_reads_a_fixed_number_of_queries(login, officer, service, agency, unit_head):
    """No N+1: the page costs the same with 2 applications as with 8, each with its
    own applicant, officer and SLA clock."""

    def count(n: int) -> int:
        for i in range(n):
            citizen = make_citizen(f"warga{n}-{i}@example.id", nik=f"15710245068800{n}{i}"[:16])
            app = filed(service, citizen, key=f"{n}-{i}")
            applications.claim(app, by=officer)
        client = login(officer)
        client.get(QUEUE, {"tab": "unit"})  # warm the session and the grants
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(QUEUE, {"tab": "unit"}).status_code == 200
        return len(ctx.captured_queries)

    assert count(2) == count(6)


def test_pages_follow_the_cursor(login, officer, service, applicant):
    apps = [filed(service, applicant, key=f"k{i}") for i in range(5)]
    client = login(officer)
    first = client.get("/api/v1/services/officer/queue", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    seen = [i["id"] for i in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/api/v1/services/officer/queue", {"limit": 2, "cursor": cursor}).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == sorted(a.pk for a in apps) and len(seen) == len(set(seen))
    html = client.get(QUEUE, {"cursor": "!!!"})
    assert html.status_code == 404
    bad = client.get("/api/v1/services/officer/queue", {"cursor": "!!!"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_bulk_claim_asks_for_confirmation_first(login, officer, service, applicant):
    a, b = filed(service, applicant, key="a"), filed(service, applicant, key="b")
    client = login(officer)
    data = {"action": "claim", "ids": [a.pk, b.pk], "back": QUEUE}
    confirm = client.post("/kerja/layanan/antrean/massal/", data)
    assert confirm.status_code == 200 and "Klaim permohonan ini?" in confirm.content.decode()
    with activate(a.agency):
        assert not Application.objects.filter(assigned_to=officer).exists()
    done = client.post("/kerja/layanan/antrean/massal/", {**data, "confirm": "yes"}, follow=True)
    assert "2 permohonan diperbarui." in done.content.decode()
    with activate(a.agency):
        assert Application.objects.filter(assigned_to=officer).count() == 2


def test_bulk_assign_by_the_unit_head(login, unit_head, officer, service, applicant):
    a, b = filed(service, applicant, key="a"), filed(service, applicant, key="b")
    applications.claim(b, by=unit_head)
    client = login(unit_head)
    data = {"action": "assign", "ids": [a.pk, b.pk], "officer": officer.pk, "confirm": "yes"}
    client.post("/kerja/layanan/antrean/massal/", data)
    with activate(a.agency):
        assert set(Application.objects.filter(assigned_to=officer)) == {a, b}


def test_officers_cannot_bulk_assign_and_outside_applications_are_ignored(
    login, officer, outsider_officer, agency, other_opd_unit, service, applicant
):
    mine = filed(service, applicant, key="mine")
    theirs = filed(plain_service(agency, other_opd_unit, code="IZIN"), applicant, key="t")
    client = login(officer)
    refused = client.post(
        "/kerja/layanan/antrean/massal/",
        {"action": "assign", "ids": [mine.pk], "officer": officer.pk, "confirm": "yes"},
        follow=True,
    )
    assert "Anda tidak dapat mengalihkan permohonan." in refused.content.decode()
    client.post(
        "/kerja/layanan/antrean/massal/",
        {"action": "claim", "ids": [mine.pk, theirs.pk], "confirm": "yes"},
    )
    with activate(agency):
        assert Application.objects.get(pk=mine.pk).assigned_to == officer
        assert Application.objects.get(pk=theirs.pk).assigned_to is None


def test_assignees_are_the_officers_of_the_heads_subtree(
    agency, unit_head, officer, bidang_officer, outsider_officer
):
    names = {u.username for u in work_queue.assignees(unit_head, agency)}
    assert names == {"kepala.jambi", "petugas.jambi", "petugas.bidang"}
    assert work_queue.assignees(officer, agency) == []
