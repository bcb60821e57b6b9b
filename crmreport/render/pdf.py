"""``--format pdf``: the HTML page printed by WeasyPrint (an optional extra: ``pip install 'crmreport[pdf]'``)."""

from __future__ import annotations

from ..errors import InputError

MISSING = ("PDF output needs WeasyPrint, which is not installed (or its system libraries, Pango, are missing): "
           "pip install 'crmreport[pdf]', or use --format html and print it from a browser")


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained HTML page to PDF; nothing is fetched from any host."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise InputError(MISSING) from exc

    def refuse(url: str, *args, **kwargs):
        raise ValueError(f"crmreport pages load nothing from outside: {url}")

    return HTML(string=html, url_fetcher=refuse).write_pdf()
