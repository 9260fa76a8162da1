"""Public and participant pages: drafts with their comments, the comparison between
versions, the response report (with PDF and Excel), forums, and the participant's own
contributions. Light on purpose: one small script (selecting a passage) and no CDN."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.consultations import (
    comments,
    forums,
    passages,
    queries,
    questionnaire,
    reports,
    stakeholders,
)
from sigap.consultations.comparison import compare
from sigap.consultations.forms import CommentForm, RegistrationForm, ReportForm
from sigap.consultations.models import Comment, Consultation, Forum, Section, Stakeholder
from sigap.platform.access import login_only, public
from sigap.platform.forms import apply_validation_error
from sigap.tenancy.models import Agency


@public
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.filter(is_active=True).order_by("kind", "name")
    return render(request, "consultations/public/index.html", {"agencies": agencies})


@public
@require_GET
def agency_list(request: HttpRequest, agency_slug: str) -> HttpResponse:
    rows = Consultation.objects.filter(status__in=queries.PUBLIC).select_related("unit")
    upcoming = Forum.objects.filter(status=Forum.Status.SCHEDULED).order_by("starts_at")[:10]
    return render(
        request,
        "consultations/public/list.html",
        {"agency": request.agency, "consultations": rows, "forums": upcoming},
    )


def _number(request: HttpRequest, name: str) -> int | None:
    try:
        return int(request.GET.get(name, "")) or None
    except ValueError:
        return None


@public
@require_GET
def draft(request: HttpRequest, agency_slug: str, consultation_id: int) -> HttpResponse:
    consultation = queries.public_consultation(consultation_id)
    focus = request.GET.get("bagian", "")[:60]
    page = queries.draft_page(consultation, _number(request, "versi"), focus=focus)
    form = CommentForm(initial={"group": "citizen"})
    pending, answered_before = questionnaire.pending_for(consultation, request.user)
    return render(
        request,
        "consultations/public/draft.html",
        {
            "questions": pending,
            "answered_before": answered_before,
            "agency": request.agency,
            "c": consultation,
            "page": page,
            "form": form,
            "accepting": consultation.accepts_input(),
            "focus": focus,
            "per_section": queries.PER_SECTION,
        },
    )


@login_only
@require_POST
def post_comment(request: HttpRequest, agency_slug: str, consultation_id: int) -> HttpResponse:
    consultation = queries.public_consultation(consultation_id)
    form = CommentForm(request.POST)
    url = reverse("consultations:draft", args=[agency_slug, consultation.pk])
    if form.is_valid():
        section = Section.objects.filter(
            pk=form.cleaned_data["section"], version__consultation=consultation
        ).first()
        if section is None:
            raise Http404
        try:
            comment = comments.post_comment(
                consultation,
                section,
                request.user,
                body=form.cleaned_data["body"],
                group=form.cleaned_data["group"],
                organisation=form.cleaned_data["organisation"],
                quote=form.cleaned_data["quote"],
                start=form.cleaned_data["start"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Komentar Anda terkirim."))
            return redirect(f"{url}#komentar-{comment.pk}")
    for error in form.errors.values():
        for message in error:
            messages.error(request, message)
    return redirect(url)


@login_only
@require_POST
def report_comment(request: HttpRequest, agency_slug: str, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment,
        pk=comment_id,
        status=Comment.Status.VISIBLE,
        consultation__status__in=queries.PUBLIC,
    )
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": _("Sebutkan alasan Anda melaporkan komentar ini.")})
        comments.report_comment(comment, request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Terima kasih, laporan Anda kami terima."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("consultations:draft", args=[agency_slug, comment.consultation_id]))


@login_only
@require_POST
def answer_questionnaire(
    request: HttpRequest, agency_slug: str, consultation_id: int
) -> HttpResponse:
    consultation = queries.public_consultation(consultation_id)
    try:
        questionnaire.submit(
            consultation,
            request.user,
            group=request.POST.get("group", ""),
            answers={
                q["key"]: request.POST.get(q["key"], "")
                for q in questionnaire.active(consultation.questions)
            },
        )
        messages.success(request, _("Terima kasih, jawaban kuesioner Anda tersimpan."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("consultations:draft", args=[agency_slug, consultation.pk]))


@public
@require_GET
def comparison(request: HttpRequest, agency_slug: str, consultation_id: int) -> HttpResponse:
    consultation = queries.public_consultation(consultation_id)
    versions = list(consultation.versions.order_by("number"))
    after = _number(request, "ke") or versions[-1].number
    before = _number(request, "dari") or max(after - 1, 1)
    by_number = {v.number: v for v in versions}
    if before not in by_number or after not in by_number:
        raise Http404
    after_sections = list(by_number[after].sections.order_by("position"))
    changes = compare(list(by_number[before].sections.order_by("position")), after_sections)
    listed, kept = passages.split(passages.passages_between(by_number[before], by_number[after]))
    return render(
        request,
        "consultations/public/compare.html",
        {
            "agency": request.agency,
            "c": consultation,
            "versions": versions,
            "before": by_number[before],
            "after": by_number[after],
            "changes": changes,
            # Per section: the commented passages that changed, and how many did not.
            "passages": listed,
            "unchanged_passages": kept,
            "headings": {s.key: s.heading for s in after_sections},
        },
    )


@public
@require_GET
def report(request: HttpRequest, agency_slug: str, consultation_id: int) -> HttpResponse:
    consultation = queries.public_consultation(consultation_id)
    return render(
        request,
        "consultations/public/report.html",
        {
            "agency": request.agency,
            "c": consultation,
            "report": reports.build(consultation, page=_number(request, "hal") or 1, per_page=25),
            "labels": reports.CHANGE_LABELS,
        },
    )


@public
@require_GET
def report_pdf(request: HttpRequest, agency_slug: str, consultation_id: int) -> HttpResponse:
    consultation = queries.public_consultation(consultation_id)
    response = HttpResponse(
        reports.pdf_bytes(reports.build(consultation)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="laporan-tanggapan-{consultation.pk}.pdf"'
    return response


@public
@require_GET
def report_xlsx(request: HttpRequest, agency_slug: str, consultation_id: int) -> HttpResponse:
    consultation = queries.public_consultation(consultation_id)
    response = HttpResponse(
        reports.xlsx_bytes(reports.build(consultation)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-tanggapan-{consultation.pk}.xlsx"'
    )
    return response


@public
@require_GET
def forum(request: HttpRequest, agency_slug: str, forum_id: int) -> HttpResponse:
    found = get_object_or_404(Forum.objects.select_related("unit"), pk=forum_id)
    registered = (
        request.user.is_authenticated
        and found.registrations.filter(participant=request.user).exists()
    )
    return render(
        request,
        "consultations/public/forum.html",
        {
            "agency": request.agency,
            "forum": found,
            "items": queries.forum_items(found),
            "form": RegistrationForm(initial={"group": "citizen"}),
            "registered": registered,
        },
    )


@login_only
@require_POST
def forum_register(request: HttpRequest, agency_slug: str, forum_id: int) -> HttpResponse:
    found = get_object_or_404(Forum, pk=forum_id)
    form = RegistrationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"group": _("Pilih kelompok pemangku kepentingan Anda.")})
        forums.register(found, request.user, **form.cleaned_data)
        messages.success(request, _("Anda terdaftar di forum ini."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("consultations:forum", args=[agency_slug, found.pk]))


@login_only
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """What became of what I said: my comments (answers, moderation reasons) and the
    forums I registered for with the action items that follow up my points."""
    from sigap.tenancy.context import unscoped

    # A participant's own contributions across pemda: read without the tenant filter,
    # narrowed to their own rows.
    with unscoped():
        rows = list(queries.my_comments(request.user).select_related("consultation__agency"))
        registrations = queries.my_registrations(request.user)
        claims = list(queries.my_claims(request.user))
    return render(
        request,
        "consultations/public/mine.html",
        {"comments": rows, "registrations": registrations, "claims": claims},
    )


@login_only
@require_POST
def claim_evidence(request: HttpRequest, stakeholder_id: int) -> HttpResponse:
    """The participant adds what the unit may check to their own claim, or submits a
    refused or revoked one again."""
    from sigap.tenancy.context import unscoped

    # Their own claim in whichever pemda: read without the tenant filter, by owner.
    with unscoped():
        claim = (
            Stakeholder.objects.select_related("agency")
            .filter(pk=stakeholder_id, user=request.user)
            .first()
        )
    if claim is None:
        raise Http404
    try:
        stakeholders.resubmit(claim, request.user, evidence=request.POST.get("evidence", ""))
        messages.success(request, _("Keterangan Anda terkirim ke unit untuk diverifikasi."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("consultations:mine") + f"#identitas-{claim.pk}")
