from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sigap.audit.context import additional_data as audit_data
from sigap.identifiers.fields import NIKField
from sigap.platform.declarations import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra) -> User:
        if not username:
            raise ValueError("username wajib diisi")
        user = self.model(username=username.strip().lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def staff_of(self, agency: object) -> models.QuerySet[User]:
        """Staff accounts that belong to ``agency``: they hold a role in it, or their login
        is linked to one of its ASN records. The only accounts its pages and back office
        may name or offer as a choice (issue 8, item 2)."""
        return (
            self.filter(kind=User.Kind.STAFF)
            .filter(models.Q(role_grants__agency=agency) | models.Q(employee__agency=agency))
            .distinct()
        )

    def create_superuser(self, username: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True, kind=User.Kind.STAFF)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One login: a staff member of one or more agencies, or a citizen."""

    class Kind(models.TextChoices):
        STAFF = "staff", gettext_lazy("Pegawai")
        CITIZEN = "citizen", gettext_lazy("Warga")

    username = models.CharField(gettext_lazy("nama pengguna"), max_length=150, unique=True)
    full_name = models.CharField(gettext_lazy("nama lengkap"), max_length=150)
    email = models.EmailField(gettext_lazy("email"), blank=True, null=True, unique=True)
    phone = models.CharField(
        gettext_lazy("nomor HP"), max_length=20, blank=True, null=True, unique=True
    )
    kind = models.CharField(
        gettext_lazy("jenis"), max_length=10, choices=Kind.choices, default=Kind.STAFF
    )
    is_staff = models.BooleanField(gettext_lazy("akses admin"), default=False)
    is_active = models.BooleanField(gettext_lazy("aktif"), default=True)
    date_joined = models.DateTimeField(gettext_lazy("terdaftar"), default=timezone.now)
    preferred_language = models.CharField(
        verbose_name=gettext_lazy("bahasa pilihan"), max_length=5, default="id"
    )
    # An initial or temporary password handed out by an admin: the holder must choose
    # their own at first login (sigap.accounts.middleware.PasswordChangeRequiredMiddleware).
    must_change_password = models.BooleanField(
        gettext_lazy("wajib ganti kata sandi"), default=False
    )

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = gettext_lazy("pengguna")
        verbose_name_plural = gettext_lazy("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN

    def get_additional_data(self) -> dict:
        return audit_data(None)


class RoleGrant(models.Model):
    """A role held by a user in one agency (and, for unit-level roles, one unit)."""

    user = models.ForeignKey(
        User,
        verbose_name=gettext_lazy("akun"),
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    agency = models.ForeignKey(
        "tenancy.Agency",
        verbose_name=gettext_lazy("pemda"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
        help_text=gettext_lazy("Kosong hanya untuk admin sistem."),
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        verbose_name=gettext_lazy("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    role = models.CharField(gettext_lazy("peran"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(verbose_name=gettext_lazy("diberikan"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("pemberian peran")
        verbose_name_plural = gettext_lazy("pemberian peran")
        constraints = [
            # NULLs are distinct in unique indexes, so each shape gets its own constraint.
            models.UniqueConstraint(
                fields=["user", "agency", "unit", "role"],
                condition=models.Q(unit__isnull=False),
                name="rolegrant_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=models.Q(unit__isnull=True, agency__isnull=False),
                name="rolegrant_unique_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(agency__isnull=True),
                name="rolegrant_unique_system",
            ),
            models.CheckConstraint(
                condition=models.Q(role="system_admin", agency__isnull=True)
                | (~models.Q(role="system_admin") & models.Q(agency__isnull=False)),
                name="rolegrant_agency_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit or self.agency or "semua pemda"
        return f"{self.user} — {self.get_role_display()} ({where})"

    def get_additional_data(self) -> dict:
        return audit_data(self.agency_id)


class CitizenProfile(models.Model):
    """Personal data a citizen gave Sigap (UU 27/2022: they can see, export, correct it)."""

    user = models.OneToOneField(
        User,
        verbose_name=gettext_lazy("akun"),
        on_delete=models.CASCADE,
        related_name="citizen_profile",
    )
    nik = NIKField(unique=True)
    birth_date = models.DateField(gettext_lazy("tanggal lahir"), null=True, blank=True)
    address = models.CharField(gettext_lazy("alamat"), max_length=255, blank=True)
    consent_version = models.CharField(gettext_lazy("versi pemberitahuan privasi"), max_length=20)
    consent_given_at = models.DateTimeField(gettext_lazy("persetujuan diberikan"))
    consent_withdrawn_at = models.DateTimeField(
        gettext_lazy("persetujuan ditarik"), null=True, blank=True
    )

    class Meta:
        verbose_name = gettext_lazy("profil warga")
        verbose_name_plural = gettext_lazy("profil warga")

    def __str__(self) -> str:
        return f"Profil {self.user}"

    @property
    def has_consent(self) -> bool:
        return self.consent_withdrawn_at is None

    def get_additional_data(self) -> dict:
        return audit_data(None)


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(
        User, verbose_name=gettext_lazy("akun"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(gettext_lazy("nama"), max_length=80)
    prefix = models.CharField(verbose_name=gettext_lazy("awalan"), max_length=8, db_index=True)
    key_hash = models.CharField(
        verbose_name=gettext_lazy("sidik kunci"), max_length=64, unique=True
    )
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(
        verbose_name=gettext_lazy("terakhir dipakai"), null=True, blank=True
    )
    revoked_at = models.DateTimeField(verbose_name=gettext_lazy("dicabut"), null=True, blank=True)
    expires_at = models.DateTimeField(gettext_lazy("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("token API")
        verbose_name_plural = gettext_lazy("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(
        cls, user: User, name: str, expires_at: dt.datetime | None = None
    ) -> tuple[ApiToken, str]:
        key = "sgp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=key[4:12],
            key_hash=cls.hash_key(key),
            expires_at=expires_at,
        )
        return token, key

    def get_additional_data(self) -> dict:
        return audit_data(None)


class StaffInvitation(models.Model):
    """A role offered by an agency admin to a person who is not yet the agency's staff.

    The role is granted only when the invited person opens the link sent to the email the
    admin typed and accepts it (signing in to their account, or creating one): the admin
    never learns whether that email already belongs to an account (issue 8, item 2).
    Only a hash of the link's key is stored.
    """

    agency = models.ForeignKey(
        "tenancy.Agency",
        verbose_name=gettext_lazy("pemda"),
        on_delete=models.CASCADE,
        related_name="staff_invitations",
    )
    email = models.EmailField(gettext_lazy("email"))
    full_name = models.CharField(gettext_lazy("nama lengkap"), max_length=150, blank=True)
    role = models.CharField(gettext_lazy("peran"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        verbose_name=gettext_lazy("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    key_hash = models.CharField(
        verbose_name=gettext_lazy("sidik kunci"), max_length=64, unique=True
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=gettext_lazy("diundang oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(gettext_lazy("berlaku sampai"))
    accepted_at = models.DateTimeField(gettext_lazy("diterima"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=gettext_lazy("diterima oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(gettext_lazy("dibatalkan"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("undangan pegawai")
        verbose_name_plural = gettext_lazy("undangan pegawai")

    def __str__(self) -> str:
        return f"Undangan {self.get_role_display()} ({self.email})"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )

    def get_additional_data(self) -> dict:
        return audit_data(self.agency_id)
