"""Smoke tests of benchmarks/bench_monitor.py: its inputs are what its README figures say.

The benchmark itself takes minutes; these check the list versions it builds and the
register it generates, not timings.
"""

from __future__ import annotations

import csv
import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT

BENCHMARKS = REPO_ROOT / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module("bench_monitor")


@pytest.mark.shared_data
def test_the_later_list_is_the_earlier_one_plus_the_2019_10_09_additions(
    bench: ModuleType, tmp_path: Path
) -> None:
    from tests.conftest import shared_file

    shared_file("csl_2022/consolidated.csv")  # skip (or fail under CI) when absent

    earlier, later, added = bench.split_csl(tmp_path)

    def ids(path: Path) -> list[str]:
        with path.open(encoding="utf-8", newline="") as handle:
            return [row["_id"] for row in csv.DictReader(handle)]

    assert len(added) >= 28
    assert {row["start_date"] for row in added} == {"2019-10-09"}
    assert set(ids(later)) - set(ids(earlier)) == {row["_id"] for row in added}
    assert set(ids(earlier)) <= set(ids(later))


def test_the_register_has_the_stated_composition(bench: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    listed = ["Huawei Technologies Co., Ltd.", "Megvii Technology", "Dahua Technology"]
    added = ["Hangzhou Hikvision Digital Technology Co., Ltd."]

    counts = bench.write_register(path, 2000, 100, listed, added, seed=7)

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2000
    assert len({row["customer_id"] for row in rows}) == 2000
    assert (
        counts["unlisted"] + counts["variants_of_listed"]
        == 2000 - counts["variants_of_2019_10_09_additions"]
    )
    assert counts["variants_of_listed"] + counts["variants_of_2019_10_09_additions"] == 100
    assert counts["distinct_names"] == len({row["name"] for row in rows})
    assert all(row["name"].strip() for row in rows)
    # The same seed writes the same register.
    again = tmp_path / "again.csv"
    bench.write_register(again, 2000, 100, listed, added, seed=7)
    assert again.read_bytes() == path.read_bytes()
