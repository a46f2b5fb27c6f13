"""Federal Register citations as the CSL and the BIS Denied Persons List write them."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from entitywatch.model import FederalRegisterCitation, Listing, Name, Party, Schema
from entitywatch.sources.federal_register import (
    federal_register_volume_year,
    parse_federal_register_citations,
)
from tests.conftest import shared_file


def fr(
    volume: int, page: int | None, date: str | None = None, issue: int | None = None
) -> FederalRegisterCitation:
    day = dt.date.fromisoformat(date) if date else None
    return FederalRegisterCitation(volume, page, day, issue=issue)


# --- the forms found in the data, and the forms the brief names ---------------------------

CASES: list[tuple[str | None, list[FederalRegisterCitation], list[str]]] = [
    # separators: comma, semicolon, "and", none at all
    (
        "84 FR 22961, 85 FR 29852; 86 FR 29193",
        [fr(84, 22961), fr(85, 29852), fr(86, 29193)],
        [],
    ),
    ("83 FR 44824;", [fr(83, 44824)], []),
    ("66 FR 24266;70 FR 54629;75 FR 78877", [fr(66, 24266), fr(70, 54629), fr(75, 78877)], []),
    (
        "81 FR 64696 and 84 FR 40241, 87 FR 62202",
        [fr(81, 64696), fr(84, 40241), fr(87, 62202)],
        [],
    ),
    (
        "68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07",
        [fr(68, 38290, "2003-06-27"), fr(71, 38843, "2006-07-10"), fr(72, 4236, "2007-01-30")],
        [],
    ),
    # dates beside a citation
    ("84 FR 22961 5/21/19", [fr(84, 22961, "2019-05-21")], []),
    ("84 FR 22961 (May 21, 2019)", [fr(84, 22961, "2019-05-21")], []),
    ("84 FR 22961 (Sept. 5, 2019)", [fr(84, 22961, "2019-09-05")], []),
    ("84 FR 22961 05/21/2019", [fr(84, 22961, "2019-05-21")], []),
    ("84 FR 22961 2019-05-21", [fr(84, 22961, "2019-05-21")], []),
    ("73 FR 28795 05/19/2008", [fr(73, 28795, "2008-05-19")], []),
    ("81 FR 12004 3/8/2016", [fr(81, 12004, "2016-03-08")], []),
    (
        "63 FR 64322, 11/19/98, 65 FR 14444, 03/17/00",
        [fr(63, 64322, "1998-11-19"), fr(65, 14444, "2000-03-17")],
        [],
    ),
    (
        "73 FR 54508 (9/22/08), 73 FR 74001 (12/5/08), 74 FR 36516 (2/24/09",
        [fr(73, 54508, "2008-09-22"), fr(73, 74001, "2008-12-05"), fr(74, 36516, "2009-02-24")],
        [],
    ),
    # spelling of "FR"
    ("85FR 1234", [fr(85, 1234)], []),
    ("85 F.R. 1234", [fr(85, 1234)], []),
    ("82 F.R 30823 7/3/2017", [fr(82, 30823, "2017-07-03")], []),
    ("80 F.R.44930 7/28/15", [fr(80, 44930, "2015-07-28")], []),
    ("82.F.R. 2312 1/9/2017", [fr(82, 2312, "2017-01-09")], []),
    ("86 FR. 66277 11/22/2021", [fr(86, 66277, "2021-11-22")], []),
    ("86 FR 29193; 87 fr 8180", [fr(86, 29193), fr(87, 8180)], []),
    ("84 Fed. Reg. 22961", [fr(84, 22961)], []),
    # thousands separators, page ranges, en-dashes, trailing periods, odd spacing
    ("86 FR 3,456", [fr(86, 3456)], []),
    ("84 FR 22961–22963", [fr(84, 22961)], []),
    ("84 FR 22961 – 85 FR 1234.", [fr(84, 22961), fr(85, 1234)], []),
    ("79 FR  44680 .", [fr(79, 44680)], []),
    # the issue number beside the page is kept; "76 FR no. 242 pg. 78146" names it first
    ("77 FR 58006 (no. 182)", [fr(77, 58006, issue=182)], []),
    ("77 FR 61249 No. 195", [fr(77, 61249, issue=195)], []),
    (
        "76 FR no. 242 pg. 78146, 77 FR 58006 (no. 182)",
        [fr(76, 78146, issue=242), fr(77, 58006, issue=182)],
        [],
    ),
    # an issue and no page (ISN: "Vol. 86, No. 71, 04/15/2021"; two EL rows: "76 FR No. 197")
    ("Vol. 86, No. 71, 04/15/2021", [fr(86, None, "2021-04-15", issue=71)], []),
    ("Vol. 59 No. 244, 12/21/94", [fr(59, None, "1994-12-21", issue=244)], []),
    ("Vol. 64, No. 240 12/15/99", [fr(64, None, "1999-12-15", issue=240)], []),
    ("Vol. 79, No. 184 , 09/23/14", [fr(79, None, "2014-09-23", issue=184)], []),
    ("Vol. 81, No. 53, 3/18/16 ", [fr(81, None, "2016-03-18", issue=53)], []),
    # the State Department's public notice number before it is read past
    ("Notice 2061, Vol. 59, No. 165, 8/26/94", [fr(59, None, "1994-08-26", issue=165)], []),
    ("76 FR No. 197 (10/12/2011)", [fr(76, None, "2011-10-12", issue=197)], []),
    ("86 FR No. 71", [fr(86, None, issue=71)], []),
    # issues are told apart by number, and a repeat may add the date
    (
        "86 FR No. 71; 86 FR No. 71 4/15/21; 86 FR No. 72",
        [fr(86, None, "2021-04-15", issue=71), fr(86, None, issue=72)],
        [],
    ),
    # a page citation and an issue citation of one volume are two notices
    ("86 FR 20021, 86 FR No. 71", [fr(86, 20021), fr(86, None, issue=71)], []),
    # a repeat may add the issue number
    ("77 FR 58006, 77 FR 58006 (no. 182)", [fr(77, 58006, issue=182)], []),
    # a second page of the same notice ("16788, 16789"), unless it is too far to be one
    ("82 F.R. 16788, 16789 4/6/2017", [fr(82, 16788, "2017-04-06")], []),
    ("82 F.R. 16788, 17789 4/6/2017", [fr(82, 16788, "2017-04-06")], ["17789"]),
    # duplicates: the first stays, a repeat may add the date
    ("84 FR 40241, 84 FR 40241", [fr(84, 40241)], []),
    ("84 FR 22961, 84 FR 22961 5/21/19", [fr(84, 22961, "2019-05-21")], []),
    # "F.R." lost but the date confirms volume 87 = 2022; unconfirmed it is not a citation
    ("87 30173 5/18/2022", [fr(87, 30173, "2022-05-18")], []),
    ("87 30173 5/18/2012", [], ["87 30173 5/18/2012"]),
    # defects: no volume, no page, a date that is no day, a date far from the volume's year
    ("FR 12345", [], ["FR 12345"]),
    (
        "80 F.R. 3552 1/23/15, F.R. 30823 7/3/2017",
        [fr(80, 3552, "2015-01-23")],
        ["F.R. 30823 7/3/2017"],
    ),
    ("76 FR 78146 (12/16/11) 77 FR ", [fr(76, 78146, "2011-12-16")], ["77 FR"]),
    ("68 F.R. 38290 6/27/03 72 F.R. 1/30/07", [fr(68, 38290, "2003-06-27")], ["72 F.R. 1/30/07"]),
    (
        "66 F.R. 47630 9/13/0 72 F.R. 4236 1/30/07",
        [fr(66, 47630), fr(72, 4236, "2007-01-30")],
        ["9/13/0"],
    ),
    ("86 F.R. 66277 11/222/2021", [fr(86, 66277)], ["11/222/2021"]),
    ("84 FR 22961 2/30/2019", [fr(84, 22961)], ["2/30/2019"]),
    ("87 F.R. 52740 8/29/2002", [fr(87, 52740)], ["8/29/2002"]),
    ("0 FR 123, 999 FR 1", [], ["0 FR 123", "999 FR 1"]),
    ("Vol. 86, No. 0, 04/15/2021", [], ["Vol. 86, No. 0, 04/15/2021"]),
    ("Vol. 86, No. 71, 04/15/2001", [fr(86, None, issue=71)], ["04/15/2001"]),
    ("Vol. 86", [], ["Vol. 86"]),
    # not citations at all
    (
        "66 F.R. 47630 9/13/01, NEW F.R. NOTICE TO BE PUBLISHED SOON",
        [fr(66, 47630, "2001-09-13")],
        ["NEW F.R. NOTICE TO BE PUBLISHED SOON"],
    ),
    (None, [], []),
    ("", [], []),
    (" ; ", [], []),
]


@pytest.mark.parametrize(("text", "citations", "unparsed"), CASES)
def test_citations_and_unparsed_fragments(
    text: str | None, citations: list[FederalRegisterCitation], unparsed: list[str]
) -> None:
    assert parse_federal_register_citations(text) == (tuple(citations), unparsed)


@pytest.mark.parametrize(
    ("citation", "text", "as_dict"),
    [
        (fr(84, 22961), "84 FR 22961", {"volume": 84, "page": 22961}),
        (
            fr(84, 22961, "2019-05-21"),
            "84 FR 22961 (2019-05-21)",
            {"volume": 84, "page": 22961, "date": "2019-05-21"},
        ),
        (
            fr(77, 58006, issue=182),
            "77 FR 58006 No. 182",
            {"volume": 77, "page": 58006, "issue": 182},
        ),
        (
            fr(86, None, "2021-04-15", issue=71),
            "86 FR No. 71 (2021-04-15)",
            {"volume": 86, "date": "2021-04-15", "issue": 71},
        ),
    ],
)
def test_citation_text_and_json(
    citation: FederalRegisterCitation, text: str, as_dict: dict[str, object]
) -> None:
    """``str`` is how reports and the FtM export write a citation; the dict is how the
    store keeps it (a missing page or issue is left out) and reads it back."""
    listing = Listing("ISN", "Department of State", federal_register=(citation,))
    party = Party(id="p1", schema=Schema.ORGANIZATION, names=[Name("Example")], listings=[listing])
    stored = party.to_dict()
    assert str(citation) == text
    assert stored["listings"][0]["federal_register"] == [as_dict]
    assert Party.from_dict(stored).listings[0].federal_register == (citation,)


def test_a_citation_needs_a_page_or_an_issue() -> None:
    with pytest.raises(ValueError, match="needs a page or an issue"):
        FederalRegisterCitation(86)


@pytest.mark.parametrize(
    ("volume", "year"), [(1, 1936), (63, 1998), (84, 2019), (87, 2022), (88, 2023)]
)
def test_volume_year(volume: int, year: int) -> None:
    assert federal_register_volume_year(volume) == year


@pytest.mark.parametrize("volume", [0, -1])
def test_volume_year_refuses_volumes_before_the_first(volume: int) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        federal_register_volume_year(volume)


# --- the real lists ------------------------------------------------------------------------

_LIST_CODE = re.compile(r"\(([^)]+)\)")


def _csl_citation_fields(relative: str) -> Iterator[tuple[str, str, str, str]]:
    """(list code, _id, name, federal_register_notice) of every CSL row, header repeats skipped."""
    with Path(shared_file(relative)).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["source"] == "source":
                continue
            code = _LIST_CODE.search(row["source"])
            yield (
                code.group(1) if code else row["source"],
                row.get("_id", ""),
                row["name"],
                row["federal_register_notice"] or "",
            )


def _dpl_citation_fields(relative: str) -> Iterator[tuple[str, str, str, str]]:
    with Path(shared_file(relative)).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            yield "DPL", "", row["Name"], row.get("FR_Citation") or ""


def _fields(relative: str) -> Iterator[tuple[str, str, str, str]]:
    if relative.endswith(".txt"):
        return _dpl_citation_fields(relative)
    return _csl_citation_fields(relative)


# (file, list): non-empty values, fully parsed, parsed with leftovers, nothing parsed,
# citations found. ISN rows cite an issue ("Vol. 86, No. 71, 04/15/2021"), never a page:
# each yields one issue-only citation (307 rows in the four CSL files).
COVERAGE = [
    ("csl_2022/consolidated.csv", "EL", 1973, 1972, 1, 0, 2622),
    ("csl_2022/consolidated.csv", "DPL", 462, 455, 7, 0, 1167),
    ("csl_2022/consolidated.csv", "DTC", 727, 727, 0, 0, 727),
    ("csl_2022/consolidated.csv", "MEU", 71, 71, 0, 0, 72),
    ("csl_2022/consolidated.csv", "ISN", 161, 161, 0, 0, 161),
    ("csl_2023_partial/csl.csv", "EL", 896, 892, 4, 0, 1110),
    ("csl_2023_partial/csl.csv", "DPL", 577, 564, 13, 0, 1514),
    ("csl_2023_partial/csl.csv", "DTC", 142, 142, 0, 0, 142),
    ("csl_2023_partial/csl.csv", "MEU", 71, 71, 0, 0, 72),
    ("csl_2023_partial/csl.csv", "ISN", 142, 142, 0, 0, 142),
    ("csl_samples/csl_2019_sample.csv", "EL", 22, 22, 0, 0, 25),
    ("csl_samples/csl_2019_sample.csv", "DPL", 8, 8, 0, 0, 16),
    ("csl_samples/csl_2019_sample.csv", "DTC", 10, 10, 0, 0, 10),
    ("csl_samples/csl_2019_sample.csv", "ISN", 3, 3, 0, 0, 3),
    ("csl_samples/consolidated_2025_sample.csv", "EL", 1, 1, 0, 0, 2),
    ("csl_samples/consolidated_2025_sample.csv", "DPL", 1, 1, 0, 0, 3),
    ("csl_samples/consolidated_2025_sample.csv", "DTC", 1, 1, 0, 0, 1),
    ("csl_samples/consolidated_2025_sample.csv", "MEU", 1, 1, 0, 0, 1),
    ("csl_samples/consolidated_2025_sample.csv", "ISN", 1, 1, 0, 0, 1),
    ("bis_dpl/dpl_2022-09.txt", "DPL", 580, 570, 10, 0, 1558),
    ("bis_dpl/dpl_2023-11.txt", "DPL", 665, 652, 13, 0, 1782),
]


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("relative", "list_code", "non_empty", "clean", "partial", "none", "citations"), COVERAGE
)
def test_coverage_on_real_lists(
    relative: str,
    list_code: str,
    non_empty: int,
    clean: int,
    partial: int,
    none: int,
    citations: int,
) -> None:
    outcome = dict.fromkeys(("non_empty", "clean", "partial", "none", "citations"), 0)
    for code, _id, _name, value in _fields(relative):
        if code != list_code or not value.strip():
            continue
        found, unparsed = parse_federal_register_citations(value)
        outcome["non_empty"] += 1
        outcome["citations"] += len(found)
        outcome["none" if not found else "partial" if unparsed else "clean"] += 1
    assert outcome == {
        "non_empty": non_empty,
        "clean": clean,
        "partial": partial,
        "none": none,
        "citations": citations,
    }


@pytest.mark.shared_data
def test_every_entity_list_notice_of_2022_yields_a_citation() -> None:
    """Also the two EL rows that cite an issue with no page ("76 FR No. 197 (10/12/2011)")."""
    parsed = [
        (row_id, name, parse_federal_register_citations(value)[0])
        for code, row_id, name, value in _csl_citation_fields("csl_2022/consolidated.csv")
        if code == "EL" and value.strip()
    ]
    assert [(row_id, name) for row_id, name, found in parsed if not found] == []
    issue_only = {(row_id, name): found for row_id, name, found in parsed if found[0].page is None}
    assert issue_only == {
        ("55f89371e8e540b80108e207cc0c03cfa205d1b2", "Cho-Man Wong"): (
            fr(76, None, "2011-10-12", issue=197),
        ),
        ("d15d10251a44c36d5457927c90e67326b062fe9d", "Hang Tat Electronics Enterprises Co."): (
            fr(76, None, "2011-10-12", issue=197),
        ),
    }


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "relative",
    [
        "csl_2022/consolidated.csv",
        "csl_2023_partial/csl.csv",
        "csl_samples/csl_2019_sample.csv",
        "csl_samples/consolidated_2025_sample.csv",
    ],
)
def test_every_isn_notice_is_one_dated_issue(relative: str) -> None:
    """ISN rows name volume, issue and date ("Vol. 86, No. 71, 04/15/2021"), never a page."""
    for code, _id, _name, value in _csl_citation_fields(relative):
        if code == "ISN" and value.strip():
            (citation,), unparsed = parse_federal_register_citations(value)
            assert (citation.page, unparsed) == (None, []), value
            assert citation.issue is not None and citation.date is not None, value


@pytest.mark.shared_data
def test_fragments_left_unparsed_in_the_2022_csl() -> None:
    """Everything the 2022 CSL holds that is not a citation."""
    leftovers: Counter[str] = Counter()
    for _code, _id, _name, value in _csl_citation_fields("csl_2022/consolidated.csv"):
        leftovers.update(parse_federal_register_citations(value)[1])
    assert leftovers == Counter(
        {
            "F.R. 30823 7/3/2017": 2,  # volume lost (82)
            "9/13/0": 2,  # year cut short
            "11/222/2021": 1,
            "77 FR": 1,  # page lost
            "72 F.R. 1/30/07": 1,  # page lost
            "NEW F.R. NOTICE TO BE PUBLISHED SOON": 1,
        }
    )


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "relative",
    [
        "csl_2022/consolidated.csv",
        "csl_2023_partial/csl.csv",
        "bis_dpl/dpl_2022-09.txt",
        "bis_dpl/dpl_2023-11.txt",
    ],
)
def test_dates_kept_agree_with_the_volume_year(relative: str) -> None:
    for _code, _id, _name, value in _fields(relative):
        for citation in parse_federal_register_citations(value)[0]:
            if citation.date is not None:
                year = federal_register_volume_year(citation.volume)
                assert abs(citation.date.year - year) <= 1, (value, citation)


@pytest.mark.shared_data
def test_huawei_notices_in_order() -> None:
    rows = [
        value
        for code, _id, name, value in _csl_citation_fields("csl_2022/consolidated.csv")
        if code == "EL" and name == "Huawei Technologies Co., Ltd. (Huawei)"
    ]
    parsed = [parse_federal_register_citations(value) for value in rows]
    assert ((fr(84, 22961), fr(85, 29852), fr(85, 36720), fr(85, 51603)), []) in parsed
