"""Where revenue and expense lines come from (revenue, expenses, profit), and the lines a report leaves out (also the
order reports: segments, clv, churn)."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..filters import within
from ..i18n import agree
from ..metrics import by_status
from ..report import ReportOptions

LINE_COLUMNS = ("date", "amount", "category", "source", "product", "customer")


def no_lines() -> pd.DataFrame:
    """No lines, in the dtypes of real ones (so that date and number methods work on the empty columns)."""
    return pd.DataFrame({"date": pd.Series(dtype="datetime64[us]"), "amount": pd.Series(dtype="float64"),
                         **{column: pd.Series(dtype="str") for column in LINE_COLUMNS[2:]}})


def ledger_lines(tables: dict[str, pd.DataFrame], kind: str, options: ReportOptions) -> pd.DataFrame:
    """The ledger's lines of one kind (revenue, expense, budget) inside the period, with a date."""
    ledger = tables.get("ledger")
    if ledger is None:
        return no_lines()
    lines = ledger[(ledger["kind"] == kind) & ledger["date"].notna()]
    lines = within(lines, "date", options.since, options.until)
    return lines.reindex(columns=list(LINE_COLUMNS))


def in_period(options: ReportOptions) -> str:
    """" in the period" when --since or --until is given, for warnings that no lines were found."""
    return " in the period" if options.since or options.until else ""


def has_ledger_lines(tables: dict[str, pd.DataFrame], kind: str) -> bool:
    """Whether the ledger has dated lines of one kind, in any period."""
    ledger = tables.get("ledger")
    return ledger is not None and bool(((ledger["kind"] == kind) & ledger["date"].notna()).any())


DATED_SOURCES = {"revenue": ("ledger", "date"), "expense": ("ledger", "date"), "budget": ("ledger", "date"),
                 "orders": ("orders", "order_date")}


def undated_lines(tables: dict[str, pd.DataFrame], source: str) -> list[str]:
    """A warning for the lines left out for want of a date: the ledger's revenue, expense or budget lines, or the
    order lines (``source``; any other source: none). They would change every total, so they are counted."""
    if source not in DATED_SOURCES or DATED_SOURCES[source][0] not in tables:
        return []
    table, date = DATED_SOURCES[source]
    frame = tables[table]
    lines = frame["kind"].eq(source) if table == "ledger" else pd.Series(True, index=frame.index)
    count = int((lines & frame[date].isna()).sum())
    if not count:
        return []
    one, many = (f"{source} line of the ledger", f"{source} lines of the ledger") if table == "ledger" \
        else ("order line", "order lines")
    return [agree(count, f"{one} has no {date} and is", f"{many} have no {date} and are") + " left out"]


def orders_without_customer(tables: dict[str, pd.DataFrame]) -> list[str]:
    """A warning for the order lines left out of customer figures for want of a customer id (none: no warning)."""
    orders = tables.get("orders")
    count = int(orders["customer_id"].isna().sum()) if orders is not None and "customer_id" in orders else 0
    return [agree(count, "order line has no customer id and is", "order lines have no customer id and are")
            + " left out"] if count else []


def undated_revenue(tables: dict[str, pd.DataFrame], origin: str) -> list[str]:
    """undated_lines for the revenue lines of ``origin`` (as revenue_lines names it)."""
    return undated_lines(tables, "revenue" if origin == "ledger" else origin)


def revenue_lines(tables: dict[str, pd.DataFrame], options: ReportOptions) -> tuple[pd.DataFrame, str]:
    """Dated revenue lines inside the period from the first source that has any (in any period): the ledger's revenue
    lines, orders, won deals; and which it was."""
    if has_ledger_lines(tables, "revenue"):
        return ledger_lines(tables, "revenue", options), "ledger"
    orders = tables.get("orders")
    if orders is not None:
        lines = pd.DataFrame({"date": orders["order_date"], "amount": orders["amount"],
                              "category": orders.get("product"), "source": orders.get("region"),
                              "product": orders.get("product"), "customer": orders.get("customer_id")})
        return within(lines[lines["date"].notna()], "date", options.since, options.until), "orders"
    deals = tables.get("deals")
    if deals is not None and "close_date" in deals:
        if "amount" not in deals:
            raise InputError("revenue from won deals needs their amounts, and the deals table has no amount column")
        # the deals are already limited to the period by their close date
        won = by_status(deals, "won", ("close_date", "amount", "type", "lead_source", "product", "account"))
        lines = pd.DataFrame({"date": won["close_date"], "amount": won["amount"], "category": won.get("type"),
                              "source": won.get("lead_source"), "product": won.get("product"),
                              "customer": won.get("account")})
        return lines[lines["date"].notna()], "won deals"
    return no_lines(), "none"
