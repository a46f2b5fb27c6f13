"""The trade.gov Consolidated Screening List (CSL) importer, CSV and JSON.

Row counts come from the PROVENANCE.md files in ../shared/data (csl_2022, csl_2023_partial,
csl_samples); the expected cleaned values were read off the real rows they name. The CSV
parser keeps one party per row, in file order, so a party is found here by the row that
the file writes for it (``listed``), exactly as the source spells its name.

The JSON fixture (tests/fixtures/csl/consolidated_sample.json) was written for these
tests in the shape of the trade.gov JSON export, from seven entries of the April 2022
list: the JSON path must give the same parties as the CSV rows of those entries.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import re
import tempfile
from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.model import (
    Address,
    DataIssue,
    FederalRegisterCitation,
    Identifier,
    IssueSeverity,
    Name,
    NameKind,
    ParsedList,
    Party,
    RelationKind,
    ReviewPolicy,
    Schema,
)
from entitywatch.sources import detect_format, get_format
from entitywatch.sources.csl import (
    MangledCharacterRepair,
    list_code_and_authority,
    listing_date_from_facts,
    parse_birth_dates,
    parse_checked_date,
    parse_csl_address,
    parse_csl_csv,
    parse_csl_ids,
    parse_csl_json,
)
from tests.conftest import shared_file

pytestmark = pytest.mark.shared_data

CSL_2022 = "csl_2022/consolidated.csv"
CSL_2022_GZ = "csl_2022/consolidated.csv.gz"
CSL_2023 = "csl_2023_partial/csl.csv"
CSL_2019_SAMPLE = "csl_samples/csl_2019_sample.csv"
CSL_2025_SAMPLE = "csl_samples/consolidated_2025_sample.csv"
JSON_FIXTURE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "csl" / "consolidated_sample.json"
)

LISTS_2022 = {
    "CAP": 53, "CMIC": 68, "DPL": 462, "DTC": 727, "EL": 2001, "FSE": 3, "ISN": 163,
    "MBS": 17, "MEU": 71, "PLC": 78, "SDN": 10026, "SSI": 290, "UVL": 201,
}  # fmt: skip
# PROVENANCE of csl_2023_partial counts the truncated last row (an SDN entry) as data.
LISTS_2023_COMPLETE = {
    "CAP": 1, "CMIC": 68, "DPL": 577, "DTC": 142, "EL": 919, "FSE": 1, "ISN": 144,
    "MBS": 14, "MEU": 71, "PLC": 78, "SDN": 1737, "SSI": 288, "UVL": 186,
}  # fmt: skip
LISTS_2019_SAMPLE = {
    "CAP": 1, "DPL": 8, "DTC": 10, "EL": 22, "ISN": 3, "PLC": 13, "SDN": 28, "SSI": 26,
    "UVL": 4,
}  # fmt: skip
LISTS_2025_SAMPLE = {
    "DPL": 1, "DTC": 1, "EL": 1, "FSE": 1, "ISN": 1, "MEU": 1, "PLC": 2, "SDN": 1, "SSI": 3,
    "UVL": 1,
}  # fmt: skip


# --- helpers ------------------------------------------------------------------------------


def complete_records_of_2023(directory: Path) -> Path:
    """The 2023 file without its last record, which the source cut off mid-field."""
    data = shared_file(CSL_2023).read_bytes()
    path = directory / "csl_2023_complete.csv"
    path.write_bytes(data[: data.rindex(b"\n") + 1])
    return path


@functools.cache
def parsed(relative: str) -> ParsedList:
    if relative == CSL_2023:
        raise AssertionError("the 2023 file is truncated: use complete_records_of_2023")
    return parse_csl_csv(shared_file(relative))


@functools.cache
def parsed_2023() -> ParsedList:
    with tempfile.TemporaryDirectory() as directory:
        return parse_csl_csv(complete_records_of_2023(Path(directory)))


@functools.cache
def rows_with_parties(relative: str) -> list[tuple[dict[str, str], Party]]:
    """Each data row of a file beside the party made from it (one party per row)."""
    with open(shared_file(relative), encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["source"] != "source"]
    parties = parsed(relative).parties
    assert len(rows) == len(parties)
    return list(zip(rows, parties, strict=True))


def listed(raw_name: str, code: str = "EL", relative: str = CSL_2022) -> list[Party]:
    """The parties of the rows whose ``name`` column is ``raw_name`` on list ``code``."""
    found = [
        party
        for row, party in rows_with_parties(relative)
        if row["name"].strip() == raw_name and party.listings[0].list_code == code
    ]
    assert found, f"no {code} row named {raw_name!r}"
    return found


def one_listed(raw_name: str, code: str = "EL", relative: str = CSL_2022) -> Party:
    found = listed(raw_name, code, relative)
    assert len(found) == 1, f"{raw_name!r}: {len(found)} rows"
    return found[0]


def by_caption(caption: str, code: str = "EL") -> Party:
    found = [
        p
        for p in parsed(CSL_2022).parties
        if p.caption == caption and p.listings[0].list_code == code
    ]
    assert len(found) == 1, f"{caption!r}: {len(found)} parties"
    return found[0]


def name_pairs(party: Party) -> list[tuple[NameKind, str]]:
    return [(name.kind, name.value) for name in party.names]


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative", [CSL_2022, CSL_2022_GZ, CSL_2023, CSL_2019_SAMPLE, CSL_2025_SAMPLE]
)
def test_every_csl_file_is_recognised_as_csl_csv(relative: str) -> None:
    fmt = detect_format(shared_file(relative))
    assert (fmt.name, fmt.source) == ("csl_csv", "us_trade_csl")
    assert get_format("csl_csv") is fmt
    assert fmt.official_url is not None and fmt.official_url.endswith("/consolidated.csv")


def test_the_json_export_is_recognised_as_csl_json() -> None:
    fmt = detect_format(JSON_FIXTURE)
    assert (fmt.name, fmt.source) == ("csl_json", "us_trade_csl")
    assert fmt.official_url is not None and fmt.official_url.endswith("/consolidated.json")


# --- counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "parties", "lists"),
    [
        (CSL_2022, 14_160, LISTS_2022),
        (CSL_2022_GZ, 14_160, LISTS_2022),
        (CSL_2019_SAMPLE, 115, LISTS_2019_SAMPLE),  # 28-column layout without _id
        (CSL_2025_SAMPLE, 13, LISTS_2025_SAMPLE),
    ],
)
def test_one_party_and_one_listing_per_row(
    relative: str, parties: int, lists: dict[str, int]
) -> None:
    result = parsed(relative)
    assert (result.source, result.format) == ("us_trade_csl", "csl_csv")
    assert len(result.parties) == parties
    assert result.listing_count == parties
    assert result.listing_counts() == lists
    assert len({party.id for party in result.parties}) == parties
    assert all(party.caption.casefold() != "name" for party in result.parties)
    assert result.issues == []


def test_the_gzipped_file_gives_the_identical_result() -> None:
    plain = [party.to_dict() for party in parsed(CSL_2022).parties]
    gzipped = [party.to_dict() for party in parsed(CSL_2022_GZ).parties]
    assert gzipped == plain


def test_the_2023_file_is_refused_because_its_last_record_is_cut_off() -> None:
    # PROVENANCE counts 4,228 data rows: one repeated header line, 4,226 complete records,
    # and a last SDN record that ends in the middle of its addresses field. A file that
    # ends inside a record is a truncated download: loading it would silently drop
    # parties, so the parser refuses it and names the record's line.
    path = shared_file(CSL_2023)
    with pytest.raises(InputError) as caught:
        parse_csl_csv(path)
    assert caught.value.position == "line 4233"
    assert "ends inside a quoted field" in str(caught.value)
    assert str(caught.value).startswith(f"{path}:line 4233: ")


def test_the_complete_records_of_2023_skip_the_repeated_header_line() -> None:
    result = parsed_2023()
    assert len(result.parties) == 4_226
    assert result.listing_counts() == LISTS_2023_COMPLETE
    assert len({party.id for party in result.parties}) == 4_226
    assert all(party.caption.casefold() != "name" for party in result.parties)
    assert result.issues == [
        DataIssue("header", "skipped a repeated header line", "line 2", IssueSeverity.REPAIRED)
    ]


@pytest.mark.parametrize(
    ("code", "same_name", "same_id"),
    [
        # list, parties of that list named alike in 2022 and 2023, of which keep their id
        ("MEU", 71, 71),
        ("CMIC", 24, 24),  # names changed case; ids come from OFAC entity numbers
        ("EL", 898, 898),
        ("UVL", 143, 143),
        ("ISN", 132, 132),
        ("DTC", 130, 130),
        ("SDN", 1_726, 1_726),
        ("SSI", 279, 279),
        # two DPL addresses were corrected from "RS, 357020" to "357020, RU" in 2023: the
        # country is part of a DPL party's id, so those two ids change
        ("DPL", 374, 372),
    ],
)
def test_ids_persist_between_the_2022_and_2023_files(
    code: str, same_name: int, same_id: int
) -> None:
    def ids_by_name(result: ParsedList) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for party in result.parties:
            if party.listings[0].list_code == code:
                out.setdefault(party.caption, set()).add(party.id)
        return out

    old, new = ids_by_name(parsed(CSL_2022)), ids_by_name(parsed_2023())
    shared = old.keys() & new.keys()
    assert len(shared) == same_name
    assert sum(1 for name in shared if old[name] & new[name]) >= same_id


def test_every_cmic_party_keeps_its_id_whatever_its_name() -> None:
    def cmic_ids(result: ParsedList) -> set[str]:
        return {p.id for p in result.parties if p.listings[0].list_code == "CMIC"}

    assert cmic_ids(parsed(CSL_2022)) == cmic_ids(parsed_2023())


# --- list codes and listing facts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code", "authority"),
    [
        ("Capta List (CAP) - Treasury Department", "CAP", "Treasury Department"),
        ("Denied Persons List (DPL) - Bureau of Industry and Security", "DPL",
         "Bureau of Industry and Security"),
        ("Entity List (EL) - Bureau of Industry and Security", "EL",
         "Bureau of Industry and Security"),
        ("Foreign Sanctions Evaders (FSE) - Treasury Department", "FSE", "Treasury Department"),
        ("ITAR Debarred (DTC) - State Department", "DTC", "State Department"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "MEU",
         "Bureau of Industry and Security"),
        ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury "
         "Department", "CMIC", "Treasury Department"),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "MBS",
         "Treasury Department"),
        ("Nonproliferation Sanctions (ISN) - State Department", "ISN", "State Department"),
        ("Palestinian Legislative Council List (PLC) - Treasury Department", "PLC",
         "Treasury Department"),
        ("Sectoral Sanctions Identifications List (SSI) - Treasury Department", "SSI",
         "Treasury Department"),
        ("Specially Designated Nationals (SDN) - Treasury Department", "SDN",
         "Treasury Department"),
        ("Unverified List (UVL) - Bureau of Industry and Security", "UVL",
         "Bureau of Industry and Security"),
    ],
)  # fmt: skip
def test_each_source_string_names_its_list_and_authority(
    source: str, code: str, authority: str
) -> None:
    assert list_code_and_authority(source)[:2] == (code, authority)
    listing = next(p for row, p in rows_with_parties(CSL_2022) if row["source"] == source)
    assert (listing.listings[0].list_code, listing.listings[0].authority) == (code, authority)


def test_the_table_above_covers_every_source_of_the_2022_file() -> None:
    sources = {row["source"] for row, _ in rows_with_parties(CSL_2022)}
    assert len(sources) == 13
    assert {list_code_and_authority(s)[0] for s in sources} == set(LISTS_2022)


@pytest.mark.parametrize(
    ("raw_name", "code", "programs"),
    [
        ("LIU, Emily", "SDN", ("NPWMD", "IFSR")),
        ("AMBER", "SDN", ("IRAN",)),
        ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.", "CMIC", ("CMIC-EO13959",)),
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "EL", ()),
    ],
)
def test_programs_are_split(raw_name: str, code: str, programs: tuple[str, ...]) -> None:
    assert one_listed(raw_name, code).listings[0].programs == programs


def test_federal_register_citations_of_an_entity_list_row_are_parsed() -> None:
    listing = one_listed(
        "Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Beijing Huawei "
        "Longshine Information Technology Co., Ltd."
    ).listings[0]
    # "84 FR 22961, 84 FR 43495, 85 FR 29852, 85 FR 36720, 85 FR 51603 "
    assert listing.federal_register == (
        FederalRegisterCitation(84, 22961),
        FederalRegisterCitation(84, 43495),
        FederalRegisterCitation(85, 29852),
        FederalRegisterCitation(85, 36720),
        FederalRegisterCitation(85, 51603),
    )
    assert listing.start_date == dt.date(2019, 5, 21)
    assert listing.license_policy == "Presumption of denial"
    assert [(c.policy, c.scope) for c in listing.license_policy_clauses] == [
        (ReviewPolicy.PRESUMPTION_OF_DENIAL, "all_items")
    ]


def test_the_licence_policy_clauses_of_hikvision_name_the_case_by_case_eccns() -> None:
    listing = one_listed("Hangzhou Hikvision Digital Technology Co., Ltd.").listings[0]
    assert listing.federal_register == (
        FederalRegisterCitation(84, 54002),
        FederalRegisterCitation(85, 44159),
    )
    assert (
        listing.license_requirement == "For all items subject to the EAR.  (See §744.11 of the EAR)"
    )
    assert [(c.policy, c.scope, c.eccns) for c in listing.license_policy_clauses] == [
        (
            ReviewPolicy.CASE_BY_CASE,
            "eccns",
            ("1A004.c", "1A004.d", "1A995", "1A999.a", "1D003", "2A983", "2D983", "2E983"),
        ),
        (ReviewPolicy.CASE_BY_CASE, "described", ()),
        (ReviewPolicy.CASE_BY_CASE, "described", ()),
        (ReviewPolicy.PRESUMPTION_OF_DENIAL, "all_other_items", ()),
    ]


def test_entity_list_rows_have_licence_policy_clauses() -> None:
    el = [p.listings[0] for p in parsed(CSL_2022).parties if p.listings[0].list_code == "EL"]
    with_policy = [listing for listing in el if listing.license_policy]
    assert len(with_policy) == 2_000  # PROVENANCE: license_policy on 2,000 of 2,001 rows
    assert all(listing.license_policy_clauses for listing in with_policy)


# --- names ----------------------------------------------------------------------------------

A, F, W, P = NameKind.ALIAS, NameKind.PREVIOUS, NameKind.WEAK_ALIAS, NameKind.PRIMARY


@pytest.mark.parametrize(
    ("code", "raw_name", "names"),
    [
        # Federal Register joiner "; and X"
        ("EL", "140 Repair Plant JSC", [
            (P, "140 Repair Plant JSC"),
            (A, "Open Joint Stock Company 140 Repair Plant"),
            (A, "JSC 140 Repair Plant"),
        ]),
        # "..., Ltd., and Sense Time" is two aliases
        ("EL", "Beijing Sensetime Technology Development Co., Ltd.", [
            (P, "Beijing Sensetime Technology Development Co., Ltd."),
            (A, "Beijing Shangtang Technology Development Co., Ltd."),
            (A, "Sense Time"),
        ]),
        # inline ", a.k.a., " inside one alias, and a sentence-final period
        ("EL", "China State Shipbuilding Corporation, Limited (CSSC) 12th Research Institute", [
            (P, "China State Shipbuilding Corporation, Limited (CSSC) 12th Research Institute"),
            (A, "China Shipbuilding Industry Group Co., Ltd. (CSIC) 12th Research Institute"),
            (A, "Thermal Processing Technology Research Institute"),
            (A, "Hot Working Technology Research Institute"),
        ]),
        # "; f.k.a. X" is a previous name
        ("EL", "Gazprom Neft", [
            (P, "Gazprom Neft"),
            (A, "Gazprom Neft OAO"),
            (A, "JSC Gazprom Neft"),
            (A, "Open Joint-Stock Company Gazprom Neft"),
            (F, "Sibirskaya Neftyanaya Kompaniya OAO"),
        ]),
        # the name itself carries "(f.k.a. X)"
        ("EL", "Gazprom Telekom, OOO (f.k.a. Zakrytoe Aktsionernoe Obshchestvo Gaztelekom)", [
            (P, "Gazprom Telekom, OOO"),
            (F, "Zakrytoe Aktsionernoe Obshchestvo Gaztelekom"),
            (A, "Gazprom Telecom"),
            (A, 'Obshchestvo S Ogranichennoi Otvetstvennostyu "Gazprom Telekom"'),
        ]),
        # ", a.k.a. X" in the name
        ("EL", "Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd. "
               "(Chitron-Shenzhen)", [
            (P, "Chitron Electronics Company Ltd."),
            (A, "Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)"),
        ]),
        # "(a.k.a. X; Y)" gives two aliases
        ("DTC", "Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and "
                "Supply)", [
            (P, "Mexpar International, Inc."),
            (A, "Pasadena Aerospace"),
            (A, "Aviation Logistics and Supply"),
        ]),
        # the a.k.a. in the middle of a person's name
        ("DPL", "PEARL (A.K.A. NEI-CHIEN CHU) LI", [(P, "PEARL LI"), (A, "NEI-CHIEN CHU")]),
        # "Akar" is a name, not "aka" + "r"; "YK-AKA" is a tail number
        ("SDN", "AUNG, Phyo Arkar", [(P, "AUNG, Phyo Arkar"), (A, "AUNG, U Phyo Akar")]),
        ("SDN", "YK-AKA", [(P, "YK-AKA")]),
        # a stray ")" after the last alias: "...; and JSC AOMZ)."
        ("EL", "Tactical Missile Corporation, Azov Optical and Mechanical Plant", [
            (P, "Tactical Missile Corporation, Azov Optical and Mechanical Plant"),
            (A, "PPO Azovski Optiko-Mekhanicheski Zavod"),
            (A, "Pervichnaya Profsoyuznaya Organizatsiya Azovski Optiko-Mekhanicheski Zavod "
                "Rossiskogo Profsoyuza Rabotnikov Promyshlennosti"),
            (A, "JSC AOMZ"),
        ]),
        # a trailing comma in the source's name
        ("EL", "Guangzhou Haige Communication Group Co., Ltd.,", [
            (P, "Guangzhou Haige Communication Group Co., Ltd."),
            (A, "Haige Communications"),
            (A, "Guangzhou Radio Factory"),
            (A, "State-owned 750 Factory"),
        ]),
        # the listing's scope is not part of the name
        ("ISN", "Wael Issa Trading Establishment and any successor, sub-unit, or subsidiary "
                "thereof", [(P, "Wael Issa Trading Establishment")]),
    ],
)  # fmt: skip
def test_names_are_cleaned_into_primary_aliases_and_previous_names(
    code: str, raw_name: str, names: list[tuple[NameKind, str]]
) -> None:
    assert name_pairs(one_listed(raw_name, code)) == names


def test_an_editorial_note_among_the_aliases_is_reported_not_kept_as_a_name() -> None:
    party = one_listed("Chinese Academy of Engineering Physics")
    aliases = [value for kind, value in name_pairs(party) if kind is A]
    assert "Southwest Institute of Nuclear Physics and Chemistry" in aliases
    assert "China Academy of Engineering Physics (CAEP)'s 902 Institute" in aliases
    assert not [alias for alias in aliases if alias.startswith("(")]
    note = "(all of preceding located in or near Mianyang, Sichuan Province)"
    assert (
        DataIssue("alt_names", "an editorial note in the aliases, not a name", note) in party.issues
    )


def test_a_bare_and_between_aliases_is_reported_not_kept() -> None:
    with_aliases = one_listed("Center for High Pressure Science and Technology Advanced Research")
    assert name_pairs(with_aliases) == [
        (P, "Center for High Pressure Science and Technology Advanced Research"),
        (A, "HPSTAR"),
        (A, "Beijing High Voltage Science Research Center"),
    ]
    assert with_aliases.issues == [
        DataIssue("alt_names", "dropped an alias that is only a fragment", "and")
    ]


def test_the_successor_clause_moves_to_the_listing_remarks() -> None:
    party = one_listed(
        "Wael Issa Trading Establishment and any successor, sub-unit, or subsidiary thereof", "ISN"
    )
    assert party.listings[0].remarks == (
        "The listing also covers any successor, sub-unit, or subsidiary thereof"
    )


def test_no_name_in_the_2022_file_keeps_a_joiner_or_a_fragment() -> None:
    fragments = {"and", "or", "the", "of", "jsc", "ltd.", "inc."}
    for party in parsed(CSL_2022).parties:
        for name in party.names:
            value = name.value
            assert value and value == value.strip(), (party.id, value)
            assert value.casefold() not in fragments, (party.id, value)
            assert not re.match(r"(?i)and\s", value), (party.id, value)
            assert not value.endswith((",", ";")), (party.id, value)
            assert not re.search(r"(?i)(?<![\w-])[af]\.k\.a\b", value), (party.id, value)
            assert value.count("(") == value.count(")"), (party.id, value)


# --- address tails --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw_name", "name", "address"),
    [
        (
            "Chengdu Huawei Technologies Co., Ltd., Chengdu, Sichuan",
            "Chengdu Huawei Technologies Co., Ltd.",
            # refines the row's own "Chengdu, CN" address
            Address(full="Chengdu, Sichuan, CN", city="Chengdu", region="Sichuan", country="CN"),
        ),
        (
            "Xi?an Huawei Technologies Co., Ltd., Xi?an, Shaanxi",
            "Xi'an Huawei Technologies Co., Ltd.",
            Address(full="Xi'an, Shaanxi, CN", city="Xi'an", region="Shaanxi", country="CN"),
        ),
        (
            "Hangzhou Huawei Digital Technology Co., Ltd., Hangzhou, Zhejiang, China",
            "Hangzhou Huawei Digital Technology Co., Ltd.",
            Address(
                full="Hangzhou, Zhejiang, CN", city="Hangzhou", region="Zhejiang", country="CN"
            ),
        ),
        (
            "Dongguan Lvyuan Industry Investment Co., Ltd., Guangdong",
            "Dongguan Lvyuan Industry Investment Co., Ltd.",
            Address(full="Guangdong, CN", city="Guangdong", country="CN"),
        ),
    ],
)
def test_a_location_after_the_legal_form_becomes_an_address(
    raw_name: str, name: str, address: Address
) -> None:
    party = one_listed(raw_name)
    assert party.caption == name
    assert address in party.addresses
    assert party.countries == ["CN"]
    assert party.notes == f"listed as: {raw_name}"


def test_the_tail_address_replaces_the_bare_city_it_refines() -> None:
    party = one_listed("Chengdu Huawei Technologies Co., Ltd., Chengdu, Sichuan")
    assert party.addresses == [
        Address(full="Chengdu, Sichuan, CN", city="Chengdu", region="Sichuan", country="CN")
    ]


def test_a_unit_after_the_legal_form_is_not_cut_as_a_place() -> None:
    raw = (
        "Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Huawei Technologies "
        "Co., Ltd., Beijing Research Institute"
    )
    parties = listed(raw)
    assert len(parties) == 2  # the unit is listed at two addresses
    for party in parties:
        assert party.caption == "Huawei Technologies Co., Ltd., Beijing Research Institute"
        assert all(a.street for a in party.addresses)


# --- affiliates and subordinates ------------------------------------------------------------


def test_every_huawei_affiliate_points_at_the_listed_huawei() -> None:
    # Huawei is listed on three rows (Shenzhen, Chengdu, Hong Kong); the first one, whose
    # id carries no "-2" suffix, is the parent the affiliates point at.
    huawei, *others = listed("Huawei Technologies Co., Ltd. (Huawei)")
    assert [p.id for p in others] == [f"{huawei.id}-2", f"{huawei.id}-3"]
    affiliate_rows = [
        (row, party)
        for row, party in rows_with_parties(CSL_2022)
        if "Affiliated Entity:" in row["name"]
    ]
    assert len(affiliate_rows) == 23
    for row, party in affiliate_rows:
        assert [(r.kind, r.target_id) for r in party.relations] == [
            (RelationKind.AFFILIATE_OF, huawei.id)
        ], row["name"]
        assert "Affiliated" not in party.caption


def test_an_affiliate_is_named_by_its_own_name() -> None:
    party = one_listed(
        "Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Beijing Huawei "
        "Longshine Information Technology Co., Ltd."
    )
    assert name_pairs(party) == [
        (P, "Beijing Huawei Longshine Information Technology Co., Ltd."),
        (A, "Beijing Huawei Longshine"),
    ]
    [relation] = party.relations
    assert relation.target_name == "Huawei Technologies Co., Ltd."
    assert party.schema is Schema.COMPANY


@pytest.mark.parametrize(
    ("raw_name", "name", "schema", "parent"),
    [
        (
            "China Aerospace Science and Industry Corporation Second Academy.  Subordinate "
            "Institution - 201 Research Institute",
            "201 Research Institute",
            Schema.ORGANIZATION,
            "China Aerospace Science and Industry Corporation Second Academy",
        ),
        (
            "China Aerospace Science and Industry Corporation Second Academy.  Subordinate "
            "Institution -  Second Design Department",
            "Second Design Department",
            Schema.ORGANIZATION,
            "China Aerospace Science and Industry Corporation Second Academy",
        ),
        (
            "China Electronics Technology Group Corporation 13th Research Institute (CETC 13).  "
            "Subordinate Institution - MT Microsystems",
            "MT Microsystems",
            Schema.LEGAL_ENTITY,
            "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)",
        ),
        (
            "Pakistan Atomic Energy Commission (PAEC), and subordinate entity Pakistan Institute "
            "for Nuclear Science and Technology (PINSTECH)",
            "Pakistan Institute for Nuclear Science and Technology (PINSTECH)",
            Schema.ORGANIZATION,
            "Pakistan Atomic Energy Commission (PAEC)",
        ),
        (
            "Guangzhou Hongyu Technology Co., Ltd. (a subordinate institute of CETC-7)",
            "Guangzhou Hongyu Technology Co., Ltd.",
            Schema.COMPANY,
            "China Electronics Technology Group Corporation, 7th Research Institute (CETC-7)",
        ),
        (  # written only as a name prefix
            "Academy of Military Medical Sciences, Institute of Basic Medicine",
            "Academy of Military Medical Sciences, Institute of Basic Medicine",
            Schema.ORGANIZATION,
            "Academy of Military Medical Sciences",
        ),
    ],
)
def test_a_subordinate_unit_points_at_its_listed_parent(
    raw_name: str, name: str, schema: Schema, parent: str
) -> None:
    party = one_listed(raw_name)
    assert party.caption == name
    assert party.schema is schema
    [relation] = party.relations
    assert relation.kind is RelationKind.SUBORDINATE_OF
    assert relation.target_id == by_caption(parent).id


def test_every_relation_of_the_2022_file_is_resolved_and_none_is_a_persons() -> None:
    relations = [(p, r) for p in parsed(CSL_2022).parties for r in p.relations]
    kinds = [r.kind for _, r in relations]
    assert (kinds.count(RelationKind.AFFILIATE_OF), kinds.count(RelationKind.SUBORDINATE_OF)) == (
        23,
        48,
    )
    assert all(r.target_id for _, r in relations)
    # "SALEH, Kassem" is a surname and a given name, not a unit of a party called "SALEH"
    assert not [p.caption for p, _ in relations if p.schema is Schema.PERSON]


# --- characters mangled to "?" -----------------------------------------------------------------

R, WARN = IssueSeverity.REPAIRED, IssueSeverity.WARNING


@pytest.mark.parametrize(
    ("text", "repaired", "severities"),
    [
        ("Donetsk People?s Republic", "Donetsk People's Republic", [R]),
        ("China Academy of Engineering Physics (CAEP)?s 902 Institute",
         "China Academy of Engineering Physics (CAEP)'s 902 Institute", [R]),
        ("Xi?an Research Institute of Navigation Technology",
         "Xi'an Research Institute of Navigation Technology", [R]),  # pinyin place name
        ("FKU Uprdor ?Taman?", 'FKU Uprdor "Taman"', [R]),
        ("Scientific and Production Association ??Lianozovo Electromechanical Plant?? (NPO LEMZ)",
         'Scientific and Production Association "Lianozovo Electromechanical Plant" (NPO LEMZ)',
         [R]),
        ("Centre d?Etudes et de Recherches Scientifiques", "Centre d'Etudes et de Recherches "
         "Scientifiques", [R]),
        # two letters lost in one "?" ("Telecomunicações"): ambiguous, kept and flagged
        ("Huawei do Brasil Telecomunicac?es Ltda", "Huawei do Brasil Telecomunicac?es Ltda",
         [WARN]),
        ("IS?Vision", "IS?Vision", [WARN]),
        ("16 Raketnyy Bul?var, Moscow", "16 Raketnyy Bul?var, Moscow", [WARN]),
        # a dash between spaces is not a pair of quotes
        ("East Unit, 1st Floor ? Building No. 1 Solhparvar Dead End ? Bimeh 5th",
         "East Unit, 1st Floor ? Building No. 1 Solhparvar Dead End ? Bimeh 5th", [WARN]),
        ("Rm 1019-1020 Nan Fung Centre, 264 ? 298 Castle Peak Road",
         "Rm 1019-1020 Nan Fung Centre, 264 ? 298 Castle Peak Road", [WARN]),
        ("AO ?Institute Giprostroymost?Saint-Petersburg?",
         "AO ?Institute Giprostroymost?Saint-Petersburg?", [WARN]),
        ("Hamra Street, Beirut", "Hamra Street, Beirut", []),
    ],
)  # fmt: skip
def test_question_marks_are_repaired_only_where_unambiguous(
    text: str, repaired: str, severities: list[IssueSeverity]
) -> None:
    value, issues = MangledCharacterRepair().repair(text, "name")
    assert value == repaired
    assert [issue.severity for issue in issues] == severities
    assert all(issue.field == "name" for issue in issues)


def test_a_word_spelled_with_its_apostrophe_elsewhere_in_the_record_is_repaired() -> None:
    repair = MangledCharacterRepair(["Husayn Fa'ur; Ahmad Assad Fa'ur"])
    assert repair.repair("Husayn Fa?ur", "name")[0] == "Husayn Fa'ur"
    assert MangledCharacterRepair().repair("Husayn Fa?ur", "name")[0] == "Husayn Fa?ur"


@pytest.mark.parametrize(
    ("raw_name", "name", "severity"),
    [
        ("Donetsk People?s Republic", "Donetsk People's Republic", R),
        ("Xi?an Research Institute of Navigation Technology",
         "Xi'an Research Institute of Navigation Technology", R),
        ("FKU Uprdor ?Taman?", 'FKU Uprdor "Taman"', R),
        ("Huawei do Brasil Telecomunicac?es Ltda", "Huawei do Brasil Telecomunicac?es Ltda",
         WARN),
    ],
)  # fmt: skip
def test_real_rows_with_mangled_names_carry_the_finding(
    raw_name: str, name: str, severity: IssueSeverity
) -> None:
    party = one_listed(raw_name)
    assert party.caption == name
    found = [issue for issue in party.issues if issue.field == "name"]
    assert [(issue.severity, issue.value) for issue in found] == [
        (severity, raw_name if severity is R else name)
    ]


def test_dashes_in_real_addresses_do_not_become_quotes() -> None:
    for party in listed("Dart Aviation"):
        assert all('"' not in address.full for address in party.addresses)
        assert any(i.field == "addresses" and i.severity is WARN for i in party.issues)


def test_question_mark_findings_of_the_2022_file() -> None:
    counts: dict[tuple[str, IssueSeverity], int] = {}
    for party in parsed(CSL_2022).parties:
        for issue in party.issues:
            if "'?'" in issue.message:
                key = (issue.field, issue.severity)
                counts[key] = counts.get(key, 0) + 1
    assert counts == {
        ("name", R): 21,
        ("name", WARN): 9,
        ("alt_names", R): 82,
        ("alt_names", WARN): 15,
        ("addresses", R): 19,
        ("addresses", WARN): 89,
    }


# --- dates ------------------------------------------------------------------------------------


def test_an_impossible_start_year_is_repaired_from_its_federal_register_volume() -> None:
    [party] = [
        p for p in listed("Oriental Engineers") if any(i.field == "start_date" for i in p.issues)
    ]
    listing = party.listings[0]
    assert listing.federal_register[0] == FederalRegisterCitation(82, 24245)  # 2017
    assert listing.start_date == dt.date(2017, 5, 26)
    assert party.issues == [
        DataIssue(
            "start_date",
            "impossible year 17 repaired to 2017 from the Federal Register citation",
            "0017-05-26",
            IssueSeverity.REPAIRED,
        )
    ]


def test_a_two_digit_year_of_the_last_century_is_repaired_from_its_volume() -> None:
    party = one_listed("All-Russian Scientific Research Institute of Experimental Physics (VNIIEF)")
    assert party.listings[0].start_date == dt.date(1997, 6, 30)  # "0097-06-30", 62 FR 35334


def test_an_impossible_year_without_a_matching_citation_is_dropped_and_flagged(
    tmp_path: Path,
) -> None:
    with open(shared_file(CSL_2022), encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        row = next(r for r in reader if r["start_date"] == "0017-05-26")
    row["federal_register_notice"] = "85 FR 83420"  # 2020: says nothing of 2017
    path = tmp_path / "impossible_year.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow(row)
    [party] = parse_csl_csv(path).parties
    assert party.listings[0].start_date is None
    assert (
        DataIssue("start_date", "impossible year 17; date not kept", "0017-05-26") in party.issues
    )


@pytest.mark.parametrize(
    ("value", "volumes", "expected", "severity"),
    [
        ("2019-05-21", (84,), dt.date(2019, 5, 21), None),
        ("0017-05-26", (82, 85), dt.date(2017, 5, 26), IssueSeverity.REPAIRED),
        ("0097-06-30", (62,), dt.date(1997, 6, 30), IssueSeverity.REPAIRED),
        ("0017-05-26", (85,), None, IssueSeverity.WARNING),
        ("0017-05-26", (), None, IssueSeverity.WARNING),
        ("2019-02-30", (84,), None, IssueSeverity.WARNING),
        ("", (), None, None),
    ],
)
def test_start_dates_are_checked(
    value: str, volumes: tuple[int, ...], expected: dt.date | None, severity: IssueSeverity | None
) -> None:
    citations = tuple(FederalRegisterCitation(volume, 1) for volume in volumes)
    day, issues = parse_checked_date(value, "start_date", citations)
    assert day == expected
    assert [issue.severity for issue in issues] == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("values", "dates"),
    [
        (["1981-09-10"], ["1981-09-10"]),
        (["1968-02-11", "1968-11-02"], ["1968-02-11", "1968-11-02"]),
        (["1962"], ["1962"]),
        (["circa 1960"], ["1960"]),
        (["1962 to 1964"], ["1962", "1963", "1964"]),
        (["18 Jan 1984"], ["1984-01-18"]),
        (["Jan 1970"], ["1970-01"]),
    ],
)
def test_birth_dates_become_iso_dates(values: list[str], dates: list[str]) -> None:
    assert parse_birth_dates(values) == (dates, [])


def test_a_birth_date_that_is_not_a_date_is_reported() -> None:
    assert parse_birth_dates(["unknown"]) == (
        [],
        [DataIssue("dates_of_birth", "date not understood; ignored", "unknown")],
    )


def test_every_birth_date_of_the_2022_file_is_understood() -> None:
    persons = [p for p in parsed(CSL_2022).parties if p.schema is Schema.PERSON]
    assert not [i for p in persons for i in p.issues if i.field == "dates_of_birth"]
    assert all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", d) for p in persons for d in p.birth_dates)


# --- identifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "type_first", "identifier"),
    [
        # 2019-2022 layout: [country,] [dates,] number, type
        ("CN, 91330000733796106P, Unified Social Credit Code (USCC)", False,
         Identifier("Unified Social Credit Code", "91330000733796106P", "CN")),
        ("JO, 2014-08-30, 2009-08-31, K475336, Passport", False,
         Identifier("Passport", "K475336", "JO")),
        ("2004-02-05, 1999-06-23, G025057, Passport", False, Identifier("Passport", "G025057")),
        ("IMO 9357406, Vessel Registration Identification", False,
         Identifier("IMO", "9357406")),
        ("CO, 811038291-3, NIT #", False, Identifier("NIT #", "811038291-3", "CO")),
        # 2023 on: type, number, [country,] [dates]
        ("Unified Social Credit Code (USCC), 9111000071093019X7, CN", True,
         Identifier("Unified Social Credit Code", "9111000071093019X7", "CN")),
        ("Passport, E590976, TN, 19 Jun 1987, 18 Jun 1992", True,
         Identifier("Passport", "E590976", "TN")),
        ("C.U.R.P., AIMM67125HCHRRG06, MX, 1968", True,
         Identifier("C.U.R.P.", "AIMM67125HCHRRG06", "MX")),
        ("V.A.T. Number, CHE-267.936.404, CH", True,
         Identifier("V.A.T. Number", "CHE-267.936.404", "CH")),
        # the layout the file uses decides where nothing else does
        ("Registration ID, C122790", True, Identifier("Registration ID", "C122790")),
        ("1148904001971, Registration ID", False, Identifier("Registration ID", "1148904001971")),
    ],
)  # fmt: skip
def test_identity_documents_in_both_layouts(
    text: str, type_first: bool, identifier: Identifier
) -> None:
    ids = parse_csl_ids(text, type_first=type_first)
    assert (ids.identifiers, ids.party_facts, ids.listing_facts) == ([identifier], [], [])


@pytest.mark.parametrize(
    ("text", "party_facts", "listing_facts"),
    [
        ("Male, Gender", ["Gender: Male"], []),
        ("Gender, Male", ["Gender: Male"], []),
        ("Public Company, Target Type", ["Target Type: Public Company"], []),
        ("Issuer Name, China Telecom Corporation Limited",
         ["Issuer Name: China Telecom Corporation Limited"], []),
        ("Subject to Secondary Sanctions, Additional Sanctions Information -", [],
         ["Additional Sanctions Information - Subject to Secondary Sanctions"]),
        ("North Korea Sanctions Regulations, sections 510.201 and 510.210, Secondary sanctions "
         "risk:", [],
         ["Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and "
          "510.210"]),
        ("Secondary sanctions risk:, North Korea Sanctions Regulations, sections 510.201 and "
         "510.210", [],
         ["Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and "
          "510.210"]),
        ("03 Jun 2021, Listing Date (CMIC)", [], ["Listing Date (CMIC): 03 Jun 2021"]),
    ],
)  # fmt: skip
def test_ofac_features_go_to_the_notes_or_the_listing_remarks(
    text: str, party_facts: list[str], listing_facts: list[str]
) -> None:
    ids = parse_csl_ids(text)
    assert (ids.identifiers, ids.party_facts, ids.listing_facts) == ([], party_facts, listing_facts)


def test_the_identifiers_of_a_cmic_company() -> None:
    party = one_listed("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.", "CMIC")
    assert party.identifiers == [
        Identifier("Unified Social Credit Code", "91330000733796106P", "CN"),
        Identifier("Equity Ticker", "002415 CN"),
        Identifier("ISIN", "CNE100000PM8"),
        Identifier("CMIC entity number", "30946"),
    ]
    assert party.notes == (
        "Issuer Name: Hangzhou Hikvision Digital Technology; Target Type: Public Company"
    )
    assert party.listings[0].remarks == (
        "Listing Date (CMIC): 03 Jun 2021 Effective Date (CMIC): 02 Aug 2021 "
        "Purchase/Sales For Divestment Date (CMIC): 03 Jun 2022"
    )


def test_the_2023_layout_writes_the_type_first() -> None:
    [party] = [p for p in parsed_2023().parties if p.caption == "China Telecom Corporation Limited"]
    assert Identifier("Unified Social Credit Code", "9111000071093019X7", "CN") in party.identifiers
    assert party.notes is not None
    assert "Issuer Name: China Telecom Corporation Limited" in party.notes


def test_a_vessel_keeps_its_imo_number_and_vessel_facts() -> None:
    party = one_listed("AMBER", "SDN")
    assert party.schema is Schema.VESSEL
    assert party.identifiers == [
        Identifier("IMO", "9357406"),
        Identifier("MMSI", "677049700"),
        Identifier("SDN entity number", "15052"),
        Identifier("Call sign", "5IM 597"),
        Identifier("Vessel type", "Crude Oil Tanker"),
        Identifier("Vessel flag", "Panama"),
        Identifier("Gross tonnage", "317356"),
        Identifier("Gross registered tonnage", "163660"),
    ]
    assert party.notes == "Former Vessel Flag: Cyprus; Former Vessel Flag: Tanzania"


def test_a_listed_person() -> None:
    party = one_listed("LIU, Emily", "SDN")
    assert party.schema is Schema.PERSON
    assert name_pairs(party) == [(P, "LIU, Emily"), (A, "LAU, Emily"), (A, "BAOXIA, Liu")]
    assert party.birth_dates == ["1981-09-10"]
    assert party.nationalities == ["CN"]
    assert party.countries == ["CN"]
    assert party.identifiers == [
        Identifier("Passport", "G28882492", "CN"),
        Identifier("SDN entity number", "22683"),
    ]
    assert party.notes == "Gender: Female"
    assert party.listings[0].remarks == (
        "(Linked To: SHIRAZ ELECTRONICS INDUSTRIES) Place of birth: Shandong, China "
        "Additional Sanctions Information - Subject to Secondary Sanctions"
    )


# --- addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Bantian Huawei Base, Longgang District, Shenzhen, 518129, CN", Address(
            full="Bantian Huawei Base, Longgang District, Shenzhen, 518129, CN",
            street="Bantian Huawei Base, Longgang District", city="Shenzhen",
            postal_code="518129", country="CN")),
        ("50 Yongding Road, Haidian District, Beijing, China", Address(
            full="50 Yongding Road, Haidian District, Beijing, China",
            street="50 Yongding Road, Haidian District", city="Beijing", country="CN")),
        ("and 90 Dianzi Road, Section One, Xian, China, CN", Address(
            full="90 Dianzi Road, Section One, Xian, China, CN",
            street="90 Dianzi Road, Section One", city="Xian", country="CN")),
        ("113 Hezuo Road, Shijiazhuang, Hebei, China", Address(
            full="113 Hezuo Road, Shijiazhuang, Hebei, China", street="113 Hezuo Road",
            city="Shijiazhuang", region="Hebei", country="CN")),
        ("605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US", Address(
            full="605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US",
            street="605 TRAIL LAKE DRIVE", city="RICHARDSON", region="TX",
            postal_code="75081", country="US")),
        ("27333 URSULA LANE, LOS ALTOS HILLS, CA, 94022", Address(
            full="27333 URSULA LANE, LOS ALTOS HILLS, CA, 94022", street="27333 URSULA LANE",
            city="LOS ALTOS HILLS", region="CA", postal_code="94022", country="US")),
        ("Vancurova 1084/10, Ostrov 363 01, Czech Republic", Address(
            full="Vancurova 1084/10, Ostrov 363 01, Czech Republic",
            street="Vancurova 1084/10", city="Ostrov 363 01", country="CZ")),
        ("P.O. Box 8486, Dubai, UAE", Address(
            full="P.O. Box 8486, Dubai, UAE", street="P.O. Box 8486", city="Dubai",
            country="AE")),
        ("Chengdu, CN", Address(full="Chengdu, CN", city="Chengdu", country="CN")),
    ],
)  # fmt: skip
def test_addresses_are_split_into_their_parts(text: str, address: Address) -> None:
    assert parse_csl_address(text) == address


def test_almost_every_address_of_the_2022_file_has_a_country() -> None:
    addresses = [a for p in parsed(CSL_2022).parties for a in p.addresses]
    assert len(addresses) == 17_456
    assert sum(1 for a in addresses if a.country is None) == 91


# --- JSON -------------------------------------------------------------------------------------


def test_the_json_export_gives_the_same_parties_as_the_csv_rows_of_those_entries() -> None:
    from_json = parse_csl_json(JSON_FIXTURE)
    assert (from_json.source, from_json.format) == ("us_trade_csl", "csl_json")
    assert from_json.listing_counts() == {"CMIC": 1, "EL": 3, "MEU": 1, "SDN": 2}
    from_csv = {party.id: party for party in parsed(CSL_2022).parties}
    for party in from_json.parties:
        twin = from_csv[party.id]
        assert party.source_record_id == twin.source_record_id
        assert party.to_dict() == twin.to_dict(), party.caption


def test_the_json_affiliate_points_at_huawei_in_the_same_file() -> None:
    parties = {party.caption: party for party in parse_csl_json(JSON_FIXTURE).parties}
    huawei = parties["Huawei Technologies Co., Ltd. (Huawei)"]
    longshine = parties["Beijing Huawei Longshine Information Technology Co., Ltd."]
    assert [(r.kind, r.target_id) for r in longshine.relations] == [
        (RelationKind.AFFILIATE_OF, huawei.id)
    ]
    assert name_pairs(huawei) == [
        (P, "Huawei Technologies Co., Ltd. (Huawei)"),
        (W, "Huawei"),
        (A, "Shenzhen Huawei Technologies"),
        (A, "Huawei Technology"),
    ]


def test_a_numeric_entity_number_in_json_is_the_same_key(tmp_path: Path) -> None:
    document = json.loads(JSON_FIXTURE.read_text(encoding="utf-8"))
    [vessel] = [r for r in document["results"] if r["name"] == "AMBER"]
    vessel["entity_number"] = 15052
    path = tmp_path / "numeric.json"
    path.write_text(json.dumps({"results": [vessel]}), encoding="utf-8")
    [party] = parse_csl_json(path).parties
    assert party.id == one_listed("AMBER", "SDN").id


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ('{"results": [\n  {"name": "Alpha",\n', "3:1", "invalid JSON"),
        ('{"results": [\n  {"name": "Alpha",}\n]}', "2:20", "invalid JSON"),
        ('{"results": {"name": "Alpha"}}', None, "no 'results' array"),
        ('{"results": ["Alpha"]}', "results[0]", "a result is not an object"),
    ],
)
def test_bad_json_is_refused_with_its_position(
    tmp_path: Path, text: str, position: str | None, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_csl_json(path)
    assert caught.value.position == position
    assert caught.value.reason.startswith(message)
    assert caught.value.path == str(path)


# --- bad CSV ----------------------------------------------------------------------------------

HEADER_2022 = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids"
)
GOOD_ROW = "x1,Entity List (EL) - Bureau of Industry and Security,,,,Alpha Co.," + "," * 22


@pytest.mark.parametrize(
    ("lines", "position", "message"),
    [
        ([HEADER_2022, GOOD_ROW, "stray"], "line 3", "expected 29 fields, found 1"),
        ([HEADER_2022, GOOD_ROW + ",extra"], "line 2", "expected 29 fields, found 30"),
        ([HEADER_2022, GOOD_ROW.replace("Entity List (EL) - ", "Mystery List - ")], "line 2",
         "unknown CSL source"),
        ([HEADER_2022, GOOD_ROW.replace("Alpha Co.", "")], "line 2", "the name field is empty"),
        (["_id;source;name"], "line 1", "missing column(s) name, source"),
    ],
)  # fmt: skip
def test_bad_csv_is_refused_with_its_line(
    tmp_path: Path, lines: list[str], position: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_csl_csv(path)
    assert caught.value.position == position
    assert caught.value.reason.startswith(message)


def test_a_good_row_between_two_headers_is_read(tmp_path: Path) -> None:
    path = tmp_path / "two_headers.csv"
    path.write_text("\n".join([HEADER_2022, HEADER_2022, GOOD_ROW]) + "\n", encoding="utf-8")
    result = parse_csl_csv(path)
    assert [party.names for party in result.parties] == [[Name("Alpha Co.")]]
    assert [issue.value for issue in result.issues] == ["line 2"]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            ["Listing Date (CMIC): 03 Jun 2021", "Effective Date (CMIC): 02 Aug 2021"],
            dt.date(2021, 6, 3),
        ),
        (["Effective Date (CMIC): 02 Aug 2021"], None),
        (["Listing Date (CMIC): soon"], None),
        ([], None),
    ],
)
def test_listing_date_of_cmic_rows_comes_from_the_ids_facts(
    facts: list[str], expected: dt.date | None
) -> None:
    assert listing_date_from_facts(facts) == expected
