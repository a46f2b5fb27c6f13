"""The BIS Denied Persons List (raw ``dpl.txt``): rows of one order become one party.

Row counts come from ../shared/data/bis_dpl/PROVENANCE.md (581 rows in the 2022-09
file, 665 in the 2023-11 file); party counts, id persistence and the data defects were
measured on those files and checked by hand against the rows they name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.model import (
    Address,
    DataIssue,
    FederalRegisterCitation,
    IssueSeverity,
    Name,
    NameKind,
    ParsedList,
    Party,
    Schema,
)
from entitywatch.sources import detect_format, get_format
from entitywatch.sources.bis_dpl import HEADER, guess_schema, parse, read_rows, split_name
from tests.conftest import shared_file

pytestmark = pytest.mark.shared_data

DPL_2022 = "bis_dpl/dpl_2022-09.txt"
DPL_2023 = "bis_dpl/dpl_2023-11.txt"
HEADER_TEXT = (
    "Name, Street_Address, City, State, Country, Postal_Code, Effective_Date, "
    "Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation"
)

_cache: dict[str, ParsedList] = {}


def parsed(relative: str) -> ParsedList:
    if relative not in _cache:
        _cache[relative] = parse(shared_file(relative))
    return _cache[relative]


def party_named(relative: str, name: str) -> Party:
    matches = [p for p in parsed(relative).parties if p.caption == name]
    assert len(matches) == 1, f"{name!r}: {len(matches)} parties"
    return matches[0]


def real_lines(relative: str) -> list[str]:
    return shared_file(relative).read_text(encoding="utf-8").splitlines()


# --- detection and counts ---------------------------------------------------------------


@pytest.mark.parametrize("relative", [DPL_2022, DPL_2023])
def test_the_file_is_recognised_by_its_header(relative: str) -> None:
    fmt = detect_format(shared_file(relative))
    assert (fmt.name, fmt.source) == ("bis_dpl_txt", "us_bis_dpl")
    assert fmt.official_url == "https://www.bis.doc.gov/dpl/dpl.txt"
    assert get_format("bis_dpl_txt") is fmt
    assert ", ".join(HEADER) == HEADER_TEXT


@pytest.mark.parametrize(
    ("relative", "rows", "parties", "persons", "companies", "legal_entities", "addresses"),
    [
        (DPL_2022, 581, 460, 350, 107, 3, 575),
        (DPL_2023, 665, 546, 439, 102, 5, 660),
    ],
)
def test_rows_of_one_order_are_one_party(
    relative: str,
    rows: int,
    parties: int,
    persons: int,
    companies: int,
    legal_entities: int,
    addresses: int,
) -> None:
    assert len(read_rows(shared_file(relative))) == rows
    result = parsed(relative)
    assert (result.source, result.format) == ("us_bis_dpl", "bis_dpl_txt")
    assert len(result.parties) == parties
    assert result.listing_counts() == {"DPL": parties}
    schemas = [p.schema for p in result.parties]
    assert schemas.count(Schema.PERSON) == persons
    assert schemas.count(Schema.COMPANY) == companies
    assert schemas.count(Schema.LEGAL_ENTITY) == legal_entities
    # identical repeated rows (DAQING ZHOU, NEI-CHIEN CHU) contribute their address once
    assert sum(len(p.addresses) for p in result.parties) == addresses
    assert len({p.id for p in result.parties}) == parties


def test_ids_persist_between_the_2022_and_2023_files() -> None:
    old = {p.id: p for p in parsed(DPL_2022).parties}
    new = {p.id: p for p in parsed(DPL_2023).parties}
    shared = old.keys() & new.keys()
    assert len(shared) == 396
    assert len(old.keys() - new.keys()) == 64  # orders lifted or expired
    assert len(new.keys() - old.keys()) == 150  # orders added
    moved = [i for i in shared if old[i].listings[0].start_date != new[i].listings[0].start_date]
    assert len(moved) == 35  # renewed temporary denial orders keep their id


def test_a_renewed_temporary_denial_order_keeps_its_id() -> None:
    old = party_named(DPL_2022, "AL NASER AIRLINES")
    new = party_named(DPL_2023, "AL NASER AIRLINES")
    assert old.id == new.id
    assert (old.listings[0].start_date, old.listings[0].end_date) == (
        dt.date(2022, 5, 13),
        dt.date(2022, 11, 9),
    )
    assert (new.listings[0].start_date, new.listings[0].end_date) == (
        dt.date(2023, 10, 31),
        dt.date(2024, 10, 30),
    )
    assert len(old.listings[0].federal_register) == 15
    assert len(new.listings[0].federal_register) == 17


def test_namesakes_under_different_orders_are_different_parties() -> None:
    ash = [p for p in parsed(DPL_2023).parties if p.caption == "I. ASH"]
    assert sorted(p.listings[0].start_date for p in ash if p.listings[0].start_date) == [
        dt.date(2002, 3, 4),
        dt.date(2003, 6, 19),
    ]
    assert len({p.id for p in ash}) == 2


# --- a table of real entries ------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "caption", "schema", "names", "countries", "start", "end", "citations"),
    [
        (
            DPL_2023,
            "AARON ABRAHAM VILLA",
            Schema.PERSON,
            [Name("AARON ABRAHAM VILLA")],
            ["US"],
            dt.date(2022, 8, 24),
            dt.date(2026, 1, 14),
            (FederalRegisterCitation(87, 52741, dt.date(2022, 8, 29)),),
        ),
        (
            # four rows, two spellings (AL-NASER  AIRLINES), three countries
            DPL_2022,
            "AL NASER AIRLINES",
            Schema.COMPANY,
            [Name("AL NASER AIRLINES"), Name("AL-NASER AIRLINES", NameKind.ALIAS)],
            ["IQ", "AE", "JO"],
            dt.date(2022, 5, 13),
            dt.date(2022, 11, 9),
            None,
        ),
        (
            DPL_2023,
            "ZIMO SHENG",
            Schema.PERSON,
            [Name("ZIMO SHENG")],
            ["US", "CN"],
            dt.date(2020, 3, 16),
            dt.date(2028, 12, 13),
            (FederalRegisterCitation(85, 16054, dt.date(2020, 3, 20)),),
        ),
        (
            # "PRC" in the Country column
            DPL_2023,
            "JOHNSON HU",
            Schema.PERSON,
            [Name("JOHNSON HU")],
            ["CN"],
            dt.date(2016, 2, 3),
            dt.date(2024, 7, 24),
            (FederalRegisterCitation(81, 7304, dt.date(2016, 2, 11)),),
        ),
        (
            # no expiration: denied until further notice
            DPL_2023,
            "YARRA ANSTALT A.G.",
            Schema.COMPANY,
            [Name("YARRA ANSTALT A.G.")],
            ["LI"],
            dt.date(1985, 7, 11),
            None,
            (FederalRegisterCitation(50, 29244, dt.date(1985, 7, 18)),),
        ),
        (
            DPL_2023,
            "FUYI SUN",
            Schema.PERSON,
            [Name("FUYI SUN"), Name("FRANK SUN", NameKind.ALIAS)],
            None,
            None,
            None,
            None,
        ),
        (
            DPL_2023,
            "SIBERIAN AIRLINES",
            Schema.COMPANY,
            [Name("SIBERIAN AIRLINES"), Name("S7 AIRLINES", NameKind.ALIAS)],
            [],
            None,
            None,
            None,
        ),
        (
            DPL_2023,
            "SAMMY ELASHI",
            Schema.PERSON,
            [Name("SAMMY ELASHI"), Name("IHSAN MEDHAT ELASHI", NameKind.ALIAS)],
            ["US"],
            None,
            None,
            None,
        ),
        (
            DPL_2023,
            "KZ RESULTS",
            Schema.LEGAL_ENTITY,
            [Name("KZ RESULTS")],
            None,
            None,
            None,
            None,
        ),
    ],
)
def test_real_entries(
    relative: str,
    caption: str,
    schema: Schema,
    names: list[Name],
    countries: list[str] | None,
    start: dt.date | None,
    end: dt.date | None,
    citations: tuple[FederalRegisterCitation, ...] | None,
) -> None:
    p = party_named(relative, caption)
    assert p.schema is schema
    assert p.names == names
    if countries is not None:
        assert p.countries == countries
    (listing,) = p.listings
    assert (listing.list_code, listing.authority) == ("DPL", "Bureau of Industry and Security")
    assert listing.source_url == "https://www.bis.doc.gov/dpl/dpl.txt"
    if start is not None:
        assert listing.start_date == start
        assert listing.end_date == end
    if citations is not None:
        assert listing.federal_register == citations


def test_merged_rows_keep_every_address() -> None:
    assert party_named(DPL_2023, "ZIMO SHENG").addresses == [
        Address(
            full="3975 N. CRAMER STREET, UNIT 204, MILWAUKEE, WI, 53211",
            street="3975 N. CRAMER STREET, UNIT 204",
            city="MILWAUKEE",
            region="WI",
            postal_code="53211",
            country="US",
        ),
        Address(
            full="JINXIUYUAN 17-403, CHANGSHU, JIANGSU, 215500, CN",
            street="JINXIUYUAN 17-403, CHANGSHU",
            city="JIANGSU",
            postal_code="215500",
            country="CN",
        ),
    ]


def test_standard_order_action_and_last_update_are_the_remarks() -> None:
    remarks = party_named(DPL_2023, "AARON ABRAHAM VILLA").listings[0].remarks
    assert remarks == "Standard order: Y\nAction: F.R. NOTICE ADDED\nLast update: 2022-08-29"


def test_an_identical_repeated_row_is_merged_and_noted() -> None:
    p = party_named(DPL_2023, "DAQING ZHOU")
    assert len(p.addresses) == 1
    assert (
        DataIssue(
            field="row",
            message="line 154 repeats line 153; merged",
            severity=IssueSeverity.REPAIRED,
        )
        in p.issues
    )


# --- data defects ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "caption", "written", "stored", "severity"),
    [
        (DPL_2022, "AL NASER AIRLINES", "0222-05-18", "2022-05-18", IssueSeverity.REPAIRED),
        (DPL_2022, "ALI KOURANI", "2001-12-06", "2021-12-06", IssueSeverity.REPAIRED),
        (
            DPL_2022,
            "KNOKKE-HEIST SUPPORT CORPORATION MANAGEMENT",
            "2922-09-01",
            "2022-09-01",
            IssueSeverity.REPAIRED,
        ),
        (DPL_2022, "MANSOUR ZADEH", "3017-08-22", "2017-08-22", IssueSeverity.REPAIRED),
        (DPL_2023, "AL NASER AIRLINES", "1023-11-01", "2023-11-01", IssueSeverity.REPAIRED),
        (DPL_2023, "GIE KERMAN AVIATION", "1023-11-01", "2023-11-01", IssueSeverity.REPAIRED),
        # 2033 is after the file, 2023 and 2022 are two keystrokes away: not guessed
        (DPL_2023, "JOSE ERNESTO GARCIA", "3033-09-30", None, IssueSeverity.WARNING),
    ],
)
def test_typod_last_update_years_are_repaired_only_when_unambiguous(
    relative: str, caption: str, written: str, stored: str | None, severity: IssueSeverity
) -> None:
    p = party_named(relative, caption)
    (issue,) = [i for i in p.issues if i.field == "last_update"]
    assert (issue.value, issue.severity) == (written, severity)
    remarks = p.listings[0].remarks or ""
    if stored is None:
        assert "Last update" not in remarks
        assert "not stored" in issue.message
    else:
        assert f"repaired to {stored}" in issue.message


@pytest.mark.parametrize(
    ("relative", "flagged"),
    [
        (
            DPL_2022,
            {
                ("last_update", IssueSeverity.REPAIRED): 4,
                ("address.country", IssueSeverity.WARNING): 14,
                ("address.country", IssueSeverity.REPAIRED): 1,
                ("row", IssueSeverity.REPAIRED): 2,
                ("federal_register", IssueSeverity.WARNING): 24,
            },
        ),
        (
            DPL_2023,
            {
                ("last_update", IssueSeverity.REPAIRED): 3,
                ("last_update", IssueSeverity.WARNING): 1,
                ("end_date", IssueSeverity.WARNING): 2,
                ("address.country", IssueSeverity.REPAIRED): 1,
                ("row", IssueSeverity.REPAIRED): 2,
                ("federal_register", IssueSeverity.WARNING): 29,
            },
        ),
    ],
)
def test_every_defect_in_the_real_files_is_flagged(
    relative: str, flagged: dict[tuple[str, IssueSeverity], int]
) -> None:
    counts: dict[tuple[str, IssueSeverity], int] = {}
    for p in parsed(relative).parties:
        for issue in p.issues:
            key = (issue.field, issue.severity)
            counts[key] = counts.get(key, 0) + 1
    assert counts == flagged


def test_rows_that_disagree_on_the_expiration_keep_the_latest() -> None:
    p = party_named(DPL_2023, "JESUS ADRIAN RAMIREZ")
    assert p.listings[0].end_date == dt.date(2030, 12, 16)
    (issue,) = [i for i in p.issues if i.field == "end_date"]
    assert issue.value == "2023-12-16, 2030-12-16"


def test_a_us_state_in_the_country_column_is_read_as_us() -> None:
    (address,) = party_named(DPL_2023, "STEPHEN EDWARD SMITH").addresses
    assert (address.region, address.country) == ("NM", "US")
    (issue,) = party_named(DPL_2023, "STEPHEN EDWARD SMITH").issues
    assert (issue.field, issue.value, issue.severity) == (
        "address.country",
        "NM",
        IssueSeverity.REPAIRED,
    )


def test_a_country_code_in_the_state_column_is_flagged_not_guessed() -> None:
    # "RS" beside Stavropol means Russia, although RS is Serbia's code
    (address,) = party_named(DPL_2022, "ALEXEY KRUTILIN").addresses
    assert (address.region, address.country) == ("RS", None)
    (issue,) = party_named(DPL_2022, "ALEXEY KRUTILIN").issues
    assert (issue.field, issue.value, issue.severity) == (
        "address.country",
        "RS",
        IssueSeverity.WARNING,
    )


def write_dpl(tmp_path: Path, expiration: str) -> Path:
    """Header and AARON ABRAHAM VILLA's real row, with its Expiration_Date replaced."""
    header, row = real_lines(DPL_2023)[:3:2]
    fields = row.split("\t")
    assert fields[0] == '"AARON ABRAHAM VILLA"' and fields[7] == '"01/14/2026"'
    fields[7] = f'"{expiration}"'
    path = tmp_path / "dpl.txt"
    path.write_text(f"{header}\n" + "\t".join(fields) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("expiration", "end_date", "flagged"),
    [
        ("01/14/2026", dt.date(2026, 1, 14), False),
        ("", None, False),  # no expiration: denied until further notice
        ("01/14/3026", None, True),  # a typo'd year is never repaired for an end date
        ("01/14/2021", None, True),  # before the effective date 08/24/2022
        ("14/01/2026", None, True),  # day and month swapped: no month 14
        ("2026-01-14", None, True),  # not the file's MM/DD/YYYY
    ],
)
def test_an_impossible_expiration_is_flagged_and_not_stored(
    tmp_path: Path, expiration: str, end_date: dt.date | None, flagged: bool
) -> None:
    (p,) = parse(write_dpl(tmp_path, expiration)).parties
    assert p.listings[0].end_date == end_date
    issues = [i for i in p.issues if i.field == "end_date"]
    assert len(issues) == flagged
    if flagged:
        assert issues[0].value == expiration
        assert issues[0].severity is IssueSeverity.WARNING
        assert issues[0].message == ("line 2: Expiration_Date is not a possible date; not stored")


def test_a_blank_expiration_beside_a_dated_one_leaves_the_denial_open(tmp_path: Path) -> None:
    path = write_dpl(tmp_path, "")
    row = real_lines(DPL_2023)[2]
    with path.open("a", encoding="utf-8") as handle:  # the same row again, still dated
        handle.write(row.replace("3415 RIVERA AVENUE", "1 OTHER STREET") + "\n")
    (p,) = parse(path).parties
    assert len(p.addresses) == 2
    assert p.listings[0].end_date is None
    (issue,) = p.issues
    assert (issue.field, issue.value) == ("end_date", "2026-01-14, none")


# --- names and schema --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("AARON ABRAHAM VILLA", [Name("AARON ABRAHAM VILLA")]),
        ("FUYI SUN A/K/A FRANK SUN", [Name("FUYI SUN"), Name("FRANK SUN", NameKind.ALIAS)]),
        (
            "SIBERIAN AIRLINES D/B/A S7 AIRLINES",
            [Name("SIBERIAN AIRLINES"), Name("S7 AIRLINES", NameKind.ALIAS)],
        ),
        (
            "PEARL (A.K.A. NEI-CHIEN CHU) LI",
            [Name("PEARL LI"), Name("NEI-CHIEN CHU", NameKind.ALIAS)],
        ),
        (
            "SAMMY (IHSAN MEDHAT) ELASHI",
            [Name("SAMMY ELASHI"), Name("IHSAN MEDHAT ELASHI", NameKind.ALIAS)],
        ),
        ('SHAOHUA "ERIC" WANG', [Name("SHAOHUA WANG"), Name("ERIC WANG", NameKind.ALIAS)]),
        (
            "ASMAT (APPLIED SYSTEMS METHODS AND TECHNOLOGY)",
            [Name("ASMAT"), Name("APPLIED SYSTEMS METHODS AND TECHNOLOGY", NameKind.ALIAS)],
        ),
        ("GE SONG TAO (GE)", [Name("GE SONG TAO"), Name("GE", NameKind.WEAK_ALIAS)]),
        ("ANNEXFIELD , LTD.", [Name("ANNEXFIELD, LTD.")]),
        ("UTAIR AVIATION JSC,", [Name("UTAIR AVIATION JSC")]),
        (" I. ASH", [Name("I. ASH")]),
    ],
)
def test_split_name(raw: str, names: list[Name]) -> None:
    assert split_name(raw) == names


@pytest.mark.parametrize(
    ("raw", "streets", "schema"),
    [
        ("AIR FREIGHT LTD", [], Schema.COMPANY),
        ("BIB INDUSTRIE-HANDEL DIPL.ING M. MANGELSEN GMBH", [], Schema.COMPANY),
        ("SYNAPTIX.NET", [], Schema.COMPANY),
        ("SOCCER ZONE (MNC GROUP INTERNATIONAL, INC.)", [], Schema.COMPANY),
        ("AZUR AIR", [], Schema.COMPANY),
        ("ABEL HERNANDEZ, JR.", [], Schema.PERSON),
        ("CAPTAIN ELYAZGI", [], Schema.PERSON),
        ("JIN, ZHONGDA", [], Schema.PERSON),
        ("ALI M HIJAZI", [], Schema.PERSON),
        ("ELECTROCOM", [], Schema.LEGAL_ENTITY),
        ("ELECTROCOM", ["INMATE NUMBER: 12345-678, FCI LA TUNA"], Schema.PERSON),
        ("KZ RESULTS", [], Schema.LEGAL_ENTITY),
        ("AVIASTAR - TU", [], Schema.LEGAL_ENTITY),
    ],
)
def test_guess_schema(raw: str, streets: list[str], schema: Schema) -> None:
    assert guess_schema(raw, streets) is schema


# --- bad input ---------------------------------------------------------------------------


def test_a_comma_separated_copy_names_line_1_and_the_expected_header(tmp_path: Path) -> None:
    path = tmp_path / "dpl.csv"
    lines = [line.replace("\t", ",") for line in real_lines(DPL_2023)[:5]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        get_format("bis_dpl_txt").parse(path)
    error = caught.value
    assert (error.path, error.position) == (str(path), "line 1")
    assert "commas but no tabs" in str(error)
    assert error.hint == f"expected the tab-separated columns {HEADER_TEXT}"


def test_a_row_with_a_missing_field_names_its_line(tmp_path: Path) -> None:
    lines = real_lines(DPL_2023)[:6]
    lines[4] = lines[4].rsplit("\t", 1)[0]  # FR_Citation lost
    path = tmp_path / "dpl.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"dpl\.txt:line 5: expected 12 tab-separated fields, found 11"
    ):
        parse(path)


def test_a_file_cut_inside_a_quoted_field_names_the_record(tmp_path: Path) -> None:
    text = "\n".join(real_lines(DPL_2023)[:10])
    path = tmp_path / "dpl.txt"
    path.write_text(text[: text.rindex('"') - 3], encoding="utf-8")
    with pytest.raises(InputError, match=r"line 10: the file ends inside a quoted field"):
        parse(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: the file is empty"):
        parse(path)
