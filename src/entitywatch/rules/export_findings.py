"""What one listing means for one export: the ``Finding`` that ``rules.export`` combines.

A finding carries an outcome (the determination values of the CLI contract), the licence
review policy that would govern an application, the reasons in words and the legal
citations (15 CFR is the EAR; 31 CFR chapter V the OFAC rules). The modules that read each
list into findings are ``export_entity_list`` (Entity List), ``export_military_end_use``
(Military End-User List) and ``export_listings`` (the other lists, the embargoes, and the
dispatch by list). Pure: no store, no matcher, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Final

from entitywatch.model import Listing, ReviewPolicy
from entitywatch.rules.eccn import EAR99, ExportItem

__all__ = [
    "NOT_APPLICABLE",
    "OUTCOME_RANK",
    "POLICY_WORDS",
    "PROHIBITED_POLICY",
    "Finding",
    "Outcome",
    "as_possible_match",
    "cfr",
    "fr_citations",
    "item_words",
    "listed_since",
    "policy_strictness",
    "policy_words",
]


class Outcome(StrEnum):
    """The determination values of the CLI contract, least restrictive first."""

    NO_LICENSE_REQUIRED = "no_license_required"
    REVIEW = "review"
    LICENSE_REQUIRED = "license_required"
    PROHIBITED = "prohibited"


OUTCOME_RANK: Final = {outcome: rank for rank, outcome in enumerate(Outcome)}

# review_policy values beyond ReviewPolicy's: what a finding says when no licence review
# happens (prohibited: the dealing itself is barred; not_applicable: no licence needed).
PROHIBITED_POLICY: Final = "prohibited"
NOT_APPLICABLE: Final = "not_applicable"
# Strictest first: which review policy a combined answer reports. An unknown policy ranks
# just after the denials, since it may be one.
_STRICTNESS: Final = (
    PROHIBITED_POLICY,
    ReviewPolicy.POLICY_OF_DENIAL.value,
    ReviewPolicy.PRESUMPTION_OF_DENIAL.value,
    ReviewPolicy.UNKNOWN.value,
    ReviewPolicy.SEE_SECTION.value,
    ReviewPolicy.CASE_BY_CASE.value,
    ReviewPolicy.PRESUMPTION_OF_APPROVAL.value,
    NOT_APPLICABLE,
)
POLICY_WORDS: Final = {
    PROHIBITED_POLICY: "prohibited (no licence review: the dealing itself is barred)",
    ReviewPolicy.POLICY_OF_DENIAL.value: "policy of denial",
    ReviewPolicy.PRESUMPTION_OF_DENIAL.value: "presumption of denial",
    ReviewPolicy.UNKNOWN.value: "not stated",
    ReviewPolicy.SEE_SECTION.value: "as the cited EAR section sets out",
    ReviewPolicy.CASE_BY_CASE.value: "case-by-case",
    ReviewPolicy.PRESUMPTION_OF_APPROVAL.value: "presumption of approval",
    NOT_APPLICABLE: "not applicable (no licence is required)",
}


def policy_strictness(policy: str) -> int:
    """0 for the strictest review policy; unknown strings rank with ``unknown``."""
    if policy in _STRICTNESS:
        return _STRICTNESS.index(policy)
    return _STRICTNESS.index(ReviewPolicy.UNKNOWN.value)


@dataclass(frozen=True, slots=True)
class Finding:
    """What one listing (or one embargo, or the screening itself) means for the export."""

    basis: str  # list code ("EL", "SDN", ...), "embargo" or "screening"
    outcome: Outcome
    review_policy: str  # a ReviewPolicy value, "prohibited" or "not_applicable"
    reasons: tuple[str, ...]
    citations: tuple[str, ...] = ()
    license_exceptions: str | None = None  # which licence exceptions remain, where it matters
    conditions: tuple[str, ...] = ()  # facts that would change the answer, to check
    exceptions: tuple[str, ...] = ()  # carve-outs the listing states, as written
    foreign_direct_product_rules: tuple[str, ...] = ()  # §734.9 paragraphs brought in
    party_id: str | None = None
    party_name: str | None = None
    screening_decision: str | None = None  # "match" or "review" for a party's finding
    score: float | None = None
    if_confirmed: Finding | None = None  # a review-level match: the finding if it is the party
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "basis": self.basis,
            "outcome": self.outcome.value,
            "review_policy": self.review_policy,
            "reasons": list(self.reasons),
            "citations": list(self.citations),
        }
        optional: dict[str, Any] = {
            "party_id": self.party_id,
            "party_name": self.party_name,
            "screening_decision": self.screening_decision,
            "score": round(self.score, 4) if self.score is not None else None,
            "license_exceptions": self.license_exceptions,
            "conditions": list(self.conditions),
            "exceptions": list(self.exceptions),
            "foreign_direct_product_rules": list(self.foreign_direct_product_rules),
            "if_confirmed": self.if_confirmed.to_dict() if self.if_confirmed else None,
        }
        out.update({key: value for key, value in optional.items() if value not in (None, [])})
        out.update(self.details)
        return out


def policy_words(policy: str) -> str:
    return POLICY_WORDS.get(policy, policy.replace("_", " "))


# --- words shared by the findings of every list ---------------------------------------


def item_words(item: ExportItem) -> str:
    return "an EAR99 item" if item == EAR99 else f"an item classified {item}"


def listed_since(listing: Listing) -> str:
    parts = []
    if listing.start_date is not None:
        parts.append(f"since {listing.start_date.isoformat()}")
    if listing.federal_register:
        parts.append(", ".join(str(citation) for citation in listing.federal_register))
    return f" ({'; '.join(parts)})" if parts else ""


def fr_citations(listing: Listing) -> list[str]:
    return [str(citation) for citation in listing.federal_register]


def cfr(sections: tuple[str, ...] | list[str]) -> list[str]:
    return [f"15 CFR {section}" for section in sections]


# --- a party that only may be the one screened ---------------------------------------

_BASIS_WORDS: Final = {
    "EL": "its Entity List listing",
    "MEU": "its Military End-User listing",
    "UVL": "its Unverified List listing",
    "DPL": "its Denied Persons listing",
    "SDN": "its SDN listing",
    "FSE": "its FSE listing",
    "embargo": "the embargo its address reveals",
    "screening": "its listings",
}


def as_possible_match(finding: Finding, decision: str, score: float) -> Finding:
    """A finding about a party that only *may* be the one screened: the answer is review."""
    what = _BASIS_WORDS.get(finding.basis, f"its {finding.basis} listing")
    consequence = f"{what} would mean {finding.outcome.value.replace('_', ' ')}"
    if finding.outcome is Outcome.NO_LICENSE_REQUIRED:
        consequence += " by itself"
    head = (
        f"Possible match (score {score:.2f}, decision {decision}) to "
        f"{finding.party_name or 'a listed party'}: confirm or dismiss it; if it is the same "
        f"party, {consequence}."
    )
    return replace(
        finding,
        outcome=Outcome.REVIEW,
        reasons=(head, *finding.reasons),
        if_confirmed=finding,
    )
