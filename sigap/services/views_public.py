"""Public catalogue pages, no sign-in: each pemda's services with their standard in
force, last month's measured figures, the office hours, and the printable standard.

The agency comes from the URL (``agency_slug``, activated by ``TenantMiddleware``).
Pages are light on purpose (no images, no scripts): citizens open them on phones with
little data.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from sigap.platform.access import public
from sigap.services.models import Service
from sigap.services.public_catalogue import (
    by_unit,
    categories_in_use,
    office_hours,
    public_service,
    published_services,
)
from sigap.services.public_stats import last_month, stats_for
from sigap.services.standard_pdf import standard_pdf
from sigap.tenancy.models import Agency


@public
@require_GET
def catalogue_index(request: HttpRequest) -> HttpResponse:
    """Every pemda on this installation, each linking to its own catalogue."""
    agencies = Agency.objects.filter(is_active=True).order_by("kind", "name")
    return render(request, "services/public/index.html", {"agencies": agencies})


@public
@require_GET
def catalogue(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = request.agency
    q = request.GET.get("q", "").strip()
    category = request.GET.get("kategori", "")
    if category not in Service.Category.values:
        category = ""
    everything = published_services(agency)
    services = published_services(agency, q=q, category=category) if q or category else everything
    month = last_month(agency)
    return render(
        request,
        "services/public/catalogue.html",
        {
            "agency": agency,
            "groups": by_unit(services),
            "count": len(services),
            "q": q,
            "category": category,
            "categories": categories_in_use(everything),
            "stats": stats_for(agency, month=month),
            "month": month,
        },
    )


@public
@require_GET
def service_page(request: HttpRequest, agency_slug: str, service_code: str) -> HttpResponse:
    agency = request.agency
    service = public_service(agency, service_code)
    if service is None:
        raise Http404
    month = last_month(agency)
    return render(
        request,
        "services/public/service.html",
        {
            "agency": agency,
            "service": service,
            "standard": service.standard,
            "stats": stats_for(agency, [service.pk], month=month).get(service.pk),
            "month": month,
            "hours": office_hours(agency),
        },
    )


@public
@require_GET
def standard_pdf_view(request: HttpRequest, agency_slug: str, service_code: str) -> HttpResponse:
    agency = request.agency
    service = public_service(agency, service_code)
    if service is None:
        raise Http404
    page_url = request.build_absolute_uri(
        reverse(
            "services:public_service",
            kwargs={"agency_slug": agency.slug, "service_code": service.code},
        )
    )
    body = standard_pdf(agency, service, service.standard, page_url=page_url)
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"standar-pelayanan-{service.code.lower()}-v{service.standard.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


urlpatterns = [
    # The same name without and with the pemda: ``public_menu`` reverses it without
    # arguments (the installation-wide list), the pemda's home with ``agency_slug``.
    path("layanan/", catalogue_index, name="public_catalogue"),
    path("p/<slug:agency_slug>/layanan/", catalogue, name="public_catalogue"),
    path(
        "p/<slug:agency_slug>/layanan/<str:service_code>/",
        service_page,
        name="public_service",
    ),
    path(
        "p/<slug:agency_slug>/layanan/<str:service_code>/standar.pdf",
        standard_pdf_view,
        name="public_standard_pdf",
    ),
]
