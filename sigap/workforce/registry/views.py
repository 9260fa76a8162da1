"""Pages of the ASN registry: finding people, the list's export and the profile.

Every page reads through the viewer's scope: ``queries.employees_visible_to`` for people
and ``finder.units_visible_to`` for units, so a unit head sees only their subtree and an
object outside it answers 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.accounts.scope import row_scope
from sigap.platform.access import staff_permission_required
from sigap.platform.pagination import BadCursor
from sigap.workforce.models import Assignment, Education, Employee, RankHistory
from sigap.workforce.permissions import VIEW_ASN
from sigap.workforce.reference import golongan_by_code
from sigap.workforce.registry import exports, finder, rows, totals
from sigap.workforce.registry.forms import AsnFilterForm
from sigap.workforce.registry.queries import (
    current_of,
    employees_visible_to,
    latest_assessments,
    person_gaps,
    years_held,
)
from sigap.workforce.registry.records import policy_for


def _filtered(request: HttpRequest) -> tuple[AsnFilterForm, Any, Any, Any]:
    """The bound filter form and, when valid, (the search, the filter, the viewer's row
    scope); the policy and today."""
    paths = finder.visible_unit_paths(request.user, request.agency)
    # Read first, once: it keys the option lists and the total (``totals``).
    stamp = totals.version(request.agency.pk)
    viewer = (request.agency.pk, None if paths is None else tuple(paths))
    form = AsnFilterForm(
        request.GET or None,
        units=lambda: finder.units_visible_to(request.user, request.agency),
        stamp=stamp,
        viewer=viewer,
    )
    policy = policy_for(request.agency, stamp=stamp)
    today = request.agency.today()
    if request.GET and not form.is_valid():
        return form, None, policy, today
    f = form.to_filter() if request.GET else finder.AsnFilter()
    scope = row_scope(request.user, request.agency, "workforce.asn")
    found = finder.search(
        # Built only if a statement is made: a result kept under the stamp needs none.
        lambda: employees_visible_to(request.user, request.agency),
        f,
        policy=policy,
        today=today,
        within_paths=paths,
        stamp=stamp,
        result_key=totals.result_key(request.agency.pk, stamp, today, scope, f.as_query()),
    )
    return form, (found, f, scope), policy, today


@staff_permission_required(*VIEW_ASN)
@require_GET
def asn_list(request: HttpRequest) -> HttpResponse:
    form, found, policy, today = _filtered(request)
    page = None
    query = ""
    if found is not None:
        search, f, scope = found
        query = urlencode(f.as_query())
        try:
            page = search.page(policy=policy, today=today, cursor=request.GET.get("cursor"))
        except BadCursor as exc:
            form.add_error(None, str(exc))
        else:
            page.rows_html = rows.asn_rows(page.items)
            # The list shows how many match (issue 8, item 15), counted once per filter,
            # scope and day until a write changes what it counts (``totals``).
            page.total = totals.total(
                request.agency.pk,
                form.stamp,
                today,
                scope,
                f.as_query(),
                search.count,
            )
            page.next_url, page.prev_url = _page_links(request, query, page.next_cursor)
    context = {"form": form, "page": page, "query": query, "first_page": "cursor" in request.GET}
    if request.htmx:
        return render(request, "workforce/registry/_asn_results.html", context)
    return render(request, "workforce/registry/asn_list.html", context)


@staff_permission_required(*VIEW_ASN)
@require_GET
def asn_export(request: HttpRequest) -> HttpResponse:
    form, found, policy, today = _filtered(request)
    if found is None:
        return render(
            request,
            "workforce/registry/asn_list.html",
            {"form": form, "page": None, "query": ""},
            status=400,
        )
    search, f, _scope = found
    # The import's columns first, so that export → edit → re-import works (issue 8).
    from sigap.workforce.roster import roster_workbook

    out, n = roster_workbook(finder.iterate(search.matches, policy=policy, today=today))
    exports.record_export(request.agency, "daftar ASN", filters=f.as_query(), rows=n)
    return exports.xlsx_response(out, f"data-asn-{today:%Y%m%d}.xlsx")


FIRST = "-"  # the first page's place in the ``prev`` trail (it has no cursor)


def _page_links(request: HttpRequest, query: str, next_cursor: str | None) -> tuple[str, str]:
    """Links to the next and the previous page. Keyset cursors only point forward, so
    each link carries the cursors of the pages before it (``prev``): going back a page
    is the last of them (issue 8, item 15: the ASN list could not go back)."""
    current = request.GET.get("cursor") or FIRST
    trail = [c for c in request.GET.get("prev", "").split(",") if c][:200]
    base = f"?{query}&" if query else "?"
    # The cursor goes last and as it came (as the list always wrote it); the trail of
    # earlier cursors before it, URL-quoted.
    next_url = ""
    if next_cursor:
        next_url = f"{base}prev={quote(','.join([*trail, current]))}&cursor={next_cursor}"
    prev_url = ""
    if trail:
        earlier = ",".join(trail[:-1])
        back = f"prev={quote(earlier)}&" if earlier else ""
        if trail[-1] != FIRST:
            back += f"cursor={trail[-1]}"
        prev_url = (base + back).rstrip("&") if back else (f"?{query}" if query else "?")
    return next_url, prev_url


def get_employee_for(request: HttpRequest, employee_id: int) -> Employee:
    """The employee if the viewer may see them; 404 otherwise (absent or out of scope)."""
    employee = employees_visible_to(request.user, request.agency).filter(pk=employee_id).first()
    if employee is None:
        raise Http404
    return employee


@staff_permission_required(*VIEW_ASN)
@require_GET
def asn_profile(request: HttpRequest, employee_id: int) -> HttpResponse:
    employee = get_employee_for(request, employee_id)
    # Read once: the policy and the post's standard are kept under it (``totals``).
    stamp = totals.version(request.agency.pk)
    policy = policy_for(request.agency, stamp=stamp)
    today = request.agency.today()
    # Each history read once: the ranks give the current golongan, the assignments the
    # current post, the latest assessments (with their competencies) the gaps and the
    # other levels.
    rank_rows = list(RankHistory.objects.filter(employee=employee).order_by("-tmt"))
    assignments = list(
        Assignment.objects.filter(employee=employee)
        .select_related("position", "position__unit")
        .order_by("-starts_on", "-pk")
    )
    (person,) = finder.with_state(
        [employee],
        policy=policy,
        today=today,
        golongan={employee.pk: rank_rows[0].golongan} if rank_rows else {},
        posts={employee.pk: current_of(assignments, today)},
    )
    latest = latest_assessments(employee)
    levels = {competency_id: a.level for competency_id, a in latest.items()}
    standard = person_gaps(
        employee, position_id=person.current_position_id, levels=levels, stamp=stamp
    )
    in_standard = {g.competency_id for g in standard}
    others = sorted(
        (a for a in latest.values() if a.competency_id not in in_standard),
        key=lambda a: a.name,
    )
    golongan = golongan_by_code()
    ranks = [(r, golongan[r.golongan].pangkat if r.golongan in golongan else "") for r in rank_rows]
    context = {
        "can_manage": request.user.has_perm("workforce.manage_asn", request.agency),
        "e": person,
        "pangkat": golongan[person.current_golongan].pangkat
        if person.current_golongan in golongan
        else "",
        "bup": policy.bup_for(person.current_jabatan_type),
        "years_in_position": years_held(person.current_since, today)
        if person.current_since
        else None,
        "rank_rows": rows.rank_rows(ranks),
        "assignment_rows": rows.assignment_rows(assignments),
        "education_rows": rows.education_rows(
            list(Education.objects.filter(employee=employee).order_by("-graduation_year"))
        ),
        "standard": standard,
        "standard_rows": rows.standard_rows(standard),
        "gap_total": sum(g.gap for g in standard),
        "other_level_rows": rows.level_rows(others),
    }
    return render(request, "workforce/registry/asn_profile.html", context)
