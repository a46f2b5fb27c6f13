"""What every command of the CLI shares: consoles, error handling, JSON output, dates.

Command modules (``entitywatch.commands.*``) import from here, not from ``cli``, so that
the command groups of each use case stay in their own small modules.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from entitywatch.errors import EntitywatchError, InputError
from entitywatch.model import schema_for_party_type

console = Console()
errors = Console(stderr=True)


def fail(exc: EntitywatchError) -> NoReturn:
    """Print the error's one line on stderr and exit with its code."""
    errors.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
    raise SystemExit(exc.exit_code)


@contextmanager
def handled() -> Iterator[None]:
    """Turn an EntitywatchError raised inside the block into its exit code."""
    try:
        yield
    except EntitywatchError as exc:
        fail(exc)


def engine() -> Engine:
    """The store engine (SQLite under ENTITYWATCH_HOME, or ENTITYWATCH_DATABASE_URL)."""
    from entitywatch.store import open_engine

    return open_engine()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def parse_day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date", hint="use YYYY-MM-DD") from None


def progress() -> Progress:
    """A progress bar on stderr, shown only when stderr is a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    )


def schema_name(value: str | None, option: str = "--type") -> str | None:
    """The FtM schema a user's party type names (person, company, vessel...)."""
    if value is None or not value.strip():
        return None
    schema = schema_for_party_type(value)
    if schema is None:
        raise InputError(
            f"unknown {option} {value!r}",
            hint="use Person, Company, Organization, Vessel or Aircraft",
        )
    return schema.value


def parse_list_codes(value: str | None) -> frozenset[str] | None:
    """``"EL, sdn"`` -> ``{"EL", "SDN"}``; None when no list is named."""
    if not value:
        return None
    codes = frozenset(code.strip().upper() for code in value.split(",") if code.strip())
    return codes or None
