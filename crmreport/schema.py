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


def _failure_cases(schema, frame: pd.DataFrame) -> pd.DataFrame | None:
    """pandera's failure cases of a lazy validation, or None when every check passes."""
    try:
        schema.validate(frame, lazy=True)
        return None
    except SchemaErrors as errors:
        return errors.failure_cases


def _mask(frame: pd.DataFrame, group: pd.DataFrame) -> pd.Series:
    """Rows of ``frame`` named by a group of failure cases."""
    positions = pd.to_numeric(group["index"], errors="coerce").dropna().astype(int).unique()
    mask = pd.Series(False, index=frame.index)
    mask.loc[frame.index.intersection(positions)] = True
    return mask


def validate_deals(frame: pd.DataFrame, source: str) -> list[DataWarning]:
    """Validate a canonical deals frame in place; failing cells are blanked and reported."""
    cases = _failure_cases(DealSchema, frame)
    if cases is None:
        return []
    warnings = []
    frame_level = cases["schema_context"] == "DataFrameSchema"
    keys = cases["check"].astype(str).where(frame_level, cases["column"].astype(str))
    for key, group in cases.groupby(keys, sort=False):
        key = next((name for name in _CONSEQUENCES if name in key), None)
        if key is None:
            continue
        problem, blanked = _CONSEQUENCES[key]
        column = key if key in frame else blanked
        mask = _mask(frame, group)
        warning = warning_for(mask, frame, source, column, problem, f"the {blanked} of those deals is ignored",
                              frame[column].astype("str") if key in frame else None)
        if warning is not None:
            warnings.append(warning)
        frame.loc[mask, blanked] = None
    return warnings


# Value ranges of the other canonical tables: (lowest, highest) allowed, None for no bound.
RANGES = {
    "orders": {"price": (0, None), "cost": (0, None)},
    "tickets": {"satisfaction": (0, 10), "sla_hours": (0, None), "first_response_seconds": (0, None),
                "resolution_seconds": (0, None)},
    "campaigns": {column: (0, None) for column in ("budget", "actual_cost", "impressions", "clicks", "responses",
                                                   "leads", "conversions")},
    "customers": {"tenure_months": (0, None), "monthly_charges": (0, None), "total_charges": (0, None)},
    "activities": {"duration_min": (0, None)},
    "targets": {"target": (0, None)},
}


def table_schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of a canonical table other than deals: numeric columns within their RANGES."""
    columns = {}
    for column, (lowest, highest) in RANGES.get(table, {}).items():
        checks = ([pa.Check.ge(lowest)] if lowest is not None else []) + \
                 ([pa.Check.le(highest)] if highest is not None else [])
        columns[column] = pa.Column(float, checks=checks, nullable=True, required=False)
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def _range_text(column: str, table: str) -> str:
    lowest, highest = RANGES[table][column]
    if highest is None:
        return "below zero" if lowest == 0 else f"below {lowest:g}"
    return f"outside {lowest:g}–{highest:g}"


def validate_table(frame: pd.DataFrame, table: str, source: str) -> list[DataWarning]:
    """Validate a canonical non-deals table in place; values out of range are blanked and reported."""
    if table not in RANGES:
        return []
    cases = _failure_cases(table_schema(table), frame)
    if cases is None:
        return []
    warnings = []
    for column, group in cases.groupby(cases["column"].astype(str), sort=False):
        if column not in frame:
            continue
        mask = _mask(frame, group)
        warning = warning_for(mask, frame, source, column, _range_text(column, table), "those values are left out",
                              frame[column].astype("str"))
        if warning is not None:
            warnings.append(warning)
        frame.loc[mask, column] = float("nan")
    return warnings
