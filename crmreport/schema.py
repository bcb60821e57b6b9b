"""The checks of the canonical tables, declared once; pandera validates them and failures become data warnings.

A cell that fails its check is not silently kept: it is set to missing (so no figure uses it) and a
warning names the column, the count and example rows.

pandera is imported only when a table may fail: a vectorised all-clear test built from the same declaration
lets a clean table through without it (importing pandera and validating a million deals takes about 0.5 s).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .parsing import arrow_chunks
from .problems import DataWarning, warning_for


class Rule(NamedTuple):
    """One check of a column: a pandera built-in check (``ge``, ``le``, ``gt``, ``isin``), its argument, and
    how a failure reads in a warning."""

    column: str
    check: str
    argument: object
    problem: str


def _at_least_zero(*columns: str) -> tuple[Rule, ...]:
    return tuple(Rule(column, "ge", 0, "below zero") for column in columns)


def _within(column: str, lowest: float, highest: float, problem: str | None = None) -> tuple[Rule, ...]:
    problem = problem or f"outside {lowest:g}–{highest:g}"
    return Rule(column, "ge", lowest, problem), Rule(column, "le", highest, problem)


RULES: dict[str, tuple[Rule, ...]] = {
    "deals": (Rule("status", "isin", ("open", "won", "lost"), "not open, won or lost"),
              *_at_least_zero("amount"), *_within("probability", 0, 1, "outside 0–100%"),
              Rule("exchange_rate", "gt", 0, "not a positive rate")),
    "orders": _at_least_zero("price", "cost"),
    "tickets": (*_within("satisfaction", 0, 10),
                *_at_least_zero("sla_hours", "first_response_seconds", "resolution_seconds")),
    "campaigns": _at_least_zero("budget", "actual_cost", "impressions", "clicks", "responses", "leads", "conversions"),
    "customers": _at_least_zero("tenure_months", "monthly_charges", "total_charges"),
    "activities": _at_least_zero("duration_min"),
    "targets": _at_least_zero("target"),
}
_PASSES = {"ge": np.greater_equal, "le": np.less_equal, "gt": np.greater}
CLOSE_ORDER = "closes_after_created"  # the deals' check across columns, blanking the created date
CLOSE_ORDER_PROBLEM = "dated after the close date"


def closes_after_created(frame: pd.DataFrame) -> pd.Series:
    """A deal cannot close before it was created (days compared; a missing date passes)."""
    if "close_date" not in frame or "created_date" not in frame:
        return pd.Series(True, index=frame.index)
    close, created = (frame[column].to_numpy(dtype="datetime64[us]").astype("datetime64[D]")
                      for column in ("close_date", "created_date"))
    return pd.Series(~(close < created), index=frame.index)  # NaT compares False: a missing date passes


def _rule_passes(values: pd.Series, rule: Rule) -> pd.Series:
    if rule.check == "isin":  # in Arrow: a third of the time of pandas' isin on a million strings
        text = arrow_chunks(values)
        allowed = pc.or_(pc.is_in(text, value_set=pa.array(list(rule.argument), type=text.type)), pc.is_null(text))
        return pd.Series(allowed.to_numpy(zero_copy_only=False), index=values.index)  # a missing value passes
    return pd.Series(_PASSES[rule.check](values.to_numpy(), rule.argument), index=values.index) | values.isna()


def may_fail(frame: pd.DataFrame, table: str) -> bool:
    """False when every rule of the table surely passes (a non-numeric column under a numeric rule is left to
    pandera, which reports its type)."""
    for rule in RULES.get(table, ()):
        if rule.column not in frame:
            continue
        values = frame[rule.column]
        if rule.check != "isin" and values.dtype != "float64":
            return True
        if not _rule_passes(values, rule).all():
            return True
    return table == "deals" and not closes_after_created(frame).all()


def table_schema(table: str):
    """The pandera schema of a canonical table, built from its RULES."""
    import pandera.pandas as pandera

    columns: dict[str, list] = {}
    for rule in RULES.get(table, ()):
        columns.setdefault(rule.column, []).append(getattr(pandera.Check, rule.check)(rule.argument))
    checks = [pandera.Check(closes_after_created, name=CLOSE_ORDER)] if table == "deals" else []
    return pandera.DataFrameSchema(
        {column: pandera.Column(str if column == "status" else float, checks=column_checks, nullable=True,
                                required=False)
         for column, column_checks in columns.items()},
        checks=checks, strict=False, coerce=False)


def _failure_cases(schema, frame: pd.DataFrame) -> pd.DataFrame | None:
    """pandera's failure cases of a lazy validation, or None when every check passes."""
    from pandera.errors import SchemaErrors

    try:
        schema.validate(frame, lazy=True, inplace=True)  # inplace: no copy of the table (nothing is coerced)
        return None
    except SchemaErrors as errors:
        return errors.failure_cases


def _mask(frame: pd.DataFrame, group: pd.DataFrame) -> pd.Series:
    """Rows of ``frame`` named by a group of failure cases."""
    positions = pd.to_numeric(group["index"], errors="coerce").dropna().astype(int).unique()
    mask = pd.Series(False, index=frame.index)
    mask.loc[frame.index.intersection(positions)] = True
    return mask


def validate_table(frame: pd.DataFrame, table: str, source: str) -> list[DataWarning]:
    """Validate a canonical table in place; failing cells are blanked and reported."""
    if not may_fail(frame, table):
        return []
    cases = _failure_cases(table_schema(table), frame)
    if cases is None:
        return []
    problems = {rule.column: rule.problem for rule in RULES.get(table, ())}
    problems[CLOSE_ORDER] = CLOSE_ORDER_PROBLEM
    frame_level = cases["schema_context"] == "DataFrameSchema"
    keys = cases["check"].astype(str).where(frame_level, cases["column"].astype(str))
    warnings = []
    for key, group in cases.groupby(keys, sort=False):
        key = key if key in problems else next((name for name in problems if name in key), None)
        if key is None:
            continue
        blanked = "created_date" if key == CLOSE_ORDER else key
        consequence = f"the {blanked} of those deals is ignored" if table == "deals" else "those values are left out"
        mask = _mask(frame, group)
        warning = warning_for(mask, frame, source, blanked, problems[key], consequence,
                              frame[key].astype("str") if key in frame else None)
        if warning is not None:
            warnings.append(warning)
        frame.loc[mask, blanked] = None
    return warnings
