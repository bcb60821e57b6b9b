"""pipeline: the open pipeline as it stands — count, amount and weighted amount, by stage, close period and owner;
its velocity, and the deals slipping (still open after their expected close date).

SPEC: open pipeline = open deals; weighted pipeline = Σ amount × probability over open deals
(probability from the export, else from the stage table); pipeline velocity = open deal count × win rate ×
average deal size / mean sales cycle (per day), win rate, deal size and cycle from the deals closed in the period.
Slipping is judged as of --until, else today.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..metrics import NONE_LABEL, cycle_days, outcome_kpis, period_labels, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "pipeline"
TITLE = "Open pipeline"
ORDER = 10
NEEDS = {"deals": ("status", "amount")}
COLUMNS = {"deals": ("deal_id", "deal_name", "account", "owner", "stage", "stage_order", "status", "amount",
                     "probability", "created_date", "close_date")}


def _open_totals(open_deals: pd.DataFrame, key: pd.Series, name: str) -> pd.DataFrame:
    """Open count, amount and weighted amount per value of ``key``."""
    parts = pd.DataFrame({
        name: key.fillna(NONE_LABEL),
        "open_count": 1,
        "open_amount": open_deals["amount"],
        "weighted_amount": open_deals["amount"] * open_deals["probability"],
    })
    return parts.groupby(name, sort=False).sum(min_count=0).reset_index()


def _largest(keys: pd.DataFrame, count: int) -> pd.Index:
    """Index of the first ``count`` rows of ``keys`` sorted descending, by all its columns (the first numeric);
    only rows that can be among them are sorted."""
    first = keys.iloc[:, 0].to_numpy(dtype="float64")
    known = first[~np.isnan(first)]
    if len(known) > count:
        keys = keys[first >= np.partition(known, -count)[-count]]
    return keys.sort_values(list(keys.columns), ascending=False).index[:count]


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Open pipeline KPIs and tables by stage, by expected close period and by owner."""
    deals = tables["deals"]
    group = options.by or "owner"
    # the open deals with only the columns the totals use (the slipping list takes its rows from ``deals``)
    used = [c for c in dict.fromkeys(("status", "stage", "stage_order", "amount", "probability", "close_date", group))
            if c in deals]
    open_deals = deals.loc[deals["status"].eq("open"), used]
    if "probability" not in open_deals:
        open_deals = open_deals.assign(probability=float("nan"))
    weighted = open_deals["amount"] * open_deals["probability"]
    kpis = {
        "open_count": len(open_deals),
        "open_amount": float(open_deals["amount"].sum()),
        "weighted_amount": float(weighted.sum()),
        "open_without_amount": int(open_deals["amount"].isna().sum()),
        "open_without_probability": int(open_deals["probability"].isna().sum()),
    }
    tables_out = {}
    if "stage" in open_deals:
        by_stage = _open_totals(open_deals, open_deals["stage"], "stage")
        order = open_deals.groupby(open_deals["stage"].fillna(NONE_LABEL))["stage_order"].min()
        mean_probability = open_deals.groupby(open_deals["stage"].fillna(NONE_LABEL))["probability"].mean()
        by_stage["probability"] = by_stage["stage"].map(mean_probability)
        by_stage["_order"] = by_stage["stage"].map(order)
        tables_out["by_stage"] = by_stage.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    charts = [ChartSpec("bar", "by_stage", "stage", "open_amount")] if "by_stage" in tables_out else []
    if "close_date" in open_deals:
        period = period_labels(open_deals["close_date"], options.period)
        by_period = _open_totals(open_deals, period, "period").sort_values("period").reset_index(drop=True)
        tables_out["by_close_period"] = by_period
        if "stage" in open_deals:
            pairs = open_deals.assign(period=period.fillna(NONE_LABEL), stage=open_deals["stage"].fillna(NONE_LABEL))
            by_stage_period = (pairs.groupby(["period", "stage"], sort=True)
                               .agg(open_count=("status", "size"), open_amount=("amount", "sum"))
                               .reset_index())
            tables_out["by_stage_and_period"] = by_stage_period
            charts.insert(0, ChartSpec("stacked_bar", "by_stage_and_period", "period", "open_amount", stack="stage",
                                       limit=24))
    if group in open_deals:
        by_group = _open_totals(open_deals, open_deals[group], group).sort_values("open_amount", ascending=False)
        tables_out[f"by_{group}"] = by_group.head(options.top).reset_index(drop=True) if options.top else by_group.reset_index(drop=True)
    kpis.update(velocity(deals, len(open_deals)))
    if "close_date" in open_deals:
        as_of = pd.Timestamp(options.until or dt.date.today())
        slipping = open_deals[open_deals["close_date"].dt.normalize() < as_of]
        kpis["slipping_count"] = int(len(slipping))
        kpis["slipping_amount"] = float(slipping["amount"].sum())
        columns = [c for c in ("deal_id", "deal_name", "account", "owner", "stage", "amount", "close_date")
                   if c in deals]
        days_late = (as_of - slipping["close_date"].dt.normalize()).dt.days
        keys = pd.DataFrame({"amount": slipping["amount"], "days_late": days_late})
        shown = _largest(keys, options.top or 50)
        listed = deals.loc[shown, columns].assign(days_late=days_late.loc[shown])
        tables_out["slipping"] = listed.reset_index(drop=True)
    warnings = []
    if kpis["open_without_amount"]:
        warnings.append(f"{kpis['open_without_amount']} open deals have no amount; they count in open_count only")
    no_probability = int((open_deals["probability"].isna() & open_deals["amount"].notna()).sum())
    if no_probability:
        warnings.append(f"{no_probability} open deals with an amount have no probability (none in the export, stage "
                        "unknown to the stage table); they are left out of weighted_amount")
    return Report(NAME, TITLE, kpis, tables_out, warnings, charts)


def velocity(deals: pd.DataFrame, open_count: int) -> dict:
    """Pipeline velocity per day (SPEC) and its parts."""
    outcomes = outcome_kpis(deals)
    dates = ["created_date", "close_date"]
    cycle = cycle_days(deals.loc[deals["status"].eq("won"), dates]).mean() if set(dates) <= set(deals.columns) \
        else float("nan")
    cycle = None if pd.isna(cycle) else float(cycle)
    parts = (outcomes["win_rate"], outcomes["avg_deal_size"], cycle)
    value = None if any(p is None for p in parts) else ratio(open_count * parts[0] * parts[1], parts[2])
    return {"pipeline_velocity": value, "avg_cycle_days": cycle}
