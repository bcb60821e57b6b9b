"""expenses: spending by category and period, against budget when the ledger has budget lines.

Ledger lines whose kind is a budget word (budget, 预算) set each category's budget for the period;
variance = budget − expenses (negative: over budget); budget used = expenses / budget."""

from __future__ import annotations

import pandas as pd

from ..metrics import NONE_LABEL, period_labels, ratio
from ..report import ChartSpec, Report, ReportOptions
from ._finance import in_period, ledger_lines, undated_lines

NAME = "expenses"
TITLE = "Expenses and budget"
LABELS_ZH = {"Expenses and budget": "支出与预算"}
ORDER = 155
NEEDS = {"ledger": ("kind",)}


def against_budget(expenses: pd.Series, budget: pd.Series) -> pd.DataFrame:
    """Expenses and budget aligned on their index, with variance, share of budget used and an over-budget flag."""
    budget = budget if budget is not None else pd.Series(dtype="float64")
    table = pd.DataFrame({"expenses": expenses, "budget": budget}).fillna({"expenses": 0.0})
    table["variance"] = table["budget"] - table["expenses"]
    table["budget_used"] = ratio(table["expenses"], table["budget"])
    table["over_budget"] = (table["variance"] < 0).where(table["budget"].notna())
    return table


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Expense KPIs, by category against budget, and by period."""
    spent = ledger_lines(tables, "expense", options)
    planned = ledger_lines(tables, "budget", options)
    category = lambda lines: lines["category"].fillna(NONE_LABEL).rename("category")  # noqa: E731
    by_category = against_budget(spent.groupby(category(spent))["amount"].sum(),
                                 planned.groupby(category(planned))["amount"].sum() if len(planned) else None)
    by_category = by_category.rename_axis("category").reset_index() \
        .sort_values(["expenses", "category"], ascending=[False, True]).reset_index(drop=True)
    label = lambda lines: period_labels(  # noqa: E731
        lines["date"], options.period, options.fiscal_year_start).rename("period")
    by_period = against_budget(spent.groupby(label(spent))["amount"].sum(),
                               planned.groupby(label(planned))["amount"].sum() if len(planned) else None)
    by_period = by_period.rename_axis("period").reset_index().sort_values("period").reset_index(drop=True)
    total = float(spent["amount"].sum())
    budget = float(planned["amount"].sum()) if len(planned) else None
    kpis = {"expenses": total, "budget": budget, "variance": None if budget is None else budget - total,
            "budget_used": ratio(total, budget) if budget else None,
            "over_budget_categories": int(by_category["over_budget"].eq(True).sum())}
    warnings = [] if len(planned) else [f"no budget lines in the ledger{in_period(options)}: expenses are shown "
                                        "without a budget"]
    warnings += undated_lines(tables, "expense") + undated_lines(tables, "budget")
    charts = [ChartSpec("bar", "by_category", "category", "expenses"), ChartSpec("line", "by_period", "period",
                                                                                "expenses")]
    return Report(NAME, TITLE, kpis, {"by_category": by_category, "by_period": by_period}, warnings, charts)
