"""Unit conversion tables for ``factbase compare``: unit -> (dimension, factor to the base unit).

Money is never converted between currencies: each ISO 4217 code is its own dimension
(``money:USD``), so a comparison groups figures per currency. Percentages and plain counts
are their own dimensions too. Unknown units are kept as they are, in a dimension of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# dimension -> the unit every figure of that dimension is shown in
BASE_UNITS: dict[str, str] = {
    "mass": "metric ton",
    "length": "kilometer",
    "area": "square kilometer",
    "volume": "liter",
    "energy": "kilowatt-hour",
    "power": "megawatt",
    "duration": "year",
    "percent": "%",
    "count": "",
}

# unit (singular, lower-case, as the figures stage stores it) -> (dimension, factor to base)
CONVERSIONS: dict[str, tuple[str, float]] = {
    # mass -> metric ton
    "metric ton": ("mass", 1.0),
    "tonne": ("mass", 1.0),
    "ton": ("mass", 1.0),  # news prose means metric tons far more often than short tons
    "mt": ("mass", 1.0),
    "kilogram": ("mass", 1e-3),
    "kg": ("mass", 1e-3),
    "gram": ("mass", 1e-6),
    "pound": ("mass", 0.45359237e-3),
    "lb": ("mass", 0.45359237e-3),
    "short ton": ("mass", 0.90718474),
    "long ton": ("mass", 1.0160469088),
    "kiloton": ("mass", 1e3),
    "megaton": ("mass", 1e6),
    # length -> kilometer
    "kilometer": ("length", 1.0),
    "kilometre": ("length", 1.0),
    "km": ("length", 1.0),
    "meter": ("length", 1e-3),
    "metre": ("length", 1e-3),
    "m": ("length", 1e-3),
    "centimeter": ("length", 1e-5),
    "mile": ("length", 1.609344),
    "nautical mile": ("length", 1.852),
    "foot": ("length", 0.3048e-3),
    "feet": ("length", 0.3048e-3),
    "yard": ("length", 0.9144e-3),
    # area -> square kilometer
    "square kilometer": ("area", 1.0),
    "square kilometre": ("area", 1.0),
    "km2": ("area", 1.0),
    "sq km": ("area", 1.0),
    "hectare": ("area", 0.01),
    "acre": ("area", 0.0040468564224),
    "square mile": ("area", 2.589988110336),
    "square meter": ("area", 1e-6),
    # volume -> liter
    "liter": ("volume", 1.0),
    "litre": ("volume", 1.0),
    "cubic meter": ("volume", 1e3),
    "barrel": ("volume", 158.987294928),
    "gallon": ("volume", 3.785411784),
    "bcm": ("volume", 1e12),  # billion cubic meters (gas)
    # energy -> kilowatt-hour
    "kilowatt-hour": ("energy", 1.0),
    "kwh": ("energy", 1.0),
    "megawatt-hour": ("energy", 1e3),
    "mwh": ("energy", 1e3),
    "gigawatt-hour": ("energy", 1e6),
    "gwh": ("energy", 1e6),
    "terawatt-hour": ("energy", 1e9),
    "twh": ("energy", 1e9),
    # power -> megawatt
    "megawatt": ("power", 1.0),
    "mw": ("power", 1.0),
    "kilowatt": ("power", 1e-3),
    "kw": ("power", 1e-3),
    "gigawatt": ("power", 1e3),
    "gw": ("power", 1e3),
    # duration -> year
    "year": ("duration", 1.0),
    "month": ("duration", 1 / 12),
    "week": ("duration", 7 / 365.25),
    "day": ("duration", 1 / 365.25),
    "hour": ("duration", 1 / 8766),
    # shares
    "%": ("percent", 1.0),
    "percent": ("percent", 1.0),
    "per cent": ("percent", 1.0),
}

# Spellings a user may type for a unit, mapped to the stored form.
SYMBOLS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "€": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "pound sterling": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "yuan": "CNY",
    "rmb": "CNY",
    "rouble": "RUB",
    "ruble": "RUB",
    "₽": "RUB",
    "afghani": "AFN",
    "rupee": "INR",
    "percent": "%",
    "per cent": "%",
    "pct": "%",
}

_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
_PLURAL_TAIL = re.compile(r"(?<=[a-z])(?:es|s)$")


@dataclass(frozen=True, slots=True)
class Normalised:
    value: float | None
    value_high: float | None
    unit: str  # the unit shown: base unit, currency code, "%", "" for counts
    dimension: str  # "mass", "money:USD", "percent", "count", "unit:<as stored>"


def unit_spellings(unit: str) -> list[str]:
    """Stored forms a user-typed unit may have: ``tons`` -> ton, tons; ``$`` -> USD."""
    raw = unit.strip()
    low = raw.lower()
    forms = [raw, low, raw.upper()]
    if low in SYMBOLS:
        forms.append(SYMBOLS[low])
    singular = _PLURAL_TAIL.sub("", low)
    forms += [singular, low[:-1] if low.endswith("s") else low]
    if singular in SYMBOLS:
        forms.append(SYMBOLS[singular])
    return list(dict.fromkeys(f for f in forms if f))


def units_like(unit: str) -> list[str]:
    """Stored units comparable with ``unit``: its whole dimension when known (tons -> kilogram,
    metric ton, ...), else just its spellings. Currencies stay alone."""
    spellings = unit_spellings(unit)
    for form in spellings:
        dim = dimension_of(form)[0]
        if dim in BASE_UNITS and dim != "count":
            return list(
                dict.fromkeys([*spellings, *(u for u, (d, _) in CONVERSIONS.items() if d == dim)])
            )
    return spellings


def dimension_of(unit: str | None) -> tuple[str, float, str]:
    """(dimension, factor to base, base unit) for a stored unit."""
    if unit is None or unit == "":
        return "count", 1.0, ""
    if _CURRENCY_CODE.match(unit):
        return f"money:{unit}", 1.0, unit
    if " per " in unit:  # a rate ("USD per kilogram", "barrel per day"): never a plain amount
        return _rate_dimension(unit)
    key = unit.lower()
    hit = CONVERSIONS.get(key) or CONVERSIONS.get(_PLURAL_TAIL.sub("", key))
    if hit is None:
        return f"unit:{unit}", 1.0, unit
    dim, factor = hit
    return dim, factor, BASE_UNITS[dim]


def _rate_dimension(unit: str) -> tuple[str, float, str]:
    """ "USD per kilogram" -> ("money:USD per mass", 1000.0, "USD per metric ton"): rates compare
    across denominators of one dimension ($2.39/kg == $2,390/t); an unknown denominator ("per
    share") stays as written."""
    top, _, per = unit.partition(" per ")
    dim, factor, base = dimension_of(top)
    per_dim, per_factor, per_base = dimension_of(per)
    if per_dim.startswith("unit:") or per_dim == "count" or not per_factor:
        return f"{dim} per {per}", factor, f"{base} per {per}"
    return f"{dim} per {per_dim}", factor / per_factor, f"{base} per {per_base}"


def normalise(value: float | None, unit: str | None, value_high: float | None = None) -> Normalised:
    """The value in its dimension's base unit (currencies untouched)."""
    dim, factor, base = dimension_of(unit)
    return Normalised(
        value=None if value is None else value * factor,
        value_high=None if value_high is None else value_high * factor,
        unit=base,
        dimension=dim,
    )


def format_value(value: float | None) -> str:
    """A compact human form: 79200000 -> 79.2 million, 0.04 -> 0.04."""
    if value is None:
        return ""
    magnitude = abs(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= scale:
            return f"{value / scale:.4g} {word}"
    return f"{value:,.6g}" if magnitude >= 1000 else f"{value:.6g}"
