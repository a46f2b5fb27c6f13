"""The delta index scores a pair exactly as the full index does.

Monitoring searches the register against an index of only the changed list entries.
Built naively, that index would weigh words by how often they occur among a few dozen
entries, so "technology" would count as a rare, telling word and scores would drift
from what `entitywatch screen` answers. The delta index borrows the full index's
statistics; this test holds it to the full index's scores on the real 2019-10-09
Entity List additions inside the full 2022 CSL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from entitywatch.matching.algorithm_v1 import default_thresholds
from entitywatch.matching.index import MatcherIndex, PartyQuery
from entitywatch.model import Party
from entitywatch.monitor.matching_pass import PARALLEL_MIN_QUERIES, build_delta_index, search_all
from entitywatch.sources.registry import parse_file
from tests.csl_versions import read_csl_rows, rows_as_of, write_csl

XINJIANG_DAY = dt.date(2019, 10, 9)

QUERIES = [
    PartyQuery("Hangzhou Hikvision Digital Technology Co Ltd", "Company", ("CN",)),
    PartyQuery("Hikvision"),
    PartyQuery("Zhejiang Dahua Technology Company Limited"),
    PartyQuery("iFlytek Co., Ltd."),
    PartyQuery("Megvii Technology Limited", "Company", ("CN",)),
    PartyQuery("SenseTime Group"),
    PartyQuery("Xiamen Meiya Pico Information Co Ltd"),
    PartyQuery("Yitu Technology"),
    PartyQuery("Yixin Science & Technology"),
    PartyQuery("Xinjiang Public Security Bureau"),
    PartyQuery("Urumqi Municipal Public Security Bureau"),
    PartyQuery("Beijing Technology Development Co., Ltd."),
    PartyQuery("Shenzhen Information Technology Co Ltd", "Company", ("CN",)),
    PartyQuery("Nordlicht Maschinenbau GmbH", "Company", ("DE",)),
]


@pytest.fixture(scope="module")
def csl_as_of_xinjiang_day(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[Party], set[str], MatcherIndex]:
    """The CSL parties as of 2019-10-09, the ids of those added that day, the full index."""
    header, rows = read_csl_rows()
    directory = tmp_path_factory.mktemp("csl")
    later = rows_as_of(rows, XINJIANG_DAY)
    added = [r for r in later if r["start_date"] == XINJIANG_DAY.isoformat()]
    parties = parse_file(write_csl(directory / "later.csv", header, later), "csl_csv").parties
    added_parties = parse_file(write_csl(directory / "added.csv", header, added), "csl_csv").parties
    return parties, {p.id for p in added_parties}, MatcherIndex.build(parties)


@pytest.mark.shared_data
def test_delta_scores_equal_full_index_scores(
    csl_as_of_xinjiang_day: tuple[list[Party], set[str], MatcherIndex],
) -> None:
    parties, added_ids, full = csl_as_of_xinjiang_day
    assert len(added_ids) >= 28  # the 28 Xinjiang-related additions, and more that day
    delta = build_delta_index([p for p in parties if p.id in added_ids], full)
    review = default_thresholds().review

    delta_hits = search_all(delta, QUERIES, min_score=review, workers=1)

    found_by_delta: dict[int, dict[str, float]] = {}
    for hit in delta_hits:
        found_by_delta.setdefault(hit.query_number, {})[hit.party_id] = hit.score
    for number, query in enumerate(QUERIES):
        expected = {
            m.party.party_id: m.score
            for m in full.search(query, limit=200, min_score=review)
            if m.party.party_id in added_ids
        }
        assert found_by_delta.get(number, {}) == pytest.approx(expected), query.name
    # The table is not vacuous: most of its names do find one of that day's additions.
    assert len(found_by_delta) >= 9


def _word(number: int) -> str:
    """A distinct invented word per number ("Qa", "Qb", ...), to make queries unique."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if number == 0:
            return "Q" + letters


@pytest.mark.shared_data
def test_parallel_search_finds_what_serial_search_finds(
    csl_as_of_xinjiang_day: tuple[list[Party], set[str], MatcherIndex],
) -> None:
    parties, added_ids, full = csl_as_of_xinjiang_day
    delta = build_delta_index([p for p in parties if p.id in added_ids], full)
    # Distinct queries, more than the number from which worker processes are used.
    many = [
        dataclasses.replace(query, name=f"{query.name} {_word(number)}")
        for number in range(PARALLEL_MIN_QUERIES // len(QUERIES) + 1)
        for query in QUERIES
    ]
    assert len(set(many)) > PARALLEL_MIN_QUERIES

    serial = search_all(delta, many, min_score=0.5, workers=1)
    parallel = search_all(delta, many, min_score=0.5, workers=2)

    assert len(serial) > len(many) // 4
    assert [(h.query_number, h.party_id, h.score) for h in parallel] == [
        (h.query_number, h.party_id, h.score) for h in serial
    ]


@pytest.mark.shared_data
def test_repeated_queries_get_the_same_hits_in_their_places(
    csl_as_of_xinjiang_day: tuple[list[Party], set[str], MatcherIndex],
) -> None:
    parties, added_ids, full = csl_as_of_xinjiang_day
    delta = build_delta_index([p for p in parties if p.id in added_ids], full)
    hikvision, nordlicht = QUERIES[0], QUERIES[-1]
    queries = [hikvision, nordlicht, hikvision, hikvision]

    hits = search_all(delta, queries, min_score=0.6, workers=1)

    by_number: dict[int, list[tuple[str, float]]] = {}
    for hit in hits:
        by_number.setdefault(hit.query_number, []).append((hit.party_id, hit.score))
    assert sorted(by_number) == [0, 2, 3]
    assert by_number[0] == by_number[2] == by_number[3]


def test_search_all_on_an_empty_query_list_finds_nothing() -> None:
    assert search_all(MatcherIndex.build([]), [], min_score=0.5) == []
