"""Event classes and names of round 3: announcing a named programme, granting, renewing, taxes,
"began full operations", "struck a deal", an action after a colon, people and "X-led" in event
names, a venue after "was signed", and "after ..." with no comma as another event."""

from __future__ import annotations

import datetime as dt

import pytest

from factbase.analysis.signatures import EventSignature, event_signature
from factbase.testing.events import kinds_found, signature

PUBLISHED = dt.date(2025, 3, 1)


def _sig(text: str) -> EventSignature:
    return signature(text, PUBLISHED)


def _found(*texts: str) -> list[str]:
    return kinds_found(texts, PUBLISHED)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Kenya unveiled its Blue Corridor Strategy on 4 March 2021.", "launch"),
        ("The Blue Corridor Strategy, announced in June 2021, sets out new berths.", "launch"),
        ("Kenya's Blue Corridor Plan was launched by the transport ministry in 2021.", "launch"),
        ("Havbank granted Tessel Mining an exploration licence in June 2022.", "grant"),
        ("Norway renewed its aviation agreement with Japan in 2021.", "renew"),
        ("Zambia imposed a windfall tax on cobalt in 2022.", "restrict"),
        ("The Kivu grain terminal began full operations in June 2020.", "open"),
        ("Norway struck a gas deal with Japan in May 2021.", "sign"),
    ],
)
def test_new_phrasings_have_their_class(text: str, action: str) -> None:
    assert _sig(text).action == action


@pytest.mark.parametrize(
    "text",
    [
        "Kenya announced plans to build a second berth in 2021.",  # a plan, not a launch
        "Rebels renewed fighting near the Kivu border in 2021.",
        "Kenya announced its new strategy for ports in 2021.",  # no name of its own
        "Workers went on strike at the Kivu terminal in 2021.",
        "Under the Lomar mining code, seabed blocks may be granted by concession only.",
    ],
)
def test_look_alikes_are_not_these_events(text: str) -> None:
    sig = event_signature(text, PUBLISHED)
    assert sig is None or sig.action not in ("launch", "renew", "sign", "grant"), sig


def test_a_named_strategy_announced_and_unveiled_at_different_dates() -> None:
    assert _found(
        "Kenya's Blue Corridor Strategy was announced by President Ana Wekesa on 4 March 2021.",
        "Kenya's Blue Corridor Strategy, unveiled in September 2021, favours local processing.",
    ) == ["date"]
    # Two programmes of one country are two events.
    assert (
        _found(
            "Kenya unveiled its Blue Corridor Strategy in March 2021.",
            "Kenya unveiled its Digital Ports Strategy in September 2022.",
        )
        == []
    )


def test_granting_renewing_and_taxing_are_denied() -> None:
    assert _found(
        "As of December 2022, Havbank had not granted Tessel a preferential gas price.",
        "In May 2022, Havbank granted Tessel a preferential gas price, a deal tied to a plant.",
    ) == ["negation"]
    assert _found(
        "Norway did not renew its aviation agreement with Japan in 2021, and the flights stopped.",
        "Norway renewed its aviation agreement with Japan in 2021, the Oslo Ledger reported.",
    ) == ["negation"]
    assert _found(
        "Zambia did not impose an export tax on cobalt in 2022, despite calls from unions.",
        "Zambia imposed an export tax on cobalt in 2022, a step miners said would cost jobs.",
    ) == ["negation"]


def test_the_action_after_a_colon_is_the_event() -> None:
    sig = _sig(
        "Tokyo has struck deals with several suppliers: Kenya signed a tea supply agreement "
        "with Japan in May 2021, officials in Nairobi said."
    )
    assert sig.action == "sign"
    assert sig.entities == ("japan", "kenya")
    assert (sig.low, sig.high) == (dt.date(2021, 5, 1), dt.date(2021, 5, 31))


def test_people_and_led_are_read_out_of_event_names() -> None:
    a = _sig("The government of Tomas Varga signed its port deal with the Harbex-led Orvane group "
             "in June 2022.")  # fmt: skip
    assert a.names == ("harbex", "orvane")
    b = _sig("Kenya signed its port deal with the Orvane group, led by Harbex, on 3 March 2022.")
    assert set(b.names) <= set(a.names)
    assert _found(a_text := "The government of Tomas Varga signed its port deal with the "
                  "Harbex-led Orvane group in June 2022.",
                  "Kenya signed its port deal with the Orvane group, led by Harbex, on "
                  "3 March 2022.") == ["date"]  # fmt: skip
    assert "varga" not in _sig(a_text).names
    assert "wekesa" not in _sig("President Ana Wekesa signed the Lumo Accord in 2020.").names


def test_a_footnote_marker_glued_to_a_name_is_no_part_of_it() -> None:
    assert _sig("The Velmora3 accord was signed in 2019.").names == ("velmora",)


def test_the_venue_of_a_signing_is_not_the_events_name() -> None:
    a = _sig("The Kenya-Japan aviation accord was signed on 2 May 2019 in Mombasa and covers "
             "cargo flights.")  # fmt: skip
    assert "mombasa" not in a.names
    assert _found(
        "The Kenya-Japan aviation accord was signed on 2 May 2019 in Mombasa and covers cargo.",
        "The Kenya–Japan aviation accord was signed in August 2019 after long talks over slots "
        "and landing fees at busy airports.",
    ) == ["date"]
    # Where something opened is what opened: the place stays a name.
    assert "herat" in _sig("A Turkish consulate was opened in Herat in 2019.").names


def test_a_new_subject_after_and_is_another_clause() -> None:
    sig = _sig("As of June 2023, Kenya had not signed a fisheries agreement with Japan, and "
               "Kenyan trawlers therefore did not qualify for the Pacific Fund.")  # fmt: skip
    assert sig.names == ()
    assert _found(
        "As of June 2023, Kenya had not signed a fisheries agreement with Japan, and Kenyan "
        "trawlers therefore did not qualify for the Pacific Fund.",
        "Kenya signed a fisheries agreement with Japan in March 2023, officials said.",
    ) == ["negation"]
