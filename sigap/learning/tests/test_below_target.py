"""The whole-pemda "below 20 JP" list: the PPPK target as a setting, pages of 100, the unit
filter, and BKPSDM's audited Excel export — figures computed by hand.

The world: Disdukcapil's front-office bidang with Pegawai A–D (PNS); A completes a
two-day programme (16 JP, owes 4), B a three-day one (24 JP, done); a PPPK in the bidang
with no JP; and two PNS in a second bidang (no JP)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from openpyxl import load_workbook

from config.env import env_int
from sigap.learning import enrolment, needs, reminders, views
from sigap.learning.tests import factories as f
from sigap.notifications.models import Notification
from sigap.tenancy.context import activate
from sigap.workforce.models import Employee
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as wf


@pytest.fixture
def world(agency, opd, hr):
    world = f.build(agency, opd, people=4)
    two = f.programme(world, code="DUA")
    three = f.programme(
        world,
        code="TIGA",
        days=(dt.date(2026, 3, 10), dt.date(2026, 3, 11), dt.date(2026, 3, 12)),
    )
    for p, e in ((two, world.staff[0]), (three, world.staff[1])):
        item = enrolment.nominate(p, e, by=world.head_user)
        enrolment.approve(item, by=world.head_user)
        with activate(agency):
            for s in p.sessions.all():
                enrolment.record_attendance(s, {item.pk: True}, by=hr)
        enrolment.complete(item, by=hr)
    with activate(agency):
        post = wf.position(agency, world.bidang, "PPPK-1", "Pengelola Layanan")
        pppk = records.create_employee(
            agency,
            full_name="Pegawai PPPK",
            gender="P",
            birth_date=dt.date(1995, 1, 1),
            service_start=dt.date(2023, 1, 1),
            kind=Employee.Kind.PPPK,
            pppk_number="PPPK-2023-0001",
        )
        wf.place(pppk, post, dt.date(2023, 1, 1))
        second = wf.unit(agency, "PCS", "Bidang Pencatatan Sipil", parent=opd)
        desk = wf.position(agency, second, "PCS-1", "Pengadministrasi Pencatatan Sipil")
        for i, name in enumerate(("Pegawai Y", "Pegawai Z")):
            wf.asn(agency, name, seq=20 + i, post=desk, since=dt.date(2020, 1, 1))
    world.pppk, world.second = pppk, second
    return world


def _names(rows) -> list[str]:
    return [s.name for s in rows]


def test_pppk_target_follows_the_setting(world, settings):
    agency = world.agency
    with activate(agency):
        rows, below, total = needs.below_target_page(agency, 2026)
    # 0 JP: C, D, PPPK, Y, Z (by name); then A with 16. B (24 JP) has reached it.
    assert _names(rows) == [
        "Pegawai C",
        "Pegawai D",
        "Pegawai PPPK",
        "Pegawai Y",
        "Pegawai Z",
        "Pegawai A",
    ]
    assert (below, total) == (6, 7)
    a = rows[-1]
    assert (a.jp, a.target, a.owed) == (16, 20, 4)

    settings.SIGAP_PPPK_TARGET_JP = 0  # no target for PPPK: out of the list and the count
    with activate(agency):
        rows, below, total = needs.below_target_page(agency, 2026)
        subtree = needs.below_target_page(agency, 2026, unit_paths=(world.opd.path,))
        standing = {s.name: s for s in needs.standing(agency, 2026)}
    assert "Pegawai PPPK" not in _names(rows) and (below, total) == (5, 6)
    assert (subtree[1], subtree[2]) == (5, 6)
    assert standing["Pegawai PPPK"].target is None and not standing["Pegawai PPPK"].below

    settings.SIGAP_PPPK_TARGET_JP = 10
    with activate(agency):
        rows, _below, _total = needs.below_target_page(agency, 2026)
    pppk = next(s for s in rows if s.name == "Pegawai PPPK")
    assert (pppk.target, pppk.owed, pppk.percent) == (10, 10, 0)


def test_the_setting_is_checked_at_start_up(monkeypatch):
    for good, value in (("0", 0), ("200", 200), ("", 20)):
        monkeypatch.setenv("SIGAP_PPPK_TARGET_JP", good)
        assert env_int("SIGAP_PPPK_TARGET_JP", 20, minimum=0, maximum=200) == value
    for bad in ("-1", "201", "dua puluh"):
        monkeypatch.setenv("SIGAP_PPPK_TARGET_JP", bad)
        with pytest.raises(ImproperlyConfigured, match="SIGAP_PPPK_TARGET_JP"):
            env_int("SIGAP_PPPK_TARGET_JP", 20, minimum=0, maximum=200)


def test_pppk_without_a_target_see_their_jp_without_a_bar(world, settings, login):
    settings.SIGAP_PPPK_TARGET_JP = 0
    client = login(f.link_login(world.pppk, "pegawai.pppk", unit=world.bidang))
    page = client.get("/kerja/pembelajaran/saya/").content.decode()
    assert 'id="jp-progress"' not in page and "tanpa target tahunan" in page
    ledger = client.get("/api/v1/learning/me/ledger").json()
    assert ledger["target"] is None and ledger["percent"] is None


def test_the_list_pages_by_100_and_filters_by_unit(world, hr, login, monkeypatch):
    monkeypatch.setattr(views, "BELOW_PAGE", 4)  # six below: pages of 4 and 2
    client = login(hr)
    first = client.get("/kerja/pembelajaran/capaian-jp/?year=2026").content.decode()
    table = first.split('id="below-table"')[1]
    assert "6 dari 7 ASN" in first and "halaman 1 dari 2" in table
    assert table.count("<tr>") == 5 and "Pegawai Y" in table and "Pegawai A" not in table
    assert 'rel="next" href="?year=2026&amp;halaman=2"' in first
    second = client.get("/kerja/pembelajaran/capaian-jp/?year=2026&halaman=2").content.decode()
    table = second.split('id="below-table"')[1]
    assert table.count("<tr>") == 3 and "Pegawai Z" in table and "Pegawai A" in table
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # Past the last page: an empty page, not an error.
    assert client.get("/kerja/pembelajaran/capaian-jp/?halaman=9&year=2026").status_code == 200
    assert client.get("/kerja/pembelajaran/capaian-jp/?halaman=x").status_code == 200
    chosen = client.get(f"/kerja/pembelajaran/capaian-jp/?year=2026&unit={world.second.pk}")
    text = chosen.content.decode()
    assert "2 dari 2 ASN" in text and "Pegawai Y" in text and "Pegawai C" not in text


def test_a_unit_head_sees_their_subtree_and_cannot_widen_it(world, login, other_opd):
    client = login(world.head_user)
    text = client.get("/kerja/pembelajaran/capaian-jp/?year=2026").content.decode()
    assert "6 dari 7 ASN" in text  # the head of Disdukcapil: the whole OPD
    # A unit outside their subtree is not among the choices: ignored, not shown.
    other = client.get(f"/kerja/pembelajaran/capaian-jp/?year=2026&unit={other_opd.pk}")
    assert other.status_code == 200 and "6 dari 7 ASN" in other.content.decode()
    # The Excel of the whole pemda is BKPSDM's.
    assert client.get("/kerja/pembelajaran/capaian-jp.xlsx?year=2026").status_code == 403


def test_bkpsdm_exports_the_whole_list_audited(world, hr, login):
    client = login(hr)
    response = client.get("/kerja/pembelajaran/capaian-jp.xlsx?year=2026")
    assert response.status_code == 200
    assert 'filename="capaian-jp.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP/nomor PPPK", "Nama") and len(rows) == 7
    assert rows[3][:2] == ("PPPK-2023-0001", "Pegawai PPPK")
    assert rows[6][1] == "Pegawai A" and rows[6][3:] == (16, 20, 4)
    summary = dict(book.worksheets[1].iter_rows(values_only=True))
    assert summary["ASN di bawah target"] == 6 and summary["ASN dengan target"] == 7
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS, additional_data__event="unduh data pribadi"
    )
    assert entry.actor == hr and entry.additional_data["details"]["rows"] == 6
    # Filtered by unit: that subtree only.
    one = client.get(f"/kerja/pembelajaran/capaian-jp.xlsx?year=2026&unit={world.second.pk}")
    names = [
        r[1]
        for r in load_workbook(io.BytesIO(one.content))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["Pegawai Y", "Pegawai Z"]


def test_reminders_name_each_persons_own_target(
    world, hr, settings, django_capture_on_commit_callbacks
):
    settings.SIGAP_PPPK_TARGET_JP = 10
    pppk = f.link_login(world.pppk, "pegawai.pppk", unit=world.bidang)
    pns = f.link_login(world.staff[0], "pegawai.a", unit=world.bidang)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind_below_target(world.agency, 2026, by=hr) == 2
    with activate(world.agency):
        bodies = {
            n.recipient_id: n.body
            for n in Notification.objects.filter(template="learning/jp_reminder")
        }
    assert "kurang 10 JP dari target 10 JP" in bodies[pppk.pk]
    assert "mencapai 16 JP" in bodies[pns.pk] and "kurang 4 JP dari target 20 JP" in bodies[pns.pk]
