"""Which agency a request works in."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from sigap.accounts.roles import agencies_of
from sigap.tenancy.models import Agency

SESSION_KEY = "sigap_agency_id"


def agency_for_request(request: HttpRequest, agency_slug: str | None) -> Agency | None:
    if agency_slug:
        try:
            return Agency.objects.get(slug=agency_slug, is_active=True)
        except Agency.DoesNotExist:
            raise Http404("Pemda tidak ditemukan") from None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    wanted = request.headers.get("X-Sigap-Agency")
    if wanted:
        # API clients pick their agency per request; it must be one they hold a role in.
        for agency in agencies_of_user(user):
            if agency.slug == wanted:
                return agency
        raise Http404("Pemda tidak ditemukan")
    return agency_for_user(user, request.session.get(SESSION_KEY))


def agencies_of_user(user) -> list[Agency]:
    return agencies_of(user)


def agency_for_user(user, preferred_id: int | None) -> Agency | None:
    """The agency a staff user works in: their session choice if they may, else their first."""
    agencies = agencies_of_user(user)
    if preferred_id is not None:
        for agency in agencies:
            if agency.pk == preferred_id:
                return agency
    return agencies[0] if agencies else None
