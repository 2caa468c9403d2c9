"""The installed package: plugins, errors, logging and the command on PATH."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import libreview


def test_imports_from_any_directory(tmp_path: Path) -> None:
    code = "import libreview, json; print(json.dumps([p['file'] for p in libreview.plugins()]))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True)
    assert out.returncode == 0
    for f in eval(out.stdout):  # noqa: S307 - our own JSON list of strings
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


@pytest.mark.parametrize(
    ("kind", "cls", "builtin"),
    [
        ("validation", libreview.ValidationError, ValueError),
        ("plugin", libreview.PluginError, RuntimeError),
        ("store", libreview.StoreError, OSError),
        ("report", libreview.ReportError, RuntimeError),
        ("other", libreview.ReviewError, Exception),
    ],
)
def test_cpp_errors_arrive_as_mapped_classes(kind: str, cls: type, builtin: type) -> None:
    with pytest.raises(cls) as info:
        libreview._core._raise_for_test(kind, "问题 in C++")
    assert isinstance(info.value, libreview.ReviewError)
    assert isinstance(info.value, builtin)
    if kind == "validation":
        err = info.value
        assert err.total == 2
        assert [str(d) for d in err.diagnostics] == ["ballots.csv:3:3: 问题 in C++ (很满意)"]
        assert err.diagnostics[0].field == "rating"
    else:
        assert "问题 in C++" in str(info.value)


def test_cpp_log_messages_reach_python_logging(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="libreview"):
        libreview._core._log_for_test("ingest", "读取 ballots.csv")
    records = [r for r in caplog.records if r.name == "libreview.ingest"]
    assert records and records[0].getMessage() == "读取 ballots.csv"
    assert records[0].levelno == logging.WARNING


def test_log_level_is_settable() -> None:
    before = libreview._core._log_level()
    try:
        libreview.set_log_level("debug")
        assert libreview._core._log_level() == "debug"
        with pytest.raises(libreview.ReviewError):
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
