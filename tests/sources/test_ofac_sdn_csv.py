"""OFAC's legacy SDN CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv) -> parties.

The real files are the ~mid-2021 set in ../shared/data/ofac_sdn_2021 (see its PROVENANCE.md):
8,976 sdn.csv rows, 13,837 add.csv rows, 11,910 alt.csv rows and 5 sdn_comments.csv rows, each
file followed by its Ctrl-Z line (PROVENANCE.md counts that line in add.csv and alt.csv).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.model import (
    Identifier,
    NameKind,
    ParsedList,
    Party,
    Relation,
    RelationKind,
    Schema,
)
from entitywatch.sources import detect_format, ofac_sdn_csv
from tests.conftest import shared_file

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def sdn_dir() -> Path:
    return shared_file("ofac_sdn_2021/sdn.csv").parent


@pytest.fixture(scope="module")
def parsed(sdn_dir: Path) -> ParsedList:
    return ofac_sdn_csv.parse(sdn_dir)


@pytest.fixture(scope="module")
def by_ent_num(parsed: ParsedList) -> dict[str, Party]:
    return {party.source_record_id or "": party for party in parsed.parties}


def _sdn_lines(sdn_dir: Path) -> list[bytes]:
    """The data lines of the real sdn.csv, each with its CRLF, without the Ctrl-Z line."""
    lines = (sdn_dir / "sdn.csv").read_bytes().splitlines(keepends=True)
    assert lines[-1] == b"\x1a"
    return lines[:-1]


# --- whole-file counts ----------------------------------------------------------------------


def test_every_sdn_row_becomes_one_party_with_one_sdn_listing(parsed: ParsedList) -> None:
    assert parsed.source == "us_ofac_sdn"
    assert parsed.format == "ofac_sdn_csv"
    assert len(parsed.parties) == 8_976
    assert parsed.listing_counts() == {"SDN": 8_976}
    assert len({party.id for party in parsed.parties}) == 8_976
    assert parsed.issues == []  # all four files present, no orphan rows


def test_schema_counts(parsed: ParsedList) -> None:
    # individual 4,620, vessel 406, aircraft 277; the 3,673 "-0-" rows are companies when
    # their name carries a legal form, legal entities otherwise.
    assert Counter(party.schema for party in parsed.parties) == {
        Schema.PERSON: 4_620,
        Schema.COMPANY: 2_225,
        Schema.LEGAL_ENTITY: 1_448,
        Schema.VESSEL: 406,
        Schema.AIRCRAFT: 277,
    }


def test_name_counts(parsed: ParsedList) -> None:
    kinds = Counter(name.kind for party in parsed.parties for name in party.names)
    assert kinds == {
        NameKind.PRIMARY: 8_976,
        # alt.csv: 11,523 aka + 18 nka, less 6 that repeat a name the party already has
        NameKind.ALIAS: 11_535,
        NameKind.PREVIOUS: 369,  # alt.csv fka rows
        NameKind.WEAK_ALIAS: 2_441,  # quoted a.k.a./f.k.a. in the remarks
    }


def test_address_count(parsed: ParsedList) -> None:
    # 13,837 add.csv rows, of which 2,397 are "-0-" in address, city and country alike.
    assert sum(len(party.addresses) for party in parsed.parties) == 11_440


def test_facts_read_from_remarks(parsed: ParsedList) -> None:
    assert sum(len(p.birth_dates) for p in parsed.parties) == 5_201
    assert sum(len(p.nationalities) for p in parsed.parties) == 2_689
    identifiers = Counter(i.type for p in parsed.parties for i in p.identifiers)
    assert identifiers.total() == 7_109  # 7,039 from the remarks, 70 vessel call signs
    assert identifiers["Passport"] == 1_538
    assert identifiers["IMO"] == 410
    assert identifiers["Call Sign"] == 70
    assert identifiers["Unified Social Credit Code"] == 11  # USCC and USCCC spellings
    relations = Counter(
        (relation.kind, relation.target_id is not None)
        for party in parsed.parties
        for relation in party.relations
    )
    assert relations == {
        (RelationKind.AFFILIATE_OF, True): 3_394,  # "Linked To:" a listed party
        (RelationKind.AFFILIATE_OF, False): 14,
        (RelationKind.OWNED_BY, False): 9,  # the vessel owner column
        (RelationKind.OWNED_BY, True): 1,
    }


def test_unresolvable_countries_are_flagged_not_dropped(parsed: ParsedList) -> None:
    issues = [
        (party.source_record_id, issue.field, issue.value)
        for party in parsed.parties
        for issue in party.issues
    ]
    # "Region: Kafia Kingi" is disputed between Sudan and South Sudan: no ISO code.
    assert issues == [
        (ent_num, "addresses", "Region: Kafia Kingi")
        for ent_num in ("11018", "19100", "19929", "19930", "22884", "22885")
    ]


def test_loading_sdn_csv_itself_finds_the_side_files(parsed: ParsedList, sdn_dir: Path) -> None:
    again = ofac_sdn_csv.parse(sdn_dir / "sdn.csv")
    assert [party.to_dict() for party in again.parties] == [
        party.to_dict() for party in parsed.parties
    ]


# --- specific entries -----------------------------------------------------------------------

ENTRIES = [
    pytest.param(
        "306",
        {
            "schema": Schema.LEGAL_ENTITY,
            "name": "BANCO NACIONAL DE CUBA",
            "aliases": {("NATIONAL BANK OF CUBA", NameKind.ALIAS), ("BNC", NameKind.WEAK_ALIAS)},
            "programs": ("CUBA",),
            "countries": ["CH", "ES", "JP", "PA"],
            "remarks": "a.k.a. 'BNC'.",
        },
        id="bank-with-weak-alias-and-four-addresses",
    ),
    pytest.param(
        "173",
        {
            "schema": Schema.COMPANY,
            "name": "ANGLO-CARIBBEAN CO., LTD.",
            "aliases": {("AVIA IMPORT", NameKind.ALIAS)},
            "programs": ("CUBA",),
            "countries": ["GB"],
        },
        id="company-by-legal-form",
    ),
    pytest.param(
        "4307",
        {
            "schema": Schema.PERSON,
            "name": "ABRIL CORTEZ, Oliverio",  # "LASTNAME, Firstname" as published
            "aliases": {
                ("CORTEZ, Oliverio Abril", NameKind.PREVIOUS),
                ("ABRIL CORTES, Oliverio", NameKind.ALIAS),
            },
            "programs": ("SDNT",),
            "countries": ["CO"],
            "birth_dates": ["1956-08-20"],
            "identifiers": {
                Identifier("Cedula No.", "3002003", "CO"),
                Identifier("Passport", "AF368431", "CO"),
            },
        },
        id="person-with-fka-cedula-passport",
    ),
    pytest.param(
        "2686",
        {
            "schema": Schema.PERSON,
            "name": "NASRALLAH, Hasan",
            "title": "Secretary General of Hizballah",
            "programs": ("SDGT", "SYRIA"),
            "birth_dates": ["1960-08-31", "1953-08-31", "1955-08-31", "1958-08-31"],
            "identifiers": {Identifier("Passport", "042833", "LB")},
            "relations": [
                Relation(RelationKind.AFFILIATE_OF, "HIZBALLAH", target_id="ofac-sdn-4697")
            ],
        },
        id="person-with-alt-dobs-and-link",
    ),
    pytest.param(
        "16318",
        {
            "schema": Schema.PERSON,
            "name": "ZHANG, Lei",
            "nationalities": ["CN"],
            "identifiers": {
                Identifier("Passport", "G23851362", "CN"),
                Identifier("Passport", "W76048374", "CN"),
                Identifier("National ID No.", "320202197601030513", "CN"),
            },
            "relations": [
                Relation(RelationKind.AFFILIATE_OF, "CEC LIMITED", target_id="ofac-sdn-16319")
            ],
        },
        id="citizen-and-national-id",
    ),
    pytest.param(
        "23063",
        {
            "schema": Schema.COMPANY,
            "name": "WUHAN SANJIANG IMPORT AND EXPORT CO. LTD",
            "aliases": {
                ("WUHAN SANJIANG IMP. & EXP. CO. LTD.", NameKind.ALIAS),
                ("WSIEC", NameKind.WEAK_ALIAS),
            },
            "programs": ("NPWMD", "IFSR"),
            "countries": ["CN"],
            # "United Social Credit Code Certificate (USCCC)" in the remarks
            "identifiers": {Identifier("Unified Social Credit Code", "91420112711981060J", "CN")},
        },
        id="chinese-company-with-usccc",
    ),
    pytest.param(
        "24977",
        {
            "schema": Schema.COMPANY,
            "name": "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.",
            "programs": ("DPRK3", "DPRK4"),
            "identifiers": {Identifier("Unified Social Credit Code", "91222401MA0Y31E659", "CN")},
        },
        id="chinese-company-with-uscc",
    ),
    pytest.param(
        "4234",
        {
            "schema": Schema.VESSEL,
            "name": "HERMANN",
            "programs": ("CUBA",),
            "countries": ["CU"],  # the flag
            "identifiers": {Identifier("Call Sign", "CL2685", "CU")},
            "relations": [
                Relation(RelationKind.OWNED_BY, "Compania Navegacion Golfo S.A.", target_id=None)
            ],
            "notes": "Call sign: CL2685; Vessel type: General Cargo; Tonnage: 2597; "
            "Gross registered tonnage: 1098; Flag: Cuba; Owner: Compania Navegacion Golfo S.A.",
        },
        id="vessel-columns",
    ),
    pytest.param(
        "15036",
        {
            "schema": Schema.VESSEL,
            "name": "ARTAVIL",
            "aliases": {
                ("ABADAN", NameKind.PREVIOUS),
                ("SHONA", NameKind.PREVIOUS),
                ("ALPHA", NameKind.WEAK_ALIAS),  # f.k.a. 'ALPHA' in the remarks
            },
            "countries": ["IR"],
            "identifiers": {
                Identifier("Call Sign", "T2EU4", "IR"),
                Identifier("IMO", "9187629"),
                Identifier("MMSI", "572469210"),
            },
            "relations": [
                Relation(
                    RelationKind.AFFILIATE_OF,
                    "NATIONAL IRANIAN TANKER COMPANY",
                    target_id="ofac-sdn-15117",
                )
            ],
        },
        id="vessel-with-imo",
    ),
    pytest.param(
        "15431",
        {
            "schema": Schema.AIRCRAFT,
            "name": "EP-GOM",
            "programs": ("SDGT",),
            "identifiers": {
                Identifier("Aircraft Construction Number", "8401"),
                Identifier("Aircraft Manufacturer's Serial Number (MSN)", "1023409321"),
            },
            "relations": [
                Relation(RelationKind.AFFILIATE_OF, "POUYA AIR", target_id="ofac-sdn-13109")
            ],
        },
        id="aircraft",
    ),
    pytest.param(
        "28264",
        {
            "schema": Schema.PERSON,
            "name": "LI, Jiadong",
            # these three facts are only in the sdn_comments.csv continuation
            "aliases": {("blackjack1987", NameKind.WEAK_ALIAS), ("khaleesi", NameKind.WEAK_ALIAS)},
            "identifiers": {Identifier("Identification Number", "210302198701102136", "CN")},
            "relations": [
                Relation(RelationKind.AFFILIATE_OF, "LAZARUS GROUP", target_id="ofac-sdn-27307")
            ],
            "birth_dates": ["1987-01-10"],
            "nationalities": ["CN"],
        },
        id="remarks-continued-in-sdn-comments",
    ),
    pytest.param(
        "28263",
        {
            "name": "TIAN, Yinyin",
            # sdn.csv stops at "a.k.a. 'snowsjo"; sdn_comments.csv carries "hn'; Linked To..."
            "aliases": {
                ("tianyinyin0404", NameKind.WEAK_ALIAS),
                ("snowsjohn", NameKind.WEAK_ALIAS),
            },
        },
        id="weak-alias-split-across-files",
    ),
]


@pytest.mark.parametrize(("ent_num", "expected"), ENTRIES)
def test_entry(by_ent_num: dict[str, Party], ent_num: str, expected: dict[str, object]) -> None:
    party = by_ent_num[ent_num]
    assert party.id == f"ofac-sdn-{ent_num}"
    assert party.caption == expected["name"]
    assert party.names[0].kind is NameKind.PRIMARY
    listing = party.listings[0]
    assert (listing.list_code, listing.authority) == ("SDN", "Office of Foreign Assets Control")
    checks = {
        "schema": party.schema,
        "title": party.title,
        "programs": listing.programs,
        "countries": party.countries,
        "birth_dates": party.birth_dates,
        "nationalities": party.nationalities,
        "relations": party.relations,
        "notes": party.notes,
        "remarks": listing.remarks,
    }
    for key, actual in checks.items():
        if key in expected:
            assert actual == expected[key], key
    if "aliases" in expected:
        assert expected["aliases"] <= {(n.value, n.kind) for n in party.names}
    if "identifiers" in expected:
        assert expected["identifiers"] <= set(party.identifiers)


def test_full_remarks_stay_on_the_listing(by_ent_num: dict[str, Party]) -> None:
    remarks = by_ent_num["12300"].listings[0].remarks or ""
    assert len(remarks) > 1_000  # sdn.csv's 1,000 characters plus the comments row
    assert "PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL INMOBILIARIA" in remarks
    assert remarks.endswith("Linked To: R D I S.A.")


def test_null_marker_and_padding(by_ent_num: dict[str, Party]) -> None:
    # 36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,... and add.csv 36,25,-0- ,"Havana","Cuba",-0-
    party = by_ent_num["36"]
    assert party.schema is Schema.LEGAL_ENTITY
    assert party.title is None
    assert party.notes is None
    assert party.identifiers == []
    assert party.listings[0].remarks is None
    assert [(a.full, a.street, a.city, a.country) for a in party.addresses] == [
        ("Havana, Cuba", None, "Havana", "CU")
    ]


# --- pieces of the remarks grammar ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("12 Jan 1960", ["1960-01-12"]),
        ("Jan 1960", ["1960-01"]),
        ("1960", ["1960"]),
        ("circa 1960", ["1960"]),
        ("1951 to 1953", ["1951", "1953"]),
        ("circa 1979-1982", ["1979", "1982"]),
        ("01 Jan 1960 to 31 Dec 1960", ["1960"]),
        ("01 Feb 1962 to 28 Feb 1962", ["1962-02"]),
        ("Mar 1960 to Feb 1961", ["1960-03", "1961-02"]),
        ("31 Feb 1960", None),
        ("sometime in the sixties", None),
    ],
)
def test_parse_birth_dates(text: str, dates: list[str] | None) -> None:
    assert ofac_sdn_csv.parse_birth_dates(text) == dates


@pytest.mark.parametrize(
    ("text", "programs"),
    [
        ("CUBA", ("CUBA",)),
        ("[SDGT] [IRAN]", ("SDGT", "IRAN")),
        ("NPWMD] [IFSR", ("NPWMD", "IFSR")),  # the CSV drops the outer brackets
        ("SDGT] [SDGT", ("SDGT",)),
        (None, ()),
    ],
)
def test_split_programs(text: str | None, programs: tuple[str, ...]) -> None:
    assert ofac_sdn_csv.split_programs(text) == programs


@pytest.mark.parametrize(
    ("remarks", "field", "expected"),
    [
        ("DOB 12 Jan 1960; alt. DOB 1961.", "birth_dates", ["1960-01-12", "1961"]),
        ("nationality Korea, North; citizen Iran.", "nationalities", ["KP", "IR"]),
        ("nationality possibly Palestinian.", "nationalities", []),
        (
            "Passport E51809923 (China) issued 25 May 2015 expires 24 May 2025.",
            "identifiers",
            [Identifier("Passport", "E51809923", "CN")],
        ),
        (
            "Unified Social Credit Code (USCC) 9111000010000106X1 (China).",
            "identifiers",
            [Identifier("Unified Social Credit Code", "9111000010000106X1", "CN")],
        ),
        (
            "Registration Number CH-660.0.257.011-8 (Switzerland).",
            "identifiers",
            [Identifier("Registration Number", "CH-660.0.257.011-8", "CH")],
        ),
        (
            "Vessel Registration Identification IMO 9187629; Company Number IMO 5758476.",
            "identifiers",
            [Identifier("IMO", "9187629"), Identifier("IMO Company Number", "5758476")],
        ),
        ("Passport 12345 (9).", "identifiers", [Identifier("Passport", "12345")]),
        (
            "a.k.a. 'AL-QA'IDA'; f.k.a. 'OLD NAME'.",
            "names",
            [("AL-QA'IDA", NameKind.WEAK_ALIAS), ("OLD NAME", NameKind.WEAK_ALIAS)],
        ),
        (
            "Linked To: PROMO RAIZ S.A.S.",
            "relations",
            [Relation(RelationKind.AFFILIATE_OF, "PROMO RAIZ S.A.S.")],
        ),
        (
            "Owned or Controlled By: ACME TRADING LLC.",
            "relations",
            [Relation(RelationKind.OWNED_BY, "ACME TRADING LLC")],
        ),
        (
            "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial "
            "Institutions: North Korea Sanctions Regulations section 510.214.",
            "relations",
            [],
        ),
    ],
)
def test_parse_remarks(remarks: str, field: str, expected: list[object]) -> None:
    facts = ofac_sdn_csv.parse_remarks(remarks)
    actual = getattr(facts, field)
    if field == "names":
        actual = [(name.value, name.kind) for name in actual]
    assert actual == expected


def test_an_unreadable_birth_date_is_flagged() -> None:
    facts = ofac_sdn_csv.parse_remarks("DOB 31 Feb 1960.")
    assert facts.birth_dates == []
    assert [(issue.field, issue.value) for issue in facts.issues] == [
        ("birth_dates", "DOB 31 Feb 1960")
    ]


@pytest.mark.parametrize(
    ("name", "is_company"),
    [
        ("ANGLO-CARIBBEAN CO., LTD.", True),
        ("MINERA RIO PRESIDIO S.A. DE C.V.", True),
        ("DONCOALTRADE SP Z O O", True),
        ("OCEAN CAPITAL ADMINISTRATION GMBH", True),
        ("HIZBALLAH", False),
        ("AS-SAHAB MEDIA", False),
        ("IRAN NUCLEAR REGULATORY AUTHORITY", False),
    ],
)
def test_looks_like_company_name(name: str, is_company: bool) -> None:
    assert ofac_sdn_csv.looks_like_company_name(name) is is_company


# --- finding and sniffing the file set ------------------------------------------------------


def test_detect_format_on_the_folder_and_on_sdn_csv(sdn_dir: Path) -> None:
    assert detect_format(sdn_dir).name == "ofac_sdn_csv"
    assert detect_format(sdn_dir / "sdn.csv").name == "ofac_sdn_csv"


def test_sniff_refuses_the_side_files_and_other_names(sdn_dir: Path, tmp_path: Path) -> None:
    head = (sdn_dir / "sdn.csv").read_bytes()[:4096]
    assert ofac_sdn_csv.sniff(sdn_dir / "sdn.csv", head)
    assert not ofac_sdn_csv.sniff(sdn_dir / "add.csv", (sdn_dir / "add.csv").read_bytes()[:4096])
    assert not ofac_sdn_csv.sniff(tmp_path / "list.csv", head)
    assert not ofac_sdn_csv.sniff(tmp_path, b"")  # a folder without sdn.csv
    assert not ofac_sdn_csv.sniff(tmp_path / "SDN.CSV", b"ent_num,name,type\r\n")


def test_upper_case_file_names_are_found(sdn_dir: Path, tmp_path: Path) -> None:
    lines = _sdn_lines(sdn_dir)
    (tmp_path / "SDN.CSV").write_bytes(b"".join(lines[:3]) + b"\x1a")  # 36, 173, 306
    add = (sdn_dir / "add.csv").read_bytes().splitlines(keepends=True)
    alt = (sdn_dir / "alt.csv").read_bytes().splitlines(keepends=True)
    (tmp_path / "ADD.CSV").write_bytes(b"".join(add[:7]) + b"\x1a")  # row 7 is entity 424
    (tmp_path / "ALT.CSV").write_bytes(b"".join(alt[:3]) + b"\x1a")
    assert detect_format(tmp_path).name == "ofac_sdn_csv"
    assert detect_format(tmp_path / "SDN.CSV").name == "ofac_sdn_csv"
    parsed = ofac_sdn_csv.parse(tmp_path / "SDN.CSV")
    assert [(p.caption, len(p.addresses), len(p.names)) for p in parsed.parties] == [
        ("AEROCARIBBEAN AIRLINES", 1, 2),
        ("ANGLO-CARIBBEAN CO., LTD.", 1, 2),
        ("BANCO NACIONAL DE CUBA", 4, 3),
    ]
    assert [issue.message for issue in parsed.issues] == [
        "sdn_comments.csv is missing: remarks longer than 1,000 characters stay cut",
        "ADD.CSV line 7 refers to entity 424, which is not in sdn.csv",
    ]


def test_missing_side_files_are_file_level_issues(sdn_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes(b"".join(_sdn_lines(sdn_dir)[:10]) + b"\x1a")
    parsed = ofac_sdn_csv.parse(tmp_path)
    assert len(parsed.parties) == 10
    assert [issue.message for issue in parsed.issues] == [
        "sdn_comments.csv is missing: remarks longer than 1,000 characters stay cut",
        "add.csv is missing: parties have no add rows",
        "alt.csv is missing: parties have no alt rows",
    ]
    # the weak alias in the remarks is still read without alt.csv
    bank = next(p for p in parsed.parties if p.source_record_id == "306")
    assert [(n.value, n.kind) for n in bank.names] == [
        ("BANCO NACIONAL DE CUBA", NameKind.PRIMARY),
        ("BNC", NameKind.WEAK_ALIAS),
    ]


def test_a_folder_without_sdn_csv_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"holds no sdn\.csv"):
        ofac_sdn_csv.parse(tmp_path)


# --- the end-of-file marker and bad input ---------------------------------------------------


@pytest.mark.parametrize(
    "ending",
    [b"\x1a", b"\r\n\x1a", b"\r\n\r\n\x1a\r\n", b"", b"\r\n\r\n"],
    ids=["ctrl-z-line", "blank-line-then-ctrl-z", "ctrl-z-then-newline", "none", "blank-lines"],
)
def test_the_ctrl_z_line_and_blank_lines_are_ignored(
    sdn_dir: Path, tmp_path: Path, ending: bytes
) -> None:
    (tmp_path / "sdn.csv").write_bytes(b"".join(_sdn_lines(sdn_dir)[:50]) + ending)
    parsed = ofac_sdn_csv.parse(tmp_path / "sdn.csv")
    assert len(parsed.parties) == 50
    assert parsed.parties[-1].id == "ofac-sdn-" + _sdn_lines(sdn_dir)[49].split(b",")[0].decode()


def test_a_file_cut_inside_a_quoted_field_names_the_line(sdn_dir: Path, tmp_path: Path) -> None:
    lines = _sdn_lines(sdn_dir)
    cut = lines[100][: lines[100].index(b'"') + 5]  # 101st row stops inside the name
    (tmp_path / "sdn.csv").write_bytes(b"".join(lines[:100]) + cut)
    with pytest.raises(InputError) as caught:
        ofac_sdn_csv.parse(tmp_path / "sdn.csv")
    assert caught.value.position == "line 101"
    assert caught.value.reason == "the file ends inside a quoted field"
    assert str(tmp_path / "sdn.csv") in str(caught.value)


def test_a_row_with_missing_columns_names_file_and_line(sdn_dir: Path, tmp_path: Path) -> None:
    lines = _sdn_lines(sdn_dir)
    row = lines[100]
    cut = row[: row.index(b'",') + 1]  # ent_num and name only
    (tmp_path / "sdn.csv").write_bytes(b"".join(lines[:100]) + cut)
    with pytest.raises(InputError) as caught:
        ofac_sdn_csv.parse(tmp_path / "sdn.csv")
    assert caught.value.position == "line 101"
    assert caught.value.reason == "expected 12 columns, found 2"
    assert caught.value.path == str(tmp_path / "sdn.csv")


def test_a_broken_side_file_is_reported_with_its_own_name(sdn_dir: Path, tmp_path: Path) -> None:
    shutil.copy(sdn_dir / "sdn.csv", tmp_path / "sdn.csv")
    alt = (sdn_dir / "alt.csv").read_bytes().splitlines(keepends=True)
    (tmp_path / "alt.csv").write_bytes(b"".join(alt[:20]) + b'99,"aka"\r\n')
    with pytest.raises(InputError) as caught:
        ofac_sdn_csv.parse(tmp_path)
    assert (caught.value.path, caught.value.position) == (str(tmp_path / "alt.csv"), "line 21")
    assert caught.value.reason == "expected 5 columns, found 2"


def test_a_non_numeric_entity_number_is_an_input_error(sdn_dir: Path, tmp_path: Path) -> None:
    lines = _sdn_lines(sdn_dir)
    (tmp_path / "sdn.csv").write_bytes(b"".join(lines[:2]) + b"X" + lines[2])
    with pytest.raises(InputError, match="is not a number") as caught:
        ofac_sdn_csv.parse(tmp_path / "sdn.csv")
    assert caught.value.position == "line 3"


def test_windows_1252_text_is_read_and_reported(sdn_dir: Path, tmp_path: Path) -> None:
    row = b'99999,"CAF\xc9 NACIONAL",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    (tmp_path / "sdn.csv").write_bytes(row + b"\x1a")
    parsed = ofac_sdn_csv.parse(tmp_path / "sdn.csv")
    assert parsed.parties[0].caption == "CAFÉ NACIONAL"
    assert "read as Windows-1252" in parsed.issues[0].message


def test_the_csv_set_carries_no_dates(parsed: ParsedList) -> None:
    """Neither listing dates nor a publication date: the CSV set has none (the XML does)."""
    assert all(
        listing.start_date is None and listing.end_date is None
        for party in parsed.parties
        for listing in party.listings
    )
    assert parsed.published_at is None
