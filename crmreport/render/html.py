"""``--format html``: one self-contained page (inline CSS, inline SVG charts, no request to any host)."""

from __future__ import annotations

from functools import partial
from html import escape  # the standard library's: a third faster here than markupsafe's, which makes Markup objects

from markupsafe import Markup

from ..charts import report_charts
from ..i18n import format_value, input_text, label, numeric_columns, skipped_text, table_title, warning_text
from ..report import Report, json_value


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("crmreport", "templates"), autoescape=select_autoescape(["html"]),
                              trim_blocks=False, lstrip_blocks=False)
    environment.globals["numeric_columns"] = numeric_columns  # globals reach the imported macros
    return environment


def _cell_value(value) -> str:
    """The raw value the sort script compares."""
    value = json_value(value)
    return "" if value is None else str(value)


def _table_rows(frame, currency: str | None = None, lang: str = "en") -> list[Markup]:
    """Each row of a table as its cells' HTML (``<td data-value="raw value the sort script compares">text</td>``),
    made column by column here: the template's own work per cell took most of a big dashboard's page."""
    columns = []
    for column, number in zip(frame.columns, numeric_columns(frame)):
        opening = '<td class="num" data-value="' if number else '<td data-value="'
        pairs = [(escape(_cell_value(value)), escape(format_value(str(column), value, currency, lang)))
                 for value in frame[column].tolist()]
        columns.append([f'{opening}{raw}">{text}</td>' for raw, text in pairs])
    return [Markup("".join(cells)) for cells in zip(*columns)]


def _helpers(lang: str) -> dict:
    return {"t": partial(label, lang=lang), "table_title": partial(table_title, lang=lang),
            "fmt": partial(_format, lang=lang), "table_rows": partial(_table_rows, lang=lang), "lang": lang,
            "warning_text": partial(warning_text, lang=lang), "input_text": partial(input_text, lang=lang)}


def _format(key, value, currency=None, lang="en"):
    return format_value(str(key), value, currency, lang)


def render(report: Report, lang: str = "en") -> str:
    """The report as a standalone HTML page."""
    template = _environment().get_template("report.html")
    return template.render(report=report, charts=report_charts([report], lang)[0], page_title=label(report.title, lang),
                           generated_at=report.generated_at, **_helpers(lang))


def render_dashboard(dashboard, lang: str = "en") -> str:
    """Every report of a dashboard on one page, with a KPI overview and links to each section."""
    sections = [{"report": report, "charts": charts, "overview": dashboard.overview(report)}
                for report, charts in zip(dashboard.reports, report_charts(dashboard.reports, lang))]
    template = _environment().get_template("dashboard.html")
    skipped = [skipped_text(name, reason, lang) for name, reason in dashboard.skipped]
    return template.render(sections=sections, skipped=skipped, inputs=dashboard.inputs,
                           since=dashboard.since, until=dashboard.until, page_title=label("Dashboard", lang),
                           generated_at=dashboard.generated_at, **_helpers(lang))


def render_summary(reports: list[Report], title: str, since, until, lang: str = "en") -> str:
    """A short page of every report's KPIs: the body of a mail."""
    template = _environment().get_template("summary.html")
    generated = reports[0].generated_at if reports else ""
    return template.render(reports=reports, since=since, until=until, page_title=title, generated_at=generated,
                           **_helpers(lang))
