"""Shared fixtures of the Python tests. They test the installed package (pip install .)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def build_dir() -> Path:
    """The CMake build folder of the tests (LIBREVIEW_BUILD_DIR, default build/wheel)."""
    return Path(os.environ.get("LIBREVIEW_BUILD_DIR", REPO / "build" / "wheel"))


@pytest.fixture(scope="session")
def sample(repo: Path) -> Path:
    return repo / "data" / "sample"
