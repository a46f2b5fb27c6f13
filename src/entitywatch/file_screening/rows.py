"""One row of a customer file -> the query to screen, or the reason it cannot be screened.

A row without a name is not screened, and it is not passed off as clear either: it gets
decision "error" with the reason. Evidence that cannot be read (a country that is no
country, an unknown party type, a birth date in no known format) is left out of the query
with a warning: such evidence only ever lowers a score, so leaving it out never hides a
match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from entitywatch.file_screening.columns import ColumnPositions
from entitywatch.model import DataIssue, schema_for_party_type
from entitywatch.sources.countries import to_iso2
from entitywatch.sources.generic_csv import parse_user_date


class RowQuery(NamedTuple):
    """What is screened for one row (a tuple: it crosses to the worker processes)."""

    name: str
    country: str | None = None
    schema: str | None = None
    identifiers: tuple[str, ...] = ()
    birth_date: str | None = None


@dataclass(slots=True)
class PreparedRow:
    number: int  # line (CSV) or row (sheet, Parquet) in the file; the header is 1
    values: list[str]  # the input's cells, padded to the header's width
    query: RowQuery | None  # None: not screened, see ``error``
    error: str | None = None
    warning: str | None = None


_IDENTIFIER_SEPARATORS = re.compile(r"[;|,]")
_YEAR_FIRST = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class RowPreparer:
    """Prepares the rows of one file: the positions of its columns are looked up once."""

    def __init__(self, columns: ColumnPositions, width: int) -> None:
        self.width = width
        self.name_column = columns.columns["name"]
        self._name = columns.name
        self._country = columns.get("country")
        self._type = columns.get("type")
        self._identifier = columns.get("identifier")
        self._birth_date = columns.get("birth_date")

    def prepare(self, number: int, values: list[str]) -> PreparedRow:
        """The query for one row, with an error or warning where a cell cannot be used."""
        width = self.width
        if len(values) != width:
            values = _fit(values, width)
            if len(values) > width:
                return PreparedRow(
                    number,
                    values[:width],
                    None,
                    error=f"the row has {len(values)} fields where the header has {width} "
                    "(a delimiter inside an unquoted value?)",
                )
        name = values[self._name].strip()
        if not name:
            return PreparedRow(
                number, values, None, error=f"the name (column {self.name_column!r}) is empty"
            )
        warnings: list[str] = []
        country = schema = birth_date = None
        identifiers: tuple[str, ...] = ()
        if self._country is not None and (text := values[self._country].strip()):
            country = _country(text, warnings)
        if self._type is not None and (text := values[self._type].strip()):
            schema = _party_type(text, warnings)
        if self._identifier is not None and (text := values[self._identifier].strip()):
            identifiers = tuple(
                part.strip() for part in _IDENTIFIER_SEPARATORS.split(text) if part.strip()
            )
        if self._birth_date is not None and (text := values[self._birth_date].strip()):
            birth_date = _birth_date(text, warnings)
        query = RowQuery(name, country, schema, identifiers, birth_date)
        return PreparedRow(number, values, query, warning="; ".join(warnings) if warnings else None)


def prepare_row(
    number: int, values: list[str], columns: ColumnPositions, width: int
) -> PreparedRow:
    """The query for one row (see :class:`RowPreparer`, which a whole file goes through)."""
    return RowPreparer(columns, width).prepare(number, values)


def _fit(values: list[str], width: int) -> list[str]:
    """Short rows are padded; empty cells beyond the header (trailing delimiters) dropped."""
    if len(values) < width:
        return values + [""] * (width - len(values))
    while len(values) > width and not values[-1].strip():
        values = values[:-1]
    return values


def _country(text: str, warnings: list[str]) -> str | None:
    code = to_iso2(text)
    if code is None:
        warnings.append(f"country {text!r} not recognised; screened without a country")
    return code


def _party_type(text: str, warnings: list[str]) -> str | None:
    schema = schema_for_party_type(text)
    if schema is None:
        warnings.append(f"party type {text!r} not recognised; screened without a type")
        return None
    return schema.value


def _birth_date(text: str, warnings: list[str]) -> str | None:
    if _YEAR_FIRST.match(text):
        return text
    issues: list[DataIssue] = []
    day = parse_user_date(text, "birth_date", issues)
    if day is None:
        warnings.append(f"birth date {text!r} not understood; screened without it")
        return None
    return day.isoformat()
