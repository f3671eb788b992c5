"""Tables for find_figures: every written form we read, what is not a figure, the seeds."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.ingest.clean import clean
from factbase.ingest.figures import find_figures, parse_figure, parse_number_words
from factbase.ingest.segment import find_sentences
from factbase.records import Figure

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTICLES = Path(__file__).resolve().parents[1] / "articles"


def figures_in(text: str) -> list[Figure]:
    figs = find_figures(text, [(0, len(text))])
    for f in figs:
        assert text[f.start : f.end] == f.text
    return figs


def only(text: str) -> Figure:
    figs = figures_in(text)
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


# (sentence, figure text, value, unit, kind, qualifier)
FORMS = [
    # money
    ("Due to a $49 million Chinese investment.", "$49 million", 49e6, "USD", "money", None),
    ("Exports were worth 79.2 million USD.", "79.2 million USD", 79.2e6, "USD", "money", None),
    ("The loan of USD 79.2m was signed.", "USD 79.2m", 79.2e6, "USD", "money", None),
    ("It cost 1.5 billion dollars.", "1.5 billion dollars", 1.5e9, "USD", "money", None),
    ("A budget of $1,200 million.", "$1,200 million", 1.2e9, "USD", "money", None),
    ("Berlin pledged €3bn on Monday.", "€3bn", 3e9, "EUR", "money", None),
    ("He was fined £2,000 in court.", "£2,000", 2000.0, "GBP", "money", None),
    ("Imports of 289 million US dollars.", "289 million US dollars", 289e6, "USD", "money", None),
    ("A plan of Rs 500 crore was set.", "Rs 500 crore", 5e9, "rupee", "money", None),
    ("Aid of 10 billion yuan arrived.", "10 billion yuan", 1e10, "CNY", "money", None),
    ("Trade of 3 billion roubles.", "3 billion roubles", 3e9, "RUB", "money", None),
    (
        "Flour costs 35 afghanis a kilo.",
        "35 afghanis a kilo",
        35,
        "AFN per kilogram",
        "money",
        None,
    ),
    ("Karachi paid PKR 2 billion.", "PKR 2 billion", 2e9, "PKR", "money", None),
    ("exports fell to hk $ 10.05 billion .", "hk $ 10.05 billion", 10.05e9, "HKD", "money", None),
    ("Canberra gave A$30 million.", "A$30 million", 30e6, "AUD", "money", None),
    ("A deal worth US$5m was agreed.", "US$5m", 5e6, "USD", "money", None),
    ("iraq asked for 50 cents more per barrel", "50 cents", 50.0, "cent", "money", None),
    (
        "It cost an estimated $ 470 million.",
        "$ 470 million",
        470e6,
        "USD",
        "money",
        "an estimated",
    ),
    ("Sales hit 1.8M dollars.", "1.8M dollars", 1.8e6, "USD", "money", None),
    ("It only cost 3 dollars 50 cents.", "3 dollars 50 cents", 3.5, "USD", "money", None),
    ("They lost 75 USD million.", "75 USD million", 75e6, "USD", "money", None),
    ("It costs half million usd.", "half million usd", 5e5, "USD", "money", None),
    ("Ministers received five million yen.", "five million yen", 5e6, "JPY", "money", None),
    # percent
    ("Only 4% of imports came from Russia.", "4%", 4.0, "%", "percent", None),
    ("It wrote off 90 per cent of the debt.", "90 per cent", 90.0, "%", "percent", None),
    ("Prices rose 18 percent in May.", "18 percent", 18.0, "%", "percent", None),
    ("net income sank 27 % in the quarter", "27 %", 27.0, "%", "percent", None),
    ("a 5-percentage-point rise", "5-percentage-point", 5.0, "percentage point", "percent", None),
    ("Turnout was nearly twenty percent.", "twenty percent", 20.0, "%", "percent", "nearly"),
    ("Output fell by more than 40%.", "40%", 40.0, "%", "percent", "more than"),
    # counts
    (
        "It compiled 140 Soviet-era projects.",
        "140 Soviet-era projects",
        140.0,
        "project",
        "count",
        None,
    ),
    ("A bomb killed two diplomats.", "two diplomats", 2.0, "diplomat", "count", None),
    ("At least 12 people died.", "12 people", 12.0, "person", "count", "at least"),
    ("Some 3 million women voted.", "3 million women", 3e6, "woman", "count", "some"),
    (
        "The 20 most expensive restaurants closed.",
        "20 most expensive restaurants",
        20.0,
        "restaurant",
        "count",
        None,
    ),
    ("About forty-five children fled.", "forty-five children", 45.0, "child", "count", "about"),
    ("It sent one hundred soldiers.", "one hundred soldiers", 100.0, "soldier", "count", None),
    ("She bought a dozen eggs.", "a dozen eggs", 12.0, "egg", "count", None),
    (
        "Aid reached half a million refugees.",
        "half a million refugees",
        5e5,
        "refugee",
        "count",
        None,
    ),
    (
        "Fewer than 100 countries signed.",
        "100 countries",
        100.0,
        "country",
        "count",
        "fewer than",
    ),
    ("A population of 40 million.", "40 million", 40e6, None, "count", None),
    # quantities
    (
        "Oil output surged to 11000 metric tons.",
        "11000 metric tons",
        11000.0,
        "metric ton",
        "quantity",
        None,
    ),
    (
        "It produced 2 million tonnes of wheat.",
        "2 million tonnes",
        2e6,
        "metric ton",
        "quantity",
        None,
    ),
    ("The pipeline is 1,200 km long.", "1,200 km", 1200.0, "kilometer", "quantity", None),
    ("It took 3 million hours of labour.", "3 million hours", 3e6, "hour", "quantity", None),
    (
        "Farms cover 30 square kilometers.",
        "30 square kilometers",
        30.0,
        "square kilometer",
        "quantity",
        None,
    ),
    ("They pumped 500,000 barrels.", "500,000 barrels", 5e5, "barrel", "quantity", None),
    ("A shipment of 25 kg arrived.", "25 kg", 25.0, "kilogram", "quantity", None),
    (
        "The jet flew at 600 miles per hour.",
        "600 miles per hour",
        600.0,
        "mile per hour",
        "quantity",
        None,
    ),
    ("The file is 100 MB.", "100 MB", 100.0, "megabyte", "quantity", None),
    (
        "Temperatures hit 47 degrees Celsius.",
        "47 degrees Celsius",
        47.0,
        "degree celsius",
        "quantity",
        None,
    ),
    ("It fell to -5 °C overnight.", "-5 °C", -5.0, "degree celsius", "quantity", None),
    ("A six-mile trip.", "six-mile", 6.0, "mile", "quantity", None),
    ("Output reached 2021 tonnes.", "2021 tonnes", 2021.0, "metric ton", "quantity", None),
    ("He is 5 feet 2 inches tall.", "5 feet 2 inches", 5 + 2 / 12, "foot", "quantity", None),
    ("It is 10 1/2 miles long.", "10 1/2 miles", 10.5, "mile", "quantity", None),
    (
        "Canals lose 4,000 tonnes a week.",
        "4,000 tonnes a week",
        4000.0,
        "metric ton per week",
        "quantity",
        None,
    ),
    (
        "Plants made 1,450 gigawatt hours.",
        "1,450 gigawatt hours",
        1450.0,
        "gigawatt hour",
        "quantity",
        None,
    ),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit", "kind", "qualifier"), FORMS)
def test_forms(
    text: str, surface: str, value: float, unit: str | None, kind: str, qualifier: str | None
) -> None:
    fig = only(text)
    assert (fig.text, fig.unit, str(fig.kind), fig.qualifier) == (surface, unit, kind, qualifier)
    assert fig.value is not None and math.isclose(fig.value, value, rel_tol=1e-9)
    assert fig.measure is None and fig.period is None


# (sentence, figure text, low, high, unit)
RANGES = [
    ("Between 5-10 million people fled.", "5-10 million people", 5e6, 10e6, "person"),
    ("Growth of between 3 and 4 percent.", "3 and 4 percent", 3.0, 4.0, "%"),
    ("A deal of $2m to $3m was floated.", "$2m to $3m", 2e6, 3e6, "USD"),
    (
        "Savings of €300 million to €350 million.",
        "€300 million to €350 million",
        3e8,
        3.5e8,
        "EUR",
    ),
    ("Inflation of 20-25% is forecast.", "20-25%", 20.0, 25.0, "%"),
    ("Walls eight to 10 feet tall.", "eight to 10 feet", 8.0, 10.0, "foot"),
    ("Output of 2 to 3 million tonnes.", "2 to 3 million tonnes", 2e6, 3e6, "metric ton"),
]


@pytest.mark.parametrize(("text", "surface", "low", "high", "unit"), RANGES)
def test_ranges(text: str, surface: str, low: float, high: float, unit: str) -> None:
    fig = only(text)
    assert (fig.text, fig.value, fig.value_high, fig.unit) == (surface, low, high, unit)


def test_from_to_is_a_change_not_a_range() -> None:
    figs = figures_in("Aid rose from $2m to $3m last year.")
    assert [(f.text, f.value_high) for f in figs] == [("$2m", None), ("$3m", None)]


NOT_FIGURES = [
    "On September 5, 2022, a bomber struck.",
    "It was signed on 29 February 2020.",
    'It was signed on 29" February 2020.',  # OCR'd "29th"
    "Posted 07.05.2024 by the editor.",
    "Trade grew in 2021 and since 2003 it has doubled.",
    "Debts piled up during the 1970s and the 1980s.",
    "The Soviet invasion in 1979 failed.",
    "This was the fifth year and the first time.",
    "The dawn of the 21st century.",
    "right from the beginning of the 215t century.",  # OCR'd "21st"
    "Call +1 555-123-4567 or (202) 555-0100 today.",
    "See https://www.dawn.com/news/1613153 for more.",
    "Read www.example.org/2021/03/report-55 now.",
    "1. Counterterrorism: both nations agree.",
    "The meeting is at 2 pm, not 11pm or 2:00 pm.",
    "The 13F filing was late.",
    "The G20 met; COVID-19 spread; Su-35 and F-16 jets flew.",
    "It invoked Article 51 and Resolution 2593.",
    "The debt was worth billions of US dollars.",
    "Dozens of people were hurt.",
    "One of the envoys left.",
    "The latter two have been allies for decades.",
    "Deposits: 10 1111-22223333-4444 were frozen.",
    "He has lost his pen 7 times since Monday.",
    "Get together for 2 in april.",
    'He said "we have 20" and left.',
    "Scores were 3-1 and 2-0.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert [f.text for f in figures_in(text)] == []


def test_currency_codes_that_are_words_are_not_money() -> None:
    # peer-spec negatives: "ALL" (Albanian lek) and "pen" (Peruvian sol) read as words
    figs = figures_in("ALL 5 solutions are wrong, said the pen 7 man.")
    assert [(f.text, str(f.kind)) for f in figs] == [("5 solutions", "count")]


def test_claim_index_is_the_span_position() -> None:
    body = "Output rose 4%. Nothing here. It cost $5 million."
    spans = [(0, 15), (16, 29), (30, len(body))]
    figs = find_figures(body, spans)
    assert [(f.claim, f.text) for f in figs] == [(0, "4%"), (2, "$5 million")]


def test_numbers_outside_spans_are_ignored() -> None:
    body = "Headline: $9 billion deal. Only 4% came from Russia."
    assert [f.text for f in find_figures(body, [(27, len(body))])] == ["4%"]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("forty-five", 45),
        ("one hundred and three", 103),
        ("half a million", 5e5),
        ("three quarters billion", 7.5e8),
        ("a dozen", 12),
        ("two thousand five hundred", 2500),
    ],
)
def test_parse_number_words(words: str, value: float) -> None:
    assert parse_number_words(words) == value


def test_parse_number_words_rejects_other_words() -> None:
    with pytest.raises(ValueError, match="not a number word"):
        parse_number_words("two apples")


def test_parse_figure() -> None:
    fig = parse_figure("about $49 million")
    assert fig is not None and (fig.value, fig.unit, fig.qualifier) == (49e6, "USD", "about")
    assert parse_figure("in 2021") is None


# --- seeds -------------------------------------------------------------------------------
def seed_figures(prefix: str) -> list[Figure]:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    cleaned = clean(path.read_text(encoding="utf-8"))
    figs = find_figures(cleaned.body, find_sentences(cleaned))
    for f in figs:
        assert cleaned.body[f.start : f.end] == f.text
    return figs


SEED_EXPECTED = [
    ("000", "$49 million", 49e6, "USD", "money"),
    ("000", "11000 metric tons", 11000.0, "metric ton", "quantity"),
    ("000", "79.2 million USD", 79.2e6, "USD", "money"),
    ("001", "4%", 4.0, "%", "percent"),
    ("001", "$289 million", 289e6, "USD", "money"),
    ("001", "20%", 20.0, "%", "percent"),
    ("001", "18%", 18.0, "%", "percent"),
    ("001", "16%", 16.0, "%", "percent"),
    ("001", "two diplomats", 2.0, "diplomat", "count"),
    ("003", "140 Soviet-era projects", 140.0, "project", "count"),
    ("003", "90%", 90.0, "%", "percent"),
]


@pytest.mark.parametrize(("seed", "surface", "value", "unit", "kind"), SEED_EXPECTED)
def test_seed_figures(seed: str, surface: str, value: float, unit: str, kind: str) -> None:
    hits = [f for f in seed_figures(seed) if f.text == surface]
    assert hits, f"{surface!r} not found in seed {seed}"
    assert (hits[0].value, hits[0].unit, str(hits[0].kind)) == (value, unit, kind)


@pytest.mark.parametrize(
    ("seed", "surface"),
    [("003", "215"), ("003", "29"), ("001", "2022"), ("001", "1979"), ("000", "21")],
)
def test_seed_non_figures(seed: str, surface: str) -> None:
    assert not [f.text for f in seed_figures(seed) if surface in f.text]


def test_seed_002_has_no_figures() -> None:
    # dates, years and list numbers only ("In April 2025", "since 2003", "1. Counterterrorism")
    assert seed_figures("002") == []


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("figures_*.txt")), ids=lambda p: p.name)
def test_own_articles_keep_offsets_and_skip_junk(path: Path) -> None:
    cleaned = clean(path.read_text(encoding="utf-8"))
    figs = find_figures(cleaned.body, find_sentences(cleaned))
    texts = [f.text for f in figs]
    assert figs, path.name
    assert all(cleaned.body[f.start : f.end] == f.text for f in figs)
    assert not [t for t in texts if t.startswith(("215", "2593", "51", '12"'))]


def test_news_article_figures() -> None:
    texts = {f.text: f for f in _article("figures_news_site.txt")}
    assert texts["1.5 million tonnes"].qualifier == "up to"
    assert texts["USD 420m"].value == 420e6
    assert texts["3 and 4 percent"].value_high == 4.0
    assert texts["€300 million to €350 million a year"].value_high == 350e6
    assert texts["€300 million to €350 million a year"].unit == "EUR per year"
    assert texts["35 afghanis per kilogram"].unit == "AFN per kilogram"
    assert "2,300 trucks" in texts and "45 Kazakh engineers" in texts


def _article(name: str) -> list[Figure]:
    cleaned = clean((ARTICLES / name).read_text(encoding="utf-8"))
    return find_figures(cleaned.body, find_sentences(cleaned))


# --- properties ----------------------------------------------------------------------------
SCALE = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
PROSE_WORDS = [
    "the",
    "Kremlin",
    "said",
    "aid",
    "to",
    "Kabul",
    "was",
    "worth",
    "in",
    "total",
    "of",
    "new",
    "projects",
    "and",
    "trade",
    "rose",
    ",",
    ".",
    ";",
    "reported",
]
PROSE = st.lists(st.sampled_from(PROSE_WORDS), max_size=8).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 999), scale=st.sampled_from(sorted(SCALE)), before=PROSE, after=PROSE)
def test_money_parses_anywhere(n: int, scale: str, before: str, after: str) -> None:
    body = f"{before} ${n} {scale} {after}"
    money = [f for f in find_figures(body, [(0, len(body))]) if str(f.kind) == "money"]
    assert len(money) == 1
    [fig] = money
    assert body[fig.start : fig.end] == fig.text == f"${n} {scale}"
    assert fig.unit == "USD" and fig.value == n * SCALE[scale]


@settings(max_examples=300, deadline=None)
@given(text=st.text(), cut=st.integers(0, 50))
def test_arbitrary_text_never_breaks(text: str, cut: int) -> None:
    spans = [(0, min(cut, len(text))), (min(cut, len(text)), len(text))]
    for fig in find_figures(text, spans):
        start, end = spans[fig.claim]
        assert start <= fig.start < fig.end <= end
        assert text[fig.start : fig.end] == fig.text
        assert fig.value is not None and math.isfinite(fig.value)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="0123456789 ,.-$%€£kmMbn/:abtons", max_size=40))
def test_number_soup_never_breaks(text: str) -> None:
    for fig in find_figures(text, [(0, len(text))]):
        assert text[fig.start : fig.end] == fig.text
        assert fig.value is not None and math.isfinite(fig.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two countries are successfully filling the vacuum.", []),
        ("It increased the tensions between the two sides.", []),
        ("These three ministers met in Doha.", []),
        ("It killed two diplomats from Russia.", [("two diplomats", 2.0, "diplomat")]),
        ("Both sides sent three envoys.", [("three envoys", 3.0, "envoy")]),
        ("The 140 projects were listed.", [("140 projects", 140.0, "project")]),
        ("The two million people displaced.", [("two million people", 2e6, "person")]),
    ],
    ids=[
        "the-two-countries",
        "the-two-sides",
        "these-three",
        "bare-count",
        "after-both-sides",
        "digits-after-the",
        "scaled-after-the",
    ],
)
def test_number_word_after_a_determiner_is_a_reference(text, expected) -> None:
    """ "the two countries" points back at things already named; it reports no count."""
    figs = find_figures(text, [(0, len(text))])
    assert [(f.text, f.value, f.unit) for f in figs] == expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [("Chile kept 1,240 servicemen in Haiti.", "serviceman"),
     ("Peru registered 3,100 fishermen in 2020.", "fisherman"),
     ("The agency hired 85 policewomen last year.", "policewoman")],
)  # fmt: skip
def test_plurals_in_men_are_counts(text: str, unit: str) -> None:
    [fig] = find_figures(text, [(0, len(text))])
    assert fig.kind == "count" and fig.unit == unit


def test_range_upper_end_is_in_the_json_contract() -> None:
    fig = only("Lima expects 4-6 million visitors.")
    assert (fig.as_dict()["value"], fig.as_dict()["value_high"]) == (4e6, 6e6)
    assert only("Lima expects 4 million visitors.").as_dict()["value_high"] is None


# --- scale words, decimal commas, currencies and units read since the second blind audit ----
@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        # a scale word multiplies a larger one after it ("lakh crore" = 1e5 * 1e7)
        ("The state budget is Rs 3 lakh crore.", "Rs 3 lakh crore", 3e12, "rupee"),
        ("Pune approved ₹0.8 lakh crore for metro lines.", "₹0.8 lakh crore", 8e11, "INR"),
        ("The scheme cost Rs 65 thousand crore.", "Rs 65 thousand crore", 6.5e11, "rupee"),
        ("Britain borrowed £5 thousand million.", "£5 thousand million", 5e9, "GBP"),
        ("Kerala spent Rs 1-2 lakh crore.", "Rs 1-2 lakh crore", 1e12, "rupee"),
        # a decimal comma before a scale word (never "1,30" alone, never a truncated "1")
        ("Denmark's fund lost DKK 2,4 billion.", "DKK 2,4 billion", 2.4e9, "DKK"),
        ("Sweden's pension pot holds SEK 1,75 trillion.", "SEK 1,75 trillion", 1.75e12, "SEK"),
        ("The index rose to 2,5bn euros.", "2,5bn euros", 2.5e9, "EUR"),
        # currency codes and names before or after the number
        ("Addis Ababa borrowed ETB 12 billion.", "ETB 12 billion", 12e9, "ETB"),
        ("Dakar floated FCFA 90 billion in bonds.", "FCFA 90 billion", 90e9, "XOF"),
        ("Lomé owes 40 billion CFA francs.", "40 billion CFA francs", 40e9, "XOF"),
        ("Dhaka approved Tk 1,200 crore.", "Tk 1,200 crore", 12e9, "BDT"),
        ("Accra repaid 3 billion cedis.", "3 billion cedis", 3e9, "GHS"),
        # units
        ("Mombasa handled 1.6 million TEU last year.", "1.6 million TEU", 1.6e6, "TEU"),
        (
            "Algeria pumps 2.9 million barrels of oil equivalent per day.",
            "2.9 million barrels of oil equivalent per day",
            2.9e6,
            "barrel of oil equivalent per day",
        ),
    ],
)
def test_scales_currencies_and_units(text: str, surface: str, value: float, unit: str) -> None:
    fig = only(text)
    assert (fig.text, fig.unit) == (surface, unit)
    assert fig.value is not None and math.isclose(fig.value, value, rel_tol=1e-9)


@pytest.mark.parametrize(
    "text",
    [
        "Talks in Lusaka stalled for eight months.",
        "Hungary announced a fifteen-year plan.",
        "Peru's zinc output hit a 30-year high.",
        "He returned two days later.",
        "It lasted 20 long years.",
        "Talks went on for nearly seven years.",
        "The mine closed for twelve weeks, then one month more.",
        "Under the deal Quito repays within 18 months.",
        "A 45-year-old engineer was arrested.",
        "Scores were 1,30 and 2,45.",  # a decimal comma only before a scale word
    ],
)
def test_durations_and_bare_commas_are_no_figures(text: str) -> None:
    assert [f.text for f in figures_in(text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Its four reactors supply Finland.", [("four reactors", 4.0, "reactor")]),
        ("Their nine refineries are idle.", [("nine refineries", 9.0, "refinery")]),
        ("Their two governments agreed on tariffs.", []),
        ("Its three neighbours objected.", []),
    ],
)
def test_number_word_after_a_possessive_is_a_count(text, expected) -> None:
    assert [(f.text, f.value, f.unit) for f in figures_in(text)] == expected


@pytest.mark.parametrize(
    ("text", "surface", "value", "qualifier"),
    [
        ("Nearly a quarter of Peru's copper goes to Japan.", "a quarter", 25.0, "nearly"),
        ("Three-fifths of Ghana's cocoa is sold forward.", "Three-fifths", 60.0, "about"),
        ("Half of Mongolia's coal crosses one border.", "Half", 50.0, "about"),
        ("It ships one third of its wheat by rail.", "one third", 100 / 3, "about"),
        ("Exports took two thirds of the harvest.", "two thirds", 200 / 3, "about"),
        ("more than a tenth of Laos's budget", "a tenth", 10.0, "more than"),
        ("Farmers sold three quarters of their crop.", "three quarters", 75.0, "about"),
    ],
)
def test_fraction_of_a_whole_is_a_percent(text, surface, value, qualifier) -> None:
    fig = only(text)
    assert (fig.text, fig.unit, str(fig.kind), fig.qualifier) == (
        surface,
        "%",
        "percent",
        qualifier,
    )
    assert fig.value is not None and math.isclose(fig.value, value)


@pytest.mark.parametrize(
    "text",
    [
        "Sales slowed in the second half of 2022.",
        "Prices fell in the first half of the year.",
        "It rose by a third of a percentage point.",
        "Tunisia produced half of that amount.",
        "They spoke on behalf of the union.",
        "Its headquarters of steel and glass.",
        "The third of the phases began.",
        "A quarter of a century passed.",
        "Exports doubled, then tripled.",
        "He won half the vote.",
    ],
)
def test_fractions_that_are_no_share(text: str) -> None:
    assert [f.text for f in figures_in(text)] == []
