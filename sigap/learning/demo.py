"""Demo competency development (issue 13, item 11): three years of programmes,
enrolments, completions and the JP ledger in every demo pemda, with the seeds' stories.

* **Budgets** per OPD, year and APBD through ``budgets.set_budget``.
* **Catalogue** from ``data/programmes.csv`` each year (``catalogue.create_programme`` /
  ``add_session``), JP computed by the agency's rules.
* **History** (bulk): past years' and this year's completed enrolments for about half of
  the ASN, with certificates and JP credits, written as plain tuples through
  ``platform.bulk.SqlInsert`` and the budgets' realisation raised to match (the rows skip
  the audit trail, as the other demos' bulk rows do: decisions/0005). Completions never
  exceed a budget: a unit whose money ran out stops sending people.
* **Open work** through the domain functions: nominations waiting for the unit head,
  approvals, a full programme with a waiting list.
* **Seed 001 (Jambi)**: the ICT training of Disdukcapil's KTP-el/KK counter cohort
  (``services.demo.ict_cohort``) on ``services.demo.ict_training_date`` — the day the
  services demo halves their processing time — completed with certificates.
* **Seed 004 (Sawahlunto)**: public-communication and service-management training.
* **Seed 002 (Jakarta)**: a leadership mentoring cohort with logged sessions.
* **Seed 003 (Tebo)**: socialisation of a policy to every ASN, most of whom have read it.
* Experiential learning: each year's rotations and special assignments credited.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db.models import F

from sigap.learning import (
    budgets,
    catalogue,
    enrolment,
    experiential,
    jp,
    mentoring,
    socialisation,
)
from sigap.learning.models import (
    Budget,
    Certificate,
    Enrolment,
    Form,
    JpCredit,
    Programme,
)
from sigap.platform.bulk import SqlInsert
from sigap.platform.demo import DemoContext
from sigap.services import demo as services_demo
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Competency, Employee, JabatanType
from sigap.workforce.registry import current_primaries

DATA = Path(__file__).resolve().parent / "data" / "programmes.csv"
# Share of ASN completing something in a year (the seeds: many skip training).
TAKE_UP = 0.55
OPEN_NOMINATIONS = 6


@dataclass(frozen=True)
class Spec:
    code: str
    title: str
    form: str
    provider_kind: str
    provider_name: str
    cost: int
    capacity: int
    month: int
    day: int
    days: int
    start: dt.time
    end: dt.time
    competency: str
    level: int


@cache
def specs() -> tuple[Spec, ...]:
    with DATA.open(newline="", encoding="utf-8") as f:
        return tuple(
            Spec(
                r["code"],
                r["title"],
                r["form"],
                r["provider_kind"],
                r["provider_name"],
                int(r["cost"]),
                int(r["capacity"]),
                int(r["month"]),
                int(r["day"]),
                int(r["days"]),
                dt.time.fromisoformat(r["start"]),
                dt.time.fromisoformat(r["end"]),
                r["competency"],
                int(r["level"]),
            )
            for r in csv.DictReader(f)
        )


def _at(agency: Agency, day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=agency.zone)


def _programme(
    agency: Agency,
    code: str,
    title: str,
    form: str,
    *,
    year: int,
    days: list[dt.date],
    start: dt.time,
    end: dt.time,
    cost: int,
    capacity: int,
    provider_kind: str = Programme.Provider.GOVERNMENT,
    provider_name: str = "",
    competency: Competency | None = None,
    level: int = 3,
) -> Programme:
    programme = catalogue.create_programme(
        agency,
        code=code,
        title=title,
        form=form,
        provider_kind=provider_kind,
        provider_name=provider_name,
        year=year,
        capacity=capacity,
        cost_per_participant=cost,
        targets={competency: level} if competency else None,
        sessions=[
            (
                _at(agency, day, start),
                _at(agency, day, end),
                "Aula BKPSDM" if form != Form.E_LEARNING else "",
                "https://asn-unggul.lan.go.id/" if form == Form.E_LEARNING else "",
            )
            for day in days
        ],
    )
    programme.refresh_from_db()
    return programme


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _catalogue(agency: Agency, year: int, competencies: dict[str, Competency]) -> list[Programme]:
    out = []
    for s in specs():
        first = _weekday_on_or_after(dt.date(year, s.month, s.day))
        days = []
        d = first
        while len(days) < s.days:
            if d.weekday() < 5:
                days.append(d)
            d += dt.timedelta(days=1)
        out.append(
            _programme(
                agency,
                f"{s.code}-{year}",
                s.title,
                s.form,
                year=year,
                days=days,
                start=s.start,
                end=s.end,
                cost=s.cost,
                capacity=s.capacity,
                provider_kind=s.provider_kind,
                provider_name=s.provider_name,
                competency=competencies.get(s.competency),
                level=s.level,
            )
        )
    return out


def seed(ctx: DemoContext) -> None:
    rng = random.Random(ctx.rng.getrandbits(64))
    sql = SqlInsert()
    for agency in Agency.objects.order_by("slug"):
        with acting_for(agency):
            _seed_agency(ctx, agency, rng, sql)


def _seed_agency(ctx: DemoContext, agency: Agency, rng: random.Random, sql: SqlInsert) -> None:
    today = agency.today()
    years = [today.year - 2, today.year - 1, today.year]
    opds = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.OPD).order_by("path"))
    if not opds:
        return
    placed = list(
        current_primaries(today)
        .filter(employee__status=Employee.Status.ACTIVE)
        .values_list("employee_id", "position__unit_id", "position__unit__path")
    )
    if not placed:
        return
    competencies = {c.code: c for c in Competency.objects.all()}
    headcount: dict[int, int] = defaultdict(int)
    for _e, _u, path in placed:
        headcount[int(path.strip("/").split("/")[0])] += 1
    budget_of: dict[tuple[int, int], Budget] = {}
    for year in years:
        for opd in opds:
            # About Rp1,5 juta per ASN a year: enough for some, never for all (seed 001).
            planned = max(5_000_000, headcount.get(opd.pk, 0) * 1_500_000)
            budget_of[(opd.pk, year)] = budgets.set_budget(
                agency, unit=opd, year=year, source=Budget.Source.APBD, planned=planned
            )
            ctx.count("anggaran pengembangan")
    programmes = {year: _catalogue(agency, year, competencies) for year in years}
    ctx.count("program pengembangan", sum(len(p) for p in programmes.values()))
    for year in years:
        past = [
            p
            for p in programmes[year]
            if p.sessions.order_by("-ends_at").first().ends_at.date() < today
        ]
        _history(ctx, agency, year, past, placed, budget_of, rng, sql)
        ctx.count("JP pengalaman", experiential.credit_experience(agency, year))
    _open_work(ctx, agency, placed, rng)
    if agency.slug == "jambi":
        _ict_story(ctx, agency, competencies)
    if agency.slug == "sawahlunto":
        _communication_story(ctx, agency, placed, competencies, rng)
    if agency.slug == "dki-jakarta":
        _mentoring_story(ctx, agency, rng)
    if agency.slug in ("tebo", "jambi"):
        _socialisation_story(ctx, agency, rng)


def _history(
    ctx: DemoContext,
    agency: Agency,
    year: int,
    past: list[Programme],
    placed: list[tuple[int, int, str]],
    budget_of: dict[tuple[int, int], Budget],
    rng: random.Random,
    sql: SqlInsert,
) -> None:
    """Completed enrolments of ``year`` in bulk: enrolments, certificates, JP credits, and
    each budget's realisation, never past its ceiling."""
    if not past:
        return
    seats = {p.pk: p.capacity for p in past}
    last_day = {
        p.pk: p.sessions.order_by("-ends_at").first().ends_at.astimezone(agency.zone) for p in past
    }
    spent: dict[int, Decimal] = defaultdict(Decimal)
    enrol_rows, chosen = [], []
    for employee_id, unit_id, path in placed:
        if rng.random() > TAKE_UP:
            continue
        opd = int(path.strip("/").split("/")[0])
        budget = budget_of.get((opd, year))
        for p in rng.sample(past, k=min(len(past), rng.choice((1, 1, 2, 3)))):
            if seats[p.pk] <= 0 or budget is None:
                continue
            if spent[budget.pk] + p.cost_per_participant > budget.planned:
                continue
            seats[p.pk] -= 1
            spent[budget.pk] += p.cost_per_participant
            done = last_day[p.pk]
            enrol_rows.append(
                (
                    agency.pk,
                    p.pk,
                    employee_id,
                    unit_id,
                    Enrolment.Status.COMPLETED.value,
                    budget.pk,
                    p.cost_per_participant,
                    "",
                    "",
                    done - dt.timedelta(days=20),
                    done - dt.timedelta(days=14),
                    done,
                )
            )
            chosen.append((p, employee_id, done.date()))
    if not enrol_rows:
        return
    ids = sql(
        Enrolment,
        (
            "agency_id",
            "programme_id",
            "employee_id",
            "unit_id",
            "status",
            "budget_id",
            "cost",
            "override_reason",
            "reason",
            "created_at",
            "approved_at",
            "completed_at",
        ),
        enrol_rows,
    )
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    cert_rows, credit_rows = [], []
    for pk, (p, employee_id, day) in zip(ids, chosen, strict=True):
        tail = "".join(rng.choice(alphabet) for _ in range(8))
        cert_rows.append(
            (agency.pk, pk, f"{agency.slug.upper()[:10]}-{year}-{tail}", day, "", p.jp)
        )
        credit_rows.append(
            (
                agency.pk,
                employee_id,
                day.year,
                day,
                p.jp,
                JpCredit.Source.PROGRAMME.value,
                p.form,
                p.title[:200],
                pk,
            )
        )
    sql(
        Certificate,
        ("agency_id", "enrolment_id", "number", "issued_on", "file", "jp"),
        cert_rows,
        returning=False,
    )
    sql(
        JpCredit,
        (
            "agency_id",
            "employee_id",
            "year",
            "day",
            "jp",
            "source",
            "form",
            "title",
            "enrolment_id",
        ),
        credit_rows,
        returning=False,
    )
    jp.add_to_totals(agency.pk, [(r[1], r[2], r[4]) for r in credit_rows])
    for budget_id, amount in spent.items():
        Budget.objects.filter(pk=budget_id).update(realised=F("realised") + amount)
    ctx.count("peserta selesai", len(ids))


def _open_work(
    ctx: DemoContext, agency: Agency, placed: list[tuple[int, int, str]], rng: random.Random
) -> None:
    """A programme three weeks ahead with nominations from Disdukcapil waiting for the
    unit head, and a budget with room for only some of them."""
    today = agency.today()
    day = _weekday_on_or_after(today + dt.timedelta(days=21))
    competency = Competency.objects.filter(code="TK-TIK").first()
    target = _programme(
        agency,
        f"DIGI-{day:%Y%m%d}",
        "Pelatihan layanan digital lanjutan",
        Form.TEKNIS,
        year=day.year,
        days=[day, _weekday_on_or_after(day + dt.timedelta(days=1))],
        start=dt.time(8),
        end=dt.time(15),
        cost=1_250_000,
        capacity=4,
        provider_name="BPSDM Provinsi",
        competency=competency,
    )
    dukcapil = OrgUnit.objects.filter(code="DUKCAPIL").first()
    if dukcapil is None:
        return
    # Room for three of the six nominations, whatever the history spent: the unit head
    # approves three and meets a refusal with the figures on the fourth.
    room = 3 * target.cost_per_participant
    budget = budgets.budget_for(dukcapil, day.year)
    if budget is None:
        budgets.set_budget(
            agency, unit=dukcapil, year=day.year, source=Budget.Source.APBD, planned=room
        )
    else:
        budgets.set_budget(
            agency,
            unit=budget.unit,
            year=day.year,
            source=budget.source,
            planned=budget.planned - budget.remaining + room,
        )
    pool = [e for e, _u, path in placed if path.startswith(dukcapil.path)]
    rng.shuffle(pool)
    for employee_id in pool[:OPEN_NOMINATIONS]:
        employee = Employee.objects.get(pk=employee_id)
        enrolment.nominate(target, employee, reason="Kesenjangan kompetensi layanan digital")
        ctx.count("usulan menunggu")


def _complete_group(programme: Programme, people: list[Employee]) -> int:
    done = 0
    for employee in people:
        try:
            e = enrolment.nominate(programme, employee, reason="Garda depan layanan")
            enrolment.approve(e)
            for session in programme.sessions.all():
                enrolment.record_attendance(session, {e.pk: True})
            enrolment.complete(e)
            enrolment.record_tests(e, pre=Decimal(55 + (e.pk % 15)), post=Decimal(78 + (e.pk % 17)))
            done += 1
        except Exception:  # noqa: BLE001,S112 - a person without a post is skipped
            continue
    return done


def _ensure_budget(agency: Agency, unit: OrgUnit, year: int, need: int) -> None:
    opd_pk = int(unit.path.strip("/").split("/")[0])
    opd = OrgUnit.objects.get(pk=opd_pk)
    budget = budgets.budget_for(opd, year)
    planned = (budget.planned if budget else 0) + need
    budgets.set_budget(agency, unit=opd, year=year, source=Budget.Source.APBD, planned=planned)


def _ict_story(ctx: DemoContext, agency: Agency, competencies: dict[str, Competency]) -> None:
    cohort = services_demo.ict_cohort(agency)
    if not cohort:
        return
    day = services_demo.ict_training_date(agency.today())
    programme = _programme(
        agency,
        f"TIK-ADMINDUK-{day:%Y%m%d}",
        "Pelatihan TIK untuk petugas layanan KTP-el dan KK",
        Form.TEKNIS,
        year=day.year,
        days=[day],
        start=dt.time(8),
        end=dt.time(16),
        cost=750_000,
        capacity=max(10, len(cohort)),
        provider_name="Diskominfo Provinsi Jambi",
        competency=competencies.get("TK-TIK"),
    )
    unit = OrgUnit.objects.get(code="DUKCAPIL")
    _ensure_budget(agency, unit, day.year, 750_000 * len(cohort))
    ctx.count("peserta pelatihan TIK (seed 001)", _complete_group(programme, cohort))


def _communication_story(
    ctx: DemoContext,
    agency: Agency,
    placed: list[tuple[int, int, str]],
    competencies: dict[str, Competency],
    rng: random.Random,
) -> None:
    today = agency.today()
    day = _weekday_on_or_after(today - dt.timedelta(days=120))
    programme = _programme(
        agency,
        f"KOMPUB-{day:%Y%m%d}",
        "Pelatihan komunikasi publik dan manajemen pelayanan",
        Form.SOSIAL_KULTURAL,
        year=day.year,
        days=[day, _weekday_on_or_after(day + dt.timedelta(days=1))],
        start=dt.time(8),
        end=dt.time(15),
        cost=600_000,
        capacity=25,
        provider_name="BPSDM Sumatera Barat",
        competency=competencies.get("TK-KOMUNIKASI-PUBLIK"),
    )
    front = OrgUnit.objects.filter(code__in=("DUKCAPIL", "DPMPTSP")).values_list("path", flat=True)
    ids = [e for e, _u, path in placed if any(path.startswith(p) for p in front)][:12]
    people = list(Employee.objects.filter(pk__in=ids).exclude(enrolments__programme=programme))
    for unit in OrgUnit.objects.filter(code__in=("DUKCAPIL", "DPMPTSP")):
        _ensure_budget(agency, unit, day.year, 600_000 * 20)
    ctx.count("peserta komunikasi publik (seed 004)", _complete_group(programme, people))


def _mentoring_story(ctx: DemoContext, agency: Agency, rng: random.Random) -> None:
    today = agency.today()
    holdings = current_primaries(today).select_related("employee", "position")
    leaders = [
        a.employee
        for a in holdings.filter(
            position__jabatan_type__in=[JabatanType.ADMINISTRATOR, JabatanType.JPT_PRATAMA]
        )[:6]
    ]
    mentees = [
        a.employee
        for a in holdings.filter(position__jabatan_type=JabatanType.FUNGSIONAL).order_by(
            "employee__birth_date"
        )[: len(leaders)]
    ]
    start = today - dt.timedelta(days=150)
    cohort = f"Angkatan Kepemimpinan {start.year}"
    for mentor, mentee in zip(leaders, mentees, strict=False):
        if mentor.pk == mentee.pk:
            continue
        pair = mentoring.create_pair(
            agency,
            mentor=mentor,
            mentee=mentee,
            goals="Menyiapkan pemimpin masa depan: memimpin perubahan layanan di unitnya.",
            started_on=start,
            cohort=cohort,
        )
        for k in range(rng.randint(4, 8)):
            held = start + dt.timedelta(days=7 + 14 * k)
            if held > today:
                break
            mentoring.log_session(pair, held_on=held, minutes=rng.choice((60, 90, 120)))
        ctx.count("pasangan mentoring (seed 002)")


def _socialisation_story(ctx: DemoContext, agency: Agency, rng: random.Random) -> None:
    note = socialisation.publish(
        agency,
        title="Kebijakan penataan ASN untuk pelayanan publik",
        body=(
            "Kebijakan ini disusun bersama masyarakat, organisasi profesi dan akademisi. "
            "Setiap ASN wajib memahami standar pelayanan dan mekanisme pengaduan."
        ),
        policy_reference="Peraturan Bupati tentang Penataan ASN",
        read_by=agency.today() + dt.timedelta(days=30),
    )
    recipients = list(note.recipients.select_related("employee")[:80])
    read = 0
    for r in recipients:
        if rng.random() < 0.7:
            socialisation.acknowledge(note, r.employee)
            read += 1
    ctx.count("sosialisasi dibaca", read)
