from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from sigap.platform.admin import SystemAdminOnly, TenantModelAdmin
from sigap.platform.forms import TenantModelChoiceField
from sigap.tenancy import org
from sigap.tenancy.models import Agency, OrgUnit


@admin.register(Agency)
class AgencyAdmin(SystemAdminOnly):
    list_display = ["name", "kind", "region_code", "time_zone", "is_active"]
    search_fields = ["name", "region_code"]

    def domain_save(self, request, obj, form, change) -> None:
        org.save_agency(obj)


class OrgUnitAdminForm(forms.ModelForm):
    # Declared (not generated) so no tenant-scoped query runs when the module is imported.
    parent = TenantModelChoiceField(OrgUnit, label=gettext_lazy("Induk"), required=False)

    class Meta:
        model = OrgUnit
        fields = ["kind", "name", "short_name", "code", "is_active"]

    def clean(self) -> dict:
        data = super().clean()
        kind, parent = data.get("kind"), data.get("parent")
        if (
            kind
            and not self.instance.pk
            and (parent.kind if parent else None) not in OrgUnit.ALLOWED_PARENTS[kind]
        ):
            self.add_error(
                "parent",
                gettext_lazy("%(kind)s tidak boleh berada di posisi ini dalam pohon organisasi.")
                % {"kind": OrgUnit.Kind(kind).label},
            )
        return data


@admin.register(OrgUnit)
class OrgUnitAdmin(TenantModelAdmin):
    """Writes go through ``tenancy.org`` so the tree rules and the path hold here too."""

    list_display = ["name", "kind", "code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["path"]
    form = OrgUnitAdminForm

    def get_readonly_fields(self, request, obj=None):
        # Position in the tree and the code are fixed once created (org.update_unit).
        return ["path", "kind", "parent", "code"] if obj else ["path"]

    def domain_save(self, request, obj, form, change) -> None:
        if change:
            fields = {
                f: form.cleaned_data[f]
                for f in ("name", "short_name", "is_active")
                if f in form.cleaned_data
            }
            org.update_unit(obj, **fields)
            return
        created = org.create_unit(
            request.agency,
            kind=obj.kind,
            name=obj.name,
            code=obj.code,
            parent=obj.parent,
            short_name=obj.short_name,
        )
        obj.pk, obj.path = created.pk, created.path
