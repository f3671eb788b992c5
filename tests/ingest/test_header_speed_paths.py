"""The header stage's shortcuts answer as the searches they stand in for."""

import random

import pytest

from factbase.ingest import header as h
from factbase.ingest.clean import clean

SAMPLES = [
    "",
    "Photo: Jane Doe",
    "PHOTO by AFP",
    "Image courtesy of X",
    "Follow @jane on X",
    "Policy Brief No. 7",
    "WORKING PAPERS 2024/03",
    "Vol.3 Issue 4",
    "Notes on a Scandal",
    "Drought and Debt: Pakistan, the IMF and the",
    "Home | World | Business | Contact",
    "Home » World » Business",
    "Title | Outlet",
    "Jane Doe · Kabul · 3 May 2024",
    "Jane Doe — Kabul — 3 May 2024",
    "Posted on Monday by Jane Doe",
    "Stand BY Me",
    "ſeries Paper",
    "KELVIN ſ Photo",
    "Subscribe for $1 a week",
    "This site uses cookies",
    "We use COOKIES to improve",
    "Sign  in to continue",
]
ALPHABET = "ab Z1_-'’ .,é\u00a0ßſ9|·•—»/@\\"


def _random_lines(n: int) -> list[str]:
    rng = random.Random(5)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


@pytest.mark.parametrize("line", SAMPLES + _random_lines(3000))
def test_prefilters_agree_with_the_searches(line):
    assert h._is_caption(line) == (h.CAPTION_RE.search(line) is not None)
    assert h._is_series(line) == (h.SERIES_RE.search(line) is not None)
    assert h._fields(line) == h.FIELD_SEP_RE.split(line)
    items = h.MENU_SEPARATOR_RE.split(line)
    menu = len(items) >= h.MENU_MIN_ITEMS and all(len(it.split()) <= 3 for it in items)
    assert h._is_menu(line) == menu
    assert h._by_name(line) is None or h.BY_NAME_RE.search(line) is not None
    if h.BY_NAME_RE.search(line) is None:
        assert h._by_name(line) is None
    for end in (len(line), 20):
        ten = len(h.WORD_RE.findall(line, 0, end)) >= 10
        assert (h.TEN_WORDS_RE.match(line, 0, end) is not None) == ten


def test_call_to_action_split_matches_the_old_pattern():
    import re

    old = re.compile(
        r"""^(?:subscribe|sign\s+(?:up|in)|log\s*in|register|download|donate|skip\s+to|click
        |tap\s+here|(?:follow|join|find|like|support|contact)\s+us|get\s+(?:the|our)\s+(?:app
        |newsletter)|share\s+(?:this|on))\b|\b(?:use|uses|accept)\s+cookies\b""",
        re.VERBOSE | re.IGNORECASE,
    )
    for line in [*SAMPLES, "We use \u212aookies", "Cookies: we USE cookies", "cliCK here"]:
        new = h.CALL_TO_ACTION_RE.match(line) is not None or (
            "cook" in line.lower() and h.COOKIE_NOTICE_RE.search(line) is not None
        )
        assert new == (old.search(line) is not None), line


def test_page_memos_are_cleared_for_each_page():
    page = "# A Title Long Enough to Count Here\n\nBy Jane Doe | 3 May 2024\n\nBody text here.\n"
    first = h.find_metadata(page, clean(page))
    assert h._is_date_line.cache_info().currsize > 0
    other = "# Another Title That Is Long Enough\n\nBy John Roe | 4 May 2024\n\nBody.\n"
    h.find_metadata(other, clean(other))
    assert all(memo.cache_info().currsize < 64 for memo in h._PAGE_MEMOS)
    assert h.find_metadata(page, clean(page)) == first


def test_wrapped_titles_are_still_joined():
    lower = "The Dam\nand the River\n\nBy Jane Doe\n\nText."
    upper = "Drought and Debt: Pakistan, the IMF and the\nNext Bailout\n\nBy Jane Doe\n\nText."
    assert h.find_metadata(lower, clean(lower)).title == "The Dam and the River"
    title = "Drought and Debt: Pakistan, the IMF and the Next Bailout"
    assert h.find_metadata(upper, clean(upper)).title == title
