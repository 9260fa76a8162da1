from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sigap.core.access import staff_permission_required


@staff_permission_required("workcal.view_agency_calendar")
def calendar(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {})
