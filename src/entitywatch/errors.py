"""Errors that reach the user, each with the exit code the CLI contract gives it."""

from __future__ import annotations

from pathlib import Path


class EntitywatchError(Exception):
    """Base class: ``str(error)`` is one line that says what is wrong and what to do."""

    exit_code = 1


class InputError(EntitywatchError):
    """Bad input: a file, line, element or field that cannot be read (exit code 2)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        position: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.position = position
        self.reason = message
        self.hint = hint
        where = ""
        if self.path:
            where = self.path + (f":{position}" if position else "") + ": "
        elif position:
            where = f"{position}: "
        text = where + message
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class NoListDataError(EntitywatchError):
    """No loaded, valid snapshot to answer from: the system fails closed (exit code 3)."""

    exit_code = 3


class NotFoundError(EntitywatchError):
    """A snapshot or party that the user named does not exist (exit code 2)."""

    exit_code = 2


class DownloadError(EntitywatchError):
    """An official source could not be fetched; nothing was changed."""

    exit_code = 4
