"""More fast paths checked against the slower forms they replaced (see test_fast_paths.py):
speech verb scans in two passes, word-start tries that open with a literal, boundary scans that open
with a character class, date cues in separate scans."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.ingest import citations, entities, segment

# The forms the fast paths replaced, verbatim.
BOUNDARY_REFERENCE = re.compile(r"[.!?…]+[”\"’'»)\]]*(?=\ )")


def _texts(*words: str) -> st.SearchStrategy[str]:
    """Texts of the given words joined by varied separators (or none)."""
    gaps = ["", " ", "  ", "\n", "\t", "“", "(", "é", "_", "-", "’", ",", "\x00"]
    return st.lists(st.tuples(st.sampled_from(gaps), st.sampled_from(words)), max_size=12).map(
        lambda parts: "".join(gap + word for gap, word in parts)
    )


VERBS = ("said", "says", "told", "stated", "unsaid", "x", "asked", "Said", "saidx")


@settings(max_examples=500, deadline=None)
@given(text=_texts(*VERBS), cut=st.integers(0, 6))
def test_speech_verb_scans_equal_the_lookbehind_regex(text: str, cut: int) -> None:
    notes = max(0, len(text) - cut)
    expected = [m.span() for m in citations.SPEECH_VERB_RE.finditer(text, 0, notes)]
    assert citations._speech_verbs(text, notes) == expected


@settings(max_examples=300, deadline=None)
@given(
    aliases=st.lists(st.sampled_from(["al-Qaeda", "al", "a b", "ab", "b", "x(", "é"]), min_size=1),
    text=_texts("al-Qaeda", "al", "a", "b", "ab", "x(", "é", "Al-Qaeda"),
)
def test_word_start_trie_equals_a_leading_lookbehind(aliases: list[str], text: str) -> None:
    reference = re.compile(rf"(?<!\w)(?:{entities._trie_regex(aliases)})(?!\w)")
    fast = re.compile(rf"{entities._trie_regex(aliases, word_start=True)}(?!\w)")
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in reference.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(text=_texts(".", "..", "!?", "…", "”", ")", " ", "A", "a", "“"))
def test_boundary_scan_equals_the_reference(text: str) -> None:
    assert [m.span() for m in segment._BOUNDARY.finditer(text)] == [
        m.span() for m in BOUNDARY_REFERENCE.finditer(text)
    ]


@settings(max_examples=500, deadline=None)
@given(text=_texts("this week", "last year", "This month", "yesterday", "Yesterday", "1999s",
                   "2024", "May", "Sunday", "thisweek", "Xlast month", "x"))  # fmt: skip
def test_date_cue_scans_find_the_cues_of_one_scan(text: str) -> None:
    expected = [m.span() for m in segment._DATE_CUE.finditer(text)]
    found = sorted(m.span() for scan in segment._DATE_CUE_SCANS for m in scan.finditer(text))
    assert found == expected
