"""Public consultation on policy drafts, and dialogue forums.

* ``Consultation``: a unit's policy draft open for comment between two dates, with a
  summary in plain language. Its text lives in ``DraftVersion`` rows, each a list of
  ``Section`` rows; a published version is never edited, a change is a new version.
* ``Comment``: a participant's comment on a section or on a passage of it (the quoted
  text and its offsets). When a new version is published every anchored comment is
  re-anchored onto it (``anchoring``) or marked as no longer anchored.
* ``Stakeholder``: a person's claim to speak as a stakeholder group (for an
  organisation) in a pemda: ASN verified from the ASN registry, organisations' claims
  verified, rejected or revoked by the unit's staff (``stakeholders``); comments carry
  it, so every page shows the declared identity with "terverifikasi" or "dinyatakan
  sendiri".
* ``CommentPlacement``: where a comment sat in each version (the passage it addressed
  there), so the report and the comparison say how that passage changed.
* ``Answer``: the unit's answer to one comment or a group of comments (UU 13/2022: the
  right to have one's input considered and to get an explanation). A consultation
  cannot be closed while a comment stands unanswered.
* ``Forum`` with ``ForumRegistration`` and ``ActionItem`` (owned by an ASN, tracked to
  done, moved by the workforce handover).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from sigap.platform.transitions import Workflow
from sigap.tenancy.managers import TenantModel


class StakeholderGroup(models.TextChoices):
    CITIZEN = "citizen", _("Warga")
    COMMUNITY = "community", _("Organisasi masyarakat")
    PROFESSIONAL = "professional", _("Asosiasi profesi")
    ACADEMIC = "academic", _("Akademisi")
    ASN = "asn", _("ASN")
    BUSINESS = "business", _("Dunia usaha")


# The groups that speak for an organisation (they must name it; the claim is verified).
ORGANISED = (
    StakeholderGroup.COMMUNITY,
    StakeholderGroup.PROFESSIONAL,
    StakeholderGroup.ACADEMIC,
    StakeholderGroup.BUSINESS,
)


class Stakeholder(TenantModel):
    """One person's claim to speak as ``group`` (for ``organisation``) in a pemda.

    A citizen speaks for themself and has none. A claim starts *declared* (shown as
    "dinyatakan sendiri") unless Sigap knows it: an ASN whose account belongs to an
    active ASN record of the pemda is verified on the spot. The unit's staff verify or
    reject an organisation's claim and may revoke a verification (``stakeholders``)."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("Dinyatakan sendiri")
        VERIFIED = "verified", _("Terverifikasi")
        REJECTED = "rejected", _("Ditolak")
        REVOKED = "revoked", _("Verifikasi dicabut")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="stakeholder_claims",
        verbose_name=_("akun"),
    )
    group = models.CharField(
        _("kelompok pemangku kepentingan"), max_length=12, choices=StakeholderGroup.choices
    )
    organisation = models.CharField(_("nama organisasi/lembaga"), max_length=150, blank=True)
    evidence = models.TextField(_("keterangan untuk verifikasi"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DECLARED
    )
    # Verified from the ASN registry rather than by a person.
    by_registry = models.BooleanField(_("terverifikasi dari data kepegawaian"), default=False)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pemangku kepentingan")
        verbose_name_plural = _("pemangku kepentingan")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                models.F("agency"),
                models.F("user"),
                models.F("group"),
                Lower("organisation"),
                name="stakeholder_claim_once",
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="stakeholder_queue")]

    def __str__(self) -> str:
        label = self.get_group_display()
        return f"{label}: {self.organisation}" if self.organisation else str(label)

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


_S = Stakeholder.Status
STAKEHOLDER_FLOW = Workflow(
    Stakeholder,
    transitions={
        (_S.DECLARED, _S.VERIFIED): "pemangku kepentingan diverifikasi",
        (_S.DECLARED, _S.REJECTED): "klaim pemangku kepentingan ditolak",
        (_S.VERIFIED, _S.REVOKED): "verifikasi pemangku kepentingan dicabut",
        # The participant answers a refusal with better evidence.
        (_S.REJECTED, _S.DECLARED): "klaim pemangku kepentingan diajukan ulang",
        (_S.REVOKED, _S.DECLARED): "klaim pemangku kepentingan diajukan ulang",
    },
    stamps={_S.VERIFIED: "decided_at", _S.REJECTED: "decided_at", _S.REVOKED: "decided_at"},
)


class Consultation(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    title = models.CharField(_("judul rancangan"), max_length=200)
    summary = models.TextField(_("ringkasan dalam bahasa sederhana"))
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    # Optional short questionnaire: [{"key": "setuju", "label": "...", "choices": [...]}],
    # in the order shown; a question retired after publication keeps its place with
    # "retired_at" and "replaced_by" (``questionnaire``).
    questions = models.JSONField(_("kuesioner"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    opened_at = models.DateTimeField(verbose_name=_("dibuka"), null=True, blank=True)
    closed_at = models.DateTimeField(verbose_name=_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("konsultasi publik")
        verbose_name_plural = _("konsultasi publik")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def accepts_input(self) -> bool:
        """Open, and today (in the pemda's own time zone) within its dates."""
        today = self.agency.today()
        return self.status == self.Status.OPEN and self.opens_on <= today <= self.closes_on


_C = Consultation.Status
CONSULTATION_FLOW = Workflow(
    Consultation,
    transitions={
        (_C.DRAFT, _C.OPEN): "konsultasi dibuka",
        (_C.OPEN, _C.CLOSED): "konsultasi ditutup",
    },
    stamps={_C.OPEN: "opened_at", _C.CLOSED: "closed_at"},
)


class DraftVersion(TenantModel):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("konsultasi"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("versi"))
    change_note = models.TextField(_("catatan perubahan"), blank=True)
    published_at = models.DateTimeField(_("diterbitkan"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("versi rancangan")
        verbose_name_plural = _("versi rancangan")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="draft_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} v{self.number}"


class Section(TenantModel):
    """One section of one version. ``key`` is stable across versions ("pasal-3"): the
    comparison and re-anchoring pair sections by it."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("versi"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("urutan"))
    key = models.SlugField(verbose_name=_("kunci"), max_length=60)
    heading = models.CharField(_("judul bagian"), max_length=200)
    body = models.TextField(_("isi"))

    class Meta:
        verbose_name = _("bagian rancangan")
        verbose_name_plural = _("bagian rancangan")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_unique_in_version")
        ]

    def __str__(self) -> str:
        return self.heading


class Answer(TenantModel):
    """The unit's answer to one comment or a group of comments."""

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        PARTLY = "partly", _("Diterima sebagian")
        NOT_ACCEPTED = "rejected", _("Tidak diterima")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("konsultasi"), on_delete=models.CASCADE, related_name="answers"
    )
    verdict = models.CharField(_("keputusan"), max_length=8, choices=Verdict.choices)
    reason = models.TextField(_("alasan"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dijawab oleh"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(verbose_name=_("dijawab"))

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        ordering = ["answered_at", "pk"]


class Comment(TenantModel):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("Tampil")
        REVIEW = "review", _("Disembunyikan untuk ditinjau")
        HIDDEN = "hidden", _("Disembunyikan moderator")

    class Anchor(models.TextChoices):
        SECTION = "section", _("Pada bagian")
        ANCHORED = "anchored", _("Pada kutipan")
        MOVED = "moved", _("Kutipan berpindah")
        EDITED = "edited", _("Kutipan diubah")
        ORPHANED = "orphaned", _("Tidak lagi tertaut")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("konsultasi"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # The version it was written on, and where it sits in the latest version.
    written_on = models.ForeignKey(
        DraftVersion,
        verbose_name=_("ditulis pada versi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_section = models.ForeignKey(
        Section, verbose_name=_("ditulis pada bagian"), on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("bagian"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    section_key = models.SlugField(verbose_name=_("kunci bagian"), max_length=60)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        on_delete=models.PROTECT,
        related_name="consultation_comments",
    )
    group = models.CharField(
        _("kelompok pemangku kepentingan"), max_length=12, choices=StakeholderGroup.choices
    )
    organisation = models.CharField(_("nama organisasi/lembaga"), max_length=150, blank=True)
    # The claim behind ``group``/``organisation`` (none for a citizen speaking for themself).
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("pemangku kepentingan"),
    )
    body = models.TextField(_("komentar"))
    # The passage as it was quoted, and where it sits now ("" / None: the whole section).
    original_quote = models.TextField(_("kutipan"), blank=True)
    quote = models.TextField(verbose_name=_("kutipan"), blank=True)
    start = models.PositiveIntegerField(verbose_name=_("awal kutipan"), null=True, blank=True)
    end = models.PositiveIntegerField(verbose_name=_("akhir kutipan"), null=True, blank=True)
    anchor = models.CharField(
        verbose_name=_("jangkar"), max_length=8, choices=Anchor.choices, default=Anchor.SECTION
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=8, choices=Status.choices, default=Status.VISIBLE
    )
    moderation_reason = models.TextField(_("alasan moderasi"), blank=True)
    report_count = models.PositiveIntegerField(verbose_name=_("jumlah laporan"), default=0)
    answer = models.ForeignKey(
        Answer,
        verbose_name=_("jawaban"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    created_at = models.DateTimeField(verbose_name=_("dibuat"))
    hidden_at = models.DateTimeField(verbose_name=_("disembunyikan"), null=True, blank=True)

    class Meta:
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")
        ordering = ["created_at", "pk"]
        indexes = [
            # The draft page's counts per section, and the unanswered check.
            models.Index(
                fields=["consultation", "section", "status"], name="comment_section_counts"
            ),
            models.Index(fields=["consultation", "answer"], name="comment_unanswered"),
            # The rate limit: an author's latest comments.
            models.Index(fields=["author", "created_at"], name="comment_author_recent"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_anchored(self) -> bool:
        return self.anchor in (self.Anchor.ANCHORED, self.Anchor.MOVED, self.Anchor.EDITED)

    @property
    def identity(self) -> str | None:
        """``verified`` / ``declared`` for a stakeholder's claim; None for a citizen
        speaking for themself (read ``stakeholder`` with ``select_related``)."""
        if self.stakeholder_id is None:
            return None
        return "verified" if self.stakeholder.is_verified else "declared"


_M = Comment.Status
COMMENT_FLOW = Workflow(
    Comment,
    transitions={
        (_M.VISIBLE, _M.REVIEW): "komentar ditahan untuk ditinjau",
        (_M.VISIBLE, _M.HIDDEN): "komentar disembunyikan",
        (_M.REVIEW, _M.HIDDEN): "komentar disembunyikan",
        (_M.REVIEW, _M.VISIBLE): "komentar ditampilkan kembali",
        (_M.HIDDEN, _M.VISIBLE): "komentar ditampilkan kembali",
    },
    stamps={_M.HIDDEN: "hidden_at", _M.REVIEW: "hidden_at"},
)


class CommentPlacement(TenantModel):
    """Where one comment sat in one version: the passage it addressed there. Written when
    the comment is posted and for each later version by the re-anchoring; the comment's
    own fields repeat the latest one for the hot pages."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="placements", verbose_name=_("komentar")
    )
    version = models.ForeignKey(
        DraftVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("versi")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bagian"),
    )
    section_key = models.SlugField(_("kunci bagian"), max_length=60)
    quote = models.TextField(_("kutipan"), blank=True)
    start = models.PositiveIntegerField(_("awal kutipan"), null=True, blank=True)
    end = models.PositiveIntegerField(_("akhir kutipan"), null=True, blank=True)
    anchor = models.CharField(_("letak"), max_length=8, choices=Comment.Anchor.choices)

    class Meta:
        verbose_name = _("letak komentar")
        verbose_name_plural = _("letak komentar")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "version"], name="comment_placement_once_per_version"
            )
        ]
        # The comparison's passages of one version.
        indexes = [models.Index(fields=["version", "section_key"], name="placement_passages")]


class CommentReport(TenantModel):
    comment = models.ForeignKey(
        Comment, verbose_name=_("komentar"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelapor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("alasan laporan"), max_length=200)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("laporan komentar")
        verbose_name_plural = _("laporan komentar")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="comment_report_once")
        ]


class QuestionnaireResponse(TenantModel):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("konsultasi"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responden"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.CharField(
        verbose_name=_("kelompok"), max_length=12, choices=StakeholderGroup.choices
    )
    answers = models.JSONField(verbose_name=_("jawaban"), default=dict)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("jawaban kuesioner")
        verbose_name_plural = _("jawaban kuesioner")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "respondent"], name="questionnaire_once_per_person"
            )
        ]


class Forum(TenantModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Terjadwal")
        HELD = "held", _("Terlaksana")
        CANCELLED = "cancelled", _("Dibatalkan")

    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("konsultasi terkait"),
    )
    topic = models.CharField(_("topik"), max_length=200)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    starts_at = models.DateTimeField(_("waktu"))
    capacity = models.PositiveIntegerField(_("kapasitas"), default=100)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes = models.TextField(_("notulen"), blank=True)
    held_at = models.DateTimeField(verbose_name=_("diselenggarakan"), null=True, blank=True)

    class Meta:
        verbose_name = _("forum dialog")
        verbose_name_plural = _("forum dialog")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.topic


_F = Forum.Status
FORUM_FLOW = Workflow(
    Forum,
    transitions={
        (_F.SCHEDULED, _F.HELD): "forum dialog terlaksana",
        (_F.SCHEDULED, _F.CANCELLED): "forum dialog dibatalkan",
    },
    stamps={_F.HELD: "held_at"},
)


class ForumRegistration(TenantModel):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="registrations"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="forum_registrations",
    )
    group = models.CharField(_("kelompok"), max_length=12, choices=StakeholderGroup.choices)
    organisation = models.CharField(_("nama organisasi/lembaga"), max_length=150, blank=True)
    raised = models.TextField(_("hal yang ingin disampaikan"), blank=True)
    attended = models.BooleanField(_("hadir"), default=False)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pendaftaran forum")
        verbose_name_plural = _("pendaftaran forum")
        constraints = [
            models.UniqueConstraint(fields=["forum", "participant"], name="forum_registration_once")
        ]


class ActionItem(TenantModel):
    """A follow-up agreed in a forum, owned by an ASN, tracked to done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        DONE = "done", _("Selesai")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(_("tindak lanjut"), max_length=200)
    owner = models.ForeignKey(
        "workforce.Employee",
        on_delete=models.PROTECT,
        related_name="forum_action_items",
        verbose_name=_("penanggung jawab"),
    )
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(
        verbose_name=_("status"), max_length=5, choices=Status.choices, default=Status.OPEN
    )
    # The registration whose point this follows up (participants see what became of it).
    raised_by = models.ForeignKey(
        ForumRegistration,
        verbose_name=_("diajukan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    outcome = models.TextField(_("hasil"), blank=True)
    done_at = models.DateTimeField(verbose_name=_("selesai dikerjakan"), null=True, blank=True)
    reminded_on = models.DateField(verbose_name=_("diingatkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("tindak lanjut forum")
        verbose_name_plural = _("tindak lanjut forum")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "status"], name="forum_action_owner"),
            models.Index(fields=["agency", "status", "due_on"], name="forum_action_overdue"),
        ]

    def __str__(self) -> str:
        return self.title


_A = ActionItem.Status
ACTION_FLOW = Workflow(
    ActionItem,
    transitions={(_A.OPEN, _A.DONE): "tindak lanjut forum selesai"},
    stamps={_A.DONE: "done_at"},
)
