"""`entitywatch exposure` and `entitywatch ownership`: what the lists mean for a party.

The commands read the options, screen through ``ListLookup`` and hand what was found to
``entitywatch.rules.exposure`` and ``entitywatch.rules.ownership``; the rules live there.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from entitywatch.cli_support import console, engine, handled, parse_day, print_json
from entitywatch.errors import InputError

_STATUS_COLOURS = {
    "listed": "bold red",
    "reached_through_owner": "bold red",
    "reached_through_affiliate": "bold red",
    "possible": "bold yellow",
    "related": "yellow",
    "formerly_listed": "cyan",
    "not_listed": "green",
    "not_screened": "dim",
}
_SCALES = ("auto", "percent", "fraction")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""

    @app.command("exposure")
    def exposure(
        name: Annotated[str, typer.Argument(help="Name of the party.")],
        country: Annotated[
            str | None, typer.Option("--country", help="Country of the party (ISO-2).")
        ] = None,
        ownership: Annotated[
            Path | None,
            typer.Option(
                "--ownership",
                help="CSV of ownership links (owner, owned, share) that includes the party.",
            ),
        ] = None,
        share_scale: Annotated[
            str, typer.Option("--share-scale", help="Shares in the file: auto, percent, fraction.")
        ] = "auto",
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Judge the measures as of this date.")
        ] = None,
        limit: Annotated[int, typer.Option(help="Most screening results to consider.")] = 25,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Exposure across regimes: export, financial, investment, import, procurement and
        China's counter-measures, with dates, citations and the chain that reaches the
        party."""
        from entitywatch.rules.exposure import ExposureQuery, assess_exposure
        from entitywatch.rules.ownership import ListLookup, read_links_csv
        from entitywatch.store import data_home

        with handled():
            if not name.strip():
                raise InputError("the name is empty", hint="give the name of the party")
            if limit < 1:
                raise InputError(f"--limit {limit} must be at least 1")
            day = parse_day(as_of, "--as-of")
            scale = _scale(share_scale)
            links = read_links_csv(ownership, scale) if ownership is not None else None
            store = engine()
            lookup = ListLookup(store, data_home(), as_of=day, limit=limit)
            report = assess_exposure(
                lookup, ExposureQuery(name, country, day), ownership_file=links
            )
            document = report.to_dict()
            _record_exposure(store, document)
        if as_json:
            print_json(document)
        else:
            _print_exposure(document)

    @app.command("ownership")
    def ownership_command(
        links_file: Annotated[
            Path, typer.Argument(help="CSV of ownership links: owner, owned, share.")
        ],
        share_scale: Annotated[
            str, typer.Option("--share-scale", help="Shares in the file: auto, percent, fraction.")
        ] = "auto",
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Use the listings in effect on this date.")
        ] = None,
        list_relations: Annotated[
            bool,
            typer.Option(
                "--list-relations/--no-list-relations",
                help="Add the ownership relations the lists state for the matched names.",
            ),
        ] = True,
        fail_on_flag: Annotated[
            bool, typer.Option("--fail-on-flag", help="Exit 1 when an entity is flagged.")
        ] = False,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """The 50 percent rules (OFAC, BIS) over a file of ownership links: every entity
        owned 50% or more by listed parties, with the chain."""
        from entitywatch.cli_support import progress
        from entitywatch.rules.ownership import ListLookup, build_ownership_report, read_links_csv
        from entitywatch.store import data_home

        with handled():
            day = parse_day(as_of, "--as-of")
            links = read_links_csv(links_file, _scale(share_scale))
            store = engine()
            lookup = ListLookup(store, data_home(), as_of=day)
            lookup.snapshots()  # fail closed (exit 3) before screening any name
            names = len(links.names())
            with progress() as bar:
                task = bar.add_task("screening names", total=names)
                report = build_ownership_report(
                    links,
                    lookup,
                    as_of=day or dt.date.today(),
                    include_list_relations=list_relations,
                    progress=lambda n: bar.advance(task, n),
                )
            document = report.to_dict()
            _record_ownership(store, document)
        if as_json:
            print_json(document)
        else:
            _print_ownership(document)
        if fail_on_flag and document["flags"]:
            raise SystemExit(1)


def _scale(value: str) -> Any:
    from entitywatch.rules.ownership import ShareScale

    if value.lower() not in _SCALES:
        raise InputError(
            f"--share-scale {value!r} is unknown", hint="use auto, percent or fraction"
        )
    return ShareScale(value.lower())


def _record_exposure(store: Any, document: dict[str, Any]) -> None:
    """The exposure report goes on record with the snapshots it answered from."""
    from entitywatch.store.screenings import record_screening

    record_screening(
        store,
        kind="exposure",
        query=document["query"],
        snapshot_ids=document["snapshot"]["ids"],
        decision=document["decision"],
        results=document["screening"]["results"],
        summary={
            "status": document["status"],
            "regimes": {r["regime"]: r["status"] for r in document["regimes"]},
            "listed_affiliates": len(document["listed_affiliates"]),
        },
    )


def _record_ownership(store: Any, document: dict[str, Any]) -> None:
    from entitywatch.store.audit import record

    record(
        store,
        action="ownership.report",
        subject=f"file {Path(document['file']).name}",
        payload={
            "file": document["file"],
            "snapshot_ids": document["snapshot"]["ids"],
            "links": document["links"],
            "flags": [
                {"entity": f["entity"], "family": f["family"], "share": f["aggregate_share"]}
                for f in document["flags"]
            ],
            "undetermined": [u["entity"] for u in document["undetermined"]],
        },
    )


# --- text output ------------------------------------------------------------------------


def _print_exposure(document: dict[str, Any]) -> None:
    status = document["status"]
    colour = _STATUS_COLOURS[status]
    console.print(
        f"[{colour}]{status.upper().replace('_', ' ')}[/{colour}]  {document['query']['name']}"
        f"  (screening decision {document['decision']}; judged on {document['judged_on']}; "
        f"lists: {', '.join(document['snapshot']['sources'])})",
        highlight=False,
    )
    for regime in document["regimes"]:
        if regime["regime"] == "other" and regime["status"] == "not_screened":
            continue
        colour = _STATUS_COLOURS[regime["status"]]
        console.print(
            f"\n[bold]{regime['title']}[/bold]: [{colour}]{regime['summary']}[/{colour}]",
            highlight=False,
        )
        for measure in regime["measures"]:
            _print_measure(measure)
        for possible in regime["possible"]:
            console.print(
                f"  possible: {possible['name']} ({', '.join(possible['lists'])})"
                + (f", score {possible['score']:.2f}" if possible["score"] is not None else "")
                + f" - {possible['reason']}",
                markup=False,
                highlight=False,
            )
    affiliates = document["listed_affiliates"]
    if affiliates:
        console.print(f"\n[bold]Listed affiliates and subsidiaries[/bold] ({len(affiliates)})")
        for affiliate in affiliates:
            console.print(f"  - {affiliate['chain']}", markup=False, highlight=False)
    ownership = document.get("ownership")
    if ownership:
        console.print(f"\n[bold]Ownership[/bold] ({ownership['file']})")
        if not ownership["flags"] and not ownership["undetermined"]:
            console.print("  no 50 percent rule reaches this party through its owners")
        for flag in ownership["flags"]:
            console.print(f"  {flag['rule']}: {flag['explanation']}", markup=False)
        for item in ownership["undetermined"]:
            console.print(f"  undetermined: {item['explanation']}", markup=False)


def _print_measure(measure: dict[str, Any]) -> None:
    since = f" since {measure['start_date']}" if measure["start_date"] else ""
    cited = "; ".join(measure["federal_register"])
    head = f"  - {measure['list']} ({measure['status'].replace('_', ' ')})"
    head += f": {measure['party_name']}{since}"
    if cited:
        head += f"  [{cited}]"
    if not measure["in_effect"]:
        head += f"  (ended {measure['end_date']})"
    console.print(head, markup=False, highlight=False)
    console.print(f"      {measure['consequence']}", markup=False, highlight=False)
    if measure.get("investment_status"):
        console.print(f"      {measure['investment_status']}", markup=False, highlight=False)
    if measure["legal_authority"]:
        console.print(
            f"      authority: {'; '.join(measure['legal_authority'])}",
            markup=False,
            highlight=False,
        )
    for step in measure["chain"]:
        console.print(f"      chain: {step}", markup=False, highlight=False)
    if measure["note"] and measure["via"] != "self":
        console.print(f"      note: {measure['note']}", markup=False, highlight=False)


def _print_ownership(document: dict[str, Any]) -> None:
    flags = document["flags"]
    colour = "bold red" if flags else "bold green"
    console.print(
        f"[{colour}]{len(flags)} flagged[/{colour}]  {document['file']}  "
        f"({document['links']} links, {document['entities']} entities, shares read as "
        f"{document['share_scale']}; lists: {', '.join(document['snapshot']['sources'])})",
        highlight=False,
    )
    for flag in flags:
        console.print(
            f"\n[bold]{flag['entity']}[/bold]: {flag['rule']}, "
            f"{flag['aggregate_share']:g}% in aggregate "
            f"(look-through {flag['look_through_share']:g}%)",
            highlight=False,
        )
        for step in flag["chain"]:
            console.print(f"  {step}", markup=False, highlight=False)
    if document["undetermined"]:
        console.print("\n[bold yellow]Undetermined[/bold yellow]")
        for item in document["undetermined"]:
            console.print(f"  {item['explanation']}", markup=False, highlight=False)
    if document["possible_matches"]:
        console.print("\n[bold yellow]Possible matches (review, not counted)[/bold yellow]")
        for item in document["possible_matches"]:
            console.print(
                f"  {item['entity']} ~ {item['name']} ({', '.join(item['lists'])}), "
                f"score {item['score']:.2f}",
                markup=False,
                highlight=False,
            )
