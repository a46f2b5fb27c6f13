"""A row screened by screen-file gets exactly what `entitywatch screen` answers for it.

About seventy names are screened both ways against the full 2022 Consolidated Screening
List: every 300th name of the list itself (persons, firms, vessels of all its sub-lists,
each with the country of its address), the surnames alone of the persons among them and
partial firm names (which land in "review"), and well-known firms that are on no list.
For each, the row's decision, score, best party, matched name and lists must be those of
the first result of ``screening.screen`` for the same name, country and scope.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from entitywatch.file_screening.row_screening import (
    RowDecision,
    ScreeningScope,
    party_query,
    screen_party_query,
)
from entitywatch.file_screening.rows import RowQuery
from entitywatch.file_screening.runner import FileScreeningRequest, screen_file
from entitywatch.matching.algorithm_v1 import default_thresholds
from entitywatch.screening import ScreeningRequest, load_index, screen
from entitywatch.store import open_engine
from tests.file_screening.stores import csl_home, csl_names

pytestmark = pytest.mark.shared_data

UNLISTED = [
    ("Tencent Holdings Limited", "CN"),
    ("Siemens Aktiengesellschaft", "DE"),
    ("Toyota Motor Corporation", "JP"),
    ("Nestlé S.A.", "CH"),
    ("Shenzhen Blue Ocean Electronics Co., Ltd.", "CN"),
    ("Maria Garcia Lopez", "ES"),
    ("Weber Logistik Bremen GmbH", ""),
    ("Tata Consultancy Services Limited", "IN"),
]
PARTIAL = [("Sinopec Trading", ""), ("Rosneft Marketing", "RU"), ("Nordic Timber AB", "SE")]


@dataclass(frozen=True)
class Store:
    engine: Engine
    home: Path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    home = csl_home(tmp_path_factory)
    engine = open_engine(f"sqlite:///{home / 'entitywatch.db'}")
    yield Store(engine, home)
    engine.dispose()


@pytest.fixture(scope="module")
def names() -> list[tuple[str, str]]:
    listed = csl_names(300, start=17)
    surnames = [(name.split(",")[0], country) for name, country in listed if ", " in name]
    return listed + surnames + PARTIAL + UNLISTED


def expected_from_screen(store: Store, name: str, country: str, **scope: Any) -> RowDecision:
    """What `entitywatch screen NAME --country CC --json` answers, as a row's columns."""
    document = screen(
        store.engine, store.home, ScreeningRequest(name=name, country=country or None, **scope)
    ).to_dict()
    results = document["results"]
    if not results:
        return RowDecision(document["decision"], None, None, None, None, ())
    best = results[0]
    if document["decision"] == "clear":
        return RowDecision("clear", best["score"], None, None, None, ())
    lists = tuple(sorted({listing["list"] for listing in best["listings"]}))
    return RowDecision(
        document["decision"],
        best["score"],
        best["party_id"],
        best["name"],
        best["matched_name"],
        lists,
    )


def test_the_sample_covers_every_decision(store: Store, names: list[tuple[str, str]]) -> None:
    """Parity on a sample that is all "clear" would prove little."""
    decisions = {expected_from_screen(store, n, c).decision for n, c in names}

    assert len(names) >= 50
    assert decisions == {"match", "review", "clear"}


@pytest.mark.parametrize(
    "scope",
    [
        ScreeningScope(),
        ScreeningScope(lists=frozenset({"EL", "MEU"})),
        ScreeningScope(as_of=dt.date(2019, 6, 1)),
    ],
    ids=["all lists", "EL and MEU", "as of 2019-06-01"],
)
def test_each_row_decision_is_the_first_result_of_screen(
    store: Store, names: list[tuple[str, str]], scope: ScreeningScope
) -> None:
    index = load_index(store.engine, store.home).index
    thresholds = default_thresholds()
    for name, country in names:
        query = party_query(RowQuery(name, country or None))

        row = screen_party_query(index, query, thresholds, scope)

        assert row == expected_from_screen(
            store, name, country, lists=scope.lists, as_of=scope.as_of
        ), (name, country)


def test_screen_file_writes_the_decisions_of_screen(
    store: Store, names: list[tuple[str, str]], tmp_path: Path
) -> None:
    """The whole path: file -> two worker processes -> output rows, in the input's order."""
    source = tmp_path / "customers.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Customer ID", "Name", "Country"])
        writer.writerows([str(i), name, country] for i, (name, country) in enumerate(names))
    output = tmp_path / "screened.csv"
    request = FileScreeningRequest(source, output, workers=2, chunk_rows=7)

    summary = screen_file(store.engine, store.home, request)

    with open(output, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["Name"] for row in rows] == [name for name, _ in names]
    for row, (name, country) in zip(rows, names, strict=True):
        expected = expected_from_screen(store, name, country)
        written = RowDecision(
            row["decision"],
            float(row["score"]) if row["score"] else None,
            row["match_party_id"] or None,
            row["match_name"] or None,
            row["matched_name"] or None,
            tuple(row["match_lists"].split(";")) if row["match_lists"] else (),
        )
        assert written == expected, (name, country)
    assert summary["rows"] == len(names)
