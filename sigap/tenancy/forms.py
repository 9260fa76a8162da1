from __future__ import annotations

from django import forms

from sigap.tenancy.models import OrgUnit


class UnitForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis", choices=OrgUnit.Kind.choices)
    name = forms.CharField(label="Nama", max_length=200)
    short_name = forms.CharField(label="Singkatan", max_length=40, required=False)
    code = forms.CharField(
        label="Kode", max_length=40, help_text="Unik dalam pemda, mis. DUKCAPIL.B1"
    )
    parent = forms.ModelChoiceField(
        label="Unit induk", required=False, queryset=OrgUnit.all_objects.none()
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Default manager is tenant-scoped: only the request's agency's units appear.
        # Only OPD and bidang can have children (OrgUnit.ALLOWED_PARENTS).
        self.fields["parent"].queryset = OrgUnit.objects.filter(
            is_active=True, kind__in=[OrgUnit.Kind.OPD, OrgUnit.Kind.BIDANG]
        ).order_by("path")
