"""``--format xlsx``: a summary sheet with the KPIs, a sheet per table with typed cells and number formats,
frozen headers, auto-filter and widths, and a native Excel chart of each report's main table.

No value is ever written as a formula: text that starts like one is neutralised.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..i18n import (CURRENCY_SYMBOLS, chart_title, format_value, input_kind, label, numeric_columns, skipped_text,
                    table_title, value_kind, value_text, warning_text)
from ..report import ChartSpec, Report, json_value
from .cells import neutralise

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def number_format(key: str, currency: str | None, whole: bool) -> str:
    """Excel number format for a column or KPI, from what its name says it holds."""
    kind = value_kind(key)
    if kind == "ratio":
        return "0.0%"
    if kind == "money":
        symbol = CURRENCY_SYMBOLS.get(currency or "")
        return f'"{symbol}"#,##0.00' if symbol else "#,##0.00"
    if kind == "days":
        return "0.0"
    return "#,##0" if whole else "#,##0.00"


def cell_value(value, key: str = "", lang: str = "en"):
    """A Python value openpyxl writes with the right type: numbers, dates, neutralised text (the words reports give
    in ``lang``), or None."""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return None if pd.isna(value) else value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    value = json_value(value)
    if isinstance(value, str):
        return neutralise(value_text(key, value, lang))
    return value


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", wanted).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" {number}"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _write_table(sheet, frame: pd.DataFrame, currency: str | None, lang: str) -> None:
    sheet.append([label(str(column), lang) for column in frame.columns])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in frame.itertuples(index=False, name=None):
        sheet.append([cell_value(value, str(column), lang) for column, value in zip(frame.columns, row)])
    for position, (column, numeric) in enumerate(zip(frame.columns, numeric_columns(frame)), start=1):
        values = frame[column]
        letter = get_column_letter(position)
        if pd.api.types.is_datetime64_any_dtype(values):
            timed = bool((values.dropna() != values.dropna().dt.normalize()).any())
            fmt = "yyyy-mm-dd hh:mm" if timed else "yyyy-mm-dd"
        elif numeric:
            whole = bool(((values.dropna() % 1) == 0).all())
            fmt = number_format(str(column), currency, whole)
        else:
            fmt = None
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = fmt
        shown = [label(str(column), lang)] + [format_value(str(column), v, currency, lang) for v in values.head(200)]
        sheet.column_dimensions[letter].width = min(50, max(8, max(_display_width(text) for text in shown) + 2))
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def _display_width(text: str) -> int:
    """Wide (CJK) characters take two columns."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _chart(report: Report, sheet, frame: pd.DataFrame, lang: str):
    """A native chart of the main table: the report's own chart spec for it, else bars of its first number column."""
    spec = next((c for c in report.charts if c.table == report.main_table and c.kind != "stacked_bar"), None)
    if spec is None:
        numeric = [column for column, number in zip(frame.columns, numeric_columns(frame)) if number]
        if not numeric or len(frame.columns) < 2:
            return None
        spec = ChartSpec("bar", report.main_table, str(frame.columns[0]), numeric[0])
    if spec.x not in frame or spec.y not in frame:
        return None
    first, rows = 0, min(len(frame), spec.limit)
    if spec.only is not None and spec.only[0] in frame:  # one group's rows, which stand together in the table
        positions = np.flatnonzero((frame[spec.only[0]] == spec.only[1]).to_numpy(dtype=bool, na_value=False))
        first, rows = (int(positions[0]), min(len(positions), spec.limit)) if len(positions) else (0, 0)
    if rows == 0:
        return None
    x_col, y_col = list(frame.columns).index(spec.x) + 1, list(frame.columns).index(spec.y) + 1
    chart = LineChart() if spec.kind == "line" else BarChart()
    if isinstance(chart, BarChart):
        chart.type = "bar"  # horizontal bars: long names stay readable
        chart.y_axis.scaling.orientation = "minMax"
        chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
    chart.title = chart_title(spec.title, spec.table, lang, spec.only)
    chart.add_data(Reference(sheet, min_col=y_col, min_row=first + 2, max_row=first + rows + 1))
    chart.series[0].tx = SeriesLabel(v=str(sheet.cell(row=1, column=y_col).value))  # the column's header
    chart.set_categories(Reference(sheet, min_col=x_col, min_row=first + 2, max_row=first + rows + 1))
    chart.legend = None
    chart.width, chart.height = 18, max(7.5, 0.6 * rows + 3)
    return chart


def _summary(sheet, reports: list[Report], skipped: list[tuple[str, str]], title: str, lang: str) -> None:
    sheet.append([title])
    sheet["A1"].font = TITLE
    first = reports[0]
    sheet.append([label("generated", lang), first.generated_at])
    since = first.since.isoformat() if first.since else label("start", lang)
    until = first.until.isoformat() if first.until else label("end", lang)
    sheet.append([label("period", lang), f"{since} … {until}"])
    for item in first.inputs:
        sheet.append([label("inputs", lang), neutralise(item["path"]), *input_kind(item, lang), item["rows"]])
    sheet.append([])
    sheet.append([label("report", lang), label("key figures", lang), label("value", lang)])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for report in reports:
        for key, value in report.kpis.items():
            sheet.append([label(report.title, lang), label(key, lang), cell_value(value, key, lang)])
            written = sheet.cell(row=sheet.max_row, column=3)
            if isinstance(written.value, (int, float)):
                written.number_format = number_format(key, report.currency, float(written.value).is_integer())
    warnings = [(report.title, w) for report in reports for w in report.warnings]
    if warnings:
        sheet.append([])
        sheet.append([label("warnings", lang)])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        for report_title, warning in warnings:
            sheet.append([label(report_title, lang), neutralise(warning_text(warning, lang))])
    if skipped:
        sheet.append([])
        sheet.append([label("not run", lang)])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        for name, reason in skipped:
            shown_name, shown_reason = skipped_text(name, reason, lang)
            sheet.append([shown_name, neutralise(shown_reason)])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 34
    sheet.column_dimensions["C"].width = 20


def workbook_bytes(reports: list[Report], lang: str = "en", skipped: list[tuple[str, str]] | None = None,
                   title: str | None = None) -> bytes:
    """The workbook for one report or a dashboard of several."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = label("summary", lang)[:31]
    taken = {summary.title.lower()}
    _summary(summary, reports, skipped or [], title or label(reports[0].title, lang), lang)
    for report in reports:
        for name, frame in report.tables.items():
            owner = label(report.title, lang) if lang == "zh" else report.name  # Chinese titles are short
            wanted = table_title(name, lang) if len(reports) == 1 else f"{owner} {table_title(name, lang)}"
            sheet = workbook.create_sheet(_sheet_name(wanted, taken))
            _write_table(sheet, frame, report.currency, lang)
            if name == report.main_table:
                chart = _chart(report, sheet, frame, lang)
                if chart is not None:
                    sheet.add_chart(chart, f"{get_column_letter(len(frame.columns) + 2)}2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(report: Report, lang: str = "en") -> bytes:
    """One report as an xlsx workbook."""
    return workbook_bytes([report], lang)


def render_dashboard(dashboard, lang: str = "en") -> bytes:
    """Every report of a dashboard in one workbook, the summary sheet first."""
    return workbook_bytes(dashboard.reports, lang, dashboard.skipped, label("Dashboard", lang))
