"""Data homes holding the real 2022 Consolidated Screening List, built once per test run.

Loading the CSL (14,160 rows) and building its matcher index take about 20 s, so the
home is built by the first test process that asks and shared (read-only, apart from the
screening records the runs add) by the other pytest-xdist workers and test modules.
"""

from __future__ import annotations

import csv
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from entitywatch.loading import load_list_file
from entitywatch.screening import load_index
from entitywatch.store import open_engine
from tests.conftest import shared_file

CSL_2022 = "csl_2022/consolidated.csv"


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    with open(lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def csl_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite home with the whole CSL of about April 2022 loaded and its index cached."""
    csl = shared_file(CSL_2022)
    root = _run_root(tmp_path_factory)
    home = root / "screen-file-csl-home"
    with _exclusive(root / "screen-file-csl-home.lock"):
        if not (home / "ready").exists():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()
            engine = open_engine(f"sqlite:///{home / 'entitywatch.db'}")
            try:
                outcome = load_list_file(engine, csl)
                assert outcome.activated, outcome.message
                load_index(engine, home)  # the cache the other processes read
            finally:
                engine.dispose()
            (home / "ready").write_text("loaded\n", encoding="utf-8")
    return home


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
