"""Reading the store: snapshots, parties, history across snapshots, diffs, as-of views."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from entitywatch.errors import NotFoundError
from entitywatch.model import Party, Snapshot
from entitywatch.store.schema import parties, party_listings, snapshots
from entitywatch.store.snapshots import ACTIVE, snapshot_from_row


def list_snapshots(engine: Engine) -> list[Snapshot]:
    """Every snapshot, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(select(snapshots).order_by(snapshots.c.id)).all()
    return [snapshot_from_row(row) for row in rows]


def active_snapshots(engine: Engine) -> list[Snapshot]:
    return [s for s in list_snapshots(engine) if s.active]


def get_snapshot(engine: Engine, snapshot_id: int) -> Snapshot:
    with engine.connect() as connection:
        row = connection.execute(select(snapshots).where(snapshots.c.id == snapshot_id)).first()
    if row is None:
        raise NotFoundError(f"no snapshot {snapshot_id}; `entitywatch lists` shows them")
    return snapshot_from_row(row)


def listing_counts_as_of(engine: Engine, snapshot_id: int, day: dt.date) -> dict[str, int]:
    """Listings of a snapshot in effect on ``day`` (by their start and end dates).

    A listing with no start date counts as in effect: the lists leave the date out for
    old entries, and leaving them out of an as-of view would understate the list.
    """
    condition = and_(
        party_listings.c.snapshot_id == snapshot_id,
        or_(party_listings.c.start_date.is_(None), party_listings.c.start_date <= day),
        or_(party_listings.c.end_date.is_(None), party_listings.c.end_date > day),
    )
    query = (
        select(party_listings.c.list_code, func.count())
        .where(condition)
        .group_by(party_listings.c.list_code)
        .order_by(party_listings.c.list_code)
    )
    with engine.connect() as connection:
        return {code: count for code, count in connection.execute(query).all()}


def load_party(
    engine: Engine, party_id: str, snapshot_id: int | None = None
) -> tuple[Party, Snapshot]:
    """A party as stored in ``snapshot_id``, else in the active snapshot holding it, else in
    the newest snapshot that held it (a party since removed from its list)."""
    query = (
        select(parties.c.data, snapshots)
        .join(snapshots, snapshots.c.id == parties.c.snapshot_id)
        .where(parties.c.party_id == party_id)
    )
    if snapshot_id is not None:
        query = query.where(parties.c.snapshot_id == snapshot_id)
    query = query.order_by((snapshots.c.status == ACTIVE).desc(), snapshots.c.id.desc()).limit(1)
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        where = f" in snapshot {snapshot_id}" if snapshot_id is not None else ""
        raise NotFoundError(f"no party {party_id!r}{where}")
    return Party.from_dict(json.loads(row.data)), snapshot_from_row(row)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    snapshot: Snapshot
    present: bool
    changed: bool  # differs from the previous snapshot of the source that held it


@dataclass(frozen=True, slots=True)
class PartyHistory:
    party_id: str
    entries: list[HistoryEntry]

    @property
    def first_seen(self) -> Snapshot | None:
        return next((e.snapshot for e in self.entries if e.present), None)

    @property
    def last_seen(self) -> Snapshot | None:
        present = [e.snapshot for e in self.entries if e.present]
        return present[-1] if present else None

    def to_dict(self) -> dict[str, Any]:
        def brief(snapshot: Snapshot | None) -> dict[str, Any] | None:
            if snapshot is None:
                return None
            return {"snapshot_id": snapshot.id, "loaded_at": snapshot.loaded_at.isoformat()}

        return {
            "first_seen": brief(self.first_seen),
            "last_seen": brief(self.last_seen),
            "snapshots": [
                {
                    "snapshot_id": e.snapshot.id,
                    "loaded_at": e.snapshot.loaded_at.isoformat(),
                    "status": e.snapshot.status,
                    "present": e.present,
                    "changed": e.changed,
                }
                for e in self.entries
            ],
        }


def party_history(engine: Engine, party_id: str, source: str) -> PartyHistory:
    """Presence and changes of a party across all snapshots of its source, oldest first."""
    with engine.connect() as connection:
        source_rows = connection.execute(
            select(snapshots).where(snapshots.c.source == source).order_by(snapshots.c.id)
        ).all()
        hashes: dict[int, str] = {
            row.snapshot_id: row.content_hash
            for row in connection.execute(
                select(parties.c.snapshot_id, parties.c.content_hash).where(
                    parties.c.party_id == party_id
                )
            ).all()
        }
    entries: list[HistoryEntry] = []
    previous_hash: str | None = None
    for row in source_rows:
        current = hashes.get(row.id)
        changed = current is not None and previous_hash is not None and current != previous_hash
        entries.append(HistoryEntry(snapshot_from_row(row), current is not None, changed))
        if current is not None:
            previous_hash = current
    return PartyHistory(party_id, entries)


@dataclass(slots=True)
class PartyChange:
    party_id: str
    caption: str
    fields: list[str] = field(default_factory=list)  # top-level fields that differ


@dataclass(slots=True)
class Diff:
    """What changed from one view of the lists to another."""

    before: str  # description of the "from" side
    after: str
    added: list[PartyChange]
    removed: list[PartyChange]
    changed: list[PartyChange]

    def to_dict(self) -> dict[str, Any]:
        def rows(items: list[PartyChange], with_fields: bool = False) -> list[dict[str, Any]]:
            out = []
            for item in items:
                row: dict[str, Any] = {"party_id": item.party_id, "name": item.caption}
                if with_fields:
                    row["fields"] = item.fields
                out.append(row)
            return out

        return {
            "from": self.before,
            "to": self.after,
            "counts": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
            },
            "added": rows(self.added),
            "removed": rows(self.removed),
            "changed": rows(self.changed, with_fields=True),
        }


def diff_snapshots(engine: Engine, before_id: int, after_id: int) -> Diff:
    """Parties added, removed and changed between two snapshots (of any sources)."""
    before = get_snapshot(engine, before_id)
    after = get_snapshot(engine, after_id)
    with engine.connect() as connection:
        old = _hashes(connection, before_id)
        new = _hashes(connection, after_id)
        changed_ids = [pid for pid in new if pid in old and new[pid][0] != old[pid][0]]
        documents_old = _documents(connection, before_id, changed_ids)
        documents_new = _documents(connection, after_id, changed_ids)
    changed = [
        PartyChange(pid, new[pid][1], _changed_fields(documents_old[pid], documents_new[pid]))
        for pid in changed_ids
    ]
    return Diff(
        before=f"snapshot {before.id} ({before.source}, {before.loaded_at:%Y-%m-%d %H:%M})",
        after=f"snapshot {after.id} ({after.source}, {after.loaded_at:%Y-%m-%d %H:%M})",
        added=sorted(
            (PartyChange(pid, new[pid][1]) for pid in new if pid not in old),
            key=lambda c: c.caption,
        ),
        removed=sorted(
            (PartyChange(pid, old[pid][1]) for pid in old if pid not in new),
            key=lambda c: c.caption,
        ),
        changed=sorted(changed, key=lambda c: c.caption),
    )


def diff_dates(engine: Engine, snapshot_id: int, before: dt.date, after: dt.date) -> Diff:
    """Listings that came into or went out of effect between two dates, in one snapshot.

    This answers "what did the list look like then" from the listings' own start and end
    dates, without needing an old file.
    """
    snapshot = get_snapshot(engine, snapshot_id)
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                party_listings.c.party_id,
                party_listings.c.start_date,
                party_listings.c.end_date,
                parties.c.caption,
            )
            .join(
                parties,
                and_(
                    parties.c.snapshot_id == party_listings.c.snapshot_id,
                    parties.c.party_id == party_listings.c.party_id,
                ),
            )
            .where(party_listings.c.snapshot_id == snapshot_id)
        ).all()
    was: dict[str, str] = {}
    now: dict[str, str] = {}
    for row in rows:
        if _in_effect(row.start_date, row.end_date, before):
            was[row.party_id] = row.caption
        if _in_effect(row.start_date, row.end_date, after):
            now[row.party_id] = row.caption
    label = f"snapshot {snapshot.id} ({snapshot.source})"
    return Diff(
        before=f"{label} as of {before.isoformat()}",
        after=f"{label} as of {after.isoformat()}",
        added=sorted(
            (PartyChange(pid, cap) for pid, cap in now.items() if pid not in was),
            key=lambda c: c.caption,
        ),
        removed=sorted(
            (PartyChange(pid, cap) for pid, cap in was.items() if pid not in now),
            key=lambda c: c.caption,
        ),
        changed=[],
    )


def _in_effect(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or start <= day) and (end is None or end > day)


def _hashes(connection: Any, snapshot_id: int) -> dict[str, tuple[str, str]]:
    rows = connection.execute(
        select(parties.c.party_id, parties.c.content_hash, parties.c.caption).where(
            parties.c.snapshot_id == snapshot_id
        )
    ).all()
    return {row.party_id: (row.content_hash, row.caption) for row in rows}


def _documents(connection: Any, snapshot_id: int, party_ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for start in range(0, len(party_ids), 500):
        chunk = party_ids[start : start + 500]
        rows = connection.execute(
            select(parties.c.party_id, parties.c.data).where(
                parties.c.snapshot_id == snapshot_id, parties.c.party_id.in_(chunk)
            )
        ).all()
        out.update({row.party_id: json.loads(row.data) for row in rows})
    return out


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    keys = (set(old) | set(new)) - {"issues"}
    return sorted(k for k in keys if old.get(k) != new.get(k))


def iter_active_parties(engine: Engine, source: str | None = None) -> list[tuple[Party, Snapshot]]:
    """Every party of the active snapshots (optionally of one source)."""
    query = (
        select(parties.c.data, snapshots)
        .join(snapshots, snapshots.c.id == parties.c.snapshot_id)
        .where(snapshots.c.status == ACTIVE)
        .order_by(snapshots.c.id, parties.c.party_id)
    )
    if source is not None:
        query = query.where(snapshots.c.source == source)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [(Party.from_dict(json.loads(row.data)), snapshot_from_row(row)) for row in rows]


@dataclass(frozen=True, slots=True)
class NameHit:
    party_id: str
    caption: str
    matched_name: str
    kind: str
    schema: str
    countries: str
    source: str
    snapshot_id: int


def search_names(engine: Engine, text: str, *, limit: int = 20) -> list[NameHit]:
    """Parties of the active snapshots with a name containing every word of ``text``.

    A plain lookup for finding ids (``show``) and for the demo; screening uses the
    matcher, which handles spelling, scripts and legal forms.
    """
    from entitywatch.sources.identity import identity_key
    from entitywatch.store.schema import party_names

    words = identity_key(text).split()
    if not words:
        return []
    query = (
        select(
            party_names.c.party_id,
            party_names.c.name,
            party_names.c.kind,
            parties.c.caption,
            parties.c.schema,
            parties.c.countries,
            snapshots.c.source,
            snapshots.c.id,
        )
        .join(snapshots, snapshots.c.id == party_names.c.snapshot_id)
        .join(
            parties,
            and_(
                parties.c.snapshot_id == party_names.c.snapshot_id,
                parties.c.party_id == party_names.c.party_id,
            ),
        )
        .where(snapshots.c.status == ACTIVE)
        .order_by(func.length(party_names.c.name), party_names.c.party_id)
        .limit(limit * 5)
    )
    for word in words:
        query = query.where(party_names.c.name_key.like(f"%{word}%"))
    hits: list[NameHit] = []
    seen: set[str] = set()
    with engine.connect() as connection:
        for row in connection.execute(query).all():
            if row.party_id in seen:
                continue
            seen.add(row.party_id)
            hits.append(
                NameHit(
                    row.party_id,
                    row.caption,
                    row.name,
                    row.kind,
                    row.schema,
                    row.countries,
                    row.source,
                    row.id,
                )
            )
            if len(hits) >= limit:
                break
    return hits
