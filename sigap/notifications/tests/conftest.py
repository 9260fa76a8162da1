from __future__ import annotations

import pytest

from sigap.accounts.models import User
from sigap.notifications.tests.adapters import RecordingAdapter

ADAPTER = "sigap.notifications.tests.adapters.RecordingAdapter"


@pytest.fixture
def queued(settings):
    """Tasks are recorded, not run: ``queued.results`` lists what was enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


@pytest.fixture
def immediate(settings):
    """Tasks run as soon as they are enqueued (still only after the commit)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def sms_gateway(settings):
    settings.SIGAP_SMS_ADAPTER = ADAPTER
    RecordingAdapter.reset()
    return RecordingAdapter


@pytest.fixture
def phone_citizen(citizen) -> User:
    citizen.phone = "6281234567001"
    citizen.save(update_fields=["phone"])
    return citizen


@pytest.fixture
def other_citizen(db) -> User:
    return User.objects.create_user(
        "budi@example.id",
        "kata-sandi-uji-123",
        full_name="Budi Santoso",
        email="budi@example.id",
        kind=User.Kind.CITIZEN,
    )
