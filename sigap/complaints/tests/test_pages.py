from __future__ import annotations

from auditlog.models import LogEntry
from django.urls import reverse

from sigap.complaints import handling
from sigap.complaints.categories import save_response_template
from sigap.complaints.models import Complaint, ComplaintIdentity, ComplaintStep, MonthlyCount
from sigap.complaints.tests.factories import ROAD, filed, routed, with_categories
from sigap.tenancy.context import activate


def test_citizen_files_follows_and_rates(agency, opd, citizen, agency_admin, officer, login):
    with_categories(agency, opd)
    client = login(citizen)
    page = client.get(reverse("complaints:file", args=[agency.slug]))
    assert page.status_code == 200 and b"complaints/file.js" in page.content
    assert b"<script>" not in page.content and b"onclick" not in page.content
    response = client.post(
        reverse("complaints:file", args=[agency.slug]),
        {"mode": "identified", "text": ROAD, "category": "", "idempotency_key": "p-1"},
    )
    assert response.status_code == 201
    with activate(agency):
        complaint = Complaint.objects.get()
    assert complaint.tracking_number in response.content.decode()
    mine = client.get(reverse("complaints:my_complaints"))
    assert complaint.tracking_number in mine.content.decode()
    handling.route(complaint, category="jalan", by=agency_admin)
    handling.answer(complaint, text="Lubang sudah ditambal hari ini.", by=officer)
    url = reverse("complaints:my_complaint", args=[complaint.tracking_number])
    assert "Lubang sudah ditambal" in client.get(url).content.decode()
    rated = client.post(url, {"action": "rate", "rating": "5", "note": "Cepat"})
    assert rated.status_code == 302
    complaint.refresh_from_db()
    assert complaint.rating == 5


def test_anonymous_visitor_files_and_follows_by_number(agency, opd, login):
    with_categories(agency, opd)
    client = login(None)
    response = client.post(
        reverse("complaints:file", args=[agency.slug]),
        {"mode": "anonymous", "text": ROAD, "name": "Tidak Dipakai", "phone": "0811"},
    )
    assert response.status_code == 201
    with activate(agency):
        complaint = Complaint.objects.get()
        assert not ComplaintIdentity.objects.exists()
    entries = LogEntry.objects.filter(content_type__app_label="complaints")
    assert entries and all(e.actor_id is None and not e.remote_addr for e in entries)
    track = client.get(reverse("complaints:track"), {"nomor": complaint.tracking_number})
    assert track.status_code == 200 and "Tidak Dipakai" not in track.content.decode()
    assert track["Cache-Control"] == "private, no-store"
    # Kept from other sites, but not "no-referrer": the page's forms would post with
    # "Origin: null" and fail Django's CSRF check in Chromium.
    assert track["Referrer-Policy"] == "same-origin"
    missing = client.get(reverse("complaints:track"), {"nomor": "ADU-0000-0000-000"})
    assert missing.status_code == 404


def test_confidential_filing_by_a_signed_in_citizen_names_no_actor(agency, opd, citizen, login):
    with_categories(agency, opd)
    login(citizen).post(
        reverse("complaints:file", args=[agency.slug]), {"mode": "confidential", "text": ROAD}
    )
    entries = LogEntry.objects.filter(content_type__app_label="complaints")
    assert entries.count() >= 3  # the complaint, its identity, its first step
    assert all(e.actor_id is None and not e.remote_addr for e in entries)


def test_handler_routes_with_the_suggestion_and_the_unit_answers_with_a_template(
    agency, opd, agency_admin, officer, login
):
    cats = with_categories(agency, opd)
    complaint = filed(agency)
    admin = login(agency_admin)
    triage = admin.get(reverse("complaints:triage"))
    assert complaint.tracking_number in triage.content.decode()
    detail = admin.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert 'id="suggestion"' in detail
    assert f'value="{cats["jalan"].pk}" selected' in detail  # the suggestion is pre-selected
    # ... but not its unit: a desk that changes the category gets the new category's unit
    # (the unit pre-selected too sent a corrected complaint to the suggestion's unit).
    unit_select = detail[
        detail.index('name="unit"') : detail.index("</select>", detail.index('name="unit"'))
    ]
    assert "selected" not in unit_select.replace('value="" selected', "")
    routed_response = admin.post(
        reverse("complaints:route", args=[complaint.pk]), {"category": cats["jalan"].pk}
    )
    assert routed_response.status_code == 302
    template = save_response_template(
        agency, name="Ditambal", body="Lubang sudah kami tambal, terima kasih."
    )
    unit = login(officer)
    inbox = unit.get(reverse("complaints:inbox")).content.decode()
    assert complaint.tracking_number in inbox
    prefilled = unit.get(
        reverse("complaints:detail", args=[complaint.pk]), {"templat": template.pk}
    )
    assert "Lubang sudah kami tambal" in prefilled.content.decode()
    answered = unit.post(reverse("complaints:answer", args=[complaint.pk]), {"text": template.body})
    assert answered.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "answered" and complaint.answer == template.body


def test_officer_of_another_unit_gets_not_found(agency, opd, agency_admin, login):
    from conftest import make_staff
    from sigap.accounts.models import Role
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit

    complaint = routed(agency, opd, agency_admin)
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="LAIN")
    stranger = make_staff("petugas.lain", agency, Role.OFFICER, unit=other)
    client = login(stranger)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    assert (
        client.post(
            reverse("complaints:answer", args=[complaint.pk]), {"text": "xxxxxxxxxxxx"}
        ).status_code
        == 404
    )
    assert complaint.tracking_number not in client.get(reverse("complaints:inbox")).content.decode()


def test_officer_records_a_callers_complaint(agency, opd, officer, login):
    with_categories(agency, opd)
    response = login(officer).post(
        reverse("complaints:file_for_caller"),
        {"mode": "identified", "text": ROAD, "name": "Pak Darto", "phone": "0812345"},
    )
    assert response.status_code == 302
    with activate(agency):
        complaint = Complaint.objects.get()
        assert ComplaintStep.objects.get(complaint=complaint).by == officer
    assert complaint.channel == "officer"


def test_public_statistics_show_counts_without_personal_data(
    agency, opd, agency_admin, officer, login
):
    complaint = routed(agency, opd, agency_admin, name="Nama Pribadi", phone="0819")
    handling.answer(complaint, text="Sudah ditambal minggu ini.", by=officer)
    with activate(agency):
        assert MonthlyCount.objects.get().answered == 1
    page = login(None).get(reverse("complaints:public_stats", args=[agency.slug]))
    body = page.content.decode()
    assert page.status_code == 200 and opd.name in body and "100%" in body
    assert "Nama Pribadi" not in body and complaint.tracking_number not in body


def test_routing_report_and_retraining_request(
    agency, opd, agency_admin, login, django_capture_on_commit_callbacks
):
    client = login(agency_admin)
    assert client.get(reverse("complaints:routing_report")).status_code == 200
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(reverse("complaints:routing_report")).status_code == 302
    assert len(callbacks) == 1
