"""The dashboard: every report whose tables are present, run on one dataset; the others listed with why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import InputError
from .loaders import Dataset
from .report import Report, ReportOptions
from .reports import registry, run_report

OVERVIEW_KPIS = 3


@dataclass
class Dashboard:
    """Reports that ran, reports that could not (name, reason), and the inputs they share."""

    reports: list[Report]
    skipped: list[tuple[str, str]]
    inputs: list[dict]
    since: dt.date | None = None
    until: dt.date | None = None
    generated_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    def overview(self, report: Report) -> list[tuple[str, object]]:
        """The first KPIs of a report (the ones SPEC says it always carries), for the top of the page."""
        return list(report.kpis.items())[:OVERVIEW_KPIS]

    def to_dict(self) -> dict:
        """JSON: the reports' own documents, and the reports that did not run."""
        return {"dashboard": [report.to_dict() for report in self.reports],
                "skipped": [{"report": name, "reason": reason} for name, reason in self.skipped]}


def build_dashboard(dataset: Dataset, options: ReportOptions) -> Dashboard:
    """Run every registered report; one that cannot run on these inputs is skipped with its reason."""
    reports, skipped = [], []
    for name in registry():
        try:
            reports.append(run_report(name, dataset, options))
        except InputError as exc:
            skipped.append((name, str(exc)))
    if not reports:
        by_reason: dict[str, list[str]] = {}
        for name, reason in skipped:
            by_reason.setdefault(reason, []).append(name)
        reasons = "; ".join(f"{', '.join(names)}: {reason}" for reason, names in by_reason.items())
        raise InputError(f"no report could run on these inputs ({reasons})")
    return Dashboard(reports, skipped, dataset.inputs(), options.since, options.until)
