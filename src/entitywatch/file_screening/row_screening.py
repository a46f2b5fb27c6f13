"""One row's query against the loaded matcher index -> the row's decision.

A row screened here gets exactly what ``entitywatch screen`` answers for the same name,
country, type and scope: the same index (``screening.load_index``), the same thresholds
(``default_thresholds``), the same candidate floor and the same ordering of results, so
the best party is the first result of ``screen``. Only what a file's row needs is kept
(no party is loaded from the store: the index carries its id, caption and listings).

:class:`IndexScreener` is what the worker processes call. Forked workers share the
parent's index; where processes are spawned instead, the screener is pickled as a recipe
(store URL and home) and each worker loads the index from the disk cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

from entitywatch.file_screening.rows import RowQuery
from entitywatch.matching.index import IndexedParty, MatcherIndex, PartyQuery
from entitywatch.matching.registry import Thresholds

#: As ``screening.screen``: candidates are kept from 3/4 of the review threshold, so that
#: a near miss shows its score while its decision stays "clear".
CANDIDATE_FLOOR = 0.75


class RowDecision(NamedTuple):
    """The decision for one row and the best listed party (None when nothing came close)."""

    decision: str  # match | review | clear
    score: float | None  # the best candidate's score, rounded as `screen --json` shows it
    party_id: str | None
    party_name: str | None
    matched_name: str | None
    lists: tuple[str, ...]  # lists of the best party in scope (for match and review)


CLEAR = RowDecision("clear", None, None, None, None, ())


@dataclass(frozen=True, slots=True)
class ScreeningScope:
    """The lists and day a file is screened against (``--lists``, ``--as-of``)."""

    lists: frozenset[str] | None = None
    as_of: dt.date | None = None

    def listing_codes(self, party: IndexedParty) -> tuple[str, ...]:
        """The party's lists in scope, as `screen` shows its listings."""
        codes = set()
        for listing in party.listings:
            if self.lists is not None and listing.list_code not in self.lists:
                continue
            if self.as_of is not None:
                if listing.start_date is not None and listing.start_date > self.as_of:
                    continue
                if listing.end_date is not None and listing.end_date <= self.as_of:
                    continue
            codes.add(listing.list_code)
        return tuple(sorted(codes))


def party_query(row: RowQuery) -> PartyQuery:
    """The matcher's query, built as ``ScreeningRequest.to_query`` builds it."""
    return PartyQuery(
        name=row.name,
        schema=row.schema,
        countries=(row.country.upper(),) if row.country else (),
        identifiers=row.identifiers,
        birth_date=row.birth_date,
    )


def screen_party_query(
    index: MatcherIndex, query: PartyQuery, thresholds: Thresholds, scope: ScreeningScope
) -> RowDecision:
    """The decision and best party for one query: the first result of ``screen``."""
    found = index.search(
        query,
        limit=1,
        lists=scope.lists,
        as_of=scope.as_of,
        min_score=thresholds.review * CANDIDATE_FLOOR,
    )
    if not found:
        return CLEAR
    best = found[0]
    score = round(best.score, 4)
    decision = thresholds.decide(best.score)
    if decision == "clear":
        return RowDecision("clear", score, None, None, None, ())
    party = best.party
    return RowDecision(
        decision,
        score,
        party.party_id,
        party.caption,
        best.matched_name,
        scope.listing_codes(party),
    )


class RowScreener(Protocol):
    """Screens the queries of one chunk of rows (None: a row that is not screened)."""

    def screen_rows(self, queries: Sequence[RowQuery | None]) -> list[RowDecision | None]: ...


@dataclass(frozen=True, slots=True)
class IndexRecipe:
    """How a spawned worker finds the same index: the store and the snapshots expected."""

    database_url: str
    home: Path
    snapshot_ids: tuple[int, ...]


class IndexScreener:
    """Screens rows against a loaded matcher index (the same in every worker)."""

    def __init__(
        self,
        index: MatcherIndex,
        thresholds: Thresholds,
        scope: ScreeningScope,
        recipe: IndexRecipe | None = None,
    ) -> None:
        self.index = index
        self.thresholds = thresholds
        self.scope = scope
        self.recipe = recipe

    def screen_rows(self, queries: Sequence[RowQuery | None]) -> list[RowDecision | None]:
        index, thresholds, scope = self.index, self.thresholds, self.scope
        return [
            None if row is None else screen_party_query(index, party_query(row), thresholds, scope)
            for row in queries
        ]

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Only where workers are spawned: send the recipe, not the index (tens of MB).
        if self.recipe is None:
            raise TypeError("an IndexScreener without a recipe cannot be sent to a process")
        return (_rebuild_screener, (self.recipe, self.thresholds, self.scope))


def _rebuild_screener(
    recipe: IndexRecipe, thresholds: Thresholds, scope: ScreeningScope
) -> IndexScreener:
    from entitywatch.screening import load_index
    from entitywatch.store import open_engine

    engine = open_engine(recipe.database_url)
    try:
        loaded = load_index(engine, recipe.home)
    finally:
        engine.dispose()
    found = tuple(sorted(s.id for s in loaded.snapshots))
    if found != tuple(sorted(recipe.snapshot_ids)):
        raise RuntimeError(
            f"the active snapshots changed during the run ({recipe.snapshot_ids} -> {found}): "
            "screen the file again"
        )
    return IndexScreener(loaded.index, thresholds, scope, recipe)
