"""Sentences and claim kinds: the cleaned body -> sentence spans -> a kind for each claim.

One compiled regex proposes boundaries inside each paragraph of the main text; tables of
abbreviations, initials and sentence starters veto or confirm them (docs/segmentation.md has the
measurements that chose this over blingfire, pysbd and syntok). Spans never cross a paragraph,
never touch a heading or the notes section, and satisfy body[start:end] == body[start:end].strip().
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from factbase.records import ClaimKind, Cleaned

__all__ = [
    "ABBREVIATIONS",
    "EVENT_VERBS",
    "SPEECH_VERBS",
    "claims_with_date_cues",
    "classify_claim",
    "find_sentences",
]


def _words(text: str) -> frozenset[str]:
    """A word table written as one whitespace-separated string."""
    return frozenset(text.split())


# Words that take a period without ending a sentence (lower case, without the final period).
ABBREVIATIONS = _words(
    """
    mr mrs ms mx dr prof sr jr st gen col lt maj capt sgt cpl gov sen rep pres rev hon amb adm
    cmdr brig supt insp det fr messrs mme mlle jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vol vols p pp fig figs ch art sec para ed eds est approx dept univ inc ltd co corp
    bros mt ft vs v cf al e.g i.e viz ca c u.s u.k u.n u.s.a u.s.s.r e.u a.m p.m ph.d b.a m.a
    d.c op cit ibid govt intl natl assn
    """
)

_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))
# A period after this many letters in a row ends a sentence (see _period_ends): the word before it
# is longer than any abbreviation, and no initials ("J.") or list number.
_WORD_TAIL = _LONGEST_ABBREVIATION + 1

# Abbreviations that also end sentences ("... in the U.S. The talks"): a boundary stands when
# the next word is a usual sentence opener.
AMBIGUOUS_ABBREVIATIONS = _words("u.s u.k u.n u.s.a u.s.s.r e.u a.m p.m d.c no co inc ltd")

SENTENCE_STARTERS = _words(
    """
    the this that these those it its he she they we i in on at but and however moreover
    meanwhile also a an there their his her our as after before while when if since for
    according despite although yet so still then now last earlier later such many some most both
    even what why how who where officials analysts experts
    """
)

# Past-tense verbs that report a happening; with a date they make a claim an "event".
EVENT_VERBS = _words(
    """
    signed attacked visited removed invaded held killed detonated met announced reopened
    conducted launched seized captured arrested released agreed approved adopted passed voted
    elected appointed resigned withdrew withdrawn deployed struck bombed fired closed hosted
    declared imposed lifted suspended banned delisted recognised recognized accepted rejected
    began started ended concluded completed collapsed exploded died injured wounded evacuated
    occupied entered crossed landed arrived departed traveled travelled called summoned expelled
    sanctioned froze unfroze invested pledged donated delivered shipped exported imported sold
    bought acquired merged founded established built opened inaugurated unveiled published
    issued ordered ruled convicted sentenced executed kidnapped abducted raided ambushed shot
    stormed overthrew toppled took won lost defeated surrendered negotiated brokered mediated
    discussed courted compiled decided
    """
)

# Verbs that introduce a direct quote.
SPEECH_VERBS = _words(
    """
    said says say stated states told tells added noted declared remarked wrote writes warned
    argued insisted claimed asserted explained emphasized emphasised stressed announced replied
    responded tweeted posted called described referred asked urged
    """
)

# "[.!?…]" before the "+": a pattern that opens with a character class (not a repeat) lets the
# regex engine skip to candidates in C (~2x faster scan, measured). Group "next": the character
# after the spaces, None at the paragraph's end.
_BOUNDARY = re.compile(r"[.!?…][.!?…]*[”\"’'»)\]]*(?=\ +(?P<next>[^\ ])?)")
# _BOUNDARY opening with its literal ".": the engine finds a literal ~5x faster than a class
# (its scan of a 5 KB body 3 against 18 µs, measured), and where the text holds no "!", "?" or
# "…" (nine bodies in ten) every _BOUNDARY match opens with "." and this finds the same ones.
_PERIOD_BOUNDARY = re.compile(_BOUNDARY.pattern.replace("[.!?…]", r"\.", 1))
_LINE = re.compile(r"[^\n]+")
_LEAD = re.compile(
    r"""[\ \t]*(?: (?: [•·▪▫▸►‣◦●○■□➢➤✓✔➔→*] | [–—-](?=\ ) | \d{1,2}[.)](?=\ )
                    | \(?[a-z]\)(?=\ ) )\ + )?""",
    re.VERBOSE,
)
# What _LEAD can match first: other starts skip it (most sentences open with a capital).
_LEAD_FIRST = frozenset(" \t•·▪▫▸►‣◦●○■□➢➤✓✔➔→*–—-(")
_ALNUM = re.compile(r"[^\W_]")  # str.isalnum, as a scan
_OPENERS = "“\"‘'([«"
_WORD = re.compile(r"[A-Za-z]+")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")

# Month names are matched capitalised so the modal "may" and the verb "march" are no dates.
# Every branch opens with a literal, so the engine scans for first letters in C; "(?<!\w.)" after
# that letter does the work of a leading \b, which made the scan try every position (measured
# 17 -> 55 MB/s on the seeds' bodies).
_CAPITALISED_CUES = r"""
      A(?<!\w.)(?:pr(?:il)?|ug(?:ust)?) | D(?<!\w.)ec(?:ember)?
    | F(?<!\w.)(?:eb(?:ruary)?|riday) | J(?<!\w.)(?:an(?:uary)?|u(?:ly|ne))
    | M(?<!\w.)(?:a(?:rch|y)|onday) | N(?<!\w.)ov(?:ember)? | O(?<!\w.)ct(?:ober)?
    | S(?<!\w.)(?:aturday|ep(?:t(?:ember)?)?|unday)
    | T(?<!\w.)(?:hursday|uesday|his\ (?:week|month|year)) | W(?<!\w.)ednesday
    | Y(?<!\w.)esterday | L(?<!\w.)ast\ (?:week|month|year)
    | 1(?<!\w.)[89]\d{2}s? | 2(?<!\w.)0\d{2}s?
"""
# The lower-case cues open with common letters ("t", "l", "y": an eighth of a text), so each
# gets a scan of its own that opens with its whole first word, a literal the engine finds in C:
# 9.4 -> 6.5 ms per MB for the body scan (measured), against one scan of all the cues.
_LOWER_CUES = (
    r"yesterday(?<!\wyesterday)",
    r"last(?<!\wlast)\ (?:week|month|year)",
    r"this(?<!\wthis)\ (?:week|month|year)",
)
_DATE_CUE = re.compile(rf"(?:{_CAPITALISED_CUES} | {' | '.join(_LOWER_CUES)})\b", re.VERBOSE)
# The same cues in separate scans for claims_with_date_cues. No cue can start inside another (a
# cue starts after a non-word character and holds none but a space before "week", "month" or
# "year"), so the scans find the same cues as one scan of _DATE_CUE.
_DATE_CUE_SCANS = tuple(
    re.compile(rf"(?:{cues})\b", re.VERBOSE) for cues in (_CAPITALISED_CUES, *_LOWER_CUES)
)
_DIRECT_QUOTE = re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"")
_WORDS_LOWER = re.compile(r"[a-z]+")


def find_sentences(cleaned: Cleaned) -> list[tuple[int, int]]:
    """Sentence spans of the main text, in order; headings and the notes section are skipped."""
    body = cleaned.body
    limit = min(max(cleaned.notes_start, 0), len(body))
    in_heading = _heading_test(cleaned.headings)
    spans: list[tuple[int, int]] = []
    # One _BOUNDARY scan of the whole main text, its candidates taken by paragraph below (a scan
    # per paragraph cost a call each). A candidate never crosses a line, and at a line's end its
    # "next" is the newline where a paragraph's scan has none: neither makes a boundary.
    rare_ends = (
        body.find("?", 0, limit) >= 0
        or body.find("!", 0, limit) >= 0
        or body.find("…", 0, limit) >= 0
    )
    bounds = (_BOUNDARY if rare_ends else _PERIOD_BOUNDARY).finditer(body, 0, limit)
    m = next(bounds, None)
    for para in _LINE.finditer(body, 0, limit):
        p_start, p_end = para.span()
        while m is not None and m.start() < p_start:
            m = next(bounds, None)  # candidates in skipped headings
        if in_heading is not None and in_heading(p_start, p_end):
            continue
        start = p_start
        while m is not None and (punct_at := m.start()) < p_end:
            nxt_at = m.start(1)  # group "next"
            # A boundary needs a next character (the paragraph's end closes the sentence
            # anyway) that can open a sentence ("grips… it is", "“reasonable guys,” and" go
            # on); then anything but a single period ends one, and _period_ends decides that.
            if (
                nxt_at >= 0
                and ((nxt := body[nxt_at]).isupper() or nxt.isdigit() or nxt in _OPENERS)
                and (
                    body[punct_at] != "."
                    or body.startswith("..", punct_at)
                    # (_period_ends' answer, without the call, where the _WORD_TAIL characters
                    # before the period are letters, as before most periods)
                    or (
                        punct_at - _WORD_TAIL >= p_start
                        and body[punct_at - _WORD_TAIL : punct_at].isalpha()
                    )
                    or _period_ends(body, punct_at, nxt_at, p_start)
                )
            ):
                end = m.end()
                if body[start].isalpha() and not "a" <= body[start] <= "z":
                    # Most sentences: _add would find no bullet and no space to trim (the
                    # boundary ends in punctuation) and append the span as it is.
                    spans.append((start, end))
                else:
                    _add(spans, body, start, end)
                # Before a capital _add's _LEAD would take just the spaces: skip them here.
                start = nxt_at if nxt.isupper() else end
            m = next(bounds, None)
        _add(spans, body, start, p_end)
    return spans


def _heading_test(
    headings: tuple[tuple[int, int], ...],
) -> Callable[[int, int], bool] | None:
    """A test for "the line body[start:end] is a heading or overlaps one", None without headings.
    Bisects on the heading starts, with the furthest end among the headings up to each start."""
    if not headings:
        return None
    ordered = sorted(headings)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))
    heading_starts = frozenset(starts)

    def test(start: int, end: int) -> bool:
        if start in heading_starts:
            return True
        k = bisect_left(starts, end)  # the headings that start before the line ends
        return k > 0 and reach[k - 1] > start

    return test


def _add(spans: list[tuple[int, int]], body: str, start: int, end: int) -> None:
    """Append body[start:end] trimmed of whitespace and any leading bullet or list number."""
    first = body[start : start + 1]
    if first in _LEAD_FIRST or first.isdecimal() or "a" <= first <= "z":
        start = _LEAD.match(body, start, end).end()  # type: ignore[union-attr]  # always matches
    while end > start and body[end - 1].isspace():
        end -= 1
    while start < end and body[start].isspace():
        start += 1
    if end > start and (body[start].isalnum() or _ALNUM.search(body, start, end)):
        spans.append((start, end))


def _period_ends(body: str, punct_at: int, nxt_at: int, p_start: int) -> bool:
    """Does the single period at punct_at end a sentence, the next one starting at nxt_at (an
    upper-case letter, a digit or an opener)?"""
    word_at = body.rfind(" ", p_start, punct_at) + 1
    token = body[word_at:punct_at]
    if len(token) > _LONGEST_ABBREVIATION and token.isalpha():
        return True  # most words before a period: no abbreviation, initial or list number
    token = token.lstrip(_OPENERS)
    if token.isdigit() and len(token) <= 2 and not body[p_start:word_at].strip():
        return False  # a list number left in the body: "1. Counterterrorism: ..."
    low = token.lower()
    if low in ABBREVIATIONS:
        return (
            low in AMBIGUOUS_ABBREVIATIONS and not body[nxt_at].isdigit() and _starter(body, nxt_at)
        )
    if (len(token) == 1 and token.isupper()) or ("." in token and _DOTTED.fullmatch(token)):
        return _starter(body, nxt_at)  # initials: "J. R. R. Tolkien", but "Plan B. The"
    return True


def _starter(body: str, at: int) -> bool:
    """Does the word at ``at`` usually open a sentence?"""
    next_word = _WORD.match(body, at)
    return next_word is not None and next_word[0].lower() in SENTENCE_STARTERS


def classify_claim(
    text: str, *, has_figure: bool, has_quote: bool, date_cue: bool | None = None
) -> ClaimKind:
    """figure > quote > event > statement, from the claim's text and what other stages found.

    ``date_cue``: whether the text names a date or a year, when the caller knows already.
    """
    if has_figure:
        return ClaimKind.figure
    if has_quote:
        return ClaimKind.quote
    words: set[str] | None = None
    if ("“" in text or '"' in text) and _DIRECT_QUOTE.search(text):
        words = set(_WORDS_LOWER.findall(text.lower()))
        if not words.isdisjoint(SPEECH_VERBS):
            return ClaimKind.quote
    if _DATE_CUE.search(text) if date_cue is None else date_cue:
        if words is None:
            words = set(_WORDS_LOWER.findall(text.lower()))
        if not words.isdisjoint(EVENT_VERBS):
            return ClaimKind.event
    return ClaimKind.statement


def claims_with_date_cues(body: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the spans (in body order) holding a date cue, from one scan of the body.

    A cue never crosses a claim's edge (claims end at punctuation or a line end), and the spaces
    around a claim make its edges word boundaries, so this agrees with a search of each claim.
    """
    starts = [s for s, _ in spans]
    found: set[int] = set()
    if not spans:
        return found
    for scan in _DATE_CUE_SCANS:
        for m in scan.finditer(body, starts[0], spans[-1][1]):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= spans[i][1]:
                found.add(i)
    return found
