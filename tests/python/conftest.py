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
def foreign_env() -> dict[str, str]:
    """The environment for programs that are not ours (LibreOffice, pdftotext): without the
    sanitizer runtime that scripts/ci-reliability.sh preloads into python and its children
    (docs/reliability.md section 2); their memory is not what the Python suite checks."""
    return {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


@pytest.fixture(scope="session")
def sample(repo: Path) -> Path:
    return repo / "data" / "sample"


@pytest.fixture(autouse=True)
def english_messages():
    """Messages in English unless a test asks for Chinese (libreview.set_language); the
    default would follow the machine's locale."""
    import libreview

    libreview.set_language("en")
    yield
    libreview.set_language("en")


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the session (tests/pg_server.py: initdb and pg_ctl on a
    Unix socket under /tmp), stopped and removed at the end; its base URI."""
    import sys
    import tempfile

    sys.path.insert(0, str(REPO / "tests"))
    import pg_server as server

    folder = Path(tempfile.mkdtemp(prefix="libreview-pg-", dir="/tmp"))
    try:
        yield server.start(folder)
    finally:
        server.stop(folder)


@pytest.fixture
def pg_store(pg_server: str, request) -> str:
    """The URI of a new, empty database on the session's server, one per test."""
    import re

    import pg_server as server

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50] + f"_{os.getpid()}"
    return server.create_database(pg_server, name)


@pytest.fixture(scope="session")
def libreview_cli() -> str:
    """The installed `libreview` command (beside .venv's python, else on PATH)."""
    import shutil
    import sys

    found = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert found, "the libreview command is not installed (scripts/run-tests.sh installs it)"
    return found


@pytest.fixture(scope="session")
def county_package(libreview_cli: str):
    """make(source, county, work) -> the county package (.lrpkg) of `source` (a cycle folder) under the
    county name `county`: the folder copied into `work` with `county = ...` in its cycle.toml, imported
    into a store of its own and exported, as a county office does (docs/city.md)."""
    import shutil
    import subprocess

    def make(source: Path, county: str, work: Path, year: int = 2017) -> Path:
        folder = work / "counties" / county
        shutil.copytree(source, folder)
        toml = folder / "cycle.toml"
        name = county.split("-")[0]  # 乙县-v2: a second version of 乙县's package
        toml.write_text(f'county = "{name}"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
        store, package = work / f"{county}.db", work / f"{county}.lrpkg"
        for args in (["import", folder, "--store", store], ["export", "--store", store, "--year", year, "--out", package]):
            done = subprocess.run([libreview_cli, "-q", *map(str, args)], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        return package

    return make
