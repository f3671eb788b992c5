"""Notes and attributions in shapes a second blind audit found on unseen papers: notes with no
URL or quoted title under a notes heading or in a numbered run ending the text, "[n]" labels,
a pronoun after a quote opening with a capitalised word, figurative "tells a story", plural
nouns that look like speech verbs ("Coastal states should") and terms in quotation marks."""

# ruff: noqa: E501 -- tables of sentences read best one case a line

from __future__ import annotations

import pytest

from factbase.ingest.citations import find_citations
from factbase.ingest.clean import clean
from factbase.ingest.segment import find_sentences
from factbase.records import CitationKind
from tests.ingest.test_citations import cite, of_kind

# An OCR'd paper's running text, hard-wrapped, with markers glued to its words.
WRAPPED = (
    "The Mekong delta lost about a fifth of its sediment supply after the upstream\n"
    "dams were closed, and the provincial authorities in Can Tho now report that\n"
    "the river banks retreat by several metres in a dry year.1 Salinity reached\n"
    "the rice fields of Ben Tre earlier than in any season on record,2 and the\n"
    "farmers who could afford it turned to shrimp ponds instead of a third crop.3\n"
)
NOTES = [
    "1 Vietnam Academy for Water Resources, Delta Survey 2021.",
    "2 Ben Tre Department of Agriculture, seasonal bulletin, 14 March 2022.",
    "3 Field interviews with farmers, Mo Cay district, 2022.",
]


def _notes(text: str) -> list[str]:
    cleaned = clean(text)
    assert cleaned.notes_start >= 0
    return cleaned.body[cleaned.notes_start :].split("\n")


def _footnotes(text: str) -> list[tuple[str | None, str | None]]:
    cleaned = clean(text)
    found = find_citations(cleaned, find_sentences(cleaned))
    return [(c.marker, c.url) for c in of_kind(found, CitationKind.footnote)]


@pytest.mark.parametrize("heading", ["Notes", "ENDNOTES", "References:"])
def test_every_numbered_line_under_a_notes_heading_is_a_note(heading: str) -> None:
    # The second note wraps before its date: "14 March 2022." carries it on.
    raw_notes = [NOTES[0], NOTES[1].replace(" 14 March", "\n14 March"), NOTES[2]]
    text = f"{WRAPPED}\n{heading}\n" + "\n".join(raw_notes) + "\n"
    assert _notes(text) == NOTES
    assert [m for m, _ in _footnotes(text)] == ["1", "2", "3"]


def test_bracketed_and_parenthesised_labels_make_footnotes() -> None:
    body = "Hydropower met 60 per cent of demand in Nepal.[1] Exports to India doubled.[2]"
    notes = [
        "[1] Nepal Electricity Authority, Annual Report 2023, https://www.nea.example.np/annual",
        "[2] Ministry of Energy, Water Resources and Irrigation, press note.",
    ]
    text = f"{body}\n\nSources\n\n" + "\n".join(notes) + "\n"
    assert _footnotes(text) == [("1", "https://www.nea.example.np/annual"), ("2", None)]
    paren = "Endnotes\n1) Kathmandu Post, 4 May 2023.\n2) Author's interview, Pokhara."
    assert _footnotes(f"{body}\n\n{paren}\n") == [("1", None), ("2", None)]


def test_a_numbered_run_ending_the_text_is_notes_when_one_cites() -> None:
    run = [NOTES[0], "2 Mekong River Commission, https://www.mrc.example/sediment", NOTES[2]]
    text = f"{WRAPPED}\n" + "\n".join(run) + "\n"
    assert _notes(text) == run


def test_a_numbered_list_ending_the_text_with_no_citation_stays_in_the_body() -> None:
    steps = [
        "1 Provinces should publish salinity readings every day.",
        "2 Farmers need credit to switch crops.",
        "3 Dams upstream should release sediment in the wet season.",
    ]
    text = f"{WRAPPED}\nRecommendations\n" + "\n".join(steps) + "\n"
    cleaned = clean(text)
    assert cleaned.body[cleaned.notes_start :] == ""
    assert "Farmers need credit" in cleaned.body


@pytest.mark.parametrize(
    "text",
    [
        "The western lagoon, in Senegal, tells a different story. Its mangroves have recovered.",
        "Coastal states should share their patrol data with neighbours.",
        "Gulf states must diversify before the oil runs out.",
    ],
)
def test_no_attribution(text: str) -> None:
    _, found = cite(text)
    assert of_kind(found, CitationKind.attribution) == []


def test_she_after_a_quote_is_the_speaker_named_after_its_verb() -> None:
    text = '"Copper is not the bottleneck; water is," said Lucía Ferreyra, a hydrologist at the University of Jujuy. She said the mines should recycle brine.'
    _, found = cite(text)
    assert [c.source_name for c in of_kind(found, CitationKind.attribution)] == [
        "Lucía Ferreyra",
        "Lucía Ferreyra",
    ]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Ankara describes itself as a “bridge nation” in its 2019 strategy paper, a claim Athens rejects.", []),
        ("Mayor Ines Varga called the budget “dead on arrival” and left the chamber.", ["dead on arrival"]),
        ("Premier Sato described the reform as an “overdue” step for the rural prefectures.", ["overdue"]),
    ],
)  # fmt: skip
def test_a_short_quote_closing_a_noun_phrase_is_a_term(text: str, quoted: list[str]) -> None:
    _, found = cite(text)
    assert [c.text for c in of_kind(found, CitationKind.quote)] == quoted


def test_a_paragraph_after_the_notes_under_a_heading_is_no_note() -> None:
    text = f"{WRAPPED}\nNotes\n{NOTES[0]}\n{NOTES[1]}\n\nAbout the author\n4 chapters of this study appeared in Hanoi.\n"
    assert _notes(text) == NOTES[:2]
    assert "4 chapters" in clean(text).body
