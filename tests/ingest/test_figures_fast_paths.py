"""The figures stage's fast paths give the answers of the slower forms they replaced.

Regexes are checked against their former spelling (kept here verbatim) on hypothesis texts;
the cheap tests that skip a read (first-token sets, two tokens instead of six, the walk over
ordered spans) are checked by switching them off and comparing every figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from factbase.ingest import figures, numbers
from factbase.ingest import lexicon as lx
from factbase.ingest.clean import clean
from factbase.ingest.segment import find_sentences
from factbase.ingest.tries import trie_pattern

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/articles").glob("*.txt"))

_NW = "|".join(sorted([*lx.SMALL_NUMBERS, *lx.TENS, *lx.WORD_MULTIPLIERS], key=len, reverse=True))
NUMBER_REFERENCE = re.compile(
    rf"""
    (?P<frac>(?:\d{{1,3}}[ ])?\d{{1,2}}/\d{{1,2}}(?![\d/]))
    | (?P<digits>\d+(?:,\d{{2,3}})*(?:\.\d+)?)
    | (?P<vulgar>[½¼¾⅓⅔⅛])
    | (?P<words>(?i:(?:half\s+a\s+(?:hundred|thousand|million|billion|trillion|dozen)|{_NW})
        (?:(?:[ \t-]+|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+)
           (?:{_NW}))*\b))
    """,
    re.VERBOSE,
)
QUALIFIER_REFERENCE = re.compile(
    r"(?i)(?<![\w-])(?P<q>"
    + "|".join(q.replace(" ", r"\s+") for q in sorted(lx.QUALIFIERS, key=len, reverse=True))
    + r")\s+$"
)
DIGIT_SCAN_REFERENCE = re.compile(r"[0-9½¼¾⅓⅔⅛][0-9]*")
WORD_SCAN_REFERENCE = re.compile(
    rf"[\s(“\"‘'-](?=[{numbers._FIRST_LETTERS}]){trie_pattern(numbers._CASED_WORDS)}\b"
)
# Letters "(?i)" folds beyond ASCII case: the spelled-out classes must keep them.
ODD_CASES = ["ſ", "ı", "İ", "\u212a", "K", "S", "I"]


def _pieces(*words: str) -> st.SearchStrategy[str]:
    return st.lists(
        st.tuples(
            st.sampled_from(["", " ", "  ", "\n", "\t", "-", "\u00a0"]), st.sampled_from(words)
        ),
        max_size=10,
    ).map(lambda parts: "".join(gap + word for gap, word in parts))


def _starts_reference(body: str, start: int, end: int) -> list[int]:
    out = [
        m.start()
        for m in DIGIT_SCAN_REFERENCE.finditer(body, start, end)
        if m.start() == start or body[m.start() - 1] not in "0123456789.,"
    ]
    words = [m.start() + 1 for m in WORD_SCAN_REFERENCE.finditer(body, max(start - 1, 0), end)]
    if start == 0 and body[:1].isalpha() and numbers.WORD_START_RE.match(body):
        words.insert(0, 0)
    return sorted(out + [w for w in words if w >= start])


@settings(max_examples=800, deadline=None)
@given(
    text=_pieces("1", "07", "2.5", "1,000", ".", ",", "½", "¼5", "a", "one", "Two", "x", "٣", "("),
    a=st.integers(0, 60),
    b=st.integers(0, 60),
)
def test_number_starts_equal_the_filtered_scan(text: str, a: int, b: int) -> None:
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    assert numbers.find_number_starts(text, lo, hi) == _starts_reference(text, lo, hi)


@settings(max_examples=800, deadline=None)
@given(text=_pieces(*numbers._WORDS, "and", "a", "half a", "5", "1/2", "½", "teen", *ODD_CASES))
def test_number_regex_equals_the_case_insensitive_one(text: str) -> None:
    for pos in range(len(text)):
        ours, ref = numbers.NUMBER_RE.match(text, pos), NUMBER_REFERENCE.match(text, pos)
        assert (ours and (ours.span(), ours.lastgroup)) == (ref and (ref.span(), ref.lastgroup))


@settings(max_examples=800, deadline=None)
@given(text=_pieces(*lx.QUALIFIERS, "x", "(", "of", "to", "than", "more", "As", *ODD_CASES))
def test_qualifier_regex_equals_the_case_insensitive_one(text: str) -> None:
    for window in (text, text + " ", text[-32:]):
        ours, ref = figures.QUALIFIER_RE.search(window), QUALIFIER_REFERENCE.search(window)
        assert (ours and (ours.span(), ours["q"])) == (ref and (ref.span(), ref["q"]))


class _Everything(frozenset[str]):
    def __contains__(self, item: object) -> bool:
        return True


# Sets that let a read skip work; with every word in them, each read takes its full path.
GATES = (
    "_NEEDS_MORE_TOKENS", "_PREFIX_KEYS", "_CURRENCY_FIRSTS", "_UNIT_FIRSTS", "_DATE_WORDS",
    "_TIME_FIRST", "_ORDINAL_FIRST", "_RANGE_FIRST", "_RANGE_SECOND", "_MINUS", "_MINUS_WORDS",
)  # fmt: skip


def _full_paths(body: str, spans: list[tuple[int, int]]) -> list[figures.Figure]:
    saved = {name: getattr(figures, name) for name in GATES}
    for name in GATES:
        setattr(figures, name, _Everything())
    try:
        # One span at a time (empty spans before it keep its index): the per-span reads the
        # walk over ordered spans replaced.
        return [
            f
            for i, span in enumerate(spans)
            for f in figures.find_figures(body, [(0, 0)] * i + [span])
        ]
    finally:
        for name, value in saved.items():
            setattr(figures, name, value)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_fast_paths_keep_every_figure_of_the_articles(path: Path) -> None:
    cleaned = clean(path.read_text(encoding="utf-8"))
    spans = find_sentences(cleaned)
    assert figures.find_figures(cleaned.body, spans) == _full_paths(cleaned.body, spans)


NUMBER_PIECES = (
    "$", "US$", "hk $", "USD", "usd", "MUSD", "Rs.", "€", "2020", "2,000", "1/2", "15", "0.5",
    "about", "more than", "per cent of", "of", "minus", "-", "−", ",", ".", ")", "(", "million",
    "m", "bn", "dollars", "%", "km", "km/h", "sq km", "people", "March", "to", "and", "between",
    "from", "t", "st", '"', "degrees", "°C", "pounds", "new zealand dollars", "cents", "years",
    "long", "Article", "G20", "2 pm", "21st", "www.x.org/5", "a@b", "one", "Two", "hundred",
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(parts=st.lists(st.sampled_from(NUMBER_PIECES), max_size=9), glue=st.sampled_from([" ", ""]))
@example(
    parts=["−", "one", "°C"],
    glue=" ",
)  # a spaced U+2212 minus before a number word (crashed: rindex of "-")
def test_fast_paths_equal_the_full_read(parts: list[str], glue: str) -> None:
    body = glue.join(parts)
    spans = [(0, len(body))]
    assert figures.find_figures(body, spans) == _full_paths(body, spans)
