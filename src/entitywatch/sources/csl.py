"""trade.gov Consolidated Screening List (CSL): CSV (plain or gzipped) and JSON.

The CSL merges 13 US lists (Commerce: EL, MEU, UVL, DPL; Treasury: SDN, SSI, CMIC, PLC,
CAP, MBS, FSE; State: ISN, DTC). One CSL row is one listing of one party. Two layouts
exist: the 2019 one without ``_id`` (28 columns) and the later one with ``_id`` (29).
Multi-valued fields are joined with "; " in the CSV and are JSON arrays in the API export.

Source defects handled here (each leaves a :class:`DataIssue` on the party):
- ``alt_names`` keep Federal Register wording ("...; and JSC 140 Repair Plant",
  "..., Ltd., and Sense Time"), inline "a.k.a." / "f.k.a." joins, editorial notes
  ("(all of preceding located in or near Mianyang)") and stray brackets;
- names carry an address tail ("Chengdu Huawei Technologies Co., Ltd., Chengdu, Sichuan"),
  an affiliate or parent prefix ("Huawei Technologies Co., Ltd. (Huawei).  Affiliated
  Entity: X", "... Second Academy.  Subordinate Institution - X"), or an inline
  "(a.k.a. X)";
- apostrophes and quotes mangled to "?" ("People?s", "Xi?an", "?Taman?");
- impossible dates ("0017-05-26").

The ``ids`` column mixes identity documents with OFAC "features" (gender, target type,
secondary-sanctions notices...) and comes in two layouts: "CC, number, type" (2019-2022)
and "type, number, CC" (2023 on). Documents become identifiers; facts about the party go
to its notes and sanctions facts to the listing's remarks.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
from entitywatch.sources.places import (
    CHINESE_MUNICIPALITIES,
    CHINESE_PROVINCES,
    PINYIN_APOSTROPHE_PLACES,
    US_STATE_CODES,
    place_key,
)
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

_LEGAL_FORM = (
    r"(?:Co\.,?\s*Ltd\.?|Co\.?\s+Limited|Ltd\.?|Limited|Inc\.?|LLC|L\.L\.C\.|Corporation|"
    r"Corp\.|Company|GmbH|S\.A\.(?:\s+de\s+C\.V\.)?|C\.A\.|S\.L\.|S\.A\.S\.|Ltda\.?|"
    r"SARL|S\.p\.A\.|JSC|OJSC|PJSC|CJSC|OOO|OAO|ZAO|PAO|AO|Co\.|PLC|LLP|"
    r"Pte\.?|Pvt\.?|S\.R\.L\.|B\.V\.|N\.V\.)"
)
_LEGAL_FORM_END = re.compile(_LEGAL_FORM + "$", re.IGNORECASE)
_LEGAL_FORM_ONLY = re.compile(r"^" + _LEGAL_FORM + r",?$", re.IGNORECASE)
_AFFILIATE = re.compile(
    r"^(?P<parent>.+?)\.?\s+Affiliated\s+Entit(?:y|ies)\s*:\s*(?P<child>.+)$", re.IGNORECASE
)
# "X.  Subordinate Institution - Y" and "X (PAEC), and subordinate entity Y".
_SUBORDINATE = re.compile(
    r"^(?P<parent>.+?)[.,]?\s+(?:and\s+)?Subordinate\s+(?:Institution|Institute|Entity|Unit)"
    r"\s*[-–:]?\s+(?P<child>.+)$",
    re.IGNORECASE,
)
# "Y Co., Ltd. (a subordinate institute of CETC-7)"
_SUBORDINATE_SUFFIX = re.compile(
    r"^(?P<child>.+?)\s*\(\s*an?\s+subordinate\s+(?:institute|institution|entity|unit)\s+of\s+"
    r"(?P<parent>[^()]+)\)\s*$",
    re.IGNORECASE,
)
# An acronym in brackets at the end of a name: "(CETC 38)", "(Huawei)", "(NPO LEMZ)"; not a
# qualifier in words such as "(DPRK individual)".
_TRAILING_ACRONYM = re.compile(
    r"\s*\((?P<acronym>[A-Z][A-Za-z0-9&\-.]*(?: [A-Z0-9][A-Za-z0-9&\-.]*){0,3})\)\s*$"
)
# "a.k.a." / "f.k.a." anywhere (not inside "YK-AKA" or "Akar"); a bare "aka" only right
# after an opening bracket, where it cannot be part of a name.
_KNOWN_AS = re.compile(
    r"(?<![\w.\-])(?P<dotted>[afn]\.k\.a\.?)(?![\w\-])"
    r"|(?<=[(\[])\s*(?P<bare>aka|fka)\b"
    r"|\b(?P<words>also known as|formerly known as)\b",
    re.IGNORECASE,
)
# "X and any successor, sub-unit, or subsidiary thereof" (ISN, EL): the scope of the
# listing, not part of the name.
_SUCCESSOR_CLAUSE = re.compile(
    r"[;,]?\s+and\s+(?:any|its)\s+(?:successor|sub-?unit|subsidiar)\w*\b.*$", re.IGNORECASE
)
_NAME_FRAGMENTS = frozenset({"and", "or", "the", "of", "a.k.a.", "f.k.a.", "aka", "fka"})
_WORD_WITH_APOSTROPHE = re.compile(r"[A-Za-z]+['’][A-Za-z]+")


# Patterns used once per row, compiled once.
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
_COMMA_AND_AFTER_ABBREVIATION = re.compile(r"(?<=\.),\s+and\s+(?=[A-Z0-9])")
_POSTAL_CODE = re.compile(r"[A-Z0-9\- ]{3,10}")
_ISO_PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_DAY_MONTH_YEAR = re.compile(r"(?:(\d{1,2}) )?([A-Za-z]{3,9})\.? (\d{4})")
_APPROXIMATELY = re.compile(r"^(?:circa|approximately|about)\s+", re.IGNORECASE)
_YEAR_SPAN = re.compile(r"(\d{4})\s+to\s+(\d{4})")
_TO = re.compile(r"\s+to\s+")


def _text(value: Any) -> str:
    """A field as stripped text; numbers (an API's ``entity_number``) as their digits."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def _multi(value: Any) -> list[str]:
    """A multi-valued field: a JSON list, or a "; "-joined CSV string."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v.strip() if isinstance(v, str) else v for v in value if v not in (None, "")]
    return [part.strip() for part in str(value).split(";") if part.strip()]


def split_top_level(text: str, separator: str = ";") -> list[str]:
    """``text`` split on ``separator`` outside brackets: "A (a.k.a. B; C); D" -> 2 parts."""
    if "(" not in text and "[" not in text:
        return [part.strip() for part in text.split(separator) if part.strip()]
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


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


# --- mangled characters -----------------------------------------------------------------


class MangledCharacterRepair:
    """Repairs "?" that stands for a lost apostrophe or quote, where that is unambiguous.

    A "?" inside a word is replaced by an apostrophe when the same record spells that word
    with an apostrophe elsewhere ("Xi?an" in the name, "Xi'an" in the address), when it is
    a Chinese place name written with the pinyin syllable apostrophe, when it is a
    possessive ("People?s", "(CAEP)?s") or a French elision ("d?Etudes"). A pair of "?"
    (or "??") hugging words stands for quotation marks ("?Taman?" -> "Taman" in quotes).
    Anything else ("Telecomunicac?es", where two letters were lost) is left as found and
    flagged.

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
        value = re.sub(r"(?<=[\w)])\?(?=s\b)", "'", value)  # possessive: People?s, (CAEP)?s
        value = re.sub(r"\b([dlDL])\?(?=[AEIOUHaeiouh])", r"\1'", value)  # elision: d?Etudes
        value = re.sub(
            r"(?<=\w)\?(?=\w)",
            lambda m: self._apostrophe_if_known(m, value),
            value,
        )
        # Paired quotes hugging their words: ?Word ...? or ??Word??, never " ? " dashes.
        value = re.sub(
            r"(?:(?<=[\s(])|^)\?{1,2}(?=[^\s?])([^?]*?[^\s?])\?{1,2}(?=\s|$|[,.;)])",
            r'"\1"',
            value,
        )
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


# --- names ------------------------------------------------------------------------------


def _closing_bracket(text: str, opener: str) -> int:
    """Index in ``text`` of the bracket that closes an ``opener`` just before it (or -1)."""
    closer = ")" if opener == "(" else "]"
    depth = 1
    for index, char in enumerate(text):
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
    return -1


def split_known_as(text: str) -> tuple[str, list[tuple[str, NameKind]]]:
    """``("Gazprom Promgaz, AO", [("Otkrytoe ...", previousName)])`` from a name that
    carries its other names inline: "X (f.k.a. Y)", "X, a.k.a., Y", "PEARL (A.K.A. Z) LI".

    "a.k.a." gives aliases, "f.k.a." previous names; several names after one marker are
    separated by ";". The main part is "" when the text starts with the marker.
    """
    match = _KNOWN_AS.search(text)
    if match is None:
        return text.strip(), []
    marker = (match["dotted"] or match["bare"] or match["words"] or "").casefold()
    kind = NameKind.PREVIOUS if marker.startswith(("f", "formerly")) else NameKind.ALIAS
    before, after = text[: match.start()].rstrip(), text[match.end() :]
    opener = before[-1:] if before.endswith(("(", "[")) else ""
    if opener:  # "X (a.k.a. Y) Z": the other names end at the closing bracket
        before = before[:-1].rstrip()
        end = _closing_bracket(after, opener)
        inner, rest = (after[:end], after[end + 1 :]) if end >= 0 else (after, "")
        main = f"{before.rstrip(' ,;')} {rest.strip()}".strip() if rest.strip() else before
    else:
        inner, main = after, before
    others: list[tuple[str, NameKind]] = []
    for piece in split_top_level(inner.strip(" ,;:")):
        name, more = split_known_as(piece.strip(" ,;:"))
        if name:
            others.append((name, kind))
        others.extend(more)
    main, more_of_main = split_known_as(main.strip(" ,;"))
    return main, more_of_main + others


def clean_name(text: str) -> str:
    """Whitespace collapsed, joiner punctuation trimmed, a sentence-final period dropped.

    "Guangzhou Haige Communication Group Co., Ltd.," -> "... Co., Ltd."; "JSC AOMZ)." ->
    "JSC AOMZ)" (a stray bracket is dealt with by the caller); "Ltd." keeps its period.
    """
    text = " ".join(text.split()).strip(" ,;:")
    if text.endswith(")."):
        return text[:-1]
    if text.endswith("."):
        last = text.rsplit(" ", 1)[-1]
        if len(last) > 5 and last.count(".") == 1:
            return text[:-1]
    return text


def _drop_stray_bracket(text: str, field: str, issues: list[DataIssue]) -> str:
    """ "JSC AOMZ)" -> "JSC AOMZ": a bracket whose partner the source cut off elsewhere."""
    for opener, closer in (("(", ")"), (")", "(")):
        if text.endswith(closer) and text.count(closer) > text.count(opener):
            message = f"removed an unmatched {closer!r} left by the source"
            issues.append(DataIssue(field, message, text, IssueSeverity.REPAIRED))
            return text[:-1].rstrip(" ,;")
    return text


def _is_fragment(text: str) -> bool:
    return len(text) < 2 or text.casefold() in _NAME_FRAGMENTS or bool(_LEGAL_FORM_ONLY.match(text))


def split_alt_names(value: Any) -> tuple[list[tuple[str, NameKind]], list[DataIssue]]:
    """Other names from the ``alt_names`` field, without the Federal Register joiners.

    Returns ``(name, kind)`` pairs: aliases, and previous names where the source says
    "f.k.a.". Fragments ("and", "JSC") and editorial notes in brackets are reported as
    issues and not kept as names.
    """
    found: list[tuple[str, NameKind]] = []
    issues: list[DataIssue] = []
    for raw in _multi(value):
        for part in split_top_level(str(raw)):
            part = _LEADING_AND.sub("", part.strip(" ,"))
            if part.startswith("(") and _closing_bracket(part[1:], "(") == len(part) - 2:
                issues.append(
                    DataIssue("alt_names", "an editorial note in the aliases, not a name", part)
                )
                continue
            # "Beijing Shangtang Technology Development Co., Ltd., and Sense Time"
            for sub in _COMMA_AND_AFTER_ABBREVIATION.split(part):
                main, others = split_known_as(sub)
                for text, kind in [(main, NameKind.ALIAS), *others]:
                    name = _drop_stray_bracket(clean_name(text), "alt_names", issues)
                    if not name:
                        continue
                    if _is_fragment(name):
                        issues.append(
                            DataIssue("alt_names", "dropped an alias that is only a fragment", name)
                        )
                        continue
                    found.append((name, kind))
    unique: list[tuple[str, NameKind]] = []
    seen: set[str] = set()
    for name, kind in found:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            unique.append((name, kind))
    return unique, issues


def _address_places(addresses: list[Address]) -> set[str]:
    places: set[str] = set()
    for address in addresses:
        places.update(place_key(part) for part in address.full.split(",") if part.strip())
        places.update(place_key(p) for p in (address.city, address.region) if p)
    return places


def split_name_tail(name: str, addresses: list[Address]) -> tuple[str, str | None]:
    """``("Chengdu Huawei Technologies Co., Ltd.", "Chengdu, Sichuan")`` from a name whose
    end repeats its location; the name is returned unchanged when the tail is not a place
    ("Huawei Technologies Co., Ltd., Beijing Research Institute" names a unit).
    """
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2:
        return name, None
    places = _address_places(addresses)
    for cut in range(1, len(parts)):
        head = ", ".join(parts[:cut])
        tail = [p for p in parts[cut:] if p]
        if not tail or not _LEGAL_FORM_END.search(head):
            continue
        if all(_is_place(component, places) for component in tail):
            return head, ", ".join(tail)
    return name, None


def _is_place(component: str, address_places: set[str]) -> bool:
    """A place named in the record's addresses, a Chinese province, or a country."""
    if _LEGAL_FORM_END.search(component) or len(component.split()) > 3:
        return False
    key = place_key(component)
    if key in CHINESE_PROVINCES or key in address_places:
        return True
    return len(component) > 2 and to_iso2(component) is not None


def location_address(location: str, addresses: list[Address]) -> Address:
    """An address for a location cut from a name ("Chengdu, Sichuan"), with the country of
    the listed addresses when the location does not name one."""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    country = to_iso2(parts[-1]) if len(parts) > 1 or len(parts[-1]) > 3 else None
    if country is not None:
        parts = parts[:-1]
    else:
        country = next((a.country for a in addresses if a.country), None)
    full = ", ".join([*parts, country]) if country else ", ".join(parts)
    return Address(
        full=full,
        city=parts[0] if parts else None,
        region=parts[1] if len(parts) > 1 else None,
        country=country,
    )


def merge_location(addresses: list[Address], location: Address) -> list[Address]:
    """``addresses`` with ``location`` added, replacing a bare "Chengdu, CN" (or "GB") that
    it refines."""
    merged: list[Address] = []
    replaced = False
    for address in addresses:
        same_place = (
            address.street is None
            and (address.city or "").casefold() == (location.city or "").casefold()
            and address.country in (None, location.country)
        )
        if same_place and not replaced:
            merged.append(location)
            replaced = True
        else:
            merged.append(address)
    return merged if replaced else [*addresses, location]


# --- addresses --------------------------------------------------------------------------

_US_ZIP = re.compile(r"\d{4,5}(?:-\d{4})?")


def parse_csl_address(text: str) -> Address:
    """ "street, city, [state,] postal, CC" with the ISO-2 country code last.

    Variants seen: a country name before or instead of the code ("Beijing, China",
    "Xian, China, CN"), a Chinese province after the city ("Shijiazhuang, Hebei"), a
    leading "and " from Federal Register prose, and US addresses of the Denied Persons
    List without a country ("MIAMI, FL, 33143").
    """
    full = " ".join(text.split()).strip(" ,;")
    full = _LEADING_AND.sub("", full)
    parts = [p.strip() for p in full.split(",") if p.strip()]
    country = _pop_country(parts)
    postal = None
    if parts and _POSTAL_CODE.fullmatch(parts[-1]) and any(ch.isdigit() for ch in parts[-1]):
        postal = parts.pop()
    region = _pop_region(parts)
    if country is None and region in US_STATE_CODES and postal and _US_ZIP.fullmatch(postal):
        country = "US"
    city = parts.pop() if parts else None
    return Address(
        full=full,
        street=", ".join(parts) or None,
        city=city,
        region=region,
        postal_code=postal,
        country=country,
    )


def _pop_country(parts: list[str]) -> str | None:
    """The country of "..., CN", "..., China, CN" or "..., China", taken off ``parts``."""
    country = None
    if parts and len(parts[-1]) == 2 and parts[-1].isalpha() and parts[-1].isupper():
        country = to_iso2(parts.pop())
    if len(parts) > 1 and len(parts[-1]) > 2:
        named = to_iso2(parts[-1])
        if named is not None and country in (None, named):
            country = named
            parts.pop()
    return country


def _pop_region(parts: list[str]) -> str | None:
    """A state code ("TX") or a Chinese province ("Hebei Province") after the city."""
    if len(parts) < 2:
        return None
    last = parts[-1]
    is_code = len(last) == 2 and last.isalpha() and last.isupper()
    key = place_key(last)
    if is_code or (key in CHINESE_PROVINCES and key not in CHINESE_MUNICIPALITIES):
        return parts.pop()
    return None


# --- identifiers -----------------------------------------------------------------------

# Entries of the ``ids`` column that describe the party rather than identify it: kept in
# the party's notes (the OFAC enhanced-XML parser treats the same features alike).
_PARTY_FACT_TYPES = frozenset(
    {
        "gender", "website", "email address", "phone number", "organization established date",
        "organization type", "target type", "aircraft model", "aircraft operator",
        "aircraft manufacture date", "issuer name", "nationality country",
        "citizenship country", "former vessel flag", "nationality of registration",
        "vessel year of build", "place of birth", "title",
    }
)  # fmt: skip
# Entries that are facts of the sanctions listing: kept in the listing's remarks.
_LISTING_FACT = re.compile(
    r"^(?:executive order|secondary sanctions risk|additional sanctions information|"
    r"transactions prohibited|caatsa|effective date|listing date|purchase/sales|"
    r".*\bdirective\b)",
    re.IGNORECASE,
)
# Identity document types seen in the CSL, for telling the type from the number.
_DOCUMENT_TYPES = frozenset(
    {
        "passport", "diplomatic passport", "national id no.", "tax id no.",
        "registration number", "registration id", "cedula no.",
        "vessel registration identification", "nit #", "c.u.r.p.", "r.f.c.", "rfc",
        "government gazette number", "swift/bic", "identification number", "isin", "ruc #",
        "company number", "folio mercantil no.", "commercial registry number",
        "v.a.t. number", "equity ticker", "unified social credit code (uscc)",
        "united social credit code certificate (usccc)", "business registration number",
        "trade license no.", "matricula mercantil no", "aircraft tail number", "mmsi",
        "d.n.i.", "c.r. no.", "d-u-n-s number", "bik (ru)", "license", "driver's license no.",
        "rif #", "legal entity number", "electoral registry no.", "public registration number",
        "personal id card", "italian fiscal code", "chamber of commerce number",
        "credencial electoral", "national foreign id number", "us fein", "ssn",
        "chinese commercial code", "uk company number", "enterprise number",
        "birth certificate number", "residency number", "aircraft manufacturer's serial "
        "number (msn)", "previous aircraft tail number", "certificate of incorporation number",
        "turkish identification number", "business registration document #", "c.u.i.t.",
    }
)  # fmt: skip
# Document types written two ways for the same thing, so that they compare across sources.
_TYPE_NAMES = {
    "unified social credit code (uscc)": "Unified Social Credit Code",
    "united social credit code certificate (usccc)": "Unified Social Credit Code",
}
# Issue and expiry dates beside a document number: 2009-08-31, 18 Jan 1984, Jul 1997, 1968.
_ID_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|(?:\d{1,2} )?[A-Za-z]{3,9}\.? \d{4}|(?:19|20)\d{2}")


@dataclass(frozen=True, slots=True)
class CslIdEntry:
    """One entry of the ``ids`` column: a type, a value and an optional country."""

    type: str
    value: str
    country: str | None = None


@dataclass(slots=True)
class CslIds:
    """The ``ids`` column sorted by what each entry is."""

    identifiers: list[Identifier]
    party_facts: list[str]
    listing_facts: list[str]


def _type_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" :-")


@functools.lru_cache(maxsize=4096)
def _is_known_type(text: str) -> bool:
    key = _type_key(text)
    return (
        key in _DOCUMENT_TYPES
        or key in _PARTY_FACT_TYPES
        or key.startswith("digital currency address")
        or bool(_LISTING_FACT.match(key))
    )


def _is_country_code(text: str) -> bool:
    return len(text) == 2 and text.isupper() and to_iso2(text) is not None


def _is_qualifier(text: str) -> bool:
    """A country code or a document date, which flank the number in both layouts."""
    return _is_country_code(text) or bool(_ID_DATE.fullmatch(text))


def _type_comes_first(parts: list[str], default: bool) -> bool:
    if _is_known_type(parts[0]):
        return True
    if _is_known_type(parts[-1]):
        return False
    if _is_qualifier(parts[0]):
        return False
    if _is_qualifier(parts[-1]):
        return True
    first_digits = any(ch.isdigit() for ch in parts[0])
    last_digits = any(ch.isdigit() for ch in parts[-1])
    if first_digits != last_digits:
        return last_digits
    return default


def parse_csl_id_entry(text: str, *, type_first: bool = False) -> CslIdEntry | None:
    """One ``ids`` entry in either layout: "JO, 2014-08-30, 2009-08-31, K475336, Passport"
    (2019-2022: country, expiry and issue dates, number, type) or "Passport, E590976, TN,
    19 Jun 1987, 18 Jun 1992" (2023 on: type, number, country, dates).

    ``type_first`` is the layout to assume when the entry itself does not tell. Document
    dates are not kept: the model's identifiers have no date fields.
    """
    parts = [p.strip() for p in text.split(",")]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    first = _type_comes_first(parts, type_first)
    id_type = parts[0] if first else parts[-1]
    rest = parts[1:] if first else parts[:-1]
    country = None
    qualifiers_at_end = first
    trimmed = list(rest)
    while len(trimmed) > 1 and _is_qualifier(trimmed[-1 if qualifiers_at_end else 0]):
        part = trimmed.pop(-1 if qualifiers_at_end else 0)
        if _is_country_code(part) and country is None:
            country = to_iso2(part)
    value = ", ".join(trimmed) if trimmed else ", ".join(rest)
    return CslIdEntry(type=id_type, value=value, country=country)


def _identifier_from(entry: CslIdEntry) -> Identifier:
    key = _type_key(entry.type)
    if key == "vessel registration identification" and entry.value.upper().startswith("IMO"):
        return Identifier(type="IMO", value=entry.value[3:].strip(), country=entry.country)
    return Identifier(
        type=_TYPE_NAMES.get(key, entry.type.strip()), value=entry.value, country=entry.country
    )


def _fact_text(entry: CslIdEntry) -> str:
    separator = " " if entry.type.endswith((":", "-")) else ": "
    return f"{entry.type}{separator}{entry.value}"


_LISTING_DATE_FACT = re.compile(r"^listing date\b[^:]*:\s*(?P<date>.+)$", re.IGNORECASE)


def listing_date_from_facts(facts: Iterable[str]) -> dt.date | None:
    """The date of a "Listing Date (CMIC): 03 Jun 2021" fact, if one is there."""
    for fact in facts:
        match = _LISTING_DATE_FACT.match(fact)
        if match is None:
            continue
        text = match["date"].strip()
        for pattern in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    return None


def parse_csl_ids(value: Any, *, type_first: bool = False) -> CslIds:
    """The ``ids`` field (a "; "-joined string or the API's list of objects), sorted into
    identifiers, facts about the party and facts about the listing."""
    out = CslIds([], [], [])
    items = value if isinstance(value, list) else split_top_level(_text(value))
    for item in items:
        if isinstance(item, Mapping):
            number = _text(item.get("number"))
            if not number:
                continue
            entry = CslIdEntry(
                type=_text(item.get("type")) or "id",
                value=number,
                country=to_iso2(_text(item.get("country"))),
            )
        else:
            parsed = parse_csl_id_entry(str(item), type_first=type_first)
            if parsed is None:
                continue
            entry = parsed
        key = _type_key(entry.type)
        if key in _PARTY_FACT_TYPES:
            out.party_facts.append(_fact_text(entry))
        elif _LISTING_FACT.match(key):
            out.listing_facts.append(_fact_text(entry))
        else:
            out.identifiers.append(_identifier_from(entry))
    return out


_LAYOUT_VOTES = 50  # entries that settle a file's layout; one layout per file in practice


def ids_layout_is_type_first(records: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a file writes ``ids`` entries type first (2023 on), judged on the entries
    that say so themselves; used for the ones that do not ("Issuer Name, X" vs "X, Y")."""
    votes = 0
    for record in records:
        value = record.get("ids")
        if not isinstance(value, str):
            continue
        for item in split_top_level(value):
            parts = [p.strip() for p in item.split(",") if p.strip()]
            if len(parts) < 2:
                continue
            if _is_known_type(parts[0]) and not _is_known_type(parts[-1]):
                votes += 1
            elif _is_known_type(parts[-1]) and not _is_known_type(parts[0]):
                votes -= 1
            if abs(votes) >= _LAYOUT_VOTES:
                return votes > 0
    return votes > 0


# --- dates -------------------------------------------------------------------------------

_MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def _partial_date(text: str) -> str | None:
    """ISO (possibly partial) date from "1968-02-11", "1962", "Jan 1970", "18 Jan 1984"."""
    text = text.strip()
    if _ISO_PARTIAL_DATE.fullmatch(text):
        return text
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match and match[2][:3].casefold() in _MONTHS:
        month = _MONTHS[match[2][:3].casefold()]
        if match[1]:
            return f"{match[3]}-{month:02d}-{int(match[1]):02d}"
        return f"{match[3]}-{month:02d}"
    return None


def parse_birth_dates(values: Iterable[str]) -> tuple[list[str], list[DataIssue]]:
    """ISO dates from "1968-02-11", "circa 1960", "1962 to 1964", "18 Jan 1984".

    A range of years gives each year (the matcher compares them one by one); "circa"
    gives the stated date. Anything else is reported and not kept.
    """
    dates: list[str] = []
    issues: list[DataIssue] = []
    for raw in values:
        text = _APPROXIMATELY.sub("", str(raw).strip())
        span = _YEAR_SPAN.fullmatch(text)
        if span and 0 <= int(span[2]) - int(span[1]) <= 10:
            found = [str(year) for year in range(int(span[1]), int(span[2]) + 1)]
        else:
            pieces = [_partial_date(p) for p in _TO.split(text)]
            found = [p for p in pieces if p]
            if len(found) != len(pieces):
                issues.append(DataIssue("dates_of_birth", "date not understood; ignored", raw))
                continue
        dates.extend(d for d in found if d not in dates)
    return dates, issues


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
    years = {federal_register_volume_year(citation.volume) for citation in citations}
    two_digits = day.year % 100
    for candidate in (2000 + two_digits, 1900 + two_digits):
        if candidate in years:
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


@dataclass(slots=True)
class _NameParts:
    names: list[Name]
    relations: list[Relation]
    location: str | None
    scope: str | None  # "and any successor, sub-unit, or subsidiary thereof"


class CslRowConverter:
    """Converts CSL records (CSV rows or JSON objects as dicts) into parties.

    ``ids_type_first`` is the file's layout of the ``ids`` column, used for the entries
    that do not show it themselves (see :func:`ids_layout_is_type_first`).
    """

    def __init__(self, *, ids_type_first: bool = False) -> None:
        self._ids = IdAllocator()
        self._repair = MangledCharacterRepair()
        self._ids_type_first = ids_type_first

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
        parts = self._names(raw_name, row.get("alt_names"), addresses, issues)
        names = parts.names
        if parts.location:
            addresses = merge_location(addresses, location_address(parts.location, addresses))
        ids = parse_csl_ids(row.get("ids"), type_first=self._ids_type_first)
        scope = _LEADING_AND.sub("", parts.scope or "")
        facts = ([f"The listing also covers {scope}"] if scope else []) + ids.listing_facts
        listing = self._listing(row, code, authority, title, facts, issues)
        schema = _SCHEMA_BY_TYPE.get(_text(row.get("type")).casefold()) or guess_schema(
            names[0].value
        )
        countries = sorted({a.country for a in addresses if a.country})
        entity_number = _text(row.get("entity_number"))
        record_id = _text(row.get("_id")) or _text(row.get("id")) or None
        if entity_number:
            base = make_party_id(f"csl-{code.lower()}", entity_number)
        else:
            base = make_party_id(
                f"csl-{code.lower()}", names[0].value, countries[0] if countries else None
            )
        identifiers = ids.identifiers
        if entity_number:
            identifiers.append(Identifier(type=f"{code} entity number", value=entity_number))
        birth_dates, date_issues = parse_birth_dates(_multi(row.get("dates_of_birth")))
        issues += date_issues
        notes = [f"listed as: {raw_name}"] if names[0].value != raw_name else []
        return Party(
            id=self._ids.allocate(base),
            schema=schema,
            names=names,
            addresses=addresses,
            countries=countries,
            identifiers=identifiers + self._vessel_identifiers(row),
            birth_dates=birth_dates,
            nationalities=_nationalities(row),
            relations=parts.relations,
            listings=[listing],
            issues=list(dict.fromkeys(issues)),  # a repeated alias repeats its findings
            title=_text(row.get("title")) or None,
            notes="; ".join(notes + ids.party_facts) or None,
            source_record_id=record_id,
        )

    def _listing(
        self,
        row: Mapping[str, Any],
        code: str,
        authority: str,
        title: str,
        facts: list[str],
        issues: list[DataIssue],
    ) -> Listing:
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
        if start is None:
            # Treasury's CMIC rows carry their listing date among the ids instead.
            start = listing_date_from_facts(facts)
        policy = _text(row.get("license_policy")) or None
        return Listing(
            list_code=code,
            authority=authority,
            list_name=title,
            programs=tuple(str(p) for p in _multi(row.get("programs"))),
            start_date=start,
            end_date=end,
            federal_register=citations,
            license_requirement=_text(row.get("license_requirement")) or None,
            license_policy=policy,
            license_policy_clauses=parse_license_policy(policy),
            remarks=self._remarks(row, facts),
            source_url=_text(row.get("source_information_url"))
            or _text(row.get("source_list_url"))
            or None,
        )

    def _addresses(self, value: Any, issues: list[DataIssue]) -> list[Address]:
        out: list[Address] = []
        for item in value if isinstance(value, list) else _multi(value):
            if isinstance(item, Mapping):
                address = self._api_address(item, issues)
                if address is not None:
                    out.append(address)
                continue
            repaired, found = self._repair.repair(str(item), "addresses")
            issues += found
            if repaired.strip(" ,"):
                out.append(parse_csl_address(repaired))
        return out

    def _api_address(self, item: Mapping[str, Any], issues: list[DataIssue]) -> Address | None:
        fields = {k: _text(item.get(k)) for k in ("address", "city", "state", "postal_code")}
        country = to_iso2(_text(item.get("country")))
        for key in ("address", "city", "state"):
            if "?" in fields[key]:
                fields[key], found = self._repair.repair(fields[key], "addresses")
                issues += found
        pieces = [fields["address"], fields["city"], fields["state"], fields["postal_code"]]
        full = ", ".join([p for p in pieces if p] + ([country] if country else []))
        if not full:
            return None
        return Address(
            full=full,
            street=fields["address"] or None,
            city=fields["city"] or None,
            region=fields["state"] or None,
            postal_code=fields["postal_code"] or None,
            country=country,
        )

    def _names(
        self,
        raw_name: str,
        alt_names: Any,
        addresses: list[Address],
        issues: list[DataIssue],
    ) -> _NameParts:
        name, found = self._repair.repair(raw_name, "name")
        issues += found
        name, relations = split_parent(name)
        scope = _SUCCESSOR_CLAUSE.search(name)
        if scope:
            name = name[: scope.start()]
        name, inline = split_known_as(name)
        name, location = split_name_tail(clean_name(name), addresses)
        names = [Name(name)]
        acronym = _TRAILING_ACRONYM.search(name)
        if acronym and acronym.start() > 0:
            names.append(Name(acronym["acronym"].strip(), NameKind.WEAK_ALIAS))
        aliases, alias_issues = split_alt_names(alt_names)
        issues += alias_issues
        for text, kind in [*((clean_name(t), k) for t, k in inline), *aliases]:
            repaired, found = self._repair.repair(text, "alt_names")
            issues += found
            names.append(Name(repaired, kind))
        unique: list[Name] = []
        seen: set[str] = set()
        for item in names:
            key = item.value.casefold()
            if item.value and key not in seen:
                seen.add(key)
                unique.append(item)
        scope_text = scope.group(0).strip(" ,;") if scope else None
        return _NameParts(unique, relations, location, scope_text)

    @staticmethod
    def _remarks(row: Mapping[str, Any], facts: list[str]) -> str | None:
        parts = [_text(row.get("remarks"))]
        standard_order = _text(row.get("standard_order"))
        if standard_order:
            parts.append(f"Standard order: {standard_order}")
        places = _multi(row.get("places_of_birth"))
        if places:
            parts.append("Place of birth: " + "; ".join(str(p) for p in places))
        parts.extend(facts)
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


def split_parent(name: str) -> tuple[str, list[Relation]]:
    """The party's own name and its parent, from the three ways the CSL writes a parent:
    "P (Huawei).  Affiliated Entity: X", "P.  Subordinate Institution - X" (also "P, and
    subordinate entity X") and "X (a subordinate institute of P)".
    """
    for pattern, kind in (
        (_AFFILIATE, RelationKind.AFFILIATE_OF),
        (_SUBORDINATE_SUFFIX, RelationKind.SUBORDINATE_OF),
        (_SUBORDINATE, RelationKind.SUBORDINATE_OF),
    ):
        match = pattern.match(name)
        if match:
            parent = match["parent"].strip().rstrip(".")
            bare = _TRAILING_ACRONYM.sub("", parent).strip()
            return match["child"].strip(), [Relation(kind=kind, target_name=bare or parent)]
    return name, []


def _nationalities(row: Mapping[str, Any]) -> list[str]:
    codes: list[str] = []
    for value in _multi(row.get("nationalities")) + _multi(row.get("citizenships")):
        code = to_iso2(str(value))
        if code and code not in codes:
            codes.append(code)
    return codes


# --- relations between parties ----------------------------------------------------------


def _name_index(parties: list[Party]) -> dict[tuple[str, str], Party]:
    """(list code, name key) -> party; primary names win over aliases over acronyms."""
    index: dict[tuple[str, str], Party] = {}
    for kinds in ((NameKind.PRIMARY,), (NameKind.ALIAS, NameKind.PREVIOUS), (NameKind.WEAK_ALIAS,)):
        for party in parties:
            code = party.listings[0].list_code if party.listings else ""
            for name in party.names:
                if name.kind not in kinds:
                    continue
                index.setdefault((code, identity_key(name.value)), party)
                bare = _TRAILING_ACRONYM.sub("", name.value).strip()
                if bare:
                    index.setdefault((code, identity_key(bare)), party)
    return index


def _primary_index(parties: list[Party]) -> dict[tuple[str, str], Party]:
    """(list code, primary name key) -> organisation (persons are never parents)."""
    index: dict[tuple[str, str], Party] = {}
    for party in parties:
        if party.schema is Schema.PERSON or not party.listings:
            continue
        code = party.listings[0].list_code
        for text in (party.caption, _TRAILING_ACRONYM.sub("", party.caption).strip()):
            index.setdefault((code, identity_key(text)), party)
    return index


def _parent_by_prefix(party: Party, primaries: dict[tuple[str, str], Party]) -> Relation | None:
    """ "Tactical Missile Corporation, NPO Lightning" is subordinate to the listed "Tactical
    Missile Corporation" of the same list. Only organisations: "SALEH, Abdullah" is a
    person's surname; and "IMPORTADORA SILVANIA, C.A." with only a legal form after the
    comma is the company itself, not a unit of it."""
    if party.schema is Schema.PERSON or not party.listings:
        return None
    head, _, rest = party.caption.partition(",")
    head, rest = head.strip(), rest.strip()
    if not rest or _LEGAL_FORM_ONLY.match(rest):
        return None
    target = primaries.get((party.listings[0].list_code, identity_key(head)))
    if target is None or target.id == party.id:
        return None
    return Relation(RelationKind.SUBORDINATE_OF, head, target.id)


def link_relations(parties: list[Party]) -> None:
    """Point each relation at the party in the same list that bears the target's name, and
    record parent-child structure that the CSL writes only as a name prefix."""
    index = _name_index(parties)
    primaries = _primary_index(parties)
    for party in parties:
        code = party.listings[0].list_code if party.listings else ""
        linked: list[Relation] = []
        for relation in party.relations:
            target = index.get((code, identity_key(relation.target_name)))
            target_id = target.id if target is not None and target.id != party.id else None
            linked.append(
                Relation(
                    relation.kind,
                    relation.target_name,
                    target_id or relation.target_id,
                    relation.share,
                )
            )
        if not linked:
            by_prefix = _parent_by_prefix(party, primaries)
            if by_prefix is not None:
                linked.append(by_prefix)
        party.relations = linked


# --- file formats -----------------------------------------------------------------------


def _sniff_csv(path: Path, head: bytes) -> bool:
    first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    columns = {c.strip().strip('"') for c in first_line.split(",")}
    return {"source", "name", "alt_names", "federal_register_notice"} <= columns


def _sniff_json(path: Path, head: bytes) -> bool:
    text = head.lstrip().decode("utf-8", "replace")
    return text.startswith(("{", "[")) and '"federal_register_notice"' in text


def _is_repeated_header(row: list[str], header: list[str]) -> bool:
    source = header.index("source")
    return row == header or (len(row) > source and row[source].strip() == "source")


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
    file_issues: list[DataIssue] = []
    for line, row in rows:
        if not row or all(not cell.strip() for cell in row):
            continue
        if _is_repeated_header(row, header):
            # Seen in a 2023 export: the header line written twice. Not data; noted.
            file_issues.append(
                DataIssue(
                    "header",
                    "skipped a repeated header line",
                    f"line {line}",
                    IssueSeverity.REPAIRED,
                )
            )
            continue
        if len(row) != len(header):
            raise InputError(
                f"expected {len(header)} fields, found {len(row)}",
                path=path,
                position=f"line {line}",
                hint="the file is truncated or uses another delimiter",
            )
        records.append((f"line {line}", dict(zip(header, row, strict=True))))
    result = _convert(records, path, "csl_csv")
    result.issues[:0] = file_issues
    return result


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
    converter = CslRowConverter(ids_type_first=ids_layout_is_type_first(r for _, r in records))
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
