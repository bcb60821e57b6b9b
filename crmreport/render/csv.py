"""``--format csv``: one table of a report (the main one, or ``--table NAME``), UTF-8 with BOM for Excel."""

from __future__ import annotations

import csv
import io

from ..errors import InputError
from ..report import Report, json_value
from .cells import neutralise


def render(report: Report, table: str | None = None) -> str:
    """The chosen table as CSV text: raw numbers (ratios as fractions), ISO dates, neutralised text."""
    name = table or report.main_table
    if name not in report.tables:
        raise InputError(f"{report.name} has no table {name!r}; tables: {', '.join(report.tables)}")
    frame = report.tables[name]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(["" if v is None else neutralise(v) if isinstance(v, str) else v
                         for v in (json_value(value) for value in row)])
    return buffer.getvalue()
