"""The schema comes from Alembic migrations, and a migrated store opens without them."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from entitywatch.store.database import HEAD_REVISION, MIGRATIONS_DIR, current_revision, migrate
from entitywatch.store.schema import metadata


def test_head_revision_constant_matches_the_migrations() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_create_the_tables_the_code_uses(engine: Engine) -> None:
    assert current_revision(engine) == HEAD_REVISION
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables
    for name, table in metadata.tables.items():
        columns = {c["name"] for c in inspect(engine).get_columns(name)}
        assert {c.name for c in table.columns} == columns, name


def test_migrating_twice_changes_nothing(engine: Engine) -> None:
    migrate(engine)
    assert current_revision(engine) == HEAD_REVISION
