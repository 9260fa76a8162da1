"""Rating a service from the page that followed it, without an invitation (a walk-in's
ticket page): one response per event, tokens of other purposes refused."""

from __future__ import annotations

from sigap.services import event_links
from sigap.surveys.models import Response
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate

FORM = {f"u{i}": "3" for i in range(1, 10)}


def test_a_walk_in_rates_once_from_the_ticket_link(agency, opd, login):
    event = factories.event(factories.service(agency, opd))  # no citizen: no invitation
    url = event_links.survey_link(event, kind="ticket", reference="A-012")
    assert url.startswith(f"/p/{agency.slug}/survei/layanan/")
    client = login(None)
    assert client.get(url).status_code == 200
    done = client.post(url, FORM)
    assert done.status_code == 200 and "Terima kasih" in done.content.decode()
    with activate(agency):
        response = Response.objects.get()
    assert (response.channel, response.service_id, response.day) == (
        "link",
        event.service_id,
        event.day,
    )
    again = client.get(url)
    assert again.status_code == 410 and "sudah diisi" in again.content.decode()


def test_a_complaint_token_is_not_a_rating_token(agency, opd, login):
    event = factories.event(factories.service(agency, opd))
    complaint_token = event_links.about_token(event, kind="ticket")
    url = f"/p/{agency.slug}/survei/layanan/{complaint_token}/"
    page = login(None).get(url)
    assert page.status_code == 410 and "tidak sah" in page.content.decode()


def test_another_pemdas_address_refuses_the_token(agency, other_agency, opd, login):
    event = factories.event(factories.service(agency, opd))
    url = event_links.survey_link(event, kind="ticket")
    foreign = url.replace(f"/p/{agency.slug}/", f"/p/{other_agency.slug}/")
    assert login(None).get(foreign).status_code in (404, 410)


def test_a_low_answer_from_the_ticket_offers_a_complaint(agency, opd, login):
    event = factories.event(factories.service(agency, opd))
    url = event_links.survey_link(event, kind="ticket", reference="A-012")
    body = login(None).post(url, {**FORM, "u8": "1"}).content.decode()
    assert 'id="complaint-offer"' in body
