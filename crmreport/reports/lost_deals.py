"""lost-deals: what was lost, why, where in the pipeline, to whom — by reason, stage reached, competitor and owner,
the amount lost, and the largest lost deals. Lost deals are those closed (lost) in the period."""

from __future__ import annotations

import pandas as pd

from ..metrics import NONE_LABEL, by_status, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "lost-deals"
TITLE = "Lost deals"
ORDER = 50
NEEDS = {"deals": ("status",)}
TOP_LOST = 20


def _lost_by(lost: pd.DataFrame, column: str, label: str | None = None) -> pd.DataFrame:
    """Lost count and amount per value of ``column``, most lost amount (then count) first."""
    key = (label or column)
    parts = pd.DataFrame({key: lost[column].fillna(NONE_LABEL), "lost_count": 1, "lost_amount": lost["amount"]})
    table = parts.groupby(key, sort=False).sum(min_count=0).reset_index()
    table["share_of_lost"] = ratio(table["lost_count"], pd.Series(len(lost), index=table.index))
    return table.sort_values(["lost_amount", "lost_count", key], ascending=[False, False, True]).reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """KPIs of lost deals and the tables by reason, stage reached, competitor and owner."""
    deals = tables["deals"]
    if "amount" not in deals:
        deals = deals.assign(amount=float("nan"))
    lost, won = by_status(deals, "lost"), by_status(deals, "won")
    kpis = {"lost_count": len(lost), "lost_amount": float(lost["amount"].sum()),
            "loss_rate": ratio(len(lost), len(lost) + len(won)),
            "avg_lost_deal_size": ratio(float(lost["amount"].sum()), len(lost))}
    result, warnings = {}, []
    if lost.empty:
        return Report(NAME, TITLE, kpis, {}, ["no lost deals in the period"])
    for column in ("lost_reason", "competitor"):
        if column in lost:
            result[f"by_{column}"] = _lost_by(lost, column)
        else:
            warnings.append(f"no {column} column in the deals: table by_{column} left out")
    if "stage_order" in lost:
        # the stage a lost deal was lost at, when the export keeps it (Pipedrive); "Closed Lost" says nothing
        reached = lost["stage"].where(lost["stage_order"].notna(), "(not recorded)")
        result["by_stage_reached"] = _lost_by(lost.assign(stage_reached=reached), "stage_reached")
    if "owner" in lost:
        by_owner = _lost_by(lost, "owner")
        closed = pd.concat([lost, won])["owner"].fillna(NONE_LABEL).value_counts()
        by_owner["owner_loss_rate"] = ratio(by_owner["lost_count"], by_owner["owner"].map(closed))
        result["by_owner"] = by_owner.head(options.top) if options.top else by_owner
    columns = [c for c in ("deal_id", "deal_name", "account", "owner", "stage", "amount", "close_date", "lost_reason",
                           "competitor") if c in lost]
    result["top_lost"] = lost.sort_values("amount", ascending=False, na_position="last")[columns] \
        .head(options.top or TOP_LOST).reset_index(drop=True)
    charts = [ChartSpec("bar", name, name[3:], "lost_amount" if lost["amount"].sum() else "lost_count")
              for name in result if name.startswith("by_")][:2]
    return Report(NAME, TITLE, kpis, result, warnings, charts)
