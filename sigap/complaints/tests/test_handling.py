from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from sigap.complaints import handling
from sigap.complaints.models import Complaint, ComplaintIdentity, MonthlyCount, RoutingDecision
from sigap.complaints.tests.factories import RUDE, filed, routed, with_categories
from sigap.tenancy.context import activate


def test_filing_gives_a_tracking_number_and_a_verification_deadline(agency, opd, citizen):
    with_categories(agency, opd)
    complaint = filed(agency, citizen=citizen)
    assert complaint.tracking_number.startswith("ADU-")
    assert complaint.status == Complaint.Status.RECEIVED
    assert complaint.due_at > complaint.created_at
    with activate(agency):
        assert complaint.steps.count() == 1
        assert ComplaintIdentity.objects.get(complaint=complaint).user == citizen


def test_keyword_fallback_suggests_the_road_category_without_training(agency, opd):
    with_categories(agency, opd)
    complaint = filed(agency)
    assert complaint.suggestion_source == "keywords"
    assert complaint.suggested_category.code == "jalan"
    assert complaint.needs_triage is False


def test_no_keyword_no_model_abstains_to_triage(agency, opd):
    with_categories(agency, opd)
    complaint = filed(agency, text="Mohon perhatiannya untuk hal yang kemarin saya sampaikan.")
    assert complaint.suggested_category is None
    assert complaint.needs_triage is True


def test_anonymous_complaint_keeps_no_identity_and_names_no_actor(agency, opd, citizen):
    with_categories(agency, opd)
    complaint = filed(agency, mode="anonymous", citizen=citizen, text=RUDE)
    with activate(agency):
        assert not ComplaintIdentity.objects.filter(complaint=complaint).exists()
    entries = LogEntry.objects.filter(object_pk=str(complaint.pk))
    assert entries.exists()
    assert all(e.actor_id is None for e in entries)


def test_identified_mode_needs_a_name_and_contact(agency, opd):
    with pytest.raises(ValidationError) as error:
        handling.file_complaint(
            agency, text="Jalan rusak parah sekali", mode="identified", channel="api"
        )
    assert "name" in error.value.message_dict


def test_short_text_is_refused_with_a_field_name(agency, opd):
    with pytest.raises(ValidationError) as error:
        filed(agency, text="rusak")
    assert "text" in error.value.message_dict


def test_idempotency_key_files_one_complaint(agency, opd):
    with_categories(agency, opd)
    first = filed(agency, idempotency_key="k-1")
    again = filed(agency, idempotency_key="k-1")
    assert first.pk == again.pk


def test_routing_records_the_decision_and_counts_it(agency, opd, officer, agency_admin):
    complaint = routed(agency, opd, agency_admin)
    assert complaint.status == Complaint.Status.VERIFIED
    assert complaint.unit == opd
    with activate(agency):
        decision = RoutingDecision.objects.get(complaint=complaint)
        assert decision.suggested_category.code == "jalan"
        assert not decision.is_reassignment
        assert MonthlyCount.objects.get().filed == 1


def test_reassignment_moves_the_count_and_is_counted(agency, opd, agency_admin):
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit

    complaint = routed(agency, opd, agency_admin)
    with activate(agency):
        pupr = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas PUPR", code="PUPR")
    complaint = handling.route(complaint, category="jalan", unit=pupr, by=agency_admin)
    assert complaint.unit == pupr and complaint.reassigned_count == 1
    with activate(agency):
        counts = {c.unit_id: c.filed for c in MonthlyCount.objects.all()}
    assert counts == {opd.pk: 0, pupr.pk: 1}


def test_answer_on_time_then_rate_and_reopen_once(agency, opd, agency_admin, officer, citizen):
    complaint = routed(agency, opd, agency_admin, citizen=citizen)
    handling.start_follow_up(complaint, by=officer)
    complaint = handling.answer(complaint, text="Jalan sudah ditambal pada hari Senin.", by=officer)
    assert complaint.status == Complaint.Status.ANSWERED
    assert complaint.answered_on_time is True
    handling.rate(complaint, rating=4, user=citizen)
    with pytest.raises(ValidationError):
        handling.rate(complaint, rating=5, user=citizen)
    complaint = handling.reopen(
        complaint, reason="Tambalan sudah lepas lagi setelah hujan.", user=citizen
    )
    assert complaint.status == Complaint.Status.REOPENED
    complaint = handling.answer(complaint, text="Jalan diaspal ulang seluruhnya.", by=officer)
    with pytest.raises(ValidationError):
        handling.reopen(complaint, reason="Masih ada lubang di ujung jalan itu.", user=citizen)
    with activate(agency):
        count = MonthlyCount.objects.get()
    assert (count.answered, count.answered_on_time) == (1, 1)


def _routed_a_week_ago(agency, opd, agency_admin, citizen) -> Complaint:
    """Routed eight days ago (so that its first answer took some working time), due in
    the future (so that the answer is on time)."""
    from django.utils import timezone

    complaint = routed(agency, opd, agency_admin, citizen=citizen)
    with activate(agency):
        Complaint.objects.filter(pk=complaint.pk).update(
            verified_at=timezone.now() - dt.timedelta(days=8)
        )
    complaint.refresh_from_db()
    return complaint


def test_a_reopened_complaint_reassigned_takes_its_first_answer_counts(
    agency, opd, agency_admin, officer, citizen
):
    """The first answer counted for the unit that gave it (answered, on time, working
    time) moves to the unit the reopened complaint is reassigned to: each unit's
    response-time figures cover the complaints it answers for, and the totals hold."""
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit

    complaint = _routed_a_week_ago(agency, opd, agency_admin, citizen)
    complaint = handling.answer(complaint, text="Jalan sudah ditambal pada hari Senin.", by=officer)
    with activate(agency):
        before = MonthlyCount.objects.get(unit=opd)
        pupr = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas PUPR", code="PUPR")
    assert before.answer_working_seconds > 0
    assert (before.filed, before.answered, before.answered_on_time) == (1, 1, 1)
    assert complaint.answer_working_seconds == before.answer_working_seconds
    complaint = handling.reopen(complaint, reason="Tambalan sudah lepas lagi.", user=citizen)
    handling.route(complaint, category="jalan", unit=pupr, by=agency_admin)
    with activate(agency):
        rows = {
            c.unit_id: (c.filed, c.answered, c.answered_on_time, c.answer_working_seconds)
            for c in MonthlyCount.objects.all()
        }
    seconds = before.answer_working_seconds
    assert rows == {opd.pk: (0, 0, 0, 0), pupr.pk: (1, 1, 1, seconds)}
    # The second answer adds nothing: the first answer is the one counted.
    handling.answer(complaint, text="Jalan diaspal ulang seluruhnya oleh PUPR.", by=officer)
    with activate(agency):
        assert MonthlyCount.objects.get(unit=pupr).answered == 1


def test_reassigning_an_unanswered_complaint_moves_no_answer_counts(agency, opd, agency_admin):
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit

    complaint = routed(agency, opd, agency_admin)
    with activate(agency):
        pupr = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas PUPR", code="PUPR")
    handling.route(complaint, category="jalan", unit=pupr, by=agency_admin)
    with activate(agency):
        rows = {c.unit_id: (c.filed, c.answered) for c in MonthlyCount.objects.all()}
    assert rows == {opd.pk: (0, 0), pupr.pk: (1, 0)}


def test_a_complaint_answered_before_the_working_time_was_kept_moves_a_recount(
    agency, opd, agency_admin, officer, citizen
):
    """Complaints answered before ``answer_working_seconds`` existed move the working
    time recounted from routing to the first answer, as ``answer`` counted it."""
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit

    complaint = _routed_a_week_ago(agency, opd, agency_admin, citizen)
    complaint = handling.answer(complaint, text="Jalan sudah ditambal pada hari Senin.", by=officer)
    with activate(agency):
        counted = MonthlyCount.objects.get(unit=opd).answer_working_seconds
        Complaint.objects.filter(pk=complaint.pk).update(answer_working_seconds=None)
        pupr = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas PUPR", code="PUPR")
    complaint = handling.reopen(complaint, reason="Tambalan sudah lepas lagi.", user=citizen)
    handling.route(complaint, category="jalan", unit=pupr, by=agency_admin)
    with activate(agency):
        moved = MonthlyCount.objects.get(unit=pupr).answer_working_seconds
    assert moved == counted


def test_only_the_complainant_may_reopen(agency, opd, agency_admin, officer, citizen):
    complaint = routed(agency, opd, agency_admin)  # filed by name, no account
    handling.answer(complaint, text="Sudah kami perbaiki kemarin.", by=officer)
    with pytest.raises(PermissionDenied):
        handling.reopen(complaint, reason="Belum beres sama sekali pak.", user=citizen)


def test_anonymous_complainant_acts_by_tracking_number(agency, opd, agency_admin, officer):
    complaint = routed(agency, opd, agency_admin, mode="anonymous")
    handling.answer(complaint, text="Sudah kami perbaiki kemarin.", by=officer)
    handling.reply(complaint, text="Terima kasih, sudah bagus.", by_tracking_number=True)
    complaint = handling.rate(complaint, rating=5, by_tracking_number=True)
    assert complaint.rating == 5


def test_reject_needs_a_reason(agency, opd, agency_admin):
    with_categories(agency, opd)
    complaint = filed(agency)
    with pytest.raises(ValidationError):
        handling.reject(complaint, reason="", by=agency_admin)
    complaint = handling.reject(
        complaint, reason="Bukan kewenangan pemerintah provinsi.", by=agency_admin
    )
    assert complaint.status == Complaint.Status.REJECTED


def test_merge_points_at_the_surviving_complaint(agency, opd, agency_admin):
    with_categories(agency, opd)
    first = filed(agency)
    second = filed(agency, text="Jalan depan pasar berlubang, kalau hujan banjir dan motor jatuh.")
    merged = handling.merge(second, into=first, by=agency_admin)
    assert merged.status == Complaint.Status.MERGED and merged.merged_into == first
    with pytest.raises(ValidationError):
        handling.merge(first, into=merged, by=agency_admin)


def test_complaint_about_an_application_links_the_service(agency, opd, citizen):
    from sigap.services.tests.access_fixtures_officer import filed as filed_application
    from sigap.services.tests.access_fixtures_officer import plain_service

    with_categories(agency, opd)
    service = plain_service(agency, opd)
    app = filed_application(service, citizen)
    complaint = filed(agency, citizen=citizen, application=app, text=RUDE)
    assert complaint.service == service


def test_someone_elses_application_is_refused(agency, opd, citizen):
    from sigap.services.tests.access_fixtures_officer import filed as filed_application
    from sigap.services.tests.access_fixtures_officer import make_citizen, plain_service

    with_categories(agency, opd)
    app = filed_application(plain_service(agency, opd), make_citizen())
    with pytest.raises(ValidationError):
        filed(agency, citizen=citizen, application=app, text=RUDE)


def test_reveal_identity_records_the_reason(agency, opd, inspector, citizen):
    with_categories(agency, opd)
    complaint = filed(agency, mode="confidential", citizen=citizen, text=RUDE)
    identity = handling.reveal_identity(
        complaint, by=inspector, reason="Pemeriksaan dugaan pungli."
    )
    assert identity.user == citizen
    entry = LogEntry.objects.filter(additional_data__event="identitas pelapor dibuka").get()
    assert entry.additional_data["details"]["reason"] == "Pemeriksaan dugaan pungli."


def test_identity_fields_never_reach_the_trail(agency, opd, citizen):
    with_categories(agency, opd)
    filed(agency, mode="confidential", name="Siti Rahasia", phone="0811111", text=RUDE)
    dumped = " ".join(str(e.changes) for e in LogEntry.objects.all())
    assert "Siti Rahasia" not in dumped and "0811111" not in dumped


def test_filed_at_backdates_for_imports(agency, opd):
    with_categories(agency, opd)
    when = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    complaint = filed(agency, filed_at=when)
    assert complaint.created_at == when
