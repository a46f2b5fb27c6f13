"""`entitywatch screen-file`: screen every row of a CSV, Excel or Parquet file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from entitywatch.cli_support import (
    engine,
    errors,
    handled,
    parse_day,
    parse_list_codes,
    print_json,
    progress,
)
from entitywatch.errors import InputError

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class _LazyProgress:
    """The progress bar, started at the first report.

    The bar refreshes from a thread; starting it only once the first chunk is written
    keeps that thread out of the worker processes, which are forked before.
    """

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, expected: int | None) -> None:
        if self.bar is None:
            self.bar = progress()
            self.bar.start()
            self.task = self.bar.add_task("screening", total=expected or done)
        assert self.task is not None
        total = expected if expected is not None and expected >= done else done
        self.bar.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def register(app: typer.Typer) -> None:
    """Add `screen-file` to the CLI."""

    @app.command("screen-file")
    def screen_file(
        input_path: Annotated[
            Path, typer.Argument(metavar="IN", help="CSV (any delimiter), .xlsx or .parquet.")
        ],
        out: Annotated[
            Path, typer.Option("--out", help="Output: .csv, .jsonl/.ndjson or .parquet.")
        ],
        name_column: Annotated[
            str | None, typer.Option(help="Column with the party name (default: guessed).")
        ] = None,
        country_column: Annotated[str | None, typer.Option(help="Column with the country.")] = None,
        address_column: Annotated[str | None, typer.Option(help="Column with the address.")] = None,
        type_column: Annotated[
            str | None, typer.Option(help="Column with the party type (person, company...).")
        ] = None,
        identifier_column: Annotated[
            str | None, typer.Option(help="Column with identifiers (';'-separated).")
        ] = None,
        birth_date_column: Annotated[
            str | None, typer.Option(help="Column with a person's date of birth.")
        ] = None,
        mapping: Annotated[
            Path | None, typer.Option(help='TOML file: [columns] name = "Company Name" ...')
        ] = None,
        sheet: Annotated[
            str | None, typer.Option(help="Excel: the sheet to read (default: the first).")
        ] = None,
        delimiter: Annotated[
            str | None, typer.Option(help="CSV delimiter (default: sniffed from the header).")
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Screen against the lists as of this date.")
        ] = None,
        lists: Annotated[
            str | None, typer.Option(help="Only these lists, comma-separated (EL,SDN,...).")
        ] = None,
        workers: Annotated[
            int | None, typer.Option(help="Worker processes (default: cores, at most 2).")
        ] = None,
        strict: Annotated[
            bool,
            typer.Option(help="Stop (exit 2) at the first row that cannot be screened as given."),
        ] = False,
        fail_on_match: Annotated[
            bool, typer.Option("--fail-on-match", help="Exit 1 when any row is a match.")
        ] = False,
        summary_path: Annotated[
            Path | None, typer.Option("--summary", help="Also write the summary as JSON here.")
        ] = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the summary as JSON on stdout.")
        ] = False,
    ) -> None:
        """Screen every row of a file; writes it back with decision, score and best match.

        Exit codes: 0 done, 1 a match with --fail-on-match, 2 bad input (nothing written),
        3 no list loaded (nothing read).
        """
        from entitywatch.file_screening.runner import (
            FileScreeningRequest,
            default_workers,
        )
        from entitywatch.file_screening.runner import (
            screen_file as run_screen_file,
        )
        from entitywatch.file_screening.summary import summary_text
        from entitywatch.store import data_home

        bar = _LazyProgress()
        with handled():
            given = {
                role: column
                for role, column in (
                    ("name", name_column),
                    ("country", country_column),
                    ("address", address_column),
                    ("type", type_column),
                    ("identifier", identifier_column),
                    ("birth_date", birth_date_column),
                )
                if column is not None
            }
            if summary_path is not None and not summary_path.parent.is_dir():
                raise InputError("the summary's folder does not exist", path=summary_path)
            if workers is not None and workers < 1:
                raise InputError(f"--workers {workers} must be 1 or more")
            request = FileScreeningRequest(
                input=input_path,
                output=out,
                columns=given,
                mapping_file=mapping,
                sheet=sheet,
                delimiter=delimiter,
                as_of=parse_day(as_of, "--as-of"),
                lists=parse_list_codes(lists),
                workers=workers or default_workers(),
                strict=strict,
            )
            try:
                summary = run_screen_file(engine(), data_home(), request, on_progress=bar)
            finally:
                bar.stop()
            if summary_path is not None:
                _write_summary(summary_path, summary)
        for line in summary_text(summary):
            errors.print(line, markup=False, highlight=False, soft_wrap=True)
        errors.print(f"  recorded as screening {summary['screening_id']}", highlight=False)
        if as_json:
            print_json(summary)
        if fail_on_match and summary["decisions"]["match"]:
            raise SystemExit(1)


def _write_summary(path: Path, summary: dict[str, Any]) -> None:
    try:
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the summary: {exc.strerror}", path=path) from None
