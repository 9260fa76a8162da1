"""Pages of the workforce analysis: competency gaps, rotation due, continuity risk and
recruitment needs, per unit with drill-down into the unit tree.

Every page reads through the viewer's scope (``registry.employees_visible_to``,
``registry.units_visible_to``): a unit head sees only their subtree, and a unit outside
it answers 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_GET

from sigap.platform.access import staff_permission_required
from sigap.platform.pagination import BadCursor, keyset_page
from sigap.platform.widgets import FastSelect
from sigap.tenancy.models import OrgUnit
from sigap.workforce import registry
from sigap.workforce.analysis import continuity, gaps, recruitment
from sigap.workforce.analysis.exports import recruitment_workbook
from sigap.workforce.analysis.units import report_units
from sigap.workforce.models import Employee
from sigap.workforce.permissions import VIEW_ASN, VIEW_CONTINUITY

PEOPLE_SHOWN = 100  # people listed when drilling into a unit's competency gaps


def _unit_from(request: HttpRequest) -> OrgUnit | None:
    """``?unit=`` among the units the viewer may see; 404 for any other value."""
    raw = request.GET.get("unit")
    if not raw:
        return None
    try:
        unit_id = int(raw)
    except ValueError:
        raise Http404 from None
    return registry.get_unit_for(request.user, request.agency, unit_id)


def _breadcrumbs(request: HttpRequest, unit: OrgUnit | None) -> list[OrgUnit]:
    if unit is None:
        return []
    visible = registry.units_visible_to(request.user, request.agency)
    return list(visible.filter(path__in=registry.ancestor_paths(unit.path)).order_by("path"))


@staff_permission_required(*VIEW_ASN)
@require_GET
def gap_report(request: HttpRequest) -> HttpResponse:
    unit = _unit_from(request)
    people = registry.employees_visible_to(request.user, request.agency)
    paths = registry.visible_unit_paths(request.user, request.agency)
    # Agency-wide viewers: no subquery over 60,000 visible ids (same rows, cheaper plan).
    table = gaps.gap_table(people if paths is not None else None, unit=unit)
    units = report_units(request.user, request.agency, unit)
    context: dict[str, Any] = {
        "unit": unit,
        "crumbs": _breadcrumbs(request, unit),
        "units": gaps.by_unit(table, units),
        "competencies": gaps.by_competency(table),
        "total": gaps.total(table, unit.name if unit else "Semua"),
    }
    if unit is not None:
        worst = gaps.by_person(table, limit=PEOPLE_SHOWN)
        names = dict(
            Employee.objects.filter(pk__in=[t.key for t in worst]).values_list("pk", "full_name")
        )
        context["people"] = [(t, names.get(t.key, "")) for t in worst]
        context["people_shown"] = PEOPLE_SHOWN
    return render(request, "workforce/registry/gaps.html", context)


@staff_permission_required(*VIEW_CONTINUITY)
@require_GET
def rotation_due(request: HttpRequest) -> HttpResponse:
    unit = _unit_from(request)
    policy = registry.policy_for(request.agency)
    today = request.agency.today()
    people = registry.employees_visible_to(request.user, request.agency)
    qs = continuity.rotation_due(people, policy=policy, today=today, unit=unit)
    error = None
    try:
        page = keyset_page(
            qs, key="starts_on", cursor=request.GET.get("cursor"), size=50, descending=False
        )
    except BadCursor as exc:
        page, error = None, str(exc)
    rows = [(a, registry.years_held(a.starts_on, today)) for a in page.items] if page else []
    units = registry.units_visible_to(request.user, request.agency).order_by("path")
    return render(
        request,
        "workforce/registry/rotation_due.html",
        {
            "unit": unit,
            "unit_select": FastSelect(choices=registry.unit_choices(units)).render(
                "unit", unit.pk if unit else "", {"id": "rot-unit", "class": "form-select"}
            ),
            "page": page,
            "rows": rows,
            "error": error,
            "years": policy.rotation_due_years,
            "query": urlencode({"unit": unit.pk} if unit else {}),
        },
    )


@staff_permission_required(*VIEW_CONTINUITY)
@require_GET
def continuity_report(request: HttpRequest) -> HttpResponse:
    unit = _unit_from(request)
    policy = registry.policy_for(request.agency)
    today = request.agency.today()
    with_candidates = request.GET.get("kandidat") == "1"
    units = ([unit] if unit else []) + report_units(request.user, request.agency, unit)
    risks = continuity.risk_by_unit(
        units, policy=policy, today=today, with_candidates=with_candidates
    )
    context = {
        "unit": unit,
        "crumbs": _breadcrumbs(request, unit),
        "total": risks[0] if unit else None,
        "risks": risks[1:] if unit else risks,
        "with_candidates": with_candidates,
        "policy": policy,
        "threshold_pct": round(policy.internal_candidate_threshold * 100),
        "query": urlencode({"unit": unit.pk} if unit else {}),
    }
    if request.htmx and with_candidates:
        response = render(request, "workforce/registry/_continuity_table.html", context)
    else:
        response = render(request, "workforce/registry/continuity.html", context)
    # The partial and the page share a URL (?kandidat=1): a cached partial shown as the
    # page, or the page without its column restored from cache, left the column "being
    # calculated" after a reload (issue 8, item 14). Neither is ever stored.
    patch_vary_headers(response, ("HX-Request",))
    add_never_cache_headers(response)
    return response


def _recruitment(request: HttpRequest) -> tuple[OrgUnit | None, list, list[int], Any]:
    unit = _unit_from(request)
    policy = registry.policy_for(request.agency)
    today = request.agency.today()
    paths = registry.visible_unit_paths(request.user, request.agency)
    positions = recruitment.positions_in(unit, paths)
    items = recruitment.needs(positions, policy=policy, today=today)
    return unit, items, recruitment.plan_years(today), today


@staff_permission_required(*VIEW_CONTINUITY)
@require_GET
def recruitment_report(request: HttpRequest) -> HttpResponse:
    unit, items, years, _ = _recruitment(request)
    units = report_units(request.user, request.agency, unit)
    context: dict[str, Any] = {
        "unit": unit,
        "crumbs": _breadcrumbs(request, unit),
        "years": years,
        "units": recruitment.by_unit(items, units, years),
        "total": recruitment.by_unit(items, [unit], years)[0]
        if unit
        else _need_total(items, years),
        "query": urlencode({"unit": unit.pk} if unit else {}),
    }
    if unit is not None:
        context["positions"] = [p for p in items if p.any_need or p.surplus]
        context["positions_without_need"] = len(items) - len(context["positions"])
    return render(request, "workforce/registry/recruitment.html", context)


def _need_total(items: list[recruitment.PositionNeed], years: list[int]) -> recruitment.UnitNeed:
    total = recruitment.UnitNeed(OrgUnit(name="Semua unit"), years)
    for item in items:
        total.add(item)
    return total


@staff_permission_required(*VIEW_CONTINUITY)
@require_GET
def recruitment_export(request: HttpRequest) -> HttpResponse:
    unit, items, years, today = _recruitment(request)
    out, n = recruitment_workbook(items, years)
    registry.record_export(
        request.agency,
        "kebutuhan pegawai",
        filters={"unit": unit.pk} if unit else {},
        rows=n,
    )
    return registry.xlsx_response(out, f"kebutuhan-pegawai-{today:%Y%m%d}.xlsx")
