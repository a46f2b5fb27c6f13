"""Comparing two whole parties: every name, then the evidence beyond the names.

A name tells who a party *could* be; what else both sides state tells whether it *is*
that party. ``compare_entities`` scores the best pair of names with a registry algorithm
(``algorithm_v1`` by default) and then applies the evidence rules below, each as an
:class:`Effect` that a reviewer can read ("same IMO number: at least 0.97", "born 1962
vs 1975: x0.7"). The rules are the single source of entity evidence: screening
(``index.py``) and the evaluation harness use the same ``entity_evidence`` and
``apply_effects``.

The rules, as a compliance analyst would state them:

- **Type**: a person is not a company. Incompatible schemas (``COMPATIBLE_SCHEMAS``)
  multiply the score by ``SCHEMA_CONFLICT_FACTOR``; ``LegalEntity`` is compatible with
  every kind of party.
- **Identifiers**: the same registration, tax, passport or IMO number on both sides makes
  the match near-certain (the score is raised to at least ``IDENTIFIER_MATCH_FLOOR``,
  whatever the names say: a company renamed keeps its number). Different numbers of
  the *same* kind count against in proportion to how permanent that kind is
  (``IDENTIFIER_KINDS``): a vessel keeps its IMO number for life, a person's passport
  is renewed under a new number. A generic "ID number" of unknown kind never conflicts.
- **Birth dates**: the same full date supports (``SAME_BIRTH_DATE_BONUS``); dates that
  agree as far as both are known (a year against a full date, years one apart, which
  calendar conversions produce) say nothing; two full dates one typo apart (one part
  differs, or day and month swapped) count a little against; other different dates and
  years more than one apart count strongly against. With several dates on a side (lists
  record alternatives), the best-agreeing pair decides.
- **Countries** (country, nationality, citizenship, jurisdiction, address countries): an
  overlap supports a little, disjoint sets lower the score a little. A vessel's flag is
  not used: vessels change flags to evade sanctions.
- **Gender**: stated differently on both sides counts against.
- **Name parts** (persons whose given, middle/patronymic and family names are stated
  separately): parts that contradict each other ("O" vs "Joachim", "Viktorovich" vs
  "Ivanevich") count against, and so do given and family names swapped, which a
  comparison of full names cannot see.

Effects combine in a fixed order: factors multiply, then bonuses add (up to 1), then
floors raise. Addresses are kept for the explanation and give their countries; their
free text is not compared (it is too noisy to be evidence on its own).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from entitywatch.matching.registry import Algorithm, Comparison, get_algorithm
from entitywatch.matching.text import fold_words
from entitywatch.sources.countries import to_iso2

if TYPE_CHECKING:
    from entitywatch.model import Party

_T = TypeVar("_T")

# --- the rules' constants -----------------------------------------------------------------

#: Which kinds of party a query of each schema may be (FtM schemas). Unknown schemas are
#: compatible with themselves only.
COMPATIBLE_SCHEMAS: dict[str, frozenset[str]] = {
    "Person": frozenset({"Person", "LegalEntity"}),
    "Company": frozenset({"Company", "Organization", "LegalEntity"}),
    "Organization": frozenset({"Company", "Organization", "LegalEntity"}),
    "LegalEntity": frozenset(
        {"Person", "Company", "Organization", "LegalEntity", "Vessel", "Aircraft"}
    ),
    "Vessel": frozenset({"Vessel", "LegalEntity"}),
    "Aircraft": frozenset({"Aircraft", "LegalEntity"}),
}
SCHEMA_CONFLICT_FACTOR = 0.7
COUNTRY_MATCH_BONUS = 0.03
COUNTRY_MISMATCH_FACTOR = 0.92
IDENTIFIER_MATCH_FLOOR = 0.97
SAME_BIRTH_DATE_BONUS = 0.05
BIRTH_DATE_TYPO_FACTOR = 0.9
BIRTH_DATE_CONFLICT_FACTOR = 0.7
GENDER_CONFLICT_FACTOR = 0.7
NAME_PART_CONFLICT_FACTOR = 0.7

#: How much a name of each kind is trusted: a weak alias ("Huawei") is a lead, not a
#: full match; a previous name is a little less current than the name in use.
NAME_KIND_FACTOR: dict[str, float] = {
    "name": 1.0,
    "alias": 1.0,
    "parts": 1.0,
    "previousName": 0.97,
    "weakAlias": 0.92,
}


@dataclass(frozen=True, slots=True)
class IdentifierKind:
    """A kind of identifier and what two different values of it mean.

    ``conflict_factor`` multiplies the score when both sides hold numbers of this kind
    and none is shared; None when different values say nothing (a party can hold many).
    """

    name: str
    conflict_factor: float | None
    why: str


GENERIC_IDENTIFIER = "id"

IDENTIFIER_KINDS: dict[str, IdentifierKind] = {
    kind.name: kind
    for kind in (
        IdentifierKind("imo", 0.5, "a vessel keeps its IMO number for life"),
        IdentifierKind("lei", 0.6, "an LEI is issued once per legal entity"),
        IdentifierKind("uscc", 0.6, "a Chinese entity has one unified social credit code"),
        IdentifierKind("inn", 0.6, "a Russian taxpayer has one INN"),
        IdentifierKind("ogrn", 0.6, "a Russian legal entity has one OGRN"),
        IdentifierKind("okpo", 0.6, "a Russian entity has one OKPO code"),
        IdentifierKind("tax", 0.7, "a party has one tax number per country"),
        IdentifierKind("national_id", 0.7, "a national identity number is kept for life"),
        IdentifierKind("wikidata", 0.8, "one Wikidata item per party, rarely duplicated"),
        IdentifierKind("registration", 0.85, "a party can be registered in several registries"),
        IdentifierKind("swift", 0.85, "an institution's branches have their own codes"),
        IdentifierKind("duns", 0.9, "each site of a company has its own D-U-N-S number"),
        IdentifierKind("passport", 0.9, "passports are renewed under new numbers"),
        IdentifierKind("mmsi", 0.9, "a vessel's MMSI changes with its flag"),
        IdentifierKind("crypto", None, "a party can hold any number of wallets"),
        IdentifierKind(GENERIC_IDENTIFIER, None, "a number of unknown kind"),
    )
}

#: FtM identifier properties -> identifier kind.
IDENTIFIER_PROPERTIES: dict[str, str] = {
    "idNumber": GENERIC_IDENTIFIER,
    "registrationNumber": "registration",
    "taxNumber": "tax",
    "vatCode": "tax",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "okpoCode": "okpo",
    "leiCode": "lei",
    "swiftBic": "swift",
    "uscCode": "uscc",
    "dunsCode": "duns",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "passportNumber": "passport",
    "wikidataId": "wikidata",
}

# The identifier types that sources write (CSL, OFAC, UN, FtM) -> kind, first match wins.
# Patterns are searched in the type text folded to lower-case words joined by spaces.
_IDENTIFIER_TYPE_PATTERNS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"\blei\b|legal entity (number|identifier)", "lei"),
        # the lists' own record numbers ("EL entity number") identify a listing, not a
        # party; a vessel's flag, type and tonnage describe it without identifying it
        (r"\b(entity|reference) number\b|\bref no\b", None),
        (r"\btonnage\b|\bvessel (flag|type)\b|\byear of build\b", None),
        (r"\bdigital currency\b", "crypto"),
        (r"\bimo\b", "imo"),
        (r"\bmmsi\b", "mmsi"),
        (r"social credit code|\buscc", "uscc"),
        (r"\binn\b", "inn"),
        (r"\bogrn\b", "ogrn"),
        (r"\bokpo\b", "okpo"),
        (r"\bswift\b|\bbic\b", "swift"),
        (r"\bd u n s\b|\bduns\b", "duns"),
        (r"\bwikidata\b", "wikidata"),
        (r"passport", "passport"),
        (r"\btax\b|\bvat\b|fiscal|\b(rfc|nit|ruc|rif|fein|cuit|cui)\b", "tax"),
        (
            r"national (foreign )?id|personal id|cedula|\b(dni|ssn|curp|ife)\b|electoral|"
            r"turkish identification",
            "national_id",
        ),
        (
            r"regist|company number|chamber of commerce|incorporation|enterprise number|"
            r"\bcr no\b",
            "registration",
        ),
    )
)

_IDENTIFIER_JUNK = re.compile(r"[\s\-./]")


def normalise_identifier(value: str) -> str:
    """An identifier as compared: without spaces, dashes, dots and slashes, upper case."""
    return _IDENTIFIER_JUNK.sub("", value).upper()


def identifier_kind(type_text: str | None) -> str | None:
    """The kind of an identifier from the type a source gives it ("Passport", "Tax ID
    No.", "Unified Social Credit Code (USCC)"); ``GENERIC_IDENTIFIER`` when the type is
    unknown, None for the lists' own record numbers (not identifiers of the party)."""
    if not type_text:
        return GENERIC_IDENTIFIER
    if type_text in IDENTIFIER_PROPERTIES:
        return IDENTIFIER_PROPERTIES[type_text]
    key = " ".join(fold_words(type_text))
    for pattern, kind in _IDENTIFIER_TYPE_PATTERNS:
        if pattern.search(key):
            return kind
    return GENERIC_IDENTIFIER


# --- the description of a party -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityName:
    """One name of a party and its kind (an FtM name property, or "parts" for a name
    put together from first, middle and last names)."""

    value: str
    kind: str = "name"


@dataclass(frozen=True, slots=True)
class EntityIdentifier:
    """An identifier, normalised (``normalise_identifier``), with its kind and country."""

    kind: str
    value: str
    country: str | None = None

    def __reduce__(self) -> tuple[type[EntityIdentifier], tuple[object, ...]]:
        # Unpickling a frozen dataclass field by field is slow; an index holds 10^4 of them.
        return (EntityIdentifier, (self.kind, self.value, self.country))

    @classmethod
    def of(cls, kind: str, value: str, country: str | None = None) -> EntityIdentifier:
        """An identifier from a value as written: normalised, and an IMO number without
        its "IMO" prefix (lists write both "IMO 9187629" and "9187629")."""
        text = normalise_identifier(value)
        if kind == "imo" and text.startswith("IMO"):
            text = text[3:]
        return cls(kind, text, country)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name as stated in parts; each slot may hold several values."""

    given: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()  # middle names and patronymics (FtM middleName, fatherName)
    family: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.given or self.middle or self.family)


@dataclass(frozen=True, slots=True)
class EntityDescription:
    """What is known of a party, normalised for comparison.

    ``countries`` are ISO-2 codes, ``birth_dates`` ISO strings (``1962``, ``1962-05``,
    ``1962-05-17``), identifiers normalised, ``gender`` "male" or "female". ``schema``
    is None when the kind of party is unknown (a screening query without ``--type``).
    """

    schema: str | None = None
    names: tuple[EntityName, ...] = ()
    countries: frozenset[str] = frozenset()
    birth_dates: tuple[str, ...] = ()
    identifiers: frozenset[EntityIdentifier] = frozenset()
    addresses: tuple[str, ...] = ()
    gender: str | None = None
    name_parts: NameParts = field(default_factory=NameParts)

    def __reduce__(self) -> tuple[type[EntityDescription], tuple[object, ...]]:
        # The matcher index holds one per listed party and is cached with pickle.
        return (
            EntityDescription,
            (
                self.schema, self.names, self.countries, self.birth_dates, self.identifiers,
                self.addresses, self.gender, self.name_parts,
            ),
        )  # fmt: skip

    @classmethod
    def build(
        cls,
        schema: str | None = None,
        *,
        names: Iterable[str | EntityName] = (),
        countries: Iterable[str] = (),
        birth_dates: Iterable[str] = (),
        identifiers: Iterable[str | EntityIdentifier] = (),
        addresses: Iterable[str] = (),
        gender: str | None = None,
        name_parts: NameParts | None = None,
    ) -> EntityDescription:
        """A description from raw values: country names or codes become ISO-2 codes
        (unknown ones are dropped), dates are checked, plain identifier strings become
        generic identifiers, and each address's last part is tried as a country."""
        address_list = tuple(a.strip() for a in addresses if a and a.strip())
        country_codes = {code for code in map(to_iso2, countries) if code}
        country_codes.update(code for code in map(_address_country, address_list) if code)
        ids: set[EntityIdentifier] = set()
        for identifier in identifiers:
            if isinstance(identifier, str):
                identifier = EntityIdentifier.of(GENERIC_IDENTIFIER, identifier)
            if _usable_identifier(identifier):
                ids.add(identifier)
        return cls(
            schema=schema or None,
            names=tuple(
                _unique(
                    n if isinstance(n, EntityName) else EntityName(n.strip())
                    for n in names
                    if (n.value if isinstance(n, EntityName) else n.strip())
                )
            ),
            countries=frozenset(country_codes),
            birth_dates=tuple(_unique(d for d in map(_iso_date, birth_dates) if d)),
            identifiers=frozenset(ids),
            addresses=address_list,
            gender=_gender(gender),
            name_parts=name_parts or NameParts(),
        )

    @classmethod
    def from_properties(
        cls, schema: str | None, properties: Mapping[str, str | Sequence[str]]
    ) -> EntityDescription:
        """A description from FtM-like properties (``name``, ``alias``, ``firstName``,
        ``birthDate``, ``nationality``, ``idNumber``, ``imoNumber``, ``address``, ...);
        a value is a string or a list of strings. A person's name given in parts also
        becomes a full name ("first second middle father last mother")."""

        def values(*keys: str) -> list[str]:
            out: list[str] = []
            for key in keys:
                value = properties.get(key)
                if value is None:
                    continue
                items = [value] if isinstance(value, str) else list(value)
                out.extend(v.strip() for v in items if v and v.strip())
            return out

        names = [EntityName(v, kind) for kind in _NAME_PROPERTIES for v in values(kind)]
        parts = NameParts(
            given=tuple(values("firstName")),
            middle=tuple(values("middleName", "fatherName")),
            family=tuple(values("lastName")),
        )
        if parts.family:
            # Only a name with a family name is a name; a first name alone is a fragment.
            full = " ".join(values(*_FULL_NAME_ORDER))
            names.append(EntityName(full, "parts"))
        identifiers = [
            EntityIdentifier.of(kind, value)
            for prop, kind in IDENTIFIER_PROPERTIES.items()
            for value in values(prop)
        ]
        genders = values("gender")
        return cls.build(
            schema,
            names=names,
            countries=values(*_COUNTRY_PROPERTIES),
            birth_dates=values("birthDate"),
            identifiers=identifiers,
            addresses=values("address"),
            gender=genders[0] if genders else None,
            name_parts=parts,
        )

    @classmethod
    def from_party(cls, party: Party) -> EntityDescription:
        """A description of a listed party (``model.Party``). Identifier types become
        kinds (``identifier_kind``); the lists' own record numbers are left out."""
        identifiers = []
        for identifier in party.identifiers:
            kind = identifier_kind(identifier.type)
            if kind is not None and identifier.value:
                identifiers.append(EntityIdentifier.of(kind, identifier.value, identifier.country))
        countries = [*party.countries, *party.nationalities]
        countries += [a.country for a in party.addresses if a.country]
        return cls.build(
            party.schema.value,
            names=[EntityName(n.value, n.kind.value) for n in party.names],
            countries=countries,
            birth_dates=party.birth_dates,
            identifiers=identifiers,
            addresses=[a.full for a in party.addresses],
        )


_NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
_FULL_NAME_ORDER = (
    "firstName", "secondName", "middleName", "fatherName", "lastName", "motherName"
)  # fmt: skip
_COUNTRY_PROPERTIES = (
    "country", "nationality", "citizenship", "jurisdiction", "mainCountry", "birthCountry"
)  # fmt: skip
_GENDERS = {"male": "male", "m": "male", "man": "male", "female": "female", "f": "female",
            "woman": "female"}  # fmt: skip
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")


def _unique(items: Iterable[_T]) -> list[_T]:
    return list(dict.fromkeys(items))


def _gender(value: str | None) -> str | None:
    return _GENDERS.get(value.strip().casefold()) if value else None


def _address_country(address: str) -> str | None:
    tail = address.rsplit(",", 1)[-1].strip()
    return to_iso2(tail) if tail else None


def _usable_identifier(identifier: EntityIdentifier) -> bool:
    """Long enough to identify: four characters with a digit (SWIFT codes have letters
    only), so that "N/A", "1" or "none" are never taken for a number."""
    value = identifier.value
    if len(value) < 4:
        return False
    return identifier.kind == "swift" or any(c.isdigit() for c in value)


def _iso_date(value: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a time after the date is dropped), or
    None when the value is not such a date."""
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            dt.date(int(year), int(month), int(day))
        elif month is not None and not 1 <= int(month) <= 12:
            return None
    except ValueError:
        return None
    return match.group(0)


# --- effects --------------------------------------------------------------------------------

Operation = Literal["factor", "bonus", "floor", "none"]


@dataclass(frozen=True, slots=True)
class Effect:
    """One piece of evidence and what it does to the score.

    ``operation`` is "factor" (multiply by ``value``), "bonus" (add ``value``, up to 1),
    "floor" (raise to at least ``value``) or "none" (evidence that agrees but is too
    coarse to move the score; kept so the reviewer sees it was checked).
    """

    feature: str  # "type", "identifier", "birth_date", "country", "gender", "name_parts"
    operation: Operation
    value: float
    why: str
    query: Any = None
    candidate: Any = None

    @property
    def label(self) -> str:
        """The effect as written in explanations: "x0.7", "+0.03", ">=0.97", "none"."""
        if self.operation == "factor":
            return f"x{self.value:g}"
        if self.operation == "bonus":
            return f"+{self.value:g}"
        if self.operation == "floor":
            return f">={self.value:g}"
        return "none"

    def to_dict(self) -> dict[str, Any]:
        """The shape of screening's ``adjustments`` entries."""
        out: dict[str, Any] = {"feature": self.feature}
        if self.query is not None:
            out["query"] = self.query
        if self.candidate is not None:
            out["candidate"] = self.candidate
        out["effect"] = self.label
        out["why"] = self.why
        return out


def apply_effects(score: float, effects: Iterable[Effect]) -> float:
    """The score after the evidence: factors multiply, then bonuses add (up to 1), then
    floors raise; the result stays in [0, 1]."""
    bonuses = 0.0
    product = 1.0
    floor = 0.0
    for effect in effects:
        if effect.operation == "factor":
            product *= effect.value
        elif effect.operation == "bonus":
            bonuses += effect.value
        elif effect.operation == "floor":
            floor = max(floor, effect.value)
    result = min(1.0, score * product + bonuses) if bonuses else score * product
    return max(0.0, min(1.0, max(result, floor)))


def largest_bonus(query: EntityDescription) -> float:
    """The most that the evidence can add to a name's score for this query (a search
    can stop once no later name could reach the results even with it). Floors are not
    counted: identifier hits are found through the identifiers, not through names."""
    bonus = COUNTRY_MATCH_BONUS if query.countries else 0.0
    if any(len(d) == 10 for d in query.birth_dates):
        bonus += SAME_BIRTH_DATE_BONUS
    return bonus


# --- the evidence rules ---------------------------------------------------------------------


def entity_evidence(
    query: EntityDescription,
    candidate: EntityDescription,
    *,
    algorithm: Algorithm | None = None,
) -> list[Effect]:
    """Every piece of evidence beyond the names, in the order type, identifiers, birth
    dates, countries, gender, name parts. ``algorithm`` compares name parts (loaded only
    when both sides state them; default: the registry's default algorithm)."""
    effects: list[Effect] = []
    if query.schema and candidate.schema:
        effects.extend(schema_evidence(query.schema, candidate.schema))
    if query.identifiers and candidate.identifiers:
        effects.extend(identifier_evidence(query.identifiers, candidate.identifiers))
    if query.birth_dates and candidate.birth_dates:
        effects.extend(birth_date_evidence(query.birth_dates, candidate.birth_dates))
    if query.countries and candidate.countries:
        effects.extend(country_evidence(query.countries, candidate.countries))
    if query.gender and candidate.gender and query.gender != candidate.gender:
        effects.append(
            Effect(
                "gender",
                "factor",
                GENDER_CONFLICT_FACTOR,
                "different genders",
                query.gender,
                candidate.gender,
            )
        )
    if query.name_parts and candidate.name_parts:
        effects.extend(
            name_part_evidence(query.name_parts, candidate.name_parts, algorithm or get_algorithm())
        )
    return effects


def schema_evidence(query: str, candidate: str) -> list[Effect]:
    """A conflict when the candidate is not a kind of party the query can be."""
    if candidate in COMPATIBLE_SCHEMAS.get(query, frozenset({query})):
        return []
    return [
        Effect(
            "type", "factor", SCHEMA_CONFLICT_FACTOR, "different kinds of party", query, candidate
        )
    ]


def _compatible_kinds(a: str, b: str) -> bool:
    return a == b or GENERIC_IDENTIFIER in (a, b)


def identifier_evidence(
    query: Iterable[EntityIdentifier], candidate: Iterable[EntityIdentifier]
) -> list[Effect]:
    """A floor for a shared identifier (same value, compatible kinds); a factor for each
    kind of which both sides hold values that differ (``IDENTIFIER_KINDS``)."""
    query_ids, candidate_ids = list(query), list(candidate)
    shared = sorted(
        {
            q.value
            for q in query_ids
            for c in candidate_ids
            if q.value == c.value and _compatible_kinds(q.kind, c.kind)
        }
    )
    effects: list[Effect] = []
    shared_kinds = {
        kind
        for value in shared
        for kind in (i.kind for i in (*query_ids, *candidate_ids) if i.value == value)
    }
    for kind_name in sorted({q.kind for q in query_ids} & {c.kind for c in candidate_ids}):
        kind = IDENTIFIER_KINDS.get(kind_name)
        if kind is None or kind.conflict_factor is None or kind_name in shared_kinds:
            continue
        mine = [q for q in query_ids if q.kind == kind_name]
        theirs = [c for c in candidate_ids if c.kind == kind_name]
        # numbers of two countries' registries can differ for one party
        if not any(_same_issuer(q, c) for q in mine for c in theirs):
            continue
        effects.append(
            Effect(
                "identifier",
                "factor",
                kind.conflict_factor,
                f"different {kind_name} numbers: {kind.why}",
                sorted(q.value for q in mine),
                sorted(c.value for c in theirs),
            )
        )
    if shared:
        effects.append(
            Effect(
                "identifier", "floor", IDENTIFIER_MATCH_FLOOR, "the same identifier", shared, shared
            )
        )
    return effects


def _same_issuer(a: EntityIdentifier, b: EntityIdentifier) -> bool:
    return a.country is None or b.country is None or a.country == b.country


class DateAgreement(IntEnum):
    """How two (possibly partial) dates relate, best first."""

    SAME_DAY = 0  # two full dates, equal
    AGREE = 1  # equal as far as both are known, or years one apart (approximate years)
    TYPO = 2  # two full dates one typo apart: one part differs, or day and month swapped
    DIFFERENT = 3  # different dates within a year or so
    FAR = 4  # years more than one apart


def compare_dates(a: str, b: str) -> DateAgreement:
    """The agreement of two ISO dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    pa, pb = _date_parts(a), _date_parts(b)
    if abs(pa[0] - pb[0]) > 1:
        return DateAgreement.FAR
    common = min(len(pa), len(pb))
    if pa[:common] == pb[:common]:
        return DateAgreement.SAME_DAY if common == 3 else DateAgreement.AGREE
    if common == 1:
        return DateAgreement.AGREE  # years one apart
    differing = sum(1 for x, y in zip(pa[:common], pb[:common], strict=True) if x != y)
    swapped = common == 3 and pa[0] == pb[0] and (pa[1], pa[2]) == (pb[2], pb[1])
    if differing == 1 or swapped:
        return DateAgreement.TYPO
    return DateAgreement.DIFFERENT


def _date_parts(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.split("-"))


def birth_date_evidence(query: Sequence[str], candidate: Sequence[str]) -> list[Effect]:
    """The effect of the best-agreeing pair of birth dates (see ``DateAgreement``)."""
    best = min(((compare_dates(q, c), q, c) for q in query for c in candidate), key=lambda t: t[0])
    agreement, q, c = best
    if agreement is DateAgreement.SAME_DAY:
        return [
            Effect("birth_date", "bonus", SAME_BIRTH_DATE_BONUS, "the same date of birth", q, c)
        ]
    if agreement is DateAgreement.AGREE:
        why = "birth dates agree as far as both are known"
        return [Effect("birth_date", "none", 1.0, why, q, c)]
    if agreement is DateAgreement.TYPO:
        why = "dates of birth one typo apart"
        return [Effect("birth_date", "factor", BIRTH_DATE_TYPO_FACTOR, why, q, c)]
    why = (
        "birth years more than one year apart"
        if agreement is DateAgreement.FAR
        else "different dates of birth"
    )
    return [
        Effect(
            "birth_date",
            "factor",
            BIRTH_DATE_CONFLICT_FACTOR,
            why,
            sorted(query),
            sorted(candidate),
        )
    ]


def country_evidence(query: frozenset[str], candidate: frozenset[str]) -> list[Effect]:
    """A small bonus for a country in common, a small factor for none in common."""
    if query & candidate:
        return [
            Effect(
                "country",
                "bonus",
                COUNTRY_MATCH_BONUS,
                "same country",
                sorted(query),
                sorted(candidate),
            )
        ]
    return [
        Effect(
            "country",
            "factor",
            COUNTRY_MISMATCH_FACTOR,
            "no country in common",
            sorted(query),
            sorted(candidate),
        )
    ]


class PartAgreement(IntEnum):
    AGREE = 0
    UNSURE = 1
    CONFLICT = 2


def compare_name_parts(a: str, b: str, algorithm: Algorithm) -> PartAgreement:
    """Whether two parts of a person's name (a given, middle or family name) can be the
    same: initials against initials or against a name's first letters ("J.-C." and
    "Jean-Claude" agree, "O" and "Joachim" conflict), otherwise by the algorithm's
    score for the two parts as names (match: agree; below review: conflict)."""
    words_a, words_b = fold_words(a), fold_words(b)
    if not words_a or not words_b:
        return PartAgreement.UNSURE
    initials_a = all(len(w) == 1 for w in words_a)
    initials_b = all(len(w) == 1 for w in words_b)
    if initials_a or initials_b:
        letters_a = "".join(w[0] for w in words_a)
        letters_b = "".join(w[0] for w in words_b)
        shorter, longer = sorted((letters_a, letters_b), key=len)
        return PartAgreement.AGREE if longer.startswith(shorter) else PartAgreement.CONFLICT
    comparison = algorithm.compare_names(a, b, "Person")
    if comparison.score >= algorithm.thresholds.match:
        return PartAgreement.AGREE
    if comparison.score < algorithm.thresholds.review:
        return PartAgreement.CONFLICT
    return PartAgreement.UNSURE


def _slot_agreement(
    query: Sequence[str], candidate: Sequence[str], algorithm: Algorithm
) -> PartAgreement | None:
    """The best agreement between any two values of a slot; None when a side is empty."""
    if not query or not candidate:
        return None
    return min(compare_name_parts(q, c, algorithm) for q in query for c in candidate)


def name_part_evidence(
    query: NameParts, candidate: NameParts, algorithm: Algorithm
) -> list[Effect]:
    """Conflicts between the parts of two persons' names stated in parts: given and
    family names swapped (one effect), otherwise each slot that conflicts."""
    given = _slot_agreement(query.given, candidate.given, algorithm)
    family = _slot_agreement(query.family, candidate.family, algorithm)
    middle = _slot_agreement(query.middle, candidate.middle, algorithm)
    if given is PartAgreement.CONFLICT and family is PartAgreement.CONFLICT:
        crossed_given = _slot_agreement(query.given, candidate.family, algorithm)
        crossed_family = _slot_agreement(query.family, candidate.given, algorithm)
        if crossed_given is PartAgreement.AGREE and crossed_family is PartAgreement.AGREE:
            return [
                Effect(
                    "name_parts",
                    "factor",
                    NAME_PART_CONFLICT_FACTOR,
                    "given and family names swapped",
                    {"given": list(query.given), "family": list(query.family)},
                    {"given": list(candidate.given), "family": list(candidate.family)},
                )
            ]
    effects: list[Effect] = []
    for slot, agreement, mine, theirs in (
        ("given", given, query.given, candidate.given),
        ("middle", middle, query.middle, candidate.middle),
        ("family", family, query.family, candidate.family),
    ):
        if agreement is PartAgreement.CONFLICT:
            effects.append(
                Effect(
                    "name_parts",
                    "factor",
                    NAME_PART_CONFLICT_FACTOR,
                    f"different {slot} names",
                    list(mine),
                    list(theirs),
                )
            )
    return effects


# --- the comparison -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityComparison:
    """The score of a query party against a candidate, its decision, and why: the best
    pair of names with the algorithm's explanation, then each piece of evidence."""

    score: float
    decision: str
    name_score: float
    query_name: str | None
    candidate_name: str | None
    name_explanation: Mapping[str, Any]
    effects: tuple[Effect, ...]

    def explain(self) -> dict[str, Any]:
        return {
            "name": {
                "query": self.query_name,
                "candidate": self.candidate_name,
                "score": round(self.name_score, 4),
                "explanation": dict(self.name_explanation),
            },
            "evidence": [effect.to_dict() for effect in self.effects],
            "score": round(self.score, 4),
        }

    def as_comparison(self) -> Comparison:
        """The registry's plain result (score, decision, explanation)."""
        return Comparison(self.score, self.decision, self.explain())


def compare_entities(
    query: EntityDescription,
    candidate: EntityDescription,
    *,
    algorithm: Algorithm | None = None,
) -> EntityComparison:
    """Score ``candidate`` as the party that ``query`` describes.

    The name score is the best over every pair of names (each candidate name weighed by
    ``NAME_KIND_FACTOR``), scored by ``algorithm`` for the query's schema (else the
    candidate's); then ``entity_evidence`` applies. The decision uses the algorithm's
    thresholds. A side without names has name score 0, so only a shared identifier can
    make it a match.
    """
    algorithm = algorithm or get_algorithm()
    schema = query.schema or candidate.schema
    best: tuple[float, EntityName, EntityName, Comparison] | None = None
    for mine in query.names:
        for theirs in candidate.names:
            comparison = algorithm.compare_names(mine.value, theirs.value, schema)
            factor = NAME_KIND_FACTOR.get(mine.kind, 1.0) * NAME_KIND_FACTOR.get(theirs.kind, 1.0)
            score = comparison.score * factor
            if best is None or score > best[0]:
                best = (score, mine, theirs, comparison)
    effects = tuple(entity_evidence(query, candidate, algorithm=algorithm))
    if best is None:
        name_score, query_name, candidate_name, explanation = 0.0, None, None, {}
    else:
        name_score, mine, theirs, comparison = best
        query_name, candidate_name = mine.value, theirs.value
        explanation = comparison.explanation
    score = round(apply_effects(name_score, effects), 4)
    return EntityComparison(
        score=score,
        decision=algorithm.thresholds.decide(score),
        name_score=name_score,
        query_name=query_name,
        candidate_name=candidate_name,
        name_explanation=explanation,
        effects=effects,
    )
