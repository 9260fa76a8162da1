"""Passwords: change one's own, recover a forgotten one or a withdrawn account through
the registered email, and temporary passwords an admin hands out (issue 8, items 8-9).

Recovery links use Django's password-reset token machinery
(``PasswordResetTokenGenerator``): a link is signed with the secret key, expires after
``PASSWORD_RESET_TIMEOUT`` and dies once used, because the hash covers the password, the
last login, whether the account is active and when consent was withdrawn. A request for
recovery answers the same whether or not the login names an account (no enumeration);
the email goes only to the address the account already has.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from sigap.accounts import staff
from sigap.accounts.login_identity import find_login_user
from sigap.accounts.models import User
from sigap.accounts.registration import PRIVACY_NOTICE_VERSION
from sigap.audit.events import acting, record, register_events
from sigap.platform.effects import after_commit
from sigap.tenancy.models import Agency

register_events(
    {
        "kata sandi diganti": "Kata sandi diganti",
        "pemulihan akun diminta": "Pemulihan akun diminta",
        "akun dipulihkan": "Akun dipulihkan (kata sandi baru)",
        "persetujuan diberikan kembali": "Akun warga dipulihkan setelah persetujuan ditarik",
        "kata sandi sementara diberikan": "Kata sandi sementara diberikan admin",
    }
)


class RecoveryTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "sigap.accounts.passwords.RecoveryTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        profile = getattr(user, "citizen_profile", None) if user.is_citizen else None
        withdrawn = profile.consent_withdrawn_at if profile is not None else None
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{withdrawn}"


recovery_tokens = RecoveryTokenGenerator()


def _validate_new(password: str, user: User, field: str = "new_password1") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def has_withdrawn_consent(user: User) -> bool:
    profile = getattr(user, "citizen_profile", None) if user.is_citizen else None
    return profile is not None and profile.consent_withdrawn_at is not None


def change_password(user: User, *, old_password: str, new_password: str) -> User:
    """The signed-in person changes their own password (also the forced first change)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Kata sandi lama salah.")})
    if old_password == new_password:
        raise ValidationError({"new_password1": _("Pilih kata sandi yang berbeda dari yang lama.")})
    _validate_new(new_password, user)
    with acting(user), transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record("kata sandi diganti", user)
    return user


def request_recovery(login: str) -> None:
    """Send a recovery link to the registered email of the account ``login`` names (any
    spelling of username, email or phone). Silent when none does, or it has no email."""
    user = find_login_user(login) if login.strip() else None
    if user is None or not user.email:
        return
    with transaction.atomic():
        record("pemulihan akun diminta", user)
        after_commit(lambda: _send_recovery(user))


def recovery_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:recover_confirm", args=[uid, recovery_tokens.make_token(user)])
    return settings.SIGAP_PUBLIC_URL.rstrip("/") + path


def _send_recovery(user: User) -> None:
    context = {
        "user": user,
        "link": recovery_link(user),
        "withdrawn": has_withdrawn_consent(user),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    send_mail(
        render_to_string("accounts/email/recovery_subject.txt", context).strip(),
        render_to_string("accounts/email/recovery_body.txt", context),
        None,
        [user.email],
    )


def user_for_link(uidb64: str, token: str) -> User | None:
    """The account a recovery link names, if the link is genuine and unused."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk).select_related("citizen_profile").first()
    if user is None or not recovery_tokens.check_token(user, token):
        return None
    return user


def recover_account(
    user: User, token: str, *, new_password: str, accepted_privacy_notice: bool = False
) -> User:
    """Set a new password through a genuine link. A citizen who had withdrawn consent gets
    their account back by giving it again (UU 27/2022: consent is theirs to give)."""
    if not recovery_tokens.check_token(user, token):
        raise ValidationError(_("Tautan pemulihan tidak berlaku lagi. Minta tautan baru."))
    withdrawn = has_withdrawn_consent(user)
    if withdrawn and not accepted_privacy_notice:
        raise ValidationError(
            {
                "accepted_privacy_notice": _(
                    "Setujui kembali pemberitahuan privasi untuk memulihkan akun Anda."
                )
            }
        )
    _validate_new(new_password, user)
    with acting(user), transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.is_active = True
        user.save(update_fields=["password", "must_change_password", "is_active"])
        if withdrawn:
            profile = user.citizen_profile
            profile.consent_withdrawn_at = None
            profile.consent_given_at = timezone.now()
            profile.consent_version = PRIVACY_NOTICE_VERSION
            profile.save(
                update_fields=["consent_withdrawn_at", "consent_given_at", "consent_version"]
            )
            record("persetujuan diberikan kembali", profile)
        record("akun dipulihkan", user)
    return user


def set_temporary_password(agency: Agency, user: User, *, by: User) -> str:
    """An agency admin gives one of the agency's own staff a temporary password (for a
    colleague without an email); it must be changed at first login."""
    if not staff.own_staff(agency).filter(pk=user.pk).exists():
        raise ValidationError(str(staff.NOT_OWN_STAFF))
    if user.pk == by.pk:
        raise ValidationError(_("Ganti kata sandi Anda sendiri lewat halaman Ganti kata sandi."))
    password = secrets.token_urlsafe(12)
    with acting(by), transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        record("kata sandi sementara diberikan", user, agency_id=agency.pk)
    return password
