"""Data homes holding the real 2022 Consolidated Screening List, built once per test run.

Loading the CSL (14,160 rows) and building its matcher index take about 20 s, so the
home is built by the first test process that asks and shared (read-only, apart from the
screening records the runs add) by the other pytest-xdist workers and test modules.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import shared_csl_home, shared_file

CSL_2022 = "csl_2022/consolidated.csv"


def csl_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite home with the whole CSL of about April 2022 loaded and its index cached."""
    return shared_csl_home(tmp_path_factory, "screen-file-csl-home")


def write_entity_list_only(target: Path) -> Path:
    """The CSL's 2,001 Entity List rows as a CSL file of their own (fast to load anywhere).

    Written at test time into a temporary folder: the shared data is never copied into
    the repository.
    """
    with open(shared_file(CSL_2022), encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        assert reader.fieldnames is not None
        with open(target, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            for row in reader:
                if row["source"].startswith("Entity List"):
                    writer.writerow(row)
    return target


def csl_names(every: int, *, start: int = 0) -> list[tuple[str, str]]:
    """(name, country ISO-2 from the last address, or "") of every ``every``-th CSL row."""
    found = []
    with open(shared_file(CSL_2022), encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if number % every != start or not row["name"].strip():
                continue
            tail = row["addresses"].rsplit(",", 1)[-1].strip()
            found.append((row["name"].strip(), tail if len(tail) == 2 and tail.isalpha() else ""))
    return found
