"""Back office (Django admin), scoped like every other entry point.

The admin's querysets use each model's default manager, which is tenant-scoped, so an
agency admin sees only the agency of their session. Access is by role, not Django's
per-model permissions.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sigap.platform.access import may
from sigap.platform.declarations import SYSTEM_ADMIN_PERMISSION


def is_system_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(SYSTEM_ADMIN_PERMISSION))


def _may_use(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    return is_system_admin(user) or may(user, getattr(request, "agency", None), "admin.use_back_office")


def _site_has_permission(request: HttpRequest) -> bool:
    return _may_use(request)


admin.site.has_permission = _site_has_permission  # type: ignore[method-assign]
admin.site.site_header = "Sigap — back office"
admin.site.site_title = "Sigap"


class _RoleGatedAdmin(admin.ModelAdmin):
    """Access by role, not by Django's per-model permissions: one rule for every action."""

    def _allowed(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)


class TenantModelAdmin(_RoleGatedAdmin):
    """Admin for agency-owned models: the agency is set from the session, never chosen."""

    exclude = ("agency",)

    def _allowed(self, request: HttpRequest) -> bool:
        return _may_use(request) and getattr(request, "agency", None) is not None

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change:
            obj.agency = request.agency
        super().save_model(request, obj, form, change)


class SystemAdminOnly(_RoleGatedAdmin):
    """Installation-wide records: system admins only."""

    def _allowed(self, request: HttpRequest) -> bool:
        return request.user.is_authenticated and is_system_admin(request.user)
