"""Crash safety of the other writers (issue 18): `libreview track`, `export`, `rollup`, the
city store's `import X.lrpkg`, and `import` and `run` with a PostgreSQL store, each killed with SIGKILL
at random moments spanning its whole run (LIBREVIEW_KILL_TRIALS trials each, default 100).
track, export and the city store's import run on a SQLite store and on a PostgreSQL one (the
`stores` fixture, a real server from the `pg_server` fixture), rollup from package files and
from a PostgreSQL city store.

Afterwards the store (a SQLite one passes its integrity check) holds exactly the old state or
the new one (every table's rows counted, the cycles' content hashes, the progress records, the
packages' manifests and members), never a mix; every output file under its final name is the
old file or the complete new one; the only other files are the writers' temporary files, which
the next complete run removes. The SQLite and file helpers are those of test_crash_safety.py."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
import time
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


# -- the stores: a SQLite file or a PostgreSQL database, each trial on a fresh copy -----------------

PROGRESS = ("SELECT c.region, c.year, p.seq, p.item_id, p.on_date, p.status, p.note, p.inspector "
            "FROM rectification_progress p JOIN cycles c ON c.id = p.cycle_id ORDER BY c.region, c.year, p.seq")


def sqlite_state(db: str) -> tuple:
    """state() (integrity check, cycles' content hashes, every table's rows), the progress records,
    and the packages a city store holds: each one's manifest and a digest of its members."""
    cycles, counts = state(Path(db))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        progress = tuple(con.execute(PROGRESS))
        members = "SELECT name, content FROM package_members WHERE package_id = ? ORDER BY name"
        held = tuple((county, year, manifest, hashlib.sha256(repr(con.execute(members, (pid,)).fetchall()).encode())
                      .hexdigest()) for pid, county, year, manifest in
                     con.execute("SELECT id, county, year, manifest FROM packages ORDER BY county, year").fetchall())
    finally:
        con.close()
    return cycles, counts, progress, held


def psql(uri: str, sql: str) -> list[str]:
    import pg_server
    done = subprocess.run([str(pg_server.server_bin() / "psql"), uri, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True, text=True, env={k: v for k, v in env().items() if k != "LD_PRELOAD"})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


STATE_SPLIT = "--8<--"


def psql_script(uri: str, script: str) -> list[str]:
    """psql reading `script` from stdin, in one session; every result's rows, in order."""
    import pg_server
    done = subprocess.run([str(pg_server.server_bin() / "psql"), uri, "-Atq", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                          input=script, capture_output=True, text=True,
                          env={k: v for k, v in env().items() if k != "LD_PRELOAD"})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def pg_state(uri: str) -> tuple:
    """The cycles' (region, year, content hash), the rows of every table of the store (counted by the
    server in one query), the progress records, and the packages held: manifest and members' digest.

    Read once the killed client's server process has ended (a COMMIT it sent just before the kill
    is still carried out after it), and in one snapshot (REPEATABLE READ): four reads in four
    transactions could see the old store and then the new one, a mix that no store ever held."""
    for _ in range(200):
        others = psql(uri, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()")
        if others == ["0"]:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"a server process of the killed client still works on {uri} after 10 s")
    queries = [
        "SELECT region || ' ' || year || ' ' || content_hash FROM cycles ORDER BY 1",
        "SELECT table_name, (xpath('/row/c/text()', query_to_xml(format("
        "'SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text "
        "FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
        PROGRESS,
        "SELECT p.county, p.year, p.manifest, (SELECT md5(string_agg(m.name || ':' || m.content, "
        "',' ORDER BY m.name)) FROM package_members m WHERE m.package_id = p.id) "
        "FROM packages p ORDER BY p.county, p.year",
    ]
    script = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
    script += "".join(f"{q};\nSELECT '{STATE_SPLIT}';\n" for q in queries) + "COMMIT;\n"
    parts: list[list[str]] = [[]]
    for line in psql_script(uri, script):
        if line == STATE_SPLIT:
            parts.append([])
        else:
            parts[-1].append(line)
    assert len(parts) == len(queries) + 1 and parts[-1] == [], parts[-1:]
    cycles, counts, progress, held = (tuple(p) for p in parts[:-1])
    return cycles, counts, progress, held


class SqliteStores:
    """Store files in a folder: store(name) is the path of a new one (the command creates it)."""

    label = "SQLite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def store(self, name: str) -> str:
        return str(self.folder / f"{name}.db")

    def copy(self, src: str, dst: str) -> None:
        copy_store(Path(src), Path(dst))

    def state(self, store: str) -> tuple:
        return sqlite_state(store)


class PostgresStores:
    """Databases on the session's PostgreSQL server: store(name) creates an empty one and gives its
    URI; copy(src, dst) replaces dst by `CREATE DATABASE dst TEMPLATE src` (a client killed in
    mid-transaction is ended by DROP DATABASE … WITH (FORCE)); drop() removes them all."""

    label = "PostgreSQL"

    def __init__(self, server_uri: str) -> None:
        import pg_server
        self.server, self.admin = pg_server, server_uri
        self.tag = f"{random.randrange(1 << 30)}"
        self.names: list[str] = []

    def name(self, uri: str) -> str:
        return uri.split("@/", 1)[1].split("?")[0]

    def store(self, name: str) -> str:
        self.names.append(f"kill_{name}_{self.tag}")
        return self.server.create_database(self.admin, self.names[-1])

    def copy(self, src: str, dst: str) -> None:
        psql(self.admin, f'DROP DATABASE IF EXISTS "{self.name(dst)}" WITH (FORCE)')
        psql(self.admin, f'CREATE DATABASE "{self.name(dst)}" TEMPLATE "{self.name(src)}"')

    def state(self, store: str) -> tuple:
        return pg_state(store)

    def drop(self) -> None:
        for name in self.names:
            psql(self.admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_stores(pg_server: str):
    """Databases of one test on the session's PostgreSQL server, dropped at its end."""
    stores = PostgresStores(pg_server)
    yield stores
    stores.drop()


@pytest.fixture(params=["sqlite", "postgres"])
def stores(request, tmp_path: Path):
    """The stores of a test, SQLite files or PostgreSQL databases (then the server is started)."""
    return SqliteStores(tmp_path) if request.param == "sqlite" else request.getfixturevalue("pg_stores")


def on(stores) -> str:
    return "" if stores.label == "SQLite" else f" on {stores.label}"


# -- track: the progress applied to the store, then the ledger and the notices ----------------------


def test_track_killed_leaves_the_store_and_the_ledger_old_or_new(tmp_path: Path, sample: Path, stores) -> None:
    """`track --progress` killed: the store holds no progress records or all 20 (and nothing else changed), the
    ledger and the notices are each old or new, and new files never stand beside the old store."""
    base = stores.store("base")
    ok("import", sample / "2016", sample / "2017", "--store", base)
    import libreview
    items = libreview.load(sample / "2017").rectifications
    progress = tmp_path / "整改进展.csv"
    progress.write_text("整改编号,日期,状态,情况,督查人\n" + "".join(
        f"{i},2018-01-10,已销号,现场核查已整改到位,张三\n" for i in items.id[:20]), encoding="utf-8")
    ref_old, ref_new, db = tmp_path / "ref-old", tmp_path / "ref-new", stores.store("ref")
    stores.copy(base, db)
    ok("track", "--store", db, "--year", "2017", "--as-of", "2018-01-15", "--out", ref_old)
    old_state, old_files = stores.state(db), outputs(ref_old)
    track = lambda out, store: [cli(), "track", "--store", str(store), "--year", "2017", "--progress",  # noqa: E731
                                str(progress), "--as-of", "2018-01-15", "--out", str(out)]
    duration = timed(track(ref_new, db), tmp_path)
    new_state, new_files = stores.state(db), outputs(ref_new)
    assert old_state != new_state and old_files != new_files
    assert old_state[2] == () and len(new_state[2]) == 20  # the progress records: none, then the 20 lines

    out, trial_db = tmp_path / "out", stores.store("trial")

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref_old, out)
        stores.copy(base, trial_db)

    assert stores.state(base) == old_state  # a ledger without progress changes nothing stored

    def judge(trial: int, delay: float) -> str:
        got = stores.state(trial_db)
        assert got in (old_state, new_state), f"trial {trial} ({delay:.3f} s): the store holds a mix"
        files = files_whole(out, old_files, new_files, trial, delay)
        return ("store-old" if got == old_state else "store-new") + "/files-" + files

    # Over 1.6× its time: the ledger and the notices are written in the last part of a short run.
    seen = kill_trials("track" + on(stores), lambda: track(out, trial_db), duration, reset, judge, 2018, span=1.6)
    assert any(k.startswith("store-old") for k in seen) and any(k.startswith("store-new") for k in seen), seen
    # Files are written only after the store committed: a new ledger never stands beside the old store.
    assert not any(k.startswith("store-old/files-new") for k in seen), seen
    stores.copy(base, trial_db)
    subprocess.run(track(out, trial_db), env=env(), check=True, capture_output=True)
    assert outputs(out) == new_files


# -- run with a PostgreSQL store (test_crash_safety.py kills it on SQLite) -------------------------


def test_postgres_run_killed_leaves_the_outputs_whole_and_the_store_old_or_new(
        tmp_path: Path, sample: Path, pg_stores: PostgresStores) -> None:
    """`run FOLDER --store URI` killed: every output is the old file or the complete new one, the store
    holds 2016 alone or 2016 and the new 2017, and the next complete run cleans up."""
    old = old_version(sample, tmp_path / "old2017")
    base, db = pg_stores.store("run_base"), pg_stores.store("run_ref")
    ok("import", sample / "2016", "--store", base)
    run = lambda out, cycle, store: [cli(), "run", str(cycle), "--store", str(store), "--out", str(out)]  # noqa: E731
    ref_old, ref_new = tmp_path / "ref-old", tmp_path / "ref-new"
    pg_stores.copy(base, db)
    ok(*run(ref_old, old, db)[1:])
    pg_stores.copy(base, db)
    old_state = pg_stores.state(db)
    duration = timed(run(ref_new, sample / "2017", db), tmp_path)
    new_state = pg_stores.state(db)
    old_files, new_files = outputs(ref_old), outputs(ref_new)
    assert old_files != new_files
    out, trial_db = tmp_path / "out", pg_stores.store("run_trial")

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref_old, out)
        pg_stores.copy(base, trial_db)

    def judge(trial: int, delay: float) -> str:
        got = pg_stores.state(trial_db)
        assert got in (old_state, new_state), f"trial {trial} ({delay:.3f} s): the server store holds a mix"
        files = files_whole(out, old_files, new_files, trial, delay)
        return files if old_state == new_state else ("store-old/" if got == old_state else "store-new/") + files

    seen = kill_trials("run on PostgreSQL", lambda: run(out, sample / "2017", trial_db), duration, reset, judge, 2021)
    assert any(k.endswith("old") for k in seen) and any(k.endswith(("new", "mixed")) for k in seen), seen
    pg_stores.copy(base, trial_db)
    subprocess.run(run(out, sample / "2017", trial_db), env=env(), check=True, capture_output=True)
    assert outputs(out) == new_files, "temporary files or stale outputs remain after a complete run"


# -- export: the county package ---------------------------------------------------------------------


def test_export_killed_leaves_the_old_package_or_the_new(tmp_path: Path, sample: Path, stores) -> None:
    """`export` killed: the package is the old one or the complete new one, and the store is unchanged."""
    old = old_version(sample, tmp_path / "old2017")
    old_db, new_db = stores.store("old"), stores.store("new")
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
    new_state = stores.state(new_db)
    out = tmp_path / "out"

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref_old, out)

    def judge(trial: int, delay: float) -> str:
        assert stores.state(new_db) == new_state  # export only reads
        return files_whole(out, old_files, new_files, trial, delay)

    seen = kill_trials("export" + on(stores), lambda: export(out), duration, reset, judge, 2019)
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


def test_city_import_killed_leaves_the_city_store_old_or_new(tmp_path: Path, packages: dict[str, Path],
                                                             stores) -> None:
    """`import 乙县-v2.lrpkg` killed: the city store holds 乙县's old package or the new one, whole."""
    base = stores.store("city")
    ok("import", packages["甲县"], packages["乙县"], "--store", base)
    old_state = stores.state(base)
    full = stores.store("full")
    stores.copy(base, full)
    command = lambda db: [cli(), "import", str(packages["乙县-v2"]), "--store", str(db)]  # noqa: E731
    duration = timed(command(full), tmp_path)
    new_state = stores.state(full)
    assert old_state[3] != new_state[3]  # 乙县's package replaced
    db = stores.store("trial")

    def judge(trial: int, delay: float) -> str:
        got = stores.state(db)
        assert got in (old_state, new_state), f"trial {trial} ({delay:.3f} s): the city store holds a mix"
        return "old" if got == old_state else "new"

    seen = kill_trials("city import" + on(stores), lambda: command(db), duration, lambda: stores.copy(base, db),
                       judge, 2020)
    assert seen.get("old", 0) > 0 and seen.get("new", 0) > 0, seen


@pytest.mark.parametrize("source", ["packages", "postgres"])
def test_rollup_killed_leaves_the_roll_up_whole(tmp_path: Path, packages: dict[str, Path], source: str,
                                                request) -> None:
    """From package files, or from PostgreSQL city stores (one holding 甲县 and 乙县, the other 甲县 and
    乙县-v2), which the roll-up only reads: every file old or new, the store unchanged."""
    old_args, new_args = [packages["甲县"], packages["乙县"]], [packages["甲县"], packages["乙县-v2"]]
    city, held = None, None
    if source == "postgres":
        stores = request.getfixturevalue("pg_stores")
        old_city, city = stores.store("city_old"), stores.store("city_new")
        ok("import", *old_args, "--store", old_city)
        ok("import", *new_args, "--store", city)
        old_args, new_args = ["--store", old_city, "--year", 2017], ["--store", city, "--year", 2017]
        held = pg_state(city)
    ref_old, ref_new = tmp_path / "ref-old", tmp_path / "ref-new"
    ok("rollup", *old_args, "--out", ref_old)
    rollup = lambda out: [cli(), "rollup", *map(str, new_args), "--out", str(out)]  # noqa: E731
    duration = timed(rollup(ref_new), tmp_path)
    old_files, new_files = outputs(ref_old), outputs(ref_new)
    assert old_files.keys() == new_files.keys() and old_files != new_files
    out = tmp_path / "out"

    def reset() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref_old, out)

    def judge(trial: int, delay: float) -> str:
        assert city is None or pg_state(city) == held, f"trial {trial}: the roll-up changed the city store"
        return files_whole(out, old_files, new_files, trial, delay)

    name = "rollup" if source == "packages" else "rollup from a PostgreSQL city store"
    seen = kill_trials(name, lambda: rollup(out), duration, reset, judge, 2021)
    assert seen.get("old", 0) > 0 and seen.get("new", 0) + seen.get("mixed", 0) > 0, seen
    subprocess.run(rollup(out), env=env(), check=True, capture_output=True)
    assert outputs(out) == new_files


# -- PostgreSQL: the client killed mid-transaction ---------------------------------------------------


def test_postgres_import_killed_leaves_old_or_new(tmp_path: Path, sample: Path, pg_stores: PostgresStores) -> None:
    """`import` of a new 2017 into a PostgreSQL store killed: the server holds the old cycle or the new one."""
    base, trial = pg_stores.store("base"), pg_stores.store("trial")
    old = old_version(sample, tmp_path / "old2017")
    ok("import", sample / "2016", old, "--store", base)
    old_state = pg_state(base)
    pg_stores.copy(base, trial)
    command = [cli(), "import", str(sample / "2017"), "--store", trial]
    duration = timed(command, tmp_path)
    new_state = pg_state(trial)
    assert old_state != new_state and old_state[0][0] == new_state[0][0]

    def judge(trial_no: int, delay: float) -> str:
        got = pg_state(trial)
        assert got in (old_state, new_state), f"trial {trial_no} ({delay:.3f} s): the server store holds a mix"
        return "old" if got == old_state else "new"

    seen = kill_trials("import on PostgreSQL", lambda: command, duration, lambda: pg_stores.copy(base, trial), judge,
                       2022)
    assert seen.get("old", 0) > 0 and seen.get("new", 0) > 0, seen
