"""Accuracy floors for find_figures on the Microsoft Recognizers-Text English specs.

Each spec Input is one claim span. A predicted figure matches an expected result when the
spans overlap, the values agree (1e-6 relative) and the kind agrees: currency -> money (unit
== isoCurrency when the spec gives one), percentage -> percent, dimension/temperature ->
quantity. Each model annotates only its own type, so predictions of other kinds, and
quantities of another unit class (a duration in a dimension case), are not scored for it.
Floors only go up; the scores and how they were measured are in docs/figures.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from factbase.ingest.figures import find_figures
from factbase.ingest.lexicon import UNIT_CLASS
from factbase.records import Figure

# Measured on the bundled specs (see docs/figures.md); a floor sits a little under the score.
CURRENCY_F1_FLOOR = 0.99
PERCENT_F1_FLOOR = 0.99
DIMENSION_F1_FLOOR = 0.97
TEMPERATURE_F1_FLOOR = 0.99

_HERE = Path(__file__).resolve()
_REPO = _HERE.parents[2]
_CANDIDATES = (
    _REPO / "tests" / "peer_specs" / "recognizers-text",  # bundled copy: self-contained
    _REPO.parent / "shared" / "peer-specs" / "recognizers-text",  # CI clone, shared/ beside it
)
SPEC_DIR = next((p for p in _CANDIDATES if (p / "README.md").is_file()), None)

# "rate" (barrels a day, tonnes a year): the spec reads "500,000 barrels a day" as a volume.
DIMENSION_CLASSES = frozenset(
    {"length", "area", "volume", "weight", "speed", "information", "angle", "rate"}
)


@dataclass(frozen=True)
class Model:
    name: str
    path: str
    kind: str
    classes: frozenset[str] | None = None  # quantity unit classes this model annotates


MODELS = {
    "currency": Model("currency", "NumberWithUnit/English/CurrencyModel.json", "money"),
    "percent": Model("percent", "Number/English/PercentModel.json", "percent"),
    "dimension": Model(
        "dimension", "NumberWithUnit/English/DimensionModel.json", "quantity", DIMENSION_CLASSES
    ),
    "temperature": Model(
        "temperature",
        "NumberWithUnit/English/TemperatureModel.json",
        "quantity",
        frozenset({"temperature"}),
    ),
}


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _expected_value(result: dict[str, object]) -> float | None:
    resolution = result.get("Resolution") or {}
    assert isinstance(resolution, dict)
    raw = resolution.get("value")
    if raw in (None, "null"):
        return None
    return float(str(raw).rstrip("%"))


def _scored(fig: Figure, model: Model) -> bool:
    if str(fig.kind) != model.kind:
        return False
    if model.classes is None:
        return True
    return UNIT_CLASS.get(fig.unit or "", "") in model.classes


def _matches(fig: Figure, result: dict[str, object], value: float) -> bool:
    start, end = int(result["Start"]), int(result["End"]) + 1  # type: ignore[call-overload]
    if fig.start >= end or start >= fig.end or fig.value is None:
        return False
    if not math.isclose(fig.value, value, rel_tol=1e-6, abs_tol=1e-9):
        return False
    iso = (result.get("Resolution") or {}).get("isoCurrency")  # type: ignore[union-attr]
    return iso is None or fig.unit == iso


def score_model(
    model: Model, spec_dir: Path, predict: Callable[[str], Iterable[Figure]] | None = None
) -> tuple[Score, list[str]]:
    """Precision/recall counts for one model, and a line per miss for debugging."""
    predict = predict or (lambda text: find_figures(text, [(0, len(text))]))
    cases = json.loads((spec_dir / model.path).read_text(encoding="utf-8"))
    tp = fp = fn = 0
    misses: list[str] = []
    for case in cases:
        text = case["Input"]
        preds = [f for f in predict(text) if _scored(f, model)]
        expected = [
            (r, v) for r in case.get("Results", []) if (v := _expected_value(r)) is not None
        ]
        used: set[int] = set()
        for result, value in expected:
            hit = next(
                (k for k, f in enumerate(preds) if k not in used and _matches(f, result, value)),
                None,
            )
            if hit is None:
                fn += 1
                misses.append(f"FN {result['Text']!r} = {value} in {text!r}")
            else:
                used.add(hit)
                tp += 1
        for k, f in enumerate(preds):
            if k not in used:
                fp += 1
                misses.append(f"FP {f.text!r} = {f.value} {f.unit} in {text!r}")
    return Score(tp, fp, fn), misses


FLOORS = {
    "currency": CURRENCY_F1_FLOOR,
    "percent": PERCENT_F1_FLOOR,
    "dimension": DIMENSION_F1_FLOOR,
    "temperature": TEMPERATURE_F1_FLOOR,
}


@pytest.mark.skipif(SPEC_DIR is None, reason="peer specs not found: tests/peer_specs or ../shared")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_peer_spec_f1_floor(name: str) -> None:
    assert SPEC_DIR is not None
    score, misses = score_model(MODELS[name], SPEC_DIR)
    assert score.f1 >= FLOORS[name], f"{name}: F1 {score.f1:.3f}\n" + "\n".join(misses)


@pytest.mark.skipif(SPEC_DIR is None, reason="peer specs not found: tests/peer_specs or ../shared")
def test_bundled_copy_keeps_the_licence() -> None:
    bundled = _CANDIDATES[0]
    assert "MIT" in (bundled / "LICENSE").read_text(encoding="utf-8")
    assert "Microsoft" in (bundled / "LICENSE").read_text(encoding="utf-8")


if __name__ == "__main__":  # python tests/ingest/test_peer_specs.py: print scores and misses
    import sys

    assert SPEC_DIR is not None
    for key, mdl in MODELS.items():
        sc, miss = score_model(mdl, SPEC_DIR)
        print(
            f"{key:12} P={sc.precision:.3f} R={sc.recall:.3f} F1={sc.f1:.3f} "
            f"tp={sc.tp} fp={sc.fp} fn={sc.fn}"
        )
        if "-v" in sys.argv:
            print("\n".join("    " + x for x in miss))
