"""segments: customers, orders and revenue by any column, and RFM scores with named segments, from orders.

A purchase is an order (order_id); without an order id, a customer's order lines of one day are one purchase.
Recency is counted in days from the last purchase to the snapshot day: the day after --until, else the day
after the last order in the data. R, F and M scores are quintiles (5 = most recent / most frequent / highest
spend) of customers ranked by recency, purchase count and revenue; equal values get the same score (their
average rank), so the five groups are uneven when many customers bought once.
Named segments come from the R and F scores (see SEGMENT_RULES)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..filters import within
from ..i18n import agree
from ..metrics import NONE_LABEL, ratio
from ..report import ChartSpec, Report, ReportOptions, iso_day
from . import grouping_columns, require_values
from ._finance import undated_lines

NAME = "segments"
TITLE = "Customer segments and RFM"
LABELS_ZH = {"Customer segments and RFM": "客户分群与 RFM", "at_risk": "流失风险客户数", "avg_purchases": "平均购买次数",
             "avg_recency_days": "平均距上次购买（天）", "avg_revenue": "平均收入", "champions": "核心客户数", "f_score": "F 分",
             "m_score": "M 分", "r_score": "R 分", "recency_days": "距上次购买（天）", "rfm": "RFM 分值",
             "lost": "已流失客户数", "share_of_customers": "客户占比", "snapshot": "快照日期"}
ORDER = 120
NEEDS = {"orders": ("customer_id", "order_date", "amount")}
GROUPS_BY = True
DEFAULT_BY = ("segment", "region", "industry")

# (segment, lowest R, highest R, lowest F, highest F): the first rule a customer's scores meet names its segment.
SEGMENT_RULES = (
    ("champions", 4, 5, 4, 5),
    ("loyal", 3, 5, 3, 5),
    ("new", 5, 5, 1, 2),
    ("potential loyalists", 3, 4, 1, 2),
    ("at risk", 1, 2, 3, 5),
    ("hibernating", 2, 2, 1, 2),
    ("lost", 1, 1, 1, 2),
)


def purchase_keys(orders: pd.DataFrame) -> pd.Series:
    """What makes one purchase: the order id, else the customer and the order day. A number per order line, equal for
    lines of one purchase (missing where neither an order id nor a day is known): counted with ``nunique``."""
    customers, _labels = pd.factorize(orders["customer_id"], use_na_sentinel=False)  # lines without one share a code
    days = orders["order_date"].dt.normalize()
    day_numbers = ((days - days.min()).dt.days).to_numpy(dtype="float64")  # 0, 1, 2 …; NaN without a date
    by_day = customers * (np.nanmax(day_numbers, initial=0) + 1) + day_numbers  # one number per customer and day
    if "order_id" in orders and orders["order_id"].notna().any():
        order_codes, order_ids = pd.factorize(orders["order_id"])
        by_day = np.where(order_codes >= 0, order_codes, len(order_ids) + by_day)
    return pd.Series(by_day, index=orders.index)


def customer_summary(orders: pd.DataFrame, snapshot: pd.Timestamp) -> pd.DataFrame:
    """Per customer: purchases, revenue, first and last purchase day, recency in days."""
    frame = pd.DataFrame({"customer_id": orders["customer_id"], "purchase": purchase_keys(orders),
                          "amount": orders["amount"], "day": orders["order_date"].dt.normalize()})
    groups = frame.groupby("customer_id", sort=True)
    summary = pd.DataFrame({"purchases": groups["purchase"].nunique(), "revenue": groups["amount"].sum(),
                            "first_purchase": groups["day"].min(), "last_purchase": groups["day"].max()})
    summary["recency_days"] = (snapshot - summary["last_purchase"]).dt.days
    return summary


def quintile(values: pd.Series) -> pd.Series:
    """Scores 1..5 from each value's average rank as a share of all (5 for the highest); equal values score alike."""
    share = values.rank(method="average", pct=True)
    return np.ceil(share * 5).clip(1, 5).astype(int)


def rfm_scores(summary: pd.DataFrame) -> pd.DataFrame:
    """R, F, M quintile scores, the three-digit RFM code and the named segment of each customer."""
    scored = summary.assign(r_score=quintile(-summary["recency_days"]), f_score=quintile(summary["purchases"]),
                            m_score=quintile(summary["revenue"]))
    scored["rfm"] = (scored["r_score"].astype(str) + scored["f_score"].astype(str) + scored["m_score"].astype(str))
    conditions = [scored["r_score"].between(r_low, r_high) & scored["f_score"].between(f_low, f_high)
                  for _, r_low, r_high, f_low, f_high in SEGMENT_RULES]
    scored["segment"] = np.select(conditions, [rule[0] for rule in SEGMENT_RULES], default="others")
    return scored


def segment_table(scored: pd.DataFrame) -> pd.DataFrame:
    """Customers, share, revenue and mean recency/frequency/spend per named segment, in SEGMENT_RULES order."""
    groups = scored.groupby("segment")
    table = pd.DataFrame({"customers": groups.size(), "revenue": groups["revenue"].sum(),
                          "avg_recency_days": groups["recency_days"].mean(), "avg_purchases": groups["purchases"].mean(),
                          "avg_revenue": groups["revenue"].mean()})
    order = [rule[0] for rule in SEGMENT_RULES] + ["others"]
    table = table.reindex([name for name in order if name in table.index]).rename_axis("segment").reset_index()
    table.insert(2, "share_of_customers", ratio(table["customers"], pd.Series(len(scored), index=table.index)))
    return table


def by_columns(orders: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Customers, purchases, revenue, average order value and revenue per customer per value of the columns."""
    keys = orders[columns].fillna(NONE_LABEL)
    frame = keys.assign(customer_id=orders["customer_id"], purchase=purchase_keys(orders), amount=orders["amount"])
    groups = frame.groupby(columns, sort=False)
    table = pd.DataFrame({"customers": groups["customer_id"].nunique(), "orders": groups["purchase"].nunique(),
                          "revenue": groups["amount"].sum()}).reset_index()
    table["avg_order_value"] = ratio(table["revenue"], table["orders"])
    table["revenue_per_customer"] = ratio(table["revenue"], table["customers"])
    table["share_of_revenue"] = ratio(table["revenue"], pd.Series(table["revenue"].sum(), index=table.index))
    return table.sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Segment tables by --by (or segment/region/industry when present) and the RFM segmentation."""
    require_values(tables["orders"], "order_date", NAME)
    orders = within(tables["orders"], "order_date", options.since, options.until)
    orders = orders[orders["order_date"].notna()]
    known = orders[orders["customer_id"].notna()]
    warnings = undated_lines(tables, "orders")
    if len(known) < len(orders):
        warnings.append(agree(len(orders) - len(known), "order line has no customer id; it counts",
                              "order lines have no customer id; they count") + " in revenue and "
                        "orders but not in customer figures or RFM")
    last_day = pd.Timestamp(options.until) if options.until else orders["order_date"].max()  # NaT: no orders
    snapshot = None if pd.isna(last_day) else last_day.normalize() + pd.Timedelta(days=1)
    scored = rfm_scores(customer_summary(known, snapshot)) if len(known) else pd.DataFrame()
    result: dict[str, pd.DataFrame] = {}
    columns = grouping_columns(orders, options.by, DEFAULT_BY, NAME)
    if columns:
        result["by_" + "_".join(columns)] = by_columns(orders, columns)
    purchases = int(purchase_keys(orders).nunique())
    revenue = float(orders["amount"].sum())
    kpis = {"customers": int(len(scored)), "orders": purchases, "revenue": revenue,
            "avg_order_value": ratio(revenue, purchases),
            "revenue_per_customer": ratio(float(known["amount"].sum()), len(scored)),
            "snapshot": (iso_day(snapshot) if len(orders) else None)}
    if len(scored):
        segments = segment_table(scored)
        result["rfm_segments"] = segments
        for name in ("champions", "at risk", "lost"):
            kpis[name.replace(" ", "_")] = int(segments.loc[segments["segment"] == name, "customers"].sum())
        listed = scored.sort_values("revenue", ascending=False, kind="stable").reset_index()
        result["customers"] = listed[["customer_id", "recency_days", "purchases", "revenue", "r_score", "f_score",
                                      "m_score", "rfm", "segment"]].head(options.top or 100)
    charts = [ChartSpec("bar", "rfm_segments", "segment", "customers")]
    if columns:
        charts.append(ChartSpec("bar", "by_" + "_".join(columns), columns[0], "revenue"))
    return Report(NAME, TITLE, kpis, result, warnings, charts)
