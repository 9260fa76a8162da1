from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.platform.access import staff_permission_required
from sigap.platform.pagination import BadCursor, keyset_page
from sigap.trail import display
from sigap.trail.export import MAX_ROWS, XLSX, record_trail_export, trail_workbook
from sigap.trail.forms import TrailSearchForm
from sigap.trail.trail import TrailFilter, entry_for, trail_for


def _filter(request: HttpRequest) -> tuple[TrailSearchForm, TrailFilter | None]:
    form = TrailSearchForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    return form, TrailFilter(**{k: v for k, v in data.items() if v not in (None, "")})


@staff_permission_required("audit.view_agency_trail")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form, f = _filter(request)
    page = None
    if f is not None:
        try:
            page = keyset_page(
                trail_for(request.agency, f),
                key="timestamp",
                cursor=request.GET.get("cursor"),
                size=50,
            )
        except BadCursor as exc:
            form.add_error(None, str(exc))
        else:
            display.prepare(page.items)
    query = request.GET.copy()
    query.pop("cursor", None)
    template = "audit/_rows.html" if request.htmx else "audit/search.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@staff_permission_required("audit.view_agency_trail")
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The same search as the list, every matching entry (up to MAX_ROWS), as .xlsx."""
    form, f = _filter(request)
    if f is None:
        return render(request, "audit/search.html", {"form": form, "page": None}, status=400)
    entries = trail_for(request.agency, f).order_by("-timestamp", "-pk")[:MAX_ROWS]
    content, n = trail_workbook(entries.iterator(chunk_size=2000))
    query = request.GET.copy()
    query.pop("cursor", None)
    record_trail_export(request.agency, filters=dict(query.items()), rows=n)
    response = HttpResponse(content, content_type=XLSX)
    today = request.agency.today()
    name = _("jejak-audit")
    response["Content-Disposition"] = f'attachment; filename="{name}-{today:%Y%m%d}.xlsx"'
    return response


@staff_permission_required("audit.view_agency_trail")
@require_GET
def detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = entry_for(request.agency, entry_id)
    if entry is None:
        raise Http404
    display.prepare([entry])
    return render(request, "audit/detail.html", {"entry": entry, "changes": display.changes(entry)})
