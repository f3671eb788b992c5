"""Planting for the corpus generator: conflicts, near-misses, corroborations, syndicated copies.

``Planner.cluster`` plans one topic cluster of articles (two countries, a third for contrast):
which pairs carry a conflict or a near-miss of which type, which articles corroborate each other,
which are syndicated copies; then it dates and renders them and records everything in the key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factbase.testing import phrasing as ph
from factbase.testing import surfaces as sf
from factbase.testing import world as w
from factbase.testing.answer_key import NEAR_MISS_TYPES, Side
from factbase.testing.articles import (
    FIRST_YEAR,
    LAST_PUB_YEAR,
    LAST_YEAR,
    Article,
    Drafter,
    new_side,
)

CLUSTER_SIZE = (
    6,
    14,
)  # articles per topic cluster: enough pairs for plants, few enough to stay on topic
CONFLICT_WEIGHTS = {"numeric": 0.55, "date": 0.25, "negation": 0.20}
EUR_TO_USD = (
    1.05,
    1.12,
)  # plausible yearly average rates; both sides of a currency near-miss agree
NUMERIC_FAMILIES = (
    "flow",
    "flow",
    "flow+d",
    "trade",
    "invest",
    "aid",
    "aid+d",
    "prod",
    "share",
    "count",
    "cost",
)


class Planner(Drafter):
    """Plans clusters of articles and their plants; ``Drafter`` renders them."""

    # ---- plants ---------------------------------------------------------------------------
    def _pair_measure(
        self, a: w.Country, b: w.Country, families: Sequence[str] = NUMERIC_FAMILIES
    ) -> tuple[ph.Measure, int]:
        fam = self.rng.choice(families)
        x, y = (a, b) if self.rng.random() < 0.5 else (b, a)
        return self._measure(fam, x, y)

    def _conflict(self, x: Article, y: Article, a: w.Country, b: w.Country) -> None:
        rng = self.rng
        kind = rng.choices(list(CONFLICT_WEIGHTS), list(CONFLICT_WEIGHTS.values()))[0]
        sa, sb = new_side(), new_side()
        entry: dict[str, Any] = {"kind": kind, "a": sa, "b": sb}
        if kind == "numeric":
            m, v = self._pair_measure(a, b)
            v2 = self._far_value(v, m.unit)
            self._fig_item(x, m, v, sa, rng.choice(("exact", "exact", "rounded")))
            self._fig_item(y, m, v2, sb, rng.choice(("exact", "exact", "loose")))
            entry["detail"] = {"measure": m.describe(), "a_value": v, "b_value": v2, "unit": m.unit}
        elif kind == "date":
            e, d1 = self._event(*(a, b) if rng.random() < 0.5 else (b, a))
            shift = rng.choice((-1, 1)) * rng.randint(2, 9)
            mo = d1.month - 1 + shift
            d2 = dt.date(d1.year + mo // 12, mo % 12 + 1, rng.randint(1, 28))
            if d2.year > LAST_YEAR or d2.year < FIRST_YEAR:
                d2 = dt.date(d1.year - 1, d1.month, d1.day)
            self._event_item(x, e, d1, sa)
            self._event_item(y, e, d2, sb)
            entry["detail"] = {
                "event": e.describe(),
                "a_date": d1.isoformat(),
                "b_date": d2.isoformat(),
            }
        else:
            who = rng.choice((a, b))
            action, obj, day = self._action()
            later = day + dt.timedelta(days=rng.randint(35, 330))
            pos_art, neg_art = (x, y) if rng.random() < 0.5 else (y, x)
            ps, ns = (sa, sb) if pos_art is x else (sb, sa)
            self._assert_item(pos_art, action, who, obj, True, day, ps)
            self._assert_item(
                neg_art, action, who, obj, False, min(later, dt.date(LAST_YEAR, 12, 28)), ns
            )
            entry["detail"] = {"assertion": f"{who.name} {action} {obj}", "date": day.isoformat()}
        x.planted = y.planted = True
        self.key.conflicts.append(entry)

    def _action(self) -> tuple[str, str, dt.date]:
        rng = self.rng
        action = rng.choice(("sign", "sign", "join", "ratify"))
        kinds = w.FORUM_KINDS if action == "join" else w.ACCORD_KINDS
        day = dt.date(
            rng.randint(FIRST_YEAR + 2, LAST_YEAR - 1), rng.randint(1, 12), rng.randint(1, 28)
        )
        return action, f"{self._name()} {rng.choice(kinds)}", day

    def _near_miss(
        self, x: Article, y: Article, a: w.Country, b: w.Country, c: w.Country, kind: str
    ) -> None:
        rng = self.rng
        sa, sb = new_side(), new_side()
        entry: dict[str, Any] = {"kind": kind, "a": sa, "b": sb}
        agree: list[Side] = []  # sides that also corroborate each other
        if kind == "different_period":
            m, v = self._pair_measure(
                a, b, ("flow", "flow+d", "invest", "aid", "prod", "share", "count", "trade")
            )
            step = rng.choice((-1, 1))
            m2 = self._variant(m, m.period.year + step) or self._variant(m, m.period.year - step)
            if m2 is None:
                return
            self._fig_item(x, m, v, sa)
            self._fig_item(y, m2, self._far_value(v, m.unit), sb)
            entry["detail"] = {"a": m.describe(), "b": m2.describe()}
        elif kind in ("same_value_different_form", "rounding_compatible"):
            m, v = self._pair_measure(a, b, ("flow", "flow+d", "trade", "invest", "aid", "prod"))
            sa["twin"], sb["twin"] = sb, sa
            self._fig_item(x, m, v, sa)
            self._fig_item(y, m, v, sb, "rounded" if kind == "rounding_compatible" else "exact")
            entry["detail"], agree = {"measure": m.describe(), "value": v}, [sa, sb]
        elif kind == "opposite_direction":
            m, v = self._measure("flow", a, b)
            m2, v2 = self._measure("flow", b, a, m.period.year)
            self._fig_item(x, m, v, sa)
            self._fig_item(y, m2, v2, sb)
            entry["detail"] = {"a": m.describe(), "b": m2.describe()}
        elif kind == "different_subject":
            fam = rng.choice(("invest", "aid", "aid+d", "flow"))
            m, v = self._measure(fam, a, b)
            m2, v2 = self._measure(fam, c, b, m.period.year, m.detail or None)
            self._fig_item(x, m, v, sa)
            self._fig_item(y, m2, self._far_value(v, m2.unit) if m2.unit == m.unit else v2, sb)
            entry["detail"] = {"a": m.describe(), "b": m2.describe()}
        elif kind == "total_vs_part":
            total_fam, part_fam = rng.choice(
                (("aid", "aid+d"), ("flow", "flow+d"), ("trade", "flow"))
            )
            m, v = self._measure(total_fam, a, b, fiscal_ok=False, unit="USD")
            m2, _ = self._measure(part_fam, a, b, m.period.year, fiscal_ok=False, unit="USD")
            part = sf.round_sig(int(v * rng.uniform(0.15, 0.6)), 3)
            self._fig_item(x, m, v, sa)
            self._fig_item(y, m2, part, sb)
            entry["detail"] = {"total": m.describe(), "part": m2.describe()}
        elif kind == "different_currency":
            donor = next((k for k in (a, b, c) if k.name in w.EURO_DONORS), None) or rng.choice(
                [k for k in w.COUNTRIES if k.name in w.EURO_DONORS]
            )
            recipient = b if donor is not b else a
            m, v = self._measure("aid", donor, recipient)
            rate = round(rng.uniform(*EUR_TO_USD), 3)
            eur, usd = m._replace(unit="EUR"), m._replace(unit="USD")
            self._fig_item(x, eur, v, sa)
            self._fig_item(
                y, usd, sf.round_sig(int(v * rate), 3), sb, rng.choice(("exact", "rounded"))
            )
            entry["detail"], agree = {"measure": m.describe(), "eur": v, "rate": rate}, [sa, sb]
        elif kind == "quoted_dispute":
            m, v = self._pair_measure(a, b, ("flow", "flow+d", "invest", "aid", "trade", "prod"))
            true_side = new_side()
            self._dispute_item(x, m, self._far_value(v, m.unit), v, sa, true_side)
            self._fig_item(y, m, v, sb)
            entry["detail"], agree = {"measure": m.describe(), "true": v}, [true_side, sb]
        elif kind == "within_article":
            m, v = self._pair_measure(a, b)
            self._fig_item(x, m, v, sa)
            self._fig_item(x, m, self._far_value(v, m.unit), sb)
            entry["detail"] = {"measure": m.describe()}
        elif kind in ("date_format", "date_precision"):
            e, day = self._event(a, b)
            sa["twin"], sb["twin"] = sb, sa
            self._event_item(x, e, day, sa, "day")
            self._event_item(y, e, day, sb, "day" if kind == "date_format" else "month")
            entry["detail"], agree = {"event": e.describe(), "date": day.isoformat()}, [sa, sb]
        elif kind == "negation_different_time":
            who = rng.choice((a, b))
            action, obj, day = self._action()
            before = day - dt.timedelta(days=rng.randint(40, 400))
            self._assert_item(x, action, who, obj, False, before, sa)
            self._assert_item(y, action, who, obj, True, day, sb)
            entry["detail"] = {"not_as_of": before.isoformat(), "done": day.isoformat()}
        x.planted = y.planted = True
        self.key.near_misses.append(entry)
        if agree:
            self.key.corroborations.append(
                {
                    "kind": "numeric"
                    if "value" in entry["detail"]
                    or "eur" in entry["detail"]
                    or "true" in entry["detail"]
                    else "date",
                    "via": kind,
                    "sides": agree,
                    "detail": entry["detail"],
                }
            )

    def _corroboration(self, group: list[Article], a: w.Country, b: w.Country) -> None:
        rng = self.rng
        sides = [new_side() for _ in group]
        if rng.random() < 0.75:
            m, v = self._pair_measure(a, b)
            for art, side in zip(group, sides, strict=True):
                self._fig_item(art, m, v, side, rng.choice(("exact", "exact", "rounded")))
            entry = {
                "kind": "numeric",
                "via": "corroboration",
                "sides": sides,
                "detail": {"measure": m.describe(), "value": v},
            }
        else:
            e, day = self._event(a, b)
            for art, side in zip(group, sides, strict=True):
                self._event_item(art, e, day, side)
            entry = {
                "kind": "date",
                "via": "corroboration",
                "sides": sides,
                "detail": {"event": e.describe(), "date": day.isoformat()},
            }
        self.key.corroborations.append(entry)

    def _singletons(self, art: Article, a: w.Country, b: w.Country) -> None:
        """Figures on measures only this article reports: cannot conflict with anything."""
        m, v = self._measure("cost", a, self.rng.choice((a, b)))
        self._fig_item(art, m, v, None)
        if self.rng.random() < 0.4:
            e, day = self._event(a, b)
            self._event_item(art, e, day, None)

    # ---- a cluster: plan, then render ------------------------------------------------------
    def cluster(self, numbers: list[int], out_dir: Path) -> None:
        rng = self.rng
        a, b, c = rng.sample(w.COUNTRIES, 3)
        width = max(3, len(str(self.key.n_articles - 1)))
        arts = [
            Article(n, f"{n:0{width}d}_{rng.getrandbits(64):016x}.txt", rng.choice(self.outlets))
            for n in numbers
        ]
        for i in range(1, len(arts)):
            if rng.random() < self.syndication_rate:
                src = rng.choice([s for s in arts[:i] if s.copy_of is None])
                arts[i].copy_of = src
                while arts[i].outlet.name == src.outlet.name:  # copies run under another outlet
                    arts[i].outlet = rng.choice(self.outlets)
        sources = {id(s.copy_of) for s in arts if s.copy_of is not None}
        free = [s for s in arts if s.copy_of is None and id(s) not in sources]
        originals = [s for s in arts if s.copy_of is None]

        def pair() -> tuple[Article, Article] | None:
            for _ in range(10):
                x, y = rng.sample(free, 2)
                if x.outlet.name != y.outlet.name:
                    return x, y
            return None

        if len(free) >= 2:
            for _ in free:
                if rng.random() < self.conflict_rate and (p := pair()):
                    self._conflict(*p, a, b)
                if rng.random() < self.near_miss_rate:
                    kind = rng.choice([k for k in NEAR_MISS_TYPES if k != "syndicated"])
                    if kind == "within_article":
                        x = rng.choice(free)
                        self._near_miss(x, x, a, b, c, kind)
                    elif p := pair():
                        self._near_miss(*p, a, b, c, kind)
        if len(originals) >= 2:
            for art in originals:
                if rng.random() < 0.8:
                    others = [
                        o for o in originals if o is not art and o.outlet.name != art.outlet.name
                    ]
                    if others:
                        self._corroboration(
                            [art, *rng.sample(others, min(len(others), rng.choice((1, 1, 2))))],
                            a,
                            b,
                        )
        for art in originals:
            self._singletons(art, a, b)
            year = min(max(art.latest + 1 + (rng.random() < 0.4), 2016), LAST_PUB_YEAR)
            art.published = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        for art in arts:
            if art.copy_of is not None:
                art.published = art.copy_of.published + dt.timedelta(days=rng.randint(0, 6))
            self._render(art, a, b, out_dir)
