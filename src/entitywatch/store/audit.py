"""The audit log: append-only, hash-chained, verifiable.

Every screening, determination, alert decision and list load appends one entry. Each
entry's ``hash`` is ``sha256(prev_hash + canonical JSON of the entry)`` and its
``prev_hash`` is the hash of the entry before it (``GENESIS_HASH`` for the first), so
editing, deleting or reordering any entry breaks the chain at that point. The row
``audit_head`` holds the newest entry's seq and hash, which also exposes a truncated
tail; an auditor who writes down the head hash printed by ``entitywatch audit verify``
can later prove that nothing before it was rewritten.

Appending is serialised: an appender first updates the ``audit_head`` row inside its
transaction. That takes a row lock on PostgreSQL and the database write lock on SQLite
(the equivalent of BEGIN IMMEDIATE), so concurrent writers queue and seq numbers stay
contiguous with no two entries claiming the same predecessor.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from entitywatch.errors import InputError
from entitywatch.store.schema import audit_head, audit_log

GENESIS_HASH = "0" * 64
ACTOR_VARIABLE = "ENTITYWATCH_ACTOR"
EXPORT_FORMATS = ("csv", "json")
_PAGE = 5000


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str  # ISO 8601, UTC
    actor: str
    action: str  # e.g. "screening.party", "list.load", "alert.decide"
    subject: str  # what the entry is about, e.g. "alert 12", "snapshot 3"
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class Verification:
    """Outcome of checking the chain: ``broken_seq`` is None when every entry holds."""

    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_seq is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "broken_seq": self.broken_seq,
            "problem": self.problem,
        }


def default_actor() -> str:
    """Who is acting: $ENTITYWATCH_ACTOR, else the operating-system user."""
    configured = os.environ.get(ACTOR_VARIABLE, "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def canonical_json(value: Any) -> str:
    """The one serialisation that is hashed: sorted keys, no whitespace, UTF-8 text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(
    prev_hash: str, *, seq: int, at: str, actor: str, action: str, subject: str, payload: Any
) -> str:
    body = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "payload": payload,
    }
    return hashlib.sha256((prev_hash + canonical_json(body)).encode("utf-8")).hexdigest()


def append_entry(
    connection: Connection,
    *,
    action: str,
    subject: str,
    payload: dict[str, Any],
    actor: str | None = None,
) -> AuditEntry:
    """Append an entry inside the caller's transaction (it commits or rolls back with it).

    Callers that write a record and its audit entry in one transaction get both or
    neither. The head row update comes first: it is the lock that serialises appenders.
    """
    lock_log(connection)
    head = connection.execute(select(audit_head.c.seq, audit_head.c.hash)).one()
    seq = int(head.seq) + 1
    prev_hash = str(head.hash)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    who = actor or default_actor()
    # Round-trip the payload so that what is hashed is exactly what verify() reads back.
    payload_text = canonical_json(payload)
    stored_payload = json.loads(payload_text)
    digest = entry_hash(
        prev_hash,
        seq=seq,
        at=at,
        actor=who,
        action=action,
        subject=subject,
        payload=stored_payload,
    )
    connection.execute(
        insert(audit_log).values(
            seq=seq,
            at=at,
            actor=who,
            action=action,
            subject=subject,
            payload=payload_text,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    connection.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=digest))
    return AuditEntry(seq, at, who, action, subject, stored_payload, prev_hash, digest)


def lock_log(connection: Connection) -> None:
    """Take the appenders' lock for the rest of the caller's transaction.

    A writer that must read and then write consistently (a monitoring run checking which
    alerts exist before raising new ones) takes it first; appending again is fine.
    """
    connection.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq))


def record(
    engine: Engine,
    *,
    action: str,
    subject: str,
    payload: dict[str, Any],
    actor: str | None = None,
) -> AuditEntry:
    """Append an entry in a transaction of its own."""
    with engine.begin() as connection:
        return append_entry(
            connection, action=action, subject=subject, payload=payload, actor=actor
        )


def _entry_from_row(row: Any) -> AuditEntry:
    return AuditEntry(
        seq=int(row.seq),
        at=row.at,
        actor=row.actor,
        action=row.action,
        subject=row.subject,
        payload=json.loads(row.payload),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def iter_entries(engine: Engine) -> Iterator[AuditEntry]:
    """Every entry, oldest first, read a page at a time (the log grows without bound)."""
    after = 0
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                select(audit_log)
                .where(audit_log.c.seq > after)
                .order_by(audit_log.c.seq)
                .limit(_PAGE)
            ).all()
        if not rows:
            return
        for row in rows:
            yield _entry_from_row(row)
        after = int(rows[-1].seq)


def list_entries(
    engine: Engine,
    *,
    limit: int | None = None,
    action: str | None = None,
    subjects: list[str] | None = None,
) -> list[AuditEntry]:
    """The newest entries first (all of them when ``limit`` is None)."""
    query = select(audit_log).order_by(audit_log.c.seq.desc())
    if action is not None:
        query = query.where(audit_log.c.action == action)
    if subjects is not None:
        query = query.where(audit_log.c.subject.in_(subjects))
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [_entry_from_row(row) for row in connection.execute(query).all()]


def verify(engine: Engine) -> Verification:
    """Recompute the chain; the first entry that does not hold is reported."""
    with engine.connect() as connection:
        head = connection.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
    head_seq = int(head.seq) if head else 0
    head_hash = str(head.hash) if head else GENESIS_HASH
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0

    def broken(seq: int, problem: str) -> Verification:
        return Verification(checked, head_seq, head_hash, seq, problem)

    for entry in iter_entries(engine):
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                return broken(expected_seq, f"entry {expected_seq} is missing")
            return broken(entry.seq, f"entry {entry.seq} is out of order")
        if entry.prev_hash != prev_hash:
            return broken(entry.seq, f"entry {entry.seq} does not follow entry {entry.seq - 1}")
        recomputed = entry_hash(
            entry.prev_hash,
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            subject=entry.subject,
            payload=entry.payload,
        )
        if recomputed != entry.hash:
            return broken(entry.seq, f"entry {entry.seq} was altered (its hash does not match)")
        checked += 1
        prev_hash = entry.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if last_seq != head_seq or prev_hash != head_hash:
        if last_seq < head_seq:
            return broken(last_seq + 1, f"entries {last_seq + 1} to {head_seq} are missing")
        return broken(head_seq, "the head record does not match the last entry")
    return Verification(checked, head_seq, head_hash)


def export_entries(engine: Engine, out: Path, fmt: str) -> int:
    """Write the whole log to ``out`` as CSV or JSON for an auditor; returns the count.

    The JSON export carries the verification outcome and the hash rule, so that the
    recipient can recompute the chain with nothing but the file.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint="use --format csv or --format json")
    count = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["seq", "at", "actor", "action", "subject", "payload", "prev_hash", "hash"]
            )
            for entry in iter_entries(engine):
                writer.writerow(
                    [
                        entry.seq,
                        entry.at,
                        entry.actor,
                        entry.action,
                        entry.subject,
                        canonical_json(entry.payload),
                        entry.prev_hash,
                        entry.hash,
                    ]
                )
                count += 1
        return count
    verification = verify(engine)
    with out.open("w", encoding="utf-8") as handle:
        handle.write('{"hash_rule": ')
        handle.write(json.dumps(HASH_RULE))
        handle.write(', "verification": ')
        handle.write(json.dumps(verification.to_dict()))
        handle.write(', "entries": [')
        for entry in iter_entries(engine):
            handle.write(
                ("," if count else "") + "\n" + json.dumps(entry.to_dict(), ensure_ascii=False)
            )
            count += 1
        handle.write("\n]}\n")
    return count


HASH_RULE = (
    "hash = sha256(prev_hash + JSON of {seq, at, actor, action, subject, payload} with "
    "sorted keys, separators ',' and ':', UTF-8); prev_hash of entry 1 = 64 zeros"
)
