"""The screened file: input columns + decision columns, by extension, never half-written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from entitywatch.errors import InputError
from entitywatch.file_screening.writers import (
    RESULT_COLUMNS,
    ResultRow,
    check_input_columns,
    check_output_path,
    open_result_writer,
    output_format,
)

INPUT_COLUMNS = ["Customer ID", "Name"]
ROWS = [
    ResultRow(
        ["1", "Hikvision"],
        "match",
        1.0,
        "csl-el-1",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "Hikvision",
        ("CMIC", "EL"),
        None,
        None,
    ),
    ResultRow(["2", "Acme, Inc."], "clear", 0.5123, None, None, None, (), None, None),
    ResultRow(
        ["3", ""], "error", None, None, None, None, (), "the name (column 'Name') is empty", None
    ),
    ResultRow(
        ["4", "Li Wei"],
        "review",
        0.8,
        "csl-sdn-9",
        "LI, Wei",
        "LI Wei",
        ("SDN",),
        None,
        "country 'Narnia' not recognised; screened without a country",
    ),
]


def read_back(path: Path) -> list[dict[str, object]]:
    kind = output_format(path)
    if kind == "csv":
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    if kind == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows: list[dict[str, object]] = pq.read_table(path).to_pylist()
    return rows


EXPECTED_CSV = [
    {
        "Customer ID": "1",
        "Name": "Hikvision",
        "decision": "match",
        "score": "1.0000",
        "match_party_id": "csl-el-1",
        "match_name": "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "matched_name": "Hikvision",
        "match_lists": "CMIC;EL",
        "error": "",
        "warning": "",
    },
    {
        "Customer ID": "2",
        "Name": "Acme, Inc.",
        "decision": "clear",
        "score": "0.5123",
        "match_party_id": "",
        "match_name": "",
        "matched_name": "",
        "match_lists": "",
        "error": "",
        "warning": "",
    },
    {
        "Customer ID": "3",
        "Name": "",
        "decision": "error",
        "score": "",
        "match_party_id": "",
        "match_name": "",
        "matched_name": "",
        "match_lists": "",
        "error": "the name (column 'Name') is empty",
        "warning": "",
    },
    {
        "Customer ID": "4",
        "Name": "Li Wei",
        "decision": "review",
        "score": "0.8000",
        "match_party_id": "csl-sdn-9",
        "match_name": "LI, Wei",
        "matched_name": "LI Wei",
        "match_lists": "SDN",
        "error": "",
        "warning": "country 'Narnia' not recognised; screened without a country",
    },
]
# JSON lines and Parquet carry typed values: a number for the score, null for "nothing".
EXPECTED_TYPED = [
    {
        **row,
        "score": float(str(row["score"])) if row["score"] else None,
        **{
            key: (row[key] or None)
            for key in ("match_party_id", "match_name", "matched_name", "match_lists")
        },
        "error": row["error"] or None,
        "warning": row["warning"] or None,
    }
    for row in EXPECTED_CSV
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.csv", EXPECTED_CSV),
        ("out.jsonl", EXPECTED_TYPED),
        ("out.ndjson", EXPECTED_TYPED),
        ("out.parquet", EXPECTED_TYPED),
    ],
)
def test_rows_are_written_in_the_format_of_the_extension(
    tmp_path: Path, name: str, expected: list[dict[str, object]]
) -> None:
    path = tmp_path / name
    with open_result_writer(path, INPUT_COLUMNS) as writer:
        writer.write(ROWS[:1])
        writer.write(ROWS[1:])
        assert not path.exists(), "nothing at the output's name before commit"
        writer.commit()

    rows = read_back(path)

    assert rows == expected
    assert list(rows[0]) == [*INPUT_COLUMNS, *RESULT_COLUMNS]
    assert [p.name for p in tmp_path.iterdir()] == [name], "no temporary file is left"


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl", "out.parquet"])
def test_a_failed_run_leaves_no_output_and_keeps_an_older_one(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("an older output\n", encoding="utf-8")

    with pytest.raises(RuntimeError), open_result_writer(path, INPUT_COLUMNS) as writer:
        writer.write(ROWS)
        raise RuntimeError("line 80,000 cannot be read")

    assert path.read_text(encoding="utf-8") == "an older output\n"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_commit_replaces_an_older_output(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("an older output\n", encoding="utf-8")

    with open_result_writer(path, INPUT_COLUMNS) as writer:
        writer.write(ROWS)
        writer.commit()

    assert len(read_back(path)) == len(ROWS)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("out.xlsx", "cannot tell the output format from the extension '.xlsx'"),
        ("out", "cannot tell the output format from the extension '(none)'"),
        ("missing/out.csv", "the output's folder does not exist"),
        ("customers.csv", "the output would replace the input file"),
    ],
)
def test_outputs_that_cannot_be_written_are_refused_before_any_work(
    tmp_path: Path, name: str, message: str
) -> None:
    source = tmp_path / "customers.csv"
    source.write_text("Name\nAcme\n", encoding="utf-8")

    with pytest.raises(InputError) as raised:
        check_output_path(tmp_path / name, source)

    assert raised.value.reason == message


def test_input_columns_named_like_result_columns_are_refused() -> None:
    with pytest.raises(InputError) as raised:
        check_input_columns(["Name", "decision", "score"], Path("old-output.csv"), "line 1")

    assert str(raised.value) == (
        "old-output.csv:line 1: the file already has column(s) 'decision', 'score', which the "
        "output adds (screen the original file, or rename those columns)"
    )
