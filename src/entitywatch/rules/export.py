"""Use case: may this item be exported to this party, and on what terms?

``determine`` takes the parties that screening matched, the item (an ECCN or EAR99) and the
destination, and returns a ``Determination``: one of

- ``prohibited``: a denial order (DPL), a blocking (SDN) or an FSE listing bars any dealing;
- ``license_required``: an Entity List or Military End-User listing that reaches the item,
  or a comprehensive embargo on the destination (15 CFR part 746);
- ``review``: a person must decide first: a party that only *may* be the one screened
  (screening decision review), or a licence requirement that turns on facts entitywatch
  cannot see (an end use);
- ``no_license_required``: nothing screened reaches the export.

Every listing of every matched party gives a ``Finding`` (``rules.export_listings``); the
most restrictive outcome wins, and every reason and citation is kept, most restrictive
first. ``review`` never becomes ``no_license_required``: a possible match is reported as
such until a person dismisses it.

Pure: no store, no matcher, no clock (the caller passes the day and the snapshots screened).
With no snapshot screened it fails closed (``NoListDataError``): "no licence required" is
never said from no data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from entitywatch.errors import NoListDataError
from entitywatch.model import Party, Snapshot
from entitywatch.rules.eccn import EAR99, Eccn, ExportItem
from entitywatch.rules.embargoes import (
    embargo_for_country,
    embargo_for_region,
    regions_in_text,
)
from entitywatch.rules.export_findings import (
    NOT_APPLICABLE,
    OUTCOME_RANK,
    POLICY_WORDS,
    Finding,
    Outcome,
    as_possible_match,
    policy_strictness,
)
from entitywatch.rules.export_listings import embargo_finding, listing_finding

__all__ = ["Destination", "Determination", "MatchedParty", "Outcome", "determine"]


@dataclass(frozen=True, slots=True)
class MatchedParty:
    """A party screening returned, with its screening decision ("match" or "review")."""

    party: Party
    decision: str
    score: float
    matched_name: str | None = None


@dataclass(frozen=True, slots=True)
class Destination:
    """Where the item goes: an ISO-2 country and covered regions of Ukraine, if given."""

    country: str | None = None
    regions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"country": self.country, "regions": list(self.regions)}


@dataclass(frozen=True, slots=True)
class Determination:
    determination: Outcome
    review_policy: str
    reasons: tuple[str, ...]
    citations: tuple[str, ...]
    item: ExportItem
    destination: Destination
    findings: tuple[Finding, ...]
    caveats: tuple[str, ...]
    license_exceptions: tuple[str, ...]
    on: dt.date

    @property
    def review_policy_text(self) -> str:
        words = POLICY_WORDS.get(self.review_policy, self.review_policy.replace("_", " "))
        if self.determination is Outcome.REVIEW:
            return f"{words}, if the review confirms the listing applies"
        return words

    def to_dict(self) -> dict[str, Any]:
        return {
            "determination": self.determination.value,
            "review_policy": self.review_policy,
            "review_policy_text": self.review_policy_text,
            "reasons": list(self.reasons),
            "citations": list(self.citations),
            "item": str(self.item),
            "destination": self.destination.to_dict(),
            "as_of": self.on.isoformat(),
            "license_exceptions": list(self.license_exceptions),
            "caveats": list(self.caveats),
            "possible_matches": self.possible_matches,
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @property
    def possible_matches(self) -> list[dict[str, Any]]:
        """The review-level candidates to confirm or dismiss, with what each would mean."""
        found: dict[str, dict[str, Any]] = {}
        for finding in self.findings:
            if finding.screening_decision != "review" or finding.party_id is None:
                continue
            confirmed = finding.if_confirmed or finding
            entry = found.setdefault(
                finding.party_id,
                {
                    "party_id": finding.party_id,
                    "name": finding.party_name,
                    "score": round(finding.score or 0.0, 4),
                    "if_confirmed": confirmed.outcome.value,
                },
            )
            if OUTCOME_RANK[confirmed.outcome] > OUTCOME_RANK[Outcome(entry["if_confirmed"])]:
                entry["if_confirmed"] = confirmed.outcome.value
        return list(found.values())


def determine(
    query: str,
    matches: Sequence[MatchedParty],
    item: ExportItem,
    destination: Destination,
    snapshots: Sequence[Snapshot],
    on: dt.date,
) -> Determination:
    """The export determination for ``item`` to the party screened as ``query``."""
    if not snapshots:
        raise NoListDataError(
            "no list snapshot was screened, so no export determination can be made (and "
            "none is reported as needing no licence): load the lists first"
        )
    findings: list[Finding] = [_screening_finding(query, matches, snapshots)]
    findings.extend(_destination_findings(item, destination))
    explicit_country = destination.country is not None
    for matched in matches:
        if matched.decision not in {"match", "review"}:
            continue  # below the review threshold: not a candidate
        findings.extend(_party_findings(matched, item, on, explicit_country))
    return _combine(findings, item, destination, on)


def _screening_finding(
    query: str, matches: Sequence[MatchedParty], snapshots: Sequence[Snapshot]
) -> Finding:
    """What was screened, and whether anything came back: the ground of every answer."""
    screened = "; ".join(_snapshot_words(snapshot) for snapshot in snapshots)
    candidates = [m for m in matches if m.decision in {"match", "review"}]
    if candidates:
        found = ", ".join(
            f"{m.party.caption} ({m.decision}, {m.score:.2f})" for m in candidates[:5]
        )
        outcome_words = f"candidates: {found}"
    else:
        outcome_words = "no party matched or possibly matched (decision clear)"
    return Finding(
        basis="screening",
        outcome=Outcome.NO_LICENSE_REQUIRED,
        review_policy=NOT_APPLICABLE,
        reasons=(f"Screened {query!r} against every active list: {screened}; {outcome_words}.",),
        details={"snapshot_ids": [snapshot.id for snapshot in snapshots]},
    )


def _snapshot_words(snapshot: Snapshot) -> str:
    lists = ", ".join(sorted(snapshot.listings))
    return (
        f"{snapshot.source} snapshot {snapshot.id} ({lists}; {snapshot.listing_total:,} "
        f"listings; loaded {snapshot.loaded_at.date().isoformat()}; "
        f"sha256 {snapshot.sha256[:12]}…)"
    )


def _destination_findings(item: ExportItem, destination: Destination) -> list[Finding]:
    findings = []
    embargo = embargo_for_country(destination.country)
    if embargo is not None:
        findings.append(
            embargo_finding(embargo, item, f"destination country {destination.country}")
        )
    for region in destination.regions:
        findings.append(embargo_finding(embargo_for_region(region), item, "destination region"))
    return findings


def _party_findings(
    matched: MatchedParty, item: ExportItem, on: dt.date, explicit_country: bool
) -> list[Finding]:
    party = matched.party
    found = [
        listing_finding(listing, party, item)
        for listing in party.listings
        if listing.in_effect_on(on)
    ]
    if not found:
        ended = ", ".join(
            f"{listing.list_code} until {listing.end_date}"
            for listing in party.listings
            if listing.end_date
        )
        found.append(
            Finding(
                basis="screening",
                outcome=Outcome.NO_LICENSE_REQUIRED,
                review_policy=NOT_APPLICABLE,
                reasons=(
                    f"{party.caption} matched, but none of its listings is in effect on "
                    f"{on.isoformat()} ({ended or 'no listing'}).",
                ),
            )
        )
    found.extend(_address_embargoes(party, item, explicit_country))
    tagged = [
        replace(
            finding,
            party_id=party.id,
            party_name=party.caption,
            screening_decision=matched.decision,
            score=matched.score,
        )
        for finding in found
    ]
    if matched.decision == "review":
        return [as_possible_match(finding, matched.decision, matched.score) for finding in tagged]
    # name the party in the first reason of each finding: several parties may match
    who = f"{party.caption} [{party.id}] (match {matched.score:.2f})"
    return [
        replace(finding, reasons=(f"{who}: {finding.reasons[0]}", *finding.reasons[1:]))
        for finding in tagged
    ]


def _address_embargoes(party: Party, item: ExportItem, explicit_country: bool) -> list[Finding]:
    """Embargoes the party's own addresses reveal: a covered region of Ukraine always (no
    country code names it), an embargoed country when the user gave no destination."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for address in party.addresses:
        keys: list[tuple[str, Any]] = [
            (region, embargo_for_region(region)) for region in regions_in_text(address.full)
        ]
        if not explicit_country and (country := embargo_for_country(address.country)):
            keys.append((country.key, country))
        for key, embargo in keys:
            if key in seen:
                continue
            seen.add(key)
            findings.append(embargo_finding(embargo, item, f"the party's address “{address.full}”"))
    return findings


def _combine(
    findings: list[Finding], item: ExportItem, destination: Destination, on: dt.date
) -> Determination:
    order = sorted(
        range(len(findings)),
        key=lambda i: (-OUTCOME_RANK[findings[i].outcome], findings[i].basis == "screening", i),
    )
    ordered = [findings[i] for i in order]
    outcome = ordered[0].outcome
    top = [finding for finding in ordered if finding.outcome is outcome]
    policy = min((finding.review_policy for finding in top), key=policy_strictness)
    reasons = [reason for finding in ordered for reason in finding.reasons]
    citations = [citation for finding in ordered for citation in finding.citations]
    caveats = _caveats(item, destination)
    if outcome is Outcome.NO_LICENSE_REQUIRED:
        reasons.extend(caveats)
    exceptions = [
        f"{finding.basis}: {finding.license_exceptions}"
        for finding in ordered
        if finding.license_exceptions
    ]
    return Determination(
        determination=outcome,
        review_policy=policy,
        reasons=tuple(dict.fromkeys(reasons)),
        citations=tuple(dict.fromkeys(citations)),
        item=item,
        destination=destination,
        findings=tuple(ordered),
        caveats=caveats,
        license_exceptions=tuple(dict.fromkeys(exceptions)),
        on=on,
    )


def _caveats(item: ExportItem, destination: Destination) -> tuple[str, ...]:
    """What this determination does not check, said every time it answers no licence."""
    where = destination.country or "the destination"
    caveats = []
    if isinstance(item, Eccn):
        caveats.append(
            f"Not evaluated: whether ECCN {item} itself needs a licence to {where} for its "
            "reasons for control (Commerce Country Chart, 15 CFR part 738 and part 742)."
        )
    caveats.append(
        "The end-use controls of 15 CFR part 744 (nuclear, missile, chemical and biological "
        "weapons, military end uses) still apply if you know or are told of such an end use."
    )
    if item == EAR99:
        caveats.append(
            "EAR99 presumes the item is subject to the EAR but on no CCL entry: confirm the "
            "classification."
        )
    return tuple(caveats)
