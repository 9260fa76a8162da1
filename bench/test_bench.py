"""Smoke tests of the benchmark harness: fast, no database, no seeding."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from bench._harness import emit, machine_info, percentile, stopwatch, summarize, time_it
from bench.pages import count_rows, parse_roles
from bench.seed import parse_scales


def test_emit_prints_one_json_object_per_line() -> None:
    out = io.StringIO()
    emit("seed.small.time", 1.25, "s", out=out, queries=12)
    emit("machine", 2, "cores", out=out, cpu="AMD EPYC — test")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first == {"name": "seed.small.time", "value": 1.25, "unit": "s", "queries": 12}
    assert second["name"] == "machine" and second["value"] == 2 and second["unit"] == "cores"
    assert second["cpu"] == "AMD EPYC — test"


def test_emit_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    row = emit("pages.unit_list.inspector.p95", 12.5, "ms", yardstick=5.0, ratio=2.5)
    printed = json.loads(capsys.readouterr().out)
    assert printed == row
    assert printed["yardstick"] == 5.0 and printed["ratio"] == 2.5


def test_emit_refuses_to_overwrite_required_keys() -> None:
    with pytest.raises(ValueError, match="overwrite"):
        emit("x", 1, "s", out=io.StringIO(), unit="ms")


def test_percentile_on_hand_computed_data() -> None:
    data = [4.0, 1.0, 3.0, 2.0]  # sorted: 1 2 3 4
    assert percentile(data, 0) == 1.0
    assert percentile(data, 100) == 4.0
    assert percentile(data, 50) == pytest.approx(2.5)  # rank 1.5: halfway between 2 and 3
    assert percentile(data, 95) == pytest.approx(3.85)  # rank 2.85: 3 + 0.85 * (4 - 3)
    assert percentile([7.0], 95) == 7.0
    # 1..20: rank of p95 is 19 * 0.95 = 18.05, so 19 + 0.05 * (20 - 19)
    assert percentile([float(i) for i in range(1, 21)], 95) == pytest.approx(19.05)


def test_percentile_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summarize() -> None:
    s = summarize([1.0, 2.0, 3.0, 4.0])
    assert (s.n, s.min, s.max, s.mean) == (4, 1.0, 4.0, 2.5)
    assert s.p50 == pytest.approx(2.5) and s.p95 == pytest.approx(3.85)


def test_time_it_and_stopwatch() -> None:
    calls: list[int] = []
    samples = time_it(lambda: calls.append(1), repeat=3, warmup=2)
    assert len(samples) == 3 and len(calls) == 5
    assert all(s >= 0 for s in samples)
    with stopwatch() as elapsed:
        pass
    assert elapsed() >= 0


def test_machine_info_names_the_machine() -> None:
    info = machine_info()
    assert isinstance(info["cores"], int) and info["cores"] >= 1
    assert info["cpu"] and info["python"]


def test_argument_parsers() -> None:
    assert parse_scales("small,city") == ["small", "city"]
    with pytest.raises(argparse.ArgumentTypeError):
        parse_scales("small,huge")
    assert parse_roles("inspector") == ["inspector"]
    with pytest.raises(argparse.ArgumentTypeError):
        parse_roles("officer")


def test_count_rows_skips_the_header() -> None:
    html = b"<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>"
    assert count_rows(html) == 2
