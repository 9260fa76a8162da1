"""Demo consultations (issue 14, item 6): in every demo pemda one consultation on the
Kabupaten Tebo-style ASN development policy (seed 003) drafted by Disdukcapil's unit (so
``officer.<pemda>`` and ``unit_head.<pemda>`` can work it), with comments from each
stakeholder group on version 1, answers, and a version 2 that moves some quoted passages
and deletes others (so some comments re-anchor and some are orphaned); two comments are
left unanswered so the refusal to close shows, and questionnaire answers from each
participant. Forums (seed 000): one held with minutes,
attendance and action items in every state (open, overdue, done), one scheduled.

Everything goes through the domain functions: a dozen comments per pemda is no bulk.
Times are relative to now; the draws come from ``ctx.rng``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.accounts.models import User
from sigap.consultations import comments, drafts, forums, questionnaire, stakeholders
from sigap.consultations.models import Comment, Consultation, Section, Stakeholder
from sigap.platform.demo import DemoContext
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Employee

TITLE = "Rancangan Peraturan Bupati tentang Pengembangan Kompetensi ASN"
SUMMARY = (
    "Aturan ini mengatur bagaimana ASN di daerah mendapat pelatihan setiap tahun, siapa "
    "yang membiayai, dan bagaimana warga dapat menilai hasilnya lewat layanan yang mereka "
    "terima."
)
V1 = """## [pasal-1] Pasal 1 Ketentuan umum
Pengembangan kompetensi adalah upaya memenuhi kebutuhan kompetensi ASN sesuai standar jabatan.
Setiap ASN berhak mendapat pengembangan kompetensi paling sedikit 20 jam pelajaran setiap tahun.

## [pasal-2] Pasal 2 Perencanaan
Perangkat daerah menyusun rencana pengembangan kompetensi setiap tahun.
Rencana disusun berdasarkan analisis kesenjangan kompetensi dan hasil survei kepuasan masyarakat.

## [pasal-3] Pasal 3 Pembiayaan
Biaya pengembangan kompetensi dibebankan pada anggaran perangkat daerah masing-masing.
ASN dapat mengikuti pelatihan atas biaya sendiri dengan persetujuan atasan.

## [pasal-4] Pasal 4 Evaluasi
Hasil pelatihan dievaluasi paling lambat enam bulan setelah pelatihan selesai.
Evaluasi menggunakan data layanan yang diberikan ASN kepada warga."""

# Version 2: a new opening sentence in pasal 1 (the quoted passages move) and its 20
# lesson hours raised to 24 (the passage quoted on it is reworded: edited), pasal 2's
# survey sentence extended, the self-funding sentence of pasal 3 deleted (orphaned), a
# new pasal 5 on publication.
V2 = """## [pasal-1] Pasal 1 Ketentuan umum
Peraturan ini berlaku bagi PNS dan PPPK.
Pengembangan kompetensi adalah upaya memenuhi kebutuhan kompetensi ASN sesuai standar jabatan.
Setiap ASN berhak mendapat pengembangan kompetensi paling sedikit 24 jam pelajaran setiap tahun.

## [pasal-2] Pasal 2 Perencanaan
Perangkat daerah menyusun rencana pengembangan kompetensi setiap tahun.
Rencana disusun berdasarkan analisis kesenjangan kompetensi, hasil survei kepuasan masyarakat, dan pengaduan warga.

## [pasal-3] Pasal 3 Pembiayaan
Biaya pengembangan kompetensi dibebankan pada anggaran perangkat daerah masing-masing.

## [pasal-4] Pasal 4 Evaluasi
Hasil pelatihan dievaluasi paling lambat enam bulan setelah pelatihan selesai.
Evaluasi menggunakan data layanan yang diberikan ASN kepada warga.

## [pasal-5] Pasal 5 Keterbukaan
Rencana dan hasil evaluasi pengembangan kompetensi diumumkan kepada publik."""

# (group, organisation, section key, quote, body, answer verdict or "")
COMMENTS = [
    (
        "citizen",
        "",
        "pasal-1",
        "paling sedikit 20 jam pelajaran",
        "Apakah 20 jam cukup? Petugas loket kami sering belum paham aturan baru.",
        "partly",
    ),
    (
        "community",
        "Forum Warga Peduli Pelayanan",
        "pasal-2",
        "hasil survei kepuasan masyarakat",
        "Pengaduan warga juga perlu jadi dasar perencanaan, bukan hanya survei.",
        "accepted",
    ),
    (
        "professional",
        "Ikatan Ahli Kepegawaian Indonesia",
        "pasal-1",
        "sesuai standar jabatan",
        "Rujuk standar kompetensi jabatan dari KemenPAN-RB.",
        "accepted",
    ),
    (
        "academic",
        "Universitas Jambi",
        "pasal-4",
        "paling lambat enam bulan",
        "Enam bulan terlalu lama; evaluasi awal sebaiknya tiga bulan.",
        "rejected",
    ),
    (
        "asn",
        "",
        "pasal-3",
        "atas biaya sendiri dengan persetujuan atasan",
        "Pelatihan atas biaya sendiri sebaiknya tetap diakui angka kreditnya.",
        "partly",
    ),
    (
        "business",
        "Kadin Kabupaten",
        "pasal-3",
        "",
        "Dunia usaha bersedia menjadi tempat magang ASN.",
        "accepted",
    ),
    (
        "citizen",
        "",
        "pasal-4",
        "data layanan yang diberikan ASN kepada warga",
        "Bagus, warga bisa melihat dampaknya.",
        "accepted",
    ),
    ("academic", "Universitas Jambi", "pasal-2", "", "Perlu indikator yang terukur.", ""),
]
# The unit's own words (data, like the draft), revised after people answered.
REVISED_QUESTION = "Secara umum, apakah Anda setuju dengan rancangan peraturan ini?"
REPLACEMENT_QUESTION = "Di mana forum tatap muka tentang rancangan ini sebaiknya diadakan?"
LATE = [  # written on version 2, still waiting for the unit
    ("citizen", "", "pasal-5", "diumumkan kepada publik", "Umumkan juga di papan kantor desa."),
]


def _unit(agency: Agency) -> OrgUnit | None:
    return (
        OrgUnit.all_objects.filter(agency=agency, code="DUKCAPIL").first()
        or OrgUnit.all_objects.filter(agency=agency, kind=OrgUnit.Kind.OPD).order_by("pk").first()
    )


def _authors(agency: Agency) -> dict[str, User]:
    citizens = list(
        User.objects.filter(kind=User.Kind.CITIZEN).order_by("pk").values_list("pk", flat=True)[:6]
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=citizens)}
    pool = [users[pk] for pk in citizens]
    staff = User.objects.filter(username=f"officer.{agency.slug}").first()
    groups = ["citizen", "community", "professional", "academic", "business"]
    found = {g: pool[i % len(pool)] for i, g in enumerate(groups)} if pool else {}
    if staff is not None:
        found["asn"] = staff
    return found


def seed(ctx: DemoContext) -> None:
    for agency in Agency.objects.order_by("slug"):
        unit = _unit(agency)
        authors = _authors(agency)
        if unit is None or len(authors) < 6:
            continue
        by = User.objects.filter(username=f"unit_head.{agency.slug}").first()
        _seed_consultation(ctx, agency, unit, authors, by)
        _seed_forums(ctx, agency, unit, authors, by)


def _seed_consultation(
    ctx: DemoContext, agency: Agency, unit: OrgUnit, authors: dict[str, User], by: User | None
) -> None:
    today = agency.today()
    now = timezone.now()
    c = drafts.create_consultation(
        unit,
        title=TITLE,
        summary=SUMMARY,
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=10),
        text=V1,
        by=by,
        questions=[
            {
                "key": "setuju",
                "label": "Secara umum, apakah Anda setuju dengan rancangan ini?",
                "choices": ["Setuju", "Setuju dengan perubahan", "Tidak setuju"],
            },
            {
                "key": "forum",
                "label": "Perlukah forum tatap muka tentang rancangan ini?",
                "choices": ["Perlu", "Tidak perlu"],
            },
        ],
        published_at=now - dt.timedelta(days=20),
    )
    drafts.open_consultation(c, by=by)
    with activate(agency):
        sections = {s.key: s for s in Section.objects.filter(version__consultation=c)}
    written: list[tuple[Comment, str]] = []
    for i, (group, org, key, quote, body, verdict) in enumerate(COMMENTS):
        at = now - dt.timedelta(days=18 - i, hours=ctx.rng.randint(0, 8))
        cm = comments.post_comment(
            c,
            sections[key],
            authors[group],
            body=body,
            group=group,
            organisation=org,
            quote=quote,
            at=at,
            rate_limited=False,
        )
        written.append((cm, verdict))
        ctx.count("komentar konsultasi")
    reasons = {
        "accepted": "Diterima; rumusan pasal disesuaikan pada versi 2.",
        "partly": "Diterima sebagian: dibahas bersama BKPSDM, sebagian diatur dalam petunjuk teknis.",
        "rejected": "Tidak diterima: enam bulan mengikuti pedoman evaluasi pasca-pelatihan LAN.",
    }
    for cm, verdict in written:
        if verdict:
            comments.answer_comments(
                [cm], verdict=verdict, reason=reasons[verdict], by=by, at=now - dt.timedelta(days=8)
            )
    drafts.publish_version(
        c,
        text=V2,
        change_note="Menampung masukan: pengaduan warga sebagai "
        "dasar perencanaan; pelatihan atas biaya sendiri diatur tersendiri.",
        by=by,
        published_at=now - dt.timedelta(days=6),
    )
    with activate(agency):
        sections = {s.key: s for s in Section.objects.filter(version=drafts.latest_version(c))}
    for group, org, key, quote, body in LATE:
        comments.post_comment(
            c,
            sections[key],
            authors[group],
            body=body,
            group=group,
            organisation=org,
            quote=quote,
            at=now - dt.timedelta(days=2),
            rate_limited=False,
        )
        ctx.count("komentar konsultasi")
    # The short questionnaire, once per participant (the report shows it aggregated).
    choices = c.questions[0]["choices"]
    for i, (group, author) in enumerate(sorted(authors.items())):
        try:
            questionnaire.submit(
                c,
                author,
                group=group,
                answers={
                    "setuju": choices[i % len(choices)],
                    "forum": ("Perlu", "Tidak perlu")[i % 2],
                },
            )
        except ValidationError:
            continue  # one person stands for two groups in a small pemda: once is enough
        ctx.count("jawaban kuesioner konsultasi")
    # After the answers: a wording revision (answers kept) and a question whose choices
    # change (retired with its answers, replaced by a new one).
    questionnaire.edit_question(
        c,
        "setuju",
        label=REVISED_QUESTION,
        choices=choices,
        by=by,
    )
    questionnaire.edit_question(
        c,
        "forum",
        label=REPLACEMENT_QUESTION,
        choices=["Di kantor kabupaten", "Di setiap kecamatan", "Tidak perlu forum"],
        by=by,
    )
    # Stakeholder identity: the ASN was verified from the registry when they commented;
    # the unit checks two organisations' claims and refuses one, the other two stay
    # declared (so every badge shows).
    _decide_claims(c, by)
    # One comment reported by several people and hidden with a reason its author sees.
    spam = comments.post_comment(
        c,
        sections["pasal-3"],
        authors["citizen"],
        body="Promo pinjaman cepat, hubungi kami!",
        group="citizen",
        at=now - dt.timedelta(days=1),
        rate_limited=False,
    )
    comments.hide_comment(spam, by=by, reason="Iklan, tidak berkaitan dengan rancangan.")
    ctx.count("konsultasi publik")


DECISIONS = {
    "Ikatan Ahli Kepegawaian Indonesia": (
        "verify",
        "Dicek dengan surat tugas pengurus wilayah yang dilampirkan.",
    ),
    "Universitas Jambi": ("verify", "Dikonfirmasi lewat surel resmi fakultas."),
    "Kadin Kabupaten": (
        "reject",
        "Pengurus Kadin Kabupaten menyatakan belum menunjuk wakil untuk konsultasi ini.",
    ),
}


def _decide_claims(c: Consultation, by: User | None) -> None:
    if by is None:
        return
    with activate(c.agency):
        claims = list(Stakeholder.objects.filter(organisation__in=list(DECISIONS)))
    for claim in claims:
        decision, reason = DECISIONS[claim.organisation]
        stakeholders.decide(claim, decision, by=by, reason=reason)


def _seed_forums(
    ctx: DemoContext, agency: Agency, unit: OrgUnit, authors: dict[str, User], by: User | None
) -> None:
    today = agency.today()
    now = timezone.now()
    with activate(agency):
        owners = list(Employee.objects.filter(status=Employee.Status.ACTIVE).order_by("pk")[:3])
    if not owners:
        return
    held = forums.schedule_forum(
        unit,
        topic="Dialog publik pelayanan KTP-el dan KK",
        place="Aula Disdukcapil",
        starts_at=now - dt.timedelta(days=14),
        capacity=60,
        by=by,
    )
    registrations = [
        forums.register(held, authors[g], group=g, organisation=org, raised=raised)
        for g, org, raised in (
            ("citizen", "", "Antrean KTP-el di kecamatan terlalu panjang."),
            ("community", "Forum Warga Peduli Pelayanan", "Layanan jemput bola untuk lansia."),
            ("business", "Kadin Kabupaten", "Perizinan karyawan asing perlu satu pintu."),
        )
    ]
    forums.record_attendance(held, [r.pk for r in registrations[:2]], by=by)
    forums.record_minutes(
        held,
        by=by,
        minutes="Warga menyampaikan antrean panjang di kecamatan dan kebutuhan layanan jemput "
        "bola bagi lansia. Disdukcapil menyepakati tiga tindak lanjut.",
    )
    done = forums.add_action_item(
        held,
        title="Buka loket tambahan KTP-el di kecamatan",
        owner=owners[0],
        due_on=today - dt.timedelta(days=5),
        by=by,
        raised_by=registrations[0],
    )
    forums.complete_action_item(done, by=by, outcome="Loket ketiga dibuka setiap Senin–Kamis.")
    forums.add_action_item(
        held,
        title="Jadwal layanan jemput bola bagi lansia",
        owner=owners[1 % len(owners)],
        due_on=today - dt.timedelta(days=2),
        by=by,
        raised_by=registrations[1],
    )  # overdue
    forums.add_action_item(
        held,
        title="Koordinasi perizinan tenaga kerja dengan DPMPTSP",
        owner=owners[2 % len(owners)],
        due_on=today + dt.timedelta(days=20),
        by=by,
        raised_by=registrations[2],
    )
    forums.schedule_forum(
        unit,
        topic="Forum konsultasi rancangan pengembangan kompetensi ASN",
        place="Ruang rapat BKPSDM",
        online_url="https://zoom.example.id/forum-asn",
        starts_at=now + dt.timedelta(days=5),
        capacity=80,
        by=by,
    )
    ctx.count("forum dialog", 2)
