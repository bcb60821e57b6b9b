"""The terminal rendering: KPIs, then each table, then warnings, with rich."""

from __future__ import annotations

import io

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import format_value, input_text, label, numeric_columns, table_title, warning_text
from ..report import Report

TERMINAL_ROWS = 25


def _table(name: str, frame: pd.DataFrame, currency: str | None, lang: str) -> Table:
    shown = frame.head(TERMINAL_ROWS)
    more = f" ({TERMINAL_ROWS} / {len(frame)})" if len(frame) > TERMINAL_ROWS else ""
    table = Table(title=table_title(name, lang) + more, title_justify="left", header_style="bold")
    for column, numeric in zip(shown.columns, numeric_columns(shown)):
        table.add_column(label(str(column), lang), justify="right" if numeric else "left", overflow="fold")
    for row in shown.itertuples(index=False, name=None):
        table.add_row(*(Text(format_value(str(column), value, currency, lang)) for column, value in zip(shown.columns, row)))
    return table


def print_report(report: Report, console: Console, lang: str = "en") -> None:
    """Print a report to a rich console."""
    console.print(Text(label(report.title, lang), style="bold"))
    since = report.since.isoformat() if report.since else label("start", lang)
    until = report.until.isoformat() if report.until else label("end", lang)
    inputs = ", ".join(input_text(item, lang) for item in report.inputs if item["table"])
    console.print(Text(f"{label('period', lang)}: {since} … {until}   {label('inputs', lang)}: {inputs}"), soft_wrap=True)
    kpis = Table(show_header=False, box=None, pad_edge=False)
    kpis.add_column(style="bold")
    kpis.add_column(justify="right")
    for key, value in report.kpis.items():
        kpis.add_row(Text(label(key, lang)), Text(format_value(key, value, report.currency, lang)))
    console.print(kpis)
    for name, frame in report.tables.items():
        console.print()
        console.print(_table(name, frame, report.currency, lang))
    if report.warnings:
        console.print()
        console.print(Text(f"{label('warnings', lang)}: {len(report.warnings)}", style="yellow bold"))
        for warning in report.warnings:
            console.print(Text(f"! {warning_text(warning, lang)}", style="yellow"), soft_wrap=True)


def render(report: Report, lang: str = "en", width: int = 160) -> str:
    """The terminal rendering as plain text (for ``-o report.txt``)."""
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=width, color_system=None, force_terminal=False), lang)
    return buffer.getvalue()
