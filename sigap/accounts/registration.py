"""Citizen self-registration and personal-data rights (UU 27/2022)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import CitizenProfile, User
from sigap.accounts.normalize import normalize_phone
from sigap.audit.events import acting, entries_by, record, record_access, register_events
from sigap.platform.effects import after_commit

register_events(
    {
        "akun warga didaftarkan": "Akun warga didaftarkan",
        "pendaftaran ganda dicegah": "Pendaftaran dengan NIK/kontak terdaftar dicegah",
    }
)

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


# Anonymous visitors must not learn whether a NIK, email or phone is registered (issue
# 8, item 4): every conflict gets these same words, and the owner of the data that
# conflicted is told on their registered email, with the way to recover their account.
ALREADY_REGISTERED = _(
    "Pendaftaran tidak dapat diselesaikan dengan data ini. Bila Anda pernah mendaftar, "
    "pemberitahuan telah dikirim ke email yang terdaftar; masuk atau pulihkan akun Anda."
)


class AlreadyRegistered(ValidationError):
    """The NIK, email or phone belongs to an existing account (the message never says
    which)."""


def latest_plausible_today() -> dt.date:
    """Today in Indonesia's easternmost zone (WIT): a birth date after it is in the
    future for everyone in the country."""
    return timezone.now().astimezone(ZoneInfo("Asia/Jayapura")).date()


def check_birth_date(birth_date: dt.date | None) -> None:
    if birth_date is not None and birth_date > latest_plausible_today():
        raise ValidationError({"birth_date": _("Tanggal lahir tidak boleh di masa depan.")})


def register_citizen(data: Registration) -> User:
    """Create a citizen's account and profile in one transaction, or nothing."""
    if not data.accepted_privacy_notice:
        raise ValidationError(
            {
                "accepted_privacy_notice": _(
                    "Anda harus menyetujui pemberitahuan privasi untuk mendaftar."
                )
            }
        )
    if not data.email and not data.phone:
        raise ValidationError({"email": _("Isi email atau nomor HP (salah satu wajib).")})
    check_birth_date(data.birth_date)
    email = data.email.strip().lower() if data.email else None
    phone = normalize_phone(data.phone) if data.phone else None
    owners = _owners_of(data.nik, email, phone)
    if owners:
        for owner in owners:
            _tell_owner(owner)
        raise AlreadyRegistered(ALREADY_REGISTERED)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=email or phone or "",
                password=data.password,
                full_name=data.full_name.strip(),
                email=email,
                phone=phone,
                kind=User.Kind.CITIZEN,
            )
            profile = CitizenProfile.objects.create(
                user=user,
                nik=data.nik,
                birth_date=data.birth_date,
                consent_version=PRIVACY_NOTICE_VERSION,
                consent_given_at=timezone.now(),
            )
            with acting(user):
                record("akun warga didaftarkan", profile)
    except IntegrityError as exc:  # a concurrent registration with the same NIK/email
        raise AlreadyRegistered(ALREADY_REGISTERED) from exc
    return user


def _owners_of(nik: str, email: str | None, phone: str | None) -> list[User]:
    match = Q(citizen_profile__nik=nik)
    if email:
        match |= Q(email__iexact=email) | Q(username=email)
    if phone:
        match |= Q(phone=phone) | Q(username=phone)
    return list(User.objects.filter(match).distinct().order_by("pk"))


def _tell_owner(owner: User) -> None:
    """Someone tried to register with this person's NIK, email or phone: tell them on the
    email they registered, with the recovery page, and record it."""
    with transaction.atomic():
        record("pendaftaran ganda dicegah", owner)
        if owner.email:
            context = {
                "user": owner,
                "link": settings.SIGAP_PUBLIC_URL.rstrip("/") + reverse("accounts:recover"),
            }
            after_commit(
                lambda: send_mail(
                    render_to_string("accounts/email/duplicate_subject.txt", context).strip(),
                    render_to_string("accounts/email/duplicate_body.txt", context),
                    None,
                    [owner.email],
                )
            )


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
    check_birth_date(birth_date)
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
