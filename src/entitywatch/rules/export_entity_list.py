"""Entity List entries (Supplement No. 4 to 15 CFR part 744) for one item.

The entry's licence requirement says which items need a licence ("all items subject to the
EAR", named ECCNs, items described in prose), with carve-outs and licence exceptions it
names; its review policy says, clause by clause, how an application for *this* item would
be reviewed (Hikvision: case-by-case for ECCNs 1A004.c ... 2E983, presumption of denial for
all other items; SMIC: presumption of denial for items uniquely required at advanced
technology nodes, case-by-case otherwise). Footnotes bring in the foreign direct product
rules of §734.9. No licence exception may be used unless the entry names one (§744.11(a)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from entitywatch.model import LicensePolicyClause, Listing, ReviewPolicy
from entitywatch.rules.eccn import (
    EAR99,
    Coverage,
    Eccn,
    ExportItem,
    best_coverage,
    covers,
    eccns_from_text,
)
from entitywatch.rules.export_findings import (
    NOT_APPLICABLE,
    Finding,
    Outcome,
    cfr,
    fr_citations,
    item_words,
    listed_since,
    policy_strictness,
    policy_words,
)
from entitywatch.sources.license_policy import (
    LicenseRequirementParse,
    find_ear_sections,
    find_eccns,
    parse_license_policy,
    parse_license_requirement,
)

__all__ = ["PolicyChoice", "entity_list_finding", "policy_for_item"]


# --- the licence review policy of an Entity List entry, for one item ----------------------


@dataclass(frozen=True, slots=True)
class PolicyChoice:
    """The review policy an entry sets for one item, with the clauses it was chosen from."""

    policy: str
    clause: LicensePolicyClause | None
    reasons: tuple[str, ...]
    sections: tuple[str, ...] = ()


def _clause_reach(clause: LicensePolicyClause, item: ExportItem) -> Coverage:
    """Whether a clause (other than ``all_other_items``) reaches the item."""
    scope = clause.scope
    if scope == "all_items":
        return Coverage.COVERED
    if scope == "ccl":
        return Coverage.COVERED if isinstance(item, Eccn) else Coverage.NOT_COVERED
    if scope == "ear99":
        return Coverage.NOT_COVERED if isinstance(item, Eccn) else Coverage.COVERED
    if scope == "eccns":
        named = eccns_from_text(clause.eccns)
        return best_coverage(named, item) if named else Coverage.AMBIGUOUS
    # described in prose: only a person can tell, unless the words are about EAR99 items
    # ("EAR99 items described in the Note to ECCN 1A995") and the item is on the CCL.
    if isinstance(item, Eccn) and re.search(r"\bEAR99\b", clause.text):
        return Coverage.NOT_COVERED
    return Coverage.AMBIGUOUS


def _quote(clause: LicensePolicyClause) -> str:
    if clause.scope == "described":
        return f"the entry's clause for {clause.text}"
    return f"the entry's clause “{clause.text}”"


def _condition_words(clause: LicensePolicyClause, item: ExportItem) -> str:
    """ "if 1A004 is 1A004.c" / "if the item is among items necessary to ..." """
    if clause.scope == "eccns":
        narrower = [
            str(named)
            for named in eccns_from_text(clause.eccns)
            if covers(named, item) is Coverage.AMBIGUOUS
        ]
        if narrower:
            return f"if {item} is in fact {' or '.join(narrower)}"
    return f"if the item is among {clause.text}"


def policy_for_item(clauses: tuple[LicensePolicyClause, ...], item: ExportItem) -> PolicyChoice:
    """The review policy an Entity List entry sets for ``item``.

    A clause that surely reaches the item (its ECCN, the CCL, EAR99, all items) decides;
    failing that, the ``all_other_items`` clause. Clauses that only *may* reach it (items
    described in prose; a clause naming 1A004.c asked about the bare 1A004) are weighed
    too, and the strictest of the candidates is reported, with the others as conditions:
    until the exporter establishes the facts, the stricter reading governs.
    """
    if not clauses:
        return PolicyChoice(
            ReviewPolicy.UNKNOWN.value,
            None,
            ("The entry states no licence review policy.",),
        )
    specific = [c for c in clauses if c.scope != "all_other_items"]
    remainder = [c for c in clauses if c.scope == "all_other_items"]
    definite = [c for c in specific if _clause_reach(c, item) is Coverage.COVERED]
    possible = [c for c in specific if _clause_reach(c, item) is Coverage.AMBIGUOUS]
    base = definite[0] if definite else (remainder[0] if remainder else None)
    sections = tuple(dict.fromkeys(s for c in clauses for s in c.sections))
    if base is None:
        stated = "; ".join(f"“{clause.text}”" for clause in specific)
        reasons = [
            f"The entry states a review policy only for some items ({stated}), none that "
            f"surely covers {item}: the policy for it is not known."
        ]
        reasons.extend(
            f"It would be {policy_words(c.policy.value)} {_condition_words(c, item)}."
            for c in possible
        )
        return PolicyChoice(ReviewPolicy.UNKNOWN.value, None, tuple(reasons), sections)
    candidates = [base, *possible]
    chosen = min(candidates, key=lambda clause: policy_strictness(clause.policy.value))
    reasons = [
        f"Licence review policy for {item}: {policy_words(chosen.policy.value)} ({_quote(chosen)})."
    ]
    if chosen is not base:
        reasons.append(
            f"That is the policy {_condition_words(chosen, item)}; otherwise it is "
            f"{policy_words(base.policy.value)} ({_quote(base)}). The stricter one is "
            "reported until you establish which applies."
        )
    for clause in possible:
        if clause is chosen or policy_strictness(clause.policy.value) == policy_strictness(
            chosen.policy.value
        ):
            continue
        reasons.append(
            f"The review would be {policy_words(clause.policy.value)} instead "
            f"{_condition_words(clause, item)}."
        )
    if chosen.policy is ReviewPolicy.SEE_SECTION:
        reasons.append(
            "The entry refers the review policy to "
            + ", ".join(f"§{section}" for section in chosen.sections)
            + "."
        )
    return PolicyChoice(chosen.policy.value, chosen, tuple(reasons), sections)


# --- Entity List -------------------------------------------------------------------------

# Footnotes of Supplement No. 4 to part 744 and the foreign direct product rules they bring in.
_FOOTNOTE_RULES: Final = {
    1: (
        "734.9(e)(1)",
        "footnote 1 (Huawei and its affiliates): the Entity List foreign direct product rule",
    ),
    3: (
        "734.9(g)",
        "footnote 3 (Russian and Belarusian military end users): the Russia/Belarus military "
        "end user foreign direct product rule",
    ),
    4: (
        "734.9(e)(2)",
        "footnote 4: the Entity List foreign direct product rule of §734.9(e)(2)",
    ),
}
_LICENSE_EXCEPTION = re.compile(r"^license\s+exception\b", re.IGNORECASE)


def _exception_may_cover(exception: str, item: ExportItem) -> bool:
    """Could a stated carve-out ("except for food or medicine designated as EAR99") reach
    the item? Only the exporter can say for sure; this says whether to ask."""
    if item == EAR99:
        return re.search(r"\bEAR99\b", exception) is not None
    assert isinstance(item, Eccn)
    named = eccns_from_text(find_eccns(exception))
    if best_coverage(named, item) is not Coverage.NOT_COVERED:
        return True
    # "controlled on the Commerce Control List for anti-terrorism reasons only": the 9xx
    # entries are the ones controlled for anti-terrorism and similar reasons
    return "anti-terrorism reasons only" in exception and item.number.startswith("9")


def entity_list_finding(listing: Listing, item: ExportItem) -> Finding:
    """An Entity List entry: what its licence requirement and review policy say for the item."""
    requirement = parse_license_requirement(listing.license_requirement)
    reasons: list[str] = []
    conditions: list[str] = []
    citations = ["15 CFR part 744, Supplement No. 4"]
    since = listed_since(listing)

    outcome, reach_reasons = _requirement_reach(requirement, item, since)
    reasons.extend(reach_reasons)
    sections = list(requirement.sections) if requirement else []
    if requirement is None or not sections:
        sections = ["744.11"]
    citations.extend(cfr(sections))

    clauses = parse_license_policy(listing.license_policy) or listing.license_policy_clauses
    clauses = (*clauses, *_policy_in_requirement(requirement))
    choice = policy_for_item(clauses, item)
    if outcome is not Outcome.NO_LICENSE_REQUIRED:
        reasons.extend(choice.reasons)
        citations.extend(cfr(choice.sections))

    stated = requirement.exceptions if requirement else ()
    licence_exceptions = [text for text in stated if _LICENSE_EXCEPTION.match(text)]
    carve_outs = [text for text in stated if not _LICENSE_EXCEPTION.match(text)]
    for carve_out in carve_outs:
        if _exception_may_cover(carve_out, item):
            conditions.append(
                f"The entry excepts {carve_out}: if {item} is such an item, this entry's "
                "licence requirement does not apply to it."
            )
    reasons.extend(conditions)

    fdp_rules: list[str] = []
    for footnote in requirement.footnotes if requirement else ():
        section, words = _FOOTNOTE_RULES.get(
            footnote,
            ("734.9", f"footnote {footnote}: a foreign direct product rule of §734.9"),
        )
        fdp_rules.append(section)
        citations.append(f"15 CFR {section}")
        reasons.append(
            f"The entry carries {words} (§{section}): foreign-made items that are the direct "
            "product of certain US-origin technology or software are subject to the EAR when "
            "this entity is a party, and need the licence too."
        )

    if licence_exceptions:
        exceptions_text = "only " + "; ".join(licence_exceptions) + ", as the entry states"
        reasons.append(
            "No licence exception may be used for this entity except the one the entry names: "
            + "; ".join(licence_exceptions)
            + "."
        )
        citations.extend(cfr(_sections_in(licence_exceptions)))
    else:
        exceptions_text = "none: the entry names no licence exception (15 CFR 744.11(a))"
        if outcome is not Outcome.NO_LICENSE_REQUIRED:
            reasons.append(
                "No licence exception may be used: an Entity List licence requirement can be "
                "overcome only by a licence exception the entry names, and it names none "
                "(15 CFR 744.11(a))."
            )
            citations.append("15 CFR 744.11(a)")
    citations.extend(fr_citations(listing))
    return Finding(
        basis="EL",
        outcome=outcome,
        review_policy=choice.policy
        if outcome is not Outcome.NO_LICENSE_REQUIRED
        else NOT_APPLICABLE,
        reasons=tuple(reasons),
        citations=tuple(dict.fromkeys(citations)),
        license_exceptions=exceptions_text if outcome is not Outcome.NO_LICENSE_REQUIRED else None,
        conditions=tuple(conditions),
        exceptions=tuple(stated),
        foreign_direct_product_rules=tuple(fdp_rules),
        details={"license_requirement_scope": requirement.scope if requirement else None},
    )


def _policy_in_requirement(
    requirement: LicenseRequirementParse | None,
) -> tuple[LicensePolicyClause, ...]:
    """Policy clauses written in the requirement column: "For all items subject to the EAR,
    with case-by-case basis for items listed on the CCL" (its policy column then says only
    "Presumption of approval for EAR99 items"). They are part of the entry's policy."""
    if requirement is None:
        return ()
    found: list[LicensePolicyClause] = []
    for note in requirement.notes:
        clauses = parse_license_policy(re.sub(r"^with\s+", "", note, flags=re.IGNORECASE))
        found.extend(c for c in clauses if c.policy is not ReviewPolicy.UNKNOWN)
    return tuple(found)


def _sections_in(texts: list[str]) -> list[str]:
    return [section for text in texts for section in find_ear_sections(text)]


def _requirement_reach(
    requirement: LicenseRequirementParse | None, item: ExportItem, since: str
) -> tuple[Outcome, list[str]]:
    """Does the entry's licence requirement reach the item? (outcome, reasons)."""
    head = f"Entity List{since}"
    if requirement is None:
        return Outcome.LICENSE_REQUIRED, [
            f"{head}: the list gives no licence requirement for this entry; the Entity List's "
            "usual requirement, all items subject to the EAR (15 CFR 744.11), is assumed. "
            "Check the entry in Supplement No. 4 to part 744."
        ]
    if requirement.scope == "all_items_subject_to_ear":
        return Outcome.LICENSE_REQUIRED, [
            f"{head}: a licence is required for all items subject to the EAR, so for "
            f"{item_words(item)} (“{requirement.text}”)."
        ]
    if requirement.scope == "eccns":
        named = eccns_from_text(requirement.eccns)
        reach = best_coverage(named, item)
        listed = ", ".join(requirement.eccns)
        if reach is Coverage.COVERED:
            return Outcome.LICENSE_REQUIRED, [
                f"{head}: a licence is required for ECCNs {listed}, which include {item}."
            ]
        if reach is Coverage.AMBIGUOUS:
            return Outcome.LICENSE_REQUIRED, [
                f"{head}: a licence is required for ECCNs {listed}; {item} is wider than the "
                "sub-paragraph named, so the item may fall under it and the requirement is "
                "applied. Give the full ECCN to settle it."
            ]
        return Outcome.NO_LICENSE_REQUIRED, [
            f"{head}: the licence requirement covers only ECCNs {listed}; {item} is not among "
            "them, so this entry requires no licence for it."
        ]
    if requirement.scope == "described":
        return Outcome.REVIEW, [
            f"{head}: a licence is required for {requirement.description}. Whether this "
            "export is one depends on facts entitywatch cannot see (the end use): establish "
            "them and record the decision."
        ]
    return Outcome.REVIEW, [
        f"{head}: the licence requirement could not be read as a set of items "
        f"(“{requirement.text}”): read the entry before exporting."
    ]
