"""Reading a counterparty register file: columns, values, and clear errors for bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.monitor.register import ColumnChoice, read_register
from entitywatch.store.counterparties import CounterpartyInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "monitor"


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_the_fixture_register_reads_with_its_usual_header_names() -> None:
    items = read_register(FIXTURES / "register.csv")

    assert len(items) == 8
    assert items[0] == CounterpartyInput(
        "C-001", "Hangzhou Hikvision Digital Technology Co Ltd", "Company", "CN"
    )
    assert items[4].identifiers == ("HRB 12345",)
    assert (items[5].schema, items[5].birth_date) == ("Person", "1971-03-02")


C = CounterpartyInput
DEFAULT = ColumnChoice()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("A1,Acme Inc,US,company,,", C("A1", "Acme Inc", "Company", "US")),
        ("A1,  Acme   Inc ,,,,", C("A1", "Acme Inc")),
        ("A1,Acme,Germany,,,", C("A1", "Acme", country="DE")),
        ("A1,Acme,chn,Organisation,,", C("A1", "Acme", "Organization", "CN")),
        ("A1,Li Wei,CN,individual,,1980", C("A1", "Li Wei", "Person", "CN", birth_date="1980")),
        ("A1,Acme,,,LEI1; VAT2 |X3,", C("A1", "Acme", identifiers=("LEI1", "VAT2", "X3"))),
        ('A1,"Acme, Inc.",,vessel,,', C("A1", "Acme, Inc.", "Vessel")),
    ],
    ids=["all", "spaces", "country-name", "alpha-3-and-type", "person", "identifiers", "quoted"],
)
def test_values_are_normalised(tmp_path: Path, row: str, expected: CounterpartyInput) -> None:
    path = _write(tmp_path, f"id,name,country,type,identifier,dob\n{row}\n")

    assert read_register(path) == [expected]


def test_columns_can_be_named_explicitly(tmp_path: Path) -> None:
    path = _write(tmp_path, "Kundennummer,Firma,Land\nK-9,Nordlicht GmbH,DE\n")

    items = read_register(
        path, ColumnChoice(external_id="Kundennummer", name="firma", country="Land")
    )

    assert items == [CounterpartyInput("K-9", "Nordlicht GmbH", country="DE")]


@pytest.mark.parametrize(
    ("content", "choice", "position", "message"),
    [
        ("", DEFAULT, "line 1", "empty"),
        ("id,name\n", DEFAULT, None, "no counterparties"),
        ("customer,label\nA,B\n", DEFAULT, "line 1", "no column for the counterparty's"),
        ("id,name\nA,B\n", ColumnChoice(name="Firma"), "line 1", "'Firma' is not a column"),
        ("id,name\nA1,Acme\n,Beta\n", DEFAULT, "line 3, column 'id'", "external id is empty"),
        ("id,name\nA1,Acme\nA2,  \n", DEFAULT, "line 3, column 'name'", "name is empty"),
        ("id,name\nA1,Acme\nA1,Beta\n", DEFAULT, "line 3, column 'id'", "also appears on line 2"),
        ("id,name,country\nA1,Acme,Atlantis\n", DEFAULT, "line 2, column 'country'", "country"),
        ("id,name,type\nA1,Acme,partnership\n", DEFAULT, "line 2, column 'type'", "unknown type"),
        ("id,name,dob\nA1,Li,1980-02-30\n", DEFAULT, "line 2, column 'dob'", "not a date"),
        ("id,name,dob\nA1,Li,02/03/1980\n", DEFAULT, "line 2, column 'dob'", "not a date"),
        ("id,name\nA1,Acme,extra\n", DEFAULT, "line 2", "3 fields"),
        ('id,name\nA1,"Acme\n', DEFAULT, "line 2", "CSV"),
    ],
    ids=[
        "empty-file", "header-only", "no-required-columns", "unknown-named-column", "empty-id",
        "empty-name", "duplicate-id", "bad-country", "bad-type", "impossible-date",
        "date-format", "extra-field", "open-quote",
    ],
)  # fmt: skip
def test_bad_input_names_the_line_and_column(
    tmp_path: Path, content: str, choice: ColumnChoice, position: str | None, message: str
) -> None:
    path = _write(tmp_path, content)

    with pytest.raises(InputError) as caught:
        read_register(path, choice)

    assert caught.value.position == position
    assert message in caught.value.reason
    assert str(path) in str(caught.value)


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "id,name\nA1,Acme\nA2,Müller GmbH\n", encoding="latin-1")

    with pytest.raises(InputError, match="not UTF-8") as caught:
        read_register(path)

    assert caught.value.position == "line 3"
