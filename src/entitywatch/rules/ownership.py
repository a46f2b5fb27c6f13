"""Ownership chains and the 50 percent rules: who is covered without being named.

OFAC's guidance of 13 August 2014 ("Revised Guidance on Entities Owned by Persons Whose
Property and Interests in Property Are Blocked") says that an entity owned 50 percent or
more, directly or indirectly, individually or in the aggregate, by one or more blocked
persons is itself blocked, whether or not it is named on the SDN list. Its examples fix
how "indirectly" is computed, and this module follows them:

- the status propagates, the shares are not multiplied: blocked X owns 50% of A, so A
  is blocked; A owns 50% of B, so B is blocked too (X's look-through interest in B is only
  25%, which does not matter). Likewise 60% x 60% flags the second company although the
  multiplied share is 36%;
- the shares of distinct blocked owners are added: X (blocked) owns 25% and Y (blocked)
  owns 25% of C, so C is 50% owned by blocked persons and blocked; a blocked company and
  its blocked parent are added the same way (X owns 50% of A, A owns 30% of C and X owns
  20% of C: C is blocked, 30% + 20%);
- an owner that is not blocked passes nothing on: X owns 40% of A and A owns 100% of D,
  so A is not blocked and neither is D, although X's look-through interest in D is 40%
  (and with X also holding 20% of D directly, the multiplied reading would say 60% while
  OFAC's says 20%).

Only ownership counts, not control; an owner whose share is not known cannot be counted,
and is reported as undetermined (never as "not owned"). The computation runs in rounds:
round 0 is the listed parties; in each round an entity becomes covered when the owners
covered in earlier rounds hold 50% or more of it. The covered set only grows, so the
rounds end (cycles included), and every explanation points only at owners covered in an
earlier round, so the chains it prints have no loops.

BIS's affiliates rule of 29 September 2025 applies the same 50 percent test to the
owners of Entity List and MEU parties; each rule runs on its own "family" of lists
(``regimes.OwnershipFamily``): SDN owners are added with SDN owners, EL owners with EL
owners.

The links come from a user's CSV (columns ``owner``, ``owned``, ``share``; optional
``owner_id``/``owned_id`` naming list parties by id) and from the lists' own relations
(``Party.relations``: owned-by with a share where the list states it, affiliate-of and
subordinate-of without one). The names of the user's file are screened with the matcher
(decision ``match`` only; ``review`` matches are reported as possible, never counted).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from entitywatch.errors import InputError, NotFoundError
from entitywatch.model import Listing, Party, RelationKind, Snapshot
from entitywatch.rules.regimes import OwnershipFamily, rule_for
from entitywatch.sources.identity import identity_key
from entitywatch.sources.reading import iter_csv_rows, read_text

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from entitywatch.screening import ScreeningResult

#: The threshold of both rules, in percent.
THRESHOLD = 50.0
#: Shares are sums of decimals: 33.3 + 16.7 must reach 50.
_EPSILON = 1e-6
#: Columns of a links file; ``owner_id`` and ``owned_id`` (list party ids) are optional.
REQUIRED_COLUMNS = ("owner", "owned", "share")


class ShareScale(StrEnum):
    """How the ``share`` column is written."""

    AUTO = "auto"  # fractions when every share is at most 1, percent otherwise
    PERCENT = "percent"  # 0..100 ("50", "50%")
    FRACTION = "fraction"  # 0..1 ("0.5")


# --- links ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnershipLink:
    """``owner`` holds ``share`` percent of ``owned`` (None: not stated)."""

    owner_key: str
    owner: str
    owned_key: str
    owned: str
    share: float | None
    origin: str  # "links.csv line 3", "list relation of csl-el-... (owned_by)"
    kind: str = RelationKind.OWNED_BY.value

    def describe(self) -> str:
        if self.kind == RelationKind.OWNED_BY.value:
            share = _percent(self.share) if self.share is not None else "an unstated share"
            return f"{self.owner} owns {share} of {self.owned}"
        return f"{self.owned} {_KIND_VERBS.get(self.kind, self.kind)} {self.owner}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "owned": self.owned,
            "share": self.share,
            "kind": self.kind,
            "origin": self.origin,
        }


_KIND_VERBS = {
    RelationKind.AFFILIATE_OF.value: "is listed as an affiliate of",
    RelationKind.SUBORDINATE_OF.value: "is listed as subordinate to",
}


def name_key(name: str) -> str:
    """The node key of a name in a user's file (case, accents and punctuation ignored)."""
    return "name:" + identity_key(name)


def party_key(party_id: str) -> str:
    return "party:" + party_id


@dataclass(slots=True)
class LinkFile:
    """The links of a user's CSV, with what it takes to explain them."""

    path: str
    links: list[OwnershipLink]
    share_scale: ShareScale  # the scale the shares were read in (never AUTO)
    party_ids: dict[str, str] = field(default_factory=dict)  # node key -> list party id

    def names(self) -> dict[str, str]:
        """Node key -> the name as first written in the file."""
        out: dict[str, str] = {}
        for link in self.links:
            out.setdefault(link.owner_key, link.owner)
            out.setdefault(link.owned_key, link.owned)
        return out


def read_links_csv(path: Path, scale: ShareScale = ShareScale.AUTO) -> LinkFile:
    """The ownership links of a CSV file with columns ``owner``, ``owned``, ``share``.

    ``share`` is a percentage (``50``, ``50%``) or a fraction (``0.5``): with
    ``ShareScale.AUTO`` a file whose shares are all at most 1 is read as fractions, any
    other as percentages (a value with ``%`` is always a percentage). An empty share means
    "not known". Each bad row raises an InputError naming the file, the line and the
    column: a missing column, an empty name, a share that is not a number or lies outside
    0..100, a company owning itself, the same link twice, or more than 100% of one
    company held in total.
    """
    text = read_text(path)
    rows = iter_csv_rows(text, path)
    header: dict[str, int] | None = None
    raw: list[tuple[int, list[str]]] = []
    for line, fields_ in rows:
        if header is None:
            header = _link_header(fields_, path)
            continue
        if any(value.strip() for value in fields_):
            raw.append((line, fields_))
    if header is None:
        raise InputError("the file is empty", path=path, position="line 1")
    if not raw:
        raise InputError("the file has a header but no links", path=path, position="line 2")
    parsed_shares = [
        (line, _share_text(_cell(fields_, header, "share"), path, line)) for line, fields_ in raw
    ]
    used_scale = _resolve_scale(scale, parsed_shares)
    links: list[OwnershipLink] = []
    party_ids: dict[str, str] = {}
    seen_pairs: dict[tuple[str, str], int] = {}
    held: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for (line, fields_), (_, share_value) in zip(raw, parsed_shares, strict=True):
        owner = _cell(fields_, header, "owner")
        owned = _cell(fields_, header, "owned")
        for column, value in (("owner", owner), ("owned", owned)):
            if not value:
                raise InputError(
                    f"the {column} column is empty", path=path, position=f"line {line}, {column}"
                )
        owner_id = _cell(fields_, header, "owner_id")
        owned_id = _cell(fields_, header, "owned_id")
        owner_key = party_key(owner_id) if owner_id else name_key(owner)
        owned_key = party_key(owned_id) if owned_id else name_key(owned)
        if owner_key == owned_key or identity_key(owner) == identity_key(owned):
            raise InputError(
                f"{owner!r} is said to own itself",
                path=path,
                position=f"line {line}, owned",
                hint="a company cannot be its own owner; check the owner and owned columns",
            )
        share = _to_percent(share_value, used_scale, path, line)
        pair = (owner_key, owned_key)
        if pair in seen_pairs:
            raise InputError(
                f"the link {owner!r} -> {owned!r} repeats line {seen_pairs[pair]}",
                path=path,
                position=f"line {line}",
                hint="give one row per owner and owned company, with the total share",
            )
        seen_pairs[pair] = line
        if owner_id:
            party_ids[owner_key] = owner_id
        if owned_id:
            party_ids[owned_key] = owned_id
        if share is not None:
            held[owned_key].append((line, share))
            total = sum(s for _, s in held[owned_key])
            if total > 100.0 + _EPSILON:
                lines = ", ".join(str(n) for n, _ in held[owned_key])
                raise InputError(
                    f"the owners of {owned!r} hold {_percent(total)} in total (lines {lines})",
                    path=path,
                    position=f"line {line}, share",
                    hint="shares of one company cannot add up to more than 100%",
                )
        links.append(
            OwnershipLink(
                owner_key=owner_key,
                owner=owner,
                owned_key=owned_key,
                owned=owned,
                share=share,
                origin=f"{Path(path).name} line {line}",
            )
        )
    return LinkFile(path=str(path), links=links, share_scale=used_scale, party_ids=party_ids)


def _link_header(fields_: list[str], path: Path) -> dict[str, int]:
    header = {name.strip().lower(): index for index, name in enumerate(fields_)}
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        found = ", ".join(name.strip() for name in fields_ if name.strip()) or "nothing"
        raise InputError(
            f"missing column(s) {', '.join(missing)}",
            path=path,
            position="line 1",
            hint=f"the header must name owner, owned and share; it has {found}",
        )
    return header


def _cell(fields_: list[str], header: Mapping[str, int], column: str) -> str:
    index = header.get(column)
    if index is None or index >= len(fields_):
        return ""
    return fields_[index].strip()


@dataclass(frozen=True, slots=True)
class _ShareText:
    value: float | None
    percent_sign: bool


def _share_text(text: str, path: Path, line: int) -> _ShareText:
    if not text:
        return _ShareText(None, False)
    percent_sign = text.endswith("%")
    number = text.removesuffix("%").strip()
    if number.count(",") == 1 and "." not in number:
        number = number.replace(",", ".")  # a decimal comma: "0,5", "33,3%"
    try:
        value = float(number)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):  # not a finite number
        raise InputError(
            f"share {text!r} is not a number",
            path=path,
            position=f"line {line}, share",
            hint="write a percentage (50 or 50%) or a fraction (0.5); leave it empty if unknown",
        )
    return _ShareText(value, percent_sign)


def _resolve_scale(scale: ShareScale, shares: Sequence[tuple[int, _ShareText]]) -> ShareScale:
    if scale is not ShareScale.AUTO:
        return scale
    plain = [s.value for _, s in shares if s.value is not None and not s.percent_sign]
    if plain and all(0.0 <= v <= 1.0 for v in plain) and not any(s.percent_sign for _, s in shares):
        return ShareScale.FRACTION
    return ShareScale.PERCENT


def _to_percent(share: _ShareText, scale: ShareScale, path: Path, line: int) -> float | None:
    if share.value is None:
        return None
    if share.percent_sign or scale is ShareScale.PERCENT:
        value, limit = share.value, "0..100"
    else:
        value, limit = share.value * 100.0, "0..1 (fractions)"
    if not 0.0 <= value <= 100.0 + _EPSILON:
        raise InputError(
            f"share {share.value:g} is outside {limit}",
            path=path,
            position=f"line {line}, share",
            hint="an owner holds between 0% and 100% of a company",
        )
    return min(value, 100.0)


# --- designations: the listed owners -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Designation:
    """A node that is listed itself, on a list of one 50 percent rule family."""

    family: OwnershipFamily
    list_code: str
    party_id: str
    party_name: str
    matched_name: str | None = None
    score: float | None = None
    start_date: dt.date | None = None
    federal_register: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()

    def describe(self) -> str:
        since = f" since {self.start_date.isoformat()}" if self.start_date else ""
        cited = f" ({'; '.join(self.federal_register)})" if self.federal_register else ""
        return f"listed on {self.list_code}{since}{cited} as {self.party_name!r}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "family": self.family.value,
            "list": self.list_code,
            "party_id": self.party_id,
            "party_name": self.party_name,
            "matched_name": self.matched_name,
            "score": self.score,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "federal_register": list(self.federal_register),
            "programs": list(self.programs),
        }


def designations_of(
    party: Party,
    *,
    as_of: dt.date,
    matched_name: str | None = None,
    score: float | None = None,
) -> list[Designation]:
    """The 50 percent rule designations a listed party carries on ``as_of``."""
    out: list[Designation] = []
    for listing in party.listings:
        family = rule_for(listing.list_code).family
        if family is None or not listing.in_effect_on(as_of):
            continue
        out.append(_designation(family, listing, party, matched_name, score))
    return out


def _designation(
    family: OwnershipFamily,
    listing: Listing,
    party: Party,
    matched_name: str | None,
    score: float | None,
) -> Designation:
    return Designation(
        family=family,
        list_code=listing.list_code,
        party_id=party.id,
        party_name=party.caption,
        matched_name=matched_name,
        score=score,
        start_date=listing.start_date,
        federal_register=tuple(str(c) for c in listing.federal_register),
        programs=listing.programs,
    )


# --- the rule ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stake:
    """A covered owner's holding in an entity, as counted by the rule."""

    owner_key: str
    owner: str
    share: float
    owner_listed: bool  # listed itself (round 0) rather than covered through its owners
    origin: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "share": self.share,
            "owner_status": "listed" if self.owner_listed else "covered through its owners",
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    """Why one entity is covered by a family's 50 percent rule."""

    key: str
    name: str
    family: OwnershipFamily
    round: int  # 0: listed itself; n: covered through owners covered by round n-1
    designations: tuple[Designation, ...] = ()  # round 0 only
    stakes: tuple[Stake, ...] = ()  # round > 0: the covered owners' holdings

    @property
    def listed(self) -> bool:
        return self.round == 0

    @property
    def aggregate_share(self) -> float:
        return sum(stake.share for stake in self.stakes)


@dataclass(frozen=True, slots=True)
class Undetermined:
    """An entity with covered owners whose shares are not all known (never "not owned")."""

    key: str
    name: str
    family: OwnershipFamily
    known_share: float
    unknown_owners: tuple[OwnershipLink, ...]

    def explain(self) -> str:
        owners = "; ".join(link.describe() for link in self.unknown_owners)
        return (
            f"{self.name}: {owners}; the covered owners with a stated share hold "
            f"{_percent(self.known_share)}. Find out the shares to apply the 50 percent rule."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.name,
            "family": self.family.value,
            "rule": self.family.label,
            "known_share": self.known_share,
            "unknown_owners": [link.to_dict() for link in self.unknown_owners],
            "explanation": self.explain(),
        }


@dataclass(slots=True)
class FamilyOutcome:
    """The 50 percent rule of one family applied to a graph."""

    family: OwnershipFamily
    covered: dict[str, Coverage]
    undetermined: dict[str, Undetermined]
    below_threshold: dict[str, tuple[Stake, ...]]  # covered owners hold less than 50%


class OwnershipGraph:
    """Ownership links between nodes (names of a user's file, or list parties by id)."""

    def __init__(self, links: Iterable[OwnershipLink] = ()) -> None:
        self.names: dict[str, str] = {}
        self.incoming: dict[str, list[OwnershipLink]] = defaultdict(list)
        self.outgoing: dict[str, list[OwnershipLink]] = defaultdict(list)
        for link in links:
            self.add(link)

    def add(self, link: OwnershipLink) -> None:
        if link.owner_key == link.owned_key:
            return  # a self-loop carries no ownership (user files reject them earlier)
        for existing in self.incoming[link.owned_key]:
            if existing.owner_key == link.owner_key and existing.kind == link.kind:
                if existing.share is not None or link.share is None:
                    return  # the same link twice: the first stated share wins
                self.incoming[link.owned_key].remove(existing)
                self.outgoing[link.owner_key].remove(existing)
                break
        self.names.setdefault(link.owner_key, link.owner)
        self.names.setdefault(link.owned_key, link.owned)
        self.incoming[link.owned_key].append(link)
        self.outgoing[link.owner_key].append(link)

    @property
    def links(self) -> list[OwnershipLink]:
        return [link for links in self.incoming.values() for link in links]

    def name(self, key: str) -> str:
        return self.names.get(key, key.partition(":")[2])

    def apply_rule(
        self,
        family: OwnershipFamily,
        designated: Mapping[str, Sequence[Designation]],
    ) -> FamilyOutcome:
        """OFAC's propagation semantics (see the module docstring) for one family."""
        covered: dict[str, Coverage] = {}
        for key, found in designated.items():
            mine = tuple(d for d in found if d.family is family)
            if mine:
                covered[key] = Coverage(key, self.name(key), family, 0, designations=mine)
        round_number = 0
        while True:
            round_number += 1
            newly: dict[str, Coverage] = {}
            for key in self.names:
                if key in covered:
                    continue
                stakes = self.covered_stakes(key, covered)
                if sum(s.share for s in stakes) >= THRESHOLD - _EPSILON:
                    newly[key] = Coverage(key, self.name(key), family, round_number, stakes=stakes)
            if not newly:
                break
            covered.update(newly)
        undetermined: dict[str, Undetermined] = {}
        below: dict[str, tuple[Stake, ...]] = {}
        for key in self.names:
            if key in covered:
                continue
            stakes = self.covered_stakes(key, covered)
            unknown = tuple(
                link
                for link in self.incoming.get(key, ())
                if link.share is None and link.owner_key in covered
            )
            if unknown:
                known = sum(s.share for s in stakes)
                undetermined[key] = Undetermined(key, self.name(key), family, known, unknown)
            elif stakes:
                below[key] = stakes
        return FamilyOutcome(family, covered, undetermined, below)

    def covered_stakes(self, key: str, covered: Mapping[str, Coverage]) -> tuple[Stake, ...]:
        """The holdings in ``key`` of covered owners, one per owner (the largest stated)."""
        best: dict[str, OwnershipLink] = {}
        for link in self.incoming.get(key, ()):
            if link.share is None or link.owner_key not in covered:
                continue
            kept = best.get(link.owner_key)
            if kept is None or (kept.share or 0.0) < link.share:
                best[link.owner_key] = link
        return tuple(
            Stake(
                owner_key=link.owner_key,
                owner=link.owner,
                share=link.share or 0.0,
                owner_listed=covered[link.owner_key].listed,
                origin=link.origin,
            )
            for link in best.values()
        )

    def look_through_share(self, key: str, roots: Iterable[str]) -> float:
        """The multiplied-share reading, for information only: the percentage of ``key``
        held by the listed ``roots`` along every simple ownership path (shares multiplied
        along a path, summed over paths). OFAC's rule does not use it."""
        root_set = set(roots)

        def held(node: str, visiting: frozenset[str]) -> float:
            total = 0.0
            for link in self.incoming.get(node, ()):
                if link.share is None or link.owner_key in visiting:
                    continue  # unknown share, or a cycle (the path would not be simple)
                fraction = link.share / 100.0
                if link.owner_key in root_set:
                    total += fraction
                else:
                    total += fraction * held(link.owner_key, visiting | {link.owner_key})
            return total

        if key in root_set:
            return 100.0
        return round(min(held(key, frozenset({key})), 1.0) * 100.0, 6)


# --- explanations -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnershipFlag:
    """An entity covered by a 50 percent rule through its owners, with the chain."""

    entity: str
    key: str
    family: OwnershipFamily
    aggregate_share: float
    stakes: tuple[Stake, ...]
    roots: tuple[Designation, ...]  # the listed parties at the top of the chains
    chain: tuple[str, ...]  # one sentence per step, from the listed owners down
    look_through_share: float
    listed_itself: bool = False

    @property
    def explanation(self) -> str:
        return " ".join(self.chain)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "family": self.family.value,
            "rule": self.family.label,
            "aggregate_share": round(self.aggregate_share, 6),
            "look_through_share": self.look_through_share,
            "listed_itself": self.listed_itself,
            "stakes": [stake.to_dict() for stake in self.stakes],
            "listed_owners": [root.to_dict() for root in self.roots],
            "chain": list(self.chain),
            "explanation": self.explanation,
        }


def explain_coverage(
    coverage: Coverage, outcome: FamilyOutcome, graph: OwnershipGraph
) -> OwnershipFlag:
    """The flag of an entity covered through its owners: its stakes, and the chain down
    from the listed owners (each step names the owners that carry it)."""
    order: list[Coverage] = []
    seen: set[str] = set()

    def visit(node: Coverage) -> None:
        if node.key in seen:
            return
        seen.add(node.key)
        for stake in node.stakes:
            visit(outcome.covered[stake.owner_key])  # covered in an earlier round: no loop
        order.append(node)

    visit(coverage)
    roots = [node for node in order if node.listed and node.key != coverage.key]
    return OwnershipFlag(
        entity=coverage.name,
        key=coverage.key,
        family=outcome.family,
        aggregate_share=coverage.aggregate_share,
        stakes=coverage.stakes,
        roots=tuple(d for node in roots for d in node.designations),
        chain=tuple(_step(node) for node in order),
        look_through_share=graph.look_through_share(coverage.key, [n.key for n in roots]),
        listed_itself=coverage.key in outcome.covered and outcome.covered[coverage.key].listed,
    )


def _step(coverage: Coverage) -> str:
    if coverage.listed:
        # The same listing in two sources (the CSL and OFAC's file) is said once.
        listed = "; ".join(dict.fromkeys(d.describe() for d in coverage.designations))
        return f"{coverage.name} is {listed}."
    holdings = ", ".join(
        f"{stake.owner} ({'listed' if stake.owner_listed else 'covered'}) owns "
        f"{_percent(stake.share)} of {coverage.name}"
        for stake in coverage.stakes
    )
    total = _percent(coverage.aggregate_share)
    aggregate = f" ({total} in aggregate)" if len(coverage.stakes) > 1 else ""
    return (
        f"{holdings}{aggregate} -> {coverage.name} is 50% or more owned by covered parties "
        f"and is covered too ({coverage.family.label})."
    )


def _percent(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") + "%"


# --- screening the names of a file -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FoundParty:
    """A listed party that a name matched (or a party named by id)."""

    party: Party
    snapshot: Snapshot | None
    decision: str  # "match" or "review"
    score: float | None
    matched_name: str | None

    def to_dict(self, as_of: dt.date) -> dict[str, Any]:
        return {
            "party_id": self.party.id,
            "name": self.party.caption,
            "matched_name": self.matched_name,
            "score": round(self.score, 4) if self.score is not None else None,
            "decision": self.decision,
            "source": self.snapshot.source if self.snapshot else None,
            "lists": sorted(
                {item.list_code for item in self.party.listings if item.in_effect_on(as_of)}
            ),
        }


class ListLookup:
    """The lists as the ownership and exposure rules see them: names screened with the
    matcher (once per distinct name), parties loaded by id, and the parties whose
    relations point at a party."""

    def __init__(
        self,
        engine: Engine,
        home: Path,
        *,
        as_of: dt.date | None = None,
        limit: int = 25,
    ) -> None:
        self.engine = engine
        self.home = home
        self.as_of = as_of
        self.limit = limit
        self._screened: dict[tuple[str, str | None], ScreeningResult] = {}
        self._parties: dict[str, tuple[Party, Snapshot] | None] = {}

    def screen(self, name: str, country: str | None = None) -> ScreeningResult:
        from entitywatch.screening import ScreeningRequest, screen

        key = (identity_key(name) or name, country.upper() if country else None)
        if key not in self._screened:
            request = ScreeningRequest(
                name=name, country=country, as_of=self.as_of, limit=self.limit
            )
            self._screened[key] = screen(self.engine, self.home, request)
        return self._screened[key]

    def found(self, name: str, country: str | None = None) -> list[FoundParty]:
        """The parties ``name`` matches or may match, best first."""
        result = self.screen(name, country)
        out: list[FoundParty] = []
        for match, party, decision in result.matches:
            loaded = self.party(party.id)
            snapshot = loaded[1] if loaded else None
            out.append(FoundParty(party, snapshot, decision, match.score, match.matched_name))
        return out

    def snapshots(self) -> list[Snapshot]:
        """The active snapshots screened against (fails closed when there is none)."""
        from entitywatch.screening import load_index

        for result in self._screened.values():
            return result.snapshots
        return load_index(self.engine, self.home).snapshots

    def party(self, party_id: str) -> tuple[Party, Snapshot] | None:
        from entitywatch.store import queries

        if party_id not in self._parties:
            try:
                self._parties[party_id] = queries.load_party(self.engine, party_id)
            except NotFoundError:
                self._parties[party_id] = None
        return self._parties[party_id]

    def unlisted_named(self, name: str) -> list[FoundParty]:
        """Parties of the active snapshots named exactly ``name`` (case, accents and
        punctuation ignored) that are on no list in effect: companies the lists mention
        only as owned or related (OpenSanctions data carries them). Screening skips them,
        but their relations lead to their listed owners."""
        from sqlalchemy import select

        from entitywatch.store.schema import parties, party_names, snapshots
        from entitywatch.store.snapshots import ACTIVE, snapshot_from_row

        key = identity_key(name)
        if not key:
            return []
        query = (
            select(parties.c.data, snapshots)
            .join(snapshots, snapshots.c.id == parties.c.snapshot_id)
            .join(
                party_names,
                (party_names.c.snapshot_id == parties.c.snapshot_id)
                & (party_names.c.party_id == parties.c.party_id),
            )
            .where(snapshots.c.status == ACTIVE)
            .where(party_names.c.name_key == key)
            .distinct()
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        out: list[FoundParty] = []
        for row in rows:
            party = Party.from_dict(json.loads(row.data))
            if self.as_of is None and party.listings:
                continue  # screening without a date finds every listed party
            if self.as_of is not None and any(i.in_effect_on(self.as_of) for i in party.listings):
                continue  # listed on that date: screening finds it
            out.append(FoundParty(party, snapshot_from_row(row), "match", 1.0, name))
        return sorted(out, key=lambda f: f.party.id)

    def related_to(self, party_ids: Iterable[str]) -> list[tuple[Party, Snapshot]]:
        """Parties of the active snapshots with a relation whose target is one of
        ``party_ids`` (the affiliates and subsidiaries a list names for a party)."""
        from sqlalchemy import or_, select

        from entitywatch.store.schema import parties, snapshots
        from entitywatch.store.snapshots import ACTIVE, snapshot_from_row

        wanted = sorted(set(party_ids))
        if not wanted:
            return []
        # Party documents are stored as compact JSON, so a relation to X reads
        # "target_id":"X"; the closing quote keeps X-2 from matching X.
        patterns = [
            "%" + json.dumps({"target_id": pid}, separators=(",", ":"))[1:-1] + "%"
            for pid in wanted
        ]
        query = (
            select(parties.c.data, snapshots)
            .join(snapshots, snapshots.c.id == parties.c.snapshot_id)
            .where(snapshots.c.status == ACTIVE)
            .where(or_(*(parties.c.data.like(p) for p in patterns)))
            .order_by(snapshots.c.id, parties.c.party_id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        out: list[tuple[Party, Snapshot]] = []
        wanted_set = set(wanted)
        for row in rows:
            party = Party.from_dict(json.loads(row.data))
            if any(r.target_id in wanted_set for r in party.relations):
                out.append((party, snapshot_from_row(row)))
        return out


# --- the report of a file ---------------------------------------------------------------


@dataclass(slots=True)
class NodeIdentity:
    """What the lists say about one name of the file."""

    key: str
    name: str
    matches: list[FoundParty] = field(default_factory=list)  # decision match (or by id)
    possible: list[FoundParty] = field(default_factory=list)  # decision review


@dataclass(slots=True)
class OwnershipReport:
    """Every entity of a links file covered by a 50 percent rule, with its chain."""

    path: str
    share_scale: ShareScale
    as_of: dt.date
    graph: OwnershipGraph
    identities: dict[str, NodeIdentity]
    outcomes: dict[OwnershipFamily, FamilyOutcome]
    snapshots: list[Snapshot] = field(default_factory=list)
    list_links: int = 0  # links added from the lists' relations

    def flags(self) -> list[OwnershipFlag]:
        """Entities covered through their owners, including listed ones that are also 50%
        or more owned by covered parties (both facts matter to a compliance officer)."""
        out: list[OwnershipFlag] = []
        for outcome in self.outcomes.values():
            for key, coverage in outcome.covered.items():
                if coverage.listed:
                    stakes = self.graph.covered_stakes(key, outcome.covered)
                    if sum(s.share for s in stakes) < THRESHOLD - _EPSILON:
                        continue
                    coverage = Coverage(key, coverage.name, outcome.family, 1, stakes=stakes)
                out.append(explain_coverage(coverage, outcome, self.graph))
        order = {family: index for index, family in enumerate(OwnershipFamily)}
        return sorted(out, key=lambda f: (order[f.family], f.entity.casefold()))

    def flags_for(self, key: str) -> list[OwnershipFlag]:
        return [flag for flag in self.flags() if flag.key == key]

    def undetermined(self) -> list[Undetermined]:
        return [u for outcome in self.outcomes.values() for u in outcome.undetermined.values()]

    def listed(self) -> list[tuple[str, Designation]]:
        return [
            (coverage.name, designation)
            for outcome in self.outcomes.values()
            for coverage in outcome.covered.values()
            if coverage.listed
            for designation in coverage.designations
        ]

    def _possible_matches(self) -> list[dict[str, Any]]:
        """Review-level matches of the file's names, one per name and listed party name
        (the same party in two sources is shown once)."""
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for identity in self.identities.values():
            for found in identity.possible:
                key = (identity.key, identity_key(found.party.caption))
                out.setdefault(key, {"entity": identity.name, **found.to_dict(self.as_of)})
        return list(out.values())

    def to_dict(self) -> dict[str, Any]:
        file_keys = set(self.identities)
        return {
            "file": self.path,
            "share_scale": self.share_scale.value,
            "as_of": self.as_of.isoformat(),
            "links": sum(1 for link in self.graph.links if not link.origin.startswith("list ")),
            "list_links": self.list_links,
            "entities": len(file_keys),
            "snapshot": {
                "ids": [s.id for s in self.snapshots],
                "sources": [s.source for s in self.snapshots],
                "sha256": [s.sha256 for s in self.snapshots],
            },
            "flags": [flag.to_dict() for flag in self.flags()],
            "undetermined": [u.to_dict() for u in self.undetermined()],
            "listed": [
                {"entity": name, **designation.to_dict()} for name, designation in self.listed()
            ],
            "possible_matches": self._possible_matches(),
            "below_threshold": [
                {
                    "entity": self.graph.name(key),
                    "family": outcome.family.value,
                    "aggregate_share": round(sum(s.share for s in stakes), 6),
                    "stakes": [s.to_dict() for s in stakes],
                }
                for outcome in self.outcomes.values()
                for key, stakes in outcome.below_threshold.items()
            ],
        }


#: How far up the lists' own ownership relations are followed from a name of the file.
MAX_LIST_DEPTH = 4


def identify_nodes(
    link_file: LinkFile,
    lookup: ListLookup,
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, NodeIdentity]:
    """Screen every distinct name of the file (or load the party its id names)."""
    identities: dict[str, NodeIdentity] = {}
    for key, name in link_file.names().items():
        identity = NodeIdentity(key, name)
        party_id = link_file.party_ids.get(key)
        if party_id is not None:
            loaded = lookup.party(party_id)
            if loaded is None:
                raise InputError(
                    f"no listed party has the id {party_id!r} (given for {name!r})",
                    path=link_file.path,
                    hint="use `entitywatch search NAME` to find party ids, or leave the id "
                    "column empty to screen the name",
                )
            identity.matches.append(FoundParty(loaded[0], loaded[1], "match", None, None))
        else:
            for found in lookup.found(name):
                if found.decision == "match":
                    identity.matches.append(found)
                elif found.decision == "review":
                    identity.possible.append(found)
            identity.matches.extend(lookup.unlisted_named(name))
        identities[key] = identity
        if progress is not None:
            progress(1)
    return identities


def add_list_relations(
    graph: OwnershipGraph, identities: Mapping[str, NodeIdentity], lookup: ListLookup
) -> int:
    """Add the ownership relations the lists state for the matched names (and their owners
    up to ``MAX_LIST_DEPTH``); returns how many links were added."""
    alias: dict[str, str] = {}
    for key, identity in identities.items():
        for found in identity.matches:
            alias.setdefault(party_key(found.party.id), key)
    added = 0
    queue: list[tuple[str, Party, int]] = [
        (key, found.party, 0) for key, identity in identities.items() for found in identity.matches
    ]
    visited: set[str] = set()
    while queue:
        node, party, depth = queue.pop(0)
        if party.id in visited or depth >= MAX_LIST_DEPTH:
            continue
        visited.add(party.id)
        for relation in party.relations:
            target: Party | None = None
            if relation.target_id:
                loaded = lookup.party(relation.target_id)
                target = loaded[0] if loaded else None
            owner_key = alias.get(party_key(relation.target_id or ""), "")
            if not owner_key:
                owner_key = (
                    party_key(relation.target_id)
                    if relation.target_id
                    else name_key(relation.target_name)
                )
            before = len(graph.incoming.get(node, ()))
            graph.add(
                OwnershipLink(
                    owner_key=owner_key,
                    owner=target.caption if target else relation.target_name,
                    owned_key=node,
                    owned=graph.name(node) if node in graph.names else party.caption,
                    share=relation.share,
                    origin=f"list relation of {party.id} ({relation.kind.value})",
                    kind=relation.kind.value,
                )
            )
            added += len(graph.incoming.get(node, ())) - before
            if target is not None:
                queue.append((owner_key, target, depth + 1))
    return added


def build_ownership_report(
    link_file: LinkFile,
    lookup: ListLookup,
    *,
    as_of: dt.date,
    include_list_relations: bool = True,
    progress: Callable[[int], None] | None = None,
) -> OwnershipReport:
    """Screen the names of ``link_file``, add the lists' relations, apply every rule."""
    graph = OwnershipGraph(link_file.links)
    identities = identify_nodes(link_file, lookup, progress=progress)
    list_links = add_list_relations(graph, identities, lookup) if include_list_relations else 0
    designated = designations_by_node(graph, identities, lookup, as_of=as_of)
    outcomes = {family: graph.apply_rule(family, designated) for family in OwnershipFamily}
    return OwnershipReport(
        path=link_file.path,
        share_scale=link_file.share_scale,
        as_of=as_of,
        graph=graph,
        identities=identities,
        outcomes=outcomes,
        snapshots=lookup.snapshots(),
        list_links=list_links,
    )


def designations_by_node(
    graph: OwnershipGraph,
    identities: Mapping[str, NodeIdentity],
    lookup: ListLookup,
    *,
    as_of: dt.date,
) -> dict[str, list[Designation]]:
    """Node -> the designations of the listed parties it is (by match or by id)."""
    out: dict[str, list[Designation]] = defaultdict(list)
    for key, identity in identities.items():
        for found in identity.matches:
            out[key].extend(
                designations_of(
                    found.party, as_of=as_of, matched_name=found.matched_name, score=found.score
                )
            )
    for key in graph.names:
        if key in out or not key.startswith("party:"):
            continue
        loaded = lookup.party(key.partition(":")[2])
        if loaded is not None:
            out[key].extend(designations_of(loaded[0], as_of=as_of))
    return {key: value for key, value in out.items() if value}
