"""Article metadata (title, author, published, publisher, url) from the raw text's first and last
lines.

Cleaning drops bylines, date lines, mastheads and bio boxes, so this stage reads ``raw``.
Precedence, strongest first (each field falls through to the next rule when a rule finds nothing):
  author:    a labelled byline ("Author:", "By", "Written by") near the top > a bio box at the end.
  published: a labelled date ("Date:", "Published:") > a date line in the top lines > a dateline
             ("KABUL, 14 August 2021 -") in the first paragraph > a lone date line near the end.
  publisher: an outlet the page names ("for the online magazine “X”", "first published in X",
             "© 2024 X") > an all-caps masthead with an outlet noun ("THE X JOURNAL") > a domain
             line at the top ("www.x.com" -> "x.com") > the domain of the article url.
  title:     the best-scored Latin-script line of 4-20 words before the first prose paragraph.
  url:       a labelled url ("URL:", "Source:") > a lone http(s) url line with a path at the top.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from factbase.ingest.dates import MONTHS, DateMatch, find_date_matches
from factbase.records import Cleaned, Metadata

__all__ = ["find_metadata"]

# How much of the page is "the top" and "the end": mastheads, bylines and date lines sit within
# the first ~15 non-empty lines on the seeds (000: line 10); bio boxes and cookie banners sit within
# the last ~15. 40/30 leave room for menus without reaching far into the body.
TOP_LINES = 40
DATE_TOP_LINES = 15
BOTTOM_LINES = 30
# Slices read before splitting into lines, so a 1 MB page costs no more than a 10 kB one.
TOP_CHARS, BOTTOM_CHARS = 8000, 6000
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 4, 20
# Where a running header recurs: an OCR'd paper repeats it on every page (~3,000 chars).
RECUR_CHARS = 50_000
# A date line is mostly its date: the longest form, "Wednesday, September 30, 2025", plus a label.
DATE_LINE_MAX_CHARS = 60
# "Author: ...", "Published: ..." lines are short; long lines are prose, never scanned for labels.
LABEL_LINE_MAX_CHARS = 200

_LABELS = r"""author|written\ by|posted\ by|words\ by|by
        |date|published(?:\ on)?|publication\ date|posted\ on|updated(?:\ on)?
        |url|source|link|canonical|originally\ published\ at"""
LABEL_RE = re.compile(
    rf"""^\s*(?:[*#>_\s]*)(?P<label>{_LABELS})\s*[:\-–]?\s*(?P<value>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
# LABEL_RE for lines joined with newlines, each line opened by its newline: one search over the
# lines skips from newline to newline (a literal prefix), where a match per line cost ~0.5 µs.
# Spaces stay within a line ([^\S\n]) and "$" is a line's end, so each match is LABEL_RE's on
# that line, its value running to the line's end. A stripped line opens with markup or a label's
# first letter (IGNORECASE matches "ſ" to "s" in the class as in the labels).
LABEL_LINE_RE = re.compile(
    rf"""\n(?=[*#>_awpbduslco])(?:[*#>_]|[^\S\n])*(?P<label>{_LABELS})[^\S\n]*[:\-–]?[^\S\n]*(?P<value>.*)$""",
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
# Possessive runs, no "[" in the text and no "](" in the url: a failed attempt stops at the
# next link ("[[[..." and "[a]([a](..." were quadratic, 0.3 s for a 20 KB line).
MARKDOWN_LINK_RE = re.compile(r"\[(?P<text>[^\[\]\n]*+)\]\((?P<url>(?:[^)\s\]]++|\](?!\())*+)\)")
URL_RE = re.compile(r"""(?:https?://|www\.)[^\s<>"'“”()\[\]]+""", re.VERBOSE | re.IGNORECASE)
# A bio box: a line, then the next line holding it glued to a url (URL_RE matching right after it).
BIO_BOX_RE = re.compile(
    r"""\n(?=(?P<line>[^\n]++)\n(?P=line)(?i:(?:https?://|www\.)[^\s<>"'“”()\[\]]))"""
)
LONE_URL_RE = re.compile(r"^https?://[^\s/]+/[^\s]+$", re.IGNORECASE)
DOMAIN_LINE_RE = re.compile(
    r"^(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})/?$", re.IGNORECASE
)
# A personal name: 1-5 capitalised words, with particles (bin, al-, van, de) allowed inside.
NAME_RE = re.compile(
    r"""(?P<name>(?:[A-Z][\w.'’\-]*)(?:\s+(?:(?:bin|ibn|al|el|de|da|van|von|der|la|le)\s+)?
        [A-Z][\w.'’\-]*){0,4})""",
    re.VERBOSE,
)
# A bio line ("Jane Doe is a researcher ..."), in lines joined with newlines: each line opened by
# its newline, spaces within a line.
BIO_LINE_RE = re.compile(
    r"""\n(?P<name>[A-Z][\w.'’\-]+(?:[^\S\n]+[A-Z][\w.'’\-]+){1,3})[^\S\n]*(?:[–—-]|,)?[^\S\n]*
        (?:is|was|has\ been)[^\S\n]+(?:a|an|the)?\b""",
    re.VERBOSE,
)
# Words that make a line beginning "X is a ..." an author bio rather than a sentence.
BIO_NOUNS = re.compile(
    r"""\b(?:researcher|writer|journalist|analyst|author|editor|correspondent|fellow|professor
        |scholar|expert|columnist|contributor|reporter|student|lecturer|commentator|freelance
        |director|host|trainer|blogger)s?\b""",
    re.VERBOSE | re.IGNORECASE,
)
# Where the page names its outlet: the name is quoted, or runs until punctuation.
OUTLET_RE = re.compile(
    r"""(?i:\b(?:for|in|by|at|on)\s+the\s+(?:online\s+)?(?:magazine|journal|newspaper|website|portal|outlet)
        |\bexclusively\ for|\b(?:first|originally)\s+(?:published|appeared)\s+(?:in|on|by|at)
        |©\s*(?:\d{4}\s*)?|\bcopyright\s+(?:©\s*)?(?:\d{4}\s*)?)\s*
        (?:[“"«](?P<quoted>[^”"»\n]{2,60})[”"»]|(?P<bare>[A-Z](?:[\w&'’\-]|\.(?=\w))*(?:\s+[A-Z&](?:[\w&'’\-]|\.(?=\w))*){0,5}))""",
    re.VERBOSE,
)
# Cheap substring tests that gate OUTLET_RE: the regex cannot skip ahead on a literal prefix, and
# running it on every long line cost ~1 ms per article (5 MB/s); gated, the stage runs at ~40 MB/s.
# Every OUTLET_RE match holds a trigger at most this far from its start ("originally published",
# "for the online magazine"), so the search starts there instead of at the start of a long line.
OUTLET_LOOKBACK = 60
OUTLET_TRIGGERS = ("magazine", "journal", "newspaper", "website", "portal", "outlet", "exclusively",
                   "published", "appeared", "©", "copyright")  # fmt: skip
OUTLET_TRIGGER_BYTES = tuple(trigger.encode() for trigger in OUTLET_TRIGGERS if trigger != "©")
OUTLET_NOUNS = (
    "JOURNAL|TIMES|NEWS|POST|TRIBUNE|MAGAZINE|HERALD|REVIEW|OUTLOOK|MONITOR|GAZETTE|DAILY|EXPRESS"
    "|OBSERVER|CHRONICLE|DIGEST|DISPATCH|INSIDER|WEEKLY|TELEGRAPH|GUARDIAN|STANDARD|NATION|INSTITUTE"
    "|CENTRE|CENTER|FOUNDATION|COURIER|BULLETIN|QUARTERLY|WIRE|LEDGER"
)
MASTHEAD_RE = re.compile(
    rf"""^\s*(?P<name>(?:THE\s+)?(?:[A-Z][A-Z&'’.]+\s+){{0,4}}(?:{OUTLET_NOUNS}))\b\s*(?:[-–|:,]|$)""",
    re.VERBOSE,
)
# MASTHEAD_RE for lines joined with newlines, each line opened by its newline (a literal prefix the
# search skips to): spaces that stay within a line ([^\S\n]), "$" at a line's end. Lines are
# stripped, so the leading \s* of MASTHEAD_RE never matched anything. Every match opens with two
# of these characters ("THE", a capitalised word, a noun): the lookahead drops other lines at once.
# A capitalised word ("SOUTH-SOUTH"), and a noun's complement ("INSTITUTE FOR SOUTH-SOUTH STUDIES").
_CAPS_WORD = r"[A-Z][A-Z&'’.]+(?:-[A-Z]+)*"
_CAPS_OF = rf"(?:[^\S\n]+(?:FOR|OF|ON)(?:[^\S\n]+(?:THE|AND|&|{_CAPS_WORD})){{1,4}}(?![\w\-]))?"
# After the name: a separator, the line's end, or wide spaces (OCR: "X REVIEW     No. 7").
MASTHEAD_LINE_RE = re.compile(
    rf"""\n(?=[A-Z][A-Z&'’.])(?P<name>(?:THE[^\S\n]+)?(?:{_CAPS_WORD}[^\S\n]+){{0,4}}(?:{OUTLET_NOUNS}){_CAPS_OF})\b
        (?:[^\S\n]*(?:[-–—|:,·]|$)|[^\S\n]{{2,}})""",
    re.VERBOSE | re.MULTILINE,
)
# Masthead words that name a section of any site ("LATEST NEWS"), not an outlet.
_GENERIC = "THE LATEST BREAKING TOP MORE RELATED WORLD ENGLISH LOCAL BUSINESS SPORTS"
OUTLET_NOUN_SET = frozenset(OUTLET_NOUNS.split("|"))
GENERIC_MASTHEAD_WORDS = frozenset(f"{_GENERIC} {OUTLET_NOUNS.replace('|', ' ')}".split())
# A line after which the top of the page is teasers for other articles, not this one's header.
TEASER_HEADING_RE = re.compile(
    r"^\s*(?:related\s+(?:stories|posts|articles)|read\s+more|latest\s+stories|more\s+stories"
    r"|most\s+popular|trending|recommended|you\s+may\s+also\s+like|also\s+read)\b",
    re.IGNORECASE,
)
TEASER_FIRST_LETTERS = frozenset("rlmtyaRLMTYA")
DATELINE_RE = re.compile(r"\s*[A-Z][A-Z .'\-]{1,30},\s*")  # "KABUL, 14 August 2021 (Reuters) -"
# A wire dateline's agency: "OSLO, 3 May 2024 (Nordic Wire) -", "LIMA (Andina) -".
DATELINE_OUTLET_RE = re.compile(
    r"[A-Z][A-Z .'\-]{1,30}(?:,[^\S\n]*[\w ,.]{3,25}?)?[^\S\n]*"
    r"\((?P<outlet>[A-Z][\w&.'’ \-]{1,40})\)[^\S\n]*[-–—]"
)
# How far into the body a dateline is looked for: a headline, a standfirst and a byline may come
# before it; the first paragraph of prose ends the search.
DATELINE_PARAGRAPHS, DATELINE_CHARS = 5, 1500
# A paper's "Received 2 May 2023; accepted ...; published 30 June 2023" line: the label mid-line.
PUBLISHED_MID_RE = re.compile(
    r"(?:^|[;,|·]\s*)(?:first\s+)?published(?:\s+online)?(?:\s+on)?\s*:?\s*", re.IGNORECASE
)
# The heading of a paper's notes: dates after it belong to the works cited, not the article.
NOTES_HEADING_RE = re.compile(
    r"(?:end|foot)?notes|references|sources|bibliography|works\s+cited", re.IGNORECASE
)
# A title before a personal name ("Dr. Jane Doe"), dropped from the name.
HONORIFIC_RE = re.compile(r"(?<![\w.])(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?|Professor|Doctor)\s+(?=[A-Z])")
# An affiliation line under an author: a university, an institute.
AFFILIATION_RE = re.compile(
    r"\b(?:University|Institute|College|School|Academy|Centre|Center|Faculty|Department|Laboratory)\b"
)
# Every label above starts with one of these letters once leading markup is stripped; "ſ" is
# there because IGNORECASE matches it to "s". Lines starting otherwise skip LABEL_RE, which cannot
# be anchored on a literal and cost ~1.5 µs a line (measured: a third of this stage's time).
LABEL_FIRST_LETTERS = frozenset("awpbduslcoſ")
LABEL_LEAD = "*#>_ \t\n\r\x0b\x0c"
DIGIT_RE = re.compile(r"\d")
WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
# Matches where WORD_RE finds ten words or more, without building the list: a word is a letter
# and its run of word characters, between words runs of non-letters. Possessive, so a failed
# match gives nothing back (linear).
TEN_WORDS_RE = re.compile(r"[\W\d_]*+(?:[^\W\d_][\w'’\-]*+[\W\d_]*+){10}")
LATIN_RE = re.compile(r"[A-Za-z]")
LETTER_RE = re.compile(r"[^\W\d_]")
GLUED_CAMEL_RE = re.compile(r"[a-z’'][A-Z][a-z]+[A-Z]")  # "HomeLatestTaliban’s": a breadcrumb
# A caption or credit opens its line or a field of it ("Photo: X", "Jane Doe | Image courtesy of
# Y"): a headline may end in one of these words ("... Change the Picture?").
CAPTION_RE = re.compile(
    r"(?:^|[(\[|·•—–]\s*)(?:photo|image|picture|courtesy|credit|file)\b|@\w", re.IGNORECASE
)
SENTENCE_END_RE = re.compile(r"[.!?]['’\"”)]?\s+[A-Z]|[.]['’\"”)]?$")
_SMALL = "a an and as at but by for from in into of on or the to with vs via per nor is are its"
SMALL_WORDS = frozenset(_SMALL.split())
_NOT_NAMES = """The This That These Those It He She They We In On At For And But Our Your
    Home Latest News"""
NOT_NAMES = frozenset(_NOT_NAMES.split())


# A call to action or a notice of the site's, never a headline ("Subscribe for $1 a week",
# "Follow us on Telegram", "This site uses cookies"). A call opens the line (matched there, not
# searched for); the cookie notice is searched for only in a line holding "cook" once lowered
# (each letter IGNORECASE matches there lowers to its own: "K", the Kelvin sign, to "k").
CALL_TO_ACTION_RE = re.compile(
    r"""(?:subscribe|sign\s+(?:up|in)|log\s*in|register|download|donate|skip\s+to|click|tap\s+here
        |(?:follow|join|find|like|support|contact)\s+us|get\s+(?:the|our)\s+(?:app|newsletter)|share\s+(?:this|on))\b""",
    re.VERBOSE | re.IGNORECASE,
)
COOKIE_NOTICE_RE = re.compile(r"\b(?:use|uses|accept)\s+cookies\b", re.IGNORECASE)
# A series label: the paper's series, not its title ("Policy Brief No. 7", "Working Paper 2024/03").
SERIES_RE = re.compile(
    r"""\b(?:No|Nr|Vol)\.[^\S\n]*\d|\b(?:Volume|Issue)[^\S\n]+\d
        |\b(?:Working|Policy|Discussion|Occasional|Research|Briefing)[^\S\n]+(?:Papers?|Briefs?|Notes?|Series)\b""",
    re.VERBOSE | re.IGNORECASE,
)
# The fields of a byline ("Jane Doe | Kabul | March 3rd, 2024", "By X · 3 May 2024").
FIELD_SEP_RE = re.compile(r"\s+[|·•—]\s+|\s+\\\|\s+")
# "by NAME" in a header line that also opens with a byline verb or holds a date
# ("Posted 15/02/2024 by Jane Doe in Energy").
BY_NAME_RE = re.compile(r"(?:^|\s)[Bb]y\s+(?P<rest>[A-Z].*)")
BYLINE_VERB_RE = re.compile(
    r"^(?:posted|written|reported|published|updated|story|words|text|edited)\b", re.IGNORECASE
)
# Markdown escapes and emphasis, unescaped in a title as cleaning unescapes the body.
MD_ESCAPE_RE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!$>|~<\"'&%=])")
MD_EMPHASIS_RE = re.compile(r"(?<!\w)(?:\*\*|__)(?=\S)|(?<=\S)(?:\*\*|__)(?!\w)")
# A person's name on its own: 2-4 capitalised words (initials allowed), nothing else.
PERSON_RE = re.compile(r"[A-Z](?:[a-zà-öø-ÿ'’\-]+|\.)(?:\s+[A-Z](?:[a-zà-öø-ÿ'’\-]+|\.)){1,3}")
# Words that open or close an organisation's name ("Centre for ... Studies").
_ORG_FIRST = "centre center institute foundation council academy society association"
ORG_FIRST = frozenset(_ORG_FIRST.split())
# The small words of an organisation's name: "New Frontiers in Cancer Research" is a title.
ORG_LINKS = frozenset({"for", "of", "on", "and", "the", "&"})
ORG_LAST = frozenset(
    f"{_ORG_FIRST} studies affairs research university forum network initiative".split()
)
# Words of a header that are chrome, not part of a person's name ("English Section").
_NOT_NAME_WORDS = """section news home menu edition english search opinion latest world business
    politics economy editorial staff team desk contents"""
NOT_NAME_WORDS = frozenset(_NOT_NAME_WORDS.split())
# Patterns the functions below split or search with, compiled once: a module-level re.split()
# looks its pattern up in re's cache on every call (~0.3 µs, thousands of calls a page).
NAME_FIELD_END_RE = re.compile(r"\s*[|/•·]\s*|\s+[-–—]\s+|\s+(?:in|on|at|for|from)(?:\s+|$)")
NAME_LIST_SEP_RE = re.compile(r"\s*,\s*|\s+(?:and|&)\s+(?=[A-Z])")
NAME_LIST_LAST_RE = re.compile(r"\s(?:and|&)\s[^,]+$")
RECUR_HEAD_SEP_RE = re.compile(r"\s{2,}|\s+[|·•—–-]\s+")
HEAD_SEP_RE = re.compile(r",|\s{2,}|\s+[|·•—]\s+")  # a header line's first part ends here
AFFILIATION_SEP_RE = re.compile(r",|\s{2,}")
TITLE_SITE_SEP_RE = re.compile(r"\s+\|\s+")  # "Title | Outlet"
DOMAIN_RE = re.compile(r"(?:https?://)?(?:www\.)?([^/\s:]+)", re.IGNORECASE)


# The words CAPTION_RE and SERIES_RE need, lower-cased. In an ASCII line IGNORECASE matches ASCII
# letters only (its other folds, "ı" or "ſ", are not ASCII), so a line without one of these words
# (or "@", or a digit) needs no search: a regex cannot skip ahead on a literal here.
CAPTION_WORDS = ("photo", "image", "picture", "courtesy", "credit", "file")
SERIES_WORDS = ("paper", "brief", "note", "series")


def _is_caption(line: str) -> bool:
    """CAPTION_RE.search(line) is not None."""
    if line.isascii() and "@" not in line:
        low = line.lower()
        if not any(word in low for word in CAPTION_WORDS):
            return False
    return CAPTION_RE.search(line) is not None


def _is_series(line: str) -> bool:
    """SERIES_RE.search(line) is not None."""
    if line.isascii() and DIGIT_RE.search(line) is None:  # a number's branches need a digit
        low = line.lower()
        if not any(word in low for word in SERIES_WORDS):
            return False
    return SERIES_RE.search(line) is not None


def _label_match(line: str) -> re.Match[str] | None:
    """LABEL_RE.match(line), skipping lines that cannot start with a label."""
    head = line.lstrip(LABEL_LEAD)[:1]
    if not head or (not head.isspace() and head.lower() not in LABEL_FIRST_LETTERS):
        return None
    return LABEL_RE.match(line)


def _lines(text: str) -> list[str]:
    return [s for line in text.splitlines() if (s := line.strip())]


def _strip_markdown(line: str) -> str:
    if "[" in line:
        line = MARKDOWN_LINK_RE.sub(r"\g<text>", line)
    return line.strip().strip("*#_>").strip()


def _words(line: str) -> list[str]:
    return WORD_RE.findall(line)


# Memoised for one page (find_metadata clears it): a title candidate's words were counted when
# it was the line under the previous candidate.
@lru_cache(maxsize=1024)
def _word_count(line: str) -> int:
    return len(WORD_RE.findall(line))


def _is_latin(line: str) -> bool:
    if line.isascii():  # every letter is A-Z or a-z
        return LATIN_RE.search(line) is not None
    letters = len(LETTER_RE.findall(line))
    return letters > 0 and len(LATIN_RE.findall(line)) >= 0.8 * letters


def _is_prose(line: str) -> bool:
    """A body paragraph (or a hard-wrapped piece of one): the header is over."""
    return (
        line.count(" ") >= 9
        and SENTENCE_END_RE.search(line) is not None
        and TEN_WORDS_RE.match(line) is not None  # (it stops after ten words)
    )


def _header(top: Sequence[str]) -> Sequence[str]:
    """The top lines before the first prose paragraph: a url or date after it is the text's."""
    for i, line in enumerate(top):
        if line.count(" ") >= 9 and _is_prose(line):  # the first test inlined: most lines fail it
            if "cookie" in line.lower():  # a cookie notice, not the article's first paragraph
                continue
            # A headline with a question in it ("Who Pays? Debt and Aid in the Sahel"): no
            # period, no closing punctuation, content words capitalised.
            if "." not in line and line[-1:].isalnum() and _title_case_ratio(_words(line)) >= 0.75:
                continue
            return top[:i]
    return top


def _title_case_ratio(words: Sequence[str]) -> float:
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


# Memoised for one page (find_metadata clears it): the title and date rules ask it of the same
# lines, up to three times each. Lines rarely repeat across pages, so keeping them longer would
# only flatter a benchmark that repeats its corpus.
@lru_cache(maxsize=1024)
def _dates(line: str) -> tuple[DateMatch, ...]:
    """find_date_matches(line), memoised for one page: a date line's dates are read again."""
    return tuple(find_date_matches(line))


@lru_cache(maxsize=1024)
def _is_date_line(line: str) -> bool:
    if len(line) > DATE_LINE_MAX_CHARS or DIGIT_RE.search(line) is None:
        return False  # every DATE_RE form holds a digit
    dates = _dates(line)
    return bool(dates) and sum(d.end - d.start for d in dates) >= 0.6 * len(line.strip(" :|-"))


def _clean_name(value: str) -> str | None:
    """A byline value -> a name, or None when it does not look like one. Co-authors are kept when
    the list closes with "and" ("A and B", "A, B and C"): "Jane Doe, Kabul" is a name, a place."""
    value = _unescape(MARKDOWN_LINK_RE.sub(r"\g<text>", value)).strip(" *_:|,-–")
    value = HONORIFIC_RE.sub("", value)
    for d in find_date_matches(value):  # "By Jane Doe, March 3, 2022"
        value = value[: d.start].rstrip(" ,|-–")
        break
    # The name's field: up to a separator or a section ("by Jane Doe in Energy").
    value = NAME_FIELD_END_RE.split(value, maxsplit=1)[0]
    parts = NAME_LIST_SEP_RE.split(value.strip())
    names = []
    for part in parts:
        m = NAME_RE.fullmatch(part)
        if m is None or m.group("name").split()[0] in NOT_NAMES or (names and " " not in part):
            break
        names.append(m.group("name"))
    if not names:
        return None
    if len(names) > 1 and len(names) == len(parts) and NAME_LIST_LAST_RE.search(value):
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0]


def _unescape(line: str) -> str:
    """Markdown escapes and bold emphasis out of a header line, as cleaning does for the body."""
    if "\\" in line:
        line = MD_ESCAPE_RE.sub(r"\g<char>", line)
    if "**" in line or "__" in line:
        line = MD_EMPHASIS_RE.sub("", line)
    return line


def _person(text: str) -> str | None:
    """``text`` when it is a person's name alone ("Lucas Pereira Santos"), else None."""
    text = text.strip(" *_")
    if text[:1] in "DPMd" and (m := HONORIFIC_RE.match(text)):
        text = text[m.end() :]
    if PERSON_RE.fullmatch(text) is None:
        return None
    words = text.split()
    if words[0] in NOT_NAMES or any(
        (low := w.lower()) in NOT_NAME_WORDS or low in ORG_LAST or w.upper() in OUTLET_NOUN_SET
        for w in words
    ):
        return None
    return text


@lru_cache(maxsize=1024)
def _head(line: str) -> str:
    """A header line's first part ("Centre for Peace Studies" of "Centre for Peace Studies,
    Dakar"), memoised for one page: the title and publisher rules both read it."""
    return HEAD_SEP_RE.split(line, maxsplit=1)[0]


def _is_org(segment: str) -> bool:
    """An organisation's name: capitalised words opening or closing with an organisation noun
    ("Centre for Eurasian Studies", "INSTITUTE OF PEACE")."""
    words = segment.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not 2 <= len(words) <= 8:
        return False
    # "Institute for ...", "... Studies": "Foundation Stone Laid" is a headline.
    opens = words[0].lower() in ORG_FIRST and words[1].lower() in ORG_LINKS
    if not opens and words[-1].lower() not in ORG_LAST:
        return False
    return all(w[0].isupper() or w.lower() in ORG_LINKS for w in words)


def _name_line(line: str) -> bool:
    """A name alone, or a name and a role or affiliation ("Jane Doe, Senior Fellow")."""
    name, _, rest = line.partition(",")
    return len(line) <= 80 and _person(name) is not None and len(rest.split()) <= 6


# _byline_date and _byline_author are memoised for one page (find_metadata clears them): the
# title, author and date rules ask them of the same header lines.
@lru_cache(maxsize=1024)
def _byline_date(line: str) -> dt.date | None:
    """The date of a byline-shaped header line: a date field among its fields ("Jane Doe |
    Kabul | March 3rd, 2024", "By X | Updated 3 March 2024"), or a date in a "by NAME" line."""
    if len(line) > LABEL_LINE_MAX_CHARS or DIGIT_RE.search(line) is None:
        return None
    fields = _fields(line)
    if len(fields) > 1:
        for field in fields:
            if m := _label_match(field):
                field = m.group("value")
            if _is_date_line(field):
                return _dates(field)[0].date
    if _by_name(line) and (dates := find_date_matches(line)):
        return dates[0].date
    return None


def _fields(line: str) -> list[str]:
    """FIELD_SEP_RE.split(line); a line without a separator character is one field."""
    if "|" in line or "·" in line or "•" in line or "—" in line:
        return FIELD_SEP_RE.split(line)
    return [line]


def _by_name(line: str) -> re.Match[str] | None:
    """ "by NAME" after a byline verb ("Posted on Monday by X") or right after a date ("3 May 2024
    by X"): "Villages Cut Off by Floods Since 3 May" is a headline."""
    if "by" not in line and "By" not in line:  # BY_NAME_RE's literal part
        return None
    m = BY_NAME_RE.search(line)
    if m is None or BYLINE_VERB_RE.match(line):
        return m
    for d in find_date_matches(line[: m.start() + 1]) if DIGIT_RE.search(line) else ():
        if not line[d.end : m.start()].strip(" ,|-–·"):
            return m
    return None


@lru_cache(maxsize=1024)
def _byline_author(line: str) -> str | None:
    """The author of a byline-shaped header line: "by NAME" in a line opening with a byline verb
    or holding a date ("Posted 15/02/2024 by Jane Doe in Energy"), or the name field of a line of
    fields with a date field ("Jane Doe | Kabul | March 3rd, 2024")."""
    if len(line) > LABEL_LINE_MAX_CHARS or _is_caption(line):
        return None
    if m := _by_name(line):
        return _clean_name(m.group("rest"))
    fields = _fields(line)
    if len(fields) > 1 and any(_is_date_line(f) for f in fields):
        for field in fields:
            if name := _person(field):
                return name
    # A "By NAME" field among dated fields ("Harbour Review · By X · Published 3 May 2024").
    if len(fields) > 1 and DIGIT_RE.search(line) and find_date_matches(line):
        for field in fields:
            if field.startswith(("By ", "by ")) and (name := _clean_name(field[3:])):
                return name
    return None


MENU_SEPARATOR_RE = re.compile(r"\s+[|•·»/]\s+")
MENU_MIN_ITEMS = 3
MENU_ITEM_MAX_WORDS = 3
WIDE_SPACE_RE = re.compile(r"\s{2,}")


def _nwords(item: str) -> int:
    return len(item.split())


def _is_menu(line: str) -> bool:
    """A menu bar ("Home | World | Business | Contact"): three or more short items between
    separators. Two items are a title and its site ("Title | Outlet")."""
    if not ("|" in line or "/" in line or "•" in line or "·" in line or "»" in line):
        return False  # no separator: one item
    items = MENU_SEPARATOR_RE.split(line)
    return len(items) >= MENU_MIN_ITEMS and all(
        len(it.split()) <= MENU_ITEM_MAX_WORDS for it in items
    )


def _adjacent(text: str, first: str, second: str) -> bool:
    """``second`` is the line right after ``first`` in ``text``, no blank line between."""
    at = text.find(first)
    if at < 0:
        return False
    at += len(first)
    nxt = text.find(second, at)
    return nxt >= 0 and text[at:nxt].strip(" \t") == "\n"


def _title_text(
    lines: Sequence[str], i: int, labelled: set[int], text: str, stripped: Sequence[str]
) -> tuple[str, int]:
    """lines[i] without markup, and the index of its last line: a title wrapped over two lines
    ("Drought and Debt: Pakistan, the IMF and the" / "Next Bailout") is joined when the second
    is short and capitalised, and the first ends in a small word, a comma or a colon, or runs on
    into the second with no blank line between and a byline under it (a paper's title block).
    ``stripped`` holds _strip_markdown of lines[: i + 2] at least."""
    line = stripped[i]
    j = i + 1
    if j >= len(lines) or not line or line.endswith((".", ";", "|", "!", "?")) or i in labelled:
        return line, i
    nxt = stripped[j]
    # The tests on the second line first: most lines fail them, and they cost less than the menu
    # test, a search of the text for the two lines or a byline test. A lower-case second line
    # can only end a title (_continues), an upper-case one only be joined below.
    if nxt[:1].islower():
        if " " in nxt and _is_menu(nxt):  # a site's name over its menu bar
            return line, i
        return (f"{line} {nxt}", j) if _continues(lines, i, j, nxt, text) else (line, i)
    if (
        not nxt[:1].isupper()
        or j in labelled
        or nxt.endswith((".", ":", ",", ";", "|"))
        or _word_count(nxt) > 8
        or (" " in nxt and _is_menu(nxt))  # a site's name over its menu bar
        or _is_date_line(line)
    ):
        return line, i
    if line.endswith((",", ":")) or line.rsplit(None, 1)[-1].lower() in SMALL_WORDS:
        return f"{line} {nxt}", j
    if (
        _adjacent(text, lines[i], lines[j])
        and not _name_line(_unescape(line))
        and not _is_byline(lines, j, labelled)
        and _is_byline(lines, j + 1, labelled)
    ):
        return f"{line} {nxt}", j
    return line, i


def _continues(lines: Sequence[str], i: int, j: int, nxt: str, text: str) -> bool:
    """lines[j] ends a title wrapped before a small word ("The Dam" / "and the River"): short,
    lower-case, opening with a small word, right under lines[i] and then a blank line."""
    if not nxt[:1].islower() or nxt.split(None, 1)[0] not in SMALL_WORDS:
        return False
    if len(_words(nxt)) > 8 or nxt.endswith((".", ":", ",", ";", "|", "!", "?")):
        return False
    if not lines[i][:1].isupper() or not _adjacent(text, lines[i], lines[j]):
        return False
    return j + 1 >= len(lines) or not _adjacent(text, lines[j], lines[j + 1])


def _is_byline(lines: Sequence[str], k: int, labelled: set[int]) -> bool:
    """lines[k] is a byline or a date line: what follows a title."""
    if k >= len(lines):
        return False
    if k in labelled:
        return True
    return _is_byline_line(lines[k])


# Memoised for one page (find_metadata clears it), as _is_date_line: the title rules ask it of
# the line under each candidate, and again of the lines around the chosen title.
@lru_cache(maxsize=1024)
def _is_byline_line(line: str) -> bool:
    line = _unescape(_strip_markdown(line))
    return (
        _is_date_line(line)
        or _name_line(line)
        or _byline_author(line) is not None
        or _byline_date(line) is not None
    )


def _recurs(line: str, text: str) -> bool:
    """An ALL-CAPS line whose first part recurs in ``text``: a running header or series label."""
    if not line.isupper() or " " not in line:
        return False
    head = RECUR_HEAD_SEP_RE.split(line, maxsplit=1)[0]
    at = text.find(head)
    return at >= 0 and text.find(head, at + len(head)) >= 0


def _title_score(
    lines: Sequence[str],
    i: int,
    after_label: bool,
    joined: str,
    labelled: set[int],
    text: str,
    stripped: Sequence[str],
) -> tuple[float, str, int] | None:
    first = stripped[i]
    if not first or first.endswith((".", ";", "|")) or first[0].islower():
        return None  # cheap tests first, before a join with the next line
    # A join only adds words (none spans the space between the two lines): too many already.
    if _word_count(first) > TITLE_MAX_WORDS:
        return None
    line, j = _title_text(lines, i, labelled, text, stripped)
    # Cheap tests first; an empty line has no words and fails below anyway.
    if not line or line.endswith((".", ":", ",", ";", "|")) or line[0].islower():
        return None
    if j + 1 < len(lines) and lines[j + 1][:1].islower():  # a hard-wrapped paragraph's first line
        return None
    if not (TITLE_MIN_WORDS <= _word_count(line) <= TITLE_MAX_WORDS):
        return None
    if ("." in line or ":" in line) and URL_RE.search(line):  # "www." or "://"
        return None
    if GLUED_CAMEL_RE.search(line) or _is_caption(line) or not _is_latin(line):
        return None
    if _label_match(line) or _is_date_line(line):
        return None
    # A menu bar; "Title | Outlet" is handled by the caller.
    if _is_menu(line):
        return None
    # A menu laid out with wide spaces ("Home  World  Markets  Videos"): four or more short items.
    if (
        "  " in line
        and len(items := WIDE_SPACE_RE.split(line)) >= 4
        and max(map(_nwords, items)) <= 2
    ):
        return None
    # A series label under a masthead or publisher ("Centre for Peace Studies | Policy Brief No.
    # 7"): no title. Tested before the tests and scores below, which its answer makes moot (the
    # byline test of the line under it is the dearest).
    head = _head(line)
    series = _is_series(line)
    if series and (head.isupper() or _is_org(head)):
        return None
    # A call to action, a byline ("Posted 3 May 2024 by X in Y"), a name and its role.
    plain = _unescape(line)
    if (
        CALL_TO_ACTION_RE.match(plain)
        or ("cook" in plain.lower() and COOKIE_NOTICE_RE.search(plain))
        or _byline_author(plain)
        or _by_name(plain)
    ):
        return None
    name, _, role = plain.partition(",")
    if role and _person(name) and (BIO_NOUNS.search(role) or _is_org(role.strip())):
        return None
    score = 1.0 * _title_case_ratio(_words(line)) - 0.05 * i
    # The page repeats its own title in a breadcrumb or a second heading (002: "HomeLatest<title>"):
    # two of the lines hold it. Found in the lines joined by newlines, which no line holds, so an
    # occurrence lies within one line; the second is searched for after the first's line.
    at = joined.find(line)
    if at >= 0 and joined.find(line, joined.find("\n", at + len(line)) + 1 or len(joined)) >= 0:
        score += 3.0
    if after_label:
        score += 1.0
    if lines[i].startswith("# "):  # a markdown H1
        score += 1.5
    if _is_byline(lines, j + 1, labelled):  # the line above a byline or a date
        score += 1.0
    # A series label ("Policy Brief No. 7"), an organisation ("Centre for Peace Studies, Dakar"),
    # a running header (an ALL-CAPS line the pages repeat).
    if series:
        score -= 2.0
    if _is_org(head):
        score -= 1.5
    if _recurs(line, text):
        score -= 1.5
    if line.isupper() and MASTHEAD_RE.match(line):  # "THE HARBOUR REVIEW": the outlet's name
        score -= 2.0
    return score, line, j


def _find_title(
    lines: Sequence[str],
    end: int,
    joined: str,
    labelled: set[int],
    text: str = "",
    site: str | None = None,
) -> tuple[str, int] | None:
    """The title among lines[:end], the lines before the first prose paragraph, and the index of
    its last line; ``joined`` is the lines joined by newlines, ``labelled`` the indices of the
    lines LABEL_RE matches, ``text`` the page's start (where running headers recur), ``site``
    the publisher's name in lower case (a line that is only the site's name is no title)."""
    best: tuple[float, str, int] | None = None
    after_label = False
    # Each line without markup, once: a line is read as a candidate and as the one after it.
    stripped = [_strip_markdown(line) for line in lines[: end + 1]]
    for i in range(end):
        line = lines[i]
        # A teaser heading opens with one of these (lines are stripped; no other letter matches
        # them under IGNORECASE).
        # A bar of items after it ("Trending: X | Y | Z") is a menu, not a heading.
        if line[0] in TEASER_FIRST_LETTERS and TEASER_HEADING_RE.match(line) and " | " not in line:
            break
        found = _title_score(lines, i, after_label, joined, labelled, text, stripped)
        if found is not None and site and found[1].lower() == site:
            found = None
        if found is not None and (best is None or found[0] > best[0]):
            best = found
        after_label = i in labelled or _is_date_line(line)
    if best is None:
        return None
    parts = TITLE_SITE_SEP_RE.split(_unescape(best[1]), maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) <= 5 and SERIES_RE.search(parts[0]):
        # a series label before the title ("Working Paper No. 3 | Title")
        return parts[1], best[2]
    return parts[0], best[2]


def _label_lines(text: str) -> list[tuple[int, re.Match[str]]]:
    """(line index, LABEL_RE's match) of every "Label: value" line of ``text``, lines joined by
    newlines."""
    text = "\n" + text
    return [(text.count("\n", 0, m.start()), m) for m in LABEL_LINE_RE.finditer(text)]


def _label_values(found: Sequence[tuple[int, re.Match[str]]]) -> list[tuple[str, str]]:
    """(label, value) of every "Label: value" line, label lower-cased; found once per page."""
    values = []
    for _, m in found:
        # A label line runs from after its newline to its value's end.
        if m.end() - m.start() - 1 > LABEL_LINE_MAX_CHARS:
            continue
        if not (value := m.group("value").strip() or _value_below(m)):
            continue
        # "By" is a byline only when capitalised or followed by a name alone ("by Jane Doe"):
        # "by the way" starts sentences too.
        if (label := m.group("label")).lower() == "by" and label != "By" and not _person(value):
            continue
        values.append((label.lower(), value))
    return values


# A label alone on its line ("Date:") takes the next non-blank line, if short, as its value.
LABEL_BELOW_MAX_CHARS = 60


def _value_below(m: re.Match[str]) -> str:
    """The value of a "Label:" line whose value sits on the line below (page layouts)."""
    if not m.group(0).rstrip().endswith(":"):
        return ""
    text, at = m.string, m.end()
    for _ in range(2):  # the next line, or the one after a blank line
        end = text.find("\n", at + 1)
        line = text[at + 1 : end if end >= 0 else len(text)].strip()
        if line:
            if len(line) > LABEL_BELOW_MAX_CHARS or _label_match(line):
                return ""
            return line
        if end < 0:
            return ""
        at = end
    return ""


def _labelled(found: Sequence[tuple[str, str]], labels: tuple[str, ...]) -> list[str]:
    return [value for label, value in found if label in labels]


def _find_author(
    top: Sequence[tuple[str, str]],
    bottom: Sequence[str],
    bottom_text: str,
    head: Sequence[str] = (),
    under_title: str | None = None,
) -> str | None:
    for value in _labelled(top, ("author", "written by", "posted by", "words by", "by")):
        if name := _clean_name(value):
            return name
    # A paper's unlabelled author line under its title, then a byline in any header line
    # ("Posted 3 May 2024 by X", "X | Kabul | 3 May 2024").
    if under_title:
        return under_title
    for line in head:
        if name := _byline_author(_unescape(_strip_markdown(line))):
            return name
    # Line by line, the first of: a bio line ("X is a researcher ..."), a bio box (the name on
    # its own line, then the name glued to the author's url, 002). Each is searched for in the
    # joined lines; a bio line wins a tie.
    text = "\n" + bottom_text
    bio_at, bio_name = len(bottom), None
    for m in BIO_LINE_RE.finditer(text):
        i = text.count("\n", 0, m.start())
        if BIO_NOUNS.search(bottom[i]) and m.group("name").split()[0] not in NOT_NAMES:
            bio_at, bio_name = i, m.group("name")
            break
    for m in BIO_BOX_RE.finditer(text):
        i = text.count("\n", 0, m.start())
        if i >= bio_at:
            break
        if name := _clean_name(bottom[i]):
            return name
    return bio_name


def _find_published(
    labels: Sequence[tuple[str, str]],
    head: Sequence[str],
    bottom: Sequence[str],
    dateline_date: dt.date | None = None,
) -> dt.date | None:
    for label_group in (("date", "published", "published on", "publication date", "posted on"),
                        ("updated", "updated on")):  # fmt: skip
        for value in _labelled(labels, label_group):
            if dates := find_date_matches(value):
                return dates[0].date
    for line in head[:DATE_TOP_LINES]:
        if _is_date_line(line):
            return _dates(line)[0].date
    for line in head[:DATE_TOP_LINES]:  # a byline's date ("By X | Updated 3 May 2024")
        if date := _byline_date(_unescape(_strip_markdown(line))):
            return date
    for line in head[:DATE_TOP_LINES]:  # "Received 2 May 2023; published 30 June 2023"
        if (
            "ublished" in line
            and (m := PUBLISHED_MID_RE.search(line))
            and (dates := find_date_matches(line[m.end() : m.end() + 40]))
            and dates[0].start == 0
        ):
            return dates[0].date
    if dateline_date:
        return dateline_date
    # A lone date line at the end, never one of the notes (they date the works cited).
    notes = [
        i
        for i, line in enumerate(bottom)
        if len(line) < 24 and NOTES_HEADING_RE.fullmatch(line.strip("#*_ :"))
    ]
    for line in reversed((bottom[: notes[-1]] if notes else bottom)[-10:]):
        if _is_date_line(line):
            return _dates(line)[0].date
    return None


def _dateline(body: str) -> tuple[dt.date | None, str | None]:
    """The date and agency of a wire dateline ("KABUL, 14 August 2021 (Reuters) -") opening one
    of the body's first paragraphs: a headline and a byline may come before it."""
    for para in body[:DATELINE_CHARS].split("\n\n", DATELINE_PARAGRAPHS)[:DATELINE_PARAGRAPHS]:
        para = para.strip()
        if para[:1].isupper() and (m := DATELINE_RE.match(para)):
            dates = find_date_matches(para[m.end() : m.end() + 40])
            date = dates[0].date if dates and dates[0].start == 0 else None
            outlet = DATELINE_OUTLET_RE.match(para)
            if date or outlet:
                return date, outlet.group("outlet").strip() if outlet else None
        elif para[:1].isupper() and (outlet := DATELINE_OUTLET_RE.match(para)):
            return None, outlet.group("outlet").strip()
        if _is_prose(para[:300]):  # the first paragraph of prose: a dateline opens it or none
            break
    return None, None


def _domain(url: str) -> str | None:
    m = DOMAIN_RE.match(url)
    return m.group(1).lower() if m and "." in m.group(1) else None


def _title_case_caps(name: str) -> str:
    small = {"of", "and", "the", "for", "in", "on", "at"}
    words = name.split()
    return " ".join(
        w.lower() if i and w.lower() in small else "-".join(p.capitalize() for p in w.split("-"))
        for i, w in enumerate(words)
    )


def _first_triggers_slow(distinct: Sequence[str]) -> dict[str, int]:
    """_first_triggers when lower() lengthens a letter ("İ"): offsets into the lowered text are
    mapped with the original line lengths, as they always were (see the report on this quirk)."""
    joined = "\n".join(distinct)
    lowered = joined.lower()
    same_offsets = len(lowered) == len(joined)
    starts = list(itertools.accumulate((len(line) + 1 for line in distinct), initial=0))
    first_trigger: dict[str, int] = {}  # gated line -> offset of its first trigger word
    for trigger in OUTLET_TRIGGERS:
        at = lowered.find(trigger)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            line, offset = distinct[i], at - starts[i]
            first_trigger[line] = min(first_trigger.get(line, offset), offset)
            at = lowered.find(trigger, at + 1)
    gated = [line for line in distinct if line in first_trigger]  # in the order of distinct
    return {line: first_trigger[line] if same_offsets else 0 for line in gated}


def _first_triggers(distinct: Sequence[str]) -> dict[str, int]:
    """Line -> offset of its first trigger word (case-insensitive), for the lines holding one,
    in the order of ``distinct``."""
    joined = "\n".join(distinct)
    if "\u0130" in joined:  # the one letter whose lower() is two characters long
        return _first_triggers_slow(distinct)
    # UTF-8 bytes lowered: bytes.lower() lowers A-Z only, which is all str.lower() does for a
    # trigger word here (the only other letter lowered to ASCII, the Kelvin sign, gives "k", in
    # none), and it is ~10x cheaper on non-ASCII text. "©" has no case: found in the str, where
    # it is one character. A line is numbered by the newlines before it.
    data = joined.encode().lower()
    found: set[int] = set()
    for trigger in OUTLET_TRIGGER_BYTES:
        at = data.find(trigger)
        while at >= 0:
            found.add(data.count(b"\n", 0, at))
            end = data.find(b"\n", at)  # the rest of this line is gated already
            at = data.find(trigger, end) if end >= 0 else -1
    at = joined.find("©")
    while at >= 0:
        found.add(joined.count("\n", 0, at))
        end = joined.find("\n", at)
        at = joined.find("©", end) if end >= 0 else -1
    first_trigger: dict[str, int] = {}
    for i in sorted(found):
        lowered = distinct[i].lower()
        first_trigger[distinct[i]] = min(
            at for trigger in OUTLET_TRIGGERS if (at := lowered.find(trigger)) >= 0
        )
    return first_trigger


def _find_publisher(
    top: Sequence[str],
    head: Sequence[str],
    bottom: Sequence[str],
    url: str | None,
    dateline_outlet: str | None = None,
) -> str | None:
    # On a short page top and bottom are the same lines: each distinct line is searched once.
    same = bottom == top
    first_trigger = _first_triggers(list(dict.fromkeys(bottom if same else [*bottom, *top])))
    for line, at in first_trigger.items():
        if m := OUTLET_RE.search(line, max(0, at - OUTLET_LOOKBACK)):
            name = (m.group("quoted") or m.group("bare") or "").strip(" .,;")
            first = name.split()[0].lower().rstrip(".") if name else ""
            if first and first not in MONTHS and name.lower() not in {"the", "all", "all rights"}:
                return name
    # One search of the lines joined, each after a newline, instead of a match per line.
    text = "\n".join(("", *top) if same else ("", *top, *bottom))
    series = None  # a series' masthead ("X REVIEW   Policy Brief No. 7"), after an affiliation
    for m in MASTHEAD_LINE_RE.finditer(text):
        if set(m.group("name").split()) - GENERIC_MASTHEAD_WORDS:
            line_end = text.find("\n", m.end())
            if not SERIES_RE.search(text, m.end(), line_end if line_end >= 0 else len(text)):
                return _title_case_caps(m.group("name"))
            series = series or _title_case_caps(m.group("name"))
    # The agency of a wire dateline ("(Nordic Wire) -"), the outlet field of a byline line
    # ("*Harbour Review* · By X · 3 May 2024").
    if dateline_outlet:
        return dateline_outlet
    for line in head[:DATE_TOP_LINES]:
        if name := _outlet_field(line):
            return name
    for line in head:  # an affiliation ("Centre for Peace Studies, Dakar")
        if _is_org(name := _head(line)):
            return _title_case_caps(name) if name.isupper() else name
    if series:
        return series
    for line in head:
        if "." in line and (m := DOMAIN_LINE_RE.match(line)) and "@" not in line:
            return m.group("domain").lower().removeprefix("www.")
    return _domain(url) if url else None


def _byline_fields(line: str) -> list[str]:
    """The fields of a byline line ("*Outlet* · By X · 3 May 2024 · [link](url)"): a line of
    fields, one of them "By NAME" or a date; [] for any other line."""
    if len(line) > LABEL_LINE_MAX_CHARS or not (" · " in line or " | " in line):
        return []
    fields = FIELD_SEP_RE.split(line)
    if len(fields) < 3:
        return []
    plain = [_unescape(_strip_markdown(field)) for field in fields]
    if any(f.startswith(("By ", "by ")) for f in plain) and _byline_date(" | ".join(plain)):
        return fields
    return []


def _outlet_field(line: str) -> str | None:
    """The outlet of a byline line of fields: its first field, set in emphasis, capitalised
    words and no person ("*Harbour Review* · By X · 3 May 2024")."""
    if not line.startswith(("*", "_")) or not (fields := _byline_fields(line)):
        return None
    first = fields[0]
    name = _unescape(first).strip(" *_")
    if first.strip("*_") == name and len(first) > len(name) and not DIGIT_RE.search(name):
        words = name.split()
        if 1 <= len(words) <= 6 and _title_case_ratio(words) == 1.0 and not _person(name):
            return name
    return None


def _find_url(top: Sequence[tuple[str, str]], head: Sequence[str]) -> str | None:
    for value in _labelled(top, ("url", "source", "link", "canonical", "originally published at")):
        if m := URL_RE.search(value):
            return m.group(0).rstrip(".,;")
    for line in head[:DATE_TOP_LINES]:
        if LONE_URL_RE.match(line):
            return line.rstrip(".,;")
    for line in head[:DATE_TOP_LINES]:  # a link field of a byline line ("· [x.org/a](url)")
        if "](" in line and (fields := _byline_fields(line)):
            for field in fields:
                if (m := MARKDOWN_LINK_RE.fullmatch(field.strip())) and LONE_URL_RE.match(
                    url := m.group("url")
                ):
                    return url.rstrip(".,;")
    return None


def _author_under_title(lines: Sequence[str], k: int, labelled: set[int]) -> str | None:
    """A paper's unlabelled author: a name line right under the title ("Jane Doe" or "Jane Doe,
    Senior Fellow") with a role, or followed by a byline, a date or an affiliation."""
    if k >= len(lines) or k in labelled:
        return None
    line = _unescape(_strip_markdown(lines[k]))
    if not _name_line(line):
        return None
    name, _, role = line.partition(",")
    nxt = lines[k + 1] if k + 1 < len(lines) else ""
    if (
        BIO_NOUNS.search(role)
        or _is_org(role.strip())
        or _is_byline(lines, k + 1, labelled)
        or _is_org(AFFILIATION_SEP_RE.split(nxt, maxsplit=1)[0])
        or (len(nxt) <= 80 and AFFILIATION_RE.search(nxt) is not None and nxt[:1].isupper())
    ):
        return name.strip(" *_")
    return None


def _drop_translation(line: str) -> str:
    """ "Автор / Author: X" -> "Author: X": a label after its non-Latin translation."""
    prefix, _, rest = line.partition(" / ")
    if LATIN_RE.search(prefix) is None and _label_match(rest):
        return rest
    return line


# Markdown front matter: "---" lines around "key: value" lines, at the very top of the file.
FRONT_MATTER_RE = re.compile(
    r"\A\s*---[ \t]*\r?\n(?P<fields>(?:.*\r?\n){1,40}?)---[ \t]*(?:\r?\n|\Z)"
)
FRONT_FIELD_RE = re.compile(
    r"^(?P<key>[A-Za-z][\w\-]*)[ \t]*:[ \t]*(?P<value>\S.*?)\s*$", re.MULTILINE
)
# Every line of front matter is a field, a YAML list item or comment, or a blank.
FRONT_OTHER_LINE_RE = re.compile(r"^(?![ \t]*(?:[A-Za-z][\w\-]*[ \t]*:|- |#|\r?$))", re.MULTILINE)
FRONT_KEYS = {
    "title": "title", "headline": "title",
    "author": "author", "authors": "author", "byline": "author",
    "date": "published", "published": "published", "pubdate": "published",
    "publication": "publisher", "publisher": "publisher", "outlet": "publisher",
    "site_name": "publisher", "site": "publisher",
    "url": "url", "canonical_url": "url", "canonical": "url", "link": "url",
}  # fmt: skip


def _front_matter(raw: str) -> dict[str, str]:
    """The metadata fields of a markdown file's front matter ("---", "title: X", ..., "---")."""
    if not raw[:8].lstrip().startswith("---") or not (m := FRONT_MATTER_RE.match(raw)):
        return {}
    if FRONT_OTHER_LINE_RE.search(m.group("fields")):  # prose between two rules
        return {}
    found: dict[str, str] = {}
    for f in FRONT_FIELD_RE.finditer(m.group("fields")):
        field = FRONT_KEYS.get(f.group("key").lower())
        value = f.group("value")
        if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].strip()
        if field and value and field not in found:
            found[field] = value
    return found


# What the rules above memoise for one page, cleared for the next.
_PAGE_MEMOS = (
    _dates,
    _is_date_line,
    _is_byline_line,
    _byline_author,
    _byline_date,
    _word_count,
    _head,
)


def find_metadata(raw: str, cleaned: Cleaned) -> Metadata:
    """Title, author, published date, publisher and url of one article; None where not found."""
    for memo in _PAGE_MEMOS:
        memo.cache_clear()
    if len(raw) <= min(TOP_CHARS, BOTTOM_CHARS):  # one read serves both ends of a short page
        lines = _lines(raw)
        top, bottom = lines[:TOP_LINES], lines[-BOTTOM_LINES:]
    else:
        top = _lines(raw[:TOP_CHARS])[:TOP_LINES]
        bottom = _lines(raw[-BOTTOM_CHARS:])[-BOTTOM_LINES:]
    # A label after its translation ("Автор / Author: X"): the label line.
    top = [
        _drop_translation(line) if " / " in line and not line.isascii() else line for line in top
    ]
    head = _header(top)
    dateline_date, dateline_outlet = _dateline(cleaned.body)
    # Each end joined once: label lines, bio lines and repeated titles are searched in the text.
    top_text = "\n".join(top)
    top_found = _label_lines(top_text)
    if bottom == top:  # a short page: the same lines
        bottom_text, bottom_found = top_text, top_found
    else:
        bottom_text = "\n".join(bottom)
        bottom_found = _label_lines(bottom_text)
    top_labels = _label_values(top_found)
    front = _front_matter(raw)
    url = _find_url(top_labels, head)
    if "url" in front and (m := URL_RE.search(front["url"])):
        url = m.group(0).rstrip(".,;")
    publisher = front.get("publisher") or _find_publisher(top, head, bottom, url, dateline_outlet)
    labelled = {i for i, _ in top_found}
    site = publisher.lower() if publisher else None
    found = _find_title(top, len(head), top_text, labelled, raw[:RECUR_CHARS], site)
    title, under_title = front.get("title"), None
    if found:
        title, last = title or found[0], found[1]
        under_title = _author_under_title(top, last + 1, labelled)
    published = None
    if "published" in front and (dates := find_date_matches(front["published"])):
        published = dates[0].date
    return Metadata(
        title=title,
        author=(_clean_name(front["author"]) if "author" in front else None)
        or _find_author(top_labels, bottom, bottom_text, head, under_title),
        published=published
        or _find_published(top_labels + _label_values(bottom_found), head, bottom, dateline_date),
        publisher=publisher,
        url=url,
    )
