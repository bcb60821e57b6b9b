"""A dashboard report that stops on an unexpected error (a fault in crmreport) no longer takes the others with it:
they are written, the page lists the failed one under "not run", and the exit status is 2."""

from __future__ import annotations

import json

import pytest

import crmreport.reports.forecast as forecast
from helpers import EXAMPLES, cli

SOURCE = EXAMPLES / "salesforce_opportunities.csv"


def fail_forecast(monkeypatch) -> None:
    def compute(tables, options):
        raise ValueError("no convergence for 'Acme Corp'")  # an error whose text quotes the data

    monkeypatch.setattr(forecast, "compute", compute)


def test_the_other_reports_are_written_and_the_failure_is_said(tmp_path, monkeypatch):
    assert cli("dashboard", "--from", SOURCE, "-o", tmp_path / "whole.json").exit_code == 0
    whole = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    fail_forecast(monkeypatch)
    target = tmp_path / "dash.json"
    result = cli("dashboard", "--from", SOURCE, "-o", target)
    assert result.exit_code == 2
    assert result.stderr == ("crmreport: error: the dashboard was written without forecast (unexpected ValueError: "
                             "no convergence for 'Acme Corp'): run again with --debug to see where\n")
    board = json.loads(target.read_text(encoding="utf-8"))
    whole_kpis = {report["report"]: report["kpis"] for report in whole["dashboard"]}
    kept = {report["report"]: report["kpis"] for report in board["dashboard"]}
    assert "forecast" in whole_kpis and list(kept) == [name for name in whole_kpis if name != "forecast"]
    assert all(kpis == whole_kpis[name] for name, kpis in kept.items())  # the others as in a run without the fault
    failed = [entry for entry in board["skipped"] if entry["report"] == "forecast"]
    assert failed == [{"report": "forecast", "reason": "failed: unexpected ValueError (a fault in crmreport; run again "
                                                        "with --debug to see where)"}]
    assert "Acme" not in target.read_text(encoding="utf-8").split('"skipped"')[1]  # the data stays out of the page


def test_with_debug_the_error_is_raised_and_nothing_written(tmp_path, monkeypatch):
    fail_forecast(monkeypatch)
    target = tmp_path / "dash.html"
    with pytest.raises(ValueError, match="no convergence"):
        cli("dashboard", "--from", SOURCE, "-o", target, "--debug")
    assert not target.exists()


def test_a_failure_in_a_worker_process_comes_back_the_same(monkeypatch):
    """On big inputs the reports run in forked workers: the failure crosses back as it is said here."""
    from crmreport import dashboard
    from crmreport.loaders import LoadOptions, load_dataset
    from crmreport.report import ReportOptions

    fail_forecast(monkeypatch)
    dataset = load_dataset([SOURCE], LoadOptions())
    here = dashboard.build_dashboard(dataset, ReportOptions())
    monkeypatch.setattr(dashboard, "PARALLEL_FROM_ROWS", 0)
    monkeypatch.setenv("CRMREPORT_WORKERS", "2")
    in_workers = dashboard.build_dashboard(dataset, ReportOptions())
    assert in_workers.failed == here.failed == ["forecast (unexpected ValueError: no convergence for 'Acme Corp')"]
    assert in_workers.skipped == here.skipped
    assert [report.name for report in in_workers.reports] == [report.name for report in here.reports]
