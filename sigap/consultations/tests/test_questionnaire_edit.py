"""Editing the questionnaire after publication: wording revisions in place and audited,
a question whose meaning changes after it has answers retired (answers kept) and
replaced, nothing once the consultation is closed."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_staff
from sigap.accounts.models import Role, User
from sigap.consultations import drafts, questionnaire, reports
from sigap.consultations.models import Consultation, QuestionnaireResponse
from sigap.consultations.tests.factories import consultation
from sigap.consultations.tests.test_moderation import participant
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

Q = questionnaire


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


@pytest.fixture
def answered(draft):
    for n, value in enumerate(["Ya", "Ya", "Tidak"]):
        Q.submit(draft, participant(100 + n), group="citizen", answers={"setuju": value})
    return draft


def _fresh(c):
    with activate(c.agency):
        return Consultation.objects.get(pk=c.pk)


def _last_event(c):
    return (
        LogEntry.objects.filter(object_pk=str(c.pk), content_type__model="consultation")
        .order_by("-pk")
        .first()
    )


def test_a_question_without_answers_is_edited_in_place(draft, officer):
    edit = Q.edit_question(
        draft, "setuju", label="Setujukah Anda?", choices=["Ya", "Tidak", "Ragu"], by=officer
    )
    assert edit.outcome == Q.EDITED
    assert _fresh(draft).questions == [
        {"key": "setuju", "label": "Setujukah Anda?", "choices": ["Ya", "Tidak", "Ragu"]}
    ]
    entry = _last_event(draft)
    assert entry.additional_data["event"] == "pertanyaan kuesioner diubah"
    assert entry.actor == officer


def test_a_wording_revision_keeps_the_answers_and_is_audited(answered, officer):
    edit = Q.edit_question(
        answered,
        "setuju",
        label="Apakah Anda setuju dengan rancangan ini?",
        choices=["Tidak", "Ya"],  # the same choices, reordered
        by=officer,
    )
    assert edit.outcome == Q.REVISED
    (q,) = _fresh(answered).questions
    assert q["key"] == "setuju" and q["label"] == "Apakah Anda setuju dengan rancangan ini?"
    assert q["revised_at"] and not q.get("retired_at")
    entry = _last_event(answered)
    assert entry.additional_data["event"] == "redaksi pertanyaan kuesioner diperbaiki"
    assert entry.changes["label"] == [
        "Apakah Anda setuju?",
        "Apakah Anda setuju dengan rancangan ini?",
    ]
    assert entry.additional_data["details"]["answers"] == 3
    with activate(answered.agency):
        (tally,) = reports.questionnaire(answered)[0]
    assert tally.revised and tally.respondents == 3


@pytest.mark.parametrize(
    "label,choices,declared,why",
    [
        ("Apakah Anda setuju?", ["Ya", "Tidak", "Ragu-ragu"], False, "choices"),
        ("Apakah Anda setuju?", ["Setuju", "Tidak"], False, "choices"),
        ("Apakah Anda tidak setuju?", ["Ya", "Tidak"], True, "declared"),
        ("Perlukah pelatihan daring bagi ASN?", ["Ya", "Tidak"], False, "rewritten"),
    ],
)
def test_a_change_of_meaning_retires_and_replaces_the_question(
    answered, officer, label, choices, declared, why
):
    edit = Q.edit_question(
        answered, "setuju", label=label, choices=choices, meaning_changed=declared, by=officer
    )
    assert edit.outcome == Q.REPLACED
    old, new = _fresh(answered).questions
    assert old["key"] == "setuju" and old["label"] == "Apakah Anda setuju?"
    assert old["retired_at"] and old["replaced_by"] == new["key"] != "setuju"
    assert new == {"key": new["key"], "label": label, "choices": choices, "replaces": "setuju"}
    assert _last_event(answered).additional_data["details"]["why"] == why
    # The answers stay with the old question, and the report keeps them there.
    with activate(answered.agency):
        assert QuestionnaireResponse.objects.filter(answers__has_key="setuju").count() == 3
        tallies = reports.questionnaire(answered)[0]
    assert [(t.key, t.retired, t.respondents) for t in tallies] == [
        ("setuju", True, 3),
        (new["key"], False, 0),
    ]
    assert tallies[0].replaced_by == label and tallies[1].replaces == "Apakah Anda setuju?"


def test_earlier_respondents_answer_the_replacement_only(answered, officer):
    new = Q.edit_question(
        answered, "setuju", label="Setuju?", choices=["A", "B"], meaning_changed=True, by=officer
    ).question
    earlier = User.objects.get(username="peserta100@example.id")
    with activate(answered.agency):
        pending, answered_before = Q.pending_for(_fresh(answered), earlier)
    assert [q["key"] for q in pending] == [new["key"]] and answered_before
    Q.submit(_fresh(answered), earlier, group="citizen", answers={new["key"]: "A"})
    with activate(answered.agency):
        given = QuestionnaireResponse.objects.get(respondent=earlier).answers
    assert given == {"setuju": "Ya", new["key"]: "A"}
    with pytest.raises(ValidationError):
        Q.submit(_fresh(answered), earlier, group="citizen", answers={new["key"]: "B"})
    # A newcomer answers only what is on the form now.
    late = participant(120)
    Q.submit(_fresh(answered), late, group="citizen", answers={new["key"]: "B", "setuju": "Ya"})
    with activate(answered.agency):
        assert QuestionnaireResponse.objects.get(respondent=late).answers == {new["key"]: "B"}


def test_an_answer_to_a_retired_question_is_not_taken(answered, officer):
    Q.edit_question(
        answered, "setuju", label="Setuju?", choices=["A", "B"], meaning_changed=True, by=officer
    )
    with pytest.raises(ValidationError):
        # A page loaded before the change still posts the old question.
        Q.submit(answered, participant(121), group="citizen", answers={"setuju": "Ya"})


def test_retiring_deletes_an_unanswered_question_and_keeps_an_answered_one(answered, officer):
    added = Q.add_question(answered, label="Perlu forum?", choices="Perlu\nTidak perlu", by=officer)
    assert added["choices"] == ["Perlu", "Tidak perlu"]
    assert Q.retire_question(answered, added["key"], by=officer) == "deleted"
    assert [q["key"] for q in _fresh(answered).questions] == ["setuju"]
    assert Q.retire_question(answered, "setuju", by=officer) == "retired"
    (q,) = _fresh(answered).questions
    assert q["retired_at"] and "replaced_by" not in q
    assert Q.active(_fresh(answered).questions) == []
    with pytest.raises(ValidationError):
        Q.retire_question(answered, "setuju", by=officer)


def test_at_most_ten_open_questions(draft, officer):
    for i in range(9):
        Q.add_question(draft, label=f"Pertanyaan {i}", choices=["Ya", "Tidak"], by=officer)
    with pytest.raises(ValidationError) as e:
        Q.add_question(draft, label="Kesebelas", choices=["Ya", "Tidak"], by=officer)
    assert "questions" in e.value.message_dict
    with pytest.raises(ValidationError):
        Q.add_question(draft, label="Satu pilihan", choices=["Ya"], by=officer)


def test_nothing_changes_once_the_consultation_is_closed(answered, officer):
    drafts.close_consultation(answered, by=officer)
    before = _fresh(answered).questions
    for attempt in (
        lambda: Q.edit_question(answered, "setuju", label="X?", choices=["A", "B"], by=officer),
        lambda: Q.add_question(answered, label="Baru?", choices=["A", "B"], by=officer),
        lambda: Q.retire_question(answered, "setuju", by=officer),
    ):
        with pytest.raises(ValidationError) as e:
            attempt()
        assert e.value.code == "closed"
    assert _fresh(answered).questions == before


def test_similarity_is_on_words():
    assert Q.similarity("Apakah Anda setuju?", "Apakah anda setuju?") == 1.0
    assert Q.similarity("Apakah Anda setuju?", "Perlukah pelatihan daring?") < 0.5


def test_the_unit_edits_on_its_page_and_the_public_sees_the_replacement(
    login, answered, officer, agency
):
    unit = login(officer)
    url = reverse("consultations:staff_questionnaire", args=[answered.pk])
    page = unit.get(url).content.decode()
    assert "Apakah Anda setuju?" in page and "3 jawaban" in page
    response = unit.post(
        url,
        {
            "what": "edit",
            "key": "setuju",
            "label": "Apakah Anda setuju dengan seluruh isi rancangan?",
            "choices": "Ya\nTidak",
            "meaning_changed": "1",
        },
        follow=True,
    )
    assert "pertanyaan lama ditarik" in response.content.decode()
    old, new = _fresh(answered).questions
    assert old["retired_at"] and new["label"].endswith("seluruh isi rancangan?")

    draft_url = reverse("consultations:draft", args=[agency.slug, answered.pk])
    who = User.objects.get(username="peserta100@example.id")
    earlier = login(who).get(draft_url).content.decode()
    assert "seluruh isi rancangan?" in earlier and "pertanyaan pengganti" in earlier
    assert 'name="setuju"' not in earlier
    report = login(None).get(reverse("consultations:report", args=[agency.slug, answered.pk]))
    html = report.content.decode()
    assert "diganti" in html and "Menggantikan pertanyaan" in html


def test_the_edit_page_refuses_other_units(login, answered, agency):
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Pendidikan", code="DIK")
    outsider = make_staff("petugas.dik", agency, Role.OFFICER, unit=other)
    url = reverse("consultations:staff_questionnaire", args=[answered.pk])
    client = login(outsider)
    assert client.get(url).status_code == 404
    response = client.post(url, {"what": "retire", "key": "setuju"})
    assert response.status_code == 404
    assert not _fresh(answered).questions[0].get("retired_at")


def test_the_edit_page_reads_in_a_fixed_number_of_queries(
    login, answered, officer, django_assert_max_num_queries
):
    client = login(officer)
    url = reverse("consultations:staff_questionnaire", args=[answered.pk])
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
