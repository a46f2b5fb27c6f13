"""OFAC's legacy SDN CSV set: ``sdn.csv`` plus ``add.csv``, ``alt.csv`` and ``sdn_comments.csv``.

The four files have no header row; columns are positional, fields are double-quoted, ``-0-``
(often with a trailing space) stands for an empty value, and each file ends with a Ctrl-Z
(0x1A) line left over from DOS. The entity number (``ent_num``) joins the files and is OFAC's
durable key, so party ids are ``ofac-sdn-<ent_num>``.

Much of what OFAC knows about a party (dates of birth, passports, registration numbers,
links to other parties, weak aliases) sits only in the free-text ``Remarks`` column. It is a
sequence of ``"; "``-separated statements with a stable vocabulary; the statements that can be
read reliably are parsed here, and the full text always stays on ``Listing.remarks``.

Weak aliases: in the delimited files OFAC does not put weak AKAs in ``alt.csv`` but writes them
into the remarks in single quotes (``a.k.a. 'BNC'``); they become ``NameKind.WEAK_ALIAS``.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import functools
import io
import re
from collections.abc import Iterator
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
from entitywatch.sources.identity import IdAllocator
from entitywatch.sources.reading import decode_utf8, iter_csv_rows, read_bytes
from entitywatch.sources.registry import ListFormat, register

FORMAT_NAME = "ofac_sdn_csv"
SOURCE_KEY = "us_ofac_sdn"
AUTHORITY = "Office of Foreign Assets Control"
LIST_CODE = "SDN"
LIST_NAME = "Specially Designated Nationals and Blocked Persons List"
OFFICIAL_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
#: Every file of the set: ``OFFICIAL_URL`` names only the main one.
OFFICIAL_FILE_URLS: dict[str, str] = {
    name: f"https://www.treasury.gov/ofac/downloads/{name}"
    for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
}

SDN_COLUMNS = 12  # ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
#                   Tonnage, GRT, Vess_flag, Vess_owner, Remarks
ADD_COLUMNS = 6  # ent_num, add_num, address, city/state/postal code, country, add_remarks
ALT_COLUMNS = 5  # ent_num, alt_num, alt_type, alt_name, alt_remarks
COMMENTS_COLUMNS = 2  # ent_num, remarks continued

NULL = "-0-"
CTRL_Z = "\x1a"
#: OFAC cuts the Remarks column at this length and continues it in sdn_comments.csv.
REMARKS_LIMIT = 1000

_SCHEMA_BY_SDN_TYPE: dict[str, Schema] = {
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}


def party_id_for(ent_num: str) -> str:
    """The stable id of an SDN entry: OFAC's entity number never changes for a listed party."""
    return f"ofac-sdn-{ent_num}"


# --- locating and sniffing the file set -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class SdnFileSet:
    """The four files of one publication; the three side files may be missing."""

    sdn: Path
    add: Path | None
    alt: Path | None
    comments: Path | None


def _find_case_insensitive(directory: Path, name: str) -> Path | None:
    """``name`` in ``directory`` in any letter case (OFAC publishes SDN.CSV, mirrors sdn.csv)."""
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return None
    for entry in entries:
        if entry.name.lower() == name and entry.is_file():
            return entry
    return None


def locate_files(path: Path) -> SdnFileSet:
    """The file set for ``path``: the folder holding sdn.csv, or sdn.csv itself."""
    if path.is_dir():
        sdn = _find_case_insensitive(path, "sdn.csv")
        if sdn is None:
            raise InputError(
                "the folder holds no sdn.csv",
                path=path,
                hint="pass the folder of OFAC's CSV files (sdn.csv, add.csv, alt.csv)",
            )
        directory = path
    else:
        if not path.exists():
            raise InputError("no such file or directory", path=path)
        sdn = path
        directory = path.parent
    return SdnFileSet(
        sdn=sdn,
        add=_find_case_insensitive(directory, "add.csv"),
        alt=_find_case_insensitive(directory, "alt.csv"),
        comments=_find_case_insensitive(directory, "sdn_comments.csv"),
    )


_FIRST_ROW = re.compile(rb'^\s*\d+\s*,\s*"')


def sniff(path: Path, head: bytes) -> bool:
    """A folder holding sdn.csv, or a file named sdn.csv whose first row is an SDN row."""
    if path.is_dir():
        return _find_case_insensitive(path, "sdn.csv") is not None
    if path.name.lower() != "sdn.csv" or not _FIRST_ROW.match(head):
        return False
    first_line = head.splitlines()[0].decode("latin-1") if head else ""
    try:
        row = next(csv.reader(io.StringIO(first_line)))
    except (csv.Error, StopIteration):
        return False
    return len(row) == SDN_COLUMNS and row[0].strip().isdigit()


# --- reading rows ---------------------------------------------------------------------------


def _decode(data: bytes, path: Path, issues: list[DataIssue]) -> str:
    """UTF-8 as the files are today; older OFAC files were Windows-1252, which is accepted."""
    try:
        return decode_utf8(data, path)
    except InputError as exc:
        issues.append(
            DataIssue(
                field="file",
                message=f"{path.name} is not UTF-8 ({exc.reason} at {exc.position}); "
                "read as Windows-1252",
                severity=IssueSeverity.REPAIRED,
            )
        )
        return data.decode("cp1252", errors="replace")


def _strip_end_of_file_marker(text: str) -> str:
    """Drop the trailing Ctrl-Z line (and the blank lines around it) that OFAC appends."""
    stripped = text.rstrip()
    while stripped.endswith(CTRL_Z):
        stripped = stripped[: -len(CTRL_Z)].rstrip()
    return stripped + "\n" if stripped else ""


def _clean(value: str) -> str | None:
    """A field's value, with OFAC's ``-0-`` null marker and padding spaces removed."""
    text = value.strip()
    return None if not text or text == NULL else text


def _is_blank_row(row: list[str]) -> bool:
    return all(not cell.strip() or cell.strip() == CTRL_Z for cell in row)


def read_rows(
    path: Path, columns: int, issues: list[DataIssue]
) -> Iterator[tuple[int, list[str | None]]]:
    """Rows of one file of the set with their line numbers; wrong column counts are errors."""
    text = _strip_end_of_file_marker(_decode(read_bytes(path), path, issues))
    for line, row in iter_csv_rows(text, path):
        if _is_blank_row(row):
            continue
        if len(row) != columns:
            raise InputError(
                f"expected {columns} columns, found {len(row)}",
                path=path,
                position=f"line {line}",
                hint="the file looks truncated or is not an OFAC CSV file",
            )
        ent_num = row[0].strip()
        if not ent_num.isdigit():
            raise InputError(
                f"the entity number {ent_num!r} is not a number",
                path=path,
                position=f"line {line}",
                hint="the first column of every OFAC CSV row is the entity number",
            )
        yield line, [ent_num, *(_clean(cell) for cell in row[1:])]


# --- countries, dates, programs -------------------------------------------------------------

#: Spellings in OFAC's files that ``countries.to_iso2`` does not resolve.
_OFAC_COUNTRY_SPELLINGS: dict[str, str] = {
    "cote d ivoire": "CI",
    "macedonia, the former yugoslav republic of": "MK",
    "north macedonia, the republic of": "MK",
    "st. kitts & nevis": "KN",
    "man, isle of": "IM",
    "northern mali": "ML",
}
#: Values that say "no country" on purpose: nothing to resolve, nothing to report.
_NO_COUNTRY = {"undetermined", "none identified", "unknown"}


@functools.lru_cache(maxsize=1024)
def country_code(text: str | None) -> str | None:
    """ISO-2 code for a country as OFAC writes it ("Korea, North", "Region: Gaza", "Bahamas, The").

    Text with digits or under four letters is never a country name in OFAC's files (it is a
    document series such as ``(9)``), and is not handed to the fuzzy matcher at all.
    """
    if not text:
        return None
    name = text.strip().rstrip(".").strip()
    if name.lower().startswith("region:"):
        name = name.split(":", 1)[1].strip()
    key = name.casefold()
    if len(key) < 4 or re.search(r"\d", key) or is_deliberately_unknown_country(key):
        return None
    if key in _OFAC_COUNTRY_SPELLINGS:
        return _OFAC_COUNTRY_SPELLINGS[key]
    if key.endswith(", the"):
        name = "the " + name[: -len(", the")]
    return to_iso2(name)


def is_deliberately_unknown_country(text: str) -> bool:
    key = text.strip().casefold()
    return key in _NO_COUNTRY or key.startswith("possibly ")


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_OFAC_DATE = re.compile(r"^(?:(?P<day>\d{1,2}) )?(?:(?P<month>[A-Za-z]{3}) )?(?P<year>\d{4})$")


def parse_ofac_date(text: str) -> str | None:
    """``12 Jan 1960`` -> ``1960-01-12``, ``Jan 1960`` -> ``1960-01``, ``1960`` -> ``1960``.

    Returns None when the text is not such a date or names a day that does not exist.
    """
    match = _OFAC_DATE.match(text.strip())
    if match is None:
        return None
    year = int(match["year"])
    if match["month"] is None:
        return None if match["day"] else f"{year:04d}"
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    if match["day"] is None:
        return f"{year:04d}-{month:02d}"
    day = int(match["day"])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def collapse_date_range(start: str, end: str) -> list[str]:
    """A range covering exactly one year or one month is that year or month."""
    if start == end:
        return [start]
    if len(start) == len(end) == 10 and start[:4] == end[:4]:
        year, month = int(start[:4]), int(start[5:7])
        if start[5:] == "01-01" and end[5:] == "12-31":
            return [start[:4]]
        last_day = calendar.monthrange(year, month)[1]
        if start[:7] == end[:7] and start[8:] == "01" and int(end[8:]) == last_day:
            return [start[:7]]
    return [start, end]


_RANGE_SEPARATOR = re.compile(r"\s+to\s+|(?<=\d{4})\s*-\s*(?=\d{4}$)")


def parse_birth_dates(text: str) -> list[str] | None:
    """Dates of one ``DOB`` statement: a date, a partial date, or the two ends of a range."""
    value = re.sub(r"^circa\s+", "", text.strip(), flags=re.IGNORECASE)
    ends = _RANGE_SEPARATOR.split(value)
    if len(ends) > 2:
        return None
    parsed = [parse_ofac_date(re.sub(r"^circa\s+", "", end, flags=re.IGNORECASE)) for end in ends]
    if any(date is None for date in parsed):
        return None
    dates = [date for date in parsed if date is not None]
    return collapse_date_range(dates[0], dates[1]) if len(dates) == 2 else dates


def split_programs(text: str | None) -> tuple[str, ...]:
    """``[SDGT] [IFSR]`` (or the CSV's unbracketed ``SDGT] [IFSR``) -> ``("SDGT", "IFSR")``."""
    if not text:
        return ()
    parts = (part.strip() for part in re.split(r"[\[\]]", text))
    return tuple(dict.fromkeys(part for part in parts if part))


# --- schema ---------------------------------------------------------------------------------

#: Legal-form words (dots removed, upper case) that make a name obviously a company's.
# Short words that are also Arabic articles or common name parts ("AS-SAHAB") are left out.
_LEGAL_FORM_TOKENS = frozenset(
    (
        *("LTD", "LIMITED", "LLC", "INC", "INCORPORATED", "CORP", "CORPORATION"),
        *("COMPANY", "CO", "COMPANIA", "COMPANHIA", "COMPAGNIE"),
        *("SA", "SAS", "SAC", "SRL", "SARL", "SPA", "GMBH", "AG", "PLC", "LLP", "BV", "NV"),
        *("JSC", "OJSC", "CJSC", "PJSC", "OAO", "ZAO", "OOO", "PAO"),
        *("FZE", "FZCO", "FZC", "DMCC", "PTE", "PTY", "BHD", "LTDA", "EIRL", "KFT", "DOO", "WLL"),
        *("CIA", "CA", "SCS", "SAPI", "EOOD", "OOD", "EAD", "TOV", "PJS"),
    )
)
_LEGAL_FORM_PHRASES = ("S DE RL", "SP Z OO", "SP Z O O", "SDN BHD")


def looks_like_company_name(name: str) -> bool:
    """True when a name carries a legal form (LTD, S.A., GMBH, OOO...): surely a company."""
    flat = re.sub(r"[.]", "", name.upper())
    tokens = set(re.split(r"[^0-9A-Z]+", flat))
    if tokens & _LEGAL_FORM_TOKENS:
        return True
    spaced = " ".join(re.split(r"[^0-9A-Z]+", flat))
    return any(f" {phrase} " in f" {spaced} " for phrase in _LEGAL_FORM_PHRASES)


def schema_for(sdn_type: str | None, name: str) -> Schema:
    """Person, Vessel or Aircraft from SDN_Type; an entity is a Company only when obvious."""
    if sdn_type:
        schema = _SCHEMA_BY_SDN_TYPE.get(sdn_type.strip().lower())
        if schema is not None:
            return schema
    return Schema.COMPANY if looks_like_company_name(name) else Schema.LEGAL_ENTITY


# --- remarks --------------------------------------------------------------------------------

#: Identifier labels used in the remarks -> the identifier type recorded. Most keep OFAC's own
#: label; Chinese credit codes and IMO numbers are normalised so they compare across sources.
_IDENTIFIER_LABELS: dict[str, str] = {
    "Unified Social Credit Code (USCC)": "Unified Social Credit Code",
    "United Social Credit Code Certificate (USCCC)": "Unified Social Credit Code",
    "Vessel Registration Identification": "IMO",
    "Identification Number IMO": "IMO Company Number",
    "Company Number IMO": "IMO Company Number",
    "Passport": "Passport",
    "Diplomatic Passport": "Diplomatic Passport",
    "Travel Document Number": "Travel Document Number",
    "National ID No.": "National ID No.",
    "Personal ID Card": "Personal ID Card",
    "National Foreign ID Number": "National Foreign ID Number",
    "Kenyan ID No.": "Kenyan ID No.",
    "Turkish Identification Number": "Turkish Identification Number",
    "Tazkira National ID Card": "Tazkira National ID Card",
    "Identification Number": "Identification Number",
    "Residency Number": "Residency Number",
    "Birth Certificate Number": "Birth Certificate Number",
    "Citizen's Card Number": "Citizen's Card Number",
    "Numero de Identidad": "Numero de Identidad",
    "Cedula No.": "Cedula No.",
    "D.N.I.": "D.N.I.",
    "C.U.R.P.": "C.U.R.P.",
    "C.U.R.P. #": "C.U.R.P.",
    "R.F.C.": "R.F.C.",
    "R.F.C. #": "R.F.C.",
    "RFC": "R.F.C.",
    "C.U.I.T.": "C.U.I.T.",
    "C.U.I.P.": "C.U.I.P.",
    "C.U.I.": "C.U.I.",
    "I.F.E.": "I.F.E.",
    "Electoral Registry No.": "Electoral Registry No.",
    "Credencial electoral": "Credencial electoral",
    "Driver's License No.": "Driver's License No.",
    "Italian Fiscal Code": "Italian Fiscal Code",
    "SSN": "SSN",
    "US FEIN": "US FEIN",
    "NIT #": "NIT #",
    "RUC #": "RUC #",
    "RIF #": "RIF #",
    "RTN": "RTN",
    "Tax ID No.": "Tax ID No.",
    "V.A.T. Number": "V.A.T. Number",
    "Registration Number": "Registration Number",
    "Registration ID": "Registration ID",
    "Business Registration Number": "Business Registration Number",
    "Business Registration Document #": "Business Registration Document #",
    "Public Registration Number": "Public Registration Number",
    "Commercial Registry Number": "Commercial Registry Number",
    "Company Number": "Company Number",
    "UK Company Number": "UK Company Number",
    "Certificate of Incorporation Number": "Certificate of Incorporation Number",
    "Chamber of Commerce Number": "Chamber of Commerce Number",
    "Dubai Chamber of Commerce Membership No.": "Dubai Chamber of Commerce Membership No.",
    "Enterprise Number": "Enterprise Number",
    "Legal Entity Number": "Legal Entity Number",
    "Government Gazette Number": "Government Gazette Number",
    "Folio Mercantil No.": "Folio Mercantil No.",
    "Matricula Mercantil No": "Matricula Mercantil No",
    "Trade License No.": "Trade License No.",
    "C.R. No.": "C.R. No.",
    "Registered Charity No.": "Registered Charity No.",
    "Branch Unit Number": "Branch Unit Number",
    "D-U-N-S Number": "D-U-N-S Number",
    "SWIFT/BIC": "SWIFT/BIC",
    "BIK (RU)": "BIK (RU)",
    "MMSI": "MMSI",
    "Aircraft Manufacturer's Serial Number (MSN)": "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": (
        "Aircraft Construction Number"
    ),
    "Aircraft Tail Number": "Aircraft Tail Number",
    "Aircraft Mode S Transponder Code": "Aircraft Mode S Transponder Code",
    "Aircraft Serial Identification": "Aircraft Serial Identification",
}


def _first_word(text: str) -> str:
    return re.split(r"[ :]", text, maxsplit=1)[0]


#: Labels grouped by their first word, longest first, so that a statement is compared with
#: the few labels that can match it ("Identification Number IMO" before "Identification
#: Number") instead of all of them.
_LABELS_BY_FIRST_WORD: dict[str, list[str]] = {}
for _label in sorted(_IDENTIFIER_LABELS, key=len, reverse=True):
    _LABELS_BY_FIRST_WORD.setdefault(_first_word(_label), []).append(_label)
_DIGITAL_CURRENCY = re.compile(
    r"^Digital Currency Address - (?P<currency>[A-Z0-9]+)[: ]\s*(?P<rest>.+)$"
)
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_DOCUMENT_DATES = re.compile(r"\s+(?:issued|expires|valid)\b.*$", re.IGNORECASE)
_ALT_PREFIX = re.compile(r"^alt\.\s+", re.IGNORECASE)
_DOB = re.compile(r"^DOB\s+(?P<value>.+)$")
_NATIONALITY = re.compile(r"^(?:nationality|citizen)\s+(?P<value>.+)$")
_QUOTED_NAME = re.compile(r"^(?P<kind>[afn])\.k\.a\.\s+'(?P<name>.+)'$")
_LINKED_TO = re.compile(r"^Linked To:\s*(?P<name>.+)$")
_OWNED_BY = re.compile(r"^(?:Owned or Controlled By|Owned By)\s*:\s*(?P<name>.+)$", re.IGNORECASE)


@dataclass(slots=True)
class RemarkFacts:
    """What could be read reliably from one party's remarks."""

    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    issues: list[DataIssue] = field(default_factory=list)


def split_remarks(remarks: str) -> list[str]:
    """The ``"; "``-separated statements of a remarks text, without the closing period.

    Only the closing period of the whole text is removed, and only when it does not belong to
    an abbreviation such as ``S.A.`` (``_strip_closing_period``).
    """
    parts = [part.strip() for part in remarks.split(";")]
    parts = [part for part in parts if part]
    if parts:
        parts[-1] = _strip_closing_period(parts[-1])
    return parts


def _strip_closing_period(text: str) -> str:
    if not text.endswith("."):
        return text
    # "S.A." or "CORP." keep their period when OFAC wrote no separate closing one: a single
    # period after a one-letter abbreviation ("S.A.") belongs to the abbreviation.
    if re.search(r"(?:^|[\s.])[A-Za-z]\.$", text):
        return text
    return text[:-1]


def _parse_identifier(statement: str) -> Identifier | None:
    currency = _DIGITAL_CURRENCY.match(statement)
    if currency is not None:
        value = currency["rest"].split()[0]
        return Identifier(type=f"Digital Currency Address - {currency['currency']}", value=value)
    for label in _LABELS_BY_FIRST_WORD.get(_first_word(statement), ()):
        if not statement.startswith(label):
            continue
        rest = statement[len(label) :]
        if not rest or rest[0] not in " :":
            continue
        return _identifier_from(_IDENTIFIER_LABELS[label], rest.lstrip(" :"))
    return None


def _identifier_from(id_type: str, rest: str) -> Identifier | None:
    """``A1234 (Iran) issued 01 Jan 2010`` -> value ``A1234``, country ``IR``."""
    country = None
    for inside in _PAREN.findall(rest):
        country = country_code(inside)
        if country is not None:
            break
    value = _DOCUMENT_DATES.sub("", _PAREN.sub("", rest)).strip().rstrip(",")
    if id_type in {"IMO", "IMO Company Number"}:
        value = re.sub(r"^IMO\s*", "", value)
    if not value:
        return None
    return Identifier(type=id_type, value=value, country=country)


def parse_remarks(remarks: str) -> RemarkFacts:
    """Dates of birth, nationalities, identifiers, weak aliases and links from a remarks text."""
    facts = RemarkFacts()
    for raw in split_remarks(remarks):
        statement = _ALT_PREFIX.sub("", raw)
        if _read_birth_date(statement, facts):
            continue
        if _read_nationality(statement, facts):
            continue
        if _read_quoted_name(statement, facts):
            continue
        if _read_relation(statement, facts):
            continue
        identifier = _parse_identifier(statement)
        if identifier is not None and identifier not in facts.identifiers:
            facts.identifiers.append(identifier)
    return facts


def _read_birth_date(statement: str, facts: RemarkFacts) -> bool:
    match = _DOB.match(statement)
    if match is None:
        return False
    dates = parse_birth_dates(match["value"])
    if dates is None:
        facts.issues.append(
            DataIssue(
                field="birth_dates",
                message="unreadable date of birth in remarks; kept only in the remarks",
                value=statement,
            )
        )
        return True
    for date in dates:
        if date not in facts.birth_dates:
            facts.birth_dates.append(date)
    return True


def _read_nationality(statement: str, facts: RemarkFacts) -> bool:
    match = _NATIONALITY.match(statement)
    if match is None:
        return False
    value = match["value"].strip()
    code = country_code(value)
    if code is not None:
        if code not in facts.nationalities:
            facts.nationalities.append(code)
    elif not is_deliberately_unknown_country(value):
        facts.issues.append(
            DataIssue(field="nationalities", message="unknown country name", value=value)
        )
    return True


def _read_quoted_name(statement: str, facts: RemarkFacts) -> bool:
    match = _QUOTED_NAME.match(statement)
    if match is None:
        return False
    # Quoted names in the remarks are OFAC's weak AKAs (the strong ones are in alt.csv).
    name = Name(value=match["name"].strip(), kind=NameKind.WEAK_ALIAS)
    if name.value and name not in facts.names:
        facts.names.append(name)
    return True


def _read_relation(statement: str, facts: RemarkFacts) -> bool:
    for pattern, kind in (
        (_LINKED_TO, RelationKind.AFFILIATE_OF),
        (_OWNED_BY, RelationKind.OWNED_BY),
    ):
        match = pattern.match(statement)
        if match is not None:
            relation = Relation(kind=kind, target_name=match["name"].strip())
            if relation not in facts.relations:
                facts.relations.append(relation)
            return True
    return False


# --- building parties -----------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    """One sdn.csv row while the side files are joined to it."""

    line: int
    fields: list[str | None]
    party: Party
    remarks: str | None


def _vessel_details(fields: list[str | None], party: Party) -> list[str]:
    """Call sign as an identifier, flag as a country, owner as a relation; all in the notes."""
    call_sign, vessel_type, tonnage, grt, flag, owner = fields[5:11]
    notes: list[str] = []
    flag_code = country_code(flag) if flag else None
    if call_sign:
        party.identifiers.append(Identifier(type="Call Sign", value=call_sign, country=flag_code))
        notes.append(f"Call sign: {call_sign}")
    if vessel_type:
        notes.append(f"Vessel type: {vessel_type}")
    if tonnage:
        notes.append(f"Tonnage: {tonnage}")
    if grt:
        notes.append(f"Gross registered tonnage: {grt}")
    if flag:
        notes.append(f"Flag: {flag}")
        if flag_code is None and not is_deliberately_unknown_country(flag):
            party.issues.append(DataIssue(field="flag", message="unknown country name", value=flag))
        elif flag_code is not None and flag_code not in party.countries:
            party.countries.append(flag_code)
    if owner:
        notes.append(f"Owner: {owner}")
        party.relations.append(Relation(kind=RelationKind.OWNED_BY, target_name=owner))
    return notes


def _new_party(ent_num: str, fields: list[str | None], path: Path, line: int) -> Party:
    name, sdn_type, program, title = fields[1:5]
    if not name:
        raise InputError(
            "the SDN_Name column is empty",
            path=path,
            position=f"line {line}",
            hint="every sdn.csv row names the listed party",
        )
    party = Party(
        id=party_id_for(ent_num),
        schema=schema_for(sdn_type, name),
        names=[Name(value=name, kind=NameKind.PRIMARY)],
        title=title,
        source_record_id=ent_num,
    )
    party.listings.append(
        Listing(
            list_code=LIST_CODE,
            authority=AUTHORITY,
            list_name=LIST_NAME,
            programs=split_programs(program),
            source_url=OFFICIAL_URL,
        )
    )
    if sdn_type and sdn_type.lower() not in _SCHEMA_BY_SDN_TYPE:
        party.issues.append(
            DataIssue(field="schema", message="unknown SDN_Type; read as an entity", value=sdn_type)
        )
    notes = _vessel_details(fields, party)
    if notes:
        party.notes = "; ".join(notes)
    return party


def _read_entries(path: Path, issues: list[DataIssue]) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    allocator = IdAllocator()
    for line, fields in read_rows(path, SDN_COLUMNS, issues):
        ent_num = fields[0] or ""
        party = _new_party(ent_num, fields, path, line)
        key = ent_num
        if ent_num in entries:
            party.id = allocator.allocate(party.id)
            key = f"{ent_num}#{line}"
            party.issues.append(
                DataIssue(
                    field="id",
                    message=f"entity number {ent_num} appears twice in sdn.csv; "
                    f"given id {party.id}",
                    value=ent_num,
                )
            )
        else:
            allocator.allocate(party.id)
        entries[key] = _Entry(line=line, fields=fields, party=party, remarks=fields[11])
    return entries


def _join_comments(path: Path | None, entries: dict[str, _Entry], issues: list[DataIssue]) -> None:
    """sdn_comments.csv continues remarks that sdn.csv cut at 1,000 characters."""
    if path is None:
        issues.append(
            DataIssue(
                field="file",
                message="sdn_comments.csv is missing: remarks longer than "
                f"{REMARKS_LIMIT:,} characters stay cut",
            )
        )
        return
    for line, fields in read_rows(path, COMMENTS_COLUMNS, issues):
        entry = entries.get(fields[0] or "")
        if entry is None:
            issues.append(_orphan_issue(path, line, fields[0]))
            continue
        entry.remarks = (entry.remarks or "") + (fields[1] or "")


def _orphan_issue(path: Path, line: int, ent_num: str | None) -> DataIssue:
    return DataIssue(
        field="file",
        message=f"{path.name} line {line} refers to entity {ent_num}, which is not in sdn.csv",
        value=ent_num,
    )


def _missing_side_file_issue(name: str) -> DataIssue:
    return DataIssue(field="file", message=f"{name} is missing: parties have no {name[:3]} rows")


def _join_addresses(path: Path | None, entries: dict[str, _Entry], issues: list[DataIssue]) -> None:
    if path is None:
        issues.append(_missing_side_file_issue("add.csv"))
        return
    for line, fields in read_rows(path, ADD_COLUMNS, issues):
        entry = entries.get(fields[0] or "")
        if entry is None:
            issues.append(_orphan_issue(path, line, fields[0]))
            continue
        _add_address(entry.party, fields)


def _split_city_line(city_line: str | None) -> tuple[str | None, str | None]:
    """The city (and region) from OFAC's combined city/state/postal-code column.

    Only lines without digits are split, so that a postal code is never taken for a city:
    ``Culiacan, Sinaloa`` -> city ``Culiacan``, region ``Sinaloa``.
    """
    if not city_line or re.search(r"\d", city_line):
        return None, None
    city, _, region = (part.strip() for part in city_line.partition(","))
    return city or None, region or None


def _add_address(party: Party, fields: list[str | None]) -> None:
    street, city_line, country, add_remarks = fields[2:6]
    if add_remarks:
        extra = f"Address remark: {add_remarks}"
        party.notes = f"{party.notes}; {extra}" if party.notes else extra
    if not (street or city_line or country):
        return
    code = None
    if country:
        code = country_code(country)
        if code is None and not is_deliberately_unknown_country(country):
            party.issues.append(
                DataIssue(field="addresses", message="unknown country name", value=country)
            )
    city, region = _split_city_line(city_line)
    full = ", ".join(part for part in (street, city_line, country) if part)
    address = Address(
        full=full, street=street, city=city, region=region, postal_code=None, country=code
    )
    if address not in party.addresses:
        party.addresses.append(address)
    if code is not None and code not in party.countries:
        party.countries.append(code)


_ALIAS_KINDS: dict[str, NameKind] = {
    "aka": NameKind.ALIAS,
    "nka": NameKind.ALIAS,  # "now known as": a current name
    "fka": NameKind.PREVIOUS,
}


def _join_aliases(path: Path | None, entries: dict[str, _Entry], issues: list[DataIssue]) -> None:
    if path is None:
        issues.append(_missing_side_file_issue("alt.csv"))
        return
    for line, fields in read_rows(path, ALT_COLUMNS, issues):
        entry = entries.get(fields[0] or "")
        if entry is None:
            issues.append(_orphan_issue(path, line, fields[0]))
            continue
        _add_alias(entry.party, fields)


def _add_alias(party: Party, fields: list[str | None]) -> None:
    alt_type, alt_name, alt_remarks = fields[2:5]
    if not alt_name:
        party.issues.append(DataIssue(field="names", message="empty alternate name in alt.csv"))
        return
    type_key = (alt_type or "aka").strip().lower().replace(".", "")
    kind = _ALIAS_KINDS.get(type_key)
    if kind is None:
        kind = NameKind.ALIAS
        party.issues.append(
            DataIssue(field="names", message="unknown alt_type; read as aka", value=alt_type)
        )
    if kind is NameKind.ALIAS and alt_remarks and "weak" in alt_remarks.lower():
        kind = NameKind.WEAK_ALIAS
    _add_name(party, Name(value=alt_name, kind=kind))


def _add_name(party: Party, name: Name) -> None:
    if any(existing.value == name.value for existing in party.names):
        return
    party.names.append(name)


def _apply_remarks(entry: _Entry) -> None:
    party = entry.party
    remarks = entry.remarks
    if not remarks:
        return
    party.listings[0].remarks = remarks
    if len(remarks) == REMARKS_LIMIT and entry.remarks == entry.fields[11]:
        party.issues.append(
            DataIssue(
                field="remarks",
                message=f"remarks are exactly {REMARKS_LIMIT:,} characters and have no "
                "continuation in sdn_comments.csv: they may be cut",
            )
        )
    facts = parse_remarks(remarks)
    party.birth_dates.extend(d for d in facts.birth_dates if d not in party.birth_dates)
    party.nationalities.extend(c for c in facts.nationalities if c not in party.nationalities)
    party.identifiers.extend(i for i in facts.identifiers if i not in party.identifiers)
    party.relations.extend(r for r in facts.relations if r not in party.relations)
    party.issues.extend(facts.issues)
    for name in facts.names:
        _add_name(party, name)


def _resolve_relation_targets(parties: list[Party]) -> None:
    """Point relations at the listed party of that exact primary name, when there is one."""
    by_name: dict[str, str | None] = {}
    for party in parties:
        key = party.caption.casefold()
        by_name[key] = None if key in by_name else party.id
    for party in parties:
        resolved: list[Relation] = []
        for relation in party.relations:
            key = relation.target_name.casefold()
            target = by_name.get(key) or by_name.get(key + ".")
            if target is not None and target != party.id:
                name = relation.target_name
                if key not in by_name:
                    name += "."  # the remarks' closing period was the name's own
                relation = dataclasses.replace(relation, target_name=name, target_id=target)
            resolved.append(relation)
        party.relations = resolved


def parse(path: Path) -> ParsedList:
    """Read the SDN CSV set at ``path`` (its folder, or sdn.csv) into parties."""
    files = locate_files(path)
    issues: list[DataIssue] = []
    entries = _read_entries(files.sdn, issues)
    _join_comments(files.comments, entries, issues)
    _join_addresses(files.add, entries, issues)
    _join_aliases(files.alt, entries, issues)
    for entry in entries.values():
        _apply_remarks(entry)
    parties = [entry.party for entry in entries.values()]
    _resolve_relation_targets(parties)
    return ParsedList(source=SOURCE_KEY, format=FORMAT_NAME, parties=parties, issues=issues)


register(
    ListFormat(
        name=FORMAT_NAME,
        source=SOURCE_KEY,
        title="OFAC SDN list, legacy CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv)",
        sniff=sniff,
        parse=parse,
        official_url=OFFICIAL_URL,
        accepts_directory=True,
    )
)
