"""Analysts' decisions on claims: an append-only history keyed by (article, claim key).

A review names the claim by its article and stable key, not its id, so re-extracting an
article (new claim ids, same keys) keeps every decision attached. ``latest_status()`` is
the one definition of "the claim's current status" used by query, show and export.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import Any

from sqlalchemy import Connection, Engine, ScalarSelect, insert, select

from factbase.db.engine import write_connection
from factbase.db.models import REVIEW_STATUSES, Claim, Review
from factbase.errors import NotFound, QueryError

ANALYST_ENV = "FACTBASE_ANALYST"
MAX_ID = 2**63 - 1


def default_analyst() -> str:
    """$FACTBASE_ANALYST, else the login name, else "unknown" (containers may have neither)."""
    name = os.environ.get(ANALYST_ENV)
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def latest_status(article_id: Any = Claim.article_id, key: Any = Claim.key) -> ScalarSelect[Any]:
    """Correlated subquery: the newest review status of a claim, NULL when never reviewed."""
    return (
        select(Review.status)
        .where(Review.article_id == article_id, Review.claim_key == key)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def claim_identity(conn: Connection, claim_id: int) -> tuple[int, str]:
    """(article id, claim key) of a claim; NotFound when there is no such claim."""
    row = None
    if 1 <= claim_id <= MAX_ID:
        row = conn.execute(select(Claim.article_id, Claim.key).where(Claim.id == claim_id)).first()
    if row is None:
        raise NotFound(f'claim {claim_id} does not exist. Run "factbase query" to find ids.')
    return row[0], row[1]


def review_history(conn: Connection, article_id: int, key: str) -> list[dict[str, Any]]:
    """Every review of one claim, oldest first."""
    rows = conn.execute(
        select(Review.id, Review.status, Review.note, Review.analyst, Review.created_at)
        .where(Review.article_id == article_id, Review.claim_key == key)
        .order_by(Review.created_at, Review.id)
    ).all()
    return [
        {
            "id": r.id,
            "status": r.status,
            "note": r.note,
            "analyst": r.analyst,
            "created_at": _iso(r.created_at),
        }
        for r in rows
    ]


def _iso(when: dt.datetime) -> str:
    # SQLite hands back naive datetimes; we only ever store UTC.
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.isoformat(timespec="seconds")


def record_review(
    engine: Engine,
    claim_id: int,
    status: str,
    note: str | None = None,
    analyst: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Append a decision on a claim; returns it together with the claim's full history."""
    if status not in REVIEW_STATUSES:
        raise QueryError(f"unknown status {status!r}; use one of {', '.join(REVIEW_STATUSES)}.")
    who = analyst or default_analyst()
    when = now or dt.datetime.now(dt.UTC)
    with write_connection(engine) as conn, conn.begin():
        article_id, key = claim_identity(conn, claim_id)
        review_id = conn.execute(
            insert(Review).returning(Review.id),
            [
                {
                    "article_id": article_id,
                    "claim_key": key,
                    "status": status,
                    "note": note,
                    "analyst": who,
                    "created_at": when,
                }
            ],
        ).scalar_one()
        history = review_history(conn, article_id, key)
    return {
        "id": review_id,
        "claim_id": claim_id,
        "article_id": article_id,
        "claim_key": key,
        "status": status,
        "note": note,
        "analyst": who,
        "created_at": _iso(when),
        "history": history,
    }
