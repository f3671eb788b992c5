"""Stored conflicts: saving what detection found, listing them, and analysts' decisions.

A conflict is keyed by a fingerprint of its two sides' stable identities (article, claim key,
figure surface), so re-detection and re-extraction find the same row and keep its decision.
A decided conflict is reopened only when one of its claims' texts changed (``claims_digest``).
Every status change is appended to ``conflict_reviews``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update

from factbase.analysis import signatures as sg
from factbase.db.engine import write_connection
from factbase.db.models import (
    CONFLICT_STATUSES,
    Article,
    Claim,
    Conflict,
    ConflictReview,
    Figure,
    Publisher,
)
from factbase.errors import NotFound, QueryError

__all__ = [
    "ConflictWriter",
    "Detection",
    "Found",
    "list_conflicts",
    "resolve_conflict",
    "save_found",
]

MAX_ID = 2**63 - 1
SYSTEM_ANALYST = "factbase"
REOPEN_NOTE = "reopened: a claim's text changed"
Side = tuple[int, int, int | None]  # (article id, claim id, figure id or None)


@dataclass(slots=True)
class Found:
    """One conflict as detection sees it, before it is stored."""

    kind: str  # numeric | date | negation
    score: float
    sides: tuple[Side, Side]
    detail: dict[str, Any]


@dataclass(slots=True)
class Detection:
    """What one detection run did."""

    indexed: int = 0  # articles (re)indexed
    found: int = 0  # conflicts found in the compared groups
    new: int = 0
    reopened: int = 0  # decided conflicts whose claims changed
    removed: int = 0  # open conflicts no longer found

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("indexed", "found", "new", "reopened", "removed")}


def _chunks(items: Sequence[Any], n: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _digest(*texts: str) -> str:
    h = hashlib.sha256()
    for t in texts:
        h.update(" ".join(t.split()).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def _source_name(art: Any) -> str:
    if art.publisher:
        return str(art.publisher)
    return PurePath(art.source).name or art.source


def _when(art: Any) -> str:
    return art.published.isoformat() if art.published else "undated"


def _event_phrase(sig: Any) -> str:
    action, _, names, ents, _ = sig
    what = " ".join(n.title() for n in names) or ", ".join(
        e.replace("_", " ").title() for e in ents
    )
    return f"{action} {what}".strip()


def _date_text(s: Any) -> str:
    if s.date_high is None:
        return "undated"
    if s.date_low is None:
        return f"by {s.date_high.isoformat()}"
    if s.date_low == s.date_high:
        return s.date_low.isoformat()
    return f"{s.date_low.isoformat()}..{s.date_high.isoformat()}"


def _reason(f: Found, arts: dict[int, Any], figs: dict[int, Any]) -> str:
    (aa, _, fa), (ab, _, fb) = f.sides
    A, B = arts[aa], arts[ab]
    src_a = f"{_source_name(A)}, {_when(A)}"
    src_b = f"{_source_name(B)}, {_when(B)}"
    if f.kind == "numeric":
        assert fa is not None and fb is not None  # numeric conflicts are between figures
        x, y = figs[fa], figs[fb]
        period = x.period or y.period or "same period"
        label = sg.frame_label(f.detail["frame"])
        pct = round(100 * f.detail["rel"])
        return (
            f"{label}, {period}: {x.text} ({src_a}) vs {y.text} ({src_b}), "
            f"{pct}% apart, beyond rounding and qualifiers"
        )
    a, b = f.detail["a"], f.detail["b"]
    if f.kind == "date":
        days = f.detail.get("days")
        apart = f", {days} days apart" if days is not None else ""
        return (
            f"{_event_phrase(a.sig)}: {_date_text(a)} ({src_a}) vs {_date_text(b)} ({src_b}){apart}"
        )
    pos, neg = (
        (a, src_a) if a.polarity == 1 else (b, src_b),
        (b, src_b) if a.polarity == 1 else (a, src_a),
    )
    return (
        f"{_event_phrase(a.sig)}: happened {_date_text(pos[0])} ({pos[1]}) but denied or not yet "
        f"done {_date_text(neg[0])} ({neg[1]})"
    )


def _articles(conn: Connection, ids: Iterable[int]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for batch in _chunks(sorted(set(ids))):
        for r in conn.execute(
            select(Article.id, Article.source, Article.title, Article.published,
                   Publisher.name.label("publisher"))
            .outerjoin(Publisher, Publisher.id == Article.publisher_id)
            .where(Article.id.in_(batch))
        ):  # fmt: skip
            out[r.id] = r
    return out


def save_found(conn: Connection, found: Sequence[Found], scope: Sequence[int] | None) -> Detection:
    """Store conflicts found by a detection run over ``scope`` (article ids; None: everything)."""
    writer = ConflictWriter(conn, scope)
    writer.add(found)
    return writer.finish()


_FRESH = "fresh"  # inserted by this run
_UNTOUCHED = "untouched"  # stored before this run and left as it was


class ConflictWriter:
    """Saves a detection run's findings chunk by chunk, as ``save_found`` would save them all
    at once: memory follows the chunk, plus one small entry per fingerprint (the stale ones in
    scope are deleted at the end, and a fingerprint found again in a later chunk must end as
    if all chunks had been one list: first position, last values, judged against the row as it
    was before the run).

    For each fingerprint ``seen`` holds _FRESH, _UNTOUCHED, or the row as it was before the
    run when this run changed it. Reopening reviews wait for ``finish``, which appends them in
    fingerprint order.
    """

    # The reason is made from these same inputs, so it is rebuilt only when one of them moved.
    COMPARED = ("kind", "score", "claim_a_id", "claim_b_id", "figure_a_id", "figure_b_id",
                "article_a_id", "article_b_id", "claim_a_key", "claim_b_key",
                "claims_digest")  # fmt: skip

    def __init__(self, conn: Connection, scope: Sequence[int] | None) -> None:
        self.conn = conn
        self.scope = scope
        self.now = dt.datetime.now(dt.UTC)
        self.result = Detection()
        self.seen: dict[str, Any] = {}
        self.reviews: dict[str, int] = {}  # fingerprint -> id of the conflict reopened

    def add(self, found: Sequence[Found]) -> None:
        conn, now, compared = self.conn, self.now, self.COMPARED
        self.result.found += len(found)
        claim_ids = {c for f in found for (_, c, _) in f.sides}
        fig_ids = {g for f in found for (_, _, g) in f.sides if g is not None}
        claims: dict[int, Any] = {}
        for batch in _chunks(sorted(claim_ids)):
            for r in conn.execute(
                select(Claim.id, Claim.key, Claim.text).where(Claim.id.in_(batch))
            ):
                claims[r.id] = r
        figs: dict[int, Any] = {}
        for batch in _chunks(sorted(fig_ids)):
            for fr in conn.execute(
                select(Figure.id, Figure.text, Figure.period).where(Figure.id.in_(batch))
            ):
                figs[fr.id] = fr
        rows: dict[str, dict[str, Any]] = {}
        origin: dict[str, Found] = {}
        for f in found:
            ends = []
            for art, cid, fid in f.sides:
                surface = figs[fid].text if fid is not None else ""
                ends.append((f"{art}:{claims[cid].key}:{surface}", art, cid, fid))
            ends.sort()
            (ka, art_a, ca, fa), (kb, art_b, cb, fb) = ends
            fp = hashlib.sha256(f"{f.kind}|{ka}|{kb}".encode("utf-8", "surrogatepass")).hexdigest()
            origin[fp] = f
            rows[fp] = {
                "fingerprint": fp, "kind": f.kind, "score": f.score,
                "claim_a_id": ca, "claim_b_id": cb, "figure_a_id": fa, "figure_b_id": fb,
                "article_a_id": art_a, "article_b_id": art_b, "claim_a_key": claims[ca].key,
                "claim_b_key": claims[cb].key,
                "claims_digest": _digest(claims[ca].text, claims[cb].text),
            }  # fmt: skip
        # The row each fingerprint is judged against: as stored before the run.
        before: dict[str, Any] = {}
        for fp in rows:
            prior = self.seen.get(fp)
            if prior is not None and prior is not _FRESH and prior is not _UNTOUCHED:
                before[fp] = prior
        lookup = sorted(fp for fp in rows if self.seen.get(fp) in (None, _UNTOUCHED))
        for batch in _chunks(lookup):
            for r in conn.execute(
                select(Conflict.id, Conflict.fingerprint, Conflict.status, Conflict.reason,
                       Conflict.updated_at, *(getattr(Conflict, c) for c in compared))
                .where(Conflict.fingerprint.in_(batch))
            ):  # fmt: skip
                before[r.fingerprint] = r
        moved = {fp for fp, old in before.items()
                 if not all(getattr(old, c) == rows[fp][c] for c in compared)}  # fmt: skip
        todo = [fp for fp in rows
                if fp in moved or fp not in before]  # fmt: skip
        arts = _articles(conn, (a for fp in todo for (a, _, _) in origin[fp].sides))
        for fp in todo:
            rows[fp]["reason"] = _reason(origin[fp], arts, figs)
        fresh_fps = [fp for fp in todo if fp not in before and fp not in self.seen]
        fresh = [dict(rows[fp], status="open", created_at=now, updated_at=now)
                 for fp in fresh_fps]  # fmt: skip
        if fresh:
            conn.execute(insert(Conflict), fresh)
        self.result.new += len(fresh)
        for fp in todo:
            if fp not in before and self.seen.get(fp) is _FRESH:
                # Inserted for an earlier chunk and found again: it ends with the last values.
                conn.execute(update(Conflict).where(Conflict.fingerprint == fp).values(**rows[fp]))
        for fp in fresh_fps:
            self.seen[fp] = _FRESH
        for fp in sorted(before):
            old = before[fp]
            changed_here = self.seen.get(fp) not in (None, _UNTOUCHED)
            if fp in moved:
                values = dict(rows[fp], updated_at=now)
                if old.status != "open" and old.claims_digest != values["claims_digest"]:
                    values["status"] = "open"
                    self.reviews[fp] = old.id
                else:
                    if changed_here:
                        values["status"] = old.status
                    self.reviews.pop(fp, None)
                conn.execute(update(Conflict).where(Conflict.id == old.id).values(**values))
                self.seen[fp] = _snapshot(old)
            else:
                if changed_here:  # a later finding put back what an earlier one changed
                    values = {c: getattr(old, c) for c in compared}
                    values.update(status=old.status, reason=old.reason, updated_at=old.updated_at)
                    conn.execute(update(Conflict).where(Conflict.id == old.id).values(**values))
                    self.reviews.pop(fp, None)
                self.seen[fp] = _UNTOUCHED

    def finish(self) -> Detection:
        """Append the reopening reviews, delete the stale conflicts in scope, and report."""
        if self.reviews:
            self.conn.execute(
                insert(ConflictReview),
                [{"conflict_id": self.reviews[fp], "status": "open", "analyst": SYSTEM_ANALYST,
                  "note": REOPEN_NOTE, "created_at": self.now}
                 for fp in sorted(self.reviews)],
            )  # fmt: skip
        self.result.reopened = len(self.reviews)
        self.result.removed = _remove_stale(self.conn, self.seen.keys(), self.scope)
        return self.result


@dataclass(slots=True)
class _Before:
    """A stored conflict as it was before this run changed it."""

    id: int
    status: str
    reason: str
    updated_at: Any
    kind: str
    score: float
    claim_a_id: int | None
    claim_b_id: int | None
    figure_a_id: int | None
    figure_b_id: int | None
    article_a_id: int
    article_b_id: int
    claim_a_key: str
    claim_b_key: str
    claims_digest: str


def _snapshot(old: Any) -> _Before:
    if isinstance(old, _Before):
        return old
    return _Before(old.id, old.status, old.reason, old.updated_at,
                   *(getattr(old, c) for c in ConflictWriter.COMPARED))  # fmt: skip


def _remove_stale(conn: Connection, keep: Container[str], scope: Sequence[int] | None) -> int:
    """Delete open conflicts in scope that were not found again (decided ones are history)."""
    query = select(Conflict.id, Conflict.fingerprint).where(Conflict.status == "open")
    ids: list[int] = []
    if scope is None:
        ids = [r.id for r in conn.execute(query) if r.fingerprint not in keep]
    else:
        for batch in _chunks(sorted(set(scope))):
            for r in conn.execute(
                query.where(or_(Conflict.article_a_id.in_(batch), Conflict.article_b_id.in_(batch)))
            ):
                if r.fingerprint not in keep:
                    ids.append(r.id)
    for batch in _chunks(sorted(set(ids))):
        conn.execute(delete(Conflict).where(Conflict.id.in_(batch)))
    return len(set(ids))


# --- reading and deciding ----------------------------------------------------------------------


def _side(
    conn: Connection, art: Any, claim_id: int | None, key: str, figure_id: int | None
) -> dict[str, Any]:
    claim = None
    if claim_id is not None:
        claim = conn.execute(select(Claim.id, Claim.text).where(Claim.id == claim_id)).first()
    if claim is None:  # re-extracted since detection: follow the stable key
        claim = conn.execute(
            select(Claim.id, Claim.text).where(Claim.article_id == art.id, Claim.key == key)
        ).first()
    figure = None
    if figure_id is not None:
        figure = conn.execute(select(Figure.text).where(Figure.id == figure_id)).scalar()
    return {
        "claim_id": claim.id if claim else None,
        "article": art.source,
        "title": art.title,
        "text": claim.text if claim else None,
        "figure": figure,
    }


def _as_dict(conn: Connection, c: Any, arts: dict[int, Any]) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "status": c.status,
        "reason": c.reason,
        "score": float(c.score),
        "a": _side(conn, arts[c.article_a_id], c.claim_a_id, c.claim_a_key, c.figure_a_id),
        "b": _side(conn, arts[c.article_b_id], c.claim_b_id, c.claim_b_key, c.figure_b_id),
    }


def list_conflicts(
    engine: Engine, *, status: str | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    """Stored conflicts, highest score first, in the JSON contract's shape."""
    query = select(Conflict).order_by(Conflict.score.desc(), Conflict.id)
    if status:
        query = query.where(Conflict.status == status)
    if kind:
        query = query.where(Conflict.kind == kind)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        arts = _articles(conn, [a for r in rows for a in (r.article_a_id, r.article_b_id)])
        return [_as_dict(conn, r, arts) for r in rows]


def get_conflict(conn: Connection, conflict_id: int) -> Any:
    row = None
    if 1 <= conflict_id <= MAX_ID:
        row = conn.execute(select(Conflict).where(Conflict.id == conflict_id)).first()
    if row is None:
        raise NotFound(
            f'conflict {conflict_id} does not exist. Run "factbase conflicts" to see ids.'
        )
    return row


def resolve_conflict(
    engine: Engine, conflict_id: int, status: str, note: str | None, analyst: str | None = None
) -> dict[str, Any]:
    """Record an analyst's decision (confirmed | dismissed | open) and append it to history."""
    if status not in CONFLICT_STATUSES:
        raise QueryError(f"status must be one of {', '.join(CONFLICT_STATUSES)}, not {status!r}.")
    from factbase.analysis.review import default_analyst

    now = dt.datetime.now(dt.UTC)
    with write_connection(engine) as conn, conn.begin():
        get_conflict(conn, conflict_id)
        conn.execute(
            update(Conflict)
            .where(Conflict.id == conflict_id)
            .values(status=status, note=note, updated_at=now)
        )
        conn.execute(
            insert(ConflictReview),
            [{"conflict_id": conflict_id, "status": status, "note": note,
              "analyst": analyst or default_analyst(), "created_at": now}],
        )  # fmt: skip
        row = get_conflict(conn, conflict_id)
        arts = _articles(conn, (row.article_a_id, row.article_b_id))
        out = _as_dict(conn, row, arts)
        out["note"] = note
        out["history"] = [
            {"status": r.status, "note": r.note, "analyst": r.analyst,
             "created_at": r.created_at.isoformat() if r.created_at else None}
            for r in conn.execute(
                select(ConflictReview).where(ConflictReview.conflict_id == conflict_id)
                .order_by(ConflictReview.id)
            )
        ]  # fmt: skip
    return out
