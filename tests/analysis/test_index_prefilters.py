"""Indexing's batch prefilter and rewritten helpers give what the plain code gives."""

from __future__ import annotations

import random
import re

import pytest

from factbase.analysis import signatures as sg

CLAIMS = [
    "Kazakhstan signed the treaty in June 2021.",
    "Reports that the deal was falsesigned by Moscow in 2019 are wrong.",
    "Claims that Kabul deniedsigned the accord in 2020 were false; Tehran met in 2021.",
    "Claims that Kabul was wrongsigned in 2020 do not hold upsigned in 2021.",
    "Officials said that trade grew.",
    "Output rose; the minister thinks the link is new.",
    "Contrary to reports that Tashkent co-signed the pact, it had not signed it by 2020.",
    "Uzbekistan’s parliament RATIFIED the Water-sharing Accord in mid-February 2015.",
    "The summit was held in Doha, but Qatar’s envoy attended only briefly.",
    "“Moscow opened a consulate in Herat” – a claim the ministry denied that week.",
    "Café owners in Kabul unsigned the petition.",
    "İstanbul signed nothing; the \u212aabul office was closed.",
    "",
    "signed",
    "x",
    "Few analysts expect a breakthrough in the near term.",
    "Few analysts expect a breakthrough in the near term.",
]


def test_candidates_hold_every_keyed_claim() -> None:
    claims = CLAIMS + [c.upper() for c in CLAIMS] + [c.lower() for c in CLAIMS]
    # without the two letters that make every claim a candidate, the scan itself decides
    plain = [c for c in claims if not any(ch in c for ch in sg._LOWER_TO_AZ)]
    for batch in (claims, plain):
        found = set(sg.event_candidates(batch))
        for k, claim in enumerate(batch):
            if sg.event_signature(claim) is not None:
                assert k in found, claim
    assert sg.event_candidates(claims) == list(range(len(claims)))
    assert len(sg.event_candidates(plain)) < len(plain)


def test_candidates_of_repeats_and_single_texts() -> None:
    claims = ["Kabul signed it in 2020.", "No action here.", "Kabul signed it in 2020."]
    assert sg.event_candidates(claims) == [0, 2]
    assert sg.event_candidates([]) == []
    assert sg.event_candidates(["Moscow met Kabul"]) == [0]


def test_lower_to_az_lists_every_such_character() -> None:
    az = re.compile("[a-z]")
    found = []
    for i in range(128, 0x110000):
        ch = chr(i)
        low = ch.lower()
        if low != ch and az.search(low):
            found.append(ch)
    assert sorted(found) == sorted(sg._LOWER_TO_AZ)


def _reference_terms(clause: str, lo: int, hi: int) -> tuple[list[str], list[str], set[str]]:
    tokens = sg.tokenize(clause)
    names, words = [], []
    for i, t in enumerate(tokens):
        if t.kind != "w" or lo <= t.start < hi:
            continue
        raw = clause[t.start : t.end]
        if (
            t.cap
            and raw not in sg.NAME_STOP
            and raw not in sg.MONTH_WORDS
            and not (i == 0 and t.value in sg.EVENT_STOP)
        ):
            names.append(t.value)
        elif not t.cap and t.value not in sg.EVENT_STOP and len(t.value) > 2:
            words.append(sg._stem(t.value))
    return names, words, {t.value for t in tokens if t.kind == "ent"}


@pytest.mark.parametrize("clause", CLAIMS)
def test_event_terms_equal_the_token_loop(clause: str) -> None:
    for lo, hi in ((0, 0), (0, 6), (5, 12), (len(clause) // 2, len(clause))):
        assert sg._event_terms(clause, lo, hi) == _reference_terms(clause, lo, hi)


OLD_CLAUSE_SPLIT = re.compile(r"[;:]\s|\s[—–|]\s|,\s+(?:but|while|whereas)\s|(?<=[a-z0-9]{2})\.\s")
OLD_YEAR = re.compile(r"(?<![\w/.-])(?:19|20)\d\d(?![\w/-]|\.\d)")
OLD_CAPITALS = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, sg.CAPITALS), key=len, reverse=True)) + r")\b"
)


@pytest.mark.parametrize(
    "text",
    [
        *CLAIMS,
        "ab. x a. b 1a.\tb x ; y q — r s,  but t ..  ab.\n zz.. x é. x",
        "2019 in 2020, x2021 /2022 -2023 .2024 2025.5 2026/ 19999 (2027) 1999",
        "ANew Delhi, New Delhix Delhi xMoscow Moscow_ Moscow1 (Moscow) Kyiv-Minsk éMoscow",
        "Abu Dhabi Abu  Dhabi New Delhi's Kuala Lumpur’s Washington",
    ],
)
def test_rewritten_patterns_match_the_same_spans(text: str) -> None:
    def spans(p: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in p.finditer(text)]

    assert spans(sg.CLAUSE_SPLIT_RE) == spans(OLD_CLAUSE_SPLIT)
    assert spans(sg.YEAR_RE) == spans(OLD_YEAR)
    assert spans(sg.CAPITALS_RE) == spans(OLD_CAPITALS)
    assert sg._attributions(text) == [m.span() for m in sg.ATTRIBUTION_RE.finditer(text)]


def test_smallest_is_the_sorted_prefix() -> None:
    rng = random.Random(5)
    for n in (0, 1, 95, 96, 385, 400, 700, 3000):
        hashes = {rng.getrandbits(48) for _ in range(n)}
        assert sg._smallest(hashes, 96) == tuple(sorted(hashes)[:96])
    clustered = {rng.getrandbits(30) for _ in range(1000)}  # all far below the bound
    assert sg._smallest(clustered, 96) == tuple(sorted(clustered)[:96])
    high = {(1 << 48) - 1 - rng.getrandbits(30) for _ in range(1000)}  # none below it
    assert sg._smallest(high, 96) == tuple(sorted(high)[:96])
