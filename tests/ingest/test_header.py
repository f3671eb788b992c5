"""Metadata from the raw page: title, author, published, publisher, url, each rule in a table."""

# ruff: noqa: E501 -- tables of real footnotes, sentences and pages read best one case a line

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factbase.ingest.header import find_metadata
from factbase.records import Cleaned, Metadata

ROOT = Path(__file__).resolve().parents[2]
D = dt.date
BODY = (
    "The first freight train on the new route arrived on Tuesday carrying wheat flour and fuel. "
    "The service will run twice a week, officials in the northern city said on Wednesday."
)


def meta(raw: str) -> Metadata:
    return find_metadata(raw, Cleaned(BODY))


def page(*lines: str, end: str = "") -> str:
    return "\n\n".join([*lines, BODY, end])


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (page("07.05.2024", "How Russia and China are Working to Avoid Humanitarian Crisis"),
         "How Russia and China are Working to Avoid Humanitarian Crisis"),
        # a breadcrumb repeating the title beats a teaser that looks like one (seed 002)
        (page("HomeLatestTaliban’s Global Comeback: Allies in Moscow", "Taliban’s Global Comeback: Allies in Moscow",
              "Related stories", "Putin’s Peace Talks Offer: Why Ukraine Remains Skeptical"),
         "Taliban’s Global Comeback: Allies in Moscow"),
        # sentence case, then a photo caption (seed 004)
        (page("English News", "Russia extends its sphere of influence as the US withdraws",
              "President Putin holding a meeting on Afghanistan (Photo courtesy: @Kremlin/Twitter)"),
         "Russia extends its sphere of influence as the US withdraws"),
        (page("Menu", "# Iran and Afghanistan Sign a Water Deal | Kabul Dispatch"), "Iran and Afghanistan Sign a Water Deal"),
        # OCR: a hard-wrapped first line is not a title (seed 003)
        (" The geopolitical realities and alliances |\nworldwide have been changing\n\n" + BODY, None),
        ("Table of Contents\n" + BODY, None),
        (page("Monday, May 12, 2025"), None),
        # a menu bar of short items is not a title, even in Title Case
        (page("Home | World | Business | Contact", "Tuesday, 14 October 2025",
              "Kazakhstan and Afghanistan sign rail deal worth USD 1.2bn"),
         "Kazakhstan and Afghanistan sign rail deal worth USD 1.2bn"),
        (page("News • Politics • Economy • Opinion", "Wheat Prices Climb Across Central Asia"),
         "Wheat Prices Climb Across Central Asia"),
    ],
)  # fmt: skip
def test_title(raw: str, title: str | None) -> None:
    assert meta(raw).title == title


@pytest.mark.parametrize(
    ("raw", "author"),
    [
        (page("Author: [Taut Bataut](#)", "A Title for the Whole Article Here"), "Taut Bataut"),  # seed 000
        (page("By Farida Noorzai", "A Title for the Whole Article Here"), "Farida Noorzai"),
        (page("Written by: Nadia Rahimi | 3 March 2023"), "Nadia Rahimi"),
        (page("By Jane Doe, March 3, 2022"), "Jane Doe"),
        (page("by the way this is not a byline at all"), None),
        # bio box at the end: "X – is a researcher" (seed 000)
        (page(end="Taut Bataut – is a researcher and writer that publishes on South Asian geopolitics."), "Taut Bataut"),
        # bio box: the name, then the name glued to the author's url (seed 002)
        (page(end="Wasim Qadri\nWasim Qadrihttp://wasimqadriblog.wordpress.com/\nSenior Journalist"), "Wasim Qadri"),
        (page(end="The Kremlin is a fortress."), None),
        (page(end="Vladimir Putin is a strong leader in the region."), None),  # no bio noun
    ],
)  # fmt: skip
def test_author(raw: str, author: str | None) -> None:
    assert meta(raw).author == author


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        (page("Author: X Y", "07.05.2024"), D(2024, 5, 7)),  # seed 000: dots are day-first
        (page("Monday, May 12, 2025", "Date:"), D(2025, 5, 12)),  # seed 002: empty label falls back
        (page("Monday, May 12, 2025", "Published: 3 March 2025"), D(2025, 3, 3)),  # label wins
        (page("Updated: 2025-06-01", "Posted on 12 March 2023 by Staff"), D(2023, 3, 12)),
        ("Farida Noorzai\n\nKABUL, 14 August 2021 (Reuters) - The Taliban entered the city.", D(2021, 8, 14)),
        (page("Some Title of the Article Goes Here", end="06.05.2024\n\nA bio line."), D(2024, 5, 6)),
        (page("A Title Without a Date Anywhere"), None),
    ],
)  # fmt: skip
def test_published(raw: str, published: dt.date | None) -> None:
    body = raw if raw.startswith("Farida") else BODY
    assert find_metadata(raw, Cleaned(body.split("\n\n", 1)[-1])).published == published


@pytest.mark.parametrize(
    ("raw", "publisher"),
    [
        (page("www.afgazad.com", end="X Y – is a writer, exclusively for the online magazine “New Eastern Outlook”."),
         "New Eastern Outlook"),  # seed 000: the outlet named beats the domain
        (page("Some Title of the Article Goes Here",
              end="THE THINK TANK JOURNAL- ONLINE EDITION OF This website uses cookies."),
         "The Think Tank Journal"),  # seed 002
        (page("www.afgazad.com", "afgazad@gmail.com"), "afgazad.com"),
        (page("English News"), None),  # a section label, not an outlet
        (page("LATEST NEWS"), None),
        (page(end="© 2024 Kabul Daily Dispatch. All rights reserved."), "Kabul Daily Dispatch"),
        (page(end="This article first appeared in The Diplomat."), "The Diplomat"),
        (page("URL: https://www.example-news.com/2023/03/story"), "example-news.com"),
    ],
)  # fmt: skip
def test_publisher(raw: str, publisher: str | None) -> None:
    assert meta(raw).publisher == publisher


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        (page("URL: https://kabuldispatch.example/2023/03/rail"), "https://kabuldispatch.example/2023/03/rail"),
        (page("Source: https://example.org/a/b."), "https://example.org/a/b"),
        (page("https://example.org/news/2024/story-slug"), "https://example.org/news/2024/story-slug"),
        (page("www.afgazad.com"), None),  # the site, not the article
        (page(end="Wasim Qadri\nWasim Qadrihttp://wasimqadriblog.wordpress.com/"), None),  # a bio url
        (page("Related stories", "https://youtu.be/wnqexTNWiEo Celebrations erupted in Dhaka"), None),  # a teaser
    ],
)  # fmt: skip
def test_url(raw: str, url: str | None) -> None:
    assert meta(raw).url == url


def seed_metadata(stem: str) -> Metadata:
    [path] = (ROOT / "seeds").glob(f"{stem}_*.txt")
    raw = path.read_text(encoding="utf-8")
    return find_metadata(raw, Cleaned(raw))


def test_seed_000() -> None:
    assert seed_metadata("000") == Metadata(
        title="How Russia and China are Working to Avoid Humanitarian Crisis in Afghanistan",
        author="Taut Bataut",
        published=D(2024, 5, 7),
        publisher="New Eastern Outlook",
        url=None,
    )


def test_seed_002() -> None:
    assert seed_metadata("002") == Metadata(
        title="Taliban’s Global Comeback: Allies in Moscow and Beijing",
        author="Wasim Qadri",
        published=D(2025, 5, 12),
        publisher="The Think Tank Journal",
        url=None,
    )


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("001", Metadata()),  # a scraped body with no header at all
        ("003", Metadata()),  # an OCR'd paper: no title line survives
        (
            "004",
            Metadata(
                title="Russia extends its sphere of influence around Afghanistan as the US withdraws"
            ),
        ),
    ],
)
def test_other_seeds(stem: str, expected: Metadata) -> None:
    assert seed_metadata(stem) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cite_news_site.txt", Metadata(
            title="Uzbekistan Opens New Rail Freight Route to Mazar-i-Sharif", author="Farida Noorzai",
            published=D(2023, 3, 16), publisher="Kabul Daily Dispatch",
            url="https://kabuldispatch.example/2023/03/uzbek-rail-freight-route")),
        ("cite_repost_blog.txt", Metadata(
            title="Why Central Asian Water Disputes Could Shape the Next Decade", author="Nadia Rahimi",
            published=D(2023, 11, 3), publisher="Eurasia Review Monthly")),
        ("cite_ocr_paper.txt", Metadata()),  # no url from a footnote, no title from a wrapped line
    ],
)  # fmt: skip
def test_made_up_articles(name: str, expected: Metadata) -> None:
    raw = (ROOT / "tests" / "articles" / name).read_text(encoding="utf-8")
    assert find_metadata(raw, Cleaned(raw)) == expected


@given(st.text(), st.text())
def test_never_raises(raw: str, body: str) -> None:
    m = find_metadata(raw, Cleaned(body))
    assert m.title is None or all(w in raw for w in m.title.split())  # joined, unescaped
    assert m.url is None or m.url in raw


LINES = st.sampled_from(["Author: [A B](#)", "By Jane Doe", "07.05.2024", "Date:", "www.x.com", "Related stories",
                         "A Title Made of Several Capitalised Words", "x – is a researcher", "", "\n", "THE X JOURNAL-",
                         "https://a.example/b/c", "Monday, May 12, 2025", "## Heading"])  # fmt: skip


@given(st.lists(LINES, max_size=30))
def test_never_raises_on_header_like_text(lines: list[str]) -> None:
    find_metadata("\n".join(lines), Cleaned("\n".join(lines)))


# Unseen page styles (blind audit): chrome lines, OCR'd papers' title blocks, bylines of fields.
MEKONG_PAPER = (
    " MEKONG WATER OBSERVER                 Discussion Paper No. 12\n\n"
    "Dams, Fish and Rice: Cambodia's Choices on the\nLower Mekong\n\n"
    "Sophea Chan, Research Associate\nInstitute for Riverine Policy, Phnom Penh\n9 May 2024\n\n"
    + BODY
    + "\n\n MEKONG WATER OBSERVER — Discussion Paper No. 12          3\n\n"
    + BODY
)
PACIFIC_PAPER = (
    "PACIFIC ISLANDS INSTITUTE | Occasional Paper 2024/05\n\nFISHERIES, DEBT AND THE TUNA TREATY\n\n"
    "Sione Vaipulu\n\nPublished : 2 April 2024\n\n" + BODY
)
PERU_MD = page(
    "* [Home](/)\n* [Mining](/mining/)",
    "Our site uses cookies to give you the best experience. By browsing on, you accept our use of cookies.",
    "# Peru's copper exports slow as \\$3 billion mine faces **road blockades**",
    "*Posted 21/04/2024 by **Lucía Ramos** in [Mining](/mining/)*",
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a call to action in Title Case loses to the sentence-case headline above the byline
        (page("Menu", "Sign Up For Our Free Newsletter Today", "Drought pushes Zambia to ration electricity for mines",
              "By Thandiwe Banda and Mwila Phiri | Updated 12 May 2024"),
         Metadata(title="Drought pushes Zambia to ration electricity for mines", author="Thandiwe Banda and Mwila Phiri",
                  published=D(2024, 5, 12))),
        (page("Home | Africa | Markets", "Ghana and Togo agree to share a new gas pipeline", "Join Us On Telegram | Google News",
              "Kwame Asante | Accra | May 12th, 2024"),
         Metadata(title="Ghana and Togo agree to share a new gas pipeline", author="Kwame Asante", published=D(2024, 5, 12))),
        # a title-cased chrome line does not outweigh a sentence-case headline over its byline
        (page("Latest From Our Partners Across The Region", "Drought pushes Zambia to ration electricity for mines",
              "By Thandiwe Banda"),
         Metadata(title="Drought pushes Zambia to ration electricity for mines", author="Thandiwe Banda")),
        # markdown: an H1 with escapes and emphasis, a "Posted DATE by NAME in SECTION" line, a cookie notice
        (PERU_MD, Metadata(title="Peru's copper exports slow as $3 billion mine faces road blockades", author="Lucía Ramos",
                           published=D(2024, 4, 21))),
        # OCR'd paper: running header and series label lose, the title wrapped over two lines is joined, the name
        # under it is the author, the affiliation the publisher (the series' masthead ranks after it)
        (MEKONG_PAPER, Metadata(title="Dams, Fish and Rice: Cambodia's Choices on the Lower Mekong", author="Sophea Chan",
                                published=D(2024, 5, 9), publisher="Institute for Riverine Policy")),
        (PACIFIC_PAPER, Metadata(title="FISHERIES, DEBT AND THE TUNA TREATY", author="Sione Vaipulu",
                                 published=D(2024, 4, 2), publisher="Pacific Islands Institute")),
        # a title block wrapped without a small word at the break: joined when a byline follows at once
        (" Ports, Power and Patronage in Eastern\nIndonesia\nWorking Paper No. 4 | 8 July 2024\n\n" + BODY,
         Metadata(title="Ports, Power and Patronage in Eastern Indonesia", published=D(2024, 7, 8))),
        # a masthead in capitals before wide spaces, a series label after it and no affiliation
        ("KHMER POLICY REVIEW          Issue 4\n\n" + BODY, Metadata(publisher="Khmer Policy Review")),
        ("CENTRE FOR ARCTIC STUDIES — Research Note 3\n\n" + BODY, Metadata(publisher="Centre for Arctic Studies")),
    ],
)  # fmt: skip
def test_unseen_headers(raw: str, expected: Metadata) -> None:
    assert meta(raw) == expected


@pytest.mark.parametrize(
    ("raw", "author"),
    [
        (page("Written by: Kofi Mensah, Ama Owusu and Yaw Boateng"), "Kofi Mensah, Ama Owusu and Yaw Boateng"),
        (page("By Ana Souza & Pedro Lima"), "Ana Souza and Pedro Lima"),
        (page("By Jane Doe, Kabul"), "Jane Doe"),  # a name and a place, no list
        (page("Photo by Kim Lee | 3 May 2024"), None),  # a caption's credit
        (page("Reported by Anna Berg on 3 May 2024"), "Anna Berg"),
        (page("3 May 2024 by Anna Berg"), "Anna Berg"),
        # "by" in a headline with a date: no byline verb, no date right before it
        (page("Nine Villages Cut Off by Floods Since 3 May 2024"), None),
        # a name-shaped line under a headline, with no byline, date or role around it: a section
        (page("Drought pushes Zambia to ration electricity", "Southern Africa"), None),
    ],
)  # fmt: skip
def test_unseen_bylines(raw: str, author: str | None) -> None:
    assert meta(raw).author == author


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        ("Friday, June 6, 2025\nHome | News\n\nLima Eyes Lithium\n\nDate:\n14 March 2022\n\n"
         "Peru said on Monday it would expand exports.", dt.date(2022, 3, 14)),
        ("Lima Eyes Lithium\nPublished:\n\n2021-11-30\n\nPeru said it would expand exports.",
         dt.date(2021, 11, 30)),
        # a label with nothing usable below it leaves the page-top date
        ("Friday, June 6, 2025\n\nLima Eyes Lithium\n\nDate:\nPeru said on Monday it would "
         "expand its exports of lithium carbonate to Asian buyers in the coming years.",
         dt.date(2025, 6, 6)),
    ],
)  # fmt: skip
def test_a_label_alone_takes_the_value_on_the_next_line(raw: str, published: dt.date) -> None:
    """'Date:' with its date on the line below beats a site's current-date line at the top."""
    assert meta(raw).published == published
