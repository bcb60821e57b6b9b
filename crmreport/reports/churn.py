"""churn: customers lost per period, retention, a cohort retention matrix, and the customers who churned.

From orders: a customer is active in a period when it bought in it. SPEC: churn rate for a period = customers
active in the period before (active at its start) who are not active in it / those customers; retention =
1 − churn. The cohort matrix gives, per month of first purchase, the share of the cohort active N months later.
The KPIs are those of the last period."""

from __future__ import annotations

import pandas as pd

from ..metrics import ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "churn"
TITLE = "Customer churn"
ORDER = 130
NEEDS = {"orders": ("customer_id", "order_date")}
COHORT_MONTHS = 12


def churn_by_period(orders: pd.DataFrame, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per period: customers active in the period before, how many of them bought nothing in this one."""
    code = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}[period]
    active = pd.DataFrame({"customer": orders["customer_id"], "period": orders["order_date"].dt.to_period(code)})
    active = active.dropna().drop_duplicates()
    periods = pd.period_range(active["period"].min(), active["period"].max(), freq=code)
    present = pd.crosstab(active["customer"], active["period"]).reindex(columns=periods, fill_value=0) > 0
    rows, churned_lists = [], []
    for before, now in zip(periods[:-1], periods[1:]):
        at_start = present[before]
        lost = at_start & ~present[now]
        rows.append({"period": str(now), "customers_start": int(at_start.sum()), "churned": int(lost.sum())})
        churned_lists.append(pd.DataFrame({"customer_id": present.index[lost], "period": str(now)}))
    table = pd.DataFrame(rows, columns=["period", "customers_start", "churned"])
    table["churn_rate"] = ratio(table["churned"], table["customers_start"])
    table["retention_rate"] = 1 - table["churn_rate"]
    churned = pd.concat(churned_lists, ignore_index=True) if churned_lists else pd.DataFrame(columns=["customer_id",
                                                                                                   "period"])
    return table, churned


def cohorts(orders: pd.DataFrame) -> pd.DataFrame:
    """Share of each first-purchase month's customers active 0…COHORT_MONTHS months later."""
    month = orders["order_date"].dt.to_period("M")
    frame = pd.DataFrame({"customer": orders["customer_id"], "month": month}).dropna().drop_duplicates()
    first = frame.groupby("customer")["month"].min().rename("cohort")
    frame = frame.join(first, on="customer")
    index = lambda months: months.dt.year * 12 + months.dt.month  # noqa: E731 - months since year 0
    frame["age"] = index(frame["month"]) - index(frame["cohort"])
    counts = frame[frame["age"] <= COHORT_MONTHS].groupby(["cohort", "age"])["customer"].nunique().unstack(fill_value=0)
    shares = counts.div(counts[0], axis=0)
    shares.columns = [f"month_{age}" for age in shares.columns]
    shares.insert(0, "customers", counts[0])
    return shares.rename_axis("cohort").reset_index().assign(cohort=lambda t: t["cohort"].astype(str))


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Churn per period, the cohort matrix and the churned customers of the last period with their value."""
    orders = tables["orders"]
    table, churned = churn_by_period(orders, options.period if options.period != "week" else "month")
    kpis = {"customers_start": None, "churned": None, "churn_rate": None, "retention_rate": None}
    result = {"by_period": table, "cohorts": cohorts(orders)}
    if len(table):
        last = table.iloc[-1]
        kpis = {key: last[key] for key in ("customers_start", "churned", "churn_rate", "retention_rate")}
        kpis["period"] = last["period"]
        value = orders.groupby("customer_id")["amount"].sum() if "amount" in orders else None
        lost = churned[churned["period"] == last["period"]]
        if value is not None:
            lost = lost.assign(lifetime_value=lost["customer_id"].map(value)).sort_values("lifetime_value",
                                                                                          ascending=False)
        result["churned_customers"] = lost.head(options.top or 100).reset_index(drop=True)
    return Report(NAME, TITLE, kpis, result, charts=[ChartSpec("line", "by_period", "period", "churn_rate")])
