"""Back office for the registry's reference data. Every save goes through the registry's
write functions (the platform's admin base calls ``domain_save``/``domain_delete``
only); moves, ranks and departures have their own pages and functions, with their SK."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from sigap.platform.admin import TenantModelAdmin
from sigap.platform.forms import TenantModelChoiceField
from sigap.tenancy.models import OrgUnit
from sigap.workforce import registry
from sigap.workforce.models import (
    ActionItem,
    Competency,
    Employee,
    Position,
    PositionRequirement,
    WorkforcePolicy,
)


def _changed(form: forms.ModelForm, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: form.cleaned_data[n] for n in names if n in form.cleaned_data}


@admin.register(WorkforcePolicy)
class WorkforcePolicyAdmin(TenantModelAdmin):
    list_display = ["agency", "rotation_due_years", "internal_candidate_threshold"]
    fields = list(registry.POLICY_FIELDS)

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = registry.update_policy(request.agency, **_changed(form, registry.POLICY_FIELDS))
        obj.pk = saved.pk


@admin.register(Competency)
class CompetencyAdmin(TenantModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj else []

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            registry.update_competency(obj, **_changed(form, ("name", "kind")))
            return
        obj.pk = registry.create_competency(
            request.agency, code=obj.code, name=obj.name, kind=obj.kind
        ).pk


class PositionAdminForm(forms.ModelForm):
    # Declared (not generated) so no tenant-scoped query runs when the module is imported.
    unit = TenantModelChoiceField(OrgUnit, label=gettext_lazy("Unit"))
    # The standard as text ("KODE=level" per line): one field the domain function reads,
    # instead of an inline formset the admin would save model by model.
    standard = forms.CharField(
        label=gettext_lazy("Standar kompetensi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Satu baris per kompetensi: KODE=level (1–5), misalnya TK-KEUANGAN=3."
        ),
    )

    class Meta:
        model = Position
        fields = ["unit", "code", *registry.POSITION_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            rows = PositionRequirement.objects.filter(position=self.instance).select_related(
                "competency"
            )
            self.fields["standard"].initial = "\n".join(
                f"{r.competency.code}={r.level}" for r in rows
            )

    def clean_standard(self) -> dict[Competency, int]:
        wanted: dict[str, int] = {}
        for n, line in enumerate(self.cleaned_data["standard"].splitlines(), 1):
            if not line.strip():
                continue
            match = re.fullmatch(r"\s*([^=\s]+)\s*=\s*([1-5])\s*", line)
            if not match:
                raise ValidationError(f"Baris {n}: tulis KODE=level dengan level 1–5.")
            wanted[match[1]] = int(match[2])
        found = {c.code: c for c in Competency.objects.filter(code__in=wanted)}
        missing = sorted(set(wanted) - set(found))
        if missing:
            raise ValidationError(f"Kompetensi tidak dikenal: {', '.join(missing)}.")
        return {found[code]: level for code, level in wanted.items()}


@admin.register(Position)
class PositionAdmin(TenantModelAdmin):
    form = PositionAdminForm
    list_display = ["code", "title", "jabatan_type", "unit", "formasi", "is_active"]
    list_filter = ["jabatan_type", "is_active"]
    search_fields = ["code", "title"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # History rows point at the post: its unit and code are fixed once created.
        return ["unit", "code"] if obj else []

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        standard = form.cleaned_data.get("standard") or {}
        if change:
            position = registry.update_position(obj, **_changed(form, registry.POSITION_FIELDS))
            registry.set_requirements(position, standard)
            return
        data = form.cleaned_data
        obj.pk = registry.create_position(
            request.agency,
            unit=data["unit"],
            code=data["code"],
            title=data["title"],
            jabatan_type=data["jabatan_type"],
            formasi=data["formasi"],
            min_golongan=data.get("min_golongan", ""),
            relevant_fields=data.get("relevant_fields") or [],
            requirements=standard,
        ).pk


class EmployeeAdminForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = ["full_name", "gender", "birth_date", "service_start", "user"]

    def clean(self) -> dict:
        data = super().clean()
        e = self.instance
        if not self.errors:
            # The registry's own rule, so a mismatch is a form error, not a failed save.
            registry.check_identity(
                e.agency,
                kind=e.kind,
                nip=e.nip,
                birth_date=data["birth_date"],
                gender=data["gender"],
                service_start=data["service_start"],
            )
        return data


@admin.register(Employee)
class EmployeeAdmin(TenantModelAdmin):
    """Identity corrections only (``registry.update_employee``); new ASN come from the
    roster import, moves and departures from their own functions with their SK."""

    list_display = ["full_name", "nip", "kind", "status"]
    list_filter = ["kind", "status", "gender"]
    search_fields = ["full_name", "nip", "pppk_number"]
    # "user" is a select of the agency's own staff (TenantModelAdmin), never a raw id.
    form = EmployeeAdminForm
    fields = ["full_name", "gender", "birth_date", "service_start", "user", "kind", "status"]
    readonly_fields = ["kind", "status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = (*registry.IDENTITY_FIELDS, "user")
        registry.update_employee(obj, **_changed(form, fields))


@admin.register(ActionItem)
class ActionItemAdmin(TenantModelAdmin):
    list_display = ["title", "owner", "unit", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["owner", "unit"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The owner changes by handover (serah terima) only.
        return ["owner"] if obj else []

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            registry.update_action_item(
                obj, **_changed(form, ("title", "unit", "due_on", "status"))
            )
            return
        data = form.cleaned_data
        obj.pk = registry.create_action_item(
            data["owner"], title=data["title"], unit=data["unit"], due_on=data.get("due_on")
        ).pk
