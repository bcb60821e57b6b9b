"""Pandera models of the canonical tables, and validation that turns failures into data warnings.

A cell that fails its check is not silently kept: it is set to missing (so no figure uses it) and a
warning names the column, the count and example rows.
"""

from __future__ import annotations

from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

from .problems import DataWarning, warning_for


class DealSchema(pa.DataFrameModel):
    """The canonical deals table after parsing (optional columns may be absent)."""

    status: Optional[Series[str]] = pa.Field(isin=["open", "won", "lost"], nullable=True)
    amount: Optional[Series[float]] = pa.Field(ge=0, nullable=True)
    probability: Optional[Series[float]] = pa.Field(ge=0, le=1, nullable=True)
    exchange_rate: Optional[Series[float]] = pa.Field(gt=0, nullable=True)

    @pa.dataframe_check
    @classmethod
    def closes_after_created(cls, frame: pd.DataFrame) -> pd.Series:
        """A deal cannot close before it was created."""
        if "close_date" not in frame or "created_date" not in frame:
            return pd.Series(True, index=frame.index)
        return ~(frame["close_date"].dt.normalize() < frame["created_date"].dt.normalize())

    class Config:
        strict = False
        coerce = False


# What each failed check means for the user, and which column loses its value.
_CONSEQUENCES = {
    "amount": ("below zero", "amount"),
    "probability": ("outside 0–100%", "probability"),
    "exchange_rate": ("not a positive rate", "exchange_rate"),
    "status": ("not open, won or lost", "status"),
    "closes_after_created": ("dated after the close date", "created_date"),
}


def validate_deals(frame: pd.DataFrame, source: str) -> list[DataWarning]:
    """Validate a canonical deals frame in place; failing cells are blanked and reported."""
    try:
        DealSchema.validate(frame, lazy=True)
        return []
    except SchemaErrors as errors:
        cases = errors.failure_cases
    warnings = []
    frame_level = cases["schema_context"] == "DataFrameSchema"
    keys = cases["check"].astype(str).where(frame_level, cases["column"].astype(str))
    for key, group in cases.groupby(keys, sort=False):
        key = next((name for name in _CONSEQUENCES if name in key), None)
        if key is None:
            continue
        problem, blanked = _CONSEQUENCES[key]
        column = key if key in frame else blanked
        positions = pd.to_numeric(group["index"], errors="coerce").dropna().astype(int).unique()
        mask = pd.Series(False, index=frame.index)
        mask.loc[frame.index.intersection(positions)] = True
        warning = warning_for(mask, frame, source, column, problem, f"the {blanked} of those deals is ignored",
                              frame[column].astype("str") if key in frame else None)
        if warning is not None:
            warnings.append(warning)
        frame.loc[mask, blanked] = None
    return warnings
