from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.platform.access import staff_permission_required
from sigap.platform.pagination import BadCursor, keyset_page
from sigap.trail.forms import TrailSearchForm
from sigap.trail.trail import TrailFilter, entry_for, trail_for


@staff_permission_required("audit.view_agency_trail")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = TrailSearchForm(request.GET or None)
    page = None
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        f = TrailFilter(**{k: v for k, v in data.items() if v not in (None, "")})
        try:
            page = keyset_page(
                trail_for(request.agency, f),
                key="timestamp",
                cursor=request.GET.get("cursor"),
                size=50,
            )
        except BadCursor as exc:
            form.add_error(None, str(exc))
    query = request.GET.copy()
    query.pop("cursor", None)
    template = "audit/_rows.html" if request.htmx else "audit/search.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@staff_permission_required("audit.view_agency_trail")
@require_GET
def detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = entry_for(request.agency, entry_id)
    if entry is None:
        raise Http404
    return render(request, "audit/detail.html", {"entry": entry})
