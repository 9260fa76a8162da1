"""Shared fixtures: named personas in two agencies (healthchecks/Zulip style).

``agency`` is the agency under test; ``other_agency`` exists to prove that its users
get nothing from ``agency``. Tests that touch tenant-scoped models run inside
``active_agency`` (or call the domain functions that activate it themselves).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from sigap.accounts.models import CitizenProfile, Role, RoleGrant, User
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit

PASSWORD = "kata-sandi-uji-123"

# Property tests under ``-n 2`` on a loaded 2-core machine: no per-example deadline
# (timing is not what they test), no shared example database between the workers,
# and in CI the same examples every run, so a red build is reproducible.
hypothesis_settings.register_profile(
    "sigap", deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("sigap"), derandomize=True
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sigap"))


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Unit tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Each test starts with empty caches: the database is rolled back between tests, so
    ids and stamps (``learning.counts``) come round again, but a per-process cache keeps
    what an earlier test put in it."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def make_staff(
    username: str, agency: Agency | None, role: str | None, unit: OrgUnit | None = None
) -> User:
    user = User.objects.create_user(
        username, PASSWORD, full_name=username.replace(".", " ").title()
    )
    if role:
        RoleGrant.objects.create(user=user, agency=agency, role=role, unit=unit)
    return user


@pytest.fixture
def agency(db) -> Agency:
    return Agency.objects.create(
        slug="jambi", name="Pemerintah Provinsi Jambi", kind=Agency.Kind.PROVINCE, region_code="15"
    )


@pytest.fixture
def other_agency(db) -> Agency:
    return Agency.objects.create(
        slug="tebo", name="Pemerintah Kabupaten Tebo", kind=Agency.Kind.REGENCY, region_code="15.09"
    )


@pytest.fixture
def active_agency(agency):
    with activate(agency):
        yield agency


@pytest.fixture
def opd(agency) -> OrgUnit:
    return org.create_unit(
        agency,
        kind=OrgUnit.Kind.OPD,
        name="Dinas Kependudukan dan Pencatatan Sipil",
        code="DUKCAPIL",
        short_name="Disdukcapil",
    )


@pytest.fixture
def other_opd(other_agency) -> OrgUnit:
    return org.create_unit(
        other_agency,
        kind=OrgUnit.Kind.OPD,
        name="Dinas Kependudukan dan Pencatatan Sipil",
        code="DUKCAPIL",
    )


@pytest.fixture
def agency_admin(agency) -> User:
    return make_staff("admin.jambi", agency, Role.AGENCY_ADMIN)


@pytest.fixture
def officer(agency, opd) -> User:
    return make_staff("petugas.jambi", agency, Role.OFFICER, unit=opd)


@pytest.fixture
def inspector(agency) -> User:
    return make_staff("inspektur.jambi", agency, Role.INSPECTOR)


@pytest.fixture
def hr(agency) -> User:
    return make_staff("bkpsdm.jambi", agency, Role.HR)


@pytest.fixture
def leadership(agency) -> User:
    return make_staff("pimpinan.jambi", agency, Role.LEADERSHIP)


@pytest.fixture
def unit_head(agency, opd) -> User:
    return make_staff("kepala.jambi", agency, Role.UNIT_HEAD, unit=opd)


@pytest.fixture
def other_admin(other_agency) -> User:
    """An agency admin of another pemda: must get nothing from ``agency``."""
    return make_staff("admin.tebo", other_agency, Role.AGENCY_ADMIN)


@pytest.fixture
def system_admin(db) -> User:
    user = User.objects.create_superuser("sysadmin", PASSWORD, full_name="Admin Sistem")
    RoleGrant.objects.create(user=user, role=Role.SYSTEM_ADMIN)
    return user


@pytest.fixture
def no_role_staff(db) -> User:
    return make_staff("tanpa.peran", None, None)


@pytest.fixture
def citizen(db) -> User:
    user = User.objects.create_user(
        "warga@example.id",
        PASSWORD,
        full_name="Siti Rahmawati",
        email="warga@example.id",
        kind=User.Kind.CITIZEN,
    )
    CitizenProfile.objects.create(
        user=user,
        nik="1571025705900001",
        birth_date=dt.date(1990, 5, 17),
        consent_version="2026-11",
        consent_given_at=timezone.now(),
    )
    return user


@pytest.fixture
def login():
    """login(user) -> a test Client signed in as that user."""

    def _login(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="sigap.accounts.backends.EmailOrPhoneBackend")
        return client

    return _login
