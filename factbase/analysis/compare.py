"""Figures for one measure across sources, side by side, in one normalised unit per group.

A measure is chosen by free text (matched through ``measure_key``, then fuzzily against the
stored keys), by entity and unit, or by a figure id. Figures are grouped by dimension
(mass, length, ... and one group per currency: currencies are never converted) and ordered
by period, then publication date. ``plot_comparison`` draws the groups with matplotlib.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, exists, select

from factbase.analysis.review import MAX_ID
from factbase.db.models import Article, Claim, ClaimEntity, Figure, Publisher
from factbase.errors import FactbaseError, NotFound, QueryError
from factbase.units import format_value, normalise, units_like

# rapidfuzz token_set_ratio between what is left of two keys once their prefix ("share of"),
# flow ("flow russia>afghanistan") and entities have been checked for agreement. Measured on
# the seeds' keys: "oil production" vs "afghanistan oil production" 100 (kept), vs "coal
# production" 83 (dropped); 85 sits between. A flow or an entity never matches fuzzily: a wrong
# country scores 80-89 on the whole key, which no threshold separates from a right one.
FUZZY_THRESHOLD = 85.0
# At most this many stored keys join a near match, best first, so a vague query stays small.
FUZZY_MAX_KEYS = 5
MAX_FIGURES = 5000  # a comparison is read by a person; past this it is an export


@dataclass(slots=True)
class Comparison:
    """The figures that were compared, grouped by dimension, plus how they were chosen."""

    selector: dict[str, Any]
    matched_keys: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"selector": self.selector, "matched_keys": self.matched_keys, "groups": self.groups}


def _measure_key(text: str) -> str:
    from factbase.ingest.measure import measure_key

    return measure_key(text)


def _canonical_entity(name: str) -> str:
    from factbase.ingest.entities import canonical_entity

    return canonical_entity(name)


_PREFIX_RE = re.compile(r"^(?P<prefix>(?:share|growth|decline)\ of\ )?(?P<rest>.*)$", re.VERBOSE)
# The flow or trade part of a key, as measure.measure_key writes it; "?" is an unknown side.
_FLOW_RE = re.compile(r"(?P<flow>\b(?:flow|trade)\ [^\s]+)", re.VERBOSE)


def _entity_tokens() -> frozenset[str]:
    from factbase.ingest.entities import entity_table

    names = {v for v in entity_table().aliases.values() if v}
    return frozenset(n.lower().replace(" ", "_") for n in names)


@dataclass(frozen=True, slots=True)
class _Shape:
    prefix: str
    flow: str | None
    words: frozenset[str]  # the remaining words, entities included
    entities: frozenset[str]


def _shape(key: str, entities: frozenset[str]) -> _Shape:
    m = _PREFIX_RE.match(key)
    assert m is not None  # the pattern matches any string
    rest = m["rest"]
    flow = _FLOW_RE.search(rest)
    if flow is not None:
        rest = rest[: flow.start()] + rest[flow.end() :]
    words = frozenset(rest.split())
    return _Shape(m["prefix"] or "", flow["flow"] if flow else None, words, words & entities)


def _flow_matches(probe: str | None, stored: str | None) -> bool:
    if probe is None or stored is None:
        return probe == stored
    # "?" in the asked flow is a side the user left open ("Russian exports"): any country.
    pattern = "".join("[^>+\\s]+" if ch == "?" else re.escape(ch) for ch in probe)
    return re.fullmatch(pattern, stored) is not None


def _near_score(probe: _Shape, stored: _Shape) -> float:
    from rapidfuzz import fuzz

    if probe.prefix != stored.prefix or not _flow_matches(probe.flow, stored.flow):
        return 0.0
    a, b = probe.entities, stored.entities
    if a and b and not (a <= b or b <= a):
        return 0.0  # China's investment is not Uzbekistan's
    if not probe.words and not stored.words:
        return 100.0
    return float(
        fuzz.token_set_ratio(" ".join(sorted(probe.words)), " ".join(sorted(stored.words)))
    )


def match_measure_keys(engine: Engine, measure: str) -> list[dict[str, Any]]:
    """Stored measure keys for a free-text measure: the exact key, else near matches."""
    key = _measure_key(measure)
    with engine.connect() as conn:
        if key and conn.execute(select(exists().where(Figure.measure_key == key))).scalar():
            return [{"key": key, "score": 100.0, "match": "exact"}]
        stored = (
            conn.execute(
                select(Figure.measure_key).where(Figure.measure_key.is_not(None)).distinct()
            )
            .scalars()
            .all()
        )
    entities = _entity_tokens()
    probe = _shape(key or measure.casefold(), entities)
    scored = [(_near_score(probe, _shape(k, entities)), k) for k in stored if k is not None]
    best = sorted(
        ((s, k) for s, k in scored if s >= FUZZY_THRESHOLD), key=lambda sk: (-sk[0], sk[1])
    )
    return [{"key": k, "score": round(s, 1), "match": "near"} for s, k in best[:FUZZY_MAX_KEYS]]


def _figure_key(engine: Engine, figure_id: int) -> str:
    with engine.connect() as conn:
        row = None
        if 1 <= figure_id <= MAX_ID:
            row = conn.execute(select(Figure.measure_key).where(Figure.id == figure_id)).first()
    if row is None:
        raise NotFound(
            f'figure {figure_id} does not exist. Run "factbase export figures" to list ids.'
        )
    if row[0] is None:
        raise QueryError(f"figure {figure_id} has no measure, so there is nothing to compare with.")
    return str(row[0])


def compare_figures(
    engine: Engine,
    measure: str | None = None,
    *,
    entity: str | None = None,
    unit: str | None = None,
    figure_id: int | None = None,
) -> Comparison:
    """Figures chosen by measure text, entity, unit or figure id, grouped and ordered."""
    if measure is None and entity is None and unit is None and figure_id is None:
        raise QueryError("say what to compare: a MEASURE, --entity, --unit or --figure.")
    selector = {"measure": measure, "entity": entity, "unit": unit, "figure": figure_id}
    result = Comparison(selector=selector)
    conds = []
    if figure_id is not None:
        key = _figure_key(engine, figure_id)
        result.matched_keys = [{"key": key, "score": 100.0, "match": "exact"}]
        conds.append(Figure.measure_key == key)
    elif measure is not None:
        if not measure.strip():
            raise QueryError('the measure is empty; describe it, e.g. "Russian exports".')
        result.matched_keys = match_measure_keys(engine, measure)
        if not result.matched_keys:
            return result
        conds.append(Figure.measure_key.in_([m["key"] for m in result.matched_keys]))
    if entity is not None:
        conds.append(
            exists().where(
                ClaimEntity.claim_id == Figure.claim_id,
                ClaimEntity.entity == _canonical_entity(entity),
            )
        )
    if unit is not None:
        conds.append(Figure.unit.in_(units_like(unit)))
    stmt = (
        select(
            Figure.id,
            Figure.claim_id,
            Figure.article_id,
            Figure.text,
            Figure.value,
            Figure.value_high,
            Figure.unit,
            Figure.kind,
            Figure.qualifier,
            Figure.measure,
            Figure.measure_key,
            Figure.period,
            Figure.period_key,
            Claim.text.label("claim_text"),
            Article.source,
            Article.title,
            Article.published,
            Publisher.name.label("publisher"),
        )
        .join(Claim, Claim.id == Figure.claim_id)
        .join(Article, Article.id == Figure.article_id)
        .outerjoin(Publisher, Publisher.id == Article.publisher_id)
        .where(*conds)
        .order_by(Figure.id)
        .limit(MAX_FIGURES)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    result.groups = group_figures([dict(r._mapping) for r in rows])
    return result


def _order(row: dict[str, Any]) -> tuple[Any, ...]:
    # Figures without a period go last; stored period keys sort chronologically (measure.py).
    published = row["published"]
    return (
        row["period_key"] is None,
        row["period_key"] or "",
        published is None,
        published.isoformat() if published else "",
        row["id"],
    )


def group_figures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows grouped by dimension (one group per currency), each ordered by period then date."""
    groups: dict[str, dict[str, Any]] = {}
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        n = normalise(row["value"], row["unit"], row["value_high"])
        if n.dimension not in groups:
            groups[n.dimension] = {"dimension": n.dimension, "unit": n.unit}
        published = row["published"]
        members[n.dimension].append(
            {
                **row,
                "published": published,
                "normalised_value": n.value,
                "normalised_value_high": n.value_high,
                "display": format_value(n.value)
                + (f"-{format_value(n.value_high)}" if n.value_high is not None else ""),
            }
        )
    out = []
    for dim, group in groups.items():
        figures = sorted(members[dim], key=_order)
        for f in figures:
            f["published"] = f["published"].isoformat() if f["published"] else None
        out.append({**group, "figures": figures})
    out.sort(key=lambda g: (-len(g["figures"]), g["dimension"]))
    return out


def _source_label(f: dict[str, Any]) -> str:
    return str(f["publisher"] or f["title"] or Path(f["source"]).name)


def plot_comparison(comparison: Comparison, path: Path) -> int:
    """Draw value per source over the periods, one panel per group; returns panels drawn."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise FactbaseError(
            "plotting needs matplotlib. Run: pip install 'factbase[plot]'"
        ) from None
    groups = [
        g for g in comparison.groups if any(f["normalised_value"] is not None for f in g["figures"])
    ]
    if not groups:
        raise QueryError("no figures with values to plot.")
    fig, axes = plt.subplots(len(groups), 1, figsize=(8, 3.2 * len(groups)), squeeze=False)
    for ax, group in zip(axes[:, 0], groups, strict=True):
        periods: list[str] = []
        for f in group["figures"]:
            label = f["period"] or f["published"] or "?"
            if label not in periods:
                periods.append(label)
        by_source: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for f in group["figures"]:
            if f["normalised_value"] is None:
                continue
            x = periods.index(f["period"] or f["published"] or "?")
            by_source[_source_label(f)].append((x, f["normalised_value"]))
        for source, points in by_source.items():
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", label=source[:40])
        ax.set_xticks(range(len(periods)), [p[:24] for p in periods], rotation=20, ha="right")
        ax.set_ylabel(group["unit"] or "count")
        ax.set_title(group["dimension"])
        ax.legend(fontsize="small")
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=100)
    except OSError as exc:
        raise FactbaseError(f"cannot write {path}: {exc.strerror}. Check the folder.") from None
    finally:
        plt.close(fig)
    return len(groups)
