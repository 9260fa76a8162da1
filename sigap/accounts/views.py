from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts import invitations, passwords, registration, throttle
from sigap.accounts.forms import (
    CitizenRegistrationForm,
    InvitationAcceptForm,
    LoginForm,
    PasswordChangeForm,
    PersonalDataForm,
    RecoveryRequestForm,
    RecoverySetPasswordForm,
)
from sigap.identifiers.nik import mask_nik
from sigap.platform.access import citizen_required, login_only, public
from sigap.platform.forms import apply_validation_error


class SigapLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not throttle.hit(request, "login"):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context["withdrawn"] = bool(getattr(form, "withdrawn", False))
        return context

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
    if request.method == "POST" and not throttle.hit(request, "register"):
        return _too_many(request)
    form = CitizenRegistrationForm(request.POST or None)
    already = False
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
        except registration.AlreadyRegistered as exc:
            already = True
            form.add_error(None, exc)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            login(request, user, backend="sigap.accounts.backends.EmailOrPhoneBackend")
            messages.success(request, "Pendaftaran berhasil. Selamat datang di Sigap.")
            if form.nik_warning:
                messages.warning(request, form.nik_warning)
            return redirect("accounts:my_data")
    return render(request, "accounts/register.html", {"form": form, "already": already})


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
        messages.info(
            request,
            _(
                "Persetujuan Anda telah ditarik dan akun dinonaktifkan. Anda dapat memulihkannya "
                "kapan saja lewat Pulihkan akun (tautan dikirim ke email terdaftar)."
            ),
        )
        return redirect("shell:home")
    return render(request, "accounts/withdraw_consent.html")


@login_only
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    from sigap.accounts.models import ApiToken
    from sigap.accounts.tokens import issue_token, lifetimes_for, revoke_token

    new_key = None
    status = 200
    if request.method == "POST":
        if "revoke" in request.POST:
            token_id = _token_id(request.POST["revoke"])
            if token_id is None:
                # A forged or garbled form: answer 400 with the page, not a server error.
                messages.error(request, _("Token yang akan dicabut tidak dikenali."))
                status = 400
            elif revoke_token(request.user, token_id):
                messages.success(request, _("Token dicabut."))
                return redirect("accounts:api_tokens")
            else:
                messages.error(request, _("Token tidak ditemukan atau sudah dicabut."))
                return redirect("accounts:api_tokens")
        days = _token_days(request.POST.get("days", ""))
        try:
            _token, new_key = issue_token(request.user, request.POST.get("name") or "", days=days)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by(
        "-created_at"
    )
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": tokens, "new_key": new_key, "lifetimes": lifetimes_for(request.user)},
        status=status,
    )


def _token_days(raw: str) -> int | None:
    text = raw.strip()
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else -1


def _token_id(raw: str) -> int | None:
    """The token's id from the form, or None when it is not a positive integer."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:  # fits a bigint
        return None
    return int(text) or None


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/too_many.html", status=429)


@login_only
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Everyone changes their own password here; an initial or temporary one must be."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            passwords.change_password(
                request.user, old_password=d["old_password"], new_password=d["new_password1"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Kata sandi Anda telah diganti."))
            return redirect(_home_of(request.user))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )


def _home_of(user) -> str:
    return "accounts:my_data" if user.is_citizen else "shell:dashboard"


@public
@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    """Pulihkan akun: a forgotten password or a withdrawn account, through the email the
    account has. The answer is the same whether or not the login names an account."""
    form = RecoveryRequestForm(request.POST or None)
    if request.method == "POST":
        if not throttle.hit(request, "recover"):
            return _too_many(request)
        if form.is_valid():
            passwords.request_recovery(form.cleaned_data["login"])
            return redirect("accounts:recover_sent")
    return render(request, "accounts/recover.html", {"form": form})


@public
def recover_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/recover_sent.html")


@public
@require_http_methods(["GET", "POST"])
def recover_confirm(request: HttpRequest, recovery_uid: str, recovery_token: str) -> HttpResponse:
    token = recovery_token
    user = passwords.user_for_link(recovery_uid, token)
    if user is None:
        return render(request, "accounts/recover_invalid.html", status=400)
    withdrawn = passwords.has_withdrawn_consent(user)
    form = RecoverySetPasswordForm(request.POST or None, withdrawn=withdrawn)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            passwords.recover_account(
                user,
                token,
                new_password=d["new_password1"],
                accepted_privacy_notice=d.get("accepted_privacy_notice", False),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Akun Anda telah dipulihkan. Silakan masuk dengan kata sandi baru."),
            )
            return redirect("accounts:login")
    return render(request, "accounts/recover_confirm.html", {"form": form, "withdrawn": withdrawn})


@public
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, invitation_key: str) -> HttpResponse:
    """The invited person accepts a role: signed in to their own account, or by creating
    a staff account with a password of their choosing."""
    offer = invitations.invitation_for_key(invitation_key)
    if offer is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                invitations.accept_invitation(offer, request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Anda kini memegang peran %(role)s di %(agency)s.")
                    % {"role": offer.get_role_display(), "agency": offer.agency.name},
                )
                return redirect("shell:dashboard")
    else:
        form = InvitationAcceptForm(request.POST or None, initial={"full_name": offer.full_name})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                invitations.accept_with_new_account(
                    offer, username=d["username"], full_name=d["full_name"], password=d["password1"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Akun Anda dibuat. Silakan masuk."))
                return redirect("accounts:login")
    return render(request, "accounts/invitation.html", {"offer": offer, "form": form})
