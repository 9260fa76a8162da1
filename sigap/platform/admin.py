"""Back office (Django admin), scoped like every other entry point.

The admin's querysets use each model's default manager, which is tenant-scoped, so an
agency admin sees only the agency of their session. Access is by role, not Django's
per-model permissions.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

from sigap.platform.access import may
from sigap.platform.declarations import SYSTEM_ADMIN_PERMISSION


def is_system_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(SYSTEM_ADMIN_PERMISSION))


def _may_use(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    return is_system_admin(user) or may(
        user, getattr(request, "agency", None), "admin.use_back_office"
    )


def _site_has_permission(request: HttpRequest) -> bool:
    return _may_use(request)


admin.site.has_permission = _site_has_permission  # type: ignore[method-assign]
# "Kelola data", as the staff menu names it: no "back office" jargon (issue 8, item 15).
admin.site.site_header = gettext_lazy("Sigap — Kelola data")
admin.site.site_title = "Sigap"
admin.site.index_title = gettext_lazy("Kelola data")


class _RoleGatedAdmin(admin.ModelAdmin):
    """Access by role, not by Django's per-model permissions: one rule for every action.

    The back office writes through the same domain functions as pages and the API: an
    admin that may add or change records implements ``domain_save`` (and, to delete,
    ``domain_delete``) by calling them. Without those it is read-only, so Django's
    ``ModelAdmin.save_model`` (a bare ``obj.save()``) never runs on domain data.
    """

    def _allowed(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def _writes(self) -> bool:
        return type(self).domain_save is not _RoleGatedAdmin.domain_save

    def _deletes(self) -> bool:
        return type(self).domain_delete is not _RoleGatedAdmin.domain_delete

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raise PermissionDenied(gettext("Data ini hanya dapat dibaca di Kelola data."))

    def domain_delete(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied(gettext("Data ini tidak dapat dihapus dari Kelola data."))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._writes() and self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._writes() and self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._deletes() and self._allowed(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.domain_save(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Related rows (inlines, many-to-many) are the domain function's to write.
        return None

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.domain_delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.domain_delete(request, obj)


class TenantModelAdmin(_RoleGatedAdmin):
    """Admin for agency-owned models: the agency comes from the session, never chosen.

    Every choice is limited to that agency: tenant rows through their scoped managers, and
    a link to a login (``AUTH_USER_MODEL``) to the agency's own staff
    (``User.objects.staff_of``), as a plain select: a raw-id box would accept, and its
    label would name, any account of the installation (issue 8, item 2).
    """

    exclude = ("agency",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is get_user_model():
            agency = getattr(request, "agency", None)
            kwargs["queryset"] = get_user_model()._default_manager.staff_of(agency)
            kwargs["widget"] = forms.Select
            return db_field.formfield(**kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _allowed(self, request: HttpRequest) -> bool:
        return _may_use(request) and getattr(request, "agency", None) is not None


class SystemAdminOnly(_RoleGatedAdmin):
    """Installation-wide records: system admins only."""

    def _allowed(self, request: HttpRequest) -> bool:
        return request.user.is_authenticated and is_system_admin(request.user)
