"""Screening a whole file: streaming, workers, order, summary, record, and all-or-nothing.

Most tests run on one SQLite home holding the full 2022 Consolidated Screening List. The
store-facing promises (the run is recorded with its snapshots; no list -> fail closed
before the file is read) run on SQLite and PostgreSQL with the CSL's Entity List rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine

from entitywatch.errors import InputError, NoListDataError
from entitywatch.file_screening.runner import FileScreeningRequest, screen_file
from entitywatch.loading import load_list_file
from entitywatch.store import open_engine
from entitywatch.store.screenings import get_screening, list_screenings
from tests.file_screening.stores import csl_home, csl_names, write_entity_list_only

pytestmark = pytest.mark.shared_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "screen_file"
HEADER = ["Customer ID", "Name", "Country"]


@dataclass(frozen=True)
class Store:
    engine: Engine
    home: Path

    def run(self, request: FileScreeningRequest) -> dict[str, Any]:
        return screen_file(self.engine, self.home, request)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    home = csl_home(tmp_path_factory)
    engine = open_engine(f"sqlite:///{home / 'entitywatch.db'}")
    yield Store(engine, home)
    engine.dispose()


def write_rows(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def records_for(engine: Engine, source: Path) -> list[int]:
    """Screenings recorded for this input file (other tests record their own)."""
    return [
        record.id
        for record in list_screenings(engine, kind="file", limit=10_000)
        if record.query["input"] == str(source.resolve())
    ]


@pytest.fixture(scope="module")
def customer_rows() -> list[list[str]]:
    """~300 rows: listed names, unlisted names, and rows that cannot be screened."""
    rows: list[list[str]] = []
    for number, (name, country) in enumerate(csl_names(60, start=5)[:240]):
        rows.append([f"L{number}", name, country])
        if number % 40 == 0:
            rows.append([f"E{number}", "", country])  # no name: decision "error"
    for number, name in enumerate(["Tencent Holdings Limited", "Weber Logistik GmbH"] * 20):
        rows.append([f"U{number}", name, "DE"])
    return rows


# --- order, workers, summary ----------------------------------------------------------------


def test_two_workers_write_what_one_writes_in_the_input_order(
    store: Store, customer_rows: list[list[str]], tmp_path: Path
) -> None:
    source = write_rows(tmp_path / "customers.csv", customer_rows)
    one = store.run(FileScreeningRequest(source, tmp_path / "one.csv", workers=1, chunk_rows=33))
    two = store.run(FileScreeningRequest(source, tmp_path / "two.csv", workers=2, chunk_rows=33))

    rows = read_rows(tmp_path / "one.csv")
    assert rows == read_rows(tmp_path / "two.csv")
    assert [[r["Customer ID"], r["Name"], r["Country"]] for r in rows] == customer_rows
    assert (one["workers"], two["workers"]) == (1, 2)
    for key in ("rows", "decisions", "lists", "errors", "first_errors"):
        assert one[key] == two[key], key


def test_the_summary_counts_what_the_output_holds(
    store: Store, customer_rows: list[list[str]], tmp_path: Path
) -> None:
    source = write_rows(tmp_path / "customers.csv", customer_rows)

    summary = store.run(FileScreeningRequest(source, tmp_path / "out.csv", workers=2))

    rows = read_rows(tmp_path / "out.csv")
    decisions = Counter(row["decision"] for row in rows)
    per_list: Counter[tuple[str, str]] = Counter()
    for row in rows:
        for code in filter(None, row["match_lists"].split(";")):
            per_list[(code, row["decision"])] += 1
    assert summary["rows"] == len(rows) == len(customer_rows)
    assert summary["decisions"] == {d: decisions[d] for d in ("match", "review", "clear", "error")}
    assert summary["lists"] == {
        code: {"match": per_list[(code, "match")], "review": per_list[(code, "review")]}
        for code in sorted({code for code, _ in per_list})
    }
    assert summary["errors"] == decisions["error"] == 6
    assert summary["first_errors"][0] == {"row": 3, "error": "the name (column 'Name') is empty"}
    assert summary["decision"] == "match"
    assert summary["columns"] == {"name": "Name", "country": "Country"}
    assert summary["snapshot"]["sources"] == ["us_trade_csl"]
    assert summary["rows_per_second"] > 0


def test_rows_that_are_not_screened_carry_their_reason_and_never_say_clear(
    store: Store, tmp_path: Path
) -> None:
    source = write_rows(
        tmp_path / "customers.csv",
        [["1", "", "CN"], ["2", "Hikvision", "Narnia"], ["3", "Acme", "US", "", "surplus"]],
    )

    store.run(FileScreeningRequest(source, tmp_path / "out.csv"))

    rows = read_rows(tmp_path / "out.csv")
    assert [(r["decision"], r["error"], r["warning"]) for r in rows] == [
        ("error", "the name (column 'Name') is empty", ""),
        ("match", "", "country 'Narnia' not recognised; screened without a country"),
        (
            "error",
            "the row has 5 fields where the header has 3 (a delimiter inside an unquoted value?)",
            "",
        ),
    ]


def test_a_file_whose_only_problems_are_errors_is_recorded_as_review(
    store: Store, tmp_path: Path
) -> None:
    """A row that was not screened needs a look: the run is not "clear"."""
    source = write_rows(tmp_path / "customers.csv", [["1", "", "CN"], ["2", "Weber GmbH", "DE"]])

    summary = store.run(FileScreeningRequest(source, tmp_path / "out.csv"))

    assert summary["decisions"]["error"] == 1
    assert summary["decision"] == "review"
    assert get_screening(store.engine, summary["screening_id"]).decision == "review"


def test_blank_rows_are_skipped_and_counted(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    source.write_text("Name\nHikvision\n\n,\nTencent Holdings Limited\n", encoding="utf-8")

    summary = store.run(FileScreeningRequest(source, tmp_path / "out.csv"))

    assert [r["Name"] for r in read_rows(tmp_path / "out.csv")] == [
        "Hikvision",
        "Tencent Holdings Limited",
    ]
    assert (summary["rows"], summary["blank_rows_skipped"]) == (2, 2)


# --- scope: as of a date, some lists ----------------------------------------------------------

# Yixin and iFlytek were added to the Entity List on 2019-10-09 and are on no other list.
ENTITY_LIST_2019 = [["1", "Yixin Science and Technology Co. Ltd.", "CN"], ["2", "IFLYTEK", "CN"]]


@pytest.mark.parametrize(
    ("as_of", "decisions", "lists"),
    [
        (None, ["match", "match"], ["EL", "EL"]),
        (dt.date(2019, 10, 9), ["match", "match"], ["EL", "EL"]),
        (dt.date(2019, 10, 8), ["clear", "clear"], ["", ""]),
    ],
)
def test_as_of_screens_against_the_lists_of_that_day(
    store: Store,
    tmp_path: Path,
    as_of: dt.date | None,
    decisions: list[str],
    lists: list[str],
) -> None:
    source = write_rows(tmp_path / "customers.csv", ENTITY_LIST_2019)

    summary = store.run(FileScreeningRequest(source, tmp_path / "out.csv", as_of=as_of))

    rows = read_rows(tmp_path / "out.csv")
    assert [r["decision"] for r in rows] == decisions
    assert [r["match_lists"] for r in rows] == lists
    assert summary["as_of"] == (as_of.isoformat() if as_of else None)


def test_lists_option_screens_against_those_lists_only(store: Store, tmp_path: Path) -> None:
    source = write_rows(
        tmp_path / "customers.csv", [*ENTITY_LIST_2019, ["3", "Bank Melli Iran", "IR"]]
    )

    store.run(FileScreeningRequest(source, tmp_path / "out.csv", lists=frozenset({"SDN"})))

    rows = read_rows(tmp_path / "out.csv")
    assert rows[2]["decision"] == "match"
    assert rows[2]["match_lists"] == "SDN"
    for row in rows[:2]:
        assert "EL" not in row["match_lists"].split(";")
        assert row["decision"] != "match"


# --- formats and mappings ---------------------------------------------------------------------


def _as_excel(rows: list[list[str]], path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Customers"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _as_parquet(rows: list[list[str]], path: Path) -> Path:
    columns = list(zip(*rows, strict=True))
    pq.write_table(pa.table({h: list(c) for h, c in zip(HEADER, columns, strict=True)}), path)
    return path


@pytest.mark.parametrize(
    ("input_name", "output_name"),
    [
        ("customers.xlsx", "out.csv"),
        ("customers.parquet", "out.jsonl"),
        ("customers.csv", "out.parquet"),
    ],
)
def test_excel_and_parquet_give_the_decisions_of_the_same_csv(
    store: Store,
    customer_rows: list[list[str]],
    tmp_path: Path,
    input_name: str,
    output_name: str,
) -> None:
    rows = customer_rows[:60]
    csv_source = write_rows(tmp_path / "reference.csv", rows)
    store.run(FileScreeningRequest(csv_source, tmp_path / "reference-out.csv"))
    expected = [
        (r["Name"], r["decision"], r["match_party_id"])
        for r in read_rows(tmp_path / "reference-out.csv")
    ]
    source = tmp_path / input_name
    if source.suffix == ".xlsx":
        _as_excel(rows, source)
    elif source.suffix == ".parquet":
        _as_parquet(rows, source)
    else:
        write_rows(source, rows)
    output = tmp_path / output_name

    store.run(FileScreeningRequest(source, output, workers=2))

    if output.suffix == ".csv":
        written = read_rows(output)
    elif output.suffix == ".jsonl":
        written = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    else:
        written = pq.read_table(output).to_pylist()
    assert [(r["Name"], r["decision"], r["match_party_id"] or "") for r in written] == expected


def test_a_mapping_file_names_the_columns(store: Store, tmp_path: Path) -> None:
    source = FIXTURES / "customers_de.csv"

    summary = store.run(
        FileScreeningRequest(source, tmp_path / "out.csv", mapping_file=FIXTURES / "mapping.toml")
    )

    rows = read_rows(tmp_path / "out.csv")
    assert summary["columns"] == {
        "name": "Firmenname",
        "country": "Land",
        "type": "Art",
        "identifier": "Handelsregister",
    }
    assert summary["guessed_columns"] == []
    by_name = {row["Firmenname"]: row for row in rows}
    assert by_name["Hangzhou Hikvision Digital Technology Co., Ltd."]["decision"] == "match"
    assert "EL" in by_name["Hangzhou Hikvision Digital Technology Co., Ltd."]["match_lists"]
    # German words for country and type are no ISO code and no schema: warned, not guessed.
    assert by_name["Müller Maschinenbau GmbH"]["warning"] == (
        "country 'Deutschland' not recognised; screened without a country; "
        "party type 'Firma' not recognised; screened without a type"
    )


def test_given_columns_override_the_mapping_file(store: Store, tmp_path: Path) -> None:
    request = FileScreeningRequest(
        FIXTURES / "customers_de.csv",
        tmp_path / "out.csv",
        mapping_file=FIXTURES / "mapping.toml",
        columns={"name": "Kundennummer"},
    )

    summary = store.run(request)

    assert summary["columns"]["name"] == "Kundennummer"


# --- all or nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "request_options", "position", "message"),
    [
        (
            b"Name,Country\n" + b"Hikvision,CN\n" * 3000 + b"Caf\xe9 Noir,FR\n",
            {},
            "line 3002",
            "invalid UTF-8 byte 0xe9 (byte 4 of the line)",
        ),
        (
            b"Name,Country\nHikvision,CN\n,CN\nTencent,CN\n",
            {"strict": True},
            "line 3",
            "the name (column 'Name') is empty",
        ),
        (
            b"Name,Country\nHikvision,CN\nTencent,Narnia\n",
            {"strict": True},
            "line 3",
            "country 'Narnia' not recognised; screened without a country",
        ),
        (
            b"Name,Country\n" + b"Hikvision,CN\n" * 500 + b'"Tencent,CN\n' + b"Acme,US\n" * 5,
            {"workers": 2},
            "line 502",
            "the file ends inside a quoted field",
        ),
    ],
    ids=["non-UTF-8 byte on line 3002", "empty name, strict", "bad country, strict", "open quote"],
)
def test_bad_input_stops_the_run_with_no_output_and_no_record(
    store: Store,
    tmp_path: Path,
    content: bytes,
    request_options: dict[str, Any],
    position: str,
    message: str,
) -> None:
    source = tmp_path / "customers.csv"
    source.write_bytes(content)
    output = tmp_path / "out.csv"

    with pytest.raises(InputError) as raised:
        store.run(FileScreeningRequest(source, output, chunk_rows=100, **request_options))

    assert raised.value.path == str(source)
    assert (raised.value.position, raised.value.reason) == (position, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customers.csv"]
    assert records_for(store.engine, source) == []


def test_an_unknown_column_is_refused_before_anything_is_written(
    store: Store, tmp_path: Path
) -> None:
    source = write_rows(tmp_path / "customers.csv", [["1", "Hikvision", "CN"]])

    with pytest.raises(InputError) as raised:
        store.run(FileScreeningRequest(source, tmp_path / "out.csv", columns={"name": "Firm"}))

    assert str(raised.value) == (
        f"{source}:line 1: the name column 'Firm' is not in the file "
        "(columns found: 'Customer ID', 'Name', 'Country')"
    )
    assert not (tmp_path / "out.csv").exists()


def test_a_run_is_recorded_with_its_request_snapshots_and_summary(
    store: Store, tmp_path: Path
) -> None:
    source = write_rows(tmp_path / "customers.csv", ENTITY_LIST_2019)
    request = FileScreeningRequest(source, tmp_path / "out.csv", lists=frozenset({"EL"}))

    summary = store.run(request)

    record = get_screening(store.engine, summary["screening_id"])
    assert (record.kind, record.decision) == ("file", "match")
    assert record.snapshot_ids == summary["snapshot"]["ids"]
    assert record.query["input"] == str(source.resolve())
    assert record.query["lists"] == ["EL"]
    assert record.summary is not None
    assert record.summary["decisions"] == summary["decisions"]
    assert records_for(store.engine, source) == [record.id]


# --- on both store backends --------------------------------------------------------------------


@pytest.fixture
def entity_list_store(engine: Engine, tmp_path: Path) -> Store:
    outcome = load_list_file(engine, write_entity_list_only(tmp_path / "entity_list.csv"))
    assert outcome.activated, outcome.message
    home = tmp_path / "home"
    home.mkdir()
    return Store(engine, home)


def test_screen_file_on_each_store_backend(entity_list_store: Store, tmp_path: Path) -> None:
    source = write_rows(
        tmp_path / "customers.csv",
        [*ENTITY_LIST_2019, ["3", "Bank Melli Iran", "IR"], ["4", "", ""]],
    )
    output = tmp_path / "out.jsonl"

    summary = entity_list_store.run(FileScreeningRequest(source, output, workers=2))

    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["decision"] for r in rows[:2]] == ["match", "match"]
    assert rows[2]["decision"] != "match"  # OFAC's SDN list is not loaded here
    assert rows[3]["decision"] == "error"
    record = get_screening(entity_list_store.engine, summary["screening_id"])
    assert record.summary is not None and record.summary["rows"] == 4
    assert record.decision == "match"


def test_without_a_list_nothing_is_read_and_nothing_written(engine: Engine, tmp_path: Path) -> None:
    """Fail closed: even a file that cannot be read is not looked at without lists."""
    files = tmp_path / "files"
    files.mkdir()
    source = files / "customers.csv"
    source.write_bytes(b"Name\nCaf\xe9\n")
    request = FileScreeningRequest(source, files / "out.csv")

    with pytest.raises(NoListDataError):
        screen_file(engine, tmp_path, request)
    with pytest.raises(NoListDataError):
        screen_file(engine, tmp_path, replace(request, input=files / "absent.csv"))

    assert sorted(p.name for p in files.iterdir()) == ["customers.csv"]
    assert list_screenings(engine) == []
