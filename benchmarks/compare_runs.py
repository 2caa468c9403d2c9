"""The spread of run.py's figures over several runs, as one Markdown table:

    .venv/bin/python benchmarks/compare_runs.py run1.json run2.json [...]

Each comparison of the runs (meta.medians_seconds, the same labels run.py prints) on one row:
libreview's and the peer's medians of each run, and the ratio of each run, then the spread
(the largest ratio over the smallest). The ratio is the peer's time over libreview's (above 1:
libreview is faster), except against the bare C++ loop and raw libxlsxwriter, where it is
libreview's time over theirs (the cost of doing more than they do: lower is better).
"""

from __future__ import annotations

import json
import sys


def ratio(label: str, ours: float, theirs: float) -> float:
    if "floor" in label or "raw libxlsxwriter" in label:
        return ours / theirs
    return theirs / ours


def main(paths: list[str]) -> int:
    if len(paths) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            runs.append(json.load(fh))
    labels = list(runs[0]["meta"]["medians_seconds"])
    heads = " | ".join("run %d: ours / peer s" % (i + 1) for i in range(len(runs)))
    ratios = " | ".join("ratio %d" % (i + 1) for i in range(len(runs)))
    print("| comparison | %s | %s | spread |" % (heads, ratios))
    print("|---" * (2 + 2 * len(runs)) + "|")
    for label in labels:
        cells, rs = [], []
        for run in runs:
            m = run["meta"]["medians_seconds"].get(label)
            if m is None:
                cells.append("—")
                continue
            (_, ours), (_, theirs) = list(m.items())
            cells.append("%.4g / %.4g" % (ours, theirs))
            rs.append(ratio(label, ours, theirs))
        shown = ["%.2f×" % r for r in rs] + ["—"] * (len(runs) - len(rs))
        spread = "%.2f" % (max(rs) / min(rs)) if len(rs) > 1 else "—"
        print("| %s | %s | %s | %s |" % (label, " | ".join(cells), " | ".join(shown), spread))
    for key in ("national_seconds", "national_peak_rss_mb", "national_rollup_seconds", "national_rollup_peak_rss_mb"):
        values = ["%.4g" % r[key] for r in runs if key in r]
        if values:
            print("\n%s: %s" % (key, ", ".join(values)), end="")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
