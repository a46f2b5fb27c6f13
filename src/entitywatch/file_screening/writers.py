"""The screened file: the input's columns plus the decision columns, in the input's order.

The format follows the output's extension: ``.csv``, ``.jsonl``/``.ndjson`` or
``.parquet``. Rows go to a temporary file beside the output, which replaces the output
only when the run has succeeded (``commit``): a failed run leaves no half-written file and
leaves an older output in place.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

from entitywatch.errors import InputError

#: The columns added to every row, in this order (the contract of ../shared/DESIGN.md,
#: plus ``error`` and ``warning``).
RESULT_COLUMNS: tuple[str, ...] = (
    "decision", "score", "match_party_id", "match_name", "matched_name", "match_lists",
    "error", "warning",
)  # fmt: skip
LIST_SEPARATOR = ";"
OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
PARQUET_ROW_GROUP = 50_000


class ResultRow(NamedTuple):
    values: list[str]  # the input's cells
    decision: str  # match | review | clear | error
    score: float | None
    party_id: str | None
    party_name: str | None
    matched_name: str | None
    lists: tuple[str, ...]
    error: str | None
    warning: str | None


def output_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``parquet`` for an output path, by its extension."""
    try:
        return OUTPUT_FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"cannot tell the output format from the extension {path.suffix or '(none)'!r}",
            path=path,
            hint="name the output .csv, .jsonl, .ndjson or .parquet",
        ) from None


def check_output_path(output: Path, input_path: Path) -> None:
    """Refuse before any work an output that could not be written or would replace the input."""
    output_format(output)
    if not output.parent.is_dir():
        raise InputError("the output's folder does not exist", path=output)
    if output.is_dir():
        raise InputError("the output is a directory", path=output)
    if output.exists() and input_path.exists() and output.samefile(input_path):
        raise InputError("the output would replace the input file", path=output)


def check_input_columns(header: list[str], path: Path, position: str) -> None:
    clash = [column for column in header if column in RESULT_COLUMNS]
    if clash:
        raise InputError(
            f"the file already has column(s) {', '.join(map(repr, clash))}, which the output adds",
            path=path,
            position=position,
            hint="screen the original file, or rename those columns",
        )


class ResultWriter:
    """Base: a temporary file beside the output, renamed into place on ``commit``."""

    def __init__(self, path: Path, input_columns: list[str]) -> None:
        self.path = path
        self.columns = [*input_columns, *RESULT_COLUMNS]
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
        self.rows_written = 0
        self._committed = False

    def write(self, rows: list[ResultRow]) -> None:
        """Append ``rows``; a full disk or a lost mount is an InputError naming the output."""
        try:
            self._write(rows)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None
        self.rows_written += len(rows)

    def _write(self, rows: list[ResultRow]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Flush and close the temporary file."""

    def _abandon(self) -> None:
        """Close the temporary file without finishing it."""

    def commit(self) -> None:
        """Finish the temporary file and put it in the output's place."""
        try:
            self._finish()
            os.replace(self.temporary, self.path)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None
        self._committed = True

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self._committed:
            try:
                self._abandon()
            finally:
                self.temporary.unlink(missing_ok=True)


def open_result_writer(path: Path, input_columns: list[str]) -> ResultWriter:
    """The writer for ``path``'s format; use it as a context manager, then ``commit``."""
    kind = output_format(path)
    writers = {
        "csv": CsvResultWriter,
        "jsonl": JsonLinesResultWriter,
        "parquet": ParquetResultWriter,
    }
    try:
        return writers[kind](path, input_columns)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: Path, exc: OSError) -> InputError:
    return InputError(f"cannot write the output ({exc.strerror or exc})", path=path)


def _score_text(score: float | None) -> str:
    return "" if score is None else f"{score:.4f}"


class CsvResultWriter(ResultWriter):
    def __init__(self, path: Path, input_columns: list[str]) -> None:
        super().__init__(path, input_columns)
        # Open across many write() calls: closed by commit() or on leaving the block.
        self._handle: IO[str] = open(self.temporary, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._handle)
        self._writer.writerow(self.columns)

    def _write(self, rows: list[ResultRow]) -> None:
        self._writer.writerows(
            [
                *row.values,
                row.decision,
                _score_text(row.score),
                row.party_id or "",
                row.party_name or "",
                row.matched_name or "",
                LIST_SEPARATOR.join(row.lists),
                row.error or "",
                row.warning or "",
            ]
            for row in rows
        )

    def _finish(self) -> None:
        self._handle.close()

    def _abandon(self) -> None:
        self._handle.close()


class JsonLinesResultWriter(ResultWriter):
    """One JSON object per row: the input's cells as strings, the score as a number."""

    def __init__(self, path: Path, input_columns: list[str]) -> None:
        super().__init__(path, input_columns)
        self._input_columns = input_columns
        self._handle: IO[str] = open(self.temporary, "w", encoding="utf-8", newline="\n")  # noqa: SIM115

    def _write(self, rows: list[ResultRow]) -> None:
        dumps = json.dumps
        lines = []
        for row in rows:
            record: dict[str, Any] = dict(zip(self._input_columns, row.values, strict=True))
            record["decision"] = row.decision
            record["score"] = row.score
            record["match_party_id"] = row.party_id
            record["match_name"] = row.party_name
            record["matched_name"] = row.matched_name
            record["match_lists"] = LIST_SEPARATOR.join(row.lists) or None
            record["error"] = row.error
            record["warning"] = row.warning
            lines.append(dumps(record, ensure_ascii=False))
        lines.append("")
        self._handle.write("\n".join(lines))

    def _finish(self) -> None:
        self._handle.close()

    def _abandon(self) -> None:
        self._handle.close()


class ParquetResultWriter(ResultWriter):
    """Input columns as strings, ``score`` as float64; row groups of 50,000 rows."""

    def __init__(self, path: Path, input_columns: list[str]) -> None:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        super().__init__(path, input_columns)
        fields = [pa.field(name, pa.string()) for name in self.columns]
        fields[len(input_columns) + RESULT_COLUMNS.index("score")] = pa.field("score", pa.float64())
        self._schema = pa.schema(fields)
        self._writer = pq.ParquetWriter(self.temporary, self._schema)
        self._pending: list[ResultRow] = []

    def _write(self, rows: list[ResultRow]) -> None:
        self._pending.extend(rows)
        if len(self._pending) >= PARQUET_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._pending:
            return
        rows, self._pending = self._pending, []
        width = len(self.columns) - len(RESULT_COLUMNS)
        data: list[list[Any]] = [[row.values[i] for row in rows] for i in range(width)]
        data.append([row.decision for row in rows])
        data.append([row.score for row in rows])
        data.append([row.party_id for row in rows])
        data.append([row.party_name for row in rows])
        data.append([row.matched_name for row in rows])
        data.append([LIST_SEPARATOR.join(row.lists) or None for row in rows])
        data.append([row.error for row in rows])
        data.append([row.warning for row in rows])
        arrays = [
            pa.array(column, type=field.type)
            for column, field in zip(data, self._schema, strict=True)
        ]
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema))

    def _finish(self) -> None:
        self._flush()
        self._writer.close()

    def _abandon(self) -> None:
        self._pending = []
        self._writer.close()
