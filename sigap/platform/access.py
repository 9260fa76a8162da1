"""View decorators: every page declares who may open it.

The declaration is stored on the view (``sigap_access``) so that the generated access
test can walk every URL pattern and check that no page forgot one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sigap.platform.declarations import check_declared

View = Callable[..., HttpResponse]


def may(user: Any, agency: Any, permission: str) -> bool:
    """``user`` holds ``permission`` in ``agency`` (Django's ``has_perm``, answered by the
    accounts role backend). Staff work always happens in an agency: none, no access."""
    return bool(
        agency is not None
        and getattr(user, "is_authenticated", False)
        and user.has_perm(permission, agency)
    )


def public(view: View) -> View:
    view.sigap_access = ("public", None)  # type: ignore[attr-defined]
    return view


def login_only(view: View) -> View:
    """Any signed-in user, staff or citizen (their own account pages)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.sigap_access = ("login", None)  # type: ignore[attr-defined]
    return wrapper


def citizen_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_citizen:
            raise PermissionDenied("Halaman ini khusus untuk warga.")
        return view(request, *args, **kwargs)

    wrapper.sigap_access = ("citizen", None)  # type: ignore[attr-defined]
    return wrapper


def may_any(user: Any, agency: Any, permissions: tuple[str, ...]) -> bool:
    return any(may(user, agency, p) for p in permissions)


def staff_permission_required(*permissions: str) -> Callable[[View], View]:
    """Signed-in staff holding one of ``permissions`` in the agency the request works in
    (several: the scoped variants of one right, e.g. ``workforce.view_all_asn`` and
    ``workforce.view_unit_asn``; the view then narrows its rows with ``row_scope``)."""

    for permission in permissions:
        check_declared(permission)
    declared = permissions[0] if len(permissions) == 1 else permissions

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may_any(request.user, request.agency, permissions):
                raise PermissionDenied("Anda tidak memiliki akses ke halaman ini.")
            return view(request, *args, **kwargs)

        wrapper.sigap_access = ("staff", declared)  # type: ignore[attr-defined]
        return wrapper

    return decorator
