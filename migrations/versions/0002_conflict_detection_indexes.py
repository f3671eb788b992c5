"""conflict detection indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Tables derived from claims and figures by factbase.analysis.conflicts, so that detection after
each ingest compares only within small indexed groups: figure_frames (what a figure measures
and the values it admits), event_signatures (what event a claim reports or denies, and when),
article_sketches (a shingle sketch of each body, to recognise syndicated copies).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_sketches",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("first_claim_id", sa.Integer(), nullable=True),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("sketch", sa.Text(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_sketches_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_sketches")),
    )
    op.create_table(
        "event_signatures",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=200), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("polarity", sa.Integer(), nullable=False),
        sa.Column("date_low", sa.Date(), nullable=True),
        sa.Column("date_high", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_event_signatures_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_event_signatures_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "block", name=op.f("pk_event_signatures")),
    )
    with op.batch_alter_table("event_signatures", schema=None) as batch_op:
        batch_op.create_index("ix_event_signatures_article_id", ["article_id"], unique=False)
        batch_op.create_index("ix_event_signatures_block", ["block"], unique=False)

    op.create_table(
        "figure_frames",
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("frame", sa.String(length=300), nullable=False),
        sa.Column("period", sa.String(length=100), nullable=False),
        sa.Column("dimension", sa.String(length=80), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_figure_frames_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["figure_id"],
            ["figures.id"],
            name=op.f("fk_figure_frames_figure_id_figures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("figure_id", name=op.f("pk_figure_frames")),
    )
    with op.batch_alter_table("figure_frames", schema=None) as batch_op:
        batch_op.create_index("ix_figure_frames_article_id", ["article_id"], unique=False)
        batch_op.create_index(
            "ix_figure_frames_group", ["frame", "period", "dimension"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("figure_frames", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_frames_group")
        batch_op.drop_index("ix_figure_frames_article_id")

    op.drop_table("figure_frames")
    with op.batch_alter_table("event_signatures", schema=None) as batch_op:
        batch_op.drop_index("ix_event_signatures_block")
        batch_op.drop_index("ix_event_signatures_article_id")

    op.drop_table("event_signatures")
    op.drop_table("article_sketches")
