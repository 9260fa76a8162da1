from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts import invitations, passwords, staff
from sigap.accounts.models import Role
from sigap.platform.access import staff_permission_required
from sigap.platform.forms import TenantModelChoiceField, apply_validation_error
from sigap.tenancy.models import OrgUnit


class GrantForm(forms.Form):
    login = forms.CharField(
        label=gettext_lazy("Nama pengguna atau email"),
        max_length=150,
        help_text=gettext_lazy(
            "Pegawai pemda ini langsung mendapat peran. Untuk orang baru, isi emailnya: "
            "peran berlaku setelah ia menerima undangan yang dikirim ke email itu."
        ),
    )
    full_name = forms.CharField(
        label=gettext_lazy("Nama lengkap (untuk undangan)"), max_length=150, required=False
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Peran"),
        choices=[(r.value, r.label) for r in staff.GRANTABLE_BY_AGENCY_ADMIN],
    )
    unit = TenantModelChoiceField(
        OrgUnit,
        label=gettext_lazy("Unit (untuk kepala unit dan petugas)"),
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
            offer = invitations.offer_role(
                request.agency,
                login=d["login"],
                full_name=d["full_name"],
                role=d["role"],
                unit=d["unit"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if offer.grant is not None:
                messages.success(
                    request,
                    _("Peran %(role)s diberikan kepada %(name)s.")
                    % {"role": offer.grant.get_role_display(), "name": offer.grant.user},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Undangan untuk peran %(role)s dikirim ke %(email)s. Peran berlaku "
                        "setelah undangan diterima."
                    )
                    % {
                        "role": offer.invitation.get_role_display(),
                        "email": offer.invitation.email,
                    },
                )
            return redirect("accounts:staff_roles")
    grants = staff.grants_in(request.agency)
    pending = staff.open_invitations(request.agency)
    return render(
        request,
        "accounts/staff_roles.html",
        {"form": form, "grants": grants, "pending": pending, "Role": Role},
    )


@staff_permission_required("accounts.manage_agency_roles")
@require_POST
def temporary_password(request: HttpRequest, grant_id: int) -> HttpResponse:
    """A temporary password for a colleague without an email; changed at first login."""
    grant = staff.grant_for(request.agency, grant_id)
    if grant is None:
        raise Http404
    try:
        password = passwords.set_temporary_password(request.agency, grant.user, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Kata sandi sementara untuk %(name)s (sampaikan secara aman, tampil sekali; "
                "wajib diganti saat masuk): %(password)s"
            )
            % {"name": grant.user, "password": password},
        )
    return redirect("accounts:staff_roles")


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
        messages.success(
            request,
            _("Peran %(role)s dicabut dari %(name)s.")
            % {"role": grant.get_role_display(), "name": grant.user},
        )
    return redirect("accounts:staff_roles")
