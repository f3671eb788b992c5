"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28

The whole schema, including the full-text index over claim text: an external-content FTS5
table on SQLite (rows are added by factbase.db.store in the same transaction as their claims;
triggers keep it right on delete and update), a GIN expression index on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "publishers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publishers")),
        sa.UniqueConstraint("name", name=op.f("uq_publishers_name")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=2000), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("author", sa.String(length=500), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("publisher_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column(
            "ingested_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["publisher_id"],
            ["publishers.id"],
            name=op.f("fk_articles_publisher_id_publishers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_articles_content_hash")),
        sa.UniqueConstraint("source", name=op.f("uq_articles_source")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_author", ["author"], unique=False)
        batch_op.create_index("ix_articles_published", ["published"], unique=False)
        batch_op.create_index("ix_articles_publisher_id", ["publisher_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "kind IN ('figure', 'event', 'quote', 'statement')", name=op.f("ck_claims_kind")
        ),
        sa.CheckConstraint('"start" <= "end"', name=op.f("ck_claims_span")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_claims_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("article_id", "key", name=op.f("uq_claims_article_id_key")),
        sa.UniqueConstraint("article_id", "ordinal", name=op.f("uq_claims_article_id_ordinal")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_kind", ["kind"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("claim_key", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("analyst", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('verified', 'disputed', 'false', 'needs-review')",
            name=op.f("ck_reviews_status"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_reviews_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reviews_article_claim", ["article_id", "claim_key", "created_at"], unique=False
        )

    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("marker", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=True),
        sa.Column("author", sa.String(length=500), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('footnote', 'attribution', 'quote', 'link')", name=op.f("ck_citations_kind")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_citations_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_citations_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
    )
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.create_index("ix_citations_article_id", ["article_id"], unique=False)
        batch_op.create_index("ix_citations_claim_id", ["claim_id"], unique=False)

    op.create_table(
        "claim_entities",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_entities_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "entity", name=op.f("pk_claim_entities")),
    )
    with op.batch_alter_table("claim_entities", schema=None) as batch_op:
        batch_op.create_index("ix_claim_entities_entity", ["entity"], unique=False)

    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=80), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("qualifier", sa.String(length=40), nullable=True),
        sa.Column("measure", sa.String(length=500), nullable=True),
        sa.Column("measure_key", sa.String(length=500), nullable=True),
        sa.Column("period", sa.String(length=200), nullable=True),
        sa.Column("period_key", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "kind IN ('money', 'percent', 'quantity', 'count')", name=op.f("ck_figures_kind")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_figures_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_figures_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index("ix_figures_article_id", ["article_id"], unique=False)
        batch_op.create_index("ix_figures_claim_id", ["claim_id"], unique=False)
        batch_op.create_index(
            "ix_figures_measure_key", ["measure_key", "period_key", "unit", "value"], unique=False
        )
        batch_op.create_index("ix_figures_unit_value", ["unit", "value"], unique=False)

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=True),
        sa.Column("claim_b_id", sa.Integer(), nullable=True),
        sa.Column("figure_a_id", sa.Integer(), nullable=True),
        sa.Column("figure_b_id", sa.Integer(), nullable=True),
        sa.Column("article_a_id", sa.Integer(), nullable=False),
        sa.Column("article_b_id", sa.Integer(), nullable=False),
        sa.Column("claim_a_key", sa.String(length=40), nullable=False),
        sa.Column("claim_b_key", sa.String(length=40), nullable=False),
        sa.Column("claims_digest", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('numeric', 'date', 'negation', 'other')", name=op.f("ck_conflicts_kind")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'confirmed', 'dismissed')", name=op.f("ck_conflicts_status")
        ),
        sa.ForeignKeyConstraint(
            ["article_a_id"],
            ["articles.id"],
            name=op.f("fk_conflicts_article_a_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_b_id"],
            ["articles.id"],
            name=op.f("fk_conflicts_article_b_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_a_id"],
            ["claims.id"],
            name=op.f("fk_conflicts_claim_a_id_claims"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["claim_b_id"],
            ["claims.id"],
            name=op.f("fk_conflicts_claim_b_id_claims"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["figure_a_id"],
            ["figures.id"],
            name=op.f("fk_conflicts_figure_a_id_figures"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["figure_b_id"],
            ["figures.id"],
            name=op.f("fk_conflicts_figure_b_id_figures"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_conflicts_fingerprint")),
    )
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.create_index("ix_conflicts_claim_a_id", ["claim_a_id"], unique=False)
        batch_op.create_index("ix_conflicts_claim_b_id", ["claim_b_id"], unique=False)
        batch_op.create_index("ix_conflicts_status", ["status"], unique=False)

    op.create_table(
        "conflict_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conflict_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("analyst", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'confirmed', 'dismissed')", name=op.f("ck_conflict_reviews_status")
        ),
        sa.ForeignKeyConstraint(
            ["conflict_id"],
            ["conflicts.id"],
            name=op.f("fk_conflict_reviews_conflict_id_conflicts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_reviews")),
    )
    with op.batch_alter_table("conflict_reviews", schema=None) as batch_op:
        batch_op.create_index("ix_conflict_reviews_conflict_id", ["conflict_id"], unique=False)

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
            "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES('delete', old.id, old.text); "
            "END"
        )
        op.execute(
            "CREATE TRIGGER claims_fts_au AFTER UPDATE OF text ON claims BEGIN "
            "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES('delete', old.id, old.text); "
            "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); "
            "END"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_claims_text_fts ON claims USING gin (to_tsvector('english', text))"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS claims_fts_au")
        op.execute("DROP TRIGGER IF EXISTS claims_fts_ad")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claims_text_fts")
    with op.batch_alter_table("conflict_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_conflict_reviews_conflict_id")

    op.drop_table("conflict_reviews")
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_conflicts_status")
        batch_op.drop_index("ix_conflicts_claim_b_id")
        batch_op.drop_index("ix_conflicts_claim_a_id")

    op.drop_table("conflicts")
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_unit_value")
        batch_op.drop_index("ix_figures_measure_key")
        batch_op.drop_index("ix_figures_claim_id")
        batch_op.drop_index("ix_figures_article_id")

    op.drop_table("figures")
    with op.batch_alter_table("claim_entities", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_entities_entity")

    op.drop_table("claim_entities")
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_index("ix_citations_claim_id")
        batch_op.drop_index("ix_citations_article_id")

    op.drop_table("citations")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_article_claim")

    op.drop_table("reviews")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_kind")

    op.drop_table("claims")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_publisher_id")
        batch_op.drop_index("ix_articles_published")
        batch_op.drop_index("ix_articles_author")

    op.drop_table("articles")
    op.drop_table("publishers")
