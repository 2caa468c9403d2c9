#!/usr/bin/env python3
"""Import speed of `libreview validate` against pandas.read_csv on the same files.

    python3 scripts/bench_import.py [--runs N] [--libreview build/bin/libreview] DIR...

Times one `libreview validate DIR...` process over every folder given (process
start-up, reading, decoding, parsing and every validation), best of N wall and
CPU times, and its peak RSS; then pandas.read_csv over the same CSV files in
this process (parsing only, no validation, interpreter start-up not counted),
best of N; and prints rows per second of each and their ratio. pandas is
optional: without it only libreview is timed.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import subprocess
import sys
import time


def rows_in(folder: str) -> int:
    total = 0
    for path in glob.glob(os.path.join(folder, "*.csv")):
        with open(path, "rb") as f:
            total += max(0, f.read().count(b"\n") - 1)
    return total


def best(runs: int, fn) -> tuple[float, float]:
    """Best wall and best CPU time (this process and its children) of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(time.process_time() - c0 + (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime))
    return min(walls), min(cpus)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--libreview", default=os.path.join("build", "bin", "libreview"))
    args = ap.parse_args()
    try:
        import pandas as pd
    except ImportError:
        pd = None

    files = [p for folder in args.folders for p in sorted(glob.glob(os.path.join(folder, "*.csv")))]
    rows = sum(rows_in(folder) for folder in args.folders)
    mib = sum(os.path.getsize(p) for p in files) / 2**20

    peak_kib = [0]

    def run_libreview() -> None:
        # /usr/bin/time reports the peak RSS of libreview itself.
        out = subprocess.run(["/usr/bin/time", "-f", "%M", args.libreview, "validate", *args.folders], check=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak_kib[0] = max(peak_kib[0], int(out.stderr.strip().splitlines()[-1]))

    def run_pandas() -> None:
        for path in files:
            pd.read_csv(path, dtype=str, keep_default_na=False)

    print(f"{len(args.folders)} folder(s), {len(files)} CSV files, {mib:.1f} MiB, {rows:,} rows")
    wall, cpu = best(args.runs, run_libreview)
    rss = peak_kib[0] / 1024
    print(f"libreview validate: {wall:.3f} s wall, {cpu:.3f} s CPU; {rows / wall:,.0f} rows/s; peak RSS {rss:.0f} MiB")
    if pd is not None:
        pwall, pcpu = best(args.runs, run_pandas)
        print(f"pandas.read_csv:    {pwall:.3f} s wall, {pcpu:.3f} s CPU; {rows / pwall:,.0f} rows/s")
        print(f"libreview is {pwall / wall:.1f}x pandas (wall), {pcpu / cpu:.1f}x (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
