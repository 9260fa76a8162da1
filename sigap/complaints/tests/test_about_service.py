"""A complaint about the service the citizen received: from the survey's thank-you page,
from the citizen's own list of services, or from a signed link; and what each mode keeps
of the service event (closing the loop without naming an anonymous complainant)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from conftest import make_staff
from sigap.accounts.models import Role, User
from sigap.complaints import handling
from sigap.complaints.models import Complaint
from sigap.complaints.tests.factories import RUDE, with_categories
from sigap.services import event_links
from sigap.surveys import invitations
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate
from sigap.workforce.models import Employee
from sigap.workforce.tests.factories import hire

GOOD = {f"u{i}": "4" for i in range(1, 10)}


@pytest.fixture
def counter_officer(agency, opd):
    user = make_staff("petugas.akta", agency, Role.OFFICER, opd)
    employee = hire(agency, "Sri Wahyuni", dt.date(1985, 1, 1), seq=3)
    Employee.all_objects.filter(pk=employee.pk).update(user=user)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def served(agency, opd, citizen, counter_officer):
    with_categories(agency, opd)
    return factories.event(
        factories.service(agency, opd), citizen=citizen, officer_user=counter_officer
    )


def _token(link: str) -> str:
    return parse_qs(urlsplit(link).query)[event_links.QUERY_PARAMETER][0]


def test_a_low_u8_answer_leads_to_a_complaint_tied_to_the_event(served, agency, citizen, login):
    invitation = invitations.invite(served)
    client = login(None)
    thanks = client.post(invitations.path_for(invitation), {**GOOD, "u8": "1"})
    body = thanks.content.decode()
    assert 'id="complaint-offer"' in body
    link = body.split('id="complaint-offer" href="')[1].split('"')[0].replace("&amp;", "&")
    form = login(citizen).get(link)
    assert form.status_code == 200
    assert (
        served.service.name in form.content.decode()
        and 'id="about-service"' in form.content.decode()
    )
    filed = login(citizen).post(
        link.split("?")[0],
        {"mode": "identified", "text": RUDE, "about": _token(link), "idempotency_key": "s-1"},
    )
    assert filed.status_code == 201
    with activate(agency):
        complaint = Complaint.objects.get()
    assert complaint.service_event_id == served.pk
    assert complaint.about_kind == "survey" and complaint.about_reference == ""
    assert complaint.officer_id == served.officer_id and complaint.served_on == served.day
    assert complaint.service_id == served.service_id


def test_a_good_answer_offers_nothing(served, login):
    invitation = invitations.invite(served)
    thanks = login(None).post(invitations.path_for(invitation), GOOD)
    assert "complaint-offer" not in thanks.content.decode()


def test_the_kiosk_offers_a_qr_code_not_a_link(agency, opd, counter_officer, login):
    with_categories(agency, opd)
    event = factories.event(factories.service(agency, opd), officer_user=counter_officer)
    client = login(counter_officer)
    page = client.post(
        reverse("surveys:kiosk", args=[event.pk]),
        {**GOOD, "suggestion": "Petugasnya jutek sekali"},
    )
    body = page.content.decode()
    assert 'id="complaint-offer-qr"' in body and "<svg" in body
    assert "/pengaduan/baru/" not in body  # only inside the QR code, not as a link


def test_an_anonymous_complaint_keeps_the_service_officer_and_day_but_not_the_event(served, agency):
    link = event_links.complaint_link(served, kind="ticket", reference="A-012")
    about = event_links.read_about(_token(link), agency)
    complaint = handling.file_complaint(
        agency,
        text=RUDE,
        mode="anonymous",
        channel="portal",
        service_event=about.event,
        about_kind=about.kind,
        about_reference=about.reference,
    )
    assert complaint.service_event_id is None and complaint.application_id is None
    assert complaint.about_reference == ""  # a ticket number would lead to the citizen
    assert complaint.about_kind == "ticket"
    assert (complaint.service_id, complaint.officer_id, complaint.served_on) == (
        served.service_id,
        served.officer_id,
        served.day,
    )


def test_the_unit_sees_the_reference_only_on_identified_complaints(
    served, agency, opd, citizen, agency_admin, counter_officer, login
):
    shown = {}
    for mode in ("identified", "confidential"):
        complaint = handling.file_complaint(
            agency,
            text=RUDE,
            mode=mode,
            channel="portal",
            citizen=citizen,
            service_event=served,
            about_kind="ticket",
            about_reference="B-007",
        )
        handling.route(complaint, category="perilaku", by=agency_admin)
        page = login(counter_officer).get(reverse("complaints:detail", args=[complaint.pk]))
        shown[mode] = page.content.decode()
        assert "Sri Wahyuni" in shown[mode]  # the officer it is about
    assert "B-007" in shown["identified"]
    assert "B-007" not in shown["confidential"]


def test_a_signed_in_citizen_picks_one_of_their_services(served, agency, citizen, login):
    client = login(citizen)
    url = reverse("complaints:file", args=[agency.slug])
    page = client.get(url)
    assert f'value="{served.pk}"' in page.content.decode()
    client.post(
        url, {"mode": "identified", "text": RUDE, "event": str(served.pk), "idempotency_key": "e"}
    )
    with activate(agency):
        complaint = Complaint.objects.get()
    assert complaint.service_event_id == served.pk and complaint.about_kind == "service"


def test_someone_elses_service_is_refused(served, agency, login):
    stranger = User.objects.create_user(
        "orang.lain@example.id",
        "kata-sandi-uji-123",
        full_name="Orang Lain",
        kind=User.Kind.CITIZEN,
    )
    url = reverse("complaints:file", args=[agency.slug])
    # Not in their own list: the choice is refused by the form.
    posted = login(stranger).post(
        url, {"mode": "identified", "text": RUDE, "event": str(served.pk), "idempotency_key": "x"}
    )
    assert posted.status_code == 200
    # A forwarded link names a service they did not receive: refused by the domain.
    link = event_links.complaint_link(served, kind="survey")
    refused = login(stranger).post(
        url, {"mode": "identified", "text": RUDE, "about": _token(link), "idempotency_key": "y"}
    )
    assert "Ini bukan layanan yang Anda terima." in refused.content.decode()
    with activate(agency):
        assert not Complaint.objects.exists()


def test_a_broken_link_says_so_and_the_form_still_works(agency, opd, citizen, login):
    with_categories(agency, opd)
    url = reverse("complaints:file", args=[agency.slug])
    page = login(citizen).get(url + "?tentang=rusak")
    assert page.status_code == 200 and "Tautan layanan ini tidak sah." in page.content.decode()


def test_the_inbox_api_reads_a_page_in_a_fixed_number_of_queries(
    served, agency, opd, citizen, agency_admin, counter_officer, login
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def file(mode: str, n: int) -> None:
        for _i in range(n):
            complaint = handling.file_complaint(
                agency,
                text=RUDE,
                mode=mode,
                channel="portal",
                citizen=citizen,
                service_event=served,
                about_kind="ticket",
                about_reference="B-007",
            )
            handling.route(complaint, category="perilaku", by=agency_admin)

    client = login(counter_officer)
    file("identified", 1)
    file("confidential", 1)
    with CaptureQueriesContext(connection) as few:
        rows = client.get("/api/v1/kerja/pengaduan").json()
    assert len(rows) == 2
    by_mode = {r["mode"]: r for r in rows}
    assert (
        by_mode["identified"]["complainant"] and by_mode["identified"]["about_reference"] == "B-007"
    )
    assert by_mode["confidential"]["complainant"] is None
    assert by_mode["confidential"]["about_reference"] == ""
    assert by_mode["identified"]["officer"] == "Sri Wahyuni"
    assert len(by_mode["identified"]["steps"]) >= 2
    file("identified", 3)
    file("confidential", 3)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/kerja/pengaduan").json()) == 8
    assert len(many.captured_queries) == len(few.captured_queries)
