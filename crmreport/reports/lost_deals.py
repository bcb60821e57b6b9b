"""lost-deals: what was lost, why, where in the pipeline, to whom — by reason, stage reached, competitor and owner,
the amount lost, and the largest lost deals. Lost deals are those closed (lost) in the period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..metrics import group_codes, is_status, numbers, ratio, sums_by
from ..parsing import rows_at
from ..report import ChartSpec, Report, ReportOptions

NAME = "lost-deals"
TITLE = "Lost deals"
LABELS_ZH = {"Lost deals": "输单分析", "avg_lost_deal_size": "平均输单金额", "loss_rate": "输单率", "owner_loss_rate": "负责人输单率",
             "share_of_lost": "输单占比", "stage_reached": "到达阶段", "top_lost": "金额最大的输单"}
ORDER = 50
NEEDS = {"deals": ("status",)}
TOP_LOST = 20
NOT_RECORDED = "(not recorded)"


def _lost_by(codes: np.ndarray, labels: pd.Index, name: str, amount: np.ndarray) -> pd.DataFrame:
    """Lost count and amount per label (``codes``: the lost deals' positions in ``labels``), most lost amount (then
    count, then label) first."""
    table = sums_by(codes, labels, name, {"lost_count": 1, "lost_amount": amount})
    table["share_of_lost"] = ratio(table["lost_count"], pd.Series(len(codes), index=table.index))
    return table.sort_values(["lost_amount", "lost_count", name], ascending=[False, False, True]).reset_index(drop=True)


def _stage_reached(deals: pd.DataFrame, lost_rows: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Codes and labels of the stage each lost deal was lost at, when the export keeps it (Pipedrive: an open stage
    beside status Lost); NOT_RECORDED where the stage says nothing of it ("Closed Lost")."""
    codes, labels = group_codes(deals["stage"], lost_rows)
    recorded = ~np.isnan(numbers(deals, "stage_order")[lost_rows])
    codes = np.where(recorded, codes, len(labels))
    merged_codes, merged = pd.factorize(labels.append(pd.Index([NOT_RECORDED])))  # a stage may bear that name
    return merged_codes[codes], pd.Index(merged)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """KPIs of lost deals and the tables by reason, stage reached, competitor and owner.

    Computed on the lost deals' positions and numeric arrays: the deals are not copied, only the rows listed."""
    deals = tables["deals"]
    if "amount" not in deals:
        deals = deals.assign(amount=float("nan"))  # the largest lost deals still show an (empty) amount
    won, lost = is_status(deals, "won"), is_status(deals, "lost")
    lost_rows = np.flatnonzero(lost)
    amount = numbers(deals, "amount")[lost_rows]
    lost_count, won_count = len(lost_rows), int(won.sum())
    lost_amount = float(pd.Series(amount).sum())
    kpis = {"lost_count": lost_count, "lost_amount": lost_amount, "loss_rate": ratio(lost_count, lost_count + won_count),
            "avg_lost_deal_size": ratio(lost_amount, lost_count)}
    result, warnings = {}, []
    if not lost_count:
        return Report(NAME, TITLE, kpis, {}, ["no lost deals in the period"])
    for column in ("lost_reason", "competitor"):
        if column in deals:
            result[f"by_{column}"] = _lost_by(*group_codes(deals[column], lost_rows), column, amount)
        else:
            warnings.append(f"no {column} column in the deals: table by_{column} left out")
    if "stage" in deals:
        result["by_stage_reached"] = _lost_by(*_stage_reached(deals, lost_rows), "stage_reached", amount)
    if "owner" in deals:
        owner_codes, owners = group_codes(deals["owner"])
        by_owner = _lost_by(owner_codes[lost_rows], owners, "owner", amount)
        closed = pd.Series(np.bincount(owner_codes[won | lost], minlength=len(owners)), index=owners)
        by_owner["owner_loss_rate"] = ratio(by_owner["lost_count"], by_owner["owner"].map(closed))
        result["by_owner"] = by_owner.head(options.top) if options.top else by_owner
    columns = [c for c in ("deal_id", "deal_name", "account", "owner", "stage", "amount", "close_date", "lost_reason",
                           "competitor") if c in deals]
    # the order pandas gives the lost deals sorted by amount (ties too), then the first of them taken
    largest = pd.Series(amount).sort_values(ascending=False, na_position="last").index[:options.top or TOP_LOST]
    result["top_lost"] = rows_at(deals[columns], lost_rows[largest]).reset_index(drop=True)
    unrecorded = "by_stage_reached" in result and (result["by_stage_reached"]["stage_reached"] == NOT_RECORDED).all()
    charted = [name for name in result if name.startswith("by_") and not (unrecorded and name == "by_stage_reached")]
    charts = [ChartSpec("bar", name, name[3:], "lost_amount" if lost_amount else "lost_count") for name in charted][:2]
    return Report(NAME, TITLE, kpis, result, warnings, charts)
