from django.contrib import admin

from sigap.platform.admin import TenantModelAdmin
from sigap.workforce.models import (
    ActionItem,
    Competency,
    Employee,
    Position,
    PositionRequirement,
    WorkforcePolicy,
)


@admin.register(WorkforcePolicy)
class WorkforcePolicyAdmin(TenantModelAdmin):
    list_display = ["agency", "rotation_due_years", "internal_candidate_threshold"]


@admin.register(Competency)
class CompetencyAdmin(TenantModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


class RequirementInline(admin.TabularInline):
    model = PositionRequirement
    extra = 1
    exclude = ("agency",)


@admin.register(Position)
class PositionAdmin(TenantModelAdmin):
    list_display = ["code", "title", "jabatan_type", "unit", "formasi", "is_active"]
    list_filter = ["jabatan_type", "is_active"]
    search_fields = ["code", "title"]
    raw_id_fields = ["unit"]
    inlines = [RequirementInline]

    def save_formset(self, request, form, formset, change) -> None:
        for obj in formset.save(commit=False):
            obj.agency = request.agency
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Employee)
class EmployeeAdmin(TenantModelAdmin):
    """Read-mostly: identity corrections only. Moves go through the workforce pages (with SK)."""

    list_display = ["full_name", "nip", "kind", "status"]
    list_filter = ["kind", "status", "gender"]
    search_fields = ["full_name", "nip", "pppk_number"]
    raw_id_fields = ["user"]


@admin.register(ActionItem)
class ActionItemAdmin(TenantModelAdmin):
    list_display = ["title", "owner", "unit", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["owner", "unit"]
