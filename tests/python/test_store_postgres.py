"""The shared store on a real PostgreSQL server (issue 16, office-year.md section 4):
`--store postgresql://…` wherever a store file is taken, with the same results as
SQLite, concurrent writers from several processes that never interleave, and an
unreachable server refused with its own message and nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import libreview


def command() -> str:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe, "the libreview command is not installed"
    return exe


def cli(*args: str | os.PathLike) -> subprocess.CompletedProcess:
    return subprocess.run([command(), *map(str, args)], capture_output=True, text=True)


def ok(*args: str | os.PathLike) -> subprocess.CompletedProcess:
    done = cli(*args)
    assert done.returncode == 0, done.stderr
    return done


def test_a_server_store_gives_the_same_outputs_as_a_file(sample: Path, pg_store: str, tmp_path: Path):
    sqlite = tmp_path / "review.db"
    for store in (sqlite, pg_store):
        ok("import", sample / "2016", "--store", store)
    ok("run", sample / "2017", "--store", sqlite, "--out", tmp_path / "file", "--format", "csv,json")
    ok("run", sample / "2017", "--store", pg_store, "--out", tmp_path / "server", "--format", "csv,json")
    written = sorted(p.name for p in (tmp_path / "file").iterdir())
    assert "results.csv" in written and "flags.csv" in written
    assert written == sorted(p.name for p in (tmp_path / "server").iterdir())
    for name in written:  # relapse reads 2016 from the store: the same on both
        assert (tmp_path / "file" / name).read_bytes() == (tmp_path / "server" / name).read_bytes(), name
    # The county package is made from the stored cycle: the same bytes from either store.
    ok("export", "--store", sqlite, "--year", "2017", "--out", tmp_path / "file.lrpkg")
    ok("export", "--store", pg_store, "--year", "2017", "--out", tmp_path / "server.lrpkg")
    assert (tmp_path / "file.lrpkg").read_bytes() == (tmp_path / "server.lrpkg").read_bytes()


def test_python_takes_a_server_uri(sample: Path, pg_store: str):
    cycle = libreview.load(sample / "2017")
    cycle.save(pg_store)
    listed = libreview.stored_cycles(pg_store)
    assert list(listed["year"]) == [2017]
    stored = libreview.load(store=pg_store, region=cycle.region, year=2017)
    assert stored.counts == cycle.counts
    assert stored.score().to_pandas().equals(cycle.score().to_pandas())


WRITER = textwrap.dedent("""
    import sys
    import libreview
    store, a, b, writer = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    versions = [libreview.load(a), libreview.load(b)]
    expected = {v.name: v.counts for v in versions}
    mixed = 0
    for round in range(20):
        versions[(writer + round) % 2].save(store)
        seen = libreview.load(store=store, region=versions[0].region, year=versions[0].year)
        if expected.get(seen.name) != seen.counts:
            mixed += 1
    print(mixed)
""")


def concurrent_writers(store: str, repo: Path, tmp_path: Path) -> None:
    a = repo / "tests" / "data" / "cycle-small"
    b = tmp_path / "cycle-small-b"
    shutil.copytree(a, b)
    toml = (b / "cycle.toml").read_text(encoding="utf-8")
    (b / "cycle.toml").write_text(toml.replace("测试县2017年度民主评议行风", "测试县2017年度民主评议行风（第二版）"),
                                  encoding="utf-8")
    ballots = (b / "ballots.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (b / "ballots.csv").write_text("".join(ballots[:-1]), encoding="utf-8")  # one ballot fewer
    assert libreview.load(a).counts != libreview.load(b).counts
    libreview.load(a).save(store)  # the schema made once, before the race
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, store, str(a), str(b), str(w)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(8)]
    for w in writers:
        out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
        assert out.strip() == "0", f"a writer read {out.strip()} mixed cycles"
    listed = libreview.stored_cycles(store)
    assert len(listed) == 1
    end = libreview.load(store=store, region="test-county", year=2017)
    assert end.counts in (libreview.load(a).counts, libreview.load(b).counts)


def test_eight_processes_on_a_server_never_interleave(pg_store: str, repo: Path, tmp_path: Path):
    concurrent_writers(pg_store, repo, tmp_path)


def test_eight_processes_on_a_file_never_interleave(repo: Path, tmp_path: Path):
    concurrent_writers(str(tmp_path / "review.db"), repo, tmp_path)


def test_an_unreachable_server_exits_3_with_its_message_and_writes_nothing(sample: Path, tmp_path: Path):
    uri = "postgresql://clerk:s3cret@/review?host=/nonexistent-libreview-socket"
    for args in (("run", sample / "2017", "--store", uri, "--out", tmp_path / "out"),
                 ("import", sample / "2017", "--store", uri),
                 ("export", "--store", uri, "--year", "2017", "--out", tmp_path / "x.lrpkg")):
        done = cli(*args)
        assert done.returncode == 3, (args, done.stderr)
        assert "/nonexistent-libreview-socket" in done.stderr  # libpq's own words name the socket
        assert "s3cret" not in done.stderr + done.stdout
        assert not (tmp_path / "out").exists() and not (tmp_path / "x.lrpkg").exists()


def test_a_refused_import_leaves_the_server_store_as_it_was(sample: Path, repo: Path, pg_store: str):
    ok("import", sample / "2017", "--store", pg_store)
    before = libreview.stored_cycles(pg_store)
    done = cli("import", sample / "2016", repo / "tests" / "data" / "cycle-bad.xlsx", "--store", pg_store)
    assert done.returncode == 1
    assert libreview.stored_cycles(pg_store).equals(before)


def test_anonymous_sheets_are_stored_on_both_stores(sample: Path, pg_store: str, tmp_path: Path):
    """Ballots keyed on anonymous paper sheets (测评表 without 代表编号, schema v4): stored with
    their 票号 and 界别, loaded back as the same cycle, scored and flagged exactly as the
    folder (straight-lining by sheet number); run, export and reconcile from the store."""
    folder = sample / "2017-sheets"
    ok("run", folder, "--out", tmp_path / "folder", "--format", "csv,json")
    for name, store in (("file", tmp_path / "review.db"), ("server", pg_store)):
        ok("import", folder, "--store", store)
        cycle = libreview.load(store=store, region="seed-county", year=2017)
        direct = libreview.load(folder)
        assert len(cycle.ballot_sheets) == 150
        assert cycle.ballot_sheets.equals(direct.ballot_sheets)
        assert cycle.counts == direct.counts
        assert cycle.score().to_pandas().equals(direct.score().to_pandas())
        assert cycle.score().flags().equals(direct.score().flags())
        ok("run", folder, "--store", store, "--out", tmp_path / name, "--format", "csv,json")
        for out in ("results.csv", "flags.csv"):
            assert (tmp_path / name / out).read_bytes() == (tmp_path / "folder" / out).read_bytes(), (name, out)
        ok("export", "--store", store, "--year", "2017", "--out", tmp_path / f"{name}.lrpkg")
    assert (tmp_path / "file.lrpkg").read_bytes() == (tmp_path / "server.lrpkg").read_bytes()
