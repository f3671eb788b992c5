"""The pre-filters in front of header.py's and clean.py's regexes answer as the regexes do.

Each fast path (a substring test before a search, a search split in two, a pattern rewritten to
open on a literal) must give the plain regex's answer on any text, including the letters that
IGNORECASE folds beyond ASCII ("ı", "İ", "ſ", the Kelvin sign).
"""

from __future__ import annotations

import random
import re

from factbase.ingest import header
from factbase.ingest.clean import _YEAR_DOT_DIGIT

# The patterns as they were before the fast paths.
CALL_TO_ACTION_BEFORE = re.compile(
    r"""^(?:subscribe|sign\s+(?:up|in)|log\s*in|register|download|donate|skip\s+to|click|tap\s+here
        |(?:follow|join|find|like|support|contact)\s+us|get\s+(?:the|our)\s+(?:app|newsletter)|share\s+(?:this|on))\b
        |\b(?:use|uses|accept)\s+cookies\b""",
    re.VERBOSE | re.IGNORECASE,
)
YEAR_DOT_DIGIT_BEFORE = re.compile(r"(?:19|20)\d\d\.\d")

PIECES = [
    "photo", "PHOTO", "phıto", "fıle", "fİle", "file", "Credit", "courteſy", "image", "picture",
    "@", "@x", "No.", " 7", "Vol. 3", "Issue 4", "Working Paper", "POLICY BRIEFS", "Notes",
    "Research Series", "Research ſeries", "Subscribe", "sign up", "LOG IN", "Follow us",
    "uses cookies", "accept COOKIES", "use Coo\u212aies", "1920", "2024.5", "19", ".", "٣",
    "a", "The", " ", "-", "by", "é", "日本",
]  # fmt: skip


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6))) for _ in range(count)]


def test_caption_and_series_fast_paths_answer_as_the_regexes() -> None:
    for text in _texts(1, 20_000):
        assert header._is_caption(text) == (header.CAPTION_RE.search(text) is not None), text
        assert header._is_series(text) == (header.SERIES_RE.search(text) is not None), text


def test_call_to_action_split_answers_as_the_one_regex() -> None:
    for text in _texts(2, 20_000):
        split = bool(
            header.CALL_TO_ACTION_RE.match(text)
            or ("cook" in text.lower() and header.COOKIE_NOTICE_RE.search(text))
        )
        assert split == (CALL_TO_ACTION_BEFORE.search(text) is not None), text


def test_year_dot_digit_opening_on_the_full_stop_finds_what_it_found() -> None:
    for text in _texts(3, 20_000):
        found = _YEAR_DOT_DIGIT.search(text) is not None
        assert found == (YEAR_DOT_DIGIT_BEFORE.search(text) is not None), text
