"""Reading customer files: CSV (any delimiter, strict UTF-8), Excel and Parquet, streamed.

Every row comes with the number a user sees in the file (CSV line, sheet row; the header
is 1), and every unreadable file is an InputError that names the file and the position.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from entitywatch.errors import InputError
from entitywatch.file_screening.readers import (
    TableReader,
    open_table,
    parse_delimiter,
    unique_header,
)


def read_all(table: TableReader) -> list[tuple[int, list[str]]]:
    try:
        return list(table.rows())
    finally:
        table.close()


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


# --- CSV ----------------------------------------------------------------------------------

CUSTOMERS = [
    ["Customer ID", "Company Name", "Country"],
    ["1", "Acme, Inc.", "US"],
    ["2", 'The "Blue" Company; Ltd', "GB"],
    ["3", "Müller | Söhne GmbH", "DE"],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed_from_the_header(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "customers.csv", CUSTOMERS, delimiter)

    table = open_table(path)

    assert (table.format, table.unit, table.header_number) == ("csv", "line", 1)
    assert table.header == CUSTOMERS[0]
    assert read_all(table) == [(2, CUSTOMERS[1]), (3, CUSTOMERS[2]), (4, CUSTOMERS[3])]


def test_a_quoted_comma_in_the_header_does_not_make_it_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text('"Name, legal";Country\nAcme;US\n', encoding="utf-8")

    table = open_table(path)

    assert table.header == ["Name, legal", "Country"]
    assert read_all(table) == [(2, ["Acme", "US"])]


def test_a_given_delimiter_is_used(tmp_path: Path) -> None:
    path = tmp_path / "customers.txt"
    path.write_text("Name|Country\nA;B|US\n", encoding="utf-8")

    assert read_all(open_table(path, delimiter="pipe")) == [(2, ["A;B", "US"])]


@pytest.mark.parametrize(
    ("given", "delimiter"), [("tab", "\t"), ("\\t", "\t"), (";", ";"), ("Semicolon", ";")]
)
def test_delimiter_names(given: str, delimiter: str) -> None:
    assert parse_delimiter(given) == delimiter


@pytest.mark.parametrize("given", ["ab", '"', ""])
def test_a_delimiter_must_be_one_character(given: str) -> None:
    with pytest.raises(InputError, match="is not one character"):
        parse_delimiter(given)


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(
        b'Name,Note\r\nAcme,plain\r\n"Blue\r\nOcean Ltd","two lines"\r\n\r\nZeta,last\r\n'
    )

    rows = read_all(open_table(path))

    assert rows == [
        (2, ["Acme", "plain"]),
        (3, ["Blue\r\nOcean Ltd", "two lines"]),
        (5, []),
        (6, ["Zeta", "last"]),
    ]


def test_a_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "excel-export.csv"
    path.write_bytes("\ufeffName;Land\nMüller GmbH;Deutschland\n".encode())

    table = open_table(path)

    assert table.header == ["Name", "Land"]
    assert read_all(table) == [(2, ["Müller GmbH", "Deutschland"])]


def test_leading_blank_lines_come_before_the_header(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("\n\nName\nAcme\n", encoding="utf-8")

    table = open_table(path)

    assert (table.header, table.header_number) == (["Name"], 3)
    assert read_all(table) == [(4, ["Acme"])]


def test_a_gzipped_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(CUSTOMERS)

    table = open_table(path)

    assert table.header == CUSTOMERS[0]
    assert table.estimated_rows() is None
    assert [values for _, values in read_all(table)] == CUSTOMERS[1:]


def test_estimated_rows_counts_the_lines_after_the_header(tmp_path: Path) -> None:
    table = open_table(write_csv(tmp_path / "c.csv", CUSTOMERS))
    try:
        assert table.estimated_rows() == 3
    finally:
        table.close()


LATIN1_LINE_3 = "Name,Country\nAcme,US\nSoci\u00e9t\u00e9 G\u00e9n\u00e9rale,FR\n".encode("latin-1")


@pytest.mark.parametrize(
    ("content", "position", "message"),
    [
        (LATIN1_LINE_3, "line 3", "invalid UTF-8 byte 0xe9 (byte 5 of the line)"),
        # Far beyond the reader's first buffers: the line is still the file's line.
        (
            b"Name,Country\n" + b"Acme Trading,US\n" * 20_000 + b"Caf\xe9 Noir,FR\n",
            "line 20002",
            "invalid UTF-8 byte 0xe9 (byte 4 of the line)",
        ),
        # A character cut in two across lines is not UTF-8 either (Windows-1252 quote).
        (b"Name\nAcme\nO\x92Brien Ltd\n", "line 3", "invalid UTF-8 byte 0x92 (byte 2 of the line)"),
    ],
)
def test_a_byte_that_is_not_utf8_is_reported_by_line(
    tmp_path: Path, content: bytes, position: str, message: str
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(content)

    # A small file is decoded whole when its header is read: the error comes from opening.
    with pytest.raises(InputError) as raised:
        read_all(open_table(path))

    assert raised.value.position == position
    assert raised.value.reason == message
    assert "the file must be UTF-8" in str(raised.value)


def test_a_bad_byte_in_the_header_fails_when_the_file_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(b"Raison sociale,Pays\n".replace(b"o", b"\xf6", 1))

    with pytest.raises(InputError) as raised:
        open_table(path)

    assert (raised.value.position, raised.value.reason) == (
        "line 1",
        "invalid UTF-8 byte 0xf6 (byte 5 of the line)",
    )


def test_a_quote_never_closed_names_the_line_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text('Name,Country\nAcme,US\n"Blue Ocean,CN\nZeta,DE\n', encoding="utf-8")

    table = open_table(path)
    with pytest.raises(InputError) as raised:
        read_all(table)

    assert raised.value.position == "line 3"
    assert raised.value.reason == "the file ends inside a quoted field"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty: it has no header row"),
        (b"\n\n  \n", "the file has no header row (it is blank)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old binary Excel (.xls)"),
    ],
)
def test_files_without_a_header_or_in_an_old_format_are_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(content)

    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        open_table(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the input file does not exist"):
        open_table(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("cells", "header"),
    [
        (["Name", "", "Name", " Country "], ["Name", "column 2", "Name (2)", "Country"]),
        (["a", "a", "a"], ["a", "a (2)", "a (3)"]),
    ],
)
def test_blank_and_repeated_header_names_become_unique(cells: list[str], header: list[str]) -> None:
    assert unique_header(cells) == header


# --- Excel --------------------------------------------------------------------------------


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        for row in rows:
            sheet.append(row)
        first = False
    workbook.save(path)
    return path


def test_excel_cells_are_read_as_the_text_a_user_sees(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "customers.xlsx",
        {
            "Customers": [
                ["Name", "Since", "Turnover", "Employees", "Active", "Seen"],
                ["Acme", dt.date(2019, 10, 9), 1250.5, 12.0, True, dt.datetime(2020, 1, 2, 9, 30)],
                [],
                ["Blue Ocean", None, None, 3, False, None],
            ]
        },
    )

    table = open_table(path)

    assert (table.format, table.unit, table.header_number) == ("xlsx", "row", 1)
    assert table.header == ["Name", "Since", "Turnover", "Employees", "Active", "Seen"]
    assert read_all(table) == [
        (2, ["Acme", "2019-10-09", "1250.5", "12", "TRUE", "2020-01-02 09:30:00"]),
        (3, ["", "", "", "", "", ""]),
        (4, ["Blue Ocean", "", "", "3", "FALSE", ""]),
    ]


def test_excel_rows_keep_their_sheet_numbers_after_blank_leading_rows(tmp_path: Path) -> None:
    path = tmp_path / "customers.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A3"], sheet["B3"] = "Name", "Country"
    sheet["A4"], sheet["B4"] = "Acme", "US"
    workbook.save(path)

    table = open_table(path)

    assert (table.header, table.header_number) == (["Name", "Country"], 3)
    assert read_all(table) == [(4, ["Acme", "US"])]


def test_sheet_option_reads_that_sheet(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "book.xlsx",
        {"Notes": [["nothing here"]], "Customers": [["Name"], ["Acme"]]},
    )

    assert read_all(open_table(path, sheet="Customers")) == [(2, ["Acme"])]
    first = open_table(path)  # the first sheet by default
    first.close()
    assert first.header == ["nothing here"]


def test_an_unknown_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "book.xlsx", {"Notes": [["x"]], "Customers": [["Name"]]})

    with pytest.raises(InputError) as raised:
        open_table(path, sheet="Kunden")

    assert str(raised.value) == (
        f"{path}: the workbook has no sheet 'Kunden' (sheets: 'Notes', 'Customers')"
    )


@pytest.mark.parametrize("kept", [0.5, 0.9, 0.1])
def test_a_half_written_workbook_is_an_input_error(tmp_path: Path, kept: float) -> None:
    whole = write_workbook(
        tmp_path / "whole.xlsx", {"Customers": [["Name"], *[[f"Firm {i}"] for i in range(500)]]}
    )
    data = whole.read_bytes()
    path = tmp_path / "customers.xlsx"
    path.write_bytes(data[: int(len(data) * kept)])

    with pytest.raises(InputError) as raised:
        read_all(open_table(path))

    assert raised.value.path == str(path)
    assert "not a readable Excel workbook" in raised.value.reason
    assert "half-written" in str(raised.value)


def test_a_workbook_whose_sheet_is_cut_off_fails_at_the_row_it_reaches(tmp_path: Path) -> None:
    whole = write_workbook(
        tmp_path / "whole.xlsx", {"Customers": [["Name"], *[[f"Firm {i}"] for i in range(2000)]]}
    )
    path = tmp_path / "customers.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]  # the sheet's XML stops mid-way
            target.writestr(item, content)

    table = open_table(path)
    read: list[int] = []
    with pytest.raises(InputError) as raised:
        for number, _ in table.rows():
            read.append(number)
    table.close()

    assert read, "the rows before the damage are read"
    assert raised.value.position == f"row {read[-1] + 1}"
    assert f"the workbook is damaged after row {read[-1]}" in raised.value.reason


# --- Parquet ------------------------------------------------------------------------------


def test_parquet_values_are_read_as_text_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "customers.parquet"
    table = pa.table(
        {
            "Name": ["Acme", None, "Blue Ocean"],
            "Employees": pa.array([12, 3, None], pa.int64()),
            "Since": pa.array([dt.date(2019, 10, 9), None, dt.date(2020, 1, 2)]),
            "Score": [1.5, 2.0, None],
        }
    )
    pq.write_table(table, path, row_group_size=2)

    reader = open_table(path)

    assert (reader.format, reader.unit, reader.header_number) == ("parquet", "row", 1)
    assert reader.header == ["Name", "Employees", "Since", "Score"]
    assert reader.estimated_rows() == 3
    assert read_all(reader) == [
        (2, ["Acme", "12", "2019-10-09", "1.5"]),
        (3, ["", "3", "", "2"]),
        (4, ["Blue Ocean", "", "2020-01-02", ""]),
    ]


def test_a_truncated_parquet_file_is_an_input_error(tmp_path: Path) -> None:
    whole = tmp_path / "whole.parquet"
    pq.write_table(pa.table({"Name": [f"Firm {i}" for i in range(1000)]}), whole)
    path = tmp_path / "customers.parquet"
    path.write_bytes(whole.read_bytes()[:-100])

    with pytest.raises(InputError) as raised:
        read_all(open_table(path))

    assert raised.value.path == str(path)
    assert "not a readable Parquet file" in raised.value.reason
