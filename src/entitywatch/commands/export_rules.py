"""`entitywatch check-export`: the export licence determination for one party and one item.

The command only reads the options, screens the party against every active list and hands
the matches to ``entitywatch.rules.export.determine``; the rules live there.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from entitywatch.cli_support import console, engine, handled, parse_day, print_json, schema_name
from entitywatch.errors import InputError

if TYPE_CHECKING:
    from entitywatch.rules.export import Destination

_COLOURS = {
    "prohibited": "bold red",
    "license_required": "bold red",
    "review": "bold yellow",
    "no_license_required": "bold green",
}


def register(app: typer.Typer) -> None:
    """Add this module's commands to the CLI."""

    @app.command("check-export")
    def check_export(
        party: Annotated[str, typer.Option("--party", help="Name of the party (consignee).")],
        item: Annotated[str, typer.Option("--item", help="ECCN (e.g. 1A004.c, 5A992.c) or EAR99.")],
        country: Annotated[
            str | None, typer.Option("--country", help="Destination country (ISO-2).")
        ] = None,
        region: Annotated[
            list[str] | None,
            typer.Option("--region", help="Embargoed region: crimea, donetsk or luhansk."),
        ] = None,
        party_type: Annotated[
            str | None,
            typer.Option("--type", help="Person, Company, Organization, Vessel, Aircraft."),
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Use the lists as of this date.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Export licence determination: prohibited, licence required, review or none."""
        from entitywatch.rules.eccn import parse_item
        from entitywatch.rules.export import MatchedParty, determine
        from entitywatch.screening import ScreeningRequest, screen
        from entitywatch.store import data_home

        with handled():
            # Bad input is refused before anything is screened (exit 2 before exit 3).
            export_item = parse_item(item, option="--item")
            destination = _destination(country, region or [])
            day = parse_day(as_of, "--as-of")
            if not party.strip():
                raise InputError("--party is empty", hint="give the name of the party")
            request = ScreeningRequest(
                name=party,
                country=destination.country,
                schema=schema_name(party_type),
                as_of=day,
            )
            store = engine()
            result = screen(store, data_home(), request)
            matches = [
                MatchedParty(found, decision, match.score, match.matched_name)
                for match, found, decision in result.matches
            ]
            determination = determine(
                party, matches, export_item, destination, result.snapshots, day or dt.date.today()
            )
            document: dict[str, Any] = {"query": {"party": party, "item": item}}
            document.update(determination.to_dict())
            document["screening"] = result.to_dict()
            _record_determination(store, document, [s.id for s in result.snapshots])
        if as_json:
            print_json(document)
        else:
            _print_determination(document)


def _record_determination(store: Any, document: dict[str, Any], snapshot_ids: list[int]) -> None:
    """Every determination goes on record (and into the audit log) with its snapshots."""
    from entitywatch.store.screenings import record_screening

    record_screening(
        store,
        kind="export",
        query={**document["query"], "destination": document.get("destination")},
        snapshot_ids=snapshot_ids,
        decision=document["screening"]["decision"],
        results=document["screening"]["results"],
        summary={
            "determination": document["determination"],
            "review_policy": document["review_policy"],
            "citations": document["citations"],
        },
    )


def _destination(country: str | None, regions: list[str]) -> Destination:
    """The destination from --country and --region; a region given as --country is a region."""
    from entitywatch.rules.embargoes import parse_region
    from entitywatch.rules.export import Destination
    from entitywatch.sources.countries import to_iso2

    keys = [parse_region(region) for region in regions]
    code = None
    if country is not None and country.strip():
        try:  # "--country crimea": a covered region of Ukraine, not just Ukraine
            keys.append(parse_region(country, option="--country"))
            code = "UA"
        except InputError:
            code = to_iso2(country)
        if code is None:
            raise InputError(
                f"--country {country!r} is not a country",
                hint="use an ISO 3166 code such as CN, or --region crimea|donetsk|luhansk",
            )
    return Destination(country=code, regions=tuple(dict.fromkeys(keys)))


def _print_determination(document: dict[str, Any]) -> None:
    outcome = document["determination"]
    colour = _COLOURS[outcome]
    where = document["destination"]["country"] or "destination not given"
    if document["destination"]["regions"]:
        where += " / " + ", ".join(document["destination"]["regions"])
    console.print(
        f"[{colour}]{outcome.upper().replace('_', ' ')}[/{colour}]  "
        f"{document['query']['party']}  ->  {document['item']}  ({where})",
        highlight=False,
    )
    console.print(f"review policy: {document['review_policy_text']}", highlight=False)
    console.print("reasons:")
    for reason in document["reasons"]:
        console.print(f"  - {reason}", markup=False, highlight=False)
    if document["license_exceptions"]:
        console.print("licence exceptions:")
        for line in document["license_exceptions"]:
            console.print(f"  - {line}", markup=False, highlight=False)
    for candidate in document["possible_matches"]:
        console.print(
            f"to resolve: possible match {candidate['name']} [{candidate['party_id']}] "
            f"(score {candidate['score']:.2f}); if confirmed: {candidate['if_confirmed']}",
            markup=False,
            highlight=False,
        )
    citations = "; ".join(document["citations"]) or "none"
    console.print(f"citations: {citations}", markup=False, highlight=False)
