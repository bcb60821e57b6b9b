"""response: first response and resolution times (median, p90, mean), SLA compliance and the breaches.

SPEC: first response time = first_response_at − created_at (or a duration column: a call centre's "speed of
answer in seconds", Freshdesk's "First response time (in hrs)", Zendesk's "First reply time in minutes"); resolution time = resolved_at − created_at; SLA compliance = share of
tickets resolved within sla_hours. Without resolution times the SLA is judged on the first response. A ticket
still open when its SLA ran out (as of --until, else now) is a breach too. p90 interpolates linearly between
the two nearest times. Negative times (answered before created) are left out and reported. A breach still
open is listed with the hours it has waited so far.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..errors import InputError
from ..filters import dated_in_period
from ..i18n import agree
from ..metrics import NONE_LABEL, period_labels, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "response"
TITLE = "Response and resolution times"
LABELS_ZH = {"Response and resolution times": "响应与解决时间", "breaches": "超时工单",
             "mean_first_response_hours": "平均首次响应（小时）", "mean_resolution_hours": "平均解决时长（小时）",
             "median_first_response_hours": "首次响应中位数（小时）", "median_resolution_hours": "解决时长中位数（小时）",
             "over_by_hours": "超时（小时）", "p90_first_response_hours": "首次响应 P90（小时）",
             "p90_resolution_hours": "解决时长 P90（小时）", "sla_basis": "SLA 依据", "sla_breaches": "SLA 超时数",
             "sla_compliance": "SLA 达成率", "sla_hours": "SLA 时限（小时）", "sla_judged": "纳入 SLA 的工单数",
             "sla_met": "SLA 达标数", "still_open": "仍未解决"}
ORDER = 115
NEEDS = {"tickets": ()}
HOUR = pd.Timedelta(hours=1)


def hours_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Hours from start to end; NaN where either is missing."""
    return (end - start) / HOUR


def ticket_hours(tickets: pd.DataFrame, end_column: str, seconds_column: str) -> pd.Series:
    """Hours from creation to ``end_column``, else the export's duration in seconds; NaN where unknown."""
    if {"created_at", end_column} <= set(tickets.columns):
        return hours_between(tickets["created_at"], tickets[end_column])
    if seconds_column in tickets:
        return tickets[seconds_column] / 3600
    return pd.Series(np.nan, index=tickets.index)


def response_hours(tickets: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(first response hours, resolution hours) per ticket, NaN where unknown."""
    return (ticket_hours(tickets, "first_response_at", "first_response_seconds"),
            ticket_hours(tickets, "resolved_at", "resolution_seconds"))


def time_figures(hours: pd.Series, prefix: str) -> dict:
    """median, p90 and mean of a column of hours, as KPIs named after ``prefix``."""
    known = hours.dropna()
    if not len(known):
        return {f"median_{prefix}_hours": None, f"p90_{prefix}_hours": None, f"mean_{prefix}_hours": None}
    return {f"median_{prefix}_hours": float(known.median()), f"p90_{prefix}_hours": float(known.quantile(0.9)),
            f"mean_{prefix}_hours": float(known.mean())}


def waited_hours(tickets: pd.DataFrame, hours: pd.Series, pending: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    """The judged time where known; for tickets still waiting (``pending``), their age as of ``as_of``."""
    if "created_at" not in tickets:
        return hours
    return hours.mask(pending, hours_between(tickets["created_at"], pd.Series(as_of, index=tickets.index)))


def sla_outcomes(tickets: pd.DataFrame, hours: pd.Series, pending: pd.Series, waited: pd.Series) -> pd.Series:
    """True (met), False (breached, or still waiting past the SLA) or NaN (no SLA, waiting within it, unknown)."""
    sla = tickets["sla_hours"]
    met = (hours <= sla).where(hours.notna() & sla.notna())
    return met.mask(pending & sla.notna() & (waited > sla), False)


def by_group(tickets: pd.DataFrame, column: str, first: pd.Series, resolution: pd.Series, met: pd.Series) -> pd.DataFrame:
    """Tickets, median first response and resolution hours, SLA compliance per value of ``column``."""
    frame = pd.DataFrame({column: tickets[column].fillna(NONE_LABEL), "first": first, "resolution": resolution,
                          "met": met.astype("float64")})
    groups = frame.groupby(column, sort=True)
    table = pd.DataFrame({"tickets": groups.size(), "median_first_response_hours": groups["first"].median(),
                          "median_resolution_hours": groups["resolution"].median(),
                          "sla_judged": groups["met"].count(), "sla_met": groups["met"].sum()})
    table["sla_compliance"] = ratio(table["sla_met"], table["sla_judged"])
    return table.reset_index().sort_values(["tickets", column], ascending=[False, True]).reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Time KPIs, SLA compliance, tables by agent/priority/channel/period, and the breaches."""
    first, resolution = response_hours(tables["tickets"])
    if first.isna().all() and resolution.isna().all():  # in the whole table: a period may hold no ticket
        raise InputError("response needs ticket times: created and first-response or resolved times, or a "
                         "first-response duration column (none found); name them in a --map file")
    judged_on_resolution = bool((resolution >= 0).any())  # as the whole table has it, whatever the period holds
    tickets, warnings = dated_in_period(tables["tickets"], "created_at", options.since, options.until,
                                        ("ticket", "tickets"))
    first, resolution = first.loc[tickets.index], resolution.loc[tickets.index]
    for name, hours in (("first response", first), ("resolution", resolution)):
        negative = int((hours < 0).sum())
        if negative:
            warnings.append(agree(negative, f"ticket has a {name} before its creation",
                                  f"tickets have a {name} before their creation") + f"; left out of the {name} times")
    pending = {"first response": first.isna(), "resolution": resolution.isna()}  # not answered/resolved yet
    first, resolution = first.where(first >= 0), resolution.where(resolution >= 0)
    kpis = {"tickets": int(len(tickets)), **time_figures(first, "first_response"),
            **time_figures(resolution, "resolution")}
    basis, judged_hours = ("resolution", resolution) if judged_on_resolution else ("first response", first)
    as_of = pd.Timestamp(options.until) + pd.Timedelta(days=1) if options.until else pd.Timestamp(dt.datetime.now())
    result = {}
    if "sla_hours" in tickets:
        waited = waited_hours(tickets, judged_hours, pending[basis], as_of)
        met = sla_outcomes(tickets, judged_hours, pending[basis], waited)
        missed = met.eq(False)
        kpis.update({"sla_basis": basis, "sla_judged": int(met.notna().sum()), "sla_breaches": int(missed.sum()),
                     "sla_compliance": ratio(int(met.eq(True).sum()), int(met.notna().sum()))})
        breached = tickets[missed]
        columns = [c for c in ("ticket_id", "agent", "priority", "channel", "created_at") if c in breached]
        listed = breached[columns].assign(still_open=pending[basis][breached.index],
                                          hours=waited[breached.index], sla_hours=breached["sla_hours"])
        listed["over_by_hours"] = listed["hours"] - listed["sla_hours"]
        result["breaches"] = listed.sort_values("over_by_hours", ascending=False) \
            .head(options.top or 100).reset_index(drop=True)
    else:
        met = pd.Series(np.nan, index=tickets.index)
        kpis.update({"sla_basis": None, "sla_compliance": None})
        warnings.append("no SLA hours column: SLA compliance left out (add one, or name it in a --map file)")
    for column in ("agent", "priority", "channel"):
        if column in tickets:
            result[f"by_{column}"] = by_group(tickets, column, first, resolution, met)
    if "created_at" in tickets:
        periods = tickets.assign(period=period_labels(tickets["created_at"], options.period,
                                                                 options.fiscal_year_start))
        result["by_period"] = by_group(periods, "period", first, resolution, met).sort_values("period") \
            .reset_index(drop=True)
    charts = [ChartSpec("line", "by_period", "period", "median_first_response_hours")] if "by_period" in result else []
    return Report(NAME, TITLE, kpis, result, warnings, charts)
