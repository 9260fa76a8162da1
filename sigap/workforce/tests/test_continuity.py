"""Mobility and continuity: rotation due, and the risk figures per unit on hand-computed
cases (turnover, vacancies, retirements, positions without an internal candidate)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce import retirement
from sigap.workforce.analysis import continuity
from sigap.workforce.models import Assignment, Employee, JabatanType
from sigap.workforce.placement import features
from sigap.workforce.registry import queries, records
from sigap.workforce.tests.test_finder import competency, hire, place, set_policy

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def world(agency, opd):
    """Disdukcapil (OPD) and its bidang, seen on 15 June 2026 (window from 15 June 2025).

    ========================= ======= ======================================= ===========
    position                  formasi history                                 holders now
    ========================= ======= ======================================= ===========
    Analis (bidang)           3       Xena since 2020; Yudi since 10 Jan 2026  2 (1 vacant)
    Petugas (bidang)          2       Yudi 2019 – 9 Jan 2026 (a departure);    1 (1 vacant)
                                      Zaki since 2018; Vino 2016 – 2025-01-31
                                      (left before the window)
    Kepala Seksi (OPD level)  1       Wati since 2015, born Sep 1968:          1
                                      BUP 58 → retires 1 Oct 2026
    ========================= ======= ======================================= ===========
    """
    bidang = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pencatatan", code="DUK.B2", parent=opd
    )
    analis = records.create_position(
        agency,
        unit=bidang,
        code="ANL",
        title="Analis",
        jabatan_type=JabatanType.FUNGSIONAL,
        formasi=3,
    )
    petugas = records.create_position(
        agency,
        unit=bidang,
        code="PTG",
        title="Petugas",
        jabatan_type=JabatanType.PELAKSANA,
        formasi=2,
    )
    kasi = records.create_position(
        agency,
        unit=opd,
        code="KASI",
        title="Kepala Seksi",
        jabatan_type=JabatanType.PENGAWAS,
    )
    xena = hire(agency, "Xena Putri", dt.date(1985, 1, 2), gender="P")
    yudi = hire(agency, "Yudi Pratama", dt.date(1986, 3, 4))
    zaki = hire(agency, "Zaki Maulana", dt.date(1987, 5, 6))
    vino = hire(agency, "Vino Bastian", dt.date(1980, 7, 8))
    wati = hire(agency, "Wati Susanti", dt.date(1968, 9, 15), gender="P", start=dt.date(1995, 1, 1))
    place(xena, analis, dt.date(2020, 1, 1))
    place(yudi, petugas, dt.date(2019, 1, 1))
    place(yudi, analis, dt.date(2026, 1, 10), kind="rotasi")  # closes Petugas on 9 Jan
    place(zaki, petugas, dt.date(2018, 1, 1))
    records.end_assignment(place(vino, petugas, dt.date(2016, 1, 1)), ends_on=dt.date(2025, 1, 31))
    place(wati, kasi, dt.date(2015, 1, 1))
    return {"bidang": bidang, "analis": analis, "petugas": petugas, "kasi": kasi, "wati": wati}


def risks(agency, units, **kwargs):
    with activate(agency):
        policy = records.policy_for(agency)
        return continuity.risk_by_unit(units, policy=policy, today=TODAY, **kwargs)


def test_risk_per_unit_on_a_hand_computed_case(agency, opd, world):
    whole, bidang = risks(agency, [opd, world["bidang"]])
    assert (whole.positions, whole.formasi, whole.holders) == (3, 6, 4)
    assert whole.vacancies == 2  # Analis 3−2, Petugas 2−1, Kepala Seksi 1−1
    assert whole.departures == 1  # Yudi left Petugas on 9 Jan 2026; Vino left before
    assert whole.headcount_start == 4  # Xena, Yudi (Petugas), Zaki, Wati on 15 Jun 2025
    assert whole.turnover == pytest.approx(1 / 4)
    assert whole.retiring == 1  # Wati, 1 Oct 2026
    assert whole.needing_successor == 3  # two vacancies and a retirement
    assert (bidang.holders, bidang.vacancies, bidang.departures) == (3, 2, 1)
    assert bidang.headcount_start == 3 and bidang.turnover == pytest.approx(1 / 3)
    assert (bidang.retiring, bidang.needing_successor) == (0, 2)
    assert bidang.without_candidate is None  # not computed unless asked


def test_over_filled_positions_fill_no_other_vacancy(agency, opd, world):
    for i in range(3):
        place(
            hire(agency, f"Tambahan {i}", dt.date(1990, 1, 1 + i), seq=i + 2), world["kasi"], TODAY
        )
    (whole,) = risks(agency, [opd])
    assert whole.holders == 7 and whole.vacancies == 2


def test_retirement_horizon_uses_the_bup_of_the_position_type(agency, opd, world):
    set_policy(agency, bup_by_type={**records.policy_for(agency).bup_by_type, "pengawas": 60})
    (whole,) = risks(agency, [opd])
    assert whole.retiring == 0  # at BUP 60 Wati retires in 2028


def test_no_headcount_means_no_turnover_rate(agency, opd):
    (empty,) = risks(agency, [opd])
    assert empty.turnover is None and empty.positions == 0


def test_rotation_due_lists_the_longest_held_first(agency, opd, world):
    with activate(agency):
        policy = records.policy_for(agency)
        rows = continuity.rotation_due(Employee.objects.all(), policy=policy, today=TODAY)
        assert [a.employee.full_name for a in rows] == [
            "Wati Susanti",
            "Zaki Maulana",
            "Xena Putri",
        ]
        rows = continuity.rotation_due(
            Employee.objects.all(), policy=policy, today=TODAY, unit=world["bidang"]
        )
        assert [a.employee.full_name for a in rows] == ["Zaki Maulana", "Xena Putri"]
    set_policy(agency, rotation_due_years=7)
    with activate(agency):
        policy = records.policy_for(agency)
        rows = continuity.rotation_due(Employee.objects.all(), policy=policy, today=TODAY)
        assert [a.employee.full_name for a in rows] == ["Wati Susanti", "Zaki Maulana"]


def test_rotation_due_skips_people_who_left(agency, opd, world):
    with activate(agency):
        Employee.objects.filter(full_name="Zaki Maulana").update(status=Employee.Status.LEFT)
        policy = records.policy_for(agency)
        rows = continuity.rotation_due(Employee.objects.all(), policy=policy, today=TODAY)
        assert "Zaki Maulana" not in [a.employee.full_name for a in rows]


# -------------------------------------------------------------------- internal candidates


@pytest.fixture
def vacancy(agency, opd):
    """A vacant Analis Keuangan post: competency A ≥ 3, economics, golongan ≥ III/a."""
    a = competency(agency, "TK-KEU", "Pengelolaan Keuangan Daerah")
    post = records.create_position(
        agency,
        unit=opd,
        code="AK",
        title="Analis Keuangan",
        jabatan_type=JabatanType.FUNGSIONAL,
        min_golongan="III/a",
        relevant_fields=["ekonomi"],
        requirements={a: 3},
    )
    elsewhere = records.create_position(
        agency, unit=opd, code="UMUM", title="Pengadministrasi", jabatan_type=JabatanType.PELAKSANA,
        formasi=5,
    )  # fmt: skip
    return {"a": a, "post": post, "elsewhere": elsewhere}


def weak_candidate(agency, vacancy):
    # Golongan II/c: two steps below III/a, so never eligible (placement.Scorer).
    tono = hire(agency, "Tono Sugiarto", dt.date(1992, 2, 2))
    records.record_rank(tono, golongan="II/c", tmt=dt.date(2011, 1, 1))
    records.add_education(tono, level="SMA", field_of_study="SMA IPS", graduation_year=2010)
    place(tono, vacancy["elsewhere"], dt.date(2012, 1, 1))
    return tono


def strong_candidate(agency, vacancy):
    # Every term 1: level 3 of 3, S-1 Akuntansi, III/b ≥ III/a, 14 years in post (≥ 5),
    # 30 years to retirement (≥ 5): fit 1.0.
    sri = hire(agency, "Sri Wahyuni", dt.date(1990, 3, 3), gender="P")
    records.record_rank(sri, golongan="III/b", tmt=dt.date(2012, 1, 1))
    records.add_education(sri, level="S1", field_of_study="S1 Akuntansi", graduation_year=2012)
    records.record_assessment(
        sri, competency=vacancy["a"], level=3, assessed_on=dt.date(2024, 1, 1)
    )
    place(sri, vacancy["elsewhere"], dt.date(2012, 1, 1))
    return sri


def test_a_vacancy_only_weak_people_could_fill_has_no_internal_candidate(agency, opd, vacancy):
    weak_candidate(agency, vacancy)
    with activate(agency):
        best = continuity.best_internal_fit(
            [vacancy["post"].pk], policy=records.policy_for(agency), today=TODAY
        )
    assert best[vacancy["post"].pk] == -np.inf
    (whole,) = risks(agency, [opd], with_candidates=True)
    # Both posts need someone (the Analis post is vacant, Pengadministrasi has 4 of 5).
    assert (whole.needing_successor, whole.checked, whole.without_candidate) == (2, 2, 2)


def test_a_strong_colleague_is_an_internal_candidate(agency, opd, vacancy):
    weak_candidate(agency, vacancy)
    strong_candidate(agency, vacancy)
    with activate(agency):
        best = continuity.best_internal_fit(
            [vacancy["post"].pk], policy=records.policy_for(agency), today=TODAY
        )
    assert best[vacancy["post"].pk] == pytest.approx(1.0)
    (whole,) = risks(agency, [opd], with_candidates=True)
    # The Analis post has Sri; Pengadministrasi (3 of 5 now) has no one outside it.
    assert (whole.checked, whole.without_candidate) == (2, 1)


def test_the_threshold_comes_from_the_policy(agency, opd, vacancy):
    strong_candidate(agency, vacancy)
    set_policy(agency, internal_candidate_threshold=1.0)
    (whole,) = risks(agency, [opd], with_candidates=True)
    assert whole.without_candidate == 1  # fit 1.0 still reaches a threshold of 1.0


def test_candidate_features_agree_with_the_per_person_reads(agency, opd, vacancy):
    # One loader (features.candidate_features) serves the advisor and this report; it
    # reads in bulk, so hold it to the registry's per-person definitions of current state.
    weak_candidate(agency, vacancy)
    strong_candidate(agency, vacancy)
    retired = hire(agency, "Umar Said", dt.date(1970, 1, 1))
    records.add_education(retired, level="S2", field_of_study="S2 Manajemen", graduation_year=2000)
    records.add_education(retired, level="S1", field_of_study="Ilmu Hukum", graduation_year=1995)
    with activate(agency):
        candidates = Employee.objects.all()
        index = {vacancy["a"].pk: 0}
        loaded, info = features.candidate_features(candidates, index, [58, 60], TODAY)
        states = {e.pk: e for e in queries.with_current_state(candidates, on=TODAY)}
        levels = queries.current_levels(list(states))
    assert loaded.ids.tolist() == sorted(states)
    for i, pk in enumerate(loaded.ids.tolist()):
        e = states[pk]
        assert loaded.current_position[i] == (e.current_position_id or 0)
        assert info[pk].current_since == e.current_since
        assert info[pk].golongan == e.current_golongan
        assert loaded.levels[i, 0] == levels.get(pk, {}).get(vacancy["a"].pk, 0)
        for row, bup in enumerate([58, 60]):
            years = (e.retirement_date(bup) - TODAY).days / retirement.DAYS_PER_YEAR
            assert loaded.years_to_retirement[row, i] == pytest.approx(years)
    assert info[retired.pk].education[0] == "S2"


def test_today_is_the_agencys_own_date(agency, monkeypatch):
    # 16:30 UTC on 15 June is already 16 June in Jayapura (WIT, UTC+9).
    moment = dt.datetime(2026, 6, 15, 16, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    agency.time_zone = Agency.TimeZone.WIT
    assert agency.today() == dt.date(2026, 6, 16)
    agency.time_zone = Agency.TimeZone.WIB
    assert agency.today() == dt.date(2026, 6, 15)


def test_secondary_assignments_do_not_count_as_holders(agency, opd, world):
    records.record_assignment(
        Employee.all_objects.get(full_name="Zaki Maulana"),
        position=world["kasi"],
        kind=Assignment.Kind.ACTING,
        sk_number="800/PLT/1",
        sk_date=TODAY,
        starts_on=TODAY,
    )
    (whole,) = risks(agency, [opd])
    assert whole.holders == 4


# Issue 8, item 14: the internal-candidate column finishes. The page and its htmx
# partial share a URL, so neither may be stored by the browser, and a failed request
# turns the "being calculated" notice into a failure with a link (continuity.js).


def test_candidate_column_is_never_served_from_cache_and_finishes(login, hr, agency, vacancy):
    from django.contrib.staticfiles import finders
    from django.urls import reverse

    client = login(hr)
    url = reverse("workforce:continuity")
    page = client.get(url)
    body = page.content.decode()
    assert "data-candidates-pending" in body and "workforce/continuity.js" in body
    partial = client.get(url + "?kandidat=1", HTTP_HX_REQUEST="true")
    for response in (page, partial):
        assert "no-store" in response["Cache-Control"]
        assert "HX-Request" in response["Vary"]
    assert "sedang dihitung" not in partial.content.decode()
    assert "Tanpa kandidat internal" in partial.content.decode()
    script = open(finders.find("workforce/continuity.js"), encoding="utf-8").read()
    assert "htmx:responseError" in script and "htmx:sendError" in script
