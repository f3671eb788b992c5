"""Every extraction stage costs linear time on pathological single lines.

Each line is timed through extract() at n and 16n characters: a linear pipeline takes ~16x as
long, a quadratic read ~256x. The bound sits at their geometric middle (64x), so CPU noise of 4x
either way cannot flip the verdict; the garbage collector is paused while timing, because a full
collection scans the whole test process's heap and once made a linear line look quadratic in CI.

These lines once hit quadratic reads: markdown links and emphasis that scanned to the line end on
every failed attempt, a period mask that walked back over all earlier periods, measure reads that
sliced the whole claim per figure.
"""

from __future__ import annotations

import base64
import gc
import math
import random
import time
from collections.abc import Callable

import pytest

from factbase.ingest import extract
from factbase.ingest.figures import parse_figure

LINES: list[object] = [
    pytest.param(lambda n: "x" * n, id="letters"),
    pytest.param(lambda n: "word " * (n // 5), id="words"),
    pytest.param(lambda n: "1,000." * (n // 6), id="numbers-no-space"),
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
SMALL, LARGE = 1_000, 16_000
MAX_GROWTH = 64.0
PREFIX = "Title\n\nThe economy grew by 5% in 2021, officials said.\n\n"


def _best_seconds(raws: tuple[str, str], rounds: int = 5) -> tuple[float, float]:
    """Best CPU time of each input over interleaved rounds, with the collector paused."""
    best = [math.inf, math.inf]
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for i, raw in enumerate(raws):
                started = time.process_time()
                extract(raw, "x")
                best[i] = min(best[i], time.process_time() - started)
    finally:
        gc.enable()
    return best[0], best[1]


@pytest.mark.parametrize("make", LINES)
def test_cost_grows_linearly(make: Callable[[int], str]) -> None:
    small = PREFIX + make(SMALL) + "\n"
    large = PREFIX + make(LARGE) + "\n"
    t_small, t_large = _best_seconds((small, large))
    # Below ~2 ms the fixed costs dominate and the ratio means nothing: that is fast enough.
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
