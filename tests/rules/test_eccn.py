"""ECCNs as an exporter types them: what is accepted, how it is spelt, what a clause covers."""

from __future__ import annotations

import pickle

import pytest

from entitywatch.errors import InputError
from entitywatch.rules.eccn import (
    EAR99,
    Coverage,
    Eccn,
    best_coverage,
    covers,
    eccns_from_text,
    parse_eccn,
    parse_item,
)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("EAR99", "EAR99"),
        ("ear99", "EAR99"),
        (" EAR99 ", "EAR99"),
        ("1A004", "1A004"),
        ("1A004.c", "1A004.c"),
        ("1a004.C", "1A004.c"),  # category letter upper, paragraphs lower, as the CCL writes
        ("5A992.c", "5A992.c"),
        ("3B001.a.1", "3B001.a.1"),
        ("3A001.b.4.b", "3A001.b.4.b"),
        ("3A001.a.5.a.1", "3A001.a.5.a.1"),
        ("9A610.y", "9A610.y"),  # 600 series
        ("9A610.y.1", "9A610.y.1"),
        ("0A606.x", "0A606.x"),
        ("9A515.a", "9A515.a"),  # 500 series (spacecraft)
        ("0A521", "0A521"),
        ("0A501.a", "0A501.a"),
        ("1C351.d.11", "1C351.d.11"),
        ("2B350.g.3", "2B350.g.3"),
        ("4A994", "4A994"),
        ("5D002.c.1", "5D002.c.1"),
    ],
)
def test_well_formed_items_are_read_and_normalised(text: str, normalised: str) -> None:
    assert str(parse_item(text)) == normalised


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("1F004", "product group 'F', which does not exist"),
        ("1Y004", "product group 'Y'"),
        ("0Y521", "0Y521 series, not an entry"),
        ("1A404", "'4' as its reason-for-control digit"),
        ("3A701", "'7' as its reason-for-control digit"),
        ("3A801", "'8' as its reason-for-control digit"),
        ("1A04", "is not an ECCN"),
        ("1A0045", "is not an ECCN"),
        ("A1004", "is not an ECCN"),
        ("EAR-99", "is not an ECCN"),
        ("EAR98", "is not an ECCN"),
        ("", "is not an ECCN"),
        ("1A004.", "sub-paragraph '.'"),
        ("1A004.1", "sub-paragraph '.1' where a letter a-z belongs"),
        ("1A004.c.d", "sub-paragraph '.c.d' where a number 1-99 belongs"),
        ("3B001.a.0", "sub-paragraph '.a.0' where a number 1-99 belongs"),
        ("1A004.cc", "sub-paragraph '.cc' where a letter a-z belongs"),
        ("1A004 c", "is not an ECCN"),
    ],
)
def test_malformed_items_are_refused_naming_option_value_and_form(
    text: str, complaint: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_item(text)
    message = str(caught.value)
    assert message.startswith(f"--item {text!r}")
    assert complaint in message
    assert "use EAR99 or an ECCN: category 0-9, product group A-E" in message
    assert caught.value.exit_code == 2


def test_the_option_name_is_the_callers() -> None:
    with pytest.raises(InputError, match=r"^--eccn '9Z999'"):
        parse_eccn("9Z999", option="--eccn")


def test_ear99_is_one_value_that_survives_pickling() -> None:
    assert parse_item("ear99") == EAR99
    assert pickle.loads(pickle.dumps(EAR99)) == EAR99
    assert parse_item("1A004") != EAR99


def test_eccn_parts() -> None:
    eccn = parse_eccn("3B001.a.1")
    assert eccn == Eccn("3", "B", "001", ("a", "1"))
    assert (eccn.base, eccn.parts) == ("3B001", ("3B001", "a", "1"))


# named in a clause, asked about, coverage
COVERAGE = [
    ("1A004", "1A004.c", Coverage.COVERED),  # the entry contains the paragraph
    ("1A004.c", "1A004.c", Coverage.COVERED),
    ("1A004.c", "1A004.c.1", Coverage.COVERED),
    ("1A004.c", "1A004.d", Coverage.NOT_COVERED),
    ("1A004.c", "1A004", Coverage.AMBIGUOUS),  # the bare entry may or may not be .c
    ("3B001.a.1", "3B001.a", Coverage.AMBIGUOUS),
    ("1A004", "1A005", Coverage.NOT_COVERED),
    ("1A004", "2A004", Coverage.NOT_COVERED),
    ("1A995", "1A995", Coverage.COVERED),
    ("1A999.a", "1A999.b", Coverage.NOT_COVERED),
    ("9A610", "9A610.y.1", Coverage.COVERED),
]


@pytest.mark.parametrize(("named", "asked", "coverage"), COVERAGE)
def test_what_a_clause_naming_an_eccn_covers(named: str, asked: str, coverage: Coverage) -> None:
    assert covers(parse_eccn(named), parse_eccn(asked)) is coverage


@pytest.mark.parametrize(
    ("named", "asked", "coverage"),
    [
        (EAR99, EAR99, Coverage.COVERED),
        (EAR99, parse_eccn("1A004"), Coverage.NOT_COVERED),
        (parse_eccn("1A004"), EAR99, Coverage.NOT_COVERED),
    ],
)
def test_ear99_is_covered_only_by_ear99(named: object, asked: object, coverage: Coverage) -> None:
    assert covers(named, asked) is coverage  # type: ignore[arg-type]


HIKVISION_CASE_BY_CASE = eccns_from_text(
    ("1A004.c", "1A004.d", "1A995", "1A999.a", "1D003", "2A983", "2D983", "2E983")
)


@pytest.mark.parametrize(
    ("asked", "coverage"),
    [
        ("1A004.c", Coverage.COVERED),
        ("1A004.d.2", Coverage.COVERED),
        ("1A004", Coverage.AMBIGUOUS),  # .c and .d are named, .a, .b, .e are not
        ("1A004.a", Coverage.NOT_COVERED),
        ("1A999", Coverage.AMBIGUOUS),
        ("2E983", Coverage.COVERED),
        ("3A001", Coverage.NOT_COVERED),
    ],
)
def test_best_coverage_over_a_list_of_eccns(asked: str, coverage: Coverage) -> None:
    assert best_coverage(HIKVISION_CASE_BY_CASE, parse_eccn(asked)) is coverage


def test_malformed_names_in_list_texts_are_skipped_not_fatal() -> None:
    assert [str(e) for e in eccns_from_text(("0Y521", "1A004.c", "1F999"))] == ["1A004.c"]
