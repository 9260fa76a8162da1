"""Roles offered by an agency admin: to the agency's own staff at once, to anyone else by
an invitation that the invited person accepts (issue 8, item 2).

The admin types a username or an email. If it names one of the agency's own staff
(``staff.own_staff``), the role is granted. Otherwise, whatever account may or may not
exist behind that email (another pemda's staff, a citizen, nobody), the answer is the
same: an invitation goes to the email, and the role exists only once the person opens the
link and accepts it, signed in to their account or creating one. No answer names an
account outside the agency or says whether an email is registered.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts import staff
from sigap.accounts.models import ApiToken, Role, RoleGrant, StaffInvitation, User
from sigap.audit.events import acting, record, register_events
from sigap.platform.effects import after_commit
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit

INVITATION_DAYS = 7

register_events(
    {
        "peran diberikan": "Peran diberikan",
        "undangan pegawai dikirim": "Undangan pegawai dikirim",
        "undangan pegawai diterima": "Undangan pegawai diterima",
    }
)


@dataclass(frozen=True)
class Offer:
    """What ``offer_role`` did: a grant to own staff, or an invitation sent."""

    grant: RoleGrant | None = None
    invitation: StaffInvitation | None = None
    key: str = ""  # the invitation link's key, for the mail only (never stored)


def _check_role(agency: Agency, role: str, unit: OrgUnit | None) -> OrgUnit | None:
    if role not in staff.GRANTABLE_BY_AGENCY_ADMIN:
        raise ValidationError({"role": _("Peran ini tidak dapat diberikan oleh admin pemda.")})
    if role in staff.UNIT_ROLES and unit is None:
        raise ValidationError({"unit": _("Peran ini berlaku per unit: pilih unitnya.")})
    if role not in staff.UNIT_ROLES:
        return None
    if unit.agency_id != agency.pk:
        raise ValidationError({"unit": _("Unit milik pemda lain.")})
    return unit


def offer_role(
    agency: Agency,
    *,
    login: str,
    full_name: str,
    role: str,
    unit: OrgUnit | None,
    by: User,
) -> Offer:
    """Grant ``role`` to the agency's own staff member ``login`` names, or invite the
    email ``login`` is to accept it."""
    unit = _check_role(agency, role, unit)
    text = login.strip()
    with acting_for(agency), acting(by), transaction.atomic():
        user = staff.find_own_staff(agency, text)
        if user is not None:
            try:
                with transaction.atomic():
                    grant = RoleGrant.objects.create(user=user, agency=agency, role=role, unit=unit)
            except IntegrityError:
                raise ValidationError(
                    {"login": _("Pegawai ini sudah memiliki peran tersebut.")}
                ) from None
            record("peran diberikan", grant, agency_id=agency.pk, details={"role": role})
            return Offer(grant=grant)
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError({"login": str(staff.NOT_OWN_STAFF)}) from None
        key = secrets.token_urlsafe(32)
        invitation = StaffInvitation.objects.create(
            agency=agency,
            email=text.lower(),
            full_name=full_name.strip(),
            role=role,
            unit=unit,
            key_hash=_hash(key),
            invited_by=by,
            expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
        )
        record("undangan pegawai dikirim", invitation, agency_id=agency.pk, details={"role": role})
        after_commit(lambda: _send_invitation(invitation, key))
        return Offer(invitation=invitation, key=key)


def _hash(key: str) -> str:
    return ApiToken.hash_key(key)


def _send_invitation(invitation: StaffInvitation, key: str) -> None:
    link = settings.SIGAP_PUBLIC_URL.rstrip("/") + reverse("accounts:invitation", args=[key])
    context = {"invitation": invitation, "link": link, "days": INVITATION_DAYS}
    send_mail(
        render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        render_to_string("accounts/email/invitation_body.txt", context),
        None,
        [invitation.email],
    )


def invitation_for_key(key: str) -> StaffInvitation | None:
    """The open invitation a link's key names, else None (used, cancelled, expired)."""
    invitation = (
        StaffInvitation.objects.select_related("agency", "unit").filter(key_hash=_hash(key)).first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def accept_invitation(invitation: StaffInvitation, user: User) -> RoleGrant:
    """``user`` (signed in, so in control of their account) takes the offered role."""
    if user.is_citizen:
        raise ValidationError(
            _("Akun warga tidak dapat menerima peran pegawai. Buat akun pegawai baru.")
        )
    # No acting_for: the person accepting may be working in another pemda in this very
    # session; grants and invitations are account records, not tenant rows.
    with acting(user), transaction.atomic():
        locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise ValidationError(_("Undangan ini sudah dipakai, dibatalkan atau kedaluwarsa."))
        grant, _created = RoleGrant.objects.get_or_create(
            user=user, agency=locked.agency, role=locked.role, unit=locked.unit
        )
        if locked.role == Role.AGENCY_ADMIN and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        record(
            "undangan pegawai diterima",
            locked,
            agency_id=locked.agency_id,
            details={"role": locked.role},
        )
        return grant


def accept_with_new_account(
    invitation: StaffInvitation, *, username: str, full_name: str, password: str
) -> User:
    """A person new to Sigap accepts: their staff account is created with the password
    they chose (no password ever passes through the admin) and the invited email."""
    username = username.strip().lower()
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = _("Isi nama pengguna.")
    elif User.objects.filter(username=username).exists():
        errors["username"] = _("Nama pengguna ini sudah dipakai; pilih yang lain.")
    if not full_name.strip():
        errors["full_name"] = _("Isi nama lengkap.")
    if errors:
        raise ValidationError(errors)
    candidate = User(username=username, full_name=full_name, email=invitation.email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    with transaction.atomic():
        email = invitation.email
        if User.objects.filter(email__iexact=email).exists():
            # The email already has an account: its holder signs in and accepts.
            raise ValidationError(
                _("Email ini sudah memiliki akun Sigap. Masuk dengan akun itu untuk menerima.")
            )
        try:
            user = User.objects.create_user(
                username, password, full_name=full_name.strip(), email=email
            )
        except IntegrityError:
            raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")}) from None
        accept_invitation(invitation, user)
    return user
