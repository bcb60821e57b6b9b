"""revenue: revenue by period (with growth), by source and by product.

Revenue comes from the ledger's revenue lines when a ledger is given, else from orders, else from won deals
(by close date); the KPI ``revenue_source`` says which. Growth = this period's revenue / the previous one's − 1."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..metrics import NONE_LABEL, period_labels, ratio, without_amount_warning
from ..report import ChartSpec, Report, ReportOptions
from ._finance import in_period, revenue_lines, undated_revenue

NAME = "revenue"
TITLE = "Revenue"
LABELS_ZH = {"Revenue": "收入"}
ORDER = 150
NEEDS = {"ledger|orders|deals": ()}


def by_period(lines: pd.DataFrame, period: str, fiscal_year_start: int = 1) -> pd.DataFrame:
    """Revenue per period in order, with the change and growth on the period before."""
    table = lines.groupby(period_labels(lines["date"], period, fiscal_year_start).rename("period"))["amount"].sum() \
        .rename("revenue").reset_index().sort_values("period").reset_index(drop=True)
    table["change"] = table["revenue"].diff()
    table["growth"] = ratio(table["change"], table["revenue"].shift(1))
    return table


def share_by(lines: pd.DataFrame, column: str) -> pd.DataFrame:
    """Revenue and share of revenue per value of ``column``, largest first."""
    table = lines.groupby(lines[column].fillna(NONE_LABEL).rename(column))["amount"].agg(["sum", "size"]) \
        .rename(columns={"sum": "revenue", "size": "lines"}).reset_index()
    table["share_of_revenue"] = ratio(table["revenue"], pd.Series(table["revenue"].sum(), index=table.index))
    return table.sort_values(["revenue", column], ascending=[False, True]).reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Revenue KPIs (total, last period, growth) and the tables by period, source and product."""
    lines, origin = revenue_lines(tables, options)
    if origin == "none":
        raise InputError("revenue needs dated revenue: a ledger with revenue lines, orders, or won deals with a close "
                         "date (these deals have no close date)")
    total = float(lines["amount"].sum())
    periods = by_period(lines, options.period, options.fiscal_year_start) if len(lines) \
        else pd.DataFrame(columns=["period", "revenue"])
    last = periods.iloc[-1] if len(periods) else None
    kpis = {"revenue": total, "revenue_source": origin, "periods": int(len(periods)),
            "last_period": None if last is None else last["period"],
            "last_period_revenue": None if last is None else float(last["revenue"]),
            "growth": None if last is None or pd.isna(last["growth"]) else float(last["growth"])}
    result = {"by_period": periods}
    for column in ("source", "category", "product"):
        if lines[column].notna().any():
            result[f"by_{column}"] = share_by(lines, column)
    warnings = [] if len(lines) else [f"no dated revenue lines in the {origin}{in_period(options)}"]
    warnings += undated_revenue(tables, origin)
    if origin == "won deals":
        warnings += without_amount_warning(int(lines["amount"].isna().sum()), "revenue")
    charts = [ChartSpec("line", "by_period", "period", "revenue")]
    return Report(NAME, TITLE, kpis, result, warnings, charts)
