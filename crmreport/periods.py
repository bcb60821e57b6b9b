"""Relative periods for scheduled runs: last-week, this-quarter, ytd … with a fiscal year start month."""

from __future__ import annotations

import datetime as dt

RELATIVE_PERIODS = ("all", "today", "yesterday", "this-week", "last-week", "this-month", "last-month",
                    "this-quarter", "last-quarter", "ytd", "last-year")


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _quarter_start(day: dt.date, fiscal_year_start: int) -> dt.date:
    """First day of the fiscal quarter containing ``day``."""
    months_into_year = (day.month - fiscal_year_start) % 12
    return _month_start(day, months_into_year % 3)


def _year_start(day: dt.date, fiscal_year_start: int) -> dt.date:
    return _month_start(day, (day.month - fiscal_year_start) % 12)


def resolve(name: str, today: dt.date, fiscal_year_start: int = 1) -> tuple[dt.date | None, dt.date | None]:
    """(since, until) of a relative period as of ``today``; weeks start on Monday; ``all`` is unbounded."""
    one_day = dt.timedelta(days=1)
    if name == "all":
        return None, None
    if name == "today":
        return today, today
    if name == "yesterday":
        return today - one_day, today - one_day
    if name in ("this-week", "last-week"):
        monday = today - dt.timedelta(days=today.weekday())
        if name == "this-week":
            return monday, today
        return monday - dt.timedelta(days=7), monday - one_day
    if name == "this-month":
        return _month_start(today), today
    if name == "last-month":
        return _month_start(today, 1), _month_start(today) - one_day
    if name == "this-quarter":
        return _quarter_start(today, fiscal_year_start), today
    if name == "last-quarter":
        start = _quarter_start(today, fiscal_year_start)
        return _month_start(start, 3), start - one_day
    if name == "ytd":
        return _year_start(today, fiscal_year_start), today
    if name == "last-year":
        start = _year_start(today, fiscal_year_start)
        return _month_start(start, 12), start - one_day
    raise ValueError(f"unknown period {name!r}; known: {', '.join(RELATIVE_PERIODS)}")
