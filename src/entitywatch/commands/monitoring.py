"""Commands of counterparty monitoring: `parties`, `alerts`, `audit` and `report`.

The register is re-screened after every list load (``rescreen_after_load``, called by
`load` and `update`), after a register import, and on `parties rescreen`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from entitywatch.cli_support import console, engine, errors, handled, print_json

parties_app = typer.Typer(help="The counterparty register that is monitored.", no_args_is_help=True)
alerts_app = typer.Typer(
    help="Potential matches of counterparties, and their adjudication.", no_args_is_help=True
)
audit_app = typer.Typer(
    help="The append-only, hash-chained audit log of screenings and decisions.",
    no_args_is_help=True,
)

ActorOption = Annotated[
    str | None,
    typer.Option(help="Who decides (default: $ENTITYWATCH_ACTOR, else the OS user)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""
    app.add_typer(parties_app, name="parties")
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(audit_app, name="audit")
    app.command(name="report")(report)


def rescreen_after_load(store: Engine) -> None:
    """Re-screen the register after a list load; one line on stderr when it did anything.

    Stdout is left alone, so that `load --json` output stays one JSON document.
    """
    from entitywatch.monitor import after_load
    from entitywatch.store import data_home

    run = after_load(store, data_home())
    if run is not None and run.screening_id is not None:
        errors.print(run.describe(), markup=False, highlight=False, soft_wrap=True)


# --- parties ---------------------------------------------------------------------------


@parties_app.command(name="import")
def parties_import(
    path: Annotated[Path, typer.Argument(help="Register file (CSV, UTF-8, header line).")],
    id_column: Annotated[str | None, typer.Option(help="Column of the external id.")] = None,
    name_column: Annotated[str | None, typer.Option(help="Column of the name.")] = None,
    country_column: Annotated[str | None, typer.Option(help="Column of the country.")] = None,
    type_column: Annotated[
        str | None, typer.Option(help="Column of the type (company, person...).")
    ] = None,
    identifier_column: Annotated[
        str | None, typer.Option(help="Column of identifiers (several: separate with ;).")
    ] = None,
    birth_date_column: Annotated[
        str | None, typer.Option(help="Column of the birth date (YYYY[-MM[-DD]]).")
    ] = None,
    deactivate_missing: Annotated[
        bool,
        typer.Option(
            "--deactivate-missing",
            help="The file is the whole register: stop monitoring records absent from it.",
        ),
    ] = False,
    screen: Annotated[
        bool, typer.Option("--screen/--no-screen", help="Screen new and edited records now.")
    ] = True,
    actor: ActorOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add or update counterparties from a CSV file (matched by external id)."""
    from entitywatch.monitor.register import ColumnChoice, import_register
    from entitywatch.store import data_home

    choice = ColumnChoice(
        external_id=id_column,
        name=name_column,
        country=country_column,
        type=type_column,
        identifier=identifier_column,
        birth_date=birth_date_column,
    )
    with handled():
        outcome = import_register(
            engine(),
            data_home(),
            path,
            choice,
            deactivate_missing=deactivate_missing,
            screen=screen,
            actor=actor,
        )
    if as_json:
        print_json(outcome.to_dict())
        return
    counts = outcome.imported
    console.print(
        f"{path.name}: {len(counts.added):,} added, {len(counts.updated):,} updated, "
        f"{counts.unchanged:,} unchanged, {len(counts.deactivated):,} deactivated",
        markup=False,
        highlight=False,
    )
    if outcome.run is not None:
        console.print(outcome.run.describe(), markup=False, highlight=False, soft_wrap=True)
    elif outcome.note:
        console.print(outcome.note, markup=False, highlight=False)


@parties_app.command(name="list")
def parties_list(
    include_inactive: Annotated[
        bool, typer.Option("--all", help="Include deactivated records.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="Show at most N records.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The counterparty register."""
    from entitywatch.store.counterparties import list_counterparties

    with handled():
        records = list_counterparties(engine(), include_inactive=include_inactive, limit=limit)
    if as_json:
        print_json({"counterparties": [c.to_dict() for c in records]})
        return
    table = Table("id", "external id", "name", "type", "country", "identifiers", "screened")
    for c in records:
        table.add_row(
            str(c.id),
            c.external_id,
            c.name,
            c.schema,
            c.country or "",
            ", ".join(c.identifiers),
            "no" if c.needs_full_screening else "yes",
        )
    console.print(table)
    console.print(f"{len(records):,} counterparties", highlight=False)


@parties_app.command(name="rescreen")
def parties_rescreen(
    full: Annotated[
        bool, typer.Option("--full", help="Screen every counterparty against every entry.")
    ] = False,
    actor: ActorOption = None,
    as_json: JsonOption = False,
) -> None:
    """Screen what changed since the last run (or everything with --full) now."""
    from entitywatch.monitor import rescreen
    from entitywatch.store import data_home

    with handled():
        run = rescreen(engine(), data_home(), trigger="manual", full=full, actor=actor)
    if as_json:
        print_json(run.to_dict())
    else:
        console.print(run.describe(), markup=False, highlight=False, soft_wrap=True)


# --- alerts ----------------------------------------------------------------------------


@alerts_app.command(name="list")
def alerts_list(
    status: Annotated[
        str | None,
        typer.Option(help="open, true-match, false-positive or escalated."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most N alerts.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Alerts, newest first."""
    from entitywatch.store.alerts import list_alerts
    from entitywatch.store.counterparties import list_counterparties

    with handled():
        store = engine()
        wanted = status.strip().lower().replace("-", "_") if status else None
        found = list_alerts(store, status=wanted, limit=limit)
        names = {c.id: c for c in list_counterparties(store, include_inactive=True)}
    if as_json:
        print_json(
            {
                "alerts": [
                    {**a.to_dict(), "counterparty": names[a.counterparty_id].to_dict()}
                    for a in found
                ]
            }
        )
        return
    table = Table("alert", "status", "decision", "score", "counterparty", "listed party", "lists")
    for a in found:
        counterparty = names[a.counterparty_id]
        lists = sorted({str(x.get("list")) for x in a.details.get("listings", [])})
        table.add_row(
            str(a.id),
            a.status,
            a.decision,
            f"{a.score:.3f}",
            f"{counterparty.name} ({counterparty.external_id})",
            a.party_name,
            ", ".join(lists),
        )
    console.print(table)
    console.print(f"{len(found):,} alerts", highlight=False)


@alerts_app.command(name="show")
def alerts_show(
    alert_id: Annotated[int, typer.Argument(help="Alert id (see `alerts list`).")],
    as_json: JsonOption = False,
) -> None:
    """One alert: the counterparty, the listed party, why they matched, the decisions."""
    from entitywatch.monitor.alerts import view_alert

    with handled():
        view = view_alert(engine(), alert_id)
    if as_json:
        print_json(view.to_dict())
        return
    alert, counterparty = view.alert, view.counterparty
    lines = [
        f"alert {alert.id}: {alert.status} ({alert.decision}, score {alert.score:.3f}, "
        f"raised {alert.created_at:%Y-%m-%d %H:%M} for a {alert.reason.replace('_', ' ')})",
        f"counterparty {counterparty.id} [{counterparty.external_id}]: {counterparty.name}"
        + (f", {counterparty.country}" if counterparty.country else ""),
        f"listed party {alert.party_id}: {alert.party_name}",
        f"matched name: {alert.matched_name}",
        f"snapshot {alert.snapshot_id} ({alert.source}); entry version {alert.content_hash[:12]}",
    ]
    for listing in alert.details.get("listings", []):
        lines.append(
            f"  {listing.get('list')} since {listing.get('start_date') or '?'}: "
            f"{listing.get('license_requirement') or ''}".rstrip(": ")
        )
    for decision in view.history:
        lines.append(
            f"{decision.decided_at:%Y-%m-%d %H:%M} {decision.actor}: {decision.decision} "
            f"({decision.reason})"
        )
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@alerts_app.command(name="decide")
def alerts_decide(
    alert_id: Annotated[int, typer.Argument(help="Alert id.")],
    as_: Annotated[str, typer.Option("--as", help="true-match or false-positive.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    actor: ActorOption = None,
    as_json: JsonOption = False,
) -> None:
    """Decide an alert. A false positive is not raised again until the list entry changes."""
    from entitywatch.monitor.alerts import decide

    with handled():
        decision = decide(engine(), alert_id, as_, reason, actor)
    if as_json:
        print_json(decision.to_dict())
    else:
        console.print(
            f"alert {alert_id}: {decision.decision} by {decision.actor}",
            markup=False,
            highlight=False,
        )


@alerts_app.command(name="escalate")
def alerts_escalate(
    alert_id: Annotated[int, typer.Argument(help="Alert id.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    actor: ActorOption = None,
    as_json: JsonOption = False,
) -> None:
    """Escalate an alert to a second reviewer."""
    from entitywatch.monitor.alerts import escalate

    with handled():
        decision = escalate(engine(), alert_id, reason, actor)
    if as_json:
        print_json(decision.to_dict())
    else:
        console.print(
            f"alert {alert_id}: escalated by {decision.actor}", markup=False, highlight=False
        )


# --- audit -----------------------------------------------------------------------------


@audit_app.command(name="verify")
def audit_verify(as_json: JsonOption = False) -> None:
    """Recompute the hash chain. Exit 0 when intact, 1 with the first broken entry."""
    from entitywatch.store.audit import verify

    with handled():
        result = verify(engine())
    if as_json:
        print_json(result.to_dict())
    elif result.ok:
        console.print(
            f"ok: {result.checked:,} entries, chain intact; head {result.head_seq} "
            f"hash {result.head_hash}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    else:
        errors.print(
            f"audit log broken at entry {result.broken_seq}: {result.problem}",
            markup=False,
            highlight=False,
        )
    if not result.ok:
        raise SystemExit(1)


@audit_app.command(name="export")
def audit_export(
    out: Annotated[Path, typer.Option(help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "json",
) -> None:
    """Write the whole log for an auditor (JSON carries the hash rule and verification)."""
    from entitywatch.store.audit import export_entries

    with handled():
        count = export_entries(engine(), out, fmt.strip().lower())
    errors.print(f"wrote {count:,} audit entries to {out}", markup=False, highlight=False)


@audit_app.command(name="list")
def audit_list(
    limit: Annotated[int, typer.Option(help="Show the newest N entries.")] = 20,
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. alert.decide.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The newest audit entries."""
    from entitywatch.store.audit import list_entries

    with handled():
        entries = list_entries(engine(), limit=limit, action=action)
    if as_json:
        print_json({"entries": [e.to_dict() for e in entries]})
        return
    table = Table("seq", "at", "actor", "action", "subject", "hash")
    for entry in entries:
        table.add_row(
            str(entry.seq),
            entry.at[:19].replace("T", " "),
            entry.actor,
            entry.action,
            entry.subject,
            entry.hash[:12],
        )
    console.print(table)


# --- report ----------------------------------------------------------------------------


def report(
    alert_id: Annotated[int | None, typer.Argument(help="Alert id.")] = None,
    out: Annotated[Path, typer.Option(help="HTML file to write.")] = Path("report.html"),
    counterparty: Annotated[
        int | None, typer.Option(help="Report on a counterparty (id) instead of one alert.")
    ] = None,
    screening: Annotated[
        int | None, typer.Option(help="Report on a recorded screening (id) instead.")
    ] = None,
) -> None:
    """Write a printable HTML screening report for an alert, a counterparty or a screening."""
    from entitywatch.errors import InputError
    from entitywatch.monitor import report as reports

    with handled():
        chosen = [x for x in (alert_id, counterparty, screening) if x is not None]
        if len(chosen) != 1:
            raise InputError(
                "name one alert id, or --counterparty ID, or --screening ID",
                hint="e.g. `entitywatch report 12 --out alert-12.html`",
            )
        store = engine()
        if alert_id is not None:
            document = reports.alert_report(store, alert_id)
        elif counterparty is not None:
            document = reports.counterparty_report(store, counterparty)
        else:
            assert screening is not None
            document = reports.screening_report(store, screening)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(reports.render_html(document), encoding="utf-8")
    errors.print(f"wrote {out}", markup=False, highlight=False)
