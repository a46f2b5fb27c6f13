"""Smoke tests of benchmarks/bench_match.py and benchmarks/recall_matching.py.

The scripts' figures come from the full lists and take minutes; these tests run each
core function on the demo list (16 parties) and check that it returns figures of the
right shape. No timing is asserted.
"""

from __future__ import annotations

import importlib
import random
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

import pytest
from rapidfuzz.distance import Levenshtein

from entitywatch import evaluation
from entitywatch.matching.index import MatcherIndex
from entitywatch.model import Party
from entitywatch.sources import csl
from tests.conftest import REPO_ROOT, shared_file

BENCHMARKS = REPO_ROOT / "benchmarks"
DEMO_LIST = REPO_ROOT / "src" / "entitywatch" / "demo_data" / "seed_facts_list.csv"


def _script(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _script("bench_match")


@pytest.fixture(scope="module")
def recall() -> ModuleType:
    return _script("recall_matching")


@pytest.fixture(scope="module")
def parties() -> list[Party]:
    return csl.parse_csl_csv(DEMO_LIST).parties


@pytest.fixture(scope="module")
def index(parties: list[Party]) -> MatcherIndex:
    return MatcherIndex.build(parties)


@pytest.fixture(scope="module")
def queries(bench: ModuleType, parties: list[Party]) -> list[object]:
    chinese = [
        bench.Query("华为技术有限公司", "chinese_listed"),
        bench.Query("大疆", "chinese_listed"),
    ]
    return list(bench.generate_queries(parties, chinese, 60, seed=7))


# --- the query mix -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "name", "expected"),
    [
        ("strip_legal_form", "Hangzhou Hikvision Digital Co., Ltd.", "Hangzhou Hikvision Digital"),
        ("strip_legal_form", "Huawei Technologies Co., Ltd. (Huawei)", "Huawei Technologies"),
        ("strip_legal_form", 'OOO "Rostec"', "Rostec"),
        ("strip_legal_form", "Rosneft Trade Limited", "Rosneft Trade"),
        ("strip_legal_form", "Siemens AG", "Siemens"),
        ("strip_place_prefix", "Hangzhou Hikvision Digital", "Hikvision Digital"),
        ("strip_place_prefix", "Hong Kong Zhongjian Trading", "Zhongjian Trading"),
        ("strip_place_prefix", "Hikvision", "Hikvision"),
        ("brand_of", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision"),
        ("brand_of", "BEIJING SENSETIME TECHNOLOGY DEVELOPMENT CO., LTD.", "Sensetime"),
        ("brand_of", "Technology Development Co., Ltd.", None),
    ],
)  # fmt: skip
def test_news_style_parts(
    bench: ModuleType, function: str, name: str, expected: str | None
) -> None:
    assert getattr(bench, function)(name) == expected


@pytest.mark.parametrize(
    ("name", "possible"),
    [
        ("SMITH, John", {"John Smith"}),
        ("KIM, Jong Un", {"Jong Un Kim", "Jong Kim"}),
        ("John Smith", {"John Smith"}),
    ],
)
def test_people_as_the_press_writes_them(bench: ModuleType, name: str, possible: set[str]) -> None:
    assert bench.person_as_news(name, random.Random(1)) in possible


@pytest.mark.parametrize("edits", [1, 2])
def test_typos_are_small_edits_that_keep_first_letters(bench: ModuleType, edits: int) -> None:
    rng = random.Random(3)
    for _ in range(50):
        typo = bench.add_typos("Hangzhou Hikvision Digital Technology", rng, edits)
        assert typo is not None
        assert 1 <= Levenshtein.distance(typo, "Hangzhou Hikvision Digital Technology") <= 2 * edits
        assert [w[0] for w in typo.split()] == ["H", "H", "D", "T"]


def test_quotas_add_up_in_the_mix_proportions(bench: ModuleType) -> None:
    quotas = dict(bench.quotas(1000))
    assert sum(quotas.values()) == 1000
    assert quotas == {category: round(share * 1000) for category, share in bench.MIX}
    assert sum(dict(bench.quotas(7)).values()) == 7


def test_query_mix_is_seeded_distinct_and_topped_up(
    bench: ModuleType, parties: list[Party], queries: list[object]
) -> None:
    names = [q.name for q in queries]  # type: ignore[attr-defined]
    assert len(names) == 60 == len(set(names))
    categories = Counter(q.category for q in queries)  # type: ignore[attr-defined]
    assert set(categories) <= {category for category, _ in bench.MIX}
    # Two Chinese names cannot fill the chinese_listed quota: unlisted names make up for it.
    assert categories["chinese_listed"] <= 2
    assert bench.generate_queries(parties, [], 60, seed=7) == bench.generate_queries(
        parties, [], 60, seed=7
    )


def test_generators_of_unlisted_names(bench: ModuleType) -> None:
    rng = random.Random(5)
    assert bench.unlisted_cn_company(rng).endswith(bench.CN_LEGAL_FORMS)
    assert bench.has_han(bench.unlisted_han_company(rng))
    assert bench.unlisted_western_company(rng)
    assert len(bench.unlisted_person(rng).split()) >= 2


# --- the measurements ----------------------------------------------------------------------


def test_build_size_and_latency_figures(
    bench: ModuleType, parties: list[Party], queries: list[object]
) -> None:
    index, build = bench.build_index(parties)
    assert (build.parties, build.names) == (16, len(index.names))
    assert build.build_seconds > 0 and build.traced_build_peak_mb is None
    data, size = bench.measure_size(index)
    assert MatcherIndex.from_bytes(data).names[0].value == index.names[0].value
    assert size.bytes_mb > 0 and size.heap_mb > 0 and size.from_bytes_seconds > 0
    latency = bench.measure_latency(index, queries[:30], warmup=queries[30:33])
    assert latency.queries == 30
    assert latency.median_ms <= latency.p99_ms <= latency.max_ms
    assert sum(int(v["queries"]) for v in latency.by_category.values()) == 30
    assert sum(sum(d.values()) for d in latency.decisions.values()) == 30
    assert set(latency.decisions) == set(latency.by_category)


def test_traced_build(bench: ModuleType, parties: list[Party]) -> None:
    _, build = bench.build_index(parties, trace=True)
    assert build.traced_build_peak_mb is not None and build.traced_build_peak_mb > 0


def test_batch_in_one_process_and_in_two_workers(
    bench: ModuleType, index: MatcherIndex, queries: list[object]
) -> None:
    single = bench.batch_in_process(index, queries, max_seconds=600)
    assert (single.workers, single.names_done, single.capped) == (1, 60, False)
    assert single.names_per_second > 0
    workers = bench.batch_in_workers(index.to_bytes(), queries, 2, max_seconds=600, chunk=7)
    assert (workers.workers, workers.names_done, workers.capped) == (2, 60, False)
    assert workers.worker_load_seconds is not None and workers.names_per_second > 0


def test_logic_v2_on_the_same_candidates(
    bench: ModuleType, index: MatcherIndex, queries: list[object]
) -> None:
    figures = bench.time_logic_v2(index, queries[:5])
    if not evaluation.logic_v2_available():
        assert figures is None
    else:
        assert figures is not None and figures.pairs > 0 and figures.logic_v2_median_ms > 0


def test_cold_start_runs_the_real_command(bench: ModuleType) -> None:
    figures = bench.cold_start(DEMO_LIST, runs=1, name="Hikvision")
    assert figures.decision == "match"
    assert len(figures.runs_seconds) == 1 and figures.median_seconds > 0
    assert figures.cache_mb > 0 and figures.cli_version_seconds > 0


def test_report_table_has_every_target(
    bench: ModuleType, index: MatcherIndex, parties: list[Party], queries: list[object]
) -> None:
    _, build = bench.build_index(parties)
    _, size = bench.measure_size(index)
    report = {
        "lists": "demo",
        "python": "3",
        "build": asdict(build),
        "size": asdict(size),
        "latency": asdict(bench.measure_latency(index, queries[:10])),
        "batch": [asdict(bench.batch_in_process(index, queries[:10], 60))],
        "cold_start": None,
        "logic_v2": None,
    }
    rows = bench.figure_rows(report)
    targets = {row[2] for row in rows}
    assert {"<= 300", "<= 2", "<= 10", ">= 3000"} <= targets
    assert all(row[3] in ("ok", "MISSED", "") for row in rows)
    bench.print_report(report)


def test_percentile_is_nearest_rank(bench: ModuleType) -> None:
    values = [float(v) for v in range(1, 101)]
    assert (bench.percentile(values, 50), bench.percentile(values, 99)) == (50.0, 99.0)
    assert bench.percentile([3.0], 99) == 3.0


# --- recall --------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_recall_against_exhaustive_scoring(
    bench: ModuleType, recall: ModuleType, index: MatcherIndex, workers: int
) -> None:
    tasks = [
        (bench.Query("Huawei Technologies", "listed"), "tiny"),
        (bench.Query("Hikvison", "typo"), "tiny"),
        (bench.Query("Harborview Logistics LLC", "unlisted_western_company"), "other"),
        (bench.Query("Co., Ltd.", "empty"), "other"),
    ]
    outcomes = recall.run(index, tasks, threshold=0.65, workers=workers)
    assert [(o.query, o.query_set) for o in outcomes] == [(q.name, s) for q, s in tasks]
    by_query = {o.query: o for o in outcomes}
    assert by_query["Huawei Technologies"].expected >= 1
    assert by_query["Co., Ltd."].expected == 0
    for outcome in outcomes:
        assert outcome.name_retrieved <= outcome.retrieved <= outcome.expected
        assert len(outcome.misses) == outcome.expected - outcome.name_retrieved
        assert outcome.screened_found <= outcome.screened_expected <= outcome.expected
    rows = {row["query_set"]: row for row in recall.summarise(outcomes)}
    assert set(rows) == {"tiny", "other", "all"}
    assert rows["all"]["queries"] == 4
    assert 0.0 <= rows["all"]["name_level_recall"] <= rows["all"]["recall"] <= 1.0
    assert 0.0 <= rows["all"]["screened_recall"] <= 1.0


def test_name_groups_score_identical_analyses_once(recall: ModuleType, index: MatcherIndex) -> None:
    groups = recall.name_groups(index)
    numbers = sorted(n for _, members in groups for n in members)
    assert numbers == list(range(len(index.names)))
    assert len(groups) < len(index.names)  # "SZ DJI Technology Co., Ltd." is on two lists


def test_recall_report_prints_misses(
    recall: ModuleType, index: MatcherIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    miss = recall.Miss("q", "set", "cat", "id", "name", "alias", 0.7, "cause", ["a~b (exact)"])
    report = {
        "lists": "demo",
        "names": len(index.names),
        "name_groups": 1,
        "threshold": 0.65,
        "floor": 0.45,
        "seconds": 1.0,
        "summary": recall.summarise([]),
        "misses": [asdict(miss)],
    }
    recall.print_report(report)
    assert "0.700 (screened 0.000)  'q' [set/cat] -> 'name'" in capsys.readouterr().out


def test_eval_pair_names_are_read(recall: ModuleType) -> None:
    folder = shared_file("name_match_pairs/nomenklatura_name_bench_cases.csv").parent.parent
    queries = recall.eval_queries(Path(folder))
    categories = Counter(q.category for q in queries)
    assert set(categories) == {"name_bench", "cascade", "cross_script"}
    assert len({(q.name, q.schema) for q in queries}) == len(queries)
