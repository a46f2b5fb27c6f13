"""Running the real command line in a subprocess, as a user (or a pipeline) would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_LIST = REPO_ROOT / "src" / "entitywatch" / "demo_data" / "seed_facts_list.csv"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(home: Path, *args: str, database_url: str | None = None, timeout: int = 300) -> Run:
    env = dict(os.environ, ENTITYWATCH_HOME=str(home), COLUMNS="200")
    env.pop("ENTITYWATCH_DATABASE_URL", None)
    if database_url and not database_url.startswith("sqlite"):
        env["ENTITYWATCH_DATABASE_URL"] = database_url
    completed = subprocess.run(
        [sys.executable, "-m", "entitywatch", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)
