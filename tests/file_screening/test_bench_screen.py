"""Smoke tests of benchmarks/bench_screen.py: its customer file and its matcher-free pass.

The benchmark's figures take minutes on the full lists; these tests check that the file
it screens is what its docstring says (deterministic, ~5% listed names, mostly distinct
names) and that its I/O-only pass screens every row. No timing is asserted.
"""

from __future__ import annotations

import csv
import importlib
import itertools
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT, shared_file

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    benchmarks = str(REPO_ROOT / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    return importlib.import_module("bench_screen")


@pytest.fixture(scope="module")
def listed(bench: ModuleType) -> list[tuple[str, str, str]]:
    names: list[tuple[str, str, str]] = bench.listed_names(shared_file("csl_2022/consolidated.csv"))
    return names


def test_the_customer_file_is_deterministic_and_mixed_as_documented(
    bench: ModuleType, listed: list[tuple[str, str, str]], tmp_path: Path
) -> None:
    first = list(bench.customers(4000, 7, listed))
    again = list(bench.customers(4000, 7, listed))
    other = list(bench.customers(4000, 8, listed))

    assert first == again
    assert first != other
    origins = {
        origin: sum(1 for c in first if c.origin == origin) for origin in {c.origin for c in first}
    }
    assert 0.04 <= origins["listed_variant"] / len(first) <= 0.06
    assert 0.25 <= origins["person"] / len(first) <= 0.35
    assert origins["zh"] > 0 and origins["company"] > len(first) / 2
    assert len({c.name for c in first}) / len(first) > 0.9
    assert len({c.customer_id for c in first}) == len(first)


def test_the_file_written_is_a_customer_master_screen_file_reads(
    bench: ModuleType, listed: list[tuple[str, str, str]], tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"

    mix = bench.write_customer_file(path, bench.customers(500, 7, listed))

    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(bench.HEADER)
    assert len(rows) == 501
    assert sum(v for k, v in mix.items() if k != "distinct_names") == 500


@pytest.mark.parametrize("workers", [1, 2])
def test_the_matcher_free_pass_screens_every_row(
    bench: ModuleType, listed: list[tuple[str, str, str]], tmp_path: Path, workers: int
) -> None:
    source = tmp_path / "customers.csv"
    bench.write_customer_file(source, itertools.islice(bench.customers(3000, 7, listed), 3000))
    output = tmp_path / "out.csv"

    rate = bench.io_only_pass(source, output, workers)

    with open(output, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3000
    assert {row["decision"] for row in rows} == {"clear"}
    assert rate > 0
