"""Command line: a thin face over the use cases (see ../shared/DESIGN.md for the contract).

Exit codes: 0 success; 2 bad input (one line on stderr); 3 no usable list data;
4 a download failed (nothing changed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from sqlalchemy import Engine

from entitywatch import __version__
from entitywatch.cli_support import console, errors, parse_list_codes
from entitywatch.cli_support import engine as _engine
from entitywatch.cli_support import fail as _fail
from entitywatch.cli_support import handled as _handled
from entitywatch.cli_support import parse_day as _parse_day
from entitywatch.cli_support import print_json as _print_json
from entitywatch.cli_support import progress as _progress
from entitywatch.cli_support import schema_name as _schema_name
from entitywatch.errors import EntitywatchError, InputError, NoListDataError
from entitywatch.model import ParsedList, Party, Snapshot
from entitywatch.store import queries

app = typer.Typer(
    name="entitywatch",
    help="Export-control and sanctions lists with their history, and screening against them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    try:
        try:
            app()
        except EntitywatchError as exc:
            _fail(exc)
    except SystemExit as leaving:
        _exit(leaving)


def _has_child_processes() -> bool:
    if "multiprocessing" not in sys.modules:
        return False
    import multiprocessing

    return bool(multiprocessing.active_children())


def _exit(leaving: SystemExit) -> NoReturn:
    """Exit; when a matcher index is loaded, without tearing the heap down object by
    object, which takes longer (1-2 s) than the screening itself did."""
    if "entitywatch.matching.index" not in sys.modules or _has_child_processes():
        raise leaving  # worker processes are shut down by the normal exit
    code = leaving.code
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _all_formats() -> list[Any]:
    # Imported when used: the parsers are not needed by read commands, which should
    # start fast.
    from entitywatch.sources import all_formats

    return all_formats()


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


@app.command()
def formats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the file formats that `load` reads."""
    rows = [
        {"format": f.name, "source": f.source, "title": f.title, "official_url": f.official_url}
        for f in _all_formats()
    ]
    if as_json:
        _print_json({"formats": rows})
        return
    table = Table("format", "source", "title")
    for row in rows:
        table.add_row(row["format"], row["source"], row["title"])
    console.print(table)


@app.command()
def load(
    path: Annotated[Path, typer.Argument(help="List file (or a directory for OFAC's CSV set).")],
    format_name: Annotated[
        str | None, typer.Option("--format", help="Format name (see `formats`); default: detect.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source key to file the snapshot under (own lists).")
    ] = None,
    accept_shrink: Annotated[
        bool,
        typer.Option("--accept-shrink", help="Activate a load that shrinks a list by >10%."),
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(help="Column mapping (TOML or JSON) for your own list in CSV."),
    ] = None,
    list_code: Annotated[
        str | None, typer.Option(help="List code for your own list (default CUSTOM).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import a list file as a new snapshot (format auto-detected)."""
    with _handled():
        engine = _engine()
        with _progress() as progress:
            task = progress.add_task(f"reading {path.name}", total=None)

            def parsed(result: ParsedList) -> None:
                progress.update(task, description=f"storing {path.name}", total=len(result.parties))

            def advance(count: int) -> None:
                progress.advance(task, count)

            from entitywatch.loading import load_list_file

            outcome = load_list_file(
                engine,
                path,
                format_name=format_name,
                source=source,
                accept_shrink=accept_shrink,
                progress=advance,
                on_parsed=parsed,
                mapping=mapping,
                list_code=list_code,
            )
    snapshot = outcome.snapshot
    if as_json:
        _print_json(
            {
                "snapshot": _snapshot_json(snapshot),
                "created": outcome.created,
                "activated": outcome.activated,
                "message": outcome.message,
            }
        )
    else:
        counts = ", ".join(f"{code} {n:,}" for code, n in snapshot.listings.items())
        console.print(
            f"{outcome.message}\n{snapshot.source}: {snapshot.parties:,} parties, "
            f"{snapshot.listing_total:,} listings ({counts})",
            highlight=False,
        )
        if snapshot.issues:
            console.print(
                f"{snapshot.issues:,} source defects flagged (see `entitywatch show ID`)",
                highlight=False,
            )
    from entitywatch.commands.monitoring import rescreen_after_load

    with _handled():
        rescreen_after_load(engine)  # the counterparty register, against what changed
    if snapshot.status == "held":
        raise SystemExit(1)


def _snapshot_json(
    snapshot: Snapshot, as_of_counts: dict[str, int] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": snapshot.id,
        "source": snapshot.source,
        "format": snapshot.format,
        "loaded_at": snapshot.loaded_at.isoformat(),
        "sha256": snapshot.sha256,
        "active": snapshot.active,
        "status": snapshot.status,
        "file_name": snapshot.file_name,
        "parties": snapshot.parties,
        "listings": snapshot.listings if as_of_counts is None else as_of_counts,
        "issues": snapshot.issues,
    }
    if as_of_counts is not None:
        data["listings_all"] = snapshot.listings
    return data


@app.command(name="lists")
def lists_command(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Count only listings in effect on this date (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Show the loaded snapshots, oldest first; `active` marks the ones screening uses."""
    with _handled():
        day = _parse_day(as_of, "--as-of")
        engine = _engine()
        snapshots = queries.list_snapshots(engine)
        rows = [
            _snapshot_json(
                s, queries.listing_counts_as_of(engine, s.id, day) if day is not None else None
            )
            for s in snapshots
        ]
    if as_json:
        document: dict[str, Any] = {"snapshots": rows}
        if day is not None:
            document["as_of"] = day.isoformat()
        _print_json(document)
        return
    if not rows:
        console.print("no list loaded yet: run `entitywatch load FILE` or `entitywatch update`")
        return
    table = Table("id", "source", "format", "loaded", "status", "parties", "listings")
    for row in rows:
        counts = ", ".join(f"{k} {v:,}" for k, v in row["listings"].items())
        table.add_row(
            str(row["id"]),
            row["source"],
            row["format"],
            row["loaded_at"][:19],
            row["status"],
            f"{row['parties']:,}",
            counts,
        )
    console.print(table)


@app.command()
def show(
    party_id: Annotated[str, typer.Argument(help="Party id (as in screening results).")],
    snapshot: Annotated[int | None, typer.Option(help="Read from this snapshot.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only listings in effect on this date.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Everything known about one party: names, addresses, listings, relations, history."""
    with _handled():
        day = _parse_day(as_of, "--as-of")
        engine = _engine()
        party, held_in = queries.load_party(engine, party_id, snapshot)
        history = queries.party_history(engine, party_id, held_in.source)
    listings = party.listings
    if day is not None:
        listings = [item for item in listings if item.in_effect_on(day)]
    document = dataclasses.replace(party, listings=listings).to_dict()
    document.setdefault("listings", [])
    document["snapshot"] = _snapshot_json(held_in)
    document["history"] = history.to_dict()
    if day is not None:
        document["as_of"] = day.isoformat()
        document["listed_on_date"] = bool(listings)
    if as_json:
        _print_json(document)
        return
    _print_party(party, listings, held_in, history, day)


def _print_party(
    party: Party,
    listings: list[Any],
    snapshot: Snapshot,
    history: queries.PartyHistory,
    day: dt.date | None,
) -> None:
    out = console.print
    out(f"[bold]{party.caption}[/bold]  ({party.schema.value}, {party.id})")
    out(f"snapshot {snapshot.id} of {snapshot.source}, {snapshot.status}", highlight=False)
    for name in party.names[1:]:
        out(f"  {name.kind.value}: {name.value}", highlight=False, markup=False)
    for address in party.addresses:
        out(f"  address: {address.full}", highlight=False, markup=False)
    for identifier in party.identifiers:
        out(f"  {identifier.type}: {identifier.value}", highlight=False, markup=False)
    for relation in party.relations:
        target = f" [{relation.target_id}]" if relation.target_id else ""
        out(
            f"  {relation.kind.value}: {relation.target_name}{target}",
            highlight=False,
            markup=False,
        )
    if day is not None and not listings:
        out(f"not listed on {day.isoformat()}")
    for listing in listings:
        fr = ", ".join(str(c) for c in listing.federal_register) or "-"
        out(
            f"  [bold]{listing.list_code}[/bold] ({listing.authority}) since "
            f"{listing.start_date or 'unknown'}"
            + (f" until {listing.end_date}" if listing.end_date else "")
            + f"; FR: {fr}",
            highlight=False,
        )
        if listing.programs:
            out(f"    programs: {', '.join(listing.programs)}", highlight=False, markup=False)
        if listing.license_requirement:
            out(f"    licence requirement: {listing.license_requirement}", markup=False)
        if listing.license_policy:
            out(f"    licence policy: {listing.license_policy}", markup=False)
        for clause in listing.license_policy_clauses:
            eccns = f" ({', '.join(clause.eccns)})" if clause.eccns else ""
            out(f"      - {clause.policy.value}: {clause.scope}{eccns}", markup=False)
    first, last = history.first_seen, history.last_seen
    if first and last:
        out(
            f"history: first seen in snapshot {first.id} ({first.loaded_at:%Y-%m-%d}), "
            f"last seen in snapshot {last.id} ({last.loaded_at:%Y-%m-%d}); "
            f"changed in {sum(e.changed for e in history.entries)} later snapshot(s)",
            highlight=False,
        )
    for issue in party.issues:
        out(
            f"  source defect ({issue.severity.value}) in {issue.field}: {issue.message}",
            markup=False,
        )


def _snapshot_or_date(value: str) -> int | dt.date:
    if value.isdigit():
        return int(value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{value!r} is neither a snapshot id nor a date",
            hint="give two snapshot ids (see `entitywatch lists`) or two dates YYYY-MM-DD",
        ) from None


@app.command()
def diff(
    before: Annotated[str, typer.Argument(help="Snapshot id, or a date YYYY-MM-DD.")],
    after: Annotated[str, typer.Argument(help="Snapshot id, or a date YYYY-MM-DD.")],
    source: Annotated[
        str | None, typer.Option(help="With dates: the source whose active snapshot to use.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: Annotated[int, typer.Option(help="Rows shown per section (text output).")] = 50,
) -> None:
    """Parties added, removed and changed between two snapshots, or between two dates."""
    with _handled():
        engine = _engine()
        left, right = _snapshot_or_date(before), _snapshot_or_date(after)
        if isinstance(left, int) and isinstance(right, int):
            result = queries.diff_snapshots(engine, left, right)
        elif isinstance(left, dt.date) and isinstance(right, dt.date):
            result = queries.diff_dates(engine, _active_for(engine, source).id, left, right)
        else:
            raise InputError("give two snapshot ids or two dates, not one of each")
    if as_json:
        _print_json(result.to_dict())
        return
    console.print(f"from {result.before}\n  to {result.after}", highlight=False)
    for title, items in (
        ("added", result.added),
        ("removed", result.removed),
        ("changed", result.changed),
    ):
        console.print(f"[bold]{title}: {len(items):,}[/bold]")
        for item in items[:limit]:
            fields = f"  ({', '.join(item.fields)})" if item.fields else ""
            console.print(
                f"  {item.party_id}  {item.caption}{fields}", markup=False, highlight=False
            )
        if len(items) > limit:
            console.print(f"  ... {len(items) - limit:,} more (use --json for all)")


def _active_for(engine: Engine, source: str | None) -> Snapshot:
    active = queries.active_snapshots(engine)
    if source is not None:
        active = [s for s in active if s.source == source]
    if not active:
        raise NoListDataError(
            "no active snapshot"
            + (f" for source {source!r}" if source else "")
            + ": load a list first"
        )
    if len(active) > 1:
        names = ", ".join(s.source for s in active)
        raise InputError(f"several sources are loaded ({names})", hint="choose one with --source")
    return active[0]


@app.command()
def screen(
    name: Annotated[str, typer.Argument(help="Name of the party to screen.")],
    country: Annotated[str | None, typer.Option(help="Country of the party (ISO-2).")] = None,
    party_type: Annotated[
        str | None,
        typer.Option("--type", help="Person, Company, Organization, Vessel, Aircraft."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Screen against the lists as of this date.")
    ] = None,
    lists: Annotated[
        str | None, typer.Option(help="Only these lists, comma-separated (EL,SDN,...).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Most results to return.")] = 10,
    identifiers: Annotated[
        list[str] | None,
        typer.Option(
            "--identifier",
            metavar="VALUE",
            help="An identifier of the party (registration, tax, passport, IMO number); "
            "repeatable. An equal listed identifier is strong evidence.",
        ),
    ] = None,
    birth_date: Annotated[
        str | None,
        typer.Option("--birth-date", help="Birth date of a person (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ] = None,
    fail_on_match: Annotated[
        bool, typer.Option("--fail-on-match", help="Exit 1 when the decision is match.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Screen one party against the active lists: decision, best matches, explanations."""
    from entitywatch.screening import ScreeningRequest
    from entitywatch.screening import screen as run_screen
    from entitywatch.store import data_home

    with _handled():
        day = _parse_day(as_of, "--as-of")
        wanted = parse_list_codes(lists)
        request = ScreeningRequest(
            name=name,
            country=country,
            schema=_schema_name(party_type),
            as_of=day,
            lists=wanted,
            limit=limit,
            identifiers=tuple(value.strip() for value in identifiers or () if value.strip()),
            birth_date=_birth_date(birth_date),
        )
        result = run_screen(_engine(), data_home(), request)
    document = result.to_dict()
    if as_json:
        _print_json(document)
    else:
        _print_screening(document)
    if fail_on_match and result.decision == "match":
        raise SystemExit(1)


def _birth_date(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    for size, pattern in ((4, "%Y"), (7, "%Y-%m"), (10, "%Y-%m-%d")):
        if len(text) == size:
            try:
                dt.datetime.strptime(text, pattern)
            except ValueError:
                break
            return text
    raise InputError(
        f"--birth-date {value!r} is not a date", hint="use YYYY, YYYY-MM or YYYY-MM-DD"
    )


def _print_screening(document: dict[str, Any]) -> None:
    decision = document["decision"]
    colour = {"match": "red", "review": "yellow", "clear": "green"}[decision]
    console.print(
        f"[bold {colour}]{decision.upper()}[/bold {colour}]  {document['query']['name']}  "
        f"(lists: {', '.join(document['snapshot']['sources'])})",
        highlight=False,
    )
    for row in document["results"]:
        lists = ", ".join(
            f"{item['list']} since {item['start_date'] or '?'}" for item in row["listings"]
        )
        console.print(
            f"  {row['score']:.2f} {row['decision']:6}  {row['name']}  [{row['party_id']}]",
            markup=False,
            highlight=False,
        )
        if row["matched_name"] != row["name"]:
            console.print(f"         matched name: {row['matched_name']}", markup=False)
        console.print(f"         {lists}", markup=False, highlight=False)


@app.command()
def compare(
    name_a: Annotated[str | None, typer.Argument(help="First name.")] = None,
    name_b: Annotated[str | None, typer.Argument(help="Second name.")] = None,
    schema: Annotated[str | None, typer.Option(help="Person, Company, ...")] = None,
    pairs: Annotated[
        Path | None, typer.Option(help="CSV with columns name1, name2 (and schema).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the scored pairs.")] = None,
    algorithm: Annotated[str, typer.Option(help="Matching algorithm.")] = "entitywatch-v1",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score two names with the screening matcher, or a whole CSV of pairs."""
    from entitywatch.matching.registry import get_algorithm

    with _handled():
        matcher = get_algorithm(algorithm)
        if pairs is not None:
            if out is None:
                raise InputError("--pairs needs --out FILE for the scored pairs")
            from entitywatch.pair_scoring import score_pair_file

            count = score_pair_file(matcher, pairs, out)
            errors.print(f"scored {count:,} pairs into {out}", highlight=False)
            return
        if name_a is None or name_b is None:
            raise InputError("give two names, or --pairs IN.csv --out OUT.csv")
        result = matcher.compare_names(name_a, name_b, _schema_name(schema))
    document = {
        "score": result.score,
        "decision": result.decision,
        "explanation": result.explanation,
    }
    if as_json:
        _print_json(document)
        return
    console.print(f"{result.score:.3f} {result.decision}", highlight=False)
    for item in result.explanation.get("matched", []):
        console.print(
            f"  {item['query']} ~ {item['candidate']}  ({item['how']}, {item['similarity']})",
            markup=False,
            highlight=False,
        )
    for key in ("unmatched_query", "unmatched_candidate"):
        for item in result.explanation.get(key, []):
            console.print(f"  {key}: {item['token']} (weight {item['weight']})", markup=False)
    for item in result.explanation.get("factors", []):
        console.print(f"  {item['reason']}: x{item['factor']}", markup=False)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words that the party's name contains.")],
    limit: Annotated[int, typer.Option(help="Most results to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find parties in the active lists by the words of a name (to get ids for `show`)."""
    with _handled():
        hits = queries.search_names(_engine(), text, limit=limit)
    if as_json:
        _print_json({"query": text, "results": [dataclasses.asdict(hit) for hit in hits]})
        return
    if not hits:
        console.print(f"no party name contains {text!r}", highlight=False)
        return
    table = Table("party id", "name", "matched name", "source")
    for hit in hits:
        table.add_row(hit.party_id, hit.caption, hit.matched_name, hit.source)
    console.print(table)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="Output file (default: stdout).")] = Path("-"),
    format_name: Annotated[str, typer.Option("--format", help="Only 'ftm' for now.")] = "ftm",
    source: Annotated[str | None, typer.Option(help="Export only this source.")] = None,
) -> None:
    """Write the active snapshots as FollowTheMoney JSON lines (re-loadable with `load`)."""
    with _handled():
        if format_name != "ftm":
            raise InputError(f"unknown export format {format_name!r}", hint="use --format ftm")
        from entitywatch.sources.ftm_jsonl import write_ftm_jsonl

        engine = _engine()
        items = queries.iter_active_parties(engine, source)
        if not items:
            raise NoListDataError("no active snapshot to export: load a list first")
        if str(out) == "-":
            write_ftm_jsonl((p for p, _ in items), sys.stdout)
        else:
            with open(out, "w", encoding="utf-8") as handle:
                write_ftm_jsonl((p for p, _ in items), handle)
            errors.print(f"wrote {len(items):,} parties to {out}", highlight=False)


@app.command()
def update(
    sources: Annotated[
        list[str] | None,
        typer.Option(
            "--source", metavar="KEY", help="Fetch only this source (repeatable); default: all."
        ),
    ] = None,
    urls: Annotated[
        list[str] | None,
        typer.Option(
            "--url",
            metavar="KEY=URL",
            help="Fetch source KEY from this URL, e.g. a mirror (repeatable). "
            "Also read from ENTITYWATCH_SOURCE_URLS='key=url,key=url'.",
        ),
    ] = None,
    accept_shrink: Annotated[
        bool,
        typer.Option("--accept-shrink", help="Activate a load that shrinks a list by >10%."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Download the official list files and load the ones that changed.

    Exits 4 if a source failed (its previous snapshot stays active), 1 if a load is held.
    """
    from rich.progress import DownloadColumn, TaskID, TransferSpeedColumn

    from entitywatch import updating

    bars = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def show(event: updating.ProgressEvent) -> None:
        task = tasks.get(event.source)
        if event.phase == "download":
            if task is None:
                tasks[event.source] = bars.add_task(
                    f"downloading {event.source}", total=event.total
                )
            else:
                bars.update(task, completed=event.done, total=event.total)
        elif event.phase == "load" and task is not None:
            bars.update(task, description=f"loading {event.source}")
        elif event.phase == "done" and task is not None:
            bars.remove_task(tasks.pop(event.source))

    with _handled():
        plan = updating.plan_update(sources or [], urls or [])
        engine = _engine()
        with bars:
            results = updating.update_sources(
                engine, plan, accept_shrink=accept_shrink, on_progress=show
            )
    if as_json:
        _print_json({"results": [result.to_dict() for result in results]})
    else:
        for result in results:
            console.print(
                f"{result.source}: {result.status.value}: {result.message}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    from entitywatch.commands.monitoring import rescreen_after_load

    with _handled():
        rescreen_after_load(engine)  # the counterparty register, against what changed
    failure = updating.failure_error(results)
    if failure is not None:
        _fail(failure)
    if any(result.status is updating.UpdateStatus.HELD for result in results):
        raise SystemExit(1)


# The command groups of the other use cases (monitoring, export rules, ...).
from entitywatch.commands import register_all  # noqa: E402

register_all(app)
