"""Score detected conflicts against a generated corpus's answer key: precision, recall, F1 per kind.

A prediction (one element of ``factbase conflicts --format json``) matches a planted conflict when
its two articles are the planted pair (by file basename, either order) and each side's claim text
contains that side's snippet, after normalising escapes, quotes and whitespace. Unmatched
predictions are false positives; those that land on a planted near-miss are counted per type.
Run: ``python -m factbase.testing.scorer conflicts.json answer_key.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from factbase.testing.generator import AnswerKey

__all__ = ["KINDS", "normalize", "score", "side_matches"]

KINDS = ("numeric", "date", "negation", "other")
# A claim shorter than this that sits inside the planted sentence still counts as that sentence:
# segmenters may split at a semicolon or a colon, but a few words are no evidence.
MIN_FRAGMENT = 20

TYPOGRAPHIC = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u00ad": "",
    }
)
MARKUP = re.compile(
    r"""\\(?=[^\w\s])   # a markdown escape: \$ \* \_
                        | \*\*? | __     # bold / italic markers""",
    re.VERBOSE,
)
SPACES = re.compile(r"\s+")


def normalize(text: str | None) -> str:
    """Lower-case text with markdown escapes and emphasis removed, quotes and spaces unified."""
    if not text:
        return ""
    text = MARKUP.sub("", text.translate(TYPOGRAPHIC))
    return SPACES.sub(" ", text).strip().lower()


def _basename(article: str | None) -> str:
    return re.split(r"[\\/]", article or "")[-1]


def side_matches(pred: Mapping[str, Any], side: Mapping[str, Any]) -> bool:
    """Whether a prediction's side is the planted side: same file, its text holds the snippet.

    Tolerant on purpose: the predicted figure surface inside the snippet ("$1.5 billion" in
    "about $1.5 billion") or a claim that is a long fragment of the planted sentence also match.
    """
    if _basename(pred.get("article")) != side["article"]:
        return False
    snippet, text = normalize(side.get("snippet")), normalize(pred.get("text"))
    if snippet and snippet in text:
        return True
    figure = normalize(pred.get("figure"))
    # the detector's figure may drop a qualifier ("about") or a currency word, not half the snippet
    if (
        figure
        and snippet
        and any(ch.isdigit() for ch in figure)
        and (snippet in figure or (figure in snippet and 2 * len(figure) >= len(snippet)))
    ):
        return True
    sentence = normalize(side.get("sentence"))
    return bool(
        sentence and text and ((len(text) >= MIN_FRAGMENT and text in sentence) or sentence in text)
    )


def _pair_matches(pred: Mapping[str, Any], entry: Mapping[str, Any]) -> bool:
    a, b = pred.get("a") or {}, pred.get("b") or {}
    ea, eb = entry["a"], entry["b"]
    return (side_matches(a, ea) and side_matches(b, eb)) or (
        side_matches(a, eb) and side_matches(b, ea)
    )


def _aliased(pred: Mapping[str, Any], alias: Mapping[str, str]) -> dict[str, Any]:
    out = dict(pred)
    for side in ("a", "b"):
        if isinstance(pred.get(side), Mapping):
            name = _basename(pred[side].get("article"))
            out[side] = {**pred[side], "article": alias.get(name, name)}
    return out


def _pair_key(a: str | None, b: str | None) -> frozenset[str]:
    return frozenset((_basename(a), _basename(b)))


def _index(entries: Iterable[dict[str, Any]]) -> dict[frozenset[str], list[dict[str, Any]]]:
    by_pair: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        by_pair[_pair_key(e["a"]["article"], e["b"]["article"])].append(e)
    return by_pair


def _ratios(tp: int, fp: int, fn: int) -> dict[str, float]:
    # Nothing predicted is perfect precision and nothing planted perfect recall; F1 stays honest.
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score(
    predicted: Sequence[Mapping[str, Any]], key: AnswerKey | Path | str
) -> dict[str, dict[str, Any]]:
    """Per-kind and overall tp/fp/fn/precision/recall/f1, plus why each false positive happened.

    Each kind's dict also holds ``fp_near_miss`` ({near-miss type: count}), ``fp_kind_mismatch``
    (right pair, wrong kind), ``fp_duplicate`` (a planted conflict found twice), ``fp_unplanted``.
    """
    if not isinstance(key, AnswerKey):
        key = AnswerKey.load(Path(key))
    # A syndicated copy and its original are one source: a conflict reported against either
    # copy is the planted one (the key names the group's first article).
    alias = {copy: group[0] for group in key.syndicated for copy in group[1:]}
    planted, near_misses = key.conflicts, key.near_misses
    if alias:  # (the key's own sides may name a copy too)
        predicted = [_aliased(p, alias) for p in predicted]
        planted = [_aliased(e, alias) for e in planted]
        near_misses = [_aliased(e, alias) for e in near_misses]
    conflicts, near = _index(planted), _index(near_misses)
    found: set[int] = set()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    near_hits: dict[str, Counter[str]] = defaultdict(Counter)
    for pred in predicted:
        kind = str(pred.get("kind") or "other")
        pair = _pair_key((pred.get("a") or {}).get("article"), (pred.get("b") or {}).get("article"))
        hits = [e for e in conflicts.get(pair, ()) if _pair_matches(pred, e)]
        same = [e for e in hits if e["kind"] == kind]
        fresh = [e for e in same if id(e) not in found]
        if fresh:
            found.add(id(fresh[0]))
            counts[kind]["tp"] += 1
            continue
        counts[kind]["fp"] += 1
        if same:
            counts[kind]["fp_duplicate"] += 1
        elif hits:
            counts[kind]["fp_kind_mismatch"] += 1
        elif nm := next((e for e in near.get(pair, ()) if _pair_matches(pred, e)), None):
            near_hits[kind][nm["kind"]] += 1
        else:
            counts[kind]["fp_unplanted"] += 1
    for e in planted:
        if id(e) not in found:
            counts[e["kind"]]["fn"] += 1
    report: dict[str, dict[str, Any]] = {}
    total: Counter[str] = Counter()
    total_near: Counter[str] = Counter()
    for kind in (*KINDS, *sorted(set(counts) - set(KINDS))):
        c = counts[kind]
        total.update(c)
        total_near.update(near_hits[kind])
        report[kind] = _row(c, near_hits[kind])
    report["overall"] = _row(total, total_near)
    return report


def _row(c: Counter[str], near: Counter[str]) -> dict[str, Any]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        **_ratios(tp, fp, fn),
        "fp_near_miss": dict(sorted(near.items())),
        "fp_kind_mismatch": c["fp_kind_mismatch"],
        "fp_duplicate": c["fp_duplicate"],
        "fp_unplanted": c["fp_unplanted"],
    }


def format_report(report: Mapping[str, Mapping[str, Any]]) -> str:
    """A plain-text table of a ``score`` report, then false positives by near-miss type."""
    lines = [
        f"{'kind':<10} {'tp':>6} {'fp':>6} {'fn':>6} {'precision':>10} {'recall':>8} {'f1':>8}"
    ]
    for kind, r in report.items():
        lines.append(
            f"{kind:<10} {r['tp']:>6} {r['fp']:>6} {r['fn']:>6} {r['precision']:>10.3f} "
            f"{r['recall']:>8.3f} {r['f1']:>8.3f}"
        )
    o = report["overall"]
    lines += [
        "",
        "false positives by cause:",
        f"  wrong kind {o['fp_kind_mismatch']}, duplicate {o['fp_duplicate']}, "
        f"unplanted {o['fp_unplanted']}",
    ]
    lines += [f"  near-miss {t}: {n}" for t, n in o["fp_near_miss"].items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m factbase.testing.scorer", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "conflicts", help="output of `factbase conflicts --format json` ('-' for stdin)"
    )
    parser.add_argument("answer_key", type=Path, help="answer_key.json or the corpus directory")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    raw = (
        sys.stdin.read()
        if args.conflicts == "-"
        else Path(args.conflicts).read_text(encoding="utf-8")
    )
    report = score(json.loads(raw), args.answer_key)
    sys.stdout.write(json.dumps(report, indent=1) + "\n" if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
