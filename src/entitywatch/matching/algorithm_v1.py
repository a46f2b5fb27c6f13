"""entitywatch-v1: token alignment over analysed name forms (see ``compare.py``).

The default thresholds were chosen on the evaluation sets (``benchmarks/eval_matching.py``)
and can be overridden with ENTITYWATCH_MATCH_THRESHOLD / ENTITYWATCH_REVIEW_THRESHOLD.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from entitywatch.matching.analysis import analyze_name
from entitywatch.matching.compare import FormComparison, PreparedForm, compare_forms, prepare
from entitywatch.matching.registry import Comparison, Thresholds, register_algorithm
from entitywatch.matching.weights import TokenWeights

NAME = "entitywatch-v1"
DEFAULT_MATCH_THRESHOLD = 0.75
DEFAULT_REVIEW_THRESHOLD = 0.60


def default_thresholds() -> Thresholds:
    return Thresholds(
        match=float(os.environ.get("ENTITYWATCH_MATCH_THRESHOLD", DEFAULT_MATCH_THRESHOLD)),
        review=float(os.environ.get("ENTITYWATCH_REVIEW_THRESHOLD", DEFAULT_REVIEW_THRESHOLD)),
    )


def best_comparison(
    query: list[PreparedForm] | tuple[PreparedForm, ...],
    candidate: list[PreparedForm] | tuple[PreparedForm, ...],
) -> FormComparison | None:
    best: FormComparison | None = None
    for q in query:
        for c in candidate:
            result = compare_forms(q, c)
            if best is None or result.score > best.score:
                best = result
    return best


@dataclass
class EntitywatchV1:
    """Name comparison by weighted token alignment with explanations."""

    name: str = NAME
    description: str = (
        "token alignment of analysed name forms: legal forms as symbols, numbers as "
        "identity, generic words and places weighted down, Chinese names in pinyin and "
        "translation, acronyms and joined words"
    )
    thresholds: Thresholds = field(default_factory=default_thresholds)
    weights: TokenWeights = field(default_factory=TokenWeights)

    def prepared_forms(self, name: str, schema: str | None = None) -> list[PreparedForm]:
        return [prepare(form, self.weights) for form in analyze_name(name, schema)]

    def compare_names(self, name1: str, name2: str, schema: str | None = None) -> Comparison:
        best = best_comparison(
            self.prepared_forms(name1, schema), self.prepared_forms(name2, schema)
        )
        if best is None:
            explanation = {"reason": "a name has nothing to compare (empty, or only a legal form)"}
            return Comparison(0.0, self.thresholds.decide(0.0), explanation)
        score = round(best.score, 4)
        return Comparison(score, self.thresholds.decide(score), best.explain())


register_algorithm(NAME, EntitywatchV1)
