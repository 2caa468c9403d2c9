"""Cycle.from_frames on N ratings (default 10 million) given as index columns.

    .venv/bin/python benchmarks/bench_from_frames.py [N]

Ballots: department and representative as uint32 row indexes, rating as a
Categorical of the spec's ratings in order: borrowed without a copy. Prints the
time of from_frames (validation included) and of scoring the result.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

import libreview


def frames(n: int, departments: int = 100, seed: int = 7) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    reps = -(-n // departments)  # every representative rates every department once
    deps = pd.DataFrame({
        "id": [f"D{i:03}" for i in range(departments)], "name": [f"部门{i}" for i in range(departments)],
        "category": [f"序列{i % 4}" for i in range(departments)], "status": "participating",
    })
    representatives = pd.DataFrame({"id": [f"R{i:06}" for i in range(reps)]})
    flat = np.arange(n, dtype=np.int64)
    ballots = pd.DataFrame({
        "department": (flat % departments).astype(np.uint32),
        "representative": (flat // departments).astype(np.uint32),
        "rating": pd.Categorical.from_codes(rng.integers(0, 4, n, dtype=np.int8),
                                            categories=["satisfied", "basic", "dissatisfied", "unknown"]),
    })
    questionnaires = pd.DataFrame({
        "department": rng.integers(0, departments, 1000, dtype=np.uint32),
        "response": np.arange(1000, dtype=np.uint32),
        "rating": rng.integers(0, 4, 1000, dtype=np.uint8),
    })
    return {"departments": deps, "representatives": representatives, "ballots": ballots,
            "questionnaires": questionnaires}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    f = frames(n)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        cycle = libreview.Cycle.from_frames(**f, year=2017)
        best = min(best, time.perf_counter() - t)
    shared = cycle._shares_memory(f["ballots"]["department"].to_numpy())
    t = time.perf_counter()
    results = cycle.score(profile="default")
    scored = time.perf_counter() - t
    print(f"from_frames: {n:,} ratings in {best:.3f} s (best of 3); zero-copy: {shared}; "
          f"score: {scored:.3f} s ({results.rule})")


if __name__ == "__main__":
    main()
