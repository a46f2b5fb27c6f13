"""OFAC Sanctions List Service ENHANCED_XML -> parties, on the real CONS_ENHANCED file.

../shared/data/ofac_cons_enhanced_2025/CONS_ENHANCED.ZIP (data as of 2025-01-10, see its
PROVENANCE.md): 443 entities on the Consolidated (non-SDN) List, tagged SSI 286, PLC 78,
SDN 77 (cross-listed), NS-CMIC 68, NS-MBS 12, CAPTA 1, FSE 1.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

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
from entitywatch.sources import detect_format, ofac_enhanced_xml
from tests.conftest import shared_file

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def cons_zip() -> Path:
    return shared_file("ofac_cons_enhanced_2025/CONS_ENHANCED.ZIP")


@pytest.fixture(scope="module")
def xml_text(cons_zip: Path) -> str:
    with zipfile.ZipFile(cons_zip) as archive:
        return archive.read("CONS_ENHANCED.XML").decode("utf-8")


@pytest.fixture(scope="module")
def parsed(cons_zip: Path) -> ParsedList:
    return ofac_enhanced_xml.parse(cons_zip)


@pytest.fixture(scope="module")
def by_entity_id(parsed: ParsedList) -> dict[str, Party]:
    return {party.source_record_id or "": party for party in parsed.parties}


def _slice(xml_text: str, *entity_ids: str) -> str:
    """A valid document made of the real file's header, tables and the named entities."""
    head = xml_text[: xml_text.index("<entities>") + len("<entities>")]
    entities = []
    for entity_id in entity_ids:
        start = xml_text.index(f'<entity id="{entity_id}">')
        end = xml_text.index("</entity>", start) + len("</entity>")
        entities.append(xml_text[start:end])
    return head + "\n" + "\n".join(entities) + "\n</entities>\n</sanctionsData>\n"


# --- whole-file counts ----------------------------------------------------------------------


def test_one_party_per_entity_and_the_provenance_listing_counts(parsed: ParsedList) -> None:
    assert parsed.source == "us_ofac_cons"
    assert parsed.format == "ofac_enhanced_xml"
    assert parsed.published_at == dt.datetime(2025, 1, 10, tzinfo=dt.UTC)
    assert len(parsed.parties) == 443
    assert len({party.id for party in parsed.parties}) == 443
    # "Consolidated List" tags every entity and is the publication, not a listing.
    assert parsed.listing_counts() == {
        "SSI": 286,
        "PLC": 78,
        "SDN": 77,
        "CMIC": 68,
        "MBS": 12,
        "CAP": 1,
        "FSE": 1,
    }
    assert parsed.issues == []
    assert [issue for party in parsed.parties for issue in party.issues] == []


def test_schema_counts(parsed: ParsedList) -> None:
    assert Counter(party.schema for party in parsed.parties) == {
        Schema.COMPANY: 353,  # by target type, securities or legal form
        Schema.PERSON: 80,
        Schema.ORGANIZATION: 5,  # target type "Government Entity"
        Schema.LEGAL_ENTITY: 5,
    }


def test_name_counts(parsed: ParsedList) -> None:
    names = [name for party in parsed.parties for name in party.names]
    assert Counter(name.kind for name in names) == {
        NameKind.PRIMARY: 443,
        NameKind.ALIAS: 982,
        NameKind.PREVIOUS: 142,
        NameKind.WEAK_ALIAS: 71,  # isLowQuality
    }
    assert Counter((name.script, name.lang) for name in names if name.script) == {
        ("Cyrl", None): 39,
        ("Hani", "zh"): 6,  # five simplified, one traditional
    }


def test_addresses_identifiers_relations(parsed: ParsedList) -> None:
    assert sum(len(party.addresses) for party in parsed.parties) == 531
    assert sum(len(party.identifiers) for party in parsed.parties) == 963
    assert Counter(relation.kind for party in parsed.parties for relation in party.relations) == {
        RelationKind.OWNED_BY: 278,
        RelationKind.AFFILIATE_OF: 5,
    }
    assert sum(len(party.birth_dates) for party in parsed.parties) == 75


def test_every_listing_has_a_start_date_and_legal_authority(parsed: ParsedList) -> None:
    for party in parsed.parties:
        for listing in party.listings:
            assert listing.start_date is not None, party.id
            assert listing.reason, party.id
            assert listing.authority == "Office of Foreign Assets Control"


# --- specific entries -----------------------------------------------------------------------

ENTRIES = [
    pytest.param(
        "30946",
        {
            "schema": Schema.COMPANY,
            "name": "Hangzhou Hikvision Digital Technology Co., Ltd.",
            "aliases": {
                ("Hikvision", NameKind.ALIAS),
                ("Hangzhou Hikvision Digital Technology", NameKind.ALIAS),
            },
            # The 2025-01-10 file gives Hikvision no Chinese-script name.
            "han_names": [],
            "listings": [("CMIC", dt.date(2021, 6, 3), ("CMIC-EO13959",))],
            "reason": "Executive Order 14032 (CMIC)",
            "countries": ["CN"],
            "identifiers": {
                Identifier("Unified Social Credit Code", "91330000733796106P", "CN"),
                Identifier("ISIN", "CNE100000PM8"),
                Identifier("Equity Ticker", "002415 CN"),
            },
            "city": "Hangzhou",
        },
        id="hikvision-cmic",
    ),
    pytest.param(
        "33111",
        {
            "schema": Schema.COMPANY,
            "name": "SZ DJI Technology Co., Ltd.",
            "han_names": ["深圳市大疆创新科技有限公司"],
            "listings": [("CMIC", dt.date(2021, 12, 16), ("CMIC-EO13959",))],
            "identifiers": {Identifier("Unified Social Credit Code", "914403007954257495", "CN")},
            "city": "Shenzhen",
        },
        id="dji-cmic-simplified-chinese",
    ),
    pytest.param(
        "33113",
        {
            "name": "Dawning Information Industry Co., Ltd",
            "han_names": ["曙光信息产业股份有限公司"],
            "listings": [("CMIC", dt.date(2021, 12, 16), ("CMIC-EO13959",))],
            "identifiers": {
                Identifier("Unified Social Credit Code", "91120000783342508F", "CN"),
                Identifier("ISIN", "CNE100001TW7"),
            },
        },
        id="sugon-cmic-uscc-and-isin",
    ),
    pytest.param(
        "33112",
        {
            "name": "Cloudwalk Technology Co., Ltd.",
            "han_names": ["云从科技集团股份有限公司"],
            "identifiers": {Identifier("Unified Social Credit Code", "914401153314442716", "CN")},
        },
        id="cloudwalk-cmic",
    ),
    pytest.param(
        "33114",
        {
            "name": "Sensetime Group Limited",
            "han_names": ["商湯集團有限公司"],  # declared "Chinese Traditional": still Hani
            "listings": [("CMIC", dt.date(2021, 12, 10), ("CMIC-EO13959",))],
            "identifiers": {Identifier("C.R. No.", "2162198", "HK")},
        },
        id="sensetime-cmic-traditional-chinese",
    ),
    pytest.param(
        "17013",
        {
            "schema": Schema.COMPANY,
            "name": "VTB BANK PUBLIC JOINT STOCK COMPANY",
            "aliases": {
                ("Банк ВТБ публичное акционерное общество", NameKind.ALIAS),
                ("JSC VTB BANK", NameKind.PREVIOUS),
                ("JSC VTB Bank New Delhi Branch", NameKind.WEAK_ALIAS),
            },
            "listings": [
                ("SSI", dt.date(2014, 7, 29), ("UKRAINE-EO13662", "RUSSIA-EO14024")),
                ("SDN", dt.date(2022, 2, 24), ("UKRAINE-EO13662", "RUSSIA-EO14024")),
            ],
            "reason": "Executive Order 13662 (Ukraine); Executive Order 14024 (Russia)",
            "identifiers": {
                Identifier("SWIFT/BIC", "VTBRRUMM"),
                Identifier("BIK (RU)", "044030707", "RU"),
                Identifier("Registration ID", "1027739609391", "RU"),
            },
            "countries": ["RU", "IN", "CN"],  # head office, New Delhi and Shanghai branches
        },
        id="vtb-ssi-and-sdn",
    ),
    pytest.param(
        "9639",
        {
            "schema": Schema.PERSON,
            "name": "HANIYA, Ismail Abdul Salah",
            "aliases": {("HANIYA, Ismail", NameKind.ALIAS), ("HANIYYA, Ismaeel", NameKind.ALIAS)},
            "listings": [("PLC", dt.date(2006, 4, 12), ("NS-PLC",))],
            "reason": "General License 4 Under EO 13224 (Terrorism)",
            "birth_dates": ["1962"],
            "notes": "Place of Birth: Shati",
            "countries": [],
        },
        id="plc-person",
    ),
    pytest.param(
        "9647",
        {
            "schema": Schema.PERSON,
            "name": "ZAHHAR, Mahmoud Khaled",
            "listings": [
                ("PLC", dt.date(2006, 4, 12), ("NS-PLC", "SDGT")),
                ("SDN", dt.date(2023, 11, 14), ("NS-PLC", "SDGT")),
            ],
            "nationalities": ["PS"],
            "relations": [Relation(RelationKind.AFFILIATE_OF, "HAMAS", target_id="ofac-4695")],
        },
        id="plc-and-sdn-person-acting-for-hamas",
    ),
    pytest.param(
        "26182",
        {
            "schema": Schema.PERSON,
            "name": "KAYAKIRAN, Evren",
            "listings": [("FSE", dt.date(2019, 2, 7), ("FSE-IR",))],
            "birth_dates": ["1980-02-08"],
            "nationalities": ["TR"],
            "identifiers": {Identifier("Passport", "U00242309", "TR")},
            "countries": ["TR"],
        },
        id="fse-person",
    ),
    pytest.param(
        "15268",
        {
            "schema": Schema.COMPANY,
            "name": "BANK OF KUNLUN CO LTD",
            "aliases": {("KARAMAY CITY COMMERCIAL BANK CO LTD.", NameKind.PREVIOUS)},
            "listings": [("CAP", dt.date(2019, 3, 14), ("561-Related",))],
            "identifiers": {Identifier("SWIFT/BIC", "CKLBCNBJ")},
            "countries": ["CN"],
        },
        id="capta-bank",
    ),
    pytest.param(
        "27016",
        {
            "schema": Schema.LEGAL_ENTITY,
            "name": "Presidency of Defense Industries",
            "aliases": {("SSB", NameKind.WEAK_ALIAS), ("SSM", NameKind.WEAK_ALIAS)},
            "listings": [("MBS", dt.date(2020, 12, 14), ("CAATSA - RUSSIA",))],
            "reason": "CAATSA - Section 231",
            "countries": ["TR"],
        },
        id="menu-based-caatsa",
    ),
    pytest.param(
        "31695",
        {
            "schema": Schema.ORGANIZATION,
            "name": "Central Bank of the Russian Federation",
            "listings": [("MBS", dt.date(2022, 2, 22), ("RUSSIA-EO14024",))],
            "identifiers": {Identifier("SWIFT/BIC", "CBRFRUMM")},
        },
        id="government-entity",
    ),
]


@pytest.mark.parametrize(("entity_id", "expected"), ENTRIES)
def test_entry(by_entity_id: dict[str, Party], entity_id: str, expected: dict[str, object]) -> None:
    party = by_entity_id[entity_id]
    assert party.id == f"ofac-{entity_id}"
    assert party.caption == expected["name"]
    checks = {
        "schema": party.schema,
        "birth_dates": party.birth_dates,
        "nationalities": party.nationalities,
        "relations": party.relations,
        "countries": party.countries,
        "notes": party.notes,
        "listings": [(x.list_code, x.start_date, x.programs) for x in party.listings],
        "han_names": [
            name.value
            for name in party.names
            if (name.script, name.lang, name.kind) == ("Hani", "zh", NameKind.ALIAS)
        ],
    }
    for key, actual in checks.items():
        if key in expected:
            assert actual == expected[key], key
    if "reason" in expected:
        assert {listing.reason for listing in party.listings} == {expected["reason"]}
    if "aliases" in expected:
        assert expected["aliases"] <= {(n.value, n.kind) for n in party.names}
    if "identifiers" in expected:
        assert expected["identifiers"] <= set(party.identifiers)
    if "city" in expected:
        assert expected["city"] in {address.city for address in party.addresses}


def test_cmic_companies_with_chinese_names_carry_a_uscc_or_isin(parsed: ParsedList) -> None:
    """The NS-CMIC entries are the screening targets whose Chinese names matter most."""
    cmic = [p for p in parsed.parties if any(x.list_code == "CMIC" for x in p.listings)]
    assert len(cmic) == 68
    with_chinese = {
        party.caption: sorted(
            i.type for i in party.identifiers if i.type in {"Unified Social Credit Code", "ISIN"}
        )
        for party in cmic
        if any(name.script == "Hani" for name in party.names)
    }
    assert with_chinese == {
        "Megvii Technology Limited": [],
        "SZ DJI Technology Co., Ltd.": ["Unified Social Credit Code"],
        "Cloudwalk Technology Co., Ltd.": ["Unified Social Credit Code"],
        "Dawning Information Industry Co., Ltd": ["ISIN", "Unified Social Credit Code"],
        "Sensetime Group Limited": [],
        "Yitu Limited": [],
    }
    with_code = [
        p
        for p in cmic
        if any(i.type in {"Unified Social Credit Code", "ISIN"} for i in p.identifiers)
    ]
    # all but China Academy of Launch Vehicle Technology, Megvii, SenseTime and Yitu
    assert len(with_code) == 64


def test_cmic_listing_dates_and_remarks(by_entity_id: dict[str, Party]) -> None:
    listing = by_entity_id["30946"].listings[0]
    assert listing.list_name == "Non-SDN CMIC List"
    assert listing.remarks == (
        "Sanctions type: CMIC Executive Order; Listing Date (CMIC): 2021-06-03; "
        "Effective Date (CMIC): 2021-08-02; Purchase/Sales For Divestment Date (CMIC): 2022-06-03"
    )
    assert listing.source_url == ofac_enhanced_xml.OFFICIAL_URL


def test_owned_by_relations_point_at_the_owner(by_entity_id: dict[str, Party]) -> None:
    assert by_entity_id["17013"].relations == []  # VTB owns others; nobody owns VTB
    owned = [
        (party.caption, relation.target_id)
        for party in by_entity_id.values()
        for relation in party.relations
        if relation.target_name == "VTB BANK PUBLIC JOINT STOCK COMPANY"
    ]
    assert ("BM Bank JSC", "ofac-17013") in owned


@pytest.mark.parametrize(
    ("declared", "text", "script", "lang"),
    [
        ("Chinese Simplified", "深圳市大疆创新科技有限公司", "Hani", "zh"),
        ("Chinese Traditional", "商湯集團有限公司", "Hani", "zh"),
        # the letters win over a declaration they contradict
        ("Latin", "深圳市大疆创新科技有限公司", "Hani", "zh"),
        ("Cyrillic", "삼성", "Hang", "ko"),
        # a declaration the letters agree with is kept, being the more precise tag
        ("Japanese", "東京", "Jpan", "ja"),
        ("Korean", "삼성", "Kore", "ko"),
        # Latin letters alone do not overrule a declared non-Latin script
        ("Cyrillic", "Bank VTB", "Cyrl", None),
        (None, "Банк ВТБ", "Cyrl", None),
        ("Latin", "Hikvision", None, None),
        ("Klingon", "Hikvision", None, None),
        (None, "Hikvision", None, None),
    ],
)
def test_declared_script_checked_against_the_letters(
    declared: str | None, text: str, script: str | None, lang: str | None
) -> None:
    element = None
    if declared is not None:
        element = ElementTree.Element("script")
        element.text = declared
    assert ofac_enhanced_xml._script_of(ofac_enhanced_xml.References(), element, text) == (
        script,
        lang,
    )


# --- sniffing -------------------------------------------------------------------------------


def test_detect_format_on_the_zip_and_the_xml(
    cons_zip: Path, xml_text: str, tmp_path: Path
) -> None:
    assert detect_format(cons_zip).name == "ofac_enhanced_xml"
    xml_path = tmp_path / "CONS_ENHANCED.XML"
    xml_path.write_text(xml_text, encoding="utf-8")
    assert detect_format(xml_path).name == "ofac_enhanced_xml"
    assert ofac_enhanced_xml.parse(xml_path).listing_counts()["CMIC"] == 68


def test_sniff_wants_the_namespace_and_an_xml_or_zip_name(tmp_path: Path) -> None:
    head = f'<sanctionsData xmlns="{ofac_enhanced_xml.NAMESPACE}">'.encode()
    assert ofac_enhanced_xml.sniff(tmp_path / "list.xml", head)
    assert ofac_enhanced_xml.sniff(tmp_path / "list.ZIP", head)
    assert not ofac_enhanced_xml.sniff(tmp_path / "list.csv", head)
    assert not ofac_enhanced_xml.sniff(tmp_path / "sdn_advanced.xml", b"<Sanctions xmlns='x'>")


# --- slices of the real file ----------------------------------------------------------------


def test_a_slice_of_two_entities(xml_text: str, tmp_path: Path) -> None:
    path = tmp_path / "two.xml"
    path.write_text(_slice(xml_text, "30946", "33111"), encoding="utf-8")
    parsed = ofac_enhanced_xml.parse(path)
    assert [party.id for party in parsed.parties] == ["ofac-30946", "ofac-33111"]
    assert parsed.listing_counts() == {"CMIC": 2}


def test_an_sdn_enhanced_file_gets_its_own_source_key(xml_text: str, tmp_path: Path) -> None:
    document = _slice(xml_text, "17013").replace(
        '<sanctionsList refId="91512">Consolidated List</sanctionsList>',
        '<sanctionsList refId="1550">SDN List</sanctionsList>',
        1,
    )
    path = tmp_path / "export.xml"
    path.write_text(document, encoding="utf-8")
    parsed = ofac_enhanced_xml.parse(path)
    assert parsed.source == "us_ofac_sdn_enhanced"
    assert {x.source_url for x in parsed.parties[0].listings} == {
        ofac_enhanced_xml.SDN_OFFICIAL_URL
    }


def test_an_unknown_list_name_is_kept_and_flagged(xml_text: str, tmp_path: Path) -> None:
    document = _slice(xml_text, "30946").replace(
        ">Non-SDN CMIC List</sanctionsList>", ">Some Future List</sanctionsList>"
    )
    document = document.replace('<referenceValue refId="92052">', '<referenceValue refId="x">')
    path = tmp_path / "future.xml"
    path.write_text(document, encoding="utf-8")
    party = ofac_enhanced_xml.parse(path).parties[0]
    assert [x.list_code for x in party.listings] == ["Some Future List"]
    assert [(issue.field, issue.value) for issue in party.issues] == [
        ("listings", "Some Future List")
    ]


def test_xml_cut_in_half_names_line_and_column(xml_text: str, tmp_path: Path) -> None:
    data = xml_text.encode("utf-8")
    half = data[: len(data) // 2]
    path = tmp_path / "CONS_ENHANCED.XML"
    path.write_bytes(half)
    assert detect_format(path).name == "ofac_enhanced_xml"  # the head is intact
    with pytest.raises(InputError) as caught:
        ofac_enhanced_xml.parse(path)
    position = caught.value.position or ""
    assert re.fullmatch(r"\d+:\d+", position)
    assert position.split(":")[0] == str(half.count(b"\n") + 1)  # where the file stops
    assert "not well-formed" in caught.value.reason


def test_a_zip_holding_a_truncated_xml(xml_text: str, tmp_path: Path) -> None:
    path = tmp_path / "CONS_ENHANCED.ZIP"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("CONS_ENHANCED.XML", xml_text[: len(xml_text) // 3])
    with pytest.raises(InputError) as caught:
        ofac_enhanced_xml.parse(path)
    assert re.fullmatch(r"\d+:\d+", caught.value.position or "")


def test_an_entity_without_id_names_the_element(xml_text: str, tmp_path: Path) -> None:
    document = _slice(xml_text, "9639", "30946").replace('<entity id="30946">', "<entity>")
    path = tmp_path / "no-id.xml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(InputError, match="no id attribute") as caught:
        ofac_enhanced_xml.parse(path)
    assert caught.value.position == "sanctionsData/entities/entity[2]"


def test_another_xml_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<Sanctions xmlns="urn:x"><a/></Sanctions>\n')
    with pytest.raises(InputError, match="not OFAC's ENHANCED_XML") as caught:
        ofac_enhanced_xml.parse(path)
    assert caught.value.position == "line 1"
