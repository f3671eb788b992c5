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
from itertools import pairwise

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

_MD_TRIGGER = re.compile(r"[\\*_\[#>&`]")
_MD_HEADING = re.compile(
    r"^\ *\#{1,6}\ +(?P<text>[^\n]*?)(?:\ +\#+)?\ *$", re.VERBOSE | re.MULTILINE
)
_MD_HEADING_FLAG = "\x07"  # marks a markdown heading line between _unmarkdown and _split_lines
_MD_QUOTE = re.compile(r"^\ *(?:>\ ?)+", re.VERBOSE | re.MULTILINE)
_MD_RULE = re.compile(r"^\ *(?:[-*_]\ *){3,}$", re.VERBOSE | re.MULTILINE)
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
_MD_STRONG = re.compile(
    r"""(?P<mark>\*\*|__)(?<![\w\x06]\*\*)(?<![\w\x06]__)(?=\S)
        (?P<text>(?:(?!(?P=mark))[^\n])+?)(?<=[^\s\x06])(?P=mark)(?!\w)""",
    re.VERBOSE,
)
# The text is possessive ("++"): it can only end at the next "*" or "_", so backtracking over it
# (as the lazy "+?" did, char by char to the line end for a lone "_" in a URL) finds nothing more.
_MD_EM = re.compile(
    r"""(?P<mark>[*_])(?<![\w*\x06][*_])(?=[^\s*_])
        (?P<text>[^*_\n]++)(?<=[^\s\x06])(?P=mark)(?![\w*])""",
    re.VERBOSE,
)
_MD_CODE = re.compile(r"`+(?P<text>[^`\n]+)`+")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6});")

# ---------------------------------------------------------------- OCR rules

# Footnote lines: a label, then an author/outlet ("Sheikh, Salman." / "AFP.") or a quoted title.
_FOOTNOTE_START = re.compile(
    r"""(?P<label>\d{1,3}\.?|\[\d{1,3}\]|[!*?†‡§¶]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\ +
        (?P<rest>(?: [A-Z\u00C0-\u00DE][^\s,.]*(?:\ [A-Z\u00C0-\u00DE&][^\s,.]*){0,3}[,.]\x20
                   | [“"‘] | Ibid\b | Op\.?\ cit\b ).*)""",
    re.VERBOSE,
)
_CITATION_SIGN = re.compile(r"https?://|www\.|“[^”]{3,}”|\"[^\"]{3,}\"|\bIbid\b|\bcit\.|\bp\.\ ?\d")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_URL_BROKEN_END = re.compile(r"(?:https?://|www\.)\S*[-/_=&?%#~]$")

# Footnote markers glued to punctuation: "prejudice.!", "months.3", "years.*", "1980s.”6".
# Anchored on the punctuation (not the word) so the scan stays linear; the word is checked after.
_MARKER_AFTER_PUNCT = re.compile(
    r"""(?P<punct>[.,;:!?])(?<=[^\W_][.,;:!?])(?P<close>[”"’)\]]?)
        (?P<label>\d{1,3}|[*†‡§!?])(?=(?P<space>\ )|$)""",
    re.VERBOSE | re.MULTILINE,
)
_LAST_WORD = re.compile(r"[^\W\d_]+$")
# ... or glued to a lower-case word at a line end in OCR text: "conflict2", "conflict2."
_MARKER_AFTER_WORD = re.compile(r"(?<![\w-])(?P<word>[a-z]{3,})(?P<label>\d{1,2})(?=[.,;:]?$)")
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


def clean(raw: str) -> Cleaned:
    """Turn one raw article into the cleaned body plus markers, notes, headings and links."""
    text = _unmarkdown(_normalise(raw))
    text = _MARKER_AFTER_PUNCT.sub(_marker_after_punct, text)
    # Ten substring tests run at ~700 MB/s; the regex over a wide character class at ~120.
    if not text.isascii() and any(ch in text for ch in SUPERSCRIPT_DIGITS):
        text = _SUPERSCRIPT.sub(_superscript, text)
    lines, notes = _lift_footnotes(_split_lines(text))
    lines = drop_chrome(lines, _plain)
    wrapped = _lift_markers(lines)
    paras = _join_paragraphs(lines, wrapped)
    paras = _mark_headings(paras, wrapped)
    return _assemble(paras, notes)


# ---------------------------------------------------------------- stage 1: characters and lines


def _normalise(raw: str) -> str:
    """Line ends to \n, odd spaces to " ", invisible and control characters deleted, NFC."""
    text = raw.replace("\r\n", "\n") if "\r" in raw else raw
    text = _ODD_CHARS.sub(lambda m: _ODD_REPLACEMENT.get(m[0], ""), text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _split_lines(text: str) -> list[_Line]:
    out = []
    for raw_line in text.split("\n"):
        line = raw_line.strip(" ")
        if "  " in line:
            line = _SPACE_RUN.sub(" ", line)
        item = _Line(line, raw_line[:1] == " ")  # a leading space marks a page start
        if line.startswith(_MD_HEADING_FLAG):
            item.text, item.heading = line[1:].strip(" "), True
        out.append(item)
    return out


def _unmarkdown(text: str) -> str:
    """Markdown to plain text: links become sentinels, headings get a flag character."""
    if not _MD_TRIGGER.search(text):
        return text
    if "&" in text:  # first: the deletions below would eat the sentinels added later
        text = _ENTITY.sub(lambda m: html.unescape(m[0]), text)
        text = _DELETED.sub("", _SPACES.sub(" ", text))
    if text.startswith(("#", " #")) or "\n#" in text or "\n #" in text:
        text = _MD_HEADING.sub(_MD_HEADING_FLAG + r"\g<text>", text)
    if text.startswith((">", " >")) or "\n>" in text or "\n >" in text:
        text = _MD_QUOTE.sub("", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(lambda m: _ESC + m["char"], text)
    if "---" in text or "***" in text or "___" in text or "* *" in text or "- -" in text:
        text = _MD_RULE.sub("", text)
    if "[" in text:
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(_link_sentinel, text)
        text = _MD_REF_LINK.sub(r"\g<text>", text)
    if "`" in text:
        text = _MD_CODE.sub(r"\g<text>", text)
    if "**" in text or "__" in text:
        text = _MD_STRONG.sub(r"\g<text>", text)
    if "*" in text or "_" in text:
        text = _MD_EM.sub(r"\g<text>", text)
    return text.replace(_ESC, "")


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
    kept: list[_Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        m = _FOOTNOTE_START.fullmatch(text) if text and not text[0].isalpha() else None
        if m is None:
            kept.append(line)
            i += 1
            continue
        note, j = _plain(text), i + 1
        while j < n:
            nxt = lines[j]
            if not nxt.text or nxt.page_start or _FOOTNOTE_START.fullmatch(nxt.text):
                break
            has_url = _URL.search(note) is not None
            if _URL_BROKEN_END.search(note) and " " not in nxt.text:
                note += _plain(nxt.text)  # a URL broken across lines joins without a space
            elif not has_url or _URL.match(nxt.text):
                note += " " + _plain(nxt.text)
            else:
                break
            j += 1
        if not _CITATION_SIGN.search(note):
            kept.append(line)
            i += 1
            continue
        notes.append(note)
        i = j
    return kept, notes


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
    core = _core(text).rstrip(_CLOSERS)
    return bool(core) and core[-1] in TERMINAL


def _lift_markers(lines: list[_Line]) -> bool:
    """Decide whether the text is hard-wrapped (OCR); if so lift its OCR-only marker forms."""
    for line in lines:
        text = line.text
        if not text:
            continue
        if text[0] == "|" or text[-1] == "|":
            line.text = _EDGE_PIPE.sub("", text)
    run_on = total = 0
    for a, b in pairwise(lines):
        if a.text and not a.heading:
            total += 1
            if b.text and len(a.text) >= 25 and not _ends_sentence(a.text):
                run_on += 1
    wrapped = run_on >= WRAPPED_MIN_LINES and run_on >= WRAPPED_MIN_SHARE * total
    if wrapped:
        for line in lines:
            if line.text and (line.text[-1].isdigit() or line.text[-2:-1].isdigit()):
                line.text = _MARKER_AFTER_WORD.sub(
                    lambda m: f"{m['word']}{_MARK_OPEN}{m['label']}{_MARK_CLOSE}", line.text
                )
            if '"' in line.text or "”" in line.text:
                line.text = _ORDINAL_GLYPH.sub(r"\g<day>", line.text)
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
    core = _core(a)
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
    widths = sorted(len(line.text) for line in lines if line.text)
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
    core = _core(a.last)
    first = b.text[0]
    if core.endswith("-") and len(core) >= 2 and core[-2].isalpha() and first.isalpha():
        return True
    if first.islower():
        return True
    plain_a = _plain(a.last)
    if _ends_sentence(a.last):
        # Inside an OCR paragraph lines end at sentence ends too; a blank line or a heading
        # on either side is what ends the paragraph.
        plain_b = _plain(b.text)
        short_b = len(plain_b) < WRAPPED_LINE_SHARE * width
        return wrapped and not blank and not (short_b and _is_heading_like(plain_b))
    last_word = plain_a.rsplit(" ", 1)[-1].lower()
    if last_word in CONTINUATION_WORDS:
        return True
    if not wrapped:
        return False
    if len(plain_a) >= WRAPPED_LINE_SHARE * width:
        return True  # also a wrapped bullet heading: "o Efforts ... Warring Afghan" + "Parties:"
    return not blank and (a.lines > 1 or not _is_heading_like(plain_a))


def _mark_headings(paras: list[_Para], wrapped: bool) -> list[_Para]:
    """Flag headings; drop lead-zone menu labels and trailing headings with nothing under them."""
    for p in paras:
        if p.heading:
            continue
        if wrapped and "”" in p.text:
            p.text = _lift_unbalanced_quotes(p.text)
        plain = _plain(p.text)
        if p.bullet:
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
    last_body = max((i for i, p in enumerate(paras) if not p.heading), default=-1)
    drop.update(i for i in range(last_body + 1, len(paras)))
    return [p for i, p in enumerate(paras) if i not in drop]


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
        text, mks, lks = _resolve(p.text, pos + (2 if parts else 0))
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        if p.heading:
            headings.append((pos, pos + len(text)))
        parts.append(text)
        markers.extend(mks)
        links.extend(lks)
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
