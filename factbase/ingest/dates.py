"""Calendar dates in article text: one compiled regex plus a month table, no date library.

``find_date_matches`` returns every date with its span and precision (day or month);
``find_dates`` and ``parse_date`` are thin views of it. Month-precision dates ("March 2021")
come back as the first of the month. Measured against dateutil and dateparser in docs/dates.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import NamedTuple

__all__ = ["DateMatch", "Precision", "find_date_matches", "find_dates", "parse_date"]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Years outside this window are page numbers, prices or ids, not publication or event dates.
MIN_YEAR, MAX_YEAR = 1800, 2100

_MONTH = r"""(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?
    |Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"""
_WEEKDAY_NAME = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+"
_WEEKDAY = rf"(?:{_WEEKDAY_NAME})?"
# An ordinal suffix, or its OCR: a superscript "th" read as a quote mark (003: 29" February).
_ORD = r"""(?:st|nd|rd|th|["”'’])?"""

DATE_RE = re.compile(
    rf"""
    (?<![\w.\-/])
    (?:
        # 2024-05-07 or 2024/05/07: year first is never ambiguous
        (?P<iy>\d{{4}})(?P<isep>[-/])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?![\w\-/])
      | # 07.05.2024, 7/5/2024, 07-05-2024: numeric, day or month first
        (?P<na>\d{{1,2}})(?P<nsep>[./\-])(?P<nb>\d{{1,2}})(?P=nsep)(?P<ny>\d{{4}})(?![\w\-/]|\.\d)
      | # Monday, May 12, 2025 / March 24, 2021 / Sept. 5 2022
        {_WEEKDAY}(?P<am>{_MONTH})\s+(?P<ad>\d{{1,2}}){_ORD},?\s+(?P<ay>\d{{4}})(?!\w)
      | # Monday, 12 March 2023 / 29th February 2020 / 29" February 2020 / 12-Mar-2023
        {_WEEKDAY}(?P<bd>\d{{1,2}}){_ORD}(?:\s?(?:of\s+)?|-)(?P<bm>{_MONTH})(?:,?\s+|-)(?P<by>\d{{4}})(?!\w)
      | # March 2021: month precision
        (?P<mm>{_MONTH})\s+(?P<my>\d{{4}})(?!\w)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _cased(pattern: str) -> str:
    """``pattern``'s letters as the classes IGNORECASE would let them match ("i" also matches
    "İ" and "ı", "s" the long "ſ"), for a regex that must do without the flag."""
    fold = {"i": "[Iiİı]", "s": "[Ssſ]", "k": "[KkK]"}
    return re.sub(
        r"(?<!\\)[A-Za-z]",
        lambda m: fold.get(m[0].lower(), f"[{m[0].upper()}{m[0].lower()}]"),
        pattern,
    )


# After a day: ordinal, "of" or dash, month, year ("29th of February 2020", "12-Mar-2023").
_DAY_MONTH_YEAR = (
    rf"{_cased(_ORD)}(?:\s?(?:{_cased('of')}\s+)?|-){_cased(_MONTH)}(?:,?\s+|-)\d{{4}}"
)

# DATE_RE starts with a lookbehind and ignores case, so a search runs the whole pattern at every
# position (~0.1 µs a character). _START_RE finds where a DATE_RE match may start several times
# faster: its first item is a case-sensitive class (the digits and every character IGNORECASE
# lets start a month or weekday name), which the engine skips to in C; then the word-start test;
# then, from there, the forms' shapes with the weekday factored out and without IGNORECASE, so
# most alternatives fail on their first character. The shapes sit in a lookahead within a
# one-character lookbehind, so the match is just the start. They accept every DATE_RE start
# (their separators need not repeat, the year's neighbours are not checked), so a start DATE_RE
# then rejects is searched on from.
_START_RE = re.compile(
    rf"""[\dADFJMNOSTWadfjmnostwſ](?<![\w.\-/].)(?<=(?=
        \d{{4}}[-/]\d
      | \d\d?[./\-]\d\d?[./\-]\d{{4}}
      | \d\d?{_DAY_MONTH_YEAR}
      | {_cased(_MONTH)}\s+\d
      | {_cased(_WEEKDAY_NAME)}(?:\d\d?{_DAY_MONTH_YEAR}|{_cased(_MONTH)}\s+\d)
    ).)""",
    re.VERBOSE,
)

# Every DATE_RE form holds a four-digit year: text without one returns at once.
_YEAR_RE = re.compile(r"\d\d\d\d")


def _date_re_matches(text: str) -> Iterator[re.Match[str]]:
    """DATE_RE.finditer(text), found through _START_RE."""
    if _YEAR_RE.search(text) is None:
        return
    pos = 0
    while (start := _START_RE.search(text, pos)) is not None:
        at = start.start()
        m = DATE_RE.match(text, at)
        if m is None:  # the separators differ ("07.05-2024")
            pos = at + 1
        else:
            yield m
            pos = m.end()


class Precision(StrEnum):
    day = "day"
    month = "month"


class DateMatch(NamedTuple):
    start: int
    end: int
    date: dt.date
    precision: Precision


# Letters that DATE_RE's IGNORECASE matches inside month names but str.lower() does not map
# to ASCII: dotless ı, long ſ, the Kelvin sign, and the combining dot that "İ".lower() leaves.
_MONTH_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u212a": "k", "\u0307": None})


def _month(name: str) -> int:
    key = name.rstrip(".").lower()
    month = MONTHS.get(key)
    return month if month is not None else MONTHS[key.translate(_MONTH_FOLD)]


def _make(year: str, month: int, day: int) -> dt.date | None:
    y = int(year)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, month, day)
    except ValueError:  # 31 April, 29 February 2021, month 13
        return None


def _numeric(a: str, b: str, year: str, sep: str, dayfirst: bool) -> dt.date | None:
    first, second = int(a), int(b)
    # Dots are the European convention (000: 07.05.2024 is 7 May), so they are day-first
    # whatever the caller prefers; slashes and dashes follow ``dayfirst`` unless one part > 12.
    if sep == "." or first > 12:
        day_first = True
    elif second > 12:
        day_first = False
    else:
        day_first = dayfirst
    day, month = (first, second) if day_first else (second, first)
    return _make(year, month, day)


def _from_match(m: re.Match[str], dayfirst: bool) -> tuple[dt.date | None, Precision]:
    # Each form's last group names it; several groups are read in one call.
    form = m.lastgroup
    if form == "id":
        year, month, day = m.group("iy", "im", "id")
        return _make(year, int(month), int(day)), Precision.day
    if form == "ny":
        a, sep, b, year = m.group("na", "nsep", "nb", "ny")
        return _numeric(a, b, year, sep, dayfirst), Precision.day
    if form == "ay":
        month, day, year = m.group("am", "ad", "ay")
        return _make(year, _month(month), int(day)), Precision.day
    if form == "by":
        day, month, year = m.group("bd", "bm", "by")
        return _make(year, _month(month), int(day)), Precision.day
    month, year = m.group("mm", "my")
    return _make(year, _month(month), 1), Precision.month


def find_date_matches(text: str, *, dayfirst: bool = True) -> list[DateMatch]:
    """Every date in ``text`` with its span and precision, in text order."""
    found: list[DateMatch] = []
    for m in _date_re_matches(text):
        date, precision = _from_match(m, dayfirst)
        if date is not None:
            found.append(DateMatch(m.start(), m.end(), date, precision))
    return found


def find_dates(text: str, *, dayfirst: bool = True) -> list[tuple[int, int, dt.date]]:
    """Every date in ``text`` as ``(start, end, date)``; month-only dates give the 1st."""
    return [(d.start, d.end, d.date) for d in find_date_matches(text, dayfirst=dayfirst)]


def parse_date(text: str, *, dayfirst: bool = True) -> dt.date | None:
    """The first date in ``text``, or None when there is none."""
    for m in _date_re_matches(text):
        date, _ = _from_match(m, dayfirst)
        if date is not None:
            return date
    return None
