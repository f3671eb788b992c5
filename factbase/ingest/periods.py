"""Periods: the time a figure refers to, normalised ("In the year ending March 20, 2023" ->
"year ending 20 March 2023"), and ``period_key``, which orders periods in time and makes them
comparable across articles. Month numbers come from factbase.ingest.dates (``MONTHS``, read by
the first three letters of a month name).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from factbase.ingest.dates import MONTHS

__all__ = ["find_periods", "period_key"]

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

_MONTH = r"""(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?
    |Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"""
_YEAR = r"(?:19|20)\d\d"
# An ordinal suffix, or its OCR: a superscript "th" often comes out as a quote mark (29" February).
_ORD = r"""(?:st|nd|rd|th|["”'’])?"""
_DATE = rf"""(?:(?P<{{p}}m1>{_MONTH})\s+(?P<{{p}}d1>\d{{{{1,2}}}}){_ORD},?\s+(?P<{{p}}y1>{_YEAR})
    |(?P<{{p}}d2>\d{{{{1,2}}}}){_ORD}\s+(?:of\s+)?(?P<{{p}}m2>{_MONTH}),?\s+(?P<{{p}}y2>{_YEAR}))"""

# Case-sensitive with both spellings of a first letter: (?i:...) groups made this regex 3-5x
# slower (measured per branch on the seeds' claims).
_PERIOD = rf"""
    (?:
        (?:[Ff]iscal\s+|[Ff]inancial\s+)?(?:[Yy]ear|12\s+months)\s+(?:ending|ended|to)\s+
            (?:{_DATE.format(p="e")}|(?P<em>{_MONTH})\s+(?P<ey>{_YEAR}))
      | (?:[Ff]iscal\s+year|[Ff]inancial\s+year|FY)\s*(?P<fy1>{_YEAR})
            (?:\s*[/–-]\s*(?P<fy2>\d{{2}}(?:\d\d)?))?
      | (?:[Ss]olar|Afghan|Persian)\s+(?:fiscal\s+)?year\s+(?P<sy>1[34]\d\d)
      | (?P<qn>[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?
            (?P<qy>{_YEAR})
      | Q(?P<qd>[1-4])\s+(?:of\s+)?(?P<qdy>{_YEAR})
      | (?P<hn>[Ff]irst|[Ss]econd)\s+half\s+(?:of\s+)?(?P<hy>{_YEAR})
      | H(?P<hd>[12])\s+(?P<hdy>{_YEAR})
      | {_DATE.format(p="d")}
      | (?P<mm>{_MONTH}),?\s+(?P<my>{_YEAR})
      | [Bb]etween\s+(?P<ra>{_YEAR})\s+and\s+(?P<rb>{_YEAR})
      | [Ff]rom\s+(?P<fa>{_YEAR})\s+(?:to|until|till)\s+(?P<fb>{_YEAR})
      | (?P<sa>{_YEAR})\s*[–-]\s*(?P<sb>\d{{2}}(?:\d\d)?)(?![\d%])
      | (?P<dec1>(?:19|20)\d0)s(?:\s+and\s+(?:the\s+)?(?P<dec2>(?:19|20)\d0)s)?
      | (?P<since>[Ss]ince|[Bb]y|[Uu]ntil|[Bb]efore|[Aa]fter)\s+(?P<sy2>{_YEAR})
      | (?P<y>{_YEAR})(?![\d%]|\s*(?:%|per\s*cent|percent))
      | (?P<rel>(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious|[Pp]ast|[Cc]urrent|[Cc]oming)\s+
            (?:fiscal\s+)?
            (?:year|month|week|quarter|decade)
          |(?:[Tt]he\s+)?(?:[Pp]ast|[Ll]ast|[Nn]ext|[Cc]oming)\s+(?:\d+|two|three|four|five|six|seven|eight
            |nine|ten|few|several)\s+(?:years|months|weeks|decades|quarters)
          |[Rr]ecent\s+years|[Aa]\s+year\s+(?:earlier|ago|before))
    )
    (?![\w])
    """
PERIOD_RE = re.compile(rf"(?<![\w$€£.,]){_PERIOD}", re.VERBOSE)
# How each alternative of PERIOD_RE opens: a day or a year, or its first word's first letters.
_OPENING = rf"""(?=\d\d?{_ORD}\s|{_YEAR}|[Yy]ear|[Ff](?:i|ou|rom)|FY|[Ss](?:olar|econd|ince)|Afghan
    |Persian|[Tt]h(?:ird|is|e\s)|Q[1-4]|H[12]|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec
    |[Bb](?:etween|y|efore)|[Uu]ntil|[Aa](?:fter|\s)|[Ll]ast|[Nn]ext|[Pp](?:revious|ast)
    |[Cc](?:urrent|oming)|[Rr]ecent)"""
# PERIOD_RE with its lookbehind's character consumed instead of looked at, and _OPENING first.
# Opening with a character class, the pattern lets the engine skip in C to the characters that may
# stand before a period, and the lookahead turns most words away before the alternatives are tried
# one by one (a window scan ~2x faster, measured). A match starts one character before its period;
# a period at the start of a text has no character before it, and PERIOD_RE is tried there.
# Its first class spells out the ASCII word characters that \w holds anyway: the engine tests
# those in a table before \w's Unicode lookups (~5x fewer instructions in the skip, measured).
PERIOD_AFTER_RE = re.compile(rf"[^0-9A-Za-z_\w$€£.,]{_OPENING}{_PERIOD}", re.VERBOSE)
# Every period holds a year-like number or one of these words. PERIOD_RE starts with an assertion,
# so it costs ~9 MB/s even where nothing matches; it runs only in a window around each hint.
# Each alternative opens with a literal, so the engine scans for their first letters in C
# (~200 MB/s; "(?:19|20)\d\d|1[34]\d\d|[Yy]ear|..." ran at ~30 MB/s, measured).
PERIOD_HINT_RE = re.compile(r"1[349]\d\d|20\d\d|Year|year|month|week|quarter|decade")
HINT_BEFORE, HINT_AFTER = 48, 40  # "fiscal year ending September 30, " fits before a year


def _month(name: str) -> str:
    return MONTH_NAMES[MONTHS[name[:3].lower()] - 1]


def _full_year(first: str, second: str) -> str:
    return second if len(second) == 4 else first[:2] + second


def _period_label(m: re.Match[str]) -> str:
    """The normalised period for one PERIOD_RE match."""
    # The alternatives of PERIOD_RE exclude one another, so the group that closed last tells
    # which matched: the common ones are read from it, the rest as a whole.
    last = m.lastgroup
    if last == "y":
        return m["y"]
    if last == "rel":
        return " ".join(m["rel"].lower().split()).removeprefix("the ")
    if last == "my":
        return f"{_month(m['mm'])} {m['my']}"
    if last == "sy2":
        return f"{m['since'].lower()} {m['sy2']}"
    g = m.groupdict()
    for p in ("e", "d"):
        if g[f"{p}y1"] or g[f"{p}y2"]:
            day = g[f"{p}d1"] or g[f"{p}d2"]
            date = f"{int(day)} {_month(g[f'{p}m1'] or g[f'{p}m2'])} {g[f'{p}y1'] or g[f'{p}y2']}"
            return f"year ending {date}" if p == "e" else date
    if g["em"]:
        return f"year ending {_month(g['em'])} {g['ey']}"
    if g["fy1"]:
        if g["fy2"]:
            return f"fiscal year {g['fy1']}/{_full_year(g['fy1'], g['fy2'])[2:]}"
        return f"fiscal year {g['fy1']}"
    if g["sy"]:
        return f"solar year {g['sy']}"
    if g["qy"] or g["qdy"]:
        return f"Q{ORDINALS[g['qn'].lower()] if g['qn'] else g['qd']} {g['qy'] or g['qdy']}"
    if g["hy"] or g["hdy"]:
        return f"H{ORDINALS[g['hn'].lower()] if g['hn'] else g['hd']} {g['hy'] or g['hdy']}"
    if g["mm"]:
        return f"{_month(g['mm'])} {g['my']}"
    for a, b in (("ra", "rb"), ("fa", "fb"), ("sa", "sb")):
        if g[a]:
            return f"{g[a]}-{_full_year(g[a], g[b])}"
    if g["dec1"]:
        return f"{g['dec1']}s-{g['dec2']}s" if g["dec2"] else f"{g['dec1']}s"
    if g["since"]:
        return f"{g['since'].lower()} {g['sy2']}"
    if g["y"]:
        return g["y"]
    return " ".join(g["rel"].lower().split()).removeprefix("the ")


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """Time expressions in text as (start, end, normalised label), left to right."""
    found: dict[int, tuple[int, re.Match[str]]] = {}
    covered = -1
    for hint in PERIOD_HINT_RE.finditer(text):
        at = hint.start()
        if at < covered:
            continue
        # The first period holding the hint among the periods PERIOD_RE.finditer(text, lo, hi)
        # finds, read as PERIOD_AFTER_RE matches: the period starts one character after each.
        lo, hi = max(0, at - HINT_BEFORE), hint.end() + HINT_AFTER
        m = PERIOD_RE.match(text, 0, hi) if lo == 0 else None
        start = 0
        if m is None and (m := PERIOD_AFTER_RE.search(text, max(0, lo - 1), hi)) is not None:
            start = m.start() + 1
        while m is not None and start <= at:
            end = m.end()
            if at < end:
                found.setdefault(start, (end, m))
                covered = max(covered, end)
                break
            # The next period may start where this one ends: its character before is this
            # one's last.
            m = PERIOD_AFTER_RE.search(text, end - 1, hi)
            start = m.start() + 1 if m is not None else 0
    out: list[tuple[int, int, str]] = []
    for start in sorted(found):
        end, m = found[start]
        if not out or start >= out[-1][1]:
            out.append((start, end, _period_label(m)))
    return out


# --- period keys ---------------------------------------------------------------------------------

RELATIVE_YEARS = {
    "last year": -1,
    "previous year": -1,
    "this year": 0,
    "current year": 0,
    "next year": 1,
}


def period_key(period: str | None, published: dt.date | None = None) -> tuple[int, int, int, str]:
    """A sort key ordering periods in time; two periods are the same iff their keys are equal.

    Keys are (rank, first day, last day, kind) with days as yyyymmdd: "in 2021" == "2021";
    "2019-2021" spans 20190101..20211231. "year ending 20 March 2023" (20220321..20230320) is
    not calendar 2023. A fiscal year "2022/23" has no known start month, so it is kept apart
    from both calendar years and "2022-2023". Relative periods ("last year") resolve against
    ``published`` when given, else sort after all dated periods (rank 1); None sorts last (rank 2).
    """
    if not period:
        return (2, 0, 0, "")
    found = find_periods(period)
    label = found[0][2] if found else " ".join(period.lower().split())
    if label in RELATIVE_YEARS and published is not None:
        label = str(published.year + RELATIVE_YEARS[label])
    words = label.split()
    try:
        if re.fullmatch(r"\d{4}", label):
            return (0, int(label) * 10000 + 101, int(label) * 10000 + 1231, "")
        if re.fullmatch(r"\d{4}-\d{4}", label):
            a, b = map(int, label.split("-"))
            return (0, a * 10000 + 101, b * 10000 + 1231, "")
        if words[0] in ("since", "by", "until", "before", "after"):
            year = int(words[1])
            return (0, year * 10000 + 101, year * 10000 + 1231, words[0])
        if label.startswith("year ending"):
            end = _date_key(words[2:])
            return (0, end - 10000 + 1, end, "year ending")
        if label.startswith("fiscal year"):
            year = int(words[2][:4])
            return (0, year * 10000 + 101, year * 10000 + 1231, label)
        if label[0] in "QH" and label[1].isdigit():
            year, n = int(words[1]), int(label[1])
            months = 3 if label[0] == "Q" else 6
            first = (n - 1) * months + 1
            return (
                0,
                year * 10000 + first * 100 + 1,
                year * 10000 + (first + months - 1) * 100 + 31,
                "",
            )
        if label.endswith("s") and label[:4].isdigit():
            a = int(label[:4])
            b = int(label.split("-")[-1][:4]) if "-" in label else a
            return (0, a * 10000 + 101, (b + 9) * 10000 + 1231, "")
        if len(words) in (2, 3) and words[-1].isdigit():
            key = _date_key(words)
            return (0, key if len(words) == 3 else key - 30, key, "")
    except (ValueError, KeyError, IndexError):
        pass
    return (1, 0, 0, label)


def _date_key(words: Sequence[str]) -> int:
    """yyyymmdd for ["20", "March", "2023"]; for ["March", "2023"] the month's end, as dd=31."""
    if len(words) == 3:
        return int(words[2]) * 10000 + MONTHS[words[1][:3].lower()] * 100 + int(words[0])
    return int(words[1]) * 10000 + MONTHS[words[0][:3].lower()] * 100 + 31
