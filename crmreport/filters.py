"""Row filters every report shares: ``--where column=value`` and the ``--since/--until`` period."""

from __future__ import annotations

import datetime as dt
import operator
import re

import pandas as pd

from .errors import InputError
from .i18n import agree
from .loaders.canonical import MONEY_COLUMNS, PERCENT_COLUMNS, extra_column_name
from .loaders.spelling import SPELLING_COLUMNS, spelling_key
from .parsing import map_distinct, parse_bool, parse_number, parse_percent

_WHERE_RE = re.compile(r"^\s*(?P<column>[^\s=!<>][^=!<>]*?)\s*(?P<op>!=|>=|<=|=|>|<)\s*(?P<value>.*)$")
_COMPARISONS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
_FORM = "column=value, column!=value, or column>value (>=, <, <=) for numbers and dates"


def _condition(condition: str) -> tuple[str, str, str]:
    """A condition's column (as the canonical tables name it, or as the export's header: ``Lead Source`` is
    lead_source), operator and value."""
    match = _WHERE_RE.match(condition)
    if not match:
        raise InputError(f"--where {condition!r}: expected {_FORM}")
    return extra_column_name(match["column"]), match["op"], match["value"]


def apply_where(frame: pd.DataFrame, condition: str, column: str) -> pd.DataFrame:
    """The rows that match one condition on ``column`` (the one it names, resolved: resolved_column):
    ``column=value`` / ``column!=value`` (``a,b`` matches either text or date), and ``column>value`` (``>=``, ``<``,
    ``<=``) on numbers and dates.

    Text compares ignoring case and surrounding spaces (and in category columns, spaces and punctuation: reports count
    "GTXPro" as "GTX Pro", loaders.spelling); numbers as numbers, written as amounts are (``amount>=$10,000``,
    ``10k``), a probability as a percentage or a fraction (``60``, ``60%``, ``0.6``); dates by day, YYYY-MM-DD; yes/no
    flags by any yes or no (``converted=yes``, ``1``, ``是``).
    """
    _column, op, value = _condition(condition)
    if column not in frame.columns or column.startswith("_"):
        known = ", ".join(c for c in frame.columns if not c.startswith("_"))
        raise InputError(f"--where {condition!r}: no column {column!r}; columns: {known}")
    cells = frame[column]
    if pd.api.types.is_datetime64_any_dtype(cells):
        wanted = [_where_day(condition, text) for text in value.split(",")]
        hit = _compared(cells.dt.normalize(), op, wanted, condition)
    elif pd.api.types.is_bool_dtype(cells):
        if op in _COMPARISONS:
            raise InputError(f"--where {condition!r}: {op} compares numbers and dates; {column} holds yes or no")
        hit = cells.isin([_where_flag(condition, text) for text in value.split(",")]).fillna(False).astype(bool)
    elif pd.api.types.is_numeric_dtype(cells):
        _check_one_currency(frame, column, op, condition)
        wanted = [_where_number(condition, column, value)]  # one number: its commas may group thousands
        hit = _compared(cells, op, wanted, condition)
    elif op in _COMPARISONS:  # a column no canonical one took is text as read: numbers there compare as numbers
        numbers, failed = parse_number(cells)
        if failed.any() or numbers.isna().all():
            raise InputError(f"--where {condition!r}: {op} compares numbers and dates; {column} holds text")
        hit = _compared(numbers, op, [_where_number(condition, column, value)], condition)
    else:
        hit = _text_matches(cells, column, {v.strip().lower() for v in value.split(",")})
    return frame[~hit if op == "!=" else hit]


def _text_matches(cells: pd.Series, column: str, wanted: set[str]) -> pd.Series:
    """Where a text column holds one of ``wanted`` (lowercase), compared per distinct value: a million cells hold a
    few hundred owners or stages."""
    if column in SPELLING_COLUMNS:
        keys = set(spelling_key(pd.Series(sorted(wanted), dtype="str")))
        return map_distinct(cells.astype("str"), lambda text: spelling_key(text).isin(keys), fill=False)
    return map_distinct(cells.astype("str"), lambda text: text.str.strip().str.lower().isin(wanted), fill=False)


def _compared(cells: pd.Series, op: str, wanted: list, condition: str) -> pd.Series:
    """Where numbers or days equal one of ``wanted`` (= and !=), or compare to the one value given."""
    if op in ("=", "!="):
        return cells.isin(wanted)
    if len(wanted) > 1:
        raise InputError(f"--where {condition!r}: {op} takes one value")
    return _COMPARISONS[op](cells, wanted[0]).fillna(False).astype(bool)


def _where_day(condition: str, text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(dt.date.fromisoformat(text.strip()))
    except ValueError:
        raise InputError(f"--where {condition!r}: {text.strip()!r} is no date; write it as YYYY-MM-DD") from None


def _where_flag(condition: str, text: str) -> bool:
    """A yes/no as the user writes it, read as flag columns are (yes, true, 1, 是 …)."""
    flag, failed = parse_bool(pd.Series([text.strip()], dtype="str"))
    if failed.iloc[0] or pd.isna(flag.iloc[0]):
        raise InputError(f"--where {condition!r}: {text.strip()!r} is no yes or no")
    return bool(flag.iloc[0])


def _where_number(condition: str, column: str, text: str) -> float:
    """A number as the user writes it, read as the column's cells are: an amount with its symbol, separators or
    scale, a probability as a percentage (above 1, or with %) or a fraction."""
    written = pd.Series([text.strip()], dtype="str")
    number, failed = parse_percent(written) if column in PERCENT_COLUMNS else parse_number(written)
    if failed.iloc[0] or pd.isna(number.iloc[0]):
        raise InputError(f"--where {condition!r}: {text.strip()!r} is no number")
    return float(number.iloc[0])


def _check_one_currency(frame: pd.DataFrame, column: str, op: str, condition: str) -> None:
    """Amounts in several currencies cannot be compared with one number."""
    if op not in _COMPARISONS or column not in MONEY_COLUMNS or "currency" not in frame:
        return
    currencies = sorted(frame["currency"].dropna().unique())
    if len(currencies) > 1:
        raise InputError(f"--where {condition!r}: the amounts are in several currencies ({', '.join(currencies)}); "
                         "compare within one, e.g. with --where currency=" + currencies[0])


def by_columns(by: str | None) -> list[str]:
    """The columns ``--by`` names, read as --where's are: a header's snake_case form (``Lead Source`` is
    lead_source)."""
    return [extra_column_name(column) for column in (by or "").split(",") if column.strip()]


def where_columns(conditions: list[str]) -> list[str]:
    """The columns that ``--where`` conditions name (malformed conditions are reported when applied)."""
    return [extra_column_name(match["column"]) for condition in conditions if (match := _WHERE_RE.match(condition))]


def header_aliases(columns_by_source: list[dict[str, str]]) -> dict[str, str]:
    """Each input header that became a canonical column, as --by and --where write it (snake_case), and that column:
    ``Closing Date`` is close_date. ``columns_by_source``: each input's canonical column -> header."""
    return {extra_column_name(header): canonical for columns in columns_by_source
            for canonical, header in columns.items() if extra_column_name(header) != canonical}


def resolved_column(column: str, tables: dict[str, pd.DataFrame], aliases: dict[str, str]) -> str:
    """The column a --by or --where name stands for: its own name where a table has it, else the canonical column its
    header became."""
    return column if any(column in frame.columns for frame in tables.values()) else aliases.get(column, column)


def apply_where_to_tables(tables: dict[str, pd.DataFrame], conditions: list[str],
                          aliases: dict[str, str] | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Apply each ``--where`` condition to every table that has its column (``aliases``: see header_aliases),
    equalities before comparisons (so that ``--where currency=EUR`` narrows the amounts that ``amount>1000``
    compares); a column no table has is an error. Also returns a warning for each table a condition leaves without
    rows."""
    tables = dict(tables)
    warnings = []
    ordered = sorted(conditions, key=lambda condition: _condition(condition)[1] in _COMPARISONS)
    for condition in ordered:
        column = resolved_column(_condition(condition)[0], tables, aliases or {})
        holders = [name for name, frame in tables.items() if column in frame.columns and not column.startswith("_")]
        if not holders:
            known = sorted({c for frame in tables.values() for c in frame.columns if not c.startswith("_")})
            raise InputError(f"--where {condition!r}: no column {column!r}; columns: {', '.join(known)}")
        for name in holders:
            before = len(tables[name])
            tables[name] = apply_where(tables[name], condition, column)
            if before and tables[name].empty:
                warnings.append(f"--where {condition!r} keeps none of the {before:,} rows of {name}")
    return tables, warnings


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
    dated = closed & close.notna()
    if dated.any() and not (dated & inside).any():  # a wrong period in a cron job reads as a quiet week otherwise
        warnings.append(f"no deal closed between {since or 'the start'} and {until or 'the end'}; the export's "
                        f"closed deals closed between {close[dated].min():%Y-%m-%d} and {close[dated].max():%Y-%m-%d}")
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
