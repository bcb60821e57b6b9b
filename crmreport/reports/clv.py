"""clv: customer lifetime value, the simple model of SPEC, overall, per segment and per customer, from orders.

CLV = average purchase value × purchases per customer per period × average lifespan in periods.
- A purchase is an order (order_id), else a customer's order lines of one day (as in segments).
- Purchases per period: purchases / customers / periods in the data (first to last order period, inclusive);
  per customer, their purchases / the periods from their first purchase to the last period.
- Lifespan: the retention-based estimate 1 / churn rate, with the churn rate pooled over all periods
  (Σ churned / Σ customers active at the start, SPEC's churn definition). The KPI ``lifespan_method`` says so.
"""

from __future__ import annotations

import pandas as pd

from ..filters import within
from ..metrics import NONE_LABEL, ratio
from ..report import ChartSpec, Report, ReportOptions
from . import check_by_column
from .churn import churn_by_period
from .segments import DEFAULT_BY, purchase_keys

NAME = "clv"
TITLE = "Customer lifetime value"
ORDER = 140
NEEDS = {"orders": ("customer_id", "order_date", "amount")}
PERIOD_CODES = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def lifespan_periods(orders: pd.DataFrame, period: str) -> tuple[float | None, float | None]:
    """(pooled churn rate per period, expected lifespan in periods = 1 / churn), None when it cannot be told."""
    table, _ = churn_by_period(orders, period)
    churn = ratio(float(table["churned"].sum()), float(table["customers_start"].sum())) if len(table) else None
    return churn, (1 / churn if churn else None)


def customer_values(orders: pd.DataFrame, period: str, lifespan: float | None) -> pd.DataFrame:
    """Per customer: purchases, revenue, average purchase value, purchases per period and CLV."""
    code = PERIOD_CODES[period]
    frame = pd.DataFrame({"customer_id": orders["customer_id"], "purchase": purchase_keys(orders),
                          "amount": orders["amount"], "period": orders["order_date"].dt.to_period(code)})
    last = frame["period"].max()
    groups = frame.groupby("customer_id", sort=True)
    values = pd.DataFrame({"purchases": groups["purchase"].nunique(), "revenue": groups["amount"].sum(),
                           "first_period": groups["period"].min()})
    observed = last.ordinal - pd.PeriodIndex(values["first_period"]).asi8 + 1  # periods since the first purchase
    values["avg_purchase_value"] = ratio(values["revenue"], values["purchases"])
    values["purchases_per_period"] = values["purchases"] / observed
    values["clv"] = values["avg_purchase_value"] * values["purchases_per_period"] * (lifespan or float("nan"))
    values["first_period"] = values["first_period"].astype(str)
    return values.reset_index()


def clv_parts(revenue: float, purchases: int, customers: int, periods: int, lifespan: float | None) -> dict:
    """The SPEC formula's parts and result for one group of customers."""
    value = ratio(revenue, purchases)
    frequency = ratio(purchases, customers * periods)
    clv = value * frequency * lifespan if None not in (value, frequency, lifespan) else None
    return {"avg_purchase_value": value, "purchase_frequency": frequency, "clv": clv}


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """CLV KPIs, CLV per value of --by (or segment/region/industry when present), and the top customers."""
    period = options.period
    orders = within(tables["orders"], "order_date", options.since, options.until)
    orders = orders[orders["customer_id"].notna() & orders["order_date"].notna()]
    code = PERIOD_CODES[period]
    periods = (orders["order_date"].max().to_period(code) - orders["order_date"].min().to_period(code)).n + 1 \
        if len(orders) else 0
    churn, lifespan = lifespan_periods(orders, period) if len(orders) else (None, None)
    customers = int(orders["customer_id"].nunique())
    purchases = int(purchase_keys(orders).nunique())
    revenue = float(orders["amount"].sum())
    kpis = {"customers": customers, "purchases": purchases, "revenue": revenue, "periods": periods,
            **clv_parts(revenue, purchases, customers, periods, lifespan),
            "churn_rate": churn, "avg_lifespan": lifespan,
            "lifespan_method": f"1 / churn rate per {period}, pooled over {max(periods - 1, 0)} period changes"}
    kpis = {key: kpis[key] for key in ("customers", "avg_purchase_value", "purchase_frequency", "avg_lifespan",
                                       "clv", "churn_rate", "lifespan_method", "purchases", "revenue", "periods")}
    warnings = []
    if lifespan is None:
        warnings.append(f"no churn could be measured (one {period} of orders, or nobody left); CLV needs a lifespan "
                        "— use a shorter --period or a longer export")
    result = {}
    columns = [c.strip() for c in options.by.split(",")] if options.by else [c for c in DEFAULT_BY if c in orders][:1]
    for column in columns:
        check_by_column(orders, column, NAME)
    if columns:
        keys = orders[columns].fillna(NONE_LABEL)
        rows = []
        for key, part in orders.groupby([keys[c] for c in columns], sort=True):
            parts = clv_parts(float(part["amount"].sum()), int(purchase_keys(part).nunique()),
                              int(part["customer_id"].nunique()), periods, lifespan)
            rows.append({**dict(zip(columns, key)), "customers": int(part["customer_id"].nunique()), **parts})
        result["by_" + "_".join(columns)] = pd.DataFrame(rows).sort_values("clv", ascending=False, kind="stable") \
            .reset_index(drop=True)
    values = customer_values(orders, period, lifespan) if len(orders) else pd.DataFrame()
    if len(values):
        result["customers"] = values.sort_values(["clv", "revenue"], ascending=False, kind="stable") \
            .head(options.top or 100).reset_index(drop=True)
    charts = [ChartSpec("bar", "by_" + "_".join(columns), columns[0], "clv")] if columns else []
    return Report(NAME, TITLE, kpis, result, warnings, charts)
