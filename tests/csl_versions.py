"""Earlier versions of the Entity List rebuilt from the 2022 CSL's ``start_date`` column.

The 2022 file says when each entry was first added, so keeping the rows added on or
before a date gives (approximately) the list as it stood on that date. Rows without a
start date are old entries and are kept in every version.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.conftest import shared_file

CSL_2022 = "csl_2022/consolidated.csv"


def read_csl_rows() -> tuple[list[str], list[dict[str, str]]]:
    with open(shared_file(CSL_2022), encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def entity_list_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in rows if row["source"].startswith("Entity List")]


def rows_as_of(rows: list[dict[str, str]], day: dt.date) -> list[dict[str, str]]:
    kept = []
    for row in rows:
        start = row["start_date"]
        if not start or start.startswith("00") or dt.date.fromisoformat(start) <= day:
            kept.append(row)
    return kept


def write_csl(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def entity_list_as_of(directory: Path, day: dt.date) -> Path:
    header, rows = read_csl_rows()
    return write_csl(
        directory / f"el_{day.isoformat()}.csv", header, rows_as_of(entity_list_rows(rows), day)
    )
