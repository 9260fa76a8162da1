"""Back office: the calendar overrides and office hours of the session's pemda, read-only.

Writes go through the staff page or the API, which call ``sigap.workcal.policy``: it
checks a new override against the national calendar (the ``holidays`` package), which a
plain admin form would not. Without ``domain_save`` the platform's admin base is read-only.
"""

from __future__ import annotations

from django.contrib import admin

from sigap.platform.admin import TenantModelAdmin
from sigap.workcal.models import HolidayOverride, OfficeHours


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(TenantModelAdmin):
    list_display = ["date", "name", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(OfficeHours)
class OfficeHoursAdmin(TenantModelAdmin):
    list_display = ["weekday", "opens", "closes", "updated_by", "updated_at"]
