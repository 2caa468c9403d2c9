"""The shared store on PostgreSQL against COPY (issue 16/17): importing county folders
into a real server (tests/pg_server.py starts it) with `libreview import --store
postgresql://…` (parse, validate every row, save the cycle in one transaction) against the
idiomatic bulk load an engineer would write instead: psycopg's COPY … FROM STDIN of the
same CSV files into tables of TEXT columns, one transaction per county, no validation.

One county, then eight counties by eight processes at once. Alternating reps, medians.
Used by benchmarks/run.py (--postgres, and in the full run)."""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
import pg_server  # noqa: E402


def _copy_county(uri: str, folder: str, schema: str) -> float:
    """COPY every CSV of `folder` into tables of `schema`, one transaction; seconds."""
    import psycopg

    t = time.perf_counter()
    with psycopg.connect(uri) as conn:  # one transaction, committed on leaving
        with conn.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
            for path in sorted(Path(folder).glob("*.csv")):
                with open(path, "rb") as fh:
                    data = fh.read()
                header = next(csv.reader([data.split(b"\n", 1)[0].decode("utf-8-sig")]))
                table = f'"{schema}"."{path.stem}"'
                cur.execute(f"CREATE TABLE {table} (" + ", ".join(f'"{c}" text' for c in header) + ")")
                with cur.copy(f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)") as copy:
                    copy.write(data)
    return time.perf_counter() - t


def _libreview_import(cmd: str, uri: str, folder: str) -> float:
    t = time.perf_counter()
    subprocess.run([cmd, "-q", "import", folder, "--store", uri], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_postgres(libreview_cmd: str, folders: list[str], reps: int) -> dict[str, float]:
    rows = sum(sum(1 for _ in open(p, "rb")) - 1 for p in Path(folders[0]).glob("*.csv"))
    scratch = Path(tempfile.mkdtemp(prefix="libreview-pg-", dir="/tmp"))
    uri = pg_server.start(scratch)
    try:
        ours, theirs = [], []
        for _ in range(reps):
            ours.append(_libreview_import(libreview_cmd, uri, folders[0]))
            theirs.append(_copy_county(uri, folders[0], "copy_1"))
        eight = folders[:8]
        with ProcessPoolExecutor(max_workers=len(eight)) as pool:  # started before the clock
            list(pool.map(_copy_county, [uri] * len(eight), eight, [f"warm_{i}" for i in range(len(eight))]))
            par_ours, par_theirs = [], []
            for _ in range(max(3, reps // 2)):
                t = time.perf_counter()
                procs = [subprocess.Popen([libreview_cmd, "-q", "import", f, "--store", uri],
                                          stdout=subprocess.DEVNULL) for f in eight]
                if any(p.wait() != 0 for p in procs):
                    raise RuntimeError("a concurrent libreview import failed")
                par_ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                list(pool.map(_copy_county, [uri] * len(eight), eight, [f"copy_{i}" for i in range(len(eight))]))
                par_theirs.append(time.perf_counter() - t)
    finally:
        pg_server.stop(scratch)
    one, peer = statistics.median(ours), statistics.median(theirs)
    par, par_peer = statistics.median(par_ours), statistics.median(par_theirs)
    return {"pg_import_county_s": one, "pg_copy_county_s": peer, "pg_import_vs_copy": peer / one,
            "pg_import_8_counties_s": par, "pg_copy_8_counties_s": par_peer, "pg_import_8_vs_copy": par_peer / par,
            "pg_county_rows": float(rows), "pg_writers": float(len(eight))}


def print_postgres(f: dict[str, float]) -> None:
    print("%-48s %8.3f s   COPY %8.3f s   ratio %5.2f   (%d rows)" % (
        "one county into PostgreSQL (libreview import)", f["pg_import_county_s"], f["pg_copy_county_s"],
        f["pg_import_vs_copy"], f["pg_county_rows"]))
    print("%-48s %8.3f s   COPY %8.3f s   ratio %5.2f" % (
        "%d counties by %d processes at once" % (f["pg_writers"], f["pg_writers"]), f["pg_import_8_counties_s"],
        f["pg_copy_8_counties_s"], f["pg_import_8_vs_copy"]))
