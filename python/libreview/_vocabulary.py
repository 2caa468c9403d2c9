"""The domain vocabulary (词汇表) of the core: one word per concept (flag, grade,
component, deduction, rating, status, source, channel), the same words every
report prints. Nothing here keeps a table of its own."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from . import _core

if TYPE_CHECKING:
    import pandas as pd


@lru_cache(maxsize=1)
def _families() -> dict[str, dict[str, dict[str, str]]]:
    return {family: {t["code"]: t for t in words} for family, words in _core.vocabulary().items()}


def codes(family: str) -> list[str]:
    """The codes of ``family`` (``grade``: excellent, good, fair, poor), in the core's order."""
    try:
        return list(_families()[family])
    except KeyError:
        raise KeyError(f"{family!r} is not a family of the vocabulary") from None


def label(family: str, code: str, lang: str = "zh") -> str:
    """The label of ``code`` in ``family`` (``label("flag", "last_place")`` is 序列末位;
    ``lang="en"`` for English). Raises KeyError naming the family and code when
    the code is not one of the family's: no label falls back to its code."""
    words = _families().get(family)
    if words is None:
        raise KeyError(f"{family!r} is not a family of the vocabulary")
    if code not in words:
        raise KeyError(f"{code!r} is not a {family} of the vocabulary")
    return words[code][lang]


def code_of(family: str, zh: str) -> str:
    """The code whose Chinese label is ``zh`` in ``family``; KeyError when none is."""
    for code, t in _families()[family].items():
        if t["zh"] == zh:
            return code
    raise KeyError(f"{zh!r} is not a {family} label of the vocabulary")


def vocabulary() -> pd.DataFrame:
    """Every word of the vocabulary, one row a term: ``family`` (flag, grade,
    component, deduction, rating, ...), ``code`` (as results.csv and the
    receipts hold it), ``zh`` (as every report prints it) and ``en``."""
    import pandas as pd

    rows = [{"family": family, **t} for family, words in _families().items() for t in words.values()]
    return pd.DataFrame(rows, columns=["family", "code", "zh", "en"])
