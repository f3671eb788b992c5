"""Numbers in text: where they start (digits, vulgar fractions, number words) and what they are
worth ("1,200" -> 1200, "forty-five" -> 45, "half a million" -> 500000, "3 1/2" -> 3.5).

The figures stage reads a number here, then reads its currency, scale and unit around it.
Tables of number words and multipliers live in ``lexicon``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from factbase.ingest import lexicon as lx
from factbase.ingest.tries import trie_pattern

__all__ = [
    "DIGIT_SCAN_RE",
    "NUMBER_RE",
    "WORD_SCAN_RE",
    "find_number_starts",
    "number_value",
    "parse_number_words",
]

_SCALE_NW = "hundred|thousand|million|billion|trillion|dozen"
# Candidates are located by two scans whose patterns open with a character class, which the
# regex engine skips through in C (~130 and ~45 MB/s; one alternation of both ran at ~4 MB/s):
# digits or vulgar fractions, and number words after a space or punctuation.
DIGIT_SCAN_RE = re.compile(r"[0-9½¼¾⅓⅔⅛][0-9]*")
# The starts DIGIT_SCAN_RE's runs have when not glued after a digit, "." or ",": a vulgar
# fraction's run takes the digits after it ("½5"), so a digit after one starts nothing.
# The lookbehinds come after the first character, so the scan still skips in C to candidates.
DIGIT_START_RE = re.compile(r"[0-9½¼¾⅓⅔⅛](?<![0-9.,].)(?<![½¼¾⅓⅔⅛][0-9])[0-9]*")
# DIGIT_START_RE after its first character, for scans that consume that character themselves.
DIGIT_START_TAIL = r"(?<=[0-9½¼¾⅓⅔⅛])(?<![0-9.,].)(?<![½¼¾⅓⅔⅛][0-9])[0-9]*"
DIGIT_FIRSTS = frozenset("0123456789½¼¾⅓⅔⅛")  # what can start a digit number
_START = re.Match.start
_WORDS = sorted([*lx.SMALL_NUMBERS, *lx.TENS, *lx.WORD_MULTIPLIERS], key=len, reverse=True)


_CASED_WORDS = _WORDS + [w.capitalize() for w in _WORDS]
_FIRST_LETTERS = "".join(sorted({w[0] for w in _CASED_WORDS}))
# What "\s" matches, listed: the scan tests each character of the body against the opening
# class, and ranges of characters are cheaper to test than the whitespace category (~10%).
_SPACES = "\t-\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
WORD_SCAN_RE = re.compile(
    rf"[{_SPACES}(“\"‘'\-](?=[{_FIRST_LETTERS}]){trie_pattern(_CASED_WORDS)}\b"
)
WORD_START_RE = re.compile(rf"{trie_pattern(_CASED_WORDS)}\b")
# WORD_SCAN_RE's parts, for scans that find number words along with other words: the words,
# and what may precede one but a space (a character class body).
CASED_NUMBER_WORDS = tuple(_CASED_WORDS)
WORD_SEPARATORS = _SPACES.replace(" ", "") + "(“\"‘'\\-"
# What "(?i)" matches, spelled out per letter with the letters it folds beyond ASCII ("ſ" is
# an "s"): a branch that opens with a class is rejected on its first character, one that
# opens with a case-insensitive letter is not. ~2x faster on number words.
_FOLDS = {"i": "iI\u0130\u0131", "k": "kK\u212a", "s": "sS\u017f"}  # İ ı, Kelvin sign, ſ


def _nocase(ch: str) -> str:
    if ch == " ":
        return r"\s+"  # any gap between the words of a phrase ("more than")
    return f"[{_FOLDS.get(ch, ch + ch.upper())}]" if ch.isalpha() else re.escape(ch)


def _nocase_word(word: str) -> str:
    return "".join(map(_nocase, word))


def nocase_trie(words: Iterable[str]) -> str:
    """A case-insensitive trie alternation of ``words``; a space in a word matches any gap."""
    return trie_pattern(list(words), _nocase)


_NW_NOCASE = nocase_trie(_WORDS)
_SCALE_NOCASE = "|".join(map(_nocase_word, _SCALE_NW.split("|")))
_AND_AFTER = "|".join(
    f"(?<={_nocase_word(w)})" for w in ("hundred", "thousand", "million", "billion")
)
# A decimal comma is read only before a scale word: "NOK 1,3 trillion" is 1.3 trillion (1,3
# can be no thousands), where "1,30" alone stays unread.
_DECIMAL_COMMA_SCALES = "|".join(sorted(lx.SCALES, key=len, reverse=True))
# The number read at a located start: a simple fraction, digits (thousands commas, decimals),
# a vulgar fraction, or a run of number words ("forty-five", "one hundred and three").
NUMBER_RE = re.compile(
    rf"""
    (?P<frac>(?:\d{{1,3}}[ ])?\d{{1,2}}/\d{{1,2}}(?![\d/]))
    | (?P<digits>(?P<dcomma>\d{{1,3}},\d{{1,2}}(?=[ \t]?(?:{_DECIMAL_COMMA_SCALES})\b))
        |\d+(?:,\d{{2,3}})*(?:\.\d+)?)
    | (?P<vulgar>[½¼¾⅓⅔⅛])
    | (?P<words>(?:{_nocase_word("half")}\s+{_nocase("a")}\s+(?:{_SCALE_NOCASE})|{_NW_NOCASE})
        (?:(?:[ \t-]+|(?:{_AND_AFTER})\s+{_nocase_word("and")}\s+)
           (?:{_NW_NOCASE}))*\b)
    """,
    re.VERBOSE,
)
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}


_WORD_SPLIT_RE = re.compile(r"[\s-]+")


def parse_number_words(text: str) -> float:
    """Value of spelled-out numbers: "forty-five" -> 45, "half a million" -> 500000."""
    total = current = 0.0
    seen = False
    for word in _WORD_SPLIT_RE.split(text.lower()):
        if word in ("a", "an", "and", ""):
            continue
        seen = True
        if word in lx.SMALL_NUMBERS:
            current += lx.SMALL_NUMBERS[word]
        elif word in lx.TENS:
            current += lx.TENS[word]
        elif word in ("thousand", "million", "billion", "trillion"):
            total += (current or 1.0) * lx.WORD_MULTIPLIERS[word]
            current = 0.0
        elif word in lx.WORD_MULTIPLIERS:
            current = (current or 1.0) * lx.WORD_MULTIPLIERS[word]
        else:
            raise ValueError(f"not a number word: {word!r}")
    if not seen:
        raise ValueError(f"no number words in {text!r}")
    return total + current


def add_glued_start(body: str, start: int, end: int, out: list[int]) -> None:
    """Put start first in out (sorted digit starts of body[start:end]) when a digit opens the
    span: the span's own first character starts a number even when glued to the one before."""
    if start < end and body[start] in DIGIT_FIRSTS and (not out or out[0] != start):
        out.insert(0, start)


def find_number_starts(body: str, start: int, end: int) -> list[int]:
    """Start offsets of numbers in the span, in order; digits glued after a digit, "." or ","
    (the tail of "07.05.2024") do not start one."""
    # The lookbehinds drop glued runs inside the scan (no match object, no Python test per
    # run); the span's own first character starts a number even when glued.
    out = list(map(_START, DIGIT_START_RE.finditer(body, start, end)))
    add_glued_start(body, start, end, out)
    words = [m.start() + 1 for m in WORD_SCAN_RE.finditer(body, max(start - 1, 0), end)]
    if start == 0 and body[:1].isalpha() and WORD_START_RE.match(body):
        words.insert(0, 0)  # a number word opening the text has no separator before it
    if words:
        out = sorted(out + [w for w in words if w >= start])
    return out


def number_value(m: re.Match[str]) -> float | None:
    """Value of a NUMBER_RE match, or None when it only looks like a number ("07", "24/7") or
    is too big for a float (309+ digits read as inf: no figure carries a non-finite value)."""
    value = _number_value(m)
    return value if value is None or math.isfinite(value) else None


def _number_value(m: re.Match[str]) -> float | None:
    text = m.group()
    group = m.lastgroup
    if group == "digits":
        if len(text) > 1 and text[0] == "0" and text[1] != ".":
            return None  # "000" of tokenised "10 , 000", "07" of a date
        if "," in text:
            if m["dcomma"]:
                return float(text.replace(",", "."))
            head, *groups = text.split(".")[0].split(",")
            western = len(head) <= 3 and all(len(g) == 3 for g in groups)
            indian = len(head) <= 2 and len(groups[-1]) == 3  # "12,34,567.89"
            indian = indian and all(len(g) == 2 for g in groups[:-1])
            if not (western or indian):
                return None
        return float(text.replace(",", ""))
    if group == "frac":
        whole, _, frac = text.rpartition(" ")
        num, den = (int(x) for x in frac.split("/"))
        if den not in (2, 3, 4, 8, 16) or num >= den:
            return None  # "24/7", "9/11"
        return (float(whole) if whole else 0.0) + num / den
    if group == "vulgar":
        return _VULGAR[text]
    try:
        return parse_number_words(text)
    except ValueError:
        return None
