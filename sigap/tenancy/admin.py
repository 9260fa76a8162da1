from django.contrib import admin

from sigap.core.admin import SystemAdminOnly, TenantModelAdmin
from sigap.tenancy.models import Agency, OrgUnit


@admin.register(Agency)
class AgencyAdmin(SystemAdminOnly):
    list_display = ["name", "kind", "region_code", "time_zone", "is_active"]
    search_fields = ["name", "region_code"]


@admin.register(OrgUnit)
class OrgUnitAdmin(TenantModelAdmin):
    list_display = ["name", "kind", "code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["path"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not obj.path or not change:
            from sigap.tenancy.models import OrgUnit as Unit

            obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
            Unit.all_objects.filter(pk=obj.pk).update(path=obj.path)
