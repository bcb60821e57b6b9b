"""clv: customer lifetime value, the simple model of SPEC, overall, per segment and per customer, from orders.

CLV = average purchase value × purchases per customer per period × average lifespan in periods.
- A purchase is an order (order_id), else a customer's order lines of one day (as in segments).
- Purchases per period: purchases / customers / periods in the data (first to last order period, inclusive);
  per customer, their purchases / the periods from their first purchase to the last period.
- Lifespan: the retention-based estimate 1 / churn rate, with the churn rate pooled over all periods
  (Σ churned / Σ customers active at the start, SPEC's churn definition). The KPI ``lifespan_method`` says so.

With the optional ``models`` extra (the lifetimes library) the report also fits BG/NBD (repeat purchases and
dropout) and Gamma-Gamma (spend per purchase) to the customers' purchase days, in weeks up to --until (else the
last order), and predicts each customer's purchases and revenue over the next period and the probability that
the customer is still active.
"""

from __future__ import annotations

import contextlib
import io
import warnings

import pandas as pd

from ..filters import within
from ..metrics import NONE_LABEL, period_freq, ratio
from ..report import ChartSpec, Report, ReportOptions
from . import grouping_columns, require_values
from ._finance import orders_without_customer, undated_lines
from .churn import churn_by_period
from .segments import DEFAULT_BY, purchase_keys

NAME = "clv"
TITLE = "Customer lifetime value"
LABELS_ZH = {"Customer lifetime value": "客户终身价值", "bgnbd_a": "BG/NBD 参数 a", "bgnbd_alpha": "BG/NBD 参数 α",
             "bgnbd_b": "BG/NBD 参数 b", "bgnbd_r": "BG/NBD 参数 r", "expected_purchases": "预期购买次数",
             "expected_purchases_next_period": "下期预期购买次数", "expected_revenue": "预期收入",
             "expected_revenue_next_period": "下期预期收入", "first_period": "首次购买期间", "gamma_gamma_p": "Gamma-Gamma 参数 p",
             "gamma_gamma_q": "Gamma-Gamma 参数 q", "gamma_gamma_v": "Gamma-Gamma 参数 v", "lifespan_method": "生命周期算法",
             "model": "模型", "probability_alive": "存活概率", "purchases_per_period": "每期购买次数"}
ORDER = 140
NEEDS = {"orders": ("customer_id", "order_date", "amount")}
GROUPS_BY = True


def lifespan_periods(orders: pd.DataFrame, period: str,
                     fiscal_year_start: int = 1) -> tuple[float | None, float | None]:
    """(pooled churn rate per period, expected lifespan in periods = 1 / churn), None when it cannot be told."""
    table, _ = churn_by_period(orders, period, fiscal_year_start=fiscal_year_start)
    churn = ratio(float(table["churned"].sum()), float(table["customers_start"].sum())) if len(table) else None
    return churn, (1 / churn if churn else None)


def customer_values(orders: pd.DataFrame, period: str, lifespan: float | None,
                    fiscal_year_start: int = 1) -> pd.DataFrame:
    """Per customer: purchases, revenue, average purchase value, purchases per period and CLV."""
    code = period_freq(period, fiscal_year_start)
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


WEEKS_PER_PERIOD = {"week": 1.0, "month": 52 / 12, "quarter": 13.0, "year": 52.0}


def repeat_summary(orders: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Per customer, on purchase days: repeat purchases (x), weeks from first to last purchase (t_x), weeks from
    first purchase to ``end`` (T), and the mean spend of the repeat purchase days (0 when none)."""
    codes, customers = pd.factorize(orders["customer_id"], sort=True)  # grouped as integers, labelled at the end
    days = pd.DataFrame({"customer": codes, "day": orders["order_date"].dt.normalize().to_numpy(),
                         "amount": orders["amount"].to_numpy()})[codes >= 0] \
        .groupby(["customer", "day"], as_index=False)["amount"].sum()
    first = days.groupby("customer")["day"].transform("min")
    repeat = days[days["day"] > first]
    groups = days.groupby("customer")
    summary = pd.DataFrame({"x": groups.size() - 1, "first": groups["day"].min(), "last": groups["day"].max()})
    summary["t_x"] = (summary["last"] - summary["first"]).dt.days / 7
    summary["T"] = (end.normalize() - summary["first"]).dt.days / 7
    summary["repeat_value"] = repeat.groupby("customer")["amount"].mean().reindex(summary.index).fillna(0.0)
    summary.index = customers.take(summary.index).rename("customer_id")
    return summary


def probabilistic_model(orders: pd.DataFrame, end: pd.Timestamp, period: str) -> tuple[dict, pd.DataFrame] | None:
    """BG/NBD + Gamma-Gamma parameters and per-customer predictions for the next period; None without lifetimes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes sets a pandas option that pandas 3 deprecates
        try:
            from lifetimes import BetaGeoFitter, GammaGammaFitter
        except ImportError:
            return None
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):  # lifetimes prints fit reports
        warnings.simplefilter("ignore")
        return _fit(BetaGeoFitter, GammaGammaFitter, repeat_summary(orders, end), WEEKS_PER_PERIOD[period])


def _fit(BetaGeoFitter, GammaGammaFitter, summary: pd.DataFrame, horizon: float) -> tuple[dict, pd.DataFrame]:  # noqa: N803
    """Fit both models to the repeat summary and predict ``horizon`` weeks ahead.

    Each model is fitted to the distinct rows of what it reads, weighted by the customers who share each (as Fader
    and Hardie fit BG/NBD): the same likelihood, summed once per distinct row instead of once per customer. Many
    customers share a history — every one-time buyer of a day the same — so a big base fits in a fraction of the
    time; the parameters agree with a fit over every customer to 1e-13."""
    shapes = summary.groupby(["x", "t_x", "T"]).size().rename("customers").reset_index()
    purchases = BetaGeoFitter().fit(shapes["x"], shapes["t_x"], shapes["T"], weights=shapes["customers"])
    predicted = pd.DataFrame({
        "probability_alive": purchases.conditional_probability_alive(summary["x"], summary["t_x"], summary["T"]),
        "expected_purchases": purchases.conditional_expected_number_of_purchases_up_to_time(
            horizon, summary["x"], summary["t_x"], summary["T"])}, index=summary.index)
    parameters = {f"bgnbd_{name}": float(value) for name, value in purchases.params_.items()}
    repeaters = summary[(summary["x"] > 0) & (summary["repeat_value"] > 0)]
    if len(repeaters) >= 10:
        spends = repeaters.groupby(["x", "repeat_value"]).size().rename("customers").reset_index()
        spend = GammaGammaFitter().fit(spends["x"], spends["repeat_value"], weights=spends["customers"])
        parameters.update({f"gamma_gamma_{name}": float(value) for name, value in spend.params_.items()})
        value = spend.conditional_expected_average_profit(summary["x"], summary["repeat_value"])
        predicted["expected_revenue"] = predicted["expected_purchases"] * value.where(summary["x"] > 0,
                                                                                       repeaters["repeat_value"].mean())
    return parameters, predicted


def clv_parts(revenue: float, purchases: int, customers: int, periods: int, lifespan: float | None) -> dict:
    """The SPEC formula's parts and result for one group of customers."""
    value = ratio(revenue, purchases)
    frequency = ratio(purchases, customers * periods)
    clv = value * frequency * lifespan if None not in (value, frequency, lifespan) else None
    return {"avg_purchase_value": value, "purchase_frequency": frequency, "clv": clv}


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """CLV KPIs, CLV per value of --by (or segment/region/industry when present), and the top customers."""
    period = options.period
    require_values(tables["orders"], "order_date", NAME)
    orders = within(tables["orders"], "order_date", options.since, options.until)
    orders = orders[orders["customer_id"].notna() & orders["order_date"].notna()]
    code = period_freq(period, options.fiscal_year_start)
    periods = (orders["order_date"].max().to_period(code) - orders["order_date"].min().to_period(code)).n + 1 \
        if len(orders) else 0
    churn, lifespan = lifespan_periods(orders, period, options.fiscal_year_start) if len(orders) else (None, None)
    customers = int(orders["customer_id"].nunique())
    purchases = int(purchase_keys(orders).nunique())
    revenue = float(orders["amount"].sum())
    kpis = {"customers": customers, "purchases": purchases, "revenue": revenue, "periods": periods,
            **clv_parts(revenue, purchases, customers, periods, lifespan),
            "churn_rate": churn, "avg_lifespan": lifespan,
            "lifespan_method": f"1 / churn rate per {period}, pooled over {max(periods - 1, 0)} period changes"}
    kpis = {key: kpis[key] for key in ("customers", "avg_purchase_value", "purchase_frequency", "avg_lifespan",
                                       "clv", "churn_rate", "lifespan_method", "purchases", "revenue", "periods")}
    notes = undated_lines(tables, "orders") + orders_without_customer(tables)
    if lifespan is None:
        notes.append(f"no churn could be measured (one {period} of orders, or nobody left); CLV needs a lifespan "
                        "— use a shorter --period or a longer export")
    result = {}
    columns = grouping_columns(orders, options.by, DEFAULT_BY, NAME)
    if columns:
        frame = orders[columns].fillna(NONE_LABEL).assign(purchase=purchase_keys(orders), amount=orders["amount"],
                                                          customer_id=orders["customer_id"])
        groups = frame.groupby(columns, sort=True)
        table = pd.DataFrame({"customers": groups["customer_id"].nunique(), "purchases": groups["purchase"].nunique(),
                              "revenue": groups["amount"].sum()}).reset_index()
        table["avg_purchase_value"] = ratio(table["revenue"], table["purchases"])
        table["purchase_frequency"] = ratio(table["purchases"], table["customers"] * periods)
        table["clv"] = table["avg_purchase_value"] * table["purchase_frequency"] * (lifespan or float("nan"))
        result["by_" + "_".join(columns)] = table.sort_values("clv", ascending=False, kind="stable") \
            .reset_index(drop=True)
    values = customer_values(orders, period, lifespan, options.fiscal_year_start) if len(orders) else pd.DataFrame()
    model = None
    if len(orders):
        end = pd.Timestamp(options.until) if options.until else orders["order_date"].max()
        try:
            model = probabilistic_model(orders, end, period)
        except Exception as exc:  # lifetimes raises ConvergenceError and friends on data it cannot fit
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            notes.append(f"the BG/NBD model could not be fitted to these {orders['customer_id'].nunique()} "
                         f"customers ({reason}); only the simple CLV is shown")
    if model is not None:
        parameters, predicted = model
        kpis.update({"model": "BG/NBD + Gamma-Gamma (lifetimes)", **parameters,
                     "expected_purchases_next_period": float(predicted["expected_purchases"].sum())})
        if "expected_revenue" in predicted:
            kpis["expected_revenue_next_period"] = float(predicted["expected_revenue"].sum())
        values = values.join(predicted, on="customer_id")
    elif len(orders):
        kpis["model"] = None
    if len(values):
        result["customers"] = values.sort_values(["clv", "revenue"], ascending=False, kind="stable") \
            .head(options.top or 100).reset_index(drop=True)
    charts = [ChartSpec("bar", "by_" + "_".join(columns), columns[0], "clv")] if columns else []
    return Report(NAME, TITLE, kpis, result, notes, charts)
