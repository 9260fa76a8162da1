"""Pages of the ASN registry: finding people, the profile, competency gaps, rotation due,
continuity risk and recruitment needs.

Every page reads through the viewer's scope: ``queries.employees_visible_to`` for people
and ``finder.units_visible_to`` for units, so a unit head sees only their subtree and an
object outside it answers 404, like one that does not exist.
"""

from __future__ import annotations

from html import escape  # the standard library's: no SafeString per option
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from sigap.platform.access import staff_permission_required
from sigap.platform.pagination import BadCursor, keyset_page
from sigap.tenancy.models import OrgUnit
from sigap.workforce import continuity, exports, finder, gaps, recruitment
from sigap.workforce.models import (
    Assignment,
    Competency,
    Education,
    Employee,
    JabatanType,
    RankHistory,
)
from sigap.workforce.queries import current_levels, employees_visible_to
from sigap.workforce.records import policy_for
from sigap.workforce.reference import GOLONGAN_CHOICES, STUDY_FIELD_CHOICES, golongan_by_code

# Agency-wide or confined to the unit subtrees of a unit head (accounts.scope).
VIEW_ASN = ("workforce.view_all_asn", "workforce.view_unit_asn")
VIEW_CONTINUITY = ("workforce.view_all_continuity", "workforce.view_unit_continuity")
PEOPLE_SHOWN = 100  # people listed when drilling into a unit's competency gaps

ALL = [("", "Semua")]
RETIRING_CHOICES = [("", "—"), (3, "3 bulan"), (6, "6 bulan"), (12, "12 bulan"), (24, "2 tahun")]
RETIRING_CHOICES += [(60, "5 tahun")]
STATUS_CHOICES = [*Employee.Status.choices, ("all", "Semua status")]


class FastSelect(forms.Select):
    """A select whose options are joined in Python: a province has ~700 units, and the
    template-per-option widget spent over 100 ms of every list request on them. Label,
    help, errors and the aria attributes still come from the field group as usual."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        parts = []
        for key, label in self.choices:
            key = "" if key is None else str(key)
            selected = " selected" if key in chosen else ""
            parts.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        # Every value and label is escaped above.
        return mark_safe(f"<select{flatatt(final)}>{''.join(parts)}</select>")  # noqa: S308


def unit_choices(units: Any) -> list[tuple[Any, str]]:
    """Options for a unit select, indented by depth, from plain values (no model
    instances: hundreds of units)."""
    rows = units.order_by("path").values_list("pk", "name", "path")
    return [("", "Semua unit")] + [
        (pk, "— " * (path.count("/") - 2) + name) for pk, name, path in rows
    ]


class AsnFilterForm(forms.Form):
    """The list's filters, as GET parameters (``AsnFilter.as_query`` writes them back)."""

    q = forms.CharField(
        label="Cari nama atau NIP",
        required=False,
        max_length=100,
        help_text="Sebagian nama, atau awal NIP/nomor PPPK.",
    )
    # An integer checked against the viewer's units in clean_unit: a ChoiceField would
    # normalise and scan hundreds of choices on every request.
    unit = forms.IntegerField(label="Unit (termasuk sub-unit)", required=False, widget=FastSelect)
    jabatan_type = forms.ChoiceField(
        label="Jenis jabatan", required=False, choices=ALL + JabatanType.choices, widget=FastSelect
    )
    golongan = forms.ChoiceField(
        label="Golongan", required=False, choices=ALL + GOLONGAN_CHOICES, widget=FastSelect
    )
    competency = forms.IntegerField(label="Kompetensi", required=False, widget=FastSelect)
    min_level = forms.TypedChoiceField(
        label="Level minimal",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
        widget=FastSelect,
        help_text="Berlaku bila kompetensi dipilih (bawaan 1).",
    )
    field_group = forms.ChoiceField(
        label="Rumpun pendidikan",
        required=False,
        choices=ALL + STUDY_FIELD_CHOICES,
        widget=FastSelect,
    )
    retiring_within = forms.TypedChoiceField(
        label="Pensiun dalam",
        required=False,
        coerce=int,
        empty_value=None,
        choices=RETIRING_CHOICES,
    )
    rotation_due = forms.BooleanField(label="Jatuh tempo rotasi", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=STATUS_CHOICES, widget=FastSelect
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units = units
        self.fields["unit"].widget.choices = unit_choices(units)
        self._competencies = dict(
            Competency.objects.order_by("kind", "name").values_list("pk", "name")
        )
        self.fields["competency"].widget.choices = [("", "Semua"), *self._competencies.items()]

    def clean_unit(self) -> OrgUnit | None:
        unit_id = self.cleaned_data.get("unit")
        if unit_id is None:
            return None
        unit = self._units.filter(pk=unit_id).first()
        if unit is None:
            raise forms.ValidationError("Pilih unit yang tersedia.")
        return unit

    def clean_competency(self) -> int | None:
        competency_id = self.cleaned_data.get("competency")
        if competency_id is not None and competency_id not in self._competencies:
            raise forms.ValidationError("Pilih kompetensi yang tersedia.")
        return competency_id

    def to_filter(self) -> finder.AsnFilter:
        d = self.cleaned_data
        status = d.get("status") or Employee.Status.ACTIVE
        return finder.AsnFilter(
            text=d.get("q") or "",
            unit=d.get("unit"),
            jabatan_type=d.get("jabatan_type") or "",
            golongan=d.get("golongan") or "",
            competency_id=d.get("competency"),
            min_level=d.get("min_level"),
            field_group=d.get("field_group") or "",
            retiring_within_months=d.get("retiring_within"),
            rotation_due=bool(d.get("rotation_due")),
            status="" if status == "all" else status,
        )


def _scope(request: HttpRequest) -> tuple[Any, list[str] | None]:
    """The people the viewer may see, and the unit paths they are confined to."""
    return (
        employees_visible_to(request.user, request.agency),
        finder.visible_unit_paths(request.user, request.agency),
    )


def _filtered(request: HttpRequest) -> tuple[AsnFilterForm, Any, Any, Any]:
    """The bound filter form and, when valid, the filtered queryset, policy and today."""
    units = finder.units_visible_to(request.user, request.agency)
    form = AsnFilterForm(request.GET or None, units=units)
    policy = policy_for(request.agency)
    today = request.agency.today()
    if request.GET and not form.is_valid():
        return form, None, policy, today
    f = form.to_filter() if request.GET else finder.AsnFilter()
    people, paths = _scope(request)
    qs = finder.filter_employees(people, f, policy=policy, today=today, within_paths=paths)
    return form, (qs, f), policy, today


@staff_permission_required(*VIEW_ASN)
@require_GET
def asn_list(request: HttpRequest) -> HttpResponse:
    form, found, policy, today = _filtered(request)
    page = None
    query = ""
    if found is not None:
        qs, f = found
        query = _urlencode(f.as_query())
        try:
            page = finder.page(qs, policy=policy, today=today, cursor=request.GET.get("cursor"))
        except BadCursor as exc:
            form.add_error(None, str(exc))
        else:
            _prepare_rows(page.items)
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
    qs, f = found
    out, n = exports.asn_workbook(finder.iterate(qs, policy=policy, today=today))
    exports.record_export(request.agency, "daftar ASN", filters=f.as_query(), rows=n)
    return exports.response(out, f"data-asn-{today:%Y%m%d}.xlsx")


def _prepare_rows(employees: list[Employee]) -> None:
    """Display values for the list rows, formatted once in Python: the template engine's
    url tag and localised date filter cost more than the rest of a 50-row page."""
    url = reverse("workforce:asn_profile", args=[0])[: -len("0/")]
    for e in employees:
        e.profile_url = f"{url}{e.pk}/"
        e.since_text = f"{e.current_since:%d-%m-%Y}" if e.current_since else "—"
        e.retires_text = f"{e.retires_on:%d-%m-%Y}"


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
    policy = policy_for(request.agency)
    today = request.agency.today()
    (person,) = finder.rows_for([employee.pk], policy=policy, today=today)
    standard = gaps.person_gaps(employee)
    in_standard = {g.competency_id for g in standard}
    levels = current_levels([employee.pk]).get(employee.pk, {})
    others = sorted(
        (
            (c, levels[c.pk])
            for c in Competency.objects.filter(pk__in=[k for k in levels if k not in in_standard])
        ),
        key=lambda item: item[0].name,
    )
    golongan = golongan_by_code()
    ranks = [
        (r, golongan[r.golongan].pangkat if r.golongan in golongan else "")
        for r in RankHistory.objects.filter(employee=employee).order_by("-tmt")
    ]
    context = {
        "e": person,
        "pangkat": golongan[person.current_golongan].pangkat
        if person.current_golongan in golongan
        else "",
        "bup": policy.bup_for(person.current_jabatan_type),
        "years_in_position": continuity.years_held(person.current_since, today)
        if person.current_since
        else None,
        "ranks": ranks,
        "assignments": Assignment.objects.filter(employee=employee)
        .select_related("position", "position__unit")
        .order_by("-starts_on", "-pk"),
        "educations": Education.objects.filter(employee=employee).order_by("-graduation_year"),
        "standard": standard,
        "gap_total": sum(g.gap for g in standard),
        "other_levels": others,
    }
    return render(request, "workforce/registry/asn_profile.html", context)


# -------------------------------------------------------------------- units and drill-down


def _unit_from(request: HttpRequest) -> OrgUnit | None:
    """``?unit=`` among the units the viewer may see; 404 for any other value."""
    raw = request.GET.get("unit")
    if not raw:
        return None
    try:
        unit_id = int(raw)
    except ValueError:
        raise Http404 from None
    unit = finder.units_visible_to(request.user, request.agency).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _report_units(request: HttpRequest, unit: OrgUnit | None) -> list[OrgUnit]:
    """Rows of a per-unit report: the unit's children (drill-down), else the top of the
    viewer's tree (the OPDs, or a unit head's own units)."""
    if unit is not None:
        return list(OrgUnit.objects.filter(parent=unit).order_by("path"))
    paths = finder.visible_unit_paths(request.user, request.agency)
    if paths is None:
        return list(OrgUnit.objects.filter(parent__isnull=True).order_by("path"))
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))


def _breadcrumbs(request: HttpRequest, unit: OrgUnit | None) -> list[OrgUnit]:
    if unit is None:
        return []
    visible = finder.units_visible_to(request.user, request.agency)
    return list(visible.filter(path__in=finder.ancestor_paths(unit.path)).order_by("path"))


@staff_permission_required(*VIEW_ASN)
@require_GET
def gap_report(request: HttpRequest) -> HttpResponse:
    unit = _unit_from(request)
    people, paths = _scope(request)
    # Agency-wide viewers: no subquery over 60,000 visible ids (same rows, cheaper plan).
    table = gaps.gap_table(people if paths is not None else None, unit=unit)
    units = _report_units(request, unit)
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
    policy = policy_for(request.agency)
    today = request.agency.today()
    people, _ = _scope(request)
    qs = continuity.rotation_due(people, policy=policy, today=today, unit=unit)
    error = None
    try:
        page = keyset_page(
            qs, key="starts_on", cursor=request.GET.get("cursor"), size=50, descending=False
        )
    except BadCursor as exc:
        page, error = None, str(exc)
    rows = [(a, continuity.years_held(a.starts_on, today)) for a in page.items] if page else []
    units = finder.units_visible_to(request.user, request.agency).order_by("path")
    return render(
        request,
        "workforce/registry/rotation_due.html",
        {
            "unit": unit,
            "unit_select": FastSelect(choices=unit_choices(units)).render(
                "unit", unit.pk if unit else "", {"id": "rot-unit", "class": "form-select"}
            ),
            "page": page,
            "rows": rows,
            "error": error,
            "years": policy.rotation_due_years,
            "query": _urlencode({"unit": unit.pk} if unit else {}),
        },
    )


@staff_permission_required(*VIEW_CONTINUITY)
@require_GET
def continuity_report(request: HttpRequest) -> HttpResponse:
    unit = _unit_from(request)
    policy = policy_for(request.agency)
    today = request.agency.today()
    with_candidates = request.GET.get("kandidat") == "1"
    units = ([unit] if unit else []) + _report_units(request, unit)
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
        "query": _urlencode({"unit": unit.pk} if unit else {}),
    }
    if request.htmx and with_candidates:
        return render(request, "workforce/registry/_continuity_table.html", context)
    return render(request, "workforce/registry/continuity.html", context)


def _recruitment(request: HttpRequest) -> tuple[OrgUnit | None, list, list[int], Any]:
    unit = _unit_from(request)
    policy = policy_for(request.agency)
    today = request.agency.today()
    paths = finder.visible_unit_paths(request.user, request.agency)
    positions = recruitment.positions_in(unit, paths)
    items = recruitment.needs(positions, policy=policy, today=today)
    return unit, items, recruitment.plan_years(today), today


@staff_permission_required(*VIEW_CONTINUITY)
@require_GET
def recruitment_report(request: HttpRequest) -> HttpResponse:
    unit, items, years, _ = _recruitment(request)
    units = _report_units(request, unit)
    context: dict[str, Any] = {
        "unit": unit,
        "crumbs": _breadcrumbs(request, unit),
        "years": years,
        "units": recruitment.by_unit(items, units, years),
        "total": recruitment.by_unit(items, [unit], years)[0]
        if unit
        else _need_total(items, years),
        "query": _urlencode({"unit": unit.pk} if unit else {}),
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
    out, n = exports.recruitment_workbook(items, years)
    exports.record_export(
        request.agency,
        "kebutuhan pegawai",
        filters={"unit": unit.pk} if unit else {},
        rows=n,
    )
    return exports.response(out, f"kebutuhan-pegawai-{today:%Y%m%d}.xlsx")


def _urlencode(query: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(query)


urlpatterns = [
    path("kerja/asn/", asn_list, name="asn_list"),
    path("kerja/asn/ekspor/", asn_export, name="asn_export"),
    path("kerja/asn/<int:employee_id>/", asn_profile, name="asn_profile"),
    path("kerja/kompetensi/", gap_report, name="gaps"),
    path("kerja/rotasi/", rotation_due, name="rotation_due"),
    path("kerja/kesinambungan/", continuity_report, name="continuity"),
    path("kerja/kebutuhan-pegawai/", recruitment_report, name="recruitment"),
    path("kerja/kebutuhan-pegawai/ekspor/", recruitment_export, name="recruitment_export"),
]
