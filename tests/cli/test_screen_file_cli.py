"""`entitywatch screen-file` as a user or a pipeline runs it, on the full 2022 CSL.

The output columns and exit codes are those of "Command-line contract" in
../shared/DESIGN.md: 0 done, 1 a match with --fail-on-match, 2 bad input (one line on
stderr naming the file and the row or field; nothing written, nothing recorded), 3 no
list loaded (nothing read).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from entitywatch.store import open_engine
from entitywatch.store.screenings import list_screenings
from tests.cli.helpers import Run, run_cli
from tests.file_screening.stores import csl_home

pytestmark = pytest.mark.shared_data

CONTRACT_COLUMNS = ["decision", "score", "match_party_id", "match_name", "matched_name"]
CONTRACT_COLUMNS += ["match_lists"]
HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return csl_home(tmp_path_factory)


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def recorded_inputs(home: Path) -> set[str]:
    engine = open_engine(f"sqlite:///{home / 'entitywatch.db'}")
    try:
        return {r.query["input"] for r in list_screenings(engine, kind="file", limit=100_000)}
    finally:
        engine.dispose()


CUSTOMERS = [
    ["Customer ID", "Company Name", "Country"],
    ["1", "Hikvision", "CN"],
    ["2", "Weber Logistik Bremen GmbH", "DE"],
    ["3", "Bank Melli Iran", "IR"],
]


def test_output_has_the_input_columns_then_the_contract_columns(home: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "customers.csv", CUSTOMERS)
    output = tmp_path / "screened.csv"

    run = run_cli(home, "screen-file", str(source), "--out", str(output))

    assert run.code == 0, run.stderr
    with open(output, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == CUSTOMERS[0]
    assert header[3:9] == CONTRACT_COLUMNS
    rows = read_csv(output)
    assert [r["Customer ID"] for r in rows] == ["1", "2", "3"]
    hikvision = rows[0]
    assert (hikvision["decision"], hikvision["match_name"], hikvision["matched_name"]) == (
        "match",
        HIKVISION,
        "Hikvision",
    )
    assert hikvision["match_lists"] == "EL"
    assert float(hikvision["score"]) >= 0.9
    assert rows[2]["decision"] == "match"
    assert rows[2]["match_lists"] == "SDN"
    assert "screened 3 rows of" in run.stderr
    assert "match 2, review 0, clear 1, error 0" in run.stderr
    assert "recorded as screening" in run.stderr


def test_json_summary_on_stdout_and_in_the_summary_file(home: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "customers.csv", CUSTOMERS, delimiter=";")
    summary_file = tmp_path / "summary.json"

    run = run_cli(
        home,
        "screen-file",
        str(source),
        "--out",
        str(tmp_path / "screened.jsonl"),
        "--workers",
        "2",
        "--summary",
        str(summary_file),
        "--json",
    )

    assert run.code == 0, run.stderr
    summary = run.json()
    assert json.loads(summary_file.read_text(encoding="utf-8")) == summary
    assert summary["rows"] == 3
    assert summary["decisions"] == {"match": 2, "review": 0, "clear": 1, "error": 0}
    assert summary["lists"] == {"EL": {"match": 1, "review": 0}, "SDN": {"match": 1, "review": 0}}
    assert summary["decision"] == "match"
    assert summary["workers"] == 2
    assert summary["snapshot"]["sources"] == ["us_trade_csl"]
    assert summary["input"]["format"] == "csv"
    assert summary["output"]["format"] == "jsonl"
    assert isinstance(summary["screening_id"], int)
    lines = (tmp_path / "screened.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["decision"] for line in lines] == ["match", "clear", "match"]


@pytest.mark.parametrize(
    ("names", "code"),
    [(["Hikvision", "Weber Logistik Bremen GmbH"], 1), (["Weber Logistik Bremen GmbH"], 0)],
)
def test_fail_on_match_exits_1_only_when_a_row_matches(
    home: Path, tmp_path: Path, names: list[str], code: int
) -> None:
    source = write_csv(tmp_path / "customers.csv", [["Name"], *[[n] for n in names]])
    output = tmp_path / "screened.csv"

    run = run_cli(home, "screen-file", str(source), "--out", str(output), "--fail-on-match")

    assert run.code == code, run.stderr
    assert len(read_csv(output)) == len(names), "the output is written either way"


def test_a_row_gives_what_screen_gives(home: Path, tmp_path: Path) -> None:
    names = [("Huawei Technologies Co., Ltd.", "CN"), ("Sinopec Trading", ""), ("Megvii", "CN")]
    source = write_csv(tmp_path / "c.csv", [["name", "country"], *[list(n) for n in names]])
    output = tmp_path / "screened.csv"

    assert run_cli(home, "screen-file", str(source), "--out", str(output)).code == 0

    for row, (name, country) in zip(read_csv(output), names, strict=True):
        options = ["--country", country] if country else []
        single = run_cli(home, "screen", name, *options, "--json").json()
        best = single["results"][0]
        assert row["decision"] == single["decision"], name
        assert float(row["score"]) == best["score"], name
        assert (row["match_party_id"], row["match_name"]) == (best["party_id"], best["name"])


def test_options_name_the_columns_sheet_date_and_lists(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "kunden.xlsx"
    workbook = openpyxl.Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["exported from the ERP"])
    sheet = workbook.create_sheet("Kunden")
    sheet.append(["Nr", "Firma", "Staat"])
    sheet.append([1, "IFLYTEK", "CN"])
    sheet.append([2, "Bank Melli Iran", "IR"])
    workbook.save(source)
    output = tmp_path / "screened.parquet"

    run = run_cli(
        home,
        "screen-file",
        str(source),
        "--out",
        str(output),
        "--sheet",
        "Kunden",
        "--name-column",
        "Firma",
        "--country-column",
        "Staat",
        "--as-of",
        "2019-10-08",
        "--lists",
        "EL,SDN",
        "--json",
    )

    assert run.code == 0, run.stderr
    summary = run.json()
    assert summary["columns"] == {"name": "Firma", "country": "Staat"}
    assert (summary["as_of"], summary["lists_filter"]) == ("2019-10-08", ["EL", "SDN"])
    # iFlytek joined the Entity List on 2019-10-09; Bank Melli was on the SDN list before.
    assert summary["decisions"] == {"match": 1, "review": 0, "clear": 1, "error": 0}


# --- bad input: exit 2, one line naming where, nothing written, nothing recorded -------------


def _half_written_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Name"])
    for number in range(300):
        sheet.append([f"Firm {number}"])
    workbook.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


BAD_INPUTS = [
    (
        "customers.csv",
        b"Customer ID,Company Name\n1,Hikvision\n",
        ["--name-column", "Firm"],
        "customers.csv:line 1: the name column 'Firm' is not in the file (columns found: "
        "'Customer ID', 'Company Name')",
    ),
    (
        "customers.csv",
        b"Name,Country\nHikvision,CN\n,US\n",
        ["--strict"],
        "customers.csv:line 3: the name (column 'Name') is empty",
    ),
    (
        "customers.csv",
        b"Name,Country\nHikvision,CN\nSoci\xe9t\xe9 G\xe9n\xe9rale,FR\n",
        [],
        "customers.csv:line 3: invalid UTF-8 byte 0xe9 (byte 5 of the line)",
    ),
    ("customers.xlsx", None, [], "customers.xlsx: not a readable Excel workbook"),
    (
        "customers.csv",
        b"Name\nHikvision\n",
        ["--as-of", "09/10/2019"],
        "--as-of '09/10/2019' is not a date (use YYYY-MM-DD)",
    ),
    ("customers.csv", b"Name\nHikvision\n", ["--workers", "0"], "--workers 0 must be 1 or more"),
    (
        "customers.csv",
        b"Name\nHikvision\n",
        ["--mapping", "absent.toml"],
        "absent.toml: the column mapping file does not exist",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "options", "message"),
    BAD_INPUTS,
    ids=[
        "unknown column",
        "empty name under --strict",
        "non-UTF-8 file",
        "half-written Excel",
        "bad date",
        "no workers",
        "missing mapping",
    ],
)
def test_bad_input_exits_2_with_the_place_and_writes_nothing(
    home: Path, tmp_path: Path, name: str, content: bytes | None, options: list[str], message: str
) -> None:
    source = tmp_path / name
    if content is None:
        _half_written_workbook(source)
    else:
        source.write_bytes(content)
    output = tmp_path / "screened.csv"
    options = [str(tmp_path / o) if o.endswith(".toml") else o for o in options]

    run = run_cli(home, "screen-file", str(source), "--out", str(output), *options)

    assert run.code == 2, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("error: ")
    assert message in line
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert str(source.resolve()) not in recorded_inputs(home)


def test_an_output_it_cannot_name_is_refused(home: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "customers.csv", CUSTOMERS)

    run = run_cli(home, "screen-file", str(source), "--out", str(tmp_path / "screened.xlsx"))

    assert run.code == 2
    assert "cannot tell the output format from the extension '.xlsx'" in run.stderr
    assert "name the output .csv, .jsonl, .ndjson or .parquet" in run.stderr


def test_without_a_list_it_exits_3_before_reading_the_file(tmp_path: Path) -> None:
    home = tmp_path / "empty-home"
    home.mkdir()
    source = tmp_path / "customers.csv"
    source.write_bytes(b"Name\nSoci\xe9t\xe9 G\xe9n\xe9rale\n")  # not UTF-8: unread, no exit 2

    run: Run = run_cli(home, "screen-file", str(source), "--out", str(tmp_path / "out.csv"))

    assert run.code == 3, run.stderr
    assert "no list snapshot is loaded" in run.stderr
    assert not (tmp_path / "out.csv").exists()
