"""Where worker processes are spawned (no fork), each loads the index from the disk cache.

The screener then travels to the workers as a recipe (store URL, home, snapshot ids),
never as the index itself; a worker that finds other active snapshots refuses to screen.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine

from entitywatch.file_screening.row_screening import IndexRecipe, IndexScreener, ScreeningScope
from entitywatch.file_screening.rows import RowQuery
from entitywatch.matching.algorithm_v1 import default_thresholds
from entitywatch.screening import load_index
from entitywatch.store import open_engine
from tests.file_screening.stores import csl_home

pytestmark = pytest.mark.shared_data

QUERIES = [RowQuery("Hikvision", "CN"), None, RowQuery("Weber Logistik Bremen GmbH", "DE")]


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IndexScreener]:
    home = csl_home(tmp_path_factory)
    url = f"sqlite:///{home / 'entitywatch.db'}"
    engine: Engine = open_engine(url)
    loaded = load_index(engine, home)
    recipe = IndexRecipe(url, home, tuple(s.id for s in loaded.snapshots))
    yield IndexScreener(loaded.index, default_thresholds(), ScreeningScope(), recipe)
    engine.dispose()


def test_a_screener_pickles_as_its_recipe_not_its_index(screener: IndexScreener) -> None:
    data = pickle.dumps(screener)

    rebuilt = pickle.loads(data)

    assert len(data) < 2_000, "the index itself is not sent"
    assert rebuilt.recipe == screener.recipe
    assert rebuilt.screen_rows(QUERIES) == screener.screen_rows(QUERIES)
    assert [d.decision if d else None for d in rebuilt.screen_rows(QUERIES)] == [
        "match",
        None,
        "clear",
    ]


def test_a_worker_that_finds_other_snapshots_refuses(screener: IndexScreener) -> None:
    assert screener.recipe is not None
    stale = IndexScreener(
        screener.index,
        screener.thresholds,
        screener.scope,
        replace(screener.recipe, snapshot_ids=(999,)),
    )

    with pytest.raises(RuntimeError, match="the active snapshots changed during the run"):
        pickle.loads(pickle.dumps(stale))


def test_a_screener_without_a_recipe_cannot_be_sent(screener: IndexScreener) -> None:
    bare = IndexScreener(screener.index, screener.thresholds, screener.scope)

    with pytest.raises(TypeError, match="without a recipe"):
        pickle.dumps(bare)
