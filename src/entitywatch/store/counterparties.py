"""The counterparty register: the customers, suppliers and consignees a company monitors.

A counterparty is identified by the user's own ``external_id``; importing the register
again updates records by that id. ``content_hash`` covers the fields screening reads, and
``screened_hash`` is its value when the record was last screened against every list
entry: the two differ for a new or edited counterparty, which the next monitoring run
screens in full (see ``entitywatch.monitor.rescreen``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, insert, or_, select, update

from entitywatch.errors import NotFoundError
from entitywatch.store.audit import append_entry
from entitywatch.store.schema import counterparties

_BATCH = 2000


@dataclass(frozen=True, slots=True)
class CounterpartyInput:
    """One counterparty as the user's register file gives it (already validated)."""

    external_id: str
    name: str
    schema: str = "LegalEntity"  # unknown type: the matcher compares with every kind
    country: str | None = None  # ISO-2
    identifiers: tuple[str, ...] = ()
    birth_date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD

    def content_hash(self) -> str:
        document = {
            "name": self.name,
            "schema": self.schema,
            "country": self.country,
            "identifiers": list(self.identifiers),
            "birth_date": self.birth_date,
        }
        encoded = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Counterparty:
    id: int
    external_id: str
    name: str
    schema: str
    country: str | None
    identifiers: tuple[str, ...]
    birth_date: str | None
    content_hash: str
    screened_hash: str | None
    added_at: dt.datetime
    updated_at: dt.datetime
    active: bool

    @property
    def needs_full_screening(self) -> bool:
        """New or edited since it was last screened against every list entry."""
        return self.screened_hash != self.content_hash

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "external_id": self.external_id,
            "name": self.name,
            "type": self.schema,
            "country": self.country,
            "identifiers": list(self.identifiers),
            "birth_date": self.birth_date,
            "added_at": self.added_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "active": self.active,
            "screened": not self.needs_full_screening,
        }


@dataclass(frozen=True, slots=True)
class RegisterImport:
    """What an import changed: ids of records added, updated, left as they were, retired."""

    added: list[int]
    updated: list[int]
    unchanged: int
    deactivated: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "deactivated": len(self.deactivated),
        }


def upsert_counterparties(
    engine: Engine,
    items: list[CounterpartyInput],
    *,
    source: str,
    actor: str | None = None,
    deactivate_missing: bool = False,
) -> RegisterImport:
    """Add new records and update changed ones by external id, in one transaction.

    A record absent from ``items`` stays as it is, unless ``deactivate_missing`` (the
    file is the whole register): then it is marked inactive and no longer monitored.
    The import and its counts go into the audit log in the same transaction.
    """
    now = dt.datetime.now(dt.UTC)
    added: list[int] = []
    updated: list[int] = []
    unchanged = 0
    deactivated: list[int] = []
    with engine.begin() as connection:
        existing = {
            row.external_id: row
            for row in connection.execute(
                select(
                    counterparties.c.id,
                    counterparties.c.external_id,
                    counterparties.c.content_hash,
                    counterparties.c.active,
                )
            ).all()
        }
        new_rows: list[dict[str, Any]] = []
        for item in items:
            digest = item.content_hash()
            values = _values(item, digest)
            row = existing.get(item.external_id)
            if row is None:
                new_rows.append({**values, "added_at": now, "updated_at": now, "active": True})
            elif row.content_hash != digest or not row.active:
                connection.execute(
                    update(counterparties)
                    .where(counterparties.c.id == row.id)
                    .values(**values, updated_at=now, active=True)
                )
                updated.append(int(row.id))
            else:
                unchanged += 1
        for start in range(0, len(new_rows), _BATCH):
            connection.execute(insert(counterparties), new_rows[start : start + _BATCH])
        if new_rows:
            wanted = {row["external_id"] for row in new_rows}
            added = sorted(
                int(row.id)
                for row in connection.execute(
                    select(counterparties.c.id, counterparties.c.external_id)
                ).all()
                if row.external_id in wanted
            )
        if deactivate_missing:
            present = {item.external_id for item in items}
            deactivated = sorted(
                int(row.id)
                for external_id, row in existing.items()
                if row.active and external_id not in present
            )
            for start in range(0, len(deactivated), 500):
                connection.execute(
                    update(counterparties)
                    .where(counterparties.c.id.in_(deactivated[start : start + 500]))
                    # Not monitored while inactive: screened in full when it returns.
                    .values(active=False, screened_hash=None, updated_at=now)
                )
        outcome = RegisterImport(added, updated, unchanged, deactivated)
        append_entry(
            connection,
            action="parties.import",
            subject=f"register {source}",
            payload={"file": source, **outcome.to_dict()},
            actor=actor,
        )
    return outcome


def _values(item: CounterpartyInput, digest: str) -> dict[str, Any]:
    return {
        "external_id": item.external_id,
        "name": item.name,
        "schema": item.schema,
        "country": item.country,
        "identifiers": json.dumps(list(item.identifiers), ensure_ascii=False),
        "birth_date": item.birth_date,
        "content_hash": digest,
    }


def _from_row(row: Any) -> Counterparty:
    def aware(value: dt.datetime) -> dt.datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

    return Counterparty(
        id=int(row.id),
        external_id=row.external_id,
        name=row.name,
        schema=row.schema,
        country=row.country,
        identifiers=tuple(json.loads(row.identifiers)),
        birth_date=row.birth_date,
        content_hash=row.content_hash,
        screened_hash=row.screened_hash,
        added_at=aware(row.added_at),
        updated_at=aware(row.updated_at),
        active=bool(row.active),
    )


def list_counterparties(
    engine: Engine, *, include_inactive: bool = False, limit: int | None = None
) -> list[Counterparty]:
    """Counterparties in the order they were added."""
    query = select(counterparties).order_by(counterparties.c.id)
    if not include_inactive:
        query = query.where(counterparties.c.active.is_(True))
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [_from_row(row) for row in connection.execute(query).all()]


def count_counterparties(engine: Engine) -> tuple[int, int]:
    """``(active, needing full screening)``."""
    with engine.connect() as connection:
        active = connection.execute(
            select(func.count()).where(counterparties.c.active.is_(True))
        ).scalar_one()
        pending = connection.execute(
            select(func.count()).where(
                counterparties.c.active.is_(True),
                or_(
                    counterparties.c.screened_hash.is_(None),
                    counterparties.c.screened_hash != counterparties.c.content_hash,
                ),
            )
        ).scalar_one()
    return int(active), int(pending)


def get_counterparty(engine: Engine, counterparty_id: int) -> Counterparty:
    with engine.connect() as connection:
        row = connection.execute(
            select(counterparties).where(counterparties.c.id == counterparty_id)
        ).first()
    if row is None:
        raise NotFoundError(
            f"no counterparty {counterparty_id}; `entitywatch parties list` shows them"
        )
    return _from_row(row)


def mark_screened(connection: Connection, screened: Iterable[tuple[int, str]]) -> None:
    """Record that these counterparties (id, content_hash) were screened against everything.

    The hash is the one that was screened: a record edited meanwhile stays pending.
    """
    rows = [{"cid": cid, "screened": digest} for cid, digest in screened]
    statement = (
        update(counterparties)
        .where(
            counterparties.c.id == bindparam("cid"),
            counterparties.c.content_hash == bindparam("screened"),
        )
        .values(screened_hash=bindparam("screened"))
    )
    for start in range(0, len(rows), _BATCH):
        connection.execute(statement, rows[start : start + _BATCH])
