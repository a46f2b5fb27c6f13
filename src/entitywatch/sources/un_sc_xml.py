"""The UN Security Council Consolidated List (official XML) -> parties.

The Security Council publishes every person and entity under its sanctions regimes
(Al-Qaida/ISIL, Taliban, DPRK, Iran, Libya, ...) as one XML file, root
``<CONSOLIDATED_LIST dateGenerated=...>`` with ``<INDIVIDUALS>`` and ``<ENTITIES>``
(schema https://www.un.org/sc/resources/sc-sanctions.xsd). Each record carries a durable
``DATAID``, so a party's id is ``un-<DATAID>`` and stays stable across files.

The file is hand-maintained and shows it: alias values that hold a name in two scripts
(``Jin Tiesan (金铁三)``), dates of birth written as prose in a ``NOTE``, country names
in UN terminology (``Iran (Islamic Republic of)``) and placeholders such as ``na``. The
parser reads the structured fields, splits what is unambiguous, keeps prose it cannot
read in the party's notes, and records a DataIssue for values that look wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar
from xml.etree.ElementTree import Element

from entitywatch.errors import InputError
from entitywatch.model import (
    Address,
    DataIssue,
    Identifier,
    IssueSeverity,
    Listing,
    Name,
    NameKind,
    ParsedList,
    Party,
    Schema,
)
from entitywatch.sources.countries import to_iso2
from entitywatch.sources.identity import IdAllocator, make_party_id
from entitywatch.sources.reading import local_name, parse_xml, read_bytes
from entitywatch.sources.registry import ListFormat, register
from entitywatch.sources.scripts import detect_script, name_with_script

_T = TypeVar("_T")

FORMAT_NAME = "un_sc_xml"
SOURCE_KEY = "un_sc_sanctions"
OFFICIAL_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
LIST_CODE = "UN"
AUTHORITY = "United Nations Security Council"
LIST_NAME = "UN Security Council Consolidated List"
REFERENCE_NUMBER_TYPE = "UN Reference Number"
ROOT_TAG = "CONSOLIDATED_LIST"

_PERSON_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")

# Alias QUALITY values: individuals use Good/Low, entities use a.k.a./f.k.a.
# A blank quality on a non-blank alias is read as a plain alias.
_ALIAS_KINDS: dict[str, NameKind] = {
    "good": NameKind.ALIAS,
    "low": NameKind.WEAK_ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "f.k.a.": NameKind.PREVIOUS,
    "": NameKind.ALIAS,
}

# UN country names that the shared resolver does not know (UN terminology bulletin forms).
_UN_COUNTRY_NAMES: dict[str, str] = {
    "iran (islamic republic of)": "IR",
    "china, hong kong special administrative region": "HK",
    "china, macao special administrative region": "MO",
    "bolivia (plurinational state of)": "BO",
    "venezuela (bolivarian republic of)": "VE",
    "micronesia (federated states of)": "FM",
    "republic of moldova": "MD",
    "state of palestine": "PS",
    "netherlands (kingdom of the)": "NL",
    "former soviet union": "SU",
}
# Document types written in French or Spanish in some records.
_DOCUMENT_TYPES: dict[str, str] = {
    "numéro de passeport": "Passport",
    "número de pasaporte": "Passport",
}
# Placeholders that mean "not known"; pycountry would read "na" as Namibia.
_MISSING_VALUES = frozenset({"na", "n/a", "n.a.", "none", "unknown", "-"})

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A year range wider than this is not a birth-date estimate but a data error.
_MAX_BIRTH_YEAR_SPAN = 20

# "Outer name (inner; names)" where inner is the same name in another script.
_NAME_WITH_SCRIPT_VARIANT = re.compile(r"(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)")
_ORIGINAL_SCRIPT_PREFIX = re.compile(r"^(?:in\s+)?(?:\w+\s+)?(?:original\s+)?script\s*:\s*", re.I)
_WHITESPACE = re.compile(r"\s+")
_TYPOGRAPHIC_QUOTES = "“”\"'"


# --- format registration ---------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    """An XML document whose root element is ``CONSOLIDATED_LIST``."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return False
    return re.search(rb"<(?:[\w.-]+:)?CONSOLIDATED_LIST[\s>/]", text[:4096]) is not None


def parse(path: Path) -> ParsedList:
    """Read the consolidated list XML; a damaged file raises InputError with line:col."""
    root = parse_xml(read_bytes(path), path)
    if local_name(root.tag) != ROOT_TAG:
        raise InputError(
            f"root element is <{local_name(root.tag)}>, expected <{ROOT_TAG}>",
            path=path,
            position=local_name(root.tag),
            hint="this is not the UN Security Council consolidated list XML",
        )
    issues: list[DataIssue] = []
    published_at = _published_at(root.get("dateGenerated"), issues)
    allocator = IdAllocator()
    parties = [
        _party(element, Schema.PERSON, allocator)
        for element in _records(root, "INDIVIDUALS", "INDIVIDUAL")
    ]
    parties += [
        _party(element, Schema.ORGANIZATION, allocator)
        for element in _records(root, "ENTITIES", "ENTITY")
    ]
    return ParsedList(
        source=SOURCE_KEY,
        format=FORMAT_NAME,
        parties=parties,
        issues=issues,
        published_at=published_at,
    )


register(
    ListFormat(
        name=FORMAT_NAME,
        source=SOURCE_KEY,
        title="UN Security Council Consolidated List (XML)",
        sniff=sniff,
        parse=parse,
        official_url=OFFICIAL_URL,
    )
)


# --- one record ------------------------------------------------------------------------


def _party(element: Element, schema: Schema, allocator: IdAllocator) -> Party:
    """One INDIVIDUAL or ENTITY; person-only fields are simply absent on entities."""
    issues: list[DataIssue] = []
    notes: list[str] = []
    prefix = "INDIVIDUAL" if schema is Schema.PERSON else "ENTITY"
    data_id = _text(element, "DATAID")
    names = _names(element, schema, prefix, issues, notes)
    party_id = allocator.allocate(_party_id(data_id, element, names, issues))
    addresses = _addresses(element, f"{prefix}_ADDRESS", issues)
    birth_dates = _birth_dates(element, notes)
    birth_dates += _alias_birth_dates(element, birth_dates)
    notes += _place_of_birth_notes(element)
    notes += _labelled_values(element, "DESIGNATION", "Designation")
    if gender := _text(element, "GENDER"):
        notes.append(f"Gender: {gender}")
    return Party(
        id=party_id,
        schema=schema,
        names=names,
        addresses=addresses,
        countries=_unique(a.country for a in addresses if a.country),
        identifiers=_reference_number(element) + _documents(element, issues, notes),
        birth_dates=birth_dates,
        nationalities=_nationalities(element, issues),
        listings=[_listing(element, issues)],
        issues=issues,
        title="; ".join(_unique(_values(element, "TITLE"))) or None,
        notes="\n".join(notes) or None,
        source_record_id=data_id,
    )


def _party_id(
    data_id: str | None, element: Element, names: list[Name], issues: list[DataIssue]
) -> str:
    """``un-<DATAID>``; without a DATAID, a hash of reference number and name (flagged)."""
    if data_id:
        return f"un-{data_id}"
    issues.append(DataIssue(field="id", message="record has no DATAID; id derived from its name"))
    caption = names[0].value if names else None
    return make_party_id("un", _text(element, "REFERENCE_NUMBER"), caption)


def _listing(element: Element, issues: list[DataIssue]) -> Listing:
    remarks = [_text(element, "COMMENTS1")]
    updates = _values(element, "LAST_DAY_UPDATED")
    if updates:
        remarks.append("Last updated: " + ", ".join(updates))
    program = _text(element, "UN_LIST_TYPE")
    return Listing(
        list_code=LIST_CODE,
        authority=AUTHORITY,
        list_name=LIST_NAME,
        programs=(program,) if program else (),
        start_date=_listed_on(_text(element, "LISTED_ON"), issues),
        remarks="\n".join(r for r in remarks if r) or None,
        source_url=OFFICIAL_URL,
    )


def _reference_number(element: Element) -> list[Identifier]:
    """The committee's reference (``CDi.001``, ``QDe.004``): the number cited in resolutions."""
    reference = _text(element, "REFERENCE_NUMBER")
    return [Identifier(type=REFERENCE_NUMBER_TYPE, value=reference)] if reference else []


# --- names -----------------------------------------------------------------------------


def _names(
    element: Element,
    schema: Schema,
    prefix: str,
    issues: list[DataIssue],
    notes: list[str],
) -> list[Name]:
    """Primary name, original-script name, then aliases; duplicates dropped, order kept."""
    found: list[Name] = []
    parts = _PERSON_NAME_PARTS if schema is Schema.PERSON else ("FIRST_NAME",)
    primary = " ".join(p for p in (_text(element, tag) for tag in parts) if p)
    if primary:
        found.append(_name(primary, NameKind.PRIMARY))
    else:
        issues.append(DataIssue(field="name", message="record has no name"))
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        found.append(_name(original, NameKind.ALIAS))
    for alias in _children(element, f"{prefix}_ALIAS"):
        found += _alias_names(alias, issues, notes)
    return _unique_names(found)


def _alias_names(alias: Element, issues: list[DataIssue], notes: list[str]) -> list[Name]:
    value = _text(alias, "ALIAS_NAME")
    if not value:
        return []
    quality = (_text(alias, "QUALITY") or "").casefold()
    kind = _ALIAS_KINDS.get(quality)
    if kind is None:
        issues.append(
            DataIssue(field="alias", message="unknown alias QUALITY; read as alias", value=quality)
        )
        kind = NameKind.ALIAS
    names = [_name(part, kind) for part in split_alias(value)]
    note = _text(alias, "NOTE")
    if note:
        script_name = _ORIGINAL_SCRIPT_PREFIX.sub("", note)
        if script_name != note and detect_script(script_name) is not None:
            names.append(_name(script_name, kind))
        else:
            notes.append(f"Alias {value}: {note}")
    return names


def split_alias(value: str) -> list[str]:
    """Split ``Name (名字)`` and ``اسم (Name; Other Name)`` into their names.

    Only a single parenthesised group whose script differs from the text before it is
    split: ``Lord's Resistance Movement (LRM)`` stays whole, since an acronym in the same
    script is part of how the name is written.
    """
    text = _clean_name(value)
    match = _NAME_WITH_SCRIPT_VARIANT.fullmatch(text)
    if match is None:
        return [text] if text else []
    outer = match.group("outer").strip()
    inner = _ORIGINAL_SCRIPT_PREFIX.sub("", match.group("inner").strip())
    if detect_script(outer) == detect_script(inner):
        return [text]
    return [outer] + [part.strip() for part in inner.split(";") if part.strip()]


def _clean_name(value: str) -> str:
    """Collapse whitespace; drop a trailing comma and quotes around the whole name."""
    text = _WHITESPACE.sub(" ", value).strip().rstrip(",").strip()
    if len(text) > 2 and text[0] in _TYPOGRAPHIC_QUOTES and text[-1] in _TYPOGRAPHIC_QUOTES:
        text = text[1:-1].strip()
    return text


def _name(value: str, kind: NameKind) -> Name:
    return name_with_script(_clean_name(value), kind)


def _unique_names(names: Iterable[Name]) -> list[Name]:
    """First occurrence wins, so an alias equal to the primary name is not repeated."""
    seen: set[str] = set()
    out: list[Name] = []
    for name in names:
        key = name.value.casefold()
        if name.value and key not in seen:
            seen.add(key)
            out.append(name)
    return out


# --- places, dates, documents -----------------------------------------------------------


def _addresses(element: Element, tag: str, issues: list[DataIssue]) -> list[Address]:
    """Structured addresses; an address with no field filled (``<COUNTRY/>``) is skipped."""
    out: list[Address] = []
    for address in _children(element, tag):
        street, city, region, postal = (_text(address, part) for part in _ADDRESS_PARTS)
        country_name = _text(address, "COUNTRY")
        parts = [p for p in (street, city, region, postal, country_name) if p]
        if not parts:
            continue
        full = ", ".join(parts)
        if note := _text(address, "NOTE"):
            full += f" ({note})"
        out.append(
            Address(
                full=full,
                street=street,
                city=city,
                region=region,
                postal_code=postal,
                country=_country(country_name, "address.country", issues),
            )
        )
    return _unique(out)


def _nationalities(element: Element, issues: list[DataIssue]) -> list[str]:
    codes = (_country(value, "nationality", issues) for value in _values(element, "NATIONALITY"))
    return _unique(code for code in codes if code)


def _country(value: str | None, field: str, issues: list[DataIssue]) -> str | None:
    """ISO-2 code of a UN country name; an unknown name or a placeholder is flagged."""
    if not value:
        return None
    key = value.casefold()
    code = None if key in _MISSING_VALUES else _UN_COUNTRY_NAMES.get(key) or to_iso2(value)
    if code is None:
        issues.append(DataIssue(field=field, message="country name not recognised", value=value))
    return code


def _birth_dates(element: Element, notes: list[str]) -> list[str]:
    """ISO dates, possibly partial (``1971``, ``1961-08``); a BETWEEN range gives each year.

    Prose the parser cannot turn into a date (a Hijri date, "30-35 years old") goes to the
    notes rather than being lost.
    """
    out: list[str] = []
    for birth in _children(element, "INDIVIDUAL_DATE_OF_BIRTH"):
        date, year = _text(birth, "DATE"), _text(birth, "YEAR")
        note = _text(birth, "NOTE")
        from_year, to_year = _text(birth, "FROM_YEAR"), _text(birth, "TO_YEAR")
        from_note = _dates_from_note(note, year)
        if date and _ISO_DATE.fullmatch(date):
            out.append(date)
        elif from_note:
            out += from_note
            note = None
        elif year:
            out.append(year)
        elif from_year and to_year:
            out += _year_range(from_year, to_year)
        if note and not (from_year and note.casefold() == "approximately"):
            notes.append(f"Date of birth: {note}")
    return _unique(out)


def _dates_from_note(note: str | None, year: str | None) -> list[str]:
    """``Nov. 1973`` -> ``1973-11``; ``Between Aug. and Sep. 1977`` -> both months.

    ``year`` comes from the YEAR element when the note only names the month (``Sep.``).
    """
    if not note:
        return []
    years = _YEAR.findall(note) or ([year] if year else [])
    months = [_MONTHS[m.lower()[:3]] for m in _MONTH_WORD.findall(note)]
    if len(years) != 1 or not months or re.search(r"\d{1,2}/\d{1,2}/\d{4}", note):
        return []
    return [f"{years[0]}-{month:02d}" for month in months]


def _year_range(from_year: str, to_year: str) -> list[str]:
    if not (from_year.isdigit() and to_year.isdigit()):
        return []
    start, end = int(from_year), int(to_year)
    if not 0 <= end - start <= _MAX_BIRTH_YEAR_SPAN:
        return [from_year, to_year]
    return [str(y) for y in range(start, end + 1)]


def _alias_birth_dates(element: Element, known: list[str]) -> list[str]:
    """Dates of birth given with an alias (a false passport's date): still the person's."""
    found = (_text(a, "DATE_OF_BIRTH") for a in _children(element, "INDIVIDUAL_ALIAS"))
    return _unique(d for d in found if d and d not in known)


def _place_of_birth_notes(element: Element) -> list[str]:
    out = []
    for place in _children(element, "INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [_text(place, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        text = ", ".join(p for p in parts if p)
        if note := _text(place, "NOTE"):
            text = f"{text} ({note})" if text else note
        if text:
            out.append(f"Place of birth: {text}")
    return out


def _documents(element: Element, issues: list[DataIssue], notes: list[str]) -> list[Identifier]:
    """Passports and ID numbers; a document with no NUMBER is kept as a note."""
    out: list[Identifier] = []
    for document in _children(element, "INDIVIDUAL_DOCUMENT"):
        kind = _text(document, "TYPE_OF_DOCUMENT") or _text(document, "TYPE_OF_DOCUMENT2")
        kind = _DOCUMENT_TYPES.get(kind.casefold(), kind) if kind else None
        number = _text(document, "NUMBER")
        note = _text(document, "NOTE")
        if number:
            issuer = _text(document, "ISSUING_COUNTRY") or _text(document, "COUNTRY_OF_ISSUE")
            out.append(
                Identifier(
                    type=kind or "Identification document",
                    value=number,
                    country=_country(issuer, "identifier.country", issues),
                )
            )
        elif kind or note:
            notes.append(f"{kind or 'Document'}: {note or 'number not given'}")
    return _unique(out)


def _listed_on(value: str | None, issues: list[DataIssue]) -> dt.date | None:
    """``2012-12-31``, sometimes with a time-zone suffix (``2015-04-07-04:00``)."""
    if not value:
        return None
    match = _ISO_DATE.match(value)
    try:
        if match is None:
            raise ValueError(value)
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        issues.append(DataIssue(field="start_date", message="LISTED_ON is not a date", value=value))
        return None


def _published_at(value: str | None, issues: list[DataIssue]) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        issues.append(
            DataIssue(
                field="published_at",
                message="dateGenerated is not an ISO date-time",
                value=value,
                severity=IssueSeverity.WARNING,
            )
        )
        return None


# --- element helpers -------------------------------------------------------------------


def _records(root: Element, group: str, record: str) -> Iterator[Element]:
    for section in _children(root, group):
        yield from _children(section, record)


def _children(element: Element, tag: str) -> Iterator[Element]:
    """Direct children named ``tag``, whatever namespace the file puts them in."""
    return (child for child in element if local_name(child.tag) == tag)


def _text(element: Element, tag: str) -> str | None:
    """Whitespace-collapsed text of the first child ``tag``; None when absent or blank."""
    for child in _children(element, tag):
        text = _WHITESPACE.sub(" ", child.text or "").strip()
        return text or None
    return None


def _values(element: Element, tag: str) -> list[str]:
    """The ``<VALUE>`` texts of the children named ``tag`` (NATIONALITY, TITLE...)."""
    out = []
    for child in _children(element, tag):
        for value in _children(child, "VALUE"):
            text = _WHITESPACE.sub(" ", value.text or "").strip()
            if text:
                out.append(text)
    return out


def _labelled_values(element: Element, tag: str, label: str) -> list[str]:
    values = _values(element, tag)
    return [f"{label}: {'; '.join(values)}"] if values else []


def _unique(items: Iterable[_T]) -> list[_T]:
    """Distinct items in first-seen order."""
    return list(dict.fromkeys(items))
