"""Document <-> rows: the only write path for extracted articles.

``save_document`` writes one article and everything extracted from it with driver-level
bulk inserts (PERFORMANCE.md: ORM objects per row cannot reach the ingest target; on SQLite
straight on the sqlite3 connection, see ``_driver``) inside the caller's transaction; the
caller keeps each article atomic (the loader: a batch without savepoints, rolled back and
written again with a savepoint per article when one fails). On SQLite it also feeds the
FTS5 index explicitly (4-5x cheaper than an insert trigger).
Claims get stable keys (``claim_key``) so reviews and conflict decisions survive re-extraction.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, Dialect, bindparam, delete, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from factbase import __version__
from factbase.db.models import Article, Citation, Claim, Publisher, _utcnow
from factbase.ingest.measure import measure_key, period_key
from factbase.records import Document

# Bump the suffix when extraction changes enough that stored articles should be re-extracted.
EXTRACTOR_VERSION = f"{__version__}+x1"


Status = Literal["new", "updated", "unchanged", "reextracted"]

# Statements run once per article, built once: building the expression on every call cost
# more Python time than SQLite spent running it.
_PUBLISHER_ID = select(Publisher.id).where(Publisher.name == bindparam("name"))
_CLAIM_IDS = (
    select(Claim.id).where(Claim.article_id == bindparam("article_id")).order_by(Claim.ordinal)
)
# Both columns are unique-indexed, so the OR is two index probes on SQLite and PostgreSQL.
_EXISTING = select(Article.id, Article.source, Article.content_hash).where(
    or_(Article.content_hash == bindparam("content_hash"), Article.source == bindparam("source"))
)
# The same statements for the sqlite3 connection itself (see _driver).
_SQLITE_PUBLISHER_ID = "SELECT id FROM publishers WHERE name = ?"
_SQLITE_CLAIM_IDS = "SELECT id FROM claims WHERE article_id = ? ORDER BY ordinal"
_SQLITE_EXISTING = (
    "SELECT id, source, content_hash FROM articles WHERE content_hash = ? OR source = ?"
)


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
        if result.status == "new":
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
    # str.split() and re's \s agree on what whitespace is (str.isspace), and this is 4x faster
    # than re.sub(r"\s+", " ", text_).strip(): same keys, a tenth of the write path less.
    norm = " ".join(text_.split()).casefold()
    digest = hashlib.sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return digest if occurrence == 0 else f"{digest}:{occurrence}"


def claim_keys(texts: Sequence[str]) -> list[str]:
    """Keys for an article's claims in order; repeated sentences get :1, :2 ..."""
    seen: dict[str, int] = {}
    keys: list[str] = []
    sha1 = hashlib.sha1
    join = " ".join
    seen_get = seen.get
    append = keys.append
    for t in texts:
        # claim_key(t) inlined (hashed once per claim): the call was a fifth of this loop.
        base = sha1(join(t.split()).casefold().encode("utf-8", "surrogatepass")).hexdigest()[:16]
        n = seen_get(base, 0)
        seen[base] = n + 1
        append(base if n == 0 else f"{base}:{n}")
    return keys


def period_key_text(period: str | None) -> str | None:
    """The stored, sortable form of measure.period_key: "rank|start|end|tag" (zero-padded)."""
    if not period:
        return None
    rank, start, end, tag = period_key(period)
    return f"{rank}|{start:08d}|{end:08d}|{tag}"


def _measure_keys(measure: str | None, period: str | None) -> tuple[str | None, str | None]:
    return (measure_key(measure) if measure else None), period_key_text(period)


def _driver(conn: Connection, sql: str, params: Any, *, many: bool = False) -> sqlite3.Cursor:
    """Run ``sql`` on the sqlite3 connection under ``conn``, in its current transaction.

    SQLAlchemy's execute costs 30-60 us of Python per statement, more than SQLite spends on
    most of the ~10 statements an article needs (with the other changes here, 1.9 -> 0.6 CPU
    ms per article; A/B on 1,000 generated articles). Errors are wrapped into the same
    SQLAlchemy exceptions (IntegrityError, OperationalError ...) that Connection.execute raises.
    """
    dbapi_conn = conn.connection.driver_connection
    assert isinstance(dbapi_conn, sqlite3.Connection)
    try:
        return dbapi_conn.executemany(sql, params) if many else dbapi_conn.execute(sql, params)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(
            sql, params, exc, sqlite3.Error, dialect=conn.dialect, ismulti=many
        ) from exc


def publisher_id(conn: Connection, name: str | None) -> int | None:
    if not name:
        return None
    name = name.strip()[:300]
    # Look first: publishers are few and almost always stored already, so the common case is
    # one indexed SELECT instead of an upsert plus a SELECT.
    if conn.dialect.name == "sqlite":
        row = _driver(conn, _SQLITE_PUBLISHER_ID, (name,)).fetchone()
        found = row[0] if row else None
    else:
        found = conn.execute(_PUBLISHER_ID, {"name": name}).scalar()
    if found is not None:
        return int(found)
    ins = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    conn.execute(ins(Publisher).values(name=name).on_conflict_do_nothing())
    return int(conn.execute(_PUBLISHER_ID, {"name": name}).scalar_one())


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


ARTICLE_COLUMNS = (
    "source",
    "content_hash",
    "title",
    "author",
    "published",
    "publisher_id",
    "url",
    "body",
    "extractor_version",
    "ingested_at",
)
CLAIM_COLUMNS = ("article_id", "ordinal", "key", "text", "start", "end", "kind")
ENTITY_COLUMNS = ("claim_id", "entity")
FIGURE_COLUMNS = (
    "claim_id",
    "article_id",
    "text",
    "start",
    "end",
    "value",
    "value_high",
    "unit",
    "kind",
    "qualifier",
    "measure",
    "measure_key",
    "period",
    "period_key",
)
CITATION_COLUMNS = (
    "article_id",
    "claim_id",
    "kind",
    "marker",
    "text",
    "start",
    "end",
    "source_name",
    "author",
    "title",
    "url",
    "date",
)


@functools.lru_cache(maxsize=32)
def _insert_sql(paramstyle: str, table: str, columns: tuple[str, ...]) -> str:
    # Every name double-quoted ("end", "key" are reserved words): standard SQL, lower-case
    # names, so it means the same on SQLite and PostgreSQL.
    mark = "?" if paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join([mark] * len(columns))})'


def _insert_rows(
    conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """One driver executemany of positional rows, errors wrapped by SQLAlchemy as usual.

    Core's ``execute(insert(t), dicts)`` builds parameters row by row in Python; with ~75
    child rows per article that was a third of the write path (with the other changes here,
    3.8 -> 1.9 CPU ms per article, A/B on 500 generated articles; docs/benchmarks.md).
    """
    if rows:
        sql = _insert_sql(conn.dialect.paramstyle, table, columns)
        if conn.dialect.name == "sqlite":
            _driver(conn, sql, rows, many=True)
        else:
            conn.exec_driver_sql(sql, rows)


@functools.lru_cache(maxsize=8)
def _date_binds(dialect: Dialect) -> tuple[Any, Any]:
    """How the dialect stores Article.published and Article.ingested_at (ISO text on SQLite)."""
    cols = Article.__table__.c
    return tuple(  # type: ignore[return-value]
        cols[name].type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
        for name in ("published", "ingested_at")
    )


def _insert_article(conn: Connection, doc: Document) -> int:
    """Insert the article row; its id."""
    values = _article_values(conn, doc)
    if conn.dialect.name != "sqlite":
        return int(conn.execute(insert(Article).returning(Article.id), [values]).scalar_one())
    # The row Core would write: the column default (_utcnow) and the Date/DateTime storage
    # formats applied as its bind processors apply them.
    published, ingested_at = _date_binds(conn.dialect)
    values["published"] = published(values["published"])
    values["ingested_at"] = ingested_at(_utcnow())
    cur = _driver(
        conn,
        _insert_sql("qmark", "articles", ARTICLE_COLUMNS),
        tuple(values[c] for c in ARTICLE_COLUMNS),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def _insert_children(conn: Connection, article_id: int, doc: Document) -> None:
    if not doc.claims:
        return
    sqlite = conn.dialect.name == "sqlite"
    keys = claim_keys([c.text for c in doc.claims])
    _insert_rows(
        conn,
        "claims",
        CLAIM_COLUMNS,
        [
            (article_id, c.index, k, c.text, c.start, c.end, str(c.kind))
            for c, k in zip(doc.claims, keys, strict=True)
        ],
    )
    # The ids in ordinal order, in one indexed SELECT: INSERT .. RETURNING with
    # sort_by_parameter_order made SQLAlchemy send one statement per claim on SQLite
    # (measured: ~40% of write time at 48 claims per article).
    if sqlite:
        ids = [r[0] for r in _driver(conn, _SQLITE_CLAIM_IDS, (article_id,))]
    else:
        ids = list(conn.execute(_CLAIM_IDS, {"article_id": article_id}).scalars())
    _insert_rows(
        conn,
        "claim_entities",
        ENTITY_COLUMNS,
        [
            (cid, e)
            for cid, c in zip(ids, doc.claims, strict=True)
            if (ents := c.entities)  # most claims name none, most others one:
            for e in (ents if len(ents) == 1 else dict.fromkeys(ents))  # no dict for those
        ],
    )
    figure_rows = []
    for f in doc.figures:
        mk, pk = _measure_keys(f.measure, f.period)
        figure_rows.append(
            (
                ids[f.claim],
                article_id,
                f.text,
                f.start,
                f.end,
                f.value,
                f.value_high,
                f.unit,
                str(f.kind),
                f.qualifier,
                f.measure,
                mk,
                f.period,
                pk,
            )
        )
    _insert_rows(conn, "figures", FIGURE_COLUMNS, figure_rows)
    _insert_rows(
        conn,
        "citations",
        CITATION_COLUMNS,
        [
            (
                article_id,
                ids[c.claim] if c.claim is not None else None,
                str(c.kind),
                c.marker,
                c.text,
                c.start,
                c.end,
                c.source_name,
                c.author,
                c.title,
                c.url,
                # SQLAlchemy's Date stores ISO text on SQLite; we bypass its bind processing.
                c.date.isoformat() if sqlite and c.date is not None else c.date,
            )
            for c in doc.citations
        ],
    )
    if sqlite:
        # Explicit FTS5 insert: 4-5x cheaper per claim than an AFTER INSERT trigger.
        _insert_rows(
            conn,
            "claims_fts",
            ("rowid", "text"),
            [(cid, c.text) for cid, c in zip(ids, doc.claims, strict=True)],
        )


def _counts(doc: Document) -> dict[str, int]:
    return {"claims": len(doc.claims), "figures": len(doc.figures), "citations": len(doc.citations)}


def find_existing(conn: Connection, doc: Document) -> tuple[int, str, str] | None:
    """(id, source, content_hash) of the stored article with this content, else this source."""
    # One round trip for the usual case: a new article matches neither.
    rows: Sequence[Any]
    if conn.dialect.name == "sqlite":
        rows = _driver(conn, _SQLITE_EXISTING, (doc.content_hash, doc.source)).fetchall()
    else:
        rows = conn.execute(
            _EXISTING, {"content_hash": doc.content_hash, "source": doc.source}
        ).all()
    if not rows:
        return None
    row = next((r for r in rows if r[2] == doc.content_hash), rows[0])
    return (row[0], row[1], row[2])


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
    article_id = _insert_article(conn, doc)
    _insert_children(conn, article_id, doc)
    return SaveResult("new", article_id, **_counts(doc))
