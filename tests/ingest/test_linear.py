"""Every extraction stage costs linear time on pathological single lines.

Each line is timed through extract() at n and 8n characters: a linear pipeline takes ~8x as long,
a quadratic read ~64x. These lines once hit quadratic reads: markdown links and emphasis that
scanned to the line end on every failed attempt, a period mask that walked back over all
earlier periods, measure reads that sliced the whole claim per figure.
"""

from __future__ import annotations

import base64
import math
import random
import time
from collections.abc import Callable

import pytest

from factbase.ingest import extract
from factbase.ingest.figures import parse_figure

LINES: list[object] = [
    pytest.param(lambda n: "[a](" * (n // 4), id="link-openers"),
    pytest.param(lambda n: "[" * n, id="brackets"),
    pytest.param(lambda n: "![a](" * (n // 5), id="image-openers"),
    pytest.param(lambda n: "**a " * (n // 4), id="strong-openers"),
    pytest.param(lambda n: "[a](u '" * (n // 7), id="link-titles"),
    pytest.param(lambda n: "in 2021 " * (n // 8), id="periods"),
    pytest.param(lambda n: "12 million " * (n // 11), id="scaled-counts"),
    pytest.param(lambda n: "Iran (20%), " * (n // 12), id="percent-list"),
    pytest.param(lambda n: "$5 million in 2021, " * (n // 20), id="money-and-years"),
    pytest.param(lambda n: "$1" * (n // 2), id="currency-soup"),
    pytest.param(
        lambda n: base64.b64encode(random.Random(7).randbytes(n * 3 // 4)).decode(), id="base64"
    ),
    pytest.param(lambda n: "7 " * (n // 2), id="spaced-digits"),
]
# For 8x the input: linear gives ~8x, quadratic ~64x; noise and fixed costs included.
MAX_GROWTH = 24.0
PREFIX = "Title\n\nThe economy grew by 5% in 2021, officials said.\n\n"


def _seconds(raw: str) -> float:
    best = math.inf
    for _ in range(3):
        started = time.process_time()
        extract(raw, "x")
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("make", LINES)
def test_cost_grows_linearly(make: Callable[[int], str]) -> None:
    t_small = _seconds(PREFIX + make(2_000) + "\n")
    t_large = _seconds(PREFIX + make(16_000) + "\n")
    assert t_large < 0.002 or t_large / t_small < MAX_GROWTH, (t_small, t_large)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("It was " + "7" * 309 + " people.", id="inf-count"),
        pytest.param("$" + "9" * 400, id="inf-money"),
        pytest.param("9" * 308 + " million tonnes", id="scale-overflows"),
        pytest.param("between " + "9" * 300 + " and " + "9" * 309 + " people", id="inf-range"),
        pytest.param("one million " * 60 + "dollars", id="words-overflow"),
    ],
)
def test_no_figure_is_infinite(text: str) -> None:
    doc = extract(text, "x")
    for fig in doc.figures:
        assert math.isfinite(fig.value or 0.0) and math.isfinite(fig.value_high or 0.0)
    fig = parse_figure(text)
    assert fig is None or math.isfinite(fig.value or 0.0)


def test_finite_huge_numbers_still_read() -> None:
    fig = parse_figure("1" * 300 + " tonnes")
    assert fig is not None and fig.unit == "metric ton" and fig.value == float("1" * 300)
