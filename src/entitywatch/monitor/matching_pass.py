"""Searching many counterparties against one matcher index, on every core.

Two indexes are searched in a monitoring run: the full index of the active snapshots
(for new counterparties) and a *delta index* over only the list entries that changed
since the last run (for every other counterparty). The delta index takes its token
weights from the full index's statistics, so a pair scores the same in both: a word
that is common in the lists ("technology") stays weak even when it is rare among the
few changed entries.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from entitywatch.matching.index import MatcherIndex, PartyQuery
from entitywatch.model import Party

PARALLEL_MIN_QUERIES = 4000  # below this, starting worker processes costs more than it saves
_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Hit:
    """One listed party found for one query, as plain data (it crosses processes)."""

    query_number: int
    party_id: str
    score: float
    matched_name: str
    matched_name_kind: str
    explanation: dict[str, Any]


def build_delta_index(parties: Sequence[Party], full: MatcherIndex) -> MatcherIndex:
    """A matcher index over ``parties`` only, weighted like ``full``."""
    return MatcherIndex.build(parties, statistics=full.weights.statistics)


# The index and options a worker searches with: set before the pool forks, so that the
# workers share the parent's index instead of unpickling a copy each.
_WORKER_STATE: dict[str, Any] = {}


def search_all(
    index: MatcherIndex,
    queries: Sequence[PartyQuery],
    *,
    min_score: float,
    limit: int = 10,
    workers: int | None = None,
) -> list[Hit]:
    """Every hit at or above ``min_score`` for each query, in query order.

    Identical queries (the same name, type, country, identifiers and birth date: one
    company with several accounts in a register) are searched once.
    """
    if workers is None:
        workers = default_workers()
    numbers_of: dict[PartyQuery, list[int]] = {}
    for number, query in enumerate(queries):
        numbers_of.setdefault(query, []).append(number)
    unique = list(numbers_of)
    _WORKER_STATE.update(index=index, min_score=min_score, limit=limit, queries=unique)
    try:
        ranges = [
            (start, min(start + _CHUNK, len(unique))) for start in range(0, len(unique), _CHUNK)
        ]
        if workers <= 1 or len(unique) < PARALLEL_MIN_QUERIES or not _can_fork():
            found = [hit for bounds in ranges for hit in _search_range(bounds)]
        else:
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                found = [hit for part in pool.imap(_search_range, ranges) for hit in part]
    finally:
        _WORKER_STATE.clear()
    hits = [
        dataclasses.replace(hit, query_number=number)
        for hit in found
        for number in numbers_of[unique[hit.query_number]]
    ]
    hits.sort(key=lambda h: h.query_number)  # stable: best first within a query
    return hits


def default_workers() -> int:
    configured = os.environ.get("ENTITYWATCH_WORKERS")
    if configured and configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(os.cpu_count() or 1, 8))


def _can_fork() -> bool:
    # Forking shares the index without copying it; elsewhere the serial path is used.
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _search_range(bounds: tuple[int, int]) -> list[Hit]:
    index: MatcherIndex = _WORKER_STATE["index"]
    queries: Sequence[PartyQuery] = _WORKER_STATE["queries"]
    min_score: float = _WORKER_STATE["min_score"]
    limit: int = _WORKER_STATE["limit"]
    hits: list[Hit] = []
    for number in range(*bounds):
        for match in index.search(queries[number], limit=limit, min_score=min_score):
            hits.append(
                Hit(
                    number,
                    match.party.party_id,
                    match.score,
                    match.matched_name,
                    match.matched_name_kind,
                    match.explain(),
                )
            )
    return hits
