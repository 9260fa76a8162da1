from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.complaints import classifier, handling
from sigap.complaints.corpus import demo_texts, templates
from sigap.complaints.models import ClassifierModel, Complaint
from sigap.complaints.tests.factories import with_categories
from sigap.complaints.text import normalize, tokens
from sigap.tenancy.context import activate


def test_informal_spellings_are_normalised():
    assert normalize("Gk udh bgt, tdk dilayani!!") == "tidak sudah sangat tidak dilayani"
    assert normalize("lamaaaa nunggu kmrn2") == "lama nunggu kemarin"
    assert normalize("idak ado petugas") == "tidak ado petugas"


def test_tokens_are_stemmed_without_stopwords():
    assert tokens("Pelayanannya sangat lambat dan petugasnya tidak ramah") == [
        "layan",
        "lambat",
        "tugas",
        "ramah",
    ]


def test_keyword_fallback_ranks_by_share_of_hits(agency, opd):
    cats = with_categories(agency, opd)
    ranked = classifier.keyword_ranked(
        "Jalan berlubang dan banjir, sampah juga numpuk", list(cats.values())
    )
    assert ranked[0][0] == "jalan"
    assert dict(ranked)["kebersihan"] < dict(ranked)["jalan"]


def test_a_tie_between_categories_abstains(agency, opd):
    with_categories(agency, opd)
    suggestion = classifier.suggest(agency, "Puskesmas dan sekolah di desa kami")
    assert suggestion.abstained and suggestion.source == "keywords"


def test_no_training_below_the_minimum_history(agency, opd):
    with_categories(agency, opd)
    assert classifier.train(agency) is None


def _fake_history(agency, opd, admin, n_templates: int = 60) -> None:
    """Route demo texts of the training split as a handler would have."""
    cats = with_categories(agency, opd)
    for item in [t for t in demo_texts(per_template=1) if not t.held_out][:n_templates]:
        complaint = handling.file_complaint(agency, text=item.text, mode="anonymous", channel="api")
        handling.route(complaint, category=cats[item.category], by=admin)


@pytest.fixture
def trained(agency, opd, agency_admin):
    _fake_history(agency, opd, agency_admin)
    model = classifier.train(agency, by=agency_admin)
    assert model is not None
    return model


def test_training_stores_json_and_the_model_then_decides(trained, agency):
    with activate(agency):
        stored = ClassifierModel.objects.get(pk=trained.pk)
    # Plain JSON all the way down: nothing a loader would execute.
    assert json.loads(json.dumps(stored.params)) == stored.params
    assert stored.samples == 60 and stored.holdout_accuracy is not None
    suggestion = classifier.suggest(
        agency, "Sampah di TPS tidak diangkut berminggu-minggu, bau sekali"
    )
    assert suggestion.source == "model"
    assert suggestion.category == "kebersihan"
    assert len(suggestion.top(3)) == 3


def test_the_model_abstains_on_text_it_cannot_place(trained, agency):
    suggestion = classifier.suggest(agency, "Halo, apa kabar semuanya, semoga sehat selalu.")
    assert suggestion.abstained
    complaint = handling.file_complaint(
        agency,
        text="Halo, apa kabar semuanya, semoga sehat selalu.",
        mode="anonymous",
        channel="api",
    )
    assert complaint.needs_triage
    with activate(agency):
        assert Complaint.objects.filter(needs_triage=True).count() == 1


def test_numpy_scoring_matches_scikit_learn():
    """The stored-parameter scorer gives scikit-learn's own probabilities."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [classifier.analyse(t.text) for t in demo_texts(per_template=1)]
    labels = [t.category for t in demo_texts(per_template=1)]
    params = classifier.fit(texts, labels)
    vec = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
    )
    model = LogisticRegression(C=10.0, max_iter=3000).fit(vec.fit_transform(texts), labels)
    ours = classifier.LinearModel(params)
    for text in texts[:25]:
        expected = dict(
            zip(model.classes_, model.predict_proba(vec.transform([text]))[0], strict=True)
        )
        got = dict(ours.ranked(text))
        for code in expected:
            assert got[code] == pytest.approx(expected[code], abs=1e-4)


WORDS = sorted({w for _i, _c, text in templates() for w in normalize(text).split()})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=25))
def test_probabilities_are_a_distribution_for_any_text(words):
    model = _small_model()
    ranked = model.ranked(classifier.analyse(" ".join(words)))
    probs = np.array([p for _c, p in ranked])
    assert probs.min() >= 0 and probs.sum() == pytest.approx(1.0)
    assert list(probs) == sorted(probs, reverse=True)


_MODEL: list = []


def _small_model() -> classifier.LinearModel:
    if not _MODEL:
        items = demo_texts(per_template=1)
        _MODEL.append(
            classifier.LinearModel(
                classifier.fit(
                    [classifier.analyse(t.text) for t in items], [t.category for t in items]
                )
            )
        )
    return _MODEL[0]


def test_held_out_templates_never_share_a_template_with_training():
    items = demo_texts()
    held = {t.template for t in items if t.held_out}
    kept = {t.template for t in items if not t.held_out}
    assert held and kept and not held & kept
    assert len(items) >= 400
    assert len({t.category for t in items if t.held_out}) == len({c for _i, c, _t in templates()})


def test_retraining_waits_for_enough_new_decisions(trained, agency, opd, agency_admin):
    assert classifier.is_stale(agency) is False
    _fake_history(agency, opd, agency_admin, n_templates=classifier.RETRAIN_AFTER_NEW)
    assert classifier.is_stale(agency) is True


def test_no_model_and_little_history_is_not_stale(agency, opd):
    with_categories(agency, opd)
    assert classifier.is_stale(agency) is False


# ---------------------------------------------------------------------- speed, same answers


def _store_model(agency, params) -> ClassifierModel:
    from django.utils import timezone

    with activate(agency):
        ClassifierModel.objects.filter(is_active=True).update(is_active=False)
        return ClassifierModel.objects.create(
            agency=agency,
            trained_at=timezone.now(),
            samples=len(params["classes"]),
            classes=params["classes"],
            params=params,
        )


@pytest.fixture
def loads(monkeypatch):
    """How many models were built from their JSON (the cost the cache saves)."""
    built: list[int] = []
    real = classifier.LinearModel

    def counting(params):
        built.append(1)
        return real(params)

    monkeypatch.setattr(classifier, "LinearModel", counting)
    classifier.clear_model_cache()
    yield built
    classifier.clear_model_cache()


def test_two_pemdas_keep_their_models_loaded(agency, other_agency, loads):
    params = _small_model_params()
    _store_model(agency, params)
    _store_model(other_agency, params)
    for _round in range(3):
        for a in (agency, other_agency):
            assert classifier.suggest(a, "Sampah di TPS tidak diangkut").source == "model"
    # One load per pemda, not one per switch between them.
    assert len(loads) == 2


def test_a_retrained_model_replaces_the_cached_one(agency, loads):
    params = _small_model_params()
    _store_model(agency, params)
    classifier.suggest(agency, "Jalan berlubang besar")
    newer = _store_model(agency, {**params, "classes": list(reversed(params["classes"]))})
    classifier.suggest(agency, "Jalan berlubang besar")
    assert len(loads) == 2
    assert classifier.cached_versions()[agency.pk] == newer.pk


def test_the_model_cache_is_bounded(agency, other_agency, loads, monkeypatch):
    monkeypatch.setattr(classifier, "MODEL_CACHE_SIZE", 1)
    params = _small_model_params()
    _store_model(agency, params)
    _store_model(other_agency, params)
    classifier.suggest(agency, "Jalan berlubang besar")
    classifier.suggest(other_agency, "Jalan berlubang besar")
    assert list(classifier.cached_versions()) == [other_agency.pk]
    assert classifier.MODEL_CACHE_SIZE <= 64


def _small_model_params() -> dict:
    items = demo_texts(per_template=1)
    return classifier.fit([classifier.analyse(t.text) for t in items], [t.category for t in items])


KEYWORDS = sorted({w for _i, _c, text in templates() for w in tokens(text)})


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=30),
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.lists(
            st.lists(st.sampled_from(KEYWORDS), min_size=1, max_size=3).map(" ".join),
            max_size=6,
        ),
    ),
)
def test_keyword_lookup_finds_what_a_search_of_the_text_finds(words, keywords):
    """The set lookup gives the hits, in the order, of searching the analysed text for
    each stemmed keyword between spaces (how the features were computed before)."""
    analysed = classifier.analyse(" ".join(words))
    padded = f" {analysed} "
    searched = [code for code, ws in keywords.items() for w in ws if w and f" {w} " in padded]
    assert classifier.keyword_index(keywords).hits(analysed) == searched


def test_normalising_a_word_is_cached_and_changes_nothing():
    from sigap.complaints.text import normal_word

    text = "Gk udh bgt, tdk dilayani!! lamaaaa nunggu kmrn2 di e-ktp"
    first = normalize(text)
    hits = normal_word.cache_info().hits
    assert (
        normalize(text) == first == ("tidak sudah sangat tidak dilayani lama nunggu kemarin di ktp")
    )
    assert normal_word.cache_info().hits >= hits + len(first.split())
