"""Specification of the matcher's evaluation harness (issue #3, item 5).

The metrics are checked on hand-made tables whose figures can be worked out by hand;
the loaders on the real files, with the counts of their PROVENANCE.md; the derived pairs
on a hand-made list (which pair is the hard negative) and on OFAC (determinism).
"""

from __future__ import annotations

import collections
import csv
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz, utils

from entitywatch import evaluation as ev
from entitywatch.errors import InputError
from entitywatch.matching import registry
from entitywatch.matching.registry import Comparison, Thresholds
from entitywatch.model import Listing, Name, NameKind, ParsedList, Party, Schema
from tests.conftest import REPO_ROOT, shared_file

NAME_PAIRS = "name_match_pairs"
T, F = True, False


class TokenSetToy:
    """A throwaway algorithm for these tests only: token_set_ratio with bands."""

    name = "test-token-set-toy"
    description = "rapidfuzz token_set_ratio, for the evaluation tests"
    thresholds = Thresholds(match=0.9, review=0.75)

    def compare_names(self, name1: str, name2: str, schema: str | None = None) -> Comparison:
        score = fuzz.token_set_ratio(name1, name2, processor=utils.default_process) / 100
        return Comparison(score, self.thresholds.decide(score), {"ratio": score})


class EntityToy(TokenSetToy):
    """A throwaway algorithm that also compares whole entities (by birth date only)."""

    name = "test-entity-toy"

    def compare_entities(
        self, query: dict[str, str], candidate: dict[str, str], schema: str
    ) -> Comparison:
        same = query.get("birthDate") == candidate.get("birthDate")
        score = 1.0 if same else 0.0
        return Comparison(score, self.thresholds.decide(score), {})


# --- metrics on hand-made tables --------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "scores", "expected"),
    [
        ([T, T, F, F], [0.9, 0.8, 0.2, 0.1], 1.0),  # perfect ranking
        ([T, T, F, F], [0.1, 0.2, 0.8, 0.9], 0.0),  # reversed
        ([T, T, F, F], [0.5, 0.5, 0.5, 0.5], 0.5),  # all tied
        ([T, F], [0.5, 0.5], 0.5),  # a tie counts one half
        ([T, F, T, F], [0.9, 0.8, 0.7, 0.1], 0.75),  # 3 of 4 (pos, neg) pairs in order
        ([T, F, T, F], [0.9, 0.7, 0.7, 0.1], 0.875),  # 3 in order, 1 tied
    ],
)
def test_roc_auc(labels: list[bool], scores: list[float], expected: float) -> None:
    assert ev.roc_auc(labels, scores) == pytest.approx(expected)


@pytest.mark.parametrize(("labels", "scores"), [([T, T], [0.1, 0.2]), ([F], [0.3]), ([], [])])
def test_roc_auc_needs_both_classes(labels: list[bool], scores: list[float]) -> None:
    assert ev.roc_auc(labels, scores) is None


@pytest.mark.parametrize(
    ("labels", "scores", "expected"),
    [
        ([T, T, F, F], [0.9, 0.8, 0.2, 0.1], 1.0),
        # P = 1 at R = 0.5, then P = 2/3 at R = 1: 0.5 * 1 + 0.5 * 2/3
        ([T, F, T, F], [0.9, 0.8, 0.7, 0.1], 0.5 + 1 / 3),
        ([T, F], [0.5, 0.5], 0.5),  # tied: one threshold, P = 1/2 at R = 1
        ([F, F, T], [0.9, 0.8, 0.1], 1 / 3),
    ],
)
def test_average_precision(labels: list[bool], scores: list[float], expected: float) -> None:
    assert ev.average_precision(labels, scores) == pytest.approx(expected)


def test_average_precision_needs_a_positive() -> None:
    assert ev.average_precision([F, F], [0.1, 0.2]) is None


@pytest.mark.parametrize(
    ("labels", "predicted", "expected"),
    [
        ([T, T, F, F], [T, F, T, F], (0.5, 0.5, 0.5)),
        ([T, T, F, F], [T, T, F, F], (1.0, 1.0, 1.0)),
        ([T, T, F, F], [F, F, F, F], (None, 0.0, 0.0)),  # nothing called: P undefined
        ([T, F, F, F], [T, T, T, F], (1 / 3, 1.0, 0.5)),
        ([F, F], [F, T], (0.0, None, 0.0)),
    ],
)
def test_precision_recall_f1(
    labels: list[bool], predicted: list[bool], expected: tuple[float | None, ...]
) -> None:
    assert ev.precision_recall_f1(labels, predicted) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("labels", "scores", "expected"),
    [
        # t=0.9: F1 2/3; t=0.8: 1/2; t=0.7: 4/5; t=0.1: 2/3
        ([T, F, T, F], [0.9, 0.8, 0.7, 0.1], (0.8, 0.7)),
        ([T, T, F, F], [0.9, 0.8, 0.2, 0.1], (1.0, 0.8)),
        ([T, F], [0.5, 0.5], (2 / 3, 0.5)),
        ([T, F], [0.1, 0.9], (2 / 3, 0.1)),  # best: call everything a match
    ],
)
def test_best_f1(labels: list[bool], scores: list[float], expected: tuple[float, float]) -> None:
    assert ev.best_f1(labels, scores) == pytest.approx(expected)


def test_compute_metrics_strict_and_lenient() -> None:
    labels = [T, F, T, F]
    scores = [0.95, 0.8, 0.8, 0.1]
    decisions: list[str | None] = ["match", "review", "review", "clear"]
    metrics = ev.compute_metrics(labels, scores, decisions)
    assert (metrics.n, metrics.positives) == (4, 2)
    # strict: only "match" is positive -> TP 1, FN 1, FP 0
    assert (metrics.precision, metrics.recall, metrics.f1) == pytest.approx((1.0, 0.5, 2 / 3))
    # lenient: "match" or "review" -> TP 2, FP 1
    assert (metrics.lenient_precision, metrics.lenient_recall, metrics.lenient_f1) == (
        pytest.approx((2 / 3, 1.0, 0.8))
    )
    assert metrics.false_positive_rate == 0.0
    assert metrics.roc_auc == pytest.approx(0.875)
    assert metrics.best_threshold == pytest.approx(0.8)


def test_compute_metrics_without_decisions_has_only_ranking_figures() -> None:
    metrics = ev.compute_metrics([T, F], [0.9, 0.1], [None, None])
    assert (metrics.precision, metrics.recall, metrics.f1, metrics.lenient_f1) == (None,) * 4
    assert (metrics.roc_auc, metrics.pr_auc, metrics.best_f1) == (1.0, 1.0, 1.0)


# --- loaders on the real files ------------------------------------------------------------


def test_name_bench_counts() -> None:
    pairs = ev.load_name_bench(shared_file(f"{NAME_PAIRS}/{ev.NAME_BENCH_FILE}"))
    assert len(pairs) == 826
    assert collections.Counter(p.is_match for p in pairs) == {True: 425, False: 401}
    assert collections.Counter(p.group for p in pairs) == {
        "synth_people": 355,
        "nk_checks": 226,
        "synth_companies": 150,
        "nk_unit_tests": 82,
        "cluster_align": 8,
        "cust_cases": 5,
    }
    assert collections.Counter(p.schema for p in pairs) == {
        "Person": 548,
        "Company": 224,
        "Organization": 30,
        "LegalEntity": 12,
        "Vessel": 12,
    }
    assert pairs[0] == ev.LabelledPair(
        "Olaf Scholze", "Olaf Scholz", "Person", True, "nk_checks", "uncategorised", ""
    )


def test_logic_v2_frozen_scores_join_the_cases() -> None:
    """The run holds 812 rows (798 distinct schema/name pairs): it covers 815 of the 826
    cases, all but 5 cust_cases, 5 cluster_align and 1 nk_checks case added later."""
    run = shared_file(f"{NAME_PAIRS}/{ev.LOGIC_V2_FROZEN_FILE}")
    pairs = ev.load_name_bench(shared_file(f"{NAME_PAIRS}/{ev.NAME_BENCH_FILE}"), run)
    missing = collections.Counter(p.group for p in pairs if ev.LOGIC_V2_FROZEN not in p.recorded)
    assert missing == {"cust_cases": 5, "cluster_align": 5, "nk_checks": 1}
    assert pairs[0].recorded == {ev.LOGIC_V2_FROZEN: 0.9286}


def test_logic_v2_threshold_reproduces_the_frozen_decisions() -> None:
    path = shared_file(f"{NAME_PAIRS}/{ev.LOGIC_V2_FROZEN_FILE}")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 812
    for row in rows:
        called = ev.LOGIC_V2_THRESHOLDS.decide(float(row["score"])) == "match"
        assert called == (row["predicted_match"] == "true"), row


@pytest.mark.parametrize(
    ("file_name", "n", "matches", "schemas", "group"),
    [
        (ev.CASCADE_FILES[0], 300, 140, {"Company": 252, "Vessel": 48}, "cascade_entities"),
        (ev.CASCADE_FILES[1], 185, 118, {"Company": 101, "Vessel": 84}, "cascade_entities_2"),
    ],
)
def test_cascade_counts(
    file_name: str, n: int, matches: int, schemas: dict[str, int], group: str
) -> None:
    pairs = ev.load_cascade(shared_file(f"{NAME_PAIRS}/{file_name}"))
    assert len(pairs) == n
    assert sum(p.is_match for p in pairs) == matches
    assert collections.Counter(p.schema for p in pairs) == schemas
    assert {p.group for p in pairs} == {group}
    assert all(ev.WATCHMAN in p.recorded for p in pairs)


def test_cascade_keeps_watchman_score_not_baseline() -> None:
    pairs = ev.load_cascade(shared_file(f"{NAME_PAIRS}/{ev.CASCADE_FILES[0]}"))
    mean = sum(p.recorded[ev.WATCHMAN] for p in pairs) / len(pairs)
    assert mean == pytest.approx(0.6120, abs=5e-5)  # the .md's "all" row, column score


def test_entity_bench_counts() -> None:
    checks = ev.load_entity_bench(shared_file(f"{NAME_PAIRS}/{ev.ENTITY_BENCH_FILE}"))
    assert len(checks) == 228
    assert sum(c.is_match for c in checks) == 127
    assert collections.Counter(c.schema for c in checks) == {
        "Person": 138,
        "Company": 53,
        "Organization": 17,
        "LegalEntity": 12,
        "Vessel": 8,
    }
    assert sum(1 for c in checks if c.label) == 48
    assert checks[0] == ev.EntityCheck(
        "Person", {"name": "Olaf Scholze"}, {"name": "Olaf Scholz"}, True, "",
        "Messing about on our own",
    )  # fmt: skip
    folded = [c for c in checks if c.candidate.get("name", "").endswith("and Epidemiology")]
    assert folded[0].candidate["name"] == (
        "Academy of Military Medical Sciences, Institute of Micobiology and Epidemiology"
    )
    quoted = [c for c in checks if c.query.get("name") == "ndrangheta"]
    assert quoted[0].candidate == {"name": "'Ndrangheta"}


def test_cross_script_counts() -> None:
    pairs = ev.load_cross_script(shared_file(f"{NAME_PAIRS}/{ev.CROSS_SCRIPT_FILE}"))
    assert len(pairs) == 22
    assert pairs[0] == ev.CrossScriptPair(
        "محمد علي",
        "Mohamed Ali",
        0.90,
        "Common Arabic name transliteration",
        "Arabic to Latin (excellent performance: 0.82-0.97)",
    )
    assert pairs[-1].expected == "Somchai"


@pytest.mark.parametrize(
    ("properties", "name"),
    [
        ({"name": "Olaf Scholz"}, "Olaf Scholz"),
        ({"firstName": "Hans", "lastName": "Friedrich"}, "Hans Friedrich"),
        ({"lastName": "Friedrich", "middleName": "O", "firstName": "Hans"}, "Hans O Friedrich"),
    ],
)
def test_check_name(properties: dict[str, str], name: str) -> None:
    assert ev.check_name(properties) == name


# --- the YAML subset ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\n", {"a": "b"}),
        ("a: true\nb: false\n", {"a": True, "b": False}),
        ("# note\nitems:\n  - x: 1\n    y: two words\n", {"items": [{"x": "1", "y": "two words"}]}),
        ("a: first line\n  second line\nb: c\n", {"a": "first line second line", "b": "c"}),
        ('a: "\'quoted" \n', {"a": "'quoted"}),
        ("a: 'it''s'\n", {"a": "it's"}),
        ('a: ООО "БАЙ"\n', {"a": 'ООО "БАЙ"'}),
        ("a: value # comment\n", {"a": "value"}),
        ("list:\n- x\n- y\n", {"list": ["x", "y"]}),
        ("top:\n  inner:\n    k: v\n", {"top": {"inner": {"k": "v"}}}),
    ],
)
def test_simple_yaml(text: str, expected: Any) -> None:
    assert ev.parse_simple_yaml(text, Path("t.yml")) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2]\n", "unsupported YAML syntax '['"),
        ("a: |\n  text\n", "unsupported YAML syntax '|'"),
        ("a: b\na: c\n", "duplicate key 'a'"),
        ('a: "open\n', "unclosed quoted string"),
        ("a: b\n   c: d\nx\n", "expected 'key: value'"),
    ],
)
def test_simple_yaml_refuses_what_it_cannot_read(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        ev.parse_simple_yaml(text, Path("t.yml"))


# --- category groups ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name1", "name2", "category", "notes", "group"),
    [
        ("Barack Obama", "Барак Обама", "", "", "cross-script"),
        ("Olaf Scholze", "Olaf Scholz", "", "", "uncategorised"),
        ("a", "b", "Fat Finger Typo", "", "spelling and typos"),
        ("a", "b", "Word Reordering", "", "word order"),
        ("a", "b", "Initials Usage", "", "initials, abbreviations, nicknames, titles"),
        ("a", "b", "friedrich_tps", "test_jaro_friedrich", "nomenklatura unit tests: matches"),
        ("a", "b", "obama_fps", "", "nomenklatura unit tests: non-matches"),
        ("a", "b", ev._LLM_CATEGORY, "legal-form expansion (AG)", "legal form"),
        ("a", "b", ev._LLM_CATEGORY, "Korean given-name swap", "different name part"),
        ("a", "b", ev._LLM_CATEGORY, "Roman-numeral vintage swap", "numbers and series"),
        ("a", "b", ev._LLM_CATEGORY, "city qualifier swap", "place or country qualifier"),
        ("a", "b", ev._LLM_CATEGORY, "leading 'The' drop", "stopwords"),
        ("a", "b", ev._LLM_CATEGORY, "French diacritic strip", "diacritics"),
        ("a", "b", ev._LLM_CATEGORY, "CN Wade-Giles vs Pinyin", "transliteration"),
        ("a", "b", ev._LLM_CATEGORY, "dropped 2 middle parts", "name parts added or dropped"),
        ("a", "b", "Customer-provided deviation", "Legal-form expansion", "legal form"),
    ],
)
def test_category_group(name1: str, name2: str, category: str, notes: str, group: str) -> None:
    assert ev.category_group(name1, name2, category, notes) == group


def test_every_name_bench_case_has_a_category_group() -> None:
    pairs = ev.load_name_bench(shared_file(f"{NAME_PAIRS}/{ev.NAME_BENCH_FILE}"))
    assert not [p for p in pairs if p.category == "other"]


# --- derived pairs ------------------------------------------------------------------------


def _party(party_id: str, primary: str, *aliases: str, list_code: str = "SDN") -> Party:
    names = [Name(primary), *(Name(a, NameKind.ALIAS) for a in aliases)]
    return Party(party_id, Schema.COMPANY, names, listings=[Listing(list_code, "test")])


def _handmade_list() -> ParsedList:
    return ParsedList(
        "test",
        "test",
        [
            _party("sinochem", "Sinochem Group Co", "Sinochem Group", "SG"),
            _party("lazarus", "Lazarus Group", "Hidden Cobra"),
            # the same company listed a second time: never a negative of "sinochem"
            _party("sinochem-again", "Sinochem Group Co., Ltd.", "Sinochem Group"),
            _party("acme", "Acme Trading", "Acme Trading Company"),
        ],
    )


def test_derived_pairs_from_a_handmade_list() -> None:
    pairs = ev.derive_pairs(_handmade_list(), positives=10, random_negatives=0, seed=1)
    by_alias = {(p.group, p.name1): p for p in pairs}
    # aliases shorter than 3 characters ("SG") are skipped
    assert sorted(p.name1 for p in pairs if p.group == "alias") == [
        "Acme Trading Company",
        "Hidden Cobra",
        "Sinochem Group",
        "Sinochem Group",
    ]
    assert by_alias[("alias", "Hidden Cobra")].name2 == "Lazarus Group"
    assert by_alias[("alias", "Hidden Cobra")].is_match
    # hard negative: the closest name of another party that shares no name with this one
    hard = [p for p in pairs if p.group == "hard negative" and p.detail.startswith("sinochem ")]
    assert [(p.name1, p.name2, p.is_match) for p in hard] == [
        ("Sinochem Group", "Lazarus Group", False)
    ]


def test_derived_pairs_random_negatives_are_other_parties() -> None:
    pairs = ev.derive_pairs(_handmade_list(), positives=10, random_negatives=3, seed=2)
    randoms = [p for p in pairs if p.group == "random negative"]
    assert len(randoms) == 3
    for pair in randoms:
        first, second = pair.detail.split(" vs ")
        assert first != second and not pair.is_match


@pytest.fixture(scope="module")
def ofac() -> tuple[ParsedList, set[tuple[str, str]]]:
    """The OFAC SDN 2021 set, parsed once, and its alt.csv names."""
    from entitywatch.sources import ofac_sdn_csv

    folder = shared_file("ofac_sdn_2021/sdn.csv").parent
    return ofac_sdn_csv.parse(folder), ev.ofac_alt_names(folder)


def test_ofac_alt_names(ofac: tuple[ParsedList, set[tuple[str, str]]]) -> None:
    """alt.csv has 11,911 rows; 11,908 distinct (entity, name) after 3 repeats."""
    parsed, names = ofac
    assert len(names) == 11908
    assert len(parsed.parties) == 8976


def test_derived_pairs_are_deterministic(ofac: tuple[ParsedList, set[tuple[str, str]]]) -> None:
    parsed, alt_names = ofac
    first = ev.ofac_pairs(parsed, alt_names, positives=40, seed=7)
    again = ev.ofac_pairs(parsed, alt_names, positives=40, seed=7)
    other = ev.ofac_pairs(parsed, alt_names, positives=40, seed=8)
    assert first == again
    assert first != other
    kinds = collections.Counter(p.group for p in first)
    assert kinds == {"alias": 40, "hard negative": 40, "random negative": 20}
    assert all(p.is_match == (p.group == "alias") for p in first)
    assert all((p.detail.split(" vs ")[0], p.name1) in alt_names for p in first)


# --- the evaluation end to end ------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    shared = shared_file(f"{NAME_PAIRS}/PROVENANCE.md").parent.parent
    datasets = ("name_bench", "cascade", "entity_bench", "cross_script")
    return ev.evaluate(TokenSetToy(), shared, peers=[ev.naive_scorer()], datasets=datasets)


def test_report_covers_every_data_set(report: dict[str, Any]) -> None:
    sizes = {d["name"]: (d["n"], d["positives"]) for d in report["datasets"]}
    assert sizes == {
        "name_bench": (826, 425),
        "cascade_1": (300, 140),
        "cascade_2": (185, 118),
        "entity_bench": (228, 127),
        "cross_script": (22, 22),
    }
    name_bench = report["datasets"][0]
    rows = {r["scorer"]: r for r in name_bench["scorers"]}
    assert set(rows) == {TokenSetToy.name, ev.NAIVE, ev.LOGIC_V2_FROZEN}
    assert rows[ev.LOGIC_V2_FROZEN]["n"] == 815
    # the toy is token_set_ratio: same ranking figures as the naive baseline
    assert rows[TokenSetToy.name]["roc_auc"] == rows[ev.NAIVE]["roc_auc"]
    assert set(name_bench["slices"]) == {"schema", "case_group", "category group"}
    assert len(name_bench["worst_errors"]) == 25
    assert sum(r["n"] for r in name_bench["errors_by_category"]) == 826
    assert sum(r["errors"] for r in name_bench["errors_by_category"]) >= 25
    cascade = {r["scorer"]: r for r in report["datasets"][1]["scorers"]}
    assert cascade[ev.WATCHMAN]["f1"] is None  # watchman states no threshold
    assert cascade[ev.WATCHMAN]["best_f1"] is not None


def test_worst_errors_are_half_false_positives_then_half_false_negatives(
    report: dict[str, Any],
) -> None:
    errors = report["datasets"][0]["worst_errors"]
    kinds = [e["kind"] for e in errors]
    assert kinds == ["FP"] * 13 + ["FN"] * 12
    for kind in ("FP", "FN"):
        distance = [abs(e["score"] - 0.9) for e in errors if e["kind"] == kind]
        assert distance == sorted(distance, reverse=True)
    for error in errors:
        assert (error["kind"] == "FP") == (error["score"] >= TokenSetToy.thresholds.match)


@pytest.mark.parametrize(
    ("labels", "scores", "kinds"),
    [
        ([F, F, F, T], [0.99, 0.98, 0.97, 0.1], ["FP", "FP", "FN"]),  # one FN: FPs fill
        ([F, T, T, T], [0.99, 0.1, 0.2, 0.3], ["FP", "FN", "FN"]),  # one FP: FNs fill
        ([F, F, T, T], [0.95, 0.99, 0.5, 0.1], ["FP", "FP", "FN"]),  # worst first per kind
    ],
)
def test_worst_errors_fill_from_the_other_kind(
    labels: list[bool], scores: list[float], kinds: list[str]
) -> None:
    pairs = [ev.LabelledPair(f"a{i}", f"b{i}", None, label) for i, label in enumerate(labels)]
    scorer = ev.AlgorithmScorer(TokenSetToy())
    results: list[ev.Scored | None] = [ev.Scored(s, scorer.decide(s)) for s in scores]
    errors = ev.worst_errors(pairs, ev.ScoredRun(scorer, results, 0.0), 3)
    assert [e["kind"] for e in errors] == kinds
    assert errors[0]["score"] == max(
        s for s, label in zip(scores, labels, strict=True) if not label
    )


def test_report_renders_as_markdown_and_json(report: dict[str, Any]) -> None:
    markdown = ev.render_markdown(report)
    assert "## nomenklatura name_bench (cases.csv)" in markdown
    assert (
        "| algorithm | n | P | R | F1 | lenient F1 | PR-AUC | ROC-AUC | best F1 (t) |" in markdown
    )
    assert "Errors of test-token-set-toy by category" in markdown
    decoded = json.loads(json.dumps(report, default=ev.report_json_default))
    assert decoded["algorithm"] == TokenSetToy.name


def test_entity_checks_use_compare_entities_when_there_is_one() -> None:
    born_1970 = {"name": "A", "birthDate": "1970"}
    checks = [
        ev.EntityCheck("Person", born_1970, {"name": "B", "birthDate": "1970"}, True),
        ev.EntityCheck("Person", born_1970, {"name": "A", "birthDate": "1980"}, False),
    ]
    data = ev.evaluate_checks("t", "t", checks, [ev.AlgorithmScorer(EntityToy())], worst=5)
    row = data["scorers"][0]
    assert (row["mode"], row["accuracy"]) == ("entities", 1.0)
    names_only = ev.evaluate_checks(
        "t", "t", checks, [ev.AlgorithmScorer(TokenSetToy(), entities=False)], 5
    )
    assert (names_only["scorers"][0]["mode"], names_only["scorers"][0]["accuracy"]) == (
        "names",
        0.0,
    )


# Checks whose names agree but whose other evidence decides (made-up parties).
_EVIDENCE_CHECKS = [
    # the same vessel name, different IMO numbers: two vessels
    ev.EntityCheck(
        "Vessel",
        {"name": "Ocean Star", "imoNumber": "9187629"},
        {"name": "Ocean Star", "imoNumber": "9234561"},
        False,
    ),
    # renamed vessel, same IMO number
    ev.EntityCheck(
        "Vessel",
        {"name": "Ocean Star", "imoNumber": "IMO 9187629"},
        {"name": "Sea Pearl", "imoNumber": "9187629"},
        True,
    ),
    # namesakes born 13 years apart
    ev.EntityCheck(
        "Person",
        {"name": "Mansur Karimov", "birthDate": "1962-05-17"},
        {"name": "Mansur Karimov", "birthDate": "1975"},
        False,
    ),
    # given and family names swapped
    ev.EntityCheck(
        "Person",
        {"firstName": "Orlova", "lastName": "Anna"},
        {"firstName": "Anna", "lastName": "Orlova"},
        False,
    ),
    # names alone decide when there is nothing else
    ev.EntityCheck("Person", {"name": "Anna Orlova"}, {"name": "Anna Orlova"}, True),
]


@pytest.mark.parametrize(
    ("entities", "mode", "decisions"),
    [
        (True, "entities", ["clear", "match", "clear", "clear", "match"]),
        (False, "names", ["match", "clear", "match", "match", "match"]),
    ],
)
def test_algorithm_scorer_applies_the_entity_evidence(
    entities: bool, mode: str, decisions: list[str]
) -> None:
    """An algorithm that only compares names is scored on whole entities with the rules
    of ``matching.entities`` (unless told not to), so the checks' other properties count."""
    scorer = ev.AlgorithmScorer(TokenSetToy(), entities=entities)
    assert scorer.entity_mode == mode
    results = [scorer.score_check(check) for check in _EVIDENCE_CHECKS]
    assert [r.decision if r else None for r in results] == decisions
    if entities:
        first = results[0]
        assert first is not None
        [evidence] = first.explanation["evidence"]
        assert (evidence["feature"], evidence["effect"]) == ("identifier", "x0.5")


def test_entity_bench_shows_the_names_only_score_beside(report: dict[str, Any]) -> None:
    [bench] = [d for d in report["datasets"] if d["name"] == "entity_bench"]
    modes = {r["scorer"]: r["mode"] for r in bench["scorers"]}
    assert modes == {
        TokenSetToy.name: "entities",
        f"{TokenSetToy.name} (names only)": "names",
        ev.NAIVE: "names",
    }


@pytest.mark.parametrize(
    ("decisions", "accuracy", "strict", "lenient"),
    [
        (["match", "clear"], 1.0, 1.0, 1.0),
        (["review", "review"], 0.5, 0.0, 1.0),  # review: wrong on the match, fine on the other
        (["clear", "match"], 0.0, 0.0, 0.0),
    ],
)
def test_check_accuracy(
    decisions: list[str], accuracy: float, strict: float, lenient: float
) -> None:
    checks = [
        ev.EntityCheck("Person", {"name": "a"}, {"name": "a"}, True),
        ev.EntityCheck("Person", {"name": "a"}, {"name": "b"}, False),
    ]
    run = ev.ScoredRun(ev.naive_scorer(), [ev.Scored(0.5, d) for d in decisions], 0.0)
    figures = ev.check_accuracy(checks, run)
    assert (figures["accuracy"], figures["strict_accuracy"], figures["lenient_accuracy"]) == (
        accuracy,
        strict,
        lenient,
    )


def test_script_prints_json_for_a_registered_algorithm(
    capsys: pytest.CaptureFixture[str],
) -> None:
    registry.register_algorithm(TokenSetToy.name, TokenSetToy)
    spec = importlib.util.spec_from_file_location(
        "eval_matching", REPO_ROOT / "benchmarks" / "eval_matching.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules["eval_matching"] = script
    spec.loader.exec_module(script)
    shared = shared_file(f"{NAME_PAIRS}/PROVENANCE.md").parent.parent
    status = script.main(
        ["--algorithm", TokenSetToy.name, "--peer", "naive", "--dataset", "cross_script",
         "--shared-data", str(shared), "--json"]
    )  # fmt: skip
    assert status == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["algorithm"] == TokenSetToy.name
    assert [s["scorer"] for s in printed["datasets"][0]["scorers"]] == [TokenSetToy.name, ev.NAIVE]


def test_logic_v2_live_when_installed() -> None:
    pytest.importorskip("nomenklatura.matching")
    scorer = ev.logic_v2_scorer()
    assert scorer is not None
    same = scorer.score_names("Siemens Aktiengesellschaft", "Siemens AG", "Company")
    other = scorer.score_names("Sinochem Group", "Lazarus Group", "Company")
    assert same is not None and other is not None
    # logic-v2 memoises name analysis by entity id: distinct names must not share one
    assert same.score > 0.9 > 0.5 > other.score
    assert (same.decision, other.decision) == ("match", "clear")
