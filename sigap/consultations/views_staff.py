"""The drafting unit's pages: consultations (create, publish versions, open, moderate,
answer, close) and dialogue forums (schedule, attendance, minutes, action items)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from sigap.consultations import (
    comments,
    drafts,
    forums,
    queries,
    questionnaire,
    reports,
    stakeholders,
)
from sigap.consultations.apps import MANAGE, VIEW
from sigap.consultations.forms import (
    ActionItemForm,
    AnswerForm,
    ConsultationForm,
    DoneForm,
    ForumForm,
    HideForm,
    MinutesForm,
    VersionForm,
)
from sigap.consultations.models import ActionItem, Comment, Stakeholder
from sigap.platform.access import staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Employee


def _units(request: HttpRequest) -> list[OrgUnit]:
    from sigap.accounts.scope import row_scope

    scope = row_scope(request.user, request.agency, queries.RESOURCE)
    return list(scope.rows(OrgUnit.objects.order_by("path"), unit_path="path"))


def _flash(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _create_in_unit(
    request: HttpRequest, form: Any, units: list[Any], create: Any, missing: str
) -> Any:
    """``create(unit, by=..., **form data)`` in the unit picked from ``units`` (the
    manager's own); ``None`` with the reasons on the form."""
    unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
    if not form.is_valid():
        return None
    try:
        if unit is None:
            raise ValidationError({"unit": missing})
        return create(unit, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None


@staff_permission_required(*VIEW)
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    rows = queries.visible_consultations(request.user, request.agency)
    can_manage = queries.may_manage(request.user, request.agency)
    units = _units(request) if can_manage else []
    form = ConsultationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        missing = _("Pilih unit penyusun.")
        created = _create_in_unit(request, form, units, drafts.create_consultation, missing)
        if created is not None:
            messages.success(request, _("Rancangan dibuat. Buka konsultasi bila sudah siap."))
            return redirect("consultations:staff_detail", created.pk)
    return render(
        request,
        "consultations/staff/list.html",
        {"consultations": rows, "form": form, "units": units, "can_manage": can_manage},
    )


@staff_permission_required(*VIEW)
def staff_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    c = queries.get_consultation_for(request.user, request.agency, consultation_id)
    page = queries.draft_page(c, statuses=("visible", "review", "hidden"), per_section=20)
    held = list(c.comments.filter(status=Comment.Status.REVIEW).order_by("created_at"))
    waiting = list(queries.unanswered_comments(c))
    answer_form = AnswerForm(choices=[(x.pk, x.pk) for x in waiting])
    return render(
        request,
        "consultations/staff/detail.html",
        {
            "c": c,
            "page": page,
            "held": held,
            "waiting": waiting,
            "answer_form": answer_form,
            "can_manage": queries.may_manage(request.user, request.agency),
            "unanswered": drafts.unanswered(c),
            "hide_form": HideForm(),
        },
    )


@staff_permission_required(*MANAGE)
@require_http_methods(["GET", "POST"])
def staff_publish(request: HttpRequest, consultation_id: int) -> HttpResponse:
    c = queries.get_consultation_for(request.user, request.agency, consultation_id, manage=True)
    latest = drafts.latest_version(c)
    form = VersionForm(request.POST or None, initial={"text": drafts.text_of(latest)})
    if request.method == "POST" and form.is_valid():
        try:
            version = drafts.publish_version(c, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Versi %(n)s diterbitkan; komentar ditautkan ulang.") % {"n": version.number},
            )
            return redirect("consultations:staff_detail", c.pk)
    return render(request, "consultations/staff/publish.html", {"c": c, "form": form})


@staff_permission_required(*MANAGE)
@require_POST
def staff_move(request: HttpRequest, consultation_id: int) -> HttpResponse:
    c = queries.get_consultation_for(request.user, request.agency, consultation_id, manage=True)
    try:
        if request.POST.get("to") == "open":
            drafts.open_consultation(c, by=request.user)
            messages.success(request, _("Konsultasi dibuka."))
        elif request.POST.get("to") == "closed":
            drafts.close_consultation(c, by=request.user)
            messages.success(request, _("Konsultasi ditutup."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("consultations:staff_detail", c.pk)


@staff_permission_required(*MANAGE)
@require_POST
def staff_answer(request: HttpRequest, consultation_id: int) -> HttpResponse:
    c = queries.get_consultation_for(request.user, request.agency, consultation_id, manage=True)
    waiting = {x.pk: x for x in queries.unanswered_comments(c)}
    form = AnswerForm(request.POST, choices=[(pk, pk) for pk in waiting])
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        comments.answer_comments(
            [waiting[pk] for pk in form.cleaned_data["comments"]],
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("Jawaban tersimpan dan dikirim ke penulis komentar."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("consultations:staff_detail", c.pk)


def _comment_for(request: HttpRequest, comment_id: int) -> Comment:
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    queries.get_consultation_for(request.user, request.agency, comment.consultation_id, manage=True)
    return comment


@staff_permission_required(*MANAGE)
@require_POST
def staff_hide(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_for(request, comment_id)
    try:
        comments.hide_comment(comment, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Komentar disembunyikan; penulis diberi tahu alasannya."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("consultations:staff_detail", comment.consultation_id)


@staff_permission_required(*MANAGE)
@require_POST
def staff_restore(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_for(request, comment_id)
    try:
        comments.restore_comment(comment, by=request.user)
        messages.success(request, _("Komentar ditampilkan kembali."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("consultations:staff_detail", comment.consultation_id)


# What the unit is told after each questionnaire edit (``questionnaire`` outcomes).
EDIT_MESSAGES = {
    questionnaire.UNCHANGED: _l("Tidak ada perubahan."),
    questionnaire.EDITED: _l("Pertanyaan diubah."),
    questionnaire.REVISED: _l("Redaksi diperbaiki; jawaban yang sudah masuk tetap berlaku."),
    questionnaire.REPLACED: _l(
        "Makna pertanyaan berubah: pertanyaan lama ditarik bersama jawabannya dan diganti "
        "pertanyaan baru."
    ),
    questionnaire.DELETED: _l("Pertanyaan dihapus."),
    questionnaire.RETIRED: _l(
        "Pertanyaan ditarik; jawaban yang sudah masuk tetap tampil di laporan."
    ),
}


@staff_permission_required(*MANAGE)
@require_http_methods(["GET", "POST"])
def staff_questionnaire(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """Add, revise, replace or take off the draft's questions (``questionnaire``)."""
    c = queries.get_consultation_for(request.user, request.agency, consultation_id, manage=True)
    if request.method == "POST":
        what, key = request.POST.get("what"), request.POST.get("key", "")
        try:
            if what == "add":
                questionnaire.add_question(
                    c,
                    label=request.POST.get("label", ""),
                    choices=request.POST.get("choices", ""),
                    by=request.user,
                )
                messages.success(request, _("Pertanyaan ditambahkan."))
            elif what == "edit":
                edit = questionnaire.edit_question(
                    c,
                    key,
                    label=request.POST.get("label", ""),
                    choices=request.POST.get("choices", ""),
                    meaning_changed=bool(request.POST.get("meaning_changed")),
                    by=request.user,
                )
                messages.success(request, str(EDIT_MESSAGES[edit.outcome]))
            elif what == "retire":
                outcome = questionnaire.retire_question(c, key, by=request.user)
                messages.success(request, str(EDIT_MESSAGES[outcome]))
        except ValidationError as exc:
            _flash(request, exc)
        return redirect("consultations:staff_questionnaire", c.pk)
    tallies, respondents, _groups = reports.questionnaire(c)
    answered = {t.key: t.respondents for t in tallies}
    return render(
        request,
        "consultations/staff/questionnaire.html",
        {
            "c": c,
            "questions": [
                {**q, "answers": answered.get(q["key"], 0), "choices_text": "\n".join(q["choices"])}
                for q in c.questions
            ],
            "respondents": respondents,
            "editable": c.status != c.Status.CLOSED,
        },
    )


# ------------------------------------------------------------------ stakeholders


@staff_permission_required(*VIEW)
def staff_stakeholders(request: HttpRequest) -> HttpResponse:
    """Claims to speak for an organisation (and ASN not found in the registry) waiting
    for the unit, and those already decided."""
    status = request.GET.get("status", Stakeholder.Status.DECLARED)
    if status not in Stakeholder.Status.values:
        status = Stakeholder.Status.DECLARED
    rows = (
        queries.visible_stakeholders(request.user, request.agency)
        .filter(status=status)
        .annotate(n_comments=Count("comments"))
        .order_by("created_at", "pk")[:200]
    )
    return render(
        request,
        "consultations/staff/stakeholders.html",
        {
            "claims": rows,
            "status": status,
            "statuses": Stakeholder.Status.choices,
            "can_manage": queries.may_manage(request.user, request.agency),
        },
    )


@staff_permission_required(*MANAGE)
@require_POST
def staff_stakeholder_decide(request: HttpRequest, stakeholder_id: int) -> HttpResponse:
    claim = queries.get_stakeholder_for(request.user, request.agency, stakeholder_id, manage=True)
    try:
        stakeholders.decide(
            claim,
            request.POST.get("decision", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Keputusan tersimpan; peserta diberi tahu."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(reverse("consultations:staff_stakeholders") + f"?status={claim.status}")


# ------------------------------------------------------------------------ forums


@staff_permission_required(*VIEW)
@require_http_methods(["GET", "POST"])
def staff_forums(request: HttpRequest) -> HttpResponse:
    rows = queries.visible_forums(request.user, request.agency)
    can_manage = queries.may_manage(request.user, request.agency)
    units = _units(request) if can_manage else []
    form = ForumForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        missing = _("Pilih unit penyelenggara.")
        created = _create_in_unit(request, form, units, forums.schedule_forum, missing)
        if created is not None:
            messages.success(request, _("Forum dijadwalkan."))
            return redirect("consultations:staff_forum", created.pk)
    return render(
        request,
        "consultations/staff/forums.html",
        {"forums": rows, "form": form, "units": units, "can_manage": can_manage},
    )


@staff_permission_required(*VIEW)
def staff_forum(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = queries.get_forum_for(request.user, request.agency, forum_id)
    item_form = ActionItemForm()
    owners = Employee.objects.filter(status=Employee.Status.ACTIVE).order_by("full_name")[:500]
    item_form.fields["owner"].widget.choices = [(e.pk, e.full_name) for e in owners]
    registrations = list(forum.registrations.select_related("participant").order_by("pk"))
    item_form.fields["raised_by"].widget.choices = [("", "—")] + [
        (r.pk, f"{r.get_group_display()}: {r.raised[:60]}") for r in registrations if r.raised
    ]
    return render(
        request,
        "consultations/staff/forum.html",
        {
            "forum": forum,
            "registrations": registrations,
            "items": queries.forum_items(forum),
            "item_form": item_form,
            "minutes_form": MinutesForm(initial={"minutes": forum.minutes}),
            "done_form": DoneForm(),
            "can_manage": queries.may_manage(request.user, request.agency),
            "today": request.agency.today(),
        },
    )


@staff_permission_required(*MANAGE)
@require_POST
def staff_forum_update(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = queries.get_forum_for(request.user, request.agency, forum_id, manage=True)
    what = request.POST.get("what")
    try:
        if what == "attendance":
            ids = [int(x) for x in request.POST.getlist("attended") if x.isdigit()]
            forums.record_attendance(forum, ids, by=request.user)
            messages.success(request, _("Kehadiran tersimpan."))
        elif what == "minutes":
            forums.record_minutes(forum, minutes=request.POST.get("minutes", ""), by=request.user)
            messages.success(request, _("Notulen tersimpan."))
        elif what == "cancel":
            forums.cancel_forum(forum, by=request.user)
            messages.success(request, _("Forum dibatalkan."))
        elif what == "item":
            form = ActionItemForm(request.POST)
            if not form.is_valid():
                raise ValidationError([m for e in form.errors.values() for m in e])
            owner = Employee.objects.filter(pk=form.cleaned_data["owner"]).first()
            raised = None
            if form.cleaned_data.get("raised_by"):
                raised = forum.registrations.filter(pk=form.cleaned_data["raised_by"]).first()
            forums.add_action_item(
                forum,
                title=form.cleaned_data["title"],
                owner=owner,
                due_on=form.cleaned_data["due_on"],
                by=request.user,
                raised_by=raised,
            )
            messages.success(request, _("Tindak lanjut ditambahkan."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("consultations:staff_forum", forum.pk)


@staff_permission_required(*MANAGE)
@require_POST
def staff_item_done(request: HttpRequest, item_id: int) -> HttpResponse:
    item = ActionItem.objects.filter(pk=item_id).first()
    if item is None:
        raise Http404
    queries.get_forum_for(request.user, request.agency, item.forum_id, manage=True)
    try:
        forums.complete_action_item(item, by=request.user, outcome=request.POST.get("outcome", ""))
        messages.success(request, _("Tindak lanjut selesai."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(reverse("consultations:staff_forum", args=[item.forum_id]))
