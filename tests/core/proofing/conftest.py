"""Fixtures for the proofing tests: one proofer per module with system dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.settings import Settings


@pytest.fixture(scope="session")
def shared_proofer(tmp_path_factory: pytest.TempPathFactory) -> Proofer:
    """Return one proofer for the session (dictionaries load once; nothing is written to it)."""
    data = tmp_path_factory.mktemp("proofer-data")
    return Proofer(Settings(), AppPaths(Path(data)).ensure())


@pytest.fixture
def proofer(tmp_path: Path) -> Proofer:
    """Return a fresh proofer with its own data folder (for dictionary edits)."""
    return Proofer(Settings(), AppPaths(tmp_path / "data").ensure())
