"""The printable service standard in English for an English reader (issue 8, item 11):
its headings, the time-limit note, the dates and office days; what the pemda wrote
(requirements, procedure, product...) is data and stays as written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.platform.tests.english import assert_english, in_english, pdf_texts
from sigap.services.tests.factories import service_with_standard

pytestmark = pytest.mark.django_db


def _pdf(client, agency) -> list[str]:
    url = reverse(
        "services:public_standard_pdf", kwargs={"agency_slug": agency.slug, "service_code": "AKTA"}
    )
    return pdf_texts(client.get(url).content)


def test_the_standard_pdf_in_english(agency, opd, login):
    service, standard = service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    texts = _pdf(in_english(login(None)), agency)
    assert "SERVICE STANDARD" in texts and "Requirements" in " ".join(texts)
    assert any(t.startswith("Monday: ") for t in texts)
    assert_english(
        texts,
        data=[
            agency.name.upper(),
            opd.name,
            service.name,
            *standard.requirements,
            *standard.procedure,
            standard.product,
            standard.complaint_handling,
            standard.fee_note,
            f"http://testserver/p/{agency.slug}/layanan/AKTA/",
        ],
    )


def test_the_standard_pdf_stays_indonesian_by_default(agency, opd, login):
    service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    texts = _pdf(login(None), agency)
    assert "STANDAR PELAYANAN" in texts and any(t.startswith("Senin: ") for t in texts)
