"""Registry of matching algorithms, so that a new one can be added and compared.

An algorithm scores a pair of names (``compare_names``) and a query party against a
listed party (``compare_entities``), each with an explanation a reviewer can read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from entitywatch.errors import InputError


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision bands: score >= match -> "match"; >= review -> "review"; else "clear"."""

    match: float
    review: float

    def decide(self, score: float) -> str:
        if score >= self.match:
            return "match"
        if score >= self.review:
            return "review"
        return "clear"


@dataclass(frozen=True, slots=True)
class Comparison:
    """A score in [0, 1], its decision, and why."""

    score: float
    decision: str
    explanation: dict[str, Any] = field(default_factory=dict)


class Algorithm(Protocol):
    name: str
    description: str
    thresholds: Thresholds

    def compare_names(self, name1: str, name2: str, schema: str | None = None) -> Comparison:
        """Score two names of parties of ``schema`` (Person, Company, ...) against each other."""
        ...


_ALGORITHMS: dict[str, Callable[[], Algorithm]] = {}
DEFAULT_ALGORITHM = "entitywatch-v1"


def register_algorithm(name: str, factory: Callable[[], Algorithm]) -> None:
    _ALGORITHMS[name] = factory


def algorithm_names() -> list[str]:
    _load_builtin()
    return sorted(_ALGORITHMS)


def get_algorithm(name: str = DEFAULT_ALGORITHM) -> Algorithm:
    _load_builtin()
    try:
        return _ALGORITHMS[name]()
    except KeyError:
        known = ", ".join(sorted(_ALGORITHMS))
        raise InputError(f"unknown algorithm {name!r}", hint=f"known: {known}") from None


def _load_builtin() -> None:
    from entitywatch.matching import algorithm_v1  # noqa: F401  (registers itself)
