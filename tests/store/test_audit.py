"""Specification of the audit log: append-only, hash-chained, tamper-evident, exportable.

Tampering is done the way an insider would: with SQL on the table, bypassing the code.
"""

from __future__ import annotations

import csv
import hashlib
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, text, update

from entitywatch.errors import InputError
from entitywatch.loading import load_list_file
from entitywatch.store.audit import (
    GENESIS_HASH,
    default_actor,
    export_entries,
    list_entries,
    record,
    verify,
)
from entitywatch.store.schema import audit_log, screenings
from entitywatch.store.screenings import get_screening, record_screening
from tests.cli.helpers import DEMO_LIST


def _append(engine: Engine, count: int, actor: str = "tester") -> None:
    for number in range(1, count + 1):
        record(
            engine,
            action="test.entry",
            subject=f"item {number}",
            payload={"number": number, "text": "Zhōngguó ✓", "nested": {"b": [1, 2.5, None]}},
            actor=actor,
        )


def test_entries_are_chained_from_the_genesis_hash(engine: Engine) -> None:
    _append(engine, 3)

    entries = sorted(list_entries(engine), key=lambda e: e.seq)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert entries[2].payload == {
        "number": 3,
        "text": "Zhōngguó ✓",
        "nested": {"b": [1, 2.5, None]},
    }
    result = verify(engine)
    assert result.ok and result.checked == 3
    assert (result.head_seq, result.head_hash) == (3, entries[2].hash)


def test_an_empty_log_verifies(engine: Engine) -> None:
    result = verify(engine)
    assert result.ok and result.checked == 0 and result.head_hash == GENESIS_HASH


def _edit_payload(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(update(audit_log).where(audit_log.c.seq == 3).values(payload='{"number":99}'))


def _edit_actor(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="somebody else"))


def _delete_middle(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(delete(audit_log).where(audit_log.c.seq == 3))


def _delete_last(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(delete(audit_log).where(audit_log.c.seq == 5))


def _swap_two(engine: Engine) -> None:
    """Reorder: entries 2 and 4 exchange their places in the sequence."""
    with engine.begin() as c:
        c.execute(update(audit_log).where(audit_log.c.seq == 2).values(seq=-2))
        c.execute(update(audit_log).where(audit_log.c.seq == 4).values(seq=2))
        c.execute(update(audit_log).where(audit_log.c.seq == -2).values(seq=4))


def _edit_and_rehash(engine: Engine) -> None:
    """A careful forger recomputes the edited entry's own hash; the next link breaks."""
    with engine.begin() as c:
        row = c.execute(select(audit_log).where(audit_log.c.seq == 2)).one()
        body = {
            "seq": 2,
            "at": row.at,
            "actor": row.actor,
            "action": row.action,
            "subject": "item forged",
            "payload": json.loads(row.payload),
        }
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        forged = hashlib.sha256((row.prev_hash + canonical).encode()).hexdigest()
        c.execute(
            update(audit_log).where(audit_log.c.seq == 2).values(subject="item forged", hash=forged)
        )


@pytest.mark.parametrize(
    ("tamper", "broken_seq", "problem"),
    [
        (_edit_payload, 3, "altered"),
        (_edit_actor, 2, "altered"),
        (_delete_middle, 3, "missing"),
        (_delete_last, 5, "missing"),
        (_swap_two, 2, "does not follow entry 1"),
        (_edit_and_rehash, 3, "does not follow entry 2"),
    ],
    ids=["edit-payload", "edit-actor", "delete-middle", "delete-last", "reorder", "rehash"],
)
def test_tampering_is_detected_at_the_first_broken_entry(
    engine: Engine, tamper: object, broken_seq: int, problem: str
) -> None:
    _append(engine, 5)
    assert verify(engine).ok

    tamper(engine)  # type: ignore[operator]

    result = verify(engine)
    assert not result.ok
    assert result.broken_seq == broken_seq
    assert result.problem is not None and problem in result.problem


def test_concurrent_writers_get_contiguous_sequence_numbers(engine: Engine) -> None:
    writers, each = 4, 15
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            _append(engine, each, actor=f"writer-{number}")
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    entries = list_entries(engine)
    assert sorted(e.seq for e in entries) == list(range(1, writers * each + 1))
    assert {e.actor for e in entries} == {f"writer-{n}" for n in range(writers)}
    assert verify(engine).ok


def test_the_json_export_lets_an_auditor_recompute_the_chain(
    engine: Engine, tmp_path: Path
) -> None:
    _append(engine, 4)
    out = tmp_path / "audit.json"

    assert export_entries(engine, out, "json") == 4

    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["verification"]["ok"] is True
    previous = GENESIS_HASH
    for entry in document["entries"]:  # with nothing but the file and hashlib
        body = {k: entry[k] for k in ("seq", "at", "actor", "action", "subject", "payload")}
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert entry["prev_hash"] == previous
        assert hashlib.sha256((previous + canonical).encode()).hexdigest() == entry["hash"]
        previous = entry["hash"]
    assert previous == document["verification"]["head_hash"]


def test_the_csv_export_has_one_row_per_entry(engine: Engine, tmp_path: Path) -> None:
    _append(engine, 3)
    out = tmp_path / "audit.csv"

    assert export_entries(engine, out, "csv") == 3

    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["seq"]) for r in rows] == [1, 2, 3]
    assert json.loads(rows[0]["payload"])["text"] == "Zhōngguó ✓"
    assert rows[1]["prev_hash"] == rows[0]["hash"]


def test_an_unknown_export_format_is_bad_input(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="format"):
        export_entries(engine, tmp_path / "audit.xml", "xml")


@pytest.mark.parametrize(
    ("configured", "expected"),
    [("  j.doe ", "j.doe"), ("", None), (None, None)],
)
def test_the_actor_comes_from_the_environment_else_the_os_user(
    monkeypatch: pytest.MonkeyPatch, configured: str | None, expected: str | None
) -> None:
    import getpass

    if configured is None:
        monkeypatch.delenv("ENTITYWATCH_ACTOR", raising=False)
    else:
        monkeypatch.setenv("ENTITYWATCH_ACTOR", configured)
    assert default_actor() == (expected or getpass.getuser())


def test_a_list_load_is_audited_with_its_snapshot(engine: Engine) -> None:
    outcome = load_list_file(engine, DEMO_LIST)

    loads = list_entries(engine, action="list.load")
    assert len(loads) == 1
    assert loads[0].subject == f"snapshot {outcome.snapshot.id}"
    assert loads[0].payload["sha256"] == outcome.snapshot.sha256
    assert loads[0].payload["listings"] == {"CMIC": 1, "EL": 15}
    # Loading the same bytes again changes nothing, so it adds no entry.
    load_list_file(engine, DEMO_LIST)
    assert len(list_entries(engine, action="list.load")) == 1


def test_a_screening_is_recorded_with_its_snapshots_and_audited(engine: Engine) -> None:
    screening_id = record_screening(
        engine,
        kind="party",
        query={"name": "Hikvision", "country": "CN"},
        snapshot_ids=[3, 1, 3],
        decision="match",
        results=[{"party_id": "p1", "score": 0.97}],
        actor="analyst",
    )

    stored = get_screening(engine, screening_id)
    assert (stored.kind, stored.decision, stored.actor) == ("party", "match", "analyst")
    assert stored.snapshot_ids == [1, 3]
    assert stored.results == [{"party_id": "p1", "score": 0.97}]
    (entry,) = list_entries(engine, action="screening.party")
    assert entry.subject == f"screening {screening_id}"
    assert entry.payload["snapshot_ids"] == [1, 3]
    assert entry.payload["candidates"] == 1


def test_a_bad_screening_record_writes_nothing(engine: Engine) -> None:
    with pytest.raises(InputError, match="kind"):
        record_screening(engine, kind="guess", query={}, snapshot_ids=[], decision="clear")

    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM screenings")).scalar_one() == 0
        assert connection.execute(select(screenings)).first() is None
    assert list_entries(engine) == []
