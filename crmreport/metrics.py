"""Metric definitions shared by reports, written as in SPEC.md ("Metric definitions")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .i18n import agree
from .parsing import equals, rows_at

NONE_LABEL = "(none)"


def ratio(numerator, denominator):
    """numerator / denominator, or None (scalars) / NaN (Series) where the denominator is 0."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.where(denominator != 0)
    return numerator / denominator if denominator else None


def is_status(deals: pd.DataFrame, status: str) -> np.ndarray:
    """True where a deal's status is ``status`` (open / won / lost; a missing status is none)."""
    return equals(deals["status"], status)


def by_status(deals: pd.DataFrame, status: str, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Deals whose status is ``status`` (open / won / lost); with ``columns``, only those of them the deals have (the
    others are not copied)."""
    rows = is_status(deals, status)
    return deals[rows] if columns is None else deals.loc[rows, [c for c in columns if c in deals]]


def outcome_kpis(deals: pd.DataFrame, masks: dict[str, np.ndarray] | None = None) -> dict:
    """Won/lost counts and amounts, win rate by count and by value, average deal size (closed deals); ``masks``:
    the deals' status_masks, when the caller has them."""
    won, lost = (masks["won"], masks["lost"]) if masks else (is_status(deals, "won"), is_status(deals, "lost"))
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


def won_without_amount(deals: pd.DataFrame, masks: dict[str, np.ndarray], counted_as: str) -> list[str]:
    """A warning when won deals have no amount (an empty cell, or one that could not be read): the won amount
    counts them as 0 — ``counted_as`` says in which figures. None without an amount column (reports refuse that)."""
    if "amount" not in deals:
        return []
    return without_amount_warning(int((masks["won"] & np.isnan(numbers(deals, "amount"))).sum()), counted_as)


def without_amount_warning(count: int, counted_as: str) -> list[str]:
    """won_without_amount's warning for ``count`` won deals (none for 0)."""
    if not count:
        return []
    return [agree(count, "won deal has no amount; it counts", "won deals have no amount; they count")
            + f" as 0 in {counted_as}"]


def status_masks(deals: pd.DataFrame) -> dict[str, np.ndarray]:
    """The open, won and lost masks of the deals (each compared once; a missing status is in none)."""
    return {status: is_status(deals, status) for status in ("open", "won", "lost")}


def group_codes(values: pd.Series, rows: np.ndarray | None = None) -> tuple[np.ndarray, pd.Index]:
    """An integer code per value (of the ``rows`` positions only, when given) and the labels the codes stand for;
    missing values are labelled NONE_LABEL. Codes count up in order of first appearance, as groupby(sort=False).

    Fewer than half the rows (the won or lost deals) are taken out and hashed: cheaper than hashing the whole column
    (1M rows: 25 -> 8 ms for 5% of them); more are not copied: the whole column is hashed once and the codes of
    ``rows`` renumbered."""
    if rows is not None and len(rows) * 2 < len(values):
        return pd.factorize(rows_at(values, rows).fillna(NONE_LABEL))
    codes, labels = pd.factorize(values.fillna(NONE_LABEL))
    if rows is None:
        return codes, labels
    codes, present = pd.factorize(codes[rows])
    return codes, labels.take(present)


def sums_by(codes: np.ndarray, labels: pd.Index, name: str, columns: dict) -> pd.DataFrame:
    """Per code present, in code order: the label (column ``name``) and the sum of each of ``columns`` (arrays aligned
    with ``codes``, or scalars; missing numbers count as 0). ``codes``: non-negative integers, positions in ``labels``.

    Grouping integers beside numbers, with no text column, is what makes this fast on a million rows. Integer and
    boolean columns (counts) are summed by numpy's bincount, exact for them; decimal numbers by pandas' groupby, which
    sums each group with Kahan compensation (copy=False: the arrays are not first stacked into one block)."""
    codes = np.asarray(codes)
    per_code = np.bincount(codes, minlength=len(labels))
    present = np.flatnonzero(per_code)
    decimals = {column: values for column, values in columns.items() if np.asarray(values).dtype.kind == "f"}
    summed = pd.DataFrame({"_code": codes} | decimals, copy=False).groupby("_code", sort=True).sum(min_count=0) \
        if decimals else None
    table = pd.DataFrame({name: labels.take(present)})
    for column, values in columns.items():
        if column in decimals:
            table[column] = summed[column].to_numpy()
        elif np.ndim(values) == 0:  # a constant per row: the count of rows times it
            table[column] = per_code[present] * values
        else:
            table[column] = np.bincount(codes, weights=values, minlength=len(labels))[present].astype(np.int64)
    return table


def numbers(deals: pd.DataFrame, column: str) -> np.ndarray:
    """The column as floats; all NaN when the export does not have it."""
    return deals[column].to_numpy(dtype="float64") if column in deals else np.full(len(deals), np.nan)


def outcomes_by(deals: pd.DataFrame, column: str, masks: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Per value of ``column`` (in order of first appearance; missing ones as NONE_LABEL): deal count, open/won/lost
    counts and amounts, win rates, average deal size. ``masks``: the deals' status_masks, when the caller has them."""
    codes, labels = group_codes(deals[column])
    amount, masks = numbers(deals, "amount"), masks or status_masks(deals)
    table = sums_by(codes, labels, column,
                    {"deals": 1}
                    | {f"{status}_count": mask.astype("int64") for status, mask in masks.items()}
                    | {f"{status}_amount": np.where(mask, amount, np.nan) for status, mask in masks.items()})
    closed = table["won_count"] + table["lost_count"]
    table["win_rate"] = ratio(table["won_count"], closed)
    table["win_rate_by_value"] = ratio(table["won_amount"], table["won_amount"] + table["lost_amount"])
    table["avg_deal_size"] = ratio(table["won_amount"], table["won_count"])
    return table


def cycle_days(deals: pd.DataFrame) -> pd.Series:
    """Sales cycle in calendar days, created date → close date (SPEC); NaN where a date is missing."""
    return pd.Series(days_between(calendar_days(deals["created_date"]), calendar_days(deals["close_date"])),
                     index=deals.index)


def calendar_days(dates: pd.Series) -> np.ndarray:
    """Each date's calendar day as numpy ``datetime64[D]`` (NaT where missing): the day a time of day falls on."""
    return dates.to_numpy(dtype="datetime64[us]").astype("datetime64[D]")


def days_between(earlier: np.ndarray, later: np.ndarray) -> np.ndarray:
    """Whole days from each ``earlier`` calendar day to the ``later`` one, as floats; NaN where either is missing."""
    difference = later - earlier
    return np.where(np.isnat(difference), np.nan, difference.astype("float64"))


def period_freq(period: str, fiscal_year_start: int = 1) -> str:
    """pandas' frequency of a --period: W, M, Q, Y; with a fiscal year starting in another month than January, its
    quarters and years, which end in the month before (``Q-MAR`` and ``Y-MAR`` for a year from April)."""
    code = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}[period]
    if period in ("quarter", "year") and fiscal_year_start != 1:
        code += "-" + ("DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV")[
            fiscal_year_start - 1]
    return code


def fiscal_prefix(period: str, fiscal_year_start: int) -> str:
    """``FY`` before the labels of a fiscal year's quarters and years (FY2025Q1: named by the year they end, April to
    June 2024 in a year from April), else nothing."""
    return "FY" if period in ("quarter", "year") and fiscal_year_start != 1 else ""


def label_period(label: str, freq: str) -> pd.Period:
    """The period a label of period_labels names (FY2025Q1 with the frequency Q-MAR: April to June 2024)."""
    return pd.Period(label.removeprefix("FY"), freq=freq)


def period_labels(dates: pd.Series, period: str, fiscal_year_start: int = 1) -> pd.Series:
    """Label each date with its period: 2024-W09, 2024-03, 2024Q1, 2024, FY2025Q1 (computed once per distinct
    date)."""
    days = dates.dt.normalize()
    codes, distinct = pd.factorize(days)
    if len(distinct) < len(days) // 2:
        labels = _period_labels(pd.Series(distinct), period, fiscal_year_start).to_numpy()
        return pd.Series(np.append(labels, np.nan)[codes], index=dates.index, dtype="str")
    return _period_labels(dates, period, fiscal_year_start)


def period_codes(dates: pd.Series, period: str, missing: str = NONE_LABEL,
                 fiscal_year_start: int = 1) -> tuple[np.ndarray, pd.Index]:
    """An integer code per date for its period, and the period labels the codes stand for (in no particular order;
    missing dates under the label ``missing``): period_labels' grouping without a column of text."""
    days = calendar_days(dates)
    day_codes, distinct_days = pd.factorize(days.view("int64"))  # as integers; NaT is one more "day"
    labels = _period_labels(pd.Series(distinct_days.view("datetime64[D]").astype("datetime64[us]")), period,
                            fiscal_year_start)
    labels = labels.fillna(missing).to_numpy(dtype=object)  # the day code of missing dates labels them too
    label_of_day, names = pd.factorize(labels)
    return label_of_day[day_codes], pd.Index(names, dtype="str")


def _period_labels(dates: pd.Series, period: str, fiscal_year_start: int = 1) -> pd.Series:
    if period == "week":
        iso = dates.dt.isocalendar()
        labels = iso["year"].astype("str") + "-W" + iso["week"].astype("str").str.zfill(2)
        return labels.where(dates.notna())
    labels = dates.dt.to_period(period_freq(period, fiscal_year_start)).astype("str")
    return (fiscal_prefix(period, fiscal_year_start) + labels).where(dates.notna())


def activity_states(activities: pd.DataFrame, day: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    """done / planned of each activity: its status, else (no status column, or an empty cell) whether its ``day``
    (its date, normalised) has come by ``as_of`` — a log of calls and visits without statuses records what was
    done."""
    status = activities["status"] if "status" in activities else pd.Series(pd.NA, index=activities.index, dtype="str")
    return status.mask(status.isna() & (day <= as_of), "done").mask(status.isna() & (day > as_of), "planned")
