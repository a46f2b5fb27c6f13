"""OFAC Sanctions List Service "ENHANCED_XML" files: CONS_ENHANCED and SDN_ENHANCED.

The Sanctions List Service publishes the Consolidated (non-SDN) List and the SDN List in one
XML schema: ``publicationInfo`` (date and the list the file was filtered to), a table of
``referenceValues`` (countries, scripts, programs, list names... each under a numeric
``refId``), ``featureTypes`` and the ``entities``. Elements that point into the tables carry
the ``refId`` and, usually, the resolved text too; the tables are authoritative here (they
also hold the ISO codes of countries and scripts), the inline text is the fallback.

One party per ``entity`` (id ``ofac-<entity id>``: OFAC's entity number, which the legacy SDN
CSV calls ``ent_num``), one listing per ``sanctionsList`` the entity is on. Every entity is
also tagged "Consolidated List", the umbrella the file was published as; that tag is not a
listing of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from entitywatch.errors import InputError
from entitywatch.model import (
    Address,
    DataIssue,
    Identifier,
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
from entitywatch.sources.identity import IdAllocator
from entitywatch.sources.ofac_sdn_csv import (
    collapse_date_range,
    looks_like_company_name,
    parse_ofac_date,
)
from entitywatch.sources.reading import local_name, parse_xml, read_bytes
from entitywatch.sources.registry import ListFormat, register
from entitywatch.sources.scripts import detect_script, language_of_script, script_covers

FORMAT_NAME = "ofac_enhanced_xml"
SOURCE_CONSOLIDATED = "us_ofac_cons"
SOURCE_SDN = "us_ofac_sdn_enhanced"
AUTHORITY = "Office of Foreign Assets Control"
NAMESPACE = (
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"
)
OFFICIAL_URL = "https://sanctionslistservice.ofac.treas.gov/api/download/CONS_ENHANCED.ZIP"
SDN_OFFICIAL_URL = "https://sanctionslistservice.ofac.treas.gov/api/download/SDN_ENHANCED.ZIP"

#: List names as the Sanctions List Service writes them -> our list codes. Older and longer
#: spellings of the same lists are accepted too.
LIST_CODES: dict[str, str] = {
    "SDN List": "SDN",
    "Sectoral Sanctions Identifications List": "SSI",
    "Non-SDN Palestinian Legislative Council List": "PLC",
    "Non-SDN CMIC List": "CMIC",
    "NS-CMIC List": "CMIC",
    "Non-SDN Chinese Military-Industrial Complex Companies List": "CMIC",
    "Non-SDN Menu-Based Sanctions List": "MBS",
    "NS-MBS List": "MBS",
    "CAPTA List": "CAP",
    "Correspondent Account or Payable-Through Account Sanctions List": "CAP",
    "FSE List": "FSE",
    "Foreign Sanctions Evaders List": "FSE",
    "Non-SDN Iran Sanctions Act List": "ISA",
    "Part 561 List": "561",
}
#: Tags that say which publication an entity is part of, not which list it is on.
UMBRELLA_LISTS = frozenset({"Consolidated List"})

_SCHEMA_BY_ENTITY_TYPE: dict[str, Schema] = {
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
#: OFAC's "Target Type" feature values that settle whether an entity is a company.
_COMPANY_TARGET_TYPES = frozenset(
    {"public company", "private company", "state-owned enterprise", "financial institution"}
)
_ORGANIZATION_TARGET_TYPES = frozenset(
    {
        "government entity",
        "unrecognized government entity",
        "charity or nonprofit organization",
        "criminal organization",
        "armed group",
    }
)

#: Script names of the reference table -> ISO 15924 code (None for Latin, which is left
#: untagged). Simplified and traditional Chinese are both Han ("Hani") for matching.
_DECLARED_SCRIPTS: dict[str, str | None] = {
    "latin": None,
    "chinese simplified": "Hani",
    "chinese traditional": "Hani",
    "cyrillic": "Cyrl",
    "arabic": "Arab",
    "armenian": "Armn",
    "georgian": "Geor",
    "greek": "Grek",
    "hangul": "Hang",
    "korean": "Kore",
    "hebrew": "Hebr",
    "japanese": "Jpan",
}

_ALIAS_KINDS: dict[str, NameKind] = {
    "a.k.a.": NameKind.ALIAS,
    "n.k.a.": NameKind.ALIAS,
    "f.k.a.": NameKind.PREVIOUS,
}

#: Relationship types with a kind of their own; the others ("Acting for or on behalf of",
#: "Owns, controls, or operates", "Leader or official of"...) are affiliations, and their
#: exact wording is kept in the party's notes.
_RELATION_KINDS: dict[str, RelationKind] = {
    "owned or controlled by": RelationKind.OWNED_BY,
}

#: Identity document types normalised so that they compare with other sources' identifiers.
_DOCUMENT_TYPES: dict[str, str] = {
    "Unified Social Credit Code (USCC)": "Unified Social Credit Code",
    "United Social Credit Code Certificate (USCCC)": "Unified Social Credit Code",
}

#: Features that are identifiers of the party (type -> identifier type, implied country).
_IDENTIFIER_FEATURES: dict[str, tuple[str, str | None]] = {
    "ISIN": ("ISIN", None),
    "Equity Ticker": ("Equity Ticker", None),
    "SWIFT/BIC": ("SWIFT/BIC", None),
    "BIK (RU)": ("BIK (RU)", "RU"),
    "Vessel Registration Identification": ("IMO", None),
    "MMSI": ("MMSI", None),
    "VESSEL CALL SIGN": ("Call Sign", None),
    "Aircraft Manufacturer's Serial Number (MSN)": (
        "Aircraft Manufacturer's Serial Number (MSN)",
        None,
    ),
    "Aircraft Tail Number": ("Aircraft Tail Number", None),
}
#: Features kept in the party's notes: facts about the party that have no field of their own.
_NOTE_FEATURES = frozenset(
    {
        "Place of Birth",
        "Gender",
        "Website",
        "Email Address",
        "Phone Number",
        "Organization Established Date",
        "Organization Type:",
        "Target Type",
        "VESSEL TYPE",
        "Vessel Type",
        "Vessel Tonnage",
        "Vessel Gross Registered Tonnage",
        "Vessel Owner",
        "Aircraft Model",
        "Aircraft Operator",
        "Aircraft Manufacture Date",
    }
)
_CMIC_LISTING_DATE = "Listing Date (CMIC)"


# --- sniffing -------------------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    """An .xml file, or a .zip holding one, in the ENHANCED_XML namespace."""
    if path.suffix.lower() not in {".xml", ".zip"}:
        return False
    return NAMESPACE.encode("ascii") in head and b"sanctionsData" in head


# --- reading the tree -----------------------------------------------------------------------


class _Tree:
    """Namespace-aware access to the elements of one document, with its element paths."""

    def __init__(self, namespace: str) -> None:
        self.prefix = f"{{{namespace}}}" if namespace else ""

    def child(self, element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
        return None if element is None else element.find(self.prefix + name)

    def children(self, element: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
        return [] if element is None else element.findall(self.prefix + name)

    def path(self, element: ElementTree.Element | None, *names: str) -> list[ElementTree.Element]:
        """Elements at ``names[0]/names[1]/...`` below ``element``."""
        if element is None:
            return []
        return element.findall("/".join(self.prefix + name for name in names))

    def text(self, element: ElementTree.Element | None, name: str) -> str | None:
        if element is None:
            return None
        found = element.find(self.prefix + name)
        return _clean(found.text if found is not None else None)

    def flag(self, element: ElementTree.Element | None, name: str) -> bool:
        return (self.text(element, name) or "").lower() == "true"


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    stripped = " ".join(text.split())
    return stripped or None


@dataclass(frozen=True, slots=True)
class ReferenceValue:
    """One row of the ``referenceValues`` table."""

    type: str
    value: str
    code: str | None = None
    iso_code: str | None = None


@dataclass(slots=True)
class References:
    """The document's lookup tables: ``refId`` -> reference value, feature type id -> name."""

    values: dict[str, ReferenceValue] = field(default_factory=dict)
    feature_types: dict[str, str] = field(default_factory=dict)

    def resolve(self, element: ElementTree.Element | None) -> str | None:
        """The value an element refers to (``refId``), or its own text when unresolvable."""
        if element is None:
            return None
        ref = element.get("refId")
        if ref is not None and ref in self.values:
            return self.values[ref].value
        return _clean(element.text)

    def lookup(self, element: ElementTree.Element | None) -> ReferenceValue | None:
        if element is None:
            return None
        ref = element.get("refId")
        return self.values.get(ref) if ref is not None else None

    def country(self, element: ElementTree.Element | None) -> tuple[str | None, str | None]:
        """(country name, ISO-2) of a country element, from the table's ISO code if any."""
        if element is None:
            return None, None
        reference = self.lookup(element)
        name = reference.value if reference else _clean(element.text)
        iso = reference.iso_code if reference else None
        return name, (iso.upper() if iso else to_iso2(name))


def _read_references(tree: _Tree, root: ElementTree.Element) -> References:
    references = References()
    for row in tree.path(root, "referenceValues", "referenceValue"):
        ref = row.get("refId")
        value = tree.text(row, "value")
        if ref is None or value is None:
            continue
        references.values[ref] = ReferenceValue(
            type=tree.text(row, "type") or "",
            value=value,
            code=tree.text(row, "code"),
            iso_code=tree.text(row, "isoCode"),
        )
    for row in tree.path(root, "featureTypes", "featureType"):
        type_id = row.get("featureTypeId")
        name = tree.text(row, "type")
        if type_id is not None and name is not None:
            references.feature_types[type_id] = name
    return references


# --- dates ----------------------------------------------------------------------------------


def _iso_date(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _date_values(tree: _Tree, feature: ElementTree.Element, text: str | None) -> list[str]:
    """ISO dates, possibly partial, of a DATE feature: from ``valueDate``, else from its text."""
    value_date = tree.child(feature, "valueDate")
    if value_date is not None:
        start = _iso_date(tree.text(value_date, "fromDateBegin"))
        end = _iso_date(tree.text(value_date, "toDateEnd"))
        if start and end:
            return collapse_date_range(start, end)
        if start or end:
            return [start or end or ""]
    parsed = parse_ofac_date(text or "")
    return [parsed] if parsed else []


def _date_or_none(text: str | None) -> dt.date | None:
    iso = _iso_date(text)
    return dt.date.fromisoformat(iso) if iso else None


# --- entities -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Feature:
    type: str
    value: str
    element: ElementTree.Element
    comments: str | None


@dataclass(slots=True)
class _EntityReader:
    """Turns one ``entity`` element into a Party; collects listing-level facts on the way."""

    tree: _Tree
    refs: References
    element: ElementTree.Element
    party: Party
    listing_facts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cmic_listing_date: dt.date | None = None

    def add_note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def add_country(self, code: str | None) -> None:
        if code and code not in self.party.countries:
            self.party.countries.append(code)

    def add_identifier(self, identifier: Identifier) -> None:
        if identifier.value and identifier not in self.party.identifiers:
            self.party.identifiers.append(identifier)

    def add_name(self, name: Name) -> None:
        if not name.value:
            return
        if any(n.value == name.value and n.kind == name.kind for n in self.party.names):
            return
        self.party.names.append(name)


def _features(reader: _EntityReader) -> Iterator[_Feature]:
    tree, refs = reader.tree, reader.refs
    for feature in tree.path(reader.element, "features", "feature"):
        type_element = tree.child(feature, "type")
        type_id = type_element.get("featureTypeId") if type_element is not None else None
        type_name = refs.feature_types.get(type_id or "") or _clean(
            type_element.text if type_element is not None else None
        )
        value_ref = tree.text(feature, "valueRefId")
        value = (
            refs.values[value_ref].value
            if value_ref and value_ref in refs.values
            else tree.text(feature, "value")
        )
        if type_name and value:
            yield _Feature(type_name, value, feature, tree.text(feature, "comments"))


def _read_names(reader: _EntityReader) -> None:
    tree, refs = reader.tree, reader.refs
    for name in tree.path(reader.element, "names", "name"):
        kind = _name_kind(reader, name)
        for translation in tree.path(name, "translations", "translation"):
            value = _translation_value(tree, translation)
            if value is None:
                continue
            script, lang = _script_of(refs, tree.child(translation, "script"), value)
            translated = script is not None or not tree.flag(translation, "isPrimary")
            # A translation of the primary name is another name for the party, not a second
            # primary name: Chinese, Cyrillic... renderings come out as aliases.
            name_kind = NameKind.ALIAS if kind is NameKind.PRIMARY and translated else kind
            reader.add_name(Name(value=value, kind=name_kind, lang=lang, script=script))


def _name_kind(reader: _EntityReader, name: ElementTree.Element) -> NameKind:
    tree = reader.tree
    if tree.flag(name, "isPrimary"):
        return NameKind.PRIMARY
    if tree.flag(name, "isLowQuality"):
        return NameKind.WEAK_ALIAS
    alias_type = reader.refs.resolve(tree.child(name, "aliasType"))
    if alias_type is None:
        return NameKind.ALIAS
    kind = _ALIAS_KINDS.get(alias_type.lower())
    if kind is None:
        reader.party.issues.append(
            DataIssue(field="names", message="unknown alias type; read as a.k.a.", value=alias_type)
        )
        return NameKind.ALIAS
    return kind


_SINGLE_PART_NAMES = frozenset({"Entity Name", "Vessel Name", "Aircraft Name"})


def _translation_value(tree: _Tree, translation: ElementTree.Element) -> str | None:
    """The name as OFAC prints it: the organisation's name in its published letter case, or a
    person's ``LAST, First`` from ``formattedFullName``."""
    parts = [
        (tree.text(part, "type"), tree.text(part, "value"))
        for part in tree.path(translation, "nameParts", "namePart")
    ]
    if len(parts) == 1 and parts[0][0] in _SINGLE_PART_NAMES and parts[0][1]:
        return parts[0][1]
    full = tree.text(translation, "formattedFullName")
    if full:
        return full
    joined = " ".join(value for _, value in parts if value)
    return joined or None


def _script_of(
    refs: References, element: ElementTree.Element | None, value: str
) -> tuple[str | None, str | None]:
    """(ISO 15924 script, ISO 639-1 language) of a translation: its declared script,
    checked against the text itself.

    The declaration is kept when the letters agree with it (a kanji-only name declared
    Japanese stays Japanese, though its letters alone say Han). The text wins when it
    plainly is in another script (a Chinese name marked Latin would otherwise be matched
    as Latin); a Latin-looking name keeps a declared non-Latin script.
    """
    detected = detect_script(value)
    declared_name = refs.resolve(element)
    declared = _DECLARED_SCRIPTS.get(declared_name.lower()) if declared_name else None
    if detected is None or (declared is not None and script_covers(declared, detected)):
        script = declared
    else:
        script = detected
    return script, language_of_script(script)


def _read_addresses(reader: _EntityReader) -> None:
    tree, refs = reader.tree, reader.refs
    for address in tree.path(reader.element, "addresses", "address"):
        country_name, country = refs.country(tree.child(address, "country"))
        if country_name and country is None:
            reader.party.issues.append(
                DataIssue(field="addresses", message="unknown country name", value=country_name)
            )
        made = False
        for translation in tree.path(address, "translations", "translation"):
            parsed = _address_from_parts(reader, translation, country_name, country)
            if parsed is not None:
                made = True
                _add_address(reader, parsed)
        if not made and country_name:
            _add_address(reader, Address(full=country_name, country=country))


def _add_address(reader: _EntityReader, address: Address) -> None:
    if address not in reader.party.addresses:
        reader.party.addresses.append(address)
    reader.add_country(address.country)


def _address_from_parts(
    reader: _EntityReader,
    translation: ElementTree.Element,
    country_name: str | None,
    country: str | None,
) -> Address | None:
    tree, refs = reader.tree, reader.refs
    parts: dict[str, list[str]] = {}
    for part in tree.path(translation, "addressParts", "addressPart"):
        part_type = refs.resolve(tree.child(part, "type"))
        value = tree.text(part, "value")
        if part_type and value:
            parts.setdefault(part_type.upper(), []).append(value)
    if not parts:
        return None
    street = ", ".join(
        value for key in ("ADDRESS1", "ADDRESS2", "ADDRESS3") for value in parts.get(key, [])
    )
    city = ", ".join(parts.get("CITY", [])) or None
    region = ", ".join(parts.get("STATE/PROVINCE", []) + parts.get("REGION", [])) or None
    postal_code = ", ".join(parts.get("POSTAL CODE", [])) or None
    pieces = [street or None, city, region, postal_code, country_name]
    return Address(
        full=", ".join(piece for piece in pieces if piece),
        street=street or None,
        city=city,
        region=region,
        postal_code=postal_code,
        country=country,
    )


def _read_features(reader: _EntityReader) -> None:
    for feature in _features(reader):
        if not _read_party_feature(reader, feature):
            # Sanctions facts (directives, secondary sanctions risk, effective dates) belong
            # to the listing: OFAC prints them in the remarks as "<type> <value>".
            reader.listing_facts.append(_feature_text(reader, feature))


def _feature_text(reader: _EntityReader, feature: _Feature) -> str:
    value = feature.value
    if _is_date_feature(reader, feature):
        dates = _date_values(reader.tree, feature.element, feature.value)
        value = " to ".join(dates) if dates else value
    # OFAC's feature names mostly end in ":" or "-" ("Secondary sanctions risk:"); the others
    # get a colon so that the remark reads as "<type>: <value>".
    separator = " " if feature.type.endswith((":", "-")) else ": "
    text = f"{feature.type}{separator}{value}"
    return f"{text} {feature.comments}" if feature.comments else text


def _is_date_feature(reader: _EntityReader, feature: _Feature) -> bool:
    return reader.tree.child(feature.element, "valueDate") is not None


def _read_party_feature(reader: _EntityReader, feature: _Feature) -> bool:
    """Apply a feature that describes the party; False for the listing-level ones."""
    party = reader.party
    if feature.type == "Birthdate":
        for date in _date_values(reader.tree, feature.element, feature.value):
            if date not in party.birth_dates:
                party.birth_dates.append(date)
        return True
    if feature.type in {"Nationality Country", "Citizenship Country"}:
        _add_nationality(reader, feature)
        return True
    if feature.type == "Nationality of Registration":
        reader.add_country(_feature_country(reader, feature))
        return True
    if feature.type == _CMIC_LISTING_DATE:
        dates = _date_values(reader.tree, feature.element, feature.value)
        reader.cmic_listing_date = _date_or_none(dates[0]) if dates else None
        reader.listing_facts.append(_feature_text(reader, feature))
        return True
    if feature.type == "Issuer Name":
        if not any(n.value.casefold() == feature.value.casefold() for n in party.names):
            reader.add_name(Name(value=feature.value, kind=NameKind.ALIAS))
        return True
    return _read_identifier_feature(reader, feature) or _read_note_feature(reader, feature)


def _read_identifier_feature(reader: _EntityReader, feature: _Feature) -> bool:
    if feature.type.startswith("Digital Currency Address"):
        id_type, country = feature.type, None
    elif feature.type in _IDENTIFIER_FEATURES:
        id_type, country = _IDENTIFIER_FEATURES[feature.type]
    else:
        return False
    value = re.sub(r"^IMO\s*", "", feature.value) if id_type == "IMO" else feature.value
    reader.add_identifier(Identifier(type=id_type, value=value, country=country))
    if feature.comments:
        reader.add_note(f"{feature.type} {feature.value} {feature.comments}")
    return True


def _read_note_feature(reader: _EntityReader, feature: _Feature) -> bool:
    if feature.type not in _NOTE_FEATURES and not feature.type.startswith("Vessel Flag"):
        return False
    value = feature.value
    if _is_date_feature(reader, feature):
        dates = _date_values(reader.tree, feature.element, feature.value)
        value = " to ".join(dates) if dates else value
    label = feature.type.rstrip(":").strip()
    reader.add_note(f"{label}: {value}")
    if feature.type.startswith("Vessel Flag"):
        reader.add_country(_feature_country(reader, feature))
    return True


def _feature_country(reader: _EntityReader, feature: _Feature) -> str | None:
    value_ref = reader.tree.text(feature.element, "valueRefId")
    reference = reader.refs.values.get(value_ref or "")
    if reference is not None and reference.iso_code:
        return reference.iso_code.upper()
    code = to_iso2(feature.value)
    if code is None:
        reader.party.issues.append(
            DataIssue(field="countries", message="unknown country name", value=feature.value)
        )
    return code


def _add_nationality(reader: _EntityReader, feature: _Feature) -> None:
    code = _feature_country(reader, feature)
    if code is not None and code not in reader.party.nationalities:
        reader.party.nationalities.append(code)


def _read_documents(reader: _EntityReader) -> None:
    tree, refs = reader.tree, reader.refs
    for document in tree.path(reader.element, "identityDocuments", "identityDocument"):
        doc_type = refs.resolve(tree.child(document, "type"))
        number = tree.text(document, "documentNumber")
        if not doc_type or not number:
            reader.party.issues.append(
                DataIssue(
                    field="identifiers",
                    message="identity document without a type or number",
                    value=number or doc_type,
                )
            )
            continue
        _, country = refs.country(tree.child(document, "issuingCountry"))
        identifier = Identifier(
            type=_DOCUMENT_TYPES.get(doc_type, doc_type), value=number, country=country
        )
        reader.add_identifier(identifier)
        if tree.text(document, "isValid") == "false":
            reader.party.issues.append(
                DataIssue(
                    field="identifiers",
                    message=f"OFAC marks this {doc_type} as no longer valid",
                    value=number,
                )
            )


def _read_relations(reader: _EntityReader) -> None:
    tree, refs = reader.tree, reader.refs
    for relationship in tree.path(reader.element, "relationships", "relationship"):
        related = tree.child(relationship, "relatedEntity")
        target_name = _clean(related.text) if related is not None else None
        if related is None or target_name is None:
            continue
        relation_type = refs.resolve(tree.child(relationship, "type")) or ""
        kind = _RELATION_KINDS.get(relation_type.lower(), RelationKind.AFFILIATE_OF)
        if kind is RelationKind.AFFILIATE_OF and relation_type:
            reader.add_note(f"{relation_type}: {target_name}")
        target = related.get("entityId")
        relation = Relation(
            kind=kind, target_name=target_name, target_id=party_id_for(target) if target else None
        )
        if relation not in reader.party.relations:
            reader.party.relations.append(relation)


def party_id_for(entity_id: str) -> str:
    """The stable id of an entity: OFAC's entity number (the CSV's ``ent_num``)."""
    return f"ofac-{entity_id}"


def _schema(reader: _EntityReader, entity_type: str | None) -> Schema:
    """Person, Vessel, Aircraft from the entity type; an entity by its target type or name."""
    schema = _SCHEMA_BY_ENTITY_TYPE.get((entity_type or "").lower())
    if schema is not None:
        return schema
    target_types = {f.value.lower() for f in _features(reader) if f.type == "Target Type"}
    if target_types & _COMPANY_TARGET_TYPES:
        return Schema.COMPANY
    if target_types & _ORGANIZATION_TARGET_TYPES:
        return Schema.ORGANIZATION
    if any(f.type in {"ISIN", "Equity Ticker"} for f in _features(reader)):
        return Schema.COMPANY
    if any(looks_like_company_name(name.value) for name in reader.party.names):
        return Schema.COMPANY
    return Schema.LEGAL_ENTITY


def _read_listings(reader: _EntityReader, remarks: str | None, source_url: str) -> None:
    tree, refs, party = reader.tree, reader.refs, reader.party
    programs = tuple(
        dict.fromkeys(
            program
            for element in tree.path(reader.element, "sanctionsPrograms", "sanctionsProgram")
            if (program := refs.resolve(element))
        )
    )
    authorities = [
        authority
        for element in tree.path(reader.element, "legalAuthorities", "legalAuthority")
        if (authority := refs.resolve(element))
    ]
    sanctions_types = [
        f"Sanctions type: {value}"
        for element in tree.path(reader.element, "sanctionsTypes", "sanctionsType")
        if (value := refs.resolve(element))
    ]
    remark_parts = [part for part in (remarks, *sanctions_types, *reader.listing_facts) if part]
    for element in tree.path(reader.element, "sanctionsLists", "sanctionsList"):
        list_name = refs.resolve(element)
        if not list_name or list_name in UMBRELLA_LISTS:
            continue
        code = LIST_CODES.get(list_name)
        if code is None:
            code = list_name
            party.issues.append(
                DataIssue(
                    field="listings",
                    message="unknown OFAC list name; its name is used as the list code",
                    value=list_name,
                )
            )
        start = _date_or_none(element.get("datePublished"))
        if code == "CMIC" and reader.cmic_listing_date is not None:
            start = reader.cmic_listing_date
        party.listings.append(
            Listing(
                list_code=code,
                authority=AUTHORITY,
                list_name=list_name,
                programs=programs,
                start_date=start,
                reason="; ".join(authorities) or None,
                remarks="; ".join(remark_parts) or None,
                source_url=source_url,
            )
        )


def _read_entity(
    tree: _Tree,
    refs: References,
    element: ElementTree.Element,
    position: str,
    path: Path,
    source_url: str,
) -> Party:
    entity_id = (element.get("id") or "").strip()
    if not entity_id:
        raise InputError(
            "an entity has no id attribute",
            path=path,
            position=position,
            hint="every ENHANCED_XML entity carries OFAC's entity number as its id",
        )
    general = tree.child(element, "generalInfo")
    reader = _EntityReader(
        tree=tree,
        refs=refs,
        element=element,
        party=Party(
            id=party_id_for(entity_id),
            schema=Schema.LEGAL_ENTITY,
            names=[],
            source_record_id=entity_id,
        ),
    )
    _read_names(reader)
    if not reader.party.names:
        reader.party.issues.append(DataIssue(field="names", message="the entity has no name"))
    reader.party.schema = _schema(reader, refs.resolve(tree.child(general, "entityType")))
    _read_addresses(reader)
    _read_features(reader)
    _read_documents(reader)
    _read_relations(reader)
    _read_listings(reader, tree.text(general, "remarks"), source_url)
    if reader.notes:
        reader.party.notes = "; ".join(reader.notes)
    return reader.party


# --- the document ---------------------------------------------------------------------------


def _namespace_of(root: ElementTree.Element) -> str:
    return root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""


def _source_for(tree: _Tree, root: ElementTree.Element, path: Path) -> str:
    """SDN_ENHANCED when the file was filtered to the SDN List (or is named so)."""
    filters = {
        _clean(element.text)
        for element in tree.path(
            root, "publicationInfo", "filters", "sanctionsLists", "sanctionsList"
        )
    }
    if "SDN List" in filters and "Consolidated List" not in filters:
        return SOURCE_SDN
    if not filters and "sdn_enhanced" in path.name.lower():
        return SOURCE_SDN
    return SOURCE_CONSOLIDATED


def _published_at(tree: _Tree, root: ElementTree.Element) -> dt.datetime | None:
    info = tree.child(root, "publicationInfo")
    text = tree.text(info, "dataAsOf")
    if not text:
        return None
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def parse(path: Path) -> ParsedList:
    """Read a CONS_ENHANCED or SDN_ENHANCED file (.xml, or the .zip that OFAC serves)."""
    root = parse_xml(read_bytes(path), path)
    namespace = _namespace_of(root)
    if local_name(root.tag) != "sanctionsData" or namespace != NAMESPACE:
        raise InputError(
            f"the root element is <{local_name(root.tag)}> in namespace {namespace or 'none'!r}, "
            "not OFAC's ENHANCED_XML <sanctionsData>",
            path=path,
            position="line 1",
            hint="pass CONS_ENHANCED.ZIP/.XML or SDN_ENHANCED.ZIP/.XML, or choose --format",
        )
    tree = _Tree(namespace)
    entities = tree.child(root, "entities")
    if entities is None:
        raise InputError(
            "the document has no <entities> section",
            path=path,
            position="sanctionsData",
            hint="the file looks truncated or is not a full ENHANCED_XML export",
        )
    refs = _read_references(tree, root)
    source = _source_for(tree, root, path)
    source_url = SDN_OFFICIAL_URL if source == SOURCE_SDN else OFFICIAL_URL
    allocator = IdAllocator()
    parties: list[Party] = []
    for index, element in enumerate(tree.children(entities, "entity"), start=1):
        position = f"sanctionsData/entities/entity[{index}]"
        party = _read_entity(tree, refs, element, position, path, source_url)
        unique = allocator.allocate(party.id)
        if unique != party.id:
            party.issues.append(
                DataIssue(
                    field="id",
                    message=f"entity id {party.source_record_id} appears twice; given id {unique}",
                    value=party.source_record_id,
                )
            )
            party.id = unique
        parties.append(party)
    return ParsedList(
        source=source,
        format=FORMAT_NAME,
        parties=parties,
        published_at=_published_at(tree, root),
    )


register(
    ListFormat(
        name=FORMAT_NAME,
        source=SOURCE_CONSOLIDATED,
        title="OFAC Sanctions List Service ENHANCED_XML (CONS_ENHANCED, SDN_ENHANCED)",
        sniff=sniff,
        parse=parse,
        official_url=OFFICIAL_URL,
    )
)
