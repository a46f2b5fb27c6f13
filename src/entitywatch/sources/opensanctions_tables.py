"""OpenSanctions' hand-maintained tables of China-related restriction lists.

OpenSanctions keeps small CSV tables for lists that their publishers issue only as press
releases or PDFs: China's own counter-measures (MOFCOM's Unreliable Entity List, export
control lists, MFA counter-sanctions, Taiwan Affairs Office lists) and several US lists
outside the Consolidated Screening List (DoD's section 1260H "Chinese military companies",
the FCC Covered List, BIS's Military-Intelligence End User list, NDAA procurement bans).

Each table layout is its own format, recognised by its exact header row, because the same
columns mean different things in each table (a ``Name`` with a ``*`` in the DoD table is a
flag, not part of the name; the FCC table has no name column at all).

The tables repeat a party once per announcement, so rows are merged into one party per
name with one listing per row; a row that repeats the very same announcement (the English
and the Chinese press release of one decision) is kept once and noted as a repaired issue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
    Relation,
    RelationKind,
    Schema,
)
from entitywatch.sources.countries import to_iso2
from entitywatch.sources.identity import IdAllocator, identity_key, make_party_id
from entitywatch.sources.reading import iter_csv_rows, read_text
from entitywatch.sources.registry import ListFormat, register
from entitywatch.sources.scripts import name_with_script

OPENSANCTIONS_REPO = "https://github.com/opensanctions/opensanctions/tree/main/datasets"

# --- column layouts ---------------------------------------------------------------------

CN_SANCTIONS_COLUMNS = frozenset(
    {
        "Type",
        "QID",
        "Name",
        "Alias",
        "Chinese name",
        "Country",
        "Topics",
        "Summary",
        "Chinese summary",
        "Body",
        "List",
        "Date",
        "End date",
        "Source URL",
        "Address",
    }
)
DOD_1260H_COLUMNS = frozenset(
    {
        "Name",
        "Clean Name",
        "Alias",
        "Previous Name",
        "Parent Name",
        "Note",
        "Start date",
        "End date",
        "Source Url",
    }
)
FCC_COVERED_COLUMNS = frozenset(
    {"covered_equipment_or_services", "date_of_inclusion_on_covered_list"}
)
BIS_MIEU_COLUMNS = frozenset(
    {"Type", "Name", "Alias", "Country", "Topics", "Program", "Date", "End date", "Source URL"}
)
NDAA_COLUMNS = frozenset(
    {
        "schema",
        "name",
        "aliases",
        "topics",
        "program",
        "authority",
        "reason",
        "report-date",
        "start-date",
        "end-date",
        "country",
        "notes",
        "source_url",
    }
)

# --- China's lists ----------------------------------------------------------------------

CN_SOURCE = "cn_sanctions"
CN_FALLBACK_AUTHORITY = "Government of the People's Republic of China"

#: ``List`` column value (case-folded) -> our list code.
CN_LIST_CODES: dict[str, str] = {
    "uel": "CN-UEL",
    "list of export controls": "CN-ECL",
    "export control watch list": "CN-ECWL",
    "list of targets of countermeasures": "CN-CM",
    "afsl": "CN-AFSL",
}
#: Readable list names for the codes, used where the ``List`` column says nothing better.
CN_LIST_NAMES: dict[str, str] = {
    "CN-UEL": "Unreliable Entity List (MOFCOM)",
    "CN-ECL": "Export Control Control List (MOFCOM)",
    "CN-ECWL": "Export Control Watch List (MOFCOM)",
    "CN-CM": "List of Targets of Countermeasures",
    "CN-AFSL": "Countermeasures under the Anti-Foreign Sanctions Law",
    "CN-TW": "Sanctions on Taiwan-related parties (Taiwan Affairs Office)",
    "CN-OTHER": "Counter-sanctions announced without a named list",
}

# --- US lists ---------------------------------------------------------------------------

DOD_SOURCE = "us_dod_1260h"
DOD_LIST_CODE = "DOD-1260H"
DOD_AUTHORITY = "Department of Defense"
DOD_LIST_NAME = "Chinese military companies (NDAA FY2021 section 1260H)"
DOD_PROGRAM = "NDAA FY2021 section 1260H"
DOD_STAR_NOTE = "marked * in the DoD list: also designated on other US lists"

FCC_SOURCE = "us_fcc_covered"
FCC_LIST_CODE = "FCC-COVERED"
FCC_AUTHORITY = "Federal Communications Commission"
FCC_LIST_NAME = "FCC Covered List (Secure and Trusted Communications Networks Act of 2019)"
FCC_URL = "https://www.fcc.gov/supplychain/coveredlist"

MIEU_SOURCE = "us_bis_mieu"
MIEU_LIST_CODE = "MIEU"
MIEU_AUTHORITY = "Bureau of Industry and Security"
MIEU_LIST_NAME = "Military-Intelligence End User List (EAR 744.22)"

NDAA_SOURCE = "us_ndaa"
NDAA_LIST_NAMES: dict[str, str] = {
    "889": "NDAA FY2019 section 889: telecommunications and video surveillance ban",
    "1286": "NDAA FY2019 section 1286: foreign talent programs and institutions of concern",
    "154": "NDAA FY2024 section 154: battery procurement ban",
    "5949": "NDAA FY2023 section 5949: semiconductor procurement ban",
}

SCHEMAS: dict[str, Schema] = {schema.value.casefold(): schema for schema in Schema}

# --- reading rows -----------------------------------------------------------------------


@dataclass(slots=True)
class TableRow:
    """One data row of a table, keyed by column name, with the line it starts on."""

    line: int
    values: dict[str, str]
    issues: list[DataIssue] = field(default_factory=list)

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


def read_table_rows(path: Path, expected: frozenset[str]) -> list[TableRow]:
    """The rows of a table whose header must hold the ``expected`` columns.

    A row with fewer fields than the header (a cut line) is padded and flagged; one with
    more fields keeps the extra values out of every column and is flagged too.
    """
    text = read_text(path)
    rows = iter_csv_rows(text, path)
    header: list[str] | None = None
    out: list[TableRow] = []
    for line, fields in rows:
        if header is None:
            header = [name.strip() for name in fields]
            _check_header(header, expected, path)
            continue
        if not any(value.strip() for value in fields):
            continue
        row = TableRow(line=line, values=dict(zip(header, fields, strict=False)))
        if len(fields) != len(header):
            row.issues.append(
                DataIssue(
                    field="row",
                    message=(
                        f"line {line} has {len(fields)} fields, the header has {len(header)}; "
                        + (
                            "missing fields were read as empty"
                            if len(fields) < len(header)
                            else "the extra fields were left out"
                        )
                    ),
                    severity=IssueSeverity.WARNING,
                )
            )
        out.append(row)
    if header is None:
        raise InputError("the file is empty", path=path, position="line 1")
    return out


def _check_header(header: list[str], expected: frozenset[str], path: Path) -> None:
    missing = sorted(expected - set(header))
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}",
            path=path,
            position="line 1",
            hint=f"columns found: {', '.join(header)}",
        )


def header_columns(head: bytes) -> frozenset[str] | None:
    """The column names of a CSV file's first line, for sniffing (None when not CSV-like)."""
    text = head.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not first_line or "," not in first_line:
        return None
    rows = list(iter_csv_rows(first_line, Path("<head>")))
    if not rows:
        return None
    return frozenset(name.strip() for name in rows[0][1])


def header_sniffer(columns: frozenset[str]) -> Callable[[Path, bytes], bool]:
    """A sniffer that accepts a file whose header row is exactly ``columns``."""

    def sniff(path: Path, head: bytes) -> bool:
        try:
            return header_columns(head) == columns
        except InputError:
            return False

    return sniff


# --- value parsing ----------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_WORDY_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_YEAR_ONLY = re.compile(r"^\d{4}$")


def parse_table_date(text: str, column: str, issues: list[DataIssue]) -> dt.date | None:
    """A date as these tables write it: ``2021-06-03``, ``24.02.2026``, ``22.05.24``,
    ``March 12, 2021``. A bare year or an unreadable value is flagged and gives None."""
    value = text.strip()
    if not value:
        return None
    try:
        if match := _ISO_DATE.match(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DOTTED_DATE.match(value):
            year = int(match[3])
            # DD.MM.YY: the tables start in 2019, so a two-digit year is in this century.
            year = year + 2000 if year < 100 else year
            return dt.date(year, int(match[2]), int(match[1]))
        if (match := _WORDY_DATE.match(value)) and match[1].casefold() in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[1].casefold()], int(match[2]))
    except ValueError:
        pass  # a day or month out of range: reported below
    message = (
        "only a year is given; the day is unknown"
        if _YEAR_ONLY.match(value)
        else "not a date in a known format"
    )
    issues.append(DataIssue(field=column, message=message, value=value))
    return None


def split_values(text: str, separator: str = ";") -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


_LEGAL_FORM_TAIL = re.compile(
    r"^(?:ltd|limited|inc|llc|co|corp|corporation|plc|s\.?a|gmbh|ag|jsc)\.?$", re.IGNORECASE
)


def split_comma_aliases(text: str) -> list[str]:
    """Aliases separated by ``;`` or ``,``, but ``Co., Ltd.`` stays one alias: a piece that
    is only a legal form belongs to the name before it."""
    out: list[str] = []
    for chunk in split_values(text, ";"):
        pieces = [piece.strip() for piece in chunk.split(",")]
        for piece in pieces:
            if not piece:
                continue
            if out and _LEGAL_FORM_TAIL.match(piece):
                out[-1] = f"{out[-1]}, {piece}"
            else:
                out.append(piece)
    return out


def chinese_name(value: str, kind: NameKind = NameKind.ALIAS) -> Name:
    """A name from a column that the table says is Chinese."""
    return Name(value=value, kind=kind, lang="zh", script="Hani")


def resolve_countries(values: Iterable[str], column: str, issues: list[DataIssue]) -> list[str]:
    out: list[str] = []
    for value in values:
        if not value.strip():
            continue
        code = to_iso2(value)
        if code is None:
            issues.append(DataIssue(field=column, message="unknown country", value=value))
        elif code not in out:
            out.append(code)
    return out


def add_name(names: list[Name], name: Name) -> None:
    """Append ``name`` unless a name with the same value and kind is already there."""
    key = identity_key(name.value)
    if any(identity_key(n.value) == key and n.kind is name.kind for n in names):
        return
    names.append(name)


def schema_from(value: str, issues: list[DataIssue], default: Schema) -> Schema:
    if not value.strip():
        return default
    schema = SCHEMAS.get(value.strip().casefold())
    if schema is None:
        issues.append(
            DataIssue(
                field="schema",
                message=f"unknown entity type; read as {default.value}",
                value=value,
            )
        )
        return default
    return schema


def group_rows(
    rows: Iterable[TableRow], key: Callable[[TableRow], str]
) -> dict[str, list[TableRow]]:
    """Rows grouped by ``key`` in order of first appearance."""
    groups: dict[str, list[TableRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def collect_issues(rows: Iterable[TableRow]) -> list[DataIssue]:
    return [issue for row in rows for issue in row.issues]


def spelling_issues(rows: Iterable[TableRow], column: str, primary: str) -> list[DataIssue]:
    """Rows merged into one party although they spell its name differently ("Skydio Inc."
    and "Skydio, Inc."): the first spelling is kept and each variant is noted."""
    return [
        DataIssue(
            field=column,
            message=f"line {row.line} spells the name differently; merged with {primary!r}",
            value=row.get(column),
            severity=IssueSeverity.REPAIRED,
        )
        for row in rows
        if row.get(column) != primary
    ]


def or_none(text: str) -> str | None:
    return text.strip() or None


def join_sentences(parts: Iterable[str]) -> str | None:
    """Non-empty parts as one text, each ending with a full stop."""
    sentences = [
        p.strip() if p.strip().endswith((".", "!", "?")) else f"{p.strip()}."
        for p in parts
        if p.strip()
    ]
    return " ".join(sentences) or None


# --- China: sanctions.csv ---------------------------------------------------------------


def cn_list_code(list_value: str, body: str) -> str:
    """Our code for a ``List`` value; Taiwan-related lists and TAO measures are ``CN-TW``.

    The MFA's "Decision on Countermeasures against U.S. military-industry enterprises" is a
    counter-measures decision, so it joins ``CN-CM``; measures announced without a named
    list (MFA counter-sanctions of 2019-2021) are ``CN-OTHER``.
    """
    key = list_value.strip().casefold()
    if key in CN_LIST_CODES:
        return CN_LIST_CODES[key]
    if key.startswith("decision on countermeasures"):
        return "CN-CM"
    if "taiwan" in key or "taiwan" in body.casefold():
        return "CN-TW"
    return "CN-OTHER"


def parse_cn_sanctions(path: Path) -> ParsedList:
    rows = read_table_rows(path, CN_SANCTIONS_COLUMNS)
    groups = group_rows(
        rows, lambda r: f"{r.get('Type').casefold()}\x1f{identity_key(r.get('Name'))}"
    )
    allocator = IdAllocator()
    parties: list[Party] = []
    file_issues: list[DataIssue] = []
    for group in groups.values():
        if not group[0].get("Name"):
            file_issues.extend(_nameless_rows(group))
            continue
        parties.append(_cn_party(group, allocator))
    return ParsedList(
        source=CN_SOURCE, format="os_cn_sanctions_csv", parties=parties, issues=file_issues
    )


def _nameless_rows(rows: list[TableRow]) -> Iterator[DataIssue]:
    for row in rows:
        yield DataIssue(field="Name", message=f"line {row.line} has no name; row skipped")


def _cn_party(rows: list[TableRow], allocator: IdAllocator) -> Party:
    first = rows[0]
    name = first.get("Name")
    issues = collect_issues(rows) + spelling_issues(rows, "Name", name)
    party = Party(
        id=allocator.allocate(make_party_id(CN_SOURCE, name)),
        schema=schema_from(first.get("Type"), issues, Schema.LEGAL_ENTITY),
        names=[Name(value=name)],
        issues=issues,
    )
    for row in rows:
        for alias in split_values(row.get("Alias")):
            add_name(party.names, name_with_script(alias, NameKind.ALIAS))
        for zh_name in split_values(row.get("Chinese name")):
            add_name(party.names, chinese_name(zh_name))
        qid = row.get("QID")
        if qid and all(i.value != qid for i in party.identifiers):
            party.identifiers.append(Identifier(type="Wikidata ID", value=qid))
    party.countries = resolve_countries((r.get("Country") for r in rows), "Country", issues)
    _add_cn_addresses(party, rows)
    _add_cn_listings(party, rows)
    return party


def _add_cn_addresses(party: Party, rows: list[TableRow]) -> None:
    for row in rows:
        full = row.get("Address")
        if full and all(a.full != full for a in party.addresses):
            country = to_iso2(row.get("Country")) if row.get("Country") else None
            party.addresses.append(Address(full=full, country=country))


def _add_cn_listings(party: Party, rows: list[TableRow]) -> None:
    seen: dict[tuple[str, str, dt.date | None, dt.date | None], int] = {}
    for row in rows:
        listing = _cn_listing(row, party.issues)
        key = (listing.list_code, listing.authority, listing.start_date, listing.end_date)
        if key in seen:
            party.issues.append(
                DataIssue(
                    field="row",
                    message=(
                        f"line {row.line} repeats the announcement of line {seen[key]} "
                        "(same list, authority and date); kept once"
                    ),
                    value=row.get("Source URL") or None,
                    severity=IssueSeverity.REPAIRED,
                )
            )
            continue
        seen[key] = row.line
        party.listings.append(listing)


def _cn_list_name(list_value: str, code: str) -> str:
    """A readable name: ours for the lists the table abbreviates, else the table's own."""
    if list_value.strip().casefold() in CN_LIST_CODES or not list_value:
        return CN_LIST_NAMES[code]
    return list_value


def _cn_listing(row: TableRow, issues: list[DataIssue]) -> Listing:
    list_value = row.get("List")
    body = row.get("Body")
    code = cn_list_code(list_value, body)
    if not body:
        issues.append(
            DataIssue(
                field="Body",
                message=f"line {row.line} names no authority; read as {CN_FALLBACK_AUTHORITY}",
            )
        )
    return Listing(
        list_code=code,
        authority=body or CN_FALLBACK_AUTHORITY,
        list_name=_cn_list_name(list_value, code),
        programs=(list_value,) if list_value else (),
        start_date=parse_table_date(row.get("Date"), "Date", issues),
        end_date=parse_table_date(row.get("End date"), "End date", issues),
        reason=or_none(row.get("Summary")),
        remarks=or_none(row.get("Chinese summary")),
        source_url=or_none(row.get("Source URL")),
    )


# --- DoD section 1260H ------------------------------------------------------------------

_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def parse_dod_1260h(path: Path) -> ParsedList:
    rows = read_table_rows(path, DOD_1260H_COLUMNS)
    for row in rows:
        _repair_clean_name(row)
    groups = group_rows(rows, lambda r: identity_key(r.get("Clean Name")))
    allocator = IdAllocator()
    parties: list[Party] = []
    file_issues: list[DataIssue] = []
    for key, group in groups.items():
        if not key:
            file_issues.extend(_nameless_rows(group))
            continue
        parties.append(_dod_party(group, allocator))
    _link_parents(parties)
    return ParsedList(
        source=DOD_SOURCE, format="os_dod_1260h_csv", parties=parties, issues=file_issues
    )


def _repair_clean_name(row: TableRow) -> None:
    """A row without ``Clean Name`` gets one from ``Name`` minus the ``*`` and the acronym."""
    if row.get("Clean Name") or not row.get("Name"):
        return
    clean = _TRAILING_PARENTHESIS.sub("", row.get("Name").rstrip("*. ")).strip()
    row.values["Clean Name"] = clean
    row.issues.append(
        DataIssue(
            field="Clean Name",
            message=f"line {row.line} has no clean name; derived from Name",
            value=clean,
            severity=IssueSeverity.REPAIRED,
        )
    )


def _dod_party(rows: list[TableRow], allocator: IdAllocator) -> Party:
    name = rows[0].get("Clean Name")
    party = Party(
        id=allocator.allocate(make_party_id(DOD_SOURCE, name)),
        schema=Schema.COMPANY,
        names=[Name(value=name)],
        issues=collect_issues(rows) + spelling_issues(rows, "Clean Name", name),
    )
    starred = False
    for row in rows:
        for alias in split_comma_aliases(row.get("Alias")):
            add_name(party.names, Name(value=alias, kind=NameKind.ALIAS))
        for previous in split_values(row.get("Previous Name")):
            add_name(party.names, Name(value=previous, kind=NameKind.PREVIOUS))
        parent = row.get("Parent Name")
        if parent and all(
            identity_key(r.target_name) != identity_key(parent) for r in party.relations
        ):
            party.relations.append(Relation(kind=RelationKind.SUBORDINATE_OF, target_name=parent))
        is_starred = row.get("Name").endswith("*")
        starred = starred or is_starred
        party.listings.append(
            Listing(
                list_code=DOD_LIST_CODE,
                authority=DOD_AUTHORITY,
                list_name=DOD_LIST_NAME,
                programs=(DOD_PROGRAM,),
                start_date=parse_table_date(row.get("Start date"), "Start date", party.issues),
                end_date=parse_table_date(row.get("End date"), "End date", party.issues),
                reason=or_none(row.get("Note")),
                remarks=DOD_STAR_NOTE if is_starred else None,
                source_url=or_none(row.get("Source Url")),
            )
        )
    if starred:
        party.notes = DOD_STAR_NOTE[0].upper() + DOD_STAR_NOTE[1:] + "."
    return party


def _link_parents(parties: list[Party]) -> None:
    """Point each parent relation at the listed party of that name, where there is one.

    The table spells parents loosely ("Aviation Industry Corporation of China, Ltd.",
    "... (CASIC)"), so names are compared without punctuation and a trailing acronym.
    """
    by_key: dict[str, Party] = {}
    for party in parties:
        by_key.setdefault(identity_key(party.caption), party)
    for party in parties:
        linked: list[Relation] = []
        for relation in party.relations:
            target = by_key.get(identity_key(relation.target_name)) or by_key.get(
                identity_key(_TRAILING_PARENTHESIS.sub("", relation.target_name))
            )
            if target is not None and target is not party:
                relation = Relation(
                    kind=relation.kind, target_name=target.caption, target_id=target.id
                )
            if all(r.target_name != relation.target_name for r in linked):
                linked.append(relation)
        party.relations = linked


# --- FCC Covered List -------------------------------------------------------------------

# "... produced by X, including ...", "... provided by X subject to section 214 ...",
# "... supplied, directly or indirectly, by X or any of its ...": the name runs from "by"
# to the clause that follows it.
_FCC_PARTY = re.compile(
    r"\b(?:produced|provided|supplied)(?: or provided)?(?:, directly or indirectly,)? by "
    r"(?P<name>.+?)"
    r"(?=,? (?:including|to the extent|subject to|or any of its)\b|\.?$)"
)
_FCC_SUBSIDIARY = re.compile(
    r"\s+and its (?P<wholly>wholly[- ]owned )?subsidiar(?:y|ies)\s+", re.IGNORECASE
)
_FCC_UPDATED = re.compile(r"\s*Updated:\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CoveredCompany:
    """A company named in a Covered List entry; ``parent`` for a named subsidiary."""

    name: str
    parent: str | None = None
    wholly_owned: bool = False


def fcc_companies(text: str) -> list[CoveredCompany]:
    """The companies an FCC Covered List entry names (none for a class of equipment)."""
    out: list[CoveredCompany] = []
    for match in _FCC_PARTY.finditer(text.strip()):
        named = match["name"].strip().rstrip(",")
        if named.casefold().startswith("such "):
            continue  # "services provided by such entity": the entity named before
        parts = _FCC_SUBSIDIARY.split(named)
        # re.split with one group yields [parent, wholly-or-None, subsidiary, ...]
        parent = parts[0].strip()
        out.append(CoveredCompany(name=parent))
        for index in range(1, len(parts) - 1, 2):
            out.append(
                CoveredCompany(
                    name=parts[index + 1].strip(),
                    parent=parent,
                    wholly_owned=bool(parts[index]),
                )
            )
    return out


def parse_fcc_dates(text: str, issues: list[DataIssue]) -> tuple[dt.date | None, list[str]]:
    """The inclusion date and any "Updated:" dates that the FCC appends to the same cell."""
    first, *updates = _FCC_UPDATED.split(text.strip())
    start = parse_table_date(first, "date_of_inclusion_on_covered_list", issues)
    return start, [u.strip() for u in updates if u.strip()]


def parse_fcc_covered(path: Path) -> ParsedList:
    rows = read_table_rows(path, FCC_COVERED_COLUMNS)
    parties: dict[str, Party] = {}
    file_issues: list[DataIssue] = []
    for row in rows:
        text = " ".join(row.get("covered_equipment_or_services").split())
        companies = fcc_companies(text)
        if not companies:
            file_issues.append(
                DataIssue(
                    field="covered_equipment_or_services",
                    message=f"line {row.line} covers a class of equipment, not a named company",
                    value=text[:200],
                )
            )
            continue
        issues = list(row.issues)
        start, updates = parse_fcc_dates(row.get("date_of_inclusion_on_covered_list"), issues)
        for company in companies:
            party = _fcc_party(parties, company)
            party.issues.extend(issues)
            party.listings.append(
                Listing(
                    list_code=FCC_LIST_CODE,
                    authority=FCC_AUTHORITY,
                    list_name=FCC_LIST_NAME,
                    start_date=start,
                    reason=text,
                    remarks=f"updated: {'; '.join(updates)}" if updates else None,
                    source_url=FCC_URL,
                )
            )
    _link_fcc_parents(parties)
    return ParsedList(
        source=FCC_SOURCE,
        format="os_fcc_covered_csv",
        parties=list(parties.values()),
        issues=file_issues,
    )


def _fcc_party(parties: dict[str, Party], company: CoveredCompany) -> Party:
    key = identity_key(company.name)
    party = parties.get(key)
    if party is None:
        party = Party(
            id=make_party_id(FCC_SOURCE, company.name),
            schema=Schema.COMPANY,
            names=[Name(value=company.name)],
        )
        parties[key] = party
    if company.parent and all(r.target_name != company.parent for r in party.relations):
        party.relations.append(
            Relation(
                kind=RelationKind.OWNED_BY,
                target_name=company.parent,
                share=100.0 if company.wholly_owned else None,
            )
        )
    return party


def _link_fcc_parents(parties: dict[str, Party]) -> None:
    for party in parties.values():
        party.relations = [
            Relation(
                kind=r.kind,
                target_name=r.target_name,
                target_id=(
                    parties[identity_key(r.target_name)].id
                    if identity_key(r.target_name) in parties
                    else r.target_id
                ),
                share=r.share,
            )
            for r in party.relations
        ]


# --- BIS Military-Intelligence End User list --------------------------------------------


def parse_bis_mieu(path: Path) -> ParsedList:
    rows = read_table_rows(path, BIS_MIEU_COLUMNS)
    groups = group_rows(rows, lambda r: identity_key(r.get("Name")))
    allocator = IdAllocator()
    parties: list[Party] = []
    file_issues: list[DataIssue] = []
    for key, group in groups.items():
        if not key:
            file_issues.extend(_nameless_rows(group))
            continue
        parties.append(_mieu_party(group, allocator))
    return ParsedList(
        source=MIEU_SOURCE, format="os_bis_mieu_csv", parties=parties, issues=file_issues
    )


def _mieu_party(rows: list[TableRow], allocator: IdAllocator) -> Party:
    name = rows[0].get("Name")
    issues = collect_issues(rows) + spelling_issues(rows, "Name", name)
    party = Party(
        id=allocator.allocate(make_party_id(MIEU_SOURCE, name)),
        schema=schema_from(rows[0].get("Type"), issues, Schema.ORGANIZATION),
        names=[Name(value=name)],
        issues=issues,
    )
    for row in rows:
        for alias in split_values(row.get("Alias")):
            add_name(party.names, Name(value=alias, kind=NameKind.ALIAS))
        program = row.get("Program")
        party.listings.append(
            Listing(
                list_code=MIEU_LIST_CODE,
                authority=MIEU_AUTHORITY,
                list_name=MIEU_LIST_NAME,
                programs=(program,) if program else (),
                start_date=parse_table_date(row.get("Date"), "Date", issues),
                end_date=parse_table_date(row.get("End date"), "End date", issues),
                source_url=or_none(row.get("Source URL")),
            )
        )
    party.countries = resolve_countries((r.get("Country") for r in rows), "Country", issues)
    return party


# --- NDAA sections 889, 1286, 154, 5949 -------------------------------------------------

_SECTION_IN_PROGRAM = re.compile(r"\bSection\s+(\d+)\b", re.IGNORECASE)
_SECTION_IN_FILENAME = re.compile(r"section[_\s-]*(\d+)", re.IGNORECASE)


def ndaa_section(program: str, path: Path) -> str | None:
    """The NDAA section number from the ``program`` text, else from the file name."""
    if match := _SECTION_IN_PROGRAM.search(program):
        return match[1]
    if match := _SECTION_IN_FILENAME.search(path.name):
        return match[1]
    return None


def parse_ndaa_section(path: Path) -> ParsedList:
    rows = read_table_rows(path, NDAA_COLUMNS)
    sections = {ndaa_section(row.get("program"), path) for row in rows}
    if None in sections:
        raise InputError(
            "cannot tell which NDAA section this table is",
            path=path,
            hint="the program column names no 'Section N' and the file name has no section_N",
        )
    source = f"{NDAA_SOURCE}_{sections.pop()}" if len(sections) == 1 else NDAA_SOURCE
    groups = group_rows(rows, lambda r: identity_key(r.get("name")))
    allocator = IdAllocator()
    parties: list[Party] = []
    file_issues: list[DataIssue] = []
    for key, group in groups.items():
        if not key:
            file_issues.extend(_nameless_rows(group))
            continue
        parties.append(_ndaa_party(group, source, path, allocator))
    return ParsedList(source=source, format="os_ndaa_csv", parties=parties, issues=file_issues)


def _ndaa_party(rows: list[TableRow], source: str, path: Path, allocator: IdAllocator) -> Party:
    name = rows[0].get("name")
    issues = collect_issues(rows) + spelling_issues(rows, "name", name)
    party = Party(
        id=allocator.allocate(make_party_id(source, name)),
        schema=schema_from(rows[0].get("schema"), issues, Schema.LEGAL_ENTITY),
        names=[Name(value=name)],
        issues=issues,
    )
    for row in rows:
        for alias in split_values(row.get("aliases")):
            add_name(party.names, name_with_script(alias, NameKind.ALIAS))
        party.listings.append(_ndaa_listing(row, path, issues))
    party.countries = resolve_countries((r.get("country") for r in rows), "country", issues)
    return party


def _ndaa_listing(row: TableRow, path: Path, issues: list[DataIssue]) -> Listing:
    program = row.get("program")
    section = ndaa_section(program, path) or ""
    remarks = [row.get("notes")]
    if row.get("report-date"):
        remarks.append(f"Report date {row.get('report-date')}")
    end_text = row.get("end-date")
    if _YEAR_ONLY.match(end_text):
        remarks.append(f"Ends in {end_text}")
    return Listing(
        list_code=f"NDAA-{section}",
        authority=row.get("authority") or "United States Congress",
        list_name=NDAA_LIST_NAMES.get(section, f"NDAA section {section}"),
        programs=(program,) if program else (),
        start_date=parse_table_date(row.get("start-date"), "start-date", issues),
        end_date=parse_table_date(end_text, "end-date", issues),
        reason=or_none(row.get("reason")),
        remarks=join_sentences(remarks),
        source_url=or_none(row.get("source_url")),
    )


# --- registration -----------------------------------------------------------------------

CN_SANCTIONS_FORMAT = register(
    ListFormat(
        name="os_cn_sanctions_csv",
        source=CN_SOURCE,
        title="China's sanctions and counter-measures (OpenSanctions research table)",
        sniff=header_sniffer(CN_SANCTIONS_COLUMNS),
        parse=parse_cn_sanctions,
        official_url=f"{OPENSANCTIONS_REPO}/cn/sanctions/sanctions.csv",
    )
)
DOD_1260H_FORMAT = register(
    ListFormat(
        name="os_dod_1260h_csv",
        source=DOD_SOURCE,
        title="DoD section 1260H Chinese military companies (OpenSanctions table)",
        sniff=header_sniffer(DOD_1260H_COLUMNS),
        parse=parse_dod_1260h,
        official_url=f"{OPENSANCTIONS_REPO}/us/dod_chinese_milcorps/sanctions.csv",
    )
)
FCC_COVERED_FORMAT = register(
    ListFormat(
        name="os_fcc_covered_csv",
        source=FCC_SOURCE,
        title="FCC Covered List (OpenSanctions table)",
        sniff=header_sniffer(FCC_COVERED_COLUMNS),
        parse=parse_fcc_covered,
        official_url=f"{OPENSANCTIONS_REPO}/us/fcc_covered_list/table.csv",
    )
)
BIS_MIEU_FORMAT = register(
    ListFormat(
        name="os_bis_mieu_csv",
        source=MIEU_SOURCE,
        title="BIS Military-Intelligence End User list (OpenSanctions table)",
        sniff=header_sniffer(BIS_MIEU_COLUMNS),
        parse=parse_bis_mieu,
        official_url=f"{OPENSANCTIONS_REPO}/us/bis_mieu/mieu.csv",
    )
)
NDAA_FORMAT = register(
    ListFormat(
        name="os_ndaa_csv",
        source=NDAA_SOURCE,
        title="NDAA sections 889/1286/154/5949 named entities (OpenSanctions tables)",
        sniff=header_sniffer(NDAA_COLUMNS),
        parse=parse_ndaa_section,
        official_url=f"{OPENSANCTIONS_REPO}/us/special_leg/source_files",
    )
)
