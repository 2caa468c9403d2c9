"""The strongest peers a performance-minded analyst would pick (issue 17), each written the
idiomatic way for its library: the default profile's scoring (review-cycle.md section 3, no
history) in polars expressions and in DuckDB SQL, and reading the cycle's CSV files with
polars.read_csv and pyarrow.csv.read_csv (both multithreaded). run.py times them against
libreview in one process and checks their results equal to ours with run.check_scores.
"""

from __future__ import annotations

import glob
import os

POINTS = {"satisfied": 100.0, "basic": 70.0, "dissatisfied": 0.0}  # unknown: not counted
WEIGHTS = (("B", 0.5), ("Q", 0.3), ("W", 0.2))
TRUE_WORDS = ["true", "yes", "是", "1"]
DONE = ["rectified", "verified"]


def csv_files(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "*.csv")))


# ---------------------------------------------------------------- reading the CSV files

def read_polars(files: list[str]) -> None:
    import polars as pl
    for p in files:
        pl.read_csv(p)


def read_pyarrow(files: list[str]) -> None:
    from pyarrow import csv
    for p in files:
        csv.read_csv(p)


# ---------------------------------------------------------------- reading the entry workbook (xlsx)

def read_calamine(book: str) -> int:
    """Every sheet of the workbook to Python lists with python-calamine (Rust); the number of
    non-empty cells of the 测评表 and 问卷表 sheets' rating columns, to check against ours."""
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(book)
    ratings = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        if name in ("测评表", "问卷表"):
            ratings += sum(1 for row in rows[1:] for cell in row[2:] if cell not in ("", None))
    return ratings


def read_openpyxl(book: str) -> int:
    """The same with openpyxl (read-only mode, values only), for reference."""
    import openpyxl
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    ratings = 0
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        if ws.title in ("测评表", "问卷表"):
            ratings += sum(1 for row in rows[1:] for cell in row[2:] if cell not in ("", None))
    wb.close()
    return ratings


# ---------------------------------------------------------------- polars

def polars_frames(folder: str) -> dict:
    import polars as pl
    return {os.path.basename(p)[:-4]: pl.read_csv(p, infer_schema=False) for p in csv_files(folder)}


def score_polars(f: dict, as_of: str = "2017-12-31"):
    import polars as pl
    deps = f["departments"].filter(pl.col("status") == "participating").select("id", "category")

    def mean_points(table: str, name: str):
        return (f[table].group_by("department_id")
                .agg(pl.col("rating").replace_strict(POINTS, default=None, return_dtype=pl.Float64).mean().alias(name))
                .rename({"department_id": "id"}))

    w = f["daily_work"].select(pl.col("department_id").alias("id"), pl.col("score").cast(pl.Float64).alias("W"))
    c = (f["complaints"].filter(pl.col("substantiated").str.to_lowercase().is_in(TRUE_WORDS))
         .group_by("department_id").len("n_c").rename({"department_id": "id"}))
    r = (f["rectifications"]
         .filter((pl.col("deadline").str.to_date() < pl.lit(as_of).str.to_date()) & ~pl.col("status").is_in(DONE))
         .group_by("department_id").len("n_o").rename({"department_id": "id"}))
    out = (deps.join(mean_points("ballots", "B"), on="id", how="left")
           .join(mean_points("questionnaires", "Q"), on="id", how="left")
           .join(w, on="id", how="left").join(c, on="id", how="left").join(r, on="id", how="left"))
    num = sum(pl.col(k).fill_null(0.0) * pl.col(k).is_not_null().cast(pl.Float64) * wt for k, wt in WEIGHTS)
    den = sum(pl.col(k).is_not_null().cast(pl.Float64) * wt for k, wt in WEIGHTS)
    d = (2.0 * pl.col("n_c").fill_null(0) + 1.0 * pl.col("n_o").fill_null(0)).clip(upper_bound=10.0)
    out = out.with_columns((num / den - d).clip(0.0, 100.0).alias("composite"))
    printed = ((pl.col("composite") * 100.0 + 0.5).floor() / 100.0)
    return out.with_columns(
        pl.col("composite").rank("min", descending=True).cast(pl.Int64).alias("rank_overall"),
        pl.col("composite").rank("min", descending=True).over("category").cast(pl.Int64).alias("rank_in_category"),
        pl.when(printed >= 90).then(pl.lit("excellent")).when(printed >= 80).then(pl.lit("good"))
        .when(printed >= 70).then(pl.lit("fair")).otherwise(pl.lit("poor")).alias("grade"))


def polars_to_pandas(out):
    return out.select("id", "composite", "rank_overall", "rank_in_category", "grade").to_pandas().set_index("id")


# ---------------------------------------------------------------- DuckDB

def duckdb_connection(folder: str):
    """An in-memory DuckDB with every CSV of the folder loaded as a table of text columns."""
    import duckdb
    con = duckdb.connect()
    for p in csv_files(folder):
        name = os.path.basename(p)[:-4]
        con.execute("CREATE TABLE %s AS SELECT * FROM read_csv(?, all_varchar = true, header = true)" % name, [p])
    return con


DUCKDB_SQL = """
WITH
p AS (SELECT id, category FROM departments WHERE status = 'participating'),
b AS (SELECT department_id AS id, avg(CASE rating WHEN 'satisfied' THEN 100.0 WHEN 'basic' THEN 70.0
                                                WHEN 'dissatisfied' THEN 0.0 END) AS B
      FROM ballots GROUP BY 1),
q AS (SELECT department_id AS id, avg(CASE rating WHEN 'satisfied' THEN 100.0 WHEN 'basic' THEN 70.0
                                                WHEN 'dissatisfied' THEN 0.0 END) AS Q
      FROM questionnaires GROUP BY 1),
w AS (SELECT department_id AS id, CAST(score AS DOUBLE) AS W FROM daily_work),
c AS (SELECT department_id AS id, count(*) AS n FROM complaints
      WHERE lower(substantiated) IN ('true', 'yes', '是', '1') GROUP BY 1),
r AS (SELECT department_id AS id, count(*) AS n FROM rectifications
      WHERE CAST(deadline AS DATE) < CAST(? AS DATE) AND status NOT IN ('rectified', 'verified') GROUP BY 1),
s AS (SELECT p.id, p.category, b.B, q.Q, w.W,
             least(2.0 * coalesce(c.n, 0) + 1.0 * coalesce(r.n, 0), 10.0) AS D
      FROM p LEFT JOIN b USING (id) LEFT JOIN q USING (id) LEFT JOIN w USING (id)
             LEFT JOIN c USING (id) LEFT JOIN r USING (id)),
t AS (SELECT id, category,
             greatest(least((coalesce(B, 0) * (CASE WHEN B IS NULL THEN 0 ELSE 0.5 END)
                             + coalesce(Q, 0) * (CASE WHEN Q IS NULL THEN 0 ELSE 0.3 END)
                             + coalesce(W, 0) * (CASE WHEN W IS NULL THEN 0 ELSE 0.2 END))
                            / ((CASE WHEN B IS NULL THEN 0 ELSE 0.5 END) + (CASE WHEN Q IS NULL THEN 0 ELSE 0.3 END)
                               + (CASE WHEN W IS NULL THEN 0 ELSE 0.2 END)) - D, 100.0), 0.0) AS composite
      FROM s)
SELECT id, composite,
       rank() OVER (ORDER BY composite DESC) AS rank_overall,
       rank() OVER (PARTITION BY category ORDER BY composite DESC) AS rank_in_category,
       CASE WHEN floor(composite * 100.0 + 0.5) / 100.0 >= 90 THEN 'excellent'
            WHEN floor(composite * 100.0 + 0.5) / 100.0 >= 80 THEN 'good'
            WHEN floor(composite * 100.0 + 0.5) / 100.0 >= 70 THEN 'fair' ELSE 'poor' END AS grade
FROM t
"""


def score_duckdb(con, as_of: str = "2017-12-31"):
    return con.sql(DUCKDB_SQL, params=[as_of]).to_arrow_table()


def duckdb_to_pandas(table):
    df = table.to_pandas() if hasattr(table, "to_pandas") else table.read_all().to_pandas()
    return df.set_index("id")
