"""Which column holds what: given by the user, read from a TOML mapping, or guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.file_screening.columns import (
    mapping_from_dict,
    normalise_header,
    read_mapping_file,
    resolve_columns,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "screen_file"
SOURCE = Path("customers.csv")


def resolve(header: list[str], given: dict[str, str] | None = None) -> dict[str, str]:
    found = resolve_columns(header, given or {}, path=SOURCE, header_position="line 1")
    return found.columns


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["name", "country"], {"name": "name", "country": "country"}),
        (["Party Name", "Country Code"], {"name": "Party Name", "country": "Country Code"}),
        (["CUSTOMER_NAME", "CTRY"], {"name": "CUSTOMER_NAME", "country": "CTRY"}),
        (["Company", "Address", "Type"], {"name": "Company", "address": "Address", "type": "Type"}),
        (
            ["Beneficiary", "Date of Birth", "Passport Number", "Nationality"],
            {
                "name": "Beneficiary",
                "birth_date": "Date of Birth",
                "identifier": "Passport Number",
                "country": "Nationality",
            },
        ),
        # The customer's own key ("id") is not an identifier a list would carry.
        (["id", "name"], {"name": "name"}),
        # "name" beats "company" when both are there: the better guess comes first.
        (["company", "name"], {"name": "name"}),
        (["Customer ID", "Customer Name", "Company"], {"name": "Customer Name"}),
    ],
)
def test_roles_are_guessed_from_common_header_names(
    header: list[str], expected: dict[str, str]
) -> None:
    assert resolve(header) == expected


@pytest.mark.parametrize(
    ("header", "given", "expected"),
    [
        # Given columns win over guesses, and a guessed role never takes a given column.
        (
            ["name", "Legal Name", "country"],
            {"name": "Legal Name"},
            {"name": "Legal Name", "country": "country"},
        ),
        (
            ["Firma", "Land"],
            {"name": "Firma", "country": "Land"},
            {"name": "Firma", "country": "Land"},
        ),
        # Case and surrounding spaces are forgiven when only one header matches.
        (["Company Name "], {"name": "company name"}, {"name": "Company Name "}),
        (
            ["country", "Name"],
            {"name": "name", "country": "country"},
            {"name": "Name", "country": "country"},
        ),
    ],
)
def test_given_columns_are_used_and_the_rest_guessed(
    header: list[str], given: dict[str, str], expected: dict[str, str]
) -> None:
    assert resolve(header, given) == expected


def test_guessed_roles_are_marked_as_guessed() -> None:
    found = resolve_columns(
        ["Firma", "Country"], {"name": "Firma"}, path=SOURCE, header_position="line 1"
    )

    assert found.guessed == ("country",)
    assert found.describe() == "name='Firma', country='Country' (guessed)"
    assert (found.name, found.get("country"), found.get("address")) == (0, 1, None)


@pytest.mark.parametrize(
    ("header", "given", "message"),
    [
        (
            ["Company Name", "Country"],
            {"name": "Firm"},
            "customers.csv:line 1: the name column 'Firm' is not in the file "
            "(columns found: 'Company Name', 'Country')",
        ),
        (
            ["Company Name", "Country"],
            {"country": "Land"},
            "customers.csv:line 1: the country column 'Land' is not in the file "
            "(columns found: 'Company Name', 'Country')",
        ),
        (
            ["Firma", "Land"],
            {},
            "customers.csv:line 1: no column holds the party name (name it with --name-column "
            "or a --mapping file; columns found: 'Firma', 'Land')",
        ),
        # Two headers that differ only in case: the user must say which.
        (
            ["NAME", "name "],
            {"name": "Name"},
            "customers.csv:line 1: the name column 'Name' is not in the file "
            "(columns found: 'NAME', 'name ')",
        ),
    ],
)
def test_a_column_that_is_not_there_names_the_columns_that_are(
    header: list[str], given: dict[str, str], message: str
) -> None:
    with pytest.raises(InputError) as raised:
        resolve(header, given)

    assert str(raised.value) == message


def test_mapping_file_reads_the_columns_table() -> None:
    assert read_mapping_file(FIXTURES / "mapping.toml") == {
        "name": "Firmenname",
        "country": "Land",
        "type": "Art",
        "identifier": "Handelsregister",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[columns]\nnaem = "Company"\n', "unknown role(s) 'naem' in the column mapping"),
        ("[columns]\nname = 3\n", "name must name a column (a non-empty string)"),
        ('[columns]\nname = ""\n', "name must name a column (a non-empty string)"),
        ('columns = "Company"\n', "[columns] must be a table of role = column name"),
        ("[columns\nname = 'x'\n", "not valid TOML"),
    ],
)
def test_a_bad_mapping_file_is_an_input_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(InputError) as raised:
        read_mapping_file(path)

    assert raised.value.path == str(path)
    assert message in str(raised.value)


def test_top_level_keys_are_a_mapping_too() -> None:
    assert mapping_from_dict({"name": "Company", "birth_date": "DOB"}) == {
        "name": "Company",
        "birth_date": "DOB",
    }


def test_a_missing_mapping_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the column mapping file does not exist"):
        read_mapping_file(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("header", "normalised"),
    [("Company_Name ", "company name"), ("Country-Code", "country code"), ("D.O.B", "d o b")],
)
def test_header_normalisation(header: str, normalised: str) -> None:
    assert normalise_header(header) == normalised
