from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sigap.platform.access import may, staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.tenancy import org
from sigap.tenancy.forms import UnitForm
from sigap.tenancy.models import OrgUnit


def _render_list(request: HttpRequest, form: UnitForm | None) -> HttpResponse:
    units = OrgUnit.objects.order_by("path")
    can_manage = may(request.user, request.agency, "tenancy.manage_agency_units")
    return render(
        request,
        "tenancy/unit_list.html",
        {"units": units, "form": form or (UnitForm() if can_manage else None)},
    )


@staff_permission_required("tenancy.view_agency_units")
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, None)


@staff_permission_required("tenancy.manage_agency_units")
@require_POST
def unit_create(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            unit = org.create_unit(
                request.agency,
                kind=d["kind"],
                name=d["name"],
                code=d["code"],
                parent=d["parent"],
                short_name=d["short_name"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Unit {unit.name} ditambahkan.")
            return redirect("tenancy:unit_list")
    return _render_list(request, form)
