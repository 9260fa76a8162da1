from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts import staff
from sigap.accounts.models import Role
from sigap.platform.access import staff_permission_required
from sigap.platform.forms import TenantModelChoiceField, apply_validation_error
from sigap.tenancy.models import OrgUnit


class GrantForm(forms.Form):
    username = forms.CharField(
        label="Nama pengguna", max_length=150, help_text="Akun baru dibuat bila belum ada."
    )
    full_name = forms.CharField(
        label="Nama lengkap (untuk akun baru)", max_length=150, required=False
    )
    role = forms.ChoiceField(
        label="Peran", choices=[(r.value, r.label) for r in staff.GRANTABLE_BY_AGENCY_ADMIN]
    )
    unit = TenantModelChoiceField(
        OrgUnit,
        label="Unit (untuk kepala unit dan petugas)",
        required=False,
        narrow=lambda units: units.filter(is_active=True).order_by("path"),
    )


@staff_permission_required("accounts.manage_agency_roles")
@require_http_methods(["GET", "POST"])
def staff_roles(request: HttpRequest) -> HttpResponse:
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            grant, initial_password = staff.grant_role(
                request.agency,
                username=d["username"],
                full_name=d["full_name"],
                role=d["role"],
                unit=d["unit"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            text = f"Peran {grant.get_role_display()} diberikan kepada {grant.user}."
            if initial_password:
                text += (
                    f" Kata sandi awal (sampaikan secara aman, tampil sekali): {initial_password}"
                )
            messages.success(request, text)
            return redirect("accounts:staff_roles")
    grants = staff.grants_in(request.agency)
    return render(
        request, "accounts/staff_roles.html", {"form": form, "grants": grants, "Role": Role}
    )


@staff_permission_required("accounts.manage_agency_roles")
@require_POST
def revoke_role(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = staff.grant_for(request.agency, grant_id)
    if grant is None:
        raise Http404
    try:
        staff.revoke_grant(grant, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Peran {grant.get_role_display()} dicabut dari {grant.user}.")
    return redirect("accounts:staff_roles")
