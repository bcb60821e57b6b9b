"""``--format md``: the report as Markdown (title, period, KPIs, tables, warnings)."""

from __future__ import annotations

import pandas as pd

from ..i18n import format_value, input_text, label, numeric_columns, table_title, warning_text
from ..report import Report


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _table(frame: pd.DataFrame, currency: str | None, lang: str) -> list[str]:
    header = [_escape(label(str(column), lang)) for column in frame.columns]
    align = ["---:" if numeric else "---" for numeric in numeric_columns(frame)]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    for row in frame.itertuples(index=False, name=None):
        cells = [_escape(format_value(str(column), value, currency, lang)) for column, value in zip(frame.columns, row)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render(report: Report, lang: str = "en") -> str:
    """Markdown text of the report."""
    since = report.since.isoformat() if report.since else label("start", lang)
    until = report.until.isoformat() if report.until else label("end", lang)
    lines = [f"# {_escape(label(report.title, lang))}", "", f"{label('period', lang)}: {since} … {until}  "]
    inputs = "; ".join(input_text(item, lang) for item in report.inputs if item["table"])
    lines += [f"{label('inputs', lang)}: {_escape(inputs)}", ""]
    kpis = pd.DataFrame({"key": list(report.kpis), "value": list(report.kpis.values())})
    lines += [f"| {label('key figures', lang)} | {label('value', lang)} |", "| --- | ---: |"]
    lines += [f"| {_escape(label(k, lang))} | {_escape(format_value(k, v, report.currency, lang))} |"
              for k, v in zip(kpis["key"], kpis["value"])]
    for name, frame in report.tables.items():
        lines += ["", f"## {_escape(table_title(name, lang))}", ""] + _table(frame, report.currency, lang)
    if report.warnings:
        lines += ["", f"## {label('warnings', lang)}", ""] + [f"- {_escape(warning_text(w, lang))}" for w in report.warnings]
    return "\n".join(lines) + "\n"
