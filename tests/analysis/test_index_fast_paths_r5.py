"""Indexing fast paths give what the plain code gave (round 5: sketches' words, attributions,
family phrases, event payloads, tokens)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from factbase.analysis import conflicts
from factbase.analysis import signatures as sg

TEXTS = [
    "",
    "Plain ASCII Text, with CAPS and digits 2021 and under_scores.",
    "Curly “quotes” and ‘single’ – dashes — and… ellipses «guillemets» © € £ ° • · a\xa0b",
    "ΟΔΟΣ’ΑΘΗΝΑ and ΟΔΟΣ ΑΘΗΝΑ: a final sigma decided across a separator",
    "İstanbul and the KELVIN sign \u212a and Straße and café’s",
    "Trade turned OUT to be 5%; exports Put Out 3 tonnes; turnſ out; output",
    "ACCORDING TO the ministry, Data Compiled By the OECD put it at $5m, citing officials",
]


@pytest.mark.parametrize("text", TEXTS)
def test_body_words_are_the_word_runs_of_the_lower_case(text: str) -> None:
    assert sg._body_words(text) == [w.encode() for w in sg.WORD_RE.findall(text.lower())]


@pytest.mark.parametrize("text", TEXTS)
def test_attributions_match_the_case_blind_pattern(text: str) -> None:
    assert sg._attributions(text) == [m.span() for m in sg.ATTRIBUTION_RE.finditer(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_family_phrases_hold_out(text: str) -> None:
    # figure_frame substitutes FAMILY_PHRASES_RE only in texts whose lower case holds "out".
    if sg.FAMILY_PHRASES_RE.search(text):
        assert "out" in text.lower()


@pytest.mark.parametrize(
    "sig",
    [
        sg.EventSignature("sign", True, 1, ("kabul",), ("afghanistan",), ("agreem",),
                          None, None, False),
        sg.EventSignature("meet", False, -1, (), (), (), dt.date(2020, 1, 1), None, True),
        sg.EventSignature("visit", False, 1, ('qu"ote', "back\\slash", "café", "日本"),
                          ("a_b",), ("x\ny",), None, None, False),
    ],
)  # fmt: skip
def test_event_payload_is_json_dumps(sig: sg.EventSignature) -> None:
    expected = json.dumps([sig.action, sig.once, sig.names, sig.entities, sig.words])
    assert conflicts._payload(sig) == expected


def _reference_tokens(text: str, figure: tuple[int, int] | None = None) -> list[sg.Token]:
    """tokenize as written before it skipped the entity test for tokens before an entity."""
    ents = sg._entity_spans(text)
    fig_start, fig_end = figure if figure is not None else (-1, -1)
    out: list[sg.Token] = []
    i = 0
    for m in sg.TOKEN_RE.finditer(text):
        s, e = m.span()
        if fig_start <= s < fig_end:
            if not out or out[-1].kind != "fig":
                out.append(sg.Token("fig", "", fig_start, fig_end, False))
            continue
        while i < len(ents) and ents[i][1] <= s:
            i += 1
        if i < len(ents) and ents[i][0] <= s:
            es, ee, canonical = ents[i]
            if not (out and out[-1].kind == "ent" and out[-1].start == es):
                out.append(sg.Token("ent", sg._key(canonical), es, ee, True))
            continue
        word = m[0]
        if word[0].isalpha():
            value = sg.POSSESSIVE_RE.sub("", word.lower())
            out.append(sg.Token("w", value, s, e, word[0].isupper()))
        elif word[0].isdigit():
            out.append(sg.Token("num", word, s, e, False))
        else:
            out.append(sg.Token("p", word, s, e, False))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Russia's exports to South Africa rose to $5 million in 2021, Moscow said.",
        "United States United States Kabul Moscow, New Delhi's and India",
        "Exports from the United Arab Emirates to Iraq reached 12,000 tonnes",
        "no entities at all here, 1, 2; 3",
    ],
)
def test_tokens_are_those_of_the_plain_loop(text: str) -> None:
    assert sg.tokenize(text) == _reference_tokens(text)
    for m in sg.TOKEN_RE.finditer(text):
        for figure in (m.span(), (m.start(), min(len(text), m.end() + 12))):
            assert sg.tokenize(text, figure) == _reference_tokens(text, figure)
