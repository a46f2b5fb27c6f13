"""Shared fixtures: the real public data in ../shared/data, and store backends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("ENTITYWATCH_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared_file(relative: str) -> Path:
    """Path of a file in ../shared/data; skips the test when it is absent (fails under CI)."""
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"{path} is absent: these tests read the real lists in ../shared/data"
        if IN_CI:
            pytest.fail(message + " and must run when CI=true")
        pytest.skip(message)
    return path


@pytest.fixture
def shared_data() -> Path:
    """The ../shared/data folder (skip when absent, fail when CI=true)."""
    return shared_file("README.md").parent
