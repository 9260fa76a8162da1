from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.core.access import staff_permission_required
from sigap.tenancy.models import OrgUnit


@staff_permission_required("tenancy.view_agency_units")
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    units = OrgUnit.objects.select_related("parent").order_by("path")
    return render(request, "tenancy/unit_list.html", {"units": units})
