"""Sentences for the corpus generator: many ways to state one measure, event or assertion.

A ``Measure`` names what is measured (family, parties, detail, period); ``state_figure`` turns
it and a marked figure surface into one of many sentences (active/passive, exporter or importer
side, period first or last, with or without attribution). Marks (``mark``) wrap the snippet the
answer key records, so it can be found verbatim after layout.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple

from factbase.testing import surfaces
from factbase.testing.world import SOURCES, Country

MARK_OPEN, MARK_SEP, MARK_CLOSE = "\x01", "\x1f", "\x02"
SPACE_KEEP = "\x1e"  # a space inside a mark: layout must not wrap there


def mark(mark_id: int, surface: str) -> str:
    """Wrap a snippet so it survives layout unbroken and can be located afterwards."""
    return f"{MARK_OPEN}{mark_id}{MARK_SEP}{surface.replace(' ', SPACE_KEEP)}{MARK_CLOSE}"


class Period(NamedTuple):
    kind: str  # "cy" calendar year, "fy" fiscal year ending (month, day) of year, "eoy" end of year
    year: int
    fiscal_end: tuple[int, int] | None = None

    def describe(self) -> str:
        if self.kind == "fy" and self.fiscal_end:
            m, d = self.fiscal_end
            return f"year ending {surfaces.MONTHS[m - 1]} {d}, {self.year}"
        return f"end of {self.year}" if self.kind == "eoy" else str(self.year)


class Measure(NamedTuple):
    family: str  # flow | trade | invest | aid | prod | share | count | cost
    a: Country
    b: Country | None
    detail: str  # commodity, sector, aid part, counted thing, project name; "" for totals
    period: Period
    unit: str  # USD | EUR | tonne | barrel | % | a counted noun
    noun: str = ""  # what a count counts, in the spelling this measure uses

    def describe(self) -> str:
        parties = self.a.name + (f" -> {self.b.name}" if self.b and self.b != self.a else "")
        detail = f" [{self.detail}]" if self.detail else ""
        return f"{self.family}: {parties}{detail}, {self.period.describe()} ({self.unit})"


def period_surface(rng: random.Random, p: Period, pub_year: int) -> str:
    """One way to say the period: 'in 2021', 'last year', 'in fiscal year 2022/23'."""
    y = p.year
    if p.kind == "fy" and p.fiscal_end:
        m, d = p.fiscal_end
        month = surfaces.MONTHS[m - 1]
        return rng.choice(
            (
                f"in the year ending {month} {d}, {y}",
                f"in the fiscal year that ended on {d} {month} {y}",
                f"in fiscal year {y - 1}/{y % 100:02d}",
                f"in FY{y - 1}-{y % 100:02d}",
                f"in the {y - 1}-{y % 100:02d} fiscal year",
            )
        )
    if p.kind == "eoy":
        return rng.choice(
            (
                f"at the end of {y}",
                f"by the end of {y}",
                f"as of December {y}",
                f"at year-end {y}",
                f"as of late {y}",
            )
        )
    if pub_year == y + 1 and rng.random() < 0.25:
        return "last year"
    return rng.choice(
        (
            f"in {y}",
            f"in {y}",
            f"during {y}",
            f"in calendar year {y}",
            f"for {y}",
            f"over the course of {y}",
            f"in the year {y}",
        )
    )


def cap(s: str) -> str:
    """Capitalise the first letter of a sentence, looking past a leading mark."""
    i = 0
    if s.startswith(MARK_OPEN):
        i = s.index(MARK_SEP) + 1
    while i < len(s) and not s[i].isalpha():
        if s[i].isdigit():
            return s
        i += 1
    return s[:i] + s[i : i + 1].upper() + s[i + 1 :]


# Verbs that fit any number ("exports reached", "the value reached"); past tense only.
VERBS = (
    "reached",
    "amounted to",
    "totalled",
    "stood at",
    "came to",
    "hit",
    "totaled",
    "{was} worth",
    "{was} valued at",
    "{was}",
)

# Frames around a noun phrase NP of a money or quantity measure.
NP_FRAMES = (
    "{NP} {v} {fig} {per}.",
    "{Per}, {np} {v} {fig}.",
    "{NP} {per} {v} {fig}, according to {src}.",
    "According to {src}, {np} {v} {fig} {per}.",
    "{Src} put {np} {per} at {fig}.",
    "{Src} estimates that {np} {v} {fig} {per}.",
    "At {fig}, {np} {per} {was} modest by regional standards.",
    "The figure for {np} {per} was {fig}.",
    "{NP} {was} estimated at {fig} {per}.",
    "{Per}, {np} {v} {fig}, {src} shows.",
    "{NP} {v} {fig} {per}, a level that surprised few observers.",
    "{Per} {np} {v} {fig}, data from {src} indicate.",
)

# Dispute frames: the article quotes a figure in order to reject it; {false} comes first.
DISPUTE_FRAMES = (
    "Some outlets claimed that {np} {v} {false} {per}, "
    "but according to {src} the real figure was {true}.",
    "Reports that {np} reached {false} {per} are wrong: {src} put the figure at {true}.",
    "While some commentators have put {np} {per} at {false}, "
    "the actual figure, according to {src}, was {true}.",
    "Claims circulating on social media that {np} {v} {false} {per} do not hold up; "
    "the real figure was {true}.",
    "Officials rejected the widely quoted estimate of {false} for {np} {per}, "
    "putting the total at {true}.",
)

# Noun phrases per family: (template, plural?). {d} is the measure's detail.
FAMILY_NPS: dict[str, tuple[tuple[str, bool], ...]] = {
    "flow": (
        ("{Aadj} exports to {B}", True),
        ("{Aposs} exports to {B}", True),
        ("{Bposs} imports from {A}", True),
        ("{Badj} imports from {A}", True),
        ("exports from {A} to {B}", True),
        ("{Bposs} purchases from {A}", True),
        ("the value of {Aadj} goods shipped to {B}", False),
        ("{Aposs} sales to {B}", True),
    ),
    "flow+d": (
        ("{Aadj} {d} exports to {B}", True),
        ("{Aposs} {d} exports to {B}", True),
        ("{Bposs} {d} imports from {A}", True),
        ("{Badj} imports of {Aadj} {d}", True),
        ("{d} exports from {A} to {B}", True),
        ("the value of {d} {A} sold to {B}", False),
    ),
    "trade": (
        ("trade between {A} and {B}", False),
        ("bilateral trade between {A} and {B}", False),
        ("{Aadj}-{Badj} trade", False),
        ("trade turnover between {A} and {B}", False),
        ("two-way trade between {B} and {A}", False),
    ),
    "invest": (
        ("{Aadj} investment in {Bposs} {d} sector", False),
        ("{Aposs} investment in {Badj} {d}", False),
        ("investment by {A} in {Bposs} {d} sector", False),
        ("{Aadj} capital invested in {Badj} {d}", False),
    ),
    "aid": (
        ("{Aposs} aid to {B}", False),
        ("total {Aadj} assistance to {B}", False),
        ("aid from {A} to {B}", False),
        ("{Aposs} overall aid to {B}", False),
    ),
    "aid+d": (
        ("{Aposs} {d} aid to {B}", False),
        ("{Aadj} {d} assistance to {B}", False),
        ("{d} aid from {A} to {B}", False),
    ),
    "prod": (
        ("{Aposs} {d} production", False),
        ("{Aadj} {d} output", False),
        ("{d} output in {A}", False),
        ("{Aposs} output of {d}", False),
        ("the amount of {d} produced in {A}", False),
    ),
    "cost": (("the cost of the {d} in {B}", False), ("the estimated cost of {Bposs} {d}", False)),
}

# Whole-sentence templates per family, beyond the NP frames.
FAMILY_CLAUSES: dict[str, tuple[str, ...]] = {
    "flow": (
        "{A} exported goods worth {fig} to {B} {per}.",
        "{Per}, {A} shipped {fig} worth of goods to {B}.",
        "{B} imported {fig} of goods from {A} {per}.",
        "{Per}, {B} bought goods worth {fig} from {A}.",
        "Goods worth {fig} were exported from {A} to {B} {per}.",
        "{A} sold {fig} of goods to {B} {per}.",
        "Imports from {A} cost {B} {fig} {per}.",
    ),
    "flow+d": (
        "{A} exported {fig} worth of {d} to {B} {per}.",
        "{B} imported {d} worth {fig} from {A} {per}.",
        "{Per}, {B} bought {fig} of {d} from {A}.",
        "{Aadj} {d} worth {fig} was shipped to {B} {per}.",
    ),
    "trade": (
        "{A} and {B} traded goods worth {fig} {per}.",
        "{Per}, trade between the two countries, {A} and {B}, came to {fig}.",
    ),
    "invest": (
        "{A} invested {fig} in {Bposs} {d} sector {per}.",
        "{Per}, {Aadj} companies invested {fig} in {Badj} {d}.",
        "{Bposs} {d} sector received {fig} of {Aadj} investment {per}.",
        "{Per}, {A} poured {fig} into {Bposs} {d} sector.",
        "Investment worth {fig} flowed from {A} into {Bposs} {d} sector {per}.",
    ),
    "aid": (
        "{A} provided {fig} in aid to {B} {per}.",
        "{B} received {fig} in assistance from {A} {per}.",
        "{Per}, {A} gave {B} {fig} in aid.",
        "{A} disbursed {fig} of aid to {B} {per}.",
    ),
    "aid+d": (
        "{A} provided {fig} in {d} aid to {B} {per}.",
        "{B} received {fig} of {d} assistance from {A} {per}.",
        "{Per}, {A} spent {fig} on {d} aid for {B}.",
    ),
    "prod": (
        "{A} produced {fig} of {d} {per}.",
        "{Per}, {A} turned out {fig} of {d}.",
        "{fig} of {d} were produced in {A} {per}.",
        "{Per}, {Aposs} {d} output rose to {fig}.",
    ),
    "share": (
        "{A} accounted for {fig} of {Bposs} {d} {per}.",
        "{fig} of {Bposs} {d} {per} {dir} {A}.",
        "{Aposs} share of {Bposs} {d} was {fig} {per}.",
        "Only {fig} of {Badj} {d} {dir} {A} {per}, according to {src}.",
        "{Per}, {A} took a {fig} share of {Bposs} {d}.",
    ),
    "count:diplomats": (
        "{A} had {fig} in {Bcity} {per}.",
        "The {Aadj} embassy in {Bcity} employed {fig} {per}.",
        "{Per}, {fig} were posted at the {Aadj} embassy in {Bcity}.",
        "{Aposs} mission in {Bcity} was staffed by {fig} {per}.",
    ),
    "count:troops": (
        "{A} had {fig} stationed in {B} {per}.",
        "{Per}, {fig} from {A} were based in {B}.",
        "The {Aadj} contingent in {B} numbered {fig} {per}.",
        "{A} kept {fig} in {B} {per}.",
    ),
    "count:projects": (
        "{A} was funding {fig} in {B} {per}.",
        "{Per}, {fig} financed by {A} were under way in {B}.",
        "{Aadj} money supported {fig} in {B} {per}.",
    ),
    "count:scholarships": (
        "{A} offered {fig} to students from {B} {per}.",
        "{Per}, {Badj} students received {fig} from {A}.",
        "{A} awarded {fig} to {Badj} students {per}.",
    ),
    "cost": (
        "{Per}, the cost of the {d} in {B} was estimated at {fig}.",
        "Estimates published {per} put the cost of the {d} in {B} at {fig}.",
        "Building the {d} in {B} will cost {fig}, according to estimates made {per}.",
    ),
}


def _slots(rng: random.Random, m: Measure) -> dict[str, str]:
    a, b = m.a, m.b
    s = {
        "A": a.name,
        "Aadj": a.adj,
        "Aposs": a.poss,
        "Acity": a.capital,
        "d": m.detail,
        "src": rng.choice(SOURCES),
    }
    if b is not None:
        s |= {"B": b.name, "Badj": b.adj, "Bposs": b.poss, "Bcity": b.capital}
    s["dir"] = "came from" if m.detail == "imports" else "went to"
    return s


def _family_key(m: Measure) -> str:
    if m.family == "count":
        return f"count:{m.detail}"
    if m.family in ("flow", "aid") and m.detail:
        return m.family + "+d"
    return m.family


def noun_phrase(rng: random.Random, m: Measure) -> tuple[str, bool] | None:
    """A noun phrase naming the measure, or None for families that only have clauses."""
    nps = FAMILY_NPS.get(_family_key(m))
    if not nps:
        return None
    template, plural = rng.choice(nps)
    return template.format(**_slots(rng, m)), plural


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return cap(text)


def state_figure(rng: random.Random, m: Measure, fig: str, per: str) -> str:
    """One sentence stating measure ``m`` with the marked figure ``fig`` for period ``per``."""
    slots = _slots(rng, m)
    slots |= {"fig": fig, "per": per, "Per": cap(per), "Src": cap(slots["src"])}
    nps = FAMILY_NPS.get(_family_key(m))
    clauses = FAMILY_CLAUSES.get(_family_key(m), ())
    if nps and (not clauses or rng.random() < 0.6):
        np, plural = rng.choice(nps)
        np = np.format(**slots)
        slots |= {"np": np, "NP": cap(np), "was": "were" if plural else "was"}
        slots["v"] = rng.choice(VERBS).format(was=slots["was"])
        return _fill(rng, rng.choice(NP_FRAMES), slots)
    return _fill(rng, rng.choice(clauses), slots)


def dispute_figure(rng: random.Random, m: Measure, false_fig: str, true_fig: str, per: str) -> str:
    """A sentence that quotes ``false_fig`` only to reject it in favour of ``true_fig``."""
    got = noun_phrase(rng, m)
    assert got is not None, "disputes need a family with noun phrases"
    np, plural = got
    was = "were" if plural else "was"
    slots = {
        "np": np,
        "false": false_fig,
        "true": true_fig,
        "per": per,
        "src": rng.choice(SOURCES),
        "v": rng.choice(VERBS).format(was=was),
    }
    return _fill(rng, rng.choice(DISPUTE_FRAMES), slots)


class Event(NamedTuple):
    kind: str  # embassy | consulate | accord | summit | opening
    a: Country
    b: Country
    name: str  # the distinctive name: "Kavran transit agreement", a city, a forum

    def describe(self) -> str:
        return f"{self.kind}: {self.a.name}/{self.b.name} {self.name}".strip()


EVENT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "consulate": (
        "{A} opened a consulate in the {Badj} city of {n} {when}.",
        "The {Aadj} consulate in {n} opened its doors {when}.",
        "{When}, {A} inaugurated its consulate in {n}, {B}.",
        "It was {when} that {A} opened a consular office in {n}.",
    ),
    "accord": (
        "{A} and {B} signed the {n} {when}.",
        "The {n} was signed by {A} and {B} {when}.",
        "{When}, {A} and {B} put their signatures to the {n}.",
        "{A} and {B} concluded the {n} {when}.",
        "Signed {when}, the {n} commits {A} and {B} to closer cooperation.",
    ),
    "summit": (
        "The {n} summit took place in {Bcity} {when}.",
        "Leaders of {A} and {B} met at the {n} summit {when}.",
        "{When}, {Bcity} hosted the {n} summit, attended by {Aadj} and {Badj} officials.",
        "{A} sent a delegation to the {n} summit, held in {Bcity} {when}.",
    ),
    "opening": (
        "The {n} between {A} and {B} opened {when}.",
        "{A} and {B} inaugurated the {n} {when}.",
        "{When}, the {n} linking {A} and {B} was opened to traffic.",
        "Traffic began to move across the {n} between {B} and {A} {when}.",
    ),
}


def state_event(rng: random.Random, e: Event, when: str) -> str:
    """A sentence dating event ``e``; ``when`` is 'on <marked date>' or 'in <marked month>'."""
    b = e.b
    slots = {
        "A": e.a.name,
        "Aadj": e.a.adj,
        "B": b.name,
        "Badj": b.adj,
        "Bcity": b.capital,
        "n": e.name,
        "when": when,
        "When": cap(when),
    }
    return _fill(rng, rng.choice(EVENT_TEMPLATES[e.kind]), slots)


# Assertions and denials: (positive templates, negative templates) per action.
ASSERT_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sign": (
        (
            "{A} signed the {o} {when}.",
            "The {o} was signed by {A} {when}.",
            "{When}, {A} formally signed the {o}.",
            "{A} became a signatory to the {o} {when}.",
            "{A} put its signature to the {o} {when}.",
        ),
        (
            "As of {later}, {A} had not signed the {o}.",
            "{A} had still not signed the {o} by {later}.",
            "By {later}, {A} had yet to sign the {o}.",
            "Officials in {Acity} denied in {later} that {A} had signed the {o}.",
            "{A} has never signed the {o}, its foreign ministry said in {later}.",
            "Contrary to some reports, {A} had not put its name to the {o} as of {later}.",
            "The {o} remained unsigned by {A} as of {later}.",
        ),
    ),
    "join": (
        (
            "{A} joined the {o} {when}.",
            "{A} became a member of the {o} {when}.",
            "{When}, {A} was admitted to the {o}.",
        ),
        (
            "As of {later}, {A} had not joined the {o}.",
            "{A} was still not a member of the {o} in {later}.",
            "{A} had yet to join the {o} by {later}.",
            "Officials in {Acity} denied in {later} that {A} had joined the {o}.",
        ),
    ),
    "ratify": (
        (
            "{A} ratified the {o} {when}.",
            "The {o} was ratified by {Aposs} parliament {when}.",
            "{When}, lawmakers in {Acity} ratified the {o}.",
        ),
        (
            "As of {later}, {A} had not ratified the {o}.",
            "{Aposs} parliament had still not ratified the {o} by {later}.",
            "The {o} had not been ratified by {A} as of {later}.",
        ),
    ),
}


def state_assertion(
    rng: random.Random,
    action: str,
    a: Country,
    obj: str,
    positive: bool,
    when: str = "",
    later: str = "",
) -> str:
    """Assert (``when``: 'in March 2022') or deny (as of ``later``) that ``a`` did ``action``."""
    pos, neg = ASSERT_TEMPLATES[action]
    slots = {
        "A": a.name,
        "Aposs": a.poss,
        "Acity": a.capital,
        "o": obj,
        "when": when,
        "When": cap(when),
        "later": later,
    }
    return _fill(rng, rng.choice(pos if positive else neg), slots)


def month_year(d: dt.date) -> str:
    return f"{surfaces.MONTHS[d.month - 1]} {d.year}"
