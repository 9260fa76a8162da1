"""Mentoring with the monthly cap, experiential learning from the workforce history,
socialisation with acknowledgement, the below-20 list and needs from competency gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sigap.learning import enrolment, experiential, jp, mentoring, needs, socialisation
from sigap.learning.models import MentoringPair
from sigap.learning.tests import factories as f
from sigap.tenancy.context import activate
from sigap.workforce.analysis import gaps
from sigap.workforce.models import Assignment
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as wf


@pytest.fixture
def world(agency, opd):
    return f.build(agency, opd, planned=5_000_000)


def test_mentoring_sessions_count_two_a_month(world, hr):
    mentor, mentee = world.staff[0], world.staff[1]
    pair = mentoring.create_pair(
        world.agency,
        mentor=mentor,
        mentee=mentee,
        goals="Siap menjadi pengawas",
        started_on=dt.date(2026, 1, 5),
        cohort="Angkatan 2026",
        by=hr,
    )
    for day in (6, 13, 20):
        mentoring.log_session(pair, held_on=dt.date(2026, 1, day), minutes=90, by=hr)
    mentoring.log_session(pair, held_on=dt.date(2026, 2, 3), minutes=60, by=hr)
    with activate(world.agency):
        assert jp.total(mentee.pk, 2026) == 6  # 2 + 2 + 0 (cap) + 2
        assert jp.total(mentor.pk, 2026) == 0
    mentoring.close_pair(pair, outcome="Lulus seleksi pengawas", by=hr)
    assert pair.status == MentoringPair.Status.CLOSED
    with pytest.raises(ValidationError):
        mentoring.log_session(pair, held_on=dt.date(2026, 2, 10), minutes=60, by=hr)


def test_mentor_cannot_mentor_themselves(world):
    with pytest.raises(ValidationError):
        mentoring.create_pair(
            world.agency,
            mentor=world.staff[0],
            mentee=world.staff[0],
            goals="x",
            started_on=dt.date(2026, 1, 5),
        )


def test_rotation_and_secondment_count_once(world, hr):
    with activate(world.agency):
        post = records.create_position(
            world.agency,
            unit=world.opd,
            code="SEK-1",
            title="Analis Kebijakan",
            jabatan_type="fungsional",
        )
        records.record_assignment(
            world.staff[0],
            position=post,
            kind=Assignment.Kind.SECONDMENT,
            sk_number="DET/1",
            sk_date=dt.date(2026, 2, 1),
            starts_on=dt.date(2026, 2, 1),
        )
    assert experiential.credit_experience(world.agency, 2026, by=hr) == 1
    assert experiential.credit_experience(world.agency, 2026, by=hr) == 0
    with activate(world.agency):
        assert jp.total(world.staff[0].pk, 2026) == 20


def test_socialisation_tracks_who_has_not_read(world, hr):
    user = f.link_login(world.staff[0], "pegawai.sos", unit=world.bidang)
    note = socialisation.publish(
        world.agency,
        title="Kebijakan layanan tanpa tatap muka",
        body="Mulai 1 Juli.",
        unit_ids=[world.bidang.pk],
        by=hr,
    )
    with activate(world.agency):
        assert socialisation.read_share(note) == (0, 4)
    assert socialisation.acknowledge(note, world.staff[0], by=user) is True
    assert socialisation.acknowledge(note, world.staff[0], by=user) is False
    with activate(world.agency):
        unread = [r.employee_id for r in socialisation.unread(note)]
    assert world.staff[0].pk not in unread and len(unread) == 3
    f.link_login(world.staff[1], "pegawai.sos2", unit=world.bidang)
    assert socialisation.remind_unread(note, by=hr) == 1


def test_socialisation_refuses_an_empty_audience(world, hr):
    with pytest.raises(ValidationError):
        socialisation.publish(world.agency, title="X", body="Y", jabatan_types=["jpt_utama"], by=hr)


def test_below_target_lists_those_under_20_jp(world, hr):
    p = f.programme(world, days=(dt.date(2026, 3, 10), dt.date(2026, 3, 11), dt.date(2026, 3, 12)))
    assert p.jp == 24
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    with activate(world.agency):
        for s in p.sessions.all():
            enrolment.record_attendance(s, {e.pk: True}, by=hr)
    enrolment.complete(e, by=hr)
    with activate(world.agency):
        below = needs.below_target(world.agency, 2026, unit_paths=(world.opd.path,))
    assert world.staff[0].pk not in {s.employee_id for s in below}
    assert len(below) == 3 and all(s.jp == 0 for s in below)
    with activate(world.agency):
        page, n_below, n_total = needs.below_target_page(
            world.agency, 2026, unit_paths=(world.opd.path,), limit=2
        )
    assert (n_below, n_total) == (3, 4)
    assert [s.employee_id for s in page] == [s.employee_id for s in below][:2]


def test_below_target_page_reads_in_three_queries_whatever_the_size(
    world, django_assert_num_queries
):
    # A unit head: unit ids, the counts' stamp, the page; the first time (nothing cached
    # yet) also the counts in one pass, cached (nothing written). BKPSDM: the stamp, the
    # page, its units; the first time two counts, cached. Never a query per ASN.
    mine = (world.opd.path,)
    with activate(world.agency), django_assert_num_queries(4):
        needs.below_target_page(world.agency, 2026, unit_paths=mine)
    with activate(world.agency), django_assert_num_queries(3):
        needs.below_target_page(world.agency, 2026, unit_paths=mine)
    with activate(world.agency), django_assert_num_queries(5):
        needs.below_target_page(world.agency, 2026)
    with activate(world.agency), django_assert_num_queries(3):
        needs.below_target_page(world.agency, 2026)


def test_a_unit_without_positions_needs_nothing(world, hr, login):
    # Its posts are read by position id: with none, no query may be built of an empty list.
    with activate(world.agency):
        empty = wf.unit(world.agency, "KOSONG", "Bidang Kosong", parent=world.opd)
        assert needs.needs(world.agency, empty, 2026) == []
        assert len(gaps.gap_table(None, unit=empty)) == 0
        assert needs.below_target_page(world.agency, 2026, unit_paths=(empty.path,)) == ([], 0, 0)
    answer = login(hr).get(f"/api/v1/learning/needs?unit_id={empty.pk}")
    assert answer.status_code == 200 and answer.json()["needs"] == []


def test_needs_put_largest_gap_then_fewest_jp_first(world):
    # Pegawai A: comm 3 (gap 0) + ict 2 (gap 1) = 1; B: 2+1... gaps 1, 2, 3, 3.
    with activate(world.agency):
        rows = needs.needs(world.agency, world.opd, 2026, on=dt.date(2026, 6, 1))
    assert [r.total_gap for r in rows] == [3, 3, 2, 1]
    assert rows[0].gaps[0][1] == "Komunikasi publik"


def test_needs_count_active_holders_only_with_their_years_jp(world):
    # Gaps A 1, B 2, C 3, D 3 (above); A has 20 JP this year (and 5 the year before),
    # B retired: C and D (gap 3, 0 JP, by name), then A (gap 1, listed for it).
    with activate(world.agency):
        a, b = world.staff[0], world.staff[1]
        jp.add_to_totals(world.agency.pk, [(a.pk, 2026, Decimal(20)), (a.pk, 2025, Decimal(5))])
        type(b).objects.filter(pk=b.pk).update(status=type(b).Status.RETIRED)
        rows = needs.needs(world.agency, world.opd, 2026, on=dt.date(2026, 6, 1))
    assert [(r.name, r.total_gap, r.jp, r.owed) for r in rows] == [
        ("Pegawai C", 3, 0, 20),
        ("Pegawai D", 3, 0, 20),
        ("Pegawai A", 1, 20, 0),
    ]


def test_suggestions_fit_the_remaining_budget(world):
    f.programme(world, code="MAHAL", cost=2_000_000)
    with activate(world.agency):
        suggested, remaining = needs.suggest(world.agency, world.opd, 2026, on=dt.date(2026, 6, 1))
    assert remaining == Decimal(5_000_000)
    assert len(suggested) == 2  # 2 × Rp2.000.000 fit in Rp5.000.000, a third does not
    assert sum(s.cost for s in suggested) <= remaining
    assert "Kesenjangan" in suggested[0].reason and "sisa anggaran" in suggested[0].reason
