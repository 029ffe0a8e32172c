"""Fixtures for the end-to-end tests: the shared corpus, a clean environment, the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .helpers import Cli

# Settings the environment could overlay; a developer's own must not leak into a test.
_SETTINGS_VARIABLES = ("NEWSFUSE_DB", "NEWSFUSE_CONFIG")


@pytest.fixture(scope="session")
def karabakh_dir(shared_dir: Path) -> Path:
    """The five Karabakh articles of the shared corpus, or a skip saying where to put them."""
    corpus = shared_dir / "corpus" / "karabakh-2020"
    if not corpus.is_dir():
        pytest.skip(
            "../shared/corpus/karabakh-2020 not found: put the shared data beside the repository"
        )
    return corpus


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NEWSFUSE_* settings from the outside; relative paths land in tmp_path."""
    for name in list(os.environ):
        if name in _SETTINGS_VARIABLES or (
            name.startswith("NEWSFUSE_") and name != "NEWSFUSE_SHARED"
        ):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the test's store lives."""
    return tmp_path / "store" / "newsfuse.db"


@pytest.fixture
def cli(db: Path) -> Cli:
    """Run ``newsfuse --db <db> ARGS`` in process; stdout and stderr come back apart."""
    return Cli(CliRunner(), db)
