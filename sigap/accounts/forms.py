from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sigap.accounts.login_identity import find_login_user
from sigap.accounts.models import User
from sigap.accounts.normalize import normalize_phone
from sigap.accounts.passwords import has_withdrawn_consent
from sigap.accounts.registration import check_birth_date
from sigap.identifiers.forms import NIKFormField
from sigap.identifiers.nik import nik_birth_date_warning
from sigap.platform.forms import HtmlDateInput


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Email, nomor HP atau nama pengguna"), max_length=150)
    password = forms.CharField(
        label=_("Kata sandi"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("Email/nomor HP atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
        "withdrawn": _(
            "Anda telah menarik persetujuan pemrosesan data, sehingga akun ini dinonaktifkan. "
            "Anda dapat memulihkannya lewat tautan yang dikirim ke email terdaftar."
        ),
    }

    withdrawn = False

    def clean(self) -> dict:
        try:
            return super().clean()
        except forms.ValidationError:
            # A deactivated account is refused by the backend like a wrong password.
            # Only someone who knows the password learns why (issue 8, item 9).
            user = find_login_user(self.cleaned_data.get("username") or "")
            password = self.cleaned_data.get("password") or ""
            if (
                user is not None
                and not user.is_active
                and has_withdrawn_consent(user)
                and user.check_password(password)
            ):
                self.withdrawn = True
                raise forms.ValidationError(
                    self.error_messages["withdrawn"], code="withdrawn"
                ) from None
            raise


class CitizenRegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=150)
    nik = NIKFormField()
    birth_date = forms.DateField(label=_("Tanggal lahir"), required=False, widget=HtmlDateInput())
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("Isi email atau nomor HP.")
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Kata sandi"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 10 karakter, bukan hanya angka."),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accepted_privacy_notice = forms.BooleanField(
        label=_("Saya telah membaca dan menyetujui pemberitahuan privasi (UU 27/2022)."),
        required=True,
        error_messages={"required": "Anda harus menyetujui pemberitahuan privasi untuk mendaftar."},
    )

    nik_warning: str | None = None

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone") or "")

    def clean_birth_date(self):
        return _clean_birth_date(self.cleaned_data.get("birth_date"))

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", "Isi email atau nomor HP (salah satu wajib).")
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Kedua kata sandi tidak sama.")
        if p1:
            try:
                password_validation.validate_password(
                    p1, User(full_name=data.get("full_name", ""), email=data.get("email"))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        if data.get("nik") and data.get("birth_date"):
            self.nik_warning = nik_birth_date_warning(data["nik"], data["birth_date"])
        return data


class PersonalDataForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Nomor HP"), required=False, max_length=20)
    birth_date = forms.DateField(label=_("Tanggal lahir"), required=False, widget=HtmlDateInput())
    address = forms.CharField(label=_("Alamat"), required=False, max_length=255)

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone") or "")

    def clean_birth_date(self):
        return _clean_birth_date(self.cleaned_data.get("birth_date"))


def _clean_phone(raw: str) -> str:
    """Validated and normalised with ``phonenumbers`` (``12ab`` is refused, not stored
    as ``12``)."""
    if not raw.strip():
        return ""
    try:
        return normalize_phone(raw)
    except forms.ValidationError as exc:
        raise forms.ValidationError(exc.message_dict["phone"]) from None


def _clean_birth_date(value):
    try:
        check_birth_date(value)
    except forms.ValidationError as exc:
        raise forms.ValidationError(exc.message_dict["birth_date"]) from None
    return value


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Kata sandi saat ini"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("Kata sandi baru"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 10 karakter, bukan hanya angka."),
    )
    new_password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("Kedua kata sandi tidak sama."))
        return data


class RecoveryRequestForm(forms.Form):
    login = forms.CharField(
        label=_("Email, nomor HP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class RecoverySetPasswordForm(forms.Form):
    new_password1 = PasswordChangeForm.base_fields["new_password1"]
    new_password2 = PasswordChangeForm.base_fields["new_password2"]
    accepted_privacy_notice = forms.BooleanField(
        label=_("Saya menyetujui kembali pemberitahuan privasi (UU 27/2022)."), required=False
    )

    def __init__(self, *args, withdrawn: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not withdrawn:
            del self.fields["accepted_privacy_notice"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("Kedua kata sandi tidak sama."))
        return data


class InvitationAcceptForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    password1 = PasswordChangeForm.base_fields["new_password1"]
    password2 = PasswordChangeForm.base_fields["new_password2"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data
