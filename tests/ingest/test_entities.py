"""Entities: aliases, demonyms, people by title or role, analyst alias files, case sensitivity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.errors import InputError
from factbase.ingest.entities import ALIASES_ENV, canonical_entity, find_entities, load_aliases

ENTITIES = [
    # seeds
    ("IS-K, which was involved in the recent Moscow attacks, has strong hideouts in Afghanistan.",
     ("Islamic State Khorasan", "Afghanistan")),
    ("Recently, the Russian Press Secretary, Dmitry Peskov, stated that his country was mulling "
     "removing the Afghan Taliban from the list of terrorist groups.",
     ("Russia", "Dmitry Peskov", "Taliban")),
    ("US special envoy to Afghanistan Zalmay Khalilzad recently visited Moscow to support "
     "Russia’s Positive role.",
     ("United States", "Afghanistan", "Zalmay Khalilzad", "Russia")),
    ("The Foreign Ministry spokesperson Maria Zakharova publicly gloated about NATO’s "
     "failure in Afghanistan.",
     ("Maria Zakharova", "NATO", "Afghanistan")),
    ("In February 2024, Chinese President Xi Jinping accepted the credentials of the Taliban envoy",
     ("China", "Xi Jinping", "Taliban")),
    ("Russian President Vladimir Putin holding a meeting with permanent members of the "
     "Security Council",
     ("Russia", "Vladimir Putin")),
    ("only 4% ($289 million) of Afghanistan’s imports came from Russia, according to the nation’s "
     "National Statistics and Information Authority (NSIA).",
     ("Afghanistan", "Russia", "National Statistics and Information Authority")),
    ("cross-border attacks by the Tehreek-e-Taliban Pakistan (TTP), which operates from "
     "Afghan territory.",
     ("Tehreek-e-Taliban Pakistan", "Afghanistan")),
    ("groups like Islamic State Khorasan (ISIS-K), which was responsible for a deadly attack",
     ("Islamic State Khorasan",)),
    ("The Soviet Union’s invasion in 1979 led to a tumultuous period, with the Afghan "
     "Mujahideen resisting.",
     ("Soviet Union", "Afghanistan")),
    ("The U.S. and European countries remain cautious.", ("United States",)),
    ("The USA invaded Afghanistan with great vigor.", ("United States", "Afghanistan")),
    ("The expansion of BRICS is a significant demonstration of this policy.", ("BRICS",)),
    ("Ambassador Dmitry Zhirnov became the first foreign official to meet with Taliban "
     "representatives.",
     ("Dmitry Zhirnov", "Taliban")),
    ("He also spoke with Prime Minister Narendra Modi and Turkey's Tayyip Erdogan.",
     ("Narendra Modi", "Turkey", "Recep Tayyip Erdogan")),
    # made up, same styles
    ("Taut Bataut – is a researcher and writer.", ("Taut Bataut",)),
    ("Amina Rahimi, a spokesperson for the UN, said aid had slowed.",
     ("Amina Rahimi", "United Nations")),
    ("Farid Noori said the ISKP cell had been dismantled.", ("Farid Noori", "Islamic State "
     "Khorasan")),
    ("Minister of Foreign Affairs Amir Khan Muttaqi met Kazakh officials.",
     ("Amir Khan Muttaqi", "Kazakhstan")),
    ("Let us see what the Americans and the United Nations decide.",
     ("United States", "United Nations")),
    ("Trade with Latin America grew while America hesitated.", ("United States",)),
    ("The Islamic State and al-Qaeda lost ground to the Taliban.",
     ("Islamic State", "al-Qaeda", "Taliban")),
    ("Uzbek and Tajik troops joined the CSTO drill.",
     ("Uzbekistan", "Tajikistan", "Collective Security Treaty Organization")),
    ("HomeLatestTaliban’s Global Comeback", ()),
    ("the us and them of politics", ()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ENTITIES)
def test_find_entities(text: str, expected: tuple[str, ...]) -> None:
    assert find_entities(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("US", "United States"),
        ("U.S.", "United States"),
        ("America", "United States"),
        ("us", "United States"),  # a user typing a query means the country
        ("ISIS-K", "Islamic State Khorasan"),
        ("iskp", "Islamic State Khorasan"),
        ("the Taliban", "Taliban"),
        ("Afghan Taliban", "Taliban"),
        ("TTP", "Tehreek-e-Taliban Pakistan"),
        ("NSIA", "National Statistics and Information Authority"),
        ("Russian", "Russia"),
        ("Soviet", "Soviet Union"),
        ("UN", "United Nations"),
        ("dmitry zhirnov", "Dmitry Zhirnov"),
        ("McKinsey", "McKinsey"),
    ],
)
def test_canonical_entity(name: str, expected: str) -> None:
    assert canonical_entity(name) == expected


def test_aliases_file_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"Kremlin": "Russia", "ETIM": "East Turkestan Islamic Movement",
                                "the Centre": "Kabul Government"}), encoding="utf-8")  # fmt: skip
    monkeypatch.setenv(ALIASES_ENV, str(path))
    assert find_entities("The Kremlin and the Centre both blamed ETIM.") == (
        "Russia", "Kabul Government", "East Turkestan Islamic Movement",
    )  # fmt: skip
    assert canonical_entity("kremlin") == "Russia"
    monkeypatch.delenv(ALIASES_ENV)
    assert find_entities("The Kremlin blamed ETIM.") == ("East Turkestan Islamic Movement",)


def test_aliases_file_tsv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "aliases.tsv"
    path.write_text(
        "# analyst additions\nIEA\tTaliban\nDaesh-K\tIslamic State Khorasan\n", encoding="utf-8"
    )
    assert load_aliases(path) == {"IEA": "Taliban", "Daesh-K": "Islamic State Khorasan"}
    monkeypatch.setenv(ALIASES_ENV, str(path))
    assert find_entities("The IEA fought Daesh-K in Nangarhar.") == (
        "Taliban",
        "Islamic State Khorasan",
    )


@pytest.mark.parametrize(
    "content",
    ['{"a": 1}', "{not json", "alias without a tab\n", "[1, 2]"],
)
def test_aliases_file_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_aliases(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    monkeypatch.setenv(ALIASES_ENV, str(path))
    with pytest.raises(InputError):
        find_entities("Russia")


def test_aliases_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_aliases(tmp_path / "nope.json")


def test_seed_entities(seed_paths: list[Path]) -> None:
    """Every seed names Afghanistan and Russia; none yields a table word as a person."""
    for path in seed_paths:
        found = find_entities(path.read_text(encoding="utf-8"))
        assert {"Afghanistan", "Russia"} <= set(found), path.name
        assert "Security Council" not in found


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises(text: str) -> None:
    found = find_entities(text)
    assert len(found) == len(set(found))
