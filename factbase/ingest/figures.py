"""Find figures (money, percentages, quantities, counts) inside claim spans.

Matching is digit-anchored: one pass finds numbers (digits or number words); short anchored
reads then look left for a currency, sign or qualifier and right for a scale, currency,
percent sign, unit or counted noun. Every Figure keeps ``body[start:end] == text``; the text
is the number with its currency/unit, the qualifier ("about") is kept apart in ``qualifier``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter, itemgetter, le

from factbase.ingest import lexicon as lx
from factbase.ingest.numbers import (
    NUMBER_RE,
    add_glued_start,
    find_number_starts,
    nocase_trie,
    number_value,
    parse_number_words,
)
from factbase.records import Figure, FigureKind

__all__ = ["find_figures", "parse_figure", "parse_number_words"]  # the last from numbers

# One token after a number: a word, a digit run, or one symbol; at most two spaces before it.
# An ASCII word is tried first as letter ranges, cheaper to test than the word category; the
# lookahead hands words that go on in other letters ("café") to the general class.
_TOKEN = r"[ \t\u00a0]{0,2}(?:\n[ \t]*)?([a-zA-Z]+(?![^\W\d_])|[^\W\d_]+|\d+|[^\w\s])"
TOKEN_RE = re.compile(_TOKEN)


def _tokens_pattern(n: int) -> str:
    return _TOKEN + (f"(?:{_tokens_pattern(n - 1)})?" if n > 1 else "")


# Up to n tokens in one match: each optional group takes the next token greedily, exactly as n
# successive TOKEN_RE matches would, for one regex call instead of n (reads are ~20% tokens).
TOKENS_RES = {n: re.compile(_tokens_pattern(n)) for n in (1, 2, 3, 4, 6)}
# Words after a number, separated by whitespace only, for the counted-noun search.
COUNT_WORD_RE = re.compile(r"[ \t]{1,2}(?:\n[ \t]*)?([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
# Left context: "hk $ ", "US$", "c $ ", "$", "€ ".
PREFIX_SYMBOL_RE = re.compile(
    r"""(?:(?<![A-Za-z.])(?P<cc>u\.\s?s\.?|[A-Za-z]{1,3})(?P<ccgap>[ ]?))?
        (?P<sym>[$€£¥₹₽₩₺₪₦₱₴₸₿₡₾₭؋])[ ]?$""",
    re.VERBOSE,
)
# Left context: "USD ", "usd", "Rs. ", "dollar ", "MAUD ".
PREFIX_WORD_RE = re.compile(r"(?<![A-Za-z.])(?P<word>[A-Za-z]{2,7}\.?)(?P<gap>[ \t]?)$")
# Case-insensitive and shaped as a trie (see numbers.nocase_trie): ~2x faster than the flat
# "(?i)" alternation. At most one qualifier can end the text at a given start, so the order
# in which the branches are tried does not change the match.
QUALIFIER_RE = re.compile(r"(?<![\w-])(?P<q>" + nocase_trie(lx.QUALIFIERS) + r")\s+$")
WORD_RE = re.compile(r"[A-Za-z][\w.’'-]*")
MINUS_WORD_RE = re.compile(r"(?i)\b(?:minus|negative)\s+$")
REVERSE_PERCENT_RE = re.compile(r"(?i)(?<![\w.])(?:per\s?cents?|percentages?)\s+of\s+$")
# A dash joins a range only with even spacing: "5-10", "5 - 10", not "ef 75 -300mm".
RANGE_LINK_RE = re.compile(r"(?:[-–—]|[ \t][-–—][ \t])(?=[\d$€£¥₹])|[ \t]+(?:to|and)[ \t]+")
TIME_AFTER_RE = re.compile(r"(?i):\d|[ ]?[ap]\.?m\b")
ORDINAL_AFTER_RE = re.compile(r"(?:st|nd|rd|th|s|'s|’s)\b")
# "a year earlier", "a day later": a time, not a rate's denominator.
RATE_RE = re.compile(
    r"(?:[ ]?/[ ]?|[ ]+(per)[ ]+|[ ]+an?[ ]+)([A-Za-z]+)\b(?!-)"
    r"(?![ ]+(?:ago|earlier|later|before|after|previously|prior|on|back)\b)"
)
FEET_INCHES_RE = re.compile(r"[ ]+(?:and[ ]+)?(\d+(?:\.\d+)?)[ ]?(?:inches|inch|in\b|\"|″)")
# What joins two amounts that share a rate's denominator: "$2.39 per kilogram from $2.68".
RATE_SHARE_LINK_RE = re.compile(
    r"(?:,?[ \t]+(?:up|down))?[ \t]*"
    r"(?:[-–—]|to|and|or|from|than|against|versus|vs\.?|compared (?:with|to))[ \t]*"
)
# A link to another article, inline: "Read more: <its headline>", "Related: ...".
TEASER_LEAD_RE = re.compile(
    r"(?i)(?:read (?:more|also|next)|also read|related(?: stories| articles)?|see also"
    r"|more on this story|watch|listen)[ \t]*[:|»>–—-]"
)
_TEASER_FIRST = frozenset("RrAaSsMmWwLl")
CENTS_LINK_RE = re.compile(r"[ ]+(?:and[ ]+)?")
CONTEXT_WORD_RE = re.compile(r"[a-z]+")

_MONEY_SCALE_FOLLOWERS = frozenset(lx.CURRENCY_NAMES) | {c.lower() for c in lx.ISO_CODES}
_OPEN_CLOSE = {"(": ")", "[": "]", "{": "}", "<": ">"}
_SENTENCE_OPENERS = frozenset('.!?:;"“‘(•')
_URL_CHARS = frozenset("/=?&#%@_")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SYMBOL_CHARS = frozenset("$€£¥₹₽₩₺₪₦₱₴₸₿₡₾₭؋")
_STOPS_AFTER_NUMBER = frozenset(",;:).!?")  # punctuation that opens no right-hand reading
_RATE_FIRST = frozenset(" /")  # what RATE_RE can start with
_SCALE_WORDS = frozenset(lx.SCALES)
_QUALIFIER_ENDS = frozenset(q.split()[-1] for q in lx.QUALIFIERS)
_NUMBER_WORDS = frozenset(lx.SMALL_NUMBERS) | frozenset(lx.TENS) | frozenset(lx.WORD_MULTIPLIERS)
_URL_VETO = _URL_CHARS - {"%", "/"}
_COUNT_STOPS = lx.STOP_WORDS | _NUMBER_WORDS | lx.MONTHS  # words that end a counted-noun search
# First characters the right-hand vetoes can match: cheap tests that spare most regex calls.
# (TIME_AFTER_RE is case-insensitive; no other character folds to "a", "p" or ":".)
_TIME_FIRST = frozenset(":aApP ")
_ORDINAL_FIRST = frozenset("sntr'’")
# RANGE_LINK_RE opens with a dash, or spaces then a dash, "to" or "and".
_RANGE_FIRST = frozenset("-–— \t")
_RANGE_SECOND = frozenset("-–— \tta")
# What _sign looks for before the number.
_MINUS = frozenset("-−")
_SPACED_MINUS = ("- ", "− ")
_MINUS_WORDS = frozenset({"minus", "negative"})
_DATE_WORDS = lx.ORDINAL_NOUNS | lx.MONTHS
_TIME_UNIT_WORDS = frozenset(k for k, u in lx.UNITS.items() if lx.UNIT_CLASS[u] == "duration")
# Every lower-case word a currency code or prefix name before a number can be, "." stripped:
# a last word outside this set lets _currency_left skip its regex.
_PREFIX_KEYS = frozenset(
    [c.lower() for c in lx.ISO_CODES]
    + ["m" + c.lower() for c in lx.ISO_CODES]
    + list(lx.CODE_ALIASES)
    + [k.rstrip(".") for k in lx.PREFIX_NAMES]
)
_INF = math.inf

Token = tuple[int, int, str]  # start, end, text


def find_figures(
    body: str, spans: Sequence[tuple[int, int]], number_starts: Sequence[int] | None = None
) -> list[Figure]:
    """Every figure inside each claim span; ``Figure.claim`` is the span's index.

    ``number_starts``: as _number_figures takes it. Fractions of a whole ("a third of") are
    read apart (no number scan finds "third") and win over a number read inside them.
    """
    out = _number_figures(body, spans, number_starts)
    if not spans:
        return out
    fractions = _fraction_figures(body, spans)
    if not fractions:
        return out
    fractions.sort(key=attrgetter("start"))  # disjoint: their ends are in order too
    starts, ends = [f.start for f in fractions], [f.end for f in fractions]
    kept = []
    for f in out:
        k = bisect_left(starts, f.end) - 1  # the last fraction starting before f ends
        if k < 0 or ends[k] <= f.start:
            kept.append(f)  # else a number read inside the fraction: "two thirds" is no count
    return sorted(kept + fractions, key=attrgetter("claim", "start"))


# A fraction's denominator word, lower-case, and its denominator. Claims hold no line breaks,
# so a fraction is found from the " of" after it (str.find: no regex pass over the text), and
# only after a word ending in a denominator's last two letters, in any case, is the word read
# (a tenth of the " of"s in a text; their last letter alone let a third through).
_DENOMINATORS = {
    "half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}  # fmt: skip
_DENOMINATOR_TAILS = frozenset(
    a + b
    for word in _DENOMINATORS
    for a in (word[-2], word[-2].upper())
    for b in (word[-1], word[-1].upper())
)
WORD_BEFORE_OF_RE = re.compile(r"(?<![A-Za-z])[A-Za-z]{4,8}\Z")
# The denominator word, then "of" and what a share is of: not a time ("half of the year", "a
# quarter of a century"), a number ("a third of a million", "half of 2023") or an amount named
# before ("half of that amount": a ratio between two figures; "two-thirds of it" is a share).
FRACTION_DEN_RE = re.compile(
    r"""(?:[Hh]alf|[Tt]hird|[Qq]uarter|[Ff]ifth|[Ss]ixth|[Ee]ighth|[Tt]enth)(?P<plural>s?)
    (?=[ \t\n]+of[ \t\n]+(?!(?:an?|one)\b|\d
    |(?:the|this|that|each|every)[ \t\n]+(?:year|decade|century|month|week|day|hour)s?\b(?!['’])
    |(?:this|that|these|those)[ \t\n]+(?:amount|figure|number|sum|level|volume|quantity)s?\b))""",
    re.VERBOSE,
)
FRACTION_NUM_RE = re.compile(r"(?<![\w-])(?P<num>[A-Za-z]+)(?:[ \t]+|-)\Z")
_NUMERATORS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
# "half of" needs no numerator, but not after an ordinal or a determiner: "the first half of".
_HALF_BLOCKERS = frozenset({
    "first", "second", "third", "fourth", "last", "latter", "former", "other", "the", "this",
    "that", "each", "every", "next", "final", "its", "their", "his", "her", "our",
})  # fmt: skip


def _fraction_figures(body: str, spans: Sequence[tuple[int, int]]) -> list[Figure]:
    """ "a third of X", "two-thirds of X", "a quarter of X", "half of X": shares, as percent
    figures qualified "about" (a writer who says "a third" rounded) unless they say more."""
    lo, hi = min(spans)[0], max(map(itemgetter(1), spans))
    out: list[Figure] = []
    order: list[tuple[int, int, int]] = []  # (start, end, index) of the spans, built on a hit
    p = body.find(" of", lo, hi)
    while p >= 0:
        if body[p - 2 : p] in _DENOMINATOR_TAILS and (
            wm := WORD_BEFORE_OF_RE.search(body, max(lo, p - 9), p)
        ):
            den = _DENOMINATORS.get(wm.group().lower())
            if den is not None:
                if not order:
                    order = sorted((s, e, i) for i, (s, e) in enumerate(spans))
                fig = _fraction_at(body, order, wm.start(), den)
                if fig is not None:
                    out.append(fig)
        p = body.find(" of", p + 3, hi)
    return out


def _fraction_at(body: str, order: list[tuple[int, int, int]], ds: int, den: int) -> Figure | None:
    """The fraction whose denominator word starts at ``ds``, or None."""
    if ds < 0 or (ds and body[ds - 1].isalpha()):
        return None  # "behalf", "headquarters"
    k = bisect_right(order, (ds, _INF)) - 1
    if k < 0 or order[k][1] <= ds:
        return None  # outside every claim (spans overlap only when not sentences: first wins)
    cs, ce, index = order[k]
    dm = FRACTION_DEN_RE.match(body, ds, ce)
    if dm is None:
        return None
    head = body[max(cs, ds - 12) : ds]
    nm = FRACTION_NUM_RE.search(head)
    num = _NUMERATORS.get(nm.group("num").lower()) if nm is not None else None
    plural = bool(dm.group("plural"))
    if num is None:
        if den != 2 or plural or head.endswith("-") or _last_word(head).lower() in _HALF_BLOCKERS:
            return None  # "thirds of", "first-half of", "the first half of"
        num, start = 1, ds
    elif (num > 1) != plural or num >= den:
        return None  # "a thirds", "two third", "five quarters"
    else:
        start = ds - len(head) + nm.start()
        if num == 1 and _last_word(body[max(cs, start - 5) : start]).lower() == "and":
            return None  # "a year and a half of", "two and a half": a mixed number, no share
    qm = QUALIFIER_RE.search(body, max(cs, start - 32), start)
    qualifier = " ".join(qm.group("q").lower().split()) if qm is not None else "about"
    end = dm.end()
    value = num * 100 / den
    return Figure(index, body[start:end], start, end, value, "%", FigureKind.percent, qualifier)


def _number_figures(
    body: str, spans: Sequence[tuple[int, int]], number_starts: Sequence[int] | None = None
) -> list[Figure]:
    """Every figure read from a number inside each claim span (see find_figures).

    ``number_starts``: find_number_starts(body, 0, n), when the caller has it (extract() has,
    from citations.numbers_and_speech_verbs), for an n no span ends after; the last span must
    end at n or before a blank, as sentences do. The part within the spans' stretch is used.
    """
    out: list[Figure] = []
    if not spans:
        return out
    # One scan over the whole stretch (per-span scans cost ~2x on short claims).
    lo, hi = min(spans)[0], max(map(itemgetter(1), spans))
    if number_starts is None:
        cands = find_number_starts(body, lo, hi)
    else:
        cands = _starts_within(body, number_starts, lo, hi)
    if not cands:
        return out
    starts = list(map(itemgetter(0), spans))
    ends = list(map(itemgetter(1), spans))
    later = starts[1:]
    if not (all(map(le, starts, later)) and all(map(le, ends, later))):
        # Spans out of order or overlapping: each span takes its candidates in turn.
        for index, (start, end) in enumerate(spans):
            lo, hi = bisect_left(cands, start), bisect_left(cands, end)
            if lo < hi:
                out.extend(_claim_figures(body, index, start, end, cands[lo:hi]))
        return out
    # Ordered, disjoint spans (sentences): walk the candidates, most spans hold none.
    i, n = 0, len(cands)
    while i < n:
        index = bisect_right(starts, cands[i]) - 1  # the one span that can hold it
        end = ends[index]
        if cands[i] >= end:
            i += 1  # between spans
            continue
        j = bisect_left(cands, end, i)
        out.extend(_claim_figures(body, index, starts[index], end, cands[i:j]))
        i = j
    return out


def _starts_within(body: str, starts: Sequence[int], lo: int, hi: int) -> list[int]:
    """find_number_starts(body, lo, hi) from find_number_starts(body, 0, n) (see find_figures).

    Both scans agree inside lo..hi: a match from before lo that reaches into it is a digit run
    (a separator opens a match only as its first character), whose digits start no number in a
    scan from lo either; and no match crosses hi, before a blank or the end of the scan. Only
    the span's own first character, which starts a number even when glued, is added.
    """
    out = list(starts[bisect_left(starts, lo) : bisect_left(starts, hi)])
    add_glued_start(body, lo, hi, out)
    return out


def parse_figure(text: str) -> Figure | None:
    """The first figure in ``text`` (a phrase such as "about $49 million"), or None."""
    found = _claim_figures(text, 0, 0, len(text), find_number_starts(text, 0, len(text)))
    return found[0] if found else None


@dataclass(slots=True)
class _Found:
    """A figure plus what the range merge needs to know about its left side."""

    fig: Figure
    between: bool = False
    after_from: bool = False


class _Claim:
    """One claim span; its lower-case words are built once, only when a unit needs them."""

    def __init__(self, body: str, start: int, end: int) -> None:
        self.body, self.start, self.end = body, start, end
        self._words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(
                CONTEXT_WORD_RE.findall(self.body[self.start : self.end].lower())
            )
        return self._words


def _claim_figures(body: str, index: int, start: int, end: int, cands: list[int]) -> list[Figure]:
    if body[start : start + 1] in _TEASER_FIRST and TEASER_LEAD_RE.match(body, start, end):
        return []  # "Read more: Kenya's tea in five charts (https://...)": another article's
    claim = _Claim(body, start, end)
    found: list[_Found] = []
    cursor = floor = start  # skip numbers already read; left reads stop at the last figure
    for pos in cands:
        if pos < cursor:
            continue
        m = NUMBER_RE.match(body, pos, end)
        if m is None:
            continue
        reader = _Reader(claim, m, floor, index)
        item = reader.read()
        if reader.consumed > cursor:
            cursor = reader.consumed
        if item is not None:
            found.append(item)
            if item.fig.end > cursor:
                cursor = item.fig.end
            floor = cursor
    return _merge_ranges(body, found)


def _merge_ranges(body: str, found: list[_Found]) -> list[Figure]:
    """Join "$2m to $3m", "20%-30%", "between 3% and 4%" into one figure with value_high."""
    out: list[_Found] = []
    for item in found:
        if out:
            prev = out[-1]
            a, b = prev.fig, item.fig
            link = RANGE_LINK_RE.fullmatch(body, a.end, b.start) if b.start > a.end else None
            if a.kind == b.kind == FigureKind.money and a.unit != b.unit:
                a, b = _share_rate(body, prev, item)
            if (
                link
                and a.value_high is None
                and b.value_high is None
                and (a.kind, a.unit) == (b.kind, b.unit)
                and a.value is not None
                and b.value is not None
                and a.value < b.value
                and not prev.after_from
                and ("and" not in link.group() or prev.between)
            ):
                fig = replace(a, text=body[a.start : b.end], end=b.end, value_high=b.value)
                out[-1] = _Found(fig, prev.between, prev.after_from)
                continue
        out.append(item)
    return [f.fig for f in out]


def _share_rate(body: str, prev: _Found, item: _Found) -> tuple[Figure, Figure]:
    """Two amounts of one currency joined by "to", "from", "than" and the like, one of them a
    rate ("fell to $2.39 per kilogram from $2.68", "$2-$3 a day"): both are rates. Sets the
    figures found and returns them."""
    a, b = prev.fig, item.fig
    ua, ub = a.unit or "", b.unit or ""
    if " per " in ua and ua.startswith(f"{ub} per "):
        unit = ua
    elif " per " in ub and ub.startswith(f"{ua} per "):
        unit = ub
    else:
        return a, b
    if b.start <= a.end or not RATE_SHARE_LINK_RE.fullmatch(body, a.end, b.start):
        return a, b
    prev.fig, item.fig = replace(a, unit=unit), replace(b, unit=unit)
    return prev.fig, item.fig


def _key_tokens(key: str) -> list[str]:
    """The tokens of a table key, as the reads after a number split text."""
    toks, pos = [], 0
    while t := TOKEN_RE.match(key, pos):
        toks.append(t.group(1))
        pos = t.end()
    return toks


class _Table(dict[str, str]):
    """A lexicon table plus the first tokens of its keys ("km/h" -> "km"), so a lookup for a
    word that starts no key fails in one step: most numbers have no unit after them. For each
    first token, ``longest`` holds the most tokens a key starting with it has ("km/h": 3), so
    a lookup tries no phrase longer than any key."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__(table)
        self.firsts = frozenset(m.group(1) for k in table if (m := TOKEN_RE.match(k)))
        self.longest: dict[str, int] = {}
        for key in table:
            toks = _key_tokens(key)
            if toks:
                self.longest[toks[0]] = max(self.longest.get(toks[0], 0), len(toks))


CURRENCY_NAMES = _Table(lx.CURRENCY_NAMES)
SYMBOLS = _Table(lx.SYMBOLS)
PERCENT_WORDS = _Table(lx.PERCENT_WORDS)
UNITS = _Table(lx.UNITS)
# Lower-case first tokens that can start a currency after the number, or a unit (with the
# cased abbreviations, degree words and brackets): other words skip those reads at once.
_CURRENCY_FIRSTS = CURRENCY_NAMES.firsts | SYMBOLS.firsts
_UNIT_FIRSTS = (
    UNITS.firsts
    | {k.lower() for k in lx.CASED_UNITS}
    | {k.lower() for k in lx.DEGREE_WORDS}
    | set(_OPEN_CLOSE)
)


# Lower-case first tokens after which a read may look past the second token: quotes and "t"
# skipped before a date word, scales and dashes that shift the read by one token, brackets,
# and the first tokens of table keys three tokens long or more. After any other first token
# two tokens give every read the same answer as six (_first_tokens reads only those two).
_NEEDS_MORE_TOKENS = frozenset(
    ['"', "”", "'", "t", "st", "-", "–", *_OPEN_CLOSE, *lx.SCALES]
    + [k.lower() for k in lx.MONEY_SCALES]
    + [
        toks[0]
        for table in (CURRENCY_NAMES, SYMBOLS, PERCENT_WORDS, UNITS)
        for key in table
        if len(toks := _key_tokens(key)) >= 3
    ]
)


def _last_word(text: str) -> str:
    """The last whitespace-separated word of ``text`` ("" when it does not end in a space)."""
    if not text[-1:].isspace():
        return ""
    parts = text.rsplit(None, 1)
    return parts[-1] if parts else ""


# Compounds of "men" ("servicemen", "fishermen") are plurals; these few words in -men are not.
_SINGULAR_IN_MEN = frozenset({"specimen", "regimen", "abdomen", "acumen", "stamen", "omen"})


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in lx.IRREGULAR_NOUNS:
        return True
    if w.endswith("men"):
        return len(w) > 4 and w not in _SINGULAR_IN_MEN and w.isalpha()
    return len(w) > 3 and w.endswith("s") and not w.endswith(lx.NOT_PLURAL_ENDINGS)


def _singular(word: str) -> str:
    w = word.lower()
    if w in lx.IRREGULAR_NOUNS:
        return lx.IRREGULAR_NOUNS[w]
    if w.endswith("men") and _is_plural(w):
        return w[:-3] + "man"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return w[:-2]
    return w[:-1] if w.endswith("s") else w


def _stacked_scale(mult: float, word: str) -> float | None:
    """A second scale word that multiplies the first: "lakh crore" (1e5 x 1e7), "thousand
    million"; only a larger one after a smaller (never "million million" by accident)."""
    more = lx.SCALES.get(word.lower())
    return more if more is not None and more > mult else None


def _finite(fig: Figure) -> bool:
    return math.isfinite(fig.value or 0.0) and math.isfinite(fig.value_high or 0.0)


class _Reader:
    """Reads one number candidate and its surroundings; ``read`` returns the figure."""

    # What a read changes only now and then starts as a class default (an assignment on the
    # instance when it changes): fewer stores per candidate.
    value_high: float | None = None
    scale = 1.0
    scaled = False
    currency: str | None = None
    sign = 1.0
    spaced_minus = False
    qualifier: str | None = None

    def __init__(self, claim: _Claim, m: re.Match[str], floor: int, index: int) -> None:
        self.claim, self.body, self.m, self.index = claim, claim.body, m, index
        # Left reads stop at the previous figure: "50 dollar 40 rmb" has no "dollar 40".
        self.cstart, self.cend = floor, claim.end
        self.text_start, self.consumed = m.span()
        self.group = group = m.lastgroup or ""
        self.digits = group == "digits" or group == "frac"
        self.value = 0.0

    # -- small helpers -------------------------------------------------------------------
    def _tokens(self, pos: int, n: int = 6) -> list[Token]:
        m = TOKENS_RES[n].match(self.body, pos, self.cend)
        if m is None:
            return []
        body = self.body
        toks: list[Token] = []
        for start, end in m.regs[1:]:
            if start < 0:
                break
            toks.append((start, end, body[start:end]))
        return toks

    def _first_tokens(self, pos: int) -> list[Token]:
        """The tokens the reads after a number need: two, or six when the first asks for more."""
        m = TOKENS_RES[2].match(self.body, pos, self.cend)
        if m is None:
            return []
        (s0, e0), (s1, e1) = m.regs[1:]
        first = self.body[s0:e0]
        if s1 < 0:
            return [(s0, e0, first)]
        toks = [(s0, e0, first), (s1, e1, self.body[s1:e1])]
        if first.lower() in _NEEDS_MORE_TOKENS:
            toks += self._tokens(e1, 4)  # tokens 3 to 6, as one match of six reads them
        return toks

    def _glued_alnum(self, pos: int) -> bool:
        return pos < self.cend and self.body[pos].isalnum()

    def _lookup(
        self, toks: list[Token], i: int, table: _Table, longest: int = 4
    ) -> tuple[str, int] | None:
        """Longest phrase of tokens from ``i`` that is a key of ``table`` and ends a word."""
        if i >= len(toks):
            return None
        first = toks[i][2].lower()
        most = table.longest.get(first)
        if most is None:
            return None  # most numbers are followed by no unit at all: answer fast
        for j in range(min(len(toks), i + min(longest, most)), i, -1):
            if j == i + 1:
                key = first
            else:
                parts = [toks[i][2]]
                for k in range(i + 1, j):
                    parts.append(toks[k][2] if toks[k][0] == toks[k - 1][1] else " " + toks[k][2])
                key = "".join(parts).lower()
            end = toks[j - 1][1]
            hit = table.get(key)
            if (
                hit is not None
                and not self._glued_alnum(end)
                and not (self.body[end : end + 1] == "-" and self._glued_digit(end + 1))
            ):
                return hit, end
        return None

    def _figure(self, end: int, kind: FigureKind, unit: str | None, mult: float = 1.0) -> Figure:
        high = None if self.value_high is None else self.value_high * mult * self.sign
        start = self.text_start
        value = self.value * self.scale * mult * self.sign
        # Positional: keyword calls of the frozen dataclass cost measurably more per figure.
        return Figure(
            self.index, self.body[start:end], start, end, value, unit, kind, self.qualifier,
            None, None, high,
        )  # fmt: skip

    # -- the read, in order --------------------------------------------------------------
    def read(self) -> _Found | None:
        m, body = self.m, self.body
        ns, ne = m.span()
        text = body[ns:ne]
        if (
            self.group == "digits"
            and "," not in text
            and (text[0] != "0" or text[1:2] in ("", "."))
        ):
            value: float | None = float(text)  # number_value's common case, minus two calls
            if value == _INF:
                return None
        else:
            value = number_value(m)
        if value is None:
            return None
        self.value = value
        cstart = self.cstart
        left = body[cstart if cstart > ns - 40 else ns - 40 : ns]
        before = left[-1:]
        lw = ""  # the last word before the number (as _last_word): most left reads look at it
        if before.isspace() and (parts := left.rsplit(None, 1)):
            lw = parts[-1]
        if self.group == "words" and not self._word_start_ok(left):
            return None
        # Digits glued to a letter ("G20", base64 runs) are a figure only after a currency code
        # ("USD115"): decided first, as the other vetoes cannot undo the code's reading.
        digits = self.digits
        glued = digits and before.isalpha()
        if glued and not self._glued_code(left):
            return None
        if digits and (self._identifier_left(left, ns, lw) or self._vetoed_right(ne)):
            return None
        # A digit number right before "," "." ")" and the like (23% of candidates here, most
        # of them years) has nothing on its right to read: no scale, range, unit or counted noun
        # starts with these (tests/ingest/test_fast_paths.py checks the tables). It is a figure
        # only through its left side, so the right-hand tokens are read only in that case.
        stop_after = digits and body[ne : ne + 1] in _STOPS_AFTER_NUMBER
        toks = [] if stop_after else self._first_tokens(ne)
        if self._date_or_ordinal(toks, left, lw):
            return None
        if digits and not glued:
            self._currency_left(left, ns, lw)
        if stop_after:
            if self.currency is None and lw.lower() != "of":
                return None  # neither money ("$2020,") nor a reversed percent ("per cent of 5.")
            toks = self._first_tokens(ne)
        ts = self.text_start
        if ts == ns:
            head, hw = left, lw
        else:
            head = body[cstart if cstart > ts - 40 else ts - 40 : ts]
            hw = _last_word(head)
        last = hw.lower()
        # The calls below are skipped where their first test fails (most numbers).
        if head[-1:] in _MINUS or head.endswith(_SPACED_MINUS) or last in _MINUS_WORDS:
            head, hw = self._sign(head, hw)
            last = hw.lower()
        if last in _QUALIFIER_ENDS and (qm := QUALIFIER_RE.search(head[-32:])):
            self.qualifier = " ".join(qm.group("q").lower().split())
        between, after_from = last == "between", last == "from"

        pos = ne
        if self.group == "words" or (
            toks and (toks[0][2].lower() in lx.SCALES or toks[0][2] in lx.MONEY_SCALES)
        ):
            pos, toks = self._scale(toks, ne)
        first = body[pos : pos + 1]
        if first in _RANGE_FIRST and (
            first not in " \t" or body[pos + 1 : pos + 2] in _RANGE_SECOND
        ):
            ranged = self._range(pos, between)
            if ranged is False:
                return None
            if ranged is not None:
                pos = ranged
                toks = self._tokens(pos)
        fig = self._right(toks, pos, left, lw)
        if fig is None or not _finite(fig):
            return None  # a scale on a huge number ("9" * 308 + " million") overflows to inf
        return _Found(fig, between, after_from)

    def _word_start_ok(self, left: str) -> bool:
        """A lone "million"/"dozen"/"half" needs its article: "a million", "a half turn"."""
        words = self.m.group().split()
        if words[0].split("-")[0].lower() in lx.WORD_MULTIPLIERS and len(words) == 1:
            if _last_word(left).lower() not in ("a", "an"):
                return False
            self.text_start -= len(left) - len(left.rstrip()) + len(_last_word(left))
        return True

    def _identifier_left(self, left: str, ns: int, lw: str) -> bool:
        """True for numbers inside names, ids and URLs: "G20", "COVID-19", "Article 51"."""
        before = left[-1:]
        if before != " " and before != "\t":  # after a space (most numbers) none of these hold
            if before in _URL_CHARS or before == "+" or (before == ":" and left[-2:-1].isdigit()):
                return True
            if before in "-–" and left[-2:-1].isalnum():
                return True  # "Su-35", "F-16", "scp-173"; number ranges are read from the left
            if (
                before
                and not before.isspace()
                and ("://" in left or "www." in left or "@" in left)  # else no token has them
            ):
                token = left.rsplit(None, 1)[-1] if left.strip() else ""
                if "://" in token or token.startswith("www.") or "@" in token:
                    return True
            return False  # no word right before the number
        word = lw
        wl = word.lower()
        low = wl.rstrip(".")
        label = low in lx.LABEL_WORDS or wl in lx.LABEL_WORDS
        if not label and not word[:1].isupper():
            return False  # what follows holds only for labels and capitalised words
        if not WORD_RE.fullmatch(word):
            return False
        if label:
            return not self._strong_unit_after()
        wstart = ns - len(left) + left.rstrip().rindex(word)
        if not self._sentence_start(wstart):
            if low in lx.MONTHS or low in _NUMBER_WORDS or word.lower() in lx.PREFIX_NAMES:
                return False
            if low in _QUALIFIER_ENDS or low in lx.STOP_WORDS:
                return False
            if word.upper() in lx.ISO_CODES or word.upper()[1:] in lx.ISO_CODES:
                return False
            if low in lx.CODE_ALIASES:
                return False  # "CFA 150 billion", "RMB 5 billion"
            return not self._strong_unit_after()  # "Resolution 2593", "PA 23456"
        return False

    def _sentence_start(self, pos: int) -> bool:
        k = pos - 1
        while k >= self.claim.start and self.body[k] in " \t\n":
            k -= 1
        return k < self.claim.start or self.body[k] in _SENTENCE_OPENERS

    def _strong_unit_after(self) -> bool:
        """A currency, percent or unit right after the number overrides a label before it."""
        toks = self._tokens(self.m.end(), 3)
        if not toks:
            return False
        i = 1 if toks[0][2].lower() in lx.SCALES else 0
        return any(
            self._lookup(toks, i, table, 3) is not None
            for table in (PERCENT_WORDS, CURRENCY_NAMES, SYMBOLS, UNITS)
        )

    def _vetoed_right(self, ne: int) -> bool:
        body = self.body
        nxt = body[ne : ne + 2]
        if nxt[:1] in "./:" and nxt[1:2].isdigit():
            return True  # dotted date, version, IP, "3/16/2021", "2:00"
        first = nxt[:1]
        if (
            self.value <= 24
            and first in _TIME_FIRST
            and (first != " " or nxt[1:2] in "aApP")
            and TIME_AFTER_RE.match(body, ne, self.cend)
        ):
            return True  # "2 pm", "11pm"
        if first in _ORDINAL_FIRST and ORDINAL_AFTER_RE.match(body, ne, self.cend):
            return True  # "21st", "1970s", "80's"
        if first in _URL_VETO:
            return True
        return (
            self.m.start() > self.cstart
            and body[ne : ne + 1] == "-"
            and body[ne + 1 : ne + 2].isdigit()
            and body[self.m.start() - 1] == "-"
        )

    def _date_or_ordinal(self, toks: list[Token], left: str, lw: str) -> bool:
        """Days of a date ("September 5", "29 February") and "21 century"-style ordinals."""
        k = 0
        if toks and (toks[0][2] in ('"', "”", "'") or toks[0][2].lower() in ("t", "st")):
            while k < len(toks) and (
                toks[k][2] in ('"', "”", "'")
                or (k == 0 and toks[0][0] == self.m.end() and toks[0][2].lower() in ("t", "st"))
            ):
                k += 1  # OCR: '29" February', "215t century"
        if k < len(toks):
            word = toks[k][2]
            low = word.lower().rstrip(".")
            if low in _DATE_WORDS and (
                low in lx.ORDINAL_NOUNS
                or (
                    low in lx.MONTHS
                    and (word[0].isupper() or low != "may")
                    and (self.digits and self.value <= 31)
                )
            ):
                return True
        word = lw.rstrip(".,") if left[-1:] in " \t" else ""
        if word and self.digits:
            low = word.lower()
            if low in lx.MONTHS and (word[0].isupper() or low != "may"):
                return True  # "September 5", "March 2021"; "May" only capitalised
        return False

    def _glued_code(self, left: str) -> bool:
        """ "USD115", "usd50": a currency code glued to the number."""
        k = len(left)
        while k > 0 and len(left) - k < 4 and left[k - 1] in _ASCII_LETTERS:
            k -= 1
        word = left[k:]
        if len(word) < 3:
            return False
        code = self._code(word)
        if code is None:
            return False
        self.currency, mult = code
        self.scale *= mult
        self.scaled = self.scaled or mult != 1.0
        self.text_start -= len(word)
        return True

    @staticmethod
    def _code(word: str) -> tuple[str, float] | None:
        """An ISO-like code ("usd", "RMB", "MUSD" = million USD) -> (currency, multiplier)."""
        up = word.upper()
        if up in lx.ISO_CODES and up not in lx.ISO_CODES_UPPER_ONLY:
            return up, 1.0
        if up in lx.ISO_CODES_UPPER_ONLY:
            return (word, 1.0) if word.isupper() else None
        if word.lower() in lx.CODE_ALIASES:
            return lx.CODE_ALIASES[word.lower()], 1.0
        if len(word) == 4 and word[0] in "mM" and up[1:] in lx.ISO_CODES:
            return up[1:], 1e6
        return None

    def _currency_left(self, left: str, ns: int, lw: str) -> None:
        """Reads a currency written before the number (read() has done glued codes)."""
        tail = left.rstrip(" ")
        sm = None
        if tail[-1:] in _SYMBOL_CHARS:
            left = left[-12:]
            # The symbol ends the text (but a space) and at most "u. s." and a space come before
            # it, so a match starts in the last 8 characters: no need to try the others.
            sm = PREFIX_SYMBOL_RE.search(left, max(0, len(left) - 8))
        if sm is not None:
            self.currency = lx.SYMBOLS[sm.group("sym")]
            self.text_start = ns - (len(left) - sm.start("sym"))
            cc = sm.group("cc")
            if cc is not None and self.currency == "USD":
                key = cc.lower()
                spaced = bool(sm.group("ccgap"))
                if key in lx.DOLLAR_PREFIXES and (not spaced or key in lx.SPACED_DOLLAR_PREFIXES):
                    self.currency = lx.DOLLAR_PREFIXES[key]
                    self.text_start = ns - (len(left) - sm.start("cc"))
            return
        if not (tail[-1:].isalpha() or tail[-1:] == "."):
            return
        # The regex finds a word only right before one space or tab, so in ``lw``; a plain word
        # that is no code or name changes nothing (the digits here follow no letter or ".").
        core = lw[:-1] if lw[-1:] == "." else lw
        if core.isascii() and core.isalpha() and core.lower() not in _PREFIX_KEYS:
            return
        wm = PREFIX_WORD_RE.search(left[-10:])
        if wm is not None:
            left = left[-10:]
            word = wm.group("word")
            code = self._code(word.rstrip("."))
            name = lx.PREFIX_NAMES.get(word.lower())
            if code is not None or name is not None:
                self.currency, mult = code if code is not None else (name or "", 1.0)
                self.scale *= mult
                self.scaled = mult != 1.0
                self.text_start = ns - (len(left) - wm.start("word"))

    def _sign(self, head: str, hw: str) -> tuple[str, str]:
        """A sign before the number; returns the text before it and that text's last word."""
        body, ts = self.body, self.text_start
        if (
            ts > self.cstart
            and body[ts - 1] in "-−"
            and (
                ts - 1 == self.cstart
                or (body[ts - 2] in " \t\n([" and not head[:-1].rstrip()[-1:].isdigit())
            )
        ):
            self.sign, self.text_start = -1.0, ts - 1
        elif head.endswith(("- ", "− ")) and (len(head) < 3 or head[-3] in " \t\n(["):
            self.spaced_minus = True  # "convert - 20 degrees": a sign only for temperatures
        elif hw.lower() in ("minus", "negative") and (mw := MINUS_WORD_RE.search(head)):
            self.sign, self.text_start = -1.0, ts - len(mw.group())
        else:
            return head, hw
        head = body[max(self.cstart, self.text_start - 40) : self.text_start]
        return head, _last_word(head)

    def _scale(self, toks: list[Token], ne: int) -> tuple[int, list[Token]]:
        """ "1.5 million", "€3bn", "$2m", "1.8M dollars", "2m people"; not "48m" (metres)."""
        if self.group == "words" and not _SCALE_WORDS.isdisjoint(
            self.m.group().lower().replace("-", " ").split()
        ):
            self.scaled = True
        if not toks:
            return ne, toks
        word = toks[0][2]
        mult = lx.SCALES.get(word.lower())
        if mult is None and word in lx.MONEY_SCALES and not self._glued_alnum(toks[0][1]):
            nxt = toks[1][2].lower() if len(toks) > 1 else ""
            glued = toks[0][0] == ne
            if (
                self.currency
                or nxt in _MONEY_SCALE_FOLLOWERS
                or (glued and word in "mMbB" and _is_plural(nxt) and nxt not in lx.UNITS)
            ):
                mult = lx.MONEY_SCALES[word]
        if mult is None:
            return ne, toks
        self.scale *= mult
        self.scaled = True
        if len(toks) > 1 and (more := _stacked_scale(mult, toks[1][2])):
            self.scale *= more  # "1.2 lakh crore", "5 thousand million"
            return toks[1][1], toks[2:]
        return toks[0][1], toks[1:]

    def _range(self, pos: int, between: bool) -> int | bool | None:
        """Reads "-10", " to 10 million", " and 4" (after "between"); False vetoes.
        read() calls it only where a dash, "to" or "and" may follow."""
        link = RANGE_LINK_RE.match(self.body, pos, self.cend)
        if link is None or ("and" in link.group() and not between):
            return None
        bm = NUMBER_RE.match(self.body, link.end(), self.cend)
        if bm is None or bm.lastgroup not in ("digits", "words"):
            return None
        high = number_value(bm)
        dash = link.group().strip() in ("-", "–", "—")
        if dash and (
            high is None
            or high <= self.value
            or self.body[bm.end() : bm.end() + 1] in ("-", "–")
            or bm.group()[0] == "0"
        ):
            self.consumed = bm.end()
            return False  # phone number, score or id chain: "555-0100", "3-1", "1-2-3"
        if high is None or high <= self.value:
            return None
        end = bm.end()
        btoks = self._tokens(end, 1)
        bscale = lx.SCALES.get(btoks[0][2].lower()) if btoks else None
        if bscale is not None:
            end = btoks[0][1]
            nxt = self._tokens(end, 1)
            if nxt and (more := _stacked_scale(bscale, nxt[0][2])):
                end, bscale = nxt[0][1], bscale * more  # "2-3 lakh crore"
            if not self.scaled:
                self.scale, self.scaled = self.scale * bscale, True
            self.value_high = high * bscale
        else:
            self.value_high = high * self.scale  # "$2-3": the high end shares the scale
        self.consumed = end
        return end

    # -- what the number counts ----------------------------------------------------------
    def _right(self, toks: list[Token], pos: int, left: str, lw: str) -> Figure | None:
        i = 0
        if len(toks) > 1 and toks[0][2] in "-–" and toks[0][0] == pos and toks[1][0] == toks[0][1]:
            i = 1  # "six-mile", "12-cent", "one-yen"
        # The first word, lower-cased once: the table reads below start only on known words.
        wl = toks[i][2].lower() if i < len(toks) else ""
        hit = None
        if self.currency is None and (hit := self._currency_after(toks, i, wl)) is None:
            return (
                self._percent(toks, i, left, lw, wl)
                or self._unit(toks, i, pos, wl)
                or self._count(pos, i)
            )
        return self._money(toks, i, pos, hit)

    def _money(
        self, toks: list[Token], i: int, pos: int, hit: tuple[str, int] | None
    ) -> Figure | None:
        end = pos
        if hit is not None:  # a currency after the number
            self.currency, end = hit
            rest = self._tokens(end, 1)
            if rest and not self.scaled and (mult := lx.SCALES.get(rest[0][2].lower())):
                self.scale, self.scaled, end = (
                    self.scale * mult,
                    True,
                    rest[0][1],
                )  # "75 USD million"
        else:
            same = self._lookup(toks, i, CURRENCY_NAMES, 3)
            if same is not None and same[0] == self.currency:
                end = same[1]  # "$ 10 dollars"
        end, extra = self._cents(end)
        unit = self.currency
        if self.body[end : end + 1] in _RATE_FIRST and (per := self._money_per(end)):
            unit, end = f"{unit} per {per[0]}", per[1]  # "$14,000 a tonne", "$5/kg"
        fig = self._figure(end, FigureKind.money, unit)
        if extra:
            fig = replace(fig, value=(fig.value or 0.0) + extra * self.sign)
        return fig

    def _money_per(self, end: int) -> tuple[str, int] | None:
        """A money rate's denominator: "a year", "per kilogram", "/t", "per person"."""
        rate = RATE_RE.match(self.body, end, self.cend)
        if rate is None:
            return None
        word = rate.group(2)
        low = word.lower()
        per = lx.RATE_TIME_UNITS.get(low) or lx.RATE_TIME_UNITS.get(low.rstrip("s"))
        if per is None and (len(word) > 1 or rate.group().lstrip()[:1] == "/"):
            per = lx.UNITS.get(low) or lx.CASED_UNITS.get(word)  # "a tonne", "/t", "/MWh"
        if per is None and low in lx.RATE_ANNUM:
            per = lx.RATE_ANNUM[low]
        if per is None and rate.group(1) and word.islower() and low not in lx.STOP_WORDS:
            if low in ("cent", "cents"):
                return None
            per = low  # "per person", "per share", "per household"
        return (per, rate.end()) if per is not None else None

    def _currency_after(self, toks: list[Token], i: int, wl: str) -> tuple[str, int] | None:
        if i >= len(toks):
            return None
        word = toks[i][2]
        if word.isalpha() and len(word) in (3, 4) and not self._glued_alnum(toks[i][1]):
            code = self._code(word)
            if code is not None and (word.isupper() or word.islower()):
                if wl in _CURRENCY_FIRSTS and (name := self._lookup(toks, i, CURRENCY_NAMES, 5)):
                    return name  # "150 billion CFA francs": the name the code starts
                self.scale *= code[1]
                self.scaled = self.scaled or code[1] != 1.0
                return code[0], toks[i][1]
        if wl not in _CURRENCY_FIRSTS:
            return None
        hit = self._lookup(toks, i, CURRENCY_NAMES, 5) or self._lookup(toks, i, SYMBOLS, 2)
        if hit is None:
            return None
        if (
            hit[0] == "GBP"
            and word.lower().startswith("pound")
            and not self.scaled
            and (self.claim.words & lx.WEIGHT_CONTEXT)
        ):
            return None  # "over two pounds" of baby: a weight
        if toks[i][2] in lx.SYMBOLS and self._glued_digit(hit[1]):
            return None  # "10 $ 30 $": the "$" belongs to the next number when glued
        return hit

    def _glued_digit(self, pos: int) -> bool:
        return pos < self.cend and self.body[pos].isdigit()

    def _cents(self, end: int) -> tuple[int, float]:
        """ "3 dollars 50 cents", "15 dollars and 15", "17 USD 25": cents after whole units."""
        if self.scaled or self.value != int(self.value) or self.currency in lx.SUB_UNITS:
            return end, 0.0
        link = CENTS_LINK_RE.match(self.body, end, self.cend)
        if link is None:
            return end, 0.0
        cm = NUMBER_RE.match(self.body, link.end(), self.cend)
        if cm is None or cm.lastgroup not in ("digits", "words") or "." in cm.group():
            return end, 0.0
        cents = number_value(cm)
        if cents is None or not 0 < cents < 100 or self._glued_alnum(cm.end()):
            return end, 0.0
        stop = cm.end()
        after = self._tokens(stop, 1)
        nxt = after[0][2].lower() if after else ""
        if nxt in ("cent", "cents", "¢"):
            stop = after[0][1]
        elif (nxt[:1].isalnum() and nxt not in ("and", "more")) or nxt in lx.SYMBOLS or nxt == "%":
            return end, 0.0  # "50 dollar 50 dollar", "500 afghanis and 10 billion yuan"
        self.consumed = stop
        return stop, cents / 100.0

    def _percent(self, toks: list[Token], i: int, left: str, lw: str, wl: str) -> Figure | None:
        hit = self._lookup(toks, i, PERCENT_WORDS, 3) if wl in PERCENT_WORDS.firsts else None
        if hit is not None:
            return self._figure(hit[1], FigureKind.percent, hit[0])
        rp = REVERSE_PERCENT_RE.search(left) if lw.lower() == "of" else None
        if rp is not None and not (toks and toks[0][2][:1].isalpha()):
            self.text_start = self.m.start() - len(left) + rp.start()
            return self._figure(self.m.end(), FigureKind.percent, "%")  # "per cent of 210"
        return None

    def _unit(self, toks: list[Token], i: int, pos: int, wl: str) -> Figure | None:
        hit = None
        if wl in _UNIT_FIRSTS:  # else only "20 long years" below can find a unit
            if i < len(toks) and toks[i][2] in _OPEN_CLOSE and i + 2 < len(toks):
                inner = self._lookup(toks, i + 1, UNITS, 1)  # "20 (kg)", "20 [kg]"
                if inner and toks[i + 2][2] == _OPEN_CLOSE[toks[i][2]]:
                    return self._figure(toks[i + 2][1], FigureKind.quantity, inner[0])
            hit = self._cased_unit(toks, i) or self._lookup(toks, i, UNITS, 4)
            if hit is None and i < len(toks) and toks[i][2].lower() in lx.DEGREE_WORDS:
                hit = (self._degree_unit(), toks[i][1])
        if (
            hit is None
            and i + 1 < len(toks)
            and toks[i][2].islower()
            and (toks[i][2] not in lx.STOP_WORDS)
        ):
            dur = self._lookup(toks, i + 1, UNITS, 1)  # "20 long years"
            if dur and lx.UNIT_CLASS.get(dur[0]) == "duration" and self.body[dur[1] - 1] == "s":
                hit = dur
        if hit is None:
            return None
        unit, end = hit
        cls = lx.UNIT_CLASS.get(unit, "")
        if unit == "inch" and self._quote_closes(toks[i][2], pos):
            return None
        if cls == "duration" and not self.scaled:
            return None  # "five months", "a ten-year plan", "a 25-year low": no measurement
        if self.spaced_minus and cls == "temperature":
            self.sign = -1.0
            # The sign is the "- " or "− " (U+2212) right before the number (head ended so).
            self.text_start = max(
                self.body.rfind("-", self.cstart, self.text_start),
                self.body.rfind("\u2212", self.cstart, self.text_start),
            )
        mult = 1.0
        if unit == "foot" and (fi := FEET_INCHES_RE.match(self.body, end, self.cend)):
            self.value += float(fi.group(1)) / 12.0  # "5 ft 2 in", "5 feet and 2 inches"
            end = fi.end()
        elif cls in ("length", "volume", "weight") and (rate := RATE_RE.match(self.body, end)):
            per = lx.RATE_TIME_UNITS.get(rate.group(2).lower().rstrip("s"))
            if per is None:
                per = lx.RATE_TIME_UNITS.get(rate.group(2).lower())
            if per is not None and rate.end() <= self.cend:
                unit, end = f"{unit} per {per}", rate.end()
        return self._figure(end, FigureKind.quantity, unit, mult)

    def _cased_unit(self, toks: list[Token], i: int) -> tuple[str, int] | None:
        if i < len(toks) and toks[i][2] in lx.CASED_UNITS and not self._glued_alnum(toks[i][1]):
            return lx.CASED_UNITS[toks[i][2]], toks[i][1]
        return None

    def _degree_unit(self) -> str:
        words = self.claim.words
        if words & lx.ANGLE_CONTEXT and not words & lx.TEMPERATURE_CONTEXT:
            return "degree of arc"
        return "degree" if words & lx.TEMPERATURE_CONTEXT else "degree of arc"

    def _quote_closes(self, token: str, pos: int) -> bool:
        """A '"' after a number is an inch mark unless it closes an open quotation."""
        return token in ('"', "″") and self.body.count('"', self.claim.start, pos) % 2 == 1

    def _count(self, pos: int, i: int) -> Figure | None:
        """ "two diplomats", "140 Soviet-era projects"; bare scaled numbers count nothing."""
        if i:  # "two-door", "5-star": hyphenated modifiers are not counts
            return None
        year_like = self.group == "digits" and 1000 <= self.value <= 2100 and not self.scaled
        year_like = year_like and self.m.group().isdigit() and self.value_high is None
        countable = (self.value != 1 or self.scaled) and (
            self.value == int(self.value) or self.scaled
        )
        if self.group == "words" and not self.scaled:
            before = self.body[max(self.cstart, self.text_start - 16) : self.text_start]
            det = _last_word(before).lower()
            if det in lx.ANAPHORIC_DETERMINERS or (
                det in lx.POSSESSIVE_DETERMINERS
                and (w := COUNT_WORD_RE.match(self.body, pos, self.cend))
                and w.group(1).lower() in lx.PARTY_NOUNS
            ):
                return None  # "the two countries": a reference, not a reported count
        if countable and not (year_like and self.qualifier is None):
            p = pos
            for _ in range(4):
                w = COUNT_WORD_RE.match(self.body, p, self.cend)
                if w is None:
                    break
                word = w.group(1)
                if word.lower() in _COUNT_STOPS:
                    break
                if word.lower() in _TIME_UNIT_WORDS:
                    return None  # "twelve long months": a duration, not a count
                if word[0].isupper() and word.endswith(("'s", "’s")):
                    return None  # "9 Author's interviews" (a note): no count before "Ghana's"
                if _is_plural(noun := word.split("-")[-1]):
                    # "15 million Syrians": a nation's people (a capitalised plural in -ans)
                    unit = "person" if noun[0].isupper() and noun.endswith("ans") else None
                    return self._figure(w.end(1), FigureKind.count, unit or _singular(noun))
                p = w.end()
        if self.scaled and (self.value_high is not None or self.value != 0):
            return self._figure(pos, FigureKind.count, None)  # "a population of 40 million"
        return None
