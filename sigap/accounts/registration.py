"""Citizen self-registration and personal-data rights (UU 27/2022)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sigap.accounts.models import CitizenProfile, User
from sigap.accounts.normalize import normalize_phone
from sigap.audit.events import entries_by, record_access

PRIVACY_NOTICE_VERSION = "2026-11"


@dataclass(frozen=True)
class Registration:
    full_name: str
    nik: str
    birth_date: dt.date | None
    email: str | None
    phone: str | None
    password: str
    accepted_privacy_notice: bool


def _contact_conflicts(
    email: str | None, phone: str | None, exclude_user: User | None = None
) -> dict[str, str]:
    """Email and phone each identify one account."""
    others = User.objects.exclude(pk=exclude_user.pk) if exclude_user else User.objects.all()
    errors: dict[str, str] = {}
    if email and others.filter(email__iexact=email).exists():
        errors["email"] = "Email ini sudah dipakai akun lain."
    if phone and others.filter(phone=phone).exists():
        errors["phone"] = "Nomor HP ini sudah dipakai akun lain."
    return errors


@transaction.atomic
def register_citizen(data: Registration) -> User:
    """Create a citizen's account and profile in one transaction, or nothing."""
    if not data.accepted_privacy_notice:
        raise ValidationError(
            {
                "accepted_privacy_notice": "Anda harus menyetujui pemberitahuan privasi untuk mendaftar."
            }
        )
    if not data.email and not data.phone:
        raise ValidationError({"email": "Isi email atau nomor HP (salah satu wajib)."})
    email = data.email.strip().lower() if data.email else None
    phone = normalize_phone(data.phone) if data.phone else None
    errors: dict[str, str] = {}
    if CitizenProfile.objects.filter(nik=data.nik).exists():
        errors["nik"] = "NIK ini sudah terdaftar. Silakan masuk atau pulihkan akun Anda."
    errors.update(_contact_conflicts(email, phone))
    if errors:
        raise ValidationError(errors)
    try:
        user = User.objects.create_user(
            username=email or phone or "",
            password=data.password,
            full_name=data.full_name.strip(),
            email=email,
            phone=phone,
            kind=User.Kind.CITIZEN,
        )
        CitizenProfile.objects.create(
            user=user,
            nik=data.nik,
            birth_date=data.birth_date,
            consent_version=PRIVACY_NOTICE_VERSION,
            consent_given_at=timezone.now(),
        )
    except IntegrityError as exc:  # a concurrent registration with the same NIK/email
        raise ValidationError("Data ini baru saja didaftarkan. Silakan masuk.") from exc
    return user


def export_personal_data(user: User) -> dict:
    """Everything Sigap holds about a citizen, and how it was processed."""
    profile = getattr(user, "citizen_profile", None)
    history = entries_by(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "full_name": user.full_name,
            "email": user.email,
            "phone": user.phone,
            "date_joined": user.date_joined.isoformat(),
        },
        "profile": None,
        "processing_log": [
            {
                "at": e.timestamp.isoformat(),
                "action": e.get_action_display(),
                "object": e.content_type.model if e.content_type_id else None,
            }
            for e in history
        ],
    }
    if profile is not None:
        data["profile"] = {
            "nik": profile.nik,
            "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
            "address": profile.address,
            "consent_version": profile.consent_version,
            "consent_given_at": profile.consent_given_at.isoformat(),
            "consent_withdrawn_at": (
                profile.consent_withdrawn_at.isoformat() if profile.consent_withdrawn_at else None
            ),
        }
    # Downloading personal data is itself processing (UU 27/2022): record it.
    record_access("unduh data pribadi", profile or user, details={"format": "json"})
    return data


@transaction.atomic
def correct_personal_data(
    user: User,
    *,
    full_name: str,
    email: str | None,
    phone: str | None,
    birth_date: dt.date | None,
    address: str,
) -> User:
    email = email.strip().lower() if email else None
    phone = normalize_phone(phone) if phone else None
    if not email and not phone:
        raise ValidationError({"email": "Isi email atau nomor HP (salah satu wajib)."})
    errors = _contact_conflicts(email, phone, exclude_user=user)
    if errors:
        raise ValidationError(errors)
    user.full_name = full_name.strip()
    user.email = email
    user.phone = phone
    user.save(update_fields=["full_name", "email", "phone"])
    profile = user.citizen_profile
    profile.birth_date = birth_date
    profile.address = address.strip()
    profile.save(update_fields=["birth_date", "address"])
    return user


@transaction.atomic
def withdraw_consent(user: User) -> None:
    """Withdrawing consent deactivates the account; records needed by law stay."""
    profile = user.citizen_profile
    if profile.consent_withdrawn_at is None:
        profile.consent_withdrawn_at = timezone.now()
        profile.save(update_fields=["consent_withdrawn_at"])
    user.is_active = False
    user.save(update_fields=["is_active"])


@transaction.atomic
def set_preferred_language(user: User, language: str) -> None:
    """The language Sigap writes to this person in (notifications, emails), as chosen
    with the language switch; pages follow the switch's cookie."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValidationError({"language": "Bahasa tidak tersedia."})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
