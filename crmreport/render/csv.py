"""``--format csv``: one table of a report (the main one, or ``--table NAME``), UTF-8 with BOM for Excel."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from ..errors import InputError
from ..parsing import STR
from ..report import Report, json_value
from .cells import FORMULA_STARTS, neutralise

ROWS_PER_BLOCK = 65_536  # rows of a table turned into Python values at a time (see row_blocks)


def render(report: Report, table: str | None = None) -> str:
    """The chosen table as CSV text: raw numbers (ratios as fractions), ISO dates, neutralised text."""
    name = table or report.main_table
    if name not in report.tables:
        raise InputError(f"{report.name} has no table {name!r}; tables: {', '.join(report.tables)}")
    buffer = io.StringIO()
    write_table(report.tables[name], buffer)
    return buffer.getvalue()


def write_table(frame: pd.DataFrame, stream: io.TextIOBase) -> None:
    """A table as render writes it (BOM, header, rows) into a text stream."""
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for block in row_blocks(frame):  # a change log has millions of cells: made into Python values a block at a time
        writer.writerows(zip(*(_cells(block.iloc[:, place]) for place in range(block.shape[1]))))


def row_blocks(frame: pd.DataFrame):
    """The frame's rows ROWS_PER_BLOCK at a time (views, no copies), for writers that turn cells into Python
    values: a block's worth is held at once instead of the whole table's."""
    for start in range(0, len(frame), ROWS_PER_BLOCK):
        yield frame.iloc[start:start + ROWS_PER_BLOCK]


def _cells(values: pd.Series) -> list:
    """A column's CSV cells: text neutralised (missing: empty) and integers as they are, column-wise — a change log
    has millions of them; any other kind cell by cell through json_value."""
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        values = values.astype(STR)  # text in an object column (a change log's new values)
    if values.dtype == STR:
        text = values.fillna("")
        return text.mask(text.str.startswith(FORMULA_STARTS), "'" + text).tolist()
    if values.dtype.kind in "iu":  # numpy integers: never missing
        return values.tolist()
    if values.dtype.kind == "f" and (whole := _whole_numbers(values)) is not None:
        return whole
    return ["" if v is None else neutralise(v) if isinstance(v, str) else v for v in map(json_value, values)]


def _whole_numbers(values: pd.Series) -> list | None:
    """Floats that are all whole numbers or missing (a change log's row numbers) as json_value writes them, integers
    and empty cells; None when some value has a fraction."""
    numbers = values.to_numpy()
    finite = np.isfinite(numbers)
    if not (np.mod(numbers, 1, where=finite, out=np.zeros_like(numbers)) == 0).all() \
            or (np.abs(numbers[finite]) >= 2**53).any():
        return None
    return values.where(finite).astype("Int64").astype(object).where(finite, "").tolist()
