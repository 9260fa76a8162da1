from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from sigap.accounts.models import User
from sigap.identifiers.forms import NIKFormField
from sigap.identifiers.nik import nik_birth_date_warning
from sigap.platform.forms import HtmlDateInput


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Email, nomor HP atau nama pengguna", max_length=150)
    password = forms.CharField(
        label="Kata sandi", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "Email/nomor HP atau kata sandi salah.",
        "inactive": "Akun ini tidak aktif.",
    }


class CitizenRegistrationForm(forms.Form):
    full_name = forms.CharField(label="Nama lengkap (sesuai KTP)", max_length=150)
    nik = NIKFormField()
    birth_date = forms.DateField(label="Tanggal lahir", required=False, widget=HtmlDateInput())
    email = forms.EmailField(label="Email", required=False, help_text="Isi email atau nomor HP.")
    phone = forms.CharField(
        label="Nomor HP",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label="Kata sandi",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Minimal 10 karakter, bukan hanya angka.",
    )
    password2 = forms.CharField(
        label="Ulangi kata sandi",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accepted_privacy_notice = forms.BooleanField(
        label="Saya telah membaca dan menyetujui pemberitahuan privasi (UU 27/2022).",
        required=True,
        error_messages={"required": "Anda harus menyetujui pemberitahuan privasi untuk mendaftar."},
    )

    nik_warning: str | None = None

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
    full_name = forms.CharField(label="Nama lengkap", max_length=150)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Nomor HP", required=False, max_length=20)
    birth_date = forms.DateField(label="Tanggal lahir", required=False, widget=HtmlDateInput())
    address = forms.CharField(label="Alamat", required=False, max_length=255)
