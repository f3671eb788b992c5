"""Audit 3: metadata, citations and counted nouns on unseen page shapes (own phrasing)."""

import datetime as dt

from factbase.ingest import extract

PROSE = (
    "The ministry of mines said output fell by 4% in the first quarter of the year, the third "
    "quarterly decline in a row, as blockades cut access to two large open-pit sites.\n\n"
    "Traders expect prices to stay high while the roads remain closed to lorries.\n"
)


def _meta(raw: str):
    return extract(raw, "t.txt").metadata


def test_headline_ending_in_a_caption_word_is_a_title() -> None:
    raw = (
        "Contents\nSummary\nFindings\n\n"
        "Will the New Tariff Regime Alter the Picture?\n"
        "Institute for Andean Trade Studies — Briefing\n"
        "By Lucia Paredes\n12 March 2025\n\n" + PROSE
    )
    assert _meta(raw).title == "Will the New Tariff Regime Alter the Picture?"


def test_caption_lines_are_still_no_title() -> None:
    raw = (
        "Photo courtesy of the Andean Mining Board\n\n"
        "Copper output in Peru slips as protests shut two mines\n"
        "By Lucia Paredes\n3 June 2024\n\n" + PROSE
    )
    assert _meta(raw).title == "Copper output in Peru slips as protests shut two mines"


def test_site_name_is_not_joined_with_the_menu_under_it() -> None:
    raw = (
        "Skip to content\nAndean Mining Courier\n"
        "Home | Mining | Markets | Energy | Opinion | Video\n"
        "Tuesday, 4 June 2024 | Lima 19°C\n"
        "We use cookies to improve your experience. ACCEPT | DECLINE | SETTINGS\n\nMining\n\n"
        "Copper output in Peru slips as protests shut two mines\n"
        "Lucia Paredes\nPublished: June 3, 2024\n\n" + PROSE
    )
    meta = _meta(raw)
    assert meta.title == "Copper output in Peru slips as protests shut two mines"
    assert meta.author == "Lucia Paredes"


def test_a_line_that_is_the_site_name_is_no_title() -> None:
    raw = (
        "Baltic Grain Ledger\n\n"
        "Rye exports from Latvia rise on firm demand\n"
        "Marta Ozola\n3 May 2024\n\n"
        + PROSE
        + "\n© 2024 Baltic Grain Ledger. All rights reserved.\n"
    )
    meta = _meta(raw)
    assert meta.publisher == "Baltic Grain Ledger"
    assert meta.title == "Rye exports from Latvia rise on firm demand"


def test_series_label_before_the_title_field() -> None:
    raw = (
        "Sahel Water Forum\n\nHome  About  Research  Donate\n\n"
        "Working Paper No. 12 | Sharing the Niger: Dams, Diversions and Downstream Farms\n\n"
        + PROSE
    )
    assert _meta(raw).title == "Sharing the Niger: Dams, Diversions and Downstream Farms"


FRONT = """---
title: "Salt, Sand and the Lithium Rush"
author: Tomas Ferreira
date: 2024-11-05
publication: High Plateau Review
url: https://plateau.example.net/2024/11/salt-sand-lithium
tags:
  - lithium
---

# Salt, Sand and the Lithium Rush

**Tomas Ferreira** · 5 November 2024

Lithium brine output in the salt flats rose to 40,000 tonnes in 2023, according to the energy
ministry, and most of it was shipped to refiners abroad.

## Further reading

- [Energy ministry brine statistics](https://energia.example.gob/brine-2023)
- [Salt flats water study](https://water.example.org/salares-study/)
"""


def test_front_matter_is_metadata() -> None:
    meta = _meta(FRONT)
    assert meta.title == "Salt, Sand and the Lithium Rush"
    assert meta.author == "Tomas Ferreira"
    assert meta.published == dt.date(2024, 11, 5)
    assert meta.publisher == "High Plateau Review"
    assert meta.url == "https://plateau.example.net/2024/11/salt-sand-lithium"


def test_front_matter_gives_no_citations_and_further_reading_links_are_kept() -> None:
    cites = extract(FRONT, "t.md").citations
    assert not [c for c in cites if c.kind == "quote"]
    urls = {c.url for c in cites if c.kind == "link"}
    assert "https://plateau.example.net/2024/11/salt-sand-lithium" not in urls
    assert {
        "https://energia.example.gob/brine-2023",
        "https://water.example.org/salares-study/",
    } <= urls


def _quotes(body: str) -> list[tuple[str, str | None]]:
    doc = extract("Soy growers wait for rain\n\n" + body, "t.txt")
    return [(c.text, c.author) for c in doc.citations if c.kind == "quote"]


def test_speaker_is_not_the_place_in_a_relative_clause_with_a_number() -> None:
    body = (
        'Growers say the state must act. "The beans are ready; the barges are not," Tomas '
        "Ferreira, who grows 3,500 hectares of soy outside Rosario, told the agency by phone.\n"
    )
    assert _quotes(body) == [("The beans are ready; the barges are not", "Tomas Ferreira")]


def test_speaker_is_not_the_place_in_an_appositive() -> None:
    body = (
        '"We cannot wait another season for the rains," Amina Diallo, a cotton trader near '
        "Kayes, told reporters on Monday.\n"
    )
    assert _quotes(body) == [("We cannot wait another season for the rains", "Amina Diallo")]


def test_officials_in_a_capital_still_attribute() -> None:
    doc = extract(
        "Grain\n\nRice imports reached 2 million tonnes in 2023, officials in Dhaka said.\n", "t"
    )
    assert [c.source_name for c in doc.citations if c.kind == "attribution"] == ["Dhaka"]


def test_a_scare_quoted_word_is_no_quote_unless_someone_said_it() -> None:
    assert _quotes('The law also adds "sovereignty" clauses to port tenders in the north.\n') == []
    assert _quotes('"Never," Olaf Berg said when asked about the tenders.\n') == [
        ("Never", "Olaf Berg")
    ]


def test_a_demonym_counts_people() -> None:
    doc = extract("Aid\n\nAbout 2.1 million Syrians and 40 Kenyan nurses were helped.\n", "t")
    units = {f.text: f.unit for f in doc.figures}
    assert units["2.1 million Syrians"] == "person"
    assert units["40 Kenyan nurses"] == "nurse"
