"""Exposure across regimes: what every measure on the lists means for one party.

A compliance officer asks "what does it mean to deal with X?", and the answer is spread
over many lists: the Entity List (export), the SDN list (financial), NS-CMIC
(investment), the UFLPA Entity List (import), NDAA section 889, the FCC Covered List and
DoD's 1260H list (procurement), China's Unreliable Entity List (counter-measures). This
module screens the party once against every loaded list and sorts what it finds into
those regimes (``regimes.py`` is the table), each with its dates, citations and legal
authority, and says how the party is reached:

- ``listed``: the party is named itself (a screening result with decision ``match``);
- ``reached_through_owner``: a listed owner holds 50% or more (OFAC's or BIS's rule:
  from the lists' own owned-by relations, or from the user's ownership file);
- ``reached_through_affiliate``: the measure covers the named company's subsidiaries and
  affiliates (NDAA section 889, the FCC Covered List) and the party is one of them;
- ``possible``: a ``review`` screening result, or a listed owner whose share is unknown.
  Possible exposure is reported apart from the measures and never as "not listed";
- ``related``: a parent or affiliate is listed under a measure that does not reach it
  (information for due diligence);
- ``formerly_listed``: only listings that have ended;
- ``not_listed``: the regime's lists were screened and name nothing;
- ``not_screened``: no list of that regime is loaded, so nothing can be said.

The listed affiliates and subsidiaries of the party (list entries whose relations point at
it, such as the Huawei affiliates on the Entity List) are reported with their chain.

The pure part (:func:`build_exposure`) takes what was found and returns dataclasses with
``to_dict()``; :func:`assess_exposure` does the screening and the look-ups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from entitywatch.errors import InputError
from entitywatch.model import Listing, Party, RelationKind, Snapshot
from entitywatch.rules.ownership import (
    THRESHOLD,
    FoundParty,
    LinkFile,
    ListLookup,
    OwnershipFlag,
    OwnershipReport,
    Undetermined,
    build_ownership_report,
    name_key,
    party_key,
)
from entitywatch.rules.regimes import (
    REGIME_ORDER,
    CmicDates,
    ListRule,
    OwnershipFamily,
    Reach,
    Regime,
    cmic_dates,
    rule_for,
)
from entitywatch.sources.identity import identity_key


class Status(StrEnum):
    """How a regime reaches the party, strongest first."""

    LISTED = "listed"
    REACHED_THROUGH_OWNER = "reached_through_owner"
    REACHED_THROUGH_AFFILIATE = "reached_through_affiliate"
    POSSIBLE = "possible"
    RELATED = "related"
    FORMERLY_LISTED = "formerly_listed"
    NOT_LISTED = "not_listed"
    NOT_SCREENED = "not_screened"


STATUS_RANK: dict[Status, int] = {status: rank for rank, status in enumerate(reversed(Status))}
#: The statuses that mean "a measure applies to this party".
EXPOSED = frozenset({Status.LISTED, Status.REACHED_THROUGH_OWNER, Status.REACHED_THROUGH_AFFILIATE})

STATUS_WORDS: dict[Status, str] = {
    Status.LISTED: "listed",
    Status.REACHED_THROUGH_OWNER: "reached through its owners",
    Status.REACHED_THROUGH_AFFILIATE: "reached as a subsidiary or affiliate",
    Status.POSSIBLE: "possible (to be reviewed)",
    Status.RELATED: "not listed; a related party is",
    Status.FORMERLY_LISTED: "formerly listed",
    Status.NOT_LISTED: "not listed",
    Status.NOT_SCREENED: "not screened (no list of this regime is loaded)",
}

#: How far up the lists' relations (affiliate of, subordinate of, owned by) are followed.
MAX_PARENT_DEPTH = 3
#: The family whose 50 percent rule reaches each regime.
FAMILY_REGIME: dict[OwnershipFamily, Regime] = {
    OwnershipFamily.OFAC_BLOCKED: Regime.FINANCIAL,
    OwnershipFamily.OFAC_SECTORAL: Regime.FINANCIAL,
    OwnershipFamily.BIS_ENTITY_LIST: Regime.EXPORT,
}


def strongest(statuses: Iterable[Status], default: Status = Status.NOT_LISTED) -> Status:
    return max(statuses, key=STATUS_RANK.__getitem__, default=default)


# --- what was found ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RelationStep:
    """One relation of a list entry: ``child`` is ``kind`` ``parent`` (share if stated)."""

    child: str
    kind: str
    parent: str
    share: float | None = None

    def describe(self) -> str:
        if self.kind == RelationKind.OWNED_BY.value:
            held = f"{self.share:g}%" if self.share is not None else "an unstated share"
            return f"{self.parent} owns {held} of {self.child}"
        words = {
            RelationKind.AFFILIATE_OF.value: "is an affiliate of",
            RelationKind.SUBORDINATE_OF.value: "is subordinate to",
        }
        return f"{self.child} {words.get(self.kind, self.kind)} {self.parent}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "child": self.child,
            "kind": self.kind,
            "parent": self.parent,
            "share": self.share,
        }


@dataclass(frozen=True, slots=True)
class RelatedParty:
    """A listed parent (owner, affiliate-of target) of a party the query matched."""

    party: Party
    snapshot: Snapshot | None
    steps: tuple[RelationStep, ...]  # from the matched party up to ``party``


# --- the report -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measure:
    """One listing as it bears on the queried party."""

    rule: ListRule
    status: Status
    via: str  # "self", "owners" (a 50 percent rule), "parent" (a list relation)
    party_id: str
    party_name: str
    list_name: str | None
    authority: str
    programs: tuple[str, ...]
    start_date: dt.date | None
    end_date: dt.date | None
    in_effect: bool
    federal_register: tuple[str, ...] = ()
    license_requirement: str | None = None
    license_policy: str | None = None
    reason: str | None = None
    source_urls: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # "us_trade_csl (snapshot 1): csl-el-..."
    listing_dates: tuple[dt.date, ...] = ()  # every start date merged into this measure
    matched_name: str | None = None
    score: float | None = None
    chain: tuple[str, ...] = ()
    cmic: CmicDates | None = None
    as_of: dt.date | None = None
    note: str | None = None

    def merge_key(self) -> tuple[str, str, str, tuple[str, ...]]:
        return (self.rule.list_code, self.via, identity_key(self.party_name), self.chain)

    def merged(self, other: Measure) -> Measure:
        """The same listing found in two sources (the CSL and OFAC's own file), or the
        same party on one list under several entries: one measure, all citations."""
        dates = tuple(sorted(set(self.listing_dates) | set(other.listing_dates)))
        return replace(
            self,
            start_date=dates[0] if dates else None,
            in_effect=self.in_effect or other.in_effect,
            federal_register=_union(self.federal_register, other.federal_register),
            license_requirement=self.license_requirement or other.license_requirement,
            license_policy=self.license_policy or other.license_policy,
            reason=self.reason or other.reason,
            source_urls=_union(self.source_urls, other.source_urls),
            sources=_union(self.sources, other.sources),
            listing_dates=dates,
            score=max(s for s in (self.score, other.score, 0.0) if s is not None),
            cmic=self.cmic or other.cmic,
        )

    def summary(self) -> str:
        """ "EL since 2019-10-09 (84 FR 54002; 85 FR 44159)"."""
        text = self.rule.list_code
        if self.start_date:
            text += f" since {self.start_date.isoformat()}"
        if not self.in_effect and self.end_date:
            text += f", ended {self.end_date.isoformat()}"
        if self.federal_register:
            text += f" ({'; '.join(self.federal_register)})"
        return text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "list": self.rule.list_code,
            "list_name": self.list_name or self.rule.measure,
            "measure": self.rule.measure,
            "status": self.status.value,
            "via": self.via,
            "party_id": self.party_id,
            "party_name": self.party_name,
            "matched_name": self.matched_name,
            "score": round(self.score, 4) if self.score is not None else None,
            "authority": self.authority,
            "issuer": self.rule.issuer,
            "programs": list(self.programs),
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "listing_dates": [d.isoformat() for d in self.listing_dates],
            "in_effect": self.in_effect,
            "federal_register": list(self.federal_register),
            "legal_authority": list(self.rule.legal_authority),
            "consequence": self.rule.consequence,
            "reach": self.rule.reach.value,
            "license_requirement": self.license_requirement,
            "license_policy": self.license_policy,
            "reason": self.reason,
            "source_urls": list(self.source_urls),
            "sources": list(self.sources),
            "chain": list(self.chain),
            "note": self.note,
        }
        if self.cmic is not None:
            data["investment_dates"] = self.cmic.to_dict()
            day = self.as_of or dt.date.today()
            data["investment_status"] = self.cmic.status_on(day)
        return data


@dataclass(frozen=True, slots=True)
class PossibleMatch:
    """A screening result with decision ``review``: the party may be this listed one."""

    party_id: str
    name: str
    matched_name: str | None
    score: float | None
    lists: tuple[str, ...]
    source: str | None
    reason: str = "screening decision review: confirm or rule out the identity"

    def to_dict(self) -> dict[str, Any]:
        return {
            "party_id": self.party_id,
            "name": self.name,
            "matched_name": self.matched_name,
            "score": round(self.score, 4) if self.score is not None else None,
            "lists": list(self.lists),
            "source": self.source,
            "reason": self.reason,
        }


@dataclass(slots=True)
class RegimeExposure:
    regime: Regime
    lists_screened: dict[str, int]
    measures: list[Measure] = field(default_factory=list)
    possible: list[PossibleMatch] = field(default_factory=list)

    @property
    def status(self) -> Status:
        found = [m.status for m in self.measures]
        if self.possible:
            found.append(Status.POSSIBLE)
        if found:
            return strongest(found)
        return Status.NOT_LISTED if self.lists_screened else Status.NOT_SCREENED

    def summary(self) -> str:
        status = self.status
        words = STATUS_WORDS[status]
        if status is Status.NOT_LISTED:
            screened = ", ".join(f"{c} {n:,}" for c, n in sorted(self.lists_screened.items()))
            return f"{words} (screened: {screened})"
        if status is Status.NOT_SCREENED:
            return words
        strongest_measures = [m for m in self.measures if m.status is status]
        if strongest_measures:
            return f"{words}: " + "; ".join(_grouped_summaries(strongest_measures))
        return f"{words}: " + "; ".join(f"{p.name} ({', '.join(p.lists)})" for p in self.possible)

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime.value,
            "title": self.regime.label,
            "status": self.status.value,
            "summary": self.summary(),
            "lists_screened": dict(sorted(self.lists_screened.items())),
            "measures": [m.to_dict() for m in self.measures],
            "possible": [p.to_dict() for p in self.possible],
        }


def _grouped_summaries(measures: Sequence[Measure]) -> list[str]:
    """One phrase per list: "EL since 2019-05-21 (84 FR 22961)", with "(3 entries)" when
    several entries of one list matched (a parent and its units, one row per address)."""
    by_code: dict[str, list[Measure]] = {}
    for measure in measures:
        by_code.setdefault(measure.rule.list_code, []).append(measure)
    out: list[str] = []
    for code, group in by_code.items():
        if len(group) == 1:
            out.append(group[0].summary())
            continue
        starts = sorted(m.start_date for m in group if m.start_date)
        text = code + (f" since {starts[0].isoformat()}" if starts else "")
        cited: tuple[str, ...] = ()
        for measure in group:
            cited = _union(cited, measure.federal_register)
        if cited:
            text += f" ({'; '.join(cited)})"
        out.append(f"{text} ({len(group)} entries)")
    return out


@dataclass(frozen=True, slots=True)
class ListedAffiliate:
    """A list entry whose relation points at a party the query matched."""

    party_id: str
    name: str
    kind: str
    share: float | None
    parent_id: str
    parent_name: str
    listings: tuple[Listing, ...]
    source: str | None

    def explain(self) -> str:
        step = RelationStep(self.name, self.kind, self.parent_name, self.share).describe()
        lists = "; ".join(_listing_summary(listing) for listing in self.listings)
        return f"{step}; {self.name} is listed: {lists}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "party_id": self.party_id,
            "name": self.name,
            "relation": self.kind,
            "share": self.share,
            "of_party_id": self.parent_id,
            "of": self.parent_name,
            "lists": [
                {
                    "list": listing.list_code,
                    "regime": rule_for(listing.list_code, listing.list_name).regime.value,
                    "start_date": _iso(listing.start_date),
                    "federal_register": [str(c) for c in listing.federal_register],
                }
                for listing in self.listings
            ],
            "source": self.source,
            "chain": self.explain(),
        }


@dataclass(frozen=True, slots=True)
class ExposureQuery:
    name: str
    country: str | None = None
    as_of: dt.date | None = None  # None: today, with every listing ever in the snapshot


@dataclass(slots=True)
class ExposureReport:
    query: ExposureQuery
    day: dt.date  # the date the measures are judged on
    snapshots: list[Snapshot]
    decision: str  # the screening decision: match, review or clear
    regimes: list[RegimeExposure]
    listed_affiliates: list[ListedAffiliate]
    candidates: list[FoundParty]
    ownership: OwnershipReport | None = None
    ownership_node: str | None = None

    @property
    def status(self) -> Status:
        return strongest((r.status for r in self.regimes), default=Status.NOT_SCREENED)

    def regime(self, regime: Regime) -> RegimeExposure:
        return next(r for r in self.regimes if r.regime is regime)

    def to_dict(self) -> dict[str, Any]:
        ownership: dict[str, Any] | None = None
        if self.ownership is not None and self.ownership_node is not None:
            node = self.ownership_node
            ownership = {
                "file": self.ownership.path,
                "share_scale": self.ownership.share_scale.value,
                "entity": self.ownership.graph.name(node),
                "flags": [f.to_dict() for f in self.ownership.flags_for(node)],
                "undetermined": [
                    u.to_dict() for u in self.ownership.undetermined() if u.key == node
                ],
            }
        return {
            "query": {
                "name": self.query.name,
                "country": self.query.country,
                "as_of": _iso(self.query.as_of),
            },
            "judged_on": self.day.isoformat(),
            "snapshot": {
                "ids": [s.id for s in self.snapshots],
                "sources": [s.source for s in self.snapshots],
                "sha256": [s.sha256 for s in self.snapshots],
                "loaded_at": [s.loaded_at.isoformat() for s in self.snapshots],
            },
            "decision": self.decision,
            "status": self.status.value,
            "exposed": self.status in EXPOSED,
            "regimes": [r.to_dict() for r in self.regimes],
            "listed_affiliates": [a.to_dict() for a in self.listed_affiliates],
            "ownership": ownership,
            "screening": {
                "decision": self.decision,
                "results": [c.to_dict(self.day) for c in self.candidates],
            },
        }


# --- building the report (pure) ---------------------------------------------------------


def lists_by_regime(snapshots: Sequence[Snapshot]) -> dict[Regime, dict[str, int]]:
    """The list codes loaded in the active snapshots, with their counts, per regime."""
    out: dict[Regime, dict[str, int]] = {regime: {} for regime in REGIME_ORDER}
    for snapshot in snapshots:
        for code, count in snapshot.listings.items():
            regime = rule_for(code).regime
            out[regime][code] = out[regime].get(code, 0) + count
    return out


def build_exposure(
    query: ExposureQuery,
    found: Sequence[FoundParty],
    snapshots: Sequence[Snapshot],
    *,
    parents: Sequence[tuple[FoundParty, RelatedParty]] = (),
    children: Sequence[tuple[Party, Snapshot | None]] = (),
    ownership: OwnershipReport | None = None,
    ownership_node: str | None = None,
    decision: str | None = None,
) -> ExposureReport:
    """Sort what the screening found into regimes.

    ``found`` are the screening results (match and review); ``parents`` the listed
    parents of the matched parties (from the lists' relations); ``children`` the list
    entries whose relations point at a matched party; ``ownership`` the 50 percent rule
    applied to the user's ownership file, with ``ownership_node`` the queried party in it.
    """
    day = query.as_of or dt.date.today()
    loaded = lists_by_regime(snapshots)
    regimes = {regime: RegimeExposure(regime, loaded[regime]) for regime in REGIME_ORDER}
    matched = [f for f in found if f.decision == "match"]
    affiliate_ids, parent_ids = _split_matched(matched)
    direct_ids = {f.party.id for f in matched} - affiliate_ids - parent_ids
    parents = [*parents, *_same_name_parents(matched, direct_ids, parents)]
    for item in matched:
        if item.party.id in direct_ids:
            _add_direct(regimes, item, day, query.as_of)
    for bottom, related in parents:
        if bottom.party.id in direct_ids and related.party.id not in direct_ids:
            _add_parent(regimes, query, bottom, related, day)
    if ownership is not None and ownership_node is not None:
        _add_ownership(regimes, ownership, ownership_node, day, query.as_of)
    for item in found:
        if item.decision == "review":
            _add_possible(regimes, item)
    for exposure in regimes.values():
        # Strongest status first, then the closest match, then by list.
        exposure.measures.sort(
            key=lambda m: (-STATUS_RANK[m.status], -(m.score or 0.0), m.rule.list_code)
        )
    return ExposureReport(
        query=query,
        day=day,
        snapshots=list(snapshots),
        decision=decision or _decision(found),
        regimes=[regimes[r] for r in REGIME_ORDER],
        listed_affiliates=_listed_affiliates(matched, direct_ids, affiliate_ids, children, day),
        candidates=list(found),
        ownership=ownership,
        ownership_node=ownership_node,
    )


def _add_direct(
    regimes: Mapping[Regime, RegimeExposure],
    item: FoundParty,
    day: dt.date,
    as_of: dt.date | None,
) -> None:
    """The listings of a party the query matched: listed (or formerly listed)."""
    for listing in item.party.listings:
        measure = _measure(listing, item.party, item.snapshot, day, as_of)
        _add(regimes, _with_match(measure, item))


def _add_parent(
    regimes: Mapping[Regime, RegimeExposure],
    query: ExposureQuery,
    bottom: FoundParty,
    related: RelatedParty,
    day: dt.date,
) -> None:
    """The listings of a parent the lists name for a matched party, with the chain."""
    for listing in related.party.listings:
        if not listing.in_effect_on(day):
            continue
        rule = rule_for(listing.list_code, listing.list_name)
        status, note = _parent_status(rule, related.steps)
        measure = _measure(listing, related.party, related.snapshot, day, query.as_of)
        # No date in the chain: the listings of one parent on one list merge into one
        # measure, which keeps every date.
        chain = (
            f"{related.party.caption} is listed on {listing.list_code}",
            *(step.describe() for step in reversed(related.steps)),
            _match_step(query.name, bottom),
        )
        _add(regimes, _reached(measure, status, "parent", chain, note))


def _add_ownership(
    regimes: Mapping[Regime, RegimeExposure],
    ownership: OwnershipReport,
    node: str,
    day: dt.date,
    as_of: dt.date | None,
) -> None:
    """The 50 percent rules applied to the user's ownership file, for the queried node."""
    for flag in ownership.flags_for(node):
        _add(regimes, _ownership_measure(flag, day, as_of))
    for undetermined in ownership.undetermined():
        if undetermined.key == node:
            regime = FAMILY_REGIME[undetermined.family]
            regimes[regime].possible.append(_undetermined_possible(undetermined))


def _add_possible(regimes: Mapping[Regime, RegimeExposure], item: FoundParty) -> None:
    """A review-level result: possible, in the regime of each of its lists."""
    by_regime: dict[Regime, list[str]] = {}
    for listing in item.party.listings:
        codes = by_regime.setdefault(rule_for(listing.list_code, listing.list_name).regime, [])
        if listing.list_code not in codes:
            codes.append(listing.list_code)
    for regime, codes in by_regime.items():
        regimes[regime].possible.append(
            PossibleMatch(
                party_id=item.party.id,
                name=item.party.caption,
                matched_name=item.matched_name,
                score=item.score,
                lists=tuple(codes),
                source=item.snapshot.source if item.snapshot else None,
            )
        )


def _decision(found: Sequence[FoundParty]) -> str:
    decisions = {f.decision for f in found}
    for decision in ("match", "review"):
        if decision in decisions:
            return decision
    return "clear"


def _split_matched(matched: Sequence[FoundParty]) -> tuple[set[str], set[str]]:
    """``(affiliates, parents)`` among the matched parties, by the lists' relations.

    A query often matches both a listed parent and its listed affiliate, because the
    affiliate's name starts with the parent's ("Huawei Technologies Co., Ltd., Beijing
    Research Institute"). The better-scored one is the party the query names: a matched
    affiliate scored no higher than its matched parent is reported as a listed affiliate,
    and a matched parent scored lower than its matched affiliate is reported through the
    relation (``via`` parent), with the chain. Nothing is dropped.
    """
    score = {f.party.id: f.score or 0.0 for f in matched}
    affiliates: set[str] = set()
    parents: set[str] = set()
    for item in matched:
        for relation in item.party.relations:
            target = relation.target_id
            if target is None or target == item.party.id or target not in score:
                continue
            if score[target] >= score[item.party.id]:
                affiliates.add(item.party.id)
            else:
                parents.add(target)
    return affiliates, parents - affiliates


def _match_step(name: str, bottom: FoundParty) -> str:
    if not bottom.party.listings:
        return f"{name!r} is named in the lists as {bottom.party.caption!r}, on no list itself"
    return f"{name!r} matched {bottom.party.caption!r}"


def _same_name_parents(
    matched: Sequence[FoundParty],
    direct_ids: set[str],
    parents: Sequence[tuple[FoundParty, RelatedParty]],
) -> list[tuple[FoundParty, RelatedParty]]:
    """Matched parties that bear the name of a listed parent of a better match (the same
    company on another list, such as Huawei on NS-CMIC beside Huawei on the Entity List):
    they reach the query through that parent, not as the party itself. Removes them
    from ``direct_ids`` and returns them as parents, with the parent's chain."""
    by_name: dict[str, tuple[FoundParty, RelatedParty]] = {}
    for bottom, related in parents:
        if bottom.party.id in direct_ids:
            by_name.setdefault(identity_key(related.party.caption), (bottom, related))
    out: list[tuple[FoundParty, RelatedParty]] = []
    for item in matched:
        known = by_name.get(identity_key(item.party.caption))
        if known is None or item.party.id not in direct_ids:
            continue
        bottom, related = known
        if bottom.party.id == item.party.id or (item.score or 0.0) >= (bottom.score or 0.0):
            continue
        direct_ids.discard(item.party.id)
        out.append((bottom, RelatedParty(item.party, item.snapshot, related.steps)))
    return out


def _measure(
    listing: Listing,
    party: Party,
    snapshot: Snapshot | None,
    day: dt.date,
    as_of: dt.date | None,
) -> Measure:
    rule = rule_for(listing.list_code, listing.list_name)
    in_effect = listing.in_effect_on(day)
    source = f"{snapshot.source} (snapshot {snapshot.id})" if snapshot else "unknown source"
    return Measure(
        rule=rule,
        status=Status.LISTED if in_effect else Status.FORMERLY_LISTED,
        via="self",
        party_id=party.id,
        party_name=party.caption,
        list_name=listing.list_name,
        authority=listing.authority,
        programs=listing.programs,
        start_date=listing.start_date,
        end_date=listing.end_date,
        in_effect=in_effect,
        federal_register=tuple(str(c) for c in listing.federal_register),
        license_requirement=listing.license_requirement,
        license_policy=listing.license_policy,
        reason=listing.reason,
        source_urls=(listing.source_url,) if listing.source_url else (),
        sources=(f"{source}: {party.id}",),
        listing_dates=(listing.start_date,) if listing.start_date else (),
        cmic=cmic_dates(listing) if rule.list_code == "CMIC" else None,
        as_of=as_of or day,
        note=None if rule.known else rule.consequence,
    )


def _with_match(measure: Measure, item: FoundParty) -> Measure:
    return replace(measure, matched_name=item.matched_name, score=item.score)


def _reached(
    measure: Measure, status: Status, via: str, chain: tuple[str, ...], note: str | None
) -> Measure:
    return replace(measure, status=status, via=via, chain=chain, note=note)


def _parent_status(rule: ListRule, steps: Sequence[RelationStep]) -> tuple[Status, str]:
    """How a parent's listing reaches the matched party, by the list's reach."""
    owned = all(step.kind == RelationKind.OWNED_BY.value for step in steps)
    shares = [step.share for step in steps]
    if rule.reach in (Reach.OFAC_FIFTY_PERCENT, Reach.BIS_AFFILIATES) and owned:
        if all(s is not None and s >= THRESHOLD for s in shares):
            return Status.REACHED_THROUGH_OWNER, rule.reach_note
        if all(s is None or s >= THRESHOLD for s in shares):
            return Status.POSSIBLE, (
                "The list names a listed owner but not its share: find out the share to "
                "apply the 50 percent rule. " + rule.reach_note
            )
    if rule.reach is Reach.SUBSIDIARIES_AND_AFFILIATES:
        return Status.REACHED_THROUGH_AFFILIATE, rule.reach_note
    return Status.RELATED, rule.reach_note


def _ownership_measure(flag: OwnershipFlag, day: dt.date, as_of: dt.date | None) -> Measure:
    roots = flag.roots
    codes = list(dict.fromkeys(root.list_code for root in roots))
    rule = rule_for(codes[0]) if codes else rule_for("SDN")
    starts = tuple(sorted({root.start_date for root in roots if root.start_date}))
    return Measure(
        rule=rule,
        status=Status.REACHED_THROUGH_OWNER,
        via="owners",
        party_id=", ".join(dict.fromkeys(root.party_id for root in roots)),
        party_name=", ".join(dict.fromkeys(root.party_name for root in roots)),
        list_name=flag.family.label,
        authority=rule.issuer,
        programs=tuple(dict.fromkeys(p for root in roots for p in root.programs)),
        start_date=starts[0] if starts else None,
        end_date=None,
        in_effect=True,
        federal_register=tuple(dict.fromkeys(c for root in roots for c in root.federal_register)),
        sources=tuple(dict.fromkeys(s.origin for s in flag.stakes)),
        listing_dates=starts,
        chain=flag.chain,
        as_of=as_of or day,
        note=(
            f"{flag.entity} is {flag.aggregate_share:g}% owned in aggregate by covered "
            f"parties ({flag.family.label}); look-through share {flag.look_through_share:g}%. "
            + rule.reach_note
        ),
    )


def _undetermined_possible(undetermined: Undetermined) -> PossibleMatch:
    owners = undetermined.unknown_owners
    return PossibleMatch(
        party_id=", ".join(link.owner_key for link in owners),
        name=", ".join(link.owner for link in owners),
        matched_name=None,
        score=None,
        lists=(undetermined.family.value,),
        source=", ".join(link.origin for link in owners),
        reason=undetermined.explain(),
    )


def _add(regimes: Mapping[Regime, RegimeExposure], measure: Measure) -> None:
    measures = regimes[measure.rule.regime].measures
    key = measure.merge_key()
    for index, existing in enumerate(measures):
        if existing.merge_key() == key:
            measures[index] = existing.merged(measure)
            return
    measures.append(measure)


def _listed_affiliates(
    matched: Sequence[FoundParty],
    direct_ids: set[str],
    affiliate_ids: set[str],
    children: Sequence[tuple[Party, Snapshot | None]],
    day: dt.date,
) -> list[ListedAffiliate]:
    parents = {f.party.id: f.party for f in matched if f.party.id in direct_ids}
    # Keyed by name, not id: a list that repeats an entry (one row per address) yields
    # one affiliate with the listings of every row.
    out: dict[tuple[str, str], ListedAffiliate] = {}
    candidates: list[tuple[Party, str | None]] = [
        (child, snapshot.source if snapshot else None) for child, snapshot in children
    ]
    candidates += [
        (f.party, f.snapshot.source if f.snapshot else None)
        for f in matched
        if f.party.id in affiliate_ids
    ]
    for child, source in candidates:
        if child.id in parents:
            continue
        listings = tuple(item for item in child.listings if item.in_effect_on(day))
        if not listings:
            continue
        for relation in child.relations:
            parent = parents.get(relation.target_id or "")
            if parent is None:
                continue
            key = (identity_key(child.caption), identity_key(parent.caption))
            kept = out.get(key)
            if kept is not None:
                listings = kept.listings + tuple(
                    item for item in listings if item not in kept.listings
                )
            out[key] = ListedAffiliate(
                party_id=kept.party_id if kept else child.id,
                name=child.caption,
                kind=relation.kind.value,
                share=relation.share,
                parent_id=parent.id,
                parent_name=parent.caption,
                listings=listings,
                source=source,
            )
    return sorted(out.values(), key=lambda a: (a.parent_name.casefold(), a.name.casefold()))


def _listing_summary(listing: Listing) -> str:
    text = listing.list_code
    if listing.start_date:
        text += f" since {listing.start_date.isoformat()}"
    if listing.federal_register:
        text += f" ({'; '.join(str(c) for c in listing.federal_register)})"
    return text


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- gathering from the store -----------------------------------------------------------


def listed_parents(
    lookup: ListLookup, matched: Sequence[FoundParty], *, max_depth: int = MAX_PARENT_DEPTH
) -> list[tuple[FoundParty, RelatedParty]]:
    """The parents the lists name for each matched party, up to ``max_depth`` relations
    away (by id where the list links them, else by screening the parent's name)."""
    out: list[tuple[FoundParty, RelatedParty]] = []
    for bottom in matched:
        frontier: list[tuple[Party, tuple[RelationStep, ...]]] = [(bottom.party, ())]
        visited = {bottom.party.id}
        while frontier:
            party, steps = frontier.pop(0)
            if len(steps) >= max_depth:
                continue
            for relation in party.relations:
                target = _relation_target(lookup, relation.target_id, relation.target_name)
                if target is None or target[0].id in visited:
                    continue
                visited.add(target[0].id)
                step = RelationStep(
                    party.caption, relation.kind.value, target[0].caption, relation.share
                )
                path = (*steps, step)
                out.append((bottom, RelatedParty(target[0], target[1], path)))
                frontier.append((target[0], path))
    return out


def _relation_target(
    lookup: ListLookup, target_id: str | None, target_name: str
) -> tuple[Party, Snapshot | None] | None:
    if target_id:
        return lookup.party(target_id)
    best = next((f for f in lookup.found(target_name) if f.decision == "match"), None)
    return (best.party, best.snapshot) if best else None


def ownership_node_for(name: str, report: OwnershipReport, matched: Sequence[FoundParty]) -> str:
    """The node of the ownership file that is the queried party: the same name (case,
    accents and punctuation ignored), else a row naming one of its matches by id."""
    wanted = name_key(name)
    if wanted in report.graph.names:
        return wanted
    for item in matched:
        key = party_key(item.party.id)
        if key in report.graph.names:
            return key
    raise InputError(
        f"no row of the ownership file names {name!r}",
        path=report.path,
        hint="write the party's name as it appears in the file's owned column",
    )


def assess_exposure(
    lookup: ListLookup,
    query: ExposureQuery,
    *,
    ownership_file: LinkFile | None = None,
) -> ExposureReport:
    """Screen ``query`` against every loaded list and build its exposure report.

    Raises NoListDataError (exit 3) when no list is loaded: no report says "not listed"
    without a loaded, valid snapshot.
    """
    result = lookup.screen(query.name, query.country)
    found = lookup.found(query.name, query.country) + lookup.unlisted_named(query.name)
    matched = [f for f in found if f.decision == "match"]
    parents = listed_parents(lookup, matched)
    children = lookup.related_to(f.party.id for f in matched)
    ownership: OwnershipReport | None = None
    node: str | None = None
    if ownership_file is not None:
        day = query.as_of or dt.date.today()
        ownership = build_ownership_report(ownership_file, lookup, as_of=day)
        node = ownership_node_for(query.name, ownership, matched)
    return build_exposure(
        query,
        found,
        result.snapshots,
        parents=parents,
        children=[(party, snapshot) for party, snapshot in children],
        ownership=ownership,
        ownership_node=node,
        decision=result.decision,
    )
