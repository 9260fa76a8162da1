"""Generated: nothing available to the unit names a confidential or anonymous
complainant (issue 12, item 4).

For a confidential and an anonymous complaint routed to the officer's unit, every
complaint page (every URL pattern of the app, GET and the actions' POST) and every API
operation is opened as the unit's officer and the unit head; the LAPOR! export and
every notification the unit's people received are read too. None may contain the
complainant's name, phone, email or username.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import URLPattern, get_resolver, reverse

from config.api import api
from sigap.complaints import handling, lapor
from sigap.complaints.tests.factories import with_categories
from sigap.notifications.models import Notification
from sigap.services.tests.access_fixtures_officer import filed as filed_application
from sigap.services.tests.access_fixtures_officer import plain_service
from sigap.tenancy.context import activate

NAME, PHONE, EMAIL = "Ratna Sarasvati", "081299988877", "ratna.rahasia@example.id"


def _complaint_routes() -> list[URLPattern]:
    resolver = get_resolver()
    for p in resolver.url_patterns:
        if getattr(p, "namespace", None) == "complaints":
            return list(p.url_patterns)
    raise AssertionError("no complaints URLconf")


def _api_paths() -> list[tuple[str, str]]:
    found = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            full = "/api/v1" + (prefix.rstrip("/") + "/" + path.lstrip("/")).replace("//", "/")
            if "pengaduan" in full:
                for op in view.operations:
                    found.extend((m, full) for m in op.methods)
    return found


@pytest.fixture
def hidden(agency, opd, agency_admin, officer, unit_head):
    """A confidential complaint by a citizen with an account, about their application,
    and an anonymous one, both routed to the officer's unit; answered and replied to so
    that every notification path runs."""
    from sigap.accounts.models import User

    cats = with_categories(agency, opd)
    citizen = User.objects.create_user(
        EMAIL, "kata-sandi-uji-123", full_name=NAME, email=EMAIL, kind=User.Kind.CITIZEN
    )
    app = filed_application(plain_service(agency, opd), citizen)
    confidential = handling.file_complaint(
        agency,
        text="Petugas loket minta uang tambahan lima puluh ribu supaya berkas cepat selesai.",
        mode="confidential",
        channel="portal",
        citizen=citizen,
        phone=PHONE,
        application=app,
    )
    anonymous = handling.file_complaint(
        agency,
        text="Petugas loket minta uang rokok ke warga yang antre, tolong ditindak.",
        mode="anonymous",
        channel="portal",
    )
    out = []
    for complaint in (confidential, anonymous):
        complaint = handling.route(complaint, category=cats["pungli"], by=agency_admin)
        out.append(complaint)
    handling.reply(confidential, text="Saya punya bukti kuitansinya.", user=citizen)
    handling.reply(anonymous, text="Masih terjadi hari ini.", by_tracking_number=True)
    return out


def _assert_clean(body: str, where: str) -> None:
    for secret in (NAME, PHONE, EMAIL):
        assert secret not in body, f"{secret!r} leaked on {where}"


@pytest.fixture
def every_log_line(caplog):
    """Every log record from here on, whatever the configured levels (requested before
    ``hidden`` so that filing, routing and replying are heard too)."""
    caplog.set_level(logging.DEBUG)
    return caplog


def test_no_page_operation_export_notification_or_log_names_the_complainant(
    every_log_line, hidden, agency, opd, officer, unit_head, login
):
    for user in (officer, unit_head):
        client = login(user)
        for complaint in hidden:
            kwargs_for = {
                "complaint_id": complaint.pk,
                "complaint_number": complaint.tracking_number,
                "agency_slug": agency.slug,
            }
            for pattern in _complaint_routes():
                names = list(pattern.pattern.converters)
                url = reverse(
                    f"complaints:{pattern.name}", kwargs={n: kwargs_for[n] for n in names}
                )
                _assert_clean(client.get(url).content.decode(), f"GET {url}")
                _assert_clean(client.post(url, {}).content.decode(), f"POST {url}")
            for method, path in _api_paths():
                url = re.sub(r"{(\w+)}", lambda m, k=kwargs_for: str(k.get(m.group(1), "x")), path)
                call = getattr(client, method.lower())
                response = (
                    call(url, data={}, content_type="application/json")
                    if method == "POST"
                    else call(url)
                )
                _assert_clean(response.content.decode(), f"{method} {url}")
            # The check means something: the unit does read these complaints.
            detail = client.get(reverse("complaints:detail", args=[complaint.pk]))
            assert detail.status_code == 200 and complaint.text[:30] in detail.content.decode()
            # The tracking page, as the unit would open it with the number.
            track = client.get(reverse("complaints:track"), {"nomor": complaint.tracking_number})
            _assert_clean(track.content.decode(), "track")
    rows = lapor.export_rows(agency)
    _assert_clean(str(rows), "LAPOR! export")
    assert Notification.objects.filter(recipient=officer).count() >= 2  # two replies
    assert Notification.objects.filter(recipient=unit_head).count() >= 2  # two routed
    for user in (officer, unit_head):
        with activate(agency):
            for note in Notification.objects.filter(recipient=user):
                _assert_clean(f"{note.subject} {note.body}", f"notification to {user}")
    records = every_log_line.get_records("setup") + every_log_line.get_records("call")
    assert records  # the check means something: the walk does log (logins, 404s)
    for record in records:
        _assert_clean(f"{record.name} {record.getMessage()}", f"log {record.name}")


def test_the_unit_sees_the_identified_complainant(agency, opd, agency_admin, officer, login):
    cats = with_categories(agency, opd)
    complaint = handling.file_complaint(
        agency,
        text="Jalan depan kantor camat berlubang dan banjir.",
        mode="identified",
        channel="officer",
        name=NAME,
        phone=PHONE,
    )
    handling.route(complaint, category=cats["jalan"], by=agency_admin)
    page = login(officer).get(reverse("complaints:detail", args=[complaint.pk]))
    assert NAME in page.content.decode()


def test_the_inspectorate_opens_a_confidential_identity_with_a_reason(hidden, inspector, login):
    confidential = hidden[0]
    client = login(inspector)
    url = reverse("complaints:reveal", args=[confidential.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 422 and NAME not in refused.content.decode()
    shown = client.post(url, {"reason": "Pemeriksaan dugaan pungli di loket."})
    assert shown.status_code == 200 and NAME in shown.content.decode()
    # The next ordinary page does not show it again.
    again = client.get(reverse("complaints:detail", args=[confidential.pk]))
    assert NAME not in again.content.decode()
