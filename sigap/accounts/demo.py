"""Demo logins (one per role per pemda) and demo citizens with valid NIKs."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sigap.accounts.models import CitizenProfile, Role, RoleGrant, User
from sigap.accounts.registration import PRIVACY_NOTICE_VERSION
from sigap.platform.demo import DEMO_PASSWORD, DemoContext
from sigap.tenancy.models import Agency, OrgUnit

STAFF_ROLES = [
    Role.AGENCY_ADMIN,
    Role.HR,
    Role.UNIT_HEAD,
    Role.OFFICER,
    Role.LEADERSHIP,
    Role.INSPECTOR,
]
CITIZENS_PER_SCALE = {"small": 40, "city": 2_000, "province": 20_000}
DEMO_CITIZEN = "warga@demo.sigap.id"


def demo_logins() -> list[tuple[str, str, str]]:
    rows = [("Admin sistem", "sysadmin", DEMO_PASSWORD)]
    for agency in Agency.objects.order_by("name"):
        for role in STAFF_ROLES:
            rows.append(
                (f"{role.label} — {agency.name}", f"{role.value}.{agency.slug}", DEMO_PASSWORD)
            )
    rows.append(("Warga", DEMO_CITIZEN, DEMO_PASSWORD))
    return rows


def seed(ctx: DemoContext) -> None:
    password = make_password(DEMO_PASSWORD)  # hash once: argon2 is slow by design
    admin = User.objects.create(
        username="sysadmin",
        full_name="Admin Sistem Sigap",
        password=password,
        is_staff=True,
        is_superuser=True,
        kind=User.Kind.STAFF,
    )
    RoleGrant.objects.create(user=admin, role=Role.SYSTEM_ADMIN)
    for agency in Agency.objects.order_by("name"):
        service_unit = (
            OrgUnit.all_objects.filter(agency=agency, code="DUKCAPIL").first()
            or OrgUnit.all_objects.filter(agency=agency, kind=OrgUnit.Kind.OPD)
            .order_by("pk")
            .first()
        )
        for role in STAFF_ROLES:
            user = User.objects.create(
                username=f"{role.value}.{agency.slug}",
                full_name=ctx.faker.name(),
                # A registered email, so that the demo shows password recovery.
                email=f"{role.value}.{agency.slug}@demo.sigap.id",
                password=password,
                is_staff=role == Role.AGENCY_ADMIN,
                kind=User.Kind.STAFF,
            )
            unit = service_unit if role in (Role.UNIT_HEAD, Role.OFFICER) else None
            RoleGrant.objects.create(user=user, agency=agency, role=role, unit=unit)
            ctx.count("login staf")
    _seed_citizens(ctx, password)
    ctx.logins.extend(demo_logins())


def _seed_citizens(ctx: DemoContext, password: str) -> None:
    from sigap.identifiers.demo import fake_nik

    first = User.objects.create(
        username=DEMO_CITIZEN,
        email=DEMO_CITIZEN,
        full_name="Siti Rahmawati",
        password=password,
        kind=User.Kind.CITIZEN,
        phone="6281200000001",
    )
    birth = dt.date(1990, 5, 17)
    CitizenProfile.objects.create(
        user=first,
        nik=fake_nik(ctx.rng, "15", birth, female=True),
        birth_date=birth,
        address="Jl. Sultan Thaha No. 1, Kota Jambi",
        consent_version=PRIVACY_NOTICE_VERSION,
        consent_given_at=timezone.now(),
    )
    total = CITIZENS_PER_SCALE[ctx.scale]
    now = timezone.now()
    batch_users: list[User] = []
    batch_birth: list[tuple[dt.date, bool]] = []
    seen_nik: set[str] = set()
    # Bulk citizens cannot log in (unusable password): they exist to be served and counted.
    for i in range(total - 1):
        female = ctx.rng.random() < 0.5
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=ctx.rng.randrange(0, 365 * 55))
        batch_users.append(
            User(
                username=f"warga{i:06d}@demo.sigap.id",
                email=f"warga{i:06d}@demo.sigap.id",
                full_name=ctx.faker.name_female() if female else ctx.faker.name_male(),
                password="!",  # noqa: S106 - unusable password: bulk citizens cannot log in
                kind=User.Kind.CITIZEN,
                date_joined=now,
            )
        )
        batch_birth.append((birth, female))
    created = User.objects.bulk_create(batch_users, batch_size=2000)
    profiles = []
    provinces = ["15", "13", "31", "15", "31"]
    for user, (birth, female) in zip(created, batch_birth, strict=True):
        nik = fake_nik(ctx.rng, ctx.rng.choice(provinces), birth, female=female)
        while nik in seen_nik:
            nik = fake_nik(ctx.rng, ctx.rng.choice(provinces), birth, female=female)
        seen_nik.add(nik)
        profiles.append(
            CitizenProfile(
                user=user,
                nik=nik,
                birth_date=birth,
                consent_version=PRIVACY_NOTICE_VERSION,
                consent_given_at=now,
            )
        )
    CitizenProfile.objects.bulk_create(profiles, batch_size=2000)
    ctx.count("warga", total)
