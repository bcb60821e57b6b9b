"""The terminal rendering: KPIs, then each table, then warnings, with rich."""

from __future__ import annotations

import io

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..report import Report, json_value

TERMINAL_ROWS = 25
MONEY_WORDS = ("amount", "revenue", "avg_deal_size")
RATIO_KEYS = ("conversion", "drop_off", "probability")


def format_value(key: str, value) -> str:
    """Human text for a KPI or cell: money with thousands separators, ratios as percentages."""
    value = json_value(value)
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if key.endswith(("rate", "rate_by_value", *RATIO_KEYS)) or key.startswith("share"):
        return f"{value * 100:.1f}%"
    if any(word in key for word in MONEY_WORDS):
        return f"{value:,.2f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def _label(key: str) -> str:
    return key.replace("_", " ")


def _table(name: str, frame: pd.DataFrame) -> Table:
    shown = frame.head(TERMINAL_ROWS)
    more = f" (first {TERMINAL_ROWS} of {len(frame)})" if len(frame) > TERMINAL_ROWS else ""
    table = Table(title=_label(name) + more, title_justify="left", header_style="bold")
    for column in shown.columns:
        numeric = pd.api.types.is_numeric_dtype(shown[column])
        table.add_column(_label(str(column)), justify="right" if numeric else "left", overflow="fold")
    for row in shown.itertuples(index=False, name=None):
        table.add_row(*(Text(format_value(str(column), value)) for column, value in zip(shown.columns, row)))
    return table


def print_report(report: Report, console: Console) -> None:
    """Print a report to a rich console."""
    console.print(Text(report.title, style="bold"))
    since = report.since.isoformat() if report.since else "start"
    until = report.until.isoformat() if report.until else "end"
    inputs = ", ".join(f"{i['path']} ({i['profile']}, {i['rows']} rows)" for i in report.inputs if i["table"])
    console.print(Text(f"period: {since} … {until}   inputs: {inputs}"), soft_wrap=True)
    kpis = Table(show_header=False, box=None, pad_edge=False)
    kpis.add_column(style="bold")
    kpis.add_column(justify="right")
    for key, value in report.kpis.items():
        kpis.add_row(_label(key), format_value(key, value))
    console.print(kpis)
    for name, frame in report.tables.items():
        console.print()
        console.print(_table(name, frame))
    if report.warnings:
        console.print()
        console.print(f"[yellow bold]{len(report.warnings)} warning(s)[/yellow bold]")
        for warning in report.warnings:
            console.print(Text(f"! {warning}", style="yellow"), soft_wrap=True)


def render(report: Report, width: int = 160) -> str:
    """The terminal rendering as plain text (for ``-o report.txt``)."""
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=width, color_system=None, force_terminal=False))
    return buffer.getvalue()
