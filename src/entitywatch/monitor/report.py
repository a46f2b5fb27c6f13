"""A printable HTML screening report for an alert, a counterparty or a recorded screening.

It shows what an auditor asks for: the query (who was screened, with what details), the
snapshots of the lists it was screened against, the candidates with their explanations,
the decision and who made it, and the audit-log entries that record all of it, with the
state of the hash chain when the report was made. Every piece of text is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from entitywatch import __version__
from entitywatch.model import Snapshot
from entitywatch.store import queries
from entitywatch.store.alerts import Alert, AlertDecision, alert_history, get_alert, list_alerts
from entitywatch.store.audit import AuditEntry, Verification, list_entries, verify
from entitywatch.store.counterparties import Counterparty, get_counterparty
from entitywatch.store.screenings import get_screening


@dataclass(slots=True)
class Candidate:
    """One listed party in the report, with its decision state when it is an alert."""

    party_id: str
    name: str
    matched_name: str
    score: float
    decision: str
    listings: list[dict[str, Any]]
    explanation: dict[str, Any]
    alert: Alert | None = None
    history: list[AlertDecision] = field(default_factory=list)


@dataclass(slots=True)
class ScreeningReport:
    title: str
    query: dict[str, Any]
    snapshots: list[Snapshot]
    candidates: list[Candidate]
    decision: str
    audit: list[AuditEntry]
    notes: list[str] = field(default_factory=list)
    chain: Verification | None = None  # the audit chain's state when the report was made


def alert_report(engine: Engine, alert_id: int) -> ScreeningReport:
    """The alert, the other candidates its run raised for the same counterparty, the
    decisions taken, and the audit entries of all of it."""
    alert = get_alert(engine, alert_id)
    counterparty = get_counterparty(engine, alert.counterparty_id)
    siblings = [
        a
        for a in list_alerts(engine, counterparty_id=counterparty.id)
        if a.screening_id == alert.screening_id
    ]
    others = sorted((a for a in siblings if a.id != alert.id), key=lambda a: -a.score)
    ordered = [alert, *others]
    report = _from_alerts(engine, f"Screening report: alert {alert.id}", counterparty, ordered)
    # The counterparty as it was screened (it may have been edited since).
    screened_as = dict(alert.details.get("query", {}))
    if screened_as:
        report.query = {**screened_as, "in register since": report.query["in register since"]}
    report.decision = _decision_text(alert)
    report.chain = verify(engine)
    return report


def counterparty_report(engine: Engine, counterparty_id: int) -> ScreeningReport:
    """Every alert raised for a counterparty, newest first, with their decisions."""
    counterparty = get_counterparty(engine, counterparty_id)
    found = list_alerts(engine, counterparty_id=counterparty_id)
    report = _from_alerts(
        engine, f"Screening report: counterparty {counterparty.external_id}", counterparty, found
    )
    if not found:
        screened = "screened" if not counterparty.needs_full_screening else "not yet screened"
        report.notes.append(f"No alert has been raised for this counterparty ({screened}).")
        report.decision = "no alert"
    else:
        report.decision = "; ".join(f"alert {a.id}: {_decision_text(a)}" for a in found)
    report.chain = verify(engine)
    return report


def screening_report(engine: Engine, screening_id: int) -> ScreeningReport:
    """A recorded screening (e.g. `entitywatch screen`) with the candidates it returned."""
    record = get_screening(engine, screening_id)
    snapshots = [queries.get_snapshot(engine, sid) for sid in record.snapshot_ids]
    candidates = [
        Candidate(
            party_id=str(r.get("party_id", "")),
            name=str(r.get("name", "")),
            matched_name=str(r.get("matched_name", "")),
            score=float(r.get("score", 0.0)),
            decision=str(r.get("decision", "")),
            listings=list(r.get("listings", [])),
            explanation=dict(r.get("explanation", {})),
        )
        for r in record.results or []
    ]
    audit = list_entries(
        engine,
        subjects=[f"screening {screening_id}"] + [f"snapshot {s.id}" for s in snapshots],
    )
    report = ScreeningReport(
        title=f"Screening report: screening {screening_id} ({record.kind})",
        query={**record.query, "screened_at": record.screened_at.isoformat(), "by": record.actor},
        snapshots=snapshots,
        candidates=candidates,
        decision=record.decision,
        audit=audit,
        chain=verify(engine),
    )
    if record.summary:
        report.notes.append("Summary: " + ", ".join(f"{k}: {v}" for k, v in record.summary.items()))
    return report


def _from_alerts(
    engine: Engine, title: str, counterparty: Counterparty, found: list[Alert]
) -> ScreeningReport:
    snapshot_ids = sorted({a.snapshot_id for a in found})
    candidates = [
        Candidate(
            party_id=a.party_id,
            name=a.party_name,
            matched_name=a.matched_name,
            score=a.score,
            decision=a.decision,
            listings=list(a.details.get("listings", [])),
            explanation=dict(a.details.get("explanation", {})),
            alert=a,
            history=alert_history(engine, a.id),
        )
        for a in found
    ]
    subjects = [f"alert {a.id}" for a in found]
    subjects += [f"screening {a.screening_id}" for a in found if a.screening_id is not None]
    subjects += [f"snapshot {sid}" for sid in snapshot_ids]
    query = {
        "external_id": counterparty.external_id,
        "name": counterparty.name,
        "type": counterparty.schema,
        "country": counterparty.country,
        "identifiers": ", ".join(counterparty.identifiers) or None,
        "birth_date": counterparty.birth_date,
        "in register since": counterparty.added_at.isoformat(timespec="seconds"),
    }
    return ScreeningReport(
        title=title,
        query=query,
        snapshots=[queries.get_snapshot(engine, sid) for sid in snapshot_ids],
        candidates=candidates,
        decision="",
        audit=list_entries(engine, subjects=sorted(set(subjects))),
    )


def _decision_text(alert: Alert) -> str:
    return {
        "open": "open, awaiting a decision",
        "escalated": "escalated, awaiting a second review",
        "true_match": "decided: true match",
        "false_positive": "decided: false positive",
    }.get(alert.status, alert.status)


# --- rendering ---------------------------------------------------------------------

_STYLE = """
body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
h1 { font-size: 16pt; margin-bottom: 0.2em; } h2 { font-size: 13pt; margin-top: 1.6em;
border-bottom: 1px solid #999; } h3 { font-size: 11.5pt; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.4em 0; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } .meta { color: #555; } .decision { font-weight: bold; }
.mono { font-family: ui-monospace, monospace; font-size: 9pt; word-break: break-all; }
.candidate { page-break-inside: avoid; margin-bottom: 1.2em; }
@media print { body { margin: 0.5cm; } a { color: inherit; text-decoration: none; } }
"""


def render_html(report: ScreeningReport) -> str:
    """The report as one self-contained HTML page (no scripts, no external files)."""
    e = html.escape
    verification = _verification_line(report.chain)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(report.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
        f'<p class="meta">Generated {e(_now())} by entitywatch {e(__version__)}.</p>',
        f'<p class="decision">Decision: {e(report.decision or "-")}</p>',
        "<h2>Query</h2>",
        _key_values(report.query),
        "<h2>List snapshots screened against</h2>",
        _table(
            ["snapshot", "source", "format", "file", "loaded at", "sha256", "status"],
            [
                [
                    str(s.id),
                    s.source,
                    s.format,
                    s.file_name or "",
                    s.loaded_at.isoformat(timespec="seconds"),
                    s.sha256,
                    s.status,
                ]
                for s in report.snapshots
            ],
            mono_columns={5},
        )
        if report.snapshots
        else "<p>None recorded.</p>",
        f"<h2>Candidates ({len(report.candidates)})</h2>",
    ]
    if not report.candidates:
        parts.append("<p>No listed party reached the review threshold.</p>")
    for candidate in report.candidates:
        parts.append(_candidate(candidate))
    for note in report.notes:
        parts.append(f"<p>{e(note)}</p>")
    parts += [
        f"<h2>Audit log entries ({len(report.audit)})</h2>",
        f"<p>{e(verification)}</p>",
        _table(
            ["seq", "at", "actor", "action", "subject", "hash"],
            [
                [str(a.seq), a.at, a.actor, a.action, a.subject, a.hash]
                for a in sorted(report.audit, key=lambda a: a.seq)
            ],
            mono_columns={5},
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _verification_line(result: Verification | None) -> str:
    if result is None:
        return "The audit chain was not verified for this report."
    if result.ok:
        return (
            f"Audit chain verified when this report was made: {result.checked:,} entries, "
            f"head {result.head_seq} with hash {result.head_hash}."
        )
    return f"AUDIT CHAIN BROKEN at entry {result.broken_seq}: {result.problem}."


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _candidate(candidate: Candidate) -> str:
    e = html.escape
    heading = f"{candidate.name} ({candidate.party_id})"
    parts = ['<div class="candidate">', f"<h3>{e(heading)}</h3>"]
    facts: dict[str, Any] = {
        "matched name": candidate.matched_name,
        "score": f"{candidate.score:.4f}",
        "decision of the matcher": candidate.decision,
    }
    if candidate.alert is not None:
        alert = candidate.alert
        facts.update(
            {
                "alert": alert.id,
                "status": alert.status,
                "raised": f"{alert.created_at.isoformat(timespec='seconds')} ({alert.reason})",
                "list entry version": alert.content_hash,
            }
        )
    parts.append(_key_values(facts))
    if candidate.listings:
        parts.append(
            _table(
                [
                    "list",
                    "authority",
                    "start",
                    "end",
                    "Federal Register",
                    "licence requirement",
                    "licence policy",
                ],
                [
                    [
                        str(x.get("list") or ""),
                        str(x.get("authority") or ""),
                        str(x.get("start_date") or ""),
                        str(x.get("end_date") or ""),
                        "; ".join(str(c) for c in x.get("federal_register") or []),
                        str(x.get("license_requirement") or ""),
                        str(x.get("license_policy") or ""),
                    ]
                    for x in candidate.listings
                ],
            )
        )
    if candidate.explanation:
        parts.append("<p><b>Why the matcher proposed it</b></p>")
        parts.append(_value(candidate.explanation))
    if candidate.history:
        parts.append("<p><b>Decisions</b></p>")
        parts.append(
            _table(
                ["decided at", "decision", "by", "reason"],
                [
                    [d.decided_at.isoformat(timespec="seconds"), d.decision, d.actor, d.reason]
                    for d in candidate.history
                ],
            )
        )
    elif candidate.alert is not None:
        parts.append("<p>No decision has been taken yet.</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _key_values(values: dict[str, Any]) -> str:
    rows = [
        [str(k).replace("_", " "), _text(v)]
        for k, v in values.items()
        if v not in (None, "", [], {})
    ]
    return _table(["", ""], rows, header=False)


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _table(
    headers: list[str],
    rows: Iterable[list[str]],
    *,
    header: bool = True,
    mono_columns: set[int] | None = None,
) -> str:
    e = html.escape
    mono = mono_columns or set()
    out = ["<table>"]
    if header:
        out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in headers) + "</tr>")
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            css = ' class="mono"' if i in mono else ""
            cells.append(f"<td{css}>{e(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _value(value: Any) -> str:
    """Any JSON value as HTML: objects as key/value tables, lists of objects as tables."""
    e = html.escape
    if isinstance(value, dict):
        rows = []
        for key, item in value.items():
            rows.append(f"<tr><th>{e(str(key))}</th><td>{_value(item)}</td></tr>")
        return "<table>" + "".join(rows) + "</table>"
    if isinstance(value, list):
        if not value:
            return "-"
        if all(isinstance(v, dict) for v in value):
            keys: list[str] = []
            for item in value:
                keys.extend(k for k in item if k not in keys)
            body = "".join(
                "<tr>" + "".join(f"<td>{_value(item.get(k, ''))}</td>" for k in keys) + "</tr>"
                for item in value
            )
            head = "<tr>" + "".join(f"<th>{e(k)}</th>" for k in keys) + "</tr>"
            return f"<table>{head}{body}</table>"
        return e(", ".join(str(v) for v in value))
    if value is None:
        return "-"
    return e(str(value))
