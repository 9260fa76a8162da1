from __future__ import annotations

import json

from auditlog.models import LogEntry
from django.urls import reverse

from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit


def _last_update(obj) -> LogEntry:
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.UPDATE).latest("pk")


def test_change_through_admin_is_audited_with_before_and_after(login, agency_admin, opd):
    client = login(agency_admin)
    response = client.post(
        f"/admin/tenancy/orgunit/{opd.pk}/change/",
        {
            "parent": "",
            "kind": "opd",
            "name": "Disdukcapil Jambi",
            "short_name": "Dukcapil",
            "code": "DUKCAPIL",
            "is_active": "on",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = _last_update(opd)
    assert entry.changes_dict["name"] == [
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil Jambi",
    ]
    assert entry.actor == agency_admin
    assert entry.remote_addr == "10.1.2.3"
    assert entry.additional_data == {
        "channel": "admin",
        "agency_id": opd.agency_id,
        "path": f"/admin/tenancy/orgunit/{opd.pk}/change/",
    }


def test_change_through_api_is_audited_with_before_and_after(login, agency_admin, opd):
    response = login(agency_admin).patch(
        f"/api/v1/units/{opd.pk}",
        data=json.dumps({"short_name": "Dukcapil"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    entry = _last_update(opd)
    assert entry.changes_dict["short_name"] == ["Disdukcapil", "Dukcapil"]
    assert entry.actor == agency_admin and entry.additional_data["channel"] == "api"


def test_inspector_finds_changes_of_their_agency_only(login, inspector, agency, opd, other_opd):
    org.update_unit(opd, name="Disdukcapil Baru")
    org.update_unit(other_opd, name="Disdukcapil Tebo Baru")
    page = login(inspector).get(reverse("audit:search"), {"text": "Disdukcapil"}).content.decode()
    assert "Dinas Kependudukan" in page
    assert "Tebo Baru" not in page
    api = login(inspector).get("/api/v1/audit", {"text": "Baru"}).json()
    found = [e["changes"]["name"][1] for e in api["items"] if "name" in e["changes"]]
    assert found == ["Disdukcapil Baru"]


def test_audit_detail_of_another_agency_is_not_found(login, inspector, other_opd):
    org.update_unit(other_opd, name="Rahasia Tebo")
    entry = LogEntry.objects.get_for_object(other_opd).latest("pk")
    assert login(inspector).get(reverse("audit:detail", args=[entry.pk])).status_code == 404


def test_nobody_can_edit_or_delete_the_trail_through_the_app(login, system_admin, opd):
    entry = LogEntry.objects.get_for_object(opd).latest("pk")
    client = login(system_admin)
    assert (
        client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").status_code == 200
    )  # view only
    client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/auditlog/logentry/{entry.pk}/change/", {"object_repr": "diubah"})
    assert LogEntry.objects.filter(pk=entry.pk, object_repr=entry.object_repr).exists()
    assert client.get("/admin/auditlog/logentry/add/").status_code == 403


def test_audit_search_pages_with_a_cursor(login, inspector, agency, opd):
    for i in range(60):
        org.create_unit(
            agency, kind=OrgUnit.Kind.BIDANG, name=f"Bidang {i:02d}", code=f"B{i:02d}", parent=opd
        )
    client = login(inspector)
    first = client.get("/api/v1/audit", {"limit": 50}).json()
    second = client.get("/api/v1/audit", {"limit": 50, "cursor": first["next_cursor"]}).json()
    ids = [e["id"] for e in first["items"]] + [e["id"] for e in second["items"]]
    total = LogEntry.objects.filter(additional_data__agency_id=agency.pk).count()
    assert total > 60
    assert len(ids) == len(set(ids)) == total
    assert second["next_cursor"] is None
    bad = client.get("/api/v1/audit", {"cursor": "bukan-kursor"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_trail_speaks_indonesian_and_the_agencys_time_zone(login, inspector, agency, opd):
    agency.time_zone = "Asia/Jayapura"  # WIT, UTC+9
    agency.save()
    entry = LogEntry.objects.get_for_object(opd).latest("pk")
    body = login(inspector).get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert "Buat" in body
    assert " WIT" in body


def test_named_events_are_searchable_by_name(login, agency, inspector, opd):
    from sigap.audit.events import record, register_events
    from sigap.trail.trail import TrailFilter, trail_for

    register_events({"uji peristiwa": "Uji peristiwa"})
    record("uji peristiwa", opd, details={"alasan": "pengujian"})
    found = list(trail_for(agency, TrailFilter(event="uji peristiwa")))
    assert len(found) == 1 and found[0].additional_data["details"] == {"alasan": "pengujian"}
    page = login(inspector).get("/kerja/audit/", {"event": "uji peristiwa"}).content.decode()
    assert "uji peristiwa" in page
