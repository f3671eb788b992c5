"""The speed-ups of clean() and drop_chrome() give the answers of the slower forms they replaced.

Each fast form (a regex reshaped to open with a literal, a lower-cased match instead of
IGNORECASE, a cheap test before a regex, a whole-text test before a per-line pass) is checked
against the slow form, kept here verbatim as the reference, on hypothesis texts.
"""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

import factbase.ingest.clean  # noqa: F401  (the package exports clean() under the same name)
from factbase.ingest import chrome

clean_module = sys.modules["factbase.ingest.clean"]

# The forms the fast paths replaced, verbatim (the marker pattern with the closer-before-stop
# form of session 5: "(INPE).6").
MD_HEADING_REFERENCE = re.compile(
    r"^\ *\#{1,6}\ +(?P<text>[^\n]*?)(?:\ +\#+)?\ *$", re.VERBOSE | re.MULTILINE
)
MD_QUOTE_REFERENCE = re.compile(r"^\ *(?:>\ ?)+", re.VERBOSE | re.MULTILINE)
MD_RULE_REFERENCE = re.compile(r"^\ *(?:[-*_]\ *){3,}$", re.VERBOSE | re.MULTILINE)
MD_CODE_REFERENCE = re.compile(r"`+(?P<text>[^`\n]+)`+")
MARKER_AFTER_PUNCT_REFERENCE = re.compile(
    r"""(?P<punct>[.,;:!?])(?:(?<=[^\W_][.,;:!?])|(?<=[^\W_][”"’)\]][.,;:!?]))
        (?P<close>[”"’)\]]?)(?P<label>\d{1,3}|[*†‡§!?])(?=(?P<space>\ )|$)""",
    re.VERBOSE | re.MULTILINE,
)
LETTER_REFERENCE = re.compile(r"[^\W\d_]")


def _words(*words: str, max_size: int = 12) -> st.SearchStrategy[str]:
    """Texts of the given words joined by varied whitespace (or none)."""
    return st.lists(
        st.tuples(st.sampled_from(["", " ", "  ", "\n", "\n "]), st.sampled_from(words)),
        max_size=max_size,
    ).map(lambda parts: "".join(gap + word for gap, word in parts))


MARKDOWN = _words("#", "##", ">", "-", "*", "_", "`", "``", "a", "B c", "x_y", ".", "é", "\\")


@settings(max_examples=500, deadline=None)
@given(text=MARKDOWN)
def test_line_patterns_equal_the_multiline_regexes(text: str) -> None:
    c = clean_module
    flag = c._MD_HEADING_FLAG
    assert c._sub_lines(c._MD_HEADING, c._heading_flag, text) == MD_HEADING_REFERENCE.sub(
        flag + r"\g<text>", text
    )
    assert c._sub_lines(c._MD_QUOTE, "\n", text) == MD_QUOTE_REFERENCE.sub("", text)
    assert c._sub_lines(c._MD_RULE, "\n", text) == MD_RULE_REFERENCE.sub("", text)
    assert c._MD_CODE.sub(c._TEXT, text) == MD_CODE_REFERENCE.sub(r"\g<text>", text)


@settings(max_examples=1000, deadline=None)
@given(text=MARKDOWN)
def test_one_mark_patterns_equal_the_full_ones(text: str) -> None:
    c = clean_module
    for full, only in ((c._MD_STRONG, c._MD_STRONG_ONLY), (c._MD_EM, c._MD_EM_ONLY)):
        assert c._unemphasise(text, full, only) == full.sub(r"\g<text>", text)


@settings(max_examples=300, deadline=None)
@given(text=MARKDOWN)
def test_substring_patterns_equal_in_tests(text: str) -> None:
    has = clean_module._HAS
    assert bool(has["\n #"].search(text)) == ("\n#" in text or "\n #" in text)
    assert bool(has["\n >"].search(text)) == ("\n>" in text or "\n >" in text)
    assert bool(has["- -"].search(text)) == ("---" in text or "- -" in text)
    assert bool(has["* *"].search(text)) == ("***" in text or "* *" in text)


@settings(max_examples=500, deadline=None)
@given(text=_words("word", "Word", "3", "12", "1980s", ".", ",", ";", "!", "?", "”", ")", "*", "²"))
def test_marker_pattern_equals_the_reference(text: str) -> None:
    c = clean_module
    ours = c._MARKER_AFTER_PUNCT.sub(c._marker_after_punct, text)
    assert ours == MARKER_AFTER_PUNCT_REFERENCE.sub(c._marker_after_punct, text)


def test_odd_characters_are_all_unprintable() -> None:
    odd = [chr(i) for i in range(0x110000) if clean_module._ODD_CHARS.match(chr(i))]
    assert odd and not any(ch.isprintable() for ch in odd)


FOOTNOTE_PIECES = _words("12.", "3", "[4]", "*", "¹²", "Smith,", "AFP.", "“T”", "Ibid", "x", "\x07")


@settings(max_examples=500, deadline=None)
@given(text=FOOTNOTE_PIECES)
def test_footnote_hint_never_rules_out_a_footnote_line(text: str) -> None:
    c = clean_module
    lines = c._split_lines(text)
    if any(line.text and c._FOOTNOTE_START.fullmatch(line.text) for line in lines):
        assert c._FOOTNOTE_HINT.search("\n" + text)


LINE_PIECES = (
    "Photo", "courtesy", ":", "-", "2025", "•", "|", "By", "BY", "Jane", "Doe", "share", "This",
    "article", "www.x.com", "a@b.com", "spot_img", "SPOT_IMG", "page", "3", "Leave", "a", "Reply",
    "RELATED", "stories", "Read", "more", "on", "Kabul", "May", "12,", "AA-BB", "A–B", "Don't",
    "miss", "Editor's", "picks", "Cancel", "http://x.y/z", "Comments", "of", "1",
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(words=st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=6))
def test_folded_patterns_equal_ignorecase(words: list[str]) -> None:
    line = " ".join(words)
    folded = line.lower()
    cased = (folded.startswith("by ") or " " not in line) and chrome._CHROME_LINE_CASED.fullmatch(
        line
    )
    ours = chrome._CHROME_LINE_FOLDED.fullmatch(folded) or cased
    assert bool(ours) == bool(chrome._CHROME_LINE.fullmatch(line))
    for fast, slow in (
        (chrome._COMMENT_FORM_FOLDED, chrome._COMMENT_FORM),
        (chrome._TEASER_HEADER_FOLDED, chrome._TEASER_HEADER),
    ):
        assert bool(fast.fullmatch(folded)) == bool(slow.fullmatch(line))


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from("aZé ß1_-.,ْ ابپ ДжΩ 中文한ー\u0301²ſ"), max_size=40))
def test_non_latin_count_equals_findall(text: str) -> None:
    non_latin = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
    letters = len(LETTER_REFERENCE.findall(text))
    expected = chrome._NON_LATIN_HINT.search(text) is not None and (
        letters > 0 and 2 * len(non_latin.findall(text)) > letters
    )
    assert chrome._is_non_latin(text) == expected


BULLET_PIECES = ("•", "-", "–", "*", "o", "e", "1.", "12)", "(a)", "b)", "A", "x", "“Q", "3", " ")


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(BULLET_PIECES), min_size=1, max_size=4))
def test_bullet_gate_never_rules_out_a_bullet(parts: list[str]) -> None:
    text = "".join(parts)
    if chrome._BULLET.match(text):
        assert text[0] in chrome._BULLET_SIGNS or text[1:2] in " .)" or text[2:3] in ".)"


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["Taut", "Bataut", "is", "a", "writer", "–", ",", "x"]),
        min_size=1,
        max_size=6,
    )
)
def test_bio_gate_never_rules_out_a_name(words: list[str]) -> None:
    line = " ".join(words)
    if chrome._BIO_NAME.match(line):
        space = line.find(" ")
        assert space >= 2 and "A" <= line[space + 1 : space + 2] <= "Z"
