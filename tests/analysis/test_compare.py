"""factbase compare: unit normalisation, measure matching, ordering by period, the plot."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from factbase.analysis.compare import (
    FUZZY_THRESHOLD,
    compare_figures,
    group_figures,
    match_measure_keys,
    plot_comparison,
)
from factbase.db.engine import open_db
from factbase.errors import FactbaseError, NotFound, QueryError
from factbase.units import dimension_of, format_value, normalise, unit_spellings, units_like

NORMALISED = [
    # (value, unit, expected value, expected unit, dimension)
    (11000, "metric ton", 11000, "metric ton", "mass"),
    (1_200, "tonne", 1_200, "metric ton", "mass"),
    (50, "kilogram", 0.05, "metric ton", "mass"),
    (2000, "pound", 0.90718474, "metric ton", "mass"),
    (740, "kilometre", 740, "kilometer", "length"),
    (100, "meter", 0.1, "kilometer", "length"),
    (50, "mile", 80.4672, "kilometer", "length"),
    (3, "hectare", 0.03, "square kilometer", "area"),
    (1, "barrel", 158.987294928, "liter", "volume"),
    (1450, "gigawatt hour", 1450, "gigawatt hour", "unit:gigawatt hour"),  # unknown: kept as is
    (2, "gigawatt", 2000, "megawatt", "power"),
    (79.2e6, "USD", 79.2e6, "USD", "money:USD"),
    (300e6, "EUR", 300e6, "EUR", "money:EUR"),  # never converted to dollars
    (4, "%", 4, "%", "percent"),
    (140, None, 140, "", "count"),
    (3, "tons", 3, "metric ton", "mass"),  # plural folding
]


@pytest.mark.parametrize(("value", "unit", "expected", "base", "dimension"), NORMALISED)
def test_normalise(
    value: float, unit: str | None, expected: float, base: str, dimension: str
) -> None:
    n = normalise(value, unit)
    assert n.value == pytest.approx(expected)
    assert (n.unit, n.dimension) == (base, dimension)


def test_currencies_are_separate_dimensions() -> None:
    assert dimension_of("USD")[0] != dimension_of("EUR")[0]


def test_units_like_widens_to_the_dimension_but_not_across_currencies() -> None:
    assert {"metric ton", "kilogram", "tonne"} <= set(units_like("tons"))
    assert "USD" in units_like("$") and "EUR" not in units_like("$")
    assert units_like("widget") == unit_spellings("widget")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("usd", "USD"),
        ("$", "USD"),
        ("tons", "ton"),
        ("Tonnes", "tonne"),
        ("percent", "%"),
        ("%", "%"),
        ("€", "EUR"),
        ("kilometres", "kilometre"),
    ],
)
def test_unit_spellings(typed: str, stored: str) -> None:
    assert stored in unit_spellings(typed)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (79.2e6, "79.2 million"),
        (2.4e9, "2.4 billion"),
        (11000, "11,000"),
        (0.04, "0.04"),
        (None, ""),
    ],
)
def test_format_value(value: float | None, shown: str) -> None:
    assert format_value(value) == shown


def _row(
    i: int, value: float, unit: str | None, period_key: str | None, published: str | None
) -> dict:
    import datetime as dt

    return {
        "id": i,
        "value": value,
        "value_high": None,
        "unit": unit,
        "period_key": period_key,
        "period": period_key,
        "published": dt.date.fromisoformat(published) if published else None,
    }


def test_grouping_orders_by_period_then_date() -> None:
    rows = [
        _row(1, 289e6, "USD", "0|20220321|20230320|", "2024-01-01"),
        _row(2, 79.2e6, "USD", "0|20210101|20211231|", "2024-05-07"),
        _row(3, 80e6, "USD", "0|20210101|20211231|", "2023-02-01"),
        _row(4, 5, "EUR", None, None),
        _row(5, 7e6, "USD", None, "2020-01-01"),
        _row(6, 5, "kilogram", "0|20210101|20211231|", None),
    ]
    groups = group_figures(rows)
    usd = next(g for g in groups if g["dimension"] == "money:USD")
    assert [f["id"] for f in usd["figures"]] == [3, 2, 1, 5]
    assert {g["dimension"] for g in groups} == {"money:USD", "money:EUR", "mass"}
    mass = next(g for g in groups if g["dimension"] == "mass")
    assert mass["unit"] == "metric ton" and mass["figures"][0]["normalised_value"] == 0.005


# --- on the ingested seeds, both backends ------------------------------------------------


@pytest.fixture
def engine(ingested_any: str):
    engine = open_db(ingested_any)
    yield engine
    engine.dispose()


def _usd(result) -> list[dict]:
    return next(g for g in result.groups if g["dimension"] == "money:USD")["figures"]


@pytest.mark.parametrize(
    "measure",
    [
        "Russian exports to Afghanistan",
        "Afghanistan's imports from Russia",
        "Afghan imports from Russia",
    ],
)
def test_two_periods_of_the_same_flow(engine: sa.Engine, measure: str) -> None:
    """79.2 million USD (2021) and $289 million (year ending March 2023): one flow, two periods."""
    result = compare_figures(engine, measure)
    figures = _usd(result)
    values = [f["normalised_value"] for f in figures]
    assert values == [pytest.approx(79.2e6), pytest.approx(289e6)]
    assert figures[0]["period"] == "2021"
    assert "2023" in figures[1]["period"]
    assert figures[0]["source"] != figures[1]["source"]
    # the 4% share is a different measure, not mixed in
    assert all(g["dimension"] != "percent" for g in result.groups)


def test_figure_id_selects_its_measure(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        fid = conn.execute(
            sa.text("SELECT id FROM figures WHERE text = '$289 million'")
        ).scalar_one()
    by_id = compare_figures(engine, figure_id=fid)
    assert [f["id"] for f in _usd(by_id)] == [
        f["id"] for f in _usd(compare_figures(engine, "Russian exports to Afghanistan"))
    ]


def test_near_matches_keep_countries_apart(engine: sa.Engine) -> None:
    near = match_measure_keys(engine, "Russian exports")  # the partner left open
    assert [m["key"] for m in near] == ["flow russia>afghanistan"]
    assert all(m["score"] >= FUZZY_THRESHOLD for m in near)
    chinese = [m["key"] for m in match_measure_keys(engine, "China's investment in Afghanistan")]
    assert chinese and all("china" in k for k in chinese)
    assert match_measure_keys(engine, "Japanese exports to Afghanistan") == []
    assert compare_figures(engine, "Japanese exports to Afghanistan").groups == []


def test_unit_and_entity_selection(engine: sa.Engine) -> None:
    tons = compare_figures(engine, unit="tons")
    assert tons.groups and all(g["dimension"] == "mass" for g in tons.groups)
    russia_usd = compare_figures(engine, entity="Russia", unit="USD")
    assert any(f["normalised_value"] == pytest.approx(79.2e6) for f in _usd(russia_usd))
    assert all(
        "79.2" not in f["text"] for f in _usd(compare_figures(engine, entity="China", unit="USD"))
    )


def test_selection_errors(engine: sa.Engine) -> None:
    with pytest.raises(QueryError, match="say what to compare"):
        compare_figures(engine)
    with pytest.raises(QueryError, match="empty"):
        compare_figures(engine, "  ")
    with pytest.raises(NotFound, match="figure 999999 does not exist"):
        compare_figures(engine, figure_id=999999)
    with pytest.raises(NotFound):
        compare_figures(engine, figure_id=10**30)
    hostile = compare_figures(engine, "'; DROP TABLE figures; --", unit="%_", entity="%")
    assert hostile.groups == []


def test_plot_writes_a_png(engine: sa.Engine, tmp_path: Path) -> None:
    out = tmp_path / "flow.png"
    panels = plot_comparison(compare_figures(engine, "Russian exports to Afghanistan"), out)
    assert panels == 1
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_names_the_extra(
    engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = compare_figures(engine, "Russian exports to Afghanistan")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(FactbaseError, match=r"pip install 'factbase\[plot\]'"):
        plot_comparison(result, tmp_path / "x.png")
