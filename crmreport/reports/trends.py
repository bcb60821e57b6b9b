"""trends: won revenue, deal counts, new customers, average deal size and win rate per period (--period), with
period-over-period and year-over-year growth. Deals count in the period of their close date; a customer is new in
the period of its first won deal (in the data given)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..metrics import fiscal_prefix, is_status, label_period, numbers, period_freq, period_labels, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "trends"
TITLE = "Trends"
LABELS_ZH = {"Trends": "趋势"}
ORDER = 70
NEEDS = {"deals": ("status", "close_date")}
PERIODS_PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1}
MEASURES = ("won_amount", "won_count", "new_customers", "avg_deal_size", "win_rate")


def by_period(deals: pd.DataFrame, period: str, fiscal_year_start: int = 1) -> pd.DataFrame:
    """The measures per period of close date, every period between the first and last present (quarters and years
    of a fiscal year starting in ``fiscal_year_start``).

    Computed on masks and the close date and amount columns: no copy of the deals' text is made."""
    won, lost = is_status(deals, "won"), is_status(deals, "lost")
    close_date = deals["close_date"]
    dated = close_date.notna().to_numpy()
    closed = (won | lost) & dated
    frame = pd.DataFrame({"period": period_labels(close_date[closed], period, fiscal_year_start),
                          "won_amount": np.where(won, numbers(deals, "amount"), 0.0)[closed],
                          "won_count": won[closed].astype(int), "lost_count": lost[closed].astype(int)})
    table = frame.groupby("period").sum()
    if "account" in deals:  # a customer is new in the period of its first won deal
        counted = won & dated & deals["account"].notna().to_numpy()
        first_won = close_date[counted].groupby(deals["account"][counted]).min()
        table["new_customers"] = period_labels(first_won, period, fiscal_year_start).value_counts()
        table["new_customers"] = table["new_customers"].fillna(0).astype(int)
    if len(table) and period != "week":
        freq = period_freq(period, fiscal_year_start)
        span = pd.period_range(label_period(table.index.min(), freq), label_period(table.index.max(), freq))
        table = table.reindex(fiscal_prefix(period, fiscal_year_start) + span.astype(str), fill_value=0)
    table["avg_deal_size"] = ratio(table["won_amount"], table["won_count"])
    table["win_rate"] = ratio(table["won_count"], table["won_count"] + table["lost_count"])
    table = table.rename_axis("period").reset_index()
    lag = PERIODS_PER_YEAR[period]
    for measure in [m for m in MEASURES if m in table]:
        values = table[measure].astype("float64")
        table[f"{measure}_growth"] = ratio(values - values.shift(1), values.shift(1))
        table[f"{measure}_yoy"] = ratio(values - values.shift(lag), values.shift(lag)) if period != "week" else \
            float("nan")
    return table


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """The period table and the latest period's values and growth as KPIs."""
    table = by_period(tables["deals"], options.period, options.fiscal_year_start)
    kpis = {}
    if len(table):
        last = table.iloc[-1]
        kpis = {"period": last["period"], "won_amount": last["won_amount"], "won_count": last["won_count"],
                "won_amount_growth": last["won_amount_growth"], "won_amount_yoy": last["won_amount_yoy"],
                "win_rate": last["win_rate"], "periods": int(len(table))}
    warnings = [] if "account" in tables["deals"] else ["no account column: new customers left out"]
    return Report(NAME, TITLE, kpis, {"by_period": table}, warnings,
                  [ChartSpec("line", "by_period", "period", "won_amount", limit=60)])
