"""Candidate recall of the matcher index against exhaustive scoring (issue #3, item 6).

``MatcherIndex.search`` scores only the names whose score bound (``name_bounds``) reaches
the screening floor. This script checks what that costs: for each query it scores the
query against every name of every party of the CSL 2022 + OFAC SDN 2021 index
(``best_comparison``, exhaustively), takes the parties whose best name scores at least the
review threshold, and counts how many of them have a name among the retrieved candidates
(bound at or above the floor that ``screen`` uses):

    recall = parties retrieved / parties at or above the review threshold (all queries)

It also counts the stricter "name-level" recall: the party's retrieved names include one
that reaches the threshold (search scores only retrieved names, so a party found through
a weaker alias gets that alias's score), and the "screened" recall, on scores as
``screen`` gives them (name kind factor, type conflict between query and party): the
parties whose decision a retrieval miss changes. Every miss is printed with its score, the cause
(no retrieval key shared, or a bound below the floor), and the token pairs the scorer
found, so that retrieval can be fixed. A retrieved name whose bound is below its exhaustive
score is a *bound violation* (a bug in the bound, counted separately).

Queries: names of the labelled pairs in ../shared/data/name_match_pairs (nomenklatura's
name bench, watchman's Cascade and cross-script pairs), and the realistic query mix of
``bench_match.py``, a seeded sample of each. Exhaustive scoring takes about 3 s per query
(identical analysed names are scored once), spread over two worker processes.

Run: .venv/bin/python benchmarks/recall_matching.py [--eval-queries 200]
         [--mix-queries 200] [--workers 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import bench_match
from bench_match import SHARED, Query
from entitywatch import evaluation
from entitywatch.matching.algorithm_v1 import best_comparison, default_thresholds
from entitywatch.matching.analysis import analyze_name
from entitywatch.matching.compare import PreparedForm, prepare
from entitywatch.matching.entities import apply_effects, entity_evidence
from entitywatch.matching.index import NAME_KIND_FACTOR, MatcherIndex, PartyQuery

PAIRS_DIR = "name_match_pairs"
TARGET_RECALL = 0.995
MIX_QUERIES_GENERATED = 1000  # the bench_match mix the sample is drawn from


@dataclass(frozen=True, slots=True)
class Miss:
    """A party that exhaustive scoring puts at or above the threshold, not retrieved."""

    query: str
    query_set: str
    category: str
    party_id: str
    name: str
    name_kind: str
    score: float
    cause: str
    matched: list[str]
    screened_score: float = 0.0  # the party's best score as `screen` would give it
    changes_decision: bool = False  # screening would miss a party at or above the threshold


@dataclass(slots=True)
class QueryOutcome:
    query: str
    query_set: str
    category: str
    expected: int  # parties whose best name scores >= threshold
    retrieved: int  # of those, parties with any retrieved name
    name_retrieved: int  # of those, parties with a retrieved name scoring >= threshold
    candidates: int
    bound_violations: int  # retrieved names whose bound is below their exhaustive score
    screened_expected: int = 0  # parties whose best name, scored as `screen` does, >= threshold
    screened_found: int = 0  # of those, parties with such a name among the candidates
    misses: list[Miss] = field(default_factory=list)
    seconds: float = 0.0


# --- the query sets ------------------------------------------------------------------------


def eval_queries(shared: Path = SHARED) -> list[Query]:
    """Every distinct name of the labelled pair files, as a query of its pair's type."""
    folder = shared / PAIRS_DIR
    found: dict[tuple[str, str | None], Query] = {}

    def add(name: str, schema: str | None, category: str) -> None:
        name = name.strip()
        if name and (name, schema) not in found:
            found[(name, schema)] = Query(name, category, schema)

    for pair in evaluation.load_name_bench(folder / evaluation.NAME_BENCH_FILE):
        add(pair.name1, pair.schema, "name_bench")
        add(pair.name2, pair.schema, "name_bench")
    for file in ("watchman_cascade_name_pairs.csv", "watchman_cascade_name_pairs_2.csv"):
        for pair in evaluation.load_cascade(folder / file):
            add(pair.name1, pair.schema, "cascade")
            add(pair.name2, pair.schema, "cascade")
    for cross in evaluation.load_cross_script(folder / "watchman_cross_script_pairs.csv"):
        add(cross.query, None, "cross_script")
        add(cross.expected, None, "cross_script")
    return list(found.values())


def sample(queries: Sequence[Query], count: int, seed: int) -> list[Query]:
    if count >= len(queries):
        return list(queries)
    return random.Random(seed).sample(list(queries), count)


# --- exhaustive scoring ----------------------------------------------------------------------

# Set in the parent before the worker processes fork, so that they share it.
_INDEX: MatcherIndex | None = None
_GROUPS: list[tuple[tuple[PreparedForm, ...], list[int]]] = []
_THRESHOLD = 0.0


def name_groups(index: MatcherIndex) -> list[tuple[tuple[PreparedForm, ...], list[int]]]:
    """The index's names grouped by their analysed forms: names that differ only as written
    ("HUAWEI TECHNOLOGIES CO., LTD." on two lists) give the same comparison, scored once.
    The key is every token (text, kind and raw) and variant of every form, all that a
    comparison reads but the original string, which only its explanation shows."""
    groups: dict[tuple[Any, ...], tuple[tuple[PreparedForm, ...], list[int]]] = {}
    for number, name in enumerate(index.names):
        key = tuple((form.form.tokens, form.form.variant) for form in name.forms)
        if key in groups:
            groups[key][1].append(number)
        else:
            groups[key] = (name.forms, [number])
    return list(groups.values())


def set_state(index: MatcherIndex, threshold: float) -> None:
    global _INDEX, _GROUPS, _THRESHOLD
    _INDEX, _GROUPS, _THRESHOLD = index, name_groups(index), threshold


def exhaustive_names(forms: list[PreparedForm]) -> dict[int, float]:
    """Every name of the index scoring >= the threshold against the query forms."""
    found: dict[int, float] = {}
    for candidate_forms, numbers in _GROUPS:
        comparison = best_comparison(forms, candidate_forms)
        if comparison is not None and comparison.score >= _THRESHOLD:
            for number in numbers:
                found[number] = comparison.score
    return found


def _matched_pairs(forms: list[PreparedForm], name_forms: tuple[PreparedForm, ...]) -> list[str]:
    comparison = best_comparison(forms, name_forms)
    if comparison is None:
        return []
    explained = comparison.explain()
    return [f"{m['query']}~{m['candidate']} ({m['how']})" for m in explained["matched"]]


def screened_score(
    index: MatcherIndex, query: Query, forms: list[PreparedForm], number: int
) -> float:
    """The score `screen` gives the party through this name: the name score times the
    name kind's factor, adjusted for the query's type (``MatcherIndex.search``)."""
    name = index.names[number]
    comparison = best_comparison(forms, name.forms)
    if comparison is None:
        return 0.0
    name_score = comparison.score * NAME_KIND_FACTOR.get(name.kind, 1.0)
    described = PartyQuery(query.name, query.schema).description()
    return apply_effects(name_score, entity_evidence(described, index.parties[name.party].evidence))


def evaluate_query(task: tuple[Query, str]) -> QueryOutcome:
    """Exhaustive parties vs retrieved parties for one query (runs in a worker)."""
    query, query_set = task
    index = _INDEX
    assert index is not None
    start = time.perf_counter()
    forms = [prepare(form, index.weights) for form in analyze_name(query.name, query.schema)]
    outcome = QueryOutcome(query.name, query_set, query.category, 0, 0, 0, 0, 0)
    if not forms:
        return outcome
    above = exhaustive_names(forms)
    best: dict[int, tuple[int, float]] = {}
    for number, score in above.items():
        party = index.names[number].party
        if party not in best or score > best[party][1]:
            best[party] = (number, score)
    bounds = index.name_bounds(forms, 0.0)
    floor = bench_match.review_floor()
    candidates = [number for number, bound in bounds.items() if bound >= floor]
    chosen = set(candidates)
    retrieved_parties = {index.names[number].party for number in candidates}
    outcome.candidates = len(candidates)
    outcome.expected = len(best)
    outcome.bound_violations = sum(
        1 for number, score in above.items() if number in bounds and bounds[number] < score - 1e-9
    )
    screened: dict[int, float] = defaultdict(float)  # party -> best screened score
    screened_retrieved: dict[int, float] = defaultdict(float)
    for number in above:
        party = index.names[number].party
        value = screened_score(index, query, forms, number)
        screened[party] = max(screened[party], value)
        if number in chosen:
            screened_retrieved[party] = max(screened_retrieved[party], value)
    for party, value in screened.items():
        if value >= _THRESHOLD:
            outcome.screened_expected += 1
            outcome.screened_found += screened_retrieved[party] >= _THRESHOLD
    for party, (number, score) in sorted(best.items(), key=lambda item: -item[1][1]):
        if any(n in chosen for n in index.parties[party].names if n in above):
            outcome.retrieved += 1
            outcome.name_retrieved += 1
            continue
        if party in retrieved_parties:
            outcome.retrieved += 1
            cause = "party retrieved through a name scoring below the threshold"
        elif number in bounds:
            cause = f"bound {bounds[number]:.3f} below the floor {floor:.3f}"
        else:
            cause = "no retrieval key shared with the query"
        name = index.names[number]
        outcome.misses.append(
            Miss(
                query=query.name,
                query_set=query_set,
                category=query.category,
                party_id=index.parties[party].party_id,
                name=name.value,
                name_kind=name.kind,
                score=round(score, 4),
                cause=cause,
                matched=_matched_pairs(forms, name.forms),
                screened_score=round(screened[party], 4),
                changes_decision=screened[party] >= _THRESHOLD > screened_retrieved[party],
            )
        )
    outcome.seconds = time.perf_counter() - start
    return outcome


def run(
    index: MatcherIndex,
    tasks: Sequence[tuple[Query, str]],
    *,
    threshold: float,
    workers: int,
    progress: bool = False,
) -> list[QueryOutcome]:
    """Evaluate every (query, query set) task, in ``workers`` forked processes when > 1."""
    set_state(index, threshold)
    outcomes: list[QueryOutcome] = []
    if workers <= 1:
        iterator: Any = map(evaluate_query, tasks)
        pool = None
    else:
        pool = multiprocessing.get_context("fork").Pool(workers)
        iterator = pool.imap_unordered(evaluate_query, tasks)
    try:
        started = time.perf_counter()
        for outcome in iterator:
            outcomes.append(outcome)
            if progress and len(outcomes) % 20 == 0:
                elapsed = time.perf_counter() - started
                print(f"  {len(outcomes)}/{len(tasks)} queries, {elapsed:.0f} s", file=sys.stderr)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    order = {(query.name, name): i for i, (query, name) in enumerate(tasks)}
    outcomes.sort(key=lambda o: order.get((o.query, o.query_set), 0))
    return outcomes


# --- report --------------------------------------------------------------------------------


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def summarise(outcomes: Sequence[QueryOutcome]) -> list[dict[str, Any]]:
    """One row per query set and one for all of them."""
    groups: dict[str, list[QueryOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.query_set].append(outcome)
    groups["all"] = list(outcomes)
    rows = []
    for name, members in groups.items():
        expected = sum(o.expected for o in members)
        retrieved = sum(o.retrieved for o in members)
        name_level = sum(o.name_retrieved for o in members)
        screened_expected = sum(o.screened_expected for o in members)
        rows.append(
            {
                "query_set": name,
                "queries": len(members),
                "queries_with_expected": sum(1 for o in members if o.expected),
                "expected_parties": expected,
                "retrieved_parties": retrieved,
                "recall": ratio(retrieved, expected),
                "name_level_recall": ratio(name_level, expected),
                "screened_expected": screened_expected,
                "screened_recall": ratio(sum(o.screened_found for o in members), screened_expected),
                "queries_with_a_miss": sum(1 for o in members if o.misses),
                "mean_candidates": sum(o.candidates for o in members) / max(1, len(members)),
                "bound_violations": sum(o.bound_violations for o in members),
            }
        )
    return rows


def print_report(report: dict[str, Any]) -> None:
    print(
        f"candidate recall vs exhaustive scoring: {report['lists']}, {report['names']:,} names "
        f"({report['name_groups']:,} distinct analysed); threshold {report['threshold']} "
        f"(review); retrieval floor {report['floor']:.3f}; {report['seconds']:.0f} s"
    )
    print()
    header = (
        "query set", "queries", "with hits", "expected", "retrieved", "recall",
        "name-level", "target", "verdict", "screened exp.", "screened recall",
        "cands/query", "bound violations",
    )  # fmt: skip
    rows = [
        (
            row["query_set"],
            str(row["queries"]),
            str(row["queries_with_expected"]),
            str(row["expected_parties"]),
            str(row["retrieved_parties"]),
            f"{row['recall']:.2%}",
            f"{row['name_level_recall']:.2%}",
            f">= {TARGET_RECALL:.1%}",
            "ok" if row["recall"] >= TARGET_RECALL else "MISSED",
            str(row["screened_expected"]),
            f"{row['screened_recall']:.2%}",
            f"{row['mean_candidates']:.0f}",
            str(row["bound_violations"]),
        )
        for row in report["summary"]
    ]
    print(bench_match.format_table(rows, header))
    misses = report["misses"]
    print()
    changing = sum(1 for miss in misses if miss["changes_decision"])
    print(
        f"misses ({len(misses)}; {changing} marked * would change what `screen` reports: the "
        "party reaches the threshold as screened and no retrieved name of it does), "
        "best score first:"
    )
    for miss in misses:
        mark = "*" if miss["changes_decision"] else " "
        print(
            f" {mark}{miss['score']:.3f} (screened {miss['screened_score']:.3f})  "
            f"{miss['query']!r} [{miss['query_set']}/{miss['category']}]"
            f" -> {miss['name']!r} ({miss['name_kind']}, {miss['party_id']}); "
            f"{miss['cause']}; pairs: {', '.join(miss['matched']) or '-'}"
        )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--eval-queries", type=int, default=200, help="labelled-pair names")
    parser.add_argument("--mix-queries", type=int, default=200, help="realistic-mix queries")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=bench_match.DEFAULT_SEED)
    parser.add_argument(
        "--threshold", type=float, default=None, help="default: the review threshold"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_arguments(argv)
    if not (SHARED / bench_match.CSL_FILE).exists():
        raise SystemExit(f"{SHARED} lacks the lists: this script reads ../shared/data")
    threshold = options.threshold if options.threshold is not None else default_thresholds().review
    started = time.perf_counter()
    print("parsing the lists and building the index ...", file=sys.stderr)
    parties = bench_match.load_parties()
    chinese = bench_match.load_chinese_names()
    index = MatcherIndex.build(parties)
    mix = bench_match.generate_queries(parties, chinese, MIX_QUERIES_GENERATED, options.seed)
    del parties
    tasks = [(q, "eval_pairs") for q in sample(eval_queries(), options.eval_queries, options.seed)]
    tasks += [(q, "query_mix") for q in sample(mix, options.mix_queries, options.seed)]
    print(f"scoring {len(tasks)} queries exhaustively ...", file=sys.stderr)
    outcomes = run(
        index, tasks, threshold=threshold, workers=options.workers, progress=not options.json
    )
    misses = sorted(
        (miss for outcome in outcomes for miss in outcome.misses), key=lambda m: -m.score
    )
    report = {
        "lists": "CSL 2022 CSV + OFAC SDN 2021 CSV",
        "names": len(index.names),
        "name_groups": len(_GROUPS),
        "threshold": threshold,
        "floor": bench_match.review_floor(),
        "seconds": time.perf_counter() - started,
        "summary": summarise(outcomes),
        "misses": [asdict(miss) for miss in misses],
    }
    if options.json_out:
        options.json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if options.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
