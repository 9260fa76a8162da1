"""Serah terima jabatan: open work moves to the successor or the Plt, nothing stays with
the old holder, repeats do nothing, and another agency's post is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_staff
from sigap.accounts.models import Role, RoleGrant
from sigap.tenancy.context import activate
from sigap.workforce.handover import handovers as ho
from sigap.workforce.models import ActionItem, Assignment, Handover, JabatanType
from sigap.workforce.registry import queries, records

DAY = dt.date(2026, 3, 2)


def _asn(agency, name: str, nip: str, gender: str, birth: dt.date, start: dt.date):
    return records.create_employee(
        agency, full_name=name, gender=gender, birth_date=birth, service_start=start, nip=nip
    )


def _action(owner, title: str, *, done: bool = False) -> ActionItem:
    with activate(owner.agency):
        unit = queries.current_assignment(owner).position.unit
    item = records.create_action_item(owner, title=title, unit=unit)
    if done:
        records.update_action_item(item, status=ActionItem.Status.DONE)
    return item


@pytest.fixture
def head_post(agency, opd):
    return records.create_position(
        agency,
        unit=opd,
        code="DUKCAPIL.KEPALA",
        title="Kepala Dinas Kependudukan dan Pencatatan Sipil",
        jabatan_type=JabatanType.JPT_PRATAMA,
    )


@pytest.fixture
def secretary_post(agency, opd):
    return records.create_position(
        agency,
        unit=opd,
        code="DUKCAPIL.SEKRETARIS",
        title="Sekretaris Disdukcapil",
        jabatan_type=JabatanType.ADMINISTRATOR,
    )


@pytest.fixture
def leaving(agency, head_post, unit_head):
    """The head of Disdukcapil, whose login holds the unit-head grant on that OPD."""
    person = _asn(
        agency,
        "Ahmad Fauzi",
        "197002142000031001",
        "L",
        dt.date(1970, 2, 14),
        dt.date(2000, 3, 1),
    )
    records.record_assignment(
        person,
        position=head_post,
        kind="promosi",
        sk_number="821.2/5/BKPSDM/2021",
        sk_date=dt.date(2021, 1, 4),
        starts_on=dt.date(2021, 1, 4),
    )
    with activate(agency):
        person.user = unit_head
        person.save(update_fields=["user"])
    return person


@pytest.fixture
def secretary(agency, secretary_post):
    person = _asn(
        agency,
        "Sri Wahyuni",
        "197805202003122002",
        "P",
        dt.date(1978, 5, 20),
        dt.date(2003, 12, 1),
    )
    records.record_assignment(
        person,
        position=secretary_post,
        kind="promosi",
        sk_number="821.2/9/BKPSDM/2022",
        sk_date=dt.date(2022, 2, 1),
        starts_on=dt.date(2022, 2, 1),
    )
    return person


def hand_over(position, leaving, to, *, is_acting=False, sk="800/1/BA/2026", on=DAY, by=None):
    return ho.hand_over(
        position,
        from_employee=leaving,
        to_employee=to,
        is_acting=is_acting,
        sk_number=sk,
        handed_over_on=on,
        by=by,
    )


# --------------------------------------------------------------------------- domain


def test_handover_leaves_no_open_item_with_the_old_holder(
    agency, head_post, leaving, secretary, unit_head, opd
):
    successor_login = make_staff("sekretaris.jambi", agency, None)
    with activate(agency):
        secretary.user = successor_login
        secretary.save(update_fields=["user"])
    open_items = [_action(leaving, f"Tindak lanjut temuan {n}") for n in range(3)]
    finished = _action(leaving, "Laporan yang sudah selesai", done=True)

    record = hand_over(head_post, leaving, secretary)

    assert ho.open_work(leaving, head_post) == []
    with activate(agency):
        assert {a.pk for a in ActionItem.objects.filter(owner=secretary)} == {
            a.pk for a in open_items
        }
        finished.refresh_from_db()
        assert finished.owner_id == leaving.pk  # closed work stays where it was done
    grant = RoleGrant.objects.get(role=Role.UNIT_HEAD, unit=opd)
    assert grant.user_id == successor_login.pk
    assert not RoleGrant.objects.filter(user=unit_head).exists()
    assert sorted((m["kind"], m["action"]) for m in record.items_moved) == [
        ("action_item", "dipindahkan"),
        ("action_item", "dipindahkan"),
        ("action_item", "dipindahkan"),
        ("role_grant", "dipindahkan"),
    ]
    assert record.replayed is False


def test_each_moved_item_is_audited(agency, head_post, leaving, secretary):
    item = _action(leaving, "Penyusunan SOP pelayanan")
    hand_over(head_post, leaving, secretary)
    entry = LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.additional_data["agency_id"] == agency.pk
    assert "owner" in entry.changes_dict


def test_unit_grant_is_revoked_when_the_successor_has_no_login(
    agency, head_post, leaving, secretary, unit_head
):
    record = hand_over(head_post, leaving, secretary)
    assert not RoleGrant.objects.filter(user=unit_head).exists()
    assert [(m["kind"], m["action"], m["to_employee_id"]) for m in record.items_moved] == [
        ("role_grant", "dicabut", None)
    ]


def test_acting_recipient_gets_a_plt_assignment_beside_their_own_post(
    agency, head_post, secretary_post, leaving, secretary
):
    hand_over(head_post, leaving, secretary, is_acting=True, sk="800.1.3.3/4/BKPSDM/2026")

    with activate(agency):
        acting = Assignment.objects.get(employee=secretary, kind=Assignment.Kind.ACTING)
        own = Assignment.objects.get(employee=secretary, is_primary=True)
    assert acting.position_id == head_post.pk
    assert not acting.is_primary and acting.ends_on is None
    assert acting.starts_on == DAY and acting.sk_number == "800.1.3.3/4/BKPSDM/2026"
    assert own.position_id == secretary_post.pk and own.ends_on is None


def test_a_leaving_plt_stops_acting_the_day_before(agency, head_post, leaving, secretary):
    hand_over(head_post, leaving, secretary, is_acting=True, sk="PLT/1")
    newcomer = _asn(
        agency, "Rudi Hartono", "197501012001121003", "L", dt.date(1975, 1, 1), dt.date(2001, 12, 1)
    )
    hand_over(head_post, secretary, newcomer, sk="BA/2", on=DAY + dt.timedelta(days=30))
    with activate(agency):
        acting = Assignment.objects.get(employee=secretary, kind=Assignment.Kind.ACTING)
    assert acting.ends_on == DAY + dt.timedelta(days=29)


def test_repeating_the_same_request_does_not_move_twice(agency, head_post, leaving, secretary):
    _action(leaving, "Evaluasi survei kepuasan")
    first = hand_over(head_post, leaving, secretary, is_acting=True)
    _action(leaving, "Tugas yang datang kemudian")  # would move if the repeat ran again

    again = hand_over(head_post, leaving, secretary, is_acting=True)

    assert again.pk == first.pk and again.replayed is True
    with activate(agency):
        assert Handover.objects.count() == 1
        assert Assignment.objects.filter(kind=Assignment.Kind.ACTING).count() == 1
        assert ActionItem.objects.filter(owner=secretary).count() == 1
    assert len(again.items_moved) == 2  # the item and the unit grant, once


def test_same_sk_number_with_other_details_is_refused(head_post, leaving, secretary):
    hand_over(head_post, leaving, secretary)
    with pytest.raises(ValidationError) as exc:
        hand_over(head_post, leaving, secretary, on=DAY + dt.timedelta(days=1))
    assert "sk_number" in exc.value.message_dict


def test_another_agencys_position_is_refused(
    agency, other_agency, other_opd, leaving, secretary, head_post
):
    foreign = records.create_position(
        other_agency,
        unit=other_opd,
        code="DUKCAPIL.KEPALA",
        title="Kepala Disdukcapil Tebo",
        jabatan_type=JabatanType.JPT_PRATAMA,
    )
    item = _action(leaving, "Tidak boleh pindah")
    with pytest.raises(ValidationError) as exc:
        hand_over(foreign, leaving, secretary)
    assert set(exc.value.message_dict) == {"from_employee", "to_employee"}
    with activate(agency):
        item.refresh_from_db()
        assert item.owner_id == leaving.pk
        assert not Handover.objects.exists()


def test_someone_who_never_held_the_post_cannot_hand_it_over(head_post, secretary, leaving):
    with pytest.raises(ValidationError) as exc:
        hand_over(head_post, secretary, leaving)
    assert "from_employee" in exc.value.message_dict


class Forgetful:
    """A provider that lists work but moves none of it."""

    kind = "forgetful"
    label = "Pekerjaan yang lupa dipindahkan"

    def open_items(self, employee, position):
        return [ho.OpenItem(self.kind, 1, "Program yang macet")]

    def transfer(self, items, *, from_employee, to_employee, position):
        return []


@pytest.fixture
def forgetful_provider():
    ho.register(Forgetful())
    yield
    ho.unregister(Forgetful.kind)


def test_a_provider_that_leaves_work_behind_rolls_everything_back(
    agency, head_post, leaving, secretary, forgetful_provider
):
    item = _action(leaving, "Harus tetap di tempat bila gagal")
    with pytest.raises(ho.HandoverIncomplete):
        hand_over(head_post, leaving, secretary)
    with activate(agency):
        item.refresh_from_db()
        assert item.owner_id == leaving.pk
        assert not Handover.objects.exists()


# --------------------------------------------------------------------------- pages


def test_page_shows_the_open_work_before_confirming_then_records_it(
    login, hr, agency, head_post, leaving, secretary
):
    _action(leaving, "Tindak lanjut temuan Inspektorat")
    client = login(hr)
    url = reverse("workforce:handover_new") + f"?position={head_post.pk}"
    form = client.get(url).content.decode()
    assert "Ahmad Fauzi" in form and "Sri Wahyuni" in form  # holder, suggested recipient

    data = {
        "position": head_post.pk,
        "from_employee": leaving.pk,
        "to_identifier": "19780520 200312 2 002",
        "is_acting": "on",
        "sk_number": "800.1.3.3/7/BKPSDM/2026",
        "handed_over_on": "2026-03-02",
    }
    preview = client.post(url, {**data, "step": "preview"}).content.decode()
    assert "Periksa sebelum konfirmasi" in preview
    assert "Tindak lanjut temuan Inspektorat" in preview
    with activate(agency):
        assert not Handover.objects.exists()  # nothing moves before the confirmation

    done = client.post(url, {**data, "step": "confirm"})
    with activate(agency):
        record = Handover.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("workforce:handover_detail", args=[record.pk])
    detail = client.get(done["Location"]).content.decode()
    assert "Tindak lanjut temuan Inspektorat" in detail and "Plt" in detail
    listing = client.get(reverse("workforce:handover_list")).content.decode()
    assert "800.1.3.3/7/BKPSDM/2026" in listing


def test_page_reports_an_unknown_recipient_on_the_field(login, hr, head_post, leaving):
    url = reverse("workforce:handover_new") + f"?position={head_post.pk}"
    response = login(hr).post(
        url,
        {
            "position": head_post.pk,
            "from_employee": leaving.pk,
            "to_identifier": "199901012020011999",
            "sk_number": "BA/1",
            "handed_over_on": "2026-03-02",
            "step": "preview",
        },
    )
    assert response.status_code == 200
    assert "Tidak ada ASN dengan NIP/nomor PPPK ini" in response.content.decode()


def test_position_search_finds_posts_of_this_agency_only(
    login, hr, head_post, other_agency, other_opd
):
    records.create_position(
        other_agency,
        unit=other_opd,
        code="DUKCAPIL.KEPALA",
        title="Kepala Disdukcapil Tebo",
        jabatan_type=JabatanType.JPT_PRATAMA,
    )
    html = login(hr).get(reverse("workforce:handover_new"), {"q": "Kepala"}).content.decode()
    assert "Kependudukan dan Pencatatan Sipil" in html
    assert "Tebo" not in html


def test_officers_cannot_open_the_pages(login, officer, head_post):
    url = reverse("workforce:handover_new") + f"?position={head_post.pk}"
    assert login(officer).get(url).status_code == 403


# --------------------------------------------------------------------------- API


def test_api_moves_work_and_answers_a_repeat_with_200(
    login, hr, agency, head_post, leaving, secretary
):
    _action(leaving, "Monitoring realisasi anggaran")
    client = login(hr)
    open_work = client.get(f"/api/v1/employees/{leaving.pk}/open-work").json()
    assert {i["kind"] for i in open_work} == {"action_item", "role_grant"}

    body = {
        "position_id": head_post.pk,
        "from_employee_id": leaving.pk,
        "to_employee_id": secretary.pk,
        "is_acting": True,
        "sk_number": "800/3/BA/2026",
        "handed_over_on": "2026-03-02",
    }
    created = client.post("/api/v1/handovers", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["to_employee_name"] == "Sri Wahyuni"
    repeat = client.post("/api/v1/handovers", body, content_type="application/json")
    assert repeat.status_code == 200 and repeat.json()["id"] == created.json()["id"]
    assert client.get(f"/api/v1/employees/{leaving.pk}/open-work").json() == []
    listed = client.get("/api/v1/handovers").json()
    assert [h["id"] for h in listed["items"]] == [created.json()["id"]]
    one = client.get(f"/api/v1/handovers/{created.json()['id']}").json()
    assert len(one["items_moved"]) == 2


def test_api_refuses_another_agencys_position(
    login, hr, agency, other_agency, other_opd, leaving, secretary
):
    foreign = records.create_position(
        other_agency,
        unit=other_opd,
        code="DUKCAPIL.KEPALA",
        title="Kepala Disdukcapil Tebo",
        jabatan_type=JabatanType.JPT_PRATAMA,
    )
    body = {
        "position_id": foreign.pk,
        "from_employee_id": leaving.pk,
        "to_employee_id": secretary.pk,
        "sk_number": "800/4/BA/2026",
        "handed_over_on": "2026-03-02",
    }
    response = login(hr).post("/api/v1/handovers", body, content_type="application/json")
    assert response.status_code == 404
    with activate(agency):
        assert not Handover.objects.exists()


def test_api_answers_409_when_work_would_be_left_behind(
    login, hr, agency, head_post, leaving, secretary, forgetful_provider
):
    body = {
        "position_id": head_post.pk,
        "from_employee_id": leaving.pk,
        "to_employee_id": secretary.pk,
        "sk_number": "800/5/BA/2026",
        "handed_over_on": "2026-03-02",
    }
    response = login(hr).post("/api/v1/handovers", body, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    with activate(agency):
        assert not Handover.objects.exists()


# --------------------------------------------------------------------------- preview checks
# Issue 8, item 10: the preview showed "will move" for the current holder as receiver and
# for dates like 2062 or before the leaving officer took the post.


def _preview(client, position, leaving, recipient_nip: str, on: str):
    url = reverse("workforce:handover_new") + f"?position={position.pk}"
    return client.post(
        url,
        {
            "position": position.pk,
            "from_employee": leaving.pk,
            "to_identifier": recipient_nip,
            "sk_number": "BA/9",
            "handed_over_on": on,
            "step": "preview",
        },
    ).content.decode()


def test_preview_refuses_the_current_holder_as_receiver(
    login, hr, agency, head_post, leaving, secretary
):
    # The secretary is acting head already (Plt); naming them again as receiver is a slip.
    records.record_assignment(
        secretary,
        position=head_post,
        kind="plt",
        sk_number="PLT/7",
        sk_date=DAY,
        starts_on=DAY,
    )
    body = _preview(login(hr), head_post, leaving, "197805202003122002", "2026-03-05")
    assert "sudah memegang jabatan ini" in body
    assert "Periksa sebelum konfirmasi" not in body


@pytest.mark.parametrize(
    ("on", "message"),
    [("2062-03-02", "paling lambat"), ("2019-05-01", "sebelum pejabat ini mulai menjabat")],
)
def test_preview_refuses_implausible_dates(login, hr, head_post, leaving, secretary, on, message):
    body = _preview(login(hr), head_post, leaving, "197805202003122002", on)
    assert message in body
    assert "Periksa sebelum konfirmasi" not in body


def test_domain_refuses_a_far_future_handover(head_post, leaving, secretary):
    with pytest.raises(ValidationError) as caught:
        hand_over(head_post, leaving, secretary, on=dt.date(2062, 3, 2))
    assert "handed_over_on" in caught.value.message_dict
