"""Snapshots of list files and the parties they hold.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("format", sa.String(50), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("party_count", sa.Integer, nullable=False),
        sa.Column("listing_count", sa.Integer, nullable=False),
        sa.Column("listing_counts", sa.Text, nullable=False),
        sa.Column("issue_count", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_note", sa.Text),
        sa.UniqueConstraint("source", "sha256", name="uq_snapshots_source_sha256"),
    )
    op.create_index("ix_snapshots_source_status", "snapshots", ["source", "status"])
    op.create_table(
        "parties",
        sa.Column(
            "snapshot_id",
            sa.Integer,
            sa.ForeignKey("snapshots.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("party_id", sa.String(200), primary_key=True),
        sa.Column("schema", sa.String(20), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_parties_party_id", "parties", ["party_id"])
    op.create_table(
        "party_names",
        sa.Column(
            "snapshot_id",
            sa.Integer,
            sa.ForeignKey("snapshots.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("party_id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
    )
    op.create_index("ix_party_names_snapshot_key", "party_names", ["snapshot_id", "name_key"])
    op.create_table(
        "party_listings",
        sa.Column(
            "snapshot_id",
            sa.Integer,
            sa.ForeignKey("snapshots.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("party_id", sa.String(200), nullable=False),
        sa.Column("list_code", sa.String(30), nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
    )
    op.create_index(
        "ix_party_listings_snapshot_code", "party_listings", ["snapshot_id", "list_code"]
    )
    op.create_index(
        "ix_party_listings_snapshot_party", "party_listings", ["snapshot_id", "party_id"]
    )


def downgrade() -> None:
    op.drop_table("party_listings")
    op.drop_table("party_names")
    op.drop_table("parties")
    op.drop_table("snapshots")
