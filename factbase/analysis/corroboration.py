"""Corroboration: claims reported consistently by two or more independent sources.

Figures corroborate each other when they share a frame, period and unit family and their value
intervals overlap (the tolerance rules of ``conflicts``); events when their signatures match
and their dates are compatible. Syndicated copies of one story and articles of one publisher
count as one source. Works from the indexes detection keeps (``figure_frames``,
``event_signatures``), so it reads only the groups it reports on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select, tuple_

from factbase.analysis import conflicts as cf
from factbase.analysis import signatures as sg
from factbase.db.models import Article, Claim, EventSignature, Figure, FigureFrame, Publisher

__all__ = ["count_for_claim", "find_corroborations"]

# A listing is read by a person; past this many groups it is an export.
MAX_GROUPS = 5000


class _Independence:
    """Assigns each article to a source: its publisher, or the first article it copies."""

    def __init__(self, conn: Connection) -> None:
        self.sources = cf.Sources(conn)
        self.conn = conn
        self.publisher: dict[int, int | None] = {}
        self.clusters: list[list[int]] = []
        self.of: dict[int, int] = {}

    def _load(self, ids: Iterable[int]) -> None:
        missing = sorted(set(ids) - self.publisher.keys())
        for i in range(0, len(missing), 900):
            rows = self.conn.execute(
                select(Article.id, Article.publisher_id).where(Article.id.in_(missing[i : i + 900]))
            )
            self.publisher.update({r[0]: r[1] for r in rows})

    def source(self, article_id: int) -> int:
        """A source number: equal for copies of one story and for one publisher's articles."""
        if article_id in self.of:
            return self.of[article_id]
        self._load([article_id])
        pub = self.publisher.get(article_id)
        for n, members in enumerate(self.clusters):
            head = members[0]
            if (pub is not None and self.publisher.get(head) == pub) or self.sources.same(
                head, article_id
            ):
                members.append(article_id)
                self.of[article_id] = n
                return n
        self.clusters.append([article_id])
        self.of[article_id] = len(self.clusters) - 1
        return self.of[article_id]


def _overlap(a: Any, b: Any) -> bool:
    return cf.relative_gap((a.low, a.high), (b.low, b.high)) <= 0


def _components(members: Sequence[Any], linked: Any) -> list[list[Any]]:
    """Connected components of members under ``linked`` (small groups: pairwise)."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(members)):
        for j in range(i + 1, min(len(members), i + cf.MAX_PAIRS_PER_GROUP)):
            if linked(members[i], members[j]):
                parent[find(i)] = find(j)
    comps: dict[int, list[Any]] = defaultdict(list)
    for i, m in enumerate(members):
        comps[find(i)].append(m)
    return list(comps.values())


def _event_match(a: Any, b: Any) -> bool:
    if a.polarity != 1 or b.polarity != 1 or not cf._same_event(a, b):
        return False
    days = cf._days_apart(a, b)
    return days is not None and days <= cf.DATE_SLACK_DAYS


def _frame_rows(conn: Connection, where: Any) -> list[Any]:
    return list(
        conn.execute(
            select(
                FigureFrame.figure_id, FigureFrame.article_id, FigureFrame.frame,
                FigureFrame.period, FigureFrame.dimension, FigureFrame.low, FigureFrame.high,
                Figure.claim_id,
            )
            .join(Figure, Figure.id == FigureFrame.figure_id)
            .where(where)
            .order_by(FigureFrame.frame, FigureFrame.period, FigureFrame.dimension, FigureFrame.low)
        )
    )  # fmt: skip


def _sig_rows(conn: Connection, where: Any) -> list[cf._Sig]:
    e = EventSignature
    out = []
    for r in conn.execute(
        select(e.claim_id, e.block, e.article_id, e.signature, e.polarity, e.date_low,
               e.date_high, e.as_of).where(where).order_by(e.block, e.claim_id)
    ):  # fmt: skip
        action, once, names, ents, words = json.loads(r.signature)
        out.append(
            cf._Sig(r.claim_id, r.article_id, r.polarity, r.date_low, r.date_high, r.as_of,
                    (action, once, tuple(names), tuple(ents), tuple(words)), r.block)
        )  # fmt: skip
    return out


def count_for_claim(conn: Connection, claim_id: int) -> int:
    """How many independent sources besides the claim's own report it consistently."""
    ind = _Independence(conn)
    own_article = conn.execute(select(Claim.article_id).where(Claim.id == claim_id)).scalar()
    if own_article is None:
        return 0
    own = ind.source(own_article)
    others: set[int] = set()
    mine = _frame_rows(conn, Figure.claim_id == claim_id)
    for m in mine:
        group = _frame_rows(
            conn,
            and_(FigureFrame.frame == m.frame, FigureFrame.period == m.period,
                 FigureFrame.dimension == m.dimension),
        )  # fmt: skip
        for g in group:
            if g.claim_id != claim_id and _overlap(m, g) and ind.source(g.article_id) != own:
                others.add(ind.source(g.article_id))
    sigs = _sig_rows(conn, EventSignature.claim_id == claim_id)
    if sigs:
        blocks = sorted({s.block for s in sigs})
        for g in _sig_rows(conn, EventSignature.block.in_(blocks)):
            if g.claim_id != claim_id and _event_match(sigs[0], g):
                src = ind.source(g.article_id)
                if src != own:
                    others.add(src)
    return len(others)


def period_label(key: str | None) -> str:
    """A stored period key ("20220101|20221231|", optionally rank-prefixed) for people:
    "2022", "2022-03", or "2022-03-21..2023-03-20"."""
    parts = [p for p in (key or "").split("|") if p.isdigit() and len(p) == 8]
    if len(parts) < 2:
        return key or "undated"
    a, b = parts[0], parts[1]
    if a[4:] == "0101" and b[4:] == "1231" and a[:4] == b[:4]:
        return a[:4]
    if a[:6] == b[:6] and a[6:] == "01":
        return f"{a[:4]}-{a[4:6]}"
    if a == b:
        return f"{a[:4]}-{a[4:6]}-{a[6:]}"
    return f"{a[:4]}-{a[4:6]}-{a[6:]}..{b[:4]}-{b[4:6]}-{b[6:]}"


def _figure_texts(conn: Connection, figure_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(figure_ids))
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        rows = conn.execute(select(Figure.id, Figure.text).where(Figure.id.in_(ids[i : i + 900])))
        for fid, text in rows:
            out[fid] = text
    return out


def _claims(conn: Connection, claim_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = sorted(set(claim_ids))
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):
        rows = conn.execute(
            select(Claim.id, Claim.text, Article.source, Article.title, Article.published,
                   Publisher.name.label("publisher"))
            .join(Article, Article.id == Claim.article_id)
            .outerjoin(Publisher, Publisher.id == Article.publisher_id)
            .where(Claim.id.in_(ids[i : i + 900]))
        )  # fmt: skip
        for r in rows:
            out[r.id] = {
                "claim_id": r.id, "article": r.source, "title": r.title,
                "publisher": r.publisher,
                "published": r.published.isoformat() if r.published else None, "text": r.text,
                "figure": None,
            }  # fmt: skip
    return out


def find_corroborations(engine: Engine, *, min_sources: int = 2) -> list[dict[str, Any]]:
    """Groups of claims that two or more independent sources report consistently."""
    found: list[tuple[str, str, list[Any]]] = []
    with engine.connect() as conn:
        ind = _Independence(conn)
        multi = (
            select(FigureFrame.frame, FigureFrame.period, FigureFrame.dimension)
            .group_by(FigureFrame.frame, FigureFrame.period, FigureFrame.dimension)
            .having(func.count(func.distinct(FigureFrame.article_id)) >= min_sources)
            .subquery()
        )
        rows = _frame_rows(
            conn,
            tuple_(FigureFrame.frame, FigureFrame.period, FigureFrame.dimension).in_(select(multi)),
        )
        groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
        for r in rows:
            groups[(r.frame, r.period, r.dimension)].append(r)
        for (frame, period, _), members in groups.items():
            for comp in _components(members, _overlap):
                if len({ind.source(m.article_id) for m in comp}) >= min_sources:
                    label = f"{sg.frame_label(frame)}, {period_label(period)}"
                    found.append(("numeric", label, comp))
            if len(found) >= MAX_GROUPS:
                break
        by_block: dict[str, list[cf._Sig]] = defaultdict(list)
        for s in _sig_rows(conn, EventSignature.polarity == 1):
            by_block[s.block].append(s)
        seen: set[frozenset[int]] = set()
        for block, sigs in by_block.items():
            for comp in _components(sigs, _event_match):
                claim_set = frozenset(s.claim_id for s in comp)
                if claim_set in seen or len({ind.source(s.article_id) for s in comp}) < min_sources:
                    continue
                seen.add(claim_set)
                found.append(("date", block.replace("|n:", " ").replace("|e:", " "), comp))
        info = _claims(conn, (m.claim_id for _, _, comp in found for m in comp))
        out: list[dict[str, Any]] = []
        fig_text = _figure_texts(
            conn, [m.figure_id for kind, _, comp in found if kind == "numeric" for m in comp]
        )
        for kind, label, comp in found:
            # The figure shown is the member's own: one claim can hold figures of two groups.
            claims = [
                {**info[m.claim_id],
                 "figure": fig_text.get(m.figure_id) if kind == "numeric" else None}
                for m in comp if m.claim_id in info
            ]  # fmt: skip
            out.append({
                "kind": kind, "what": label,
                "sources": len({ind.source(m.article_id) for m in comp}),
                "claims": claims,
            })  # fmt: skip
    out.sort(key=lambda r: (-r["sources"], r["kind"], r["what"]))
    return out
