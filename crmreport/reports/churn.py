"""churn: customers lost per period, retention, a cohort retention matrix, and the customers who churned.

From orders: a customer is active in a period when it bought in it. SPEC: churn rate for a period = customers
active in the period before (active at its start) who are not active in it / those customers; retention =
1 − churn. The cohort matrix gives, per month of first purchase, the share of the cohort active N months later.
The KPIs are those of the last period. With --since/--until: the periods and cohorts from the one holding --since,
as of --until (orders before --since still tell who was active at its start).

From a customers table (no orders given): a customer has churned when its churn flag, churn date or status says
so; churn rate = churned / customers, by --by (contract, segment or region when present), with the churned
customers' monthly and total charges (revenue lost) and their reasons when the export gives them. It is the base as
exported, in no period: --since/--until are not applied (a warning says so)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..errors import InputError
from ..filters import check_period, within
from ..i18n import agree
from ..metrics import NONE_LABEL, fiscal_prefix, period_freq, ratio
from ..report import ChartSpec, Report, ReportOptions
from . import grouping_columns, require_values
from ._finance import orders_without_customer, undated_lines

NAME = "churn"
TITLE = "Customer churn"
LABELS_ZH = {"Customer churn": "客户流失", "basis": "判断依据", "churn_reason": "流失原因", "churned": "流失客户数",
             "churned_customers": "流失客户", "cohort": "同期群", "cohorts": "同期群留存", "contract": "合同类型",
             "customers_start": "期初客户数", "lifetime_value": "生命周期价值", "monthly_charges": "月费",
             "monthly_charges_lost": "流失的月费", "retention_rate": "留存率", "tenure_months": "在网月数",
             "total_charges": "累计费用"}
ORDER = 130
NEEDS = {"orders|customers": ()}
GROUPS_BY = True
DEFAULT_BY = ("contract", "segment", "region")
COHORT_MONTHS = 12


def churn_by_period(orders: pd.DataFrame, period: str, since: dt.date | None = None,
                    fiscal_year_start: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per period (from the one holding ``since``; quarters and years of a fiscal year starting in
    ``fiscal_year_start``): customers active in the period before, how many of them bought nothing in this one."""
    code = period_freq(period, fiscal_year_start)
    prefix = fiscal_prefix(period, fiscal_year_start)
    order_periods = orders["order_date"].dt.to_period(code)
    dated = (orders["customer_id"].notna() & order_periods.notna()).to_numpy()
    customer_codes, customers = pd.factorize(orders["customer_id"][dated], sort=True)
    ordinals = pd.PeriodIndex(order_periods[dated]).asi8  # consecutive periods have consecutive ordinals
    first, last = (ordinals.min(), ordinals.max()) if len(ordinals) else (0, -1)
    periods = pd.PeriodIndex.from_ordinals(np.arange(first, last + 1), freq=code)
    # one row per customer, one column per period: whether the customer bought in it (a customer × period crosstab)
    present = np.zeros((len(customers), len(periods)), dtype=bool)
    present[customer_codes, ordinals - first] = True
    rows, churned_lists = [], []
    from_place = 1 if since is None else max(1, pd.Period(since, freq=code).ordinal - first)
    for place in range(from_place, len(periods)):
        at_start = present[:, place - 1]
        lost = at_start & ~present[:, place]
        label = prefix + str(periods[place])
        rows.append({"period": label, "customers_start": int(at_start.sum()), "churned": int(lost.sum())})
        churned_lists.append(pd.DataFrame({"customer_id": customers[lost], "period": label}))
    table = pd.DataFrame(rows, columns=["period", "customers_start", "churned"])
    table["churn_rate"] = ratio(table["churned"], table["customers_start"])
    table["retention_rate"] = 1 - table["churn_rate"]
    churned = pd.concat(churned_lists, ignore_index=True) if churned_lists else pd.DataFrame(columns=["customer_id",
                                                                                                   "period"])
    return table, churned


def cohorts(orders: pd.DataFrame, since: dt.date | None = None) -> pd.DataFrame:
    """Share of each first-purchase month's customers (from the month holding ``since``) active 0…COHORT_MONTHS
    months later."""
    months = orders["order_date"].dt.to_period("M")
    dated = (orders["customer_id"].notna() & months.notna()).to_numpy()
    customers, _labels = pd.factorize(orders["customer_id"][dated])  # integers from here on: grouping them is fast
    frame = pd.DataFrame({"customer": customers, "month": pd.PeriodIndex(months[dated]).asi8}).drop_duplicates()
    frame["cohort"] = frame.groupby("customer")["month"].transform("min")
    frame["age"] = frame["month"] - frame["cohort"]  # months since the first purchase
    if since is not None:
        frame = frame[frame["cohort"] >= pd.Period(since, freq="M").ordinal]
    if frame.empty:  # no line has both a customer and a date, or no customer's first purchase is in the period
        return pd.DataFrame(columns=["cohort", "customers"])
    # one line per customer and month, so the lines of a cohort and age count its customers
    counts = frame[frame["age"] <= COHORT_MONTHS].groupby(["cohort", "age"]).size().unstack(fill_value=0)
    shares = counts.div(counts[0], axis=0)
    shares.columns = [f"month_{age}" for age in shares.columns]
    shares.insert(0, "customers", counts[0])
    shares.index = pd.PeriodIndex.from_ordinals(shares.index, freq="M").astype(str)
    return shares.rename_axis("cohort").reset_index()


def churn_by_column(customers: pd.DataFrame, column: str) -> pd.DataFrame:
    """Customers, churned, churn rate and monthly charges lost per value of ``column``."""
    frame = pd.DataFrame({column: customers[column].fillna(NONE_LABEL), "customers": 1,
                          "churned": customers["churned"].fillna(False).astype(int)})
    if "monthly_charges" in customers:
        frame["monthly_charges_lost"] = customers["monthly_charges"].where(customers["churned"].fillna(False))
    table = frame.groupby(column).sum(min_count=0).reset_index()
    table.insert(3, "churn_rate", ratio(table["churned"], table["customers"]))
    return table.sort_values(["churn_rate", column], ascending=[False, True]).reset_index(drop=True)


def customer_base_churn(customers: pd.DataFrame, options: ReportOptions) -> Report:
    """Churn of a customer base from its churn flags or statuses."""
    if customers.get("churned") is None or customers["churned"].isna().all():
        raise InputError("churn needs orders, or a customers table with a churn flag, churn date or status "
                         "(none found); name the column in a --map file")
    known = customers[customers["churned"].notna()]
    churned = known[known["churned"].astype(bool)]
    kpis = {"customers_start": int(len(known)), "churned": int(len(churned)),
            "churn_rate": ratio(len(churned), len(known)), "retention_rate": None, "basis": "customer status"}
    kpis["retention_rate"] = None if kpis["churn_rate"] is None else 1 - kpis["churn_rate"]
    if "monthly_charges" in known:
        kpis["monthly_charges_lost"] = float(churned["monthly_charges"].sum())
    warnings = [agree(len(customers) - len(known), "customer has", "customers have")
                + " no churn flag or status; left out"] \
        if len(known) < len(customers) else []
    if options.since or options.until:
        check_period(options.since, options.until)
        warnings.append("churn from a customers table is the base as exported (flags, statuses), in no period: "
                        "--since/--until not applied")
    columns = grouping_columns(known, options.by, DEFAULT_BY, NAME)
    result = {f"by_{column}": churn_by_column(known, column) for column in columns}
    shown = [c for c in ("customer_id", "name", "contract", "segment", "tenure_months", "monthly_charges",
                         "total_charges", "churn_date", "churn_reason") if c in churned]
    value = next((c for c in ("total_charges", "monthly_charges") if c in churned), None)
    listed = churned.sort_values(value, ascending=False, kind="stable") if value else churned
    result["churned_customers"] = listed[shown].head(options.top or 100).reset_index(drop=True)
    if "churn_reason" in churned:
        reasons = churned["churn_reason"].fillna(NONE_LABEL).value_counts()
        result["by_reason"] = reasons.rename_axis("churn_reason").rename("churned").reset_index()
    charts = [ChartSpec("bar", f"by_{columns[0]}", columns[0], "churn_rate")] if columns else []
    return Report(NAME, TITLE, kpis, result, warnings, charts)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Churn per period, the cohort matrix and the churned customers of the last period with their value."""
    if "orders" not in tables:
        return customer_base_churn(tables["customers"], options)
    orders = tables["orders"]
    if not {"customer_id", "order_date"} <= set(orders.columns):
        raise InputError("churn needs customer_id and order_date in the orders table")
    require_values(orders, "customer_id", NAME)
    require_values(orders, "order_date", NAME)
    check_period(options.since, options.until)
    if options.until:  # as of --until: later orders have not happened yet; earlier ones tell who was active before
        orders = within(orders, "order_date", None, options.until)
    table, churned = churn_by_period(orders, options.period if options.period != "week" else "month", options.since,
                                     options.fiscal_year_start)
    kpis = {"customers_start": None, "churned": None, "churn_rate": None, "retention_rate": None}
    result = {"by_period": table, "cohorts": cohorts(orders, options.since)}
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
    return Report(NAME, TITLE, kpis, result, undated_lines(tables, "orders") + orders_without_customer(tables),
                  [ChartSpec("line", "by_period", "period", "churn_rate")])
