"""trade.gov Consolidated Screening List (CSL): CSV (plain or gzipped) and JSON.

The CSL merges 13 US lists (Commerce: EL, MEU, UVL, DPL; Treasury: SDN, SSI, CMIC, PLC,
CAP, MBS, FSE; State: ISN, DTC). One CSL row is one listing of one party. Two layouts
exist: the 2019 one without ``_id`` (28 columns) and the later one with ``_id`` (29).
Multi-valued fields are joined with "; " in the CSV and are JSON arrays in the API export.

Source defects handled here (each leaves a :class:`DataIssue` on the party):
- ``alt_names`` keep Federal Register wording ("...; and JSC 140 Repair Plant",
  "..., Ltd., and Sense Time") and inline "a.k.a." joins;
- names carry an address tail ("Chengdu Huawei Technologies Co., Ltd., Chengdu, Sichuan")
  or an affiliate prefix ("Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity: X");
- apostrophes and quotes mangled to "?" ("People?s", "Xi?an", "?Taman?");
- impossible dates ("0017-05-26").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

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
from entitywatch.sources.federal_register import (
    federal_register_volume_year,
    parse_federal_register_citations,
)
from entitywatch.sources.identity import IdAllocator, identity_key, make_party_id
from entitywatch.sources.license_policy import parse_license_policy
from entitywatch.sources.places import CHINESE_PROVINCES, PINYIN_APOSTROPHE_PLACES
from entitywatch.sources.reading import decode_utf8, iter_csv_rows, read_bytes
from entitywatch.sources.registry import ListFormat, register
from entitywatch.sources.schema_guess import guess_schema

SOURCE_KEY = "us_trade_csl"
OFFICIAL_CSV_URL = (
    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
)
OFFICIAL_JSON_URL = (
    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"
)

CSL_COLUMNS = (
    "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order",
    "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
    "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "source_information_url", "ids",
)  # fmt: skip
_REQUIRED_COLUMNS = frozenset({"source", "name"})

# "Entity List (EL) - Bureau of Industry and Security" -> ("EL", "Bureau of ...")
_SOURCE_PATTERN = re.compile(r"^(?P<title>.*?)\((?P<code>[^()]+)\)[^-–]*[-–]\s*(?P<authority>.+)$")
_LIST_CODE_FIXES = {"NS-MBS LIST": "MBS", "NS-MBS": "MBS", "NS-CMIC": "CMIC"}
# Lists named without a parenthesised code in some layouts.
_LIST_TITLES = {
    "military end user": "MEU",
    "entity list": "EL",
    "denied persons list": "DPL",
    "unverified list": "UVL",
    "specially designated nationals": "SDN",
}

_SCHEMA_BY_TYPE = {
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}

_LEGAL_FORM_END = re.compile(
    r"(?:Co\.,?\s*Ltd\.?|Co\.?\s+Limited|Ltd\.?|Limited|Inc\.?|LLC|L\.L\.C\.|Corporation|"
    r"Corp\.|Company|GmbH|S\.A\.|JSC|OOO|Co\.)$",
    re.IGNORECASE,
)
_AFFILIATE = re.compile(
    r"^(?P<parent>.+?)\.?\s+Affiliated\s+Entit(?:y|ies)\s*:\s*(?P<child>.+)$", re.IGNORECASE
)
_SUBORDINATE = re.compile(
    r"^(?P<parent>.+?)\.?\s+Subordinate\s+(?:Institution|Entity|Unit)\s*[-–:]\s*(?P<child>.+)$",
    re.IGNORECASE,
)
_TRAILING_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9&\-. ]{1,15})\)\s*$")
_AKA = re.compile(r",?\s*\b(?:a\.k\.a\.|f\.k\.a\.|aka)\s*,?\s*", re.IGNORECASE)
_MANGLED = re.compile(r"\?")
_WORD_WITH_APOSTROPHE = re.compile(r"[A-Za-z]+['’][A-Za-z]+")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _multi(value: Any) -> list[str]:
    """A multi-valued field: a JSON list, or a "; "-joined CSV string."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v.strip() if isinstance(v, str) else v for v in value if v not in (None, "")]
    return [part.strip() for part in str(value).split(";") if part.strip()]


# --- list codes --------------------------------------------------------------------------


def list_code_and_authority(source: str) -> tuple[str, str, str]:
    """``(code, authority, title)`` for a CSL ``source`` value."""
    text = " ".join(source.split())
    match = _SOURCE_PATTERN.match(text)
    if match:
        code = match["code"].strip().upper()
        code = _LIST_CODE_FIXES.get(code, code)
        return code, match["authority"].strip(), f"{match['title'].strip()} ({match['code']})"
    title, _, authority = text.partition(" - ")
    for prefix, code in _LIST_TITLES.items():
        if title.casefold().startswith(prefix):
            return code, authority.strip(), title.strip()
    raise ValueError(f"unknown CSL source {source!r}")


# --- names ------------------------------------------------------------------------------


class MangledCharacterRepair:
    """Repairs "?" that stands for a lost apostrophe or quote, where that is unambiguous.

    A "?" inside a word is replaced by an apostrophe when the same record spells that word
    with an apostrophe elsewhere ("Xi?an" in the name, "Xi'an" in the address), when it is
    a Chinese place name written with the pinyin syllable apostrophe, or when it is a
    possessive ("People?s"). A pair of "?" around words stands for quotation marks
    ("?Taman?" -> "Taman" in quotes). Anything else is left as found and flagged.

    The evidence is the record itself, never the rest of the file, so that the same record
    is repaired the same way in every version of the list.
    """

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self._apostrophe_words: dict[str, str] = {
            word.casefold(): word for word in PINYIN_APOSTROPHE_PLACES
        }
        for text in vocabulary:
            for word in _WORD_WITH_APOSTROPHE.findall(text):
                key = word.replace("’", "'").casefold()
                self._apostrophe_words.setdefault(key, word.replace("’", "'"))

    def repair(self, value: str, field: str) -> tuple[str, list[DataIssue]]:
        if "?" not in value:
            return value, []
        original = value
        value = re.sub(r"(?<=\w)\?(?=s\b)", "'", value)  # possessive: People?s
        value = re.sub(
            r"(?<=\w)\?(?=\w)",
            lambda m: self._apostrophe_if_known(m, value),
            value,
        )
        # Paired quotes: ?Word ...? at word boundaries.
        value = re.sub(r"(?:(?<=\s)|^)\?([^?]+?)\?(?=\s|$|[,.;)])", r'"\1"', value)
        issues: list[DataIssue] = []
        if value != original:
            issues.append(
                DataIssue(
                    field,
                    "repaired characters mangled to '?' in the source",
                    original,
                    IssueSeverity.REPAIRED,
                )
            )
        if "?" in value:
            issues.append(
                DataIssue(
                    field,
                    "contains '?' that probably stands for a character lost in the source; "
                    "kept as found",
                    value,
                )
            )
        return value, issues

    def _apostrophe_if_known(self, match: re.Match[str], text: str) -> str:
        start = match.start()
        left = re.search(r"[A-Za-z]+$", text[:start])
        right = re.match(r"[A-Za-z]+", text[start + 1 :])
        if left and right:
            candidate = f"{left.group(0)}'{right.group(0)}".casefold()
            if candidate in self._apostrophe_words:
                return "'"
        return "?"


def split_alt_names(value: Any) -> tuple[list[str], list[DataIssue]]:
    """Aliases from the ``alt_names`` field, without the Federal Register joiners."""
    pieces: list[str] = []
    issues: list[DataIssue] = []
    for raw in _multi(value):
        for part in _AKA.split(raw):
            part = part.strip().strip(",").strip()
            part = re.sub(r"^and\s+", "", part)
            # "Beijing Shangtang Technology Development Co., Ltd., and Sense Time"
            for sub in re.split(r"(?<=\.),\s+and\s+(?=[A-Z0-9])", part):
                sub = _clean_alias(sub)
                if not sub:
                    continue
                if len(sub) < 2 or sub.casefold() in {"and", "or", "the", "of"}:
                    issues.append(
                        DataIssue("alt_names", "dropped an alias that is only a fragment", sub)
                    )
                    continue
                pieces.append(sub)
    unique: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        key = piece.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(piece)
    return unique, issues


def _clean_alias(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;")
    # A final period is sentence punctuation unless it ends an abbreviation (Ltd., Co.).
    if text.endswith(".") and not text.endswith(")."):
        last = text.rsplit(" ", 1)[-1]
        if len(last) > 5 and last.count(".") == 1:
            text = text[:-1]
    elif text.endswith(")."):
        text = text[:-1]
    return text


def _address_text(addresses: list[Address]) -> str:
    return " | ".join(a.full for a in addresses).casefold()


def split_name_tail(name: str, addresses: list[Address]) -> tuple[str, str | None]:
    """``("Chengdu Huawei Technologies Co., Ltd.", "Chengdu, Sichuan")`` from a name whose
    end repeats its location; the name is returned unchanged when the tail is not a place.
    """
    address_text = _address_text(addresses)
    parts = [p.strip() for p in name.split(",")]
    for cut in range(1, len(parts)):
        head = ", ".join(parts[:cut])
        tail = [p for p in parts[cut:] if p]
        if not tail or not _LEGAL_FORM_END.search(head):
            continue
        if all(_is_place(component, address_text) for component in tail):
            return head, ", ".join(tail)
    return name, None


def _is_place(component: str, address_text: str) -> bool:
    key = component.casefold()
    if _LEGAL_FORM_END.search(component) or len(key.split()) > 3:
        return False
    if key in CHINESE_PROVINCES:
        return True
    if key in address_text:
        return True
    return to_iso2(component) is not None and len(component) > 2


def location_address(location: str, addresses: list[Address]) -> Address:
    """An address for a location cut from a name ("Chengdu, Sichuan"), with the country of
    the listed addresses when the location does not name one."""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    country = to_iso2(parts[-1]) if len(parts) > 1 else None
    if country is not None:
        parts = parts[:-1]
    else:
        country = next((a.country for a in addresses if a.country), None)
    return Address(
        full=location,
        city=parts[0] if parts else None,
        region=parts[1] if len(parts) > 1 else None,
        country=country,
    )


def parse_csl_address(text: str) -> Address:
    """ "street, city, [state,] postal, CC" with the ISO-2 country code last."""
    full = " ".join(text.split()).strip(" ,;")
    parts = [p.strip() for p in full.split(",") if p.strip()]
    country = None
    if parts and len(parts[-1]) == 2 and parts[-1].isalpha() and parts[-1].isupper():
        country = to_iso2(parts.pop())
    postal = None
    if (
        parts
        and re.fullmatch(r"[A-Z0-9\- ]{3,10}", parts[-1])
        and any(ch.isdigit() for ch in parts[-1])
    ):
        postal = parts.pop()
    city = parts.pop() if parts else None
    street = ", ".join(parts) or None
    return Address(full=full, street=street, city=city, postal_code=postal, country=country)


# --- identifiers, dates ----------------------------------------------------------------


def parse_csl_ids(value: Any) -> list[Identifier]:
    """ "CC, number, type" / "number, type" strings, or API dicts -> identifiers."""
    out: list[Identifier] = []
    for item in value if isinstance(value, list) else _multi(value):
        if isinstance(item, Mapping):
            number = _text(item.get("number"))
            if number:
                out.append(
                    Identifier(
                        type=_text(item.get("type")) or "id",
                        value=number,
                        country=to_iso2(_text(item.get("country"))),
                    )
                )
            continue
        parts = [p.strip() for p in str(item).split(",")]
        country = None
        if len(parts) >= 3 and len(parts[0]) == 2 and parts[0].isupper():
            country = to_iso2(parts[0])
            parts = parts[1:]
        if len(parts) < 2:
            continue
        number, id_type = ", ".join(parts[:-1]), parts[-1]
        if id_type.casefold() == "gender":
            continue
        out.append(Identifier(type=id_type, value=number, country=country))
    return out


def parse_checked_date(
    value: str,
    field: str,
    citations: tuple[FederalRegisterCitation, ...] = (),
) -> tuple[dt.date | None, list[DataIssue]]:
    """An ISO date, with impossible years repaired from the Federal Register volume.

    "0017-05-26" is repaired to 2017-05-26 only when a Federal Register citation of the
    listing was published in 2017 (volume 82); otherwise the date is dropped and flagged.
    """
    text = value.strip()
    if not text:
        return None, []
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None, [DataIssue(field, "not a valid date; ignored", text)]
    latest = dt.date.today().year + 1 if field == "start_date" else 2100
    if 1900 <= day.year <= latest:
        return day, []
    years = {
        citation.volume: federal_register_volume_year(citation.volume) for citation in citations
    }
    two_digits = day.year % 100
    for candidate in (2000 + two_digits, 1900 + two_digits):
        if candidate in years.values():
            return day.replace(year=candidate), [
                DataIssue(
                    field,
                    f"impossible year {day.year} repaired to {candidate} from the Federal "
                    "Register citation",
                    text,
                    IssueSeverity.REPAIRED,
                )
            ]
    return None, [DataIssue(field, f"impossible year {day.year}; date not kept", text)]


# --- row -> party -----------------------------------------------------------------------


class CslRowConverter:
    """Converts CSL records (CSV rows or JSON objects as dicts) into parties."""

    def __init__(self) -> None:
        self._ids = IdAllocator()
        self._repair = MangledCharacterRepair()

    def convert(self, row: Mapping[str, Any], position: str) -> Party:
        issues: list[DataIssue] = []
        texts = list(_record_texts(row))
        if any("?" in text for text in texts):
            self._repair = MangledCharacterRepair(texts)
        try:
            code, authority, title = list_code_and_authority(_text(row.get("source")))
        except ValueError as exc:
            raise InputError(
                str(exc), position=position, hint="the source column names the sub-list"
            ) from exc
        raw_name = " ".join(_text(row.get("name")).split())
        if not raw_name:
            raise InputError("the name field is empty", position=position)
        addresses = self._addresses(row.get("addresses"), issues)
        names, relations, location = self._names(raw_name, row.get("alt_names"), addresses, issues)
        if location:
            addresses.append(location_address(location, addresses))
        citations, unparsed = parse_federal_register_citations(
            _text(row.get("federal_register_notice"))
        )
        for fragment in unparsed:
            issues.append(DataIssue("federal_register_notice", "citation not understood", fragment))
        start, start_issues = parse_checked_date(
            _text(row.get("start_date")), "start_date", citations
        )
        end, end_issues = parse_checked_date(_text(row.get("end_date")), "end_date", citations)
        issues += start_issues + end_issues
        policy = _text(row.get("license_policy")) or None
        listing = Listing(
            list_code=code,
            authority=authority,
            list_name=title,
            programs=tuple(_multi(row.get("programs"))),
            start_date=start,
            end_date=end,
            federal_register=citations,
            license_requirement=_text(row.get("license_requirement")) or None,
            license_policy=policy,
            license_policy_clauses=parse_license_policy(policy),
            remarks=self._remarks(row),
            source_url=_text(row.get("source_information_url"))
            or _text(row.get("source_list_url"))
            or None,
        )
        schema = _SCHEMA_BY_TYPE.get(_text(row.get("type")).casefold()) or guess_schema(raw_name)
        countries = sorted({a.country for a in addresses if a.country})
        entity_number = _text(row.get("entity_number"))
        record_id = _text(row.get("_id")) or _text(row.get("id")) or None
        if entity_number:
            base = make_party_id(f"csl-{code.lower()}", entity_number)
        else:
            base = make_party_id(
                f"csl-{code.lower()}", names[0].value, countries[0] if countries else None
            )
        identifiers = parse_csl_ids(row.get("ids"))
        if entity_number:
            identifiers.append(Identifier(type=f"{code} entity number", value=entity_number))
        vessel = self._vessel_identifiers(row)
        return Party(
            id=self._ids.allocate(base),
            schema=schema,
            names=names,
            addresses=addresses,
            countries=countries,
            identifiers=identifiers + vessel,
            birth_dates=_multi(row.get("dates_of_birth")),
            nationalities=[c for c in (to_iso2(n) for n in _multi(row.get("nationalities"))) if c]
            + [c for c in (to_iso2(n) for n in _multi(row.get("citizenships"))) if c],
            relations=relations,
            listings=[listing],
            issues=issues,
            title=_text(row.get("title")) or None,
            notes=f"listed as: {raw_name}" if names[0].value != raw_name else None,
            source_record_id=record_id,
        )

    def _addresses(self, value: Any, issues: list[DataIssue]) -> list[Address]:
        out: list[Address] = []
        for item in value if isinstance(value, list) else _multi(value):
            if isinstance(item, Mapping):
                parts = [
                    _text(item.get(k))
                    for k in ("address", "city", "state", "postal_code", "country")
                ]
                full = ", ".join(p for p in parts if p)
                if not full:
                    continue
                repaired, found = self._repair.repair(full, "addresses")
                issues += found
                out.append(
                    Address(
                        full=repaired,
                        street=_text(item.get("address")) or None,
                        city=_text(item.get("city")) or None,
                        region=_text(item.get("state")) or None,
                        postal_code=_text(item.get("postal_code")) or None,
                        country=to_iso2(_text(item.get("country"))),
                    )
                )
            else:
                repaired, found = self._repair.repair(str(item), "addresses")
                issues += found
                if repaired.strip(" ,"):
                    out.append(parse_csl_address(repaired))
        return out

    def _names(
        self,
        raw_name: str,
        alt_names: Any,
        addresses: list[Address],
        issues: list[DataIssue],
    ) -> tuple[list[Name], list[Relation], str | None]:
        name, found = self._repair.repair(raw_name, "name")
        issues += found
        relations: list[Relation] = []
        for pattern, kind in (
            (_AFFILIATE, RelationKind.AFFILIATE_OF),
            (_SUBORDINATE, RelationKind.SUBORDINATE_OF),
        ):
            match = pattern.match(name)
            if match:
                parent = match["parent"].strip().rstrip(".")
                parent = _TRAILING_ACRONYM.sub("", parent).strip()
                relations.append(Relation(kind=kind, target_name=parent))
                name = match["child"].strip()
                break
        name, location = split_name_tail(name, addresses)
        names = [Name(name)]
        acronym = _TRAILING_ACRONYM.search(name)
        if acronym:
            names.append(Name(acronym["acronym"].strip(), NameKind.WEAK_ALIAS))
        aliases, alias_issues = split_alt_names(alt_names)
        issues += alias_issues
        for alias in aliases:
            repaired, found = self._repair.repair(alias, "alt_names")
            issues += found
            names.append(Name(repaired, NameKind.ALIAS))
        unique: list[Name] = []
        seen: set[str] = set()
        for item in names:
            key = item.value.casefold()
            if key not in seen:
                seen.add(key)
                unique.append(item)
        return unique, relations, location

    @staticmethod
    def _remarks(row: Mapping[str, Any]) -> str | None:
        parts = [_text(row.get("remarks"))]
        standard_order = _text(row.get("standard_order"))
        if standard_order:
            parts.append(f"Standard order: {standard_order}")
        places = _multi(row.get("places_of_birth"))
        if places:
            parts.append("Place of birth: " + "; ".join(str(p) for p in places))
        text = " ".join(p for p in parts if p)
        return text or None

    @staticmethod
    def _vessel_identifiers(row: Mapping[str, Any]) -> list[Identifier]:
        out = []
        for column, label in (
            ("call_sign", "Call sign"),
            ("vessel_type", "Vessel type"),
            ("vessel_flag", "Vessel flag"),
            ("vessel_owner", "Vessel owner"),
            ("gross_tonnage", "Gross tonnage"),
            ("gross_registered_tonnage", "Gross registered tonnage"),
        ):
            value = _text(row.get(column))
            if value:
                out.append(Identifier(type=label, value=value))
        return out


def link_relations(parties: list[Party]) -> None:
    """Point each relation at the party in the same file that bears the target's name.

    Also records parent-child structure that the CSL writes only as a name prefix:
    "Tactical Missile Corporation, NPO Lightning" is subordinate to the listed
    "Tactical Missile Corporation" when that party exists in the same list.
    """
    by_name: dict[tuple[str, str], str] = {}
    for party in parties:
        code = party.listings[0].list_code if party.listings else ""
        for name in party.names:
            if name.kind in (NameKind.PRIMARY, NameKind.ALIAS):
                by_name.setdefault((code, identity_key(name.value)), party.id)
                bare = _TRAILING_ACRONYM.sub("", name.value).strip()
                by_name.setdefault((code, identity_key(bare)), party.id)
    for party in parties:
        code = party.listings[0].list_code if party.listings else ""
        linked: list[Relation] = []
        for relation in party.relations:
            target = by_name.get((code, identity_key(relation.target_name)))
            linked.append(
                Relation(
                    relation.kind,
                    relation.target_name,
                    target or relation.target_id,
                    relation.share,
                )
            )
        if not linked:
            head = party.caption.split(",")[0].strip()
            if head != party.caption:
                target = by_name.get((code, identity_key(head)))
                if target and target != party.id:
                    linked.append(Relation(RelationKind.SUBORDINATE_OF, head, target))
        party.relations = linked


# --- file formats -----------------------------------------------------------------------


def _sniff_csv(path: Path, head: bytes) -> bool:
    first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    columns = {c.strip().strip('"') for c in first_line.split(",")}
    return {"source", "name", "alt_names", "federal_register_notice"} <= columns


def _sniff_json(path: Path, head: bytes) -> bool:
    text = head.lstrip().decode("utf-8", "replace")
    return text.startswith(("{", "[")) and '"federal_register_notice"' in text


def parse_csl_csv(path: Path) -> ParsedList:
    text = decode_utf8(read_bytes(path), path)
    rows = iter_csv_rows(text, path)
    try:
        _, header = next(rows)
    except StopIteration:
        raise InputError("the file is empty", path=path, position="line 1") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = _REQUIRED_COLUMNS - set(header)
    if missing:
        delimiter_hint = ""
        if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
            delimiter_hint = "; the file does not use commas as its delimiter"
        raise InputError(
            f"missing column(s) {', '.join(sorted(missing))}{delimiter_hint}",
            path=path,
            position="line 1",
            hint="a CSL CSV starts with the header _id,source,entity_number,...",
        )
    records: list[tuple[str, dict[str, str]]] = []
    for line, row in rows:
        if not row or all(not cell.strip() for cell in row):
            continue
        if row == header or (row[: len(header)] and row[header.index("source")] == "source"):
            continue  # a repeated header line inside the file (seen in 2023 exports)
        if len(row) != len(header):
            raise InputError(
                f"expected {len(header)} fields, found {len(row)}",
                path=path,
                position=f"line {line}",
                hint="the file is truncated or uses another delimiter",
            )
        records.append((f"line {line}", dict(zip(header, row, strict=True))))
    return _convert(records, path, "csl_csv")


def parse_csl_json(path: Path) -> ParsedList:
    text = decode_utf8(read_bytes(path), path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON ({exc.msg})",
            path=path,
            position=f"{exc.lineno}:{exc.colno}",
            hint="the file may be truncated",
        ) from exc
    results = document.get("results") if isinstance(document, dict) else document
    if not isinstance(results, list):
        raise InputError(
            "no 'results' array", path=path, hint="expected the trade.gov CSL JSON export"
        )
    records: list[tuple[str, dict[str, Any]]] = []
    for index, item in enumerate(results):
        if not isinstance(item, dict):
            raise InputError("a result is not an object", path=path, position=f"results[{index}]")
        records.append((f"results[{index}]", item))
    return _convert(records, path, "csl_json")


def _convert(
    records: Sequence[tuple[str, Mapping[str, Any]]], path: Path, format_name: str
) -> ParsedList:
    converter = CslRowConverter()
    parties: list[Party] = []
    for position, record in records:
        try:
            parties.append(converter.convert(record, position))
        except InputError as exc:
            raise InputError(
                exc.reason, path=path, position=exc.position or position, hint=exc.hint
            ) from exc
    link_relations(parties)
    return ParsedList(source=SOURCE_KEY, format=format_name, parties=parties)


def _record_texts(record: Mapping[str, Any]) -> Iterator[str]:
    for column in ("name", "alt_names", "addresses"):
        value = record.get(column)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (json.dumps(v, ensure_ascii=False) for v in value)


register(
    ListFormat(
        name="csl_csv",
        source=SOURCE_KEY,
        title="trade.gov Consolidated Screening List (CSV, plain or gzipped)",
        sniff=_sniff_csv,
        parse=parse_csl_csv,
        official_url=OFFICIAL_CSV_URL,
    )
)
register(
    ListFormat(
        name="csl_json",
        source=SOURCE_KEY,
        title="trade.gov Consolidated Screening List (JSON export)",
        sniff=_sniff_json,
        parse=parse_csl_json,
        official_url=OFFICIAL_JSON_URL,
    )
)
