"""Screen a whole file: read in chunks, screen on a pool of workers, write in order, record.

Memory stays bounded: the reader streams, and at most a few chunks per worker are in
flight (``Pool.imap`` would read the whole file ahead of the workers). The matcher index
is loaded once, in the parent; on Linux the workers are forked and share it
copy-on-write (``gc.freeze`` keeps the collector from touching, and so copying, its
pages), elsewhere each worker loads it from the disk cache. Output rows are written in
the input's order.

Nothing is half-done: the output is a temporary file until the run has succeeded and
been recorded; bad input (a byte that is not UTF-8 on line 80,000, a truncated workbook,
an empty name under ``--strict``) stops the run with no output and no record.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine

from entitywatch.errors import InputError
from entitywatch.file_screening.columns import ColumnPositions, read_mapping_file, resolve_columns
from entitywatch.file_screening.readers import TableReader, open_table
from entitywatch.file_screening.row_screening import (
    IndexRecipe,
    IndexScreener,
    RowDecision,
    RowScreener,
    ScreeningScope,
)
from entitywatch.file_screening.rows import PreparedRow, RowPreparer, RowQuery
from entitywatch.file_screening.summary import RowCounts
from entitywatch.file_screening.writers import (
    ResultRow,
    ResultWriter,
    check_input_columns,
    check_output_path,
    open_result_writer,
    output_format,
)

_T = TypeVar("_T")

DEFAULT_CHUNK_ROWS = 1000
MIN_CHUNK_ROWS = 50  # below this, a chunk's IPC costs more than its rows
MAX_DEFAULT_WORKERS = 2  # the machines this runs on have two cores to spare
CHUNKS_IN_FLIGHT_PER_WORKER = 3

#: Called with (rows done, rows expected or None) once the workers are up (0 rows done),
#: then after every chunk written.
ProgressCallback = Callable[[int, int | None], None]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


@dataclass(frozen=True, slots=True)
class FileScreeningRequest:
    """What ``entitywatch screen-file`` was asked to do."""

    input: Path
    output: Path
    columns: Mapping[str, str] = field(default_factory=dict)  # role -> column, as given
    mapping_file: Path | None = None
    sheet: str | None = None
    delimiter: str | None = None
    as_of: dt.date | None = None
    lists: frozenset[str] | None = None
    workers: int = 1
    strict: bool = False
    chunk_rows: int = DEFAULT_CHUNK_ROWS

    def to_record(self) -> dict[str, Any]:
        """The request as stored with the screening (paths made absolute)."""
        return {
            "input": str(self.input.resolve()),
            "output": str(self.output.resolve()),
            "columns": dict(self.columns),
            "mapping_file": str(self.mapping_file.resolve()) if self.mapping_file else None,
            "sheet": self.sheet,
            "delimiter": self.delimiter,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "lists": sorted(self.lists) if self.lists else None,
            "workers": self.workers,
            "strict": self.strict,
        }


def screen_file(
    engine: Engine,
    home: Path,
    request: FileScreeningRequest,
    *,
    on_progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Screen every row of ``request.input`` into ``request.output``; the run's summary.

    Without a valid snapshot this fails closed (NoListDataError) before the file is read.
    The run is recorded as a screening of kind "file" with its summary.
    """
    from entitywatch.matching.algorithm_v1 import default_thresholds
    from entitywatch.screening import load_index
    from entitywatch.store.screenings import record_screening

    started = time.perf_counter()
    loaded = load_index(engine, home)  # raises NoListDataError: nothing is read before
    index_seconds = time.perf_counter() - started
    snapshot_ids = tuple(s.id for s in loaded.snapshots)
    check_output_path(request.output, request.input)
    given = dict(read_mapping_file(request.mapping_file)) if request.mapping_file else {}
    given.update(request.columns)
    thresholds = default_thresholds()
    scope = ScreeningScope(request.lists, request.as_of)
    url = engine.url.render_as_string(hide_password=False)  # for spawned workers only
    recipe = IndexRecipe(url, home, snapshot_ids)
    screener = IndexScreener(loaded.index, thresholds, scope, recipe)
    table = open_table(request.input, sheet=request.sheet, delimiter=request.delimiter)
    try:
        header_position = f"{table.unit} {table.header_number}"
        columns = resolve_columns(
            table.header, given, path=request.input, header_position=header_position
        )
        check_input_columns(table.header, request.input, header_position)
        with open_result_writer(request.output, table.header) as writer:
            counts = screen_table(
                table,
                columns,
                writer,
                screener,
                workers=request.workers,
                chunk_rows=request.chunk_rows,
                strict=request.strict,
                on_progress=on_progress,
            )
            elapsed = time.perf_counter() - started
            summary = build_summary(
                request,
                table,
                columns,
                counts,
                elapsed=elapsed,
                index_seconds=index_seconds,
                workers=request.workers,
            )
            summary["snapshot"] = {
                "ids": list(snapshot_ids),
                "sources": [s.source for s in loaded.snapshots],
                "sha256": [s.sha256 for s in loaded.snapshots],
            }
            summary["thresholds"] = {"match": thresholds.match, "review": thresholds.review}
            summary["screening_id"] = record_screening(
                engine,
                kind="file",
                query=request.to_record(),
                snapshot_ids=list(snapshot_ids),
                decision=summary["decision"],
                summary=summary,
            )
            writer.commit()
    finally:
        table.close()
    return summary


def build_summary(
    request: FileScreeningRequest,
    table: TableReader,
    columns: ColumnPositions,
    counts: RowCounts,
    *,
    elapsed: float,
    index_seconds: float,
    workers: int,
) -> dict[str, Any]:
    screening_seconds = elapsed - index_seconds
    summary: dict[str, Any] = {
        "input": {
            "path": str(request.input),
            "format": table.format,
            "position_unit": table.unit,
        },
        "output": {"path": str(request.output), "format": output_format(request.output)},
        "columns": columns.columns,
        "guessed_columns": list(columns.guessed),
        "columns_text": columns.describe(),
        "decision": counts.overall_decision,
        **counts.to_dict(),
        "as_of": request.as_of.isoformat() if request.as_of else None,
        "lists_filter": sorted(request.lists) if request.lists else None,
        "workers": workers,
        "elapsed_seconds": round(elapsed, 3),
        "index_load_seconds": round(index_seconds, 3),
        # Speed of the screening itself, once the index is loaded (a fixed cost per run).
        "rows_per_second": (
            round(counts.rows / screening_seconds, 1) if screening_seconds > 0 else None
        ),
    }
    return summary


# --- the streaming loop ----------------------------------------------------------------


def screen_table(
    table: TableReader,
    columns: ColumnPositions,
    writer: ResultWriter,
    screener: RowScreener,
    *,
    workers: int = 1,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    strict: bool = False,
    on_progress: ProgressCallback | None = None,
) -> RowCounts:
    """Screen every row of ``table`` with ``screener`` and write it; counts of what was found.

    With ``workers`` > 1, chunks are screened in worker processes while this process
    reads and writes; results are written in the input's order.
    """
    counts = RowCounts()
    expected = table.estimated_rows()
    if workers > 1 and expected is not None:
        # A small file is cut finer, so that every worker gets a share of it.
        share = expected // (workers * CHUNKS_IN_FLIGHT_PER_WORKER) + 1
        chunk_rows = min(chunk_rows, max(MIN_CHUNK_ROWS, share))
    chunks = _prepared_chunks(table, columns, chunk_rows, strict, counts)

    def write(chunk: list[PreparedRow], decisions: list[RowDecision | None]) -> None:
        results = [
            _result_row(row, decision) for row, decision in zip(chunk, decisions, strict=True)
        ]
        for row, result in zip(chunk, results, strict=True):
            counts.add(row.number, result)
        writer.write(results)
        if on_progress is not None:
            on_progress(counts.rows, expected)

    if workers <= 1:
        if on_progress is not None:
            on_progress(0, expected)
        for chunk in chunks:
            write(chunk, screener.screen_rows([row.query for row in chunk]))
        return counts
    with WorkerPool(screener, workers) as pool:
        if on_progress is not None:
            on_progress(0, expected)  # after the fork: a progress thread may start now
        pending: deque[tuple[list[PreparedRow], Future[list[RowDecision | None]]]] = deque()
        for chunk in chunks:
            queries = [row.query for row in chunk]
            pending.append((chunk, pool.submit(_screen_in_worker, queries)))
            if len(pending) >= workers * CHUNKS_IN_FLIGHT_PER_WORKER:
                done, future = pending.popleft()
                write(done, WorkerPool.result(future))
        while pending:
            done, future = pending.popleft()
            write(done, WorkerPool.result(future))
    return counts


def _prepared_chunks(
    table: TableReader,
    columns: ColumnPositions,
    chunk_rows: int,
    strict: bool,
    counts: RowCounts,
) -> Iterator[list[PreparedRow]]:
    prepare = RowPreparer(columns, len(table.header)).prepare
    chunk: list[PreparedRow] = []
    for number, values in table.rows():
        if not any(cell.strip() for cell in values):
            counts.blank_rows += 1
            continue
        row = prepare(number, values)
        if strict and (row.error or row.warning):
            raise InputError(
                row.error or row.warning or "",
                path=table.path,
                position=f"{table.unit} {number}",
                hint="correct the row; without --strict, such a row is "
                + ("marked 'error' in the output" if row.error else "screened without it"),
            )
        chunk.append(row)
        if len(chunk) >= chunk_rows:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _result_row(row: PreparedRow, decision: RowDecision | None) -> ResultRow:
    if decision is None:
        return ResultRow(row.values, "error", None, None, None, None, (), row.error, row.warning)
    return ResultRow(
        row.values,
        decision.decision,
        decision.score,
        decision.party_id,
        decision.party_name,
        decision.matched_name,
        decision.lists,
        None,
        row.warning,
    )


# --- worker processes --------------------------------------------------------------------

_WORKER_SCREENER: RowScreener | None = None


def _init_worker(screener: RowScreener) -> None:
    global _WORKER_SCREENER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER_SCREENER = screener


def _screen_in_worker(queries: list[RowQuery | None]) -> list[RowDecision | None]:
    assert _WORKER_SCREENER is not None, "worker started without its screener"
    return _WORKER_SCREENER.screen_rows(queries)


class WorkerPool:
    """Worker processes that hold ``screener``: forked where possible, else spawned.

    A ``ProcessPoolExecutor`` rather than a ``multiprocessing.Pool``: when a worker dies
    (killed for memory, say), the run fails at once instead of waiting for ever for the
    chunk that worker held.
    """

    def __init__(self, screener: RowScreener, workers: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        # Objects alive now (the index above all) move out of the collector's reach, so
        # that no collection in a worker writes to their pages and copies them.
        gc.freeze()
        self.executor = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(screener,)
        )
        # The workers start (forked, before any thread of this process) on the first task;
        # waiting for it also surfaces a worker that cannot start.
        self.result(self.executor.submit(_ready))

    @staticmethod
    def result(future: Future[_T]) -> _T:
        try:
            return future.result()
        except BrokenProcessPool:
            raise RuntimeError(
                "a screening worker process died (out of memory?); nothing was written"
            ) from None

    def __enter__(self) -> ProcessPoolExecutor:
        return self.executor

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.executor.shutdown(wait=error is None, cancel_futures=True)
        gc.unfreeze()


def _ready() -> bool:
    return _WORKER_SCREENER is not None
