"""funnel: deals by stage in pipeline order — count, amount, weighted amount, stage-to-stage conversion, drop-off.

Without stage history a deal is taken to have passed every open stage before its current one, and a won deal
every open stage. Lost deals are known to have entered the funnel, not how far they got, so they count as having
reached the first stage only. ``reached`` of each open stage is therefore: open deals at that stage or later +
won deals (+ lost deals, for the first stage); ``conversion`` = reached / reached of the stage before;
``drop_off`` = 1 − conversion. Won/lost figures and the win rate use deals closed in the period (SPEC).
"""

from __future__ import annotations

import pandas as pd

from ..metrics import NONE_LABEL, outcome_kpis, ratio
from ..report import Report, ReportOptions

NAME = "funnel"
TITLE = "Sales funnel"
NEEDS = {"deals": ("stage", "status")}


def stage_table(deals: pd.DataFrame) -> pd.DataFrame:
    """One row per stage in pipeline order with count, amounts, reached, conversion and drop-off."""
    amount = deals["amount"] if "amount" in deals else pd.Series(float("nan"), index=deals.index)
    probability = deals["probability"] if "probability" in deals else pd.Series(float("nan"), index=deals.index)
    parts = pd.DataFrame({
        "stage": deals["stage"].fillna(NONE_LABEL),
        "status": deals["status"],
        "order": deals["stage_order"],
        "deals": 1,
        "amount": amount,
        "weighted_amount": amount * probability,
    })
    table = (parts.groupby(["stage", "status"], sort=False, dropna=False)
             .agg(order=("order", "min"), deals=("deals", "sum"), amount=("amount", lambda s: s.sum(min_count=1)),
                  weighted_amount=("weighted_amount", lambda s: s.sum(min_count=1)))
             .reset_index())
    status_rank = table["status"].map({"open": 0, "won": 1, "lost": 2}).fillna(3)
    table = table.assign(_rank=status_rank).sort_values(["_rank", "order", "stage"], kind="stable").drop(columns="_rank")
    table = table.reset_index(drop=True)
    is_open, is_won = table["status"] == "open", table["status"] == "won"
    won_total = int(table.loc[is_won, "deals"].sum())
    lost_total = int(table.loc[table["status"] == "lost", "deals"].sum())
    # open deals at this stage or later: reverse cumulative sum over the open stages
    later_open = table["deals"].where(is_open, 0)[::-1].cumsum()[::-1]
    reached = (later_open + won_total).where(is_open, table["deals"])
    if is_open.any():
        first_open = is_open.idxmax()
        reached.loc[first_open] += lost_total
    table["reached"] = reached.where(is_open | is_won).astype("float64")
    funnel_rows = table["reached"].notna()
    previous = table["reached"].where(funnel_rows).shift(1)
    table["conversion"] = ratio(table["reached"], previous).where(funnel_rows)
    table["drop_off"] = 1 - table["conversion"]
    table["dropped"] = (previous - table["reached"]).where(funnel_rows)
    return table.drop(columns="order")


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Funnel KPIs (won/lost counts, win rate) and the stage table."""
    deals = tables["deals"]
    stages = stage_table(deals)
    outcomes = outcome_kpis(deals)
    funnel_rows = stages[stages["reached"].notna()]
    kpis = {
        "won_count": outcomes["won_count"],
        "lost_count": outcomes["lost_count"],
        "win_rate": outcomes["win_rate"],
        "win_rate_by_value": outcomes["win_rate_by_value"],
        "won_amount": outcomes["won_amount"],
        "deals": int(len(deals)),
        "open_count": int((deals["status"] == "open").sum()),
        "overall_conversion": ratio(outcomes["won_count"], float(funnel_rows["reached"].iloc[0])) if len(funnel_rows) else None,
    }
    return Report(NAME, TITLE, kpis, {"stages": stages})
