"""A user's own restricted-party list in CSV, read through a column mapping.

Compliance teams keep internal lists (former customers refused for cause, parties named by
a regulator in a letter, a bank's own watch list) as spreadsheets with columns of their own
choosing. :class:`ColumnMapping` says which column holds what; only the name is required.

The registered ``generic_csv`` format never claims a file by sniffing (any CSV would match);
it is chosen with ``--format generic_csv`` and then guesses the mapping from common headers
(``name``, ``entity_name``, ``country``, ``address``, ``type``...).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

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
from entitywatch.sources.reading import iter_csv_rows, read_text
from entitywatch.sources.registry import ListFormat, register
from entitywatch.sources.scripts import name_with_script

FORMAT_NAME = "generic_csv"
DEFAULT_SOURCE = "custom"
DEFAULT_LIST_CODE = "CUSTOM"
DEFAULT_AUTHORITY = "Own list"
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column of a user's CSV holds what. Only ``name`` is required.

    ``aliases`` may name several columns; each cell may hold several aliases separated by
    ``alias_separator``. ``identifiers`` maps an identifier type ("LEI", "Unified Social
    Credit Code") to the column that holds it.
    """

    name: str
    aliases: tuple[str, ...] = ()
    alias_separator: str = ";"
    country: str | None = None
    address: str | None = None
    schema: str | None = None
    id: str | None = None
    program: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    remarks: str | None = None
    source_url: str | None = None
    identifiers: Mapping[str, str] = field(default_factory=dict)

    def columns(self) -> list[str]:
        """Every column the mapping refers to, in a stable order."""
        single = [
            self.name,
            self.country,
            self.address,
            self.schema,
            self.id,
            self.program,
            self.start_date,
            self.end_date,
            self.remarks,
            self.source_url,
        ]
        return [c for c in single if c] + list(self.aliases) + list(self.identifiers.values())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: Path | None = None) -> ColumnMapping:
        """A mapping from the keys of a TOML table or JSON object (the field names)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(
                f"unknown mapping key(s) {', '.join(unknown)}",
                path=path,
                hint=f"known keys: {', '.join(sorted(known))}",
            )
        if not isinstance(data.get("name"), str) or not data["name"].strip():
            raise InputError(
                'the mapping needs "name": the column that holds the party name', path=path
            )
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "aliases":
                aliases = [value] if isinstance(value, str) else value
                if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                    raise InputError('"aliases" must be a column name or a list of them', path=path)
                values[key] = tuple(aliases)
            elif key == "identifiers":
                if not isinstance(value, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items()
                ):
                    raise InputError(
                        '"identifiers" must map identifier types to column names', path=path
                    )
                values[key] = dict(value)
            elif not isinstance(value, str):
                raise InputError(f'"{key}" must be a column name (a string)', path=path)
            else:
                values[key] = value
        return cls(**values)

    @classmethod
    def from_file(cls, path: Path) -> ColumnMapping:
        """A mapping from a ``.toml`` file (a ``[columns]`` table or top-level keys) or a
        ``.json`` object."""
        text = read_text(path)
        try:
            is_json = path.suffix.lower() == ".json"
            data: Any = json.loads(text) if is_json else tomllib.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON ({exc.msg})", path=path, position=f"{exc.lineno}:{exc.colno}"
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML ({exc})", path=path) from exc
        if not isinstance(data, dict):
            raise InputError("the mapping must be an object of column names", path=path)
        if isinstance(data.get("columns"), dict):
            data = data["columns"]
        return cls.from_dict(data, path=path)


# --- delimiter and header ---------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns (comma on a tie).

    The header is parsed as CSV with each candidate, so a quoted "Name, Inc." column name
    does not count as a separator.
    """
    first_line = text.split("\n", 1)[0].rstrip("\r")
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        try:
            rows = list(iter_csv_rows(first_line, Path("<header>"), delimiter=delimiter))
        except InputError:
            continue
        count = len(rows[0][1]) if rows else 0
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _header_index(header: list[str], mapping: ColumnMapping, path: Path) -> dict[str, int]:
    index = {name.strip(): i for i, name in reversed(list(enumerate(header)))}
    for column in mapping.columns():
        if column not in index:
            raise InputError(
                f"column {column!r} is not in the file",
                path=path,
                position="line 1",
                hint=f"columns found: {', '.join(name.strip() for name in header)}",
            )
    return index


# --- values -----------------------------------------------------------------------------

_SCHEMA_WORDS: dict[str, Schema] = {
    "person": Schema.PERSON,
    "individual": Schema.PERSON,
    "natural person": Schema.PERSON,
    "company": Schema.COMPANY,
    "entity": Schema.COMPANY,
    "business": Schema.COMPANY,
    "corporation": Schema.COMPANY,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "government": Schema.ORGANIZATION,
    "legalentity": Schema.LEGAL_ENTITY,
    "legal entity": Schema.LEGAL_ENTITY,
    "vessel": Schema.VESSEL,
    "ship": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_FIRST_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_WORDY = re.compile(
    r"^(?:(\d{1,2})\s+([A-Za-z]{3,})\.?,?|([A-Za-z]{3,})\.?\s+(\d{1,2}),?)\s+(\d{4})$"
)


def parse_user_date(text: str, column: str, issues: list[DataIssue]) -> dt.date | None:
    """A date as spreadsheets write it: ISO, ``DD.MM.YYYY``, ``12 March 2021``,
    ``March 12, 2021``, or ``MM/DD/YYYY`` / ``DD/MM/YYYY`` where the numbers decide it.

    An ambiguous slashed date (``03/04/2021``) is not guessed: it is flagged and left out.
    """
    value = text.strip()
    if not value:
        return None
    try:
        if match := _ISO.match(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST_DOTS.match(value):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _SLASHED.match(value):
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second:
                return dt.date(int(match[3]), second, first)
            if second > 12 >= first:
                return dt.date(int(match[3]), first, second)
            if first != second:
                issues.append(
                    DataIssue(
                        field=column,
                        message="ambiguous date (day/month or month/day); left out",
                        value=value,
                    )
                )
                return None
            return dt.date(int(match[3]), first, second)
        if match := _WORDY.match(value):
            day, month = (match[1], match[2]) if match[1] else (match[4], match[3])
            number = _MONTHS.get(month[:3].casefold())
            if number is not None:
                return dt.date(int(match[5]), number, int(day))
    except ValueError:
        pass
    issues.append(DataIssue(field=column, message="not a date in a known format", value=value))
    return None


def _schema_of(value: str, issues: list[DataIssue]) -> Schema:
    key = " ".join(value.casefold().replace("_", " ").split())
    if not key:
        return Schema.LEGAL_ENTITY
    schema = _SCHEMA_WORDS.get(key) or _SCHEMA_WORDS.get(key.replace(" ", ""))
    if schema is None:
        issues.append(
            DataIssue(
                field="schema", message="unknown party type; read as LegalEntity", value=value
            )
        )
        return Schema.LEGAL_ENTITY
    return schema


def _split(value: str, separator: str) -> list[str]:
    return [part.strip() for part in value.split(separator) if part.strip()]


# --- parsing ----------------------------------------------------------------------------


@dataclass(slots=True)
class _RowReader:
    """Reads cells of one row by mapped column, tolerating short rows."""

    fields: list[str]
    index: dict[str, int]

    def cell(self, column: str | None) -> str:
        if not column:
            return ""
        position = self.index[column]
        return self.fields[position].strip() if position < len(self.fields) else ""


def parse_generic_csv(
    path: Path,
    mapping: ColumnMapping,
    *,
    source: str,
    list_code: str,
    delimiter: str | None = None,
    authority: str = DEFAULT_AUTHORITY,
) -> ParsedList:
    """Parties from a user's CSV: one party and one listing on ``list_code`` per row."""
    text = read_text(path)
    return _parse_text(
        text,
        path,
        mapping,
        source=source,
        list_code=list_code,
        delimiter=delimiter or sniff_delimiter(text),
        authority=authority,
    )


def _parse_text(
    text: str,
    path: Path,
    mapping: ColumnMapping,
    *,
    source: str,
    list_code: str,
    delimiter: str,
    authority: str,
) -> ParsedList:
    rows = iter_csv_rows(text, path, delimiter=delimiter)
    index: dict[str, int] | None = None
    header_width = 0
    allocator = IdAllocator()
    parties: list[Party] = []
    file_issues: list[DataIssue] = []
    for line, fields_ in rows:
        if index is None:
            index = _header_index(fields_, mapping, path)
            header_width = len(fields_)
            continue
        if not any(value.strip() for value in fields_):
            continue
        row = _RowReader(fields_, index)
        if not row.cell(mapping.name):
            file_issues.append(
                DataIssue(field=mapping.name, message=f"line {line} has no name; row skipped")
            )
            continue
        party = _party_from_row(row, mapping, source, list_code, authority, allocator)
        if len(fields_) != header_width:
            party.issues.append(
                DataIssue(
                    field="row",
                    message=(
                        f"line {line} has {len(fields_)} fields, the header has {header_width}"
                    ),
                )
            )
        parties.append(party)
    if index is None:
        raise InputError("the file is empty", path=path, position="line 1")
    return ParsedList(source=source, format=FORMAT_NAME, parties=parties, issues=file_issues)


def _party_from_row(
    row: _RowReader,
    mapping: ColumnMapping,
    source: str,
    list_code: str,
    authority: str,
    allocator: IdAllocator,
) -> Party:
    issues: list[DataIssue] = []
    name = row.cell(mapping.name)
    record_id = row.cell(mapping.id) or None
    countries = _countries(row.cell(mapping.country), issues)
    base_id = (
        make_party_id(source, "id", record_id)
        if record_id
        else make_party_id(source, name, countries[0] if countries else None)
    )
    party_id = allocator.allocate(base_id)
    if record_id and party_id != base_id:
        issues.append(
            DataIssue(
                field=mapping.id or "id",
                message=f"id repeated in the file; this row became {party_id}",
                value=record_id,
                severity=IssueSeverity.WARNING,
            )
        )
    names = [Name(value=name)]
    for column in mapping.aliases:
        for alias in _split(row.cell(column), mapping.alias_separator):
            candidate = name_with_script(alias, NameKind.ALIAS)
            if candidate not in names and alias != name:
                names.append(candidate)
    full_address = row.cell(mapping.address)
    return Party(
        id=party_id,
        schema=_schema_of(row.cell(mapping.schema), issues),
        names=names,
        addresses=(
            [Address(full=full_address, country=countries[0] if countries else None)]
            if full_address
            else []
        ),
        countries=countries,
        identifiers=[
            Identifier(type=kind, value=row.cell(column))
            for kind, column in mapping.identifiers.items()
            if row.cell(column)
        ],
        listings=[
            Listing(
                list_code=list_code,
                authority=authority,
                programs=tuple(_split(row.cell(mapping.program), ";")),
                start_date=parse_user_date(row.cell(mapping.start_date), "start_date", issues),
                end_date=parse_user_date(row.cell(mapping.end_date), "end_date", issues),
                remarks=row.cell(mapping.remarks) or None,
                source_url=row.cell(mapping.source_url) or None,
            )
        ],
        issues=issues,
        source_record_id=record_id,
    )


def _countries(value: str, issues: list[DataIssue]) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[;|/]", value):
        if not part.strip():
            continue
        code = to_iso2(part)
        if code is None:
            issues.append(DataIssue(field="country", message="unknown country", value=part.strip()))
        elif code not in out:
            out.append(code)
    return out


# --- the registered format: a guessed mapping -------------------------------------------

#: Header spellings (folded: lower case, no spaces, ``_`` or ``-``) for each mapping field.
HEADER_GUESSES: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "entityname",
        "partyname",
        "fullname",
        "companyname",
        "organisationname",
        "organizationname",
        "legalname",
        "company",
        "entity",
        "party",
    ),
    "aliases": ("alias", "aliases", "aka", "altnames", "altname", "alternatenames", "othernames"),
    "country": ("country", "countrycode", "countries", "iso2", "nationality"),
    "address": ("address", "fulladdress", "addresses", "streetaddress"),
    "schema": ("type", "schema", "entitytype", "partytype", "kind"),
    "id": ("id", "recordid", "entityid", "partyid", "reference", "ref", "uid"),
    "program": ("program", "programs", "programme", "programmes", "list", "listname"),
    "start_date": ("startdate", "listedon", "listingdate", "datelisted", "dateadded", "since"),
    "end_date": ("enddate", "delistedon", "removedon", "until"),
    "remarks": ("remarks", "notes", "comment", "comments", "reason"),
    "source_url": ("sourceurl", "url", "link"),
}


def _fold_header(text: str) -> str:
    return re.sub(r"[\s_\-.]+", "", text.strip().casefold())


def guess_mapping(header: list[str], path: Path | None = None) -> ColumnMapping:
    """A mapping from common header names; InputError when no name column is found."""
    by_fold: dict[str, str] = {}
    for column in header:
        by_fold.setdefault(_fold_header(column), column.strip())
    found: dict[str, Any] = {}
    for key, spellings in HEADER_GUESSES.items():
        for spelling in spellings:
            if spelling in by_fold:
                found[key] = by_fold[spelling]
                break
    if "name" not in found:
        raise InputError(
            "no name column found",
            path=path,
            position="line 1",
            hint=(
                f"columns found: {', '.join(c.strip() for c in header)}; name one column "
                "'name', or give a column mapping file"
            ),
        )
    if "aliases" in found:
        found["aliases"] = (found["aliases"],)
    return ColumnMapping(**found)


def _header_of(text: str, path: Path, delimiter: str) -> list[str]:
    for _, fields_ in iter_csv_rows(text.split("\n", 1)[0], path, delimiter=delimiter):
        return fields_
    return []


def guess_mapping_for(path: Path) -> ColumnMapping:
    """The mapping guessed from the header of the CSV at ``path``."""
    text = read_text(path)
    return guess_mapping(_header_of(text, path, sniff_delimiter(text)), path)


def parse_generic_csv_guessing(path: Path) -> ParsedList:
    """The ``generic_csv`` format: a guessed mapping, source ``custom``, list ``CUSTOM``."""
    text = read_text(path)
    delimiter = sniff_delimiter(text)
    return _parse_text(
        text,
        path,
        guess_mapping(_header_of(text, path, delimiter), path),
        source=DEFAULT_SOURCE,
        list_code=DEFAULT_LIST_CODE,
        delimiter=delimiter,
        authority=DEFAULT_AUTHORITY,
    )


def _never(path: Path, head: bytes) -> bool:
    """Any CSV would match a generic reader, so it is only ever chosen by name."""
    return False


GENERIC_CSV_FORMAT = register(
    ListFormat(
        name=FORMAT_NAME,
        source=DEFAULT_SOURCE,
        title="Own list in CSV (columns guessed from the header)",
        sniff=_never,
        parse=parse_generic_csv_guessing,
    )
)
