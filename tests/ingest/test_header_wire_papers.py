"""Metadata of wire stories, papers and magazines laid out in ways the seeds do not show: a
dateline after the headline and byline, a paper's "Received ...; published ..." line and notes, a
masthead above a wrapped title, a byline line of fields, a bilingual label, honorifics."""

# ruff: noqa: E501 -- one page a case reads best on one line

from __future__ import annotations

import datetime as dt

from factbase.ingest.clean import clean
from factbase.ingest.header import find_metadata
from factbase.records import Metadata

PROSE = (
    "Harvests in the valley fell by a third last year after the rains failed twice, and the "
    "regional council has asked the capital for emergency grain and fuel before the winter."
)


def meta(raw: str) -> Metadata:
    return find_metadata(raw, clean(raw))


def test_wire_dateline_after_headline_and_byline() -> None:
    raw = (
        "Andean Wire\n\nBolivia's tin exports recover as smelter reopens\n\nBy Lucía Mamani\n\n"
        f"LA PAZ, Mar 4, 2025 (Andean Wire) - {PROSE}\n\n{PROSE}\n"
    )
    m = meta(raw)
    assert m.published == dt.date(2025, 3, 4)
    assert m.publisher == "Andean Wire"
    assert m.author == "Lucía Mamani"


def test_wire_dateline_agency_without_year() -> None:
    raw = f"Fishing quotas cut in the Baltic for a third year\n\nRIGA, 12 June (Baltic Newsdesk) - {PROSE}\n"
    m = meta(raw)
    assert m.publisher == "Baltic Newsdesk"
    assert m.published is None


def test_dateline_not_taken_after_the_first_prose_paragraph() -> None:
    raw = f"Salt lakes shrink across the plateau\n\n{PROSE}\n\nORURO, 2 May 2019 (Local Radio) - {PROSE}\n"
    m = meta(raw)
    assert m.published is None and m.publisher is None


def test_paper_published_mid_line_and_notes_dates_ignored() -> None:
    raw = (
        "MEKONG DELTA STUDIES QUARTERLY\nVol. 3 (2022), pp. 7-19\n\n"
        "Sand Mining on the Lower Mekong\nand the Sinking of the Delta\n\n"
        "Tran Van Hieu\nCan Tho University\nReceived 4 January 2022; accepted 1 March 2022; published 15 April 2022\n\n"
        f"{PROSE}\n\n{PROSE}\n\nNotes\n1 Provincial statistics office, yearbook,\n9 September 2021.\n"
    )
    m = meta(raw)
    assert m.title == "Sand Mining on the Lower Mekong and the Sinking of the Delta"
    assert m.author == "Tran Van Hieu"
    assert m.published == dt.date(2022, 4, 15)
    assert m.publisher == "Mekong Delta Studies Quarterly"


def test_lone_date_in_notes_never_the_published_date() -> None:
    raw = (
        f"Why the Harbour Dredging Plan Keeps Slipping\n\n{PROSE}\n\n{PROSE}\n\n"
        "References\nPort authority, annual report,\n3 November 2020.\n"
    )
    assert meta(raw).published is None


def test_markdown_byline_line_of_fields() -> None:
    raw = (
        "# Ice roads, thin margins: trucking in the Yukon\n\n"
        "*Northern Freight Review* · **By Amelia Tremblay** · Published 2025-01-08 · "
        "[nfr.ca/ice-roads](https://nfr.ca/ice-roads-2025)\n\n"
        f"{PROSE}\n"
    )
    m = meta(raw)
    assert m.author == "Amelia Tremblay"
    assert m.publisher == "Northern Freight Review"
    assert m.url == "https://nfr.ca/ice-roads-2025"
    assert m.published == dt.date(2025, 1, 8)


def test_bilingual_label_is_a_label_not_a_title() -> None:
    raw = (
        "Вечерний Бишкек / Evening Bishkek\n\nАвтор / Author: Bakyt Osmonov\n\n02.03.2024\n\n"
        f"Glacier melt and the summer floods in the Chui valley\n\n{PROSE}\n"
    )
    m = meta(raw)
    assert m.title == "Glacier melt and the summer floods in the Chui valley"
    assert m.author == "Bakyt Osmonov"


def test_honorifics_are_dropped() -> None:
    raw = f"Seawalls or Retreat: Choices for Low Islands\n\nAuthor: Prof. Teuila Fa'amausili\n\n{PROSE}\n"
    assert meta(raw).author == "Teuila Fa'amausili"
    raw = f"Seawalls or Retreat: Choices for Low Islands\n\nBy Dr Ana Kolo\n\n{PROSE}\n"
    assert meta(raw).author == "Ana Kolo"


def test_title_with_a_question_under_a_series_header() -> None:
    raw = (
        "ATLANTIC FISHERIES INSTITUTE - WORKING PAPER 2023/11\n\n"
        "Who Owns the Sardines? Quotas and Coastal Villages in West Africa\n\n"
        f"Author: Moussa Diallo\nDate: 9 May 2023\n\nSummary\n\n{PROSE}\n"
    )
    m = meta(raw)
    assert m.title == "Who Owns the Sardines? Quotas and Coastal Villages in West Africa"
    assert m.author == "Moussa Diallo"


def test_caps_masthead_is_not_the_title_and_lowercase_byline() -> None:
    raw = (
        "THE HARBOUR BULLETIN\n\nCranes, tariffs and a quiet quay\n"
        "A container port built for transshipment is still waiting for the ships it was promised\n\n"
        f"by Hemi Walker\nPublished June 3, 2024\n\n{PROSE}\n"
    )
    m = meta(raw)
    assert m.title == "Cranes, tariffs and a quiet quay"
    assert m.author == "Hemi Walker"
    assert m.publisher == "The Harbour Bulletin"


def test_wide_space_menu_and_trending_bar_are_not_titles() -> None:
    raw = (
        "Home  Markets  Energy  Podcasts  Newsletter\n\nTrending: Copper | Ports | Budget 2025\n\n"
        f"Copper smelters in Zambia run short of power again\n\nChanda Mwila\nMay 2, 2025\n\n{PROSE}\n"
    )
    m = meta(raw)
    assert m.title == "Copper smelters in Zambia run short of power again"
    assert m.author == "Chanda Mwila"
