"""Database schema (SQLAlchemy Core). Alembic migrations in ``migrations/`` create it.

A snapshot is one import of one source file. Each party is stored once per snapshot as a
JSON document (``parties.data``) plus the columns that queries filter on: its names
(``party_names``) and its listings' list codes and dates (``party_listings``).
``content_hash`` compares a party between snapshots without reading the documents.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
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

# --- Compliance records (migration 0002): screenings, counterparties, alerts, audit log ---

screenings = Table(
    "screenings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # party | file | export | exposure | monitor
    Column("screened_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("query", Text, nullable=False),  # JSON object: what was asked
    Column("snapshot_ids", Text, nullable=False),  # JSON list of the snapshots answered from
    Column("decision", String(30), nullable=False),
    Column("results", Text),  # JSON list of candidates, best first (None for a file run)
    Column("summary", Text),  # JSON object: counts for a file or a monitoring run
)
Index("ix_screenings_kind", screenings.c.kind, screenings.c.id)

counterparties = Table(
    "counterparties",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("external_id", String(200), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(10)),
    Column("schema", String(20), nullable=False),
    Column("identifiers", Text, nullable=False),  # JSON list of strings
    Column("birth_date", String(10)),  # YYYY, YYYY-MM or YYYY-MM-DD as given
    Column("content_hash", String(64), nullable=False),  # of the fields screening reads
    # content_hash of the record when it was last screened against everything; differs
    # from content_hash for a new or edited counterparty, which the next run screens fully.
    Column("screened_hash", String(64)),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False),
    UniqueConstraint("external_id", name="uq_counterparties_external_id"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "counterparty_id",
        Integer,
        ForeignKey("counterparties.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("party_id", String(200), nullable=False),
    Column("source", String(100), nullable=False),
    Column("snapshot_id", Integer, ForeignKey("snapshots.id"), nullable=False),
    # The list entry's content_hash when the alert was raised: a false-positive decision
    # holds for this version of the entry only.
    Column("content_hash", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("matched_name", Text, nullable=False),
    Column("party_name", Text, nullable=False),
    Column("decision", String(20), nullable=False),  # match | review
    Column("status", String(20), nullable=False),  # open|true_match|false_positive|escalated
    Column("reason", String(20), nullable=False),  # new_counterparty | list_change
    Column("details", Text, nullable=False),  # JSON: query, listings, explanation
    Column("screening_id", Integer, ForeignKey("screenings.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_alerts_pair", alerts.c.counterparty_id, alerts.c.party_id)
Index("ix_alerts_status", alerts.c.status, alerts.c.id)

alert_decisions = Table(
    "alert_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("decision", String(20), nullable=False),  # true_match | false_positive | escalated
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)
Index("ix_alert_decisions_alert", alert_decisions.c.alert_id)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),  # ISO 8601 UTC text: hashed exactly as stored
    Column("actor", String(200), nullable=False),
    Column("action", String(50), nullable=False),
    Column("subject", Text, nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_audit_log_action", audit_log.c.action, audit_log.c.seq)

# One row (id 1): the newest entry's seq and hash. Appenders update it first, which
# serialises them on every backend (a row lock on PostgreSQL, the write lock on SQLite),
# and verification compares it with the chain so that a truncated tail is detected too.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)
