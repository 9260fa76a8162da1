"""The workforce's choice labels in English (issue 8, item 11): a status, a gender, a
position type or an education level reads in the reader's language, and a word that
means two things ("Pensiun": the status Retired, the column Retirement) keeps both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from sigap.platform.stored_text import render
from sigap.platform.tests.english import in_english
from sigap.workforce.models import (
    Assignment,
    Education,
    Employee,
    JabatanType,
    PlacementRecommendation,
)
from sigap.workforce.placement import EXPLANATIONS, run_placement
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as f
from sigap.workforce.tests.test_placement import World


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            ["Pensiun", "Perempuan", "Fungsional", "Mutasi", "S-1", "Pensiun"],
        ),
        (
            "en",
            ["Retired", "Female", "Functional", "Transfer (mutasi)",
             "S-1 (bachelor's degree)", "Retirement"],
        ),
    ],
)  # fmt: skip
def test_choice_labels_follow_the_readers_language(language, expected):
    with translation.override(language):
        shown = [
            str(Employee.Status.RETIRED.label),
            str(Employee.Gender.FEMALE.label),
            str(JabatanType.FUNGSIONAL.label),
            str(Assignment.Kind.MUTATION.label),
            str(dict(Education._meta.get_field("level").flatchoices)["S1"]),
            translation.gettext("Pensiun"),  # the column header: another meaning
        ]
    assert shown == expected


def test_a_retired_asns_profile_reads_retired_in_english(agency, opd, hr, login):
    bidang = f.unit(agency, "DUK.B1", "Bidang Pelayanan", parent=opd)
    post = f.position(agency, bidang, "KABID", "Kepala Bidang", JabatanType.ADMINISTRATOR)
    holder = f.asn(
        agency,
        "Ani Lestari",
        birth=dt.date(1968, 3, 15),
        gender="P",
        start=dt.date(1995, 3, 1),
        post=post,
        since=dt.date(2015, 1, 1),
    )
    records.end_employment(holder, status=Employee.Status.RETIRED, on=dt.date(2026, 3, 31), by=hr)
    url = reverse("workforce:asn_profile", args=[holder.pk])
    english = in_english(login(hr)).get(url).content.decode()
    assert '<dd class="col-sm-7">Retired</dd>' in english
    assert ">Female<" in english and ">Perempuan<" not in english
    indonesian = login(hr).get(url).content.decode()
    assert '<dd class="col-sm-7">Pensiun</dd>' in indonesian


def test_a_placement_run_in_english_stores_the_education_level_for_any_reader(agency, opd):
    world = World(agency, opd)
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi", education=("S1", "Akuntansi"))
    with translation.override("en"):
        run = run_placement(agency, positions=[finance], by=None)
    rec = PlacementRecommendation.all_objects.get(run=run)
    (education,) = [t["detail"] for t in rec.terms if t["term"] == "education"]
    with translation.override("id"):
        assert render(education, EXPLANATIONS).startswith("S-1 Akuntansi (")
    with translation.override("en"):
        assert render(education, EXPLANATIONS).startswith("S-1 (bachelor's degree) Akuntansi (")


def test_the_asn_filters_read_in_the_readers_language(agency, opd, hr, login):
    # The option lists are kept per registry stamp; the language is part of their key,
    # so an Indonesian request first cannot leave its words for an English one.
    url = reverse("workforce:asn_list")
    indonesian = login(hr).get(url).content.decode()
    english = in_english(login(hr)).get(url).content.decode()
    for words in (">Semua unit<", ">Semua<", ">12 bulan<", ">Semua status<"):
        assert words in indonesian and words not in english
    for words in (">All units<", ">All<", ">12 months<", ">All statuses<"):
        assert words in english
    wrong = in_english(login(hr)).get(url, {"unit": 999999}).content.decode()
    assert "Choose one of the units offered." in wrong
