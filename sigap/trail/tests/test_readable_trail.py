"""Issue 8, item 12: the trail as an inspector reads it — labels, names, the pemda's zone,
events by name, sign-in events, and any search exported to Excel."""

from __future__ import annotations

import io

import openpyxl
from auditlog.models import LogEntry
from django.urls import reverse

from conftest import PASSWORD
from sigap.audit.events import record, register_events
from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit
from sigap.trail import display


def test_detail_shows_labels_and_names_not_field_names_ids_or_none(login, inspector, opd):
    bidang = org.create_unit(
        opd.agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="DUK.B9", parent=opd
    )
    entry = LogEntry.objects.get_for_object(bidang).filter(action=LogEntry.Action.CREATE).get()
    body = login(inspector).get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert "<td>Induk</td>" in body and "<td>Jenis</td>" in body
    assert "Disdukcapil" in body  # the parent by name, not its id
    assert f"<td>{opd.pk}</td>" not in body
    assert "None" not in body and "<td>parent</td>" not in body


def test_list_never_shows_a_manager_text_and_names_events(login, inspector, agency, opd):
    register_events({"uji ubah unit": "Uji ubah unit"})
    record(
        "uji ubah unit", opd, changes={"units": ("tenancy.OrgUnit.None", "tenancy.OrgUnit.None")}
    )
    body = login(inspector).get(reverse("audit:search")).content.decode()
    assert "tenancy.OrgUnit.None" not in body and ".None" not in body
    assert "Uji ubah unit" in body


def test_values_show_dates_in_the_pemdas_zone_and_choices_by_label():
    from sigap.workforce.models import Assignment

    moment = display.value_label(Assignment, "created_at", "2026-03-02 01:30:00+00:00")
    assert "2026" in moment and "None" not in moment
    assert display.value_label(OrgUnit, "kind", "bidang") == "Bidang"
    assert display.value_label(OrgUnit, "is_active", "False") == "tidak"
    assert display.value_label(OrgUnit, "parent", "None") == display.NOTHING
    assert display.field_label(OrgUnit, "short_name") == "Singkatan"


def test_failed_login_and_lock_out_are_searchable_events(client, inspector, agency, settings):
    from conftest import make_staff
    from sigap.accounts.models import Role

    target = make_staff("hr.uji", agency, Role.HR)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "HR.UJI", "password": "salah"})
    inspector_client = client.__class__()
    inspector_client.force_login(inspector, backend="sigap.accounts.backends.EmailOrPhoneBackend")
    failed = inspector_client.get(reverse("audit:search"), {"event": "gagal masuk"})
    body = failed.content.decode()
    assert "Gagal masuk" in body and str(target) in body
    assert "salah" not in body  # nothing typed is stored
    locked = inspector_client.get(reverse("audit:search"), {"event": "akun terkunci"})
    assert "Akun terkunci" in locked.content.decode()
    assert LogEntry.objects.filter(
        object_pk=str(target.pk), additional_data__event="gagal masuk"
    ).exists()


def test_login_and_logout_are_recorded_for_the_staff_members_pemda(client, agency, hr):
    assert client.post(
        reverse("accounts:login"), {"username": hr.username, "password": PASSWORD}
    ).status_code in (302, 303)
    client.post(reverse("accounts:logout"))
    events = set(
        LogEntry.objects.filter(
            additional_data__agency_id=agency.pk, object_pk=str(hr.pk)
        ).values_list("additional_data__event", flat=True)
    )
    assert {"masuk", "keluar"} <= events


def test_any_search_exports_to_excel_and_the_export_is_audited(login, inspector, agency, opd):
    org.update_unit(opd, name="Disdukcapil Kota")
    response = login(inspector).get(reverse("audit:export"), {"text": "Disdukcapil"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Waktu", "Peristiwa", "Jenis data", "Data")
    assert any(r[4] == "Nama" and r[6] == "Disdukcapil Kota" for r in rows[1:])
    assert LogEntry.objects.filter(additional_data__event="ekspor jejak audit").exists()


def test_export_of_an_invalid_search_is_refused(login, inspector):
    response = login(inspector).get(
        reverse("audit:export"), {"date_from": "2026-03-02", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400
