"""The shared store on PostgreSQL (issue 16), on a real server that tests/pg_server.py
starts: `libreview import --store postgresql://…` (parse, validate every row, save the
cycle in one transaction) of the merged folder into an empty store, against the floor:
psycopg's COPY … FROM STDIN of the very rows the store holds afterwards into the same,
empty tables, one transaction. Then 8 counties by 8 processes at once against one
process importing them in turn. Medians. Used by benchmarks/run.py (--postgres, and in
the full run)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
import pg_server  # noqa: E402


def _dump_tables(uri: str) -> list[tuple[str, bytes]]:
    """Every table the store wrote, as COPY's text format (the rows to load again)."""
    import psycopg

    out = []
    with psycopg.connect(uri) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        for (table,) in cur.fetchall():
            buf = bytearray()
            with cur.copy(f'COPY "{table}" TO STDOUT') as copy:
                for chunk in copy:
                    buf += chunk
            out.append((table, bytes(buf)))
    return out


def _copy_into(uri: str, tables: list[tuple[str, bytes]]) -> float:
    """COPY the rows into the (empty) tables of `uri` in one transaction; seconds."""
    import psycopg

    t = time.perf_counter()
    with psycopg.connect(uri) as conn, conn.cursor() as cur:
        for table, data in tables:
            with cur.copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(data)
    return time.perf_counter() - t


def _admin(uri: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(sql)


def _libreview_import(cmd: str, uri: str, *folders: str) -> float:
    t = time.perf_counter()
    subprocess.run([cmd, "-q", "import", *folders, "--store", uri], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_postgres(libreview_cmd: str, merged: str, folders: list[str], reps: int) -> dict[str, float]:
    """Issue 16's two rows: the merged folder imported into an empty PostgreSQL store
    against COPY of the same rows into the same (empty) tables, the floor; and 8 counties
    imported by 8 processes at once against one process importing them in turn."""
    rows = sum(sum(1 for _ in open(p, "rb")) - 1 for p in Path(merged).glob("*.csv"))
    scratch = Path(tempfile.mkdtemp(prefix="libreview-pg-", dir="/tmp"))
    base = pg_server.start(scratch)
    db = lambda name: base.replace("/review?", f"/{name}?", 1)  # noqa: E731
    try:
        ours, floor = [], []
        for i in range(reps):
            _admin(base, f"CREATE DATABASE ours_{i}")
            ours.append(_libreview_import(libreview_cmd, db(f"ours_{i}"), merged))
            if i == 0:
                tables = _dump_tables(db("ours_0"))
                names = ", ".join(f'"{t}"' for t, _ in tables)
            _admin(base, f"CREATE DATABASE floor_{i} TEMPLATE ours_0")
            _admin(db(f"floor_{i}"), f"TRUNCATE {names}")
            floor.append(_copy_into(db(f"floor_{i}"), tables))
        eight = folders[:8]
        par, serial = [], []
        for i in range(max(3, reps // 2)):
            _admin(base, f"CREATE DATABASE par_{i}")
            _admin(base, f"CREATE DATABASE serial_{i}")
            _libreview_import(libreview_cmd, db(f"par_{i}"), folders[-1])  # the schema, made before the race
            _libreview_import(libreview_cmd, db(f"serial_{i}"), folders[-1])
            t = time.perf_counter()
            procs = [subprocess.Popen([libreview_cmd, "-q", "import", f, "--store", db(f"par_{i}")],
                                      stdout=subprocess.DEVNULL) for f in eight]
            if any(p.wait() != 0 for p in procs):
                raise RuntimeError("a concurrent libreview import failed")
            par.append(time.perf_counter() - t)
            serial.append(_libreview_import(libreview_cmd, db(f"serial_{i}"), *eight))
    finally:
        pg_server.stop(scratch)
    one, peer = statistics.median(ours), statistics.median(floor)
    p8, s8 = statistics.median(par), statistics.median(serial)
    return {"pg_import_merged_s": one, "pg_copy_merged_s": peer, "pg_import_over_copy": one / peer,
            "pg_8_processes_s": p8, "pg_8_in_turn_s": s8, "pg_8_speedup": s8 / p8,
            "pg_rows": float(rows), "pg_writers": float(len(eight))}


def print_postgres(f: dict[str, float]) -> None:
    print("%-48s %8.3f s   COPY %8.3f s   %5.2f× COPY (goal ≤ 2×; %d rows)" % (
        "merged folder into PostgreSQL (libreview import)", f["pg_import_merged_s"], f["pg_copy_merged_s"],
        f["pg_import_over_copy"], f["pg_rows"]))
    print("%-48s %8.3f s   in turn %5.3f s   speed-up %4.2f×" % (
        "%d counties by %d processes at once" % (f["pg_writers"], f["pg_writers"]), f["pg_8_processes_s"],
        f["pg_8_in_turn_s"], f["pg_8_speedup"]))
