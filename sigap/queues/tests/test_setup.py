"""Setting up offices: the domain functions (settings, services with slot capacity,
counters and the services each handles, closures) with hand-counted slots, who may set
up which office, and the setup pages (htmx and plain forms)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.queues import booking, points
from sigap.queues.lookup import managed_points_for
from sigap.queues.models import Closure, Counter, PointService, Slot
from sigap.queues.tests.factories import citizen, office
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workcal.calendar import WorkingCalendar

# 08:00–12:00 every day: 16 slots of 15 minutes, 8 of 30 minutes, per service.
MORNING = {d: (dt.time(8, 0), dt.time(12, 0)) for d in range(7)}


def morning(agency) -> WorkingCalendar:
    return WorkingCalendar.from_holidays(agency.time_zone, [], office_hours=MORNING)


def _events(name: str) -> list[LogEntry]:
    return [e for e in LogEntry.objects.order_by("pk") if e.additional_data.get("event") == name]


def _slots(point, **filters) -> list[Slot]:
    with activate(point.agency):
        return list(Slot.objects.filter(offer__point=point, **filters).order_by("starts_at"))


@pytest.fixture
def morning_desk(agency, opd, monkeypatch):
    monkeypatch.setattr(
        points.WorkingCalendar, "for_agency", classmethod(lambda cls, a: morning(a))
    )
    point, offers, desks = office(agency, opd, code="pagi", capacity=3)
    return point, offers, desks


def _days(point, n: int = 2) -> list[dt.date]:
    today = point.agency.today()
    return [today + dt.timedelta(days=k) for k in range(1, n + 1)]


# ------------------------------------------------------------------ office settings


def test_a_new_slot_length_remakes_the_coming_days_without_bookings(morning_desk, agency_admin):
    point, (a, b), _ = morning_desk
    one, two = _days(point)
    assert points.generate_slots(point, [one, two]) == 2 * 2 * 16
    taken = _slots(point, offer=a, day=one)[0]
    booking.book(citizen(), taken)

    changed = points.update_point(point, slot_minutes=30, by=agency_admin)

    assert changed.slot_minutes == 30
    # Day one has a booking: its 15-minute slots stay (2 × 16); day two is made again.
    assert len(_slots(point, day=one)) == 32
    day_two = _slots(point, day=two)
    assert len(day_two) == 2 * 8
    assert {s.ends_at - s.starts_at for s in day_two} == {dt.timedelta(minutes=30)}
    (entry,) = _events("kantor antrean diubah")
    assert entry.changes["slot_minutes"] == [15, 30]
    assert entry.actor == agency_admin


def test_point_settings_are_validated(morning_desk):
    point, _offers, _ = morning_desk
    with pytest.raises(ValidationError) as refused:
        points.update_point(point, slot_minutes=3)
    assert "slot_minutes" in refused.value.error_dict
    with pytest.raises(ValidationError):
        points.update_point(point, priority_reasons=["vip"])
    with pytest.raises(ValidationError):
        points.update_point(point, display_version=9)
    assert points.update_point(point, name=point.name) is not None
    assert not _events("kantor antrean diubah")  # nothing changed, nothing recorded


# ------------------------------------------------------------------ services and schedule


def test_a_new_capacity_applies_to_coming_slots_never_below_the_booked(morning_desk):
    point, (a, _b), _ = morning_desk
    (one,) = _days(point, 1)
    points.generate_slots(point, [one])
    first, second = _slots(point, offer=a)[:2]
    for _n in range(2):
        booking.book(citizen(), first)

    points.update_offer(a, capacity=1)

    with activate(point.agency):
        first.refresh_from_db()
        second.refresh_from_db()
    assert (first.capacity, first.booked) == (2, 2)  # the two kept their places
    assert (second.capacity, second.booked) == (1, 0)
    (entry,) = _events("layanan antrean diubah")
    assert entry.changes["capacity"] == [3, 1]


def test_a_service_added_later_gets_slots_on_the_days_already_made(morning_desk, agency, opd):
    point, _offers, _ = morning_desk
    (one,) = _days(point, 1)
    points.generate_slots(point, [one])
    service, _std = service_with_standard(agency, opd, code="pagi-baru", name="Legalisir")

    offer = points.offer_service(point, service, prefix="c", capacity=4)

    assert offer.prefix == "C"
    made = _slots(point, offer=offer)
    assert len(made) == 16 and {s.capacity for s in made} == {4}


def test_an_offer_taken_off_and_back_online_and_prefix_rules(morning_desk):
    point, (a, b), _ = morning_desk
    points.update_offer(a, bookable=False)
    with pytest.raises(ValidationError) as refused:
        points.update_offer(b, prefix="a")
    assert "prefix" in refused.value.error_dict
    with pytest.raises(ValidationError):
        points.update_offer(b, prefix="b2")
    (one,) = _days(point, 1)
    points.generate_slots(point, [one])
    assert not _slots(point, offer=a)
    points.update_offer(a, bookable=True)
    assert len(_slots(point, offer=a)) == 16


# ------------------------------------------------------------------ counters


def test_a_counter_gets_services_added_and_removed(morning_desk, agency_admin):
    point, (a, b), (one, _two) = morning_desk
    points.update_counter(one, offers=[a, b], by=agency_admin)
    with activate(point.agency):
        assert set(one.offers.all()) == {a, b}
    points.update_counter(one, offers=[b], name="Loket Akta", is_open=False, by=agency_admin)
    with activate(point.agency):
        one = Counter.objects.get(pk=one.pk)
        assert list(one.offers.all()) == [b] and one.name == "Loket Akta" and not one.is_open
    added, removed = _events("loket diubah")
    assert added.additional_data["details"] == {"added": ["A", "B"], "removed": []}
    assert removed.additional_data["details"] == {"added": [], "removed": ["A"]}
    assert removed.changes["is_open"] == [True, False]
    # None named again: the counter serves every service of the office.
    points.update_counter(one, offers=[])
    with activate(point.agency):
        assert not one.offers.exists()


def test_a_counter_takes_no_service_of_another_office(morning_desk, agency, opd):
    _point, _offers, (one, _two) = morning_desk
    _other, (far, _), _ = office(agency, opd, code="lain")
    with pytest.raises(ValidationError):
        points.update_counter(one, offers=[far])
    with pytest.raises(ValidationError):
        points.update_counter(one, name="  ")


def test_a_counter_may_be_added_closed_in_one_audited_write(morning_desk, agency_admin):
    point, (a, _b), _ = morning_desk
    desk = points.add_counter(point, number=9, offers=[a], is_open=False, by=agency_admin)
    desk.refresh_from_db()
    assert not desk.is_open
    # Created closed, not created open and then closed by a second write.
    updates = LogEntry.objects.get_for_object(desk).filter(action=LogEntry.Action.UPDATE)
    assert not any("is_open" in (entry.changes or {}) for entry in updates)


# ------------------------------------------------------------------ closures


def test_removing_a_closure_gives_the_days_their_slots_back(morning_desk, agency):
    point, (a, _b), _ = morning_desk
    (one,) = _days(point, 1)
    tz = agency.zone
    closure = points.add_closure(
        point,
        starts_at=dt.datetime.combine(one, dt.time(10, 0), tzinfo=tz),
        ends_at=dt.datetime.combine(one, dt.time(12, 0), tzinfo=tz),
        reason="Pemadaman listrik",
    )
    points.generate_slots(point, [one])
    assert len(_slots(point, offer=a)) == 8  # 08:00–10:00 only

    points.remove_closure(closure)

    assert len(_slots(point, offer=a)) == 16
    with activate(point.agency):
        assert not Closure.objects.exists()
    (entry,) = _events("penutupan antrean dihapus")
    assert entry.additional_data["details"]["reason"] == "Pemadaman listrik"


# ------------------------------------------------------------------ who sets up what


def test_unit_heads_set_up_their_subtree_and_the_admin_all(agency, opd, agency_admin, unit_head):
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="LAIN")
    mine, _, _ = office(agency, opd, code="milik")
    theirs, _, _ = office(agency, other, code="bukan")
    leader = make_staff("pimpinan.lihat", agency, Role.LEADERSHIP)
    with activate(agency):
        assert set(managed_points_for(agency_admin, agency)) == {mine, theirs}
        assert list(managed_points_for(unit_head, agency)) == [mine]
        assert not managed_points_for(leader, agency).exists()


def test_the_setup_pages_by_scope(agency, opd, unit_head, leadership, login):
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="LAIN")
    mine, _, _ = office(agency, opd, code="milik")
    theirs, _, _ = office(agency, other, code="bukan")
    head = login(unit_head)
    home = head.get(reverse("queues:setup_home"))
    assert home.status_code == 200
    assert mine.name in home.content.decode() and theirs.name not in home.content.decode()
    assert head.get(reverse("queues:setup_point", args=[mine.pk])).status_code == 200
    assert head.get(reverse("queues:setup_point", args=[theirs.pk])).status_code == 404
    # Seeing every office's dashboard is not setting one up.
    assert login(leadership).get(reverse("queues:setup_home")).status_code == 403
    # The staff menu links the page for those who may use it.
    assert reverse("queues:setup_home") in head.get(reverse("queues:counter_home")).content.decode()


def test_a_unit_head_creates_an_office_in_their_unit_only(agency, opd, unit_head, login):
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="LAIN")
    client = login(unit_head)
    data = {
        "code": "kantor-baru",
        "name": "Kantor Baru",
        "address": "Jl. Sudirman 1",
        "slot_minutes": 20,
        "booking_days_ahead": 7,
        "hold_minutes": 5,
        "call_ahead": 3,
        "close_after_minutes": 30,
        "priority_reasons": ["elderly"],
        "is_active": "on",
    }
    refused = client.post(reverse("queues:setup_create"), {**data, "unit": other.pk})
    assert refused.status_code == 200 and "has-error" in refused.content.decode()
    made = client.post(reverse("queues:setup_create"), {**data, "unit": opd.pk})
    assert made.status_code == 302
    with activate(agency):
        point = managed_points_for(unit_head, agency).get(code="kantor-baru")
    assert (point.unit, point.slot_minutes, point.priority_reasons) == (opd, 20, ["elderly"])
    assert point.close_after_minutes == 30
    assert _events("kantor antrean dibuat")[-1].actor == unit_head


# ------------------------------------------------------------------ the pages' forms


def test_htmx_forms_answer_with_the_setup_section(morning_desk, agency_admin, agency, login):
    point, (a, b), (one, _two) = morning_desk
    client = login(agency_admin)
    htmx = {"HTTP_HX_REQUEST": "true"}

    url = reverse("queues:setup_counter_update", args=[point.pk, one.pk])
    prefix = f"loket-{one.pk}"
    answer = client.post(
        url,
        {f"{prefix}-name": "Loket KTP", f"{prefix}-is_open": "on", f"{prefix}-offers": [a.pk]},
        **htmx,
    )
    body = answer.content.decode()
    assert answer.status_code == 200 and body.startswith('<div id="setup">')
    assert "Loket KTP disimpan." in body
    with activate(agency):
        assert list(one.offers.all()) == [a]

    url = reverse("queues:setup_offer_update", args=[point.pk, b.pk])
    prefix = f"layanan-{b.pk}"
    bad = client.post(
        url,
        {f"{prefix}-prefix": "A", f"{prefix}-capacity": 5, f"{prefix}-mean_service_minutes": 12},
        **htmx,
    )
    assert "Awalan nomor sudah dipakai" in bad.content.decode()

    url = reverse("queues:setup_offer_add", args=[point.pk])
    with activate(agency):
        service, _std = service_with_standard(agency, point.unit, code="pagi-c", name="Legalisir")
    added = client.post(
        url,
        {
            "layanan-baru-service": service.pk,
            "layanan-baru-prefix": "C",
            "layanan-baru-capacity": 4,
            "layanan-baru-mean_service_minutes": 8,
            "layanan-baru-bookable": "on",
        },
    )
    assert added.status_code == 302
    with activate(agency):
        assert PointService.objects.get(point=point, prefix="C").capacity == 4


def test_a_closure_is_entered_in_the_pemdas_own_time(morning_desk, agency_admin, agency, login):
    point, _offers, _ = morning_desk
    client = login(agency_admin)
    day = point.agency.today() + dt.timedelta(days=3)
    response = client.post(
        reverse("queues:setup_closure_add", args=[point.pk]),
        {
            "penutupan-starts_at": f"{day.isoformat()}T09:00",
            "penutupan-ends_at": f"{day.isoformat()}T11:30",
            "penutupan-reason": "Apel HUT Provinsi",
        },
    )
    assert response.status_code == 302
    with activate(agency):
        closure = Closure.objects.get(point=point)
    # Jambi is WIB (UTC+7): 09:00 local is 02:00 UTC.
    assert closure.starts_at == dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC)
    page = client.get(reverse("queues:setup_point", args=[point.pk])).content.decode()
    assert "Apel HUT Provinsi" in page and "09:00" in page

    removed = client.post(reverse("queues:setup_closure_remove", args=[point.pk, closure.pk]))
    assert removed.status_code == 302
    with activate(agency):
        assert not Closure.objects.exists()
    backwards = client.post(
        reverse("queues:setup_closure_add", args=[point.pk]),
        {
            "penutupan-starts_at": f"{day.isoformat()}T11:00",
            "penutupan-ends_at": f"{day.isoformat()}T09:00",
            "penutupan-reason": "Salah isi",
        },
    )
    assert "Waktu selesai harus setelah waktu mulai." in backwards.content.decode()
    assert timezone.is_aware(closure.ends_at)
