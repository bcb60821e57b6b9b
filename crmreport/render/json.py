"""``--format json``: the SPEC's JSON contract."""

from __future__ import annotations

import json

from ..report import Report


def render(report: Report) -> str:
    """The report as indented JSON (UTF-8, non-ASCII kept as is)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_dashboard(board) -> str:
    """The dashboard's reports and the reports that did not run, as indented JSON."""
    return json.dumps(board.to_dict(), ensure_ascii=False, indent=2) + "\n"
