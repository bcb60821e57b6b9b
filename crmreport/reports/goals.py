"""goals: targets against actuals — per owner or team, per period, per metric: actual, attainment, gap, and pace
(the attainment projected for the end of the period at the current run rate, as of --until or today).

Metrics: revenue (won amount), deals (won deals), pipeline (open amount created in the period). A won deal counts
in the period of its close date."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..errors import InputError
from ..metrics import ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "goals"
TITLE = "Goals"
LABELS_ZH = {"Goals": "目标达成", "targets": "目标数", "target": "目标", "metric": "指标", "period_end": "期间结束",
             "attainment": "达成率", "revenue_target": "收入目标", "revenue_actual": "实际收入",
             "revenue_attainment": "收入达成率", "gap": "差距", "elapsed_share": "时间进度", "pace": "按进度预计达成率",
             "on_pace": "进度达标数"}
ORDER = 95
NEEDS = {"targets": ("target", "period_start", "period_end"), "deals": ("status",)}
METRICS = {"revenue": "revenue", "won amount": "revenue", "sales": "revenue", "营收": "revenue", "销售额": "revenue",
           "deals": "deals", "won deals": "deals", "won_count": "deals", "成交数": "deals"}


def actual(deals: pd.DataFrame, who: str, name, metric: str, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """The actual of one target line."""
    mine = deals if name is None else deals[deals[who] == name]
    closed = mine["close_date"].dt.normalize()
    won = mine[(mine["status"] == "won") & (closed >= start) & (closed <= end)]
    return float(won["amount"].sum()) if metric == "revenue" else float(len(won))


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """One row per target: actual, attainment, gap, pace."""
    targets, deals = tables["targets"], tables["deals"]
    who = "owner" if "owner" in targets and targets["owner"].notna().any() else "team"
    if who not in targets:
        raise InputError("goals needs an owner or team column in the targets table")
    if who not in deals:
        raise InputError(f"goals: the targets are per {who}, but the deals have no {who} column")
    if "close_date" not in deals:
        raise InputError("goals needs the deals' close dates")
    metric = targets["metric"].str.lower().str.strip().map(METRICS) if "metric" in targets else \
        pd.Series("revenue", index=targets.index)
    unknown = targets.loc[metric.isna(), "metric"].dropna().unique() if "metric" in targets else []
    as_of = pd.Timestamp(options.until or dt.date.today())
    rows = []
    dated = targets["period_start"].notna() & targets["period_end"].notna()  # the loader warns of the others
    for index, line in targets[metric.notna() & dated].iterrows():  # one row per target line (a few dozen at most)
        start, end = line["period_start"], line["period_end"]
        value = actual(deals, who, line[who], metric[index], start, end)
        days = (end - start).days + 1
        elapsed = min(max((as_of - start).days + 1, 0), days)
        projected = value / elapsed * days if elapsed else np.nan
        rows.append({who: line[who], "metric": metric[index], "period_start": start, "period_end": end,
                     "target": line["target"], "actual": value, "attainment": ratio(value, line["target"]),
                     "gap": line["target"] - value, "elapsed_share": elapsed / days,
                     "pace": ratio(projected, line["target"]) if elapsed else None})
    table = pd.DataFrame(rows)
    warnings = [f"unknown metric(s) {', '.join(map(str, unknown))}: known are revenue and deals"] if len(unknown) else []
    kpis = {"targets": int(len(table))}
    if len(table):
        revenue = table[table["metric"] == "revenue"]
        kpis.update({"revenue_target": float(revenue["target"].sum()), "revenue_actual": float(revenue["actual"].sum()),
                     "revenue_attainment": ratio(float(revenue["actual"].sum()), float(revenue["target"].sum())),
                     "on_pace": int((table["pace"] >= 1).sum())})
    return Report(NAME, TITLE, kpis, {"attainment": table}, warnings,
                  [ChartSpec("bar", "attainment", who, "attainment")])
