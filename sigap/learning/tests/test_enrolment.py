"""Nomination → approval within budget → attendance → completion; refusals, override,
waiting list, no-show, feedback, certificates and JP across years."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from conftest import make_staff
from sigap.accounts.models import Role, RoleGrant
from sigap.learning import budgets, enrolment, jp
from sigap.learning.models import Budget, Certificate, Enrolment, JpCredit
from sigap.learning.tests import factories as f
from sigap.tenancy.context import activate

S = Enrolment.Status


@pytest.fixture
def world(agency, opd):
    return f.build(agency, opd, planned=2_500_000)


def attend_all(e: Enrolment, by=None) -> None:
    with activate(e.agency):
        for s in e.programme.sessions.all():
            enrolment.record_attendance(s, {e.pk: True}, by=by)


def test_full_journey_credits_jp_and_realises_budget(world, hr):
    p = f.programme(world)
    assert p.jp == 16  # two days 08:00–14:00: 720 min / 45
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    world.budget.refresh_from_db()
    assert (e.status, world.budget.committed) == (S.APPROVED, 1_000_000)
    attend_all(e, by=hr)
    cert = enrolment.complete(e, by=hr)
    world.budget.refresh_from_db()
    assert (world.budget.committed, world.budget.realised) == (0, 1_000_000)
    with activate(world.agency):
        assert jp.total(world.staff[0].pk, 2026) == 16
        assert JpCredit.objects.get(enrolment=e).day == dt.date(2026, 3, 11)
    assert cert.number.startswith("JAMBI-2026-")


def test_approval_beyond_budget_is_refused_with_figures(world):
    p = f.programme(world, cost=1_000_000)
    approved = []
    for employee in world.staff[:2]:
        e = enrolment.nominate(p, employee, by=world.head_user)
        approved.append(enrolment.approve(e, by=world.head_user))
    third = enrolment.nominate(p, world.staff[2], by=world.head_user)
    with pytest.raises(budgets.Overspend) as refused:
        enrolment.approve(third, by=world.head_user)
    message = refused.value.message_dict["budget"][0]
    assert "pagu Rp2.500.000" in message and "sisa Rp500.000" in message
    assert "kurang Rp500.000" in message
    third.refresh_from_db()
    world.budget.refresh_from_db()
    assert third.status == S.NOMINATED and world.budget.committed == 2_000_000


def test_override_needs_authority_and_a_reason_and_is_audited(world, agency_admin):
    p = f.programme(world, cost=3_000_000)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    with pytest.raises(budgets.Overspend):
        enrolment.approve(e, by=world.head_user, override_reason="Mendesak")  # no authority
    leader = make_staff("pimpinan.override", world.agency, Role.LEADERSHIP)
    with pytest.raises(PermissionDenied):
        enrolment.approve(e, by=leader, override_reason="Mendesak")  # may not approve
    # Someone who both approves (BKPSDM) and holds the override authority.
    admin_head = make_staff("bkpsdm.pimpinan", world.agency, Role.HR)
    RoleGrant.objects.create(user=admin_head, agency=world.agency, role=Role.LEADERSHIP)
    enrolment.approve(e, by=admin_head, override_reason="Prioritas pimpinan: layanan KTP-el")
    world.budget.refresh_from_db()
    assert world.budget.overrun == 500_000 and world.budget.remaining == 0
    entry = LogEntry.objects.filter(additional_data__event="anggaran pengembangan dilampaui").get()
    assert entry.additional_data["details"]["reason"].startswith("Prioritas pimpinan")
    assert entry.actor_id == admin_head.pk


def test_database_refuses_an_overspent_budget(world):
    with activate(world.agency), pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(pk=world.budget.pk).update(committed=Decimal(2_500_001))


def test_full_programme_waitlists_and_cancellation_promotes(world, hr):
    p = f.programme(world, capacity=1, cost=500_000)
    first = enrolment.nominate(p, world.staff[0], by=world.head_user)
    second = enrolment.nominate(p, world.staff[1], by=world.head_user)
    enrolment.approve(first, by=world.head_user)
    enrolment.approve(second, by=world.head_user)
    assert second.status == S.WAITLISTED
    promoted = enrolment.cancel(first, by=world.head_user, reason="Sakit")
    assert promoted is not None and promoted.pk == second.pk
    second.refresh_from_db()
    world.budget.refresh_from_db()
    assert second.status == S.APPROVED and world.budget.committed == 500_000


def test_no_show_releases_the_commitment(world):
    p = f.programme(world, cost=700_000)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    enrolment.mark_no_show(e)
    world.budget.refresh_from_db()
    assert e.status == S.NO_SHOW and world.budget.committed == 0


def test_feedback_only_from_attendees(world, hr):
    p = f.programme(world)
    user = f.link_login(world.staff[0], "pegawai.a", unit=world.bidang)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    with pytest.raises(ValidationError, match="hadir"):
        enrolment.give_feedback(e, by=user, relevance=5, delivery=4, overall=5)
    attend_all(e, by=hr)
    other = f.link_login(world.staff[1], "pegawai.b", unit=world.bidang)
    with pytest.raises(PermissionDenied):
        enrolment.give_feedback(e, by=other, relevance=5, delivery=4, overall=5)
    fb = enrolment.give_feedback(e, by=user, relevance=5, delivery=4, overall=5)
    assert fb.overall == 5


def test_completion_needs_attendance(world, hr):
    p = f.programme(world)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    with activate(world.agency):
        first = p.sessions.order_by("starts_at").first()
        enrolment.record_attendance(first, {e.pk: True}, by=hr)
    with pytest.raises(ValidationError) as refused:
        enrolment.complete(e, by=hr)
    assert "attendance" in refused.value.message_dict


def test_jp_is_counted_in_the_year_it_was_earned(world, hr):
    december = f.programme(world, code="DES", days=(dt.date(2026, 12, 30),))
    e = enrolment.nominate(december, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    attend_all(e, by=hr)
    enrolment.complete(e, by=hr)
    with activate(world.agency):
        assert jp.total(world.staff[0].pk, 2026) == 8
        assert jp.total(world.staff[0].pk, 2027) == 0
        assert jp.by_year(world.staff[0].pk) == [(2026, Decimal("8.00"))]


def test_unit_head_of_another_unit_cannot_nominate_or_approve(world, agency):
    from sigap.workforce.tests import factories as wf

    with activate(agency):
        elsewhere = wf.unit(agency, "DPM", "DPMPTSP")
    stranger = make_staff("kepala.dpm", agency, Role.UNIT_HEAD, unit=elsewhere)
    p = f.programme(world)
    with pytest.raises(PermissionDenied):
        enrolment.nominate(p, world.staff[0], by=stranger)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    with pytest.raises(PermissionDenied):
        enrolment.approve(e, by=stranger)


def test_a_second_live_nomination_is_refused(world):
    p = f.programme(world)
    enrolment.nominate(p, world.staff[0], by=world.head_user)
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        enrolment.nominate(p, world.staff[0], by=world.head_user)


def test_certificate_numbers_are_unique_and_verifiable(world, hr):
    p = f.programme(world)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    attend_all(e, by=hr)
    cert = enrolment.complete(e, by=hr, certificate_number="BPSDM/2026/001")
    assert Certificate.all_objects.get(number="BPSDM/2026/001").pk == cert.pk
    e2 = enrolment.nominate(p, world.staff[1], by=world.head_user)
    enrolment.approve(e2, by=world.head_user)
    attend_all(e2, by=hr)
    with pytest.raises(ValidationError):
        enrolment.complete(e2, by=hr, certificate_number="BPSDM/2026/001")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_that_would_overspend_exactly_one_succeeds(agency, opd):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")
    world = f.build(agency, opd, planned=1_000_000)
    p = f.programme(world, cost=1_000_000)
    pending = [enrolment.nominate(p, e, by=world.head_user) for e in world.staff[:2]]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(e: Enrolment) -> None:
        from django.db import connections

        try:
            barrier.wait()
            enrolment.approve(e, by=world.head_user)
            outcomes.append("ok")
        except budgets.Overspend:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(e,)) for e in pending]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    world.budget.refresh_from_db()
    assert world.budget.committed == 1_000_000 and world.budget.remaining == 0


def test_the_evaluation_page_lists_every_citizen_experienced_measure(world, hr, login):
    from django.urls import reverse

    p = f.programme(world)
    page = login(hr).get(reverse("learning:evaluation", args=[p.pk]))
    assert page.status_code == 200 and "Belum ada peserta yang selesai." in page.content.decode()
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    attend_all(e, by=hr)
    enrolment.complete(e, by=hr)
    body = login(hr).get(reverse("learning:evaluation", args=[p.pk])).content.decode()
    assert 'id="outcome-table"' in body
    for label in ("Waktu proses", "Waktu tunggu", "Kepuasan warga (IKM)", "Pengaduan tentang"):
        assert label in body
