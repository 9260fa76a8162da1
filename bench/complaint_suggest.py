"""bench.complaint_suggest: time per classification through ``classifier.suggest``, the
call filing and the desk make, with several pemdas in one process.

    python -m bench.complaint_suggest
    python -m bench.complaint_suggest --pemdas 4 --repeat 3 --dump /tmp/after.json
    python -m bench.complaint_suggest --compare /tmp/before.json   # same predictions?

``bench.complaint_routing`` times the scoring of an already loaded model; this one times
what a web process or the worker does per complaint: find the pemda's active model,
load it if it is not in memory, score the text, or fall back to keyword rules. On a
throwaway database it creates ``--pemdas`` pemdas with the default categories; all but
the last get a model fitted on the training split of ``corpus.demo_texts`` (the same fit
for each, stored as each pemda's own ``ClassifierModel``), the last has no model and
uses the keyword rules. The held-out texts are then classified round-robin across the
pemdas, as complaints of several pemdas arrive at one installation.

Lines ``complaint_suggest.model.p50`` / ``.p95`` and ``complaint_suggest.keywords.p50``
/ ``.p95`` (ms, after one warm-up pass), and ``complaint_suggest.all.p95``.
``--dump`` writes every suggestion (category, confidence to 9 digits, the ranking) to a
JSON file; ``--compare`` reads such a file and reports whether every suggestion is the
same (``complaint_suggest.identical``): run it on the code before and after a change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench._harness import bench_database, emit, emit_machine, summarize

TARGET_MS = 10.0


def build(pemdas: int, seed: int, per_template: int) -> tuple[list[Any], list[str]]:
    """The pemdas (the last without a model) and the held-out texts."""
    from sigap.complaints import classifier
    from sigap.complaints.categories import default_categories, load_default_categories
    from sigap.complaints.corpus import demo_texts
    from sigap.complaints.models import Category, ClassifierModel
    from sigap.tenancy.context import activate, unscoped
    from sigap.tenancy.models import Agency

    texts = demo_texts(seed=seed, per_template=per_template)
    train = [t for t in texts if not t.held_out]
    held = [t.text for t in texts if t.held_out]
    keywords = classifier.stemmed_keywords(
        [Category(code=r["code"], keywords=r["keywords"]) for r in default_categories()]
    )
    params = classifier.fit(
        [classifier.features(t.text, keywords) for t in train],
        [t.category for t in train],
        keywords,
    )
    agencies = []
    for i in range(pemdas):
        with unscoped():
            agency = Agency.objects.create(
                slug=f"pemda-{i}", name=f"Pemda Bench {i}", region_code=f"9{i}"
            )
        load_default_categories(agency)
        if i < pemdas - 1:
            with activate(agency):
                ClassifierModel.objects.create(
                    agency=agency,
                    trained_at=dt.datetime.now(dt.UTC),
                    samples=len(train),
                    classes=params["classes"],
                    params=params,
                )
        agencies.append(agency)
    return agencies, held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.complaint_suggest", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pemdas", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-template", type=int, default=4)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--dump", type=Path, default=None)
    parser.add_argument("--compare", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.pemdas < 2:
        parser.error("--pemdas: at least 2 (one with a model, one on keyword rules)")
    emit_machine()
    with bench_database() as db:
        from sigap.complaints import classifier
        from sigap.tenancy.context import activate

        agencies, held = build(args.pemdas, args.seed, args.per_template)
        keyword_agency = agencies[-1]
        times: dict[str, list[float]] = {"model": [], "keywords": []}
        predictions: dict[str, Any] = {}
        for round_ in range(args.repeat + 1):  # round 0 warms the caches up
            for n, text in enumerate(held):
                for agency in agencies:
                    with activate(agency):
                        start = time.perf_counter()
                        s = classifier.suggest(agency, text)
                        elapsed = time.perf_counter() - start
                    if round_ == 0:
                        predictions[f"{agency.slug}/{n}"] = [
                            s.category,
                            round(s.confidence, 9),
                            s.source,
                            [[c, round(p, 9)] for c, p in s.ranked],
                        ]
                    else:
                        kind = "keywords" if agency is keyword_agency else "model"
                        times[kind].append(elapsed)
        common = {
            "db": db.vendor,
            "pemdas": args.pemdas,
            "texts": len(held),
            "repeat": args.repeat,
        }
        for kind, values in times.items():
            s = summarize(values)
            for label, value in (("p50", s.p50), ("p95", s.p95)):
                emit(
                    f"complaint_suggest.{kind}.{label}",
                    round(value * 1000, 3),
                    "ms",
                    n=s.n,
                    target_met=value * 1000 < TARGET_MS,
                    **common,
                )
        everything = summarize(times["model"] + times["keywords"])
        emit("complaint_suggest.all.p95", round(everything.p95 * 1000, 3), "ms", **common)
        abstained = sum(1 for p in predictions.values() if p[0] is None)
        emit(
            "complaint_suggest.abstained",
            abstained,
            "suggestions",
            of=len(predictions),
            **common,
        )
        if args.dump is not None:
            args.dump.write_text(json.dumps(predictions, sort_keys=True, indent=0))
        if args.compare is not None:
            before = json.loads(args.compare.read_text())
            differ = sorted(
                k for k in set(before) | set(predictions) if before.get(k) != predictions.get(k)
            )
            emit(
                "complaint_suggest.identical",
                not differ,
                "bool",
                compared=len(predictions),
                differing=len(differ),
                first_differences=differ[:5],
            )
            if differ:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
