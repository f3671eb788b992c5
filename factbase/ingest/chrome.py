"""Site chrome: the lines of a page that are not the article (menus, share buttons, bylines,
date lines, cookie notices, comment forms, teaser blocks, photo credits, author boxes and bios,
page furniture, non-Latin mastheads).

Lines are judged by their shape and by tables of page vocabulary, never by seed strings.
``drop_chrome`` blanks such lines in place (the blanks keep paragraph breaks) and marks bullets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Protocol, TypeVar

__all__ = ["MONTH_PATTERN", "TERMINAL", "drop_chrome"]


class ChromeLine(Protocol):
    """What drop_chrome reads and writes of a line (clean's _Line)."""

    text: str
    bullet: bool
    heading: bool


L = TypeVar("L", bound=ChromeLine)

# Characters that end a sentence or a clause at the end of a line.
TERMINAL = frozenset(".!?…:;")

MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)

# The branches of _CHROME_LINE that test letter case: bylines, font-size toggles (AA-AA).
_CASED_CHROME = r"""
    by\ (?-i:[A-Z])[\w.'’-]*(?:\ (?-i:[A-Z])[\w.'’-]*){0,4}
    | (?-i:[A-Z]{1,3}(?:[-–][A-Z]{1,3})+)
"""

# Whole lines (case-insensitive fullmatch on the plain text) that are page furniture.
_CHROME_LINE_SOURCE = (
    r"""
    (?: home | latest | news | menu | search | subscribe | sign\ ?(?:in|up) | log\ ?(?:in|out)
      | register | skip\ to\ (?:main\ )?content | advertisement | advertisements | sponsored
      | share(?:\ this(?:\ article|\ story|\ post)?)? | print | e-?mail | copy\ link | rss
      | \d*\ ?comments? | table\ of\ contents | contents | privacy\ overview | privacy\ policy
      | terms\ of\ (?:use|service) | cookie\ (?:policy|settings|preferences) | accept(?:\ all)?
      | reject(?:\ all)? | close | back\ to\ top | follow\ us(?:\ on)? | newsletter | tags?
      | youtube | facebook | twitter | x | instagram | linkedin | whatsapp | telegram | pinterest
      | reddit | tiktok | vk | tumblr | flipboard
    )\ ?:?
    # share buttons naming their network: "Share on LinkedIn", "Share via WhatsApp Share on X"
    | (?: (?:share|post|tweet|send)\ (?:on|via|to|by)\ (?:facebook|twitter|x|linkedin|whatsapp
          |telegram|reddit|pinterest|e-?mail|tumblr|vk|flipboard|bluesky|threads|mastodon
          |messenger|xing|weibo|wechat|line)\ ?)+
    # lone labels, possibly with a short value: "Date:", "Author: Taut Bataut"
    | (?: date | publication | published(?:\ on)? | updated(?:\ on)? | posted(?:\ on)? | authors?
        | source | tags? | categor(?:y|ies) | filed\ under | share | photo | image | credit
        | written\ by | edited\ by | reporting\ by | topics? | keywords? | section | by )
      \ ?:\ ?[^.!?]{0,60}
    # bylines and font-size toggles
    | """
    + _CASED_CHROME
    + r"""
    # date-only lines: 07.05.2024, Monday, May 12, 2025, 12 May 2025, 2025-05-12, May 2025, 2025
    | (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\ )?
      (?: """
    + MONTH_PATTERN
    + r"""\ \d{1,2}(?:st|nd|rd|th)?,?\ \d{4}
        | \d{1,2}(?:st|nd|rd|th)?\ """
    + MONTH_PATTERN
    + r""",?\ \d{4}
        | """
    + MONTH_PATTERN
    + r"""\ \d{4}
        | \d{1,2}[./-]\d{1,2}[./-]\d{2,4} | \d{4}-\d{2}-\d{2} | (?:19|20)\d{2} )
      (?:,?\ (?:at\ )?\d{1,2}[:.]\d{2}(?:\ ?[ap]\.?m\.?)?)?
    # URL-only and email-only lines
    | (?:https?://|www\.)\S+ | [\w.+-]++@[\w-]++(?:\.[\w-]++)+
    # widget tokens: spot_img
    | [a-z]++(?:_[a-z0-9]++)+
    # OCR page furniture: page numbers, a lone "|", rules
    | [|¦•·*_=~.\s–—-]* | (?:page\ ?)?\d{1,3}(?:\ ?(?:/|of)\ ?\d{1,3})? | [-–]\ ?\d{1,3}\ ?[-–]
    | \d{1,3}\ ?\|\ ?page | page\ ?\|\ ?\d{1,3}
    # photo credits on their own line
    | \(?(?:photo|image|picture|pic|file\ photo|photograph)s?(?:\ courtesy)?\ ?
      (?::|by|credit)[^.]*\)?
    | (?:photo\ )?courtesy(?:\ of)?\ ?:?[^.]{0,60}
    """
)
_CHROME_LINE = re.compile(_CHROME_LINE_SOURCE, re.VERBOSE | re.IGNORECASE)

# _CHROME_LINE is a long alternation the engine tries branch by branch (~1.7 µs a line). Read off
# its branches: a line longer than CHROME_SHORT ("skip to main content :") matches only if it
# holds a digit, ":", "@", "_" or a dash, or opens with one of CHROME_PREFIXES (bylines, photo
# credits, urls, rules of furniture characters) or with a character outside ASCII (IGNORECASE
# folds "İ" to "i"). Other lines skip the regex.
CHROME_SHORT = 22
CHROME_PREFIXES = (
    "by ", "pho", "ima", "pic", "fil", "cou", "htt", "www", "(", "|", "*", "_", "=", "~", ".", "-",
    " ", "sha", "pos", "twe", "sen",
)  # fmt: skip
_CHROME_HINT = re.compile(r"[\d:@_\-–]")

# Comment forms: the line itself is chrome, and nothing after it is article text.
_COMMENT_FORM = re.compile(
    r"""
    leave\ a\ (?:reply|comment) | post\ a\ comment | add\ a\ comment | comments\ are\ closed
    | please\ enter\ your\ (?:comment|name|e-?mail)[^.]* | cancel\ reply | submit\ comment
    | you\ have\ entered\ an\ incorrect\ e-?mail\ address!? | post\ comment
    | save\ my\ name,?\ e-?mail,?\ and\ website\b.* | you\ must\ be\ logged\ in\ to\ post\b.*
    | notify\ me\ of\ (?:follow-up\ comments|new\ posts)\b.*
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Every _COMMENT_FORM / _TEASER_HEADER branch opens with one of these letters (either case);
# "ſ" folds to "s" under IGNORECASE, so lines opening outside ASCII still run the regex. Most
# lines open otherwise and skip two fullmatch calls (small: clean ~1% faster, measured).
COMMENT_FORM_FIRST = frozenset("lpacsynLPACSYN")
TEASER_HEADER_FIRST = frozenset("rlmyatpsedRLMYATPSED")
# An ASCII line lower-cased matches _COMMENT_FORM_FOLDED only if it opens with one of these (the
# first three letters of its branches): most lines opening with one of the letters above do not.
COMMENT_FORM_HEADS = frozenset(
    ["lea", "pos", "add", "com", "ple", "can", "sub", "you", "sav", "not"]
)
_COMMENT_FORM_STARTS = re.compile(r"leave a (?:reply|comment)|post a comment|add a comment", re.I)

# Cookie and consent notices, anywhere in a line (they are often glued to a site name).
_COOKIE_NOTICE = re.compile(
    r"""
    \b(?:this|our)\ (?:web)?site\ uses\ cookies | \bwe\ use\ cookies | \buse\ of\ cookies
    | \bcookie\ (?:information|policy|settings|preferences|consent)\b | \baccept\ (?:all\ )?cookies
    | \bcookies\ (?:so\ that|to\ (?:give|improve|ensure|provide))
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Headers of teaser blocks: "Related stories", "Read more on Afghanistan", "Latest stories".
# Not "Further reading": the author's sources, citations.
_TEASER_HEADER = re.compile(
    r"""
    (?: related(?:\ (?:stories|articles|posts|news|content|reading))? | read\ (?:more|also|next)
      | latest\ (?:stories|news|posts|articles) | more\ (?:stories|news|articles)
      | more\ (?:from|on|in|about)\ .{1,40} | you\ (?:may|might)\ (?:also\ )?like | also\ read
      | recommended(?:\ for\ you|\ stories|\ articles)? | trending(?:\ now|\ stories)?
      | most\ (?:popular|read|viewed|shared) | popular\ (?:posts|stories) | see\ also
      | editor'?s\ picks? | don'?t\ miss )
    (?:\ (?:on|about|from)\ .{1,40})? \ ?:?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# IGNORECASE is slow: the engine folds every character it compares and cannot skip a branch by
# its first character. So an ASCII line is matched lower-cased against these patterns compiled
# without IGNORECASE (~2x faster): their literals are all lower case, so on a lower-cased ASCII
# line they match as they would with IGNORECASE on the line as it is. _CHROME_LINE's cased
# branches (which never match a lower-cased line) run on the line as it is, if it opens with
# "by " (a byline) or holds no space (a font-size toggle).
_CHROME_LINE_FOLDED = re.compile(_CHROME_LINE_SOURCE, re.VERBOSE)
_CHROME_LINE_CASED = re.compile(_CASED_CHROME, re.VERBOSE | re.IGNORECASE)
_COMMENT_FORM_FOLDED = re.compile(_COMMENT_FORM.pattern, re.VERBOSE)
_TEASER_HEADER_FOLDED = re.compile(_TEASER_HEADER.pattern, re.VERBOSE)

# Menu and language bars: three or more short items between separators ("World | Business |
# Sport", "Français | English | 日本語"), as header.py's title scoring tells a menu from a title.
# Items with digits are a masthead's or a table's fields ("Paper No. 4 | June 2023"), kept.
_MENU_SEPARATOR = re.compile(r" [|•·»/] ")
MENU_MIN_ITEMS = 3
MENU_ITEM_MAX_WORDS = 3
MENU_MAX_CHARS = 150
_DIGIT = re.compile(r"\d")

# Copyright footers: "© 2024 Example Media · Tel. ...", "Copyright (c) 2023 Example Ltd".
_COPYRIGHT = re.compile(r"©|\(c\)\ |copyright\ (?:©|\(c\)|\d{4})", re.IGNORECASE)
COPYRIGHT_MAX_CHARS = 200
COPYRIGHT_FIRST = "©(cC"  # a line _COPYRIGHT matches opens with one of these

# Breadcrumbs: "Home > World", "HomeLatest<title>" (menu words glued together).
_BREADCRUMB = re.compile(r"Home(?:\s*[>/»›|:]|(?=[A-Z]))")

# Photo captions that end in a credit: "... (Photo courtesy: @KremlinRussia_E/Twitter)".
_CAPTION_CREDIT = re.compile(
    r"""(?: \((?:photo|image|picture|pic|file\ photo|photograph|credit)s?\b[^)]*\)
          | [|–—-]\ ?(?:photo|image|picture|credit)s?\ ?:[^.]{1,60} )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)

# Author boxes: a name glued to or followed by the author's URL.
_NAME_URL = re.compile(
    r"(?P<name>[A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){0,4})\ ?(?:https?://|www\.)\S+", re.VERBOSE
)
# Author bios: "Taut Bataut – is a researcher and writer that publishes on ...".
_BIO_NAME = re.compile(
    r"[A-Z][\w.'’-]+(?:\ [A-Z][\w.'’-]+){1,4}\ ?(?:[,(–—-]|\ (?:is|was|has\ been)\ )"
)
_BIO_ROLE = re.compile(
    r"""\b(?:researcher|journalist|writer|analyst|author|editor|columnist|correspondent
        |contributor|professor|fellow|scholar|reporter|commentator|lecturer|blogger|host
        |student|expert)s?\b""",
    re.VERBOSE | re.IGNORECASE,
)
_BIO_SIGNAL = re.compile(
    r"""\b(?:exclusively\ for|publishes\ on|writes\ (?:on|about|for)|can\ be\ (?:follow|reached
        |contacted)|follow\ (?:him|her|them)\ on|is\ the\ author\ of|(?:his|her)\ work\ has
        |views\ expressed)\b|\ @\w{3,}""",
    re.VERBOSE | re.IGNORECASE,
)

# Fast pre-check (plain ranges): Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, Thai, Georgian,
# Ethiopic, Hangul, kana and CJK. Lines without any of these skip the exact letter count.
_NON_LATIN_HINT = re.compile(
    r"[\u0370-\u03FF\u0400-\u052F\u0530-\u058F\u0590-\u08FF\u0900-\u0DFF\u0E00-\u0FFF"
    r"\u10A0-\u10FF\u1100-\u11FF\u1200-\u137F\u3040-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]"
)
# Letters are counted by deleting the rest: findall would build one string per letter (~4x slower).
_NOT_LETTER = re.compile(r"[\W\d_]+")
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+")

# A _BULLET match opens with a sign or "(", or has " ", "." or ")" second, or "." or ")" third
# ("12."): most lines opening with a letter or digit fail these tests and skip the regex.
_BULLET_SIGNS = frozenset("•·▪▫▸►‣◦●○■□➢➤✓✔➔→(")
_BULLET_FIRST = frozenset("•·▪▫▸►‣◦●○■□➢➤✓✔➔→–—-*oe(abcdefghijklmnopqrstuvwxyz0123456789")
# Bullets and list numbers at line start: •, o/e (OCR'd bullets), -, *, 1. 1) (a)
_BULLET = re.compile(
    r"""(?: [•·▪▫▸►‣◦●○■□➢➤✓✔➔→] | [–—-](?=\ ) | \*(?=\ ) | [oe](?=\ [A-Z“"‘])
          | \d{1,2}[.)](?=\ ) | \(?[a-z]\)(?=\ ) )\ *""",
    re.VERBOSE,
)


def _is_non_latin(text: str) -> bool:
    """Are most letters (word characters but digits and "_") outside the Latin script
    (A-Z, a-z, U+00C0-U+024F, U+1E00-U+1EFF)?"""
    if _NON_LATIN_HINT.search(text) is None:
        return False
    letters = _NOT_LETTER.sub("", text)
    non_latin = len(_LATIN_LETTERS.sub("", letters))
    return bool(letters) and 2 * non_latin > len(letters)


def _is_teaser(plain: str) -> bool:
    """A line inside a teaser block: a short headline, or a truncated lead ending in '...'."""
    if plain.endswith(("...", "…")):
        return True
    words = plain.count(" ") + 1
    return words <= 16 and not (words >= 10 and plain[-1] == ".")


def _is_bio(plain: str, near_end: bool) -> bool:
    # _BIO_NAME opens "Xy Z": a capital, more word characters up to the first space, a capital.
    space = plain.find(" ")
    if not ("A" <= plain[0] <= "Z" and space >= 2 and "A" <= plain[space + 1 : space + 2] <= "Z"):
        return False
    if not _BIO_NAME.match(plain) or not _BIO_ROLE.search(plain, 0, 200):
        return False
    return near_end or _BIO_SIGNAL.search(plain) is not None


def _is_menu_bar(plain: str) -> bool:
    """Three or more short items between separators, none with a digit (see _MENU_SEPARATOR)."""
    if len(plain) > MENU_MAX_CHARS or plain.count(" ") < 2 * (MENU_MIN_ITEMS - 1):
        return False
    items = _MENU_SEPARATOR.split(plain)
    return (
        len(items) >= MENU_MIN_ITEMS
        and all(it.count(" ") < MENU_ITEM_MAX_WORDS for it in items)
        and _DIGIT.search(plain) is None
    )


def _has_copyright_mark(text: str) -> bool:
    return "©" in text or "(c)" in text or "(C)" in text or "opyright" in text or "OPYRIGHT" in text


def _may_be_chrome(plain: str) -> bool:
    """False for lines _CHROME_LINE cannot match (see CHROME_SHORT)."""
    head = plain[:3]
    return (
        len(plain) <= CHROME_SHORT
        or not head.isascii()
        or head.lower().startswith(CHROME_PREFIXES)
        or _CHROME_HINT.search(plain) is not None
    )


def drop_chrome(lines: list[L], plain_text: Callable[[str], str] | None) -> list[L]:
    """Blank out chrome lines (blanks keep paragraph breaks where chrome sat) and mark bullets.

    ``plain_text`` reads a line without the cleaner's in-band link and marker sentinels; None
    when no line holds any. A line without a link-open or marker-open sentinel is taken as its
    own plain text (as clean's _plain does) without a call.
    """
    if plain_text is None:
        plains = [line.text for line in lines]
    else:  # (only a line with a link or marker sentinel differs from its plain text)
        texts = [line.text for line in lines]
        plains = [plain_text(t) if "\x01" in t or "\x04" in t else t for t in texts]
    # Short lines (under 8 spaces) seen three times or more are furniture. A text line seen
    # three times makes two more text lines than distinct ones; most pages have none, and skip
    # the loop over the counts.
    counts = Counter(plains)
    blanks = counts.get("", 0)
    repeated = (
        {p for p, n in counts.items() if n >= 3 and p and p.count(" ") < 8}
        if len(plains) - blanks - (len(counts) - (blanks > 0)) >= 2
        else set()
    )
    # The last three lines with text are the tail (bios there need no other signal).
    tail_from, seen = len(plains), 0
    while tail_from > 0 and seen < 3:
        tail_from -= 1
        if plains[tail_from]:
            seen += 1
    in_teasers = False
    seen_body = False
    prev_kept: int | None = None
    # Whole-text tests first: a line can only hold "ookie", "Home" or a URL if the text does,
    # and most texts hold none (a flag costs less than a substring test on every line).
    joined = "\n".join(plains)
    cookies, crumbs = "ookie" in joined, "Home" in joined
    urls = "http" in joined or "www." in joined
    bars = any(sep in joined for sep in ("|", "•", "·", "»", " / "))
    # Whether the text holds a copyright mark, asked only once a line reads as a copyright line:
    # three of the four substring tests scan the whole text (~10 µs), and few lines get there.
    marks: bool | None = None
    for i, plain in enumerate(plains):
        if not plain:
            continue
        line = lines[i]
        text = line.text
        if (
            text[0] in _BULLET_FIRST
            and (text[0] in _BULLET_SIGNS or text[1:2] in " .)" or text[2:3] in ".)")
            and (m := _BULLET.match(text))
            and m.end() < len(text)
        ):
            line.bullet, line.text = True, text[m.end() :]
            plain = line.text if plain_text is None else plain_text(line.text)
        drop = False
        size = len(plain)
        if size < 120:
            # ASCII lines are matched lower-cased (see _CHROME_LINE_FOLDED).
            folded = plain.lower() if plain.isascii() else ""
            first = plain[:1]
            if (not folded and _is_non_latin(plain)) or (
                size <= 100
                and plain.count(" ") <= 10
                and (
                    size <= CHROME_SHORT
                    # (_may_be_chrome; an ASCII line's first three letters lowered are folded's)
                    or (folded.startswith(CHROME_PREFIXES) if folded else _may_be_chrome(plain))
                    or _CHROME_HINT.search(plain) is not None
                )
                and (
                    _CHROME_LINE_FOLDED.fullmatch(folded)
                    or (
                        (folded.startswith("by ") or " " not in plain)
                        and _CHROME_LINE_CASED.fullmatch(plain)
                    )
                    if folded
                    else _CHROME_LINE.fullmatch(plain)
                )
            ):
                drop = True
            elif (
                folded[:3] in COMMENT_FORM_HEADS and _COMMENT_FORM_FOLDED.fullmatch(folded)
                if folded
                else (first in COMMENT_FORM_FIRST or not first.isascii())
                and _COMMENT_FORM.fullmatch(plain)
            ):
                if seen_body and _COMMENT_FORM_STARTS.match(plain):
                    for line in lines[i:]:
                        line.text = ""
                    break
                drop = True
            elif (
                size <= 60
                and (first in TEASER_HEADER_FIRST or not first.isascii())
                and (
                    _TEASER_HEADER_FOLDED.fullmatch(folded)
                    if folded
                    else _TEASER_HEADER.fullmatch(plain)
                )
            ):
                in_teasers = drop = True
        elif not plain.isascii() and _is_non_latin(plain):
            drop = True
        if (
            drop
            or (in_teasers and _is_teaser(plain))
            or (cookies and "ookie" in plain and _COOKIE_NOTICE.search(plain))
            or (crumbs and plain.startswith("Home") and _BREADCRUMB.match(plain))
            or (
                (":" in plain or plain[-1] == ")")
                and _CAPTION_CREDIT.search(plain, max(0, size - 100))
            )
            or (plain in repeated and not line.heading)
            or (
                bars
                and plain[0] != "|"
                and ("|" in plain or "•" in plain or "·" in plain or "»" in plain or " / " in plain)
                and _is_menu_bar(plain)
            )
            or (
                size <= COPYRIGHT_MAX_CHARS
                and plain[0] in COPYRIGHT_FIRST
                and _COPYRIGHT.match(plain) is not None
                and (marks if marks is not None else (marks := _has_copyright_mark(joined)))
            )
            or (
                size < 600
                and "A" <= plain[0] <= "Z"
                # (_is_bio's first test, without a call: a capital after the first space)
                and "A" <= plain[(sp := plain.find(" ")) + 1 : sp + 2] <= "Z"
                and _is_bio(plain, i >= tail_from)
            )
        ):
            line.text = ""
        elif urls and ("http" in plain or "www." in plain) and (m := _NAME_URL.fullmatch(plain)):
            line.text = ""
            if prev_kept is not None and plains[prev_kept] == m["name"]:
                lines[prev_kept].text = ""  # the name line of the author box
        else:
            # A line starting with a bare URL is an embed ("https://youtu.be/... Celebrations").
            if urls and plain.startswith(("http://", "https://")) and " " in plain:
                line.text = line.text.split(" ", 1)[1]
            in_teasers = False
            prev_kept = i
            if not seen_body and plain[-1] in TERMINAL and plain.count(" ") >= 7:
                seen_body = True
    return lines
