"""Demo complaints: several hundred realistic Indonesian complaints per pemda with their
routing history, a trained classifier, and a triage list with real suggestions.

* **Categories** from ``data/categories.csv``, each mapped to the OPD that answers it
  (``CATEGORY_OPD``, with fallbacks where the pemda lacks it), and response templates,
  through ``categories`` (audited).
* **History** (bulk, ``platform.bulk.SqlInsert``; the rows skip the audit trail as the
  services demo's do, docs/decisions/0005): every text of the *training* split of
  ``corpus.demo_texts`` filed over the last ``WINDOW_DAYS``, verified and routed (Sigap's
  suggestion kept, corrected, or abstained on; a few later reassigned), answered on
  time or late in the pemda's working time, rated sometimes, and closed ten working
  days after the answer when that time has passed. The most recent are still open.
  ``MonthlyCount`` is filled from the same rows.
* **Classifier**: trained per pemda on that history (``classifier.train``).
* **Triage** (Jambi): the *held-out* split, templates the classifier never saw, filed
  through ``handling.file_complaint`` in the last days so their suggestions (and
  abstentions) are the live model's; a few of them routed through ``handling.route``.
  Three of them belong to the demo citizen ``warga@demo.sigap.id``.

Deterministic for a seed (draws from ``ctx.rng``), times relative to now.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from sigap.accounts.models import User
from sigap.complaints import categories as category_domain
from sigap.complaints import classifier, handling
from sigap.complaints.corpus import demo_texts
from sigap.complaints.handling import new_tracking_number
from sigap.complaints.models import (
    Category,
    Complaint,
    ComplaintIdentity,
    ComplaintStep,
    MonthlyCount,
    RoutingDecision,
)
from sigap.platform.bulk import SqlInsert
from sigap.platform.demo import DemoContext
from sigap.platform.stored_text import text as stored
from sigap.services.models import ServiceEvent
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar

WINDOW_DAYS = 150
PER_TEMPLATE = {"small": 4, "city": 4, "province": 4}
# Each category's OPD, then the ones to use where the pemda's demo tree lacks it (the
# small demo has eight OPDs: no PUPR, DLH or Kominfo), before the first OPD.
CATEGORY_OPD = {
    "adminduk": ("DUKCAPIL",),
    "perizinan": ("DPMPTSP",),
    "kesehatan": ("DINKES",),
    "pendidikan": ("DISDIK",),
    "jalan": ("PUPR", "BAPPEDA"),
    "kebersihan": ("DLH", "BAPPEDA"),
    "pungli": ("INSPEKTORAT",),
    "perilaku": ("INSPEKTORAT",),
    "sarana": ("DPMPTSP",),
    "lainnya": ("KOMINFO", "DPMPTSP"),
}
RESPONSES = [
    (
        "Sudah ditindaklanjuti",
        None,
        "Terima kasih atas laporan Anda. Petugas kami telah meninjau lokasi dan masalah yang Anda sampaikan sudah ditindaklanjuti. Bila masih terjadi, tanggapi pengaduan ini.",
    ),
    (
        "Dijadwalkan perbaikan",
        "jalan",
        "Terima kasih. Kerusakan yang Anda laporkan sudah kami catat dan dijadwalkan perbaikannya dalam anggaran pemeliharaan bulan ini.",
    ),
    (
        "Pengangkutan sampah",
        "kebersihan",
        "Terima kasih. Jadwal pengangkutan sampah di lokasi tersebut sudah kami perbaiki dan petugas telah mengangkut sampah yang menumpuk.",
    ),
    (
        "Pembinaan petugas",
        "perilaku",
        "Mohon maaf atas ketidaknyamanan Anda. Petugas yang bersangkutan telah dipanggil dan diberi pembinaan oleh atasannya.",
    ),
    (
        "Pemeriksaan pungli",
        "pungli",
        "Terima kasih atas keberanian Anda melapor. Inspektorat telah memeriksa dugaan pungutan tersebut; pelayanan ini tidak dipungut biaya.",
    ),
    (
        "Dokumen kependudukan",
        "adminduk",
        "Dokumen kependudukan Anda sudah kami proses dan dapat diambil di kantor Disdukcapil pada jam kerja dengan membawa bukti pengaduan ini.",
    ),
]


def _units(agency: Agency) -> dict[str, OrgUnit]:
    opds = {u.code: u for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.OPD).order_by("pk")}
    if not opds:
        return {}
    first = next(iter(opds.values()))
    return {
        code: next((opds[c] for c in choices if c in opds), first)
        for code, choices in CATEGORY_OPD.items()
    }


def seed(ctx: DemoContext) -> None:
    now = timezone.now()
    texts = demo_texts(seed=ctx.seed, per_template=PER_TEMPLATE[ctx.scale])
    training = [t for t in texts if not t.held_out]
    held_out = [t for t in texts if t.held_out]
    demo_citizen = User.objects.filter(username="warga@demo.sigap.id").first()
    for agency in Agency.objects.filter(is_active=True).order_by("slug"):
        rng = random.Random(ctx.rng.getrandbits(64))
        with acting_for(agency):
            units = _units(agency)
            if not units:
                continue
            category_domain.load_default_categories(agency, units=units)
            cats = {c.code: c for c in Category.objects.all()}
            for name, code, body in RESPONSES:
                category_domain.save_response_template(
                    agency, name=name, body=body, category=cats.get(code) if code else None
                )
            share = 1.0 if agency.slug == "jambi" else 0.5
            rows = [t for t in training if rng.random() < share]
            n = _history(agency, cats, rows, now, rng, ctx)
            ctx.count("pengaduan (riwayat)", n)
            model = classifier.train(agency)
            if model is not None:
                ctx.count("model klasifikasi pengaduan")
        if agency.slug == "jambi":
            ctx.count("pengaduan (triase)", _triage(agency, cats, held_out, rng, demo_citizen))


def _working_moment(
    calendar: WorkingCalendar, day: dt.date, rng: random.Random, tz: Any
) -> dt.datetime:
    hour = rng.choice([7, 8, 8, 9, 9, 10, 10, 11, 13, 14, 15, 19, 21])
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=tz)


# Categories whose complaints are about a service someone received at a counter.
ABOUT_SERVICE = {"adminduk", "perizinan", "perilaku", "pungli", "sarana", "kesehatan"}
NO_EVENT: tuple = (None, None, "", None, None)


def _recent_events(agency: Agency, unit_ids: set[int], now: dt.datetime) -> dict[int, list]:
    """Up to 2,000 recent service events per unit: what demo complaints are about."""
    since = now - dt.timedelta(days=WINDOW_DAYS + 30)
    found: dict[int, list] = defaultdict(list)
    for unit_id in unit_ids:
        found[unit_id] = list(
            ServiceEvent.objects.filter(unit_id=unit_id, finished_at__gte=since)
            .order_by("-pk")
            .values_list("pk", "service_id", "officer_id", "day", "finished_at")[:2000]
        )
    return found


def _about_event(
    events: list, created: dt.datetime, mode: str, category: str, rng: random.Random
) -> tuple:
    """(service_event_id, service_id, about_kind, officer_id, served_on) of a complaint
    about a service received in the week before it was filed, as ``handling._about``
    keeps them (an anonymous complaint keeps no event)."""
    if category not in ABOUT_SERVICE or not events or rng.random() < 0.3:
        return NO_EVENT
    before = [e for e in rng.sample(events, min(len(events), 40)) if e[4] < created]
    recent = [e for e in before if created - e[4] < dt.timedelta(days=7)] or before
    if not recent:
        return NO_EVENT
    pk, service_id, officer_id, day, _finished = rng.choice(recent)
    return (None if mode == "anonymous" else pk, service_id, "service", officer_id, day)


def _history(
    agency: Agency,
    cats: dict[str, Category],
    rows: list[Any],
    now: dt.datetime,
    rng: random.Random,
    ctx: DemoContext,
) -> int:
    calendar = WorkingCalendar.for_agency(agency)
    tz = agency.zone
    today = now.astimezone(tz).date()
    codes = list(cats)
    complaints: list[tuple] = []
    identities: list[tuple[int, str, str, str]] = []  # index, name, phone, email
    # index, status, at, note (typed: str; coded: dict), kind
    steps: list[tuple[int, str, dt.datetime, Any, str]] = []
    decisions: list[tuple] = []
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    answers = {code: body for _n, code, body in RESPONSES if code}
    generic = RESPONSES[0][2]
    served = _recent_events(agency, {c.unit_id for c in cats.values()}, now)
    for index, item in enumerate(rows):
        age = int(rng.triangular(0, WINDOW_DAYS, 20))
        created = _working_moment(calendar, today - dt.timedelta(days=age), rng, tz)
        if created >= now:
            created = now - dt.timedelta(hours=2)
        category = cats[item.category]
        unit = category.unit
        mode = rng.choices(["identified", "confidential", "anonymous"], [60, 25, 15])[0]
        channel = rng.choices(["portal", "officer", "api", "open311"], [60, 20, 15, 5])[0]
        draw = rng.random()
        if draw < 0.12:
            suggested, confidence, abstained = None, round(rng.uniform(0.15, 0.39), 3), True
        elif draw < 0.2:
            suggested = cats[rng.choice([c for c in codes if c != item.category])]
            confidence, abstained = round(rng.uniform(0.4, 0.7), 3), False
        else:
            suggested, confidence, abstained = category, round(rng.uniform(0.45, 0.97), 3), False
        source = "model" if age < WINDOW_DAYS * 0.7 else "keywords"
        verified = calendar.add_working_hours(created, dt.timedelta(hours=rng.uniform(1, 30)))
        status = "received"
        follow_up = answered = closed = None
        answer = ""
        on_time = worked = None
        rating = None
        due = calendar.add_working_days(created, category.verify_days)
        if verified < now:
            status = "verified"
            due = calendar.add_working_days(verified, category.follow_up_days)
            follow_up = calendar.add_working_hours(verified, dt.timedelta(hours=rng.uniform(1, 8)))
            if follow_up < now:
                status = "in_follow_up"
            answer_at = calendar.add_working_hours(
                verified, dt.timedelta(hours=rng.choice([4, 8, 16, 24, 30, 36, 40, 60]))
            )
            if answer_at < now:
                status, answered = "answered", answer_at
                answer = answers.get(item.category, generic)
                on_time = answered <= due
                worked = int(calendar.working_time_between(verified, answered).total_seconds())
                due = calendar.add_working_days(answered, category.close_after_days)
                if rng.random() < 0.4:
                    rating = rng.choices([1, 2, 3, 4, 5], [5, 8, 20, 40, 27])[0]
                if due < now:
                    status, closed = "closed", due
        about = _about_event(served.get(unit.pk, []), created, mode, item.category, rng)
        complaints.append(
            (
                agency.pk,
                new_tracking_number(),
                mode,
                channel,
                status,
                item.text,
                "",
                None,
                None,
                category.pk if status != "received" else None,
                unit.pk if status != "received" else None,
                None,
                about[0],
                about[1],
                suggested.pk if suggested else None,
                confidence,
                source,
                abstained,
                None if status == "closed" else due,
                0,
                None,
                created,
                verified if status != "received" else None,
                follow_up,
                answered,
                closed,
                None,
                answer,
                on_time,
                "",
                None,
                rating,
                "",
                0,
                "",
                "",
                None,
                about[2],
                "",
                about[3],
                about[4],
                worked,
            )
        )
        if mode != "anonymous":
            identities.append((index, ctx.faker.name(), ctx.faker.phone_number()[:40], ""))
        steps.append((index, "received", created, "", "status"))
        if status != "received":
            routed = stored("routed", unit=unit.name)  # as handling.route writes it
            steps.append((index, "verified", verified, routed, "status"))
            decisions.append(
                (index, suggested, confidence, source, abstained, category, unit, verified)
            )
            month = created.astimezone(tz).date().replace(day=1)
            key = (month, unit.pk, category.pk)
            counts[key][0] += 1
        if follow_up and follow_up < now:
            steps.append((index, "in_follow_up", follow_up, "", "status"))
        if answered:
            steps.append((index, "answered", answered, answer, "status"))
            counts[key][1] += 1
            counts[key][2] += 1 if on_time else 0
            counts[key][3] += worked
        if closed:
            steps.append(
                (
                    index,
                    "closed",
                    closed,
                    stored("closed_silent"),  # as the sweep's close_silent writes it
                    "status",
                )
            )
    insert = SqlInsert()
    columns = [
        "agency_id",
        "tracking_number",
        "mode",
        "channel",
        "status",
        "text",
        "address",
        "lat",
        "long",
        "category_id",
        "unit_id",
        "application_id",
        "service_event_id",
        "service_id",
        "suggested_category_id",
        "suggestion_confidence",
        "suggestion_source",
        "needs_triage",
        "due_at",
        "escalation_level",
        "escalated_at",
        "created_at",
        "verified_at",
        "follow_up_at",
        "answered_at",
        "closed_at",
        "reopened_at",
        "answer",
        "answered_on_time",
        "reason",
        "merged_into_id",
        "rating",
        "rating_note",
        "reassigned_count",
        "lapor_id",
        "idempotency_key",
        "open311_client_id",
        "about_kind",
        "about_reference",
        "officer_id",
        "served_on",
        "answer_working_seconds",
    ]
    ids = insert(Complaint, columns, complaints)
    insert(
        ComplaintIdentity,
        ["agency_id", "complaint_id", "user_id", "name", "phone", "email"],
        [(agency.pk, ids[i], None, name, phone, email) for i, name, phone, email in identities],
        returning=False,
    )
    insert(
        ComplaintStep,
        ["agency_id", "complaint_id", "kind", "status", "at", "by_id", "note", "note_text"]
        + ["public"],
        [
            # A note code wrote (a dict) is a stored text; one a person typed, as typed.
            (agency.pk, ids[i], kind, status, at, None)
            + (("", note) if isinstance(note, dict) else (note, None))
            + (True,)
            for i, status, at, note, kind in steps
        ],
        returning=False,
    )
    insert(
        RoutingDecision,
        [
            "agency_id",
            "complaint_id",
            "suggested_category_id",
            "confidence",
            "source",
            "abstained",
            "category_id",
            "unit_id",
            "is_reassignment",
            "at",
            "by_id",
        ],
        [
            (agency.pk, ids[i], s.pk if s else None, conf, src, ab, c.pk, u.pk, False, at, None)
            for i, s, conf, src, ab, c, u, at in decisions
        ],
        returning=False,
    )
    insert(
        MonthlyCount,
        [
            "agency_id",
            "month",
            "unit_id",
            "category_id",
            "filed",
            "answered",
            "answered_on_time",
            "answer_working_seconds",
        ],
        [(agency.pk, m, u, c, *v) for (m, u, c), v in counts.items()],
        returning=False,
    )
    return len(complaints)


def _triage(
    agency: Agency, cats: dict[str, Category], held_out: list[Any], rng: random.Random, citizen: Any
) -> int:
    """The held-out texts, filed through the domain function in the last days."""
    admin = User.objects.filter(username="agency_admin.jambi").first()
    filed = 0
    for index, item in enumerate(held_out):
        mine = citizen is not None and index < 3
        mode = "identified" if mine else rng.choice(["identified", "confidential", "anonymous"])
        complaint = handling.file_complaint(
            agency,
            text=item.text,
            mode=mode,
            channel="portal",
            citizen=citizen if mine else None,
            name="" if mine or mode == "anonymous" else "Warga Demo",
            phone="" if mine or mode == "anonymous" else "081200000000",
        )
        filed += 1
        # A few routed by the desk (each tells the unit's heads); the rest wait in triage.
        if index % 12 == 1 and admin is not None:
            handling.route(complaint, category=cats[item.category], by=admin)
    return filed
