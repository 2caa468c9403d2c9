"""The cycle (评议周期) for analysts: load, build from frames, score, report."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _display
from ._frames import RATINGS, TEXT_TABLES, rating_table, text_columns
from .errors import Diagnostic, ValidationError

if TYPE_CHECKING:
    from ._results import Results

PathLike = Union[str, "os.PathLike[str]"]

_STORED = re.compile(r"^(?P<region>[^/\\]+)[/\\](?P<year>\d{4})$")


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Cycle:
    """One review cycle (评议周期) as imported: departments, representatives,
    ballots, questionnaires and the rest of the spec's tables.

    Make one with :func:`libreview.load` (a folder, a workbook or a cycle in a
    store) or :meth:`Cycle.from_frames` (pandas DataFrames). Score it with
    :meth:`score`, write reports with :meth:`report`.
    """

    def __init__(self, core: _core.Cycle, history: _core.History | None = None, *,
                 profile: str | None = None, store: str | None = None, save: bool = False) -> None:
        self._core = core
        self._history = history if history is not None else _core.History()
        self._profile = profile or ""
        self._store = store
        # The store the cycle is saved into by its first successful score(), as `libreview run` saves
        # only once the profile and rule are resolved and the cycle scored.
        self._save_into = store if save else None

    # ---- making one -------------------------------------------------------------------

    @classmethod
    def from_frames(
        cls,
        *,
        departments: pd.DataFrame,
        representatives: pd.DataFrame,
        ballots: pd.DataFrame | None = None,
        questionnaires: pd.DataFrame | None = None,
        ballot_sheets: pd.DataFrame | None = None,
        questionnaire_sheets: pd.DataFrame | None = None,
        ballots_issued: int | None = None,
        questionnaires_issued: int | None = None,
        daily_work: pd.DataFrame | None = None,
        self_assessment: pd.DataFrame | None = None,
        complaints: pd.DataFrame | None = None,
        rectifications: pd.DataFrame | None = None,
        commitments: pd.DataFrame | None = None,
        hearings: pd.DataFrame | None = None,
        activities: pd.DataFrame | None = None,
        surveys: pd.DataFrame | None = None,
        year: int,
        region: str = "default",
        name: str = "",
        as_of: dt.date | str | None = None,
        profile: str | None = None,
        store: PathLike | None = None,
        max_diagnostics: int = 100,
    ) -> Cycle:
        """Builds a cycle from pandas DataFrames with the spec's column names
        (English or Chinese), checked exactly as the importer checks a folder.

        Ratings: ``ballots`` has ``representative_id``, ``department_id`` and
        ``rating``; ``questionnaires`` has ``response_id``, ``respondent_group``
        (optional), ``department_id`` and ``rating``. Instead of the id columns a
        frame may give integer index columns ``department`` (the row of
        ``departments``), ``representative`` (the row of ``representatives``) or
        ``response`` (a response number). ``rating`` is text (English or Chinese),
        integer codes 0..3 (satisfied, basic, dissatisfied, unknown) or a
        Categorical. Index columns of dtype uint32 or int32 and ratings of dtype
        uint8/int8 or a Categorical with the categories ``satisfied, basic,
        dissatisfied, unknown`` in that order are **borrowed, not copied**: the
        cycle keeps the frame's arrays alive; do not modify them while it lives.
        Other dtypes are converted.

        The paper forms instead (office-year.md 1.1): ``ballot_sheets`` with ``sheet_no``
        (票号), optional ``sector`` (界别) and ``representative_id`` (代表编号), then one
        column per department named by its id or its exact name, cells a rating word or a
        code ``1``-``4`` (blank: a box left empty); ``questionnaire_sheets`` with
        ``response_id`` (问卷编号), optional ``respondent_group`` (对象类别), then the
        departments. Give ``ballots`` or ``ballot_sheets``, not both (the same for the
        questionnaires). ``ballots_issued`` and ``questionnaires_issued``: the sheets handed
        out (发放), as ``[ballots] issued`` in cycle.toml, for the ballot accounting.

        Every problem raises :class:`libreview.ValidationError` whose
        diagnostics name the frame as the file, the 1-based row (row 1 is
        ``frame.iloc[0]``) as the line and the column's position and name.

        ``store`` works as in :func:`load`: the history of earlier years comes
        from it and the cycle is saved there once it is scored.
        """
        frames: dict[str, pd.DataFrame | None] = {
            "departments": departments, "representatives": representatives, "daily_work": daily_work,
            "self_assessment": self_assessment, "complaints": complaints, "rectifications": rectifications,
            "commitments": commitments, "hearings": hearings, "activities": activities, "surveys": surveys,
        }
        for long, wide, what in ((ballots, ballot_sheets, "ballots"), (questionnaires, questionnaire_sheets,
                                                                        "questionnaires")):
            if long is not None and wide is not None:
                raise TypeError(f"from_frames() takes {what} or {what[:-1] if what == 'ballots' else 'questionnaire'}"
                                f"_sheets, not both")
        if ballots is None and ballot_sheets is None:
            raise TypeError("from_frames() needs ballots= (one row per vote) or ballot_sheets= (one row per paper sheet)")
        frames["ballot_sheets"] = ballot_sheets
        frames["questionnaire_sheets"] = questionnaire_sheets
        tables = []
        for table in (*TEXT_TABLES, "ballot_sheets", "questionnaire_sheets"):
            frame = frames[table]
            if frame is None:
                continue
            header, columns = text_columns(frame, codes=table.endswith("_sheets"))
            tables.append((table, header, columns))
        info = {
            "year": int(year), "region": region, "name": name,
            "as_of": None if as_of is None else as_of.isoformat()[:10] if isinstance(as_of, dt.date) else str(as_of),
            "source": "frames",
            "ballots_issued": None if ballots_issued is None else int(ballots_issued),
            "questionnaires_issued": None if questionnaires_issued is None else int(questionnaires_issued),
        }
        core = _core._import_tables(
            info, tables, None if ballots is None else rating_table("ballots", ballots, True),
            None if questionnaires is None else rating_table("questionnaires", questionnaires, False),
            max_diagnostics)
        return _with_store(core, profile, store)

    # ---- what it holds --------------------------------------------------------------------

    @property
    def year(self) -> int:
        """The year under review (评议年度)."""
        return self._core.year

    @property
    def region(self) -> str:
        """The region (profile id the cycle names; cycles are grouped by it)."""
        return self._core.region

    @property
    def name(self) -> str:
        """The cycle's name, e.g. ``XX县2017年度民主评议行风``."""
        return self._core.name

    @property
    def as_of(self) -> dt.date:
        """The day overdue rectification items are judged on."""
        return _date(self._core.as_of)

    @property
    def source(self) -> str:
        """The folder, workbook, store or ``frames`` the cycle came from."""
        return self._core.source

    @property
    def profile(self) -> str:
        """The profile :meth:`score` uses by default (empty: the cycle's region)."""
        return self._profile or self.region

    @property
    def counts(self) -> dict[str, int]:
        """How many departments, representatives, ballots, ... the cycle holds."""
        return dict(self._core.counts())

    @property
    def departments(self) -> pd.DataFrame:
        """The departments (id, name, category, status, exempt_reason, hotline,
        daily_work, expected_score), in the cycle's order."""
        return pd.DataFrame(self._core.departments())

    @property
    def representatives(self) -> pd.DataFrame:
        """The representatives by pseudonymous code (id, sector, trained)."""
        return pd.DataFrame(self._core.representatives())

    @property
    def ballot_sheets(self) -> pd.DataFrame:
        """The anonymous ballot sheets (测评表 without 代表编号): sheet_no and sector.
        In :attr:`ballots`, rater ``len(representatives) + i`` is sheet ``i``."""
        return pd.DataFrame(self._core.ballot_sheets(), columns=["sheet_no", "sector"])

    @property
    def complaints(self) -> pd.DataFrame:
        """The complaints (投诉)."""
        return pd.DataFrame(self._core.complaints())

    @property
    def rectifications(self) -> pd.DataFrame:
        """The rectification items (整改事项)."""
        return pd.DataFrame(self._core.rectifications())

    @property
    def ballots(self) -> pd.DataFrame:
        """The ballots as columns: ``department`` and ``representative`` (row
        indexes; from ``len(representatives)`` on, rows of :attr:`ballot_sheets`)
        and ``rating`` (a Categorical). The integer columns are views of
        the cycle's own memory (read-only)."""
        return self._ratings("ballots", "representative")

    @property
    def questionnaires(self) -> pd.DataFrame:
        """The questionnaire answers as columns: ``department``, ``response``,
        ``rating`` (Categorical) and ``respondent_group`` (Categorical)."""
        frame = self._ratings("questionnaires", "response")
        r = self._core.ratings("questionnaires")
        if "group" in r:
            frame["respondent_group"] = pd.Categorical.from_codes(
                np.asarray(r["group"]).astype(np.int64), categories=pd.Index(self._core.respondent_groups()))
        return frame

    def _ratings(self, kind: str, rater: str) -> pd.DataFrame:
        r = self._core.ratings(kind)
        return pd.DataFrame({
            "department": r["department"], rater: r["rater"],
            "rating": pd.Categorical.from_codes(np.asarray(r["rating"]).astype(np.int8), categories=pd.Index(list(RATINGS))),
        }, copy=False)

    def _shares_memory(self, array: np.ndarray) -> bool:
        """True when one of the cycle's rating columns *is* ``array``'s memory (zero copy)."""
        return bool(self._core.shares_memory(np.asarray(array)))

    # ---- scoring and reports -----------------------------------------------------------

    def score(self, profile: str | None = None, rule: str | None = None) -> Results:
        """Scores the cycle under ``profile`` (an id or a .toml path; default: the
        profile given to :func:`load`, else the cycle's region) with ``rule`` (a
        scoring rule id, also a Python rule; default: the profile's). The rule's
        sanity properties are checked on its first use with the profile, and the
        results are checked before they are returned (PluginError otherwise).

        A cycle loaded with a ``store`` is saved there by its first successful
        ``score()``, as ``libreview run --store`` saves: only once the profile
        and rule are resolved and the cycle scored."""
        from ._results import Results

        prof, core = _core._score_and_save(self._core, self._history,
                                           profile if profile is not None else self._profile, rule or "",
                                           self._save_into or "")
        self._save_into = None
        return Results(self, prof, core)

    def report(self, format: str | Sequence[str], path: PathLike, *, results: Results | None = None,
               profile: str | None = None, rule: str | None = None, include_integrity: bool = False,
               template: PathLike | None = None, **options: Any) -> list[Path]:
        """Writes the report ``format`` (``csv``, ``xlsx``, ``json``, ``docx``, ...,
        or a list of them: see :func:`libreview.plugins`) into the folder ``path``
        (created when needed) and returns the files written, as ``libreview run``
        writes them (temporary files an interrupted run left there are removed
        first). ``results`` defaults to ``self.score(profile, rule)``.
        ``include_integrity`` is the option ``integrity=true`` (the office's
        integrity sheet), ``template`` the option ``template`` (an office's own
        template); any other keyword is an option of the writer
        (:func:`libreview.report_options` lists them). An option no requested
        format reads, or a malformed value, raises :class:`libreview.UsageError`
        naming it before anything is scored, stored or written."""
        formats = [format] if isinstance(format, str) else list(format)
        values = {k: _option_text(v) for k, v in options.items()}
        if include_integrity:
            values["integrity"] = "true"
        if template:
            values["template"] = str(template)
        if results is None:
            _core._check_report_options(formats, values)
            results = self.score(profile, rule)
        files = _core._write_reports(formats, self._core, results._core, results._profile, str(path), values)
        return [Path(f) for f in files]

    def save(self, store: PathLike) -> None:
        """Saves the cycle into the store (replacing the same region and year)."""
        _core.Store(str(store)).save(self._core)

    # ---- display --------------------------------------------------------------------------

    def __repr__(self) -> str:
        c = self.counts
        return (f"<libreview.Cycle {self.name or self.region} {self.year}: {c['departments']} departments "
                f"({c['exempt']} exempt), {c['representatives']} representatives, {c['ballots']} ballots, "
                f"{c['questionnaire_answers']} questionnaire answers>")

    def _repr_html_(self) -> str:
        return _display.cycle_html(self)


def _option_text(value: Any) -> str:
    """A report option's value as the core reads it (``true``/``false``, ``YYYY-MM-DD``, text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def _with_store(core: _core.Cycle, profile: str | None, store: PathLike | None) -> Cycle:
    if store is None:
        return Cycle(core, None, profile=profile)
    history = _core.Store(str(store)).history(core.region, core.year)
    return Cycle(core, history, profile=profile, store=str(store), save=True)


def load(path: PathLike | None = None, store: PathLike | None = None, profile: str | None = None, *,
         region: str | None = None, year: int | None = None) -> Cycle:
    """Loads a cycle (载入评议周期).

    - ``load("data/sample/2017")``: a folder of ``cycle.toml`` and CSV files;
    - ``load("county-2017.xlsx")``: a workbook with a sheet per table;
    - ``load("seed-county/2017", store="review.db")`` or
      ``load(store="review.db", region="seed-county", year=2017)``: a cycle
      already in the store, with the history of earlier years from it.

    With ``store`` and a folder or workbook, the cycle is imported and the
    history of its region's earlier years is taken from the store; the cycle is
    saved there by its first successful :meth:`Cycle.score` (or
    :meth:`Cycle.report`), as ``libreview run --store`` saves only once the
    profile and rule are resolved and the cycle scored. ``profile`` sets the
    profile :meth:`Cycle.score` uses by default, and the tables the import requires
    (``shortened-cycle`` requires no questionnaires). Bad data raises
    :class:`libreview.ValidationError` listing every problem; nothing is saved.
    """
    if path is None or (store is not None and not Path(path).exists() and _STORED.match(str(path))):
        if store is None:
            raise TypeError("load() needs a path, or a store with region and year")
        if path is not None:
            m = _STORED.match(str(path))
            assert m is not None
            region, year = m["region"], int(m["year"])
        if region is None or year is None:
            raise TypeError("load(store=...) needs region= and year= (or a path 'region/year')")
        s = _core.Store(str(store))
        core = s.load(region, int(year))
        return Cycle(core, s.history(region, int(year)), profile=profile, store=str(store))
    core, history = _core._load_cycle(str(path), str(store) if store is not None else "", profile or "")
    return Cycle(core, history, profile=profile, store=None if store is None else str(store), save=store is not None)


def validate(path: PathLike) -> list[Diagnostic]:
    """Checks a folder or workbook without loading it: every problem found (up to
    100), empty when the data is fine. Use ``str(d)`` for ``file:line:column: message (value)``."""
    total, diags = _core._validate_cycle(str(path))
    return [Diagnostic(*d) for d in diags]


def stored_cycles(store: PathLike) -> pd.DataFrame:
    """The cycles held in a store: region, year, name, content_hash, imported_at."""
    return pd.DataFrame(_core.Store(str(store)).cycles(),
                        columns=["region", "year", "name", "content_hash", "imported_at"])


__all__ = ["Cycle", "load", "validate", "stored_cycles", "ValidationError"]
