"""Counts for ``factbase stats``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from factbase.db.models import Article, Citation, Claim, ClaimEntity, Conflict, Figure, Publisher
from factbase.db.store import EXTRACTOR_VERSION

TOP_N = 10


def collect_stats(engine: Engine) -> dict[str, Any]:
    """Row counts, conflicts by status, and the most mentioned entities and publishers."""
    with engine.connect() as conn:
        counts = {
            name: conn.execute(select(func.count()).select_from(model)).scalar_one()
            for name, model in (
                ("articles", Article),
                ("claims", Claim),
                ("figures", Figure),
                ("citations", Citation),
                ("conflicts", Conflict),
                ("publishers", Publisher),
            )
        }
        by_status = dict(
            conn.execute(
                select(Conflict.status, func.count())
                .group_by(Conflict.status)
                .order_by(Conflict.status)
            ).all()
        )
        n = func.count().label("n")
        entities = conn.execute(
            select(ClaimEntity.entity, n)
            .group_by(ClaimEntity.entity)
            .order_by(n.desc(), ClaimEntity.entity)
            .limit(TOP_N)
        ).all()
        publishers = conn.execute(
            select(Publisher.name, n)
            .join(Article, Article.publisher_id == Publisher.id)
            .group_by(Publisher.name)
            .order_by(n.desc(), Publisher.name)
            .limit(TOP_N)
        ).all()
        older = conn.execute(
            select(func.count())
            .select_from(Article)
            .where(Article.extractor_version != EXTRACTOR_VERSION)
        ).scalar_one()
    return {
        "counts": counts,
        "older_extraction": older,
        "conflicts_by_status": {str(k): v for k, v in by_status.items()},
        "top_entities": [{"entity": e, "claims": c} for e, c in entities],
        "top_publishers": [{"publisher": p, "articles": c} for p, c in publishers],
    }
