"""Shared fixtures: the real public data in ../shared/data, and store backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
