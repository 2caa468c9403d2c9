"""Crash safety: `libreview import` and `libreview run` killed with SIGKILL at random moments.

import: a store holds an older version of the sample's 2017 cycle; the import of the
new version is killed at a random moment spanning the whole import. Afterwards
`PRAGMA integrity_check` is ok and the store holds exactly the old cycle or exactly
the new one (content hash of the cycle and the row count of every table), never a mix.

run: an output folder holds the complete outputs of a run of the old version; a run of
the new version is killed at a random moment. Afterwards every file under a final name
is byte-identical to the old output or equal to the complete new one (never partial;
zips compared part for part, as the workbook records its creation time), and
temporary files (`.NAME.tmp-PID-N`) are the only other files; the next run removes them.

LIBREVIEW_KILL_TRIALS sets the number of kills of each (default 100, CI runs 100).
The command is LIBREVIEW_CLI, else the installed package's native program, else `libreview` on PATH.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

TRIALS = int(os.environ.get("LIBREVIEW_KILL_TRIALS", "100"))


def cli() -> str:
    """The native command: LIBREVIEW_CLI, else the package's bundled program (so the random
    delays are spent in libreview, not in the Python launcher), else `libreview` on PATH."""
    exe = os.environ.get("LIBREVIEW_CLI")
    if not exe:
        try:
            from libreview._cli import executable

            exe = str(executable()) if executable().exists() else None
        except ImportError:
            exe = None
    exe = exe or shutil.which("libreview")
    if not exe:
        pytest.fail("no libreview command: install the package (scripts/run-tests.sh) or set LIBREVIEW_CLI")
    return exe


def env() -> dict[str, str]:
    return dict(os.environ, LIBREVIEW_LOG="error")


def old_version(sample: Path, dest: Path) -> Path:
    """The sample's 2017 cycle as an earlier import saw it: fewer ballots, another name."""
    shutil.copytree(sample / "2017", dest)
    lines = (dest / "ballots.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (dest / "ballots.csv").write_text("".join(lines[: len(lines) - 700]), encoding="utf-8")
    toml = (dest / "cycle.toml").read_text(encoding="utf-8")
    (dest / "cycle.toml").write_text(toml.replace("年度民主评议行风", "年度民主评议行风（初稿）"), encoding="utf-8")
    return dest


def state(db: Path) -> tuple:
    """integrity_check, then (region, year, content hash) of every cycle and the rows of every table."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
        assert check == [("ok",)], check
        cycles = tuple(con.execute("SELECT region, year, content_hash FROM cycles ORDER BY region, year"))
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        counts = tuple((t, con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables)
        return cycles, counts
    finally:
        con.close()


def copy_store(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        s = Path(str(src) + suffix)
        d = Path(str(dst) + suffix)
        if d.exists():
            d.unlink()
        if s.exists():
            shutil.copyfile(s, d)


def kill_at(cmd: list[str], delay: float, cwd: Path) -> int:
    p = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
    return p.wait()


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.monotonic()
    subprocess.run(cmd, cwd=cwd, env=env(), check=True, capture_output=True)
    return time.monotonic() - t


def test_import_killed_leaves_old_or_new_cycle(tmp_path: Path, sample: Path) -> None:
    exe = cli()
    old = old_version(sample, tmp_path / "old2017")
    base = tmp_path / "base.db"
    subprocess.run([exe, "import", str(sample / "2016"), str(old), "--store", str(base)], env=env(), check=True,
                   capture_output=True)
    old_state = state(base)
    full = tmp_path / "full.db"
    copy_store(base, full)
    duration = timed([exe, "import", str(sample / "2017"), "--store", str(full)], tmp_path)
    new_state = state(full)
    assert old_state != new_state
    assert old_state[0][0] == new_state[0][0]  # 2016 untouched by either

    rng = random.Random(2017)
    seen = {"old": 0, "new": 0}
    db = tmp_path / "trial.db"
    trials = 0

    def trial(delay: float) -> None:
        copy_store(base, db)
        kill_at([exe, "import", str(sample / "2017"), "--store", str(db)], delay, tmp_path)
        got = state(db)
        assert got in (old_state, new_state), f"trial {trials}, killed after {delay:.3f} s: a mix\n{got}"
        seen["old" if got == old_state else "new"] += 1

    for trials in range(1, TRIALS + 1):
        trial(rng.uniform(0, duration * 1.1))
    # On a loaded machine an import can take longer than the one timed: until a kill has landed on
    # each side of the commit, up to 10 more, later each time (past the end, the import is whole).
    stretch = 1.1
    while (seen["old"] == 0 or seen["new"] == 0) and trials < TRIALS + 10:
        trials += 1
        stretch *= 1.5
        trial(rng.uniform(0, duration * 0.2) if seen["old"] == 0 else duration * stretch)
    print(f"\nimport: {trials} kills over {duration:.2f} s: {seen}")
    # The delays span the import: some kills land before the commit, and some after.
    assert seen["old"] > 0 and seen["new"] > 0, seen


STAMP = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def comparable(data: bytes) -> object:
    """A file's content to compare: a zip (xlsx, docx) as its parts, with the workbook's
    creation time (the one thing a run does not reproduce) blanked; other files as bytes.
    A partial zip has no central directory and fails to open: it never compares equal."""
    if not data.startswith(b"PK"):
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n: STAMP.sub(b"", z.read(n)) for n in z.namelist()}
    except (zipfile.BadZipFile, EOFError, OSError):
        return ("broken zip", data)


def outputs(folder: Path) -> dict[str, object]:
    """Every file below `folder` (letters sit in a subfolder) by relative path."""
    return {str(p.relative_to(folder)): comparable(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_run_killed_leaves_outputs_whole(tmp_path: Path, sample: Path) -> None:
    exe = cli()
    old = old_version(sample, tmp_path / "old2017")
    store = tmp_path / "review.db"
    subprocess.run([exe, "import", str(sample / "2016"), "--store", str(store)], env=env(), check=True,
                   capture_output=True)
    base_store = tmp_path / "base.db"
    copy_store(store, base_store)

    def run(out: Path, cycle: Path, db: Path) -> list[str]:
        return [exe, "run", str(cycle), "--store", str(db), "--out", str(out)]

    # The old outputs, and the complete new ones.
    ref_old, ref_new = tmp_path / "ref-old", tmp_path / "ref-new"
    db = tmp_path / "ref.db"
    copy_store(base_store, db)
    subprocess.run(run(ref_old, old, db), env=env(), check=True, capture_output=True)
    copy_store(base_store, db)
    duration = timed(run(ref_new, sample / "2017", db), tmp_path)
    old_files, new_files = outputs(ref_old), outputs(ref_new)
    assert old_files.keys() == new_files.keys()
    changed = [n for n in old_files if old_files[n] != new_files[n]]
    assert changed, "the two versions should give different outputs"
    # A run is reproducible (zips part for part, creation time aside), or comparing with new_files would mean nothing.
    again = tmp_path / "ref-again"
    copy_store(base_store, db)
    subprocess.run(run(again, sample / "2017", db), env=env(), check=True, capture_output=True)
    assert outputs(again) == new_files

    rng = random.Random(2016)
    out = tmp_path / "out"
    counts = {"old": 0, "new": 0, "mixed": 0, "temp_left": 0}
    for trial in range(TRIALS):
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(ref_old, out)
        copy_store(base_store, db)
        delay = rng.uniform(0, duration * 1.1)
        kill_at(run(out, sample / "2017", db), delay, tmp_path)
        files = outputs(out)
        finals = {n: b for n, b in files.items() if not Path(n).name.startswith(".")}
        temps = [n for n in files if Path(n).name.startswith(".")]
        assert finals.keys() == old_files.keys(), f"trial {trial}: {sorted(finals)}"
        for name, data in finals.items():
            assert data in (old_files[name], new_files[name]), f"trial {trial} ({delay:.3f} s): {name} is partial"
        for t in temps:
            assert ".tmp-" in t, t
        states = {"old" if all(finals[n] == old_files[n] for n in finals) else
                  "new" if all(finals[n] == new_files[n] for n in finals) else "mixed"}
        counts[states.pop()] += 1
        counts["temp_left"] += 1 if temps else 0
        state(db)  # the store is whole too
    print(f"\nrun: {TRIALS} kills over {duration:.2f} s: {counts}")
    assert counts["old"] > 0 and counts["new"] + counts["mixed"] > 0, counts

    # The next run removes the temporary files the killed runs left, and completes.
    copy_store(base_store, db)
    subprocess.run(run(out, sample / "2017", db), env=env(), check=True, capture_output=True)
    assert outputs(out) == new_files, "temporary files or stale outputs remain after a complete run"
