"""A departure (pensiun, berhenti, meninggal, diberhentikan) is one domain function: it
ends the ASN's assignments so the post is free, and moves the status through the
Employee workflow. Reading the workforce policy writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from sigap.platform.transitions import TransitionRefused
from sigap.tenancy.context import activate
from sigap.workforce.analysis import recruitment
from sigap.workforce.models import Assignment, Employee, JabatanType, WorkforcePolicy
from sigap.workforce.placement import engine as placement
from sigap.workforce.registry import queries, records
from sigap.workforce.tests import factories as f

LAST_DAY = dt.date(2026, 3, 31)
AFTER = dt.date(2026, 4, 15)


@pytest.fixture
def post(agency, opd):
    bidang = f.unit(agency, "DUK.B1", "Bidang Pelayanan", parent=opd)
    return f.position(agency, bidang, "KABID", "Kepala Bidang", JabatanType.ADMINISTRATOR)


@pytest.fixture
def holder(agency, post):
    return f.asn(
        agency,
        "Ani Lestari",
        birth=dt.date(1968, 3, 15),
        gender="P",
        start=dt.date(1995, 3, 1),
        post=post,
        since=dt.date(2015, 1, 1),
    )


def test_a_retired_asns_post_is_vacant_in_placement_and_recruitment(agency, post, holder, hr):
    with activate(agency):
        policy = records.policy_for(agency)
        assert not placement.vacancies(on=AFTER).filter(pk=post.pk).exists()
        (before,) = recruitment.needs([post], policy=policy, today=AFTER)
        assert before.holders == 1
    records.end_employment(holder, status=Employee.Status.RETIRED, on=LAST_DAY, by=hr)
    with activate(agency):
        vacant = placement.vacancies(on=AFTER).get(pk=post.pk)
        assert (vacant.holders, vacant.vacant) == (0, 1)
        (after,) = recruitment.needs([post], policy=policy, today=AFTER)
        assert after.holders == 0 and after.need[0] == 1
        # The advisor can fill it now.
        newcomer = f.asn(agency, "Budi Santoso", seq=2, post=None)
    run = placement.run_placement(agency, positions=[post], candidates=[newcomer], by=hr, on=AFTER)
    with activate(agency):
        assert run.recommendations.get().employee_id == newcomer.pk


def test_departure_ends_every_running_assignment_on_the_last_day(agency, post, holder, hr):
    with activate(agency):
        other = f.position(agency, post.unit, "PLT-X", "Kepala Seksi", JabatanType.PENGAWAS)
    f.place(holder, other, dt.date(2026, 1, 1), kind=Assignment.Kind.ACTING)
    records.end_employment(holder, status=Employee.Status.DIED, on=LAST_DAY, by=hr)
    with activate(agency):
        holder.refresh_from_db()
        assert (holder.status, holder.left_on) == (Employee.Status.DIED, LAST_DAY)
        assert set(
            Assignment.objects.filter(employee=holder).values_list("ends_on", flat=True)
        ) == {LAST_DAY}
        # Still in post on the last day, gone the day after.
        assert queries.current_assignment(holder, on=LAST_DAY) is not None
        assert queries.current_assignment(holder, on=LAST_DAY + dt.timedelta(days=1)) is None
    entry = LogEntry.objects.filter(additional_data__event="meninggal dunia").get()
    assert entry.object_id == holder.pk and entry.actor == hr


def test_status_moves_only_as_the_workflow_allows(agency, holder):
    records.end_employment(holder, status=Employee.Status.DISMISSED, on=LAST_DAY)
    with pytest.raises(TransitionRefused):
        records.end_employment(holder, status=Employee.Status.RETIRED, on=LAST_DAY)
    with pytest.raises(ValidationError):
        records.end_employment(holder, status=Employee.Status.ACTIVE, on=LAST_DAY)


def test_a_departure_before_a_recorded_move_is_refused(agency, post, holder):
    with activate(agency):
        later = f.position(agency, post.unit, "ANL", "Analis", JabatanType.FUNGSIONAL)
    records.move_employee(holder, position=later, sk_number="SK/2", sk_date=AFTER, starts_on=AFTER)
    with pytest.raises(ValidationError):
        records.end_employment(holder, status=Employee.Status.RESIGNED, on=LAST_DAY)
    with activate(agency):
        holder.refresh_from_db()
        assert holder.status == Employee.Status.ACTIVE


def test_reading_the_policy_writes_nothing(agency):
    policy = records.policy_for(agency)
    assert policy.pk is None and policy.bup_for(JabatanType.JPT_PRATAMA) == 60
    with activate(agency):
        assert not WorkforcePolicy.objects.exists()
    records.update_policy(agency, rotation_due_years=4)
    assert records.policy_for(agency).rotation_due_years == 4
    with activate(agency):
        assert WorkforcePolicy.objects.count() == 1
