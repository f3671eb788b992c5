"""Document <-> rows: the only write path for extracted articles.

``save_document`` writes one article and everything extracted from it with driver-level
bulk inserts (PERFORMANCE.md: ORM objects per row cannot reach the ingest target; on SQLite
straight on the sqlite3 connection, see ``_driver``) inside the caller's transaction; the
caller keeps each article atomic (the loader: a batch without savepoints, rolled back and
written again with a savepoint per article when one fails). On SQLite it also feeds the
FTS5 index explicitly (4-5x cheaper than an insert trigger); inside the loader's batch
(``deferred_fts``) those index rows wait for the end of the batch, so that the claim rows
can go in multi-row INSERTs (see _insert_rows).
Claims get stable keys (``claim_key``) so reviews and conflict decisions survive re-extraction.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Literal

from sqlalchemy import Connection, Dialect, bindparam, delete, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from factbase import __version__
from factbase.db.models import Article, Citation, Claim, Publisher, _utcnow
from factbase.ingest.entities import entity_table
from factbase.ingest.measure import measure_key, period_key
from factbase.records import Document

# Bump the suffix when extraction changes enough that stored articles should be re-extracted.
EXTRACTOR_VERSION = f"{__version__}+x2"  # x2: session 5 (blind-test rules)


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


# ASCII whitespace other than the space (\t \n \v \f \r and \x1c-\x1f: str.isspace), and
# every other byte, which bytes.translate deletes to leave only those.
_ASCII_SPACE_CONTROLS = bytes(range(0x09, 0x0E)) + bytes(range(0x1C, 0x20))
_NOT_SPACE_CONTROLS = bytes(b for b in range(256) if b not in _ASCII_SPACE_CONTROLS)


def claim_keys(texts: Sequence[str]) -> list[str]:
    """Keys for an article's claims in order; repeated sentences get :1, :2 ..."""
    sha1 = hashlib.sha1
    digests: list[str] = []
    # The usual article is ASCII and its claims are whitespace-normal already (single spaces
    # between words, none at either end): then claim_key's normalisation is lower(), done on
    # one joined string, and each claim's bytes are a slice of it (its length in characters).
    # Checking that costs a few C passes over the text instead of four calls per claim
    # (claim_keys 0.072 -> 0.052 ms per c2k article).
    joined = " ".join(texts)
    if joined.isascii():
        data = joined.encode("ascii")
        if (
            not data.translate(None, _NOT_SPACE_CONTROLS)
            and b"  " not in data  # a double space, or an empty claim or one with a space
            and not data.startswith(b" ")  # at an end: the first and last claims' outer ends
            and not data.endswith(b" ")
        ):
            data = data.lower()  # casefold() on ASCII
            append = digests.append
            start = 0
            for t in texts:
                end = start + len(t)
                append(sha1(data[start:end]).hexdigest()[:16])
                start = end + 1
            if len(set(digests)) == len(digests):
                return digests
    if not digests:
        join = " ".join
        append = digests.append
        for t in texts:
            # claim_key(t) inlined (hashed once per claim): the call was a fifth of this loop.
            norm = join(t.split()).casefold()
            append(sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16])
    seen: dict[str, int] = {}
    keys: list[str] = []
    for base in digests:
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(base if n == 0 else f"{base}:{n}")
    return keys


def period_key_text(period: str | None) -> str | None:
    """The stored, sortable form of measure.period_key: "rank|start|end|tag" (zero-padded)."""
    if not period:
        return None
    rank, start, end, tag = period_key(period)
    return f"{rank}|{start:08d}|{end:08d}|{tag}"


# Stored keys of measures and periods already seen. Figures repeat both (c2k: 1,752 measures
# and 65 periods among 4,872 figures) and the keys are pure functions of the text, but
# measure_key reads the entity table, so its memo holds for one table only. Cleared when full.
_KEY_MEMO_SIZE = 4096
_measure_memo: dict[str, str] = {}
_period_memo: dict[str, str | None] = {}
_memo_table: list[object] = [None]


def _key_memos() -> tuple[dict[str, str], dict[str, str | None]]:
    """The memos of _measure_keys, emptied when the entity table changed or they are full."""
    table = entity_table()
    if (
        _memo_table[0] is not table
        or len(_measure_memo) > _KEY_MEMO_SIZE
        or len(_period_memo) > _KEY_MEMO_SIZE
    ):
        _memo_table[0] = table
        _measure_memo.clear()
        _period_memo.clear()
    return _measure_memo, _period_memo


def _measure_keys(measure: str | None, period: str | None) -> tuple[str | None, str | None]:
    measures, periods = _key_memos()
    mk = pk = None
    if measure:
        mk = measures.get(measure)
        if mk is None:
            mk = measures[measure] = measure_key(measure)
    if period:
        if period in periods:
            pk = periods[period]
        else:
            pk = periods[period] = period_key_text(period)
    return mk, pk


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


# Multi-row INSERTs on SQLite (see _insert_rows): at most this many rows per statement (with
# at most 14 columns, 448 parameters: under the 999 of SQLite builds before 3.32) ...
_MAX_ROWS_PER_INSERT = 32
# ... and only from this many rows: each statement keeps a statement journal, and for the
# ~2.4 figures of a c2k article multi-row INSERTs measured slower than executemany.
_MIN_ROWS_FOR_MULTI = 8


@functools.lru_cache(maxsize=64)
def _insert_sql(paramstyle: str, table: str, columns: tuple[str, ...], rows: int = 1) -> str:
    # Every name double-quoted ("end", "key" are reserved words): standard SQL, lower-case
    # names, so it means the same on SQLite and PostgreSQL.
    mark = "?" if paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c}"' for c in columns)
    values = f"({', '.join([mark] * len(columns))})"
    return f'INSERT INTO "{table}" ({names}) VALUES {", ".join([values] * rows)}'


def _insert_rows(
    conn: Connection,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    multi: bool = False,
) -> None:
    """Insert positional rows with the driver, errors wrapped by SQLAlchemy as usual.

    Core's ``execute(insert(t), dicts)`` builds parameters row by row in Python; with ~75
    child rows per article that was a third of the write path (with the other changes here,
    3.8 -> 1.9 CPU ms per article, A/B on 500 generated articles; docs/benchmarks.md).

    With ``multi`` (SQLite, while claims_fts rows are deferred: see deferred_fts) 8 rows or
    more go in multi-row ``INSERT .. VALUES (..), (..)`` statements rather than one
    executemany execution per row: SQLite evaluates a ``CHECK (kind IN (...))`` by building
    a small ephemeral index once per execution, ~2 us per claim row, a third of the claims
    insert (0.26 -> 0.17 ms per c2k article). Chunks of 32, 16, 8, 4, 2 and 1 rows keep it
    to six statements per table, all in sqlite3's statement cache. Rows are inserted in
    order, so ids come out as with executemany.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(_insert_sql(conn.dialect.paramstyle, table, columns), rows)
    elif not multi or len(rows) < _MIN_ROWS_FOR_MULTI:
        _driver(conn, _insert_sql("qmark", table, columns), rows, many=True)
    else:
        n = len(rows)
        done = 0
        while done < n:
            size = min(_MAX_ROWS_PER_INSERT, 1 << ((n - done).bit_length() - 1))
            chunk = rows[done : done + size]
            params = chunk[0] if size == 1 else list(chain.from_iterable(chunk))
            _driver(conn, _insert_sql("qmark", table, columns, size), params)
            done += size


# Connection.info key of the claims_fts rows that wait for the end of deferred_fts.
_DEFERRED_FTS = "factbase.deferred_fts_rows"
_FTS_INSERT = _insert_sql("qmark", "claims_fts", ("rowid", "text"))


@contextmanager
def deferred_fts(conn: Connection) -> Iterator[None]:
    """Within the block, save_document on SQLite writes claims_fts rows at its end, and
    claims, figures and citations with multi-row INSERTs (see _insert_rows). Only for a
    transaction without savepoints, committed or rolled back as a whole (the loader's
    optimistic batch): an article undone by a savepoint would leave its index rows here.

    A multi-row INSERT keeps a statement journal, and SQLite 3.40's FTS5 writes its pending
    index data out at every statement savepoint once the table is part of the transaction:
    a new index segment per statement, which cost more than the multi-row INSERTs save.
    Written last, the index rows meet no statement journal; they are the same rows in the
    same order, so the index comes out the same.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    rows: list[tuple[int, str]] = []
    conn.info[_DEFERRED_FTS] = rows
    try:
        yield
        _write_deferred_fts(conn)
    finally:
        conn.info.pop(_DEFERRED_FTS, None)


def _write_deferred_fts(conn: Connection) -> None:
    rows = conn.info.get(_DEFERRED_FTS)
    if rows:
        _driver(conn, _FTS_INSERT, rows, many=True)
        rows.clear()


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
    deferred_fts_rows = conn.info.get(_DEFERRED_FTS) if sqlite else None
    multi = deferred_fts_rows is not None  # for the tables with a CHECK (kind IN (...))
    keys = claim_keys([c.text for c in doc.claims])
    _insert_rows(
        conn,
        "claims",
        CLAIM_COLUMNS,
        [
            (article_id, c.index, k, c.text, c.start, c.end, str(c.kind))
            for c, k in zip(doc.claims, keys, strict=True)
        ],
        multi,
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
    _insert_rows(conn, "figures", FIGURE_COLUMNS, figure_rows, multi)
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
        multi,
    )
    if sqlite:
        # Explicit FTS5 insert: 4-5x cheaper per claim than an AFTER INSERT trigger.
        fts_rows = [(cid, c.text) for cid, c in zip(ids, doc.claims, strict=True)]
        if deferred_fts_rows is not None:
            deferred_fts_rows += fts_rows
        else:
            _driver(conn, _FTS_INSERT, fts_rows, many=True)


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
        # The delete trigger removes the old claims from claims_fts: rows still waiting there
        # (this article saved earlier in the batch, say) must be in the index before it runs.
        _write_deferred_fts(conn)
        conn.execute(delete(Claim).where(Claim.article_id == article_id))
        conn.execute(delete(Citation).where(Citation.article_id == article_id))
        conn.execute(update(Article).where(Article.id == article_id).values(**values))
        _insert_children(conn, article_id, doc)
        return SaveResult("reextracted" if same_content else "updated", article_id, **_counts(doc))
    article_id = _insert_article(conn, doc)
    _insert_children(conn, article_id, doc)
    return SaveResult("new", article_id, **_counts(doc))
