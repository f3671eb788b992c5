"""``factbase export``: KIND -> columns and a streaming Core select, written as CSV, JSON or JSONL.

Rows are never all in memory: the select runs with ``stream_results``/``yield_per`` and
each partition is written as it arrives (PERFORMANCE.md: ~4.7 s per 1M claims is the floor
for Python's csv). Every row carries its article's metadata and its claim's latest review
status; CSV text cells a spreadsheet would run as a formula are made inert (render.safe_cell).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from typing import IO, Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    String,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from factbase.analysis.query import Filters, article_conditions, claim_conditions
from factbase.analysis.review import latest_status
from factbase.db.models import Article, Citation, Claim, Conflict, Figure, Publisher
from factbase.render import SPREADSHEET_TRIGGERS
from factbase.units import unit_spellings

# Rows fetched per round trip; PERFORMANCE.md measured fetchmany batches of this order.
YIELD_PER = 2000


class ExportKind(StrEnum):
    claims = "claims"
    figures = "figures"
    citations = "citations"
    conflicts = "conflicts"
    articles = "articles"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def _date(col: Any) -> Any:
    # Read dates as ISO text in SQL: no per-row date parsing in Python, same on both backends.
    return cast(col, String)


def _article_meta(
    article: Any = Article, publisher: Any = Publisher, prefix: str = ""
) -> list[Any]:
    return [
        article.source.label(f"{prefix}source"),
        article.title.label(f"{prefix}title"),
        article.author.label(f"{prefix}author"),
        _date(article.published).label(f"{prefix}published"),
        publisher.name.label(f"{prefix}publisher"),
        article.url.label(f"{prefix}url"),
    ]


def _status() -> ColumnElement[Any]:
    return func.coalesce(latest_status(), literal("unreviewed"))


def _with_article(stmt: Select[Any], article_id: Any) -> Select[Any]:
    return stmt.join(Article, Article.id == article_id).outerjoin(
        Publisher, Publisher.id == Article.publisher_id
    )


def _claims(f: Filters, dialect: str) -> Select[Any]:
    stmt = select(
        Claim.id.label("claim_id"),
        Claim.article_id,
        Claim.ordinal,
        Claim.key,
        Claim.kind,
        Claim.text,
        Claim.start,
        Claim.end,
        _status().label("status"),
        *_article_meta(),
    )
    return (
        _with_article(stmt, Claim.article_id)
        .where(*claim_conditions(f, dialect))
        .order_by(Claim.id)
    )


def _figures(f: Filters, dialect: str) -> Select[Any]:
    cols = [
        Figure.id.label("figure_id"),
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
        _status().label("status"),
        *_article_meta(),
    ]
    stmt = select(*cols).join(Claim, Claim.id == Figure.claim_id)
    # Unit and value bounds apply to each figure itself, not to "claims with such a figure"
    # (a claim with "4% ($289 million)" must not bring its 4% into a USD export).
    own: list[ColumnElement[bool]] = []
    if f.unit is not None:
        own.append(Figure.unit.in_(unit_spellings(f.unit)))
    if f.min is not None:
        own.append(Figure.value >= f.min)
    if f.max is not None:
        own.append(Figure.value <= f.max)
    conds = claim_conditions(replace(f, unit=None, min=None, max=None), dialect)
    return _with_article(stmt, Figure.article_id).where(*conds, *own).order_by(Figure.id)


def _citations(f: Filters, dialect: str) -> Select[Any]:
    cols = [
        Citation.id.label("citation_id"),
        Citation.claim_id,
        Citation.article_id,
        Citation.kind,
        Citation.marker,
        Citation.text,
        Citation.source_name.label("cited_source"),
        Citation.author.label("cited_author"),
        Citation.title.label("cited_title"),
        Citation.url.label("cited_url"),
        _date(Citation.date).label("cited_date"),
        Claim.text.label("claim_text"),
        _status().label("status"),
        *_article_meta(),
    ]
    if f.claim_level():
        # Claim filters only make sense for citations attached to a claim.
        stmt = select(*cols).join(Claim, Claim.id == Citation.claim_id)
        conds = claim_conditions(f, dialect)
    else:
        stmt = select(*cols).outerjoin(Claim, Claim.id == Citation.claim_id)
        conds = article_conditions(f)
    return _with_article(stmt, Citation.article_id).where(*conds).order_by(Citation.id)


def _conflicts(f: Filters, dialect: str) -> Select[Any]:
    # Claims are found by stable key: ids go stale when an article is re-extracted.
    ca, cb = aliased(Claim), aliased(Claim)
    aa, ab = aliased(Article), aliased(Article)
    pa, pb = aliased(Publisher), aliased(Publisher)
    cols = [
        Conflict.id.label("conflict_id"),
        Conflict.kind,
        Conflict.status,
        Conflict.reason,
        Conflict.score,
        ca.id.label("claim_a_id"),
        ca.text.label("claim_a_text"),
        cb.id.label("claim_b_id"),
        cb.text.label("claim_b_text"),
        Conflict.article_a_id,
        *_article_meta(aa, pa, "a_"),
        Conflict.article_b_id,
        *_article_meta(ab, pb, "b_"),
    ]
    stmt = (
        select(*cols)
        .join(aa, aa.id == Conflict.article_a_id)
        .outerjoin(pa, pa.id == aa.publisher_id)
        .join(ab, ab.id == Conflict.article_b_id)
        .outerjoin(pb, pb.id == ab.publisher_id)
        .outerjoin(ca, (ca.article_id == Conflict.article_a_id) & (ca.key == Conflict.claim_a_key))
        .outerjoin(cb, (cb.article_id == Conflict.article_b_id) & (cb.key == Conflict.claim_b_key))
    )
    if f.claim_level():
        ids = (
            select(Claim.id)
            .join(Article, Article.id == Claim.article_id)
            .where(*claim_conditions(f, dialect))
        )
        stmt = stmt.where(or_(ca.id.in_(ids), cb.id.in_(ids)))
    else:
        conds = article_conditions(f)
        if conds:
            ids = select(Article.id).where(*conds)
            stmt = stmt.where(or_(Conflict.article_a_id.in_(ids), Conflict.article_b_id.in_(ids)))
    return stmt.order_by(Conflict.id)


def _articles(f: Filters, dialect: str) -> Select[Any]:
    def count(model: Any) -> Any:
        return (
            select(func.count()).select_from(model).where(model.article_id == Article.id)
        ).scalar_subquery()

    stmt = select(
        Article.id.label("article_id"),
        *_article_meta(),
        Article.content_hash,
        count(Claim).label("claims"),
        count(Figure).label("figures"),
        count(Citation).label("citations"),
    ).outerjoin(Publisher, Publisher.id == Article.publisher_id)
    conds = article_conditions(f)
    if f.claim_level():
        conds.append(exists().where(Claim.article_id == Article.id, *claim_conditions(f, dialect)))
    return stmt.where(*conds).order_by(Article.id)


_SELECTS: dict[ExportKind, Callable[[Filters, str], Select[Any]]] = {
    ExportKind.claims: _claims,
    ExportKind.figures: _figures,
    ExportKind.citations: _citations,
    ExportKind.conflicts: _conflicts,
    ExportKind.articles: _articles,
}


def export_select(kind: ExportKind, filters: Filters, dialect: str) -> Select[Any]:
    """The Core select behind one export kind (columns are its labels)."""
    return _SELECTS[ExportKind(kind)](filters, dialect)


def _json_default(o: Any) -> Any:
    if isinstance(o, dt.date | dt.datetime):
        return o.isoformat()
    return str(o)


# Columns whose values factbase makes itself (hex keys, enum values, ISO dates): never formulas.
SAFE_COLUMNS = frozenset(
    {
        "key",
        "kind",
        "status",
        "published",
        "a_published",
        "b_published",
        "cited_date",
        "measure_key",
        "period_key",
        "content_hash",
    }
)


def _guard(col: Any) -> ColumnElement[Any]:
    """render.safe_cell in SQL: a leading formula character gets a quote in front of it.

    Done by the database (one CASE per cell, in C) because the same test in Python, once
    per cell, cost ~3x the whole query on 1M claims.
    """
    first = func.substr(col, 1, 1)
    return case((first.in_(list(SPREADSHEET_TRIGGERS)), literal("'") + col), else_=col)


def guarded(stmt: Select[Any]) -> Select[Any]:
    """The same select with every free-text column passed through ``_guard``."""
    cols = [
        _guard(c).label(c.key) if isinstance(c.type, String) and c.key not in SAFE_COLUMNS else c
        for c in stmt.selected_columns
    ]
    return stmt.with_only_columns(*cols, maintain_column_froms=True)


def write_export(
    engine: Engine,
    kind: ExportKind | str,
    filters: Filters,
    fmt: ExportFormat | str,
    stream: IO[str],
) -> int:
    """Stream one kind of record to ``stream``; returns the number of records written."""
    kind, fmt = ExportKind(kind), ExportFormat(fmt)
    stmt = export_select(kind, filters, engine.dialect.name)
    columns = [c.key for c in stmt.selected_columns]
    n = 0
    with engine.connect() as conn:
        streaming = conn.execution_options(stream_results=True, yield_per=YIELD_PER)
        if fmt == ExportFormat.csv:
            result = streaming.execute(guarded(stmt))
            # RFC 4180 line ends: with "\n" alone, csv leaves a cell holding a bare "\r"
            # unquoted and every reader splits the row there.
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(columns)
            for part in result.partitions():
                writer.writerows(part)
                n += len(part)
        else:
            result = streaming.execute(stmt)
            dumps = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
            opening = "[\n"  # json: one array, written element by element
            for part in result.partitions():
                lines = [dumps(dict(zip(columns, row, strict=True))) for row in part]
                if fmt == ExportFormat.jsonl:
                    stream.write("\n".join(lines) + "\n")
                else:
                    stream.write(opening + ",\n".join(lines))
                    opening = ",\n"
                n += len(lines)
            if fmt == ExportFormat.json:
                stream.write("[]\n" if n == 0 else "\n]\n")
    return n
