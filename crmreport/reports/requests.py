"""requests: service volume by category, priority and channel; resolution rate; backlog (tickets not resolved);
same-day close (resolved the day they were created, when both dates exist); open tickets per agent. Tickets count
in the period of their creation time."""

from __future__ import annotations

import pandas as pd

from ..filters import dated_in_period
from ..metrics import NONE_LABEL, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "requests"
TITLE = "Service requests"
LABELS_ZH = {"Service requests": "服务请求", "backlog": "积压工单数", "resolution_rate": "解决率", "resolved": "已解决数",
             "same_day_close": "当日关闭数", "same_day_close_rate": "当日关闭率"}
ORDER = 110
NEEDS = {"tickets": ("resolved",)}  # from a resolved yes/no column or the ticket status


def _volume_by(tickets: pd.DataFrame, column: str) -> pd.DataFrame:
    frame = pd.DataFrame({column: tickets[column].fillna(NONE_LABEL), "tickets": 1,
                          "resolved": tickets["resolved"].astype(int)})
    table = frame.groupby(column).sum().reset_index()
    table["backlog"] = table["tickets"] - table["resolved"]
    table["resolution_rate"] = ratio(table["resolved"], table["tickets"])
    return table.sort_values(["tickets", column], ascending=[False, True]).reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Volume, resolution and backlog KPIs and the tables by category, priority, channel and agent."""
    tickets, warnings = dated_in_period(tables["tickets"], "created_at", options.since, options.until,
                                        ("ticket", "tickets"))
    resolved = int(tickets["resolved"].sum())
    kpis = {"tickets": int(len(tickets)), "resolved": resolved, "resolution_rate": ratio(resolved, len(tickets)),
            "backlog": int(len(tickets) - resolved)}
    if {"created_at", "resolved_at"} <= set(tickets.columns):
        both = tickets[tickets["resolved"] & tickets["created_at"].notna() & tickets["resolved_at"].notna()]
        same_day = both["created_at"].dt.normalize() == both["resolved_at"].dt.normalize()
        kpis["same_day_close"] = int(same_day.sum())
        kpis["same_day_close_rate"] = ratio(int(same_day.sum()), len(both))
    else:
        warnings.append("no created and resolved times: same-day close left out")
    result = {f"by_{c}": _volume_by(tickets, c) for c in ("category", "priority", "channel", "agent") if c in tickets}
    charts = [ChartSpec("bar", name, name[3:], "tickets") for name in result][:1]
    return Report(NAME, TITLE, kpis, result, warnings, charts)
