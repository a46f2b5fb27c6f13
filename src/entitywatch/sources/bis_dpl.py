"""The BIS Denied Persons List (raw tab-separated ``dpl.txt``) -> parties.

The Bureau of Industry and Security publishes the persons and companies whose export
privileges are denied as one tab-separated, fully quoted file with the header
``Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation``.

Three properties of the file shape this parser:

* **One row per address.** A denial order naming a person with three addresses is three
  rows. Rows with the same name (compared by :func:`identity_key`, so ``AL-NASER  AIRLINES``
  and ``AL NASER AIRLINES`` are one name) and the same effective date are one party with
  several addresses. The FR citations are *not* part of that key, although they identify
  the order: in the real files the rows of one order cite the same notices but are typed
  differently (``83F.R.`` / ``83 F.R.``, ``,`` / ``;``), and a few rows drop a renewal
  notice or mistype a page. Splitting on them would turn one denial into several parties;
  instead their citations are united and the disagreement is flagged as a DataIssue.
* **No durable key.** The id is a hash of the name and the order's first Federal Register
  notice (see :func:`party_id`), which survives the renewals of temporary denial orders
  that move the effective date; the effective date stands in where no citation can be
  read. The country is not part of it: a merged party's rows often span several
  countries, so the id would depend on row order or on which addresses BIS lists.
* **Hand-typed values.** Years such as ``3017`` in ``Last_Update``, country codes in the
  ``State`` column, ``NM`` (New Mexico) in ``Country``. Each is either repaired when only
  one reading is possible (severity REPAIRED) or kept out of the record and flagged
  (severity WARNING); the policy per field is in :func:`_last_update` and
  :func:`_expiration_date`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from entitywatch.errors import InputError
from entitywatch.model import (
    Address,
    DataIssue,
    FederalRegisterCitation,
    IssueSeverity,
    Listing,
    Name,
    NameKind,
    ParsedList,
    Party,
    Schema,
)
from entitywatch.sources.countries import to_iso2
from entitywatch.sources.federal_register import (
    NoticeKey,
    notice_key,
    parse_federal_register_citations,
)
from entitywatch.sources.identity import IdAllocator, identity_key, make_party_id
from entitywatch.sources.reading import iter_csv_rows, read_text
from entitywatch.sources.registry import ListFormat, register

_T = TypeVar("_T")

FORMAT_NAME = "bis_dpl_txt"
SOURCE_KEY = "us_bis_dpl"
OFFICIAL_URL = "https://www.bis.doc.gov/dpl/dpl.txt"
LIST_CODE = "DPL"
AUTHORITY = "Bureau of Industry and Security"
LIST_NAME = "Denied Persons List"
ID_PREFIX = "dpl"

HEADER = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)

# No denial order is older than the export-control statutes; an earlier year is a typo.
_EARLIEST_YEAR = 1949
# Denials run for up to 50 years plus renewals; an expiration further out is a typo.
_LONGEST_DENIAL_YEARS = 100


def _word_set(text: str) -> frozenset[str]:
    """The space-separated words of ``text``: keeps the long word tables below readable."""
    return frozenset(text.split())


_US_STATES = _word_set(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP"
)

# Words that make a name a company: legal forms, then business words seen on the list.
_LEGAL_FORMS = _word_set(
    "LTD LIMITED LLC LLP LP INC INCORPORATED CORP CORPORATION CO COMPANY GMBH AG AB SA SL "
    "SARL SRL SPA BV NV PLC JSC PJSC OJSC CJSC OOO ZAO OAO PTE PTY FZC FZE FZCO ANSTALT KG "
    "OY GIE KFT SDN BHD"
)
_BUSINESS_WORDS = _word_set(
    "AIR AIRLINE AIRLINES AIRWAYS AVIATION AEROFLOT GROUP INTERNATIONAL INTERNACIONAL TRADING "
    "TRADE TECHNOLOGY TECHNOLOGIES TECHNIK TECHNICAL SERVICE SERVICES SYSTEMS ELECTRONICS "
    "ELECTRONIC INDUSTRIE INDUSTRIES INDUSTRIAL COMPUTERS COMPUTER METALS COMMUNICATIONS "
    "ENTERPRISE ENTERPRISES EXPORT EXPORTS IMPORT MACHINERY SUPPLY SUPPLIES CONTRACTING "
    "MICROWAVE LOGISTICS SHIPPING MARITIME ENGINEERING HOLDING HOLDINGS MANAGEMENT ASSOCIATES "
    "PARTNERS RESEARCH LABORATORIES LABS INSTITUTE BANK CHEMICAL CHEMICALS FACTORY VERTRIEBS "
    "HANDEL EMPRESA COMPANIA SOCIETE TRANSPORT TRANSPORTATION FREIGHT CARGO TECH SOLUTIONS "
    "PRODUCTS EQUIPMENT MANUFACTURING INVEST INVESTMENT INVESTMENTS"
)
_GENERATIONAL_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})
_HONORIFICS = frozenset({"MR", "MRS", "MS", "DR", "PROFESSOR", "CAPTAIN", "COLONEL", "SEYED"})
# An address in a federal prison: the listed party is a convicted person.
_PRISON_ADDRESS = re.compile(
    r"\b(INMATE|REGISTER NUMBER|REG\. NO|USM NO|FCI|CORRECTIONAL|PRISON|PENITENTIARY|"
    r"DETENTION|JAIL)\b",
    re.IGNORECASE,
)
_PERSON_TOKEN = re.compile(r"[A-Z][A-Z'\-]*\.?|[A-Z]\.", re.IGNORECASE)
_VOWEL = re.compile(r"[AEIOUY]", re.IGNORECASE)
_WEB_NAME = re.compile(r"\.(NET|COM|ORG)\b|\d", re.IGNORECASE)

# "X A/K/A Y", "X D/B/A Y", "X F/K/A Y" in the Name column.
_NAME_LINK = re.compile(r"\s+(A/K/A|A\.K\.A\.?|AKA|D/B/A|DBA|F/K/A|F\.K\.A\.?)\s+", re.I)
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*")
_AKA_PREFIX = re.compile(r"^(A/K/A|A\.K\.A\.?|AKA)\s+", re.I)
_NICKNAME = re.compile(r'\s*"([^"]+)"\s*')
_WHITESPACE = re.compile(r"\s+")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True, slots=True)
class DplRow:
    """One line of ``dpl.txt``, fields stripped; ``line`` is where the record starts."""

    line: int
    name: str
    street: str
    city: str
    state: str
    country: str
    postal_code: str
    effective_date: str
    expiration_date: str
    standard_order: str
    last_update: str
    action: str
    fr_citation: str


# --- format registration ---------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    """The first line is the DPL header, tab-separated, quoted or not."""
    first_line = head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf").rstrip(b"\r")
    return _is_header(first_line.decode("latin-1").split("\t"))


def parse(path: Path) -> ParsedList:
    """Read ``dpl.txt``; a wrong header or a broken row raises InputError naming the line."""
    rows = read_rows(path)
    horizon = _horizon_year(rows)
    allocator = IdAllocator()
    parties = [_party(group, horizon, allocator) for group in group_rows(rows)]
    return ParsedList(source=SOURCE_KEY, format=FORMAT_NAME, parties=parties)


register(
    ListFormat(
        name=FORMAT_NAME,
        source=SOURCE_KEY,
        title="BIS Denied Persons List (dpl.txt)",
        sniff=sniff,
        parse=parse,
        official_url=OFFICIAL_URL,
    )
)


# --- reading rows ----------------------------------------------------------------------


def read_rows(path: Path) -> list[DplRow]:
    """The data rows of the file, after checking the header and each row's field count.

    The header is checked on the raw first line, before any CSV parsing: a file saved
    with commas would otherwise fail on its quoting, with a message that hides the cause.
    """
    text = read_text(path)
    if not text.strip():
        raise InputError("the file is empty", path=path, position="line 1")
    _check_header(text.split("\n", 1)[0].rstrip("\r").split("\t"), path)
    rows = iter_csv_rows(text, path, delimiter="\t")
    next(rows)
    out: list[DplRow] = []
    for line, fields in rows:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(HEADER):
            raise InputError(
                f"expected {len(HEADER)} tab-separated fields, found {len(fields)}",
                path=path,
                position=f"line {line}",
                hint="the row is damaged or the file was re-saved with another delimiter",
            )
        out.append(DplRow(line, *(_WHITESPACE.sub(" ", field).strip() for field in fields)))
    return out


def _is_header(fields: Sequence[str]) -> bool:
    found = tuple(field.strip().strip('"').strip().casefold() for field in fields)
    return found == tuple(column.casefold() for column in HEADER)


def _check_header(fields: list[str], path: Path) -> None:
    if _is_header(fields):
        return
    problem = "not the Denied Persons List header"
    if len(fields) == 1 and "," in fields[0]:
        problem += " (it has commas but no tabs: the file must be tab-separated)"
    raise InputError(
        problem,
        path=path,
        position="line 1",
        hint="expected the tab-separated columns " + ", ".join(HEADER),
    )


def group_rows(rows: Iterable[DplRow]) -> list[list[DplRow]]:
    """Rows of one party: same name (by identity key) and same effective date, file order."""
    groups: dict[tuple[str, str], list[DplRow]] = {}
    for row in rows:
        groups.setdefault((identity_key(row.name), row.effective_date), []).append(row)
    return list(groups.values())


def _horizon_year(rows: Sequence[DplRow]) -> int:
    """The latest year a date in this file can hold: the newest effective date's year + 1.

    Taken from the file rather than the clock so that parsing an old file gives the same
    result today and in ten years; the clock only keeps a typo'd effective year (3017)
    from stretching the horizon.
    """
    latest_possible = dt.date.today().year + 1
    dates = (_us_date(row.effective_date) for row in rows)
    years = [d.year for d in dates if d is not None and d.year <= latest_possible]
    return (max(years) + 1) if years else latest_possible


# --- one party -------------------------------------------------------------------------


def _party(rows: list[DplRow], horizon: int, allocator: IdAllocator) -> Party:
    issues: list[DataIssue] = []
    first = rows[0]
    start = _effective_date(first, horizon, issues)
    citations = _citations(rows, issues)
    addresses = _unique(_address(row, issues) for row in rows)
    _flag_repeated_rows(rows, issues)
    listing = Listing(
        list_code=LIST_CODE,
        authority=AUTHORITY,
        list_name=LIST_NAME,
        start_date=start,
        end_date=_end_date(rows, start, issues),
        federal_register=citations,
        remarks=_remarks(rows, start, horizon, issues),
        source_url=OFFICIAL_URL,
    )
    return Party(
        id=allocator.allocate(party_id(first, start, citations)),
        schema=guess_schema(first.name, [row.street for row in rows]),
        names=_party_names(rows),
        addresses=addresses,
        countries=_unique(a.country for a in addresses if a.country),
        listings=[listing],
        issues=_unique(issues),
    )


def party_id(
    row: DplRow, start: dt.date | None, citations: Sequence[FederalRegisterCitation]
) -> str:
    """``dpl-<hash>`` of the name and the order's first Federal Register notice.

    The first notice (lowest volume and page) is the one that imposed the denial; later
    ones renew or amend it. Keying on it rather than on the effective date keeps the id
    when a temporary denial order is renewed, which moves the effective date (35 of the
    396 ids shared by the 2022-09 and 2023-11 files). Without a readable citation the
    effective date stands in. Namesakes under one order get ``-2`` from the IdAllocator.
    """
    if citations:
        first_notice = min(citations, key=_notice_order)
        return make_party_id(ID_PREFIX, row.name, _notice_text(first_notice))
    return make_party_id(ID_PREFIX, row.name, start.isoformat() if start else row.effective_date)


def _remarks(
    rows: list[DplRow], start: dt.date | None, horizon: int, issues: list[DataIssue]
) -> str | None:
    """Standard order flag, the Action history and the latest update date, as text."""
    lines = []
    orders = _unique(row.standard_order.upper() for row in rows if row.standard_order)
    if orders:
        lines.append("Standard order: " + "/".join(orders))
    actions = _unique(row.action for row in rows if row.action)
    if actions:
        lines.append("Action: " + " | ".join(actions))
    updates = [d for d in (_last_update(row, start, horizon, issues) for row in rows) if d]
    if updates:
        lines.append(f"Last update: {max(updates).isoformat()}")
    return "\n".join(lines) or None


def _flag_repeated_rows(rows: list[DplRow], issues: list[DataIssue]) -> None:
    """An identical second row adds nothing; it is merged, and the duplicate is noted."""
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        key = tuple(str(value) for value in _row_values(row))
        if key in seen:
            issues.append(
                DataIssue(
                    field="row",
                    message=f"line {row.line} repeats line {seen[key]}; merged",
                    severity=IssueSeverity.REPAIRED,
                )
            )
        else:
            seen[key] = row.line


def _row_values(row: DplRow) -> tuple[str, ...]:
    return (
        row.name,
        row.street,
        row.city,
        row.state,
        row.country,
        row.postal_code,
        row.effective_date,
        row.expiration_date,
        row.standard_order,
        row.last_update,
        row.action,
        row.fr_citation,
    )


# --- names and schema ------------------------------------------------------------------


def _party_names(rows: list[DplRow]) -> list[Name]:
    """The first row's name first; other spellings of merged rows become aliases."""
    found: list[Name] = []
    for index, row in enumerate(rows):
        for name in split_name(row.name):
            if index and name.kind is NameKind.PRIMARY:
                name = Name(name.value, NameKind.ALIAS)
            found.append(name)
    seen: set[str] = set()
    unique: list[Name] = []
    for name in found:
        if name.value.casefold() not in seen:
            seen.add(name.value.casefold())
            unique.append(name)
    return unique


def split_name(raw: str) -> list[Name]:
    """The names in one Name value: the primary name and any alias written into it.

    ``FUYI SUN A/K/A FRANK SUN`` -> FUYI SUN + alias FRANK SUN;
    ``PEARL (A.K.A. NEI-CHIEN CHU) LI`` -> PEARL LI + alias NEI-CHIEN CHU;
    ``SAMMY (IHSAN MEDHAT) ELASHI`` -> SAMMY ELASHI + alias IHSAN MEDHAT ELASHI (the
    words in brackets replace the ones before them);
    ``SHAOHUA "ERIC" WANG`` -> SHAOHUA WANG + alias ERIC WANG, likewise;
    ``ASMAT (APPLIED SYSTEMS METHODS AND TECHNOLOGY)`` -> ASMAT + alias APPLIED ...;
    a one-word trailing bracket (``GE SONG TAO (GE)``) is only a weak alias.
    """
    parts = _NAME_LINK.split(_clean(raw))
    text = parts[0]
    aliases = [
        Name(_clean(alias), NameKind.PREVIOUS if link.upper().startswith("F") else NameKind.ALIAS)
        for link, alias in zip(parts[1::2], parts[2::2], strict=True)
    ]
    for pattern in (_PARENTHESIS, _NICKNAME):
        while (match := pattern.search(text)) is not None:
            inner, after = _clean(match.group(1)), _clean(text[match.end() :])
            if _AKA_PREFIX.match(inner):
                aliases.append(Name(_clean(_AKA_PREFIX.sub("", inner)), NameKind.ALIAS))
            elif after:
                aliases.append(Name(f"{inner} {after}", NameKind.ALIAS))
            elif inner:
                kind = NameKind.ALIAS if " " in inner else NameKind.WEAK_ALIAS
                aliases.append(Name(inner, kind))
            text = _clean(f"{text[: match.start()]} {after}")
    primary = text or _clean(raw)
    return [Name(primary, NameKind.PRIMARY), *(a for a in aliases if a.value)]


def _clean(value: str) -> str:
    """Collapse whitespace, close up " ," and drop trailing commas."""
    text = _WHITESPACE.sub(" ", value).strip()
    return text.replace(" ,", ",").rstrip(",").strip()


def guess_schema(raw_name: str, streets: Sequence[str] = ()) -> Schema:
    """Company, Person or (when neither is evident) LegalEntity.

    The file does not say which rows are people. A legal form or a business word
    (``LTD``, ``AIRLINES``, ``TRADING``) or a web name (``SYNAPTIX.NET``) makes a
    Company; a generational suffix, an honorific, a prison address, or a name of two to
    six word-like tokens makes a Person. Everything else (``ELECTROCOM``, ``KZ RESULTS``)
    stays a LegalEntity, the FtM schema that both persons and companies extend.
    """
    tokens = [t.strip(",()").replace(".", "").upper() for t in _clean(raw_name).split()]
    words = {word for token in tokens for word in re.split(r"[-/&]", token) if word}
    if words & (_LEGAL_FORMS | _BUSINESS_WORDS) or _WEB_NAME.search(raw_name):
        return Schema.COMPANY
    if words & (_GENERATIONAL_SUFFIXES | _HONORIFICS):
        return Schema.PERSON
    if any(_PRISON_ADDRESS.search(street) for street in streets):
        return Schema.PERSON
    if _looks_like_personal_name(split_name(raw_name)[0].value.split()):
        return Schema.PERSON
    return Schema.LEGAL_ENTITY


def _looks_like_personal_name(tokens: list[str]) -> bool:
    """Two to six tokens, each a word or an initial; no vowel-less acronym such as ``KZ``."""
    tokens = [t.strip(",") for t in tokens if t.strip(",")]
    if not 2 <= len(tokens) <= 6:
        return False
    for token in tokens:
        if not _PERSON_TOKEN.fullmatch(token):
            return False
        letters = token.replace(".", "")
        if len(letters) > 1 and not _VOWEL.search(letters):
            return False
    return True


# --- addresses -------------------------------------------------------------------------


def _address(row: DplRow, issues: list[DataIssue]) -> Address:
    region, country = _region_and_country(row, issues)
    parts = (row.street, row.city, row.state, row.postal_code, row.country)
    return Address(
        full=", ".join(part for part in parts if part),
        street=row.street or None,
        city=row.city or None,
        region=region,
        postal_code=row.postal_code or None,
        country=country,
    )


def _region_and_country(row: DplRow, issues: list[DataIssue]) -> tuple[str | None, str | None]:
    """Country ISO-2 code, reading the conventions and the slips of the file.

    * blank Country with a US state: a US address (the file's convention, not a defect);
    * a US state code in Country (``NM``, not an ISO country): repaired to US;
    * blank Country with a State that is no US state (``CY``, ``RS``): left blank and
      flagged, since the column may hold a country code (``CY`` = Cyprus) or a typo
      (``RS`` beside Stavropol means Russia, not Serbia);
    * any other unreadable Country: flagged.
    """
    state = row.state or None
    if not row.country:
        if state is None or state.upper() in _US_STATES:
            return state, "US" if state else None
        issues.append(
            DataIssue(
                field="address.country",
                message=f"line {row.line}: Country is blank and State is not a US state",
                value=row.state,
            )
        )
        return state, None
    code = to_iso2(row.country)
    if code is not None:
        return state, code
    if row.country.upper() in _US_STATES and state is None:
        issues.append(
            DataIssue(
                field="address.country",
                message=f"line {row.line}: Country holds the US state {row.country}; read as US",
                value=row.country,
                severity=IssueSeverity.REPAIRED,
            )
        )
        return row.country.upper(), "US"
    issues.append(
        DataIssue(
            field="address.country",
            message=f"line {row.line}: country not recognised",
            value=row.country,
        )
    )
    return state, None


# --- dates -----------------------------------------------------------------------------


def _effective_date(row: DplRow, horizon: int, issues: list[DataIssue]) -> dt.date | None:
    """Effective_Date (MM/DD/YYYY); an unreadable or impossible one is flagged, not guessed."""
    date = _us_date(row.effective_date)
    if date is not None and _EARLIEST_YEAR <= date.year <= horizon:
        return date
    issues.append(
        DataIssue(
            field="start_date",
            message=f"line {row.line}: Effective_Date is not a possible date",
            value=row.effective_date,
        )
    )
    return None


def _end_date(rows: list[DplRow], start: dt.date | None, issues: list[DataIssue]) -> dt.date | None:
    """The latest expiration of the party's rows; rows that disagree are flagged.

    The latest is the fail-safe choice: screening keeps treating the party as denied
    until every row's denial has run out. A blank Expiration_Date (denied until further
    notice) and a dropped impossible one both count as later than any date.
    """
    dates = [_expiration_date(row, start, issues) if row.expiration_date else None for row in rows]
    known = sorted({d for d in dates if d is not None})
    if len(known) > 1 or (known and None in dates):
        written = [d.isoformat() for d in known] + (["none"] if None in dates else [])
        issues.append(
            DataIssue(
                field="end_date",
                message="the party's rows give different Expiration_Date values; the latest "
                "is used",
                value=", ".join(written),
            )
        )
    if None in dates:
        return None
    return known[-1] if known else None


def _expiration_date(row: DplRow, start: dt.date | None, issues: list[DataIssue]) -> dt.date | None:
    """Expiration_Date, never repaired.

    An expiration date decides whether a denial still stands, and a guessed digit could
    end one early; so an impossible value (unreadable, before the effective date, or more
    than a century after it, such as 3017) is dropped and flagged. The listing then has no
    end date, which screening reads as still in effect: the safe side for a denial.
    """
    date = _us_date(row.expiration_date)
    low = start or dt.date(_EARLIEST_YEAR, 1, 1)
    if date is not None and low <= date and date.year <= low.year + _LONGEST_DENIAL_YEARS:
        return date
    issues.append(
        DataIssue(
            field="end_date",
            message=f"line {row.line}: Expiration_Date is not a possible date; not stored",
            value=row.expiration_date,
        )
    )
    return None


def _last_update(
    row: DplRow, start: dt.date | None, horizon: int, issues: list[DataIssue]
) -> dt.date | None:
    """Last_Update (YYYY-MM-DD), with typo'd years repaired when only one reading fits.

    A Last_Update year must lie between the effective date's year and the file's horizon
    (:func:`_horizon_year`). An out-of-range year is repaired when exactly one in-range
    year is one keystroke away (one digit changed, or two neighbouring digits swapped):
    ``3017`` -> ``2017``, ``0222`` -> ``2022``, ``1023`` -> ``2023``. When none or several
    are (``3033`` in a 2023 file: ``2033`` is out of range, ``2023`` two keystrokes away),
    the value is flagged and left out.
    """
    if not row.last_update:
        return None
    match = _ISO_DATE.fullmatch(row.last_update)
    if match is not None:
        written_year = int(match.group(1))
        low = start.year if start else _EARLIEST_YEAR
        if low <= written_year <= horizon:
            date = _date_or_none(written_year, match)
            if date is not None:
                return date
        else:
            years = [y for y in _one_keystroke_years(match.group(1)) if low <= y <= horizon]
            repaired = _date_or_none(years[0], match) if len(years) == 1 else None
            if repaired is not None:
                issues.append(
                    DataIssue(
                        field="last_update",
                        message=f"line {row.line}: Last_Update year is a typo; repaired to "
                        f"{repaired.isoformat()}",
                        value=row.last_update,
                        severity=IssueSeverity.REPAIRED,
                    )
                )
                return repaired
    issues.append(
        DataIssue(
            field="last_update",
            message=f"line {row.line}: Last_Update is not a possible date and no single "
            "repair fits; not stored",
            value=row.last_update,
        )
    )
    return None


def _one_keystroke_years(digits: str) -> set[int]:
    """Years that differ from ``digits`` by one changed digit or one swap of neighbours."""
    found: set[int] = set()
    for i, old in enumerate(digits):
        for new in "0123456789":
            if new != old:
                found.add(int(digits[:i] + new + digits[i + 1 :]))
    for i in range(len(digits) - 1):
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        if swapped != digits:
            found.add(int(swapped))
    return found


def _date_or_none(year: int, match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _us_date(value: str) -> dt.date | None:
    match = _US_DATE.fullmatch(value)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


# --- Federal Register ------------------------------------------------------------------


def _citations(rows: list[DplRow], issues: list[DataIssue]) -> tuple[FederalRegisterCitation, ...]:
    """The citations of all the party's rows, in order; unreadable text and rows that cite
    different notices are flagged."""
    found: dict[NoticeKey, FederalRegisterCitation] = {}
    per_row: list[set[NoticeKey]] = []
    for row in rows:
        citations, unparsed = parse_federal_register_citations(row.fr_citation)
        per_row.append({notice_key(c) for c in citations})
        for citation in citations:
            key = notice_key(citation)
            if key not in found or (found[key].date is None and citation.date is not None):
                found[key] = citation
        issues.extend(
            DataIssue(
                field="federal_register",
                message=f"line {row.line}: FR_Citation text not read as a citation",
                value=fragment,
            )
            for fragment in unparsed
        )
    not_everywhere = [c for key, c in found.items() if any(key not in s for s in per_row)]
    if not_everywhere:
        issues.append(
            DataIssue(
                field="federal_register",
                message="the party's rows cite different notices; all are kept",
                value=", ".join(_notice_text(c) for c in not_everywhere),
            )
        )
    return tuple(found.values())


def _notice_order(citation: FederalRegisterCitation) -> tuple[int, int, int]:
    """Earliest notice first: by volume, then page; issue-only citations after pages."""
    if citation.page is not None:
        return citation.volume, 0, citation.page
    return citation.volume, 1, citation.issue or 0


def _notice_text(citation: FederalRegisterCitation) -> str:
    """``84 FR 22961`` (the text party ids hash, unchanged), or ``86 FR No. 71``."""
    if citation.page is not None:
        return f"{citation.volume} FR {citation.page}"
    return f"{citation.volume} FR No. {citation.issue}"


def _unique(items: Iterable[_T]) -> list[_T]:
    """Distinct items in first-seen order."""
    return list(dict.fromkeys(items))
