"""The registry of list formats: each source module registers a parser and a sniffer.

``detect_format`` picks the parser from the file's name and first bytes;
``parse_file`` runs it. Parsers never touch the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from entitywatch.errors import InputError
from entitywatch.model import ParsedList
from entitywatch.sources.reading import read_head

Sniffer = Callable[[Path, bytes], bool]
Parser = Callable[[Path], ParsedList]


@dataclass(frozen=True, slots=True)
class ListFormat:
    """A file format that an official (or user) list is published in."""

    name: str  # the --format value, e.g. "csl_csv"
    source: str  # the default source key of the snapshots it produces
    title: str
    sniff: Sniffer
    parse: Parser
    official_url: str | None = None
    accepts_directory: bool = False


_FORMATS: dict[str, ListFormat] = {}


def register(fmt: ListFormat) -> ListFormat:
    if fmt.name in _FORMATS:
        raise ValueError(f"format {fmt.name!r} registered twice")
    _FORMATS[fmt.name] = fmt
    return fmt


def all_formats() -> list[ListFormat]:
    _load_builtin_formats()
    return list(_FORMATS.values())


def get_format(name: str) -> ListFormat:
    _load_builtin_formats()
    try:
        return _FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(_FORMATS))
        raise InputError(f"unknown format {name!r}", hint=f"known formats: {known}") from None


def detect_format(path: Path) -> ListFormat:
    """The format of ``path`` (a file, or a directory for multi-file sets such as OFAC CSV)."""
    _load_builtin_formats()
    if not path.exists():
        raise InputError("no such file or directory", path=path)
    head = b"" if path.is_dir() else read_head(path)
    for fmt in _FORMATS.values():
        if path.is_dir() and not fmt.accepts_directory:
            continue
        if fmt.sniff(path, head):
            return fmt
    known = ", ".join(sorted(_FORMATS))
    raise InputError(
        "unknown list format",
        path=path,
        position="line 1",
        hint=f"pass --format with one of: {known}",
    )


def parse_file(path: Path, format_name: str | None = None) -> ParsedList:
    fmt = get_format(format_name) if format_name else detect_format(path)
    return fmt.parse(path)


def _load_builtin_formats() -> None:
    # Importing the modules registers their formats; kept lazy so that the registry module
    # itself stays importable by the source modules.
    from entitywatch.sources import builtin  # noqa: F401
