"""Event classes (start of operation, halts, resumptions, dismantling, a meeting's opening), the
event's terms read from its main clause, and claims an article quotes only to rebut them."""

from __future__ import annotations

import datetime as dt

import pytest

from factbase.analysis.conflicts import _event_key, _Sig
from factbase.analysis.signatures import (
    EventSignature,
    event_signature,
    figure_frame,
    find_disputed,
)
from factbase.testing.events import block_row, kinds_found, signature

PUBLISHED = dt.date(2024, 6, 1)


def _sig(text: str) -> EventSignature:
    return signature(text, PUBLISHED)


def _row(claim_id: int, article_id: int, text: str) -> _Sig:
    return block_row(claim_id, article_id, text, PUBLISHED)


def _found(*texts: str) -> list[str]:
    return kinds_found(texts, PUBLISHED)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("The Varnok pipeline began pumping crude to Chile in May 2019.", "open"),
        ("The Varnok pipeline's second string started delivering crude in August 2019.", "open"),
        ("The Belmora hydro plant entered commercial service in Peru in 2018.", "open"),
        ("The Belmora hydro plant went into operation in Peru in 2018.", "open"),
        ("The Belmora hydro plant was commissioned in Peru in 2018.", "open"),
        ("The Belmora hydro plant was decommissioned in Peru in 2018.", "close"),
        ("Chile dismantled its Tarvo listening post in Bolivia in 2015.", "close"),
        ("Norway halted electricity exports to Sweden in March 2021.", "halt"),
        ("Norway suspended electricity exports to Sweden in March 2021.", "halt"),
        ("Norway stopped electricity exports to Sweden in March 2021.", "halt"),
        ("Flights between Kenya and Somalia resumed in June 2022.", "resume"),
        # Opening a meeting is convening it, a recurring event, not a place's opening.
        ("The Lindorf talks on Yemen opened on 3 March 2021 in Oman.", "meet"),
        ("Oman opened the Lindorf summit on Yemen on 19 March 2021.", "meet"),
        ("Oman convened the Lindorf talks on Yemen on 19 March 2021.", "meet"),
        ("Peru opened a consulate in Bolivia in 2012.", "open"),
    ],
)
def test_action_classes(text: str, action: str) -> None:
    assert _sig(text).action == action


def test_did_not_halt_is_the_denial_of_a_halt() -> None:
    assert _sig("Norway did not halt electricity exports to Sweden in March 2021.").polarity == -1
    assert _found(
        "Norway halted electricity exports to Sweden in March 2021, citing low reservoirs.",
        "Norway did not halt electricity exports to Sweden in March 2021, despite the drought.",
    ) == ["negation"]


def test_halts_recur_so_unnamed_halts_at_two_dates_do_not_conflict() -> None:
    assert (
        _found(
            "Norway halted electricity exports to Sweden in March 2021.",
            "Norway halted electricity exports to Sweden in November 2022.",
        )
        == []
    )


def test_start_of_operation_dates_conflict() -> None:
    assert _found(
        "The Varnok pipeline began pumping crude to Chile in May 2019.",
        "The Varnok pipeline started to deliver crude to Chile in October 2019.",
    ) == ["date"]


def test_a_meetings_opening_and_convening_are_one_event() -> None:
    assert _found(
        "The Lindorf talks on Yemen opened on 3 March 2021, but produced no ceasefire.",
        "Oman convened the Lindorf talks on Yemen on 19 March 2021, bringing together both sides.",
    ) == ["date"]


def test_names_and_entities_come_from_the_main_clause() -> None:
    asserted = _sig(
        "Chile withdrew its observers from the Peru-Bolivia border in May 2016, after both "
        "states backed Argentina in the Pampas quarrel."
    )
    denied = _sig(
        "Chile never withdrew its observers from the Peru-Bolivia border in 2016, according to "
        "a Kenyan envoy posted to Oman at the time."
    )
    assert asserted.names == denied.names == ()
    assert asserted.entities == denied.entities == ("bolivia", "chile", "peru")
    assert denied.polarity == -1
    lead = _sig("Despite the protests, Kenya did not recognise Jubaland in 2020.")
    assert lead.words == ()
    reported = _sig("Peru signed the Tarvo accord in 2019, two Chilean officials told Radio Mar.")
    assert (reported.names, reported.entities) == (("tarvo",), ("peru",))


def test_a_list_and_a_during_phrase_stay_in_the_event() -> None:
    sig = _sig("Peru signed the Tarvo accord with Chile, including Bolivia, during May 2019.")
    assert sig.entities == ("bolivia", "chile", "peru")
    assert sig.low == dt.date(2019, 5, 1)


def test_a_common_noun_opening_the_clause_is_no_name() -> None:
    sig = _sig("Construction on the Kenyan stretch resumed in June 2022.")
    assert sig.names == () and sig.entities == ("kenya",)


def test_a_glued_footnote_marker_ends_the_clause() -> None:
    sig = _sig(
        "The Varnok canal started taking water in May 2020.4 The canal irrigates farms in "
        "Kenya and Uganda."
    )
    assert sig.names == ("varnok",) and sig.entities == ()


@pytest.mark.parametrize(
    "text",
    [
        "Peruvian officials have claimed that Chilean investment in Bolivia hit $4 billion in "
        "2021, a figure not supported by the central bank's data.",
        "The opposition says that Chilean investment in Bolivia hit $4 billion in 2021, but "
        "there is no evidence for it.",
        "A lobby group asserted that Chilean investment in Bolivia hit $4 billion in 2021; the "
        "claim has been disputed by auditors.",
    ],
)
def test_a_claim_rebutted_in_its_sentence_is_disputed(text: str) -> None:
    start = text.index("$4")
    assert any(s <= start < e for s, e in find_disputed(text))
    assert figure_frame(text, start, start + len("$4 billion"), "money") is None


def test_a_reported_claim_without_a_rebuttal_stands() -> None:
    text = "The ministry said that Chilean investment in Bolivia hit $4 billion in 2021."
    assert find_disputed(text) == []
    start = text.index("$4")
    assert figure_frame(text, start, start + len("$4 billion"), "money") is not None


def test_an_event_quoted_to_rebut_it_is_no_event() -> None:
    assert (
        event_signature(
            "Some bloggers claimed that Kenya recognised Jubaland in 2020, which is false.",
            PUBLISHED,
        )
        is None
    )


def test_a_findings_event_key_does_not_depend_on_which_side_is_first() -> None:
    class F:
        def __init__(self, a: _Sig, b: _Sig) -> None:
            self.detail = {"a": a, "b": b}

    a = _row(1, 1, "Peru signed the Tarvo accord in 2019.")
    b = _row(2, 2, "Peru signed the Tarvo accord on the Rimac river in 2020.")
    assert _event_key(F(a, b)) == _event_key(F(b, a))  # type: ignore[arg-type]


def test_a_reporting_clause_keeps_the_date_a_denial_covers() -> None:
    denial = "Chile has never signed the Tarvo accord, its foreign ministry said in May 2016."
    sig = _sig(denial)
    assert (sig.polarity, sig.high, sig.entities, sig.names) == (
        -1, dt.date(2016, 5, 31), ("chile",), ("tarvo",),
    )  # fmt: skip
    assert _found("Chile signed the Tarvo accord in August 2016.", denial) == []
