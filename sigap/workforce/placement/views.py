"""Pages of the placement advisor: choose vacancies and weights, run, then accept (with
the SK) or reject (with a reason) each recommendation — htmx partials per recommendation."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sigap.platform.access import staff_permission_required
from sigap.platform.forms import HtmlDateInput, TenantModelChoiceField, apply_validation_error
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Employee, PlacementRecommendation, PlacementRun
from sigap.workforce.placement import engine as placement
from sigap.workforce.placement.explanations import render_terms
from sigap.workforce.registry import policy_for

PERMISSION = "workforce.run_placement"
VACANCY_ROWS_SHOWN = 300  # beyond this, HR narrows by unit or takes "all in the filter"
RUNS_SHOWN = 20
RECOMMENDATIONS_PER_PAGE = 50


# -- forms --------------------------------------------------------------------------------


class VacancyFilterForm(forms.Form):
    unit = TenantModelChoiceField(
        OrgUnit,
        label=gettext_lazy("Unit"),
        required=False,
        empty_label=gettext_lazy("Semua unit"),
        help_text=gettext_lazy("Termasuk unit di bawahnya."),
        narrow=lambda units: units.filter(is_active=True).order_by("path"),
    )


def _percent(weight: Any) -> float | int:
    value = round(float(weight or 0) * 100, 1)
    return int(value) if value.is_integer() else value


class RunForm(forms.Form):
    """The run's inputs. Positions come as checkbox values; weights as percentages."""

    positions = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Jabatan lowong"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    all_in_filter = forms.BooleanField(
        label=gettext_lazy("Semua jabatan lowong dalam filter unit ini"),
        required=False,
        help_text=gettext_lazy(
            "Dipakai bila daftar terlalu panjang untuk dicentang satu per satu."
        ),
    )
    exclude_nips = forms.CharField(
        label=gettext_lazy("Kecualikan ASN (NIP atau nomor PPPK)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Satu per baris atau dipisah koma, misalnya yang sedang tugas belajar."
        ),
    )

    def __init__(self, *args: Any, vacancy_ids: list[int], defaults: dict, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["positions"].choices = [(pid, pid) for pid in vacancy_ids]
        for term in placement.TERMS:
            self.fields[f"w_{term}"] = forms.FloatField(
                label=gettext("Bobot %(term)s (%%)")
                % {"term": gettext(placement.TERM_LABELS[term]).lower()},
                min_value=0,
                max_value=100,
                initial=_percent(defaults.get(term, 0)),
                widget=forms.NumberInput(attrs={"step": "any"}),
            )

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{term}"] for term in placement.TERMS]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("positions") and not data.get("all_in_filter"):
            self.add_error("positions", gettext("Pilih paling sedikit satu jabatan lowong."))
        weights = {t: data.get(f"w_{t}") for t in placement.TERMS}
        if all(w is not None for w in weights.values()) and sum(weights.values()) <= 0:
            self.add_error(None, placement.NO_WEIGHT)
        data["weights"] = weights
        identifiers = [x for x in re.split(r"[\s,;]+", data.get("exclude_nips") or "") if x]
        found = dict(Employee.objects.filter(nip__in=identifiers).values_list("nip", "pk")) | dict(
            Employee.objects.filter(pppk_number__in=identifiers).values_list("pppk_number", "pk")
        )
        unknown = [x for x in identifiers if x not in found]
        if unknown:
            self.add_error(
                "exclude_nips",
                gettext("Tidak ditemukan di pemda ini: %(ids)s.")
                % {"ids": ", ".join(unknown[:10])},
            )
        data["exclude"] = sorted(set(found.values()))
        return data


class AcceptForm(forms.Form):
    sk_number = forms.CharField(label=gettext_lazy("Nomor SK"), max_length=80)
    sk_date = forms.DateField(label=gettext_lazy("Tanggal SK"), widget=HtmlDateInput())
    starts_on = forms.DateField(label=gettext_lazy("Mulai bertugas (TMT)"), widget=HtmlDateInput())


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan penolakan"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Alasan penolakan wajib diisi."},
    )


def _accept_form(rec: PlacementRecommendation, data: Any = None) -> AcceptForm:
    return AcceptForm(data, auto_id=f"terima-{rec.pk}-%s")


def _reject_form(rec: PlacementRecommendation, data: Any = None) -> RejectForm:
    return RejectForm(data, auto_id=f"tolak-{rec.pk}-%s")


# -- pages --------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest, filter_form: VacancyFilterForm, run_form: RunForm | None = None
) -> HttpResponse:
    unit = filter_form.cleaned_data.get("unit") if filter_form.is_valid() else None
    vacancies = list(placement.vacancies(unit=unit)[: VACANCY_ROWS_SHOWN + 1])
    policy = policy_for(request.agency)
    if run_form is None:
        run_form = RunForm(
            vacancy_ids=[v.pk for v in vacancies], defaults=policy.fit_weights, auto_id="pen-%s"
        )
    chosen = set(run_form["positions"].value() or [])
    runs = (
        PlacementRun.objects.select_related("created_by")
        .annotate(n_recommendations=Count("recommendations"))
        .order_by("-created_at")[:RUNS_SHOWN]
    )
    return render(
        request,
        "workforce/placement/index.html",
        {
            "filter_form": filter_form,
            "run_form": run_form,
            "unit": unit,
            "vacancies": vacancies[:VACANCY_ROWS_SHOWN],
            "more_vacancies": len(vacancies) > VACANCY_ROWS_SHOWN,
            "chosen": {str(c) for c in chosen},
            "runs": runs,
            "rotation_due_years": policy.rotation_due_years,
        },
    )


@staff_permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def placement_index(request: HttpRequest) -> HttpResponse:
    filter_form = VacancyFilterForm(request.GET or request.POST or None, auto_id="saring-%s")
    if request.method == "GET":
        return _form_page(request, filter_form)
    unit = filter_form.cleaned_data.get("unit") if filter_form.is_valid() else None
    vacancy_ids = list(placement.vacancies(unit=unit).values_list("pk", flat=True))
    policy = policy_for(request.agency)
    run_form = RunForm(
        request.POST, vacancy_ids=vacancy_ids, defaults=policy.fit_weights, auto_id="pen-%s"
    )
    if run_form.is_valid():
        data = run_form.cleaned_data
        positions = vacancy_ids if data["all_in_filter"] else data["positions"]
        try:
            run = placement.run_placement(
                request.agency,
                positions=positions,
                exclude=data["exclude"],
                weights=data["weights"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(run_form, exc)
        else:
            messages.success(
                request,
                gettext("Penasihat penempatan selesai: %(n)s rekomendasi.")
                % {"n": run.recommendations.count()},
            )
            return redirect("workforce:placement_run", run_id=run.pk)
    return _form_page(request, filter_form, run_form)


def _run_context(
    run: PlacementRun,
    *,
    page_number: Any = None,
    only: PlacementRecommendation | None = None,
    forms_for: dict[int, dict] | None = None,
) -> dict:
    qs = run.recommendations.select_related(
        "position", "position__unit", "employee", "decided_by", "assignment"
    ).order_by("-score", "pk")
    if only is not None:
        qs = qs.filter(pk=only.pk)
    # A run fills at most its own vacancy slots, so paging through one run stays cheap.
    page = Paginator(qs, RECOMMENDATIONS_PER_PAGE).get_page(page_number)
    forms_for = forms_for or {}
    items = [
        _item(
            rec,
            forms_for.get(rec.pk, {}).get("accept"),
            forms_for.get(rec.pk, {}).get("reject"),
        )
        for rec in page.object_list
    ]
    gain = run.total_fit - run.greedy_fit
    return {
        "run": run,
        "items": items,
        "page": page,
        "only": only,
        "recommended": page.paginator.count if only is None else run.recommendations.count(),
        "unfilled": placement.unfilled_positions(run),
        "slots": len(run.position_ids),
        "gain": gain,
        "gain_pct": (gain / run.greedy_fit * 100) if run.greedy_fit else None,
        "weights": [
            (gettext(placement.TERM_LABELS[t]), run.weights.get(t, 0)) for t in placement.TERMS
        ],
    }


@staff_permission_required(PERMISSION)
@require_http_methods(["GET"])
def placement_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(PlacementRun.objects.select_related("created_by"), pk=run_id)
    return render(
        request,
        "workforce/placement/run.html",
        _run_context(run, page_number=request.GET.get("halaman")),
    )


def _item(
    rec: PlacementRecommendation,
    accept_form: AcceptForm | None = None,
    reject_form: RejectForm | None = None,
) -> dict:
    """One recommendation's block: its score explained in the reader's language."""
    return {
        "rec": rec,
        "terms": render_terms(rec.terms, placement.TERM_LABELS),
        "accept_form": accept_form or _accept_form(rec),
        "reject_form": reject_form or _reject_form(rec),
    }


def _get_recommendation(recommendation_id: int) -> PlacementRecommendation:
    # Tenant-scoped manager: another pemda's recommendation is simply not found.
    return get_object_or_404(
        PlacementRecommendation.objects.select_related(
            "run", "position", "position__unit", "employee", "decided_by", "assignment"
        ),
        pk=recommendation_id,
    )


def _decided(
    request: HttpRequest,
    rec: PlacementRecommendation,
    *,
    notice: str = "",
    accept_form: AcceptForm | None = None,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """htmx: the recommendation's own block; otherwise the run page (or back to it)."""
    if request.htmx:
        return render(
            request,
            "workforce/placement/_recommendation.html",
            {
                "item": _item(rec, accept_form, reject_form),
                "notice": notice,
            },
            status=status,
        )
    if accept_form is not None or reject_form is not None:
        # Without htmx, show just this recommendation with its errors.
        forms_for = {rec.pk: {"accept": accept_form, "reject": reject_form}}
        context = _run_context(rec.run, only=rec, forms_for=forms_for)
        return render(request, "workforce/placement/run.html", context, status=status)
    messages.success(request, notice)
    return redirect(reverse("workforce:placement_run", args=[rec.run_id]) + f"#rek-{rec.pk}")


@staff_permission_required(PERMISSION)
@require_POST
def placement_accept(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = _get_recommendation(recommendation_id)
    form = _accept_form(rec, request.POST)
    if form.is_valid():
        try:
            rec = placement.accept_recommendation(rec, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            rec = _get_recommendation(rec.pk)
            notice = gettext("%(name)s ditetapkan ke %(position)s (%(kind)s, SK %(sk)s).") % {
                "name": rec.employee.full_name,
                "position": rec.position.title,
                "kind": rec.assignment.get_kind_display().lower(),
                "sk": rec.assignment.sk_number,
            }
            return _decided(request, rec, notice=notice)
    rec = _get_recommendation(rec.pk)
    return _decided(request, rec, accept_form=form, status=422 if not request.htmx else 200)


@staff_permission_required(PERMISSION)
@require_POST
def placement_reject(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = _get_recommendation(recommendation_id)
    form = _reject_form(rec, request.POST)
    if form.is_valid():
        try:
            rec = placement.reject_recommendation(
                rec, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            rec = _get_recommendation(rec.pk)
            return _decided(
                request,
                rec,
                notice=gettext("Rekomendasi untuk %(name)s ditolak.")
                % {"name": rec.employee.full_name},
            )
    rec = _get_recommendation(rec.pk)
    return _decided(request, rec, reject_form=form, status=422 if not request.htmx else 200)
