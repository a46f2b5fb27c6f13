"""Which column of a user's file holds what: from options, a TOML mapping, or the header.

A customer master names its columns in its own way ("Company Name", "CUST_NAME",
"Country Code"). A role given explicitly (``--name-column``, or the ``[columns]`` table
of ``--mapping FILE.toml``) must exist in the file; roles not given are guessed from
common header names, and the summary shows what was used, so that a guess is visible.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entitywatch.errors import InputError

#: The roles a column can play, in the order they are shown.
ROLES: tuple[str, ...] = ("name", "country", "address", "type", "identifier", "birth_date")

# Header names (normalised: casefolded, "_-./" as spaces) that say what a column holds,
# best first: "... name" before a bare "company", which may be a person's employer. "id"
# alone is not here: in a customer master it is the customer's own key, not an identifier
# a list would carry.
GUESSES: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "party name", "customer name", "company name", "counterparty name",
        "entity name", "legal name", "full name", "organisation name", "organization name",
        "business name", "client name", "account name", "supplier name", "vendor name",
        "beneficiary name", "name1", "company", "customer", "counterparty", "entity", "party",
        "client", "supplier", "vendor", "beneficiary",
    ),
    "country": (
        "country", "country code", "country iso", "iso country", "country iso2",
        "country name", "ctry", "cntry", "country of incorporation", "nationality",
        "nation", "domicile", "country of residence",
    ),
    "address": (
        "address", "full address", "street address", "registered address", "addr",
        "address line", "address line 1", "address1", "street",
    ),
    "type": ("type", "party type", "entity type", "customer type", "schema", "kind"),
    "identifier": (
        "identifier", "identifiers", "registration number", "company number", "lei",
        "tax id", "vat", "vat number", "uscc", "unified social credit code", "id number",
        "national id", "passport", "passport number", "imo", "imo number",
    ),
    "birth_date": (
        "birth date", "date of birth", "dob", "birthdate", "born", "birth",
    ),
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s_\-./]+")


def normalise_header(text: str) -> str:
    """``"Company_Name "`` -> ``"company name"``: the form header guesses compare."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


@dataclass(frozen=True, slots=True)
class ColumnPositions:
    """Where each role is in a row (None: the file has no such column)."""

    columns: dict[str, str]  # role -> header name, for the roles the file has
    positions: dict[str, int]  # role -> index in a row
    guessed: tuple[str, ...]  # roles found by their header name, not named by the user

    @property
    def name(self) -> int:
        return self.positions["name"]

    def get(self, role: str) -> int | None:
        return self.positions.get(role)

    def describe(self) -> str:
        """``name="Company Name", country="Ctry" (guessed)`` for the user."""
        parts = []
        for role in ROLES:
            if role in self.columns:
                guessed = " (guessed)" if role in self.guessed else ""
                parts.append(f"{role}={self.columns[role]!r}{guessed}")
        return ", ".join(parts)


def read_mapping_file(path: Path) -> dict[str, str]:
    """The ``[columns]`` table (or top-level keys) of a TOML mapping: role -> column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("the column mapping file does not exist", path=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"the mapping is not UTF-8 ({exc.reason})", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the column mapping: {exc.strerror}", path=path) from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", path=path) from None
    table = data.get("columns", data)
    if not isinstance(table, dict):
        raise InputError("[columns] must be a table of role = column name", path=path)
    return mapping_from_dict(table, path=path)


def mapping_from_dict(table: Mapping[str, Any], *, path: Path | None = None) -> dict[str, str]:
    """Check a role -> column table: known roles, string column names."""
    unknown = sorted(set(table) - set(ROLES))
    if unknown:
        raise InputError(
            f"unknown role(s) {', '.join(map(repr, unknown))} in the column mapping",
            path=path,
            hint=f"the roles are {', '.join(ROLES)}",
        )
    mapping: dict[str, str] = {}
    for role, column in table.items():
        if not isinstance(column, str) or not column.strip():
            raise InputError(f"{role} must name a column (a non-empty string)", path=path)
        mapping[role] = column
    return mapping


def resolve_columns(
    header: Sequence[str],
    given: Mapping[str, str],
    *,
    path: Path,
    header_position: str,
) -> ColumnPositions:
    """Positions of the roles in ``header``: those ``given`` must exist, the rest are guessed.

    A given column matches its header exactly, or else ignoring case and surrounding
    spaces when only one header does. A missing one is an error that lists the columns
    the file has, so that the user can correct the spelling.
    """
    exact = {column: i for i, column in reversed(list(enumerate(header)))}
    folded: dict[str, list[int]] = {}
    for i, column in enumerate(header):
        folded.setdefault(column.strip().casefold(), []).append(i)
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    for role in ROLES:
        wanted = given.get(role)
        if wanted is None:
            continue
        if wanted in exact:
            position = exact[wanted]
        elif len(folded.get(wanted.strip().casefold(), [])) == 1:
            position = folded[wanted.strip().casefold()][0]
        else:
            raise InputError(
                f"the {role} column {wanted!r} is not in the file",
                path=path,
                position=header_position,
                hint="columns found: " + ", ".join(repr(c) for c in header),
            )
        columns[role], positions[role] = header[position], position
    guessed = _guess(header, exclude=set(positions.values()), roles=set(ROLES) - set(columns))
    for role, position in guessed.items():
        columns[role], positions[role] = header[position], position
    if "name" not in positions:
        raise InputError(
            "no column holds the party name",
            path=path,
            position=header_position,
            hint="name it with --name-column or a --mapping file; columns found: "
            + ", ".join(repr(c) for c in header),
        )
    return ColumnPositions(columns, positions, tuple(r for r in ROLES if r in guessed))


def _guess(header: Sequence[str], *, exclude: set[int], roles: set[str]) -> dict[str, int]:
    normalised: dict[str, int] = {}
    for i, column in enumerate(header):
        if i not in exclude:
            normalised.setdefault(normalise_header(column), i)
    found: dict[str, int] = {}
    taken = set(exclude)
    for role in ROLES:
        if role not in roles:
            continue
        for candidate in GUESSES[role]:
            position = normalised.get(candidate)
            if position is not None and position not in taken:
                found[role] = position
                taken.add(position)
                break
    return found
