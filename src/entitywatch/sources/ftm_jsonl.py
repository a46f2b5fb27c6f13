"""FollowTheMoney (FtM) JSON lines: OpenSanctions exports in, our parties out.

FtM is the interchange format at the edges of entitywatch (see DESIGN.md): one entity per
line, ``{"id", "schema", "properties": {prop: [values]}}``, with sanctions, addresses,
ownership and other links as entities of their own that point at a party by id.

Import keeps the parties (Person, Company, Organization, PublicBody, LegalEntity, Vessel,
Aircraft) and folds the entities that describe them into the party: ``Sanction`` becomes a
:class:`~entitywatch.model.Listing`, ``Address`` an address, ``Identification`` an
identifier, ``Ownership``/``UnknownLink``/``Family`` a relation. Other schemas are skipped
and counted in one file-level issue.

Export writes the same shapes back, with FtM properties wherever FtM has one: licence
requirement and review policy go into the sanction's ``provisions`` (its "scope"), remarks
into ``summary``, notes and topics into ``notes`` and ``topics``. What FtM has no property
for (our list code and list name, Federal Register citations, a relation to a party known
only by name, a name's language where it cannot be told from its script, an id FtM would
not accept) goes into properties prefixed ``entitywatch:``. FtM readers skip properties
their schema does not define (``EntityProxy`` ignores unknown keys), so the files stay
valid FtM, and our own import reads them back: export followed by import gives the same
parties. Not carried: data issues, and the parsed licence policy clauses: the raw policy
text is carried, and import parses it again as the CSL parser does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from entitywatch.errors import InputError
from entitywatch.model import (
    Address,
    DataIssue,
    FederalRegisterCitation,
    Identifier,
    IssueSeverity,
    Listing,
    Name,
    NameKind,
    ParsedList,
    Party,
    Relation,
    RelationKind,
    Schema,
)
from entitywatch.sources.countries import to_iso2
from entitywatch.sources.identity import identity_key
from entitywatch.sources.license_policy import parse_license_policy
from entitywatch.sources.reading import read_text
from entitywatch.sources.registry import ListFormat, register
from entitywatch.sources.scripts import name_with_script

FORMAT_NAME = "ftm_jsonl"
DEFAULT_SOURCE = "ftm"
DEFAULT_LIST_CODE = "FTM"
#: Prefix of the properties that only entitywatch defines.
NS = "entitywatch:"

#: FtM schemas read as parties. PublicBody is an Organization subtype in FtM.
PARTY_SCHEMAS: dict[str, Schema] = {
    "Person": Schema.PERSON,
    "Company": Schema.COMPANY,
    "Organization": Schema.ORGANIZATION,
    "PublicBody": Schema.ORGANIZATION,
    "LegalEntity": Schema.LEGAL_ENTITY,
    "Vessel": Schema.VESSEL,
    "Aircraft": Schema.AIRCRAFT,
}
#: Schemas folded into the parties they point at.
LINK_SCHEMAS = frozenset(
    {"Sanction", "Address", "Ownership", "UnknownLink", "Family", "Identification", "Passport"}
)

NAME_PROPERTIES: dict[str, NameKind] = {
    "name": NameKind.PRIMARY,
    "alias": NameKind.ALIAS,
    "weakAlias": NameKind.WEAK_ALIAS,
    "previousName": NameKind.PREVIOUS,
}

#: FtM identifier property -> our identifier type (and back, for export).
IDENTIFIER_PROPERTIES: dict[str, str] = {
    "registrationNumber": "Registration Number",
    "idNumber": "ID Number",
    "taxNumber": "Tax Number",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "okpoCode": "OKPO",
    "leiCode": "LEI",
    "swiftBic": "SWIFT/BIC",
    "uscCode": "Unified Social Credit Code",
    "dunsCode": "DUNS",
    "vatCode": "VAT",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "passportNumber": "Passport",
    "wikidataId": "Wikidata ID",
}
_LEGAL_ENTITY_IDS = frozenset(
    {
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
        "wikidataId",
    }
)
#: The identifier properties each schema defines (export writes no others).
SCHEMA_IDENTIFIER_PROPERTIES: dict[Schema, frozenset[str]] = {
    Schema.PERSON: _LEGAL_ENTITY_IDS | {"passportNumber"},
    Schema.COMPANY: _LEGAL_ENTITY_IDS,
    Schema.ORGANIZATION: _LEGAL_ENTITY_IDS,
    Schema.LEGAL_ENTITY: _LEGAL_ENTITY_IDS,
    Schema.VESSEL: frozenset({"registrationNumber", "imoNumber", "mmsi", "wikidataId"}),
    Schema.AIRCRAFT: frozenset({"registrationNumber", "wikidataId"}),
}
_IDENTIFIER_TYPE_PROPERTY = {kind.casefold(): prop for prop, kind in IDENTIFIER_PROPERTIES.items()}

#: List codes we know, for reading an OpenSanctions ``programId`` such as ``US-BIS-MIEU``.
KNOWN_LIST_CODES = frozenset(
    {
        "EL",
        "MEU",
        "MIEU",
        "UVL",
        "DPL",
        "SDN",
        "SSI",
        "CMIC",
        "ISN",
        "DTC",
        "PLC",
        "CAP",
        "FSE",
        "MBS",
        "UFLPA",
        "UN",
    }
)
#: Program names -> list code, first match wins.
PROGRAM_LIST_CODES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), code)
    for pattern, code in (
        (r"military[- ]intelligence end[- ]user", "MIEU"),
        (r"military end[- ]user", "MEU"),
        (r"unreliable entit", "CN-UEL"),  # before "entity list", which it contains
        (r"\bentity list\b", "EL"),
        (r"unverified list", "UVL"),
        (r"denied persons", "DPL"),
        (r"specially designated nationals|\bSDN\b", "SDN"),
        (r"sectoral sanctions", "SSI"),
        (r"military[- ]industrial complex|\bCMIC\b", "CMIC"),
        (r"\b1260H\b", "DOD-1260H"),
        (r"covered list", "FCC-COVERED"),
        (r"uyghur forced labor|\bUFLPA\b", "UFLPA"),
    )
)

LICENSE_REQUIREMENT_PREFIX = "License requirement: "
LICENSE_POLICY_PREFIX = "License review policy: "
TOPICS_PREFIX = "Topics: "
# A citation as FederalRegisterCitation.__str__ writes it: "84 FR 22961 (2019-05-21)",
# "77 FR 58006 No. 182", "86 FR No. 71 (2021-04-15)".
_FR_CITATION = re.compile(
    r"^\s*(?P<volume>\d+)\s+FR(?:\s+(?P<page>\d+))?(?:\s+No\.\s*(?P<issue>\d+))?"
    r"\s*(?:\((?P<date>\d{4}-\d{2}-\d{2})\))?\s*$"
)


# --- reading lines ----------------------------------------------------------------------


@dataclass(slots=True)
class FtmEntity:
    """One FtM entity as read: its properties are lists of strings."""

    id: str
    schema: str
    properties: dict[str, list[str]]
    line: int
    datasets: list[str] = field(default_factory=list)

    def values(self, prop: str) -> list[str]:
        return [v for v in self.properties.get(prop, []) if v.strip()]

    def first(self, prop: str) -> str | None:
        values = self.values(prop)
        return values[0] if values else None


def iter_ftm_entities(text: str, path: Path) -> Iterator[FtmEntity]:
    """The entities of a JSON lines text; a malformed line raises InputError naming it."""
    # Split on "\n" only: str.splitlines would also split on U+2028 inside JSON strings.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        yield _entity_from_line(line, number, path)


def _entity_from_line(line: str, number: int, path: Path) -> FtmEntity:
    position = f"line {number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON ({exc.msg} at column {exc.colno})",
            path=path,
            position=position,
            hint="each line must be one FtM entity; the file may be truncated",
        ) from exc
    if not isinstance(data, dict):
        raise InputError("the line is not a JSON object", path=path, position=position)
    entity_id, schema = data.get("id"), data.get("schema")
    if not isinstance(entity_id, str) or not entity_id or not isinstance(schema, str):
        raise InputError(
            'an FtM entity needs a string "id" and "schema"', path=path, position=position
        )
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise InputError('"properties" must be an object', path=path, position=position)
    datasets = data.get("datasets")
    return FtmEntity(
        id=entity_id,
        schema=schema,
        properties={
            str(key): _property_values(value, str(key), path, position)
            for key, value in properties.items()
        },
        line=number,
        datasets=[d for d in datasets if isinstance(d, str)] if isinstance(datasets, list) else [],
    )


def _property_values(value: Any, prop: str, path: Path, position: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict | list):
            raise InputError(
                f"property {prop!r} holds a nested object",
                path=path,
                position=position,
                hint="use the flat FtM entities export, not the nested one",
            )
        if item is not None:
            out.append(item if isinstance(item, str) else str(item))
    return out


# --- import -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Reader:
    """The entities of one file, indexed by id, and the parties built from them."""

    entities: dict[str, FtmEntity] = field(default_factory=dict)
    parties: dict[str, Party] = field(default_factory=dict)
    issues: list[DataIssue] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, entity: FtmEntity) -> None:
        if entity.schema not in PARTY_SCHEMAS and entity.schema not in LINK_SCHEMAS:
            self.skipped[entity.schema] = self.skipped.get(entity.schema, 0) + 1
            return
        known = self.entities.get(entity.id)
        if known is None:
            self.entities[entity.id] = entity
            return
        for prop, values in entity.properties.items():
            merged = known.properties.setdefault(prop, [])
            merged.extend(v for v in values if v not in merged)
        self.issues.append(
            DataIssue(
                field="id",
                message=f"line {entity.line} repeats entity id of line {known.line}; merged",
                value=entity.id,
                severity=IssueSeverity.REPAIRED,
            )
        )

    def of_schema(self, *schemas: str) -> Iterator[FtmEntity]:
        return (e for e in self.entities.values() if e.schema in schemas)

    def caption(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return (entity.first("name") if entity else None) or entity_id


def parse_ftm_jsonl(path: Path) -> ParsedList:
    """Parties, with their listings, addresses, identifiers and relations, from FtM lines."""
    reader = _Reader()
    first_datasets: list[str] | None = None
    for entity in iter_ftm_entities(read_text(path), path):
        if first_datasets is None:
            first_datasets = entity.datasets
        reader.add(entity)
    if first_datasets is None:
        raise InputError("the file holds no entities", path=path, position="line 1")
    for entity in reader.of_schema(*PARTY_SCHEMAS):
        reader.parties[entity.id] = _party_from(entity, reader)
    _attach_identifications(reader)
    _attach_sanctions(reader)
    _attach_links(reader)
    if reader.skipped:
        summary = ", ".join(f"{schema} ({n})" for schema, n in sorted(reader.skipped.items()))
        reader.issues.append(
            DataIssue(field="schema", message=f"entities of other schemas skipped: {summary}")
        )
    return ParsedList(
        source=source_key(first_datasets),
        format=FORMAT_NAME,
        parties=list(reader.parties.values()),
        issues=reader.issues,
    )


def source_key(datasets: list[str]) -> str:
    """``ftm_<dataset>`` for the first dataset an entity names, else ``ftm``."""
    if not datasets:
        return DEFAULT_SOURCE
    slug = re.sub(r"[^a-z0-9]+", "_", datasets[0].casefold()).strip("_")
    return f"{DEFAULT_SOURCE}_{slug}" if slug else DEFAULT_SOURCE


def _party_from(entity: FtmEntity, reader: _Reader) -> Party:
    party = Party(
        id=entity.first(NS + "id") or entity.id,
        schema=PARTY_SCHEMAS[entity.schema],
        names=_names_from(entity, reader.issues),
        source_record_id=entity.first(NS + "sourceRecordId"),
    )
    if not party.names:
        party.issues.append(DataIssue(field="name", message="the entity has no name"))
        party.names = [Name(value=entity.id)]
    party.countries = _countries(entity.values("country") + entity.values("flag"), party)
    party.nationalities = _countries(
        entity.values("nationality") + entity.values("citizenship"), party
    )
    party.addresses = _addresses_of(entity, reader, party)
    party.identifiers = _identifiers_of(entity, party)
    party.birth_dates = entity.values("birthDate")
    party.title = entity.first("title") or entity.first("position")
    party.notes = _notes_of(entity)
    party.relations = [r for v in entity.values(NS + "relation") if (r := _unlinked(v, party))]
    return party


def _names_from(entity: FtmEntity, issues: list[DataIssue]) -> list[Name]:
    overrides = _script_overrides(entity, issues)
    names: list[Name] = []
    for prop, kind in NAME_PROPERTIES.items():
        for value in entity.values(prop):
            name = overrides.get((value.strip(), kind)) or name_with_script(value.strip(), kind)
            if name not in names:
                names.append(name)
    return names


def _script_overrides(
    entity: FtmEntity, issues: list[DataIssue]
) -> dict[tuple[str, NameKind], Name]:
    """Language and script that our export recorded where detection would differ."""
    out: dict[tuple[str, NameKind], Name] = {}
    for value in entity.values(NS + "nameScript"):
        try:
            text, kind, lang, script = json.loads(value)
            name = Name(value=str(text), kind=NameKind(kind), lang=lang, script=script)
        except (ValueError, TypeError):
            issues.append(
                DataIssue(
                    field=NS + "nameScript", message=f"line {entity.line}: unreadable", value=value
                )
            )
            continue
        out[(name.value, name.kind)] = name
    return out


def _countries(values: Iterable[str], party: Party) -> list[str]:
    out: list[str] = []
    for value in values:
        code = to_iso2(value)
        if code is None:
            party.issues.append(DataIssue(field="country", message="unknown country", value=value))
        elif code not in out:
            out.append(code)
    return out


def _addresses_of(entity: FtmEntity, reader: _Reader, party: Party) -> list[Address]:
    addresses: list[Address] = []
    for ref in entity.values("addressEntity"):
        target = reader.entities.get(ref)
        if target is None or target.schema != "Address":
            party.issues.append(
                DataIssue(field="addressEntity", message="refers to no Address entity", value=ref)
            )
            continue
        if (address := _address_from(target)) is not None and address not in addresses:
            addresses.append(address)
    for full in entity.values("address"):
        if all(identity_key(a.full) != identity_key(full) for a in addresses):
            addresses.append(Address(full=full.strip()))
    return addresses


def _address_from(entity: FtmEntity) -> Address | None:
    street = ", ".join(entity.values("street") + entity.values("street2")) or None
    city = entity.first("city")
    region = entity.first("region") or entity.first("state")
    postal_code = entity.first("postalCode")
    country = to_iso2(entity.first("country"))
    full = entity.first("full") or ", ".join(
        part for part in (street, city, region, postal_code, entity.first("country")) if part
    )
    if not full:
        return None
    return Address(
        full=full,
        street=street,
        city=city,
        region=region,
        postal_code=postal_code,
        country=country,
    )


def _identifiers_of(entity: FtmEntity, party: Party) -> list[Identifier]:
    identifiers: list[Identifier] = []
    for prop, kind in IDENTIFIER_PROPERTIES.items():
        for value in entity.values(prop):
            identifier = Identifier(type=kind, value=value.strip())
            if identifier not in identifiers:
                identifiers.append(identifier)
    return identifiers


def _notes_of(entity: FtmEntity) -> str | None:
    parts = entity.values("notes")
    topics = entity.values("topics")
    if topics:
        parts.append(TOPICS_PREFIX + ", ".join(topics))
    return "\n\n".join(parts) or None


def _unlinked(value: str, party: Party) -> Relation | None:
    """A relation to a party known only by name, as written by :func:`party_to_ftm`."""
    try:
        data = json.loads(value)
        return Relation(
            kind=RelationKind(data["kind"]),
            target_name=str(data["target_name"]),
            share=float(data["share"]) if data.get("share") is not None else None,
        )
    except (ValueError, KeyError, TypeError):
        party.issues.append(
            DataIssue(field=NS + "relation", message="unreadable relation", value=value)
        )
        return None


def _attach_identifications(reader: _Reader) -> None:
    for entity in reader.of_schema("Identification", "Passport"):
        for holder in entity.values("holder"):
            party = reader.parties.get(holder)
            number = entity.first("number") or entity.first("passportNumber")
            if party is None or number is None:
                continue
            default_type = "Passport" if entity.schema == "Passport" else "Identification"
            identifier = Identifier(
                type=entity.first("type") or default_type,
                value=number.strip(),
                country=to_iso2(entity.first("country")),
            )
            # the same number may also sit in a property of the party, without its country
            party.identifiers = [
                i
                for i in party.identifiers
                if (i.type.casefold(), i.value) != (identifier.type.casefold(), identifier.value)
            ]
            party.identifiers.append(identifier)


# --- sanctions --------------------------------------------------------------------------


def _attach_sanctions(reader: _Reader) -> None:
    for entity in reader.of_schema("Sanction"):
        targets = entity.values("entity")
        attached = False
        for target in targets:
            party = reader.parties.get(target)
            if party is not None:
                party.listings.append(listing_from_sanction(entity, party.issues))
                attached = True
        if not attached:
            reader.issues.append(
                DataIssue(
                    field="entity",
                    message=f"line {entity.line}: the sanction names no party of this file",
                    value=", ".join(targets) or None,
                )
            )


def listing_from_sanction(entity: FtmEntity, issues: list[DataIssue]) -> Listing:
    """A listing from a ``Sanction`` entity (our own export or OpenSanctions')."""
    provisions = entity.values("provisions")
    requirement = _prefixed(provisions, LICENSE_REQUIREMENT_PREFIX)
    policy = _prefixed(provisions, LICENSE_POLICY_PREFIX)
    other_provisions = [
        p
        for p in provisions
        if not p.startswith((LICENSE_REQUIREMENT_PREFIX, LICENSE_POLICY_PREFIX))
    ]
    authority = "; ".join(entity.values("authority"))
    if not authority:
        issues.append(
            DataIssue(
                field="authority", message=f"line {entity.line}: the sanction names no authority"
            )
        )
    start = _earliest(entity.values("startDate"), "startDate", issues)
    if start is None:
        start = _earliest(entity.values("listingDate"), "listingDate", issues)
    return Listing(
        list_code=list_code_of(entity),
        authority=authority or "unknown",
        list_name=entity.first(NS + "listName"),
        programs=tuple(entity.values("program")),
        start_date=start,
        end_date=_latest(entity.values("endDate"), "endDate", issues),
        federal_register=tuple(
            c for v in entity.values(NS + "federalRegister") if (c := _citation(v, issues))
        ),
        license_requirement=requirement,
        license_policy=policy,
        license_policy_clauses=parse_license_policy(policy),
        reason="\n".join(entity.values("reason")) or None,
        remarks="\n".join(entity.values("summary") + other_provisions) or None,
        source_url=entity.first("sourceUrl"),
    )


def list_code_of(entity: FtmEntity) -> str:
    """Our list code: written by us, or read from ``programId``, or from the program name."""
    for prop in (NS + "listCode", "listCode"):
        if code := entity.first(prop):
            return code.strip()
    for program_id in entity.values("programId"):
        suffix = program_id.strip().upper().rsplit("-", 1)[-1]
        if suffix in KNOWN_LIST_CODES:
            return suffix
    for program in entity.values("program") + entity.values("programId"):
        for pattern, code in PROGRAM_LIST_CODES:
            if pattern.search(program):
                return code
    return DEFAULT_LIST_CODE


def _prefixed(values: list[str], prefix: str) -> str | None:
    for value in values:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return None


def _full_dates(values: list[str], prop: str, issues: list[DataIssue]) -> list[dt.date]:
    """The values that are whole ISO dates; partial ones ("2021-06") are flagged."""
    out: list[dt.date] = []
    for value in values:
        try:
            out.append(dt.date.fromisoformat(value.strip()[:10]))
        except ValueError:
            issues.append(
                DataIssue(
                    field=prop, message="not a whole date; kept out of the listing", value=value
                )
            )
    return out


def _earliest(values: list[str], prop: str, issues: list[DataIssue]) -> dt.date | None:
    dates = _full_dates(values, prop, issues)
    return min(dates) if dates else None


def _latest(values: list[str], prop: str, issues: list[DataIssue]) -> dt.date | None:
    dates = _full_dates(values, prop, issues)
    return max(dates) if dates else None


def _citation(value: str, issues: list[DataIssue]) -> FederalRegisterCitation | None:
    """A citation written by our export; it names a page, an issue or both."""
    match = _FR_CITATION.match(value)
    if match is None or (match["page"] is None and match["issue"] is None):
        issues.append(
            DataIssue(
                field=NS + "federalRegister",
                message="not a citation such as '84 FR 22961' or '86 FR No. 71'",
                value=value,
            )
        )
        return None
    return FederalRegisterCitation(
        volume=int(match["volume"]),
        page=_int_or_none(match["page"]),
        date=_citation_date(match["date"], value, issues),
        issue=_int_or_none(match["issue"]),
    )


def _citation_date(text: str | None, value: str, issues: list[DataIssue]) -> dt.date | None:
    """The date in brackets; one that is no calendar day is flagged and left out."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        issues.append(
            DataIssue(
                field=NS + "federalRegister",
                message="the citation's date is not a calendar day; citation kept without it",
                value=value,
            )
        )
        return None


def _int_or_none(digits: str | None) -> int | None:
    return int(digits) if digits is not None else None


# --- links ------------------------------------------------------------------------------


def _attach_links(reader: _Reader) -> None:
    for entity in reader.of_schema("Ownership"):
        for asset in entity.values("asset"):
            for owner in entity.values("owner"):
                _relate(reader, entity, asset, owner, RelationKind.OWNED_BY, _share(entity))
    for entity in reader.of_schema("UnknownLink"):
        role = " ".join(entity.values("role")).casefold()
        kind = RelationKind.SUBORDINATE_OF if "subordinate" in role else RelationKind.AFFILIATE_OF
        for subject in entity.values("subject"):
            for target in entity.values("object"):
                _relate(reader, entity, subject, target, kind, None)
    for entity in reader.of_schema("Family"):
        for person in entity.values("person"):
            for relative in entity.values("relative"):
                _relate(reader, entity, person, relative, RelationKind.AFFILIATE_OF, None)


def _relate(
    reader: _Reader,
    link: FtmEntity,
    source_id: str,
    target_id: str,
    kind: RelationKind,
    share: float | None,
) -> None:
    party = reader.parties.get(source_id)
    if party is None:
        return
    target = reader.parties.get(target_id)
    target_name = link.first(NS + "targetName") or (
        target.caption if target is not None else reader.caption(target_id)
    )
    relation = Relation(
        kind=kind,
        target_name=target_name,
        target_id=target.id if target is not None else link.first(NS + "targetId") or target_id,
        share=share,
    )
    if relation not in party.relations:
        party.relations.append(relation)


def _share(entity: FtmEntity) -> float | None:
    for value in entity.values("percentage"):
        try:
            return float(value.strip().rstrip("%").replace(",", "."))
        except ValueError:
            continue
    return None


# --- export -----------------------------------------------------------------------------


def party_to_ftm(party: Party, *, dataset: str | None = None) -> list[dict[str, Any]]:
    """FtM entities for one party: the party, then its addresses, sanctions (one per
    listing), identifications and links. ``dataset`` fills the ``datasets`` key."""
    entities = [_party_entity(party)]
    entities += _address_entities(party)
    entities += [_sanction_entity(party, listing, n) for n, listing in enumerate(party.listings)]
    entities += _identification_entities(party)
    entities += _link_entities(party)
    if dataset:
        for entity in entities:
            entity["datasets"] = [dataset]
    return entities


def write_ftm_jsonl(parties: Iterable[Party], stream: TextIO, *, dataset: str | None = None) -> int:
    """Write the parties as FtM JSON lines; returns the number of entities written."""
    count = 0
    for party in parties:
        for entity in party_to_ftm(party, dataset=dataset):
            stream.write(json.dumps(entity, ensure_ascii=False, sort_keys=False))
            stream.write("\n")
            count += 1
    return count


def _entity(entity_id: str, schema: str, properties: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "id": entity_id,
        "schema": schema,
        "properties": {key: values for key, values in properties.items() if values},
    }


_FTM_ENTITY_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_FTM_ENTITY_ID_MAX = 200


def ftm_entity_id(party_id: str) -> str:
    """An id FtM accepts as an entity reference (letters, digits, ``.`` and ``-`` only).

    Our ids may hold ``_`` (``us_fcc_covered-...``), which FtM's entity type rejects, so
    such ids get a safe form plus a short hash of the original; the original travels in
    ``entitywatch:id`` so that our import restores it.
    """
    if _FTM_ENTITY_ID.match(party_id) and len(party_id) <= _FTM_ENTITY_ID_MAX:
        return party_id
    safe = re.sub(r"[^0-9a-zA-Z.\-]+", "-", party_id).strip(".-")[:150].strip(".-")
    digest = hashlib.sha1(party_id.encode("utf-8")).hexdigest()[:8]
    return f"{safe}-{digest}" if safe else f"ew-{digest}"


def _child_id(party: Party, kind: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join((party.id, kind, *parts)).encode("utf-8")).hexdigest()
    return f"{ftm_entity_id(party.id)[:170]}-{kind.replace('_', '-')}-{digest[:12]}"


def _party_entity(party: Party) -> dict[str, Any]:
    props: dict[str, list[str]] = {prop: [] for prop in NAME_PROPERTIES}
    scripts: list[str] = []
    for name in party.names:
        props[name.kind.value].append(name.value)
        if name_with_script(name.value, name.kind) != name:
            scripts.append(
                json.dumps(
                    [name.value, name.kind.value, name.lang, name.script], ensure_ascii=False
                )
            )
    props["country"] = [c.lower() for c in party.countries]
    props["address"] = [a.full for a in party.addresses]
    props["addressEntity"] = [_address_id(party, a) for a in party.addresses]
    if party.schema is Schema.PERSON:
        props["birthDate"] = list(party.birth_dates)
        props["nationality"] = [c.lower() for c in party.nationalities]
        props["title"] = [party.title] if party.title else []
    notes, topics = _split_topics(party.notes)
    props["notes"] = [notes] if notes else []
    props["topics"] = topics
    for identifier in party.identifiers:
        prop = _identifier_property(party.schema, identifier)
        if prop is not None:
            props.setdefault(prop, []).append(identifier.value)
    props[NS + "nameScript"] = scripts
    props[NS + "relation"] = [_unlinked_json(r) for r in party.relations if r.target_id is None]
    if ftm_entity_id(party.id) != party.id:
        props[NS + "id"] = [party.id]
    if party.source_record_id:
        props[NS + "sourceRecordId"] = [party.source_record_id]
    entity = _entity(ftm_entity_id(party.id), party.schema.value, props)
    entity["caption"] = party.caption
    return entity


def _split_topics(notes: str | None) -> tuple[str | None, list[str]]:
    """Our notes keep FtM topics on a last "Topics: " paragraph; export gives them back."""
    if not notes:
        return None, []
    head, _, last = notes.rpartition("\n\n")
    candidate = last if head or last.startswith(TOPICS_PREFIX) else ""
    if not candidate.startswith(TOPICS_PREFIX):
        return notes, []
    topics = [t.strip() for t in candidate[len(TOPICS_PREFIX) :].split(",") if t.strip()]
    return head or None, topics


def _identifier_property(schema: Schema, identifier: Identifier) -> str | None:
    """The FtM property for an identifier without a country, where the schema has one."""
    if identifier.country:
        return None
    prop = _IDENTIFIER_TYPE_PROPERTY.get(identifier.type.casefold())
    return prop if prop in SCHEMA_IDENTIFIER_PROPERTIES[schema] else None


def _unlinked_json(relation: Relation) -> str:
    return json.dumps(
        {"kind": relation.kind.value, "target_name": relation.target_name, "share": relation.share},
        ensure_ascii=False,
    )


def _address_id(party: Party, address: Address) -> str:
    parts = (address.street, address.city, address.region, address.postal_code, address.country)
    return _child_id(party, "addr", address.full, *(p or "" for p in parts))


def _address_entities(party: Party) -> list[dict[str, Any]]:
    return [
        _entity(
            _address_id(party, address),
            "Address",
            {
                "full": [address.full],
                "street": [address.street] if address.street else [],
                "city": [address.city] if address.city else [],
                "region": [address.region] if address.region else [],
                "postalCode": [address.postal_code] if address.postal_code else [],
                "country": [address.country.lower()] if address.country else [],
            },
        )
        for address in party.addresses
    ]


def _sanction_entity(party: Party, listing: Listing, index: int) -> dict[str, Any]:
    start = listing.start_date.isoformat() if listing.start_date else ""
    provisions = []
    if listing.license_requirement:
        provisions.append(LICENSE_REQUIREMENT_PREFIX + listing.license_requirement)
    if listing.license_policy:
        provisions.append(LICENSE_POLICY_PREFIX + listing.license_policy)
    return _entity(
        _child_id(party, "sanction", listing.list_code, start, str(index)),
        "Sanction",
        {
            "entity": [ftm_entity_id(party.id)],
            "authority": [listing.authority],
            "program": list(listing.programs),
            "startDate": [start] if start else [],
            "endDate": [listing.end_date.isoformat()] if listing.end_date else [],
            "reason": [listing.reason] if listing.reason else [],
            "summary": [listing.remarks] if listing.remarks else [],
            "provisions": provisions,
            "sourceUrl": [listing.source_url] if listing.source_url else [],
            NS + "listCode": [listing.list_code],
            NS + "listName": [listing.list_name] if listing.list_name else [],
            NS + "federalRegister": [str(c) for c in listing.federal_register],
        },
    )


def _identification_entities(party: Party) -> list[dict[str, Any]]:
    return [
        _entity(
            _child_id(party, "id", identifier.type, identifier.value),
            "Identification",
            {
                "holder": [ftm_entity_id(party.id)],
                "type": [identifier.type],
                "number": [identifier.value],
                "country": [identifier.country.lower()] if identifier.country else [],
            },
        )
        for identifier in party.identifiers
        if _identifier_property(party.schema, identifier) is None
    ]


def _link_entities(party: Party) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for relation in party.relations:
        if relation.target_id is None:
            continue
        link_id = _child_id(party, relation.kind.value, relation.target_id)
        target = ftm_entity_id(relation.target_id)
        if relation.kind is RelationKind.OWNED_BY:
            props = {
                "owner": [target],
                "asset": [ftm_entity_id(party.id)],
                "percentage": [_number(relation.share)] if relation.share is not None else [],
            }
            schema = "Ownership"
        else:
            props = {
                "subject": [ftm_entity_id(party.id)],
                "object": [target],
                "role": [relation.kind.value.replace("_", " ")],
            }
            schema = "UnknownLink"
        props[NS + "targetName"] = [relation.target_name]
        if target != relation.target_id:
            props[NS + "targetId"] = [relation.target_id]
        out.append(_entity(link_id, schema, props))
    return out


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


# --- registration -----------------------------------------------------------------------


def sniff_ftm_jsonl(path: Path, head: bytes) -> bool:
    """A file whose first line is a JSON object with ``schema`` and ``properties``."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return False
    first_line, newline, _ = text.partition("\n")
    if newline:
        try:
            data = json.loads(first_line)
        except json.JSONDecodeError:
            return False
        return isinstance(data, dict) and "schema" in data and "properties" in data
    # one line longer than the head: judge by its keys
    return '"schema"' in first_line and '"properties"' in first_line


FTM_JSONL_FORMAT = register(
    ListFormat(
        name=FORMAT_NAME,
        source=DEFAULT_SOURCE,
        title="FollowTheMoney entities, JSON lines (OpenSanctions exports)",
        sniff=sniff_ftm_jsonl,
        parse=parse_ftm_jsonl,
        official_url="https://www.opensanctions.org/docs/bulk/json/",
    )
)
