"""The fast paths of signatures (sketch tokens, the action-word gate of event signatures)
give what the plain code gives."""

from __future__ import annotations

import zlib

import pytest

from factbase.analysis.signatures import (
    WORD_RE,
    _find_action,
    _mask,
    body_sketch,
    event_signature,
    find_disputed,
)

TABLES = {
    "figure_frames": "figure_id",
    "event_signatures": "claim_id, block",
    "article_sketches": "article_id",
}


def _sketch_reference(body: str) -> tuple[int, tuple[int, ...]]:
    tokens = WORD_RE.findall(body.lower())
    crc = {w: zlib.crc32(w.encode()) for w in set(tokens)}
    words = [crc[w] for w in tokens]
    if len(words) < 5:
        words += [0] * (5 - len(words))
    cols = [words[i : len(words) - 5 + 1 + i] for i in range(5)]
    hashes = {hash(t) & 0xFFFFFFFFFFFF for t in zip(*cols, strict=True)}
    return len(hashes), tuple(sorted(hashes)[:96])


@pytest.mark.parametrize(
    "body",
    [
        "",
        "one two",
        "Café owners’ “union” — 5,000 members_joined; naïve Ωmega test ©2020 … end",
        "“Quoted” text – with dashes’ only\xa0and spaces",
        " ".join(f"word{i % 37} x{i}" for i in range(2000)),
    ],
)
def test_sketch_equals_the_plain_tokenizer(body: str) -> None:
    assert body_sketch(body) == _sketch_reference(body)


@pytest.mark.parametrize(
    "claim",
    [
        "Reports that the deal was falsesigned by Moscow in 2019 are wrong.",
        "Claims that Kabul deniedsigned the accord in 2020 were false; Tehran met in 2021.",
        "Officials said that trade grew.",
        "Kazakhstan signed the treaty in June 2021.",
    ],
)
def test_event_gate_keeps_exposed_words(claim: str) -> None:
    disputed = find_disputed(claim)
    text = _mask(claim, disputed) if disputed else claim
    if _find_action(text) is None:
        assert event_signature(claim) is None
