"""Event classes of round 2 (foundation stones, agreeing terms, bans and their lifting,
restrictions, becoming operational, deliveries), reporting clauses in the present tense, and an
anaphoric subject ("The bridge, which was opened in ...") named by the sentence before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factbase.analysis.conflict_store import list_conflicts
from factbase.analysis.conflicts import detect_conflicts
from factbase.analysis.signatures import EventSignature, event_signature
from factbase.db.engine import open_db
from factbase.loader import ingest_paths
from factbase.testing.events import kinds_found, signature

PUBLISHED = dt.date(2025, 3, 1)


def _sig(text: str, context: str | None = None) -> EventSignature:
    return signature(text, PUBLISHED, context)


def _found(*texts: str) -> list[str]:
    return kinds_found(texts, PUBLISHED)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Chile and Peru laid the foundation stone of the Tacna-Arica aqueduct on 2 May 2021.",
         "groundbreak"),
        ("The foundation stone of the Tacna-Arica aqueduct was laid in Peru in August 2021.",
         "groundbreak"),
        ("The foundation of the Tacna-Arica aqueduct was formally laid in August 2021.",
         "groundbreak"),
        ("Workers broke ground on the Tacna-Arica aqueduct in Chile in June 2021.", "groundbreak"),
        ("Mali and Niger agreed a common Sahel transit fee on 4 April 2022.", "agree"),
        ("The common Sahel transit fee was agreed by Mali and Niger in July 2022.", "agree"),
        ("Parliament in Ghana adopted the Volta fisheries charter in March 2020.", "agree"),
        ("Kenya imposed a ban on Ugandan maize imports on 3 March 2021.", "ban"),
        ("Kenya introduced an export ban on Kilifi charcoal in 2019.", "ban"),
        ("Kenya banned Ugandan maize imports in May 2021.", "ban"),
        ("Kenya lifted its ban on Ugandan maize imports in 2022.", "lift"),
        ("The Kenyan ban on Ugandan maize imports was lifted in 2022.", "lift"),
        ("Canada imposed sanctions on Belarus in 2021.", "restrict"),
        ("Canada eased its sanctions on Belarus in 2023.", "ease"),
        ("The Mombasa grain terminal became operational in Kenya in 2019.", "open"),
        ("The Mombasa grain terminal became fully operational in 2019.", "open"),
        ("The second Skorpion frigate was delivered to Algeria in May 2023.", "deliver"),
        ("Algeria took delivery of the second Skorpion frigate in May 2023.", "deliver"),
    ],
)  # fmt: skip
def test_round2_action_classes(text: str, action: str) -> None:
    assert _sig(text).action == action


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Ghana agreed that the Volta charter was overdue in 2020.",
        "Ghana agreed to study the Volta charter in 2020.",
        "Diplomats in Ghana agree with the Volta assessment, officials said in 2020.",
        "The minister of Ghana delivered a speech at the Volta forum in 2020.",
        "Ghana delivered on its Volta pledge in 2020.",
        "The banned Volta group met in Ghana in 2020.",
    ],
)
def test_opinions_speeches_and_adjectives_are_no_such_events(text: str) -> None:
    sig = event_signature(text, PUBLISHED)
    assert sig is None or sig.action not in ("agree", "deliver", "ban")


def test_imposing_and_banning_are_one_event_dated_differently() -> None:
    assert _found(
        "Kenya imposed its ban on Ugandan maize imports on 3 March 2021, lifting prices.",
        "When Kenya banned Ugandan maize imports in May 2021, traders in Busia were hit.",
    ) == ["date"]


def test_a_lifted_ban_against_a_denial() -> None:
    assert _found(
        "Kenya lifted its ban on Ugandan maize imports in June 2022, traders said.",
        "Kenya did not lift its ban on Ugandan maize imports in 2022, millers in Eldoret complain.",
    ) == ["negation"]


def test_foundation_stone_active_and_passive() -> None:
    assert _found(
        "Presidents Boric and Castillo laid the foundation stone of the Tacna-Arica aqueduct "
        "on 2 May 2021, a project meant to end water rationing.",
        "The foundation of the Tacna-Arica aqueduct was laid in August 2021, and Chilean "
        "engineers say the parallel road is estimated at $90 million.",
    ) == ["date"]


def test_agreed_terms_active_and_passive() -> None:
    assert _found(
        "Ministers of Mali, Niger and Chad agreed a common Sahel transit fee on 4 April 2022.",
        "The common Sahel transit fee was agreed in July 2022 by the three countries.",
    ) == ["date"]


def test_named_delivery_batches_conflict_but_rounds_of_sanctions_do_not() -> None:
    assert _found(
        "The first batch of Skorpion frigates was delivered to Algeria on 5 May 2023.",
        "The first Skorpion batch was delivered to Algeria in August 2023.",
    ) == ["date"]
    # Recurring: a second round is no contradiction of the first.
    assert (
        _found(
            "Canada imposed sanctions on Belarus in June 2021.",
            "Canada imposed sanctions on Belarus in March 2022.",
        )
        == []
    )


def test_present_tense_reporting_clause_is_not_the_event() -> None:
    sig = _sig("The Kariba-2 dam was commissioned in 2019, and Zambian engineers say it leaks.")
    assert "zambia" not in sig.entities


PREVIOUS = "Traffic on the Oresund-Fehmarn link rose 4% in 2023, Danish Railways said on Monday."
ANAPHORIC = "The bridge, which was inaugurated in May 2019, still runs below capacity."


def test_an_anaphoric_subject_takes_the_names_of_the_sentence_before() -> None:
    assert event_signature(ANAPHORIC, PUBLISHED) is None
    sig = _sig(ANAPHORIC, PREVIOUS)
    assert sig.action == "open" and {"oresund", "fehmarn"} <= set(sig.names)
    assert "danish" not in sig.names  # the reporting clause names no antecedent
    # A subject with its own name keeps it.
    own = _sig("The Storstrom bridge was inaugurated in May 2019.", PREVIOUS)
    assert own.names == ("storstrom",)


def test_anaphora_through_the_index(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "Title: Baltic link opens\nPublisher: Nordic Transit Review\nDate: 2024-03-02\n\n"
        "The Oresund-Fehmarn rail bridge was inaugurated on 14 September 2018 by the transport "
        "ministers of Denmark and Germany.\n",
        encoding="utf-8",
    )
    b.write_text(
        "Title: Baltic traffic\nPublisher: Hanseatic Courier\nDate: 2024-04-11\n\n"
        "Traffic on the Oresund-Fehmarn rail bridge rose 4% in 2023, the operator said on "
        "Monday. The bridge, which was inaugurated in May 2019, still runs below capacity.\n",
        encoding="utf-8",
    )
    engine = open_db(str(tmp_path / "f.db"))
    ingest_paths(engine, [a, b])
    detect_conflicts(engine)
    kinds = [c["kind"] for c in list_conflicts(engine)]
    engine.dispose()
    assert kinds == ["date"]
