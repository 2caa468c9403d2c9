#!/usr/bin/env python3
"""libreview against its peers, side by side (issue 8).

    .venv/bin/python benchmarks/run.py [--quick] [--json FILE] [--reps N] [--scaling]

Data: data/generate.py --counties N --years 2017 --seed 2017 (quick: N = 10,
full: N = 100), cached under build/bench-data (or $LIBREVIEW_BENCH_CACHE), and
the same counties merged into one province cycle folder (ids prefixed with the
county, benchmarks/benchdata.py). Scoring and import run on the merged folder;
the xlsx workbook and the feedback letters on county-001 (one real county);
peak RSS of `libreview run` on the merged folder and over every county.

Each comparison runs in this one process: the C++ side is bench_driver (built
with LIBREVIEW_BUILD_BENCH=ON into build/wheel/benchmarks; built here when
missing), kept running with the cycle loaded and asked for one timing per rep,
alternating with the Python peer (the order flips every rep). Medians of the
reps; ratios of the medians. Outputs go to /dev/shm when it exists (tmpfs, so
the plugins' fsync of each finished file does not dominate), else the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import benchdata  # noqa: E402
import peers  # noqa: E402
import store_postgres  # noqa: E402

CSV_FILES = ["departments", "representatives", "ballots", "questionnaires", "daily_work", "complaints",
             "rectifications", "commitments", "hearings", "activities", "surveys", "self_assessment"]


# ---------------------------------------------------------------- the C++ side

def find_driver() -> str:
    given = os.environ.get("LIBREVIEW_BUILD_DIR")
    if given and os.access(os.path.join(given, "benchmarks", "bench_driver"), os.X_OK):
        return os.path.join(given, "benchmarks", "bench_driver")
    # build/wheel: (re)built every time, a no-op when current; a bench_driver left from an
    # older build would load plugins of an older ABI.
    build = os.path.join(ROOT, "build", "wheel")
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        sys.exit("run.py: no build/wheel: run scripts/setup.sh first")
    cmake = shutil.which("cmake", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    print("building bench_driver into build/wheel (LIBREVIEW_BUILD_BENCH=ON) ...", flush=True)
    env = dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL=os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2"))
    subprocess.run([cmake, "-DLIBREVIEW_BUILD_BENCH=ON", build], check=True, stdout=subprocess.DEVNULL, env=env)
    subprocess.run([cmake, "--build", build, "--target", "bench_driver"], check=True, stdout=subprocess.DEVNULL,
                   env=env)
    return os.path.join(build, "benchmarks", "bench_driver")


class Driver:
    """bench_driver with one cycle loaded; ask() sends a command and returns its JSON answer."""

    def __init__(self, exe: str, folder: str):
        self.p = subprocess.Popen([exe, folder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        first = json.loads(self.p.stdout.readline() or '{"error": "bench_driver died"}')
        if not first.get("ready"):
            raise RuntimeError("bench_driver %s: %s" % (folder, first))

    def ask(self, *words: str) -> dict:
        self.p.stdin.write(" ".join(words) + "\n")
        self.p.stdin.flush()
        answer = json.loads(self.p.stdout.readline())
        if "error" in answer:
            raise RuntimeError("bench_driver %s: %s" % (words, answer["error"]))
        return answer

    def close(self) -> None:
        self.p.stdin.write("quit\n")
        self.p.stdin.close()
        self.p.wait()


# ---------------------------------------------------------------- timing

def alternate(reps: int, a, b) -> tuple[list[float], list[float]]:
    """Runs a and b (each returns seconds) alternately, flipping the order every rep."""
    ta, tb = [], []
    for i in range(reps):
        if i % 2 == 0:
            ta.append(a())
            tb.append(b())
        else:
            tb.append(b())
            ta.append(a())
    return ta, tb


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# ---------------------------------------------------------------- pandas scoring (the default profile)

def load_frames(folder: str):
    import pandas as pd
    frames = {}
    for name in CSV_FILES:
        path = os.path.join(folder, name + ".csv")
        if os.path.exists(path):
            frames[name] = pd.read_csv(path, keep_default_na=False, na_values=[""])
    return frames


def score_pandas(f, as_of: str = "2017-12-31"):
    """Spec section 3 written the idiomatic pandas way: B, Q, W, deductions
    (substantiated complaints, overdue items; no relapse: the benchmark cycles
    are scored without a store, so there is no history), weights renormalised
    over the components present, composite, clip, ranks overall and within
    category (competition ranking on the unrounded composite), grades on the
    printed (rounded half away from zero) composite."""
    import numpy as np
    import pandas as pd

    points = {"satisfied": 100.0, "basic": 70.0, "dissatisfied": 0.0}  # unknown -> NaN, not counted
    deps = f["departments"]
    out = deps.loc[deps["status"] == "participating", ["id", "category"]].set_index("id")
    out["B"] = f["ballots"]["rating"].map(points).groupby(f["ballots"]["department_id"]).mean()
    out["Q"] = f["questionnaires"]["rating"].map(points).groupby(f["questionnaires"]["department_id"]).mean()
    out["W"] = f["daily_work"].set_index("department_id")["score"]
    c = f["complaints"]
    substantiated = c["substantiated"].astype(str).str.lower().isin(["true", "yes", "是", "1"])
    n_complaints = c[substantiated].groupby("department_id").size()
    r = f["rectifications"]
    overdue = (pd.to_datetime(r["deadline"]) < pd.Timestamp(as_of)) & ~r["status"].isin(["rectified", "verified"])
    n_overdue = r[overdue].groupby("department_id").size()
    out["D"] = (2.0 * n_complaints.reindex(out.index, fill_value=0)
                + 1.0 * n_overdue.reindex(out.index, fill_value=0)).clip(upper=10.0)
    weights = pd.Series({"B": 0.5, "Q": 0.3, "W": 0.2})
    parts = out[["B", "Q", "W"]]
    applied = parts.notna().mul(weights, axis=1)
    out["composite"] = ((parts.fillna(0.0) * applied).sum(axis=1) / applied.sum(axis=1) - out["D"]).clip(0.0, 100.0)
    out["rank_overall"] = out["composite"].rank(method="min", ascending=False).astype(int)
    out["rank_in_category"] = out.groupby("category")["composite"].rank(method="min", ascending=False).astype(int)
    printed = np.floor(out["composite"] * 100.0 + 0.5) / 100.0
    out["grade"] = np.select([printed >= 90, printed >= 80, printed >= 70], ["excellent", "good", "fair"], "poor")
    return out


def check_scores(ours_csv: str, theirs) -> int:
    import pandas as pd
    ours = pd.read_csv(ours_csv, keep_default_na=False, na_values=[""]).set_index("department_id")
    ours = ours[ours["composite"].notna()]
    theirs = theirs.reindex(ours.index)
    diff = (ours["composite"] - theirs["composite"]).abs().max()
    bad = [(col, int((ours[col] != theirs[col]).sum())) for col in ("rank_overall", "rank_in_category", "grade")]
    if not diff <= 1e-9 or any(n for _, n in bad) or len(theirs.dropna(subset=["composite"])) != len(ours):
        raise SystemExit("scores differ from pandas: max composite diff %g, mismatches %s" % (diff, bad))
    return len(ours)


# ---------------------------------------------------------------- pandas xlsx

def xlsx_frames(folder: str, results_csv: str):
    """The tables of the plugin's ranking, sequence and ledger sheets as DataFrames."""
    import numpy as np
    import pandas as pd
    f = load_frames(folder)
    res = pd.read_csv(results_csv, keep_default_na=False, na_values=[""])
    deps = f["departments"].set_index("id")
    names = deps["name"]
    grade_zh = {"excellent": "优秀", "good": "良好", "fair": "一般", "poor": "较差", "none": ""}
    rank = pd.DataFrame({
        "名次": res["rank_overall"].replace(0, np.nan), "部门名称": res["department_id"].map(names),
        "序列": res["department_id"].map(deps["category"]), "序列名次": res["rank_in_category"].replace(0, np.nan),
        "代表测评得分": res["ballot_score"].round(2), "群众问卷得分": res["questionnaire_score"].round(2),
        "日常考核得分": res["daily_work_score"].round(2), "扣分": res["deductions"].round(2),
        "综合得分": res["composite"].round(2), "等次": res["grade"].map(grade_zh)})
    rank = rank.sort_values("名次", na_position="last", kind="stable")
    rect = f["rectifications"].assign(department_id=lambda x: x["department_id"].map(names))
    for col in ("deadline", "closed_on"):
        rect[col] = pd.to_datetime(rect[col])
    comp = f["complaints"].assign(department_id=lambda x: x["department_id"].map(names))
    for col in ("received_on", "due_on", "closed_on"):
        comp[col] = pd.to_datetime(comp[col])
    commit = f["commitments"].assign(department_id=lambda x: x["department_id"].map(names))
    for col in ("published_on", "due_on"):
        commit[col] = pd.to_datetime(commit[col])
    sheets = {"排名": rank}
    for cat, part in rank.groupby("序列", sort=False):
        sheets[cat] = part
    sheets.update({"整改台账": rect, "投诉台账": comp, "公开承诺": commit})
    return sheets


def write_pandas_xlsx(sheets, path: str) -> None:
    import pandas as pd
    with pd.ExcelWriter(path, engine="xlsxwriter", datetime_format="yyyy-mm-dd") as xw:
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False, startrow=2)


# ---------------------------------------------------------------- Cycle.from_frames (python branch)

def rating_frames(n: int, string_ids: bool, departments: int = 4700, seed: int = 2017):
    """n ratings as DataFrames: ballots where every representative rates every
    department once (n // 10), and questionnaire answers (the rest, 10 per
    response). With string_ids the frames carry the spec's id and rating text
    columns (converted and interned by from_frames); without, uint32 row-index
    columns and a Categorical rating in the spec's order (borrowed, no copy)."""
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(seed)
    deps = pd.DataFrame({"id": ["D%05d" % i for i in range(departments)],
                         "name": ["部门%d" % i for i in range(departments)],
                         "category": ["执法监督类", "经济管理类", "社会服务类", "公用事业类"][0:4] * (departments // 4)
                         + ["公用事业类"] * (departments % 4),
                         "status": "participating"})
    n_b = n // 10
    n_reps = -(-n_b // departments)
    reps_df = pd.DataFrame({"id": ["R%06d" % i for i in range(n_reps)], "sector": "企业代表", "trained": "true"})
    n_q = n - n_b
    fb = np.arange(n_b, dtype=np.int64)
    fq = np.arange(n_q, dtype=np.int64)
    cats = ["satisfied", "basic", "dissatisfied", "unknown"]
    b_dep = (fb % departments).astype(np.uint32)
    b_rep = (fb // departments).astype(np.uint32)
    q_dep = ((fq * 7919 + fq // 10) % departments).astype(np.uint32)
    q_resp = (fq // 10).astype(np.uint32)
    b_rating = pd.Categorical.from_codes(rng.integers(0, 4, n_b, dtype=np.int8), categories=cats)
    q_rating = pd.Categorical.from_codes(rng.integers(0, 4, n_q, dtype=np.int8), categories=cats)
    if string_ids:
        dep_ids = deps["id"].to_numpy()
        ballots = pd.DataFrame({"representative_id": reps_df["id"].to_numpy()[b_rep],
                                "department_id": dep_ids[b_dep], "rating": np.asarray(b_rating)})
        quest = pd.DataFrame({"response_id": np.char.add("Q", q_resp.astype(str)), "respondent_group": "农村群众",
                              "department_id": dep_ids[q_dep], "rating": np.asarray(q_rating)})
    else:
        ballots = pd.DataFrame({"department": b_dep, "representative": b_rep, "rating": b_rating})
        quest = pd.DataFrame({"department": q_dep, "response": q_resp, "rating": q_rating})
    return {"departments": deps, "representatives": reps_df, "ballots": ballots, "questionnaires": quest}


def from_frames_seconds(n: int, reps: int, string_ids: bool = False):
    """Median seconds of libreview.Cycle.from_frames (validation included) on n
    ratings, or None when the Python API (branch `python`) is not there."""
    import libreview
    if not hasattr(libreview, "Cycle") or not hasattr(libreview.Cycle, "from_frames"):
        return None
    f = rating_frames(n, string_ids)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        cycle = libreview.Cycle.from_frames(**f, year=2017)
        times.append(time.perf_counter() - t0)
        del cycle
    return statistics.median(times)


# ---------------------------------------------------------------- peak RSS

def peak_rss_mb(libreview_cmd: str, folder: str, out: str) -> float:
    r = subprocess.run(["/usr/bin/time", "-f", "%M", libreview_cmd, "-q", "run", folder, "--profile", "default",
                        "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("libreview run %s failed: %s" % (folder, r.stderr[-2000:]))
    return int(r.stderr.strip().splitlines()[-1]) / 1024.0


# ---------------------------------------------------------------- the city (issue 16)

def time_and_rss(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of `cmd`, from /usr/bin/time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd[:3]), r.stderr[-2000:]))
    seconds, kb = r.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kb) / 1024.0


def bench_city(libreview_cmd: str, src: str, scratch: str, reps: int) -> dict[str, float]:
    """Export of one county (county-001) and the roll-up of every county's package in one run
    (office-year.md section 4; goal: under 2 s and 200 MB for 100 packages). Each county is
    imported into a store of its own first (not timed); kinds by department name (--kinds)."""
    city = os.path.join(scratch, "city")
    os.makedirs(city, exist_ok=True)
    folders = benchdata.county_folders(src)
    packages = []
    for i, folder in enumerate(folders):
        db = os.path.join(city, "county-%03d.db" % (i + 1))
        subprocess.run([libreview_cmd, "-q", "import", folder, "--store", db], check=True)
        pkg = os.path.join(city, "county-%03d.lrpkg" % (i + 1))
        export = [libreview_cmd, "-q", "export", "--store", db, "--year", "2017", "--profile", "default", "--out", pkg]
        if i == 0:
            export_runs = [time_and_rss(export) for _ in range(reps)]
        else:
            subprocess.run(export, check=True)
        packages.append(pkg)
    with open(os.path.join(folders[0], "departments.csv"), encoding="utf-8") as fh:
        names = [row.split(",")[1] for row in fh.read().splitlines()[1:] if row]
    kinds = os.path.join(city, "kinds.csv")
    with open(kinds, "w", encoding="utf-8") as fh:
        fh.write("department,kind\n" + "".join("%s,%s\n" % (n, n) for n in names))
    rollup = [libreview_cmd, "-q", "rollup", *packages, "--kinds", kinds, "--out", os.path.join(city, "out")]
    rollup_runs = [time_and_rss(rollup) for _ in range(max(3, reps // 2))]
    return {"city_export_one_county_s": statistics.median(t for t, _ in export_runs),
            "city_export_one_county_rss_mb": max(m for _, m in export_runs),
            "city_rollup_s": statistics.median(t for t, _ in rollup_runs),
            "city_rollup_rss_mb": max(m for _, m in rollup_runs),
            "city_rollup_packages": float(len(packages))}


def print_city(figures: dict[str, float]) -> None:
    print("%-48s %8.3f s   peak RSS %6.0f MB" % ("export of one county (libreview export)",
                                                 figures["city_export_one_county_s"],
                                                 figures["city_export_one_county_rss_mb"]))
    print("%-48s %8.3f s   peak RSS %6.0f MB   (goal: < 2 s, < 200 MB)"
          % ("roll-up of %d county packages (libreview rollup)" % figures["city_rollup_packages"],
             figures["city_rollup_s"], figures["city_rollup_rss_mb"]))
# ---------------------------------------------------------------- the whole country

def plot_national(rows, path: str) -> None:
    """Time (import + scoring) and peak RSS against counties, both axes logarithmic."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    counties = [r[0] for r in rows]
    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=100)
    ax.loglog(counties, [r[2] + r[3] for r in rows], "o-", label="import + scoring (s)")
    ax.loglog(counties, [r[3] for r in rows], "s--", label="scoring alone (s)")
    ax.loglog(counties, [r[4] / 1024.0 for r in rows], "^-", label="peak RSS (GB)")
    for r in rows:
        label = "%.1fM" % (r[1] / 1e6) if r[1] >= 1e6 else "%dk" % round(r[1] / 1e3)
        ax.annotate(label, (r[0], r[2] + r[3]), textcoords="offset points", xytext=(4, 6), fontsize=8)
    ax.set_xlabel("counties merged into one cycle (labels: ratings)")
    ax.set_title("libreview, one process, 2 cores: the whole country")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)


# ---------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10 counties instead of 100, fewer reps")
    ap.add_argument("--json", metavar="FILE", help="write the key figures as JSON")
    ap.add_argument("--reps", type=int, default=None, help="repetitions per comparison (quick 5, full 7)")
    ap.add_argument("--scaling", action="store_true", help="also time import/score/run at 1, 10 and 100 counties")
    ap.add_argument("--city", action="store_true",
                    help="only the city figures: export of one county, roll-up of every county's package")
    ap.add_argument("--national", action="store_true",
                    help="also the whole country: 1, 10, 100 and 2,800 counties merged into one cycle, each "
                         "imported and scored in one process (time, peak RSS); generates ~4 GB on first use")
    ap.add_argument("--postgres", action="store_true",
                    help="only the PostgreSQL store against COPY (one county, then 8 processes)")
    ap.add_argument("--plot", metavar="PNG", help="with --national: a log-log plot of time and peak RSS")
    a = ap.parse_args()
    t_start = time.perf_counter()
    counties = 10 if a.quick else 100
    reps = a.reps or (5 if a.quick else 7)
    cache = os.environ.get("LIBREVIEW_BENCH_CACHE", os.path.join(ROOT, "build", "bench-data"))
    scratch_root = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else cache
    scratch = tempfile.mkdtemp(prefix="libreview-bench-", dir=scratch_root)
    venv_bin = os.path.dirname(sys.executable)
    libreview_cmd = shutil.which("libreview", path=venv_bin + os.pathsep + os.environ.get("PATH", ""))

    import pandas as pd  # noqa: F401  (fail early without the README's environment)
    import letters_docx
    import letters_docxtpl

    if a.postgres:
        src = benchdata.counties_dir(cache, counties)
        figures = store_postgres.bench_postgres(libreview_cmd, benchdata.merged_dir(cache, counties),
                                                benchdata.county_folders(src), reps)
        shutil.rmtree(scratch, ignore_errors=True)
        store_postgres.print_postgres(figures)
        if a.json:
            with open(a.json, "w", encoding="utf-8") as fh:
                json.dump(figures, fh, ensure_ascii=False, indent=2)
        return 0

    if a.city:
        src = benchdata.counties_dir(cache, counties)
        figures = bench_city(libreview_cmd, src, scratch, reps)
        shutil.rmtree(scratch, ignore_errors=True)
        print_city(figures)
        if a.json:
            with open(a.json, "w", encoding="utf-8") as fh:
                json.dump(figures, fh, ensure_ascii=False, indent=2)
        return 0

    driver_exe = find_driver()
    src = benchdata.counties_dir(cache, counties)
    merged = benchdata.merged_dir(cache, counties)
    county = benchdata.county_folders(src)[0]
    n_ratings = benchdata.count_ratings(merged)
    print("data: data/generate.py %s -> %d counties, %d ratings (ballots + questionnaire answers); merged: %s"
          % (" ".join(benchdata.generator_args(counties)), counties, n_ratings, merged), flush=True)
    rows = []  # (comparison, libreview median, peer median, peer name, ratio name, ratio)
    keys = {}

    def row(label, ours, theirs, peer, key, ratio):
        rows.append((label, statistics.median(ours), statistics.median(theirs), peer, ratio))
        if key:
            keys[key] = ratio

    def import_rows(drv, folder, suffix):
        """Import with validation against pandas, polars and pyarrow reading the same CSV files."""
        files = peers.csv_files(folder)
        where = " (one county)" if suffix else ""

        def read_pandas():
            for p in files:
                pd.read_csv(p)
        for label, peer, key, fn in (("pandas.read_csv", "read_csv", "import_speedup_vs_pandas", read_pandas),
                                     ("polars.read_csv", "polars", "import_vs_polars", peers.read_polars),
                                     ("pyarrow.csv.read_csv", "pyarrow", "import_vs_pyarrow", peers.read_pyarrow)):
            if suffix and peer == "read_csv":
                continue
            ti, tr = alternate(reps, lambda: drv.ask("import")["seconds"],
                               lambda: timed(lambda: fn(files) if fn is not read_pandas else fn()))
            row("import with validation vs %s%s" % (label, where), ti, tr, peer, key + suffix,
                statistics.median(tr) / statistics.median(ti))

    # -- scoring and import on the merged province folder
    drv = Driver(driver_exe, merged)
    try:
        info = drv.ask("info")
        frames = load_frames(merged)
        ours_csv = os.path.join(scratch, "results.csv")
        drv.ask("results", ours_csv)
        checked = check_scores(ours_csv, score_pandas(frames))
        print("scoring checked equal to pandas on %d departments (composites to 1e-9, ranks, grades)" % checked,
              flush=True)
        ts, tp = alternate(reps, lambda: drv.ask("score")["seconds"], lambda: timed(lambda: score_pandas(frames)))
        row("scoring (default profile) vs pandas groupby", ts, tp, "pandas", "scoring_speedup_vs_pandas",
            statistics.median(tp) / statistics.median(ts))
        ts2, tf = alternate(max(reps, 15), lambda: drv.ask("score")["seconds"], lambda: drv.ask("floor")["seconds"])
        row("scoring vs bare C++ loop (floor)", ts2, tf, "floor", "scoring_vs_floor",
            statistics.median(ts2) / statistics.median(tf))
        pl_frames = peers.polars_frames(merged)
        checked_pl = check_scores(ours_csv, peers.polars_to_pandas(peers.score_polars(pl_frames)))
        con = peers.duckdb_connection(merged)
        checked_db = check_scores(ours_csv, peers.duckdb_to_pandas(peers.score_duckdb(con)))
        print("scoring checked equal to polars (%d) and DuckDB (%d)" % (checked_pl, checked_db), flush=True)
        ts3, tpl = alternate(reps, lambda: drv.ask("score")["seconds"],
                             lambda: timed(lambda: peers.score_polars(pl_frames)))
        row("scoring vs polars expressions", ts3, tpl, "polars", "scoring_vs_polars",
            statistics.median(tpl) / statistics.median(ts3))
        ts4, tdb = alternate(reps, lambda: drv.ask("score")["seconds"], lambda: timed(lambda: peers.score_duckdb(con)))
        row("scoring vs DuckDB SQL", ts4, tdb, "duckdb", "scoring_vs_duckdb",
            statistics.median(tdb) / statistics.median(ts4))
        con.close()
        del pl_frames
        import_rows(drv, merged, "")
    finally:
        drv.close()
    del frames

    # -- the workbook and the letters of one real county
    drv = Driver(driver_exe, county)
    try:
        c_info = drv.ask("info")
        import_rows(drv, county, "_county")
        res_csv = os.path.join(scratch, "county-results.csv")
        drv.ask("results", res_csv)
        sheets = xlsx_frames(county, res_csv)
        out_x = os.path.join(scratch, "xlsx")
        os.makedirs(out_x, exist_ok=True)
        xreps = max(reps, 9)
        tx, tw = alternate(xreps, lambda: drv.ask("xlsx", out_x)["seconds"],
                           lambda: drv.ask("rawxlsx", out_x)["seconds"])
        row("xlsx plugin vs raw libxlsxwriter", tx, tw, "raw", "xlsx_vs_raw_libxlsxwriter",
            statistics.median(tx) / statistics.median(tw))
        tx2, tpx = alternate(xreps, lambda: drv.ask("xlsx", out_x)["seconds"],
                             lambda: timed(lambda: write_pandas_xlsx(sheets, os.path.join(out_x, "pandas.xlsx"))))
        row("xlsx plugin vs DataFrame.to_excel(xlsxwriter)", tx2, tpx, "pandas", "xlsx_speedup_vs_pandas",
            statistics.median(tpx) / statistics.median(tx2))
        letters_json = os.path.join(scratch, "letters.json")
        n_letters = drv.ask("letters", letters_json)["letters"]
        with open(letters_json, encoding="utf-8") as fh:
            letters = json.load(fh)
        out_d = os.path.join(scratch, "docx")
        out_p = os.path.join(scratch, "python-docx")
        td, tpd = alternate(max(3, reps - 2), lambda: drv.ask("docx", out_d)["seconds"],
                            lambda: timed(lambda: letters_docx.write_letters(letters, out_p)))
        row("%d letters: docx plugin vs python-docx" % n_letters, td, tpd, "python-docx",
            "docx_speedup_vs_python_docx", statistics.median(tpd) / statistics.median(td))
        template = os.path.join(ROOT, "plugins", "report-docx", "templates", "feedback-letter.docx")
        jinja = os.path.join(scratch, "feedback-letter-jinja.docx")
        contexts = [letters_docxtpl.jinja_context(x) for x in letters]
        letters_docxtpl.jinja_template(template, jinja)
        out_t = os.path.join(scratch, "template")
        out_j = os.path.join(scratch, "docxtpl")
        if drv.ask("template", out_t, template)["files"] != n_letters or \
                letters_docxtpl.render_letters(jinja, contexts, out_j) != n_letters:
            raise SystemExit("letters through the template: not one file per department")
        tt, tj = alternate(max(3, reps - 2), lambda: drv.ask("template", out_t, template)["seconds"],
                           lambda: timed(lambda: letters_docxtpl.render_letters(jinja, contexts, out_j)))
        row("%d letters through the office's template vs docxtpl" % n_letters, tt, tj, "docxtpl",
            "letters_vs_docxtpl", statistics.median(tj) / statistics.median(tt))
    finally:
        drv.close()

    # -- the entry workbook (数据录入表.xlsx) of the sample county, filled in: libreview importing
    # and validating it against python-calamine (and openpyxl) only reading it to Python lists
    book = benchdata.entry_workbook(cache, libreview_cmd)
    drv = Driver(driver_exe, book)
    try:
        b_info = drv.ask("info")
        cells = peers.read_calamine(book)
        if cells != b_info["ratings"] or peers.read_openpyxl(book) != cells:
            raise SystemExit("entry workbook: calamine read %d rating cells, libreview %d ratings"
                             % (cells, b_info["ratings"]))
        print("entry workbook: %d ratings, checked equal to the cells python-calamine and openpyxl read" % cells,
              flush=True)
        xreps = max(reps, 9)
        tb, tc = alternate(xreps, lambda: drv.ask("import")["seconds"],
                           lambda: timed(lambda: peers.read_calamine(book)))
        row("entry workbook (xlsx) import with validation vs python-calamine read", tb, tc, "calamine",
            "xlsx_import_vs_calamine", statistics.median(tc) / statistics.median(tb))
        tb2, to = alternate(max(3, reps - 2), lambda: drv.ask("import")["seconds"],
                            lambda: timed(lambda: peers.read_openpyxl(book)))
        row("entry workbook (xlsx) import with validation vs openpyxl read", tb2, to, "openpyxl",
            "xlsx_import_vs_openpyxl", statistics.median(to) / statistics.median(tb2))
    finally:
        drv.close()

    # -- Cycle.from_frames, 10 million ratings
    ff = from_frames_seconds(10_000_000, 3)
    keys["from_frames_seconds_10m"] = ff if ff is not None else float("nan")

    # -- peak RSS of `libreview run`: the merged folder, and the largest of the per-county runs
    rss_merged = peak_rss_mb(libreview_cmd, merged, os.path.join(scratch, "run-merged"))
    rss_counties = max(peak_rss_mb(libreview_cmd, f, os.path.join(scratch, "run-county"))
                       for f in benchdata.county_folders(src))
    # The key is the realistic full set: 100 county cycles, each run as its own folder (the data
    # contract's unit); the merged province folder (one cycle of 100 counties) is the stress case.
    keys["peak_rss_mb_full"] = rss_counties
    keys["peak_rss_mb_merged"] = rss_merged

    scaling = []
    if a.scaling:
        for n in (1, 10, 100):
            m = benchdata.merged_dir(cache, n)
            d = Driver(driver_exe, m)
            try:
                inf = d.ask("info")
                imp = statistics.median(d.ask("import")["seconds"] for _ in range(3))
                sco = statistics.median(d.ask("score")["seconds"] for _ in range(5))
                flo = statistics.median(d.ask("floor")["seconds"] for _ in range(5))
            finally:
                d.close()
            t_run = statistics.median(timed(lambda: subprocess.run(
                [libreview_cmd, "-q", "run", m, "--profile", "default", "--format", "csv", "--out",
                 os.path.join(scratch, "scale")], check=True, stdout=subprocess.DEVNULL)) for _ in range(3))
            scaling.append((n, inf["ratings"], imp, sco, flo, t_run,
                            peak_rss_mb(libreview_cmd, m, os.path.join(scratch, "scale"))))

    city_figures = bench_city(libreview_cmd, src, scratch, reps)
    keys.update(city_figures)
    pg_figures = store_postgres.bench_postgres(libreview_cmd, merged, benchdata.county_folders(src), reps)
    keys.update(pg_figures)
    national = []
    if a.national:
        for n in (1, 10, 100, 2800):
            m = benchdata.merged_dir(cache, n)
            r = subprocess.run(["/usr/bin/time", "-f", "%M", driver_exe, "--once", m], capture_output=True,
                               text=True)
            if r.returncode != 0:
                raise RuntimeError("bench_driver --once %s failed: %s" % (m, r.stderr[-2000:]))
            once = json.loads(r.stdout.strip().splitlines()[-1])
            rss = int(r.stderr.strip().splitlines()[-1]) / 1024.0
            national.append((n, once["ratings"], once["import_seconds"], once["score_seconds"], rss))
            print("national scaling: %d counties, %d ratings: import %.2f s, score %.3f s, peak RSS %.0f MB"
                  % national[-1], flush=True)
        n, _, imp, sco, rss = national[-1]
        keys["national_seconds"] = imp + sco
        keys["national_peak_rss_mb"] = rss
        # The city roll-up at the country's scale: 2,800 county packages in one `libreview rollup`.
        packages = benchdata.national_packages(cache, libreview_cmd)
        t_roll, rss_roll = time_and_rss([libreview_cmd, "-q", "rollup", *packages, "--out",
                                         os.path.join(scratch, "national-rollup")])
        with open(os.path.join(scratch, "national-rollup", "rollup.csv"), encoding="utf-8-sig") as fh:
            rolled = sum(1 for _ in fh) - 1
        print("national roll-up: %d packages, %d departments: %.2f s, peak RSS %.0f MB (goal: < 10 s, < 1 GB)"
              % (len(packages), rolled, t_roll, rss_roll), flush=True)
        keys["national_rollup_seconds"] = t_roll
        keys["national_rollup_peak_rss_mb"] = rss_roll
        if a.plot:
            plot_national(national, a.plot)

    shutil.rmtree(scratch, ignore_errors=True)

    # -- report
    print()
    print("%s: %d counties merged (%d departments, %d ratings); county-001: %d departments; %d reps, medians"
          % ("quick" if a.quick else "full", counties, info["departments"], info["ratings"],
             c_info["departments"], reps))
    print("%-48s %12s %12s %-12s %8s" % ("comparison", "libreview s", "peer s", "peer", "ratio"))
    for label, ours, theirs, peer, ratio in rows:
        print("%-48s %12.5f %12.5f %-12s %8.2f" % (label, ours, theirs, peer, ratio))
    print("%-48s %12s" % ("Cycle.from_frames, 10M ratings (s)",
                          "%.3f" % ff if ff is not None else "n/a (no libreview.Cycle.from_frames)"))
    print("%-48s %12.0f   (largest of the %d county runs; merged province folder: %.0f MB)"
          % ("peak RSS of libreview run (MB)", rss_counties, counties, rss_merged))
    print_city(city_figures)
    store_postgres.print_postgres(pg_figures)
    if scaling:
        print("\ncounties  ratings     import s   score s   floor s  run(csv) s  run(all) RSS MB")
        for n, rt, imp, sco, flo, t_run, rss in scaling:
            print("%7d %9d %10.4f %9.5f %9.5f %11.3f %10.0f" % (n, rt, imp, sco, flo, t_run, rss))
    print("\ntotal %.0f s" % (time.perf_counter() - t_start))
    if a.json:
        meta = {"mode": "quick" if a.quick else "full", "counties": counties, "ratings": n_ratings,
                "reps": reps, "generator": "data/generate.py " + " ".join(benchdata.generator_args(counties)),
                "machine": platform.machine(), "python": platform.python_version(),
                "medians_seconds": {label: {"libreview": ours, peer: theirs}
                                    for label, ours, theirs, peer, _ in rows},
                "peak_rss_mb_merged": rss_merged, "peak_rss_mb_largest_county": rss_counties,
                "from_frames_available": ff is not None}
        if national:
            meta["national"] = [dict(zip(("counties", "ratings", "import_s", "score_s", "peak_rss_mb"), x))
                                for x in national]
        if scaling:
            meta["scaling"] = [dict(zip(("counties", "ratings", "import_s", "score_s", "floor_s", "run_csv_s", "run_rss_mb"), s))
                               for s in scaling]
        out = {k: float(v) for k, v in keys.items()}
        out["meta"] = meta
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
