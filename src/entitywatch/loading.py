"""Use case: import a list file (or a directory set such as OFAC's CSV files) as a snapshot.

The file is parsed completely before anything is written, and the snapshot is written in
one transaction: bad input raises :class:`InputError` and leaves the store as it was.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, select

from entitywatch.errors import InputError
from entitywatch.model import ParsedList
from entitywatch.sources import detect_format, get_format
from entitywatch.sources.generic_csv import (
    DEFAULT_LIST_CODE,
    ColumnMapping,
    guess_mapping_for,
    parse_generic_csv,
)
from entitywatch.store.schema import snapshots
from entitywatch.store.snapshots import ImportOutcome, import_snapshot, snapshot_from_row


def content_sha256(path: Path, mapping: Path | None = None, list_code: str | None = None) -> str:
    """sha256 of a file's bytes; for a directory, of its files' names and bytes in order.

    A column mapping and list code are part of what was loaded, so they enter the hash.
    """
    digest = hashlib.sha256()
    if mapping is not None:
        try:
            digest.update(b"mapping\0" + mapping.read_bytes() + b"\0")
        except OSError as exc:
            raise InputError(
                f"cannot read the column mapping: {exc.strerror}", path=mapping
            ) from exc
    if list_code is not None:
        digest.update(b"list_code\0" + list_code.encode() + b"\0")
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.name.encode() + b"\0")
        # A gzipped file is hashed by its content, so that the same list compressed
        # twice (gzip headers carry a timestamp) is still recognised as the same list.
        opener = gzip.open if _is_gzip(file) else open
        with opener(file, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def load_list_file(
    engine: Engine,
    path: Path,
    *,
    format_name: str | None = None,
    source: str | None = None,
    accept_shrink: bool = False,
    progress: Callable[[int], None] | None = None,
    on_parsed: Callable[[ParsedList], None] | None = None,
    mapping: Path | None = None,
    list_code: str | None = None,
) -> ImportOutcome:
    """Parse ``path`` and store it as a snapshot; identical bytes create no new snapshot.

    ``mapping`` (a TOML or JSON column mapping) reads ``path`` as a user's own CSV list,
    filed under ``source`` (default "custom") and ``list_code`` (default "CUSTOM").
    """
    if mapping is not None or list_code is not None:
        if format_name not in (None, "generic_csv"):
            raise InputError(
                "--mapping and --list-code apply to own lists only", hint="drop --format"
            )
        format_name = "generic_csv"
    fmt = get_format(format_name) if format_name else detect_format(path)
    sha256 = content_sha256(path, mapping, list_code)
    wanted_source = source or fmt.source
    with engine.connect() as connection:
        row = connection.execute(
            select(snapshots).where(
                snapshots.c.sha256 == sha256, snapshots.c.source == wanted_source
            )
        ).first()
    if row is not None and not accept_shrink:
        existing = snapshot_from_row(row)
        message = f"identical file already loaded as snapshot {existing.id} ({existing.status})"
        if existing.status == "held":
            message += "; it is held because a list shrank: pass --accept-shrink to activate it"
        return ImportOutcome(existing, created=False, activated=False, message=message)
    if fmt.name == "generic_csv" and (mapping is not None or list_code is not None):
        column_mapping = ColumnMapping.from_file(mapping) if mapping else None
        parsed = parse_generic_csv(
            path,
            column_mapping or guess_mapping_for(path),
            source=wanted_source,
            list_code=list_code or DEFAULT_LIST_CODE,
        )
    else:
        parsed = fmt.parse(path)
    if source:
        parsed.source = source
    if on_parsed is not None:
        on_parsed(parsed)
    return import_snapshot(
        engine,
        parsed,
        sha256=sha256,
        file_name=path.name,
        accept_shrink=accept_shrink,
        progress=progress,
    )
