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

from factbase.ingest.dates import MONTHS, find_date_matches
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
# A date line is mostly its date: the longest form, "Wednesday, September 30, 2025", plus a label.
DATE_LINE_MAX_CHARS = 60
# "Author: ...", "Published: ..." lines are short; long lines are prose, never scanned for labels.
LABEL_LINE_MAX_CHARS = 200

LABEL_RE = re.compile(
    r"""^\s*(?:[*#>_\s]*)(?P<label>author|written\ by|posted\ by|words\ by|by
        |date|published(?:\ on)?|publication\ date|posted\ on|updated(?:\ on)?
        |url|source|link|canonical|originally\ published\ at)
        \s*[:\-–]?\s*(?P<value>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
# Possessive runs, no "[" in the text and no "](" in the url: a failed attempt stops at the
# next link ("[[[..." and "[a]([a](..." were quadratic, 0.3 s for a 20 KB line).
MARKDOWN_LINK_RE = re.compile(r"\[(?P<text>[^\[\]\n]*+)\]\((?P<url>(?:[^)\s\]]++|\](?!\())*+)\)")
URL_RE = re.compile(r"""(?:https?://|www\.)[^\s<>"'“”()\[\]]+""", re.VERBOSE | re.IGNORECASE)
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
BIO_RE = re.compile(
    r"""^(?P<name>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3})\s*(?:[–—-]|,)?\s*
        (?:is|was|has\ been)\s+(?:a|an|the)?\b""",
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
OUTLET_NOUNS = (
    "JOURNAL|TIMES|NEWS|POST|TRIBUNE|MAGAZINE|HERALD|REVIEW|OUTLOOK|MONITOR|GAZETTE|DAILY|EXPRESS"
    "|OBSERVER|CHRONICLE|DIGEST|DISPATCH|INSIDER|WEEKLY|TELEGRAPH|GUARDIAN|STANDARD|NATION|INSTITUTE"
)
MASTHEAD_RE = re.compile(
    rf"""^\s*(?P<name>(?:THE\s+)?(?:[A-Z][A-Z&'’.]+\s+){{0,4}}(?:{OUTLET_NOUNS}))\b\s*(?:[-–|:,]|$)""",
    re.VERBOSE,
)
# Masthead words that name a section of any site ("LATEST NEWS"), not an outlet.
_GENERIC = "THE LATEST BREAKING TOP MORE RELATED WORLD ENGLISH LOCAL BUSINESS SPORTS"
GENERIC_MASTHEAD_WORDS = frozenset(f"{_GENERIC} {OUTLET_NOUNS.replace('|', ' ')}".split())
# A line after which the top of the page is teasers for other articles, not this one's header.
TEASER_HEADING_RE = re.compile(
    r"^\s*(?:related\s+(?:stories|posts|articles)|read\s+more|latest\s+stories|more\s+stories"
    r"|most\s+popular|trending|recommended|you\s+may\s+also\s+like|also\s+read)\b",
    re.IGNORECASE,
)
DATELINE_RE = re.compile(r"\s*[A-Z][A-Z .'\-]{1,30},\s*")  # "KABUL, 14 August 2021 (Reuters) -"
# Every label above starts with one of these letters once leading markup is stripped; "ſ" is
# there because IGNORECASE matches it to "s". Lines starting otherwise skip LABEL_RE, which cannot
# be anchored on a literal and cost ~1.5 µs a line (measured: a third of this stage's time).
LABEL_FIRST_LETTERS = frozenset("awpbduslcoſ")
LABEL_LEAD = "*#>_ \t\n\r\x0b\x0c"
DIGIT_RE = re.compile(r"\d")
WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
LATIN_RE = re.compile(r"[A-Za-z]")
LETTER_RE = re.compile(r"[^\W\d_]")
GLUED_CAMEL_RE = re.compile(r"[a-z’'][A-Z][a-z]+[A-Z]")  # "HomeLatestTaliban’s": a breadcrumb
CAPTION_RE = re.compile(r"\b(?:photo|image|picture|courtesy|credit|file)\b|@\w", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"[.!?]['’\"”)]?\s+[A-Z]|[.]['’\"”)]?$")
_SMALL = "a an and as at but by for from in into of on or the to with vs via per nor is are its"
SMALL_WORDS = frozenset(_SMALL.split())
_NOT_NAMES = """The This That These Those It He She They We In On At For And But Our Your
    Home Latest News"""
NOT_NAMES = frozenset(_NOT_NAMES.split())


# Per-line tests are memoised for one page (find_metadata clears them): the title, author, date
# and url rules ask them of the same lines, up to four times each. Lines rarely repeat across
# pages, so keeping them longer would only flatter a benchmark that repeats its corpus.
@lru_cache(maxsize=1024)
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


def _is_latin(line: str) -> bool:
    if line.isascii():  # every letter is A-Z or a-z
        return LATIN_RE.search(line) is not None
    letters = len(LETTER_RE.findall(line))
    return letters > 0 and len(LATIN_RE.findall(line)) >= 0.8 * letters


@lru_cache(maxsize=1024)
def _is_prose(line: str) -> bool:
    """A body paragraph (or a hard-wrapped piece of one): the header is over."""
    return (
        line.count(" ") >= 9
        and SENTENCE_END_RE.search(line) is not None
        # Words of a prefix first: a long paragraph has ten of them within its first 300 chars.
        and (len(WORD_RE.findall(line, 0, 300)) >= 10 or len(_words(line)) >= 10)
    )


def _header(top: Sequence[str]) -> Sequence[str]:
    """The top lines before the first prose paragraph: a url or date after it is the text's."""
    for i, line in enumerate(top):
        if _is_prose(line):
            return top[:i]
    return top


def _title_case_ratio(words: Sequence[str]) -> float:
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


@lru_cache(maxsize=1024)
def _is_date_line(line: str) -> bool:
    if len(line) > DATE_LINE_MAX_CHARS or DIGIT_RE.search(line) is None:
        return False  # every DATE_RE form holds a digit
    dates = find_date_matches(line)
    return bool(dates) and sum(d.end - d.start for d in dates) >= 0.6 * len(line.strip(" :|-"))


def _clean_name(value: str) -> str | None:
    """A byline value -> a name, or None when it does not look like one."""
    value = MARKDOWN_LINK_RE.sub(r"\g<text>", value).strip(" *_:|,-–")
    for d in find_date_matches(value):  # "By Jane Doe, March 3, 2022"
        value = value[: d.start].rstrip(" ,|-–")
        break
    value = re.split(r"\s*[|,/•]\s*|\s+[-–—]\s+|\s+(?:and|&)\s+(?=[A-Z])", value, maxsplit=1)[0]
    m = NAME_RE.fullmatch(value.strip())
    if m is None or m.group("name").split()[0] in NOT_NAMES:
        return None
    return m.group("name")


MENU_SEPARATOR_RE = re.compile(r"\s+[|•·»/]\s+")
MENU_MIN_ITEMS = 3
MENU_ITEM_MAX_WORDS = 3


def _title_score(lines: Sequence[str], i: int, after_label: bool) -> float | None:
    line = _strip_markdown(lines[i])
    # Cheap tests first; an empty line has no words and fails below anyway.
    if not line or line.endswith((".", ":", ",", ";", "|")) or line[0].islower():
        return None
    words = _words(line)
    if not (TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS) or not _is_latin(line):
        return None
    if URL_RE.search(line):
        return None
    if _label_match(line) or _is_date_line(line) or CAPTION_RE.search(line):
        return None
    if i + 1 < len(lines) and lines[i + 1][:1].islower():  # a hard-wrapped paragraph's first line
        return None
    if GLUED_CAMEL_RE.search(line):
        return None
    # A menu bar ("Home | World | Business | Contact"): three or more short items between
    # separators. Two items are a title and its site ("Title | Outlet"), handled by the caller.
    items = MENU_SEPARATOR_RE.split(line)
    if len(items) >= MENU_MIN_ITEMS and all(len(it.split()) <= MENU_ITEM_MAX_WORDS for it in items):
        return None
    score = 2.0 * _title_case_ratio(words) - 0.05 * i
    # The page repeats its own title in a breadcrumb or a second heading (002: "HomeLatest<title>").
    if sum(line in other for other in lines) >= 2:
        score += 3.0
    if after_label:
        score += 1.0
    return score


def _find_title(lines: Sequence[str]) -> str | None:
    best: tuple[float, str] | None = None
    after_label = False
    for i, line in enumerate(lines):
        if TEASER_HEADING_RE.match(line) or _is_prose(line):
            break
        score = _title_score(lines, i, after_label)
        if score is not None and (best is None or score > best[0]):
            title = _strip_markdown(line)
            best = (score, re.split(r"\s+\|\s+", title, maxsplit=1)[0])
        after_label = _is_date_line(line) or _label_match(line) is not None
    return best[1] if best else None


def _label_values(lines: Sequence[str]) -> list[tuple[str, str]]:
    """(label, value) of every "Label: value" line, label lower-cased; found once per page."""
    values = []
    for line in lines:
        m = _label_match(line) if len(line) <= LABEL_LINE_MAX_CHARS else None
        if m and m.group("value").strip():
            # "By" is a byline only when capitalised: "by the way" starts sentences too.
            if m.group("label").lower() == "by" and m.group("label") != "By":
                continue
            values.append((m.group("label").lower(), m.group("value").strip()))
    return values


def _labelled(found: Sequence[tuple[str, str]], labels: tuple[str, ...]) -> list[str]:
    return [value for label, value in found if label in labels]


def _find_author(top: Sequence[tuple[str, str]], bottom: Sequence[str]) -> str | None:
    for value in _labelled(top, ("author", "written by", "posted by", "words by", "by")):
        if name := _clean_name(value):
            return name
    for i, line in enumerate(bottom):
        m = BIO_RE.match(line)
        if m and BIO_NOUNS.search(line) and m.group("name").split()[0] not in NOT_NAMES:
            return m.group("name")
        # A bio box: the name on its own line, then the name glued to the author's url (002).
        nxt = bottom[i + 1] if i + 1 < len(bottom) else ""
        if nxt.startswith(line) and URL_RE.match(nxt, len(line)) and (name := _clean_name(line)):
            return name
    return None


def _find_published(
    labels: Sequence[tuple[str, str]], head: Sequence[str], bottom: Sequence[str], body: str
) -> dt.date | None:
    for label_group in (("date", "published", "published on", "publication date", "posted on"),
                        ("updated", "updated on")):  # fmt: skip
        for value in _labelled(labels, label_group):
            if dates := find_date_matches(value):
                return dates[0].date
    for line in head[:DATE_TOP_LINES]:
        if _is_date_line(line):
            return find_date_matches(line)[0].date
    first_para = body[:400].split("\n\n", 1)[0]
    m = DATELINE_RE.match(first_para)
    if m:
        dates = find_date_matches(first_para[m.end() : m.end() + 40])
        if dates and dates[0].start == 0:
            return dates[0].date
    for line in reversed(bottom[-10:]):
        if _is_date_line(line):
            return find_date_matches(line)[0].date
    return None


def _domain(url: str) -> str | None:
    m = re.match(r"(?:https?://)?(?:www\.)?([^/\s:]+)", url, re.IGNORECASE)
    return m.group(1).lower() if m and "." in m.group(1) else None


def _title_case_caps(name: str) -> str:
    small = {"of", "and", "the", "for", "in", "on", "at"}
    words = name.split()
    return " ".join(
        w.lower() if i and w.lower() in small else w.capitalize() for i, w in enumerate(words)
    )


def _find_publisher(
    top: Sequence[str], head: Sequence[str], bottom: Sequence[str], url: str | None
) -> str | None:
    lines = [*bottom, *top]
    # On a short page top and bottom are the same lines: each distinct line is searched once.
    distinct = list(dict.fromkeys(lines))
    joined = "\n".join(distinct)
    lowered = joined.lower()
    same_offsets = len(lowered) == len(joined)  # lower() lengthens a few letters ("İ")
    starts = list(itertools.accumulate((len(line) + 1 for line in distinct), initial=0))
    first_trigger: dict[str, int] = {}  # gated line -> offset of its first trigger word
    for trigger in OUTLET_TRIGGERS:
        at = lowered.find(trigger)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            line, offset = distinct[i], at - starts[i]
            first_trigger[line] = min(first_trigger.get(line, offset), offset)
            at = lowered.find(trigger, at + 1)
    for line in lines:
        if line not in first_trigger:
            continue
        lo = max(0, first_trigger[line] - OUTLET_LOOKBACK) if same_offsets else 0
        if m := OUTLET_RE.search(line, lo):
            name = (m.group("quoted") or m.group("bare") or "").strip(" .,;")
            first = name.split()[0].lower().rstrip(".") if name else ""
            if first and first not in MONTHS and name.lower() not in {"the", "all", "all rights"}:
                return name
    for line in list(top) + list(bottom):
        # A masthead opens with two capitals ("THE", "NEW EASTERN"); lines are stripped.
        m = MASTHEAD_RE.match(line) if line[:2].isupper() else None
        if m and set(m.group("name").split()) - GENERIC_MASTHEAD_WORDS:
            return _title_case_caps(m.group("name"))
    for line in head:
        if (m := DOMAIN_LINE_RE.match(line)) and "@" not in line:
            return m.group("domain").lower().removeprefix("www.")
    return _domain(url) if url else None


def _find_url(top: Sequence[tuple[str, str]], head: Sequence[str]) -> str | None:
    for value in _labelled(top, ("url", "source", "link", "canonical", "originally published at")):
        if m := URL_RE.search(value):
            return m.group(0).rstrip(".,;")
    for line in head[:DATE_TOP_LINES]:
        if LONE_URL_RE.match(line):
            return line.rstrip(".,;")
    return None


def find_metadata(raw: str, cleaned: Cleaned) -> Metadata:
    """Title, author, published date, publisher and url of one article; None where not found."""
    for memo in (_label_match, _is_prose, _is_date_line):
        memo.cache_clear()
    if len(raw) <= min(TOP_CHARS, BOTTOM_CHARS):  # one read serves both ends of a short page
        lines = _lines(raw)
        top, bottom = lines[:TOP_LINES], lines[-BOTTOM_LINES:]
    else:
        top = _lines(raw[:TOP_CHARS])[:TOP_LINES]
        bottom = _lines(raw[-BOTTOM_CHARS:])[-BOTTOM_LINES:]
    head = _header(top)
    top_labels = _label_values(top)
    url = _find_url(top_labels, head)
    return Metadata(
        title=_find_title(top),
        author=_find_author(top_labels, bottom),
        published=_find_published(top_labels + _label_values(bottom), head, bottom, cleaned.body),
        publisher=_find_publisher(top, head, bottom, url),
        url=url,
    )
