"""HR's pages for one ASN: correct their own data, record a competency assessment
(issue 8, item 13). Both call the registry's domain functions; nothing is saved here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sigap.platform.access import staff_permission_required
from sigap.platform.forms import HtmlDateInput, TenantModelChoiceField, apply_validation_error
from sigap.workforce.models import Competency, CompetencyAssessment, Employee
from sigap.workforce.registry import records
from sigap.workforce.registry.views import get_employee_for

MANAGE = "workforce.manage_asn"


class CorrectionForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150)
    gender = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"), choices=Employee.Gender.choices)
    birth_date = forms.DateField(label=gettext_lazy("Tanggal lahir"), widget=HtmlDateInput())
    service_start = forms.DateField(label=gettext_lazy("TMT CPNS/PPPK"), widget=HtmlDateInput())
    nip = forms.CharField(label=gettext_lazy("NIP"), max_length=30, required=False)
    pppk_number = forms.CharField(label=gettext_lazy("Nomor PPPK"), max_length=30, required=False)


class AssessmentForm(forms.Form):
    competency = TenantModelChoiceField(Competency, label=gettext_lazy("Kompetensi"))
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )
    assessed_on = forms.DateField(label=gettext_lazy("Tanggal asesmen"), widget=HtmlDateInput())
    method = forms.ChoiceField(
        label=gettext_lazy("Metode"), choices=CompetencyAssessment.Method.choices
    )
    assessor = forms.CharField(
        label=gettext_lazy("Asesor"),
        max_length=150,
        help_text=gettext_lazy("Nama asesor, atasan penilai, atau lembaga asesmen."),
    )


@staff_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def asn_correct(request: HttpRequest, employee_id: int) -> HttpResponse:
    employee = get_employee_for(request, employee_id)
    initial: dict[str, Any] = {f: getattr(employee, f) for f in CorrectionForm.base_fields}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            records.correct_employee(employee, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Data %(name)s diperbarui.") % {"name": employee.full_name})
            return redirect("workforce:asn_profile", employee_id=employee.pk)
    return render(request, "workforce/registry/asn_correct.html", {"e": employee, "form": form})


@staff_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def asn_assess(request: HttpRequest, employee_id: int) -> HttpResponse:
    employee = get_employee_for(request, employee_id)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": request.agency.today()})
    if request.method == "POST" and form.is_valid():
        try:
            records.record_assessment(employee, by=request.user, strict=True, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Hasil asesmen kompetensi dicatat."))
            return redirect("workforce:asn_profile", employee_id=employee.pk)
    return render(request, "workforce/registry/asn_assess.html", {"e": employee, "form": form})
