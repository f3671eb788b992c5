"""Fast paths of extraction round 5: each gives the answer of the slower test it skips."""

from __future__ import annotations

from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.ingest import chrome, content_hash, segment
from factbase.records import Cleaned


def test_comment_form_heads_are_the_first_letters_of_every_branch() -> None:
    (op, arg), *rest = list(_parser.parse(chrome._COMMENT_FORM.pattern, chrome._COMMENT_FORM.flags))
    assert op is c.BRANCH and not rest
    heads = set()
    for branch in arg[1]:
        first = list(branch)[:3]
        assert all(item_op is c.LITERAL for item_op, _ in first)
        heads.add("".join(chr(code) for _, code in first))
    assert heads == chrome.COMMENT_FORM_HEADS


COMMENT_PIECES = (
    "Leave", "a", "reply", "comment", "Post", "Add", "Comments", "are", "closed", "Please",
    "enter", "your", "name", "Cancel", "Submit", "You", "have", "entered", "an", "incorrect",
    "email", "address!", "Save", "my", "name,", "and", "website", "Notify", "me", "of", "new",
    "posts", "must", "be", "logged", "in", "to", "post", "Lead", "Posted", "addition", "common",
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.sampled_from(COMMENT_PIECES), min_size=1, max_size=8))
def test_comment_form_heads_never_rule_out_a_match(words: list[str]) -> None:
    line = " ".join(words)
    if chrome._COMMENT_FORM_FOLDED.fullmatch(line.lower()):
        assert line.lower()[:3] in chrome.COMMENT_FORM_HEADS


def test_repeated_lines_still_dropped() -> None:
    class Line:
        def __init__(self, text: str) -> None:
            self.text, self.bullet, self.heading = text, False, False

    texts = ["Site name", "", "A first sentence of the article that goes on.", "Site name"]
    texts += ["", "Site name", "Another line."]
    lines = chrome.drop_chrome([Line(t) for t in texts], None)
    assert [line.text for line in lines if line.text] == [
        "A first sentence of the article that goes on.",
        "Another line.",
    ]


def _period_ends_everywhere(body: str) -> list[tuple[int, int]]:
    """find_sentences with every single period judged by _period_ends (no fast path)."""
    saved = segment._WORD_TAIL
    segment._WORD_TAIL = 10**9  # the fast path's test never holds
    try:
        return segment.find_sentences(Cleaned(body))
    finally:
        segment._WORD_TAIL = saved


WORDS = (
    "The", "talks", "in", "the", "U.S.", "Dr.", "Smith", "J.", "R.", "agreed", "approx.",
    "infrastructure.", "co-operation.", "(international.", "“Agreements.", "No.", "5", "It",
    "Plan", "B.", "Inc.", "etc.", "Ltd.", "ministries.", "élan.", "Ünïcödéwörd.", "1.", "2024.",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_sentence_fast_path_agrees_with_period_ends(words: list[str]) -> None:
    body = " ".join(words)
    assert segment.find_sentences(Cleaned(body)) == _period_ends_everywhere(body)


def test_content_hash_normalises_line_ends_only_when_present() -> None:
    assert content_hash("a\r\nb\rc") == content_hash("a\nb\nc")
    assert content_hash("abc") != content_hash("abd")
