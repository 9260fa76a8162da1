from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from sigap.platform.forms import TenantModelChoiceField
from sigap.tenancy.models import OrgUnit


class UnitForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=OrgUnit.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Nama"), max_length=200)
    short_name = forms.CharField(label=gettext_lazy("Singkatan"), max_length=40, required=False)
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=40,
        help_text=gettext_lazy("Unik dalam pemda, mis. DUKCAPIL.B1"),
    )
    # Only OPD and bidang can have children (OrgUnit.ALLOWED_PARENTS).
    parent = TenantModelChoiceField(
        OrgUnit,
        label=gettext_lazy("Unit induk"),
        required=False,
        narrow=lambda units: units.filter(
            is_active=True, kind__in=[OrgUnit.Kind.OPD, OrgUnit.Kind.BIDANG]
        ).order_by("path"),
    )
