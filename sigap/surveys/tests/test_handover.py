"""Open survey follow-ups move with the post in the serah terima jabatan (issue 11,
item 5: "they appear in that ASN's handover")."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from sigap.surveys import actions
from sigap.surveys.models import ImprovementAction
from sigap.tenancy.context import activate
from sigap.workforce.handover import handovers as ho
from sigap.workforce.models import JabatanType
from sigap.workforce.registry import records


def _asn(agency, name: str, nip: str, birth: dt.date):
    return records.create_employee(
        agency,
        full_name=name,
        gender="L",
        birth_date=birth,
        service_start=dt.date(int(nip[8:12]), int(nip[12:14]), 1),  # NIP digits 9–14
        nip=nip,
    )


@pytest.fixture
def post(agency, opd):
    return records.create_position(
        agency,
        unit=opd,
        code="DUKCAPIL.KEPALA",
        title="Kepala Dinas Kependudukan dan Pencatatan Sipil",
        jabatan_type=JabatanType.JPT_PRATAMA,
    )


@pytest.fixture
def leaving(agency, post):
    person = _asn(agency, "Ahmad Fauzi", "197002142000031001", dt.date(1970, 2, 14))
    records.record_assignment(
        person,
        position=post,
        kind="promosi",
        sk_number="821.2/5/BKPSDM/2021",
        sk_date=dt.date(2021, 1, 4),
        starts_on=dt.date(2021, 1, 4),
    )
    return person


@pytest.fixture
def successor(agency):
    return _asn(agency, "Budi Santoso", "197805202003121002", dt.date(1978, 5, 20))


def _action(agency, opd, owner, element: str = "U3") -> ImprovementAction:
    return actions.record_action(
        agency,
        unit=opd,
        element=element,
        period_start=dt.date(2026, 7, 1),
        description="Tambah satu loket pada Senin pagi",
        owner=owner,
        due_date=agency.today() + dt.timedelta(days=30),
        by=None,
    )


def test_open_follow_ups_are_listed_and_move_to_the_successor(
    agency, opd, post, leaving, successor
):
    open_one = _action(agency, opd, leaving)
    done_one = _action(agency, opd, leaving, element="U8")
    actions.complete_action(done_one, note="Selesai", by=None)

    groups = dict(ho.open_work(leaving, post))
    labels = [item.label for item in groups["Tindak lanjut survei kepuasan"]]
    assert labels == ["U3 · Tambah satu loket pada Senin pagi"]  # the finished one stays

    handover = ho.hand_over(
        post,
        from_employee=leaving,
        to_employee=successor,
        is_acting=False,
        sk_number="800/1/BA/2026",
        handed_over_on=agency.today(),
        by=None,
    )
    with activate(agency):
        open_one.refresh_from_db()
        done_one.refresh_from_db()
        assert open_one.owner_id == successor.pk
        assert done_one.owner_id == leaving.pk
        entry = LogEntry.objects.get_for_object(open_one).latest("pk")
    assert entry.additional_data["event"] == "tindak lanjut survei dialihkan"
    assert {m["kind"] for m in handover.items_moved} >= {"survey_action"}
    assert actions.open_actions_of(leaving) == []
    assert [a.pk for a in actions.open_actions_of(successor)] == [open_one.pk]


def test_a_follow_up_is_not_given_to_another_pemdas_asn(agency, opd, leaving, other_agency):
    stranger = _asn(other_agency, "Orang Lain", "198001012005011001", dt.date(1980, 1, 1))
    action = _action(agency, opd, leaving)
    with pytest.raises(ValidationError):
        actions.reassign_action(action, to=stranger)
    with activate(agency):
        action.refresh_from_db()
        assert action.owner_id == leaving.pk
