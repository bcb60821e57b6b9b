"""performance: results per sales rep (or per team, region … with --by): won deals and amount, win rate,
average deal size, open pipeline. SPEC definitions: win rate = won / (won + lost) by count;
average deal size = won amount / won count."""

from __future__ import annotations

import pandas as pd

from ..metrics import outcome_kpis, outcomes_by, ratio, status_masks, won_without_amount
from ..report import ChartSpec, Report, ReportOptions
from . import check_by_column

NAME = "performance"
TITLE = "Sales performance"
LABELS_ZH = {"Sales performance": "销售业绩"}
ORDER = 30
NEEDS = {"deals": ("status", "amount")}
GROUPS_BY = True
COLUMNS = {"deals": ("owner", "status", "amount", "created_date", "close_date")}


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """KPIs of all deals and a table per owner (or --by column), best won amount first."""
    deals = tables["deals"]
    group = options.by or "owner"
    check_by_column(deals, group, NAME, given=bool(options.by))
    masks = status_masks(deals)
    table = outcomes_by(deals, group, masks)
    total_won = table["won_amount"].sum()
    table["share_of_won_amount"] = ratio(table["won_amount"], pd.Series(total_won, index=table.index))
    table = table.sort_values(["won_amount", "won_count", group], ascending=[False, False, True], kind="stable")
    columns = [group, "won_count", "won_amount", "win_rate", "lost_count", "avg_deal_size", "win_rate_by_value",
               "open_count", "open_amount", "deals", "share_of_won_amount"]
    table = table[columns].reset_index(drop=True)
    if options.top:
        table = table.head(options.top)
    outcomes = outcome_kpis(deals, masks)
    kpis = {key: outcomes[key] for key in ("won_count", "won_amount", "win_rate", "avg_deal_size", "lost_count",
                                           "win_rate_by_value")}
    kpis[f"{group}_count"] = int(deals[group].nunique())
    charts = [ChartSpec("bar", f"by_{group}", group, "won_amount")]
    warnings = won_without_amount(deals, masks, "won_amount and avg_deal_size")
    return Report(NAME, TITLE, kpis, {f"by_{group}": table}, warnings, charts)
