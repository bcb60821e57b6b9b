"""CSV cells are written column-wise (a change log holds millions); each column kind gives the cells json_value and
neutralise give one by one, which is how any other kind is written."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from crmreport.render.cells import neutralise
from crmreport.render.csv import write_table
from crmreport.report import json_value


def _one_by_one(values: list) -> list[str]:
    """The cells as text, each through json_value and neutralise."""
    cells = [json_value(value) for value in values]
    return ["" if cell is None else neutralise(cell) if isinstance(cell, str) else str(cell) for cell in cells]


def _written(frame: pd.DataFrame) -> dict[str, list[str]]:
    text = io.StringIO()
    write_table(frame, text)
    rows = list(csv.reader(io.StringIO(text.getvalue().lstrip("\ufeff"))))
    return {name: [row[place] for row in rows[1:]] for place, name in enumerate(rows[0])}


def test_columns_as_written_one_by_one():
    columns = {
        "rows": pd.Series([3.0, np.nan, 12.0, np.inf, -4.0]),  # whole numbers and gaps: a change log's row numbers
        "amounts": pd.Series([1.5, 2.0, np.nan, 30002070.500000004, 7.0]),  # a fraction: cell by cell
        "big": pd.Series([2.0**53, 1.0, 2.0, 3.0, 4.0]),
        "text": pd.Series(["=cmd|'/C calc'!A0", None, "+1 415", "ok", "@SUM(A1)"], dtype=object),
        "mixed": pd.Series(["a", 1, None, 2.5, "-3"], dtype=object),
        "ids": pd.Series([1, 2, 3, 4, 5]),
    }
    written = _written(pd.DataFrame(columns))
    for name, values in columns.items():
        assert written[name] == _one_by_one(values.tolist()), name
    assert written["rows"] == ["3", "", "12", "", "-4"]
    assert written["text"] == ["'=cmd|'/C calc'!A0", "", "'+1 415", "ok", "'@SUM(A1)"]
