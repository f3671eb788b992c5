"""Page layouts for the corpus generator: web scrape, OCR'd PDF, markdown-escaped magazine.

``render_page`` wraps an article's blocks (paragraphs, headings, bullet lists) in the chrome of
its style, the way the seeds look: menus, teasers, cookie notices and bio boxes for the web;
hard wraps at ~85 columns, page-bottom footnotes and glued markers for OCR; ``\\$`` escapes,
bold figures and a non-Latin masthead for markdown. Marks (see phrasing.mark) pass through intact.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from factbase.testing import surfaces, world
from factbase.testing.phrasing import MARK_CLOSE, MARK_OPEN, MARK_SEP, SPACE_KEEP

Block = tuple[str, str | list[str]]  # ("p", text) | ("h", heading) | ("ul", [items])

MARKED_FIGURE = re.compile(
    rf"""{MARK_OPEN}\d+{MARK_SEP}     # a mark's id
         [^{MARK_CLOSE}]*\d[^{MARK_CLOSE}]*   # whose surface has a digit (a figure, not a name)
         {MARK_CLOSE}""",
    re.VERBOSE,
)
# A sentence end we may glue an OCR footnote marker to: a period after a letter, not a digit,
# so "$79,200,000." never becomes "$79,200,000.3".
GLUE_POINT = re.compile(r"(?<=[a-z\)”])\.(?=[ \n]|$)")  # not \s: marks keep spaces as \x1e
WRAP_PATTERNS: dict[int, re.Pattern[str]] = {}  # width -> compiled wrap regex
OCR_MARKER_NOISE = {1: "!", 4: "*", 7: "?"}  # how OCR misreads superscript digits in the seeds


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    style: str  # web | ocr | markdown
    domain: str
    variant: int  # which page template of the style
    series: str = ""  # OCR: the report series


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    author: str
    published: dt.date
    outlet: Outlet
    topic: str  # a country name, for "Read more on ..."
    note: str = ""  # e.g. "This article first appeared in ..."


def _lines_web(rng: random.Random, page: Page, blocks: list[Block], blank: bool) -> list[str]:
    out: list[str] = []
    sep = [""] if blank else []
    for kind, payload in blocks:
        if kind == "h":
            out += [str(payload), *sep]
        elif kind == "ul":
            items = list(payload)
            bullet = rng.choice(("  • ", "  • ", "- ", "  1. "))
            for i, item in enumerate(items, 1):
                b = f"  {i}. " if bullet == "  1. " else bullet
                out += [b + item, *sep] if blank else [b + item]
            if not blank:
                out.append("")
        else:
            out += [str(payload), *sep]
    return out


def _teasers(rng: random.Random, k: int, with_snippets: bool) -> list[str]:
    out: list[str] = []
    leads = rng.sample(world.FILLER, k)
    for t, lead in zip(rng.sample(world.TEASERS, k), leads, strict=True):
        out += [t, ""]
        if with_snippets:  # the seeds' teasers end in a cut-off first sentence
            text = lead.format(
                A="Moscow", B="Kabul", Acap="Moscow", Bcap="Kabul", Aadj="Russian", Badj="Afghan"
            )
            out += [f"{text[: rng.randint(40, 60)].rstrip()}...", ""]
    return out


def _web(rng: random.Random, page: Page, blocks: list[Block]) -> str:
    o, p = page.outlet, page
    date = surfaces.published_date(rng, p.published, "web")
    if o.variant == 0:  # seed 002: breadcrumb, "Date:", related stories, bio box, comment form
        crawl = p.published + dt.timedelta(days=rng.randint(3, 400))
        head = [
            f"{crawl.strftime('%A')}, {surfaces.MONTHS[crawl.month - 1]} {crawl.day}, {crawl.year}",
            f"Home{rng.choice(world.MENU_ITEMS[1:])}{p.title}",
            "",
            p.title,
            "",
        ]
        head += ["Date:", date, ""] if rng.random() < 0.7 else [f"By {p.author} - {date}", ""]
        head += ["Related stories", "", *_teasers(rng, 3, True), "spot_img", ""]
        if p.note:
            head += [p.note, ""]
        body = _lines_web(rng, p, blocks, blank=True)
        tail = [
            "",
            p.author,
            f"{p.author}https://{o.domain}/author/{p.author.split()[-1].lower()}/",
            f"{p.author} {rng.choice(world.BIOS)}.",
            "",
            "Latest stories",
            "",
            "spot_img",
            "",
            *world.COMMENT_BOX,
            "",
            "Privacy Overview",
            "",
            f"{o.name.upper()} {rng.choice(world.COOKIE_NOTICES)}",
        ]
        return "\n".join(head + body + tail) + "\n"
    if o.variant == 1:  # seed 004: social links, byline, photo caption, "Read more on"
        head = [o.name if rng.random() < 0.5 else "English News", ""]
        head += [f"  • {s}" for s in rng.sample(world.SOCIAL, 3)] + ["", p.title, ""]
        head += [
            rng.choice(
                (
                    f"By {p.author} | {date}",
                    f"{p.author}\n\nPublished: {date}",
                    f"{date} | {p.author}",
                )
            ),
            "",
        ]
        head += [
            "Officials at a meeting on regional security "
            f"(Photo courtesy: @{o.domain.split('.')[0]}/Twitter)",
            "",
        ]
        if p.note:
            head += [p.note, ""]
        body = _lines_web(rng, p, blocks, blank=True)
        tail = [
            "",
            f"Read more on {p.topic}",
            "",
            *[t for t in rng.sample(world.TEASERS, 4) for t in (t, "")],
        ]
        if rng.random() < 0.5:
            tail += [rng.choice(world.COOKIE_NOTICES)]
        return "\n".join(head + body + tail) + "\n"
    # seed 001: one paragraph per line, no blank lines, "Table of Contents", byline at the end
    head = ["Table of Contents"] if rng.random() < 0.6 else [p.title]
    if p.note:
        head.append(p.note)
    body = _lines_web(rng, p, blocks, blank=False)
    tail = [
        f"Posted by {p.author} on {date} in {rng.choice(world.MENU_ITEMS[2:])}",
        f"© {p.published.year} {o.name}",
    ]
    return "\n".join(head + [line for line in body if line] + tail) + "\n"


def _escape_markdown(text: str, rng: random.Random) -> str:
    text = MARKED_FIGURE.sub(
        lambda m: f"**{m.group(0)}**" if rng.random() < 0.3 else m.group(0), text
    )
    return text.replace("$", "\\$")


def _markdown(rng: random.Random, page: Page, blocks: list[Block]) -> str:
    o, p = page.outlet, page
    mast, motto = world.MASTHEADS[o.variant % len(world.MASTHEADS)]
    code = "".join(w[0] for w in o.name.split() if w[0].isalpha()).upper()
    head = [
        "",
        "",
        mast,
        "",
        f"{code}-{code}",
        "",
        motto,
        "",
        f"www.{o.domain}",
        "",
        f"{o.domain.split('.')[0]}@gmail.com",
        "",
        rng.choice(world.SECTION_LINES),
        "",
        world.NON_LATIN_SECTION[o.variant % len(world.NON_LATIN_SECTION)],
        "",
        f"Author: [{p.author}](#)",
        "",
        surfaces.published_date(rng, p.published, "markdown"),
        "",
        p.title,
        "",
        "",
    ]
    if p.note:
        head += [f"*{p.note}*", ""]
    body: list[str] = []
    for kind, payload in blocks:
        if kind == "h":
            body += [f"**{payload}**" if rng.random() < 0.5 else str(payload), ""]
        elif kind == "ul":
            body += [f"* {item}" for item in payload] + [""]
        else:
            text = str(payload)
            # a paragraph broken across a blank line mid-sentence, as in the seeds' page joins
            if rng.random() < 0.1 and text.count(" ") > 30:
                words = text.split(" ")
                cut = rng.randint(10, len(words) - 10)
                if not any(MARK_OPEN in w or MARK_CLOSE in w for w in words[cut - 1 : cut + 1]):
                    body += [" ".join(words[:cut]), "", " ".join(words[cut:]), ""]
                    continue
            body += [text, ""]
    earlier = p.published - dt.timedelta(days=rng.randint(1, 5))
    tail = [
        f"{earlier.day:02d}.{earlier.month:02d}.{earlier.year}",
        "",
        f"{p.author} – {rng.choice(world.BIOS)}, exclusively for the online magazine “{o.name}”.",
    ]
    return _escape_markdown("\n".join(head + body + tail) + "\n", rng)


def _wrap_pattern(width: int) -> re.Pattern[str]:
    """Greedy hard wrap as one regex (C speed): up to ``width`` chars, then a space or the end."""
    if width not in WRAP_PATTERNS:
        # a word longer than the line gets a line of its own rather than being cut; [^ ], not
        # \S: marks hold \x1e/\x1f, which Python counts as whitespace
        WRAP_PATTERNS[width] = re.compile(rf"([^ ].{{0,{width - 1}}}|[^ ]+)(?: |$)")
    return WRAP_PATTERNS[width]


def _wrap(rng: random.Random, text: str, width: int) -> list[str]:
    """Hard-wrap a paragraph; never breaks inside a mark (marks carry no plain spaces)."""
    pos, lines = 0, []
    if rng.random() < 0.12:  # a narrow column beside a figure for the first few lines
        for m in _wrap_pattern(width - 40).finditer(text):
            lines.append(m.group(1))
            pos = m.end()
            if len(lines) == 4:
                break
    lines += _wrap_pattern(width).findall(text, pos)
    return lines


def _footnote(rng: random.Random, label: str, before: dt.date) -> list[str]:
    last, first = rng.choice(world.LAST_NAMES), rng.choice(world.FIRST_NAMES)
    a, b = rng.sample(world.COUNTRIES, 2)
    headline = f"{a.cap} {rng.choice(world.HEADLINE_WORDS)} {b.name}"
    site = rng.choice(
        (
            "asiatimes.com",
            "thediplomat.com",
            "dawn.com",
            "tribune.com.pk",
            "cic.nyu.edu",
            "eurasianet.org",
            "aljazeera.com",
            "reuters.com",
        )
    )
    d = before - dt.timedelta(days=rng.randint(30, 900))
    slug = "-".join(headline.lower().split())
    return [
        f"{label} {last}, {first}. “{headline}.” {site}. {site.split('.')[0].title()}, "
        f"{surfaces.MONTHS[d.month - 1]} {d.day}, {d.year}.",
        f"https://{site}/{d.year}/{d.month:02d}/{slug}/",
    ]


def _ocr(rng: random.Random, page: Page, blocks: list[Block]) -> str:
    o, p = page.outlet, page
    width = rng.randint(80, 90)
    page_len = rng.randint(38, 52)
    out: list[str] = [
        f" {p.title}",
        p.author,
        f"{o.name} | {o.series} No. {rng.randint(1, 60)} | "
        + surfaces.published_date(rng, p.published, "ocr"),
        "",
    ]
    if p.note:
        out += [p.note, ""]
    pending: list[int] = []
    next_note, on_page = 1, len(out)
    for kind, payload in blocks:
        bullet = rng.choice(("o ", "e ", "• "))  # OCR reads one bullet glyph as "o" or "e"
        if kind == "h":
            chunk = ["", f"{bullet}{payload}:" if rng.random() < 0.4 else f"{payload}:", ""]
        elif kind == "ul":
            chunk = [line for item in payload for line in _wrap(rng, f"{bullet}{item}", width)]
        else:
            text = str(payload)
            if rng.random() < 0.35:  # glue a footnote marker to the paragraph's last sentence end
                ends = [m.end() for m in GLUE_POINT.finditer(text)]
                if ends:
                    label = (
                        OCR_MARKER_NOISE.get(next_note, str(next_note))
                        if rng.random() < 0.3
                        else str(next_note)
                    )
                    at = ends[-1] if rng.random() < 0.7 else rng.choice(ends)
                    text = text[:at] + label + text[at:]
                    pending.append(next_note)
                    next_note += 1
            chunk = _wrap(rng, text, width)
            chunk = [
                line
                for i, line in enumerate(chunk)
                for line in ([line, ""] if rng.random() < 0.06 and i else [line])
            ]
            chunk.append("")
        out += chunk
        on_page += len(chunk)
        if on_page >= page_len:  # page bottom: footnotes, then the next page starts with a space
            for n in pending:
                out += [*_footnote(rng, str(n), p.published), ""]
            pending, on_page = [], 0
            out.append(" ")
    for n in pending:
        out += [*_footnote(rng, str(n), p.published), ""]
    text = "\n".join(out)
    if rng.random() < 0.5:
        text = text.replace(" 21st ", " 215t ", 1)  # the seeds' OCR misread of an ordinal
    return text + "\n "


def render_page(rng: random.Random, page: Page, blocks: list[Block]) -> str:
    """The full text of one article in its outlet's style, marks still in place."""
    style = page.outlet.style
    if style == "ocr":
        return _ocr(rng, page, blocks)
    if style == "markdown":
        return _markdown(rng, page, blocks)
    return _web(rng, page, blocks)


MARK_FOUND = re.compile(rf"{MARK_OPEN}(\d+){MARK_SEP}([^{MARK_CLOSE}]*){MARK_CLOSE}")


def resolve_marks(text: str) -> tuple[str, dict[int, str]]:
    """Strip marks from ``text``; return it and each mark id's snippet as it reads in the file."""
    found: dict[int, str] = {}
    parts: list[str] = []
    last = 0
    for m in MARK_FOUND.finditer(text):
        parts.append(text[last : m.start()])
        snippet = m.group(2).replace(SPACE_KEEP, " ")
        found[int(m.group(1))] = snippet
        parts.append(snippet)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts).replace(SPACE_KEEP, " "), found
