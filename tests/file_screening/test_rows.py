"""One row's cells -> the query screened for it, or why it is not screened."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitywatch.file_screening.columns import resolve_columns
from entitywatch.file_screening.rows import PreparedRow, RowQuery, prepare_row

HEADER = ["Customer ID", "Name", "Country", "Type", "Registration Number", "Date of Birth"]
COLUMNS = resolve_columns(HEADER, {}, path=Path("c.csv"), header_position="line 1")


def prepared(*cells: str) -> PreparedRow:
    return prepare_row(7, list(cells), COLUMNS, len(HEADER))


@pytest.mark.parametrize(
    ("cells", "query"),
    [
        (("1", "Acme Ltd", "", "", "", ""), RowQuery("Acme Ltd")),
        (("1", "  Acme Ltd  ", "GB", "", "", ""), RowQuery("Acme Ltd", "GB")),
        # Countries as customer masters write them -> ISO-2.
        (("1", "Huawei", "China", "", "", ""), RowQuery("Huawei", "CN")),
        (("1", "Huawei", "cn", "", "", ""), RowQuery("Huawei", "CN")),
        (("1", "Huawei", "CHN", "", "", ""), RowQuery("Huawei", "CN")),
        # Party types -> the matcher's schema.
        (("1", "Li Wei", "", "Individual", "", ""), RowQuery("Li Wei", schema="Person")),
        (("1", "Li Wei", "", "natural_person", "", ""), RowQuery("Li Wei", schema="Person")),
        (("1", "Acme", "", "CORPORATION", "", ""), RowQuery("Acme", schema="Company")),
        (("1", "Ever Given", "", "ship", "", ""), RowQuery("Ever Given", schema="Vessel")),
        # Identifiers: several in one cell.
        (
            ("1", "Acme", "", "", "LEI 5493; HRB 12345 | 91110", ""),
            RowQuery("Acme", identifiers=("LEI 5493", "HRB 12345", "91110")),
        ),
        # Birth dates: ISO kept, other unambiguous forms made ISO.
        (("1", "Li Wei", "", "", "", "1970"), RowQuery("Li Wei", birth_date="1970")),
        (("1", "Li Wei", "", "", "", "1970-03-12"), RowQuery("Li Wei", birth_date="1970-03-12")),
        (("1", "Li Wei", "", "", "", "12.03.1970"), RowQuery("Li Wei", birth_date="1970-03-12")),
        (
            ("1", "Li Wei", "", "", "", "March 12, 1970"),
            RowQuery("Li Wei", birth_date="1970-03-12"),
        ),
    ],
)
def test_the_query_of_a_row(cells: tuple[str, ...], query: RowQuery) -> None:
    row = prepared(*cells)

    assert (row.query, row.error, row.warning) == (query, None, None)
    assert (row.number, row.values) == (7, list(cells))


@pytest.mark.parametrize(
    ("cells", "query", "warning"),
    [
        (
            ("1", "Acme", "Narnia", "", "", ""),
            RowQuery("Acme"),
            "country 'Narnia' not recognised; screened without a country",
        ),
        (
            ("1", "Acme", "", "Partnership", "", ""),
            RowQuery("Acme"),
            "party type 'Partnership' not recognised; screened without a type",
        ),
        (
            ("1", "Li Wei", "", "", "", "03/04/1970"),
            RowQuery("Li Wei"),
            "birth date '03/04/1970' not understood; screened without it",
        ),
        (
            ("1", "Li Wei", "Atlantis", "Person", "", "sometime"),
            RowQuery("Li Wei", schema="Person"),
            "country 'Atlantis' not recognised; screened without a country; "
            "birth date 'sometime' not understood; screened without it",
        ),
    ],
)
def test_evidence_that_cannot_be_read_is_left_out_with_a_warning(
    cells: tuple[str, ...], query: RowQuery, warning: str
) -> None:
    """Left-out evidence can only raise a score: a typo in a country never hides a match."""
    row = prepared(*cells)

    assert (row.query, row.error, row.warning) == (query, None, warning)


@pytest.mark.parametrize(
    ("cells", "values", "error"),
    [
        (
            ("1", "", "CN", "", "", ""),
            ["1", "", "CN", "", "", ""],
            "the name (column 'Name') is empty",
        ),
        (
            ("1", "   ", "", "", "", ""),
            ["1", "   ", "", "", "", ""],
            "the name (column 'Name') is empty",
        ),
        # A short row is padded: here the name is simply missing.
        (("1",), ["1", "", "", "", "", ""], "the name (column 'Name') is empty"),
        # Cells beyond the header that hold something: the row's columns are shifted.
        (
            ("1", "Acme", " Inc", "US", "", "", "", "x"),
            ["1", "Acme", " Inc", "US", "", ""],
            "the row has 8 fields where the header has 6 (a delimiter inside an unquoted value?)",
        ),
    ],
)
def test_a_row_that_cannot_be_screened_gets_an_error(
    cells: tuple[str, ...], values: list[str], error: str
) -> None:
    row = prepared(*cells)

    assert (row.query, row.values, row.error) == (None, values, error)


def test_empty_cells_beyond_the_header_are_trailing_delimiters() -> None:
    row = prepared("1", "Acme", "US", "", "", "", "", "")

    assert row.values == ["1", "Acme", "US", "", "", ""]
    assert row.query == RowQuery("Acme", "US")
