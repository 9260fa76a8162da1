"""The learning demo on top of the services demo: the seeds' stories are there and no
budget is overspent."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils.module_loading import import_string

from sigap.learning import budgets, move_impact
from sigap.learning.models import Announcement, Budget, JpCredit, MentoringPair, Programme
from sigap.platform.demo import DemoContext
from sigap.services import demo as services_demo
from sigap.shell.demo import seeders_in_order
from sigap.tenancy.context import activate, unscoped
from sigap.tenancy.models import Agency, OrgUnit

CHAIN = {"tenancy", "accounts", "workcal", "workforce", "services", "identifiers", "learning"}


@pytest.fixture
def seeded(db):
    ctx = DemoContext(scale="small", seed=7)
    with transaction.atomic(), unscoped():
        for config in seeders_in_order():
            if config.label in CHAIN:
                import_string(config.demo_seeder.replace(":", "."))(ctx)
    return ctx


def test_demo_tells_the_seeds_stories_without_overspending(seeded):
    jambi = Agency.objects.get(slug="jambi")
    day = services_demo.ict_training_date(jambi.today())
    cohort = {e.pk for e in services_demo.ict_cohort(jambi)}
    with activate(jambi):
        ict = Programme.objects.get(code=f"TIK-ADMINDUK-{day:%Y%m%d}")
        credited = set(
            JpCredit.objects.filter(enrolment__programme=ict, day=day).values_list(
                "employee_id", flat=True
            )
        )
        assert cohort and credited == cohort
        assert Announcement.objects.exists()
        # The open nominations meet a budget with room for three of them (seed 001).
        digi = Programme.objects.get(code__startswith="DIGI-")
        dukcapil = OrgUnit.objects.get(code="DUKCAPIL")
        room = budgets.budget_for(dukcapil, digi.year).remaining
        assert room == 3 * digi.cost_per_participant
    # The front-office rotation twenty weeks back (services demo): the move-impact page
    # has enough services on both sides, in both units and of the official, to speak.
    with activate(jambi):
        day = services_demo.rotation_date(jambi.today())
        moves = list(move_impact.moves_into(None, since=day, until=day))
        rows = [r for r in move_impact.impacts(moves, today=jambi.today()) if r.left]
        assert rows and all(r.left.unit_id != r.joined.unit_id for r in rows)
        assert any(r.at_left.enough and r.at_joined.enough and r.own.enough for r in rows)
    with activate(Agency.objects.get(slug="dki-jakarta")):
        assert MentoringPair.objects.filter(cohort__startswith="Angkatan Kepemimpinan").exists()
    with activate(Agency.objects.get(slug="sawahlunto")):
        assert Programme.objects.filter(code__startswith="KOMPUB-").exists()
    with unscoped():
        assert all(b.remaining >= 0 for b in Budget.all_objects.all())
        assert JpCredit.all_objects.count() > 1000
    assert seeded.counts["usulan menunggu"] > 0
