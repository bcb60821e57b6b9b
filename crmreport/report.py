"""The Report object every renderer takes, and the options every report accepts."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .rates import Rates

PERIODS = ("week", "month", "quarter", "year")


@dataclass
class ReportOptions:
    """Options common to every report (SPEC: --since, --until, --period, --by, --where, --top, --rates)."""

    since: dt.date | None = None
    until: dt.date | None = None
    period: str = "month"
    fiscal_year_start: int = 1  # --fiscal-year-start: the month a fiscal year's quarters and years start from
    by: str | None = None
    top: int | None = None
    where: list[str] = field(default_factory=list)
    rates: Rates | None = None  # --rates: what converts deals in several currencies to one


@dataclass(frozen=True)
class ChartSpec:
    """A chart a renderer may draw from one of the report's tables (what to show, not how)."""

    kind: str  # "bar" (horizontal bars), "funnel", "line", "stacked_bar"
    table: str
    x: str  # category column
    y: str  # value column
    stack: str | None = None  # stacked_bar: the column whose values form the stacks
    title: str = ""
    limit: int = 15  # at most this many categories (the first rows of the table)
    only: tuple[str, object] | None = None  # (column, value): only the table's rows of one group, which stand together


@dataclass
class Report:
    """What a report computed: KPIs, named tables, warnings; plus where it came from once run."""

    name: str
    title: str
    kpis: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    warnings: list = field(default_factory=list)  # text, or DataWarning (cells that could not be used)
    charts: list[ChartSpec] = field(default_factory=list)
    since: dt.date | None = None
    until: dt.date | None = None
    inputs: list[dict] = field(default_factory=list)
    generated_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    @property
    def currency(self) -> str | None:
        """The currency of the report's money figures, when the inputs say."""
        value = self.kpis.get("currency")
        return value if isinstance(value, str) else None

    @property
    def main_table(self) -> str | None:
        """The table a CSV export and the first chart show: the first one."""
        return next(iter(self.tables), None)

    def to_dict(self) -> dict:
        """The SPEC's JSON contract: plain numbers, ISO dates, null for missing; keys snake_case English."""
        return {
            "report": self.name,
            "title": self.title,
            "generated_at": self.generated_at,
            "period": {"since": _iso(self.since), "until": _iso(self.until)},
            "inputs": self.inputs,
            "kpis": {key: json_value(value) for key, value in self.kpis.items()},
            "tables": {name: table_records(frame) for name, frame in self.tables.items()},
            "warnings": [str(warning) for warning in self.warnings],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def iso_day(moment: pd.Timestamp | dt.datetime) -> str:
    """The day of a moment as ISO text, also past the year 9999 that Python's dates end at (the day after an order
    dated 9999-12-31 is 10000-01-01)."""
    return moment.isoformat().split("T")[0]


def json_value(value: Any) -> Any:
    """A cell or KPI as a JSON value: numpy scalars to Python, NaN/NaT to None, timestamps to ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        if pd.isna(value):
            return None
        return iso_day(value) if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        if number.is_integer() and abs(number) < 2**53:
            return int(number)
        return float(f"{number:.15g}")  # drop float noise such as 30002070.500000004
    return value


def table_records(frame: pd.DataFrame) -> list[dict]:
    """Rows of a result table as JSON-ready dicts."""
    columns = list(frame.columns)
    return [{column: json_value(value) for column, value in zip(columns, row)}
            for row in frame.itertuples(index=False, name=None)]
