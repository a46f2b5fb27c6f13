"""FollowTheMoney JSON lines: OpenSanctions-shaped import, export, and the round trip."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from entitywatch.errors import InputError
from entitywatch.model import (
    Address,
    FederalRegisterCitation,
    Identifier,
    IssueSeverity,
    LicensePolicyClause,
    Listing,
    Name,
    NameKind,
    ParsedList,
    Party,
    Relation,
    RelationKind,
    ReviewPolicy,
    Schema,
)
from entitywatch.sources.ftm_jsonl import (
    FtmEntity,
    ftm_entity_id,
    list_code_of,
    parse_ftm_jsonl,
    party_to_ftm,
    sniff_ftm_jsonl,
    write_ftm_jsonl,
)
from entitywatch.sources.registry import detect_format, parse_file
from tests.conftest import shared_file

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ftm" / "opensanctions_sample.jsonl"


@pytest.fixture(scope="module")
def sample() -> ParsedList:
    return parse_ftm_jsonl(SAMPLE)


def by_id(result: ParsedList, party_id: str) -> Party:
    return next(p for p in result.parties if p.id == party_id)


def write_lines(tmp_path: Path, *entities: dict[str, Any] | str) -> Path:
    path = tmp_path / "entities.jsonl"
    lines = [e if isinstance(e, str) else json.dumps(e, ensure_ascii=False) for e in entities]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def company(entity_id: str, name: str, **props: list[str]) -> dict[str, Any]:
    return {"id": entity_id, "schema": "Company", "properties": {"name": [name], **props}}


# --- import of an OpenSanctions-shaped file -----------------------------------------------


def test_sample_is_detected_and_summarised(sample: ParsedList) -> None:
    assert detect_format(SAMPLE).name == "ftm_jsonl"
    assert sample.source == "ftm_entitywatch_sample"  # from the first entity's datasets
    assert sample.format == "ftm_jsonl"
    assert [p.id for p in sample.parties] == [
        "ewx-hikvision",
        "ewx-huawei",
        "ewx-huawei-holding",
        "ewx-chen-quanguo",
        "ewx-xpsb",
    ]
    assert sample.listing_counts() == {"CMIC": 1, "DOD-1260H": 1, "EL": 2, "SDN": 2}
    assert [i.message for i in sample.issues] == ["entities of other schemas skipped: Position (1)"]


@pytest.mark.parametrize(
    ("party_id", "schema", "names", "countries"),
    [
        (
            "ewx-hikvision",
            Schema.COMPANY,
            [
                ("Hangzhou Hikvision Digital Technology Co., Ltd.", NameKind.PRIMARY, None),
                ("杭州海康威视数字技术股份有限公司", NameKind.ALIAS, "Hani"),
                ("Hikvision", NameKind.ALIAS, None),
            ],
            ["CN"],
        ),
        (
            "ewx-huawei",
            Schema.COMPANY,
            [
                ("Huawei Technologies Co., Ltd.", NameKind.PRIMARY, None),
                ("华为技术有限公司", NameKind.ALIAS, "Hani"),
                ("Huawei", NameKind.WEAK_ALIAS, None),
            ],
            ["CN"],
        ),
        (
            "ewx-chen-quanguo",
            Schema.PERSON,
            [("Chen Quanguo", NameKind.PRIMARY, None), ("陈全国", NameKind.ALIAS, "Hani")],
            [],
        ),
        (
            "ewx-xpsb",
            Schema.ORGANIZATION,
            [
                ("Xinjiang Public Security Bureau", NameKind.PRIMARY, None),
                ("新疆维吾尔自治区公安厅", NameKind.ALIAS, "Hani"),
            ],
            ["CN"],
        ),
    ],
)
def test_sample_parties(
    sample: ParsedList,
    party_id: str,
    schema: Schema,
    names: list[tuple[str, NameKind, str | None]],
    countries: list[str],
) -> None:
    party = by_id(sample, party_id)
    assert party.schema is schema
    assert [(n.value, n.kind, n.script) for n in party.names] == names
    assert party.countries == countries


def test_sample_address_sanctions_and_topics(sample: ParsedList) -> None:
    hikvision = by_id(sample, "ewx-hikvision")
    # the Address entity, not repeated for the same text in the `address` property
    assert hikvision.addresses == [
        Address(
            full="No. 555 Qianmo Road, Binjiang District, Hangzhou, Zhejiang, China",
            street="No. 555 Qianmo Road, Binjiang District",
            city="Hangzhou",
            region="Zhejiang",
            country="CN",
        )
    ]
    entity_list, cmic = hikvision.listings
    assert (entity_list.list_code, entity_list.authority, entity_list.programs) == (
        "EL",
        "Bureau of Industry and Security",
        ("Entity List",),
    )
    assert entity_list.start_date == dt.date(2019, 10, 9)
    assert entity_list.reason and "Xinjiang" in entity_list.reason
    assert entity_list.remarks == "For all items subject to the EAR; presumption of denial"
    assert entity_list.source_url and "2019-22210" in entity_list.source_url
    assert (cmic.list_code, cmic.start_date) == ("CMIC", dt.date(2021, 6, 3))
    assert hikvision.notes == "Topics: sanction, export.control"


def test_sample_identifiers_people_and_links(sample: ParsedList) -> None:
    huawei = by_id(sample, "ewx-huawei")
    assert huawei.identifiers == [
        Identifier(type="Unified Social Credit Code", value="914403001922038216")
    ]
    assert huawei.relations == [
        Relation(
            kind=RelationKind.OWNED_BY,
            target_name="Huawei Investment & Holding Co., Ltd.",
            target_id="ewx-huawei-holding",
            share=100.0,
        )
    ]
    chen = by_id(sample, "ewx-chen-quanguo")
    assert (chen.birth_dates, chen.nationalities) == (["1955-11"], ["CN"])
    assert chen.title == "Former Party Secretary of the Xinjiang Uyghur Autonomous Region"
    assert [(r.kind, r.target_id) for r in chen.relations] == [
        (RelationKind.AFFILIATE_OF, "ewx-xpsb")
    ]


def _sanction(**props: list[str]) -> FtmEntity:
    return FtmEntity(id="s1", schema="Sanction", properties=props, line=1)


@pytest.mark.parametrize(
    ("props", "code"),
    [
        ({"entitywatch:listCode": ["CN-UEL"], "programId": ["US-BIS-EL"]}, "CN-UEL"),
        ({"listCode": ["MEU"]}, "MEU"),
        ({"programId": ["US-BIS-MIEU"]}, "MIEU"),
        ({"programId": ["US-BIS-EL"]}, "EL"),
        ({"program": ["Entity List"]}, "EL"),
        ({"program": ["Military End-User List"]}, "MEU"),
        ({"program": ["Specially Designated Nationals (SDGT)"]}, "SDN"),
        ({"program": ["Unreliable Entity List"]}, "CN-UEL"),
        ({"program": ["EU financial sanctions"]}, "FTM"),
        ({}, "FTM"),
    ],
)
def test_list_code_of_a_sanction(props: dict[str, list[str]], code: str) -> None:
    assert list_code_of(_sanction(**props)) == code


@pytest.mark.parametrize(
    ("text", "citation", "issue"),
    [
        ("84 FR 22961", FederalRegisterCitation(84, 22961), None),
        (
            "84 FR 22961 (2019-05-21)",
            FederalRegisterCitation(84, 22961, dt.date(2019, 5, 21)),
            None,
        ),
        ("77 FR 58006 No. 182", FederalRegisterCitation(77, 58006, issue=182), None),
        (
            "86 FR No. 71 (2021-04-15)",
            FederalRegisterCitation(86, None, dt.date(2021, 4, 15), issue=71),
            None,
        ),
        (
            "84 FR 22961 (2019-02-30)",
            FederalRegisterCitation(84, 22961),
            "the citation's date is not a calendar day; citation kept without it",
        ),
        ("86 FR", None, "not a citation such as '84 FR 22961' or '86 FR No. 71'"),
        ("Vol. 86, No. 71", None, "not a citation such as '84 FR 22961' or '86 FR No. 71'"),
    ],
)
def test_federal_register_citations_as_the_export_writes_them(
    tmp_path: Path, text: str, citation: FederalRegisterCitation | None, issue: str | None
) -> None:
    path = write_lines(
        tmp_path,
        company("c1", "Example Co"),
        {
            "id": "s1",
            "schema": "Sanction",
            "properties": {
                "entity": ["c1"],
                "authority": ["Bureau of Industry and Security"],
                "entitywatch:listCode": ["EL"],
                "entitywatch:federalRegister": [text],
            },
        },
    )
    (party,) = parse_ftm_jsonl(path).parties
    assert party.listings[0].federal_register == ((citation,) if citation else ())
    assert [i.message for i in party.issues if i.field == "entitywatch:federalRegister"] == (
        [issue] if issue else []
    )


# --- defects and bad input ----------------------------------------------------------------


def test_source_defects_become_issues(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        company("c1", "Example Co", country=["zz-unknown"], addressEntity=["missing-addr"]),
        company("c1", "Example Company"),  # the same id again: merged
        {
            "id": "s1",
            "schema": "Sanction",
            "properties": {"entity": ["c1"], "startDate": ["2021-06"], "program": ["Entity List"]},
        },
        {"id": "s2", "schema": "Sanction", "properties": {"entity": ["nobody"]}},
    )
    result = parse_ftm_jsonl(path)
    (party,) = result.parties
    assert [n.value for n in party.names] == ["Example Co", "Example Company"]
    assert party.listings[0].start_date is None
    assert party.listings[0].authority == "unknown"
    assert sorted(i.field for i in party.issues) == [
        "addressEntity",
        "authority",
        "country",
        "startDate",
    ]
    assert [(i.field, i.severity) for i in result.issues] == [
        ("id", IssueSeverity.REPAIRED),
        ("entity", IssueSeverity.WARNING),
    ]
    assert result.source == "ftm"  # no datasets on the first entity


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "c2", "schema": "Company", "properties": {"name": ["Cut', "not valid JSON"),
        ('["not", "an", "object"]', "not a JSON object"),
        ('{"schema": "Company", "properties": {}}', 'needs a string "id" and "schema"'),
        ('{"id": "c2", "schema": "Company", "properties": []}', '"properties" must be an object'),
        (
            '{"id": "c2", "schema": "Sanction", "properties": {"entity": [{"id": "c1"}]}}',
            "nested object",
        ),
    ],
)
def test_malformed_line_names_the_line(tmp_path: Path, bad_line: str, message: str) -> None:
    path = write_lines(tmp_path, company("c0", "First"), "", bad_line, company("c3", "Last"))
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        parse_ftm_jsonl(path)
    assert caught.value.position == "line 3"
    assert str(path) in str(caught.value)


# --- export -------------------------------------------------------------------------------


def full_party() -> Party:
    """A party that uses every field the export must carry."""
    return Party(
        id="ew_test-0001",  # "_" is not allowed in FtM entity ids
        schema=Schema.PERSON,
        names=[
            Name("Ivan Petrov"),
            Name("Иван Петров", NameKind.ALIAS, lang="ru", script="Cyrl"),
            Name("Vanya", NameKind.WEAK_ALIAS),
            Name("Ivan Petroff", NameKind.PREVIOUS),
            Name("伊万", NameKind.ALIAS, lang="zh", script="Hani"),
        ],
        addresses=[
            Address(
                "1 Example Street, Moscow, 101000, Russia",
                street="1 Example Street",
                city="Moscow",
                postal_code="101000",
                country="RU",
            ),
            Address("Somewhere in Vladivostok"),
        ],
        countries=["RU", "CN"],
        identifiers=[
            Identifier("Passport", "7100000001", "RU"),
            Identifier("INN", "7707083893"),
            Identifier("Wikidata ID", "Q4115189"),
            Identifier("Customer number", "K-77"),
        ],
        birth_dates=["1970-01-02", "1971"],
        nationalities=["RU"],
        relations=[
            Relation(RelationKind.AFFILIATE_OF, "Known Only By Name Ltd"),
            Relation(
                RelationKind.OWNED_BY, "Absent Parent JSC", target_id="absent_parent-1", share=51.5
            ),
            Relation(RelationKind.SUBORDINATE_OF, "Other Party", target_id="ew_test-0002"),
        ],
        listings=[
            Listing(
                list_code="EL",
                authority="Bureau of Industry and Security",
                list_name="Entity List",
                programs=("EAR 744.11", "EAR 744.21"),
                start_date=dt.date(2019, 5, 16),
                end_date=dt.date(2030, 1, 1),
                federal_register=(
                    FederalRegisterCitation(84, 22961, dt.date(2019, 5, 21)),
                    FederalRegisterCitation(85, 51596),
                    FederalRegisterCitation(77, 58006, issue=182),
                    FederalRegisterCitation(86, None, dt.date(2021, 4, 15), issue=71),
                ),
                license_requirement="For all items subject to the EAR.",
                license_policy="Presumption of denial.",
                # not exported: import parses the policy text again
                license_policy_clauses=(
                    LicensePolicyClause(
                        ReviewPolicy.PRESUMPTION_OF_DENIAL, "all_items", "Presumption of denial"
                    ),
                ),
                reason="Acting contrary to US national security interests.",
                remarks="Example remarks.\nSecond line.",
                source_url="https://www.federalregister.gov/d/2019-10616",
            ),
            Listing(list_code="CN-UEL", authority="Ministry of Commerce"),
        ],
        title="General Director",
        notes="Example notes.\n\nTopics: sanction, export.control",
        source_record_id="4711",
    )


def other_party() -> Party:
    return Party(
        id="ew_test-0002",
        schema=Schema.VESSEL,
        names=[Name("Example Star")],
        identifiers=[Identifier("IMO", "9123456")],
    )


def comparable(party: Party) -> dict[str, Any]:
    """A party as JSON without its issues; lists whose order FtM does not keep are sorted."""
    data = party.to_dict()
    data.pop("issues", None)
    for key in ("names", "addresses", "identifiers", "relations"):
        if key in data:
            data[key] = sorted(data[key], key=lambda item: json.dumps(item, sort_keys=True))
    return data


def round_trip(parties: list[Party], tmp_path: Path, dataset: str | None = None) -> ParsedList:
    path = tmp_path / "export.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_ftm_jsonl(parties, stream, dataset=dataset)
    return parse_file(path)


def test_export_then_import_gives_the_same_parties(tmp_path: Path) -> None:
    parties = [full_party(), other_party()]
    back = round_trip(parties, tmp_path)
    assert [comparable(p) for p in back.parties] == [comparable(p) for p in parties]
    assert back.issues == []


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "relative",
    [
        "cn_sanctions/sanctions.csv",
        "us_china_related_lists/dod_1260h_chinese_military_companies.csv",
        "us_china_related_lists/fcc_covered_list.csv",
        "us_china_related_lists/ndaa_section_1286.csv",
    ],
)
def test_round_trip_of_real_lists(tmp_path: Path, relative: str) -> None:
    original = parse_file(shared_file(relative))
    back = round_trip(original.parties, tmp_path, dataset=original.source)
    assert back.source == f"ftm_{original.source}"
    assert [comparable(p) for p in back.parties] == [comparable(p) for p in original.parties]


def test_party_to_ftm_shape() -> None:
    entities = party_to_ftm(full_party(), dataset="own")
    party, *rest = entities
    assert (party["id"], party["schema"], party["caption"]) == (
        ftm_entity_id("ew_test-0001"),
        "Person",
        "Ivan Petrov",
    )
    assert party["properties"]["entitywatch:id"] == ["ew_test-0001"]
    assert party["properties"]["country"] == ["ru", "cn"]
    assert party["properties"]["innCode"] == ["7707083893"]
    assert party["properties"]["topics"] == ["sanction", "export.control"]
    assert party["properties"]["notes"] == ["Example notes."]
    sanctions = [e for e in rest if e["schema"] == "Sanction"]
    assert len(sanctions) == 2  # one per listing
    first = sanctions[0]["properties"]
    assert first["entity"] == [party["id"]]
    assert first["entitywatch:listCode"] == ["EL"]
    assert first["entitywatch:federalRegister"] == [
        "84 FR 22961 (2019-05-21)",
        "85 FR 51596",
        "77 FR 58006 No. 182",
        "86 FR No. 71 (2021-04-15)",
    ]
    assert first["provisions"] == [
        "License requirement: For all items subject to the EAR.",
        "License review policy: Presumption of denial.",
    ]
    assert sorted(e["schema"] for e in rest) == [
        "Address",
        "Address",
        "Identification",  # the passport: it has a country
        "Identification",  # "Customer number": no FtM property
        "Ownership",
        "Sanction",
        "Sanction",
        "UnknownLink",
    ]
    assert {e["datasets"][0] for e in entities} == {"own"}


# The FtM properties (from the followthemoney schema YAML) that the export may write; any
# other property must carry the entitywatch: prefix, which FtM readers skip.
FTM_PROPERTIES: dict[str, set[str]] = {
    "Thing": {
        "name",
        "alias",
        "weakAlias",
        "previousName",
        "country",
        "address",
        "addressEntity",
        "notes",
        "topics",
        "wikidataId",
    },
    "LegalEntity": {
        "registrationNumber",
        "idNumber",
        "taxNumber",
        "innCode",
        "ogrnCode",
        "okpoCode",
        "leiCode",
        "swiftBic",
        "uscCode",
        "dunsCode",
        "vatCode",
    },
    "Person": {"birthDate", "nationality", "title", "passportNumber"},
    "Vessel": {"imoNumber", "mmsi", "registrationNumber"},
    "Address": {"full", "street", "city", "region", "postalCode", "country"},
    "Sanction": {
        "entity",
        "authority",
        "program",
        "startDate",
        "endDate",
        "reason",
        "summary",
        "provisions",
        "sourceUrl",
    },
    "Identification": {"holder", "type", "number", "country"},
    "Ownership": {"owner", "asset", "percentage"},
    "UnknownLink": {"subject", "object", "role"},
}
ALLOWED = {
    "Person": FTM_PROPERTIES["Thing"] | FTM_PROPERTIES["LegalEntity"] | FTM_PROPERTIES["Person"],
    "Company": FTM_PROPERTIES["Thing"] | FTM_PROPERTIES["LegalEntity"],
    "Vessel": FTM_PROPERTIES["Thing"] | FTM_PROPERTIES["Vessel"],
    **{
        schema: FTM_PROPERTIES[schema]
        for schema in ("Address", "Sanction", "Identification", "Ownership", "UnknownLink")
    },
}
REFERENCES = {"entity", "addressEntity", "holder", "owner", "asset", "subject", "object"}
FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")


def test_export_writes_only_ftm_properties_and_valid_ids() -> None:
    entities = [e for p in (full_party(), other_party()) for e in party_to_ftm(p)]
    for entity in entities:
        assert FTM_ID.match(entity["id"]), entity["id"]
        for prop, values in entity["properties"].items():
            assert prop in ALLOWED[entity["schema"]] or prop.startswith("entitywatch:"), prop
            assert all(isinstance(v, str) and v for v in values)
            if prop in REFERENCES:
                assert all(FTM_ID.match(v) for v in values), (prop, values)


def test_write_counts_entities_and_is_sniffed(tmp_path: Path) -> None:
    stream = io.StringIO()
    assert write_ftm_jsonl([other_party(), full_party()], stream) == 10
    path = tmp_path / "out.jsonl"
    path.write_text(stream.getvalue(), encoding="utf-8")
    assert detect_format(path).name == "ftm_jsonl"


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        (b'{"id": "a", "schema": "Company", "properties": {"name": ["A"]}}\n', True),
        (b'\xef\xbb\xbf{"id": "a", "schema": "Company", "properties": {}}\n', True),
        (b'{"id": "a", "schema": "Company", "properties": {"name": ["very long', True),
        (b'[{"id": "a", "schema": "Company", "properties": {}}]\n', False),
        (b'{"results": []}\n', False),
        (b"name,country\nHuawei,CN\n", False),
        (b"", False),
    ],
)
def test_sniffer(head: bytes, claimed: bool) -> None:
    assert sniff_ftm_jsonl(Path("x.jsonl"), head) is claimed
