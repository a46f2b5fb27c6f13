"""The names actually meant by a name as written, each with a label saying how it was found.

Neither screening inputs nor list entries are clean names. Payment messages and
shipping documents put a party label before the name ("BENEFICIARY: ACME LTD",
"C/O ..."), vessels come with a prefix ("M/V ADRIAN DARYA 1"), list entries carry former
names and aliases ("X (f.k.a. Y)", "X a.k.a. Y", "X (ex-Y)"), an acronym or brand in
brackets ("Semiconductor Manufacturing International Corporation (SMIC)"), an address
tail ("Huawei Technologies Co., Ltd., Shenzhen, Guangdong"), a note ("(DPRK
individual)") or the parent of an affiliate ("Huawei Technologies Co., Ltd. (Huawei).
Affiliated Entity: Beijing Huawei Digital Technologies Co., Ltd."). ``name_variants``
returns every name meant, so that each can be compared on its own.

Decisions:
- The name as written comes first, unless a party label (or a leading "f.k.a.", or the
  "and " the Federal Register puts before the last alias of a list) was removed: a label
  is never part of a name.
- Both sides of "a.k.a." / "f.k.a." / "ex" / "d/b/a" are kept, as "primary_part" and
  "alias_part" / "former_name". Several aliases after one marker are split on ";" only:
  commas are part of names ("Precision Industries, Inc.").
- A bracketed acronym or brand gives the name without it ("without_parenthesis") and
  itself ("parenthesised_alias"). A bracketed place ("(HK)", "(Shenzhen)"), legal form
  ("(Pvt)") or generic word ("(Group)") is only removed: alone it names nothing. A
  bracketed note (starting in lower case, or about the party: "(DPRK individual)") is
  only removed.
- Quoted parts are kept: in company names they enclose the trade name itself
  (AO 'DRUZHBA', ООО «Ромашка»); the lists give a person's nickname as a separate alias.
- The affiliate of an "Affiliated Entity:" / "Subordinate Institution -" entry is the
  party meant ("affiliate_name"); the parent's bracketed alias is not one of its names.
- A vessel prefix (M/V, MT, SS ...) is removed only before a name that has no legal form
  (a company called "MY AVIATION COMPANY LIMITED" is not the yacht "AVIATION").
- An address tail is removed ("without_location") only after a legal form and only when
  every comma-separated part of it is a place (``places.is_place_name``).
- Every text returned is stripped, unique and meaningful: it keeps at least one word that
  is neither a legal form nor a joining word, so never "" nor "and" nor "Ltd".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pycountry

from entitywatch.matching import legal_forms, places
from entitywatch.matching.text import fold_words
from entitywatch.matching.types import Token

_MAX_DEPTH = 4  # aliases of aliases: enough for every entry seen in the lists

# Party labels of payment messages (MT103 / ISO 20022 wording) and trade documents, as
# they precede a name followed by ":" ("BENEFICIARY NAME: ...").
_COLON_LABELS: tuple[str, ...] = (
    "beneficiary", "beneficiary name", "beneficiary customer", "beneficiary bank",
    "beneficiary institution", "ultimate beneficiary", "ordering customer",
    "ordering institution", "ordering party", "ordering bank", "originator",
    "originator name", "remitter", "sender", "receiver", "payer", "payee", "debtor",
    "creditor", "ultimate debtor", "ultimate creditor", "intermediary", "intermediary bank",
    "intermediary institution", "correspondent bank", "account with institution",
    "account name", "acct name", "account holder", "shipper", "exporter", "importer",
    "consignee", "consignor", "notify party", "notify", "applicant", "buyer", "seller",
    "supplier", "manufacturer", "carrier", "vessel", "vessel name", "ship", "agent",
    "forwarder", "freight forwarder", "end user", "ultimate consignee",
    "intermediate consignee", "purchaser", "vendor", "customer", "client", "company",
    "company name", "name", "party", "party name", "counterparty", "bank", "attn",
    "attention", "to", "from", "owner", "registered owner", "operator", "charterer",
    "c/o", "care of", "for the account of", "for account of", "on behalf of",
    "by order of", "in favour of", "in favor of",
)  # fmt: skip
# Labels that precede a name without a colon.
_BARE_LABELS: tuple[str, ...] = (
    "c/o", "c.o.", "care of", "attn", "attn.", "for the account of", "for account of",
    "f/a/o", "on behalf of", "by order of", "in favour of", "in favor of",
    "to the order of", "to order of", "messrs.", "messrs",
)  # fmt: skip


def _alternation(labels: tuple[str, ...]) -> str:
    ordered = sorted(labels, key=len, reverse=True)  # longest first: "beneficiary name"
    return "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in ordered)


_COLON_LABEL = re.compile(rf"^\s*(?:{_alternation(_COLON_LABELS)})\s*[:：]\s*", re.I)
_BARE_LABEL = re.compile(rf"^\s*(?:{_alternation(_BARE_LABELS)})\s+(?=\S)", re.I)
# SWIFT field tags (":59:", "50K:") and an account line ("/DE89370400440532013000").
_FIELD_TAG = re.compile(r"^\s*(?:[Ff][Ii][Ee][Ll][Dd]\s+)?:?\d{2}[A-Za-z]?:\s*")
_ACCOUNT = re.compile(r"^\s*/[A-Za-z0-9-]{4,}\s+(?=\S)")
# The Federal Register's "...; and X" leaves a leading lower-case "and" on the last alias.
_LEADING_AND = re.compile(r"^and\s+(?=\S)")

# "primary MARKER alias". ``former`` markers introduce an earlier name of the party.
_FORMER_WORDS = r"formerly(?:\s+known\s+as)?|previously(?:\s+known\s+as)?|f\.k\.a\.?|fka|f/k/a"
_FORMER = r"ex(?=[-.\s])|" + _FORMER_WORDS
_ALIAS = r"a\.k\.a\.?|aka|a/k/a|also\s+known\s+as|d\.b\.a\.?|dba|d/b/a|doing\s+business\s+as|t/a|trading\s+as|n\.k\.a\.?|nka|now\s+known\s+as"  # noqa: E501
_MARKER = re.compile(
    rf"(?<![\w/.\-])(?:(?P<former>{_FORMER})|(?P<alias>{_ALIAS}))(?![\w/])[\s,:;.\-]*", re.I
)
# A marker opening a name: the rest is an alias of the party ("F.K.A. Office of ...").
# Only the dotted, slashed and spelt-out markers: "EX-CLE" and "AKA Trading" are companies.
_LEADING_MARKER = re.compile(
    r"^\s*(?:[fan]\.k\.a\.?|d\.b\.a\.?|[fa]/k/a|d/b/a|t/a|formerly(?:\s+known\s+as)?"
    r"|previously\s+known\s+as|also\s+known\s+as|doing\s+business\s+as|trading\s+as"
    r"|now\s+known\s+as)(?![\w/])[\s,:;.\-]*",
    re.I,
)
# Whether any of the above may open a text: one match instead of six on most names.
_ANY_LEADING_LABEL = re.compile(
    "|".join(
        f"(?:{pattern.pattern})"
        for pattern in (
            _FIELD_TAG,
            _ACCOUNT,
            _COLON_LABEL,
            _BARE_LABEL,
            _LEADING_AND,
            _LEADING_MARKER,
        )
    ),
    re.I,
)
_CARE_OF = re.compile(r"\s+(?:c/o|care\s+of|attn\.?:?|attention:)\s+", re.I)
_AFFILIATE = re.compile(
    r"\.?\s+(?:affiliated\s+entity|subordinate\s+institution)\s*[:\-–]\s*(?P<name>\S.*)$",
    re.I | re.S,
)
# Vessel prefixes, upper case or with their slash or dots (so "Mt Everest" keeps "Mt").
_VESSEL_PREFIX = re.compile(
    r"^(?:(?:M|S|R|F|T)/[VTSY]|M\.[VTSY]\.|S\.S\.|R\.V\.|F\.V\.|T\.S\.|MV|MT|SS|RV|FV|MS|MY|TS)"
    r"\s+(?=\S)",
)
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(_OPENING.values())
_ANY_OPENING = re.compile(r"[(\[{]")

# Words that are part of names but mean nothing alone, for fragments ("and", "Group").
_JOINING_WORDS: frozenset[str] = frozenset(
    {"and", "of", "the", "for", "in", "on", "at", "by", "to", "a", "an", "de", "del", "la",
     "le", "el", "y", "e", "et", "und", "der", "die", "das", "van", "von"}
)  # fmt: skip
_GENERIC_WORDS: frozenset[str] = frozenset(
    {"group", "holding", "holdings", "offshore", "off", "shore", "private", "public",
     "international", "company", "companies", "branch", "subsidiary", "headquarters", "hq",
     "former", "formerly", "free", "zone", "ftz", "zona", "libre", "sez"}
)  # fmt: skip
# Bracketed notes about the party rather than names of it: "(DPRK individual)".
_NOTE_WORDS: frozenset[str] = frozenset(
    {"individual", "person", "entity", "national", "citizen", "vessel", "aircraft",
     "flight", "deceased", "male", "female", "born", "see", "including", "located", "rtd",
     "retd", "retired"}
)  # fmt: skip
_ANY_NAME = "name"  # stands for the name a bracketed text follows
_COUNTRY_CODES: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries) | {"UK"}


class _Variants:
    """Ordered unique texts with their labels; refuses texts that name nothing."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []
        self._seen: set[str] = set()

    def add(self, text: str, label: str) -> str | None:
        """Add ``text`` (cleaned); return it, or None when it is empty, a duplicate or names
        nothing (only legal forms and joining words)."""
        cleaned = _clean(text)
        if not cleaned or cleaned in self._seen or not _meaningful(cleaned):
            return None
        self._seen.add(cleaned)
        self.items.append((cleaned, label))
        return cleaned


def name_variants(name: str) -> list[tuple[str, str]]:
    """Every name meant by ``name``, as ``(text, variant label)``, the name as written first.

    Labels: "as_written", "without_label", "primary_part", "alias_part", "former_name",
    "care_of_party", "affiliate_name", "vessel_prefix_removed", "without_parenthesis",
    "parenthesised_alias", "without_location".
    """
    variants = _Variants()
    text = _SPACES.sub(" ", name).strip()  # edge punctuation stays: "BENEFICIARY:" is a label
    stripped = _strip_labels(text)
    first = variants.add(stripped, "as_written" if stripped == text else "without_label")
    _expand(first or stripped, variants, depth=0)
    return variants.items


def _expand(text: str, variants: _Variants, depth: int) -> None:
    """Add the names derived from ``text``, and theirs in turn (up to ``_MAX_DEPTH``)."""
    if depth >= _MAX_DEPTH or not text:
        return
    for rule in (_affiliate, _aliases, _care_of, _vessel_prefix, _parentheses):
        derived = list(rule(text))
        if derived:
            for part, label in derived:
                added = variants.add(part, label)
                if added is not None:
                    _expand(added, variants, depth + 1)
            return
    tail_removed = _without_location(text)
    if tail_removed is not None:
        variants.add(tail_removed, "without_location")


# --- labels ---------------------------------------------------------------------------


def _strip_labels(text: str) -> str:
    """``text`` without the party labels, field tags and alias markers that open it."""
    if not _ANY_LEADING_LABEL.match(text):
        return text
    previous = None
    while previous != text:
        previous = text
        for pattern in (_FIELD_TAG, _ACCOUNT, _COLON_LABEL, _BARE_LABEL, _LEADING_AND):
            text = pattern.sub("", text, count=1)
        if _LEADING_MARKER.match(text) and _meaningful(_LEADING_MARKER.sub("", text, 1)):
            text = _LEADING_MARKER.sub("", text, count=1)
    return text.strip()


# --- rules: each yields (text, label) pairs, or nothing when it does not apply --------


def _affiliate(text: str) -> Iterator[tuple[str, str]]:
    """An affiliate entry ("Parent (P).  Affiliated Entity: Name") -> Name: the listed
    party is the affiliate."""
    match = _AFFILIATE.search(text)
    if match is not None and match.start() > 0:
        yield match.group("name"), "affiliate_name"


def _aliases(text: str) -> Iterator[tuple[str, str]]:
    """Aliases and former names: "X (f.k.a. Y)", "X a.k.a. Y; Z", "X ex-Y" -> X, Y (and Z)."""
    for start, end, content in _bracket_groups(text):
        marker = _MARKER.match(content)
        if marker is None:
            continue
        primary = text[:start] + " " + text[end:]
        yield primary, "primary_part"
        yield from _alias_parts(content[marker.end() :], marker)
        return
    masked = _mask_brackets(text)
    for marker in _MARKER.finditer(masked):
        primary = text[: marker.start()]
        if not _meaningful(primary):
            continue
        yield primary, "primary_part"
        yield from _alias_parts(text[marker.end() :], marker)
        return


def _alias_parts(rest: str, marker: re.Match[str]) -> Iterator[tuple[str, str]]:
    label = "former_name" if marker.group("former") else "alias_part"
    for part in rest.split(";"):
        yield part, label


def _care_of(text: str) -> Iterator[tuple[str, str]]:
    """Care of: "JOHN DOE C/O ACME LTD" -> both, the addressee and the party it goes through."""
    match = _CARE_OF.search(_mask_brackets(text))
    if match is not None:
        yield text[: match.start()], "primary_part"
        yield text[match.end() :], "care_of_party"


def _vessel_prefix(text: str) -> Iterator[tuple[str, str]]:
    """A vessel prefix: "M/V ADRIAN DARYA 1" -> "ADRIAN DARYA 1" (as written is kept too)."""
    match = _VESSEL_PREFIX.match(text)
    if match is None:
        return
    rest = text[match.end() :]
    if not _ends_with_legal_form(rest):
        yield rest, "vessel_prefix_removed"


def _parentheses(text: str) -> Iterator[tuple[str, str]]:
    """Brackets: "Name (ACRONYM)" -> "Name" and "ACRONYM"; notes, places, forms are only
    removed."""
    groups = _bracket_groups(text)
    if not groups:
        return
    pieces: list[str] = []
    index = 0
    for start, end, _ in groups:
        pieces.append(text[index:start])
        index = end
    pieces.append(text[index:])
    # A bracketed place stays: places weigh little when only one name has them, and
    # conflict when both do ("Bank of China (Hong Kong)" is not "(Australia)").
    # A bracketed number stays too: "Tzuriel Nekhasim (2011)" and "(2016)" are two
    # companies (numbers are identity).
    if not all(_is_place(content) or _is_number(content) for _, _, content in groups):
        yield " ".join(pieces), "without_parenthesis"
    for _, _, content in groups:
        if _is_alias_like(content):
            yield content, "parenthesised_alias"


def _is_number(content: str) -> bool:
    words = fold_words(content)
    return len(words) == 1 and words[0].isdigit()


def _is_alias_like(content: str) -> bool:
    """Whether a bracketed text is another name of the party (an acronym, a brand)."""
    stripped = content.strip()
    if not stripped or stripped[0].islower() or _is_place(stripped) or _is_number(stripped):
        return False
    words = fold_words(stripped)
    if any(word in _NOTE_WORDS for word in words):
        return False
    # Read as the end of a name, so that "(Pvt)", "(PTY)", "(AO)" count as legal forms.
    tagged = legal_forms.tag_legal_forms([_ANY_NAME, *words])[1:]
    return any(
        isinstance(item, str)
        and len(item) > 1
        and item not in _JOINING_WORDS
        and item not in _GENERIC_WORDS
        for item in tagged
    )


def _without_location(text: str) -> str | None:
    """An address tail: "Name Co., Ltd., Shenzhen, Guangdong" -> "Name Co., Ltd."; None when
    there is none."""
    if "," not in text:
        return None
    parts = _top_level_split(text, ",")
    for cut in range(1, len(parts)):
        head = ",".join(parts[:cut])
        tail = parts[cut:]
        if _ends_with_legal_form(head) and all(_is_place(part) for part in tail):
            return head
    return None


# --- helpers --------------------------------------------------------------------------


def _is_place(text: str) -> bool:
    """A place name, or a country code written as one ("CN", "HK") but not a legal form
    that happens to be a code too ("SA", "AG", "AS", "SE")."""
    stripped = text.strip().strip(".")
    if stripped in _COUNTRY_CODES:
        return (stripped.lower(),) not in legal_forms.VARIANTS
    return places.is_place_name(stripped)


def _ends_with_legal_form(text: str) -> bool:
    tagged = legal_forms.tag_legal_forms(fold_words(text))
    return bool(tagged) and isinstance(tagged[-1], Token)


def _meaningful(text: str) -> bool:
    """At least one word that is neither a legal form nor a joining word."""
    tagged = legal_forms.tag_legal_forms(fold_words(text))
    return any(isinstance(item, str) and item not in _JOINING_WORDS for item in tagged)


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,;.:)\]])")
_SPACE_AFTER_OPENING = re.compile(r"([(\[])\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_EDGE_PUNCTUATION = " \t\n,;:-–—/"
_NEEDS_CLEANING = re.compile(
    r"\s\s|[\t\n\r]|\s[,;.:)\]]|[(\[]\s|[(\[][)\]]|[,;][.,;]|\.\.|^[\s,;:\-–—/)\]]|[\s,;:\-–—/(\[]$"
)
_DOUBLED_PUNCTUATION = re.compile(r"[,;]+(?=[.,;])|(?<=\.)\.+")


def _clean(text: str) -> str:
    """Whitespace squashed, no space before punctuation, no dangling punctuation at the
    edges, no empty brackets left by a removed part."""
    if not _NEEDS_CLEANING.search(text):
        return text
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = _SPACE_AFTER_OPENING.sub(r"\1", text)
    text = text.strip(_EDGE_PUNCTUATION)
    text = _DOUBLED_PUNCTUATION.sub("", text)
    while text.endswith(("(", "[")):
        text = text[:-1].strip(_EDGE_PUNCTUATION)
    if text.startswith((")", "]")):
        text = text[1:].strip(_EDGE_PUNCTUATION)
    return text


def _bracket_groups(text: str) -> list[tuple[int, int, str]]:
    """Top-level bracketed groups: (start, end after the closing bracket, content).

    Nested brackets stay inside their group ("(a.k.a. China Academy of Engineering Physics
    (CAEP)'s 902 Institute)"); an unclosed group runs to the end of the text.
    """
    groups: list[tuple[int, int, str]] = []
    if not _ANY_OPENING.search(text):
        return groups
    stack: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char in _OPENING:
            if not stack:
                start = index
            stack.append(_OPENING[char])
        elif char in _CLOSING and stack and char == stack[-1]:
            stack.pop()
            if not stack:
                groups.append((start, index + 1, text[start + 1 : index]))
    if stack:
        groups.append((start, len(text), text[start + 1 :]))
    return groups


def _mask_brackets(text: str) -> str:
    """``text`` with bracketed groups blanked out (same length), to search outside them."""
    groups = _bracket_groups(text)
    if not groups:
        return text
    masked = list(text)
    for start, end, _ in groups:
        masked[start:end] = "\0" * (end - start)
    return "".join(masked)


def _top_level_split(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` outside brackets."""
    masked = _mask_brackets(text)
    parts: list[str] = []
    index = 0
    for position, char in enumerate(masked):
        if char == separator:
            parts.append(text[index:position])
            index = position + 1
    parts.append(text[index:])
    return parts
