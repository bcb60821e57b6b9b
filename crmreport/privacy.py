"""Personal data: what is personal, and masking it before anything is computed or rendered (``--mask-pii``).

Personal columns: emails, phone numbers and person names of contacts/leads/customers; free text (deal names,
descriptions, notes), which often holds names, is dropped. Sales reps (owners) are kept unless ``--mask-owners``.
Masking works on the loaded tables (canonical and raw), so no output format can contain an original value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from typing import TYPE_CHECKING
from .parsing import map_distinct
from .problems import FREE_TEXT_COLUMNS, PERSONAL_COLUMNS

if TYPE_CHECKING:
    from .loaders import Dataset

EMAIL_COLUMNS = ("email",)
PHONE_COLUMNS = ("phone",)
NAME_COLUMNS = ("name", "first_name", "last_name")
# Headers of unrecognised files that look personal (masked too, by what their name says).
_HEADER_KINDS = ((r"e-?mail|邮箱", "email"), (r"phone|mobile|tel\b|电话|手机", "phone"),
                 (r"description|notes?\b|comment|备注|描述", "text"))


@dataclass(frozen=True)
class MaskOptions:
    """What to mask."""

    pii: bool = False
    owners: bool = False


def mask_email(values: pd.Series) -> pd.Series:
    """j***@example.com: the first character of the local part and the domain."""
    return map_distinct(values, lambda s: s.str.replace(r"^(.)[^@]*@", r"\1***@", regex=True)
                        .where(s.str.contains("@", regex=False), "***")).astype("str")


def mask_phone(values: pd.Series) -> pd.Series:
    """***1234: the last four digits only."""
    return map_distinct(values, lambda s: "***" + s.str.replace(r"\D", "", regex=True).str[-4:]).astype("str")


def mask_name(values: pd.Series) -> pd.Series:
    """Initials: "Ann Lee" → "A. L."; "张伟" → "张."."""
    def initials(names: pd.Series) -> pd.Series:
        words = names.str.replace(r"[,;]", " ", regex=True).str.split()
        return words.map(lambda parts: " ".join(p[0] + "." for p in parts) if isinstance(parts, list) and parts else "")

    return map_distinct(values, initials).astype("str")


def masker(column: str, options: MaskOptions):
    """The masking function for a canonical column, or None when the column is kept."""
    if column in EMAIL_COLUMNS:
        return mask_email
    if column in PHONE_COLUMNS:
        return mask_phone
    if column in NAME_COLUMNS or (column == "owner" and options.owners):
        return mask_name
    if column in FREE_TEXT_COLUMNS:
        return lambda values: pd.Series(pd.NA, index=values.index, dtype="str")
    return None


def _header_kind(header: str) -> str | None:
    return next((kind for pattern, kind in _HEADER_KINDS if re.search(pattern, header, re.IGNORECASE)), None)


def column_masker(column: str, options: MaskOptions, headers: dict[str, str] | None = None):
    """The masking function for a column named by its canonical name, or by a header of the file."""
    canonical = (headers or {}).get(column, column)
    function = masker(canonical, options)
    if function is None and canonical == column:
        kind = _header_kind(str(column))
        function = masker({"email": "email", "phone": "phone", "text": "notes"}.get(kind, ""), options)
    return function


def mask_frame(frame: pd.DataFrame, options: MaskOptions, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """A copy of a table with its personal columns masked (columns named canonically or as in the file)."""
    masked = frame.copy()
    for column in frame.columns:
        function = column_masker(str(column), options, headers)
        if function is not None:
            masked[column] = function(frame[column].astype("str"))
    return masked


def mask_cells(values: pd.Series, columns: pd.Series, options: MaskOptions,
               headers: dict[str, str] | None = None) -> pd.Series:
    """Values of a long table (an audit's offending rows, a change log) masked by the column each belongs to.
    A value whose column is unknown (a whole row) is dropped."""
    masked = values.astype("str").copy()
    for column in columns.dropna().unique():
        rows = columns == column
        function = column_masker(str(column), options, headers) if column else masker("notes", options)
        if function is not None:
            masked[rows] = function(values[rows].astype("str"))
    return masked


def mask_report(report, options: MaskOptions):
    """The report with every personal value masked, ready for any renderer (the report itself is not changed)."""
    if not options.pii:
        return report
    from dataclasses import replace

    tables = {}
    for name, frame in report.tables.items():
        frame = mask_frame(frame, options)
        if {"column", "value"} <= set(frame.columns):
            frame["value"] = mask_cells(frame["value"], frame["column"], options)
        tables[name] = frame
    return replace(report, tables=tables)


def mask_dashboard(board, options: MaskOptions):
    """The dashboard with every report masked."""
    if not options.pii:
        return board
    from dataclasses import replace

    return replace(board, reports=[mask_report(report, options) for report in board.reports])


def holds_personal_data(dataset: "Dataset", options: MaskOptions) -> bool:
    """True when outputs may contain unmasked personal data (they are then written readable by the owner only)."""
    if options.pii:
        return False
    for source in dataset.sources:
        if any(column in source.columns for column in PERSONAL_COLUMNS):
            return True
        if any(_header_kind(str(header)) in ("email", "phone") for header in source.raw.headers):
            return True
    return False
