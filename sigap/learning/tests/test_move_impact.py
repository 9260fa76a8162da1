"""Dampak perpindahan: what citizens experienced before and after a rotation in the unit
the official left and the unit they joined — figures computed by hand, scope (a unit
head sees moves into their subtree only; BKPSDM the pemda; another pemda nothing) and a
page that reads in a fixed number of queries whatever the number of moves.

The world: Disdukcapil with two bidang. Ani serves in Pelayanan and rotates to
Pencatatan on ``day``; Budi stays in Pelayanan, Cici in Pencatatan.

=========  ==================  ============
           before (minutes)    after
=========  ==================  ============
Ani        30, 50 (Pelayanan)  20 (Pencatatan), one complaint
Budi       40                  70
Cici       60                  40
=========  ==================  ============

Pelayanan (left): 40 from 3 → 70 from 1. Pencatatan (joined): 60 from 1 → 30 from 2,
complaints 0 → 50 per 100. Ani herself: 40 from 2 → 20 from 1, complaints 0 → 100.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_staff
from sigap.accounts.models import Role, User
from sigap.complaints import handling
from sigap.complaints.tests.factories import RUDE, with_categories
from sigap.learning import move_impact
from sigap.services.models import ServiceEvent
from sigap.services.tests import factories as services
from sigap.surveys.tests import factories as surveys
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar
from sigap.workforce.models import Assignment, Employee
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as wf


class World:
    pass


def _officer(world: World, unit, name: str, seq: int) -> tuple[User, Employee]:
    return services.officer(world.agency, unit, name, seq, grant_on=world.opd)


def _served(world: World, user: User, on: dt.date, minutes: int) -> ServiceEvent:
    return services.served(world.service, user, on, minutes, world.calendar.tz)


def _rotate(employee: Employee, unit, day: dt.date, code: str) -> Assignment:
    desk = wf.position(employee.agency, unit, code, "Pengadministrasi Kependudukan")
    return records.move_employee(
        employee, position=desk, sk_number=f"800/{code}", sk_date=day, starts_on=day
    )


@pytest.fixture
def world(agency, opd) -> World:
    w = World()
    w.agency, w.opd = agency, opd
    w.calendar = WorkingCalendar.for_agency(agency)
    today = agency.today()
    w.day = w.calendar.next_working_day(today - dt.timedelta(days=30))
    working = [
        d
        for d in (w.day + dt.timedelta(days=k) for k in range(-20, 20))
        if w.calendar.is_working_day(d) and d < today
    ]
    w.before = [d for d in working if d < w.day][-3:]
    w.after = [d for d in working if d > w.day][:3]
    with activate(agency):
        w.pelayanan = wf.unit(agency, "PDF", "Bidang Pelayanan", parent=opd)
        w.pencatatan = wf.unit(agency, "PCS", "Bidang Pencatatan", parent=opd)
    with_categories(agency, opd)
    w.service = surveys.service(agency, opd)
    w.ani, w.ani_employee = _officer(w, w.pelayanan, "Ani", 1)
    w.budi, w.budi_employee = _officer(w, w.pelayanan, "Budi", 2)
    w.cici, w.cici_employee = _officer(w, w.pencatatan, "Cici", 3)
    w.move = _rotate(w.ani_employee, w.pencatatan, w.day, "PCS-9")
    _served(w, w.ani, w.before[0], 30)
    _served(w, w.ani, w.before[1], 50)
    late = _served(w, w.ani, w.after[0], 20)
    _served(w, w.budi, w.before[2], 40)
    _served(w, w.budi, w.after[1], 70)
    _served(w, w.cici, w.before[1], 60)
    _served(w, w.cici, w.after[2], 40)
    handling.file_complaint(
        agency, text=RUDE, mode="anonymous", channel="portal", service_event=late
    )
    w.head_pelayanan = make_staff("kepala.pelayanan", agency, Role.UNIT_HEAD, w.pelayanan)
    w.head_pencatatan = make_staff("kepala.pencatatan", agency, Role.UNIT_HEAD, w.pencatatan)
    return w


def test_figures_before_and_after_by_hand(world):
    with activate(world.agency):
        moves = list(move_impact.moves_into(None, since=world.day, until=world.day))
        (row,) = move_impact.impacts(moves, today=world.agency.today())
    assert row.move.kind == Assignment.Kind.ROTATION and row.day == world.day
    assert row.left.unit_id == world.pelayanan.pk and row.joined.unit_id == world.pencatatan.pk
    days = (world.agency.today() - world.day).days - 1  # equal windows, cut to yesterday
    for w in (row.at_left, row.at_joined, row.own):
        assert w.days == days and not w.enough  # a handful of services: no claim
        assert all(f.improved is None for f in w.figures)
    left, joined, own = row.at_left, row.at_joined, row.own
    assert (left.events_before, left.events_after) == (3, 1)
    assert (left.figure("processing").before, left.figure("processing").after) == (40, 70)
    assert (joined.events_before, joined.events_after) == (1, 2)
    assert (joined.figure("processing").before, joined.figure("processing").after) == (60, 30)
    assert (joined.figure("complaints").before, joined.figure("complaints").after) == (0, 50)
    assert joined.figure("complaints").n_after == 1
    assert (own.events_before, own.events_after) == (2, 1)
    assert (own.figure("processing").before, own.figure("processing").after) == (40, 20)
    assert own.figure("complaints").after == 100
    # With a threshold the handful meets, the direction is stated.
    with activate(world.agency):
        (row,) = move_impact.impacts(moves, today=world.agency.today(), min_events=1)
    assert row.at_joined.figure("processing").improved is True
    assert row.at_left.figure("processing").improved is False
    assert row.at_joined.figure("complaints").improved is False


def test_special_assignment_counts_from_the_home_unit(world):
    # Budi is assigned to Pencatatan beside his own post: he left Pelayanan for it.
    desk = wf.position(world.agency, world.pencatatan, "PCS-7", "Pengadministrasi Khusus")
    special = records.record_assignment(
        world.budi_employee,
        position=desk,
        kind=Assignment.Kind.SPECIAL,
        sk_number="800/PK",
        sk_date=world.day,
        starts_on=world.day,
    )
    promoted = wf.position(
        world.agency, world.pelayanan, "KS-1", "Kepala Seksi", jabatan_type="pengawas"
    )
    records.move_employee(
        world.cici_employee,
        position=promoted,
        sk_number="800/PR",
        sk_date=world.day,
        starts_on=world.day,
    )
    with activate(world.agency):
        moves = list(move_impact.moves_into(None, since=world.day, until=world.day))
        rows = {r.move.pk: r for r in move_impact.impacts(moves, today=world.agency.today())}
    # Promotions are not among the moves judged here.
    assert set(rows) == {world.move.pk, special.pk}
    assert rows[special.pk].left.unit_id == world.pelayanan.pk
    assert rows[special.pk].at_left.events_before == 3


def test_pages_show_the_move_to_bkpsdm(world, hr, login):
    client = login(hr)
    page = client.get(reverse("learning:moves")).content.decode()
    assert f'data-move="{world.move.pk}"' in page and "Ani" in page
    assert "Bidang Pelayanan" in page and "Bidang Pencatatan" in page
    assert "Terlalu sedikit layanan" in page  # no claim from a handful
    detail = client.get(reverse("learning:move", args=[world.move.pk])).content.decode()
    for part in ('id="table-left"', 'id="table-joined"', 'id="table-own"', "800/PCS-9"):
        assert part in detail
    joined = detail.split('id="table-joined"')[1].split("</table>")[0]
    processing = joined.split('data-measure="processing"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in processing.split("<td>")[1:]] == [
        "60,0",
        "1",
        "30,0",
        "2",
        "-30,0",
    ]
    # A year with no moves; an unknown year is ignored.
    empty = client.get(reverse("learning:moves") + "?year=2001").content.decode()
    assert "Tidak ada perpindahan" in empty
    assert client.get(reverse("learning:moves") + "?year=abc").status_code == 200


def test_unit_heads_see_moves_into_their_subtree_only(world, login):
    joined = login(world.head_pencatatan)
    assert f'data-move="{world.move.pk}"' in joined.get(reverse("learning:moves")).content.decode()
    assert joined.get(reverse("learning:move", args=[world.move.pk])).status_code == 200
    left = login(world.head_pelayanan)  # the move is out of their unit, not into it
    page = left.get(reverse("learning:moves")).content.decode()
    assert f'data-move="{world.move.pk}"' not in page and "0 perpindahan" in page
    assert left.get(reverse("learning:move", args=[world.move.pk])).status_code == 404
    # Choosing a unit outside their subtree does not widen it.
    wide = left.get(reverse("learning:moves") + f"?unit={world.pencatatan.pk}")
    assert f'data-move="{world.move.pk}"' not in wide.content.decode()


def test_another_pemda_sees_nothing(world, other_admin, login, officer):
    client = login(other_admin)
    assert (
        f'data-move="{world.move.pk}"' not in client.get(reverse("learning:moves")).content.decode()
    )
    assert client.get(reverse("learning:move", args=[world.move.pk])).status_code == 404
    assert login(officer).get(reverse("learning:moves")).status_code == 403


def test_the_list_reads_in_a_fixed_number_of_queries(world, hr, login):
    client = login(hr)
    client.get(reverse("learning:moves"))  # warm the per-process caches (menu, rules)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("learning:moves")).status_code == 200
        return len(queries)

    one = count()
    # Two more moves, each official with services on both sides.
    day = world.after[0]
    _rotate(world.budi_employee, world.pencatatan, day, "PCS-8")
    _rotate(world.cici_employee, world.pelayanan, day, "PDF-8")
    _served(world, world.budi, world.before[0], 45)
    _served(world, world.cici, world.after[2], 35)
    with activate(world.agency):
        assert move_impact.moves_into(None, since=world.day, until=day).count() == 3
    assert count() == one
    # Session, user (with the unread notifications), grants; the moves' count and page,
    # the posts held the day before; who served where, one per measure (4); the unit
    # choices.
    assert one == 12


API = "/api/v1/learning/moves"


def _api(client, query: str = "") -> tuple[int, dict]:
    response = client.get(f"{API}{query}")
    return response.status_code, response.json()


def test_the_api_gives_the_page_figures_to_bkpsdm(world, hr, login):
    status, body = _api(login(hr))
    assert status == 200 and body["total"] == 1 and body["pages"] == 1
    (move,) = body["moves"]
    assert move["id"] == world.move.pk and move["name"] == "Ani" and move["kind"] == "rotasi"
    assert move["day"] == world.day.isoformat() and move["sk_number"] == "800/PCS-9"
    left, joined, own = move["left"], move["joined"], move["own"]
    assert left["unit_id"] == world.pelayanan.pk and joined["unit_id"] == world.pencatatan.pk
    assert own["unit_id"] is None
    assert (left["events_before"], left["events_after"]) == (3, 1)
    assert (joined["events_before"], joined["events_after"]) == (1, 2)
    assert (own["events_before"], own["events_after"]) == (2, 1)
    figure = {f["measure"]: f for f in joined["figures"]}
    assert (figure["processing"]["before"], figure["processing"]["after"]) == (60, 30)
    assert (figure["complaints"]["before"], figure["complaints"]["after"]) == (0, 50)
    assert figure["processing"]["improved"] is None and not joined["enough"]  # a handful
    # A year without moves; a page past the last one is empty, not an error.
    assert _api(login(hr), "?year=2001")[1]["moves"] == []
    assert _api(login(hr), "?page=5")[1]["moves"] == []


def test_the_api_keeps_the_unit_heads_scope(world, login):
    status, body = _api(login(world.head_pencatatan))  # the move is into their unit
    assert status == 200 and [m["id"] for m in body["moves"]] == [world.move.pk]
    left = login(world.head_pelayanan)  # the move is out of their unit, not into it
    status, body = _api(left)
    assert status == 200 and body["total"] == 0 and body["moves"] == []
    # A unit outside their subtree is not found, not widened to.
    status, body = _api(left, f"?unit_id={world.pencatatan.pk}")
    assert status == 404 and "Ani" not in str(body)
    assert _api(left, f"?unit_id={world.pelayanan.pk}")[1]["total"] == 0


def test_another_pemda_and_a_role_without_the_right_get_nothing_from_the_api(
    world, other_admin, login, officer
):
    status, body = _api(login(other_admin))
    assert status == 200 and body["total"] == 0 and body["moves"] == []
    status, body = _api(login(other_admin), f"?unit_id={world.pencatatan.pk}")
    assert status == 404 and "Ani" not in str(body)
    status, body = _api(login(officer))  # an ASN of the pemda: no "oversee" right
    assert status == 403 and "moves" not in body and "Ani" not in str(body)
    assert login(None).get(API).status_code in (401, 403)
