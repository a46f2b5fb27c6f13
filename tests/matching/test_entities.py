"""Specification of whole-entity comparison: how each piece of evidence beyond the names
moves the score, and how a party is described from FtM properties and from a list record.

Every rule has its own table of cases. The examples are made up for these tests; the
name scores of the end-to-end cases come from a throwaway word-overlap algorithm (hand
computable, with bands of its own: match 0.72, review 0.55), except where the real
default algorithm is the point.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from entitywatch.matching import entities as en
from entitywatch.matching.entities import (
    DateAgreement,
    Effect,
    EntityDescription,
    EntityIdentifier,
    EntityName,
    NameParts,
    PartAgreement,
)
from entitywatch.matching.registry import Comparison, Thresholds, get_algorithm
from entitywatch.model import Address, Identifier, Name, NameKind, Party, Schema
from tests.conftest import shared_file


class WordOverlapToy:
    """A throwaway algorithm: shared words / all words (Jaccard), so that the name score
    of each case can be worked out by hand."""

    name = "test-word-overlap-toy"
    description = "Jaccard overlap of lower-cased words, for these tests"
    thresholds = Thresholds(match=0.72, review=0.55)

    def compare_names(self, name1: str, name2: str, schema: str | None = None) -> Comparison:
        a, b = set(name1.casefold().split()), set(name2.casefold().split())
        score = len(a & b) / len(a | b) if a | b else 0.0
        return Comparison(score, self.thresholds.decide(score), {"jaccard": score})


TOY = WordOverlapToy()


def ident(kind: str, value: str, country: str | None = None) -> EntityIdentifier:
    return EntityIdentifier.of(kind, value, country)


# --- describing a party -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("properties", "field", "expected"),
    [
        # countries: names and codes become ISO-2; what cannot be resolved is dropped
        ({"country": ["Russia", "de", "Atlantis"]}, "countries", frozenset({"RU", "DE"})),
        ({"nationality": "Iran", "citizenship": "GB"}, "countries", frozenset({"IR", "GB"})),
        # an address gives its last part as a country
        ({"address": "12 Harbour Road, Limassol, Cyprus"}, "countries", frozenset({"CY"})),
        ({"address": "Unit 5, Moon Base"}, "countries", frozenset()),
        # a vessel's flag is no country of the party (vessels change flags)
        ({"flag": "Panama"}, "countries", frozenset()),
        # birth dates: ISO, partial allowed, a time dropped, impossible dates refused
        ({"birthDate": ["1962", "1962-05", "1962-05-17T00:00:00"]}, "birth_dates",
         ("1962", "1962-05", "1962-05-17")),
        ({"birthDate": ["1962-13", "1962-02-30", "17.05.1962", "19620517"]}, "birth_dates",
         ()),
        # identifiers: normalised; typed by their property; too short or digit-less dropped
        ({"imoNumber": "IMO 918 7629"}, "identifiers", {EntityIdentifier("imo", "9187629")}),
        ({"idNumber": "ab-12.34/56"}, "identifiers", {EntityIdentifier("id", "AB123456")}),
        ({"idNumber": ["N/A", "123", "none"]}, "identifiers", frozenset()),
        ({"swiftBic": "BANKDEFF"}, "identifiers", {EntityIdentifier("swift", "BANKDEFF")}),
        # gender
        ({"gender": "M"}, "gender", "male"),
        ({"gender": "Female"}, "gender", "female"),
        ({"gender": "unknown"}, "gender", None),
    ],
)  # fmt: skip
def test_properties_are_normalised(
    properties: dict[str, Any], field: str, expected: object
) -> None:
    description = EntityDescription.from_properties("Person", properties)
    assert getattr(description, field) == expected


@pytest.mark.parametrize(
    ("properties", "names", "parts"),
    [
        (
            {"name": "Ivan Petrov", "alias": "Vanya", "weakAlias": "The Bear"},
            [EntityName("Ivan Petrov"), EntityName("Vanya", "alias"),
             EntityName("The Bear", "weakAlias")],
            NameParts(),
        ),
        # parts become a full name too, patronymics counted as middle names
        (
            {"firstName": "Ivan", "fatherName": "Sergeyevich", "lastName": "Petrov"},
            [EntityName("Ivan Sergeyevich Petrov", "parts")],
            NameParts(("Ivan",), ("Sergeyevich",), ("Petrov",)),
        ),
        # a first name alone is a fragment, not a name
        ({"name": "Ivan Petrov", "firstName": "Ivan"}, [EntityName("Ivan Petrov")],
         NameParts(given=("Ivan",))),
    ],
)  # fmt: skip
def test_names_and_name_parts(
    properties: dict[str, str], names: list[EntityName], parts: NameParts
) -> None:
    description = EntityDescription.from_properties("Person", properties)
    assert list(description.names) == names
    assert description.name_parts == parts


@pytest.mark.parametrize(
    ("type_text", "kind"),
    [
        ("Passport", "passport"),
        ("Diplomatic Passport", "passport"),
        ("Tax ID No.", "tax"),
        ("V.A.T. Number", "tax"),
        ("Unified Social Credit Code (USCC)", "uscc"),
        ("D-U-N-S Number", "duns"),
        ("Legal Entity Number", "lei"),
        ("IMO", "imo"),
        ("National ID No.", "national_id"),
        ("C.U.R.P.", "national_id"),
        ("Registration Number", "registration"),
        ("UK Company Number", "registration"),
        ("SWIFT/BIC", "swift"),
        ("Digital Currency Address - XBT", "crypto"),
        ("Identification Number", "id"),  # used for anything: no kind
        (None, "id"),
        ("taxNumber", "tax"),  # an FtM property name
        # the lists' own record numbers and descriptions of a vessel are no identifiers
        ("SDN entity number", None),
        ("UN Reference Number", None),
        ("Gross registered tonnage", None),
        ("Vessel flag", None),
    ],
)
def test_identifier_kind(type_text: str | None, kind: str | None) -> None:
    assert en.identifier_kind(type_text) == kind


def test_description_of_a_listed_party() -> None:
    party = Party(
        id="p1",
        schema=Schema.COMPANY,
        names=[Name("Harbour Star Shipping LLC"), Name("HSS", NameKind.WEAK_ALIAS)],
        addresses=[Address("Port Road 1, Dubai", country="AE")],
        countries=["IR"],
        identifiers=[
            Identifier("Registration Number", "55-1234", "AE"),
            Identifier("SDN entity number", "30001"),
            Identifier("Vessel flag", "Panama"),
        ],
        birth_dates=[],
        nationalities=[],
    )
    description = EntityDescription.from_party(party)
    assert description.schema == "Company"
    assert description.names == (
        EntityName("Harbour Star Shipping LLC"),
        EntityName("HSS", "weakAlias"),
    )
    assert description.countries == frozenset({"IR", "AE"})
    assert description.identifiers == frozenset({EntityIdentifier("registration", "551234", "AE")})


def test_every_identifier_of_the_csl_gets_a_kind_or_is_left_out() -> None:
    """On the real CSL 2022: no list record number and no tonnage is taken for an
    identifier, and the typed kinds that the list is known to carry are all found."""
    from entitywatch.sources.csl import parse_csl_csv

    parsed = parse_csl_csv(shared_file("csl_2022/consolidated.csv"))
    kinds: Counter[str] = Counter()
    for party in parsed.parties:
        described = EntityDescription.from_party(party)
        kinds.update(i.kind for i in described.identifiers)
        raw = {en.normalise_identifier(i.value) for i in party.identifiers}
        assert {i.value for i in described.identifiers} <= raw
        for identifier in party.identifiers:
            if "entity number" in identifier.type or "tonnage" in identifier.type:
                assert en.identifier_kind(identifier.type) is None
    for kind in ("passport", "tax", "national_id", "registration", "imo", "swift", "uscc"):
        assert kinds[kind] > 0, kind
    assert set(kinds) <= set(en.IDENTIFIER_KINDS)


# --- the evidence rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "candidate", "labels"),
    [
        ("Person", "Person", []),
        ("Person", "LegalEntity", []),
        ("Company", "Organization", []),
        ("LegalEntity", "Vessel", []),
        ("Person", "Company", ["x0.7"]),
        ("Vessel", "Company", ["x0.7"]),
    ],
)
def test_schema_evidence(query: str, candidate: str, labels: list[str]) -> None:
    assert [e.label for e in en.schema_evidence(query, candidate)] == labels


@pytest.mark.parametrize(
    ("query", "candidate", "labels"),
    [
        # the same number: near-certain, whatever else is said
        ([ident("imo", "9187629")], [ident("imo", "IMO 918-7629")], [">=0.97"]),
        ([ident("id", "7701234567")], [ident("inn", "7701234567")], [">=0.97"]),  # generic
        ([ident("tax", "DE-811 234")], [ident("tax", "de811234")], [">=0.97"]),
        # the same digits as numbers of different kinds are not the same identifier
        ([ident("passport", "9187629")], [ident("imo", "9187629")], []),
        # different numbers of one kind: as strong as the kind is permanent
        ([ident("imo", "9187629")], [ident("imo", "9234561")], ["x0.5"]),
        ([ident("lei", "5299001ABCDEF")], [ident("lei", "5299002XYZ")], ["x0.6"]),
        ([ident("tax", "123456789")], [ident("tax", "987654321")], ["x0.7"]),
        ([ident("passport", "C1234567")], [ident("passport", "C7654321")], ["x0.9"]),
        # ... of two countries' registries: no conflict
        ([ident("tax", "123456789", "DE")], [ident("tax", "987654321", "FR")], []),
        ([ident("tax", "123456789", "DE")], [ident("tax", "987654321")], ["x0.7"]),
        # numbers of unknown kind, wallets: a party holds many
        ([ident("id", "123456")], [ident("id", "654321")], []),
        ([ident("crypto", "1A2b3C4d")], [ident("crypto", "9Z8y7X6w")], []),
        # one kind differs, another is shared: both said, and the floor wins
        ([ident("imo", "9187629"), ident("mmsi", "123456789")],
         [ident("imo", "9187629"), ident("mmsi", "987654321")], ["x0.9", ">=0.97"]),
        # a shared kind never conflicts with itself
        ([ident("passport", "C1234567"), ident("passport", "C0000001")],
         [ident("passport", "C1234567")], [">=0.97"]),
    ],
)  # fmt: skip
def test_identifier_evidence(
    query: list[EntityIdentifier], candidate: list[EntityIdentifier], labels: list[str]
) -> None:
    assert [e.label for e in en.identifier_evidence(query, candidate)] == labels


@pytest.mark.parametrize(
    ("a", "b", "agreement"),
    [
        ("1962-05-17", "1962-05-17", DateAgreement.SAME_DAY),
        ("1962", "1962-05-17", DateAgreement.AGREE),  # as far as both are known
        ("1962-05", "1962-05-17", DateAgreement.AGREE),
        ("1962", "1963", DateAgreement.AGREE),  # approximate years, calendar conversions
        ("1962", "1964", DateAgreement.FAR),
        ("1962-05-17", "1962-05-18", DateAgreement.TYPO),  # one part differs
        ("1962-05-17", "1962-06-17", DateAgreement.TYPO),
        ("1962-05-17", "1963-05-17", DateAgreement.TYPO),
        ("1962-05-07", "1962-07-05", DateAgreement.TYPO),  # day and month swapped
        ("1962-05-17", "1962-09-02", DateAgreement.DIFFERENT),
        ("1962-05", "1962-09-02", DateAgreement.TYPO),
        ("1962-05-17", "1975-05-17", DateAgreement.FAR),
        ("1975", "1962-05-17", DateAgreement.FAR),
    ],
)
def test_compare_dates(a: str, b: str, agreement: DateAgreement) -> None:
    assert en.compare_dates(a, b) is agreement
    assert en.compare_dates(b, a) is agreement


@pytest.mark.parametrize(
    ("query", "candidate", "label", "why"),
    [
        (["1962-05-17"], ["1962-05-17"], "+0.05", "the same date of birth"),
        (["1962"], ["1962-05-17"], "none", "birth dates agree as far as both are known"),
        (["1962-05-17"], ["1962-05-18"], "x0.9", "dates of birth one typo apart"),
        (["1962-05-17"], ["1962-09-02"], "x0.7", "different dates of birth"),
        (["1962"], ["1975"], "x0.7", "birth years more than one year apart"),
        # alternatives on a list: the best-agreeing pair decides
        (["1962-05-17"], ["1975", "1962-05-17"], "+0.05", "the same date of birth"),
        (["1962-05-17"], ["1975", "1962"], "none", "birth dates agree as far as both are known"),
    ],
)
def test_birth_date_evidence(query: list[str], candidate: list[str], label: str, why: str) -> None:
    [effect] = en.birth_date_evidence(query, candidate)
    assert (effect.label, effect.why) == (label, why)


@pytest.mark.parametrize(
    ("query", "candidate", "label"),
    [({"CN"}, {"CN", "HK"}, "+0.03"), ({"CN"}, {"US"}, "x0.92"), ({"IR", "AE"}, {"AE"}, "+0.03")],
)
def test_country_evidence(query: set[str], candidate: set[str], label: str) -> None:
    [effect] = en.country_evidence(frozenset(query), frozenset(candidate))
    assert effect.label == label


@pytest.mark.parametrize(
    ("a", "b", "agreement"),
    [
        ("J", "Joachim", PartAgreement.AGREE),  # an initial and its name
        ("J.-C.", "Jean-Claude", PartAgreement.AGREE),
        ("O", "Joachim", PartAgreement.CONFLICT),
        ("O.", "P.", PartAgreement.CONFLICT),
        ("LAVROV", "Lavrov", PartAgreement.AGREE),
        ("Sergey", "Sergej", PartAgreement.AGREE),  # a spelling variant (the algorithm's)
        ("Viktorovich", "Ivanovich", PartAgreement.CONFLICT),
        ("Hans", "Friedrich", PartAgreement.CONFLICT),
    ],
)
def test_compare_name_parts(a: str, b: str, agreement: PartAgreement) -> None:
    assert en.compare_name_parts(a, b, get_algorithm()) is agreement


@pytest.mark.parametrize(
    ("query", "candidate", "whys"),
    [
        ({"firstName": "Anna", "lastName": "Orlova"}, {"firstName": "Anna", "lastName": "Orlova"},
         []),
        # given and family names swapped: one effect, not two conflicts
        ({"firstName": "Orlova", "lastName": "Anna"}, {"firstName": "Anna", "lastName": "Orlova"},
         ["given and family names swapped"]),
        ({"firstName": "Anna", "middleName": "P", "lastName": "Orlova"},
         {"firstName": "Anna", "middleName": "Petrovna", "lastName": "Orlova"}, []),
        ({"firstName": "Anna", "middleName": "I", "lastName": "Orlova"},
         {"firstName": "Anna", "middleName": "Petrovna", "lastName": "Orlova"},
         ["different middle names"]),
        # middle names and patronymics are one slot
        ({"firstName": "Anna", "fatherName": "Ivanovna", "lastName": "Orlova"},
         {"firstName": "Anna", "middleName": "Petrovna", "lastName": "Orlova"},
         ["different middle names"]),
        # a slot stated on one side only says nothing
        ({"firstName": "Anna", "lastName": "Orlova"},
         {"firstName": "Anna", "middleName": "Petrovna", "lastName": "Orlova"}, []),
        ({"firstName": "Maria", "lastName": "Orlova"}, {"firstName": "Anna", "lastName": "Orlova"},
         ["different given names"]),
    ],
)  # fmt: skip
def test_name_part_evidence(
    query: dict[str, str], candidate: dict[str, str], whys: list[str]
) -> None:
    effects = en.entity_evidence(
        EntityDescription.from_properties("Person", query),
        EntityDescription.from_properties("Person", candidate),
    )
    assert [e.why for e in effects] == whys
    assert all(e.label == "x0.7" for e in effects)


@pytest.mark.parametrize(
    ("query", "candidate", "features"),
    [
        ({"gender": "male"}, {"gender": "female"}, ["gender"]),
        ({"gender": "male"}, {"gender": "m"}, []),
        ({"gender": "male"}, {}, []),
        # evidence on one side only is no evidence
        ({"birthDate": "1962", "country": "CN", "idNumber": "123456"}, {}, []),
        # all at once, in their fixed order
        ({"birthDate": "1962", "country": "CN", "passportNumber": "C1234567", "gender": "f"},
         {"birthDate": "1975", "country": "US", "passportNumber": "C7654321", "gender": "m"},
         ["identifier", "birth_date", "country", "gender"]),
    ],
)  # fmt: skip
def test_entity_evidence_needs_both_sides(
    query: dict[str, str], candidate: dict[str, str], features: list[str]
) -> None:
    effects = en.entity_evidence(
        EntityDescription.from_properties("Person", query),
        EntityDescription.from_properties("Person", candidate),
    )
    assert [e.feature for e in effects] == features


def _effect(operation: en.Operation, value: float) -> Effect:
    return Effect("test", operation, value, "test")


@pytest.mark.parametrize(
    ("score", "effects", "expected"),
    [
        (0.8, [], 0.8),
        (0.8, [_effect("factor", 0.5), _effect("factor", 0.5)], 0.2),
        (0.8, [_effect("bonus", 0.05), _effect("bonus", 0.03)], 0.88),
        (0.98, [_effect("bonus", 0.05)], 1.0),  # bonuses stop at 1
        # factors first, then bonuses: 0.8 * 0.5 + 0.1 (not (0.8 + 0.1) * 0.5)
        (0.8, [_effect("bonus", 0.1), _effect("factor", 0.5)], 0.5),
        # floors last: a shared identifier outweighs every factor
        (0.2, [_effect("floor", 0.97), _effect("factor", 0.5)], 0.97),
        (0.99, [_effect("floor", 0.97)], 0.99),
        (0.8, [_effect("none", 1.0)], 0.8),
    ],
)
def test_apply_effects(score: float, effects: list[Effect], expected: float) -> None:
    assert en.apply_effects(score, effects) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("properties", "bonus"),
    [
        ({}, 0.0),
        ({"country": "CN"}, en.COUNTRY_MATCH_BONUS),
        ({"birthDate": "1962"}, 0.0),  # a year alone never adds
        ({"birthDate": "1962-05-17", "country": "CN"},
         en.COUNTRY_MATCH_BONUS + en.SAME_BIRTH_DATE_BONUS),
    ],
)  # fmt: skip
def test_largest_bonus(properties: dict[str, str], bonus: float) -> None:
    assert en.largest_bonus(EntityDescription.from_properties("Person", properties)) == bonus


# --- whole comparisons ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "query", "candidate", "score", "decision"),
    [
        # names alone: the best pair of names (1/4 for the primary names, 1 for the alias)
        ("Person", {"name": "Mansur Karimov"},
         {"name": "Abdul Mansur Tashkentov", "alias": "Mansur Karimov"}, 1.0, "match"),
        # a weak alias is a lead, not a full match
        ("Person", {"name": "Mansur Karimov"},
         {"name": "Abdul Tashkentov", "weakAlias": "Mansur Karimov"}, 0.92, "match"),
        # 2/3 (review), lifted by the same date of birth and country
        ("Person", {"name": "Mansur Karimov", "birthDate": "1962-05-17", "country": "UZ"},
         {"name": "Mansur Karimov Tashkentov", "birthDate": "1962-05-17", "country": "Uzbekistan"},
         0.7467, "match"),
        # the same name, born 13 years apart: two people
        ("Person", {"name": "Mansur Karimov", "birthDate": "1962"},
         {"name": "Mansur Karimov", "birthDate": "1975-01-02"}, 0.7, "review"),
        # the same vessel name, another IMO number: another vessel
        ("Vessel", {"name": "Ocean Star", "imoNumber": "9187629"},
         {"name": "Ocean Star", "imoNumber": "9234561"}, 0.5, "clear"),
        # renamed, same IMO number: the same vessel
        ("Vessel", {"name": "Ocean Star", "imoNumber": "9187629"},
         {"name": "Sea Pearl", "imoNumber": "IMO9187629"}, 0.97, "match"),
        # no name at all: only an identifier can make a match; a tax number and an INN are
        # different kinds, the same digits notwithstanding
        ("Company", {"taxNumber": "7701234567"}, {"name": "Harbour Star", "innCode": "7701234567"},
         0.0, "clear"),
        ("Company", {"idNumber": "7701234567"}, {"name": "Harbour Star", "innCode": "7701234567"},
         0.97, "match"),
    ],
)  # fmt: skip
def test_compare_entities(
    schema: str, query: dict[str, str], candidate: dict[str, str], score: float, decision: str
) -> None:
    result = en.compare_entities(
        EntityDescription.from_properties(schema, query),
        EntityDescription.from_properties(schema, candidate),
        algorithm=TOY,
    )
    assert result.score == pytest.approx(score, abs=1e-4)
    assert result.decision == decision


def test_schema_conflict_with_the_real_algorithm() -> None:
    """A person named like a company, with the default algorithm: at most a review."""
    result = en.compare_entities(
        EntityDescription.from_properties("Person", {"name": "Viktor Petrenko"}),
        EntityDescription.from_properties("Company", {"name": "Viktor Petrenko"}),
    )
    assert result.name_score == 1.0
    assert (result.score, result.decision) == (0.7, "review")


def test_explanation_names_the_pair_and_every_piece_of_evidence() -> None:
    result = en.compare_entities(
        EntityDescription.from_properties(
            "Person", {"name": "Mansur Karimov", "birthDate": "1962", "nationality": "UZ"}
        ),
        EntityDescription.from_properties(
            "Person",
            {
                "name": "Abdul Tashkentov",
                "alias": "Mansur Karimov",
                "birthDate": "1962-05-17",
                "nationality": "Uzbekistan",
            },
        ),
        algorithm=TOY,
    )
    explanation = result.explain()
    assert explanation["name"] == {
        "query": "Mansur Karimov",
        "candidate": "Mansur Karimov",
        "score": 1.0,
        "explanation": {"jaccard": 1.0},
    }
    assert explanation["evidence"] == [
        {"feature": "birth_date", "query": "1962", "candidate": "1962-05-17", "effect": "none",
         "why": "birth dates agree as far as both are known"},
        {"feature": "country", "query": ["UZ"], "candidate": ["UZ"], "effect": "+0.03",
         "why": "same country"},
    ]  # fmt: skip
    assert explanation["score"] == 1.0
    comparison = result.as_comparison()
    assert (comparison.score, comparison.decision) == (1.0, "match")
