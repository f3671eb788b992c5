"""The schema, as SQLAlchemy 2 typed ORM models. Migrations in ``migrations/`` build exactly this.

Portable types only, a naming convention so constraint names agree on SQLite and PostgreSQL,
and stable keys on claims (``claims.key``) so that reviews and conflict decisions survive
re-extraction. The full-text objects live in the migrations, outside this metadata (see
``FTS_OBJECTS``): on SQLite an FTS5 table; on PostgreSQL a stored generated column
``claims.tsv`` (``to_tsvector('english', text)``, migration 0003) with a GIN index on it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# PostgreSQL only (migration 0003): claims.tsv, a stored generated column
#   tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED
# that search matches and ranks against (factbase.analysis.query). It is not mapped on Claim:
# the column does not exist on SQLite, and nothing writes it (PostgreSQL computes it).
CLAIM_TSV_COLUMN = "tsv"
# PostgreSQL's GIN index: on to_tsvector('english', text) until 0002, on claims.tsv since 0003.
FTS_INDEX = "ix_claims_text_fts"

# Objects the migrations create that autogenerate must not treat as drift.
FTS_OBJECTS = frozenset({"claims_fts", FTS_INDEX, CLAIM_TSV_COLUMN})

CLAIM_KINDS = ("figure", "event", "quote", "statement")
FIGURE_KINDS = ("money", "percent", "quantity", "count")
CITATION_KINDS = ("footnote", "attribution", "quote", "link")
CONFLICT_KINDS = ("numeric", "date", "negation", "other")
CONFLICT_STATUSES = ("open", "confirmed", "dismissed")
REVIEW_STATUSES = ("verified", "disputed", "false", "needs-review")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Publisher(Base):
    __tablename__ = "publishers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)

    articles: Mapped[list[Article]] = relationship(back_populates="publisher")


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published", "published"),
        Index("ix_articles_publisher_id", "publisher_id"),
        Index("ix_articles_author", "author"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(2000), unique=True)  # path or URI it came from
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    author: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[dt.date | None] = mapped_column(Date)
    publisher_id: Mapped[int | None] = mapped_column(
        ForeignKey("publishers.id", ondelete="SET NULL")
    )
    url: Mapped[str | None] = mapped_column(String(2000))
    body: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(40))
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_utcnow, server_default=func.current_timestamp()
    )

    publisher: Mapped[Publisher | None] = relationship(back_populates="articles")
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Claim.ordinal",
    )


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("article_id", "ordinal"),
        UniqueConstraint("article_id", "key"),
        CheckConstraint(_in("kind", CLAIM_KINDS), name="kind"),
        CheckConstraint('"start" <= "end"', name="span"),
        Index("ix_claims_kind", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(
        String(40)
    )  # stable across re-extraction (see store.claim_key)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))

    article: Mapped[Article] = relationship(back_populates="claims")


class ClaimEntity(Base):
    __tablename__ = "claim_entities"
    __table_args__ = (Index("ix_claim_entities_entity", "entity"),)

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(300), primary_key=True)


class Figure(Base):
    __tablename__ = "figures"
    __table_args__ = (
        CheckConstraint(_in("kind", FIGURE_KINDS), name="kind"),
        Index("ix_figures_claim_id", "claim_id"),
        Index("ix_figures_article_id", "article_id"),
        Index("ix_figures_unit_value", "unit", "value"),
        Index("ix_figures_measure_key", "measure_key", "period_key", "unit", "value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str | None] = mapped_column(String(40))
    measure: Mapped[str | None] = mapped_column(String(500))
    measure_key: Mapped[str | None] = mapped_column(String(500))
    period: Mapped[str | None] = mapped_column(String(200))
    period_key: Mapped[str | None] = mapped_column(String(100))


class Citation(Base):
    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(_in("kind", CITATION_KINDS), name="kind"),
        Index("ix_citations_article_id", "article_id"),
        Index("ix_citations_claim_id", "claim_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    marker: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str | None] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    date: Mapped[dt.date | None] = mapped_column(Date)


class Review(Base):
    """An analyst's decision on a claim. Append-only: history is never overwritten.

    Keyed by (article, claim key) rather than claim id, so it survives re-extraction.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(_in("status", REVIEW_STATUSES), name="status"),
        Index("ix_reviews_article_claim", "article_id", "claim_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    claim_key: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    analyst: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


class Conflict(Base):
    """Two claims from different articles that disagree.

    Claim ids go stale when an article is re-extracted; the stable side keys
    (article id + claim key) and ``fingerprint`` keep the analyst's decision attached.
    """

    __tablename__ = "conflicts"
    __table_args__ = (
        CheckConstraint(_in("kind", CONFLICT_KINDS), name="kind"),
        CheckConstraint(_in("status", CONFLICT_STATUSES), name="status"),
        Index("ix_conflicts_status", "status"),
        Index("ix_conflicts_claim_a_id", "claim_a_id"),
        Index("ix_conflicts_claim_b_id", "claim_b_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    reason: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    claim_a_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    claim_b_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    figure_a_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id", ondelete="SET NULL"))
    figure_b_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id", ondelete="SET NULL"))
    article_a_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    article_b_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    claim_a_key: Mapped[str] = mapped_column(String(40))
    claim_b_key: Mapped[str] = mapped_column(String(40))
    claims_digest: Mapped[str] = mapped_column(String(64))  # hash of both claim texts
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_utcnow, onupdate=_utcnow
    )


class ConflictReview(Base):
    """History of status changes on a conflict (append-only)."""

    __tablename__ = "conflict_reviews"
    __table_args__ = (
        CheckConstraint(_in("status", CONFLICT_STATUSES), name="status"),
        Index("ix_conflict_reviews_conflict_id", "conflict_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[int] = mapped_column(ForeignKey("conflicts.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    analyst: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


# --- conflict detection indexes (migration 0002) --------------------------------------------
# Derived from claims and figures by factbase.analysis.conflicts when an article is ingested,
# so detection compares within small indexed groups instead of re-reading every claim.


class FigureFrame(Base):
    """What a figure measures, as a comparable key, and the interval of values it admits."""

    __tablename__ = "figure_frames"
    __table_args__ = (
        Index("ix_figure_frames_group", "frame", "period", "dimension"),
        Index("ix_figure_frames_article_id", "article_id"),
    )

    figure_id: Mapped[int] = mapped_column(
        ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    frame: Mapped[str] = mapped_column(String(300))  # "flow|iraq>south_africa|cotton"
    period: Mapped[str] = mapped_column(String(100))  # period key, relative periods resolved
    dimension: Mapped[str] = mapped_column(String(80))  # "money:USD", "mass", "percent" ...
    low: Mapped[float | None] = mapped_column(Float)  # None: unbounded ("up to")
    high: Mapped[float | None] = mapped_column(Float)  # None: unbounded ("more than")
    confidence: Mapped[float] = mapped_column(Float)


class EventSignature(Base):
    """An event a claim reports (or denies): one row per blocking key of the claim."""

    __tablename__ = "event_signatures"
    __table_args__ = (
        Index("ix_event_signatures_block", "block"),
        Index("ix_event_signatures_article_id", "article_id"),
    )

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    block: Mapped[str] = mapped_column(String(200), primary_key=True)  # "sign|varzoshiran"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    signature: Mapped[str] = mapped_column(Text)  # JSON: action, names, entities, words
    polarity: Mapped[int] = mapped_column(Integer)  # 1 asserted, -1 denied
    date_low: Mapped[dt.date | None] = mapped_column(Date)
    date_high: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[int] = mapped_column(Integer, default=0)  # 1: "had not ... as of <date>"


class ArticleSketch(Base):
    """A bottom-k shingle sketch of an article body (finds syndicated copies); also marks
    the article as indexed for conflict detection."""

    __tablename__ = "article_sketches"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    first_claim_id: Mapped[int | None] = mapped_column(Integer)  # changes on re-extraction
    shingles: Mapped[int] = mapped_column(Integer)
    sketch: Mapped[str] = mapped_column(Text)  # space-separated hex hashes
    version: Mapped[str] = mapped_column(String(20))
