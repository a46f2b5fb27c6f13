"""Writing snapshots: one import of one file, atomic, deduplicated by content hash.

A snapshot and its parties are written in one transaction, and the previous active
snapshot of the same source is superseded in that same transaction. A failure anywhere
rolls everything back, so the active snapshot is never left half-replaced.

A load that makes any list of the source shrink by more than ``SHRINK_THRESHOLD`` is
written but *held*: the previous snapshot stays active until the user confirms the new
one (loading it again with ``accept_shrink=True``). The official CSL once lost ~15,000
SDN rows for a day; screening against that file would have cleared sanctioned parties.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from entitywatch.model import ParsedList, Party, Snapshot
from entitywatch.sources.identity import identity_key
from entitywatch.store.audit import append_entry
from entitywatch.store.schema import parties, party_listings, party_names, snapshots

SHRINK_THRESHOLD = 0.10  # a list losing more than 10% of its entries is suspicious
_BATCH = 2000

ACTIVE = "active"
SUPERSEDED = "superseded"
HELD = "held"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    snapshot: Snapshot
    created: bool  # False when identical bytes were loaded before
    activated: bool  # this call made the snapshot active
    message: str


def encode_party(document: dict[str, Any]) -> tuple[str, str]:
    """``(json_text, content_hash)`` of a party document, serialised once.

    The hash covers what the source says about the party; the parser's findings
    (``issues``) are left out of it, so that a better parser does not make every party
    look changed.
    """
    issues = document.pop("issues", None)
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    content_hash = hashlib.sha256(encoded.encode("utf-8")).hexdigest()
    if issues:
        document["issues"] = issues
        extra = json.dumps(issues, ensure_ascii=False, separators=(",", ":"))
        encoded = encoded[:-1] + ',"issues":' + extra + "}"
    return encoded, content_hash


def snapshot_from_row(row: Any) -> Snapshot:
    loaded_at = row.loaded_at
    if loaded_at.tzinfo is None:
        loaded_at = loaded_at.replace(tzinfo=dt.UTC)
    published = row.published_at
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=dt.UTC)
    return Snapshot(
        id=row.id,
        source=row.source,
        format=row.format,
        sha256=row.sha256,
        loaded_at=loaded_at,
        parties=row.party_count,
        listings=json.loads(row.listing_counts),
        active=row.status == ACTIVE,
        status=row.status,
        file_name=row.file_name,
        published_at=published,
        issues=row.issue_count,
    )


def find_snapshot(connection: Connection, source: str, sha256: str) -> Snapshot | None:
    row = connection.execute(
        select(snapshots).where(snapshots.c.source == source, snapshots.c.sha256 == sha256)
    ).first()
    return snapshot_from_row(row) if row else None


def active_snapshot(connection: Connection, source: str) -> Snapshot | None:
    row = connection.execute(
        select(snapshots).where(snapshots.c.source == source, snapshots.c.status == ACTIVE)
    ).first()
    return snapshot_from_row(row) if row else None


def shrinking_lists(
    previous: dict[str, int], current: dict[str, int], threshold: float = SHRINK_THRESHOLD
) -> dict[str, tuple[int, int]]:
    """Lists whose entry count fell by more than ``threshold``: {code: (before, after)}."""
    out: dict[str, tuple[int, int]] = {}
    for code, before in previous.items():
        after = current.get(code, 0)
        if before > 0 and (before - after) / before > threshold:
            out[code] = (before, after)
    return out


def import_snapshot(
    engine: Engine,
    parsed: ParsedList,
    *,
    sha256: str,
    file_name: str | None,
    accept_shrink: bool = False,
    loaded_at: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Store ``parsed`` as a snapshot of its source, atomically."""
    with engine.begin() as connection:
        existing = find_snapshot(connection, parsed.source, sha256)
        if existing is not None:
            return _reload_existing(connection, existing, accept_shrink)
        previous = active_snapshot(connection, parsed.source)
        counts = parsed.listing_counts()
        shrunk = shrinking_lists(previous.listings, counts) if previous else {}
        hold = bool(shrunk) and not accept_shrink
        note = _shrink_note(shrunk) if shrunk else None
        when = loaded_at or dt.datetime.now(dt.UTC)
        inserted = connection.execute(
            insert(snapshots).values(
                source=parsed.source,
                format=parsed.format,
                sha256=sha256,
                file_name=file_name,
                loaded_at=when,
                published_at=parsed.published_at,
                party_count=len(parsed.parties),
                listing_count=parsed.listing_count,
                listing_counts=json.dumps(counts),
                issue_count=sum(len(p.issues) for p in parsed.parties) + len(parsed.issues),
                status=HELD if hold else ACTIVE,
                status_note=note,
            )
        ).inserted_primary_key
        assert inserted is not None
        snapshot_id = int(inserted[0])
        _insert_parties(connection, snapshot_id, parsed.parties, progress)
        if not hold and previous is not None:
            _set_status(connection, previous.id, SUPERSEDED)
        snapshot = snapshot_from_row(
            connection.execute(select(snapshots).where(snapshots.c.id == snapshot_id)).one()
        )
        _audit_load(connection, snapshot, previous.id if previous and not hold else None)
    if hold:
        message = (
            f"snapshot {snapshot.id} is held, not active: {note}. The previous snapshot "
            f"{previous.id if previous else '-'} stays active; if the shrink is genuine, "
            "load the same file again with --accept-shrink"
        )
    else:
        message = f"snapshot {snapshot.id} is now active for {parsed.source}"
    return ImportOutcome(snapshot, created=True, activated=not hold, message=message)


def _reload_existing(
    connection: Connection, existing: Snapshot, accept_shrink: bool
) -> ImportOutcome:
    if existing.status == HELD and accept_shrink:
        previous = active_snapshot(connection, existing.source)
        if previous is not None:
            _set_status(connection, previous.id, SUPERSEDED)
        _set_status(connection, existing.id, ACTIVE)
        activated = snapshot_from_row(
            connection.execute(select(snapshots).where(snapshots.c.id == existing.id)).one()
        )
        _audit_load(connection, activated, previous.id if previous else None, "list.activate")
        return ImportOutcome(
            activated,
            created=False,
            activated=True,
            message=f"snapshot {existing.id} confirmed and now active for {existing.source}",
        )
    message = f"identical file already loaded as snapshot {existing.id} ({existing.status})"
    if existing.status == HELD:
        message += "; it is held because a list shrank: pass --accept-shrink to activate it"
    return ImportOutcome(existing, created=False, activated=False, message=message)


def _audit_load(
    connection: Connection,
    snapshot: Snapshot,
    superseded: int | None,
    action: str = "list.load",
) -> None:
    """A list load (or the activation of a held one) in the audit log, in its transaction."""
    append_entry(
        connection,
        action=action,
        subject=f"snapshot {snapshot.id}",
        payload={
            "snapshot_id": snapshot.id,
            "source": snapshot.source,
            "format": snapshot.format,
            "sha256": snapshot.sha256,
            "file_name": snapshot.file_name,
            "status": snapshot.status,
            "parties": snapshot.parties,
            "listings": snapshot.listings,
            "superseded_snapshot_id": superseded,
        },
    )


def _set_status(connection: Connection, snapshot_id: int, status: str) -> None:
    connection.execute(update(snapshots).where(snapshots.c.id == snapshot_id).values(status=status))


def _shrink_note(shrunk: dict[str, tuple[int, int]]) -> str:
    parts = [
        f"{code} fell from {before:,} to {after:,} entries ({(before - after) / before:.0%})"
        for code, (before, after) in sorted(shrunk.items())
    ]
    return "; ".join(parts)


def _insert_parties(
    connection: Connection,
    snapshot_id: int,
    items: list[Party],
    progress: Callable[[int], None] | None,
) -> None:
    for batch in _batches(items, _BATCH):
        party_rows = []
        name_rows = []
        listing_rows = []
        for party in batch:
            encoded, content_hash = encode_party(party.to_dict())
            party_rows.append(
                {
                    "snapshot_id": snapshot_id,
                    "party_id": party.id,
                    "schema": party.schema.value,
                    "caption": party.caption,
                    "countries": " ".join(party.countries),
                    "content_hash": content_hash,
                    "data": encoded,
                }
            )
            for name in party.names:
                name_rows.append(
                    {
                        "snapshot_id": snapshot_id,
                        "party_id": party.id,
                        "name": name.value,
                        "kind": name.kind.value,
                        "name_key": identity_key(name.value),
                    }
                )
            for listing in party.listings:
                listing_rows.append(
                    {
                        "snapshot_id": snapshot_id,
                        "party_id": party.id,
                        "list_code": listing.list_code,
                        "start_date": listing.start_date,
                        "end_date": listing.end_date,
                    }
                )
        connection.execute(insert(parties), party_rows)
        if name_rows:
            connection.execute(insert(party_names), name_rows)
        if listing_rows:
            connection.execute(insert(party_listings), listing_rows)
        if progress is not None:
            progress(len(batch))


def _batches(items: list[Party], size: int) -> Iterator[list[Party]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
