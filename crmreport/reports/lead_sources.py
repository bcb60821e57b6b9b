"""lead-sources: which sources bring business — per lead source: deals, won and lost, win rate, won revenue,
average deal size, sales cycle; the best and worst sources marked (by won revenue)."""

from __future__ import annotations

import pandas as pd

from ..metrics import NONE_LABEL, cycle_days, outcome_kpis, outcomes_by, status_masks
from ..report import ChartSpec, Report, ReportOptions

NAME = "lead-sources"
TITLE = "Lead sources"
LABELS_ZH = {"Lead sources": "线索来源", "best_source": "最佳来源", "mark": "标记", "sources": "来源数"}
ORDER = 60
NEEDS = {"deals": ("status", "lead_source")}


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """One row per lead source, best won revenue first."""
    deals = tables["deals"]
    masks = status_masks(deals)
    table = outcomes_by(deals, "lead_source", masks)
    dates = ["created_date", "close_date"]
    if set(dates) <= set(deals.columns):
        won = masks["won"]
        cycles = pd.DataFrame({"lead_source": deals["lead_source"][won].fillna(NONE_LABEL),
                               "days": cycle_days(deals.loc[won, dates])})
        table["avg_cycle_days"] = table["lead_source"].map(cycles.groupby("lead_source")["days"].mean())
    table = table.sort_values(["won_amount", "win_rate", "lead_source"], ascending=[False, False, True],
                              na_position="last").reset_index(drop=True)
    table["mark"] = ""
    ranked = table[table["won_count"] + table["lost_count"] > 0]
    if len(ranked) >= 2:
        table.loc[ranked.index[0], "mark"] = "best"
        table.loc[ranked.index[-1], "mark"] = "worst"
    columns = ["lead_source", "mark", "deals", "won_count", "lost_count", "win_rate", "won_amount", "avg_deal_size",
               "open_count", "open_amount"] + (["avg_cycle_days"] if "avg_cycle_days" in table else [])
    outcomes = outcome_kpis(deals, masks)
    kpis = {"sources": int(len(table)), "won_amount": outcomes["won_amount"], "win_rate": outcomes["win_rate"],
            "best_source": table.loc[ranked.index[0], "lead_source"] if len(ranked) else None}
    return Report(NAME, TITLE, kpis, {"by_lead_source": table[columns]},
                  charts=[ChartSpec("bar", "by_lead_source", "lead_source", "won_amount")])
