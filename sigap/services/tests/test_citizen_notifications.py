"""The citizen's notifications about their applications: every state change has a
short subject and body with the tracking number and the path to the application, in
Indonesian and in English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.notifications.rendering import render_message
from sigap.services import applications
from sigap.services.tests.test_citizen_pages import (  # noqa: F401 - fixtures
    birth_fixture,
    filed,
    private_media_fixture,
)

KINDS = (
    "submitted",
    "resubmitted",
    "verified",
    "in_process",
    "returned",
    "rejected",
    "done",
    "extended",
)
WITH_NOTE = {"returned": "What to correct:", "rejected": "Reason:", "extended": "Reason:"}


@pytest.mark.parametrize("kind", KINDS)
def test_each_state_change_reads_in_both_languages(kind, citizen, agency, birth):
    app = filed(citizen, birth)
    context = {
        "application": app,
        "service": birth,
        "note": "Foto KK buram",
        "recipient": citizen,
        "agency": agency,
    }
    path = reverse("services:my_application", args=[app.tracking_number])
    subject_id, body_id = render_message(f"services/{kind}", context, "id")
    subject_en, body_en = render_message(f"services/{kind}", context, "en")
    for subject, body in ((subject_id, body_id), (subject_en, body_en)):
        assert app.tracking_number in subject and app.tracking_number in body
        assert path in body
        assert len(subject) <= 80 and "{" not in body and "%(" not in body
    assert subject_id != subject_en and "Permohonan" not in body_en.replace(path, "")
    assert "Application" in subject_en or "application" in subject_en
    if kind in WITH_NOTE:
        assert "Foto KK buram" in body_id and WITH_NOTE[kind] in body_en


def test_the_journey_notifies_the_citizen_at_each_step(citizen, officer, birth):
    from sigap.notifications.models import Notification

    app = filed(citizen, birth)
    applications.verify(app, by=officer)
    applications.return_for_revision(app, by=officer, note="Foto KK buram")
    applications.submit(app, citizen)
    applications.verify(app, by=officer)
    applications.start_processing(app, by=officer)
    applications.complete(app, by=officer)
    sent = list(
        Notification.objects.filter(recipient=citizen)
        .order_by("pk")
        .values_list("template", flat=True)
    )
    assert sent == [
        f"services/{k}"
        for k in (
            "submitted",
            "verified",
            "returned",
            "resubmitted",
            "verified",
            "in_process",
            "done",
        )
    ]
    assert (
        Notification.objects.filter(recipient=citizen, url__contains=app.tracking_number).count()
        == 7
    )
