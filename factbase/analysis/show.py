"""Everything factbase knows about one claim or one article, as plain dicts for rendering.

A claim comes with its neighbours in the article, figures, citations, entities, review
history and the conflicts it takes part in (matched by stable keys as well as ids, so
conflicts found before a re-extraction still show). Unknown ids raise NotFound.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from factbase.analysis.review import MAX_ID, claim_identity, latest_status, review_history
from factbase.db.models import (
    Article,
    Citation,
    Claim,
    ClaimEntity,
    Conflict,
    Figure,
    Publisher,
)
from factbase.errors import NotFound


def corroboration_count(conn: Connection, claim_id: int) -> int | None:
    """How many other sources corroborate the claim (None when that analysis is absent)."""
    try:
        from factbase.analysis.corroboration import count_for_claim
    except ImportError:  # the conflicts/corroboration stage is optional for show
        return None
    return count_for_claim(conn, claim_id)


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def _article_meta(conn: Connection, article_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(
            Article.id,
            Article.source,
            Article.title,
            Article.author,
            Article.published,
            Publisher.name.label("publisher"),
            Article.url,
            Article.ingested_at,
            Article.extractor_version,
        )
        .outerjoin(Publisher, Publisher.id == Article.publisher_id)
        .where(Article.id == article_id)
    ).first()
    if row is None:
        return None
    return {k: _iso(v) for k, v in row._mapping.items()}


def _claim_brief(conn: Connection, article_id: int, ordinal: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(Claim.id, Claim.ordinal, Claim.text).where(
            Claim.article_id == article_id, Claim.ordinal == ordinal
        )
    ).first()
    return None if row is None else dict(row._mapping)


def _conflicts(conn: Connection, claim_id: int, article_id: int, key: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(
            Conflict.id,
            Conflict.kind,
            Conflict.status,
            Conflict.reason,
            Conflict.score,
            Conflict.claim_a_id,
            Conflict.claim_b_id,
            Conflict.article_a_id,
            Conflict.article_b_id,
            Conflict.claim_a_key,
            Conflict.claim_b_key,
        )
        .where(
            or_(
                Conflict.claim_a_id == claim_id,
                Conflict.claim_b_id == claim_id,
                and_(Conflict.article_a_id == article_id, Conflict.claim_a_key == key),
                and_(Conflict.article_b_id == article_id, Conflict.claim_b_key == key),
            )
        )
        .order_by(Conflict.id)
    ).all()
    out = []
    for r in rows:
        mine_is_a = r.article_a_id == article_id and r.claim_a_key == key
        other_article = r.article_b_id if mine_is_a else r.article_a_id
        other_key = r.claim_b_key if mine_is_a else r.claim_a_key
        other = conn.execute(
            select(Claim.id, Claim.text).where(
                Claim.article_id == other_article, Claim.key == other_key
            )
        ).first()
        out.append(
            {
                "id": r.id,
                "kind": r.kind,
                "status": r.status,
                "reason": r.reason,
                "score": r.score,
                "other_article_id": other_article,
                "other_claim_id": other.id if other else None,
                "other_claim_text": other.text if other else None,
            }
        )
    return out


def load_claim(engine: Engine, claim_id: int) -> dict[str, Any]:
    """A claim with context, figures, citations, entities, reviews and conflicts."""
    with engine.connect() as conn:
        article_id, key = claim_identity(conn, claim_id)
        row = conn.execute(
            select(
                Claim.id,
                Claim.ordinal,
                Claim.key,
                Claim.kind,
                Claim.text,
                Claim.start,
                Claim.end,
                latest_status().label("status"),
            ).where(Claim.id == claim_id)
        ).one()
        figures = conn.execute(
            select(
                Figure.id,
                Figure.text,
                Figure.value,
                Figure.value_high,
                Figure.unit,
                Figure.kind,
                Figure.qualifier,
                Figure.measure,
                Figure.period,
            )
            .where(Figure.claim_id == claim_id)
            .order_by(Figure.start)
        ).all()
        citations = conn.execute(
            select(
                Citation.id,
                Citation.kind,
                Citation.marker,
                Citation.text,
                Citation.source_name,
                Citation.author,
                Citation.title,
                Citation.url,
                Citation.date,
            )
            .where(Citation.claim_id == claim_id)
            .order_by(Citation.start)
        ).all()
        entities = (
            conn.execute(
                select(ClaimEntity.entity)
                .where(ClaimEntity.claim_id == claim_id)
                .order_by(ClaimEntity.entity)
            )
            .scalars()
            .all()
        )
        result = {
            "id": row.id,
            "ordinal": row.ordinal,
            "key": row.key,
            "kind": row.kind,
            "text": row.text,
            "start": row.start,
            "end": row.end,
            "status": row.status or "unreviewed",
            "article": _article_meta(conn, article_id),
            "previous": _claim_brief(conn, article_id, row.ordinal - 1),
            "next": _claim_brief(conn, article_id, row.ordinal + 1),
            "figures": [dict(f._mapping) for f in figures],
            "citations": [{k: _iso(v) for k, v in c._mapping.items()} for c in citations],
            "entities": list(entities),
            "reviews": review_history(conn, article_id, key),
            "conflicts": _conflicts(conn, claim_id, article_id, key),
            "corroborations": corroboration_count(conn, claim_id),
        }
    return result


def load_article(engine: Engine, article_id: int) -> dict[str, Any]:
    """An article's metadata, its claims (with review status) and record counts."""
    with engine.connect() as conn:
        meta = _article_meta(conn, article_id) if 1 <= article_id <= MAX_ID else None
        if meta is None:
            raise NotFound(
                f'article {article_id} does not exist. Run "factbase export articles" to list ids.'
            )
        claims = conn.execute(
            select(Claim.id, Claim.ordinal, Claim.kind, Claim.text, latest_status().label("status"))
            .where(Claim.article_id == article_id)
            .order_by(Claim.ordinal)
        ).all()
        counts = {
            name: conn.execute(
                select(func.count()).select_from(model).where(model.article_id == article_id)
            ).scalar_one()
            for name, model in (("figures", Figure), ("citations", Citation))
        }
    meta["counts"] = {"claims": len(claims), **counts}
    meta["claims"] = [
        {
            "id": c.id,
            "ordinal": c.ordinal,
            "kind": c.kind,
            "status": c.status or "unreviewed",
            "text": c.text,
        }
        for c in claims
    ]
    return meta
