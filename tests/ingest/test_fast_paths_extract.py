"""Fast paths of extract() checked against the forms they replaced: number starts and speech
verbs from shared scans (find_figures takes its candidates from them), the period-only boundary
scan, claims with quotation marks found in the body, the possessive run of the entity scan."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import factbase.ingest as extract_module
from factbase.ingest import citations, entities, figures, numbers, segment

GAPS = ["", " ", "  ", "\n", "\t", "-", "\u00a0", "“", "(", "é", "_", "’", ",", ".", "½", "\x00"]
WORDS = [
    "1", "07", "2.5", "1,000", "½", "¼5", "one", "Two", "seventeen", "seven", "said", "says",
    "told", "unsaid", "Said", "saidx", "x", "ten", "tells", "a", "٣",
]  # fmt: skip


def _texts() -> st.SearchStrategy[str]:
    return st.lists(st.tuples(st.sampled_from(GAPS), st.sampled_from(WORDS)), max_size=14).map(
        lambda parts: "".join(gap + word for gap, word in parts)
    )


@settings(max_examples=800, deadline=None)
@given(text=_texts(), cut=st.integers(0, 6))
def test_shared_scans_equal_the_separate_ones(text: str, cut: int) -> None:
    end = max(0, len(text) - cut)
    starts, verbs = citations.numbers_and_speech_verbs(text, end)
    assert verbs == citations._speech_verbs(text, end)
    assert starts == numbers.find_number_starts(text, 0, end)


@settings(max_examples=800, deadline=None)
@given(text=_texts(), a=st.integers(0, 80), b=st.integers(0, 80))
def test_starts_within_a_stretch(text: str, a: int, b: int) -> None:
    # Stretches as sentences make them: from any character, to the end or before a blank.
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    starts, _ = citations.numbers_and_speech_verbs(text, len(text))
    assert figures._starts_within(text, starts, lo, hi) == numbers.find_number_starts(text, lo, hi)


def test_examples() -> None:
    text = "He said one 2021 fell-five (seven) “ten” 5½said -4 and 3,000 were told."
    starts, verbs = citations.numbers_and_speech_verbs(text, len(text))
    assert starts == numbers.find_number_starts(text, 0, len(text))
    assert [text[s:e] for s, e in verbs] == ["said", "told"]
    expected = ["one", "202", "fiv", "sev", "ten", "5½s", "4 a", "3,0"]
    assert [text[p : p + 3] for p in starts] == expected


SENTENCE_PIECES = ["Mr", "U.S", "It", "the", "5", "“Yes", "a", "(b)", "Plan B", "e.g"]
SENTENCE_GAPS = [". ", ".  ", "? ", "! ", "… ", ".” ", " ", "\n", "\n\n", ".. ", "."]


@settings(max_examples=500, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(SENTENCE_PIECES), st.sampled_from(SENTENCE_GAPS)), max_size=14
    )
)
def test_period_boundary_scan(parts: list[tuple[str, str]]) -> None:
    text = "".join(a + b for a, b in parts)
    if not any(c in text for c in "!?…"):
        full = [(m.span(), m.start(1)) for m in segment._BOUNDARY.finditer(text)]
        period = [(m.span(), m.start(1)) for m in segment._PERIOD_BOUNDARY.finditer(text)]
        assert period == full


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(["a", "“b”", '"c', "d", "e f"]), st.sampled_from([" ", "\n"])),
        max_size=12,
    ),
    cuts=st.lists(st.integers(0, 60), max_size=8),
)
def test_claims_with_quote_marks(parts: list[tuple[str, str]], cuts: list[int]) -> None:
    body = "".join(a + b for a, b in parts)
    edges = sorted({min(c, len(body)) for c in cuts} | {0, len(body)})
    spans = [(a, b) for a, b in itertools.pairwise(edges) if a < b][::2]
    expected = {i for i, (s, e) in enumerate(spans) if "“" in body[s:e] or '"' in body[s:e]}
    assert extract_module._claims_with_quote_marks(body, spans) == expected


RUN_WORDS = ["The", "Vladimir", "Putin", "al", "bin", "Russia", "US", "said", "of", "Élysée"]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(RUN_WORDS), st.sampled_from([" ", "  ", "\n", ", ", "-"])),
        max_size=12,
    )
)
def test_entity_scan_run_is_possessive_safely(parts: list[tuple[str, str]]) -> None:
    text = "".join(a + b for a, b in parts)
    scan = entities.entity_table().scan
    greedy = re.compile(scan.pattern.replace("(?P<run>[a-zß-öø-ÿ]++", "(?P<run>[a-zß-öø-ÿ]+"), re.X)
    assert greedy.pattern != scan.pattern
    found = [(m.span(), m.lastgroup) for m in scan.finditer(text)]
    assert found == [(m.span(), m.lastgroup) for m in greedy.finditer(text)]
