"""The paper of a cycle (office-year.md 1.4): the numbered ballot sheets (测评表), the
public questionnaire (群众问卷) and the entry workbook (数据录入表) they are keyed into."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

from . import _core


def forms(source: str | os.PathLike, out: str | os.PathLike, *, office: str = "", sheets: int = 200,
          respondent_groups: Sequence[str] = ()) -> dict[str, Any]:
    """Writes ``<year>年度民主评议行风测评表.docx`` (one numbered ballot per A4 page),
    ``<year>年度群众问卷.docx`` and ``<year>年度数据录入表.xlsx`` into ``out``, all or none,
    as ``libreview forms`` does. Only the roster of ``source`` (a cycle folder or workbook) is
    read: cycle.toml, the departments, and the representatives when there are any. The
    ballots are numbered 001 to ``[ballots] issued`` (else one per representative, else
    ``sheets``). ``office``: who issues the forms; ``respondent_groups``: the 对象类别 the
    questionnaire offers (default: the seed county's five). Returns ``ballot_sheets``,
    ``departments`` (on each ballot) and ``written`` (the three paths).

    The entry workbook, once filled in (Excel, WPS, LibreOffice, or openpyxl), loads as it
    is: ``libreview.load("2017年度数据录入表.xlsx")``."""
    done = _core._forms(os.fspath(source), os.fspath(out), office, int(sheets), [str(g) for g in respondent_groups])
    done["written"] = [Path(p) for p in done["written"]]
    return done
