"""Money rates, ambiguous currency names and spurious reads found by a second blind audit.
The sentences are written apart from the audit's articles (other countries, outlets, people),
so they test the rules, not the examples."""

from __future__ import annotations

import pytest

from factbase.ingest import extract
from factbase.ingest.figures import find_figures
from factbase.ingest.measure_keys import measure_key
from factbase.records import Figure
from factbase.units import dimension_of, normalise


def figures_in(text: str) -> list[Figure]:
    return find_figures(text, [(0, len(text))])


@pytest.mark.parametrize(
    ("text", "surface", "unit"),
    [
        ("Cobalt traded under $31,000 a tonne in March.", "$31,000 a tonne", "USD per metric ton"),
        ("Growers were paid €1.85 per kilogram.", "€1.85 per kilogram", "EUR per kilogram"),
        ("The charter costs $8,500 per day.", "$8,500 per day", "USD per day"),
        ("Smuggling drains £41 million a year.", "£41 million a year", "GBP per year"),
        ("Wholesale power hit $95/MWh.", "$95/MWh", "USD per megawatt hour"),
        ("Dividends reached $1.10 per share.", "$1.10 per share", "USD per share"),
        ("Rent is 2,400 pesos per month.", "2,400 pesos per month", "peso per month"),
        ("A nurse earns $14,000 per annum.", "$14,000 per annum", "USD per year"),
    ],
)
def test_money_keeps_its_rate(text: str, surface: str, unit: str) -> None:
    (fig,) = figures_in(text)
    assert (fig.text, fig.unit, str(fig.kind)) == (surface, unit, "money")


@pytest.mark.parametrize(
    "text",
    [
        "Sales were $210 million a year earlier.",
        "Output was worth $3 billion a decade ago.",
        "Each volunteer got $40 a T-shirt included.",
        "Fees were $12 per the 2019 contract.",
        "The index rose 5 per cent.",
    ],
)
def test_no_rate_where_none_is(text: str) -> None:
    assert all(" per " not in (f.unit or "") for f in figures_in(text))


def test_second_amount_shares_the_rate() -> None:
    figs = figures_in("Coffee fell to $3.10 per pound from $3.45, and bids ran $4 to $6 a barrel.")
    units = {f.text: f.unit for f in figs}
    assert units["$3.10 per pound"] == units["$3.45"] == "USD per pound"
    assert units["$4 to $6 a barrel"] == "USD per barrel"
    plain = figures_in("Costs rose to $9 per litre while the fund spent $40 million.")
    assert [f.unit for f in plain] == ["USD per liter", "USD"]


def test_rate_is_not_compared_with_an_amount() -> None:
    assert dimension_of("USD per metric ton")[0] != dimension_of("USD")[0]


def test_no_half_share_in_a_mixed_number() -> None:
    assert figures_in("The lake lost roughly a year and a half of inflow.") == []
    assert figures_in("Two and a half of the mills shut.") == []
    (fig,) = figures_in("Officials said a half of the budget went to roads.")
    assert fig.value == 50.0


def test_no_count_before_a_capitalised_possessive() -> None:
    assert figures_in("12 Reporter's notes, Quito, June 2021.") == []
    assert [f.text for f in figures_in("Seven Peruvian mines closed.")] == ["Seven Peruvian mines"]


def test_no_figures_in_an_inline_teaser() -> None:
    assert figures_in("Read more: Chile's copper in seven graphs (https://x.example/c)") == []
    assert figures_in("Related: 40 dead as floods hit Accra") == []
    assert len(figures_in("Readers sent 40 letters.")) == 1


def _units(text: str) -> list[str | None]:
    return [f.unit for f in extract(text, "t.txt").figures if str(f.kind) == "money"]


def test_ambiguous_currency_from_the_articles_countries() -> None:
    ug = "Uganda's coffee earned 3.2 trillion shillings, the Ugandan ministry said in Kampala."
    assert _units(ug) == ["UGX"]
    assert _units("The state plans to spend Rs 12,500 crore on roads.") == ["INR"]
    assert _units("Nepal's budget of Rs 1,800 crore was passed in Kathmandu.") == ["NPR"]
    mixed = "Bolivia and Chile argued. Each paid 900 pesos per kilogram. Bolivia and Chile agreed."
    assert _units(mixed) == ["CLP per kilogram"]  # Bolivia's currency is no peso
    both = "Tanzania and Uganda sold tea worth 50 billion shillings."
    assert _units(both) == ["shilling"]
    assert _units("The fund paid 400 million rupees.") == ["rupee"]


def test_measure_key_drops_the_possessive() -> None:
    assert measure_key("Ghana Railway's freight") == measure_key("Ghana Railway freight")
    assert measure_key("the ports' throughput") == "port throughput"
    assert measure_key("Peru's 'green' bonds") == measure_key("Peruvian green bonds")


def test_a_time_after_in_is_no_measure() -> None:
    (fig,) = extract("Rice sold in Dhaka for 60 taka per kilogram in August.", "t.txt").figures
    assert fig.unit == "BDT per kilogram" and fig.measure != "August"
    (fig,) = extract("Ghana invested $2 billion in cocoa.", "t.txt").figures
    assert fig.measure is not None and fig.measure.endswith("cocoa")
    for text in (
        "Mines shipped 700 tonnes in September.",
        "Mines shipped 700 tonnes in late 2022.",
    ):
        (fig,) = extract(text, "t.txt").figures
        assert fig.measure not in ("September", "late")


def test_rates_compare_across_denominators() -> None:
    per_kg, per_t = normalise(1.85, "EUR per kilogram"), normalise(1850, "EUR per metric ton")
    assert per_kg.dimension == per_t.dimension == "money:EUR per mass"
    assert per_kg.value == pytest.approx(per_t.value)
    assert normalise(10, "USD per day").value == pytest.approx(3652.5)
    assert dimension_of("USD per share")[0] == "money:USD per share"
    assert dimension_of("kilometer per hour")[0] == "length per duration"
