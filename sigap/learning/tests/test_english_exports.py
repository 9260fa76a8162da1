"""The training plan, a certificate and the certificate register in English when the
reader reads English (issue 8, item 11). Names, titles and numbers are data."""

from __future__ import annotations

import pytest

from sigap.learning import enrolment
from sigap.learning.tests import factories as f
from sigap.learning.tests.test_pages import world  # noqa: F401 - a fixture
from sigap.platform.tests.english import assert_english, in_english, pdf_texts, xlsx_texts
from sigap.tenancy.context import activate


@pytest.fixture
def done(world, hr):  # noqa: F811
    """One completed enrolment with its certificate."""
    p = f.programme(world)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    with activate(world.agency):
        for s in p.sessions.all():
            enrolment.record_attendance(s, {e.pk: True}, by=hr)
    cert = enrolment.complete(e, by=hr)
    return e, cert


def _data(e, cert) -> list[str]:
    p = e.programme
    return [
        p.title,
        p.provider_name,
        e.employee.full_name,
        e.unit.name,
        cert.number,
        e.agency.name,
        f"http://testserver/sertifikat/{cert.number}/",  # the verification link
    ]


def test_the_plan_in_english(world, hr, login, done):  # noqa: F811
    e, cert = done
    content = (
        in_english(login(hr))
        .get(f"/kerja/pembelajaran/rencana.xlsx?unit={world.opd.pk}&year={e.programme.year}")
        .content
    )
    texts = xlsx_texts(content)
    assert texts[1:3] == ["Programme name", "Form"]
    assert "Summary" in texts
    assert_english(texts, data=_data(e, cert))


def test_the_certificate_and_the_register_in_english(world, hr, login, done):  # noqa: F811
    e, cert = done
    client = in_english(login(hr))
    certificate = client.get(f"/kerja/pembelajaran/peserta/{e.pk}/sertifikat.pdf").content
    texts = pdf_texts(certificate)
    assert "CERTIFICATE" in texts and "awarded to" in texts
    assert_english(texts, data=_data(e, cert))
    register = client.get(
        f"/kerja/pembelajaran/register-sertifikat.pdf?year={cert.issued_on.year}"
    ).content
    texts = pdf_texts(register)
    assert "Total: 1 certificate" in texts
    assert_english(texts, data=_data(e, cert))


def test_the_certificate_stays_indonesian_for_an_indonesian_reader(hr, login, done):
    e, _cert = done
    certificate = login(hr).get(f"/kerja/pembelajaran/peserta/{e.pk}/sertifikat.pdf").content
    assert "SERTIFIKAT" in pdf_texts(certificate)
