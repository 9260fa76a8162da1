"""Which category (and so which unit) a complaint belongs to, and when Sigap is unsure.

Per agency, trained by the task worker (``tasks.retrain``) on the agency's own routed
complaints: the handler's final category of each, corrections included.

* **Model**: TF-IDF over stemmed words and word pairs (``text.analyse``; sublinear term
  frequency) plus one token per category keyword found in the text (``kw:<code>``),
  and a multinomial logistic regression (scikit-learn). The keyword tokens carry the
  agency's own category vocabulary into the model, which is what lets it generalise
  to wordings it has not seen (held-out top-1 from 0.65 to 0.81 on the demo texts). Its parameters are
  stored as JSON in ``ClassifierModel`` (vocabulary, idf, coefficients, intercepts) and
  scored here with numpy: loading runs no code, unlike a pickle, and one
  classification is a sparse dot product (bench.complaint_routing).
* **Fallback**: with fewer than ``MIN_SAMPLES`` routed complaints, or fewer than two
  categories among them, the categories' keywords decide (stemmed like the text):
  the category with the most keyword hits, its share of the hits as the confidence.
* **Abstention**: below ``threshold()`` (setting ``SIGAP_COMPLAINT_ABSTAIN_BELOW``,
  default 0.4, *unconfirmed*: a policy choice; bench.complaint_routing shows the
  trade-off between abstention and accuracy) no category is suggested and the
  complaint waits in the human triage list. The handler confirms or changes every
  suggestion anyway; abstaining says "do not trust me here".
"""

from __future__ import annotations

import math
import random
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.complaints.models import Category, ClassifierModel, RoutingDecision
from sigap.complaints.text import analyse, stem

__all__ = [
    "analyse",
    "cached_versions",
    "clear_model_cache",
    "fit",
    "features",
    "keyword_index",
    "suggest",
    "train",
    "KeywordIndex",
    "LinearModel",
    "Suggestion",
]
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency

MIN_SAMPLES = 40
HOLDOUT_SHARE = 0.2
register_events({"model klasifikasi dilatih": "Model klasifikasi pengaduan dilatih"})


def threshold() -> float:
    return float(getattr(settings, "SIGAP_COMPLAINT_ABSTAIN_BELOW", 0.4))


@dataclass(frozen=True)
class Suggestion:
    category: str | None  # a category code; None when abstaining
    confidence: float
    source: str  # "model", "keywords" or "none"
    ranked: list[tuple[str, float]] = field(default_factory=list)

    @property
    def abstained(self) -> bool:
        return self.category is None

    def top(self, n: int = 3) -> list[str]:
        return [code for code, _p in self.ranked[:n]]


# ------------------------------------------------------------------ the model


def _ngrams(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


Keywords = dict[str, list[str]]  # category code -> stemmed keywords


def _stem_phrase(keyword: str) -> str:
    return " ".join(stem(w) for w in keyword.lower().split())


def stemmed_keywords(categories: Sequence[Category]) -> Keywords:
    return {c.code: [_stem_phrase(k) for k in (c.keywords or [])] for c in categories}


@dataclass(frozen=True)
class KeywordIndex:
    """A category vocabulary ready for lookups: every stemmed keyword in order (category
    by category, as ``Keywords`` lists them) and the longest keyword's length in words.

    A text's hits are found by looking its word n-grams up in a set, instead of searching
    the text once per keyword: the same hits (a keyword matches exactly where its
    stemmed words follow one another in the analysed text), in the same order."""

    pairs: tuple[tuple[str, str], ...]  # (category code, stemmed keyword), keyword order
    longest: int

    def grams(self, analysed: str) -> set[str]:
        words = analysed.split()
        found: set[str] = set(words)
        for n in range(2, self.longest + 1):
            found.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        return found

    def hits(self, analysed: str) -> list[str]:
        """The code of the category of each keyword found, once per keyword."""
        grams = self.grams(analysed)
        return [code for code, word in self.pairs if word and word in grams]


def keyword_index(keywords: Keywords) -> KeywordIndex:
    pairs = tuple((code, w) for code, words in keywords.items() for w in words)
    longest = max((len(w.split()) for _c, w in pairs), default=1)
    return KeywordIndex(pairs, max(1, longest))


@lru_cache(maxsize=256)
def _index_of(vocabulary: tuple[tuple[str, tuple[str, ...]], ...]) -> KeywordIndex:
    """The index of raw (unstemmed) category keywords, kept per vocabulary: a pemda's
    categories change rarely, and stemming them on every complaint was most of the
    keyword fallback's time."""
    return keyword_index({code: [_stem_phrase(k) for k in words] for code, words in vocabulary})


def features(text: str, keywords: Keywords | KeywordIndex) -> str:
    """The analysed text plus a ``kw:<code>`` token per keyword of a category found."""
    index = keywords if isinstance(keywords, KeywordIndex) else keyword_index(keywords)
    analysed = analyse(text)
    hits = [f"kw:{code}" for code in index.hits(analysed)]
    return f"{analysed} {' '.join(hits)}" if hits else analysed


def fit(
    texts: Sequence[str], labels: Sequence[str], keywords: Keywords | None = None
) -> dict[str, Any]:
    """Train on analysed texts (``features``); the parameters as JSON-ready lists."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=1,
    )
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=10.0, max_iter=3000)
    model.fit(matrix, list(labels))
    vocabulary = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    coef = model.coef_
    intercept = model.intercept_
    classes = [str(c) for c in model.classes_]
    if len(classes) == 2:
        # Binary logistic regression keeps one row; spell out both classes.
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return {
        "vocabulary": vocabulary,
        "idf": [round(float(v), 6) for v in vectorizer.idf_],
        "coef": [[round(float(v), 6) for v in row] for row in coef],
        "intercept": [round(float(v), 6) for v in intercept],
        "classes": classes,
        "keywords": keywords or {},
    }


class LinearModel:
    """Scores analysed text with stored parameters (no scikit-learn at run time)."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.vocabulary: dict[str, int] = params["vocabulary"]
        self.idf = np.asarray(params["idf"], dtype=np.float64)
        self.coef_t = np.asarray(params["coef"], dtype=np.float64).T  # terms × classes
        self.intercept = np.asarray(params["intercept"], dtype=np.float64)
        self.classes: list[str] = params["classes"]
        self.keywords: Keywords = params.get("keywords", {})
        self.index = keyword_index(self.keywords)

    def rank_text(self, text: str) -> list[tuple[str, float]]:
        return self.ranked(features(text, self.index))

    def ranked(self, analysed: str) -> list[tuple[str, float]]:
        counts = Counter(
            self.vocabulary[t] for t in _ngrams(analysed.split()) if t in self.vocabulary
        )
        scores = self.intercept.copy()
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.int64)
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))
            weights = tf * self.idf[idx]
            weights /= math.sqrt(float(weights @ weights))
            scores = scores + weights @ self.coef_t[idx]
        scores -= scores.max()
        probs = np.exp(scores)
        probs /= probs.sum()
        order = np.argsort(-probs)
        return [(self.classes[i], float(probs[i])) for i in order]


# Loaded models per pemda: agency id -> (model version, scorer). The version is the
# ``ClassifierModel`` row's id (a retraining writes a new row), so a model trained by
# the worker replaces the cached one at the next suggestion in every process. Bounded
# (least recently used out) so that an installation of many pemdas keeps at most
# ``MODEL_CACHE_SIZE`` models in memory; one pemda's complaints no longer evict
# another's model (loading one from its JSON is most of a classification's time).
MODEL_CACHE_SIZE = 64
_MODELS: OrderedDict[int, tuple[int, LinearModel]] = OrderedDict()
_MODELS_LOCK = threading.Lock()


def _active_model(agency: Agency) -> tuple[int | None, LinearModel | None]:
    version = (
        ClassifierModel.all_objects.filter(agency_id=agency.pk, is_active=True)
        .order_by("-trained_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if version is None:
        return None, None
    with _MODELS_LOCK:
        cached = _MODELS.get(agency.pk)
        if cached is not None and cached[0] == version:
            _MODELS.move_to_end(agency.pk)
            return version, cached[1]
    params = ClassifierModel.all_objects.filter(pk=version).values_list("params", flat=True).get()
    model = LinearModel(params)
    with _MODELS_LOCK:
        _MODELS[agency.pk] = (version, model)
        _MODELS.move_to_end(agency.pk)
        while len(_MODELS) > MODEL_CACHE_SIZE:
            _MODELS.popitem(last=False)
    return version, model


def cached_versions() -> dict[int, int]:
    """Agency id -> version of the model this process holds, least recently used first."""
    with _MODELS_LOCK:
        return {agency_id: version for agency_id, (version, _m) in _MODELS.items()}


def clear_model_cache() -> None:
    with _MODELS_LOCK:
        _MODELS.clear()


# ------------------------------------------------------------------ keywords


def _vocabulary(categories: Iterable[Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((c.code, tuple(c.keywords or ())) for c in categories)


def keyword_ranked(text: str, categories: Sequence[Category]) -> list[tuple[str, float]]:
    return _keyword_ranked(text, _index_of(_vocabulary(categories)))


def _keyword_ranked(text: str, index: KeywordIndex) -> list[tuple[str, float]]:
    hits: dict[str, int] = {}
    for code in index.hits(analyse(text)):
        hits[code] = hits.get(code, 0) + 1
    total = sum(hits.values())
    return sorted(((c, n / total) for c, n in hits.items()), key=lambda x: -x[1])


# ------------------------------------------------------------------ suggesting


def suggest(agency: Agency, text: str, *, limit_to: Sequence[str] | None = None) -> Suggestion:
    """Sigap's suggestion for ``text``; ``category`` None means: a human decides."""
    _row, model = _active_model(agency)
    if model is not None:
        ranked = model.rank_text(text)
        source = "model"
    else:
        vocabulary = tuple(
            (code, tuple(words or ()))
            for code, words in Category.all_objects.filter(
                agency_id=agency.pk, is_active=True
            ).values_list("code", "keywords")
        )
        ranked = _keyword_ranked(text, _index_of(vocabulary))
        source = "keywords" if ranked else "none"
    if limit_to is not None:
        ranked = [(c, p) for c, p in ranked if c in limit_to]
    if not ranked:
        return Suggestion(None, 0.0, "none", [])
    best, confidence = ranked[0]
    tied = len(ranked) > 1 and ranked[1][1] == confidence
    if confidence < threshold() or tied:
        return Suggestion(None, confidence, source, ranked)
    return Suggestion(best, confidence, source, ranked)


# ------------------------------------------------------------------ training


def training_data(agency: Agency) -> tuple[list[str], list[str]]:
    """(text, final category code) of every routed complaint, its latest decision."""
    latest: dict[int, tuple[str, str]] = {}
    rows = (
        RoutingDecision.all_objects.filter(agency_id=agency.pk)
        .order_by("complaint_id", "at", "pk")
        .values_list("complaint_id", "complaint__text", "category__code")
    )
    for complaint_id, text, code in rows:
        latest[complaint_id] = (text, code)
    texts = [t for t, _c in latest.values()]
    labels = [c for _t, c in latest.values()]
    return texts, labels


def _accuracy(params: dict[str, Any], texts: list[str], labels: list[str]) -> float | None:
    if not texts:
        return None
    model = LinearModel(params)
    right = sum(model.ranked(t)[0][0] == y for t, y in zip(texts, labels, strict=True))
    return right / len(texts)


RETRAIN_AFTER_NEW = 20


def is_stale(agency: Agency) -> bool:
    """Whether at least ``RETRAIN_AFTER_NEW`` routing decisions were made since the
    active model was trained (or there is no model yet and some history): the daily
    retraining skips agencies with little new, so a fresh start costs the worker nothing."""
    latest = (
        ClassifierModel.all_objects.filter(agency_id=agency.pk, is_active=True)
        .order_by("-trained_at")
        .values_list("trained_at", flat=True)
        .first()
    )
    decisions = RoutingDecision.all_objects.filter(agency_id=agency.pk)
    if latest is None:
        return decisions.count() >= MIN_SAMPLES
    return decisions.filter(at__gt=latest).count() >= RETRAIN_AFTER_NEW


def train(agency: Agency, *, by: Any = None, seed: int = 12) -> ClassifierModel | None:
    """Train a new model on the agency's routed complaints; None while history is too
    small (the keyword fallback stays in force). ``holdout_accuracy``: top-1 on a
    random fifth kept out of a probe fit (the model kept is fitted on everything)."""
    texts, labels = training_data(agency)
    if len(texts) < MIN_SAMPLES or len(set(labels)) < 2:
        return None
    keywords = stemmed_keywords(
        list(Category.all_objects.filter(agency_id=agency.pk, is_active=True))
    )
    analysed = [features(t, keywords) for t in texts]
    order = list(range(len(analysed)))
    random.Random(seed).shuffle(order)
    cut = int(len(order) * HOLDOUT_SHARE)
    held, kept = order[:cut], order[cut:]
    if len({labels[i] for i in kept}) < 2:
        raise ValidationError(_("Data latih terlalu seragam untuk dilatih."))
    probe = fit([analysed[i] for i in kept], [labels[i] for i in kept], keywords)
    accuracy = _accuracy(probe, [analysed[i] for i in held], [labels[i] for i in held])
    params = fit(analysed, labels, keywords)
    with transaction.atomic(), acting_for(agency), acting(by):
        ClassifierModel.objects.filter(is_active=True).update(is_active=False)
        model = ClassifierModel.objects.create(
            agency=agency,
            trained_at=timezone.now(),
            samples=len(texts),
            classes=params["classes"],
            params=params,
            holdout_accuracy=accuracy,
        )
        record(
            "model klasifikasi dilatih",
            model,
            details={"samples": len(texts), "holdout_accuracy": accuracy},
        )
    return model
