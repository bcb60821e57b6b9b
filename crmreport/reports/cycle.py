"""cycle: how long won deals take — calendar days from created date to close date (SPEC), mean and median,
overall, by lead source and by owner (and by the --by column)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import agree
from ..metrics import cycle_days, group_codes, is_status
from ..report import ChartSpec, Report, ReportOptions
from . import check_by_column

NAME = "cycle"
TITLE = "Sales cycle"
LABELS_ZH = {"Sales cycle": "销售周期"}
ORDER = 40
NEEDS = {"deals": ("status", "created_date", "close_date")}
GROUPS_BY = True
COLUMNS = {"deals": ("lead_source", "owner", "status", "created_date", "close_date")}


def _cycle_by(codes: np.ndarray, labels: pd.Index, days: np.ndarray, column: str) -> pd.DataFrame:
    """Won deals, mean, median, min and max cycle days per label (``codes``: each won deal's position in ``labels``);
    longest mean first."""
    table = (pd.DataFrame({"code": codes, "days": days}).groupby("code", sort=False)["days"]
             .agg(won_count="count", avg_cycle_days="mean", median_cycle_days="median", min_days="min", max_days="max"))
    table.insert(0, column, labels.take(table.index.to_numpy()))
    return table.sort_values(["avg_cycle_days", column], ascending=[False, True], kind="stable").reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Cycle KPIs of won deals, with tables by lead source, owner and --by.

    Computed on the won deals' positions: the deals are not copied."""
    deals = tables["deals"]
    won = is_status(deals, "won")
    won_rows = np.flatnonzero(won)
    won_days = cycle_days(deals[["created_date", "close_date"]].iloc[won_rows]).to_numpy()
    dated = ~np.isnan(won_days)
    rows, days = won_rows[dated], pd.Series(won_days[dated])
    kpis = {
        "avg_cycle_days": float(days.mean()) if len(days) else None,
        "median_cycle_days": float(days.median()) if len(days) else None,
        "won_count": int(len(days)),
        "min_cycle_days": float(days.min()) if len(days) else None,
        "max_cycle_days": float(days.max()) if len(days) else None,
    }
    warnings = []
    undated = int((~dated).sum())
    if undated:
        warnings.append(agree(undated, "won deal lacks a created or close date and is",
                              "won deals lack a created or close date and are") + " left out of the cycle")
    result = {}
    groups = ["lead_source", "owner"] + ([options.by] if options.by and options.by not in ("lead_source", "owner") else [])
    if options.by:
        check_by_column(deals, options.by, NAME)
    for column in groups:
        if column in deals:
            table = _cycle_by(*group_codes(deals[column], rows), days.to_numpy(), column)
            result[f"by_{column}"] = table.head(options.top) if options.top else table
        else:
            warnings.append(f"no {column} column in the deals: table by_{column} left out")
    charts = [ChartSpec("bar", name, name[3:], "avg_cycle_days") for name in result]
    return Report(NAME, TITLE, kpis, result, warnings, charts)
