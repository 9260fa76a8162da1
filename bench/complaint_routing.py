"""bench.complaint_routing: the complaint classifier on held-out demo complaints.

    python -m bench.complaint_routing
    python -m bench.complaint_routing --threshold 0.5 --per-template 6

Trains ``sigap.complaints.classifier`` (TF-IDF over stemmed words and pairs, category
keyword tokens, logistic regression) on the *training* templates of
``corpus.demo_texts`` and classifies every text of the *held-out* templates: wordings
the model has never seen (no template is shared between the splits). Lines:

* ``complaint_routing.macro_f1``: macro-F1 of the suggested category over the texts
  where the model does not abstain (target ≥ 0.85), with the abstention rate;
* ``complaint_routing.abstention``: share of held-out texts sent to human triage;
* ``complaint_routing.top1`` / ``.top3``: accuracy over all held-out texts;
* ``complaint_routing.keywords_only``: the same figures for the keyword fallback alone
  (what an agency without history gets), the yardstick of the model's accuracy;
* ``complaint_routing.per_text.p50`` / ``.p95``: time to classify one raw text
  (normalise, stem, score; target < 10 ms), with scikit-learn's own pipeline on the
  same texts in the same run as the yardstick (``yardstick``, ``ratio``);
* ``complaint_routing.thresholds``: abstention and macro-F1 at other thresholds.

No database: the classifier is pure once trained.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench._harness import DEFAULT_ENV, FORCED_ENV, emit, emit_machine, summarize

TARGET_F1 = 0.85
TARGET_MS = 10.0


def _setup() -> None:
    os.environ.update(FORCED_ENV)
    for key, value in DEFAULT_ENV.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()


def _macro_f1(pairs: list[tuple[str, str]]) -> float | None:
    from sklearn.metrics import f1_score

    if not pairs:
        return None
    truth, predicted = zip(*pairs, strict=True)
    return float(f1_score(truth, predicted, average="macro"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.complaint_routing", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--per-template", type=int, default=4)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    emit_machine()
    _setup()

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from sigap.complaints import classifier
    from sigap.complaints.categories import default_categories
    from sigap.complaints.corpus import demo_texts
    from sigap.complaints.models import Category
    from sigap.complaints.text import stem

    threshold = args.threshold if args.threshold is not None else classifier.threshold()
    texts = demo_texts(seed=args.seed, per_template=args.per_template)
    train = [t for t in texts if not t.held_out]
    held = [t for t in texts if t.held_out]
    categories = [
        Category(code=r["code"], name=r["name"], keywords=r["keywords"])
        for r in default_categories()
    ]
    keywords = classifier.stemmed_keywords(categories)
    started = time.perf_counter()
    params = classifier.fit(
        [classifier.features(t.text, keywords) for t in train],
        [t.category for t in train],
        keywords,
    )
    fit_seconds = time.perf_counter() - started
    model = classifier.LinearModel(params)
    common = {
        "train_texts": len(train),
        "held_out_texts": len(held),
        "train_templates": len({t.template for t in train}),
        "held_out_templates": len({t.template for t in held}),
        "threshold": threshold,
    }
    emit(
        "complaint_routing.fit",
        round(fit_seconds, 3),
        "s",
        vocabulary=len(params["vocabulary"]),
        **common,
    )

    ranked = [model.rank_text(t.text) for t in held]

    def figures(rows: list[list[tuple[str, float]]], at: float) -> dict:
        kept = [
            (t.category, r[0][0])
            for t, r in zip(held, rows, strict=True)
            if r and r[0][1] >= at and not (len(r) > 1 and r[1][1] == r[0][1])
        ]
        return {
            "macro_f1": _macro_f1(kept),
            "abstention": 1 - len(kept) / len(held),
            "top1": sum(bool(r) and r[0][0] == t.category for t, r in zip(held, rows, strict=True))
            / len(held),
            "top3": sum(
                t.category in [c for c, _p in r[:3]] for t, r in zip(held, rows, strict=True)
            )
            / len(held),
        }

    main_figures = figures(ranked, threshold)
    emit(
        "complaint_routing.macro_f1",
        round(main_figures["macro_f1"] or 0.0, 3),
        "f1",
        abstention=round(main_figures["abstention"], 3),
        target_met=(main_figures["macro_f1"] or 0) >= TARGET_F1,
        **common,
    )
    emit("complaint_routing.abstention", round(main_figures["abstention"], 3), "share", **common)
    emit("complaint_routing.top1", round(main_figures["top1"], 3), "share", **common)
    emit("complaint_routing.top3", round(main_figures["top3"], 3), "share", **common)
    keyword_rows = [classifier.keyword_ranked(t.text, categories) for t in held]
    kw = figures(keyword_rows, threshold)
    emit(
        "complaint_routing.keywords_only",
        round(kw["macro_f1"] or 0.0, 3),
        "f1",
        abstention=round(kw["abstention"], 3),
        top1=round(kw["top1"], 3),
        top3=round(kw["top3"], 3),
        **common,
    )
    for at in (0.3, 0.4, 0.5, 0.6):
        f = figures(ranked, at)
        emit(
            "complaint_routing.thresholds",
            at,
            "threshold",
            macro_f1=round(f["macro_f1"] or 0.0, 3),
            abstention=round(f["abstention"], 3),
        )

    # Time per classification, cold word cache first (a fresh worker), then warm.
    stem.cache_clear()
    cold = []
    for t in held:
        start = time.perf_counter()
        model.rank_text(t.text)
        cold.append(time.perf_counter() - start)
    vec = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
    )
    featured_train = [classifier.features(t.text, keywords) for t in train]
    sk = LogisticRegression(C=10.0, max_iter=3000).fit(
        vec.fit_transform(featured_train), [t.category for t in train]
    )
    ours, yard = [], []
    for _ in range(args.repeat):
        for t in held:
            start = time.perf_counter()
            model.rank_text(t.text)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            sk.predict_proba(vec.transform([classifier.features(t.text, keywords)]))
            yard.append(time.perf_counter() - start)
    o, y, c = summarize(ours), summarize(yard), summarize(cold)
    for label, ov, yv in (("p50", o.p50, y.p50), ("p95", o.p95, y.p95)):
        emit(
            f"complaint_routing.per_text.{label}",
            round(ov * 1000, 3),
            "ms",
            yardstick=round(yv * 1000, 3),
            ratio=round(ov / yv, 2),
            n=o.n,
            target_met=ov * 1000 < TARGET_MS,
        )
    emit(
        "complaint_routing.per_text_cold.p95",
        round(c.p95 * 1000, 3),
        "ms",
        n=c.n,
        target_met=c.p95 * 1000 < TARGET_MS,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
