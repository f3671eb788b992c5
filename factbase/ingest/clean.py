"""Cleaning: raw article text (scraped page, OCR'd PDF, markdown) -> the one body all offsets index.

Lines are classified, not matched against seed strings: site chrome is dropped (see chrome.py),
OCR damage undone (hard wraps, hyphenation, glued footnote markers), page-bottom footnotes moved
to a notes section at the end, markdown unescaped. The body has paragraphs separated by "\\n\\n",
single spaces inside, no trailing spaces, and is a pure function of the input.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Callable
from operator import itemgetter

from factbase.ingest.chrome import MONTH_PATTERN, TERMINAL, drop_chrome
from factbase.records import Cleaned, Link, Marker

__all__ = ["clean"]


def _words(text: str) -> frozenset[str]:
    """A word table written as one whitespace-separated string."""
    return frozenset(text.split())


log = logging.getLogger(__name__)

# In-band sentinels carry links and markers through joins and splits; the final pass turns them
# into offsets. Input control characters are deleted first, so these never collide with text.
# (\x1c-\x1f would be simpler but str.split()/strip() treat them as whitespace.)
_LINK_OPEN, _LINK_MID, _LINK_CLOSE, _MARK_OPEN, _MARK_CLOSE, _ESC = "\x01\x02\x03\x04\x05\x06"

# ---------------------------------------------------------------- tables (data, not seed strings)

# Word fragments before a line-end hyphen that keep the hyphen when rejoined (socio-\neconomic).
HYPHEN_PREFIXES = _words(
    """
    socio non anti ever post pre multi self well co ex inter intra pro counter cross semi quasi
    mid half all long short high low full far so one two three four five first second third
    twenty thirty forty fifty sixty seventy eighty ninety vice neo geo large small state
    """
)

# A line ending in one of these never ends a heading or a paragraph: the sentence goes on.
CONTINUATION_WORDS = _words(
    """
    a an the of in on at to for from by with and or but nor as that which who whose whom its
    their his her our your my this these those between into onto over under about than is are
    was were be been being has have had will would can could should may might must not no if
    when while because although though whether both either neither each every such very more
    most less also even upon within without through during after before against among towards
    toward via per including like than where what
    """
)

# Short words lower-cased in titles; ignored when deciding whether a "...:" line is title case.
_TITLE_SMALL_WORDS = _words("a an the of in on at to for from by with and or but vs via")

# Fragments before a period that are abbreviations, so a following digit is no footnote marker.
_NUMBERING_ABBREVIATIONS = _words("no nos vol vols p pp fig figs ch art sec para op cit eq ref")

# Units that take a superscript power (km²) rather than a footnote marker.
_POWER_UNITS = ("km", "cm", "mm", "ft", "mi", "in", "m")

# ---------------------------------------------------------------- character and markdown rules

# One pass fixes every odd character: line ends to \n, spaces to " ", invisibles deleted.
_ODD_CHARS = re.compile(
    r"[\r\x0b\x0c\x85\u2028\u2029\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
    r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200d\u2060\ufeff\ufffe\uffff\ud800-\udfff]"
)
# A form feed is a page break: a line start with a leading space, as pdftotext writes it.
_ODD_REPLACEMENT = {"\r": "\n", "\x0b": "\n", "\x0c": "\n ", "\x85": "\n"}
_ODD_REPLACEMENT |= {"\u2028": "\n", "\u2029": "\n", "\t": " ", "\u00a0": " ", "\u1680": " "}
_ODD_REPLACEMENT |= {chr(c): " " for c in [*range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]}
_DELETED = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200d\u2060\ufeff\ufffe\uffff\ud800-\udfff]"
)
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r" {2,}")

_MD_TRIGGER = "\\*_[#>&`"
# Line patterns open with the "\n" before the line (see _sub_lines), not "^" with MULTILINE: the
# engine then jumps from newline to newline instead of trying every position (~10x faster).
_MD_HEADING = re.compile(r"\n\ *\#{1,6}\ +(?P<text>[^\n]*?)(?:\ +\#+)?\ *(?=\n|\Z)", re.VERBOSE)
_MD_HEADING_FLAG = "\x07"  # marks a markdown heading line between _unmarkdown and _split_lines
_MD_QUOTE = re.compile(r"\n\ *(?:>\ ?)+", re.VERBOSE)
_MD_RULE = re.compile(r"\n\ *(?:[-*_]\ *){3,}(?=\n|\Z)", re.VERBOSE)
_MD_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!$>|~<\"'&%=])")
# Link texts hold no "[" and urls no "](", and the runs are possessive: each attempt then stops
# at the next link, so a line of "[a](" or "[[[" costs linear time (it was quadratic: 7 s for
# 32 KB of "[a]("). A url with "](" or a link text with a nested "[" was never a link anyway.
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]*+\]\((?:[^)\n\]]++|\](?!\())*+\)")
_MD_LINK = re.compile(
    r"""\[(?<!\x06\[)(?P<text>[^\[\]\n]*+)\]
        \(\ *<?(?P<url>(?:[^)\s>\]]++|\](?!\())*+)>?(?:\ +(?:"[^"\n]*+"|'[^'\n]*+'))?\ *\)""",
    re.VERBOSE,
)
_MD_REF_LINK = re.compile(r"\[(?<!\x06\[)(?P<text>[^\[\]\n]++)\]\[[^\[\]\n]*+\]")
# The mark comes first and the look-behinds after it, so the regex engine can scan for the mark.
# The text never holds its own mark, so a failed attempt stops at the next mark instead of
# the line end (a line of "**a " was quadratic).
_STRONG = r"""(?P<mark>{})(?<![\w\x06]\*\*)(?<![\w\x06]__)(?=\S)
    (?P<text>(?:(?!(?P=mark))[^\n])+?)(?<=[^\s\x06])(?P=mark)(?!\w)"""
_MD_STRONG = re.compile(_STRONG.format(r"\*\*|__"), re.VERBOSE)
# The text is possessive ("++"): it can only end at the next "*" or "_", so backtracking over it
# (as the lazy "+?" did, char by char to the line end for a lone "_" in a URL) finds nothing more.
_EM = r"""(?P<mark>{})(?<![\w*\x06][*_])(?=[^\s*_])
    (?P<text>[^*_\n]++)(?<=[^\s\x06])(?P=mark)(?![\w*])"""
_MD_EM = re.compile(_EM.format("[*_]"), re.VERBOSE)
# A pattern that opens with a literal is found by a fast scan; one that opens with a choice
# ("[*_]", "**|__") is tried at every position (~10x slower). Each one-mark form matches just
# where the full pattern matches with that mark, so on a text where only one mark has matches
# (most: "_" in URLs never does) it gives the same result.
_MD_STRONG_ONLY = {
    "**": re.compile(_STRONG.format(r"\*\*"), re.VERBOSE),
    "__": re.compile(_STRONG.format("__"), re.VERBOSE),
}
_MD_EM_ONLY = {
    "*": re.compile(_EM.format(r"\*"), re.VERBOSE),
    "_": re.compile(_EM.format("_"), re.VERBOSE),
}
# Substring tests for the passes above: one scan for two needles (a needle of two characters
# or more costs a scan as long as a regex's; a one-character `in` before it costs ~20x less).
_HAS = {
    "\n #": re.compile(r"\n\ ?\#", re.VERBOSE),  # "\n#" or "\n #"
    "\n >": re.compile(r"\n\ ?>", re.VERBOSE),
    "- -": re.compile(r"-(?:--|\ -)", re.VERBOSE),  # "---" or "- -"
    "* *": re.compile(r"\*(?:\*\*|\ \*)", re.VERBOSE),  # "***" or "* *"
}
_MD_CODE = re.compile(r"``*(?P<text>[^`\n]+)`+")  # "``*", not "`+": a literal opening
# Replacements by group: re expands a template such as r"\g<text>" in Python for each match.
_TEXT, _DAY = itemgetter("text"), itemgetter("day")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6});")

# ---------------------------------------------------------------- OCR rules

# Footnote lines: a label, then an author/outlet ("Sheikh, Salman." / "AFP.") or a quoted title.
# The author's words are capitalised, dotted abbreviations ("U.N.", "E.U. Council") or the
# lower-case particles of institution and personal names ("Bank of Ghana", "Instituto da Terra").
_NOTE_NAME_WORD = r"[A-Z\u00C0-\u00DE&][^\s,.]*(?:\.[A-Z\u00C0-\u00DE][^\s,.]*)*"
_NOTE_PARTICLE = (
    r"(?:of|for|and|the|on|de|da|do|dos|das|del|della|di|du|des|van|von|der|den|la|le|y|e|et"
    r"|al|el|bin|ibn|und|für)"
)
_FOOTNOTE_START = re.compile(
    r"""(?P<label>\d{1,3}\.?|\[\d{1,3}\]|[!*?†‡§¶]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\ +
        (?P<rest>(?: (?!&)"""
    + _NOTE_NAME_WORD
    + r"""(?:\ (?:"""
    + _NOTE_NAME_WORD
    + "|"
    + _NOTE_PARTICLE
    + r""")){0,5}[,.]\x20
                   | [“"‘] | Ibid\b | Op\.?\ cit\b ).*)""",
    re.VERBOSE,
)
# After a note, a line opening with the next note's number and holding a citation sign is a note
# whatever its first words are (a numbered block at a page's foot or the text's end).
_NEXT_NOTE_START = re.compile(r"(?P<label>\d{1,3})\.?\ +\S")
# What a _FOOTNOTE_START line (or a _NUMBERED_LINE "1)") opens with, found at the line starts of
# the whole text at once (a line's text starts after its spaces and a heading flag; see
# _split_lines).
_FOOTNOTE_HINT = re.compile(
    r"""\n\ *(?:\x07\ *)?(?:\d{1,3}[.)]?|\[\d{1,3}\]|[!*?†‡§¶]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\ +
        [A-Z\u00C0-\u00DE“"‘]""",
    re.VERBOSE,
)
# A heading that opens a notes section: every numbered line under it is a note, whatever it holds.
_NOTES_HEADING = re.compile(
    r"(?i:(?:end|foot)?notes|references|sources|notes\ and\ references)\ *:?"
)
# A numbered line: "n", "n.", "n)" or "[n]", then text that is no date's rest ("11 February 2023."
# carries a note on) nor a number's ("12 000 tonnes").
_NUMBERED_LINE = re.compile(
    r"(?P<label>\d{1,3}[.)]?|\[\d{1,3}\])\ +(?!\d|(?i:" + MONTH_PATTERN + r")(?![A-Za-z]))\S"
)
# Notes ending a text with no heading: at least this many lines numbered 1, 2, 3...
NOTES_RUN_MIN = 3
_CITATION_SIGN = re.compile(r"https?://|www\.|“[^”]{3,}”|\"[^\"]{3,}\"|\bIbid\b|\bcit\.|\bp\.\ ?\d")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_URL_BROKEN_END = re.compile(r"(?:https?://|www\.)\S*[-/_=&?%#~]$")
# A URL broken after a "." inside its host ("https://www.agency.") and the space-free line that
# carries it on ("gov.xx/data/report"): a host or path, not a word ending a sentence.
_URL_HOST_BROKEN_END = re.compile(r"(?:https?://|www\.)[^\s/]*\.$")
_URL_TAIL = re.compile(r"[a-z0-9][\w-]*(?:\.[\w-]+)*(?:[/?#]\S*)?")

# Footnote markers glued to punctuation: "prejudice.!", "months.3", "years.*", "1980s.”6",
# "(IFAD).4": a closing bracket or quote may stand before the punctuation too.
# Anchored on the punctuation (not the word) so the scan stays linear; the word is checked after.
# A digit label after a digit ("3.5", "1,000") is a number: the look-behinds reject it here, as
# _marker_after_punct would, without a call per number. The look-ahead (a label follows) comes
# first: most punctuation is followed by a space, and the attempt then fails at once.
_MARKER_AFTER_PUNCT = re.compile(
    r"""(?P<punct>[.,;:!?])(?=[”"’)\]]?[\d*†‡§!?])(?:(?<=[^\W_][.,;:!?])
        |(?<=[^\W_][”"’)\]][.,;:!?]))(?P<close>[”"’)\]]?)
        (?P<label>(?<!\d[.,;:!?])(?<!\d[.,;:!?][”"’)\]])\d{1,3}|[*†‡§!?])(?=(?P<space>\ )|$)""",
    re.VERBOSE | re.MULTILINE,
)
_LAST_WORD = re.compile(r"[^\W\d_]+$")
# ... or glued to a lower-case word at a line end in OCR text: "conflict2", "conflict2.", or to
# a capitalised one ("Kumasi3.") when the notes hold that label (else it is a name: "Su27").
_MARKER_AFTER_WORD = re.compile(
    r"(?<![\w-])(?P<word>[a-z]{3,}|[A-Z][a-z]{2,})(?P<label>\d{1,2})(?=[.,;:]?$)"
)
# ... or after a year's full stop in OCR text, before a new sentence or the line's end: "in
# 2022.5 China ...". A decimal with a year's digits after "in", "since" and the like, followed
# by a capitalised word, is a year and a marker (a decimal would be followed by its unit).
_MARKER_AFTER_YEAR = re.compile(
    r"\b(?P<year>(?:[Ii]n|[Ss]ince|by|during|until|of|year|(?i:" + MONTH_PATTERN + r"))\ "
    r"(?:19|20)\d\d)\.(?P<label>\d{1,2})(?=\ +[A-Z][a-z]|\ +[“\"]|$)"
)
# Whether a text holds a year's digits with a digit glued after its full stop at all: one scan of
# the text spares _MARKER_AFTER_YEAR a search of every line (~0.1 ms per article). The search
# opens on the full stop, a literal the regex engine skips to ("(?:19|20)" first made it try
# every position: 0.026 ms per article, as long as the rest of that test's savings).
_YEAR_DOT_DIGIT = re.compile(r"\.(?<=(?:19|20)\d\d\.)\d")
SUPERSCRIPT_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUPERSCRIPT = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# A closing quote after a sentence with no opening quote is an OCR'd superscript: 1980s.”
_CLOSE_QUOTE_AFTER_STOP = re.compile(r"(?<=[^\W\d_][.!?])”(?=\ |$)")
# OCR'd ordinal superscripts: 29" February -> 29 February.
_ORDINAL_GLYPH = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})[\"”](?=\ " + MONTH_PATTERN + r"\b)", re.IGNORECASE
)
_EDGE_PIPE = re.compile(r"^\|\ +|\ +\|$")

_CLOSERS = "”\"’')]»"
_CLOSERS_OR_SENTINELS = _CLOSERS + "\x03\x05"
_NOT_HEADING_LAST = ".!?…,;" + _CLOSERS  # a line ending so is no heading (nor is "")
_SENTINEL = re.compile(r"\x01(?P<url>[^\x02]*)\x02|\x03|\x04(?P<label>[^\x05]*)\x05")

# Tuned on the seeds: OCR lines wrap at ~85-90 characters; a non-final line at least this
# share of the typical width is a wrapped line, not a heading, even before a blank line.
WRAPPED_LINE_SHARE = 0.65
# A document is hard-wrapped when this many lines (and this share) run on without punctuation.
WRAPPED_MIN_LINES = 3
WRAPPED_MIN_SHARE = 0.25
HEADING_MAX_WORDS = 14


class _Line:
    """One source line on its way into a paragraph."""

    __slots__ = ("bullet", "heading", "page_start", "text")

    def __init__(self, text: str, page_start: bool) -> None:
        self.text = text
        self.page_start = page_start
        self.bullet = False
        self.heading = False  # a markdown heading


class _Para:
    __slots__ = ("bullet", "heading", "last", "lines", "text")

    def __init__(self, line: _Line) -> None:
        self.text = line.text
        self.last = line.text  # the last line joined, for end-of-line tests
        self.lines = 1
        self.bullet = line.bullet
        self.heading = line.heading


# Markdown front matter: "---" lines around "key: value" lines at the very top. It is metadata
# (header.py reads it from the raw text), never body text or claims.
_FRONT_MATTER = re.compile(
    r"\A\s*---[ \t]*\n(?:[A-Za-z_][\w-]*[ \t]*:[^\n]*\n|[ \t]+[^\n]*\n){1,40}---[ \t]*(?:\n|\Z)"
)


def clean(raw: str) -> Cleaned:
    """Turn one raw article into the cleaned body plus markers, notes, headings and links."""
    text = _normalise(raw)
    if text.startswith(("---", " ", "\n")) and (front := _FRONT_MATTER.match(text)) is not None:
        text = text[front.end() :]
    text = _unmarkdown(text)
    text = _MARKER_AFTER_PUNCT.sub(_marker_after_punct, text)
    # Ten substring tests run at ~700 MB/s; the regex over a wide character class at ~120.
    if not text.isascii() and any(ch in text for ch in SUPERSCRIPT_DIGITS):
        text = _SUPERSCRIPT.sub(_superscript, text)
    lines = _split_lines(text)
    notes: list[str] = []
    if _FOOTNOTE_HINT.search("\n" + text):  # most texts hold no line that opens as a footnote
        lines, notes = _lift_footnotes(lines)
    lines = drop_chrome(lines, _plain if "\x01" in text or "\x04" in text else None)
    wrapped = _lift_markers(lines, text, notes)
    paras = _join_paragraphs(lines, wrapped)
    paras = _mark_headings(paras, wrapped)
    return _assemble(paras, notes)


# ---------------------------------------------------------------- stage 1: characters and lines


def _normalise(raw: str) -> str:
    """Line ends to \n, odd spaces to " ", invisible and control characters deleted, NFC."""
    text = raw.replace("\r\n", "\n") if "\r" in raw else raw
    # Every odd character is unprintable, and str.isprintable scans faster than the regex.
    if not text.replace("\n", " ").isprintable():
        text = _ODD_CHARS.sub(_odd_replacement, text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _odd_replacement(m: re.Match[str]) -> str:
    return _ODD_REPLACEMENT.get(m[0], "")


def _split_lines(text: str) -> list[_Line]:
    # (No whole-text test for "  ": a two-character needle costs a scan as long as a regex's,
    # more than the test on each line.)
    flags = _MD_HEADING_FLAG in text
    # Blank lines share one object: nothing reads or sets more than their (empty) text.
    blank = _Line("", False)
    out = []
    for raw_line in text.split("\n"):
        line = raw_line.strip(" ")
        if not line:
            out.append(blank)
            continue
        if "  " in line:
            line = _SPACE_RUN.sub(" ", line)
        item = _Line(line, raw_line[0] == " ")  # a leading space marks a page start
        if flags and line[0] == _MD_HEADING_FLAG:
            item.text, item.heading = line[1:].strip(" "), True
        out.append(item)
    return out


def _unmarkdown(text: str) -> str:
    """Markdown to plain text: links become sentinels, headings get a flag character."""
    if not any(ch in text for ch in _MD_TRIGGER):
        return text
    if "&" in text:  # first: the deletions below would eat the sentinels added later
        text = _ENTITY.sub(lambda m: html.unescape(m[0]), text)
        text = _DELETED.sub("", _SPACES.sub(" ", text))
    if "#" in text and (text.startswith(("#", " #")) or _HAS["\n #"].search(text)):
        text = _sub_lines(_MD_HEADING, _heading_flag, text)
    if ">" in text and (text.startswith((">", " >")) or _HAS["\n >"].search(text)):
        text = _sub_lines(_MD_QUOTE, "\n", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(lambda m: _ESC + m["char"], text)
    if (
        ("-" in text and _HAS["- -"].search(text))
        or ("*" in text and _HAS["* *"].search(text))
        or ("_" in text and "___" in text)
    ):
        text = _sub_lines(_MD_RULE, "\n", text)
    if "[" in text:
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(_link_sentinel, text)
        text = _MD_REF_LINK.sub(_TEXT, text)
    if "`" in text:
        text = _MD_CODE.sub(_TEXT, text)
    text = _unemphasise(text, _MD_STRONG, _MD_STRONG_ONLY)
    text = _unemphasise(text, _MD_EM, _MD_EM_ONLY)
    return text.replace(_ESC, "")


def _unemphasise(text: str, full: re.Pattern[str], only: dict[str, re.Pattern[str]]) -> str:
    """full.sub(_TEXT, text), with a one-mark form when only that mark has matches."""
    found = [rx for mark, rx in only.items() if mark[0] in text and rx.search(text)]
    if not found:
        return text
    return (found[0] if len(found) == 1 else full).sub(_TEXT, text)


def _heading_flag(m: re.Match[str]) -> str:
    return f"\n{_MD_HEADING_FLAG}{m['text']}"


def _sub_lines(
    pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], text: str
) -> str:
    """Substitute a line pattern that opens with "\n" on every line, the first one included."""
    return pattern.sub(repl, "\n" + text)[1:]


def _link_sentinel(m: re.Match[str]) -> str:
    text, url = m["text"].strip(" "), m["url"].replace(_ESC, "")
    if not text:
        return ""
    if not url or url.startswith("#"):
        return text
    return f"{_LINK_OPEN}{url}{_LINK_MID}{text}{_LINK_CLOSE}"


def _plain(text: str) -> str:
    """The text without sentinels (link text kept), for classifying a line."""
    if "\x01" in text or "\x04" in text:
        return _SENTINEL.sub("", text).strip(" ")
    return text


# ---------------------------------------------------------------- stage 2: footnotes


def _lift_footnotes(lines: list[_Line]) -> tuple[list[_Line], list[str]]:
    """Move page-bottom footnote blocks out of the running text; return (lines, note lines)."""
    notes: list[str] = []
    # Many texts hold no footnote line: look for the first before copying lines.
    i = next(
        (
            i
            for i, line in enumerate(lines)
            if line.text and not line.text[0].isalpha() and _FOOTNOTE_START.fullmatch(line.text)
        ),
        -1,
    )
    n = len(lines)
    zone, zone_end = _notes_zone(lines)  # where a numbered line is a note whatever it holds
    if i < 0 or i > zone:
        i = zone
    if i >= n:
        return lines, notes
    kept = lines[:i]
    number: int | None = None  # the last note's number while only blank lines follow it
    while i < n:
        line = lines[i]
        text = line.text
        m = _FOOTNOTE_START.fullmatch(text) if text and not text[0].isalpha() else None
        if m is None and number is not None and text[:1].isdigit() and not line.page_start:
            m = _NEXT_NOTE_START.match(text)
            if m is not None and int(m["label"]) != number + 1:
                m = None
        if zone <= i < zone_end and text and not text[0].isalpha():
            z = _NUMBERED_LINE.match(text)
            if z is not None and (number is None or _label_number(z) > number):
                m = z
        if m is None:
            kept.append(line)
            if text:
                number = None
            i += 1
            continue
        note, j = _plain(text), i + 1
        label = m["label"].strip("[].)")
        while j < n:
            nxt = lines[j]
            if not nxt.text or nxt.page_start or _FOOTNOTE_START.fullmatch(nxt.text):
                break
            if label.isdecimal() and nxt.text[0] in "0123456789[":  # the next note's number
                z = _NUMBERED_LINE.match(nxt.text)
                if z is not None and _label_number(z) == int(label) + 1:
                    break
            has_url = _URL.search(note) is not None
            if " " not in nxt.text and (
                _URL_BROKEN_END.search(note)
                or (
                    note[-1] == "."
                    and _URL_HOST_BROKEN_END.search(note)
                    and _URL_TAIL.fullmatch(nxt.text)
                )
            ):
                note += _plain(nxt.text)  # a URL broken across lines joins without a space
            elif not has_url or _URL.match(nxt.text):
                note += " " + _plain(nxt.text)
            else:
                break
            j += 1
        if not zone <= i < zone_end and not _CITATION_SIGN.search(note):
            kept.append(line)
            number = None
            i += 1
            continue
        notes.append(note)
        number = int(label) if label.isdecimal() else None if number is None else number + 1
        i = j
    return kept, notes


def _label_number(m: re.Match[str]) -> int:
    return int(m["label"].strip("[].)"))


def _notes_zone(lines: list[_Line]) -> tuple[int, int]:
    """The lines where numbered lines are notes whatever they hold ((n, n) if none): under the
    last "Notes"/"References"-like heading with a numbered line next, up to an unnumbered line
    after a blank one; or a run of lines numbered 1, 2, 3... (NOTES_RUN_MIN at least, one with
    a citation sign) that ends the text."""
    n = len(lines)
    for k in range(n - 2, -1, -1):
        text = lines[k].text
        if 5 <= len(text) <= 24 and text[0] in "NnRrEeFfSs" and _NOTES_HEADING.fullmatch(text):
            j = k + 1  # (a walk, not a slice: a run of headings would cost a copy each)
            while j < n and not lines[j].text:
                j += 1
            after = lines[j].text if j < n else ""
            if after[:1] in "0123456789[" and _NUMBERED_LINE.match(after):
                end = j
                while end < n and (
                    not (t := lines[end].text) or lines[end - 1].text or t[0] in "0123456789["
                ):
                    end += 1  # a blank line, a line carrying a note on, or a numbered line
                return k + 1, end
    # A run ending the text, read backwards: each numbered line the one before the next, the
    # unnumbered lines carrying a note on with no blank line above them.
    expected: int | None = None  # the label the next numbered line up must have
    carried = False  # unnumbered lines seen since the last numbered line
    count = 0
    k = n - 1
    while k >= 0:
        text = lines[k].text
        if not text:
            if carried:
                return n, n
            k -= 1
            continue
        z = _NUMBERED_LINE.match(text) if text[0] in "0123456789[" else None
        if z is not None and (expected is None or _label_number(z) == expected):
            count += 1
            carried = False
            expected = _label_number(z) - 1
            if expected == 0:
                break
        else:
            carried = True
        k -= 1
    if k < 0 or count < NOTES_RUN_MIN:
        return n, n
    if not any(_CITATION_SIGN.search(line.text) for line in lines[k:]):
        return n, n
    return k, n


# ---------------------------------------------------------------- stage 4: markers and bullets


def _marker_after_punct(m: re.Match[str]) -> str:
    punct, close, label = m["punct"], m["close"], m["label"]
    keep = m[0]
    if label in "!?" and (punct != "." or close):
        return keep  # "?!" is punctuation; only ".!" / ".?" are OCR'd markers
    if label[0].isdigit() and m.string[m.start() - 1].isdigit():
        return keep  # "3.5", "1,000": a number, not "2028.*"
    word = _LAST_WORD.search(m.string, max(0, m.start() - 12), m.start())
    if punct == "." and word is not None and word[0].lower() in _NUMBERING_ABBREVIATIONS:
        return keep  # "No.3", "p.12"
    if m["space"] is not None:
        nxt_at = m.end() + 1
        nxt = m.string[nxt_at : nxt_at + 1]
        if not (nxt.isupper() or nxt in '“"‘(' or punct in ",;:"):
            return keep
    return f"{punct}{close}{_MARK_OPEN}{label}{_MARK_CLOSE}"


def _superscript(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - 3) : m.start()]
    if not before or before[-1] == " " or before.endswith(_POWER_UNITS):
        return m[0]
    return f"{_MARK_OPEN}{m[0]}{_MARK_CLOSE}"


def _core(text: str) -> str:
    """The text with trailing marker/link-close sentinels removed, for end-of-line tests."""
    while text and text[-1] in "\x03\x05":
        text = text[:-1] if text[-1] == "\x03" else text[: text.rfind("\x04")]
    return text


def _ends_sentence(text: str) -> bool:
    last = text[-1:]
    if last not in _CLOSERS_OR_SENTINELS:  # (also "", which is in every string)
        return last in TERMINAL
    core = _core(text).rstrip(_CLOSERS)
    return bool(core) and core[-1] in TERMINAL


def _lift_markers(lines: list[_Line], whole: str, notes: list[str]) -> bool:
    """Decide whether the text is hard-wrapped (OCR); if so lift its OCR-only marker forms.

    ``whole``: the lines' text in one string; ``notes``: the notes lifted, whose labels a marker
    glued to a capitalised word must name.
    """
    pipes = "|" in whole  # (else no line has one to strip at its edges)
    labels: set[str] = set()

    def after_word(m: re.Match[str]) -> str:
        if m["word"][0].isupper() and m["label"] not in labels:
            return m[0]
        return f"{m['word']}{_MARK_OPEN}{m['label']}{_MARK_CLOSE}"

    run_on = total = 0
    prev = ""  # the text of the line before, if it has text and is no heading
    for line in lines:
        text = line.text
        if pipes and text and (text[0] == "|" or text[-1] == "|"):
            line.text = text = _EDGE_PIPE.sub("", text)
        if prev:  # a line with text before another line: does it run on into this one?
            total += 1
            # (_ends_sentence, without the call for a line that ends in no closer or sentinel)
            end = prev[-1]
            if (
                text
                and len(prev) >= 25
                and not (
                    end in TERMINAL if end not in _CLOSERS_OR_SENTINELS else _ends_sentence(prev)
                )
            ):
                run_on += 1
        prev = "" if line.heading else text
    wrapped = run_on >= WRAPPED_MIN_LINES and run_on >= WRAPPED_MIN_SHARE * total
    if wrapped:
        labels.update(n.split(" ", 1)[0].strip("[].)") for n in notes)
        years = _YEAR_DOT_DIGIT.search(whole) is not None
        for line in lines:
            if line.text and (line.text[-1].isdigit() or line.text[-2:-1].isdigit()):
                line.text = _MARKER_AFTER_WORD.sub(after_word, line.text)
            if years and "." in line.text:
                line.text = _MARKER_AFTER_YEAR.sub(
                    lambda m: f"{m['year']}.{_MARK_OPEN}{m['label']}{_MARK_CLOSE}", line.text
                )
            if '"' in line.text or "”" in line.text:
                line.text = _ORDINAL_GLYPH.sub(_DAY, line.text)
    return wrapped


# ---------------------------------------------------------------- stage 5: paragraphs


def _tokens(text: str) -> list[str]:
    return text.split(" ")


def _is_heading_like(plain: str) -> bool:
    """Short, unpunctuated, capitalised: a section heading or a title, not a sentence."""
    if not plain or len(plain) > 150:
        return False
    last = plain[-1]
    if last in ".!?…,;" or last in _CLOSERS:
        return False
    first = plain[0]
    if not (first.isupper() or first.isdigit() or first in "“\"‘'"):
        return False
    words = _tokens(plain)
    if len(words) > HEADING_MAX_WORDS or words[-1].lower() in CONTINUATION_WORDS:
        return False
    if last == ":" and len(words) > 3:
        long_words = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
        capitalised = sum(1 for w in long_words if w[:1].isupper())
        return 2 * capitalised >= len(long_words)
    return True


def _join(a: str, b: str) -> str:
    """Join a wrapped line onto the paragraph so far, undoing line-end hyphenation."""
    core = _core(a) if a[-1:] in "\x03\x05" else a
    hyphen = len(core) >= 2 and core[-1] == "-" and core[-2].isalpha() and b[:1].isalpha()
    if hyphen and core is a:  # (a marker after the hyphen would be odd: leave it as a dash)
        fragment = core[:-1].rsplit(" ", 1)[-1].rsplit("-", 1)[-1].lower()
        if b[0].isupper() or fragment in HYPHEN_PREFIXES:
            return a + b
        return a[:-1] + b
    if core and core[-1] in "–—" and len(core) >= 2 and core[-2] != " ":
        return a + b
    return f"{a} {b}"


def _join_paragraphs(lines: list[_Line], wrapped: bool) -> list[_Para]:
    width = 0  # the typical line width: only wrapped text needs it (see _continues)
    if wrapped:
        widths = sorted([len(line.text) for line in lines if line.text])
        width = widths[(len(widths) * 3) // 4] if widths else 0
    paras: list[_Para] = []
    cur: _Para | None = None
    blank = False
    for line in lines:
        if not line.text:
            blank = True
            continue
        if cur is not None and _continues(cur, line, blank, wrapped, width):
            cur.text = _join(cur.text, line.text)
            cur.last = line.text
            cur.lines += 1
        else:
            cur = _Para(line)
            paras.append(cur)
        blank = False
    return paras


def _continues(a: _Para, b: _Line, blank: bool, wrapped: bool, width: int) -> bool:
    """Does line b carry on paragraph a (hard wraps, page breaks, lifted footnotes between)?"""
    if b.bullet or b.heading or a.heading:
        return False
    first = b.text[0]
    if first.islower():
        return True
    last = a.last
    end = last[-1]
    core = _core(last) if end in "\x03\x05" else last
    if core.endswith("-") and len(core) >= 2 and core[-2].isalpha() and first.isalpha():
        return True
    # (_ends_sentence, without the call for a line that ends in no closer or sentinel)
    if end in TERMINAL if end not in _CLOSERS_OR_SENTINELS else _ends_sentence(last):
        # Inside an OCR paragraph lines end at sentence ends too; a blank line or a heading
        # on either side is what ends the paragraph.
        if not wrapped or blank:
            return False
        plain_b = _plain(b.text)
        short_b = len(plain_b) < WRAPPED_LINE_SHARE * width
        return not (short_b and _is_heading_like(plain_b))
    plain_a = _plain(last)
    if " | " in plain_a:
        return False  # fields of a masthead or byline ("Centre X | Paper No. 4 | June 6, 2023")
    last_word = plain_a.rsplit(" ", 1)[-1].lower()
    if last_word in CONTINUATION_WORDS:
        return True
    if not wrapped:
        return False
    if len(plain_a) >= WRAPPED_LINE_SHARE * width:
        return True  # also a wrapped bullet heading: "o Efforts ... Warring Afghan" + "Parties:"
    if blank:
        # A wrapped paragraph stopped mid-sentence ("... and roughly" / "" / "60% of ..."): it
        # ends in a lower-case word, where a title wrapped over lines ends in a capitalised one.
        return (
            (first.isdigit() or first in _CURRENCY_FIRST)
            and a.lines > 1
            and plain_a.rsplit(" ", 1)[-1][:1].islower()
            and not _is_heading_like(_plain(a.text))
        )
    if a.lines > 1 or not _is_heading_like(plain_a):
        return True
    return _wrapped_clause(plain_a, _plain(b.text))


# Signs a figure opens with, carrying a sentence on after a blank line like a digit does.
_CURRENCY_FIRST = "$€£¥₹"

# A first line with this many lowercase content words reads as a sentence, not a heading.
CLAUSE_MIN_LOWER_WORDS = 2
_POSSESSIVE_END = ("'s", "’s", "s'", "s’")


def _wrapped_clause(plain_a: str, plain_b: str) -> bool:
    """Is a short, heading-like first line the start of a sentence wrapped in a narrow column?

    Text wrapped narrower than the document's usual width (a sidebar, a second column, a
    quoted passage) has first lines short enough to pass for headings: "Uzbekistan exported
    goods worth" over "$1,380m to France in 2020.". Such a line is about as long as the line
    under it, and reads as a clause: it ends in a possessive ("the cost of Iran's") or carries
    lowercase content words where a heading is in title case ("Economic Ties with China"). A
    sentence-case heading directly above its paragraph stays one when shorter than the line
    under it.
    """
    if ":" in plain_a or len(plain_a) < WRAPPED_LINE_SHARE * len(plain_b):
        return False
    words = plain_a.split(" ")
    if words[-1].endswith(_POSSESSIVE_END):
        return True
    lower = [w for w in words[1:] if w[:1].islower() and w not in CONTINUATION_WORDS]
    return len(lower) >= CLAUSE_MIN_LOWER_WORDS


def _mark_headings(paras: list[_Para], wrapped: bool) -> list[_Para]:
    """Flag headings; drop lead-zone menu labels and trailing headings with nothing under them."""
    for i, p in enumerate(paras):
        if p.heading:
            continue
        text = p.text
        if wrapped and "”" in text:
            p.text = text = _lift_unbalanced_quotes(text)
        plain = _plain(text) if "\x01" in text or "\x04" in text else text
        if plain[-1:] in _NOT_HEADING_LAST:  # (_is_heading_like's first test, without a call)
            p.heading = plain[-1:] == "?" and _is_question_heading(p, plain, paras[i + 1 : i + 2])
        elif p.bullet:
            p.heading = plain.endswith(":") and _is_heading_like(plain)
        else:
            p.heading = _is_heading_like(plain)
    body_at = next(
        (
            i
            for i, p in enumerate(paras)
            if not p.heading and p.text.count(" ") >= 7 and _ends_sentence(p.text)
        ),
        0,  # no body paragraph: nothing to tell a lead zone by
    )
    lead = [i for i in range(body_at) if paras[i].heading]
    title = lead[-1] if lead else -1
    drop = {i for i in lead if i != title and _plain(paras[i].text).count(" ") < 3}
    # Short non-headings before the body (labels, site names) are chrome too.
    drop.update(
        i
        for i in range(body_at)
        if not paras[i].heading
        and _plain(paras[i].text).count(" ") < 3
        and not _ends_sentence(paras[i].text)
    )
    last_body = len(paras) - 1
    while last_body >= 0 and paras[last_body].heading:
        last_body -= 1
    drop.update(range(last_body + 1, len(paras)))
    if not drop:
        return paras
    return [p for i, p in enumerate(paras) if i not in drop]


# A question heading ("Who pays for the new port?") has at most this many words.
QUESTION_HEADING_MAX_WORDS = 10
_QUOTE_CHARS = frozenset('“”"‘’«»')


def _is_question_heading(p: _Para, plain: str, after: list[_Para]) -> bool:
    """Is a paragraph ending in "?" a section heading: one short capitalised line, one sentence,
    no quotation, with a prose paragraph under it? (A question inside prose shares its paragraph
    with other sentences or is quoted.)"""
    if p.lines > 1 or p.bullet or not after or not plain[0].isupper():
        return False
    if plain.count(" ") >= QUESTION_HEADING_MAX_WORDS or "? " in plain or ". " in plain:
        return False
    if not _QUOTE_CHARS.isdisjoint(plain):
        return False
    body = after[0].text
    return body.count(" ") >= 7 and _ends_sentence(body)


def _lift_unbalanced_quotes(text: str) -> str:
    """Lift each `.”` that closes no open quote (an OCR'd superscript marker)."""
    out: list[str] = []
    depth, at = 0, 0
    for m in re.finditer(r"[“”]", text):
        if m[0] == "“":
            depth += 1
        elif depth > 0:
            depth -= 1
        elif _CLOSE_QUOTE_AFTER_STOP.match(text, m.start()):
            out.append(text[at : m.start()])
            out.append(f"{_MARK_OPEN}”{_MARK_CLOSE}")
            at = m.end()
    out.append(text[at:])
    return "".join(out)


# ---------------------------------------------------------------- stage 6: the body


def _resolve(text: str, base: int) -> tuple[str, list[Marker], list[Link]]:
    """Strip sentinels from one paragraph, turning them into markers and links at body offsets."""
    if "\x01" not in text and "\x04" not in text and "\x03" not in text:
        return text, [], []
    parts: list[str] = []
    markers: list[Marker] = []
    links: list[Link] = []
    pos, at = 0, 0
    open_url: str | None = None
    open_at = 0
    for m in _SENTINEL.finditer(text):
        chunk = text[at : m.start()]
        parts.append(chunk)
        pos += len(chunk)
        at = m.end()
        if m["url"] is not None:
            open_url, open_at = m["url"], pos
        elif m["label"] is not None:
            markers.append(Marker(base + pos, m["label"]))
        elif open_url is not None:
            if pos > open_at:
                links.append(Link(base + open_at, base + pos, open_url))
            open_url = None
    parts.append(text[at:])
    out = "".join(parts)
    if "  " in out or out.startswith(" ") or out.endswith(" "):
        out, markers, links = _squeeze(out, base, markers, links)
    return out, markers, links


def _squeeze(
    text: str, base: int, markers: list[Marker], links: list[Link]
) -> tuple[str, list[Marker], list[Link]]:
    """Collapse spaces left where sentinels were, remapping offsets (rare path)."""
    new_at = [0] * (len(text) + 1)
    kept: list[str] = []
    for i, ch in enumerate(text):
        new_at[i] = len(kept)
        if ch == " " and (not kept or kept[-1] == " "):
            continue
        kept.append(ch)
    new_at[len(text)] = len(kept)
    while kept and kept[-1] == " ":
        kept.pop()
    size = len(kept)

    def move(p: int) -> int:
        return base + min(new_at[p - base], size)

    return (
        "".join(kept),
        [Marker(move(mk.pos), mk.label) for mk in markers],
        [
            Link(move(lk.start), move(lk.end), lk.url)
            for lk in links
            if move(lk.end) > move(lk.start)
        ],
    )


def _assemble(paras: list[_Para], notes: list[str]) -> Cleaned:
    parts: list[str] = []
    markers: list[Marker] = []
    links: list[Link] = []
    headings: list[tuple[int, int]] = []
    pos = 0
    for p in paras:
        text = p.text
        sentinels = "\x01" in text or "\x04" in text or "\x03" in text
        if sentinels:
            text, mks, lks = _resolve(text, pos + (2 if parts else 0))
            if not text:
                continue
            markers.extend(mks)
            links.extend(lks)
        elif not text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        if p.heading:
            headings.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    notes_start = -1
    if notes:
        if parts:
            parts.append("\n\n")
            pos += 2
        notes_start = pos
        parts.append("\n".join(_plain(n) for n in notes))
    return Cleaned(
        body="".join(parts),
        markers=tuple(markers),
        notes_start=notes_start,
        headings=tuple(headings),
        links=tuple(links),
    )
