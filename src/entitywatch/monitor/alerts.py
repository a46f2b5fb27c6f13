"""Adjudication: an analyst decides each alert (true match or false positive) or escalates it.

A false positive is remembered for the counterparty and the list entry *as it was*
(its ``content_hash``): the monitoring run raises no new alert for that pair until the
entry changes. A true match stays decided for that version too. The reason and the
actor are required and go into the alert's history and the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from entitywatch.errors import InputError
from entitywatch.store.alerts import (
    ESCALATED,
    FALSE_POSITIVE,
    TRUE_MATCH,
    Alert,
    AlertDecision,
    alert_history,
    get_alert,
    record_decision,
)
from entitywatch.store.counterparties import Counterparty, get_counterparty

# The spellings a user types, and the status each one sets.
DECISION_NAMES = {
    "true-match": TRUE_MATCH,
    "true_match": TRUE_MATCH,
    "false-positive": FALSE_POSITIVE,
    "false_positive": FALSE_POSITIVE,
}


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert with its counterparty and decision history, as `alerts show` prints it."""

    alert: Alert
    counterparty: Counterparty
    history: list[AlertDecision]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.alert.to_dict(),
            "counterparty": self.counterparty.to_dict(),
            "details": self.alert.details,
            "history": [d.to_dict() for d in self.history],
        }


def view_alert(engine: Engine, alert_id: int) -> AlertView:
    alert = get_alert(engine, alert_id)
    return AlertView(
        alert, get_counterparty(engine, alert.counterparty_id), alert_history(engine, alert_id)
    )


def decide(
    engine: Engine, alert_id: int, as_: str, reason: str, actor: str | None
) -> AlertDecision:
    """Decide an alert as a true match or a false positive."""
    status = DECISION_NAMES.get(as_.strip().lower())
    if status is None:
        raise InputError(f"--as {as_!r} is not a decision", hint="use true-match or false-positive")
    return record_decision(engine, alert_id, decision=status, reason=reason, actor=actor)


def escalate(engine: Engine, alert_id: int, reason: str, actor: str | None) -> AlertDecision:
    """Hand an alert to a second reviewer; it stays unresolved until decided."""
    return record_decision(engine, alert_id, decision=ESCALATED, reason=reason, actor=actor)
