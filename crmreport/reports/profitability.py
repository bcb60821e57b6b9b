"""profitability: revenue, cost, gross profit and margin by customer and by product, share of the total, and the
Pareto count (how few customers make 80 % of revenue).

From orders (amount, cost) when an orders table is given; otherwise from won deals, with the cost of each deal's
product from a products table that has a cost column. Orders count in the period of their order date, deals in
that of their close date. SPEC: gross profit = revenue − cost of sales; margin = profit / revenue."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..filters import dated_in_period
from ..i18n import agree
from ..metrics import NONE_LABEL, by_status, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "profitability"
TITLE = "Profitability"
LABELS_ZH = {"Profitability": "盈利分析", "bottom_customers": "利润最低的客户", "cumulative_share": "累计占比",
             "gross_profit": "毛利", "pareto_80_customers": "贡献八成的客户数", "pareto_80_share_of_customers": "贡献八成的客户占比",
             "sales": "销售笔数"}
ORDER = 90
NEEDS = {"orders|deals": ()}
PARETO_SHARE = 0.8


def sales_lines(tables: dict[str, pd.DataFrame], options: ReportOptions) -> tuple[pd.DataFrame, str, list[str]]:
    """customer, product, revenue, cost per sale inside the period, where they came from, and warnings (order lines
    the period cannot judge; won deals are already limited to the period by their close date)."""
    orders = tables.get("orders")
    if orders is not None:
        orders, warnings = dated_in_period(orders, "order_date", options.since, options.until,
                                           ("order line", "order lines"))
        lines = pd.DataFrame({"customer": orders.get("customer_id", pd.Series(index=orders.index, dtype="str")),
                              "product": orders.get("product", pd.Series(index=orders.index, dtype="str")),
                              "revenue": orders["amount"],
                              "cost": orders.get("cost", pd.Series(float("nan"), index=orders.index))})
        return lines, "orders", warnings
    if "amount" not in tables["deals"]:
        raise InputError("profitability needs the amounts of won deals (or an orders table), and the deals table has "
                         "no amount column")
    won = by_status(tables["deals"], "won", ("account", "product", "amount"))
    cost = pd.Series(float("nan"), index=won.index)
    products = tables.get("products")
    if products is not None and "cost" in products and "product" in won:
        cost = won["product"].map(products.dropna(subset=["product"]).drop_duplicates("product")
                                  .set_index("product")["cost"])
    return pd.DataFrame({"customer": won.get("account", pd.Series(index=won.index, dtype="str")),
                         "product": won.get("product", pd.Series(index=won.index, dtype="str")),
                         "revenue": won["amount"], "cost": cost}), "won deals", []


def profit_by(lines: pd.DataFrame, column: str) -> pd.DataFrame:
    """Revenue, cost, profit, margin, share and cumulative share per value of ``column``, largest revenue first."""
    frame = lines.assign(**{column: lines[column].fillna(NONE_LABEL)})
    groups = frame.groupby(column)
    table = pd.DataFrame({"revenue": groups["revenue"].sum(), "cost": groups["cost"].sum(min_count=1),
                          "sales": groups["revenue"].size()}).reset_index()
    table["gross_profit"] = table["revenue"] - table["cost"]
    table["margin"] = ratio(table["gross_profit"], table["revenue"])
    table = table.sort_values(["revenue", column], ascending=[False, True]).reset_index(drop=True)
    total = table["revenue"].sum()
    table["share_of_revenue"] = ratio(table["revenue"], pd.Series(total, index=table.index))
    table["cumulative_share"] = table["share_of_revenue"].cumsum()
    return table


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Profitability KPIs, by customer and by product, with the top and bottom customers."""
    lines, origin, period_warnings = sales_lines(tables, options)
    revenue = float(lines["revenue"].sum())
    has_cost = lines["cost"].notna().any() or lines.empty  # no sale in the period: no cost either
    cost = float(lines["cost"].sum()) if has_cost else None
    kpis = {"revenue": revenue, "cost": cost, "gross_profit": revenue - cost if has_cost else None,
            "margin": ratio(revenue - cost, revenue) if has_cost else None}
    result, warnings = {}, [f"revenue from {origin}", *period_warnings]
    if not has_cost:
        warnings.append("no cost column (orders) or product cost (products table): profit and margin unknown")
    elif lines["cost"].isna().any():
        warnings.append(agree(int(lines["cost"].isna().sum()), "sale has no cost; its profit is",
                              "sales have no cost; their profit is") + " unknown")
    if lines["customer"].notna().any():
        customers = profit_by(lines, "customer")
        reach = int((customers["cumulative_share"] < PARETO_SHARE).sum()) + 1 if len(customers) else 0
        kpis.update({"customers": int(len(customers)), "pareto_80_customers": min(reach, len(customers)),
                     "pareto_80_share_of_customers": ratio(min(reach, len(customers)), len(customers))})
        top = options.top or 20
        result["by_customer"] = customers.head(top)
        result["bottom_customers"] = customers.tail(min(top, len(customers))).iloc[::-1].reset_index(drop=True)
    if lines["product"].notna().any():
        result["by_product"] = profit_by(lines, "product")
    charts = [ChartSpec("bar", name, name[3:], "revenue") for name in ("by_customer", "by_product") if name in result]
    return Report(NAME, TITLE, kpis, result, warnings, charts)
