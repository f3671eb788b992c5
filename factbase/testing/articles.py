"""Drafting articles for the corpus generator: measures, sentences with marks, page rendering.

``Drafter`` owns the one RNG, reserves every measure and name it hands out (so no two plants
share one), and turns an ``Article``'s planned items into a page in its outlet's style, filling
each answer-key side with the snippet as it reads in the written file.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factbase.testing import phrasing as ph
from factbase.testing import surfaces as sf
from factbase.testing import world as w
from factbase.testing.answer_key import AnswerKey, Side
from factbase.testing.layout import Block, Outlet, Page, render_page, resolve_marks

FIRST_YEAR, LAST_YEAR = 2012, 2023  # periods and events; articles are published after them
LAST_PUB_YEAR = 2025
# Bytes of page chrome (menus, mastheads, footers) per style, measured on generated pages,
# so the body budget lands articles near the target size.
CHROME_BYTES = {
    ("web", 0): 1000,
    ("web", 1): 560,
    ("web", 2): 150,
    ("ocr", 0): 850,
    ("markdown", 0): 480,
}
PARAGRAPH_SENTENCES = {"web": (3, 5), "ocr": (4, 8), "markdown": (6, 11)}  # as in the seeds
VALUE_RANGES = {  # family -> (low, high) in the measure's unit; shares in tenths of a percent
    "flow": (10**7, 3 * 10**9),
    "flow+d": (10**6, 5 * 10**8),
    "trade": (2 * 10**7, 9 * 10**9),
    "invest": (5 * 10**6, 2 * 10**9),
    "aid": (10**7, 2 * 10**9),
    "aid+d": (10**6, 5 * 10**8),
    "share": (5, 450),
    "cost": (10**7, 5 * 10**9),
}


@dataclass
class Article:
    index: int
    filename: str
    outlet: Outlet
    items: list[Callable[[random.Random, Article], str]] = field(default_factory=list)
    latest: int = FIRST_YEAR  # latest year any item refers to; publication comes after
    planted: bool = False  # carries a conflict or near-miss: never syndicated
    copy_of: Article | None = None
    published: dt.date = dt.date(2020, 1, 1)
    blocks: list[Block] = field(default_factory=list)
    marks: dict[int, list[Side]] = field(default_factory=dict)
    snippets: dict[int, str] = field(default_factory=dict)
    title: str = ""
    author: str = ""
    _pending: list[Side] = field(default_factory=list)

    def mark(self, surface: str, *sides: Side) -> str:
        """Register ``sides`` to receive this surface's snippet; returns the marked surface."""
        mid = len(self.marks)
        self.marks[mid] = [*sides]
        for side in sides:
            side["article"] = self.filename
        self._pending.extend(sides)
        return ph.mark(mid, surface)

    def sentence(self, text: str) -> str:
        """Close a sentence: the sides marked in it record it (whitespace-normalised, unmarked)."""
        plain = resolve_marks(text)[0]
        for side in self._pending:
            side["sentence"] = plain
        self._pending.clear()
        return text


def new_side() -> Side:
    return {"article": None, "snippet": None, "sentence": None}


class Drafter:
    """Hands out reserved measures and names, builds sentence items, renders pages."""

    def __init__(
        self,
        seed: int,
        styles: Sequence[str],
        rates: tuple[float, float, float],
        article_bytes: int,
    ) -> None:
        self.rng = random.Random(seed)
        self.key = AnswerKey(seed=seed, n_articles=0)
        self.conflict_rate, self.near_miss_rate, self.syndication_rate = rates
        self.article_bytes = article_bytes
        self.reserved: set[tuple[Any, ...]] = set()
        self.names: set[str] = set()
        self.name_counter = 0
        self._filler_cache: tuple[
            tuple[w.Country, w.Country] | None, tuple[list[str], list[str], list[str]]
        ] = (None, ([], [], []))
        self.outlets = self._outlets(styles)

    # ---- world building -------------------------------------------------------------------
    def _outlets(self, styles: Sequence[str]) -> list[Outlet]:
        rng, out = self.rng, []
        for style in styles:
            for i in range(20):
                word = w.OUTLET_WORDS[(i * 7 + len(style)) % len(w.OUTLET_WORDS)]
                if style == "ocr":
                    name = w.OCR_FORMS[i % len(w.OCR_FORMS)].format(w=word)
                    series = rng.choice(w.OCR_SERIES)
                else:
                    nouns = w.WEB_NOUNS if style == "web" else w.MAG_NOUNS
                    name, series = f"The {word} {nouns[i % len(nouns)]}", ""
                    if style == "markdown":
                        name = name.removeprefix("The ")
                slug = "".join(ch for ch in name.lower() if ch.isalnum())
                domain = f"{slug}.{rng.choice(('com', 'org', 'net', 'info'))}"
                out.append(
                    Outlet(name, style, domain, rng.randrange(3 if style == "web" else 5), series)
                )
        return out

    def _name(self) -> str:
        """A fresh invented proper name (for projects, accords, forums, towns), never reused."""
        rng = self.rng
        while True:
            k = self.name_counter
            self.name_counter += 1
            parts = [w.SYLLABLES[(k + i * 7) % len(w.SYLLABLES)] for i in range(2)]
            k //= len(w.SYLLABLES)
            while k:
                parts.append(w.SYLLABLES[k % len(w.SYLLABLES)])
                k //= len(w.SYLLABLES)
            name = ("".join(parts) + rng.choice(w.PLACE_SUFFIXES)).capitalize()
            if name not in self.names:
                self.names.add(name)
                return name

    def _value(self, lo: int, hi: int) -> int:
        """A log-uniform value whose last significant digit is not 0, so rounding changes it."""
        raw = int(lo * (hi / lo) ** self.rng.random())
        sig = 3 if raw >= 1000 else 2
        v = sf.round_sig(raw, sig)
        digits = str(v)
        if len(digits) >= sig and len(digits.rstrip("0")) < sig:
            v += 10 ** (len(digits) - sig)
        return v

    def _far_value(self, v: int, unit: str) -> int:
        """A value that disagrees with ``v`` beyond any rounding or qualifier."""
        rng = self.rng
        factor = rng.uniform(0.35, 0.72) if rng.random() < 0.5 else rng.uniform(1.4, 2.8)
        out = max(sf.round_sig(int(v * factor), rng.choice((2, 3))), 1)
        if unit == "%":
            out = min(out, 950)
        return out if abs(out - v) >= 0.25 * v else v * 2

    def _period(self, family: str, b: w.Country | None, year: int, fiscal_ok: bool) -> ph.Period:
        if family == "count":
            return ph.Period("eoy", year)
        fiscal = (
            b.fiscal_end if fiscal_ok and b is not None and family in ("flow", "share") else None
        )
        if fiscal and self.rng.random() < 0.3:
            return ph.Period("fy", year, fiscal)
        return ph.Period("cy", year)

    def _measure(
        self,
        family: str,
        a: w.Country,
        b: w.Country,
        year: int | None = None,
        detail: str | None = None,
        *,
        fiscal_ok: bool = True,
        unit: str | None = None,
        tries: int = 40,
    ) -> tuple[ph.Measure, int]:
        """Reserve a fresh measure of ``family`` and draw its true value."""
        rng = self.rng
        for _ in range(tries):
            y = year if year is not None else rng.randint(FIRST_YEAR, LAST_YEAR)
            fam, u, noun, lo_hi = family, "USD", "", VALUE_RANGES.get(family, (10**6, 10**9))
            d = ""
            if family in ("flow+d", "aid+d"):
                fam = family[:-2]
                d = detail or rng.choice(w.TRADE_GOODS if fam == "flow" else w.AID_PARTS)
            elif family == "invest":
                d = detail or rng.choice(w.SECTORS)
            elif family == "prod":
                d, u, lo, hi = (
                    rng.choice(w.PRODUCTION)
                    if detail is None
                    else next(p for p in w.PRODUCTION if p[0] == detail)
                )
                lo_hi, b = (lo, hi), a
            elif family == "share":
                d, u = detail or rng.choice(("imports", "exports")), "%"
            elif family == "count":
                d, noun, lo, hi = (
                    rng.choice(w.COUNTED)
                    if detail is None
                    else next(c for c in w.COUNTED if c[0] == detail)
                )
                u, lo_hi = d, (lo, hi)
                noun = {
                    "troops": rng.choice(w.TROOP_NOUNS),
                    "diplomats": rng.choice(w.DIPLOMAT_NOUNS),
                }.get(d, noun)
            elif family == "cost":
                d, a = f"{self._name()} {rng.choice(w.PROJECT_KINDS)}", b
            if fam == "aid" and a.name in w.EURO_DONORS and rng.random() < 0.5:
                u = "EUR"
            u = unit or u
            period = self._period(fam, b, y, fiscal_ok)
            ident = _ident(fam, a.name, b.name, d, period.kind, period.year)
            if ident in self.reserved:
                continue
            self.reserved.add(ident)
            return ph.Measure(fam, a, b, d, period, u, noun), self._value(*lo_hi)
        return self._measure("cost", a, b, year)  # named projects never run out

    def _variant(self, m: ph.Measure, year: int) -> ph.Measure | None:
        """The same measure for another year, reserved; None when taken or out of range."""
        ident = _ident(m.family, m.a.name, m.b.name if m.b else "", m.detail, m.period.kind, year)
        if not FIRST_YEAR <= year <= LAST_YEAR or ident in self.reserved:
            return None
        self.reserved.add(ident)
        return m._replace(period=m.period._replace(year=year))

    def _event(self, a: w.Country, b: w.Country) -> tuple[ph.Event, dt.date]:
        rng = self.rng
        kind = rng.choice(tuple(ph.EVENT_TEMPLATES))
        name = self._name()
        if kind == "accord":
            name = f"{name} {rng.choice(w.ACCORD_KINDS)}"
        elif kind == "summit":
            name = f"{name} {rng.choice(('Economic', 'Security', 'Connectivity'))}"
        elif kind == "opening":
            name = f"{name} {rng.choice(w.EVENT_PLACES)}"
        day = dt.date(
            rng.randint(FIRST_YEAR + 2, LAST_YEAR), rng.randint(1, 12), rng.randint(1, 28)
        )
        return ph.Event(kind, a, b, name), day

    # ---- item builders: each returns a renderer that writes one sentence into an article ---
    def _fig_item(
        self, art: Article, m: ph.Measure, value: int, side: Side | None, mode: str = "exact"
    ) -> None:
        def render(rng: random.Random, a: Article) -> str:
            if mode == "rounded":
                surface = sf.rounded_with_qualifier(rng, value, m.unit, m.noun)
            elif mode == "loose":
                exact = sf.measure_value(rng, value, m.unit, m.noun)
                surface = f"{rng.choice(sf.QUALIFIERS_LOOSE)} {exact}"
            else:
                surface = sf.measure_value(rng, value, m.unit, m.noun)
            twin = side.get("twin") if side is not None else None
            for _ in range(8):  # a same-value near-miss must differ visibly from its twin
                if twin is None or twin.get("surface") != surface:
                    break
                surface = sf.measure_value(rng, value, m.unit, m.noun)
            if side is not None:
                side["surface"] = surface
            fig = a.mark(surface, *([side] if side is not None else []))
            per = ph.period_surface(rng, m.period, a.published.year)
            return a.sentence(ph.state_figure(rng, m, fig, per))

        art.items.append(render)
        art.latest = max(art.latest, m.period.year)

    def _dispute_item(
        self,
        art: Article,
        m: ph.Measure,
        false_v: int,
        true_v: int,
        false_side: Side,
        true_side: Side,
    ) -> None:
        def render(rng: random.Random, a: Article) -> str:
            f = a.mark(sf.measure_value(rng, false_v, m.unit, m.noun), false_side)
            t = a.mark(sf.measure_value(rng, true_v, m.unit, m.noun), true_side)
            return a.sentence(
                ph.dispute_figure(rng, m, f, t, ph.period_surface(rng, m.period, a.published.year))
            )

        art.items.append(render)
        art.latest = max(art.latest, m.period.year)

    def _event_item(
        self, art: Article, e: ph.Event, day: dt.date, side: Side | None, precision: str = "any"
    ) -> None:
        def render(rng: random.Random, a: Article) -> str:
            precise = precision == "day" or (precision == "any" and rng.random() < 0.6)
            surface = sf.full_date(rng, day) if precise else sf.month_date(rng, day)
            twin = side.get("twin") if side is not None else None
            for _ in range(8):
                if twin is None or twin.get("surface") != surface:
                    break
                surface = sf.full_date(rng, day)
            if side is not None:
                side["surface"] = surface
            when = f"{'on' if precise else 'in'} {a.mark(surface, *([side] if side else []))}"
            return a.sentence(ph.state_event(rng, e, when))

        art.items.append(render)
        art.latest = max(art.latest, day.year)

    def _assert_item(
        self,
        art: Article,
        action: str,
        who: w.Country,
        obj: str,
        positive: bool,
        day: dt.date,
        side: Side,
    ) -> None:
        def render(rng: random.Random, a: Article) -> str:
            name = a.mark(obj, side)
            if positive:
                when = (
                    f"on {sf.full_date(rng, day)}"
                    if rng.random() < 0.3
                    else f"in {ph.month_year(day)}"
                )
                return a.sentence(ph.state_assertion(rng, action, who, name, True, when=when))
            return a.sentence(
                ph.state_assertion(rng, action, who, name, False, later=ph.month_year(day))
            )

        art.items.append(render)
        art.latest = max(art.latest, day.year)

    # ---- rendering ----------------------------------------------------------------------
    def _fillers(self, a: w.Country, b: w.Country) -> Iterator[str]:
        """Endless figure-free sentences; no canned sentence twice in one article."""
        canned, subjects, subjects_cap = self._filler_parts(a, b)
        used: set[int] = set()
        getrandbits = self.rng.getrandbits
        n_canned, n_open, n_subj = len(canned), len(w.FILLER_OPENERS), len(subjects)
        n_pred, n_topic = len(w.FILLER_PREDICATES), len(w.FILLER_TOPICS)
        while True:
            # one random draw per sentence, split into its choices: this loop writes ~85% of
            # every article, and five rng.choice calls per sentence were a third of the run time
            r = getrandbits(48)
            if r & 1:
                i = (r >> 1) % n_canned
                if i not in used:
                    used.add(i)
                    yield canned[i]
                    continue
            r, opener = divmod(r >> 8, n_open)
            r, subject = divmod(r, n_subj)
            r, pred = divmod(r, n_pred)
            text = w.FILLER_PREDICATES[pred].format(t=w.FILLER_TOPICS[r % n_topic])
            if opener:
                yield f"{w.FILLER_OPENERS[opener]}{subjects[subject]} {text}."
            else:
                yield f"{subjects_cap[subject]} {text}."

    def _filler_parts(self, a: w.Country, b: w.Country) -> tuple[list[str], list[str], list[str]]:
        """Filler templates filled in for one country pair, cached per cluster."""
        if self._filler_cache[0] != (a, b):
            slots = {"A": a.name, "B": b.name, "Acap": a.capital, "Bcap": b.capital}
            slots |= {"Aadj": a.adj, "Badj": b.adj}
            subjects = [t.format(**slots) for t in w.FILLER_SUBJECTS]
            self._filler_cache = (
                (a, b),
                (
                    [ph.cap(t.format(**slots)) for t in w.FILLER],
                    subjects,
                    [ph.cap(t) for t in subjects],
                ),
            )
        return self._filler_cache[1]

    def _blocks(self, art: Article, a: w.Country, b: w.Country) -> list[Block]:
        rng = self.rng
        rng.shuffle(art.items)
        claims = [item(rng, art) for item in art.items]
        o = art.outlet
        chrome = CHROME_BYTES.get((o.style, o.variant), CHROME_BYTES[(o.style, 0)])
        budget = self.article_bytes - chrome - sum(len(s) + 1 for s in claims)
        fill: list[str] = []
        for sentence in self._fillers(a, b):
            if budget <= 0 and len(fill) >= 4:
                break
            fill.append(sentence)
            budget -= len(sentence) + 1
        per_par = PARAGRAPH_SENTENCES[art.outlet.style]
        n_par = max(2, round((len(fill) + len(claims)) / rng.uniform(*per_par)))
        paras: list[list[str]] = [[] for _ in range(n_par)]
        for i, s in enumerate(fill):
            paras[i % n_par].append(s)
        for s in claims:
            p = paras[rng.randrange(n_par)]
            p.insert(rng.randint(0, len(p)), s)
        blocks: list[Block] = []
        headings = rng.sample(w.HEADINGS, min(len(w.HEADINGS), n_par // 2))
        for i, p in enumerate(paras):
            if not p:
                continue
            if i == n_par - 1 and n_par > 3 and rng.random() < 0.4:
                blocks.append(("h", "Conclusion"))
            elif i and i % rng.randint(2, 3) == 0 and headings:
                blocks.append(("h", headings.pop().format(A=a.cap, B=b.name)))
            if 3 <= len(p) <= 6 and rng.random() < 0.1:
                blocks.append(("ul", p))
            else:
                blocks.append(("p", " ".join(p)))
        return blocks

    def _render(self, art: Article, a: w.Country, b: w.Country, out_dir: Path) -> None:
        rng = self.rng
        src = art.copy_of
        if src is None:
            art.blocks = self._blocks(art, a, b)
            art.title = rng.choice(w.TITLES).format(A=a.cap, B=b.name)
            note = ""
        else:  # syndicated: same claims, other chrome, a paragraph dropped, a credit
            art.blocks = [
                blk
                for blk in src.blocks
                if blk[0] != "p" or ph.MARK_OPEN in str(blk[1]) or rng.random() < 0.85
            ]
            art.title = (
                src.title
                if rng.random() < 0.6
                else f"{src.title}: {rng.choice(('Analysis', 'Opinion', 'Explainer'))}"
            )
            note = rng.choice(
                (
                    f"This article first appeared in {src.outlet.name}.",
                    f"Republished with permission from {src.outlet.name}.",
                    f"Originally published by {src.outlet.name}.",
                )
            )
        art.author = (
            src.author if src else f"{rng.choice(w.FIRST_NAMES)} {rng.choice(w.LAST_NAMES)}"
        )
        page = Page(art.title, art.author, art.published, art.outlet, b.name, note)
        text, art.snippets = resolve_marks(render_page(rng, page, art.blocks))
        (out_dir / art.filename).write_text(text, encoding="utf-8")
        if src is None:
            for mid, sides in art.marks.items():
                for side in sides:
                    side["snippet"] = art.snippets[mid]
        else:
            self._record_syndication(src, art)
        self.key.articles[art.filename] = {
            "title": art.title,
            "author": art.author,
            "published": art.published.isoformat(),
            "publisher": art.outlet.name,
            "style": art.outlet.style,
            "syndicated_from": src.filename if src else None,
        }

    def _record_syndication(self, src: Article, copy: Article) -> None:
        self.key.syndicated.append([src.filename, copy.filename])
        shared = [mid for mid in src.snippets if mid in copy.snippets and src.marks.get(mid)]
        for mid in self.rng.sample(shared, min(2, len(shared))):
            sentence = src.marks[mid][0]["sentence"] if src.marks[mid] else None
            self.key.near_misses.append(
                {
                    "kind": "syndicated",
                    "a": {
                        "article": src.filename,
                        "snippet": src.snippets[mid],
                        "sentence": sentence,
                    },
                    "b": {
                        "article": copy.filename,
                        "snippet": copy.snippets[mid],
                        "sentence": sentence,
                    },
                }
            )

    def finish(self) -> AnswerKey:
        """Drop planning-only fields from sides."""
        sides = [s for e in (*self.key.conflicts, *self.key.near_misses) for s in (e["a"], e["b"])]
        sides += [s for e in self.key.corroborations for s in e["sides"]]
        for s in sides:
            s.pop("twin", None)
            s.pop("surface", None)
        return self.key


def _ident(family: str, a: str, b: str, detail: str, kind: str, year: int) -> tuple[Any, ...]:
    """What makes two measures one: bilateral trade is one whichever country comes first."""
    if family == "trade":
        a, b = sorted((a, b))
    return (family, a, b, detail, kind, year)
