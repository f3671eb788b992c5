"""Surface forms for the corpus generator: how one value or date can be written.

Every function takes the generator's ``random.Random`` and returns one spelling of an exact
value, so two articles can state the same fact differently ("$1.5 billion", "USD 1,500 million").
Values are integers (dollars, tonnes, people) or one-decimal percents, so no spelling rounds.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# "Sept." is common in US wire copy; May, June and July are usually not abbreviated.
MONTH_ABBR = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SMALL_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)

# Spellings of one USD amount; {b} billions, {m} millions, {f} the full number with commas.
USD_BILLION_FORMS = (
    "${b} billion",
    "${b}bn",
    "${b} bn",
    "US${b} billion",
    "USD {b} billion",
    "{b} billion USD",
    "{b} billion dollars",
    "{b} billion US dollars",
    "${m} million",
    "USD {m} million",
    "${m}m",
    "{m} million dollars",
    "USD {b}bn",
)
USD_MILLION_FORMS = (
    "${m} million",
    "${m}m",
    "${m} mn",
    "${m} mln",
    "US${m} million",
    "USD {m} million",
    "USD {m}m",
    "{m} million USD",
    "{m} million dollars",
    "{m} million US dollars",
    "${f}",
    "${m} million",
)
EUR_BILLION_FORMS = (
    "€{b} billion",
    "€{b}bn",
    "EUR {b} billion",
    "{b} billion euros",
    "€{m} million",
    "EUR {m}m",
)
EUR_MILLION_FORMS = (
    "€{m} million",
    "€{m}m",
    "EUR {m} million",
    "{m} million euros",
    "€{m} mn",
    "{m} million EUR",
)
TONNE_FORMS = (
    "{f} tonnes",
    "{f} metric tons",
    "{p} metric tons",
    "{f} t",
    "{f} metric tonnes",
    "{p} tonnes",
)
TONNE_THOUSAND_FORMS = ("{k} thousand tonnes", "{k} thousand metric tons")
TONNE_MILLION_FORMS = (
    "{m} million tonnes",
    "{m} million metric tons",
    "{m}m tonnes",
    "{m} mln tonnes",
)
BARREL_FORMS = ("{f} barrels", "{p} barrels")
BARREL_MILLION_FORMS = ("{m} million barrels", "{m}m barrels", "{m} mn barrels")
PERCENT_FORMS = ("{p}%", "{p} percent", "{p} per cent", "{p}%", "{p} pct")

# Qualifiers that keep a rounded figure compatible with the exact one, by rounding direction.
QUALIFIERS_ROUNDED_UP = ("nearly", "almost", "just under", "about", "around", "close to", "roughly")
QUALIFIERS_ROUNDED_DOWN = ("more than", "over", "about", "around", "some", "upwards of", "roughly")
# Qualifiers that say nothing about direction; allowed on either side of a planted conflict.
QUALIFIERS_LOOSE = ("about", "around", "roughly", "some", "an estimated")


def plain(d: Decimal | int) -> str:
    """Digits with no thousands separator and no trailing zeros: 79.2, 11000."""
    return format(Decimal(d).normalize(), "f")


def commas(d: Decimal | int) -> str:
    """Digits with thousands separators: 1,500 or 79.2."""
    return format(Decimal(d).normalize(), ",f")


def _scaled(value: int) -> dict[str, str]:
    return {
        "b": plain(Decimal(value) / 10**9),
        "m": commas(Decimal(value) / 10**6),
        "k": commas(Decimal(value) / 10**3),
        "f": commas(value),
        "p": plain(value),
    }


def money(rng: random.Random, value: int, currency: str = "USD") -> str:
    """One spelling of an exact amount of money (value in whole currency units, >= 1 million)."""
    s = _scaled(value)
    forms: tuple[str, ...]
    if currency == "EUR":
        forms = EUR_BILLION_FORMS if value >= 10**9 else EUR_MILLION_FORMS
    elif value >= 10**9:
        forms = USD_BILLION_FORMS
    else:
        forms = USD_MILLION_FORMS
    return rng.choice(forms).format(**s)


def tonnes(rng: random.Random, value: int) -> str:
    """One spelling of an exact mass in tonnes."""
    s = _scaled(value)
    forms: tuple[str, ...] = TONNE_FORMS
    if value >= 10**6:
        forms = (*TONNE_MILLION_FORMS, "{f} tonnes", "{f} metric tons")
    elif value % 100 == 0 and value >= 10**4:
        forms = TONNE_FORMS + TONNE_THOUSAND_FORMS
    return rng.choice(forms).format(**s)


def barrels(rng: random.Random, value: int) -> str:
    """One spelling of an exact number of barrels."""
    forms = BARREL_MILLION_FORMS + BARREL_FORMS if value >= 10**6 else BARREL_FORMS
    return rng.choice(forms).format(**_scaled(value))


def quantity(rng: random.Random, value: int, unit: str) -> str:
    return barrels(rng, value) if unit == "barrel" else tonnes(rng, value)


def count(rng: random.Random, value: int, noun: str) -> str:
    """One spelling of a head count: '12 diplomats', 'twelve diplomats', '3,000 troops'."""
    if value <= 20 and rng.random() < 0.5:
        return f"{SMALL_WORDS[value]} {noun}"
    if value >= 1000 and rng.random() < 0.3:
        return f"{value} {noun}"
    return f"{value:,} {noun}"


def percent(rng: random.Random, tenths: int) -> str:
    """One spelling of a percentage given in tenths of a percent (45 -> '4.5%')."""
    p = plain(Decimal(tenths) / 10)
    if tenths % 10 == 0 and tenths <= 200 and rng.random() < 0.15:
        return f"{SMALL_WORDS[tenths // 10]} percent"
    return rng.choice(PERCENT_FORMS).format(p=p)


def measure_value(rng: random.Random, value: int, unit: str, noun: str = "") -> str:
    """Dispatch on the unit of a measure: USD/EUR, tonne, barrel, %, or a counted noun."""
    if unit in ("USD", "EUR"):
        return money(rng, value, unit)
    if unit in ("tonne", "barrel"):
        return quantity(rng, value, unit)
    if unit == "%":
        return percent(rng, value)
    return count(rng, value, noun)


def round_sig(value: int, digits: int) -> int:
    """Round an integer to ``digits`` significant figures."""
    if value == 0:
        return 0
    drop = max(len(str(abs(value))) - digits, 0)
    q: int = 10**drop
    return (value + q // 2) // q * q


def rounded_with_qualifier(rng: random.Random, value: int, unit: str, noun: str = "") -> str:
    """A rounded spelling that stays compatible with ``value``: 48.7m -> 'about $49 million'."""
    digits = max(len(str(value).rstrip("0")) - 1, 1)
    r = round_sig(value, digits)
    if r == value:
        r = round_sig(value, 1)
    if r == value or r == 0:  # nothing to round; a loose qualifier is still compatible
        return f"{rng.choice(QUALIFIERS_LOOSE)} {measure_value(rng, value, unit, noun)}"
    pool = QUALIFIERS_ROUNDED_UP if r > value else QUALIFIERS_ROUNDED_DOWN
    return f"{rng.choice(pool)} {measure_value(rng, r, unit, noun)}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def full_date(rng: random.Random, d: dt.date) -> str:
    """One spelling of an exact day: '5 September 2022', 'Sept. 5, 2022', '2022-09-05'."""
    m, day, y = MONTHS[d.month - 1], d.day, d.year
    forms = (
        f"{day} {m} {y}",
        f"{m} {day}, {y}",
        f"{MONTH_ABBR[d.month - 1]} {day}, {y}",
        f"{ordinal(day)} {m} {y}",
        f"{ordinal(day)} of {m} {y}",
        f"{MONTH_SHORT[d.month - 1]} {day}, {y}",
        f"{day} {MONTH_SHORT[d.month - 1]} {y}",
        f"{m} {day}, {y}",
        f"{day} {m} {y}",
    )
    if rng.random() < 0.06:
        return d.isoformat()
    return rng.choice(forms)


def month_date(rng: random.Random, d: dt.date, hedge: bool = True) -> str:
    """A month-precision spelling compatible with day ``d``: 'Sept. 2022', 'early May 2022'."""
    m = rng.choice((MONTHS[d.month - 1], MONTHS[d.month - 1], MONTH_ABBR[d.month - 1]))
    if hedge and rng.random() < 0.3:
        part = "early" if d.day <= 10 else "mid-" if d.day <= 20 else "late"
        return f"{part}{'' if part.endswith('-') else ' '}{m} {d.year}"
    return f"{m} {d.year}"


def dated(rng: random.Random, d: dt.date, precise: bool) -> str:
    """A date with its preposition: 'on 5 September 2022' or 'in September 2022'."""
    if precise:
        return f"on {full_date(rng, d)}"
    return f"in {month_date(rng, d)}"


def published_date(rng: random.Random, d: dt.date, style: str) -> str:
    """How a page prints its own publication date, by layout style."""
    if style == "markdown":
        return rng.choice(
            (
                f"{d.day:02d}.{d.month:02d}.{d.year}",
                f"{d.day:02d}.{d.month:02d}.{d.year}",
                f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
            )
        )
    if style == "ocr":
        return rng.choice(
            (
                f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
                f"{d.day} {MONTHS[d.month - 1]} {d.year}",
                f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
            )
        )
    weekday = d.strftime("%A")
    return rng.choice(
        (
            f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
            f"{d.day} {MONTHS[d.month - 1]} {d.year}",
            f"{weekday}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
            d.isoformat(),
            f"{MONTH_SHORT[d.month - 1]} {d.day}, {d.year}",
            f"{d.day:02d}/{d.month:02d}/{d.year}",
        )
    )
