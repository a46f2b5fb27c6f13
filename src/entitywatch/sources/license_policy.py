"""The Entity List's "License requirement" and "License review policy" columns, as data.

BIS publishes both columns as prose (15 CFR part 744, supplement no. 4), and the
Consolidated Screening List copies them with inconsistent punctuation, spacing and the
odd typo ("casa-by-case", "semiconducto rs", "Presumption of  approval"). Screening needs
them as facts: *which* items need a licence, and *how* an application would be reviewed.

``parse_license_policy`` splits the review policy into clauses, one per (policy, scope):

    "Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items"
    -> case_by_case/ccl, presumption_of_approval/ear99

A clause's ``text`` is the clause as written (whitespace tidied, known typos repaired,
closing punctuation removed); for a ``described`` clause it is the description of the
items itself ("items necessary to detect, identify and treat infectious disease"). A
policy stated with no scope covers ``all_items`` when it is the only clause, and
``all_other_items`` when other clauses name specific items; ``all_other_items`` clauses
are put last, since they cover what the earlier clauses leave. A sentence that names no
policy but refers to the EAR ("See §§ 746.8(b) and 744.21(e).") adds its sections to the
clauses before it, or is a ``see_section`` clause when it stands alone. Anything else
becomes a clause with policy UNKNOWN, for the caller to flag.

``parse_license_requirement`` reads the requirement column into a
``LicenseRequirementParse``: what items need a licence, the EAR sections cited, the
footnote markers (which bring in the foreign direct product rules) and the exceptions
(one per carve-out: "except for: -crude oil ...; or -required for ..." gives two).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from entitywatch.model import LicensePolicyClause, ReviewPolicy

__all__ = [
    "REQUIREMENT_SCOPES",
    "LicenseRequirementParse",
    "find_ear_sections",
    "find_eccns",
    "parse_license_policy",
    "parse_license_requirement",
]

# --- text clean-up ----------------------------------------------------------------------

# Words split or misspelt in the published columns, repaired before parsing.
_TYPOS: Final = (
    (re.compile(r"\bsemiconducto\s+rs\b", re.IGNORECASE), "semiconductors"),
    (re.compile(r"\bcasa-by-case\b", re.IGNORECASE), "case-by-case"),
    (re.compile(r"§\s*\?\s*"), "§ "),  # a non-breaking space mangled to "?"
    (re.compile(r"\bpart\s*§"), "§"),  # "See part§744.11"
    (re.compile(r"(?<=[A-Za-z])§"), " §"),  # "specified in§746.5"
)
_WHITESPACE = re.compile(r"\s+")


def _tidy(text: str) -> str:
    """Collapse whitespace and repair the known typos, so that patterns stay simple."""
    tidied = _WHITESPACE.sub(" ", text).strip()
    for pattern, replacement in _TYPOS:
        tidied = pattern.sub(replacement, tidied)
    return tidied


def _trim(text: str) -> str:
    """Drop the separators and closing punctuation around a fragment."""
    return text.strip(" ,;:.")


# Abbreviations whose full stop does not end a sentence ("U.S. Government", "No. 2").
_ABBREVIATIONS: Final = frozenset({"no", "nos", "co", "ltd", "inc", "e.g", "i.e", "u.s", "u.k"})
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z(])|\.\)\s+(?=[A-Z(])")


def _sentences(text: str) -> list[str]:
    """Split prose into sentences at ". " before a capital or "(", minding abbreviations."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        words = text[start : match.start()].split()
        last_word = words[-1].lower() if words else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last_word):
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if _trim(piece)]


# --- ECCNs and EAR sections --------------------------------------------------------------

_ECCN = re.compile(r"(?<![\w.])([0-9])([A-EY])([0-9]{3})((?:\.[A-Za-z0-9]{1,3})*)(?![\w])", re.I)


def find_eccns(text: str) -> tuple[str, ...]:
    """The Export Control Classification Numbers named in ``text``, normalised.

    ``1a004.C`` becomes ``1A004.c``: the category digit and product group letter are upper
    case, sub-paragraph letters lower case, as the CCL writes them. Order is kept and
    repeats are dropped.
    """
    found: dict[str, None] = {}
    for match in _ECCN.finditer(text):
        category, group, number, tail = match.groups()
        found[f"{category}{group.upper()}{number}{tail.lower()}"] = None
    return tuple(found)


_PARAGRAPH = r"\(\s?(?:[a-z]{1,5}|[0-9]{1,2}|[A-Z])\s?\)"
# 15 CFR parts 730-774 make up the EAR; restricting to them avoids reading "10.5" as a section.
_SECTION = re.compile(rf"(?<![\d.])(7[3-7][0-9]\.[0-9]{{1,3}})((?:\s?{_PARAGRAPH})*)")
_CONTINUATION = re.compile(
    rf"\s*,?\s*(?:and|or|through)\s+((?:{_PARAGRAPH})+)|\s*,\s*((?:{_PARAGRAPH})+)"
)
_LABEL = re.compile(r"\(\s?([A-Za-z0-9]+)\s?\)")
_ROMAN = re.compile(r"^(?=[ivxl]+$)x{0,3}(?:ix|iv|v?i{0,3})$")

# The kind of label at each depth of a CFR paragraph: (a)(1)(i)(A)(1)(i).
_DEPTH_KINDS: Final = ("lower", "digit", "roman", "upper", "digit", "roman")


def _label_kinds(label: str) -> set[str]:
    """The paragraph kinds a label can be: "(i)" is both a letter and a roman numeral."""
    if label.isdigit():
        return {"digit"}
    if label.isupper():
        return {"upper"}
    kinds = {"roman"} if _ROMAN.match(label) else set()
    if len(label) == 1:
        kinds.add("lower")
    return kinds


def _continue_paragraph(base: list[str], labels: list[str]) -> list[str]:
    """Resolve "§ 744.11(a)(2)(i) and (ii)" -> (a)(2)(ii): replace at the matching depth."""
    kinds = _label_kinds(labels[0])
    for depth in range(len(base), 0, -1):
        if depth <= len(_DEPTH_KINDS) and _DEPTH_KINDS[depth - 1] in kinds:
            return base[: depth - 1] + labels
    return labels


def find_ear_sections(text: str) -> tuple[str, ...]:
    """The EAR sections cited in ``text``, such as ``744.11`` or ``736.2(b)(3)(vi)``.

    Paragraphs are written without spaces ("§ 744.2 (d)" -> ``744.2(d)``), and sibling
    paragraphs are expanded: "§744.21(d) and (e)" -> ``744.21(d)``, ``744.21(e)``.
    """
    found: dict[str, None] = {}
    for match in _SECTION.finditer(text):
        section = match.group(1)
        labels = _LABEL.findall(match.group(2))
        found[section + "".join(f"({label})" for label in labels)] = None
        position = match.end()
        while continuation := _CONTINUATION.match(text, position):
            more = _LABEL.findall(continuation.group(1) or continuation.group(2))
            labels = _continue_paragraph(labels, more)
            found[section + "".join(f"({label})" for label in labels)] = None
            position = continuation.end()
    return tuple(found)


# --- the review policy -------------------------------------------------------------------

_POLICY_PHRASES: Final = (
    (ReviewPolicy.PRESUMPTION_OF_DENIAL, r"presumption\s+of\s+denial"),
    (ReviewPolicy.POLICY_OF_DENIAL, r"policy\s+of\s+denial"),
    (ReviewPolicy.PRESUMPTION_OF_APPROVAL, r"presumption\s+of\s+approval"),
    (ReviewPolicy.CASE_BY_CASE, r"cas[ae]\s*-?\s*by\s*-?\s*case"),
)
_POLICY = re.compile(
    "|".join(f"(?P<{policy.name}>\\b{phrase}\\b)" for policy, phrase in _POLICY_PHRASES),
    re.IGNORECASE,
)
# "... apart from food and medicine designated as EAR99, which will be reviewed on a
# case-by-case basis": a carve-out with its own policy inside the main clause.
_CARVE_OUT = re.compile(
    r"^(?P<head>.+?)\s*,?\s*\b(?:apart\s+from|except(?:\s+for)?|other\s+than)\s+"
    r"(?P<carved>.+?)\s*,?\s*which\s+(?:will|shall)\s+be\s+reviewed\s+(?:on\s+an?\s+)?"
    r"(?P<policy>.+?)(?:\s+basis)?$",
    re.IGNORECASE,
)
# Words between the policy and its scope that say nothing about the scope.
_FILLER = re.compile(
    r"^(?:(?:review|reviews|reviewed|basis|applies|apply|to|of|applications?)\b[\s,]*)*",
    re.IGNORECASE,
)
_AND_FOR = re.compile(r",?\s+and\s+for\s+", re.IGNORECASE)

_ALL_OTHER_ITEMS = re.compile(r"^all\s+other\s+items(?:\s+subject\s+to\s+the\s+EAR)?$", re.I)
_ALL_ITEMS = re.compile(r"^(?:all|any)\s+items?(?:\s+subject\s+to\s+the\s+EAR)?$", re.I)
_CCL = re.compile(
    r"^(?:all\s+)?items\s+(?:listed\s+)?on\s+the\s+(?:CCL|Commerce\s+Control\s+List)$", re.I
)
_EAR99 = re.compile(r"^(?:all\s+)?(?:EAR99(?:\s+items)?|items\s+designated\s+(?:as\s+)?EAR99)$")
_ECCN_LIST = re.compile(r"^ECCNs?\s+(?P<list>.+)$")
_LIST_GLUE = re.compile(r"^[\s,;]*(?:and|or)?[\s,;]*$")


@functools.lru_cache(maxsize=4096)  # a list repeats a few dozen policy texts thousands of times
def parse_license_policy(text: str | None) -> tuple[LicensePolicyClause, ...]:
    """Split an Entity List licence review policy into clauses (see the module docstring).

    Returns ``()`` for empty text. Never raises: text it cannot read becomes a clause with
    policy UNKNOWN, so the caller can record a DataIssue.
    """
    if not text or not text.strip():
        return ()
    clauses: list[LicensePolicyClause] = []
    for sentence in _sentences(_tidy(text)):
        for part in (piece for piece in sentence.split(";") if _trim(piece)):
            clauses.extend(_clauses_of_part(part, clauses))
    return _resolve_bare_scopes(clauses)


def _clauses_of_part(part: str, earlier: list[LicensePolicyClause]) -> list[LicensePolicyClause]:
    """The clauses of one sentence or ";"-separated part; may extend ``earlier`` in place."""
    sections = find_ear_sections(part)
    carve_out = _CARVE_OUT.match(_trim(part))
    if carve_out and _policy_of(carve_out.group("policy")) is not None:
        return _carve_out_clauses(carve_out, sections)
    starts = list(_POLICY.finditer(part))
    if not starts:
        if sections and earlier:
            # "Policy of denial. See §§ 746.8(b) and 744.21(e)." - the basis of what precedes.
            earlier[:] = [_with_sections(clause, sections) for clause in earlier]
            return []
        policy = ReviewPolicy.SEE_SECTION if sections else ReviewPolicy.UNKNOWN
        scope = "all_items" if sections else "described"
        return [LicensePolicyClause(policy, scope, _trim(part), sections=sections)]
    clauses: list[LicensePolicyClause] = []
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(part)
        policy = ReviewPolicy[start.lastgroup or "UNKNOWN"]
        segment = part[start.start() : end]
        clauses.extend(_scoped_clauses(policy, segment, part[start.end() : end], sections))
    return clauses


def _carve_out_clauses(
    match: re.Match[str], sections: tuple[str, ...]
) -> list[LicensePolicyClause]:
    """ "Policy of denial for all items ... apart from X, which will be reviewed on a
    case-by-case basis" -> X under its own policy, then the rest under the main one."""
    head = match.group("head")
    carved_policy = _policy_of(match.group("policy")) or ReviewPolicy.UNKNOWN
    carved = _trim(match.group("carved"))
    carved_clause = _scoped_clauses(carved_policy, carved, "for " + carved, sections)
    head_start = _POLICY.search(head)
    if head_start is None:
        return [*carved_clause, LicensePolicyClause(ReviewPolicy.UNKNOWN, "described", head)]
    head_policy = ReviewPolicy[head_start.lastgroup or "UNKNOWN"]
    return [
        *carved_clause,
        LicensePolicyClause(head_policy, "all_other_items", _trim(head), sections=sections),
    ]


def _policy_of(phrase: str) -> ReviewPolicy | None:
    match = _POLICY.search(phrase)
    return ReviewPolicy[match.lastgroup] if match and match.lastgroup else None


def _scoped_clauses(
    policy: ReviewPolicy, segment: str, body: str, sections: tuple[str, ...]
) -> list[LicensePolicyClause]:
    """One clause per scope in ``body`` ("for ECCNs ..., and for EAR99 items ...")."""
    body = _FILLER.sub("", _trim(body))
    scopes = [_trim(piece) for piece in _AND_FOR.split(body)] if body else [""]
    first_words = _trim(_AND_FOR.split(segment)[0])
    clauses = []
    for index, scope_words in enumerate(scopes):
        scope_text = re.sub(r"^for\s+", "", scope_words, flags=re.IGNORECASE)
        scope, eccns = _classify_scope(scope_text)
        # a described clause keeps its description; others keep their words as written
        text = scope_text if scope == "described" or index > 0 else first_words
        clauses.append(LicensePolicyClause(policy, scope, text, eccns=eccns, sections=sections))
    return clauses


def _classify_scope(scope_text: str) -> tuple[str, tuple[str, ...]]:
    """What a clause covers, from the words after the policy: ``(scope, eccns)``.

    Returns the scope ``"bare"`` when nothing is said; ``_resolve_bare_scopes`` settles it.
    """
    words = _trim(scope_text)
    if not words:
        return "bare", ()
    if _ALL_OTHER_ITEMS.match(words):
        return "all_other_items", ()
    if _ALL_ITEMS.match(words):
        return "all_items", ()
    if _CCL.match(words):
        return "ccl", ()
    if _EAR99.match(words):
        return "ear99", ()
    eccn_list = _ECCN_LIST.match(words)
    if eccn_list and _LIST_GLUE.match(_ECCN.sub("", eccn_list.group("list"))):
        return "eccns", find_eccns(eccn_list.group("list"))
    return "described", ()


def _resolve_bare_scopes(clauses: list[LicensePolicyClause]) -> tuple[LicensePolicyClause, ...]:
    """A policy with no scope covers everything, or everything the other clauses leave."""
    alone = len(clauses) == 1
    resolved = [
        _with_scope(clause, "all_items" if alone else "all_other_items")
        if clause.scope == "bare"
        else clause
        for clause in clauses
    ]
    resolved.sort(key=lambda clause: clause.scope == "all_other_items")
    return tuple(resolved)


def _with_scope(clause: LicensePolicyClause, scope: str) -> LicensePolicyClause:
    return LicensePolicyClause(clause.policy, scope, clause.text, clause.eccns, clause.sections)


def _with_sections(clause: LicensePolicyClause, sections: tuple[str, ...]) -> LicensePolicyClause:
    merged = tuple(dict.fromkeys((*clause.sections, *sections)))
    return LicensePolicyClause(clause.policy, clause.scope, clause.text, clause.eccns, merged)


# --- the licence requirement --------------------------------------------------------------

REQUIREMENT_SCOPES: Final = frozenset(
    {"all_items_subject_to_ear", "eccns", "described", "see_section", "unknown"}
)


@dataclass(frozen=True, slots=True)
class LicenseRequirementParse:
    """What the Entity List "License requirement" column says, as data.

    ``scope``: ``all_items_subject_to_ear``; ``eccns`` (the ECCNs in ``eccns``);
    ``described`` (a subset in prose, kept in ``description``, e.g. items "when used in
    projects specified in §746.5"); ``see_section`` (only a pointer to the EAR); or
    ``unknown`` when the text says none of these (the caller flags it).
    ``sections``: EAR sections cited outside the exceptions. ``footnotes``: footnote
    numbers of supplement no. 4 to part 744 that apply (they bring in the foreign direct
    product rules). ``exceptions``: the carve-outs ("except for ...", "apart from ...",
    "may be overcome by License Exception GOV ..."), as written. ``notes``: any other
    sentence, kept rather than dropped.
    """

    scope: str
    text: str
    eccns: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    footnotes: tuple[int, ...] = ()
    exceptions: tuple[str, ...] = ()
    description: str | None = None
    notes: tuple[str, ...] = ()


# "§§ 734.9(g),3 746.8(a)(3)" and "(See §§ 734.9(e) and 744.11 of the EAR)4": the number of
# a footnote to supplement no. 4 to part 744, printed as a superscript and flattened.
_FOOTNOTE_MARK = re.compile(r"\),?([1-9])(?![\d)]|\.\d)")
# § 736.2(b)(3)(vi) is the foreign direct product rule for "footnote 1" entities (Huawei);
# the CSL drops the superscript 1 after it, so the citation itself implies the footnote.
_FOOTNOTE_BY_SECTION: Final = {"736.2(b)(3)(vi)": 1}

_ITEMS_SUBJECT = re.compile(
    r"^(?:for\s+)?(?P<items>(?:all|any)\s+items?\s+subjects?\s+to\s+the\s+EAR)(?P<rest>.*)$",
    re.IGNORECASE,
)
_ECCN_REQUIREMENT = re.compile(
    r"^(?:for\s+)?(?:items\s+(?:classified\s+)?(?:under|in)\s+)?ECCNs?\s", re.I
)
_SEE = re.compile(r"^\(?\s*see\b", re.IGNORECASE)
_SEE_PARENTHETICAL = re.compile(r"\(\s*see\b[^()]*(?:\([^()]*\)[^()]*)*\)?[0-9]?", re.IGNORECASE)
_SEE_CLAUSE = re.compile(r",?\s*\bsee\s+§.*?of\s+the\s+EAR[0-9]?", re.IGNORECASE)
_EXCEPTION = re.compile(r"\b(?:except(?:\s+for)?|apart\s+from)\b\s*:?\s*", re.IGNORECASE)
_OVERCOME = re.compile(r"\bthis\s+license\s+requirement\s+may\s+be\s+overcome\s+by\s+", re.I)
_QUALIFIER = re.compile(r"^(?:when|if|where|that|which|listed|used|in|for\s+use)\b", re.I)


def parse_license_requirement(text: str | None) -> LicenseRequirementParse | None:
    """Read an Entity List licence requirement; ``None`` for empty text. Never raises."""
    if not text or not text.strip():
        return None
    tidied = _tidy(text)
    sentences = _sentences(tidied)
    main, exceptions, others = _split_requirement(sentences)
    references = [sentence for sentence in others if _SEE.match(sentence)]
    notes = [sentence for sentence in others if not _SEE.match(sentence)]
    sections = find_ear_sections(" ".join([main, *references]))
    scope, eccns, description, leftover = _requirement_scope(main)
    if leftover:
        notes.insert(0, leftover)
    return LicenseRequirementParse(
        scope=scope,
        text=tidied,
        eccns=eccns,
        sections=sections,
        footnotes=_footnotes(" ".join([main, *others]), sections),
        exceptions=tuple(exceptions),
        description=description,
        notes=tuple(notes),
    )


def _split_requirement(sentences: list[str]) -> tuple[str, list[str], list[str]]:
    """(main statement, the exceptions, the other sentences), exceptions cut out of each.

    A carve-out may sit in the first sentence ("All items subject to the EAR except for
    food or medicine ...") or after the reference ("(See §744.11 of the EAR), except for
    EAR99-designated technology ..."); a "(See § ...)" after the carve-out stays outside it.
    """
    main = ""
    exceptions: list[str] = []
    others: list[str] = []
    for index, sentence in enumerate(sentences):
        remainder = sentence
        overcome = _OVERCOME.search(remainder)
        if overcome:
            exceptions.append(_trim(remainder[overcome.end() :]))
            remainder = remainder[: overcome.start()]
        carve = _EXCEPTION.search(remainder)
        if carve:
            excepted, tail = remainder[carve.end() :], ""
            see_after = re.search(r"\(\s*See\s+§", excepted)
            if see_after:
                excepted, tail = excepted[: see_after.start()], excepted[see_after.start() :]
            exceptions.extend(_bullets(excepted))
            remainder = remainder[: carve.start()] + " " + tail
        if index == 0:
            main = _trim(remainder)
        elif _trim(remainder):
            others.append(_trim(remainder))
    return main, [exception for exception in exceptions if exception], others


# "except for: -crude oil ... under the following HS codes: ...; or -required for the
# continued operation of joint ventures ...": a list of carve-outs written as dashed bullets.
_BULLET = re.compile(r"(?:^|;\s*(?:or|and)?\s*)-\s*(?=\w)")


def _bullets(excepted: str) -> list[str]:
    """One exception per dashed bullet; text without bullets is one exception."""
    text = _trim(excepted)
    if not text.startswith("-"):
        return [text]
    return [_trim(piece) for piece in _BULLET.split(text) if _trim(piece)]


def _requirement_scope(
    main: str,
) -> tuple[str, tuple[str, ...], str | None, str | None]:
    """(scope, eccns, description, words left over) of the main requirement statement."""
    items = _ITEMS_SUBJECT.match(main)
    if items:
        rest = _SEE_CLAUSE.sub("", _SEE_PARENTHETICAL.sub("", items.group("rest")))
        rest = _trim(rest)
        if not rest:
            return "all_items_subject_to_ear", (), None, None
        if _QUALIFIER.match(rest):
            described = _trim(_SEE_PARENTHETICAL.sub("", main))
            described = re.sub(r"^for\s+", "", described, flags=re.IGNORECASE)
            return "described", (), described, None
        return "all_items_subject_to_ear", (), None, rest
    if _ECCN_REQUIREMENT.match(main):
        return "eccns", find_eccns(main), None, None
    if _SEE.match(main):
        return "see_section", (), None, None
    return "unknown", (), None, None


def _footnotes(text: str, sections: tuple[str, ...]) -> tuple[int, ...]:
    marks = {int(mark) for mark in _FOOTNOTE_MARK.findall(text)}
    marks.update(number for section, number in _FOOTNOTE_BY_SECTION.items() if section in sections)
    return tuple(sorted(marks))
