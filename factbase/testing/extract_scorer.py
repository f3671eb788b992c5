"""Score ``factbase extract`` output against hand-written expectations (blind test sets).

Each article ``NAME.txt`` (or ``.md``) sits beside ``NAME.expected.json``, written by hand before
the tool was run: ``title author published publisher url`` (``published_debatable``: a wrong date
is counted apart), ``figures`` (``text``, ``value`` or ``[low, high]``, ``unit``, ``qualifier``,
``debatable``), ``nonfigures`` (surfaces that must not be figures), ``citations`` (``kind``;
``marker`` and ``url`` for footnotes, ``url`` for links, ``source`` or ``speaker`` for
attributions and quotes),
``acceptable_extra`` (sources an extra attribution may name), ``chrome`` and ``headings``
(strings no claim may hold), ``escapes`` (markdown escapes no claim or title may keep) and
``joined`` (text that must appear joined in some claim).

Counts: ``meta_ok``/``meta_bad``; ``fig_right``/``fig_wrong``/``fig_missed`` (``_debatable``),
``fig_spurious``/``fig_spurious_nonfigure``, ``fig_qual_wrong``; ``cit_found``/``cit_missed``
(``_debatable``)/``cit_spurious``/``cit_url_wrong``; ``chrome_leak``, ``escape_leak``,
``ocr_join_fail``. Written for the session-5 blind audits (docs/blind-tests.md).
Run: ``python -m factbase.testing.extract_scorer DIR``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["score_article", "score_dir"]

# Spellings of one unit or qualifier that the expectations and factbase may each use.
UNIT_SPELLINGS = {
    "square kilometer": "km2", "metric ton": "tonne", "kilometer": "km", "megawatt": "MW",
    "meter": "metre", "kilowatt hour": "kWh", "kilogram": "kg",
    "people": "person", "troops": "troop",
}  # fmt: skip
QUALIFIER_SPELLINGS = {
    "roughly": "about", "some": "about", "around": "about", "approximately": "about",
    "estimated": "about", "an estimated": "about", "more than": "over", "almost": "nearly",
    "above": "over",
}  # fmt: skip


def _norm(s: str | None) -> str:
    s = (s or "").replace("\\", "").lower()
    s = re.sub(r"-\n", "", s)
    return re.sub(r"\s+", " ", s).strip()


def _unit(u: str | None) -> str:
    u = u or ""
    for a, b in UNIT_SPELLINGS.items():
        u = u.replace(a, b)
    return u


# Unit names an expectation may use for what factbase writes (either side of the pair).
UNIT_SYNONYMS = [
    {"%", "percent", "per cent"}, {"tonne", "metric ton", "t"},
    {"m3", "cubic meter", "cubic metre"}, {"kg", "kilogram"}, {"ha", "hectare"},
    {"m", "meter", "metre"}, {"MW", "megawatt"}, {"GW", "gigawatt"},
    {"GWh", "gigawatt-hour", "gigawatt hour"}, {"kWh", "kilowatt-hour", "kilowatt hour"},
]  # fmt: skip


def _unit_ok(want: str | list[str] | None, got: str | None) -> bool:
    """``want`` may list the units it accepts."""
    if isinstance(want, list):
        return any(_one_unit_ok(w, got) for w in want)
    return _one_unit_ok(want, got)


def _one_unit_ok(want: str | None, got: str | None) -> bool:
    """``want`` "count" admits any unit; a rate ("USD/tonne") needs one ("USD per metric ton")."""
    got = (got or "").strip()
    want = (want or "").strip()
    if want == "count":
        return True
    if "/" in want:
        return "/" in got or " per " in got
    if " per " in want:
        return " per " in got or "/" in got
    if _unit(got).startswith(_unit(want)):
        return True
    wants = {want, want.removesuffix("s"), want.removesuffix("es")}  # "tonnes", "metres"
    if got.lower() in {w.lower() for w in wants}:
        return True
    return any(not wants.isdisjoint(group) and got in group for group in UNIT_SYNONYMS)


def _qualifier(q: str | None) -> str | None:
    return QUALIFIER_SPELLINGS.get(q, q) if q else None


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 0.01 * max(abs(a), abs(b), 1e-9)


def _authors(s: str | None) -> set[str]:
    return {p.strip().lower() for p in re.split(r",|;| and | & ", s or "") if p.strip()}


def score_article(exp: dict[str, Any], out: dict[str, Any]) -> tuple[Counter[str], list[str]]:
    """Counts and one note per miss for one article's expectations and extract output."""
    c: Counter[str] = Counter()
    notes: list[str] = []
    for k in ("title", "author", "published", "publisher", "url"):
        e, o = exp.get(k), out.get(k)
        if k == "author":
            ok = _authors(e) == _authors(o)
        else:
            ok = (
                re.sub(r"\s+", " ", (e or "").lower()).strip()
                == re.sub(r"\s+", " ", (o or "").lower()).strip()
            )
        if not ok and k == "published" and exp.get("published_debatable"):
            c["meta_debatable"] += 1
            continue
        c["meta_ok" if ok else "meta_bad"] += 1
        if not ok:
            notes.append(f"META {k}: expected {e!r} got {o!r}")
    _score_figures(exp, out, c, notes)
    _score_citations(exp, out, c, notes)
    claims = [cl["text"] for cl in out["claims"]]
    for s in exp.get("chrome", []) + exp.get("headings", []):
        if any(s in t for t in claims):
            c["chrome_leak"] += 1
            notes.append(f"CHROME leaked {s!r}")
    for s in exp.get("escapes", []):
        if any(s in t for t in claims) or s in (out.get("title") or ""):
            c["escape_leak"] += 1
            notes.append(f"ESCAPE leaked {s!r}")
    every = " ".join(claims)
    for s in exp.get("joined", []):
        if s not in every:
            c["ocr_join_fail"] += 1
            notes.append(f"JOIN missing {s!r}")
    return c, notes


def _score_figures(
    exp: dict[str, Any], out: dict[str, Any], c: Counter[str], notes: list[str]
) -> None:
    found = list(out["figures"])
    used: set[int] = set()
    for f in exp["figures"]:
        want = _norm(f["text"])
        hit = next(
            (
                i
                for i, g in enumerate(found)
                if i not in used and (got := _norm(g["text"])) and (got in want or want in got)
            ),
            None,
        )
        if hit is None:
            c["fig_missed_debatable" if f.get("debatable") else "fig_missed"] += 1
            notes.append(f"MISSED {f['text']!r}")
            continue
        used.add(hit)
        g = found[hit]
        value = f["value"]
        values = value if isinstance(value, list) else [value]
        value_ok = any(_close(g["value"], v) for v in values)
        unit_ok = _unit_ok(f["unit"], g["unit"])
        if value_ok and unit_ok:
            c["fig_right"] += 1
        else:
            c["fig_wrong"] += 1
            notes.append(f"WRONG {f['text']!r}: got {g['value']} {g['unit']!r}")
        if _qualifier(g["qualifier"]) != _qualifier(f["qualifier"]):
            c["fig_qual_wrong"] += 1
            notes.append(f"QUALIFIER {f['text']!r}: got {g['qualifier']!r}")
    nonfigures = [_norm(x) for x in exp.get("nonfigures", [])]
    for i, g in enumerate(found):
        if i in used:
            continue
        got = _norm(g["text"])
        listed = any(got in x or x in got for x in nonfigures)
        c["fig_spurious_nonfigure" if listed else "fig_spurious"] += 1
        notes.append(f"SPURIOUS {g['text']!r}")


CITATION_KINDS = {"according_to": "attribution"}


def _sources(want: dict[str, Any]) -> list[str]:
    """The names an expected citation accepts: "A|B (a note)" is A or B."""
    raw = re.sub(r"\s*\(.*\)", "", want.get("source") or want.get("speaker") or "")
    return [n for n in (_norm(x) for x in raw.split("|")) if n]


def _score_citations(
    exp: dict[str, Any], out: dict[str, Any], c: Counter[str], notes: list[str]
) -> None:
    found = list(out["citations"])
    used: set[int] = set()
    for want in exp["citations"]:
        hit = None
        kind = CITATION_KINDS.get(want["kind"], want["kind"])
        for i, o in enumerate(found):
            if i in used or o["kind"] != kind:
                continue
            if kind == "footnote":
                ok = str(o.get("marker")) == str(want["marker"])
            elif kind == "link":
                ok = o.get("url") == want["url"]
            else:
                who = _norm(o.get("source_name") or o.get("author"))
                ok = bool(who) and any(src in who or who in src for src in _sources(want))
            if ok:
                hit = i
                break
        if hit is None:
            c["cit_missed_debatable" if want.get("debatable") else "cit_missed"] += 1
            notes.append(f"CITATION missed {want}")
            continue
        used.add(hit)
        c["cit_found"] += 1
        o = found[hit]
        if kind == "footnote" and (o.get("url") or None) != want.get("url"):
            c["cit_url_wrong"] += 1
            notes.append(f"CITATION url of note {want['marker']}: got {o.get('url')!r}")
    speakers = {
        name
        for w in exp["citations"]
        if CITATION_KINDS.get(w["kind"], w["kind"]) in ("quote", "attribution")
        for name in _sources(w)
    }
    extra = {_norm(a) for a in exp.get("acceptable_extra", [])}
    for i, o in enumerate(found):
        if i in used:
            continue
        who = _norm(o.get("source_name") or o.get("author"))
        if o["kind"] in ("attribution", "quote") and who:
            if who in extra or any(q in who or who in q for q in speakers):
                continue  # an acceptable extra, or a second citation of an expected speaker
        elif o["kind"] == "quote":
            continue  # a quote without a speaker: counted by nobody
        c["cit_spurious"] += 1
        notes.append(f"CITATION spurious {o['kind']} {o.get('source_name') or o.get('url')!r}")


def score_dir(folder: Path) -> tuple[Counter[str], dict[str, list[str]]]:
    """Extract every article with an expectation in ``folder`` and score it."""
    from factbase.loader import parse_source

    total: Counter[str] = Counter()
    notes: dict[str, list[str]] = {}
    for exp_path in sorted(folder.glob("*.expected.json")):
        stem = exp_path.name.removesuffix(".expected.json")
        [article] = [p for p in folder.glob(stem + ".*") if p.suffix in (".txt", ".md")]
        doc = parse_source(article)  # as `factbase extract` reads it
        counts, found = score_article(json.loads(exp_path.read_text()), doc.as_dict())
        total += counts
        notes[stem] = found
    return total, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    total, notes = score_dir(args.folder)
    if args.verbose:
        for stem, found in notes.items():
            for n in found:
                print(f"{stem}: {n}")
    print(json.dumps(dict(sorted(total.items())), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
