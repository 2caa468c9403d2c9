"""Double entry (双录入核对): two keyings of one cycle compared as the import reads them."""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING

from . import _core

if TYPE_CHECKING:
    import pandas as pd

#: The columns of :func:`reconcile`'s frame.
DIFFERENCE_COLUMNS = ["table", "key", "column", "a", "b"]


def reconcile(a: str | PathLike[str], b: str | PathLike[str]) -> pd.DataFrame:
    """Every difference between two keyings (folders or workbooks) of one cycle.

    One row per difference: ``table``, ``key`` (parts joined by ``/``), ``column``
    (a department id for ballot sheets), and the value in ``a`` and in ``b`` as
    the import reads them (``1``, ``满意`` and ``satisfied`` are one rating). A row
    keyed on one side only has an empty ``column`` and ``None`` on the other side.
    An empty frame means the two keyings agree. Writes nothing; raises
    :class:`ValidationError` when either source holds an error.
    """
    import pandas as pd

    rows = _core._reconcile(str(a), str(b))
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)
