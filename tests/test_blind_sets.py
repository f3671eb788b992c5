"""Blind test sets: articles and expectations written by hand, without reading factbase's code.

Each set was written for an audit (docs/blind-tests.md), scored, and the general causes of its
misses fixed; the floors below are what the set scores now, so a change that loses ground on
unseen-style articles fails here. The target where a set is below it is an xfail with the misses
named (docs/blind-tests.md lists them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factbase.analysis.conflict_store import list_conflicts
from factbase.analysis.conflicts import detect_conflicts
from factbase.db.engine import open_db
from factbase.loader import ingest_paths
from factbase.testing.extract_scorer import score_dir
from factbase.testing.scorer import score

ARTICLES = Path(__file__).resolve().parent / "articles"

# Counts of factbase.testing.extract_scorer now: at least FLOORS, at most CEILINGS.
EXTRACT = {
    "extract1": (  # audit 1: 8 articles
        {"meta_ok": 39, "fig_right": 129, "cit_found": 48},
        {"meta_bad": 0, "fig_wrong": 2, "fig_spurious": 1, "fig_missed": 1, "cit_spurious": 1,
         "cit_missed": 0, "chrome_leak": 0, "escape_leak": 0, "fig_qual_wrong": 3,
         "cit_url_wrong": 0, "ocr_join_fail": 0},
    ),
    "extract2": (  # audit 2: 6 articles
        {"meta_ok": 28, "fig_right": 44, "cit_found": 40},
        {"meta_bad": 2, "fig_wrong": 0, "fig_spurious": 2, "fig_missed": 0, "cit_spurious": 5,
         "cit_missed": 0, "chrome_leak": 0, "escape_leak": 0, "fig_qual_wrong": 3,
         "cit_url_wrong": 0, "ocr_join_fail": 0},
    ),
    "extract3": (  # audit 3: 6 articles
        {"meta_ok": 27, "fig_right": 63, "cit_found": 40},
        {"meta_bad": 3, "fig_wrong": 3, "fig_spurious": 5, "fig_missed": 0, "cit_spurious": 8,
         "cit_missed": 2, "chrome_leak": 0, "escape_leak": 0, "fig_qual_wrong": 5,
         "cit_url_wrong": 0, "ocr_join_fail": 0},
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXTRACT))
def test_blind_extraction_sets_hold_their_ground(name: str) -> None:
    floors, ceilings = EXTRACT[name]
    total, notes = score_dir(ARTICLES / "blind" / name)
    low = {k: (total[k], v) for k, v in floors.items() if total[k] < v}
    high = {k: (total[k], v) for k, v in ceilings.items() if total[k] > v}
    assert not low and not high, (low, high, notes)


@pytest.fixture(scope="module")
def conflict_scores(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict]:
    """A set's scores, ingested and detected once per test process."""
    done: dict[str, dict] = {}

    def scores(name: str) -> dict:
        if name not in done:
            folder = ARTICLES / "conflicts" / name
            engine = open_db(str(tmp_path_factory.mktemp(name) / "c.db"))
            try:
                ingest_paths(engine, [folder])
                detect_conflicts(engine)
                found = list_conflicts(engine)
            finally:
                engine.dispose()
            done[name] = score(found, folder / "answer_key.json")
        return done[name]

    return scores


# Recall per kind each blind conflict set reaches now (precision must stay >= 0.9 everywhere).
RECALL_FLOORS = {
    "set4": {"numeric": 1.0, "date": 0.5, "negation": 1.0},
    "set5": {"numeric": 1.0, "date": 1.0, "negation": 1.0},
    "set6": {"numeric": 0.5, "date": 1.0, "negation": 1.0},
    "set7": {"numeric": 0.75, "date": 1.0, "negation": 1.0},
    "set8": {"numeric": 0.6, "date": 1.0, "negation": 1.0},
    "set9": {"numeric": 0.6, "date": 1.0, "negation": 1.0},
    # audit 4: measured out of sample, not fixed for (docs/blind-tests.md)
    "set10": {"numeric": 0.7, "date": 0.33, "negation": 0.5},
    "set11": {"numeric": 0.42, "date": 0.33, "negation": 0.33},
}
TARGET = 0.9


@pytest.mark.parametrize("name", sorted(RECALL_FLOORS))
def test_blind_conflict_sets_hold_their_ground(conflict_scores, name: str) -> None:
    report = conflict_scores(name)
    for kind, floor in RECALL_FLOORS[name].items():
        assert report[kind]["precision"] >= TARGET, (kind, report[kind])
        assert report[kind]["recall"] >= floor, (kind, report[kind])


@pytest.mark.xfail(
    reason="recall below 0.9 on set4 (dates 0.5: an event in a table row with no verb, a pair "
    "naming its project only in the previous sentence) and sets 6, 8, 9 (numeric 0.5-0.63: "
    "one-off costs with no period are never compared, fallback frames worded apart, a subject "
    "named only in the previous sentence) and sets 10 and 11 (audit 4, not fixed for: measures "
    "of a subject before its verb, arrivals, entry into force, approvals) (docs/blind-tests.md)",
    strict=True,
)
def test_blind_conflict_sets_reach_the_target_recall(conflict_scores) -> None:
    for name in sorted(RECALL_FLOORS):
        report = conflict_scores(name)
        assert report["overall"]["recall"] >= TARGET, (name, report["overall"])
