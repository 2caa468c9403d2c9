"""Crash safety of the other writers (issue 18): `libreview track`, `export`, `rollup`, the
city store's `import X.lrpkg`, and `import` into a PostgreSQL store, each killed with SIGKILL
at random moments spanning its whole run (LIBREVIEW_KILL_TRIALS trials each, default 100).

Afterwards the store passes its integrity check and holds exactly the old state or the new
one (every table's rows counted, the cycles' content hashes, the progress records), never a
mix; every output file under its final name is the old file or the complete new one; the
only other files are the writers' temporary files, which the next complete run removes.
The SQLite and file helpers are those of test_crash_safety.py."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from test_crash_safety import TRIALS, cli, copy_store, env, kill_at, old_version, outputs, state, timed


def ok(*args) -> subprocess.CompletedProcess:
    done = subprocess.run([cli(), *map(str, args)], env=env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


def files_whole(out: Path, old: dict, new: dict, trial: int, delay: float) -> str:
    """Every final file of `out` is the old one or the complete new one; temporary files aside.
    Returns old, new or mixed (some old, some new: a set of files is not one transaction)."""
    files = outputs(out)
    finals = {n: b for n, b in files.items() if not Path(n).name.startswith(".")}
    temps = [n for n in files if Path(n).name.startswith(".")]
    for t in temps:
        assert ".tmp-" in t, (trial, t)
    for name, data in finals.items():
        assert data in (old.get(name), new.get(name)), f"trial {trial} ({delay:.3f} s): {name} is partial"
    if finals == old:
        return "old"
    if finals == new:
        return "new"
    return "mixed"


def kill_trials(name: str, command, duration: float, reset, judge, seed: int, span: float = 1.1) -> dict[str, int]:
    """TRIALS kills of command() after a delay drawn uniformly over `span` × its duration."""
    rng = random.Random(seed)
    seen: dict[str, int] = {}
    for trial in range(TRIALS):
        reset()
        delay = rng.uniform(0, duration * span)
        kill_at(command(), delay, Path("/tmp"))
        verdict = judge(trial, delay)
        seen[verdict] = seen.get(verdict, 0) + 1
    print(f"\n{name}: {TRIALS} kills over {duration:.2f} s: {seen}")
    return seen


# -- track: the progress applied to the store, then the ledger and the notices ----------------------


def test_track_killed_leaves_the_store_and_the_ledger_old_or_new(tmp_path: Path, sample: Path) -> None:
    base = tmp_path / "base.db"
    ok("import", sample / "2016", sample / "2017", "--store", base)
    import libreview
    items = libreview.load(sample / "2017").rectifications
    progress = tmp_path / "整改进展.csv"
    progress.write_text("整改编号,日期,状态,情况,督查人\n" + "".join(
        f"{i},2018-01-10,已销号,现场核查已整改到位,张三\n" for i in items.id[:20]), encoding="utf-8")
    ref_old, ref_new, db = tmp_path / "ref-old", tmp_path / "ref-new", tmp_path / "ref.db"
    copy_store(base, db)
    ok("track", "--store", db, "--year", "2017", "--as-of", "2018-01-15", "--out", ref_old)
    old_state, old_files = state(db), outputs(ref_old)
    track = lambda out, store: [cli(), "track", "--store", str(store), "--year", "2017", "--progress",  # noqa: E731
                                str(progress), "--as-of", "2018-01-15", "--out", str(out)]
    duration = timed(track(ref_new, db), tmp_path)
    new_state, new_files = state(db), outputs(ref_new)
    assert old_state != new_state and old_files != new_files

    out, trial_db = tmp_path / "out", tmp_path / "trial.db"

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref_old, out)
        copy_store(base, trial_db)

    assert state(base) == old_state  # a ledger without progress changes nothing stored

    def judge(trial: int, delay: float) -> str:
        got = state(trial_db)
        assert got in (old_state, new_state), f"trial {trial} ({delay:.3f} s): the store holds a mix"
        files = files_whole(out, old_files, new_files, trial, delay)
        return ("store-old" if got == old_state else "store-new") + "/files-" + files

    # Over 1.6× its time: the ledger and the notices are written in the last part of a short run.
    seen = kill_trials("track", lambda: track(out, trial_db), duration, reset, judge, 2018, span=1.6)
    assert any(k.startswith("store-old") for k in seen) and any(k.startswith("store-new") for k in seen), seen
    # Files are written only after the store committed: a new ledger never stands beside the old store.
    assert not any(k.startswith("store-old/files-new") for k in seen), seen
    copy_store(base, trial_db)
    subprocess.run(track(out, trial_db), env=env(), check=True, capture_output=True)
    assert outputs(out) == new_files


# -- export: the county package ---------------------------------------------------------------------


def test_export_killed_leaves_the_old_package_or_the_new(tmp_path: Path, sample: Path) -> None:
    old = old_version(sample, tmp_path / "old2017")
    old_db, new_db = tmp_path / "old.db", tmp_path / "new.db"
    ok("import", sample / "2016", old, "--store", old_db)
    ok("import", sample / "2016", sample / "2017", "--store", new_db)
    ref_old, ref_new = tmp_path / "ref-old", tmp_path / "ref-new"
    ref_old.mkdir()
    ref_new.mkdir()
    ok("export", "--store", old_db, "--year", "2017", "--out", ref_old / "XX县-2017.lrpkg")
    export = lambda folder: [cli(), "export", "--store", str(new_db), "--year", "2017", "--out",  # noqa: E731
                             str(folder / "XX县-2017.lrpkg")]
    duration = timed(export(ref_new), tmp_path)
    old_files, new_files = outputs(ref_old), outputs(ref_new)
    assert old_files != new_files
    new_state = state(new_db)
    out = tmp_path / "out"

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref_old, out)

    def judge(trial: int, delay: float) -> str:
        assert state(new_db) == new_state  # export only reads
        return files_whole(out, old_files, new_files, trial, delay)

    seen = kill_trials("export", lambda: export(out), duration, reset, judge, 2019)
    assert seen.get("old", 0) > 0 and seen.get("new", 0) > 0 and "mixed" not in seen, seen
    subprocess.run(export(out), env=env(), check=True, capture_output=True)
    assert outputs(out) == new_files


# -- the city: import of a package into its store, and the roll-up ----------------------------------


@pytest.fixture(scope="module")
def packages(tmp_path_factory, sample: Path, county_package) -> dict[str, Path]:
    """Three county packages of 2017 (甲县, 乙县 and a second version of 乙县)."""
    work = tmp_path_factory.mktemp("packages")
    return {county: county_package(source, county, work)
            for county, source in (("甲县", sample / "2017"), ("乙县", sample / "2017-sheets"),
                                   ("乙县-v2", old_version(sample, work / "old2017")))}


def city_state(db: Path) -> tuple:
    """state() and the packages the city store holds, each with its manifest."""
    import sqlite3
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        held = tuple(con.execute("SELECT county, year, manifest FROM packages ORDER BY county, year"))
    finally:
        con.close()
    return state(db), held


def test_city_import_killed_leaves_the_city_store_old_or_new(tmp_path: Path, packages: dict[str, Path]) -> None:
    base = tmp_path / "city.db"
    ok("import", packages["甲县"], packages["乙县"], "--store", base)
    old_state = city_state(base)
    full = tmp_path / "full.db"
    copy_store(base, full)
    command = lambda db: [cli(), "import", str(packages["乙县-v2"]), "--store", str(db)]  # noqa: E731
    duration = timed(command(full), tmp_path)
    new_state = city_state(full)
    assert old_state != new_state
    db = tmp_path / "trial.db"

    def judge(trial: int, delay: float) -> str:
        got = city_state(db)
        assert got in (old_state, new_state), f"trial {trial} ({delay:.3f} s): the city store holds a mix"
        return "old" if got == old_state else "new"

    seen = kill_trials("city import", lambda: command(db), duration, lambda: copy_store(base, db), judge, 2020)
    assert seen.get("old", 0) > 0 and seen.get("new", 0) > 0, seen


def test_rollup_killed_leaves_the_roll_up_whole(tmp_path: Path, packages: dict[str, Path]) -> None:
    ref_old, ref_new = tmp_path / "ref-old", tmp_path / "ref-new"
    ok("rollup", packages["甲县"], packages["乙县"], "--out", ref_old)
    rollup = lambda out: [cli(), "rollup", str(packages["甲县"]), str(packages["乙县-v2"]), "--out", str(out)]  # noqa: E731
    duration = timed(rollup(ref_new), tmp_path)
    old_files, new_files = outputs(ref_old), outputs(ref_new)
    assert old_files.keys() == new_files.keys() and old_files != new_files
    out = tmp_path / "out"

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref_old, out)

    seen = kill_trials("rollup", lambda: rollup(out), duration, reset,
                       lambda trial, delay: files_whole(out, old_files, new_files, trial, delay), 2021)
    assert seen.get("old", 0) > 0 and seen.get("new", 0) + seen.get("mixed", 0) > 0, seen
    subprocess.run(rollup(out), env=env(), check=True, capture_output=True)
    assert outputs(out) == new_files


# -- PostgreSQL: the client killed mid-transaction ---------------------------------------------------


def psql(uri: str, sql: str) -> list[str]:
    import pg_server
    done = subprocess.run([str(pg_server.server_bin() / "psql"), uri, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True, text=True, env={k: v for k, v in env().items() if k != "LD_PRELOAD"})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def pg_state(uri: str) -> tuple:
    """The cycles' (region, year, content hash) and the rows of every table of the store."""
    cycles = tuple(psql(uri, "SELECT region || ' ' || year || ' ' || content_hash FROM cycles ORDER BY 1"))
    tables = psql(uri, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
    counts = tuple((t, psql(uri, f'SELECT count(*) FROM "{t}"')[0]) for t in tables)
    return cycles, counts


def test_postgres_import_killed_leaves_old_or_new(tmp_path: Path, sample: Path, pg_server: str) -> None:
    import pg_server as server
    base = server.create_database(pg_server, f"kill_base_{random.randrange(1 << 30)}")
    old = old_version(sample, tmp_path / "old2017")
    ok("import", sample / "2016", old, "--store", base)
    old_state = pg_state(base)
    base_name = base.split("@/", 1)[1].split("?")[0]
    trial_name = f"kill_trial_{random.randrange(1 << 30)}"
    trial = base.replace(f"/{base_name}?", f"/{trial_name}?")
    admin = base.replace(f"/{base_name}?", "/review?")

    def reset() -> None:
        psql(admin, f'DROP DATABASE IF EXISTS "{trial_name}" WITH (FORCE)')
        psql(admin, f'CREATE DATABASE "{trial_name}" TEMPLATE "{base_name}"')

    reset()
    command = [cli(), "import", str(sample / "2017"), "--store", trial]
    duration = timed(command, tmp_path)
    new_state = pg_state(trial)
    assert old_state != new_state and old_state[0][0] == new_state[0][0]

    def judge(trial_no: int, delay: float) -> str:
        got = pg_state(trial)
        assert got in (old_state, new_state), f"trial {trial_no} ({delay:.3f} s): the server store holds a mix"
        return "old" if got == old_state else "new"

    seen = kill_trials("import on PostgreSQL", lambda: command, duration, reset, judge, 2022)
    assert seen.get("old", 0) > 0 and seen.get("new", 0) > 0, seen
    psql(admin, f'DROP DATABASE IF EXISTS "{trial_name}" WITH (FORCE)')
