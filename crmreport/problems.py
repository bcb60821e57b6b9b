"""Data warnings: bad cells found while loading, reported with column, count and example rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .parsing import clean_text

EXAMPLE_ROWS = 5
# Columns whose cell values are never printed in a message (see privacy.py).
PERSONAL_COLUMNS = ("email", "phone", "name", "first_name", "last_name")
FREE_TEXT_COLUMNS = ("deal_name", "description", "notes", "next_step")


@dataclass
class DataWarning:
    """Cells of one column of one input that could not be used, and what happened to them."""

    source: str
    column: str
    problem: str  # e.g. "could not be read as a date"
    consequence: str  # e.g. "left out of date-based figures"
    count: int
    rows: list[int] = field(default_factory=list)
    example: str | None = None
    all_rows: list[int] = field(default_factory=list, repr=False)  # every affected row, for the audit
    all_values: list[str] = field(default_factory=list, repr=False)
    canonical: str = ""  # the canonical column, when ``column`` also names the header
    noun: str = "value"  # what is counted: value, row, column, NUL byte

    def text(self, lang: str = "en") -> str:
        """One line for the terminal, the JSON ``warnings`` list and the HTML report (in Chinese: audit_zh)."""
        if lang == "zh":
            from .audit_zh import data_warning_zh

            return data_warning_zh(self)
        example = f", e.g. {self.example!r}" if self.example is not None else ""
        noun = self.noun if self.count == 1 else self.noun + "s"
        rows = f" (rows {self.rows_listed()})" if self.rows else ""
        return f"{self.source}: {self.column}: {self.count} {noun} {self.problem}{example}{rows}; {self.consequence}"

    def rows_listed(self) -> str:
        """The example rows, "…" after them when there are more."""
        more = ", …" if self.count > len(self.rows) else ""
        return ", ".join(str(row) for row in self.rows) + more

    def __str__(self) -> str:
        return self.text()


def rows_listed(rows: list[int]) -> str:
    """The first EXAMPLE_ROWS of ``rows``, "…" after them when there are more."""
    return ", ".join(map(str, rows[:EXAMPLE_ROWS])) + (", …" if len(rows) > EXAMPLE_ROWS else "")


def warning_for(mask: pd.Series, frame: pd.DataFrame, source: str, column: str, problem: str, consequence: str,
                values: pd.Series | None = None) -> DataWarning | None:
    """A DataWarning for the rows of ``frame`` selected by ``mask`` (None when the mask selects nothing).

    ``frame`` must carry the spreadsheet row number of each record in its ``_row`` column.
    """
    count = int(mask.sum())
    if count == 0:
        return None
    all_rows = frame.loc[mask, "_row"].astype(int).tolist()
    example, all_values = None, []
    if values is not None:
        offending = clean_text(values[mask])  # values parsed straight from the file are shown stripped
        all_values = offending.fillna("").tolist()
        first = offending.dropna()
        personal = column.split(" ")[0] in PERSONAL_COLUMNS + FREE_TEXT_COLUMNS
        example = str(first.iloc[0]) if len(first) and not personal else None
    return DataWarning(source, column, problem, consequence, count, all_rows[:EXAMPLE_ROWS], example, all_rows,
                       all_values)
