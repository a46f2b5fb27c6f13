"""Shared fixtures: the real public data in ../shared/data, and store backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("ENTITYWATCH_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared_file(relative: str) -> Path:
    """Path of a file in ../shared/data; skips the test when it is absent (fails under CI)."""
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"{path} is absent: these tests read the real lists in ../shared/data"
        if IN_CI:
            pytest.fail(message + " and must run when CI=true")
        pytest.skip(message)
    return path


@pytest.fixture
def shared_data() -> Path:
    """The ../shared/data folder (skip when absent, fail when CI=true)."""
    return shared_file("README.md").parent


POSTGRES_URL = os.environ.get(
    "ENTITYWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_schema_url() -> tuple[str, str]:
    """A fresh schema in the test database, so that tests never see each other's data."""
    import uuid

    import sqlalchemy

    schema = f"ew_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = sqlalchemy.create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
    except Exception as exc:  # connection refused, no server
        message = f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc}"
        if IN_CI:
            pytest.fail(message + " (PostgreSQL tests must run when CI=true)")
        pytest.skip(message)
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}", schema


def _drop_postgres_schema(schema: str) -> None:
    import sqlalchemy

    admin = sqlalchemy.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sqlalchemy.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty store: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'entitywatch.db'}"
        return
    url, schema = _postgres_schema_url()
    try:
        yield url
    finally:
        _drop_postgres_schema(schema)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An empty, migrated store on each backend."""
    from entitywatch.store import open_engine

    engine = open_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Held by one process at a time: the pytest-xdist workers of a run take turns."""
    import fcntl

    with open(lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_csl_home(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A SQLite home named ``name`` holding the whole 2022 CSL and its index cache, made
    once per test run.

    Loading the file and building its index take about 20 s; under pytest-xdist the
    workers share the home (in the run's common temporary directory), so the second
    worker opens the store and reads the cached index instead of doing both again. Test
    modules that write to their home (screening records, audit entries) use a name of
    their own.
    """
    import shutil

    from entitywatch.loading import load_list_file
    from entitywatch.screening import load_index
    from entitywatch.store import open_engine

    csl = shared_file("csl_2022/consolidated.csv")
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    home = root / name
    with _exclusive(root / f"{name}.lock"):
        if not (home / "ready").exists():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()
            engine = open_engine(f"sqlite:///{home / 'entitywatch.db'}")
            try:
                outcome = load_list_file(engine, csl)
                assert outcome.activated, outcome.message
                load_index(engine, home)  # writes the cache the other workers read
            finally:
                engine.dispose()
            (home / "ready").write_text("loaded\n", encoding="utf-8")
    return home
