"""Renderers: each takes a Report (or a Dashboard) and returns text or bytes; none computes."""

from __future__ import annotations

from ..errors import InputError

TEXT_FORMATS = ("terminal", "json", "html", "csv", "md")


def render_report(report, fmt: str, lang: str = "en", table: str | None = None) -> str | bytes:
    """One report in a file format (terminal means its plain-text rendering)."""
    if table is not None and fmt != "csv":
        raise InputError("--table applies to --format csv")
    if fmt == "json":
        from .json import render
        return render(report)
    if fmt == "csv":
        from .csv import render as render_csv
        return render_csv(report, table)
    if fmt == "md":
        from .md import render as render_md
        return render_md(report, lang)
    if fmt == "xlsx":
        from .xlsx import render as render_xlsx
        return render_xlsx(report, lang)
    if fmt in ("html", "pdf"):
        from .html import render as render_html
        page = render_html(report, lang)
        if fmt == "pdf":
            from .pdf import html_to_pdf
            return html_to_pdf(page)
        return page
    from .terminal import render as render_text
    return render_text(report, lang)


def render_dashboard(board, fmt: str, lang: str = "en") -> str | bytes:
    """The dashboard as html, xlsx, pdf or json."""
    if fmt == "json":
        from .json import render_dashboard as as_json
        return as_json(board)
    if fmt == "xlsx":
        from .xlsx import render_dashboard as workbook
        return workbook(board, lang)
    if fmt not in ("html", "pdf"):
        raise InputError("the dashboard is written as html, xlsx, pdf or json (use -o dash.html or --format)")
    from .html import render_dashboard as page_of
    page = page_of(board, lang)
    if fmt == "pdf":
        from .pdf import html_to_pdf
        return html_to_pdf(page)
    return page
