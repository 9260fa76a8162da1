from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from sigap.accounts.agency_choice import SESSION_KEY
from sigap.accounts.registration import set_preferred_language
from sigap.accounts.roles import agencies_of
from sigap.platform.access import login_only, public, staff_permission_required
from sigap.platform.declarations import public_menu
from sigap.shell import health
from sigap.tenancy.models import Agency


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.filter(is_active=True).order_by("kind", "name")
    # What the home promises comes from the apps' public_menu declarations only.
    offers = [str(entry.label) for entry in public_menu()]
    return render(request, "shell/home.html", {"agencies": agencies, "offers": offers})


@public
@require_GET
def agency_home(request: HttpRequest, agency_slug: str) -> HttpResponse:
    # Each app's public entry, for this pemda when its URL takes the pemda's slug.
    offers = []
    for entry in public_menu():
        try:
            url = reverse(entry.url_name, kwargs={"agency_slug": agency_slug})
        except NoReverseMatch:
            if not entry.resolves:
                continue
            url = entry.url
        offers.append({"label": entry.label, "url": url})
    return render(request, "shell/agency_home.html", {"agency": request.agency, "offers": offers})


@public
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/privacy.html")


@staff_permission_required("shell.view_staff_shell")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    from sigap.tenancy.models import OrgUnit

    units = OrgUnit.objects.filter(parent__isnull=True).count()
    return render(request, "shell/dashboard.html", {"opd_count": units})


@login_only
@require_POST
def switch_agency(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("agency")
    for agency in agencies_of(request.user):
        if str(agency.pk) == wanted:
            request.session[SESSION_KEY] = agency.pk
            messages.success(request, f"Anda sekarang bekerja di {agency.name}.")
            break
    else:
        messages.error(request, "Pemda tersebut tidak tersedia untuk akun Anda.")
    return redirect("shell:dashboard")


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    db = health.database_state()
    worker = health.worker_state() if db["ok"] else {"ok": False}
    body = {"status": "ok" if db["ok"] else "fail", "database": db, "worker": worker}
    # The worker lagging is reported but does not fail the probe: pages still work.
    return JsonResponse(body, status=200 if db["ok"] else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and for a signed-in person also their stored choice,
    so notifications and emails reach them in the language they picked."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        set_preferred_language(request.user, language)
    return response
