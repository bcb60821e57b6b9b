"""Row filters every report shares: ``--where column=value`` and the ``--since/--until`` period."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from .errors import InputError
from .i18n import agree
from .loaders.spelling import SPELLING_COLUMNS, spelling_key
from .parsing import map_distinct

_WHERE_RE = re.compile(r"^\s*(?P<column>[A-Za-z_][\w]*)\s*(?P<op>!=|=)\s*(?P<value>.*)$")


def apply_where(frame: pd.DataFrame, conditions: list[str]) -> pd.DataFrame:
    """Keep rows matching every ``column=value`` / ``column!=value`` condition.

    Columns are canonical names; values compare as text, ignoring case and surrounding spaces (and in category
    columns, spaces and punctuation: reports count "GTXPro" as "GTX Pro", loaders.spelling); ``a,b`` matches either
    value.
    """
    for condition in conditions:
        match = _WHERE_RE.match(condition)
        if not match:
            raise InputError(f"--where {condition!r}: expected column=value or column!=value")
        column, op, value = match["column"], match["op"], match["value"]
        if column not in frame.columns or column.startswith("_"):
            known = ", ".join(c for c in frame.columns if not c.startswith("_"))
            raise InputError(f"--where {condition!r}: no column {column!r}; columns: {known}")
        wanted = {v.strip().lower() for v in value.split(",")}
        cells = frame[column]
        if pd.api.types.is_datetime64_any_dtype(cells):
            hit = cells.dt.strftime("%Y-%m-%d").isin(wanted)
        elif column in SPELLING_COLUMNS:
            keys = set(spelling_key(pd.Series(sorted(wanted), dtype="str")))
            hit = map_distinct(cells.astype("str"), lambda text: spelling_key(text).isin(keys), fill=False)
        else:  # compared per distinct value: a million cells hold a few hundred owners or stages
            hit = map_distinct(cells.astype("str"), lambda text: text.str.strip().str.lower().isin(wanted), fill=False)
        frame = frame[hit if op == "=" else ~hit]
    return frame


def where_columns(conditions: list[str]) -> list[str]:
    """The columns that ``--where`` conditions name (malformed conditions are reported when applied)."""
    return [match["column"] for condition in conditions if (match := _WHERE_RE.match(condition))]


def apply_where_to_tables(tables: dict[str, pd.DataFrame], conditions: list[str]) -> dict[str, pd.DataFrame]:
    """Apply each ``--where`` condition to every table that has its column; a column no table has is an error."""
    tables = dict(tables)
    for condition in conditions:
        match = _WHERE_RE.match(condition)
        if not match:
            raise InputError(f"--where {condition!r}: expected column=value or column!=value")
        holders = [name for name, frame in tables.items()
                   if match["column"] in frame.columns and not match["column"].startswith("_")]
        if not holders:
            known = sorted({c for frame in tables.values() for c in frame.columns if not c.startswith("_")})
            raise InputError(f"--where {condition!r}: no column {match['column']!r}; columns: {', '.join(known)}")
        for name in holders:
            tables[name] = apply_where(tables[name], [condition])
    return tables


def apply_period(deals: pd.DataFrame, since: dt.date | None, until: dt.date | None) -> tuple[pd.DataFrame, list[str]]:
    """Keep closed deals whose close date is in [since, until]; open deals are all kept (the pipeline as it stands).

    Returns the kept deals and warnings (closed deals without a close date when a period is set).
    """
    if since is None and until is None:
        return deals, []
    check_period(since, until)
    closed = deals["status"].isin(["won", "lost"])
    close = deals["close_date"].dt.normalize() if "close_date" in deals else pd.Series(pd.NaT, index=deals.index)
    inside = close.notna()
    if since:
        inside &= close >= pd.Timestamp(since)
    if until:
        inside &= close <= pd.Timestamp(until)
    undated = int((closed & close.isna()).sum())
    warnings = [agree(undated, "closed deal has no close date and is", "closed deals have no close date and are")
                + " left out of the period"] if undated else []
    return deals[~closed | inside], warnings


def check_period(since: dt.date | None, until: dt.date | None) -> None:
    """InputError when --since comes after --until."""
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}")


def dated_in_period(frame: pd.DataFrame, column: str, since: dt.date | None, until: dt.date | None,
                    noun: tuple[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """The rows whose date in ``column`` falls in [since, until], and warnings about the rows the period cannot judge.

    No period: every row, no warning. Rows without a date are left out, counted in a warning; a table without the
    column is kept whole, with a warning that the period was not applied. ``noun``: singular and plural of what a
    row is ("ticket", "tickets")."""
    if since is None and until is None:
        return frame, []
    one, many = noun
    if column not in frame:
        check_period(since, until)
        return frame, [f"the {many} have no {column}: --since/--until not applied to them"]
    undated = int(frame[column].isna().sum())
    warnings = [agree(undated, f"{one} has no {column} and is", f"{many} have no {column} and are")
                + " left out of the period"] if undated else []
    return within(frame, column, since, until), warnings


def within(frame: pd.DataFrame, column: str, since: dt.date | None, until: dt.date | None) -> pd.DataFrame:
    """Rows whose date in ``column`` falls in [since, until] (all rows when neither is given)."""
    if since is None and until is None:
        return frame
    check_period(since, until)
    day = frame[column].dt.normalize()
    inside = day.notna()
    if since:
        inside &= day >= pd.Timestamp(since)
    if until:
        inside &= day <= pd.Timestamp(until)
    return frame[inside]
