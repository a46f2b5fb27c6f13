"""Database schema (SQLAlchemy Core). Alembic migrations in ``migrations/`` create it.

A snapshot is one import of one source file. Each party is stored once per snapshot as a
JSON document (``parties.data``) plus the columns that queries filter on: its names
(``party_names``) and its listings' list codes and dates (``party_listings``).
``content_hash`` compares a party between snapshots without reading the documents.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), nullable=False),
    Column("format", String(50), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("file_name", Text),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Column("party_count", Integer, nullable=False),
    Column("listing_count", Integer, nullable=False),
    Column("listing_counts", Text, nullable=False),  # JSON object {list_code: count}
    Column("issue_count", Integer, nullable=False),
    # active: the snapshot screening uses for its source; superseded: an older one;
    # held: a load that shrank a list by more than the threshold, awaiting --accept-shrink.
    Column("status", String(20), nullable=False),
    Column("status_note", Text),
    UniqueConstraint("source", "sha256", name="uq_snapshots_source_sha256"),
)
Index("ix_snapshots_source_status", snapshots.c.source, snapshots.c.status)

parties = Table(
    "parties",
    metadata,
    Column(
        "snapshot_id",
        Integer,
        ForeignKey("snapshots.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("party_id", String(200), primary_key=True),
    Column("schema", String(20), nullable=False),
    Column("caption", Text, nullable=False),
    Column("countries", Text, nullable=False),  # space-separated ISO-2 codes
    Column("content_hash", String(64), nullable=False),
    Column("data", Text, nullable=False),  # Party.to_dict() as JSON
)
Index("ix_parties_party_id", parties.c.party_id)

party_names = Table(
    "party_names",
    metadata,
    Column(
        "snapshot_id",
        Integer,
        ForeignKey("snapshots.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("party_id", String(200), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("name_key", Text, nullable=False),  # identity_key(name): folded for lookups
)
Index("ix_party_names_snapshot_key", party_names.c.snapshot_id, party_names.c.name_key)

party_listings = Table(
    "party_listings",
    metadata,
    Column(
        "snapshot_id",
        Integer,
        ForeignKey("snapshots.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("party_id", String(200), nullable=False),
    Column("list_code", String(30), nullable=False),
    Column("start_date", Date),
    Column("end_date", Date),
)
Index("ix_party_listings_snapshot_code", party_listings.c.snapshot_id, party_listings.c.list_code)
Index("ix_party_listings_snapshot_party", party_listings.c.snapshot_id, party_listings.c.party_id)
