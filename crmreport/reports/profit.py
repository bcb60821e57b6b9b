"""profit: revenue − expenses per period, margin and trend.

Expenses are the ledger's expense lines; revenue its revenue lines, else orders, else won deals (KPI
``revenue_source``). SPEC: profit = revenue − expenses; margin = profit / revenue."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..metrics import period_labels, ratio
from ..report import ChartSpec, Report, ReportOptions
from ._finance import has_ledger_lines, in_period, ledger_lines, revenue_lines, undated_lines, undated_revenue

NAME = "profit"
TITLE = "Profit and margin"
LABELS_ZH = {"Profit and margin": "利润与利润率"}
ORDER = 160
NEEDS = {"ledger": ("kind",)}


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Profit KPIs and the period table (revenue, expenses, profit, margin, change in profit)."""
    income, origin = revenue_lines(tables, options)
    spent = ledger_lines(tables, "expense", options)
    if origin == "none" and not has_ledger_lines(tables, "expense"):  # in any period: a period may hold none
        raise InputError("profit needs dated lines: a ledger with dated revenue or expense lines, orders, or won "
                         "deals with a close date (none found)")
    label = lambda lines: period_labels(  # noqa: E731
        lines["date"], options.period, options.fiscal_year_start).rename("period")
    table = pd.DataFrame({"revenue": income.groupby(label(income))["amount"].sum(),
                          "expenses": spent.groupby(label(spent))["amount"].sum()}).fillna(0.0)
    table = table.rename_axis("period").reset_index().sort_values("period").reset_index(drop=True)
    table["profit"] = table["revenue"] - table["expenses"]
    table["margin"] = ratio(table["profit"], table["revenue"])
    table["profit_change"] = table["profit"].diff()
    revenue, expenses = float(income["amount"].sum()), float(spent["amount"].sum())
    kpis = {"revenue": revenue, "expenses": expenses, "profit": revenue - expenses,
            "margin": ratio(revenue - expenses, revenue), "revenue_source": origin}
    warnings = [] if len(income) else [f"no revenue lines{in_period(options)}: profit is minus the expenses"]
    warnings += undated_revenue(tables, origin) + undated_lines(tables, "expense")
    return Report(NAME, TITLE, kpis, {"by_period": table}, warnings,
                  [ChartSpec("line", "by_period", "period", "profit")])
