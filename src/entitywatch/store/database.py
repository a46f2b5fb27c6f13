"""Opening the store: SQLite under ENTITYWATCH_HOME by default, PostgreSQL by URL.

``open_store`` brings the schema to the newest Alembic revision before returning, so a
new data directory, or one written by an older version, just works.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

DATABASE_URL_VARIABLE = "ENTITYWATCH_DATABASE_URL"
HOME_VARIABLE = "ENTITYWATCH_HOME"
SQLITE_FILE_NAME = "entitywatch.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: The newest Alembic revision in ``migrations/versions`` (a test keeps the two in step).
#: A store already at this revision opens without importing Alembic, which keeps the
#: start of every command fast.
HEAD_REVISION = "0002"


def data_home() -> Path:
    """The data directory: $ENTITYWATCH_HOME, else the platform's user data directory."""
    configured = os.environ.get(HOME_VARIABLE)
    home = Path(configured) if configured else Path(platformdirs.user_data_dir("entitywatch"))
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_url(home: Path | None = None) -> str:
    configured = os.environ.get(DATABASE_URL_VARIABLE)
    if configured:
        return configured
    return f"sqlite:///{(home or data_home()) / SQLITE_FILE_NAME}"


def create_store_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def current_revision(engine: Engine) -> str | None:
    """The store's Alembic revision, or None for a new (or foreign) database."""
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except DBAPIError:
        return None
    return str(row[0]) if row else None


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision (idempotent)."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_engine(url: str | None = None) -> Engine:
    engine = create_store_engine(url or database_url())
    migrate(engine)
    return engine
