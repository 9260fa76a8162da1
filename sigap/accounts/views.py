from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts import registration
from sigap.accounts.forms import CitizenRegistrationForm, LoginForm, PersonalDataForm
from sigap.identifiers.nik import mask_nik
from sigap.platform.access import citizen_required, login_only, public
from sigap.platform.forms import apply_validation_error


class SigapLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        from django.urls import reverse

        if self.request.user.is_citizen:
            return reverse("accounts:my_data")
        return reverse("shell:dashboard")


login_view = public(SigapLoginView.as_view())


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("shell:home")


@public
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("shell:home")
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = registration.register_citizen(
                registration.Registration(
                    full_name=d["full_name"],
                    nik=d["nik"],
                    birth_date=d.get("birth_date"),
                    email=d.get("email") or None,
                    phone=d.get("phone") or None,
                    password=d["password1"],
                    accepted_privacy_notice=d["accepted_privacy_notice"],
                )
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            login(request, user, backend="sigap.accounts.backends.EmailOrPhoneBackend")
            messages.success(request, "Pendaftaran berhasil. Selamat datang di Sigap.")
            if form.nik_warning:
                messages.warning(request, form.nik_warning)
            return redirect("accounts:my_data")
    return render(request, "accounts/register.html", {"form": form})


@citizen_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = user.citizen_profile
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "birth_date": profile.birth_date,
        "address": profile.address,
    }
    form = PersonalDataForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration.correct_personal_data(user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Data Anda telah diperbarui.")
            return redirect("accounts:my_data")
    return render(
        request,
        "accounts/my_data.html",
        {"form": form, "profile": profile, "masked_nik": mask_nik(profile.nik)},
    )


@citizen_required
@require_POST
def download_my_data(request: HttpRequest) -> HttpResponse:
    payload = registration.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="data-pribadi-sigap.json"'
    return response


@citizen_required
@require_http_methods(["GET", "POST"])
def withdraw_consent(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Centang konfirmasi untuk menarik persetujuan.")
            return redirect("accounts:withdraw_consent")
        registration.withdraw_consent(request.user)
        logout(request)
        messages.info(request, "Persetujuan Anda telah ditarik dan akun dinonaktifkan.")
        return redirect("shell:home")
    return render(request, "accounts/withdraw_consent.html")


@login_only
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    from sigap.accounts.models import ApiToken
    from sigap.accounts.tokens import issue_token, revoke_token

    new_key = None
    status = 200
    if request.method == "POST":
        if "revoke" in request.POST:
            token_id = _token_id(request.POST["revoke"])
            if token_id is None:
                # A forged or garbled form: answer 400 with the page, not a server error.
                messages.error(request, "Token yang akan dicabut tidak dikenali.")
                status = 400
            elif revoke_token(request.user, token_id):
                messages.success(request, "Token dicabut.")
                return redirect("accounts:api_tokens")
            else:
                messages.error(request, "Token tidak ditemukan atau sudah dicabut.")
                return redirect("accounts:api_tokens")
        name = (request.POST.get("name") or "").strip()
        if not name:
            messages.error(request, "Beri nama token, misalnya nama aplikasi yang memakainya.")
        else:
            _, new_key = issue_token(request.user, name)
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by(
        "-created_at"
    )
    return render(
        request, "accounts/api_tokens.html", {"tokens": tokens, "new_key": new_key}, status=status
    )


def _token_id(raw: str) -> int | None:
    """The token's id from the form, or None when it is not a positive integer."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:  # fits a bigint
        return None
    return int(text) or None
