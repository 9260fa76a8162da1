"""The survey's pages.

* Citizens (public, no login): the survey from the link (``answer``), and each pemda's
  published results (``public_index``).
* The counter (front line): recent service events of the unit not yet rated, opened in
  kiosk mode on a tablet for the citizen, or for typing in a paper form.
* Results (oversight, unit heads): IKM, grade, interval, NRR per element, the priority
  element, sample adequacy, trend chart, officers above the minimum group, profile
  breakdowns; the official report as PDF and Excel; follow-up actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.platform.access import public, staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.platform.qr import qr_svg
from sigap.services import event_links
from sigap.surveys import (
    actions,
    complaint_offer,
    counter,
    invitations,
    questions,
    reports,
    responses,
    results,
)
from sigap.surveys.apps import ACTIONS, QUESTIONS, RECORD, RESULTS
from sigap.surveys.forms import ActionForm, CompleteForm, QuestionForm, SurveyForm
from sigap.surveys.models import Channel, ExtraQuestion, ImprovementAction

# ------------------------------------------------------------------ citizens


@public
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, agency_slug: str, token: str) -> HttpResponse:
    try:
        invitation = invitations.open_invitation(token, request.agency)
    except ValidationError as exc:
        return render(
            request, "surveys/public/closed.html", {"message": exc.messages[0]}, status=410
        )
    return _citizen_survey(
        request,
        invitation.event,
        lambda fields: invitations.answer(token, request.agency, **fields),
    )


def _citizen_survey(
    request: HttpRequest, event: Any, submit: Callable[[dict[str, Any]], Any]
) -> HttpResponse:
    """The citizen's survey page for ``event``; ``submit`` stores the answers (through
    the invitation, or straight for a walk-in's rating link). The thank-you page offers
    a complaint when the answer calls for it."""
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = submit(form.domain_kwargs())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(
                request,
                "surveys/public/thanks.html",
                {
                    "agency": request.agency,
                    "complaint_link": complaint_offer.offer_link(event, response),
                },
            )
    return render(
        request,
        "surveys/public/answer.html",
        {"form": form, "service": event.service, "agency": request.agency},
        status=422 if form.is_bound and form.errors else 200,
    )


@public
@require_http_methods(["GET", "POST"])
def rate_event(request: HttpRequest, agency_slug: str, rating_token: str) -> HttpResponse:
    """The survey from the page that followed a service without an invitation (a
    walk-in's ticket): the signed ``services.event_links`` token names the event; one
    response per event, as from an invitation."""
    try:
        about = event_links.read_about(rating_token, request.agency, salt=event_links.RATE_SALT)
    except ValidationError as exc:
        return render(
            request, "surveys/public/closed.html", {"message": exc.messages[0]}, status=410
        )
    event = about.event
    if event.outcome != event.Outcome.DONE or responses.already_answered(event):
        message = _("Survei untuk layanan ini sudah diisi. Terima kasih.")
        if event.outcome != event.Outcome.DONE:
            message = _("Layanan ini tidak dapat dinilai.")
        return render(request, "surveys/public/closed.html", {"message": message}, status=410)
    return _citizen_survey(
        request,
        event,
        lambda fields: responses.submit(event, channel=Channel.LINK, **fields),
    )


def _current_period(agency: Any, kind: str = "quarter") -> results.Period:
    return results.Period.containing(kind, agency.today())


@public
@require_GET
def public_index(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = request.agency
    default = _current_period(agency, "semester").previous()
    period = results.Period.parse(request.GET.get("periode", ""), default)
    result = results.ikm.result(results.tally(agency, period))
    units = reports.unit_rows(agency, period)
    # Published figures rest on at least the minimum group (results.min_group): fewer
    # respondents' answers would be all but individually readable.
    least = results.min_group()
    nothing = results.ikm.result(results.ikm.Tally())
    trend = [
        (p, r if r.responses >= least else nothing) for p, r in results.trend(agency, period, 6)
    ]
    return render(
        request,
        "surveys/public/index.html",
        {
            "agency": agency,
            "period": period,
            "result": result,
            "elements": results.elements_table(result),
            "units": units,
            "min_group": least,
            "previous": period.previous(),
            "next": period.next() if period.end <= agency.today() else None,
            "chart": reports.trend_chart(trend),
        },
    )


# ------------------------------------------------------------------ the counter


@staff_permission_required(RECORD)
@require_GET
def counter_list(request: HttpRequest) -> HttpResponse:
    events = counter.recent_unrated(request.user, request.agency)
    return render(request, "surveys/staff/counter.html", {"events": events})


def _entry(request: HttpRequest, event_id: int, channel: str) -> HttpResponse:
    event = counter.event_for(request.user, request.agency, event_id)
    if event is None:
        raise Http404
    if responses.already_answered(event):
        messages.info(request, _("Layanan ini sudah dinilai."))
        return redirect("surveys:counter")
    form = SurveyForm(request.POST or None, required=channel == Channel.KIOSK)
    if request.method == "POST" and form.is_valid():
        try:
            response = responses.submit(
                event, channel=channel, by=request.user, **form.domain_kwargs()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if channel == Channel.KIOSK:
                # A shared tablet shows the offer as a QR code for the citizen's own
                # phone: the next citizen must not find it open on the counter.
                link = complaint_offer.offer_link(event, response)
                return render(
                    request,
                    "surveys/staff/kiosk_thanks.html",
                    {"complaint_qr": qr_svg(request.build_absolute_uri(link)) if link else ""},
                )
            messages.success(request, _("Formulir kertas tersimpan."))
            return redirect("surveys:counter")
    template = (
        "surveys/staff/kiosk.html" if channel == Channel.KIOSK else "surveys/staff/paper.html"
    )
    return render(
        request,
        template,
        {"form": form, "event": event, "service": event.service},
        status=422 if form.is_bound and form.errors else 200,
    )


@staff_permission_required(RECORD)
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, event_id: int) -> HttpResponse:
    return _entry(request, event_id, Channel.KIOSK)


@staff_permission_required(RECORD)
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, event_id: int) -> HttpResponse:
    return _entry(request, event_id, Channel.PAPER)


# ------------------------------------------------------------------ results


@staff_permission_required(*RESULTS)
@require_GET
def results_page(request: HttpRequest) -> HttpResponse:
    report = reports.build(request.user, request.agency, request.GET)
    return render(request, "surveys/staff/results.html", {"report": report})


@staff_permission_required(*RESULTS)
@require_GET
def results_pdf(request: HttpRequest) -> HttpResponse:
    report = reports.build(request.user, request.agency, request.GET)
    return reports.pdf_response(request.user, report)


@staff_permission_required(*RESULTS)
@require_GET
def results_xlsx(request: HttpRequest) -> HttpResponse:
    report = reports.build(request.user, request.agency, request.GET)
    return reports.xlsx_response(request.user, report)


# ------------------------------------------------------------------ follow-up


@staff_permission_required(*ACTIONS)
@require_http_methods(["GET", "POST"])
def actions_page(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    units = counter.action_units(request.user, agency)
    initial = {
        "element": request.GET.get("unsur", ""),
        "due_date": agency.today() + dt.timedelta(days=30),
    }
    form = ActionForm(request.POST or None, units=units, initial=initial)
    period = _current_period(agency).previous()
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.record_action(
                agency,
                unit=d["unit"],
                element=d["element"],
                period_start=period.start,
                description=d["description"],
                owner=d["owner"],
                due_date=d["due_date"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Tindak lanjut tercatat."))
            return redirect("surveys:actions")
    return render(
        request,
        "surveys/staff/actions.html",
        {"form": form, "actions": counter.actions_in(units), "complete_form": CompleteForm()},
        status=422 if form.is_bound and form.errors else 200,
    )


@staff_permission_required(*ACTIONS)
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    units = counter.action_units(request.user, request.agency)
    action = (
        counter.actions_in(units).filter(pk=action_id, status=ImprovementAction.Status.OPEN).first()
    )
    if action is None:
        raise Http404
    form = CompleteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    actions.complete_action(action, note=note, by=request.user)
    messages.success(request, _("Tindak lanjut ditandai selesai."))
    return redirect("surveys:actions")


# ------------------------------------------------------------------ extra questions


@staff_permission_required(QUESTIONS)
@require_http_methods(["GET", "POST"])
def questions_page(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questions.add_question(request.agency, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Pertanyaan ditambahkan."))
            return redirect("surveys:questions")
    return render(
        request,
        "surveys/staff/questions.html",
        {"form": form, "questions": ExtraQuestion.objects.all()},
        status=422 if form.is_bound and form.errors else 200,
    )


@staff_permission_required(QUESTIONS)
@require_POST
def question_toggle(request: HttpRequest, question_id: int) -> HttpResponse:
    question = ExtraQuestion.objects.filter(pk=question_id).first()
    if question is None:
        raise Http404
    try:
        questions.set_active(question, active=not question.is_active, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("surveys:questions")


urlpatterns = [
    path("p/<slug:agency_slug>/survei/<str:token>/", answer, name="answer"),
    path("p/<slug:agency_slug>/survei/layanan/<str:rating_token>/", rate_event, name="rate_event"),
    path("p/<slug:agency_slug>/ikm/", public_index, name="public_index"),
    path("kerja/survei/loket/", counter_list, name="counter"),
    path("kerja/survei/loket/<int:event_id>/kios/", kiosk, name="kiosk"),
    path("kerja/survei/loket/<int:event_id>/kertas/", paper, name="paper"),
    path("kerja/survei/hasil/", results_page, name="results"),
    path("kerja/survei/hasil/laporan.pdf", results_pdf, name="results_pdf"),
    path("kerja/survei/hasil/laporan.xlsx", results_xlsx, name="results_xlsx"),
    path("kerja/survei/tindak-lanjut/", actions_page, name="actions"),
    path("kerja/survei/tindak-lanjut/<int:action_id>/selesai/", action_done, name="action_done"),
    path("kerja/survei/pertanyaan/", questions_page, name="questions"),
    path("kerja/survei/pertanyaan/<int:question_id>/", question_toggle, name="question_toggle"),
]
