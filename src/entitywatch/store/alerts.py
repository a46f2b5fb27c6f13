"""Alerts (a counterparty that may be a listed party) and the decisions taken on them.

An alert pins the list entry's ``content_hash`` at the time it was raised. A decision is
about that version of the entry: a false positive stays suppressed while the entry is
unchanged, and a changed entry (new alias, new address, new listing) raises a new alert.
Every decision is written with its audit entry in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from entitywatch.errors import InputError, NotFoundError
from entitywatch.model import Party
from entitywatch.store.audit import append_entry, default_actor
from entitywatch.store.schema import alert_decisions, alerts, parties, snapshots

OPEN = "open"
TRUE_MATCH = "true_match"
FALSE_POSITIVE = "false_positive"
ESCALATED = "escalated"
STATUSES = (OPEN, TRUE_MATCH, FALSE_POSITIVE, ESCALATED)
DECISIONS = (TRUE_MATCH, FALSE_POSITIVE, ESCALATED)

# Why an alert was raised.
NEW_COUNTERPARTY = "new_counterparty"  # a new or edited counterparty screened in full
LIST_CHANGE = "list_change"  # a new or changed list entry screened against the register


@dataclass(frozen=True, slots=True)
class NewAlert:
    counterparty_id: int
    party_id: str
    source: str
    snapshot_id: int
    content_hash: str
    score: float
    matched_name: str
    party_name: str
    decision: str  # match | review
    reason: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    counterparty_id: int
    party_id: str
    source: str
    snapshot_id: int
    content_hash: str
    score: float
    matched_name: str
    party_name: str
    decision: str
    status: str
    reason: str
    details: dict[str, Any]
    screening_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "counterparty_id": self.counterparty_id,
            "party_id": self.party_id,
            "party_name": self.party_name,
            "matched_name": self.matched_name,
            "score": round(self.score, 4),
            "decision": self.decision,
            "status": self.status,
            "reason": self.reason,
            "source": self.source,
            "snapshot_id": self.snapshot_id,
            "content_hash": self.content_hash,
            "screening_id": self.screening_id,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class AlertDecision:
    id: int
    alert_id: int
    decision: str
    reason: str
    actor: str
    decided_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "alert_id": self.alert_id,
            "decision": self.decision,
            "reason": self.reason,
            "actor": self.actor,
            "decided_at": self.decided_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class KnownAlert:
    """An earlier alert on a (counterparty, list entry) pair, for deduplication."""

    id: int
    content_hash: str
    status: str


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _alert_from_row(row: Any) -> Alert:
    return Alert(
        id=int(row.id),
        counterparty_id=int(row.counterparty_id),
        party_id=row.party_id,
        source=row.source,
        snapshot_id=int(row.snapshot_id),
        content_hash=row.content_hash,
        score=float(row.score),
        matched_name=row.matched_name,
        party_name=row.party_name,
        decision=row.decision,
        status=row.status,
        reason=row.reason,
        details=json.loads(row.details),
        screening_id=int(row.screening_id) if row.screening_id is not None else None,
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
    )


def known_alerts(
    connection: Connection, pairs: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], list[KnownAlert]]:
    """Earlier alerts on each of these (counterparty id, party id) pairs."""
    wanted = set(pairs)
    out: dict[tuple[int, str], list[KnownAlert]] = {}
    if not wanted:
        return out
    party_ids = sorted({party_id for _, party_id in wanted})
    for start in range(0, len(party_ids), 500):
        rows = connection.execute(
            select(alerts.c.id, alerts.c.counterparty_id, alerts.c.party_id)
            .add_columns(alerts.c.content_hash, alerts.c.status)
            .where(alerts.c.party_id.in_(party_ids[start : start + 500]))
            .order_by(alerts.c.id)
        ).all()
        for row in rows:
            key = (int(row.counterparty_id), row.party_id)
            if key in wanted:
                out.setdefault(key, []).append(
                    KnownAlert(int(row.id), row.content_hash, row.status)
                )
    return out


def insert_alerts(
    connection: Connection, items: list[NewAlert], screening_id: int | None
) -> list[int]:
    """Store new alerts (status open); returns their ids, ascending.

    Alerts are written in batches (a first screening of a large register raises
    thousands); with a screening id, the ids are read back by it.
    """
    if not items:
        return []
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "counterparty_id": item.counterparty_id,
            "party_id": item.party_id,
            "source": item.source,
            "snapshot_id": item.snapshot_id,
            "content_hash": item.content_hash,
            "score": item.score,
            "matched_name": item.matched_name,
            "party_name": item.party_name,
            "decision": item.decision,
            "status": OPEN,
            "reason": item.reason,
            "details": json.dumps(item.details, ensure_ascii=False, default=str),
            "screening_id": screening_id,
            "created_at": now,
            "updated_at": now,
        }
        for item in items
    ]
    if screening_id is None:
        ids = []
        for row in rows:
            inserted = connection.execute(insert(alerts).values(**row)).inserted_primary_key
            assert inserted is not None
            ids.append(int(inserted[0]))
        return sorted(ids)
    for start in range(0, len(rows), 1000):
        connection.execute(insert(alerts), rows[start : start + 1000])
    return [
        int(alert_id)
        for alert_id in connection.execute(
            select(alerts.c.id).where(alerts.c.screening_id == screening_id).order_by(alerts.c.id)
        ).scalars()
    ]


def get_alert(engine: Engine, alert_id: int) -> Alert:
    with engine.connect() as connection:
        row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFoundError(f"no alert {alert_id}; `entitywatch alerts list` shows them")
    return _alert_from_row(row)


def list_alerts(
    engine: Engine,
    *,
    status: str | None = None,
    counterparty_id: int | None = None,
    party_id: str | None = None,
    limit: int | None = None,
) -> list[Alert]:
    """Alerts, newest first."""
    if status is not None and status not in STATUSES:
        raise InputError(f"unknown alert status {status!r}", hint="one of " + ", ".join(STATUSES))
    query = select(alerts).order_by(alerts.c.id.desc())
    if status is not None:
        query = query.where(alerts.c.status == status)
    if counterparty_id is not None:
        query = query.where(alerts.c.counterparty_id == counterparty_id)
    if party_id is not None:
        query = query.where(alerts.c.party_id == party_id)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [_alert_from_row(row) for row in connection.execute(query).all()]


def alert_history(engine: Engine, alert_id: int) -> list[AlertDecision]:
    """The decisions taken on an alert, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(alert_decisions)
            .where(alert_decisions.c.alert_id == alert_id)
            .order_by(alert_decisions.c.id)
        ).all()
    return [
        AlertDecision(
            int(row.id),
            int(row.alert_id),
            row.decision,
            row.reason,
            row.actor,
            _aware(row.decided_at),
        )
        for row in rows
    ]


def record_decision(
    engine: Engine,
    alert_id: int,
    *,
    decision: str,
    reason: str,
    actor: str | None = None,
) -> AlertDecision:
    """Decide an alert (true match, false positive) or escalate it, with the reason.

    A decided alert can be decided again (a reviewer overturns a first-line decision):
    the alert takes the newest status and the history keeps every step.
    """
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r}", hint="one of " + ", ".join(DECISIONS))
    if not reason.strip():
        raise InputError("a decision needs a reason", hint="pass --reason TEXT")
    who = (actor or "").strip() or default_actor()
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        if row is None:
            raise NotFoundError(f"no alert {alert_id}; `entitywatch alerts list` shows them")
        previous = row.status
        connection.execute(
            update(alerts).where(alerts.c.id == alert_id).values(status=decision, updated_at=now)
        )
        inserted = connection.execute(
            insert(alert_decisions).values(
                alert_id=alert_id,
                decision=decision,
                reason=reason.strip(),
                actor=who,
                decided_at=now,
            )
        ).inserted_primary_key
        assert inserted is not None
        append_entry(
            connection,
            action="alert.escalate" if decision == ESCALATED else "alert.decide",
            subject=f"alert {alert_id}",
            payload={
                "alert_id": alert_id,
                "counterparty_id": int(row.counterparty_id),
                "party_id": row.party_id,
                "content_hash": row.content_hash,
                "from_status": previous,
                "decision": decision,
                "reason": reason.strip(),
            },
            actor=who,
        )
    return AlertDecision(int(inserted[0]), alert_id, decision, reason.strip(), who, now)


@dataclass(frozen=True, slots=True)
class EntryVersion:
    """Which version of a list entry an alert is about, and the entry as it was."""

    party: Party
    snapshot_id: int
    source: str
    content_hash: str


def entry_versions(
    engine: Engine, snapshot_ids: list[int], party_ids: Iterable[str]
) -> dict[str, EntryVersion]:
    """The version of each party in the given (active) snapshots, by party id."""
    wanted = sorted(set(party_ids))
    out: dict[str, EntryVersion] = {}
    with engine.connect() as connection:
        for start in range(0, len(wanted), 500):
            rows = connection.execute(
                select(
                    parties.c.party_id,
                    parties.c.snapshot_id,
                    parties.c.content_hash,
                    parties.c.data,
                    snapshots.c.source,
                )
                .join(snapshots, snapshots.c.id == parties.c.snapshot_id)
                .where(
                    parties.c.snapshot_id.in_(snapshot_ids),
                    parties.c.party_id.in_(wanted[start : start + 500]),
                )
                .order_by(parties.c.snapshot_id)
            ).all()
            for row in rows:
                if row.party_id not in out:
                    out[row.party_id] = EntryVersion(
                        Party.from_dict(json.loads(row.data)),
                        int(row.snapshot_id),
                        row.source,
                        row.content_hash,
                    )
    return out
