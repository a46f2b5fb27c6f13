"""OpenSanctions' China-related research tables: one format per table layout.

Counts are measured on the files in ../shared/data (see the two PROVENANCE.md files):
the tables repeat a party once per announcement, so parties are fewer than rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.model import DataIssue, IssueSeverity, NameKind, ParsedList, Party, RelationKind
from entitywatch.sources.opensanctions_tables import (
    cn_list_code,
    fcc_companies,
    parse_bis_mieu,
    parse_cn_sanctions,
    parse_dod_1260h,
    parse_fcc_covered,
    parse_ndaa_section,
    parse_table_date,
    split_comma_aliases,
)
from entitywatch.sources.registry import detect_format, parse_file
from tests.conftest import shared_file

pytestmark = pytest.mark.shared_data

CN = "cn_sanctions/sanctions.csv"
MIEU = "us_china_related_lists/bis_mieu.csv"
DOD = "us_china_related_lists/dod_1260h_chinese_military_companies.csv"
FCC = "us_china_related_lists/fcc_covered_list.csv"
NDAA_1286 = "us_china_related_lists/ndaa_section_1286.csv"
NDAA_154 = "us_china_related_lists/ndaa_section_154.csv"
NDAA_5949 = "us_china_related_lists/ndaa_section_5949.csv"
NDAA_889 = "us_china_related_lists/ndaa_section_889.csv"

_cache: dict[str, ParsedList] = {}


def parsed(relative: str) -> ParsedList:
    if relative not in _cache:
        _cache[relative] = parse_file(shared_file(relative))
    return _cache[relative]


def party_named(result: ParsedList, name: str) -> Party:
    matches = [p for p in result.parties if p.caption == name]
    assert len(matches) == 1, f"{name!r}: {len(matches)} parties"
    return matches[0]


# --- format detection and counts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "format_name", "source"),
    [
        (CN, "os_cn_sanctions_csv", "cn_sanctions"),
        (MIEU, "os_bis_mieu_csv", "us_bis_mieu"),
        (DOD, "os_dod_1260h_csv", "us_dod_1260h"),
        (FCC, "os_fcc_covered_csv", "us_fcc_covered"),
        (NDAA_1286, "os_ndaa_csv", "us_ndaa_1286"),
        (NDAA_154, "os_ndaa_csv", "us_ndaa_154"),
        (NDAA_5949, "os_ndaa_csv", "us_ndaa_5949"),
        (NDAA_889, "os_ndaa_csv", "us_ndaa_889"),
    ],
)
def test_each_table_is_recognised_by_its_header(
    relative: str, format_name: str, source: str
) -> None:
    assert detect_format(shared_file(relative)).name == format_name
    result = parsed(relative)
    assert (result.format, result.source) == (format_name, source)


@pytest.mark.parametrize(
    ("relative", "rows", "parties", "listings"),
    [
        # 610 rows: 40 rows repeat an announcement already listed (English and Chinese
        # release of the same decision) and 7 parties are spelt two ways.
        (
            CN,
            610,
            457,
            {
                "CN-AFSL": 94,
                "CN-CM": 114,
                "CN-ECL": 153,
                "CN-ECWL": 40,
                "CN-OTHER": 66,
                "CN-TW": 37,
                "CN-UEL": 66,
            },
        ),
        (MIEU, 13, 13, {"MIEU": 13}),
        # 397 rows, one per tranche (2021-06: 47, 2022-10: 13, 2024-01: 16, 2025-01: 133,
        # 2026-06: 188) for 234 clean names, 7 of which are spelt two ways.
        (DOD, 397, 227, {"DOD-1260H": 397}),
        # 16 rows: 11 name 13 companies, 4 cover classes of equipment (drones, routers...).
        (FCC, 16, 13, {"FCC-COVERED": 13}),
        # 443 rows, one per annual report, for 197 names, 7 of which are spelt two ways.
        (NDAA_1286, 443, 190, {"NDAA-1286": 443}),
        (NDAA_154, 6, 6, {"NDAA-154": 6}),
        (NDAA_5949, 3, 3, {"NDAA-5949": 3}),
        (NDAA_889, 5, 5, {"NDAA-889": 5}),
    ],
)
def test_party_and_listing_counts(
    relative: str, rows: int, parties: int, listings: dict[str, int]
) -> None:
    result = parsed(relative)
    assert len(result.parties) == parties
    assert result.listing_counts() == listings
    ids = [p.id for p in result.parties]
    assert len(set(ids)) == len(ids)


def test_every_china_row_is_a_listing_or_a_noted_repeat() -> None:
    result = parsed(CN)
    repeats = [
        i for p in result.parties for i in p.issues if "repeats the announcement" in i.message
    ]
    assert len(repeats) == 40
    assert all(i.severity is IssueSeverity.REPAIRED for i in repeats)
    assert result.listing_count + len(repeats) == 610


# --- China's lists ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("list_value", "body", "code"),
    [
        ("UEL", "Ministry of Commerce", "CN-UEL"),
        ("List of Export Controls", "Ministry of Commerce", "CN-ECL"),
        ("Export Control Watch List", "Ministry of Commerce", "CN-ECWL"),
        ("List of Targets of Countermeasures", "Ministry of Foreign Affairs", "CN-CM"),
        ("AFSL", "Ministry of Foreign Affairs", "CN-AFSL"),
        (
            "Decision on Countermeasures against U.S. Military-industry Enterprises",
            "Ministry of Foreign Affairs",
            "CN-CM",
        ),
        (
            'Diehard "Taiwan Independence" Separatists',
            "Taiwan Affairs Office of the State Council",
            "CN-TW",
        ),
        (
            'Henchmen and Accomplices of "Taiwan Independence"',
            "Taiwan Affairs Office of the State Council",
            "CN-TW",
        ),
        ("", "Taiwan Affairs Office of the State Council", "CN-TW"),
        ("", "Ministry of Foreign Affairs", "CN-OTHER"),
        ("", "", "CN-OTHER"),
    ],
)
def test_china_list_codes(list_value: str, body: str, code: str) -> None:
    assert cn_list_code(list_value, body) == code


@pytest.mark.parametrize(
    ("name", "schema", "countries", "chinese", "listings"),
    [
        (
            "Lockheed Martin Corporation",
            "Company",
            ["US"],
            "洛克希德·马丁公司",
            [
                ("CN-UEL", "Ministry of Commerce", "2023-02-16"),
                ("CN-ECL", "Ministry of Commerce", "2025-01-02"),
            ],
        ),
        (
            "Raytheon Missiles & Defense",
            "Company",
            ["US"],
            "雷神导弹与防务公司",
            [
                ("CN-UEL", "Ministry of Commerce", "2023-02-16"),
                ("CN-ECL", "Ministry of Commerce", "2025-01-02"),
            ],
        ),
        (
            "Skydio Inc.",
            "Company",
            ["US"],
            "斯凯迪奥公司",
            [
                ("CN-CM", "Ministry of Foreign Affairs", "2024-10-10"),
                ("CN-UEL", "Ministry of Commerce", "2025-04-04"),
                ("CN-ECL", "Ministry of Commerce", "2025-03-04"),
            ],
        ),
        (
            "Marco Rubio",
            "Person",
            ["US"],
            "鲁比欧",
            [
                ("CN-OTHER", "Ministry of Foreign Affairs", "2020-07-13"),
                ("CN-OTHER", "Ministry of Foreign Affairs", "2020-08-10"),
            ],
        ),
        (
            "Bi-khim Hsiao",
            "Person",
            ["TW"],
            "萧美琴",
            [
                ("CN-TW", "Taiwan Affairs Office of the State Council", "2022-08-16"),
                ("CN-TW", "Taiwan Work Office of the CPC Central Committee", "2023-04-07"),
            ],
        ),
        (
            "Mitsubishi Heavy Industries Shipbuilding Co.",
            "Company",
            ["JP"],
            "三菱造船株式会社",
            [("CN-ECL", "Ministry of Commerce", "2026-02-24")],
        ),
        (
            "Teledyne Brown Engineering, Inc.",
            "Company",
            ["US"],
            "特励达·布朗工程公司",
            [
                ("CN-CM", "Ministry of Foreign Affairs", "2024-12-05"),
                ("CN-ECL", "Ministry of Commerce", "2025-04-10"),
                ("CN-UEL", "Ministry of Commerce", "2025-03-04"),
            ],
        ),
    ],
)
def test_known_china_entries(
    name: str,
    schema: str,
    countries: list[str],
    chinese: str,
    listings: list[tuple[str, str, str]],
) -> None:
    party = party_named(parsed(CN), name)
    assert party.schema.value == schema
    assert party.countries == countries
    zh = [n for n in party.names if n.lang == "zh"]
    assert [(n.value, n.kind, n.script) for n in zh][:1] == [(chinese, NameKind.ALIAS, "Hani")]
    assert [
        (
            listing.list_code,
            listing.authority,
            listing.start_date.isoformat() if listing.start_date else None,
        )
        for listing in party.listings
    ] == listings


def test_china_row_details() -> None:
    result = parsed(CN)
    hsiao = party_named(result, "Bi-khim Hsiao")
    assert [i.value for i in hsiao.identifiers] == ["Q700752"]
    assert ("Hsiao Bi-khim", NameKind.ALIAS) in [(n.value, n.kind) for n in hsiao.names]
    # DD.MM.YY end date of the older rows
    skyla = party_named(result, "Skyla")
    assert skyla.listings[0].end_date == dt.date(2023, 7, 13)
    teal = party_named(result, "Teal Drones, Inc.")
    assert {n.value for n in teal.names if n.kind is NameKind.ALIAS} >= {"Teal Drones", "iDrone"}
    assert teal.addresses[0].country == "US"
    uel = party_named(result, "Lockheed Martin Corporation").listings[0]
    assert uel.list_name == "Unreliable Entity List (MOFCOM)"
    assert uel.source_url and "mofcom.gov.cn" in uel.source_url
    rubio = party_named(result, "Marco Rubio").listings[0]
    assert rubio.reason == "US Senator"


def test_china_data_defects_are_kept_as_issues() -> None:
    result = parsed(CN)
    skydio = party_named(result, "Skydio Inc.")
    assert any(
        i.value == "Skydio, Inc." and i.severity is IssueSeverity.REPAIRED for i in skydio.issues
    )
    no_body = party_named(result, "Alliance of Democracies Foundation")
    assert no_body.listings[0].authority == "Government of the People's Republic of China"
    assert [i.field for i in no_body.issues] == ["Body"]


@pytest.mark.parametrize(
    ("text", "expected", "issue"),
    [
        ("24.02.2026", dt.date(2026, 2, 24), None),
        ("22.05.24", dt.date(2024, 5, 22), None),
        ("2021-06-03", dt.date(2021, 6, 3), None),
        ("March 12, 2021", dt.date(2021, 3, 12), None),
        ("October 1, 2027", dt.date(2027, 10, 1), None),
        ("", None, None),
        ("2026", None, "only a year is given; the day is unknown"),
        ("31.02.2024", None, "not a date in a known format"),
        ("soon", None, "not a date in a known format"),
    ],
)
def test_table_dates(text: str, expected: dt.date | None, issue: str | None) -> None:
    issues: list[DataIssue] = []
    assert parse_table_date(text, "Date", issues) == expected
    assert [i.message for i in issues] == ([issue] if issue else [])


# --- DoD section 1260H --------------------------------------------------------------------


def test_dod_tranches_and_delisting() -> None:
    result = parsed(DOD)
    avic = party_named(result, "Aviation Industry Corporation of China Ltd.")
    assert [listing.start_date for listing in avic.listings] == [
        dt.date(2021, 6, 3),
        dt.date(2025, 1, 7),
        dt.date(2026, 6, 8),
    ]
    assert {(listing.list_code, listing.authority) for listing in avic.listings} == {
        ("DOD-1260H", "Department of Defense")
    }
    megvii = party_named(result, "Beijing Megvii Technology Co., Ltd.")
    assert [(listing.start_date, listing.end_date) for listing in megvii.listings] == [
        (dt.date(2024, 1, 31), dt.date(2025, 1, 7))
    ]
    ended = [listing for p in result.parties for listing in p.listings if listing.end_date]
    assert len(ended) == 21


def test_dod_names_star_and_parents() -> None:
    result = parsed(DOD)
    xian = party_named(result, "AVIC Xi’an Aircraft Industry Group Company Ltd.")
    assert [(n.value, n.kind) for n in xian.names] == [
        ("AVIC Xi’an Aircraft Industry Group Company Ltd.", NameKind.PRIMARY),
        ("AVIC Xi’an", NameKind.ALIAS),
        ("Xi’an Aircraft Industry Group Co., Ltd.", NameKind.PREVIOUS),
    ]
    avic = party_named(result, "Aviation Industry Corporation of China Ltd.")
    assert [(r.kind, r.target_id) for r in xian.relations] == [
        (RelationKind.SUBORDINATE_OF, avic.id)
    ]
    # "*" in Name: also on other lists; kept as a note, never in the name
    assert xian.notes and "also designated on other US lists" in xian.notes
    assert xian.listings[0].remarks and xian.listings[1].remarks is None
    assert sum(1 for p in result.parties if p.notes) == 53
    assert not any("*" in n.value for p in result.parties for n in p.names)
    # every parent named in the table is itself listed, however it is spelt
    relations = [r for p in result.parties for r in p.relations]
    assert len(relations) == 136
    assert all(r.target_id for r in relations)


@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        ("Knownsec,Beijing Kownsec", ["Knownsec", "Beijing Kownsec"]),
        ("China Avionics Systems Co., Ltd.", ["China Avionics Systems Co., Ltd."]),
        ("Hesai Technology Co., Ltd.", ["Hesai Technology Co., Ltd."]),
        ("AVIC", ["AVIC"]),
        ("", []),
    ],
)
def test_dod_alias_splitting(text: str, aliases: list[str]) -> None:
    assert split_comma_aliases(text) == aliases


# --- FCC Covered List ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "companies"),
    [
        (
            "Telecommunications equipment produced by Huawei Technologies Company, including "
            "telecommunications or video surveillance services provided by such entity or using "
            "such equipment.",
            ["Huawei Technologies Company"],
        ),
        (
            "Information security products, solutions, and services supplied, directly or "
            "indirectly, by AO Kaspersky Lab or any of its predecessors, successors, parents.",
            ["AO Kaspersky Lab"],
        ),
        (
            "Telecommunications services provided by China Telecom (Americas) Corp. subject to "
            "section 214 of the Communications Act of 1934.",
            ["China Telecom (Americas) Corp."],
        ),
        (
            "International telecommunications services provided by Pacific Networks Corp and its "
            "wholly-owned subsidiary ComNet (USA) LLC subject to section 214.",
            ["Pacific Networks Corp", "ComNet (USA) LLC"],
        ),
        (
            "Cybersecurity and anti-virus software produced or provided by Kaspersky Lab, Inc. or "
            "any of its successors and assignees.",
            ["Kaspersky Lab, Inc."],
        ),
        (
            "International telecommunications services provided by Digitalsystem Technology Inc., "
            "subject to section 214 of the Communications Act of 1934.",
            ["Digitalsystem Technology Inc."],
        ),
        (
            "Routers ^ produced in a foreign country, except routers which have been granted a "
            "Conditional Approval by DoW or DHS.",
            [],
        ),
    ],
)
def test_fcc_company_extraction(text: str, companies: list[str]) -> None:
    assert [c.name for c in fcc_companies(text)] == companies


def test_fcc_parties() -> None:
    result = parsed(FCC)
    assert [p.caption for p in result.parties] == [
        "Huawei Technologies Company",
        "ZTE Corporation",
        "Hytera Communications Corporation",
        "Hangzhou Hikvision Digital Technology Company",
        "Dahua Technology Company",
        "AO Kaspersky Lab",
        "China Mobile International USA Inc.",
        "China Telecom (Americas) Corp.",
        "Pacific Networks Corp",
        "ComNet (USA) LLC",
        "China Unicom (Americas) Operations Limited",
        "Kaspersky Lab, Inc.",
        "Digitalsystem Technology Inc.",
    ]
    huawei = party_named(result, "Huawei Technologies Company").listings[0]
    assert (huawei.list_code, huawei.authority, huawei.start_date) == (
        "FCC-COVERED",
        "Federal Communications Commission",
        dt.date(2021, 3, 12),
    )
    assert huawei.reason and huawei.reason.startswith("Telecommunications equipment produced by")
    comnet = party_named(result, "ComNet (USA) LLC")
    pacific = party_named(result, "Pacific Networks Corp")
    assert [(r.kind, r.target_id, r.share) for r in comnet.relations] == [
        (RelationKind.OWNED_BY, pacific.id, 100.0)
    ]
    # the rows covering classes of equipment are noted, not dropped silently
    assert [i.message for i in result.issues] == [
        f"line {n} covers a class of equipment, not a named company" for n in (13, 14, 16, 17)
    ]


# --- BIS MIEU and NDAA sections -----------------------------------------------------------


def test_mieu_entries() -> None:
    result = parsed(MIEU)
    joint_staff = party_named(result, "Intelligence Bureau of the Joint Staff Department")
    assert joint_staff.countries == ["CN"]
    listing = joint_staff.listings[0]
    assert (listing.list_code, listing.authority, listing.programs, listing.start_date) == (
        "MIEU",
        "Bureau of Industry and Security",
        ("US-BIS-MIEU",),
        dt.date(2021, 3, 16),
    )
    gru = party_named(result, "Main Intelligence Directorate")
    assert (gru.countries, [n.value for n in gru.names]) == (
        ["RU"],
        ["Main Intelligence Directorate", "GRU"],
    )


@pytest.mark.parametrize(
    ("relative", "names"),
    [
        (
            NDAA_889,
            {
                "Huawei Technologies Company",
                "ZTE Corporation",
                "Hytera Communications Corporation",
                "Hangzhou Hikvision Digital Technology Company",
                "Dahua Technology Company",
            },
        ),
        (
            NDAA_5949,
            {
                "ChangXin Memory Technologies",
                "Semiconductor Manufacturing International Corporation",
                "Yangtze Memory Technologies Corp",
            },
        ),
    ],
)
def test_ndaa_named_companies(relative: str, names: set[str]) -> None:
    result = parsed(relative)
    assert {p.caption for p in result.parties} == names
    assert {listing.authority for p in result.parties for listing in p.listings} == {
        "United States Congress"
    }


def test_ndaa_dates_aliases_and_countries() -> None:
    catl = party_named(parsed(NDAA_154), "Contemporary Amperex Technology Company, Limited")
    assert [n.value for n in catl.names] == [
        "Contemporary Amperex Technology Company, Limited",
        "CATL",
    ]
    assert catl.listings[0].start_date == dt.date(2027, 10, 1)  # the ban begins then
    assert catl.listings[0].remarks and "Report date 2023-12-22" in catl.listings[0].remarks
    result = parsed(NDAA_1286)
    buaa = party_named(result, "Beijing University of Aeronautics and Astronautics")
    assert len(buaa.listings) == 3
    assert {n.value for n in buaa.names if n.kind is NameKind.ALIAS} == {
        "BUAA",
        "Beihang University",
    }
    naval = party_named(result, "Naval Service Academy")
    assert [i.value for i in naval.issues] == ["2026"]  # end date of only a year, flagged
    countries = [c for p in result.parties for c in p.countries]
    assert (countries.count("CN"), countries.count("RU"), countries.count("IR")) == (108, 33, 9)


def test_ndaa_section_comes_from_program_before_file_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "ndaa_section_1286.csv"
    shutil.copy(shared_file(NDAA_889), misnamed)
    result = parse_ndaa_section(misnamed)
    assert (result.source, result.listing_counts()) == ("us_ndaa_889", {"NDAA-889": 5})


def test_ndaa_section_falls_back_to_file_name(tmp_path: Path) -> None:
    header = shared_file(NDAA_889).read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "section_5949_extra.csv"
    path.write_text(
        header + "\nCompany,Example Memory Co,,debarment,,United States Congress,,,,,,,\n",
        encoding="utf-8",
    )
    assert parse_ndaa_section(path).listing_counts() == {"NDAA-5949": 1}
    unknown = tmp_path / "table.csv"
    unknown.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell which NDAA section"):
        parse_ndaa_section(unknown)


# --- ids and bad input --------------------------------------------------------------------


def test_party_ids_are_stable_across_files_of_a_source(tmp_path: Path) -> None:
    lines = shared_file(DOD).read_text(encoding="utf-8").splitlines(keepends=True)
    older = tmp_path / "older.csv"
    older.write_text("".join(lines[:48]), encoding="utf-8")  # header + the 2021 tranche
    full_ids = {p.caption: p.id for p in parsed(DOD).parties}
    for party in parse_dod_1260h(older).parties:
        assert full_ids[party.caption] == party.id


def test_missing_column_names_it(tmp_path: Path) -> None:
    path = tmp_path / "mieu.csv"
    path.write_text("Type,Name,Alias,Country,Topics,Program,Date,End date\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column") as caught:
        parse_bis_mieu(path)
    assert caught.value.position == "line 1"
    assert "Source URL" in str(caught.value)


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    text = shared_file(FCC).read_text(encoding="utf-8")
    path = tmp_path / "fcc.csv"
    path.write_text(text[: text.index("Hytera") + 40], encoding="utf-8")
    with pytest.raises(InputError, match="ends inside a quoted field") as caught:
        parse_fcc_covered(path)
    assert caught.value.position == "line 4"


def test_short_row_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "sanctions.csv"
    header = shared_file(CN).read_text(encoding="utf-8").splitlines()[0]
    path.write_text(
        header + "\nCompany,,Example Drones Inc.,,,US,sanction.counter\n", encoding="utf-8"
    )
    party = parse_cn_sanctions(path).parties[0]
    assert party.caption == "Example Drones Inc."
    assert party.issues[0].message.startswith("line 2 has 7 fields, the header has 15")


def test_other_csv_layouts_are_not_claimed(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,country\nHuawei,CN\n", encoding="utf-8")
    from entitywatch.sources import opensanctions_tables as tables

    for fmt in (
        tables.CN_SANCTIONS_FORMAT,
        tables.DOD_1260H_FORMAT,
        tables.FCC_COVERED_FORMAT,
        tables.BIS_MIEU_FORMAT,
        tables.NDAA_FORMAT,
    ):
        assert not fmt.sniff(path, path.read_bytes())
