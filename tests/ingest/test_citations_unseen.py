"""Citations in phrasings the first tables lack, as a blind audit on unseen articles found them:
"estimate(s)" and "say" as speech verbs, auxiliaries between subject and verb, role-noun
speakers ("a Petrobras spokeswoman"), trailing subjects, "and says" after a first clause,
"according to" noun phrases, quotes attributed by "according to" or by the quote before them,
and links in page chrome."""

# ruff: noqa: E501 -- tables of sentences read best one case a line

from __future__ import annotations

import pytest

from factbase.ingest.citations import find_citations
from factbase.records import CitationKind, Cleaned, Link
from tests.ingest.test_citations import cite, of_kind


@pytest.mark.parametrize(
    ("text", "phrase", "source"),
    [
        ("The Inter-American Development Bank now estimates the shortfall at $2.1 billion.", "The Inter-American Development Bank now estimates", "Inter-American Development Bank"),
        ("Moldova has also warned that gas prices would rise.", "Moldova has also warned", "Moldova"),
        ("Peruvian officials say the smelter will reopen in May.", "Peruvian officials say", "Peruvian officials"),
        ("Copper exports fell by 8 per cent last year, economists at Banco Andino estimate.", "Banco Andino estimate", "Banco Andino"),
        ("Mining royalties rose to 9% of sales, the finance ministry says.", "the finance ministry says", "finance ministry"),
        ("A Petrobras spokeswoman told Folha de S.Paulo that output would rise.", "A Petrobras spokeswoman told", "Petrobras spokeswoman"),
        ("Maersk has invested $300 million in the terminal and says volumes will double.", "Maersk has invested $300 million in the terminal and says", "Maersk"),
        ("Vietnam, which buys most of its coal from Indonesia, has warned of shortages.", "Vietnam, which buys most of its coal from Indonesia, has warned", "Vietnam"),
        ("Troops crossed the border, according to Bolivian state radio.", "according to Bolivian state radio", "Bolivian state radio"),
        ("Trade fell, according to data compiled by the IEA the figure was 40 million US dollars.", "according to data compiled by the IEA", "IEA"),
        ("Freight rose 4%, according to Mongolian customs data.", "according to Mongolian customs", "Mongolian customs"),
        ("Forest loss fell by 30%, according to the Mongolian Statistical Office (MSO).7 Exports fell in 2022.", "according to the Mongolian Statistical Office (MSO)", "Mongolian Statistical Office (MSO)"),
    ],
)  # fmt: skip
def test_attributions(text: str, phrase: str, source: str) -> None:
    _, found = cite(text)
    assert [(c.text, c.source_name, c.claim) for c in of_kind(found, CitationKind.attribution)] == [
        (phrase, source, 0)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Independent estimates put the deficit higher than Treasury estimates.",  # nouns
        "Kenya's estimated reserves are large.",
        "The harbour at Mombasa, estimated at $40 million, opened in 2020.",  # a passive
        "A spokesman said the talks would resume.",  # a role, but nobody in particular
        "Officials say the road is closed.",
        "The treaty was signed in Lima and said to be binding.",
        "Norway has said little about the dispute.",
    ],
)
def test_no_attribution(text: str) -> None:
    _, found = cite(text)
    assert of_kind(found, CitationKind.attribution) == []


@pytest.mark.parametrize(
    ("text", "quoted", "speaker"),
    [
        ("“Tariffs will fall by a third,” according to the Ghanaian trade ministry.", "Tariffs will fall by a third", "Ghanaian trade ministry"),
        ("According to the Zambian mines ministry, “exports will double by 2027”.", "exports will double by 2027", "Zambian mines ministry"),
        ("“We will not sell the mine,” an Antofagasta Minerals spokesman told El Mercurio.", "We will not sell the mine", "Antofagasta Minerals spokesman"),
        ("President Tomás Ibarra has described the pact as “historic”.", "historic", "Tomás Ibarra"),
    ],
)  # fmt: skip
def test_quotes(text: str, quoted: str, speaker: str | None) -> None:
    _, found = cite(text)
    assert [(c.text, c.author) for c in of_kind(found, CitationKind.quote)] == [(quoted, speaker)]


def test_a_quote_opening_the_next_sentence_continues_the_speaker() -> None:
    text = "“We are ready,” Finance Minister Ana Castillo said on Monday. “The first bonds will be issued in June.”"
    _, found = cite(text)
    assert [(c.author, c.claim) for c in of_kind(found, CitationKind.quote)] == [
        ("Ana Castillo", 0), ("Ana Castillo", 1),
    ]  # fmt: skip


def test_a_quote_after_a_scare_quote_names_no_speaker() -> None:
    text = "Such “reforms” worry Lisbon. “The state will own every mine, and every buyer will pay.”"
    _, found = cite(text)
    assert [c.author for c in of_kind(found, CitationKind.quote)] == [None]


def test_an_according_clause_elsewhere_in_the_sentence_does_not_speak_a_scare_quote() -> None:
    text = "According to a study by the Forum of Lagos, aid fell; a similar “partnership” stalled."
    _, found = cite(text)
    assert of_kind(found, CitationKind.quote) == []


def test_links_outside_claims_are_chrome() -> None:
    body = (
        "Share on X | Filed in Mining\n\nThe port handled 3 million tonnes, says the annual report."
    )
    share, filed = body.index("Share on X"), body.index("Mining")
    report = body.index("annual report")
    links = (
        Link(share, share + 10, "https://x.example/intent?u=1"),
        Link(filed, filed + 6, "/mining/"),
        Link(report, report + 13, "https://port.example/report.pdf"),
    )
    cleaned = Cleaned(body, (), len(body), links=links)
    found = find_citations(cleaned, [(body.index("The port"), len(body))])
    assert [(c.text, c.url, c.claim) for c in of_kind(found, CitationKind.link)] == [
        ("annual report", "https://port.example/report.pdf", 0)
    ]
