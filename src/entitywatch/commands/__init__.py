"""Command groups of the CLI, one module per use case.

Each module defines ``register(app)``, which adds its commands to the typer app. Modules
import their use case inside the command functions, so that the CLI starts fast.
"""

from __future__ import annotations

import importlib

import typer

# Module names under entitywatch.commands, in the order their commands are listed.
COMMAND_MODULES: tuple[str, ...] = ("screen_file", "export_rules", "exposure", "monitoring")


def register_all(app: typer.Typer) -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"entitywatch.commands.{name}")
        module.register(app)
