"""Versions of the shipped demo list (seed facts, CSL format) for monitoring tests.

Keeping the rows listed before a date gives the list "as it stood then", so that a test
can load an earlier version, then a later one, and watch what the monitor re-screens.
``edit`` changes one row's fields, which changes that entry's content hash.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.cli.helpers import DEMO_LIST

XINJIANG_DAY = dt.date(2019, 10, 9)  # the demo rows added on 2019-10-09: demo-2 .. demo-10


def write_demo_list(
    directory: Path,
    *,
    before: dt.date | None = None,
    through: dt.date | None = None,
    edit: dict[str, dict[str, str]] | None = None,
    name: str = "demo.csv",
) -> Path:
    """The demo list with rows started before ``before`` / on or before ``through``."""
    with DEMO_LIST.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    kept = []
    for row in rows:
        start = dt.date.fromisoformat(row["start_date"])
        if before is not None and start >= before:
            continue
        if through is not None and start > through:
            continue
        kept.append({**row, **(edit or {}).get(row["_id"], {})})
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(kept)
    return path
