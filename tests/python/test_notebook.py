"""examples/analyst.ipynb runs from top to bottom without an error (nbclient)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "analyst.ipynb"


def test_notebook_is_committed_without_outputs_and_matches_its_script() -> None:
    sys.path.insert(0, str(ROOT / "examples"))
    from make_notebook import build

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert [c.source for c in nb.cells] == [c.source for c in build().cells], "run examples/make_notebook.py"


def test_notebook_runs(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # kernel "python3": ipykernel's spec, whose `python` jupyter_client runs as sys.executable (the .venv's)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = {i: c.outputs for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    text = json.dumps(outputs, ensure_ascii=False)
    assert "unknown representative id (R999)" in text  # the refused folder's diagnostics
    assert "县公安局" in text and "综合得分 composite" in text  # the receipt
    assert "image/png" in text  # the plot
    assert "results.csv" in text
    assert "rank_change" in text and "历年综合得分走势" not in text  # the multi-year tables (the plot is a PNG)
    assert text.count("image/png") >= 2  # the ranking and the trend
    assert "Glyph" not in text and "missing from" not in text  # no missing-glyph warnings
    assert not any(o.get("output_type") == "error" for outs in outputs.values() for o in outs)
