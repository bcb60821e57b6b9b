"""pipeline: the open pipeline as it stands — count, amount and weighted amount, by stage, close period and owner.

SPEC: open pipeline = open deals; weighted pipeline = Σ amount × probability over open deals
(probability from the export, else from the stage table).
"""

from __future__ import annotations

import pandas as pd

from ..metrics import NONE_LABEL, by_status, period_labels
from ..report import ChartSpec, Report, ReportOptions

NAME = "pipeline"
TITLE = "Open pipeline"
ORDER = 10
NEEDS = {"deals": ("status", "amount")}


def _open_totals(open_deals: pd.DataFrame, key: pd.Series, name: str) -> pd.DataFrame:
    """Open count, amount and weighted amount per value of ``key``."""
    parts = pd.DataFrame({
        name: key.fillna(NONE_LABEL),
        "open_count": 1,
        "open_amount": open_deals["amount"],
        "weighted_amount": open_deals["amount"] * open_deals["probability"],
    })
    return parts.groupby(name, sort=False).sum(min_count=0).reset_index()


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Open pipeline KPIs and tables by stage, by expected close period and by owner."""
    deals = tables["deals"]
    open_deals = by_status(deals, "open")
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
    group = options.by or "owner"
    if group in open_deals:
        by_group = _open_totals(open_deals, open_deals[group], group).sort_values("open_amount", ascending=False)
        tables_out[f"by_{group}"] = by_group.head(options.top).reset_index(drop=True) if options.top else by_group.reset_index(drop=True)
    warnings = []
    if kpis["open_without_amount"]:
        warnings.append(f"{kpis['open_without_amount']} open deals have no amount; they count in open_count only")
    no_probability = int((open_deals["probability"].isna() & open_deals["amount"].notna()).sum())
    if no_probability:
        warnings.append(f"{no_probability} open deals with an amount have no probability (none in the export, stage "
                        "unknown to the stage table); they are left out of weighted_amount")
    return Report(NAME, TITLE, kpis, tables_out, warnings, charts)
