"""Demo survey responses, consistent with the demo's service events.

For a share of each pemda's finished service events (by scale), a response on the day
of the event: each service has its own level, each officer a small effect of their own,
and **U3 (completion time) follows the event's processing time** against its service's
median, so slow service rates U3 lower. The ICT-training cohort (``services.demo
.ict_cohort``) processes twice as fast after ``ict_training_date`` (the services demo
already wrote that into the events), so their U3 rises after the training, and U6
(competence) rises with it: the before/after of seed 001. The training is also recorded
as a finished improvement action on U3 in the cohort's unit, so that the results page
shows that element before and after it.

Rows are written in bulk (``platform.bulk.SqlInsert``), the count tables computed from
the same rows (``counts.recomputed``), and the demo citizen gets one survey link in the
inbox through the domain function. Deterministic from ``ctx.rng``.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Max

from sigap.accounts.models import User
from sigap.platform.bulk import SqlInsert
from sigap.platform.demo import DemoContext
from sigap.services.demo import DEMO_CITIZEN, ict_cohort, ict_training_date
from sigap.services.models import ServiceEvent
from sigap.surveys import counts, invitations, responses
from sigap.surveys.models import (
    COUNT_FIELDS,
    DailyCount,
    ImprovementAction,
    MonthlyCount,
    Response,
    UnitMonthlyCount,
)
from sigap.surveys.questionnaire import FIELDS
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency

RESPONSE_RATE = {"small": 0.35, "city": 0.12, "province": 0.03}
PROFILE_CHOICES = {
    "age_band": Response.AgeBand.values,
    "gender": Response.Gender.values,
    "education": Response.Education.values,
    "occupation": Response.Occupation.values,
}
SUGGESTIONS = (
    "Antrean terlalu lama, mohon tambah loket.",
    "Petugas ramah dan membantu.",
    "Ruang tunggu panas, mohon tambah kipas.",
    "Informasi persyaratan di situs belum lengkap.",
    "Proses cepat, terima kasih.",
)


class _Row:
    """What ``counts.recomputed`` reads from a response, without a model instance."""

    __slots__ = ("_values", "day", "officer_id", "service_id", "unit_id")

    def __init__(
        self,
        day: Any,
        service_id: int,
        unit_id: int,
        officer_id: int | None,
        values: list[int | None],
    ) -> None:
        self.day, self.service_id, self.unit_id = day, service_id, unit_id
        self.officer_id, self._values = officer_id, values

    def values(self) -> list[int | None]:
        return self._values


def _answer(rng: random.Random, level: float) -> int:
    return max(1, min(4, round(rng.gauss(level, 0.55))))


def seed(ctx: DemoContext) -> None:
    rate = RESPONSE_RATE[ctx.scale]
    sql = SqlInsert()
    total = 0
    citizen = User.objects.filter(email=DEMO_CITIZEN).first()
    for agency in Agency.objects.filter(is_active=True).order_by("slug"):
        rng = random.Random(ctx.rng.getrandbits(64))
        with acting_for(agency):
            # The demo citizen's latest service stays unrated: it gets the survey link.
            kept = _latest_of(citizen)
            total += _seed_agency(agency, rng, rate, sql, skip=kept)
            if kept is not None:
                invitations.invite(kept)
    ctx.count("jawaban survei", total)


def _seed_agency(
    agency: Agency, rng: random.Random, rate: float, sql: SqlInsert, skip: ServiceEvent | None
) -> int:
    events = list(
        ServiceEvent.objects.filter(outcome=ServiceEvent.Outcome.DONE)
        .order_by("pk")
        .values_list(
            "pk", "service_id", "unit_id", "officer_id", "day", "processing_working_seconds"
        )
    )
    if not events:
        return 0
    durations: dict[int, list[int]] = defaultdict(list)
    for _pk, service_id, _u, _o, _d, seconds in events:
        durations[service_id].append(seconds)
    median = {s: max(1.0, statistics.median(v)) for s, v in durations.items()}
    level = {s: rng.uniform(2.9, 3.5) for s in sorted(durations)}
    officer_effect: dict[int | None, float] = defaultdict(lambda: 0.0)
    cohort = {e.pk for e in ict_cohort(agency)}
    trained_on = ict_training_date(agency.today())
    today = agency.today()
    next_id = (Response.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    columns = [
        "id",
        "agency_id",
        "event_digest",
        "channel",
        "service_id",
        "unit_id",
        "officer_id",
        "day",
    ]
    columns += list(FIELDS) + ["age_band", "gender", "education", "occupation", "suggestion"]
    columns += ["extra_answers", "answered_on"]
    rows, tallied = [], []
    for pk, service_id, unit_id, officer_id, day, seconds in events:
        if rng.random() >= rate or (skip is not None and pk == skip.pk):
            continue
        if officer_id not in officer_effect:
            officer_effect[officer_id] = rng.gauss(0, 0.15)
        base = level[service_id] + officer_effect[officer_id]
        after_training = officer_id in cohort and day > trained_on
        # Slow service rates U3 lower: each doubling of the median time costs ~0.6.
        slowness = min(3.0, seconds / median[service_id])
        values: list[int | None] = []
        for field in FIELDS:
            mean = base
            if field == "u3":
                mean = base + 0.5 - 0.6 * slowness
            elif field == "u6" and after_training:
                mean = base + 0.3
            elif field == "u4":
                mean = base + 0.4  # most demo services are free
            values.append(_answer(rng, mean))
        if rng.random() < 0.03:
            values[rng.randrange(9)] = None  # a paper form with one element left blank
        channel = rng.choices(("link", "kiosk", "paper"), (0.5, 0.3, 0.2))[0]
        profile = [
            rng.choice(PROFILE_CHOICES[k]) if rng.random() < 0.9 else "" for k in PROFILE_CHOICES
        ]
        suggestion = rng.choice(SUGGESTIONS) if rng.random() < 0.08 else ""
        digest = responses.event_digest(_EventKey(agency.pk, pk))
        rows.append(
            (
                next_id,
                agency.pk,
                digest,
                channel,
                service_id,
                unit_id,
                officer_id,
                day,
                *values,
                *profile,
                suggestion,
                {},
                min(today, day),
            )
        )
        tallied.append(_Row(day, service_id, unit_id, officer_id, values))
        next_id += 1
    sql(Response, columns, rows, returning=False)
    units = {service_id: unit_id for _pk, service_id, unit_id, *_rest in events}
    for model, monthly, grain in ((DailyCount, False, "day"), (MonthlyCount, True, "month")):
        officer_ids = {r.officer_id or 0: r.officer_id for r in tallied}
        table = counts.recomputed(tallied, monthly=monthly)
        count_rows = [
            (
                agency.pk,
                when,
                service_id,
                units[service_id],
                officer_ids[ref],
                ref,
                *(row[c] for c in COUNT_FIELDS),
            )
            for (when, service_id, ref), row in table.items()
        ]
        sql(
            model,
            [
                "agency_id",
                grain,
                "service_id",
                "unit_id",
                "officer_id",
                "officer_ref",
                *COUNT_FIELDS,
            ],
            count_rows,
            returning=False,
        )
    _training_as_follow_up(agency, events, cohort, trained_on, sql)
    by_unit = counts.recomputed_by_unit(tallied)
    sql(
        UnitMonthlyCount,
        ["agency_id", "month", "unit_id", *COUNT_FIELDS],
        [
            (agency.pk, month, unit, *(row[c] for c in COUNT_FIELDS))
            for (month, unit), row in by_unit.items()
        ],
        returning=False,
    )
    return len(rows)


def _training_as_follow_up(
    agency: Agency, events: list[tuple], cohort: set[int], trained_on: Any, sql: SqlInsert
) -> None:
    """The ICT training recorded as the follow-up it was: an improvement action on U3
    (completion time) in the cohort's unit, done on the training day, so that the
    results page shows the element before and after it (``results.action_outcomes``)."""
    units = Counter(unit_id for _pk, _s, unit_id, officer_id, *_r in events if officer_id in cohort)
    if not units:
        return
    done = dt.datetime.combine(trained_on, dt.time(16, 0), tzinfo=agency.zone)
    sql(
        ImprovementAction,
        [
            "agency_id",
            "unit_id",
            "element",
            "period_start",
            "description",
            "owner_id",
            "due_date",
            "status",
            "created_at",
            "done_at",
            "result_note",
        ],
        [
            (
                agency.pk,
                units.most_common(1)[0][0],
                "U3",
                trained_on.replace(day=1),
                "Pelatihan TIK untuk petugas loket KTP-el/KK agar berkas selesai lebih cepat",
                min(cohort),
                trained_on,
                ImprovementAction.Status.DONE,
                done - dt.timedelta(days=30),
                done,
                "Seluruh petugas loket KTP-el/KK mengikuti pelatihan.",
            )
        ],
        returning=False,
    )


class _EventKey:
    """Enough of a ``ServiceEvent`` for ``responses.event_digest``."""

    def __init__(self, agency_id: int, pk: int) -> None:
        self.agency_id, self.pk = agency_id, pk


def _latest_of(citizen: User | None) -> ServiceEvent | None:
    if citizen is None:
        return None
    return (
        ServiceEvent.objects.filter(citizen=citizen, outcome=ServiceEvent.Outcome.DONE)
        .select_related("service", "agency", "citizen")
        .order_by("-finished_at")
        .first()
    )
