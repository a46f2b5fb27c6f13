"""Screenings on record: what was asked, against which snapshots, and what came back.

A compliance officer must be able to show, months later, that a party was screened and
against which version of the lists. Each screening row and its audit entry are written
in one transaction: both or neither.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from entitywatch.errors import InputError, NotFoundError
from entitywatch.store.audit import append_entry, default_actor
from entitywatch.store.schema import screenings

SCREENING_KINDS = ("party", "file", "export", "exposure", "monitor")


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    id: int
    kind: str
    screened_at: dt.datetime
    actor: str
    query: dict[str, Any]
    snapshot_ids: list[int]
    decision: str
    results: list[dict[str, Any]] | None
    summary: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "screened_at": self.screened_at.isoformat(),
            "actor": self.actor,
            "query": self.query,
            "snapshot_ids": self.snapshot_ids,
            "decision": self.decision,
            "results": self.results,
            "summary": self.summary,
        }


def record_screening(
    engine: Engine,
    *,
    kind: str,
    query: dict[str, Any],
    snapshot_ids: list[int],
    decision: str,
    results: list[dict[str, Any]] | None = None,
    summary: dict[str, Any] | None = None,
    actor: str | None = None,
) -> int:
    """Store one screening and append its audit entry; returns the screening id.

    ``results`` are the candidates as shown to the user (best first); a file screening
    passes ``summary`` (counts per decision and list) instead of one row per input line.
    """
    with engine.begin() as connection:
        return insert_screening(
            connection,
            kind=kind,
            query=query,
            snapshot_ids=snapshot_ids,
            decision=decision,
            results=results,
            summary=summary,
            actor=actor,
        )


def insert_screening(
    connection: Connection,
    *,
    kind: str,
    query: dict[str, Any],
    snapshot_ids: list[int],
    decision: str,
    results: list[dict[str, Any]] | None = None,
    summary: dict[str, Any] | None = None,
    actor: str | None = None,
) -> int:
    """``record_screening`` inside the caller's transaction (e.g. with the alerts it raised)."""
    if kind not in SCREENING_KINDS:
        raise InputError(
            f"unknown screening kind {kind!r}", hint="one of " + ", ".join(SCREENING_KINDS)
        )
    who = actor or default_actor()
    when = dt.datetime.now(dt.UTC)
    snapshot_list = sorted({int(s) for s in snapshot_ids})
    query_json = _plain(query)
    inserted = connection.execute(
        insert(screenings).values(
            kind=kind,
            screened_at=when,
            actor=who,
            query=json.dumps(query_json, ensure_ascii=False),
            snapshot_ids=json.dumps(snapshot_list),
            decision=decision,
            results=json.dumps(_plain(results), ensure_ascii=False)
            if results is not None
            else None,
            summary=json.dumps(_plain(summary), ensure_ascii=False)
            if summary is not None
            else None,
        )
    ).inserted_primary_key
    assert inserted is not None
    screening_id = int(inserted[0])
    payload: dict[str, Any] = {
        "screening_id": screening_id,
        "kind": kind,
        "query": query_json,
        "snapshot_ids": snapshot_list,
        "decision": decision,
        "candidates": len(results) if results is not None else None,
    }
    if summary is not None:
        payload["summary"] = _plain(summary)
    append_entry(
        connection,
        action=f"screening.{kind}",
        subject=f"screening {screening_id}",
        payload=payload,
        actor=who,
    )
    return screening_id


def _plain(value: Any) -> Any:
    """JSON-ready copy: dates and other values become their text (as the user saw them)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def get_screening(engine: Engine, screening_id: int) -> ScreeningRecord:
    with engine.connect() as connection:
        row = connection.execute(select(screenings).where(screenings.c.id == screening_id)).first()
    if row is None:
        raise NotFoundError(f"no screening {screening_id}")
    return _record_from_row(row)


def list_screenings(
    engine: Engine, *, kind: str | None = None, limit: int = 50
) -> list[ScreeningRecord]:
    """The newest screenings first."""
    query = select(screenings).order_by(screenings.c.id.desc()).limit(limit)
    if kind is not None:
        query = query.where(screenings.c.kind == kind)
    with engine.connect() as connection:
        return [_record_from_row(row) for row in connection.execute(query).all()]


def _record_from_row(row: Any) -> ScreeningRecord:
    when = row.screened_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return ScreeningRecord(
        id=int(row.id),
        kind=row.kind,
        screened_at=when,
        actor=row.actor,
        query=json.loads(row.query),
        snapshot_ids=[int(s) for s in json.loads(row.snapshot_ids)],
        decision=row.decision,
        results=json.loads(row.results) if row.results is not None else None,
        summary=json.loads(row.summary) if row.summary is not None else None,
    )
