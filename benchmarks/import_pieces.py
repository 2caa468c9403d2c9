"""Import with validation against polars and pyarrow on one folder, with and without the
rating files read in pieces (issue 17), alternating the four rep by rep in one process as
run.py times import_vs_polars and import_vs_pyarrow:

    .venv/bin/python benchmarks/import_pieces.py [--counties N] [--county] [--reps R]

The folder is the N-county merged folder of run.py (default 100), or its county-001 with
--county. "one go" is bench_driver's import1 (every table on one thread, the read-ahead as
now); "pieces" its import. --before EXE --before-lib DIR adds another build's bench_driver
(its import, with DIR first on its library path), e.g. one of the commit before the pieces.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchdata  # noqa: E402
import peers  # noqa: E402
import run  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counties", type=int, default=100)
    ap.add_argument("--county", action="store_true", help="county-001 of those counties instead of the merged folder")
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--before", metavar="EXE", help="another build's bench_driver, timed as 'before'")
    ap.add_argument("--before-lib", metavar="DIR", help="its libreview.so folder")
    a = ap.parse_args()
    cache = os.environ.get("LIBREVIEW_BENCH_CACHE", os.path.join(benchdata.ROOT, "build", "bench-data"))
    if a.county:
        folder = benchdata.county_folders(benchdata.counties_dir(cache, a.counties))[0]
    else:
        folder = benchdata.merged_dir(cache, a.counties)
    files = peers.csv_files(folder)
    drv = run.Driver(run.find_driver(), folder)
    if a.before:
        env = dict(os.environ, LD_LIBRARY_PATH=a.before_lib or "")
        old = subprocess.Popen([a.before, folder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env=env)
        assert json.loads(old.stdout.readline()).get("ready")

        def before() -> float:
            old.stdin.write("import\n")
            old.stdin.flush()
            return json.loads(old.stdout.readline())["seconds"]
    peers.read_polars(files)  # the modules loaded before timing
    peers.read_pyarrow(files)
    fns = {"pieces": lambda: drv.ask("import")["seconds"], "one go": lambda: drv.ask("import1")["seconds"],
           "polars": lambda: run.timed(lambda: peers.read_polars(files)),
           "pyarrow": lambda: run.timed(lambda: peers.read_pyarrow(files))}
    if a.before:
        fns["before"] = before
    times = {k: [] for k in fns}
    order = list(fns)
    for i in range(a.reps):
        turn = order[i % len(order):] + order[:i % len(order)]
        for k in (turn if i % 2 == 0 else turn[::-1]):
            times[k].append(fns[k]())
    drv.close()
    if a.before:
        old.stdin.write("quit\n")
        old.stdin.close()
        old.wait()
    m = {k: statistics.median(v) for k, v in times.items()}
    print("%s, %d reps, medians (s): libreview %.4f (one go %.4f), polars %.4f, pyarrow %.4f"
          % (folder, a.reps, m["pieces"], m["one go"], m["polars"], m["pyarrow"]))
    print("vs polars %.2fx (one go %.2fx), vs pyarrow %.2fx (one go %.2fx), pieces over one go %.2fx"
          % (m["polars"] / m["pieces"], m["polars"] / m["one go"], m["pyarrow"] / m["pieces"],
             m["pyarrow"] / m["one go"], m["one go"] / m["pieces"]))
    if a.before:
        print("before: %.4f s: vs polars %.2fx, vs pyarrow %.2fx; now over before %.2fx"
              % (m["before"], m["polars"] / m["before"], m["pyarrow"] / m["before"], m["before"] / m["pieces"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
