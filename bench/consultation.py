"""bench.consultation: a draft with 5,000 comments.

    python -m bench.consultation
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.consultation

Builds one pemda with a 30-section draft (and a one-question questionnaire answered by
its 300 participants) through the domain functions, then 5,000 comments on it (a third on whole sections, the rest on quoted passages, from every
stakeholder group, the organised groups' and ASN with their claims, half verified; four
in five answered in groups of ten) with their placements in version 1, written as plain
tuples through ``platform.bulk.SqlInsert``. Then, anonymous with Django's test client:

* ``draft``: the public draft page, every section with its comment count (one GROUP BY)
  and its latest comments (one windowed query);
* ``report``: the public response report (counts per section and stakeholder group,
  the first page of answers with their comments, what changed between versions);

each request interleaved with a **yardstick**: a bare view of this module's URLconf
rendering the same sections and the same comments (unscoped, no layout, no counts).
Lines ``consultation.<target>.p50`` / ``.p95`` (ms, with ``yardstick`` and ``ratio``)
and ``consultation.<target>.ratio_p95`` (target: p95 < 150 ms and ≤ 3× the yardstick).
Finally ``consultation.reanchor``: ``drafts.publish_version`` of a version 2 that edits,
moves and deletes passages, re-anchoring the 5,000 comments (target < 10 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from functools import cache
from typing import Any

from bench._harness import (
    bench_database,
    count_queries,
    emit,
    emit_machine,
    site_urlconf,
    stopwatch,
    summarize,
)

TARGET_MS = 150.0
TARGET_RATIO = 3.0
REANCHOR_TARGET_S = 10.0
SECTIONS = 30
GROUPS = ["citizen", "community", "professional", "academic", "asn", "business"]
CHOICES = ["Setuju", "Setuju dengan perubahan", "Tidak setuju"]
WORDS = (
    "pegawai aparatur sipil negara daerah pelatihan kompetensi anggaran rencana warga "
    "layanan evaluasi jabatan standar laporan kinerja pengaduan survei kepuasan unit "
    "kepala dinas badan bupati gubernur tahun bulan hari paling sedikit lambat"
).split()

YARD = """<!doctype html><title>rancangan</title>
{% for s in sections %}<section><h2>{{ s.heading }}</h2><div>{{ s.body }}</div>
{% for c in s.rows %}<article><p>{{ c.get_group_display }} {{ c.organisation }} {{ c.created_at|date:"j M Y" }}</p><blockquote>{{ c.original_quote }}</blockquote><p>{{ c.body }}</p>{% if c.answer %}<p>{{ c.answer.get_verdict_display }} {{ c.answer.reason }}</p>{% endif %}</article>{% endfor %}
</section>{% endfor %}"""


@cache
def _template() -> Any:
    from django.template import engines

    return engines["django"].from_string(YARD)


def yardstick(request: Any) -> Any:
    """The same sections and comments as the page (by id), bare."""
    from django.http import HttpResponse

    from sigap.consultations.models import Comment, Section

    ids = [int(x) for x in request.GET.get("c", "").split(",") if x]
    sections = list(Section.all_objects.filter(version_id=request.GET["v"]).order_by("position"))
    by = {s.pk: s for s in sections}
    for s in sections:
        s.rows = []
    for c in Comment.all_objects.filter(pk__in=ids).select_related("answer").order_by("created_at"):
        if c.section_id in by:
            by[c.section_id].rows.append(c)
    return HttpResponse(_template().render({"sections": sections}))


def _urlpatterns() -> list:
    from django.urls import path

    return [path("_bench/draft/", yardstick)]


__getattr__ = site_urlconf(_urlpatterns)


def _text(rng: random.Random, *, edit: bool = False) -> str:
    parts = []
    for i in range(1, SECTIONS + 1):
        r = random.Random(i)
        sentences = [
            " ".join(r.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(6)
        ]
        if edit and i % 3 == 0:
            sentences.insert(0, "Ketentuan ini ditambahkan pada versi kedua.")  # moves passages
        if edit and i % 5 == 0:
            sentences[-1] = sentences[-1].replace("a", "o")  # edits the last sentence
        if edit and i % 7 == 0:
            sentences = sentences[:3]  # deletes passages
        parts.append(f"## [pasal-{i}] Pasal {i}\n" + " ".join(sentences))
    return "\n\n".join(parts)


def _seed(n_comments: int, seed: int) -> tuple[Any, Any]:
    from django.utils import timezone

    from sigap.accounts.models import User
    from sigap.consultations import drafts
    from sigap.consultations.models import (
        Answer,
        Comment,
        CommentPlacement,
        QuestionnaireResponse,
        Section,
        Stakeholder,
    )
    from sigap.platform.bulk import SqlInsert
    from sigap.tenancy import org
    from sigap.tenancy.context import activate
    from sigap.tenancy.models import Agency, OrgUnit

    rng = random.Random(seed)
    agency = Agency.objects.create(
        slug="bench",
        name="Pemerintah Kabupaten Bench",
        kind=Agency.Kind.REGENCY,
        region_code="15.99",
    )
    with activate(agency):
        unit = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="BKPSDM", code="BKPSDM")
    today = agency.today()
    c = drafts.create_consultation(
        unit,
        title="Rancangan bench",
        summary="Ringkasan.",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=30),
        text=_text(rng),
        by=None,
        questions=[{"key": "setuju", "label": "Setuju?", "choices": CHOICES}],
    )
    drafts.open_consultation(c, by=None)
    User.objects.bulk_create(
        [
            User(username=f"peserta{i}@bench.id", full_name=f"Peserta {i}", kind=User.Kind.CITIZEN)
            for i in range(300)
        ]
    )
    authors = list(User.objects.filter(username__endswith="@bench.id").values_list("pk", flat=True))
    insert = SqlInsert()
    with activate(agency):
        version = drafts.latest_version(c)
        sections = list(Section.objects.filter(version=version).order_by("position"))
        now = timezone.now()
        n_answers = n_comments * 4 // 5 // 10
        answer_ids = insert(
            Answer,
            ["agency_id", "consultation_id", "verdict", "reason", "answered_by_id", "answered_at"],
            [
                (
                    agency.pk,
                    c.pk,
                    rng.choice(["accepted", "partly", "rejected"]),
                    f"Alasan jawaban {i}.",
                    None,
                    now,
                )
                for i in range(n_answers)
            ],
        )
        # The claims behind the organised groups' and ASN comments (one per participant
        # and group, half of them verified), as ``comments.post_comment`` makes them.
        claim_keys = sorted(
            {(authors[i % len(authors)], GROUPS[i % len(GROUPS)]) for i in range(n_comments)}
            - {(a, "citizen") for a in authors}
        )
        claim_ids = insert(
            Stakeholder,
            [
                "agency_id",
                "user_id",
                "group",
                "organisation",
                "evidence",
                "status",
                "by_registry",
                "decision_reason",
                "created_at",
            ],
            [
                (
                    agency.pk,
                    author,
                    group,
                    "" if group == "asn" else "Lembaga Bench",
                    "",
                    "verified" if n % 2 else "declared",
                    False,
                    "",
                    now,
                )
                for n, (author, group) in enumerate(claim_keys)
            ],
        )
        claims = dict(zip(claim_keys, claim_ids, strict=True))
        rows = []
        for i in range(n_comments):
            s = sections[i % len(sections)]
            quote, start, end, anchor = "", None, None, "section"
            if i % 3:
                start = rng.randrange(0, len(s.body) - 40)
                end = start + rng.randint(10, 40)
                quote, anchor = s.body[start:end], "anchored"
            group = GROUPS[i % len(GROUPS)]
            answer = answer_ids[i // 10] if i // 10 < len(answer_ids) else None
            rows.append(
                (
                    agency.pk,
                    c.pk,
                    version.pk,
                    s.pk,
                    s.pk,
                    s.key,
                    authors[i % len(authors)],
                    group,
                    "" if group in ("citizen", "asn") else "Lembaga Bench",
                    f"Komentar nomor {i} tentang {s.heading}.",
                    quote,
                    quote,
                    start,
                    end,
                    anchor,
                    "visible",
                    "",
                    0,
                    answer,
                    now - dt.timedelta(minutes=n_comments - i),
                    claims.get((authors[i % len(authors)], group)),
                )
            )
        comment_ids = insert(
            Comment,
            [
                "agency_id",
                "consultation_id",
                "written_on_id",
                "written_section_id",
                "section_id",
                "section_key",
                "author_id",
                "group",
                "organisation",
                "body",
                "original_quote",
                "quote",
                "start",
                "end",
                "anchor",
                "status",
                "moderation_reason",
                "report_count",
                "answer_id",
                "created_at",
                "stakeholder_id",
            ],
            rows,
        )
        # Where each comment sits in version 1 (the history the re-anchoring extends).
        insert(
            CommentPlacement,
            drafts.PLACEMENT_HISTORY_COLUMNS,
            [
                (agency.pk, pk, version.pk, r[4], r[5], r[10], r[12], r[13], r[14])
                for pk, r in zip(comment_ids, rows, strict=True)
            ],
            returning=False,
        )
        # One questionnaire answer per participant (the report aggregates them).
        QuestionnaireResponse.objects.bulk_create(
            [
                QuestionnaireResponse(
                    agency=agency,
                    consultation=c,
                    respondent_id=pk,
                    group=GROUPS[i % len(GROUPS)],
                    answers={"setuju": rng.choice(CHOICES)},
                )
                for i, pk in enumerate(authors)
            ]
        )
    return agency, c


def _get(client: Any, url: str) -> tuple[float, Any]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    return elapsed, response


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.consultation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        import re

        from django.conf import settings
        from django.test import Client
        from django.urls import clear_url_caches

        from sigap.consultations import drafts
        from sigap.consultations.models import Comment
        from sigap.tenancy.context import activate

        settings.ROOT_URLCONF = "bench.consultation"
        clear_url_caches()
        with stopwatch() as seeded:
            agency, c = _seed(args.comments, args.seed)
        emit(
            "consultation.seed", round(seeded(), 2), "s", comments=args.comments, database=db.vendor
        )
        with activate(agency):
            version = drafts.latest_version(c)
        client, yard = Client(), Client()
        common = {"database": db.vendor, "comments": args.comments}
        targets = {
            "draft": f"/p/{agency.slug}/konsultasi/{c.pk}/",
            "report": f"/p/{agency.slug}/konsultasi/{c.pk}/laporan/",
        }
        for name, url in targets.items():
            with count_queries() as q:
                _t, response = _get(client, url)
            ids = list(
                dict.fromkeys(re.findall(rb'id="(?:jawaban-)?komentar-(\d+)"', response.content))
            )
            y_url = f"/_bench/draft/?v={version.pk}&c={','.join(i.decode() for i in ids)}"
            with count_queries() as yq:
                _t, y_response = _get(yard, y_url)
            for _ in range(args.warmup):
                _get(client, url)
                _get(yard, y_url)
            page_t: list[float] = []
            yard_t: list[float] = []
            for i in range(args.requests):
                order = [(client, url, page_t), (yard, y_url, yard_t)]
                for cl, u, bucket in order if i % 2 == 0 else order[::-1]:
                    bucket.append(_get(cl, u)[0])
            report(
                name,
                page_t,
                yard_t,
                rows=len(ids),
                queries=q[0],
                yardstick_queries=yq[0],
                bytes=len(response.content),
                yardstick_bytes=len(y_response.content),
                **common,
            )

        with stopwatch() as took:
            drafts.publish_version(
                c,
                text=_text(random.Random(args.seed), edit=True),
                change_note="Versi kedua.",
                by=None,
            )
        seconds = took()
        with activate(agency):
            states = dict(
                (row["anchor"], row["n"])
                for row in Comment.objects.filter(consultation=c)
                .values("anchor")
                .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
                .order_by()
            )
        emit(
            "consultation.reanchor",
            round(seconds, 2),
            "s",
            target_met=seconds < REANCHOR_TARGET_S,
            anchors=states,
            **common,
        )
    return 0


def report(name: str, page: list[float], yard: list[float], **extra: Any) -> None:
    p, y = summarize(page), summarize(yard)
    base = f"consultation.{name}"
    for label, pv, yv in (("p50", p.p50, y.p50), ("p95", p.p95, y.p95)):
        emit(
            f"{base}.{label}",
            round(pv * 1000, 2),
            "ms",
            yardstick=round(yv * 1000, 2),
            ratio=round(pv / yv, 2),
            n=p.n,
        )
    emit(
        f"{base}.ratio_p95",
        round(p.p95 / y.p95, 2),
        "x",
        page_p95_ms=round(p.p95 * 1000, 2),
        yardstick_p95_ms=round(y.p95 * 1000, 2),
        target_met=p.p95 * 1000 < TARGET_MS and p.p95 / y.p95 <= TARGET_RATIO,
        **extra,
    )


if __name__ == "__main__":
    sys.exit(main())
