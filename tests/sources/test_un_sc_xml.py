"""The UN Security Council Consolidated List XML: one party per INDIVIDUAL and ENTITY.

Counts come from ../shared/data/un_consolidated/PROVENANCE.md (730 individuals + 273
entities, generated 2026-02-27); the table of entries was read off the XML by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.model import Identifier, IssueSeverity, Name, NameKind, ParsedList, Party, Schema
from entitywatch.sources import detect_format, get_format
from entitywatch.sources.un_sc_xml import parse, split_alias
from tests.conftest import shared_file

pytestmark = pytest.mark.shared_data

UN_XML = "un_consolidated/UN_consolidated.xml"

_cache: dict[str, ParsedList] = {}


def parsed() -> ParsedList:
    if UN_XML not in _cache:
        _cache[UN_XML] = parse(shared_file(UN_XML))
    return _cache[UN_XML]


def party(party_id: str) -> Party:
    matches = [p for p in parsed().parties if p.id == party_id]
    assert len(matches) == 1, f"{party_id}: {len(matches)} parties"
    return matches[0]


# --- detection and counts -------------------------------------------------------------------


def test_the_file_is_recognised_by_its_root_element() -> None:
    fmt = detect_format(shared_file(UN_XML))
    assert fmt.name == "un_sc_xml"
    assert fmt.source == "un_sc_sanctions"
    assert fmt.official_url == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    assert get_format("un_sc_xml") is fmt


def test_every_individual_and_entity_is_one_party() -> None:
    result = parsed()
    assert (result.source, result.format) == ("un_sc_sanctions", "un_sc_xml")
    schemas = [p.schema for p in result.parties]
    assert schemas.count(Schema.PERSON) == 730
    assert schemas.count(Schema.ORGANIZATION) == 273
    assert len(result.parties) == 1003
    assert result.listing_counts() == {"UN": 1003}
    assert len({p.id for p in result.parties}) == 1003


def test_the_generation_time_is_the_publication_time() -> None:
    assert parsed().published_at == dt.datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=dt.UTC)


def test_ids_are_the_dataid() -> None:
    for p in parsed().parties:
        assert p.id == f"un-{p.source_record_id}"


@pytest.mark.parametrize(
    ("program", "count"),
    [
        ("Al-Qaida", 341),
        ("DPRK", 155),
        ("Taliban", 140),
        ("Iran", 121),
        ("Iraq", 75),
        ("DRC", 53),
        ("Libya", 30),
        ("Somalia", 24),
        ("CAR", 15),
        ("Haiti", 11),
        ("Yemen", 11),
        ("GB", 10),
        ("Sudan", 9),
        ("SouthSudan", 8),
    ],
)
def test_programs_are_the_un_list_types(program: str, count: int) -> None:
    assert sum(1 for p in parsed().parties if p.listings[0].programs == (program,)) == count


def test_name_counts_by_kind() -> None:
    kinds = [n.kind for p in parsed().parties for n in p.names]
    assert kinds.count(NameKind.PRIMARY) == 1003
    assert kinds.count(NameKind.ALIAS) == 2521
    assert kinds.count(NameKind.WEAK_ALIAS) == 643
    assert kinds.count(NameKind.PREVIOUS) == 18


# --- a table of real entries ------------------------------------------------------------


@pytest.mark.parametrize(
    (
        "party_id",
        "schema",
        "names",
        "birth_dates",
        "nationalities",
        "countries",
        "program",
        "listed_on",
        "reference",
    ),
    [
        (
            "un-6907993",
            Schema.PERSON,
            [Name("ERIC BADEGE", NameKind.PRIMARY)],
            ["1971"],
            ["CD"],
            ["RW"],
            "DRC",
            dt.date(2012, 12, 31),
            "CDi.001",
        ),
        (
            # Han characters inside a Latin alias become a Chinese-script alias of their own
            "un-6908566",
            Schema.PERSON,
            [
                Name("KIM CHOL SAM", NameKind.PRIMARY),
                Name("Jin Tiesan", NameKind.ALIAS),
                Name("金铁三", NameKind.ALIAS, lang="zh", script="Hani"),
            ],
            ["1971-03-11"],
            ["KP"],
            [],
            "DPRK",
            dt.date(2016, 11, 30),
            "KPi.035",
        ),
        (
            "un-6908691",
            Schema.ORGANIZATION,
            [
                Name("CHANG AN SHIPPING & TECHNOLOGY", NameKind.PRIMARY),
                Name("長安海連技術有限公司", NameKind.ALIAS, lang="zh", script="Hani"),
                Name("CHANG AN SHIPPING AND TECHNOLOGY", NameKind.ALIAS),
            ],
            [],
            [],
            ["CN"],
            "DPRK",
            dt.date(2018, 3, 30),
            "KPe.055",
        ),
        (
            # NAME_ORIGINAL_SCRIPT in Cyrillic; two nationalities, one of them historical
            "un-2960872",
            Schema.PERSON,
            [
                Name("DOKU KHAMATOVICH UMAROV", NameKind.PRIMARY),
                Name("Умаров Доку Хаматович", NameKind.ALIAS, script="Cyrl"),
                Name("Lom-ali Butayev (Butaev)", NameKind.ALIAS),
                Name("Dokka Umarov", NameKind.ALIAS),
            ],
            ["1964-04-13", "1965-04-13", "1964-05-12", "1955"],
            ["RU", "SU"],
            [],
            "Al-Qaida",
            dt.date(2011, 3, 10),
            "QDi.290",
        ),
        (
            # date of birth written as "Nov. 1973" in a NOTE
            "un-6907996",
            Schema.PERSON,
            [
                Name("INNOCENT KAINA", NameKind.PRIMARY),
                Name("Colonel Innocent KAINA", NameKind.ALIAS),
                Name("India Queen", NameKind.WEAK_ALIAS),
            ],
            ["1973-11"],
            [],
            ["UG"],
            "DRC",
            dt.date(2012, 11, 30),
            "CDi.004",
        ),
        (
            # f.k.a. aliases of an entity are previous names
            "un-6908402",
            Schema.ORGANIZATION,
            [
                Name("ADF", NameKind.PRIMARY),
                Name("Allied Democratic Forces", NameKind.ALIAS),
                Name(
                    "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
                    NameKind.PREVIOUS,
                ),
                Name("ADF/NALU", NameKind.PREVIOUS),
                Name("NALU", NameKind.PREVIOUS),
            ],
            [],
            [],
            ["CD"],
            "DRC",
            dt.date(2014, 6, 30),
            "CDe.001",
        ),
        (
            # "Iran (Islamic Republic of)" is UN terminology that pycountry does not know
            "un-110401",
            Schema.ORGANIZATION,
            [
                Name("AMIN INDUSTRIAL COMPLEX", NameKind.PRIMARY),
                Name("Amin Industrial Compound", NameKind.ALIAS),
                Name("Amin Industrial Company", NameKind.ALIAS),
            ],
            [],
            [],
            ["IR"],
            "Iran",
            dt.date(2010, 6, 9),
            "IRe.003",
        ),
        (
            # LISTED_ON with a time-zone suffix: 2015-04-07-04:00
            "un-6908452",
            Schema.PERSON,
            [
                Name("MAULANA FAZLULLAH", NameKind.PRIMARY),
                Name("Mullah Fazlullah", NameKind.ALIAS),
                Name("Fazal Hayat", NameKind.ALIAS),
                Name("Mullah Radio", NameKind.WEAK_ALIAS),
            ],
            ["1974"],
            [],
            [],
            "Al-Qaida",
            dt.date(2015, 4, 7),
            "QDi.352",
        ),
        (
            # THIRD_NAME is empty: FIRST, SECOND and FOURTH names are joined
            "un-6908405",
            Schema.PERSON,
            [
                Name("MUHAMMAD OMAR ZADRAN", NameKind.PRIMARY),
                Name("محمد عمر ځدران", NameKind.ALIAS, script="Arab"),
                Name("Mohammad-Omar Jadran", NameKind.ALIAS),
            ],
            ["1958"],
            [],
            [],
            "Taliban",
            dt.date(2014, 7, 31),
            "TAi.171",
        ),
    ],
)
def test_real_entries(
    party_id: str,
    schema: Schema,
    names: list[Name],
    birth_dates: list[str],
    nationalities: list[str],
    countries: list[str],
    program: str,
    listed_on: dt.date,
    reference: str,
) -> None:
    p = party(party_id)
    assert p.schema is schema
    assert p.names == names
    assert p.birth_dates == birth_dates
    assert p.nationalities == nationalities
    assert p.countries == countries
    (listing,) = p.listings
    assert listing.list_code == "UN"
    assert listing.authority == "United Nations Security Council"
    assert listing.programs == (program,)
    assert listing.start_date == listed_on
    assert listing.source_url == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    assert p.identifiers[0] == Identifier("UN Reference Number", reference)


def test_documents_become_identifiers_with_the_issuing_country() -> None:
    assert party("un-2962519").identifiers == [
        Identifier("UN Reference Number", "QDi.291"),
        Identifier("Passport", "F654645", "SA"),
        Identifier("National Identification Number", "1028745097", "SA"),
    ]


def test_addresses_keep_their_parts() -> None:
    (address,) = party("un-6907994").addresses
    assert address.full == "Kinshasa, Democratic Republic of the Congo (as of June 2016)"
    assert (address.city, address.country) == ("Kinshasa", "CD")


def test_comments_and_update_dates_are_the_remarks() -> None:
    remarks = party("un-6907993").listings[0].remarks
    assert remarks is not None
    assert remarks.startswith("He fled to Rwanda in March 2013")
    assert remarks.endswith("Last updated: 2016-10-13")


def test_prose_the_parser_cannot_date_is_kept_in_the_notes() -> None:
    p = party("un-2962519")
    assert p.birth_dates == ["1982-04-19", "1982-04-18"]
    assert p.notes is not None
    assert "Date of birth: 24/06/1402 (Hijri Calendar)" in p.notes


def test_a_between_range_gives_each_year() -> None:
    assert party("un-6908996").birth_dates == ["1987", "1988", "1991", "1992", "1993"]


def test_a_placeholder_nationality_is_flagged_not_read_as_namibia() -> None:
    p = party("un-690784")
    assert p.nationalities == []
    (issue,) = p.issues
    assert (issue.field, issue.value, issue.severity) == (
        "nationality",
        "na",
        IssueSeverity.WARNING,
    )


def test_only_that_placeholder_is_flagged_in_the_whole_file() -> None:
    flagged = [(p.id, i.field) for p in parsed().parties for i in p.issues]
    assert flagged == [("un-690784", "nationality")]
    assert parsed().issues == []


# --- names in two scripts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "names"),
    [
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        (
            "حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)",
            ["حسن غول", "Hassan Ghul", "Hassan Gul", "Hasan Gul"],
        ),
        ("Amir Khazmat (original script: Амир Хазмат)", ["Amir Khazmat", "Амир Хазмат"]),
        ("Lord’s Resistance Movement (LRM)", ["Lord’s Resistance Movement (LRM)"]),
        ("“Chief Kahwa”", ["Chief Kahwa"]),
        (
            "Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),",
            ["Akhter Mohmad son of Noor Mohmad", "اختر محمد ولد نور محمد"],
        ),
    ],
)
def test_split_alias(alias: str, names: list[str]) -> None:
    assert split_alias(alias) == names


# --- bad input ---------------------------------------------------------------------------


def test_a_file_cut_in_half_names_line_and_column(tmp_path: Path) -> None:
    data = shared_file(UN_XML).read_bytes()
    half = data[: len(data) // 2]
    cut = tmp_path / "consolidated.xml"
    cut.write_bytes(half)
    assert detect_format(cut).name == "un_sc_xml"
    with pytest.raises(InputError) as caught:
        parse(cut)
    assert caught.value.path == str(cut)
    assert caught.value.position is not None
    line, column = caught.value.position.split(":")
    assert int(line) == half.count(b"\n") + 1 == 26439  # the last line of the cut file
    assert int(column) > 0
    assert "not well-formed" in str(caught.value)
    assert "the file may be truncated" in str(caught.value)


def test_another_xml_document_is_refused_by_its_root(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?>\n<sdnList><sdnEntry/></sdnList>\n', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"root element is <sdnList>, expected <CONSOLIDATED_LIST>"
    ):
        parse(other)


def first_individual_only(data: bytes) -> bytes:
    """The real file cut after its first INDIVIDUAL, with the open elements closed."""
    end = data.index(b"</INDIVIDUAL>") + len(b"</INDIVIDUAL>")
    return data[:end] + b"\n  </INDIVIDUALS>\n</CONSOLIDATED_LIST>\n"


def test_a_record_without_dataid_gets_a_derived_id_and_a_flag(tmp_path: Path) -> None:
    data = first_individual_only(shared_file(UN_XML).read_bytes())
    path = tmp_path / "one.xml"
    path.write_bytes(data.replace(b"<DATAID>6907993</DATAID>", b"<DATAID/>"))
    (p,) = parse(path).parties
    assert p.id.startswith("un-") and len(p.id) == len("un-") + 16
    assert p.source_record_id is None
    assert p.caption == "ERIC BADEGE"
    assert [(i.field, i.severity) for i in p.issues] == [("id", IssueSeverity.WARNING)]


def test_a_slice_with_one_record_parses_alone(tmp_path: Path) -> None:
    path = tmp_path / "one.xml"
    path.write_bytes(first_individual_only(shared_file(UN_XML).read_bytes()))
    result = parse(path)
    assert [p.id for p in result.parties] == ["un-6907993"]
    assert result.published_at == parsed().published_at
