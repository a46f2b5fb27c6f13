"""Reading a counterparty register file (CSV) into validated records.

The whole file is read and checked before anything is stored, so a bad row stops the
import with its line and column and the register is left as it was. Columns are found
by common header names (``external_id``, ``name``, ``country``, ``type``,
``identifier``, ``birth_date`` and their usual variants) or named explicitly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from entitywatch.errors import InputError
from entitywatch.model import schema_for_party_type
from entitywatch.monitor.rescreen import MonitorRun, rescreen
from entitywatch.sources.countries import to_iso2
from entitywatch.store.counterparties import (
    CounterpartyInput,
    RegisterImport,
    upsert_counterparties,
)
from entitywatch.store.queries import active_snapshots

# Header names recognised for each field (compared case- and punctuation-insensitively).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": (
        "external_id", "id", "customer_id", "counterparty_id", "party_id", "account_id",
        "vendor_id", "supplier_id", "reference", "ref",
    ),
    "name": ("name", "party_name", "counterparty_name", "company_name", "full_name", "company"),
    "country": ("country", "country_code", "countries", "nationality"),
    "type": ("type", "schema", "party_type", "entity_type", "kind"),
    "identifier": (
        "identifier", "identifiers", "registration_number", "tax_id", "lei", "id_number",
    ),
    "birth_date": ("birth_date", "date_of_birth", "dob", "birthdate"),
}  # fmt: skip
REQUIRED_FIELDS = ("external_id", "name")
IDENTIFIER_SEPARATORS = re.compile(r"[;|]")
MAX_EXTERNAL_ID = 200

_BIRTH_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class ColumnChoice:
    """Header names the user gave for each field (None: find it by its usual names)."""

    external_id: str | None = None
    name: str | None = None
    country: str | None = None
    type: str | None = None
    identifier: str | None = None
    birth_date: str | None = None


def _folded(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().casefold()).strip("_")


def resolve_columns(header: list[str], choice: ColumnChoice, path: Path) -> dict[str, int | None]:
    """Position of each field's column in ``header`` (None for an absent optional one)."""
    folded = [_folded(h) for h in header]
    out: dict[str, int | None] = {}
    for field_name, aliases in COLUMN_ALIASES.items():
        named = getattr(choice, field_name)
        if named is not None:
            if named in header:
                out[field_name] = header.index(named)
                continue
            if _folded(named) in folded:
                out[field_name] = folded.index(_folded(named))
                continue
            option = "--" + field_name.replace("_", "-") + "-column"
            raise InputError(
                f"{option} {named!r} is not a column of the file",
                path=path,
                position="line 1",
                hint="columns: " + ", ".join(header),
            )
        out[field_name] = next((folded.index(a) for a in aliases if a in folded), None)
    missing = [f for f in REQUIRED_FIELDS if out[f] is None]
    if missing:
        options = " and ".join("--" + f.replace("_", "-") + "-column" for f in missing)
        raise InputError(
            "no column for the counterparty's "
            + " and ".join(m.replace("_", " ") for m in missing),
            path=path,
            position="line 1",
            hint=f"name it with {options}; columns: " + ", ".join(header),
        )
    return out


def read_register(path: Path, choice: ColumnChoice | None = None) -> list[CounterpartyInput]:
    """Every counterparty of a register CSV, validated; raises InputError on the first bad row."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", path=path, position="line 1") from None
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", path=path, position="line 1") from None
    if not any(h.strip() for h in header):
        raise InputError("the first line must name the columns", path=path, position="line 1")
    columns = resolve_columns(header, choice or ColumnChoice(), path)
    items: list[CounterpartyInput] = []
    first_line: dict[str, int] = {}
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(
                f"not a readable CSV row: {exc}", path=path, position=f"line {reader.line_num}"
            ) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines carry nothing
        if len(row) > len(header):
            raise InputError(
                f"the row has {len(row)} fields but the header names {len(header)}",
                path=path,
                position=f"line {line}",
                hint="quote values that contain commas",
            )
        item = _parse_row(row, header, columns, path, line)
        if item.external_id in first_line:
            raise InputError(
                f"external id {item.external_id!r} also appears on line "
                f"{first_line[item.external_id]}",
                path=path,
                position=f"line {line}, column {header[columns['external_id'] or 0]!r}",
                hint="each counterparty needs its own id",
            )
        first_line[item.external_id] = line
        items.append(item)
    if not items:
        raise InputError("the file has a header but no counterparties", path=path)
    return items


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=path) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8",
            path=path,
            position=f"line {line}",
            hint="save the file as UTF-8",
        ) from None


def _parse_row(
    row: list[str], header: list[str], columns: dict[str, int | None], path: Path, line: int
) -> CounterpartyInput:
    def cell(field_name: str) -> str:
        position = columns[field_name]
        if position is None or position >= len(row):
            return ""
        return row[position].strip()

    def error(field_name: str, message: str, hint: str | None = None) -> InputError:
        position = columns[field_name]
        column = header[position] if position is not None else field_name
        return InputError(message, path=path, position=f"line {line}, column {column!r}", hint=hint)

    external_id = cell("external_id")
    if not external_id:
        raise error("external_id", "the external id is empty", "every counterparty needs an id")
    if len(external_id) > MAX_EXTERNAL_ID:
        raise error("external_id", f"the external id is longer than {MAX_EXTERNAL_ID} characters")
    name = " ".join(cell("name").split())
    if not name:
        raise error("name", "the name is empty")
    country: str | None = None
    raw_country = cell("country")
    if raw_country:
        country = to_iso2(raw_country)
        if country is None:
            raise error(
                "country", f"{raw_country!r} is not a country", "use an ISO code such as CN"
            )
    schema = "LegalEntity"
    raw_type = cell("type")
    if raw_type:
        known = schema_for_party_type(raw_type)
        if known is None:
            raise error(
                "type",
                f"unknown type {raw_type!r}",
                "use Person, Company, Organization, Vessel or Aircraft",
            )
        schema = known.value
    identifiers = tuple(
        value.strip() for value in IDENTIFIER_SEPARATORS.split(cell("identifier")) if value.strip()
    )
    birth_date = cell("birth_date") or None
    if birth_date is not None and not (
        _BIRTH_DATE.match(birth_date) and _valid_partial_date(birth_date)
    ):
        raise error(
            "birth_date", f"{birth_date!r} is not a date", "use YYYY-MM-DD, YYYY-MM or YYYY"
        )
    return CounterpartyInput(
        external_id=external_id,
        name=name,
        schema=schema,
        country=country,
        identifiers=identifiers,
        birth_date=birth_date,
    )


def _valid_partial_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    year, month, day = (
        parts[0],
        parts[1] if len(parts) > 1 else 1,
        parts[2] if len(parts) > 2 else 1,
    )
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class RegisterOutcome:
    """An import of the register file and the monitoring run that followed it (if any)."""

    imported: RegisterImport
    run: MonitorRun | None
    note: str | None  # why no run happened

    def to_dict(self) -> dict[str, object]:
        return {
            "imported": self.imported.to_dict(),
            "monitoring": self.run.to_dict() if self.run is not None else None,
            "note": self.note,
        }


def import_register(
    engine: Engine,
    home: Path,
    path: Path,
    choice: ColumnChoice | None = None,
    *,
    deactivate_missing: bool = False,
    screen: bool = True,
    actor: str | None = None,
) -> RegisterOutcome:
    """Read and store a register file, then screen what is new or edited in it.

    Nothing is stored when any row is bad. Without a loaded list the records are kept
    and marked unscreened (never clear): the first list load screens them.
    """
    items = read_register(path, choice)
    imported = upsert_counterparties(
        engine, items, source=path.name, actor=actor, deactivate_missing=deactivate_missing
    )
    if not screen:
        return RegisterOutcome(imported, None, "not screened (--no-screen)")
    if not active_snapshots(engine):
        return RegisterOutcome(
            imported,
            None,
            "no list is loaded yet: the register will be screened at the first list load",
        )
    return RegisterOutcome(
        imported, rescreen(engine, home, trigger="register_import", actor=actor), None
    )
