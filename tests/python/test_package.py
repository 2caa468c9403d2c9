"""The installed package: plugins, errors, logging and the command on PATH."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import libreview

#: The plugins every build ships (kind, id).
BUNDLED_PLUGINS = {
    ("scoring", "default"), ("scoring", "majority"), ("scoring", "weighted-strata"),
    ("report", "csv"), ("report", "json"), ("report", "xlsx"), ("report", "docx"),
    ("region", "last-place-poor"),
}


def test_imports_from_any_directory(tmp_path: Path) -> None:
    code = "import libreview, json; print(json.dumps([[p['kind'], p['id'], p['file']] for p in libreview.plugins()]))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True)
    found = json.loads(out.stdout)
    # Every bundled plugin is found from a folder that is not the source tree, by an absolute path.
    assert {(kind, pid) for kind, pid, _ in found} >= BUNDLED_PLUGINS, found
    for _, _, f in found:
        assert os.path.isabs(f) and Path(f).exists()


def test_plugin_folder_is_inside_the_installed_package() -> None:
    folders = libreview.plugin_folders()
    pkg = Path(libreview.__file__).resolve().parent
    assert any(Path(f).resolve().is_relative_to(pkg) for f in folders), folders
    assert all(os.path.isabs(f) for f in folders)


def test_plugin_loading_can_be_disabled(tmp_path: Path) -> None:
    env = dict(os.environ, LIBREVIEW_PLUGIN_PATH="disable")
    code = "import libreview; print(len(libreview.plugins()), len(libreview.plugin_folders()))"
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["0", "0"]


def _fails(kind: str, repo: Path, tmp_path: Path) -> None:
    """Makes one real failure of each class (no test hook in the shipped module)."""
    sample = repo / "data" / "sample" / "2017"
    if kind == "invalid_data":
        libreview.load(repo / "tests" / "data" / "cycle-bad.xlsx")
    elif kind == "not_found":
        libreview.load(sample).score(profile="no-such-profile")
    elif kind == "plugin":
        libreview.load(sample).score(rule="no-such-rule")
    elif kind == "store":
        libreview.load(store=tmp_path / "empty.db", region="seed-county", year=2017)
    elif kind == "usage":
        cycle = libreview.load(sample)
        cycle.report("csv", tmp_path / "out", results=cycle.score(), no_such_option="1")
    elif kind == "io":
        folder = tmp_path / "cycle"
        shutil.copytree(repo / "tests" / "data" / "cycle-small", folder)
        (folder / "ballots.csv").unlink()
        (folder / "ballots.csv").mkdir()  # a folder where a file should be: it cannot be read
        libreview.load(folder)
    elif kind == "report":
        template = tmp_path / "letter.docx"
        template.write_text("not a Word document")
        cycle = libreview.load(sample)
        cycle.report("docx", tmp_path / "out", results=cycle.score(), template=template)


@pytest.mark.parametrize(
    ("kind", "cls", "builtin"),
    [
        ("invalid_data", libreview.ValidationError, ValueError),
        ("not_found", libreview.NotFoundError, LookupError),
        ("plugin", libreview.PluginError, RuntimeError),
        ("store", libreview.StoreError, OSError),
        ("usage", libreview.UsageError, ValueError),
        ("io", libreview.IoError, OSError),
        ("report", libreview.ReportError, RuntimeError),
    ],
)
def test_cpp_errors_arrive_as_the_class_of_their_code(
    kind: str, cls: type, builtin: type, repo: Path, tmp_path: Path
) -> None:
    with pytest.raises(libreview.ReviewError) as info:
        _fails(kind, repo, tmp_path)
    err = info.value
    assert type(err) is cls, (type(err), str(err))
    assert isinstance(err, builtin)
    assert err.code == kind
    if kind == "invalid_data":
        assert err.total == 2
        assert str(err.diagnostics[0]).startswith("cycle-bad.xlsx[")
        assert err.diagnostics[0].field


def test_every_error_code_has_one_class() -> None:
    codes = {"invalid_data", "not_found", "io", "plugin", "store", "report", "usage", "internal"}
    assert set(libreview.ERROR_CLASSES) == codes
    for code, cls in libreview.ERROR_CLASSES.items():
        assert cls.code == code and issubclass(cls, libreview.ReviewError)
    assert issubclass(libreview.InternalError, RuntimeError)


def test_cpp_log_messages_reach_python_logging(caplog: pytest.LogCaptureFixture, repo: Path) -> None:
    before = libreview._core._log_level()
    try:
        libreview.set_log_level("info")
        with caplog.at_level(logging.INFO, logger="libreview"):
            libreview.load(repo / "data" / "sample" / "2017").score()
    finally:
        libreview.set_log_level(before)
    by_area = {r.name: r for r in caplog.records}
    assert "libreview.ingest" in by_area and "libreview.scoring" in by_area, sorted(by_area)
    assert by_area["libreview.scoring"].levelno == logging.INFO
    assert "seed-county" in by_area["libreview.scoring"].getMessage()


def test_log_level_is_settable() -> None:
    before = libreview._core._log_level()
    try:
        libreview.set_log_level("debug")
        assert libreview._core._log_level() == "debug"
        with pytest.raises(libreview.UsageError):
            libreview.set_log_level("loud")
    finally:
        libreview.set_log_level(before)


def test_command_is_on_path_and_lists_plugins(tmp_path: Path) -> None:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe, "the libreview command is not installed"
    out = subprocess.run([exe, "plugins"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("kind")
    usage = subprocess.run([exe, "no-such-command"], capture_output=True, text=True)
    assert usage.returncode == 2


def test_console_command_does_not_import_the_package() -> None:
    """The console script lives outside the package: starting `libreview` loads no numpy or pandas."""
    code = (
        "import sys, libreview_cli; exe = libreview_cli.executable(); "
        "print(exe.exists(), 'libreview' in sys.modules, 'numpy' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["True", "False", "False", "False"]
