"""Specification of stored alerts and decisions, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from entitywatch.errors import InputError, NotFoundError
from entitywatch.model import Listing, Name, ParsedList, Party, Schema
from entitywatch.store.alerts import (
    NewAlert,
    alert_history,
    entry_versions,
    get_alert,
    insert_alerts,
    known_alerts,
    list_alerts,
    record_decision,
)
from entitywatch.store.audit import list_entries, verify
from entitywatch.store.counterparties import (
    CounterpartyInput,
    list_counterparties,
    upsert_counterparties,
)
from entitywatch.store.snapshots import import_snapshot


def _alert(engine: Engine) -> int:
    """One open alert: counterparty C-1 against a listed party of a real snapshot."""
    party = Party(
        id="el-1",
        schema=Schema.COMPANY,
        names=[Name("Example Listed Co.")],
        listings=[Listing("EL", "Bureau of Industry and Security")],
    )
    outcome = import_snapshot(
        engine, ParsedList("test", "test", [party]), sha256="a" * 64, file_name="t.csv"
    )
    upsert_counterparties(engine, [CounterpartyInput("C-1", "Example Listed Company")], source="r")
    (counterparty,) = list_counterparties(engine)
    version = entry_versions(engine, [outcome.snapshot.id], ["el-1"])["el-1"]
    with engine.begin() as connection:
        (alert_id,) = insert_alerts(
            connection,
            [
                NewAlert(
                    counterparty_id=counterparty.id,
                    party_id="el-1",
                    source=version.source,
                    snapshot_id=version.snapshot_id,
                    content_hash=version.content_hash,
                    score=0.93,
                    matched_name="Example Listed Co.",
                    party_name="Example Listed Co.",
                    decision="match",
                    reason="new_counterparty",
                    details={"explanation": {"score": 0.93}},
                )
            ],
            None,
        )
    return alert_id


@pytest.mark.parametrize(
    ("steps", "final_status"),
    [
        ([("true_match", "confirmed by registration number")], "true_match"),
        ([("false_positive", "different address and owner")], "false_positive"),
        (
            [("escalated", "unclear"), ("false_positive", "legal: not the listed entity")],
            "false_positive",
        ),
        ([("false_positive", "first line"), ("true_match", "second line overturns")], "true_match"),
    ],
    ids=["true-match", "false-positive", "escalate-then-decide", "overturned"],
)
def test_decisions_set_the_status_and_keep_their_history(
    engine: Engine, steps: list[tuple[str, str]], final_status: str
) -> None:
    alert_id = _alert(engine)

    for decision, reason in steps:
        record_decision(engine, alert_id, decision=decision, reason=reason, actor="j.doe")

    assert get_alert(engine, alert_id).status == final_status
    history = alert_history(engine, alert_id)
    assert [(d.decision, d.reason, d.actor) for d in history] == [
        (decision, reason, "j.doe") for decision, reason in steps
    ]
    audited = sorted(
        (e for e in list_entries(engine) if e.subject == f"alert {alert_id}"), key=lambda e: e.seq
    )
    assert [e.payload["decision"] for e in audited] == [decision for decision, _ in steps]
    assert audited[0].payload["from_status"] == "open"
    assert verify(engine).ok


@pytest.mark.parametrize(
    ("decision", "reason", "error", "message"),
    [
        ("maybe", "why", InputError, "unknown decision"),
        ("true_match", "   ", InputError, "reason"),
    ],
)
def test_a_bad_decision_changes_nothing(
    engine: Engine, decision: str, reason: str, error: type[Exception], message: str
) -> None:
    alert_id = _alert(engine)
    entries_before = len(list_entries(engine))

    with pytest.raises(error, match=message):
        record_decision(engine, alert_id, decision=decision, reason=reason)

    assert get_alert(engine, alert_id).status == "open"
    assert alert_history(engine, alert_id) == []
    assert len(list_entries(engine)) == entries_before


def test_deciding_an_unknown_alert_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError, match="alerts list"):
        record_decision(engine, 999, decision="true_match", reason="x")


def test_alerts_are_listed_by_status_and_known_by_pair(engine: Engine) -> None:
    alert_id = _alert(engine)
    record_decision(engine, alert_id, decision="false_positive", reason="other firm")
    alert = get_alert(engine, alert_id)

    assert [a.id for a in list_alerts(engine, status="false_positive")] == [alert_id]
    assert list_alerts(engine, status="open") == []
    with engine.connect() as connection:
        known = known_alerts(
            connection, [(alert.counterparty_id, "el-1"), (alert.counterparty_id, "x")]
        )
    assert list(known) == [(alert.counterparty_id, "el-1")]
    (earlier,) = known[(alert.counterparty_id, "el-1")]
    assert (earlier.id, earlier.status, earlier.content_hash) == (
        alert_id,
        "false_positive",
        alert.content_hash,
    )
    with pytest.raises(InputError, match="status"):
        list_alerts(engine, status="closed")
