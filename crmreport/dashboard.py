"""The dashboard: every report whose tables are present, run on one dataset; the others listed with why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from .errors import InputError, NoReportRan
from .loaders import Dataset
from .report import Report, ReportOptions
from .reports import registry, run_report
from .workers import run_jobs

OVERVIEW_KPIS = 3
PARALLEL_FROM_ROWS = 100_000  # rows in all tables: from here on the reports run in worker processes


@dataclass
class Dashboard:
    """Reports that ran, reports that could not (name, reason), and the inputs they share."""

    reports: list[Report]
    skipped: list[tuple[str, str]]
    inputs: list[dict]
    failed: list[str] = field(default_factory=list)  # reports stopped by an unexpected error (listed in skipped)
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


@dataclass
class Unexpected:
    """A report's unexpected error (a fault in crmreport, not in the inputs), by its type and text: a worker process
    hands it back like a result."""

    kind: str
    text: str


def report_or_reason(name: str, dataset: Dataset, options: ReportOptions,
                      keep_going: bool) -> Report | InputError | Unexpected:
    """The report, or why it cannot run on these inputs, or (``keep_going``) its unexpected error: returned, so that
    the other reports go on."""
    try:
        return run_report(name, dataset, options)
    except InputError as exc:
        return exc
    except Exception as exc:
        if not keep_going:
            raise
        return Unexpected(type(exc).__name__, str(exc))


def build_dashboard(dataset: Dataset, options: ReportOptions, keep_going: bool = True) -> Dashboard:
    """Run every registered report; one that cannot run on these inputs is skipped with its reason. One that stops
    on an unexpected error is skipped as failed (named in ``failed``), and the others are kept; with ``keep_going``
    False (``--debug``) the error is raised instead.

    On big inputs the reports run in worker processes, one per core (``crmreport/workers.py``); a report that
    declares ``STARTS_FIRST`` (one that imports a heavy library, such as the forecast) is handed out first, so
    that the others share the remaining workers meanwhile."""
    modules = registry()
    names = sorted(modules, key=lambda name: not getattr(modules[name], "STARTS_FIRST", False))
    big = sum(len(table) for table in dataset.tables.values()) >= PARALLEL_FROM_ROWS
    jobs = [partial(report_or_reason, name, dataset, options, keep_going) for name in names]
    outcomes = dict(zip(names, run_jobs(jobs, None if big else 1)))
    reports, skipped, failed = [], [], []
    for name in modules:  # in the registry's order, whichever finished first
        outcome = outcomes[name]
        if isinstance(outcome, InputError):
            skipped.append((name, str(outcome)))
        elif isinstance(outcome, Unexpected):  # its text may quote the data: only the kind goes into the page
            skipped.append((name, f"failed: unexpected {outcome.kind} (a fault in crmreport; run again with --debug "
                                  "to see where)"))
            failed.append(f"{name} (unexpected {outcome.kind}: {outcome.text})")
        else:
            reports.append(outcome)
    if not reports:
        raise NoReportRan(f"no report could run on these inputs ({grouped_reasons(skipped)})", skipped)
    return Dashboard(reports, skipped, dataset.inputs(), failed, options.since, options.until)


def reasons_with_reports(skipped: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each reason reports could not run for, once, with the reports it stopped; a reason that begins with its
    report's name is taken without it."""
    by_reason: dict[str, list[str]] = {}
    for name, reason in skipped:
        by_reason.setdefault(reason.removeprefix(f"{name} "), []).append(name)
    return by_reason


def grouped_reasons(skipped: list[tuple[str, str]]) -> str:
    """Why reports could not run, each reason once with the reports it stopped ("pipeline, funnel: needs a deals
    table, …")."""
    return "; ".join(f"{', '.join(names)}: {reason}" for reason, names in reasons_with_reports(skipped).items())
