"""Use case: screen a party against the active list snapshots.

The matcher index for the active snapshots is built once and cached on disk under the
data home, keyed by the snapshots' content hashes and the matcher's code, so that a
later `entitywatch screen` starts from the cache. Without an active snapshot the
screening fails closed: it never answers "clear" from no data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from entitywatch.errors import InputError, NoListDataError
from entitywatch.matching import index as matcher_index
from entitywatch.matching.algorithm_v1 import default_thresholds
from entitywatch.matching.index import EntityMatch, MatcherIndex, PartyQuery
from entitywatch.matching.registry import Thresholds
from entitywatch.model import Listing, Party, Schema, Snapshot
from entitywatch.store import queries

DECISION_ORDER = {"match": 2, "review": 1, "clear": 0}
_MATCHING_DIR = Path(matcher_index.__file__).resolve().parent


@dataclass(slots=True)
class LoadedIndex:
    index: MatcherIndex
    snapshots: list[Snapshot]
    from_cache: bool


def matcher_code_hash() -> str:
    """Hash of the matcher's source: an index built by other code is not reused."""
    digest = hashlib.sha256()
    for path in sorted(_MATCHING_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def index_cache_key(snapshots: list[Snapshot]) -> str:
    material = "|".join(
        f"{s.source}:{s.id}:{s.sha256}" for s in sorted(snapshots, key=lambda s: s.id)
    )
    material += f"|code:{matcher_code_hash()}|format:{matcher_index.INDEX_FORMAT_VERSION}"
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def load_index(engine: Engine, home: Path) -> LoadedIndex:
    """The matcher index of the active snapshots, from the disk cache when it is fresh."""
    snapshots = queries.active_snapshots(engine)
    if not snapshots:
        raise NoListDataError(
            "no list snapshot is loaded, so nothing can be screened (and nothing is "
            "reported clear): run `entitywatch update` or `entitywatch load FILE`"
        )
    cache_dir = home / "index-cache"
    cache_file = cache_dir / f"{index_cache_key(snapshots)}.pickle"
    if cache_file.exists():
        stamp = cache_file.stat().st_mtime_ns
        kept = _IN_MEMORY.get(cache_file)
        if kept is not None and kept[0] == stamp:
            return LoadedIndex(kept[1], snapshots, True)
        try:
            index = MatcherIndex.from_bytes(cache_file.read_bytes())
        except Exception:  # a damaged or stale cache is rebuilt, not fatal
            cache_file.unlink(missing_ok=True)
        else:
            _remember(cache_file, stamp, index)
            return LoadedIndex(index, snapshots, True)
    parties = [party for party, _ in queries.iter_active_parties(engine)]
    index = MatcherIndex.build(parties)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob("*.pickle"):
        old.unlink(missing_ok=True)  # one cache per home: the active snapshots only
    temporary = cache_file.with_suffix(f".tmp{os.getpid()}")
    temporary.write_bytes(index.to_bytes())
    temporary.replace(cache_file)
    _remember(cache_file, cache_file.stat().st_mtime_ns, index)
    return LoadedIndex(index, snapshots, False)


# The index last loaded in this process (a server screens many names against one index).
_IN_MEMORY: dict[Path, tuple[int, MatcherIndex]] = {}


def _remember(cache_file: Path, stamp: int, index: MatcherIndex) -> None:
    _IN_MEMORY.clear()
    _IN_MEMORY[cache_file] = (stamp, index)


@dataclass(slots=True)
class ScreeningRequest:
    name: str
    country: str | None = None
    schema: str | None = None
    as_of: dt.date | None = None
    lists: frozenset[str] | None = None
    limit: int = 10
    identifiers: tuple[str, ...] = ()
    birth_date: str | None = None

    def to_query(self) -> PartyQuery:
        return PartyQuery(
            name=self.name,
            schema=self.schema,
            countries=(self.country.upper(),) if self.country else (),
            identifiers=self.identifiers,
            birth_date=self.birth_date,
        )


@dataclass(slots=True)
class ScreeningResult:
    request: ScreeningRequest
    snapshots: list[Snapshot]
    thresholds: Thresholds
    matches: list[tuple[EntityMatch, Party, str]] = field(default_factory=list)

    @property
    def decision(self) -> str:
        if not self.matches:
            return "clear"
        return max((d for _, _, d in self.matches), key=lambda d: DECISION_ORDER[d])

    def to_dict(self) -> dict[str, Any]:
        request = self.request
        return {
            "query": {
                "name": request.name,
                "country": request.country,
                "type": request.schema,
                "as_of": request.as_of.isoformat() if request.as_of else None,
                "lists": sorted(request.lists) if request.lists else None,
                "limit": request.limit,
            },
            "snapshot": {
                "ids": [s.id for s in self.snapshots],
                "sources": [s.source for s in self.snapshots],
                "sha256": [s.sha256 for s in self.snapshots],
                "loaded_at": [s.loaded_at.isoformat() for s in self.snapshots],
            },
            "thresholds": {"match": self.thresholds.match, "review": self.thresholds.review},
            "decision": self.decision,
            "results": [
                _result_json(match, party, decision, request)
                for match, party, decision in self.matches
            ],
        }


def screen(engine: Engine, home: Path, request: ScreeningRequest) -> ScreeningResult:
    if not request.name.strip():
        raise InputError("the name to screen is empty")
    if request.schema is not None and request.schema not in {s.value for s in Schema}:
        known = ", ".join(s.value for s in Schema)
        raise InputError(f"unknown type {request.schema!r}", hint=f"use one of {known}")
    loaded = load_index(engine, home)
    thresholds = default_thresholds()
    found = loaded.index.search(
        request.to_query(),
        limit=request.limit,
        lists=request.lists,
        as_of=request.as_of,
        min_score=thresholds.review * 0.75,
    )
    result = ScreeningResult(request, loaded.snapshots, thresholds)
    for match in found:
        party, _ = queries.load_party(engine, match.party.party_id)
        result.matches.append((match, party, thresholds.decide(match.score)))
    # Every screening is on record with the snapshots it answered from (and audit-logged).
    from entitywatch.store.screenings import record_screening

    document = result.to_dict()
    record_screening(
        engine,
        kind="party",
        query=document["query"],
        snapshot_ids=[s.id for s in loaded.snapshots],
        decision=result.decision,
        results=document["results"],
    )
    return result


def _listing_in_scope(listing: Listing, request: ScreeningRequest) -> bool:
    if request.lists is not None and listing.list_code not in request.lists:
        return False
    return request.as_of is None or listing.in_effect_on(request.as_of)


def listing_json(listing: Listing) -> dict[str, Any]:
    """A listing as screening results, alerts and reports show it."""
    return {
        "list": listing.list_code,
        "authority": listing.authority,
        "programs": list(listing.programs),
        "start_date": listing.start_date.isoformat() if listing.start_date else None,
        "end_date": listing.end_date.isoformat() if listing.end_date else None,
        "federal_register": [str(c) for c in listing.federal_register],
        "license_requirement": listing.license_requirement,
        "license_policy": listing.license_policy,
        "reason": listing.reason,
        "source_url": listing.source_url,
    }


def _result_json(
    match: EntityMatch, party: Party, decision: str, request: ScreeningRequest
) -> dict[str, Any]:
    return {
        "party_id": party.id,
        "name": party.caption,
        "matched_name": match.matched_name,
        "score": round(match.score, 4),
        "decision": decision,
        "schema": party.schema.value,
        "countries": party.countries,
        "listings": [
            listing_json(listing)
            for listing in party.listings
            if _listing_in_scope(listing, request)
        ],
        "explanation": match.explain(),
    }
