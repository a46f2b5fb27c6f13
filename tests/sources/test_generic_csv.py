"""A user's own list in CSV, read through a column mapping (or a guessed one)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.model import DataIssue, Identifier, NameKind, Party, Schema
from entitywatch.sources.generic_csv import (
    GENERIC_CSV_FORMAT,
    ColumnMapping,
    guess_mapping,
    parse_generic_csv,
    parse_user_date,
    sniff_delimiter,
)
from entitywatch.sources.registry import detect_format, parse_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "generic_csv"
SEMICOLON_LIST = FIXTURES / "own_list_semicolon.csv"
GUESSABLE_LIST = FIXTURES / "own_list.csv"

MAPPING = ColumnMapping(
    name="Entity Name",
    aliases=("Also Known As",),
    alias_separator="|",
    country="Country",
    address="Address",
    schema="Kind",
    id="Ref",
    start_date="Listed On",
    remarks="Note",
    identifiers={"LEI": "LEI"},
)


def parse_semicolon_list() -> list[Party]:
    return parse_generic_csv(
        SEMICOLON_LIST, MAPPING, source="acme_refused", list_code="ACME"
    ).parties


# --- mapping files ------------------------------------------------------------------------


@pytest.mark.parametrize("file_name", ["mapping.toml", "mapping.json"])
def test_mapping_from_file(file_name: str) -> None:
    assert ColumnMapping.from_file(FIXTURES / file_name) == MAPPING


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "Entity Name"\ncolour = "Red"\n', "unknown mapping key(s) colour"),
        ('country = "Country"\n', 'the mapping needs "name"'),
        ("name = 3\n", 'the mapping needs "name"'),
        ('name = "N"\naliases = 4\n', '"aliases" must be a column name or a list of them'),
        ('name = "N"\nidentifiers = ["LEI"]\n', '"identifiers" must map identifier types'),
        ('name = "N"\ncountry = ["A", "B"]\n', '"country" must be a column name'),
        ("name = \n", "not valid TOML"),
    ],
)
def test_bad_mapping_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ColumnMapping.from_file(path)


def test_bad_json_mapping_names_the_position(tmp_path: Path) -> None:
    path = tmp_path / "mapping.json"
    path.write_text('{"name": "Entity Name",\n "country": }', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as caught:
        ColumnMapping.from_file(path)
    assert caught.value.position == "2:13"  # the "}" where a value should be


# --- parsing with a mapping ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "schema", "names", "countries", "start"),
    [
        (
            "CP-001",
            Schema.COMPANY,
            [
                ("Hangzhou Hikvision Digital Technology Co., Ltd.", NameKind.PRIMARY, None),
                ("Hikvision", NameKind.ALIAS, None),
                ("杭州海康威视数字技术股份有限公司", NameKind.ALIAS, "Hani"),
            ],
            ["CN"],
            dt.date(2019, 10, 9),
        ),
        (
            "CP-002",
            Schema.COMPANY,
            [
                ("Zhejiang Dahua Technology Co., Ltd.", NameKind.PRIMARY, None),
                ("Dahua", NameKind.ALIAS, None),
                ("浙江大华技术股份有限公司", NameKind.ALIAS, "Hani"),
            ],
            ["CN"],
            dt.date(2019, 10, 9),
        ),
        (
            "CP-003",
            Schema.PERSON,
            [("Chen Quanguo", NameKind.PRIMARY, None), ("陈全国", NameKind.ALIAS, "Hani")],
            ["CN"],
            dt.date(2020, 7, 9),
        ),
        ("CP-004", Schema.COMPANY, [("Example Trading Ltd", NameKind.PRIMARY, None)], ["HK"], None),
        ("CP-005", Schema.LEGAL_ENTITY, [("Nowhere Imports", NameKind.PRIMARY, None)], [], None),
    ],
)
def test_rows_of_a_mapped_list(
    ref: str,
    schema: Schema,
    names: list[tuple[str, NameKind, str | None]],
    countries: list[str],
    start: dt.date | None,
) -> None:
    party = next(p for p in parse_semicolon_list() if p.source_record_id == ref)
    assert party.schema is schema
    assert [(n.value, n.kind, n.script) for n in party.names] == names
    assert party.countries == countries
    (listing,) = party.listings
    assert (listing.list_code, listing.authority, listing.start_date) == ("ACME", "Own list", start)


def test_mapped_details_and_defects() -> None:
    parties = {p.source_record_id: p for p in parse_semicolon_list()}
    hikvision = parties["CP-001"]
    assert hikvision.addresses[0].full == "No. 555 Qianmo Road, Binjiang District, Hangzhou"
    assert hikvision.addresses[0].country == "CN"
    assert hikvision.listings[0].remarks == "Refused for cause after the Entity List addition"
    assert parties["CP-004"].identifiers == [Identifier(type="LEI", value="5493000EXAMPLE0TEST01")]
    assert [i.message for i in parties["CP-004"].issues] == [
        "ambiguous date (day/month or month/day); left out"
    ]
    assert [(i.field, i.value) for i in parties["CP-005"].issues] == [
        ("country", "Atlantis"),
        ("schema", "partnership"),
    ]


def test_ids_come_from_the_id_column_and_are_stable(tmp_path: Path) -> None:
    first = {p.source_record_id: p.id for p in parse_semicolon_list()}
    # the same records in another order, with a changed name: same ids
    lines = SEMICOLON_LIST.read_text(encoding="utf-8").splitlines()
    reordered = tmp_path / "later.csv"
    changed = lines[2].replace("Zhejiang Dahua", "Zhejiang Dahua (renamed)")
    reordered.write_text("\n".join([lines[0], changed, lines[1]]) + "\n", encoding="utf-8")
    later = parse_generic_csv(reordered, MAPPING, source="acme_refused", list_code="ACME")
    assert {p.source_record_id: p.id for p in later.parties} == {
        "CP-002": first["CP-002"],
        "CP-001": first["CP-001"],
    }


def test_repeated_id_gets_a_distinct_party_and_an_issue(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,name\nA1,First Co\nA1,Second Co\n", encoding="utf-8")
    parties = parse_generic_csv(
        path, ColumnMapping(name="name", id="id"), source="own", list_code="OWN"
    ).parties
    assert parties[1].id == parties[0].id + "-2"
    assert parties[1].issues[0].field == "id"


# --- delimiters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("name,country,address", ","),
        ("Entity Name;Country;Address", ";"),
        ("name\tcountry", "\t"),
        ("name|country|address", "|"),
        ('"Name, as listed";country', ";"),
        ("name", ","),
    ],
)
def test_delimiter_is_sniffed_from_the_header(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header + "\nx\n") == delimiter


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_delimiter_parses(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "list.csv"
    rows = [["name", "country"], ["Huawei Technologies Co., Ltd.", "CN"], ["ZTE Corporation", "CN"]]
    lines = [delimiter.join(f'"{v}"' if delimiter in v or "," in v else v for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = ColumnMapping(name="name", country="country")
    parties = parse_generic_csv(path, mapping, source="own", list_code="OWN").parties
    assert [(p.caption, p.countries) for p in parties] == [
        ("Huawei Technologies Co., Ltd.", ["CN"]),
        ("ZTE Corporation", ["CN"]),
    ]


def test_explicit_delimiter_wins(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name;note\nA, B and C;x\n", encoding="utf-8")
    parties = parse_generic_csv(
        path, ColumnMapping(name="name"), source="own", list_code="OWN", delimiter=";"
    ).parties
    assert parties[0].caption == "A, B and C"


# --- bad input ----------------------------------------------------------------------------


def test_missing_column_names_it_and_lists_the_columns() -> None:
    mapping = ColumnMapping(name="Entity Name", country="Nation")
    with pytest.raises(InputError, match="column 'Nation' is not in the file") as caught:
        parse_generic_csv(SEMICOLON_LIST, mapping, source="own", list_code="OWN")
    assert caught.value.position == "line 1"
    assert caught.value.hint and caught.value.hint.startswith("columns found: Ref, Entity Name")


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text('name,address\nHuawei,Shenzhen\nZTE,"Nanshan District, Shen', encoding="utf-8")
    with pytest.raises(InputError, match="ends inside a quoted field") as caught:
        parse_generic_csv(path, ColumnMapping(name="name"), source="own", list_code="OWN")
    assert caught.value.position == "line 3"


def test_rows_without_name_or_of_the_wrong_width_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("name,country\n,CN\nShort Row Co\n\nWide Co,CN,extra\n", encoding="utf-8")
    result = parse_generic_csv(
        path, ColumnMapping(name="name", country="country"), source="own", list_code="OWN"
    )
    assert [i.message for i in result.issues] == ["line 2 has no name; row skipped"]
    assert [(p.caption, [i.message for i in p.issues]) for p in result.parties] == [
        ("Short Row Co", ["line 3 has 1 fields, the header has 2"]),
        ("Wide Co", ["line 5 has 3 fields, the header has 2"]),
    ]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="the file is empty"):
        parse_generic_csv(path, ColumnMapping(name="name"), source="own", list_code="OWN")


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "issue"),
    [
        ("2021-03-12", dt.date(2021, 3, 12), None),
        ("2021/03/12", dt.date(2021, 3, 12), None),
        ("12.03.2021", dt.date(2021, 3, 12), None),
        ("12 March 2021", dt.date(2021, 3, 12), None),
        ("March 12, 2021", dt.date(2021, 3, 12), None),
        ("Mar 12 2021", dt.date(2021, 3, 12), None),
        ("13/03/2021", dt.date(2021, 3, 13), None),
        ("03/13/2021", dt.date(2021, 3, 13), None),
        ("03/03/2021", dt.date(2021, 3, 3), None),
        ("03/04/2021", None, "ambiguous date (day/month or month/day); left out"),
        ("2021-02-30", None, "not a date in a known format"),
        ("last spring", None, "not a date in a known format"),
        ("", None, None),
    ],
)
def test_user_dates(text: str, expected: dt.date | None, issue: str | None) -> None:
    issues: list[DataIssue] = []
    assert parse_user_date(text, "start_date", issues) == expected
    assert [i.message for i in issues] == ([issue] if issue else [])


# --- the registered format ----------------------------------------------------------------


def test_registered_format_is_never_sniffed() -> None:
    assert GENERIC_CSV_FORMAT.sniff(GUESSABLE_LIST, GUESSABLE_LIST.read_bytes()) is False
    with pytest.raises(InputError, match="unknown list format"):
        detect_format(GUESSABLE_LIST)


def test_registered_format_guesses_the_mapping() -> None:
    result = parse_file(GUESSABLE_LIST, "generic_csv")
    assert (result.source, result.format, result.listing_counts()) == (
        "custom",
        "generic_csv",
        {"CUSTOM": 3},
    )
    huawei = result.parties[0]
    assert [n.value for n in huawei.names] == [
        "Huawei Technologies Co., Ltd.",
        "华为技术有限公司",
        "Huawei",
    ]
    assert huawei.addresses[0].full == "Bantian, Longgang District, Shenzhen, Guangdong"
    assert huawei.listings[0].start_date == dt.date(2019, 5, 16)
    assert result.parties[1].countries == ["CN"]  # "China"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Name", "Country"], ColumnMapping(name="Name", country="Country")),
        (["entity_name", "Address"], ColumnMapping(name="entity_name", address="Address")),
        (
            ["Full Name", "Type", "Country Code", "AKA"],
            ColumnMapping(
                name="Full Name", schema="Type", country="Country Code", aliases=("AKA",)
            ),
        ),
        (
            ["ID", "Company", "Listed On"],
            ColumnMapping(name="Company", id="ID", start_date="Listed On"),
        ),
    ],
)
def test_header_guesses(header: list[str], expected: ColumnMapping) -> None:
    assert guess_mapping(header) == expected


def test_no_name_column_is_an_error_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("customer,nation\nHuawei,CN\n", encoding="utf-8")
    with pytest.raises(InputError, match="no name column found") as caught:
        parse_file(path, "generic_csv")
    assert caught.value.hint and "columns found: customer, nation" in caught.value.hint
