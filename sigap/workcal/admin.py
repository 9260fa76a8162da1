"""Back office: the calendar overrides and office hours of the session's pemda, read-only.

Writes go through the staff page or the API, which call ``sigap.workcal.policy``: it
checks a new override against the national calendar (the ``holidays`` package), which a
plain admin form would not.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sigap.platform.admin import TenantModelAdmin
from sigap.workcal.models import HolidayOverride, OfficeHours


class ReadOnlyTenantAdmin(TenantModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(ReadOnlyTenantAdmin):
    list_display = ["date", "name", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(OfficeHours)
class OfficeHoursAdmin(ReadOnlyTenantAdmin):
    list_display = ["weekday", "opens", "closes", "updated_by", "updated_at"]
