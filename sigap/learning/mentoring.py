"""Mentoring and coaching: mentor–mentee pairs with goals, a session log and an outcome;
leadership-development cohorts are pairs sharing a cohort name (seed 002, Jakarta).

Each logged session counts toward the mentee's JP by the agency's rule for the pair's
form (default 2 JP a session, at most 2 sessions counted in a calendar month): a
session past the month's cap is logged with 0 JP.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.learning import jp
from sigap.learning.models import Form, JpCredit, MentoringPair, MentoringSession
from sigap.platform.transitions import transition
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency
from sigap.workforce.models import Employee

register_events(
    {
        "pasangan mentoring dibentuk": "Pasangan mentoring/coaching dibentuk",
        "sesi mentoring dicatat": "Sesi mentoring/coaching dicatat",
    }
)


@transaction.atomic
def create_pair(
    agency: Agency,
    *,
    mentor: Employee,
    mentee: Employee,
    goals: str,
    started_on: dt.date,
    kind: str = Form.MENTORING,
    cohort: str = "",
    by: Any = None,
) -> MentoringPair:
    errors: dict[str, str] = {}
    if mentor.pk == mentee.pk:
        errors["mentee"] = _("Mentor dan mentee harus orang yang berbeda.")
    if mentor.agency_id != agency.pk or mentee.agency_id != agency.pk:
        errors["mentor"] = _("Mentor dan mentee harus ASN pemda ini.")
    if kind not in (Form.MENTORING, Form.COACHING):
        errors["kind"] = _("Pilih mentoring atau coaching.")
    if not (goals or "").strip():
        errors["goals"] = _("Tuliskan sasaran mentoring.")
    if errors:
        raise ValidationError(errors)
    with acting_for(agency), acting(by):
        if MentoringPair.objects.filter(
            mentor=mentor, mentee=mentee, status=MentoringPair.Status.ACTIVE
        ).exists():
            raise ValidationError({"mentee": _("Pasangan ini masih berjalan.")})
        pair = MentoringPair.objects.create(
            agency=agency,
            kind=kind,
            mentor=mentor,
            mentee=mentee,
            cohort=cohort.strip()[:120],
            goals=goals.strip(),
            started_on=started_on,
        )
        record("pasangan mentoring dibentuk", pair, details={"cohort": pair.cohort})
        return pair


def _counted_this_month(pair: MentoringPair, day: dt.date) -> int:
    """Sessions of this form already counted for the mentee in ``day``'s month (across
    all their pairs: the cap is per person, not per mentor)."""
    return JpCredit.objects.filter(
        employee=pair.mentee,
        source=JpCredit.Source.MENTORING,
        form=pair.kind,
        day__year=day.year,
        day__month=day.month,
        jp__gt=0,
    ).count()


@transaction.atomic
def log_session(
    pair: MentoringPair, *, held_on: dt.date, minutes: int, notes: str = "", by: Any = None
) -> MentoringSession:
    if pair.status != MentoringPair.Status.ACTIVE:
        raise ValidationError(_("Pasangan mentoring sudah selesai."))
    if not minutes or int(minutes) < 1:
        raise ValidationError({"minutes": _("Durasi paling sedikit 1 menit.")})
    if held_on < pair.started_on:
        raise ValidationError({"held_on": _("Sesi tidak boleh sebelum mentoring dimulai.")})
    if held_on > pair.agency.today():
        raise ValidationError({"held_on": _("Sesi tidak boleh di masa depan.")})
    with acting_for(pair.agency), acting(by):
        # One mentee's sessions are counted one at a time (the cap reads then writes).
        Employee.objects.select_for_update().get(pk=pair.mentee_id)
        rule = jp.rule_for(pair.agency, pair.kind)
        if rule.method == "per_session":
            cap = rule.monthly_cap
            counts = cap is None or _counted_this_month(pair, held_on) < cap
            value = rule.value if counts else Decimal(0)
        else:
            start = dt.datetime.combine(held_on, dt.time(9))
            value = jp.convert(rule, [(start, start + dt.timedelta(minutes=int(minutes)))])
        session = MentoringSession.objects.create(
            agency=pair.agency,
            pair=pair,
            held_on=held_on,
            minutes=int(minutes),
            notes=notes,
            jp=value,
        )
        JpCredit.objects.create(
            agency=pair.agency,
            employee=pair.mentee,
            year=held_on.year,
            day=held_on,
            jp=value,
            source=JpCredit.Source.MENTORING,
            form=pair.kind,
            title=(
                _("Sesi %(kind)s dengan %(mentor)s")
                % {"kind": pair.get_kind_display(), "mentor": pair.mentor.full_name}
            )[:200],
            mentoring_session=session,
        )
        jp.add_to_totals(pair.agency_id, [(pair.mentee_id, held_on.year, value)])
        record("sesi mentoring dicatat", pair, details={"held_on": held_on, "jp": value})
        return session


@transaction.atomic
def close_pair(pair: MentoringPair, *, outcome: str, by: Any = None) -> MentoringPair:
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Tuliskan hasil mentoring.")})
    with acting_for(pair.agency), acting(by):
        return transition(pair, MentoringPair.Status.CLOSED, outcome=outcome.strip())
