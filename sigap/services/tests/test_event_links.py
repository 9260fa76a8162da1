"""The signed link from a page after a service to the complaint form."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from sigap.services import event_links
from sigap.surveys.tests import factories


@pytest.fixture
def served(agency, opd, citizen):
    return factories.event(factories.service(agency, opd), citizen=citizen)


def test_the_token_reads_back_as_the_event_kind_and_reference(served, agency):
    token = event_links.about_token(served, kind="ticket", reference="A-012")
    about = event_links.read_about(token, agency)
    assert (about.event.pk, about.kind, about.reference) == (served.pk, "ticket", "A-012")


def test_another_pemda_a_tampered_and_an_expired_token_are_refused(
    served, agency, other_agency, settings
):
    token = event_links.about_token(served, kind="survey")
    with pytest.raises(ValidationError, match="tidak sah"):
        event_links.read_about(token, other_agency)
    with pytest.raises(ValidationError, match="tidak sah"):
        event_links.read_about(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1], agency)
    settings.SIGAP_COMPLAINT_LINK_DAYS = 60
    later = time.time() + 61 * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        with pytest.raises(ValidationError, match="kedaluwarsa"):
            event_links.read_about(token, agency)


def test_an_unknown_kind_is_a_programming_error(served):
    with pytest.raises(ValueError):
        event_links.about_token(served, kind="gossip")


def test_the_complaint_link_points_at_the_pemdas_form(served, agency):
    link = event_links.complaint_link(served, kind="survey")
    assert link.startswith(f"/p/{agency.slug}/pengaduan/baru/?tentang=")


def test_a_citizen_lists_only_their_own_recent_services(served, agency, opd, citizen):
    from sigap.accounts.models import User

    stranger = User.objects.create_user(
        "lain@example.id", "kata-sandi-uji-123", full_name="Lain", kind=User.Kind.CITIZEN
    )
    factories.event(served.service, citizen=stranger)
    assert [e.pk for e in event_links.citizen_events(citizen, agency)] == [served.pk]
    assert event_links.citizen_events(None, agency) == []
