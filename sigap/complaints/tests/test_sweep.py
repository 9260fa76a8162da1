from __future__ import annotations

import datetime as dt

from sigap.complaints import handling
from sigap.complaints.models import Complaint
from sigap.complaints.sweep import sweep
from sigap.complaints.tests.factories import filed, routed, with_categories
from sigap.notifications.models import Notification
from sigap.workcal.calendar import WorkingCalendar


def test_overdue_escalates_to_the_unit_head_then_the_inspectorate(
    agency, opd, agency_admin, unit_head, inspector
):
    complaint = routed(agency, opd, agency_admin)
    calendar = WorkingCalendar.for_agency(agency)
    late = complaint.due_at + dt.timedelta(minutes=1)
    assert sweep(agency, now=late) == {"closed": 0, "unit_head": 1, "inspectorate": 0}
    complaint.refresh_from_db()
    assert complaint.escalation_level == 1
    assert (
        Notification.objects.filter(recipient=unit_head, template="complaints/escalated").count()
        == 1
    )
    # Not yet two working days after the first escalation: nothing more.
    assert sweep(agency, now=late + dt.timedelta(minutes=5))["inspectorate"] == 0
    much_later = calendar.add_working_days(complaint.escalated_at, 2) + dt.timedelta(minutes=1)
    assert sweep(agency, now=much_later)["inspectorate"] == 1
    complaint.refresh_from_db()
    assert complaint.escalation_level == 2
    assert Notification.objects.filter(
        recipient=inspector, template="complaints/escalated"
    ).exists()
    # Escalated as far as it goes: the sweep leaves it alone.
    assert sweep(agency, now=much_later + dt.timedelta(days=30)) == {
        "closed": 0,
        "unit_head": 0,
        "inspectorate": 0,
    }


def test_unrouted_overdue_complaint_goes_to_the_inspectorate(agency, opd, inspector):
    with_categories(agency, opd)
    complaint = filed(agency)
    result = sweep(agency, now=complaint.due_at + dt.timedelta(minutes=1))
    assert result["inspectorate"] == 1


def test_an_answer_resets_escalation(agency, opd, agency_admin, officer, unit_head):
    complaint = routed(agency, opd, agency_admin)
    sweep(agency, now=complaint.due_at + dt.timedelta(minutes=1))
    complaint = handling.answer(complaint, text="Sudah ditambal minggu ini.", by=officer)
    assert complaint.escalation_level == 0
    assert complaint.answered_on_time is True  # answered before the real deadline


def test_silent_complainant_closes_after_the_close_period(agency, opd, agency_admin, officer):
    complaint = routed(agency, opd, agency_admin)
    complaint = handling.answer(complaint, text="Sudah ditambal minggu ini.", by=officer)
    assert sweep(agency, now=complaint.due_at - dt.timedelta(minutes=1))["closed"] == 0
    assert sweep(agency, now=complaint.due_at + dt.timedelta(minutes=1))["closed"] == 1
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED


def test_reopened_after_closing_gets_a_new_follow_up_deadline(
    agency, opd, agency_admin, officer, citizen
):
    complaint = routed(agency, opd, agency_admin, citizen=citizen)
    complaint = handling.answer(complaint, text="Sudah ditambal minggu ini.", by=officer)
    sweep(agency, now=complaint.due_at + dt.timedelta(minutes=1))
    complaint.refresh_from_db()
    complaint = handling.reopen(
        complaint, reason="Lubangnya muncul lagi setelah hujan deras.", user=citizen
    )
    assert complaint.status == Complaint.Status.REOPENED
    assert complaint.due_at > complaint.reopened_at
