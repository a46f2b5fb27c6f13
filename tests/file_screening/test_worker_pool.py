"""The runner's worker processes, with screeners that behave badly on purpose.

The matcher is not needed to check what the runner promises about its workers: rows come
back in the input's order even when later chunks finish first, and a worker that fails
or dies stops the run with no output, instead of hanging or writing half a file.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from entitywatch.file_screening.columns import resolve_columns
from entitywatch.file_screening.readers import open_table
from entitywatch.file_screening.row_screening import RowDecision, RowScreener
from entitywatch.file_screening.rows import RowQuery
from entitywatch.file_screening.runner import screen_table
from entitywatch.file_screening.summary import RowCounts
from entitywatch.file_screening.writers import open_result_writer


class SlowFirstScreener:
    """Takes longer on the first chunk of the file: later chunks finish before it."""

    def screen_rows(self, queries: Sequence[RowQuery | None]) -> list[RowDecision | None]:
        first = next((q for q in queries if q is not None), None)
        if first is not None and int(first.name.split()[-1]) < 10:  # the first chunk
            time.sleep(0.3)
        return [
            None if q is None else RowDecision("clear", None, None, None, None, ()) for q in queries
        ]


class FailingScreener:
    def screen_rows(self, queries: Sequence[RowQuery | None]) -> list[RowDecision | None]:
        if any(q is not None and q.name == "Firm 150" for q in queries):
            raise ValueError("the matcher failed on Firm 150")
        return [None for _ in queries]


class DyingScreener:
    def screen_rows(self, queries: Sequence[RowQuery | None]) -> list[RowDecision | None]:
        if any(q is not None and q.name == "Firm 150" for q in queries):
            os._exit(9)  # as a process killed for memory
        return [None for _ in queries]


def run(tmp_path: Path, screener: RowScreener, workers: int = 2) -> RowCounts:
    source = tmp_path / "customers.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name"])
        writer.writerows([f"Firm {number}"] for number in range(300))
    table = open_table(source)
    try:
        columns = resolve_columns(table.header, {}, path=source, header_position="line 1")
        with open_result_writer(tmp_path / "out.csv", table.header) as writer:
            counts = screen_table(table, columns, writer, screener, workers=workers, chunk_rows=10)
            writer.commit()
    finally:
        table.close()
    return counts


def test_rows_are_written_in_the_input_order_when_later_chunks_finish_first(
    tmp_path: Path,
) -> None:
    counts = run(tmp_path, SlowFirstScreener())

    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as handle:
        names = [row["Name"] for row in csv.DictReader(handle)]
    assert names == [f"Firm {number}" for number in range(300)]
    assert counts.rows == 300


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_screener_stops_the_run_with_no_output(tmp_path: Path, workers: int) -> None:
    with pytest.raises(ValueError, match="the matcher failed on Firm 150"):
        run(tmp_path, FailingScreener(), workers)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["customers.csv"]


def test_a_worker_that_dies_stops_the_run_instead_of_hanging(tmp_path: Path) -> None:
    started = time.monotonic()

    with pytest.raises(RuntimeError, match="a screening worker process died"):
        run(tmp_path, DyingScreener())

    assert time.monotonic() - started < 60
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customers.csv"]
