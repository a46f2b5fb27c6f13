"""Typed records for restricted parties and the lists that name them.

No I/O here. Property names follow the FollowTheMoney (FtM) vocabulary where one exists
(``name``, ``alias``, ``weakAlias``, ``previousName``, ``country``, ``birthDate`` ...), so
that records convert to and from FtM JSON lines without a lookup table per field.

Every record converts to plain JSON-able dicts (``to_dict``) and back (``from_dict``):
the store keeps a party as one JSON document per snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Schema(StrEnum):
    """The kind of party, as an FtM schema name."""

    COMPANY = "Company"
    ORGANIZATION = "Organization"
    PERSON = "Person"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"
    LEGAL_ENTITY = "LegalEntity"


# Party types as users and customer masters write them -> the schema.
_PARTY_TYPE_WORDS: dict[str, Schema] = {
    "person": Schema.PERSON,
    "individual": Schema.PERSON,
    "natural person": Schema.PERSON,
    "private person": Schema.PERSON,
    "company": Schema.COMPANY,
    "corporation": Schema.COMPANY,
    "business": Schema.COMPANY,
    "firm": Schema.COMPANY,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "government": Schema.ORGANIZATION,
    "entity": Schema.LEGAL_ENTITY,
    "legal entity": Schema.LEGAL_ENTITY,
    "legalentity": Schema.LEGAL_ENTITY,
    "vessel": Schema.VESSEL,
    "ship": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}


def schema_for_party_type(text: str) -> Schema | None:
    """The schema a party type names ("individual", "Legal_Entity", "ship"), or None."""
    key = " ".join(text.casefold().replace("_", " ").replace("-", " ").split())
    return _PARTY_TYPE_WORDS.get(key)


class NameKind(StrEnum):
    """The role of a name, named after the FtM property that holds it."""

    PRIMARY = "name"
    ALIAS = "alias"
    WEAK_ALIAS = "weakAlias"
    PREVIOUS = "previousName"


class RelationKind(StrEnum):
    AFFILIATE_OF = "affiliate_of"
    OWNED_BY = "owned_by"
    SUBORDINATE_OF = "subordinate_of"


class ReviewPolicy(StrEnum):
    """How a licence application is reviewed (15 CFR 744 and the Entity List column)."""

    PRESUMPTION_OF_DENIAL = "presumption_of_denial"
    POLICY_OF_DENIAL = "policy_of_denial"
    CASE_BY_CASE = "case_by_case"
    PRESUMPTION_OF_APPROVAL = "presumption_of_approval"
    SEE_SECTION = "see_section"
    UNKNOWN = "unknown"


class IssueSeverity(StrEnum):
    REPAIRED = "repaired"  # the source was wrong and the value was fixed unambiguously
    WARNING = "warning"  # the source looks wrong; the value is kept as found and flagged


@dataclass(frozen=True, slots=True)
class DataIssue:
    """A defect found in a source record: kept beside the record, never silently dropped."""

    field: str
    message: str
    value: str | None = None
    severity: IssueSeverity = IssueSeverity.WARNING


@dataclass(frozen=True, slots=True)
class Name:
    value: str
    kind: NameKind = NameKind.PRIMARY
    lang: str | None = None  # ISO 639-1 where known ("zh", "en", "ru")
    script: str | None = None  # ISO 15924 where known ("Hani", "Latn", "Cyrl")


@dataclass(frozen=True, slots=True)
class Address:
    full: str
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, upper case


@dataclass(frozen=True, slots=True)
class Identifier:
    type: str  # e.g. "Unified Social Credit Code", "Passport", "IMO"
    value: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    kind: RelationKind
    target_name: str
    target_id: str | None = None
    share: float | None = None  # ownership share in percent, where stated


@dataclass(frozen=True, slots=True)
class FederalRegisterCitation:
    """A Federal Register citation: ``84 FR 22961`` (volume 84, page 22961), or the issue
    ``86 FR No. 71`` where the list names the issue instead of the page (the ISN list
    writes "Vol. 86, No. 71, 04/15/2021"). At least one of page and issue is known.

    ``issue`` comes after ``date`` so that ``FederalRegisterCitation(84, 22961, date)``
    keeps its meaning.
    """

    volume: int
    page: int | None = None
    date: dt.date | None = None
    issue: int | None = None  # the daily issue number ("No. 71")

    def __post_init__(self) -> None:
        if self.page is None and self.issue is None:
            raise ValueError(
                f"a Federal Register citation of volume {self.volume} needs a page or an issue"
            )

    def __str__(self) -> str:
        """``84 FR 22961``, ``77 FR 58006 No. 182``, ``86 FR No. 71``, then ``(date)``."""
        parts = [f"{self.volume} FR"]
        if self.page is not None:
            parts.append(str(self.page))
        if self.issue is not None:
            parts.append(f"No. {self.issue}")
        if self.date is not None:
            parts.append(f"({self.date.isoformat()})")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class LicensePolicyClause:
    """One clause of a licence review policy, e.g. case-by-case for ECCNs 1A004.c and 1D003.

    ``scope`` says what the clause covers: ``all_items`` (everything subject to the EAR),
    ``eccns`` (the ECCNs named in ``eccns``), ``ccl`` (items on the Commerce Control List),
    ``ear99``, ``all_other_items`` (the remainder after earlier clauses), or ``described``
    (items described in prose, kept in ``text``).
    """

    policy: ReviewPolicy
    scope: str
    text: str
    eccns: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # CFR sections referred to, e.g. "746.8(b)"


@dataclass(slots=True)
class Listing:
    """One party on one list, with the legal facts of that listing."""

    list_code: str  # EL, MEU, UVL, DPL, SDN, SSI, CMIC, ISN, DTC, PLC, CAP, FSE, MBS, UN ...
    authority: str  # e.g. "Bureau of Industry and Security"
    list_name: str | None = None
    programs: tuple[str, ...] = ()
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    federal_register: tuple[FederalRegisterCitation, ...] = ()
    license_requirement: str | None = None
    license_policy: str | None = None  # raw text as published
    license_policy_clauses: tuple[LicensePolicyClause, ...] = ()
    reason: str | None = None
    remarks: str | None = None
    source_url: str | None = None

    def in_effect_on(self, day: dt.date) -> bool:
        """True when the listing stands on ``day``; an unknown start counts as in effect."""
        if self.start_date is not None and self.start_date > day:
            return False
        return not (self.end_date is not None and self.end_date <= day)


@dataclass(slots=True)
class Party:
    """A listed person, company, organisation, vessel or aircraft with all its listings.

    ``id`` is stable across loads of the same source record, so that history works.
    """

    id: str
    schema: Schema
    names: list[Name]
    addresses: list[Address] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)  # ISO dates, possibly partial
    nationalities: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    issues: list[DataIssue] = field(default_factory=list)
    title: str | None = None
    notes: str | None = None
    source_record_id: str | None = None  # the source's own key (entity number, _id, DATAID)

    @property
    def caption(self) -> str:
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.value
        return self.names[0].value if self.names else self.id

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Party:
        return Party(
            id=data["id"],
            schema=Schema(data["schema"]),
            names=[_name_from(d) for d in data.get("names", [])],
            addresses=[Address(**d) for d in data.get("addresses", [])],
            countries=list(data.get("countries", [])),
            identifiers=[Identifier(**d) for d in data.get("identifiers", [])],
            birth_dates=list(data.get("birth_dates", [])),
            nationalities=list(data.get("nationalities", [])),
            relations=[_relation_from(d) for d in data.get("relations", [])],
            listings=[_listing_from(d) for d in data.get("listings", [])],
            issues=[_issue_from(d) for d in data.get("issues", [])],
            title=data.get("title"),
            notes=data.get("notes"),
            source_record_id=data.get("source_record_id"),
        )


@dataclass(slots=True)
class ParsedList:
    """What a source parser returns: the parties of one file, plus file-level findings."""

    source: str  # stable source key, e.g. "us_trade_csl"
    format: str  # parser format name, e.g. "csl_csv"
    parties: list[Party]
    issues: list[DataIssue] = field(default_factory=list)
    published_at: dt.datetime | None = None

    @property
    def listing_count(self) -> int:
        return sum(len(p.listings) for p in self.parties)

    def listing_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for party in self.parties:
            for listing in party.listings:
                counts[listing.list_code] = counts.get(listing.list_code, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One import of one source file: the unit of versioning."""

    id: int
    source: str
    format: str
    sha256: str
    loaded_at: dt.datetime
    parties: int
    listings: dict[str, int]
    active: bool
    status: str  # "active", "superseded", "held" (awaiting --accept-shrink)
    file_name: str | None = None
    published_at: dt.datetime | None = None
    issues: int = 0

    @property
    def listing_total(self) -> int:
        return sum(self.listings.values())


# --- JSON conversion -------------------------------------------------------------------


def _to_jsonable(value: Any) -> Any:
    # Hot path of every import (one call tree per party): plain types are tested first.
    if value.__class__ in _PLAIN_TYPES:
        return value
    if isinstance(value, StrEnum):
        return value._value_  # the plain attribute: `.value` goes through a slow descriptor
    if isinstance(value, list | tuple):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        out: dict[str, Any] = {}
        for name in fields:
            item = getattr(value, name)
            if item is None or item == [] or item == ():
                continue
            out[name] = _to_jsonable(item)
        return out
    return value


_PLAIN_TYPES = frozenset({str, int, float, bool})


def _date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _name_from(d: dict[str, Any]) -> Name:
    return Name(
        value=d["value"],
        kind=NameKind(d.get("kind", NameKind.PRIMARY)),
        lang=d.get("lang"),
        script=d.get("script"),
    )


def _relation_from(d: dict[str, Any]) -> Relation:
    return Relation(
        kind=RelationKind(d["kind"]),
        target_name=d["target_name"],
        target_id=d.get("target_id"),
        share=d.get("share"),
    )


def _issue_from(d: dict[str, Any]) -> DataIssue:
    return DataIssue(
        field=d["field"],
        message=d["message"],
        value=d.get("value"),
        severity=IssueSeverity(d.get("severity", IssueSeverity.WARNING)),
    )


def _clause_from(d: dict[str, Any]) -> LicensePolicyClause:
    return LicensePolicyClause(
        policy=ReviewPolicy(d["policy"]),
        scope=d["scope"],
        text=d.get("text", ""),
        eccns=tuple(d.get("eccns", ())),
        sections=tuple(d.get("sections", ())),
    )


def _listing_from(d: dict[str, Any]) -> Listing:
    return Listing(
        list_code=d["list_code"],
        authority=d["authority"],
        list_name=d.get("list_name"),
        programs=tuple(d.get("programs", ())),
        start_date=_date_or_none(d.get("start_date")),
        end_date=_date_or_none(d.get("end_date")),
        federal_register=tuple(
            FederalRegisterCitation(
                volume=c["volume"],
                page=c.get("page"),
                date=_date_or_none(c.get("date")),
                issue=c.get("issue"),
            )
            for c in d.get("federal_register", [])
        ),
        license_requirement=d.get("license_requirement"),
        license_policy=d.get("license_policy"),
        license_policy_clauses=tuple(_clause_from(c) for c in d.get("license_policy_clauses", [])),
        reason=d.get("reason"),
        remarks=d.get("remarks"),
        source_url=d.get("source_url"),
    )
