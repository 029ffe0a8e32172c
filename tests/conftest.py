"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: ../shared beside the repository (or $NEWSFUSE_SHARED): the corpus and the eval data.
SHARED = Path(
    os.environ.get("NEWSFUSE_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder, or a skip with the reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not found: put the shared data beside the repository")
    return SHARED
