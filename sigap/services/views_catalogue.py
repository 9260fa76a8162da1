"""Staff catalogue pages: services, the draft of each service's next standard, its
application form, preview, publication and version history.

The agency admin edits every unit's services (``services.manage_all_catalogue``); a
unit head those of their unit subtree (``services.manage_unit_catalogue``). Services
are fetched only through ``catalogue_access.get_service_for``: outside the user's
scope a service is "not found". Every write is a ``catalogue`` domain function.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.platform.access import staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.services import catalogue
from sigap.services.catalogue_access import (
    MANAGE,
    draft_of,
    get_service_for,
    services_for,
    units_for,
    versions_of,
)
from sigap.services.forms_catalogue import (
    DefinitionJSONForm,
    FieldRowFormSet,
    ServiceEditForm,
    ServiceForm,
    StandardForm,
    definition_from_rows,
    rows_initial,
    service_initial,
    standard_initial,
)
from sigap.services.forms_in_data import django_form
from sigap.services.models import Service, ServiceStandard

MORE_ROWS = 3


def _service(request: HttpRequest, service_id: int) -> Service:
    service = get_service_for(request.user, request.agency, service_id)
    if service is None:
        raise Http404
    return service


def _working_copy(service: Service) -> ServiceStandard | None:
    """What the editor starts from: the draft, else the version in force."""
    return draft_of(service) or catalogue.standard_in_force(service)


def _save_draft(service: Service, *, by: Any, **values: Any) -> ServiceStandard:
    if "fee" in values:
        catalogue.check_fee(service, values["fee"])
    draft = draft_of(service)
    if draft is not None:
        return catalogue.update_draft(draft, by=by, **values)
    return catalogue.draft_standard(service, by=by, **values)


@staff_permission_required(*MANAGE)
@require_GET
def catalogue_admin(request: HttpRequest) -> HttpResponse:
    published = ServiceStandard.objects.filter(
        service=OuterRef("pk"), status=ServiceStandard.Status.PUBLISHED
    ).values("version")[:1]
    draft = ServiceStandard.objects.filter(
        service=OuterRef("pk"), status=ServiceStandard.Status.DRAFT
    ).values("version")[:1]
    services = services_for(request.user, request.agency).annotate(
        in_force=Subquery(published), draft=Subquery(draft)
    )
    q = request.GET.get("q", "").strip()[:100]
    if q:
        services = services.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(unit__name__icontains=q)
        )
    return render(
        request, "services/catalogue/list.html", {"services": list(services[:500]), "q": q}
    )


@staff_permission_required(*MANAGE)
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user, request.agency)
    form = ServiceForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            service = catalogue.create_service(request.agency, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, f"Layanan {service.name} dibuat. Lengkapi standar pelayanannya."
            )
            return redirect("services:catalogue_standard", service_id=service.pk)
    return render(request, "services/catalogue/service_form.html", {"form": form})


@staff_permission_required(*MANAGE)
@require_GET
def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    return render(
        request,
        "services/catalogue/detail.html",
        {
            "service": service,
            "in_force": catalogue.standard_in_force(service),
            "draft": draft_of(service),
            "versions": list(versions_of(service)),
        },
    )


@staff_permission_required(*MANAGE)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    units = units_for(request.user, request.agency)
    form = ServiceEditForm(request.POST or None, units=units, initial=service_initial(service))
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.update_service(service, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Data layanan disimpan.")
            return redirect("services:catalogue_service", service_id=service.pk)
    return render(
        request, "services/catalogue/service_form.html", {"form": form, "service": service}
    )


@staff_permission_required(*MANAGE)
@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    draft = draft_of(service)
    base = draft or catalogue.standard_in_force(service)
    form = StandardForm(request.POST or None, initial=standard_initial(base))
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_draft(service, by=request.user, **form.values())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                f"Konsep standar versi {saved.version} disimpan. "
                "Periksa pratinjau, lalu terbitkan agar berlaku.",
            )
            return redirect("services:catalogue_service", service_id=service.pk)
    return render(
        request,
        "services/catalogue/standard_form.html",
        {"service": service, "form": form, "draft": draft, "base": base},
    )


@staff_permission_required(*MANAGE)
@require_http_methods(["GET", "POST"])
def form_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    base = _working_copy(service)
    if base is None:
        messages.info(request, "Isi standar pelayanan terlebih dahulu.")
        return redirect("services:catalogue_standard", service_id=service.pk)
    definition = list(base.form_fields)
    mode = request.POST.get("mode", request.GET.get("mode", "rows"))
    formset = FieldRowFormSet(initial=rows_initial(definition), prefix="f")
    json_form = DefinitionJSONForm(initial={"definition": _json(definition)})
    problems: list[str] = []
    if request.method == "POST" and mode == "json":
        json_form = DefinitionJSONForm(request.POST)
        if json_form.is_valid():
            new = json_form.cleaned_data["definition"]
            try:
                _save_draft(service, by=request.user, form_fields=new)
            except ValidationError as exc:
                apply_validation_error(json_form, _on(exc, "form_fields", "definition"))
            else:
                return _form_saved(request, service)
    elif request.method == "POST":
        data = request.POST.copy()
        if "more" in data:
            total = int(data.get("f-TOTAL_FORMS", "0") or 0)
            data["f-TOTAL_FORMS"] = str(min(total + MORE_ROWS, 60))
            formset = FieldRowFormSet(data, initial=rows_initial(definition), prefix="f")
        else:
            formset = FieldRowFormSet(data, initial=rows_initial(definition), prefix="f")
            if formset.is_valid() and not _duplicate_keys(formset):
                try:
                    _save_draft(service, by=request.user, form_fields=definition_from_rows(formset))
                except ValidationError as exc:
                    problems = _messages(exc)
                else:
                    return _form_saved(request, service)
    return render(
        request,
        "services/catalogue/form_editor.html",
        {
            "service": service,
            "base": base,
            "formset": formset,
            "json_form": json_form,
            "mode": mode,
            "problems": problems,
        },
    )


def _form_saved(request: HttpRequest, service: Service) -> HttpResponse:
    draft = draft_of(service)
    messages.success(request, f"Formulir permohonan disimpan di konsep versi {draft.version}.")
    return redirect("services:catalogue_preview", service_id=service.pk)


def _json(definition: list[dict[str, Any]]) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2)


def _on(exc: ValidationError, old: str, new: str) -> ValidationError:
    if hasattr(exc, "error_dict") and old in exc.error_dict:
        errors = dict(exc.error_dict)
        errors[new] = errors.pop(old)
        return ValidationError(errors)
    return exc


def _messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _duplicate_keys(formset: Any) -> bool:
    """A key used twice: flagged on the second row, where the editor can see it."""
    seen: set[str] = set()
    found = False
    for form in formset.ordered_forms:
        spec = form.spec()
        if spec is None:
            continue
        if spec["key"] in seen:
            form.add_error("key", "Kunci ini sudah dipakai isian lain.")
            found = True
        seen.add(spec["key"])
    return found


@staff_permission_required(*MANAGE)
@require_GET
def standard_preview(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    standard = _working_copy(service)
    if standard is None:
        raise Http404
    return render(
        request,
        "services/catalogue/preview.html",
        {
            "service": service,
            "standard": standard,
            "application_form": django_form(standard.form_fields)(),
            "is_draft": standard.status == ServiceStandard.Status.DRAFT,
        },
    )


@staff_permission_required(*MANAGE)
@require_POST
def standard_publish(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    draft = draft_of(service)
    if draft is None:
        messages.error(request, "Tidak ada konsep standar untuk diterbitkan.")
        return redirect("services:catalogue_service", service_id=service.pk)
    try:
        catalogue.check_fee(service, draft.fee)
        catalogue.publish_standard(draft, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Standar versi {draft.version} berlaku sejak sekarang. Permohonan yang sudah "
            "diajukan tetap mengikuti versi saat diajukan.",
        )
    return redirect("services:catalogue_service", service_id=service.pk)


@staff_permission_required(*MANAGE)
@require_GET
def standard_version(request: HttpRequest, service_id: int, standard_version: int) -> HttpResponse:
    service = _service(request, service_id)
    standard = service.standards.filter(version=standard_version).first()
    if standard is None:
        raise Http404
    latest = service.standards.aggregate(m=Max("version"))["m"]
    return render(
        request,
        "services/catalogue/version.html",
        {
            "service": service,
            "standard": standard,
            "latest": latest,
            "application_form": django_form(standard.form_fields)(),
        },
    )


urlpatterns = [
    path("kerja/katalog-layanan/", catalogue_admin, name="catalogue_admin"),
    path("kerja/katalog-layanan/baru/", service_create, name="catalogue_create"),
    path("kerja/katalog-layanan/<int:service_id>/", service_detail, name="catalogue_service"),
    path("kerja/katalog-layanan/<int:service_id>/ubah/", service_edit, name="catalogue_edit"),
    path(
        "kerja/katalog-layanan/<int:service_id>/standar/",
        standard_edit,
        name="catalogue_standard",
    ),
    path("kerja/katalog-layanan/<int:service_id>/formulir/", form_edit, name="catalogue_form"),
    path(
        "kerja/katalog-layanan/<int:service_id>/pratinjau/",
        standard_preview,
        name="catalogue_preview",
    ),
    path(
        "kerja/katalog-layanan/<int:service_id>/terbitkan/",
        standard_publish,
        name="catalogue_publish",
    ),
    path(
        "kerja/katalog-layanan/<int:service_id>/versi/<int:standard_version>/",
        standard_version,
        name="catalogue_version",
    ),
]
