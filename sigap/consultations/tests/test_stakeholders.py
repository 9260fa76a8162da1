"""Stakeholder verification: ASN verified from the ASN registry, organisations' claims
verified, rejected or revoked by the unit with a reason and an audit entry, and the
badges "terverifikasi" / "dinyatakan sendiri" wherever a comment is shown."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.consultations import comments, reports, stakeholders
from sigap.consultations.models import Comment, Stakeholder
from sigap.consultations.tests.factories import consultation, section
from sigap.consultations.tests.test_moderation import participant
from sigap.notifications.models import Notification
from sigap.platform.transitions import TransitionRefused
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workforce.tests import factories as wf

S = Stakeholder.Status


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


def _post(draft, user, group, organisation="", key="pasal-1", **kw):
    return comments.post_comment(
        draft,
        section(draft, key),
        user,
        body=f"Masukan {group}.",
        group=group,
        organisation=organisation,
        rate_limited=False,
        **kw,
    )


def _claim(comment):
    with activate(comment.agency):
        return Stakeholder.objects.get(pk=comment.stakeholder_id)


def _events(claim):
    return [
        e.additional_data.get("event")
        for e in LogEntry.objects.filter(object_pk=str(claim.pk)).order_by("pk")
        if e.content_type.model == "stakeholder"
    ]


def test_a_citizen_speaks_for_themself_and_has_no_claim(draft, citizen):
    c = _post(draft, citizen, "citizen")
    assert c.stakeholder_id is None and c.identity is None


def test_an_asn_in_the_registry_is_verified_on_the_spot(draft, agency, officer):
    person = wf.hire(agency, "Rina Marlina", dt.date(1985, 3, 12), gender="P", seq=5)
    with activate(agency):
        person.user = officer
        person.save(update_fields=["user"])
    claim = _claim(_post(draft, officer, "asn", organisation="ditulis apa saja"))
    assert claim.status == S.VERIFIED and claim.by_registry and claim.decided_by is None
    assert claim.organisation == ""  # the registry says which ASN, not a typed name
    assert "pemangku kepentingan ASN terverifikasi otomatis" in _events(claim)


def test_a_staff_account_outside_the_registry_stays_declared_until_it_is_found(draft, agency):
    staff = make_staff("asn.tanpa.data", agency, None)
    first = _post(draft, staff, "asn")
    assert _claim(first).status == S.DECLARED and first.identity == "declared"
    person = wf.hire(agency, "Asn Baru", dt.date(1990, 1, 2), seq=9)
    with activate(agency):
        person.user = staff
        person.save(update_fields=["user"])
    second = _post(draft, staff, "asn", key="pasal-2")
    assert second.stakeholder_id == first.stakeholder_id
    assert _claim(second).status == S.VERIFIED and _claim(second).by_registry


def test_one_claim_per_person_group_and_organisation_whatever_the_case(draft, citizen):
    a = _post(draft, citizen, "professional", "PGRI Jambi")
    b = _post(draft, citizen, "professional", "pgri jambi ", key="pasal-2")
    other = _post(draft, citizen, "academic", "Universitas Jambi", key="pasal-3")
    assert a.stakeholder_id == b.stakeholder_id != other.stakeholder_id
    assert _claim(a).status == S.DECLARED and a.identity == "declared"


def test_the_unit_verifies_rejects_and_revokes_with_reasons_and_audit(draft, citizen, officer):
    claim = _claim(_post(draft, citizen, "community", "Forum Warga"))
    with pytest.raises(ValidationError) as e:
        stakeholders.decide(claim, "reject", by=officer, reason=" ")
    assert "reason" in e.value.message_dict
    with pytest.raises(ValidationError):
        stakeholders.decide(claim, "approve", by=officer)
    with pytest.raises(TransitionRefused):
        stakeholders.decide(claim, "revoke", by=officer, reason="Belum diverifikasi.")

    stakeholders.decide(claim, "verify", by=officer, reason="Surat tugas diperiksa.")
    claim.refresh_from_db()
    assert claim.status == S.VERIFIED and claim.decided_by == officer and claim.decided_at
    stakeholders.decide(claim, "revoke", by=officer, reason="Kepengurusan sudah berganti.")
    claim.refresh_from_db()
    assert claim.status == S.REVOKED and claim.decision_reason == "Kepengurusan sudah berganti."
    assert _events(claim)[-2:] == [
        "pemangku kepentingan diverifikasi",
        "verifikasi pemangku kepentingan dicabut",
    ]
    entry = LogEntry.objects.filter(object_pk=str(claim.pk)).order_by("-pk").first()
    assert entry.actor == officer
    assert entry.additional_data["details"]["reason"] == "Kepengurusan sudah berganti."
    notes = Notification.objects.filter(recipient=citizen, template="consultations/stakeholder")
    assert notes.count() == 2 and "Kepengurusan sudah berganti." in notes.order_by("pk").last().body


def test_nobody_decides_their_own_claim(draft, agency, opd):
    head = make_staff("kepala.bidang", agency, Role.UNIT_HEAD, unit=opd)
    claim = _claim(_post(draft, head, "professional", "IAKI"))
    with pytest.raises(ValidationError):
        stakeholders.decide(claim, "verify", by=head)


def test_a_refused_claim_can_be_submitted_again_with_evidence(draft, citizen, officer):
    claim = _claim(_post(draft, citizen, "business", "Kadin"))
    stakeholders.decide(claim, "reject", by=officer, reason="Tidak ada surat tugas.")
    with pytest.raises(PermissionDenied):
        stakeholders.resubmit(claim, participant(70), evidence="Saya juga.")
    stakeholders.resubmit(claim, citizen, evidence="Surat tugas No. 12/2026 terlampir.")
    claim.refresh_from_db()
    assert claim.status == S.DECLARED and claim.decision_reason == ""
    assert claim.evidence == "Surat tugas No. 12/2026 terlampir."
    assert _events(claim)[-1] == "klaim pemangku kepentingan diajukan ulang"


def test_submit_claim_refuses_citizens_and_unnamed_organisations(agency, citizen):
    with pytest.raises(ValidationError) as e:
        stakeholders.submit_claim(agency, citizen, group="citizen")
    assert "group" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        stakeholders.submit_claim(agency, citizen, group="academic", organisation=" ")
    assert "organisation" in e.value.message_dict
    claim = stakeholders.submit_claim(
        agency, citizen, group="academic", organisation="Unja", evidence="Dosen FISIP."
    )
    assert claim.status == S.DECLARED and claim.evidence == "Dosen FISIP."


def test_badges_on_the_draft_page_the_report_and_the_exports(
    login, draft, citizen, officer, agency
):
    verified = _post(draft, citizen, "professional", "PGRI Jambi")
    declared = _post(draft, participant(71), "academic", "Universitas Jambi", key="pasal-2")
    mine = _post(draft, participant(72), "citizen", key="pasal-3")
    stakeholders.decide(_claim(verified), "verify", by=officer)
    comments.answer_comments(
        [verified, declared, mine], verdict="accepted", reason="Diterima.", by=officer
    )
    page = login(None).get(reverse("consultations:draft", args=[agency.slug, draft.pk]))
    html = page.content.decode()
    card = html[html.index(f'id="komentar-{verified.pk}"') :]
    assert "terverifikasi" in card[: card.index("</article>")]
    card = html[html.index(f'id="komentar-{declared.pk}"') :]
    assert "dinyatakan sendiri" in card[: card.index("</article>")]
    card = html[html.index(f'id="komentar-{mine.pk}"') :]
    card = card[: card.index("</article>")]
    assert "terverifikasi" not in card and "dinyatakan sendiri" not in card

    report = login(None).get(reverse("consultations:report", args=[agency.slug, draft.pk]))
    html = report.content.decode()
    item = html[html.index(f'id="jawaban-komentar-{verified.pk}"') :]
    assert "terverifikasi" in item[: item.index("</li>")]
    with activate(agency):
        built = reports.build(draft)
        pdf = reports.pdf_bytes(built)
        book = load_workbook(io.BytesIO(reports.xlsx_bytes(built)))
    rows = list(book["Jawaban"].values)
    identity = rows[0].index("Identitas")
    assert {r[2]: r[identity] for r in rows[1:]} == {
        "PGRI Jambi": "terverifikasi",
        "Universitas Jambi": "dinyatakan sendiri",
        None: None,  # the citizen: no organisation, no badge
    }
    assert pdf.startswith(b"%PDF")


def test_badges_in_the_api(login, draft, citizen, officer, agency):
    verified = _post(draft, citizen, "professional", "PGRI Jambi")
    stakeholders.decide(_claim(verified), "verify", by=officer)
    listed = login(officer).get(f"/api/v1/consultations/{draft.pk}/comments").json()
    assert listed[0]["identity"] == "verified"
    comments.answer_comments([verified], verdict="accepted", reason="Ya.", by=officer)
    report = login(None).get(f"/api/v1/publik/{agency.slug}/konsultasi/{draft.pk}/laporan")
    (item,) = report.json()["answers"][0]["items"]
    assert (item["organisation"], item["identity"]) == ("PGRI Jambi", "verified")


def test_verification_through_the_api(login, draft, citizen, officer, agency):
    submitted = login(citizen).post(
        f"/api/v1/publik/{agency.slug}/pemangku-kepentingan",
        {"group": "community", "organisation": "Forum Warga", "evidence": "Ketua forum."},
        content_type="application/json",
    )
    assert submitted.status_code == 201 and submitted.json()["identity"] == "declared"
    claim_id = submitted.json()["id"]
    # Nothing said on the unit's drafts yet: the unit's officer does not see the claim.
    unit = login(officer)
    assert unit.get("/api/v1/consultations/stakeholders").json() == []
    _post(draft, citizen, "community", "forum warga")
    assert [c["id"] for c in unit.get("/api/v1/consultations/stakeholders").json()] == [claim_id]
    refused = unit.post(
        f"/api/v1/consultations/stakeholders/{claim_id}/decision",
        {"decision": "reject"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert set(refused.json()) == {"code", "message", "errors"}
    assert refused.json()["errors"][0]["field"] == "reason"
    done = unit.post(
        f"/api/v1/consultations/stakeholders/{claim_id}/decision",
        {"decision": "verify", "reason": "Dicek."},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "verified"
    bad = login(citizen).post(
        f"/api/v1/publik/{agency.slug}/pemangku-kepentingan",
        {"group": "citizen"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "group"


def test_the_unit_decides_on_its_page(login, draft, citizen, officer):
    claim = _claim(_post(draft, citizen, "community", "Forum Warga"))
    unit = login(officer)
    listing = unit.get(reverse("consultations:staff_stakeholders")).content.decode()
    assert "Forum Warga" in listing and citizen.full_name in listing
    response = unit.post(
        reverse("consultations:staff_stakeholder_decide", args=[claim.pk]),
        {"decision": "verify", "reason": ""},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == S.VERIFIED
    done = unit.get(reverse("consultations:staff_stakeholders") + "?status=verified")
    assert "Forum Warga" in done.content.decode()


def test_a_unit_sees_only_claims_made_on_its_own_drafts(login, draft, citizen, agency, officer):
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Pendidikan", code="DIK")
    outsider = make_staff("petugas.dik", agency, Role.OFFICER, unit=other)
    claim = _claim(_post(draft, citizen, "community", "Forum Warga"))
    client = login(outsider)
    assert (
        "Forum Warga"
        not in client.get(reverse("consultations:staff_stakeholders")).content.decode()
    )
    response = client.post(
        reverse("consultations:staff_stakeholder_decide", args=[claim.pk]),
        {"decision": "verify"},
    )
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == S.DECLARED


def test_another_pemda_cannot_decide(login, draft, citizen, other_admin):
    claim = _claim(_post(draft, citizen, "community", "Forum Warga"))
    client = login(other_admin)
    response = client.post(
        f"/api/v1/consultations/stakeholders/{claim.pk}/decision",
        {"decision": "verify"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    claim.refresh_from_db()
    assert claim.status == S.DECLARED


def test_the_participant_sees_their_claims_and_adds_evidence(login, draft, citizen, officer):
    claim = _claim(_post(draft, citizen, "business", "Kadin"))
    stakeholders.decide(claim, "reject", by=officer, reason="Tidak ada surat tugas.")
    me = login(citizen)
    page = me.get(reverse("consultations:mine")).content.decode()
    assert "Kadin" in page and "Ditolak" in page and "Tidak ada surat tugas." in page
    response = me.post(
        reverse("consultations:claim_evidence", args=[claim.pk]),
        {"evidence": "Surat tugas No. 5 terlampir."},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == S.DECLARED and claim.evidence == "Surat tugas No. 5 terlampir."
    # Someone else's claim looks like no claim at all.
    stranger = login(participant(73))
    response = stranger.post(
        reverse("consultations:claim_evidence", args=[claim.pk]), {"evidence": "Saya."}
    )
    assert response.status_code == 404


def test_the_claims_page_reads_in_a_fixed_number_of_queries(
    login, draft, officer, django_assert_max_num_queries
):
    for i in range(6):
        _post(draft, participant(80 + i), "community", f"Lembaga {i}")
    client = login(officer)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("consultations:staff_stakeholders")).status_code == 200


def test_comment_identity_reads_the_claim_as_it_is_now(draft, citizen, officer):
    c = _post(draft, citizen, "academic", "Unja")
    stakeholders.decide(_claim(c), "verify", by=officer)
    with activate(c.agency):
        assert Comment.objects.select_related("stakeholder").get(pk=c.pk).identity == "verified"
