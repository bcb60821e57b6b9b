"""Metric definitions shared by reports, written as in SPEC.md ("Metric definitions")."""

from __future__ import annotations

import numpy as np
import pandas as pd

NONE_LABEL = "(none)"


def ratio(numerator, denominator):
    """numerator / denominator, or None (scalars) / NaN (Series) where the denominator is 0."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.where(denominator != 0)
    return numerator / denominator if denominator else None


def by_status(deals: pd.DataFrame, status: str) -> pd.DataFrame:
    """Deals whose status is ``status`` (open / won / lost)."""
    return deals[deals["status"] == status]


def outcome_kpis(deals: pd.DataFrame) -> dict:
    """Won/lost counts and amounts, win rate by count and by value, average deal size (closed deals)."""
    won, lost = deals["status"].eq("won"), deals["status"].eq("lost")  # masks: no copy of the deals
    won_count, lost_count = int(won.sum()), int(lost.sum())
    won_amount = float(deals["amount"][won].sum()) if "amount" in deals else None
    lost_amount = float(deals["amount"][lost].sum()) if "amount" in deals else None
    return {
        "won_count": won_count,
        "lost_count": lost_count,
        "win_rate": ratio(won_count, won_count + lost_count),
        "won_amount": won_amount,
        "lost_amount": lost_amount,
        "win_rate_by_value": ratio(won_amount, (won_amount or 0) + (lost_amount or 0)) if won_amount is not None else None,
        "avg_deal_size": ratio(won_amount, won_count) if won_amount is not None else None,
    }


def outcomes_by(deals: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per value of ``column``: deal count, open/won/lost counts and amounts, win rates, average deal size."""
    key = deals[column].fillna(NONE_LABEL)
    amount = deals["amount"] if "amount" in deals else pd.Series(float("nan"), index=deals.index)
    parts = pd.DataFrame({
        column: key,
        "deals": 1,
        "open_count": deals["status"].eq("open").astype(int),
        "won_count": deals["status"].eq("won").astype(int),
        "lost_count": deals["status"].eq("lost").astype(int),
        "open_amount": amount.where(deals["status"].eq("open")),
        "won_amount": amount.where(deals["status"].eq("won")),
        "lost_amount": amount.where(deals["status"].eq("lost")),
    })
    table = parts.groupby(column, sort=False).sum(min_count=0).reset_index()
    closed = table["won_count"] + table["lost_count"]
    table["win_rate"] = ratio(table["won_count"], closed)
    table["win_rate_by_value"] = ratio(table["won_amount"], table["won_amount"] + table["lost_amount"])
    table["avg_deal_size"] = ratio(table["won_amount"], table["won_count"])
    return table


def cycle_days(deals: pd.DataFrame) -> pd.Series:
    """Sales cycle in calendar days, created date → close date (SPEC); NaN where a date is missing."""
    days = deals["close_date"].dt.normalize() - deals["created_date"].dt.normalize()
    return days.dt.days.astype("float64")


def period_labels(dates: pd.Series, period: str) -> pd.Series:
    """Label each date with its period: 2024-W09, 2024-03, 2024Q1, 2024 (computed once per distinct date)."""
    days = dates.dt.normalize()
    codes, distinct = pd.factorize(days)
    if len(distinct) < len(days) // 2:
        labels = _period_labels(pd.Series(distinct), period).to_numpy()
        return pd.Series(np.append(labels, np.nan)[codes], index=dates.index, dtype="str")
    return _period_labels(dates, period)


def _period_labels(dates: pd.Series, period: str) -> pd.Series:
    if period == "week":
        iso = dates.dt.isocalendar()
        labels = iso["year"].astype("str") + "-W" + iso["week"].astype("str").str.zfill(2)
        return labels.where(dates.notna())
    code = {"month": "M", "quarter": "Q", "year": "Y"}[period]
    return dates.dt.to_period(code).astype("str").where(dates.notna())
