"""Document <-> rows: the only write path for extracted articles.

``save_document`` writes one article and everything extracted from it with Core bulk
inserts (PERFORMANCE.md: ORM objects per row cannot reach the ingest target) inside the
caller's transaction; the caller wraps it in a savepoint so each article is atomic. On
SQLite it also feeds the FTS5 index explicitly (4-5x cheaper than an insert trigger).
Claims get stable keys (``claim_key``) so reviews and conflict decisions survive re-extraction.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, delete, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from factbase import __version__
from factbase.db.models import Article, Citation, Claim, ClaimEntity, Figure, Publisher
from factbase.records import Document

# Bump the suffix when extraction changes enough that stored articles should be re-extracted.
EXTRACTOR_VERSION = f"{__version__}+x1"

_SPACE = re.compile(r"\s+")

Status = Literal["new", "updated", "unchanged", "reextracted"]


@dataclass(slots=True)
class SaveResult:
    status: Status
    article_id: int
    claims: int = 0
    figures: int = 0
    citations: int = 0
    duplicate_of: str | None = None  # source of the article with the same content


@dataclass(slots=True)
class Totals:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    claims: int = 0
    figures: int = 0
    citations: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, result: SaveResult) -> None:
        if result.status in ("new",):
            self.new += 1
        elif result.status in ("updated", "reextracted"):
            self.updated += 1
        else:
            self.unchanged += 1
        self.claims += result.claims
        self.figures += result.figures
        self.citations += result.citations


def claim_key(text_: str, occurrence: int = 0) -> str:
    """A key that stays the same while the claim's words do: whitespace and case folded."""
    norm = _SPACE.sub(" ", text_).strip().casefold()
    digest = hashlib.sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return digest if occurrence == 0 else f"{digest}:{occurrence}"


def claim_keys(texts: Sequence[str]) -> list[str]:
    """Keys for an article's claims in order; repeated sentences get :1, :2 ..."""
    seen: dict[str, int] = {}
    keys = []
    for t in texts:
        base = claim_key(t)
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(claim_key(t, n))
    return keys


def period_key_text(period: str | None) -> str | None:
    """The stored, sortable form of measure.period_key: "rank|start|end|tag" (zero-padded)."""
    if not period:
        return None
    from factbase.ingest.measure import period_key

    rank, start, end, tag = period_key(period)
    return f"{rank}|{start:08d}|{end:08d}|{tag}"


def _measure_keys(measure: str | None, period: str | None) -> tuple[str | None, str | None]:
    from factbase.ingest.measure import measure_key

    return (measure_key(measure) if measure else None), period_key_text(period)


def publisher_id(conn: Connection, name: str | None) -> int | None:
    if not name:
        return None
    name = name.strip()[:300]
    ins = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    conn.execute(ins(Publisher).values(name=name).on_conflict_do_nothing())
    return conn.execute(select(Publisher.id).where(Publisher.name == name)).scalar_one()


def _article_values(conn: Connection, doc: Document) -> dict[str, Any]:
    m = doc.metadata
    return {
        "source": doc.source,
        "content_hash": doc.content_hash,
        "title": m.title,
        "author": m.author,
        "published": m.published,
        "publisher_id": publisher_id(conn, m.publisher),
        "url": m.url,
        "body": doc.body,
        "extractor_version": EXTRACTOR_VERSION,
    }


def _insert_children(conn: Connection, article_id: int, doc: Document) -> None:
    if not doc.claims:
        return
    keys = claim_keys([c.text for c in doc.claims])
    claim_rows = [
        {
            "article_id": article_id,
            "ordinal": c.index,
            "key": k,
            "text": c.text,
            "start": c.start,
            "end": c.end,
            "kind": str(c.kind),
        }
        for c, k in zip(doc.claims, keys, strict=True)
    ]
    ids = list(
        conn.execute(
            insert(Claim).returning(Claim.id, sort_by_parameter_order=True), claim_rows
        ).scalars()
    )
    entity_rows = [
        {"claim_id": cid, "entity": e}
        for cid, c in zip(ids, doc.claims, strict=True)
        for e in dict.fromkeys(c.entities)
    ]
    if entity_rows:
        conn.execute(insert(ClaimEntity), entity_rows)
    if doc.figures:
        rows = []
        for f in doc.figures:
            mk, pk = _measure_keys(f.measure, f.period)
            rows.append(
                {
                    "claim_id": ids[f.claim],
                    "article_id": article_id,
                    "text": f.text,
                    "start": f.start,
                    "end": f.end,
                    "value": f.value,
                    "value_high": f.value_high,
                    "unit": f.unit,
                    "kind": str(f.kind),
                    "qualifier": f.qualifier,
                    "measure": f.measure,
                    "measure_key": mk,
                    "period": f.period,
                    "period_key": pk,
                }
            )
        conn.execute(insert(Figure), rows)
    if doc.citations:
        conn.execute(
            insert(Citation),
            [
                {
                    "article_id": article_id,
                    "claim_id": ids[c.claim] if c.claim is not None else None,
                    "kind": str(c.kind),
                    "marker": c.marker,
                    "text": c.text,
                    "start": c.start,
                    "end": c.end,
                    "source_name": c.source_name,
                    "author": c.author,
                    "title": c.title,
                    "url": c.url,
                    "date": c.date,
                }
                for c in doc.citations
            ],
        )
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "INSERT INTO claims_fts(rowid, text) "
                "SELECT id, text FROM claims WHERE article_id = :a"
            ),
            {"a": article_id},
        )


def _counts(doc: Document) -> dict[str, int]:
    return {"claims": len(doc.claims), "figures": len(doc.figures), "citations": len(doc.citations)}


def find_existing(conn: Connection, doc: Document) -> tuple[int, str, str] | None:
    """(id, source, content_hash) of the stored article with this content, else this source."""
    row = conn.execute(
        select(Article.id, Article.source, Article.content_hash).where(
            Article.content_hash == doc.content_hash
        )
    ).first()
    if row is None:
        row = conn.execute(
            select(Article.id, Article.source, Article.content_hash).where(
                Article.source == doc.source
            )
        ).first()
    return None if row is None else (row[0], row[1], row[2])


def save_document(conn: Connection, doc: Document, *, force: bool = False) -> SaveResult:
    """Write ``doc`` in the caller's transaction. Same content again is left unchanged."""
    existing = find_existing(conn, doc)
    if existing is not None:
        article_id, source, stored_hash = existing
        same_content = stored_hash == doc.content_hash
        if same_content and not force:
            dup = source if source != doc.source else None
            return SaveResult("unchanged", article_id, duplicate_of=dup)
        values = _article_values(conn, doc)
        if same_content:
            values["source"] = source  # --force re-extracts; it doesn't move the article
        conn.execute(delete(Claim).where(Claim.article_id == article_id))
        conn.execute(delete(Citation).where(Citation.article_id == article_id))
        conn.execute(update(Article).where(Article.id == article_id).values(**values))
        _insert_children(conn, article_id, doc)
        return SaveResult("reextracted" if same_content else "updated", article_id, **_counts(doc))
    article_id = conn.execute(
        insert(Article).returning(Article.id), [_article_values(conn, doc)]
    ).scalar_one()
    _insert_children(conn, article_id, doc)
    return SaveResult("new", article_id, **_counts(doc))
