"""Work run in forked worker processes gives what running it here gives, in the same order."""

from __future__ import annotations

import os
from functools import partial

import pandas as pd
import pytest

from crmreport import audit
from crmreport.loaders import LoadOptions, load_dataset
from crmreport.workers import run_jobs, worker_count

from helpers import MAVEN, write_csv


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def _fails() -> None:
    raise ValueError("a job failed")


def test_results_come_back_in_order_from_other_processes():
    results = run_jobs([partial(_pid_and_square, n) for n in range(12)], workers=2)
    assert [square for _pid, square in results] == [n * n for n in range(12)]
    assert {pid for pid, _square in results} - {os.getpid()}  # really run elsewhere


def test_one_worker_or_few_jobs_run_here():
    assert {pid for pid, _ in run_jobs([partial(_pid_and_square, n) for n in range(4)], workers=1)} == {os.getpid()}
    assert {pid for pid, _ in run_jobs([partial(_pid_and_square, 2)], workers=2)} == {os.getpid()}


def test_a_failing_job_fails_the_caller():
    with pytest.raises(ValueError, match="a job failed"):
        run_jobs([partial(_pid_and_square, 1), _fails], workers=2)


def test_worker_count_follows_the_environment(monkeypatch):
    monkeypatch.setenv("CRMREPORT_WORKERS", "1")
    assert worker_count() == 1
    monkeypatch.setenv("CRMREPORT_WORKERS", "3")
    assert worker_count() == 3


def _finding_tuples(findings) -> list[tuple]:
    return [(f.code, f.severity, f.table, f.column, f.count, f.amount, f.rows.to_dict("list")) for f in findings]


def test_audit_checks_in_workers_find_what_they_find_here(tmp_path, monkeypatch):
    contacts = write_csv(tmp_path / "contacts.csv", ["Name", "Email", "Phone", "Company", "Lead Source"], [
        ["Ann Lee", "ann@acme.com", "(415) 555-0101", "Acme", "Web"],
        ["Anne Lee", "ANN@acme.com ", "+1 415 555 0101", "Acme", "web "],
        ["Bo Chen", "bo@@acme", "12", "Beta", "Referral"],
        ["Bo Chen", "bo@@acme", "12", "Beta", "Referral"],
    ])
    dataset = load_dataset([contacts, MAVEN / "sales_pipeline.csv", MAVEN / "accounts.csv"], LoadOptions())
    monkeypatch.setattr(audit, "PARALLEL_FROM_ROWS", 10**9)
    here = audit.run_checks(dataset, audit.AuditOptions())
    monkeypatch.setattr(audit, "PARALLEL_FROM_ROWS", 0)
    monkeypatch.setenv("CRMREPORT_WORKERS", "2")
    in_workers = audit.run_checks(dataset, audit.AuditOptions())
    assert _finding_tuples(in_workers) == _finding_tuples(here)
    assert {"DUP_EMAIL", "DUP_PHONE", "DUP_ROW", "DUP_NAME", "INVALID_EMAIL"} <= {f.code for f in here}


def test_only_an_audit_with_contacts_forks_workers_for_its_checks(tmp_path, monkeypatch):
    """Deals' checks are column-wise: forked workers made a 1M-deal audit no faster and 73 MB bigger (5M deals: 1.2 s
    slower), so they run here; contacts' names, phones and emails are read in Python, and keep their workers."""
    asked = []

    def recording_run_jobs(jobs, workers=None, minimum=2):
        asked.append(workers)
        return [job() for job in jobs]

    monkeypatch.setattr(audit, "run_jobs", recording_run_jobs)
    monkeypatch.setattr(audit, "PARALLEL_FROM_ROWS", 0)  # every input counts as big
    contacts = write_csv(tmp_path / "contacts.csv", ["Name", "Email"], [["Ann Lee", "ann@acme.com"]])
    for inputs, workers in (([MAVEN / "sales_pipeline.csv", MAVEN / "accounts.csv"], 1), ([contacts], None),
                            ([contacts, MAVEN / "sales_pipeline.csv"], None)):
        audit.run_checks(load_dataset(inputs, LoadOptions()), audit.AuditOptions())
        assert asked.pop() == workers  # None: one worker per core


def test_map_in_threads_keeps_the_order_and_runs_one_by_one_when_told(monkeypatch):
    import threading

    from crmreport.workers import map_in_threads

    seen = []

    def square(number):
        seen.append(threading.get_ident())
        return number * number

    monkeypatch.setenv("CRMREPORT_WORKERS", "2")
    assert map_in_threads(square, range(50)) == [n * n for n in range(50)]
    assert threading.get_ident() not in seen
    seen.clear()
    monkeypatch.setenv("CRMREPORT_WORKERS", "1")
    assert map_in_threads(square, range(5)) == [0, 1, 4, 9, 16]
    assert set(seen) == {threading.get_ident()}


def _loaded_alone_and_threaded(paths, monkeypatch):
    """The same inputs loaded with one worker, then with two."""
    monkeypatch.setenv("CRMREPORT_WORKERS", "1")
    one_by_one = load_dataset(paths, LoadOptions())
    monkeypatch.setenv("CRMREPORT_WORKERS", "2")
    return one_by_one, load_dataset(paths, LoadOptions())


def test_columns_cleaned_in_threads_load_as_one_by_one(tmp_path, monkeypatch):
    padded = write_csv(tmp_path / "contacts.csv", ["Name", "Email", "Company", "Lead Source", "Region"], [
        [" Ann Lee", "ann@acme.com ", "Acme", "Web", ""], ["Bo Chen", "", " Beta ", "\u3000Referral", "EMEA"]])
    one_by_one, threaded = _loaded_alone_and_threaded([padded, MAVEN / "sales_pipeline.csv", MAVEN / "accounts.csv"],
                                                      monkeypatch)
    for alone, together in zip(one_by_one.sources, threaded.sources):
        pd.testing.assert_frame_equal(together.frame, alone.frame)
    assert one_by_one.sources[0].frame["company"].tolist() == ["Acme", "Beta"]


def test_deals_parsed_with_money_in_a_thread_load_as_one_by_one(tmp_path, monkeypatch):
    """Amounts are parsed in a thread beside the other columns: same frame, same warnings in the same order."""
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", "Amount", "Currency", "Probability", "Close Date"], [
        ["A", "Closed Won", "$1,200", "usd", "abc", "2024-01-05"], ["B", "Negotiation", "lots", "", "50%", "soon"],
        ["C", "Closed Lost", "€3,5", "EUR", "", "2024-02-30"]])
    one_by_one, threaded = _loaded_alone_and_threaded([deals, MAVEN / "sales_pipeline.csv"], monkeypatch)
    for alone, together in zip(one_by_one.sources, threaded.sources):
        pd.testing.assert_frame_equal(together.frame, alone.frame)
        assert [str(w) for w in together.warnings] == [str(w) for w in alone.warnings]
    first = [w.canonical for w in one_by_one.sources[0].warnings]
    assert first[:3] == ["amount", "probability", "close_date"], first
    currencies = one_by_one.sources[0].frame["currency"]
    assert [None if pd.isna(c) else c for c in currencies] == ["USD", None, "EUR"]


def test_dashboard_reports_in_workers_equal_those_run_here(monkeypatch):
    """The same reports, skipped reports and reasons, in the registry's order; and they were computed elsewhere."""
    from crmreport import dashboard
    from crmreport.report import ReportOptions

    dataset = load_dataset([MAVEN / name for name in ("sales_pipeline.csv", "accounts.csv", "sales_teams.csv",
                                                       "products.csv")], LoadOptions())
    real_run_report = dashboard.run_report

    def run_report_noting_the_process(*arguments):
        report = real_run_report(*arguments)
        report.computed_in = os.getpid()
        return report

    monkeypatch.setattr(dashboard, "run_report", run_report_noting_the_process)
    monkeypatch.setattr(dashboard, "PARALLEL_FROM_ROWS", 10**9)
    here = dashboard.build_dashboard(dataset, ReportOptions())
    monkeypatch.setattr(dashboard, "PARALLEL_FROM_ROWS", 0)
    monkeypatch.setenv("CRMREPORT_WORKERS", "2")
    in_workers = dashboard.build_dashboard(dataset, ReportOptions())

    def documents(board):
        return [{**report.to_dict(), "generated_at": None} for report in board.reports]

    assert documents(in_workers) == documents(here)
    assert in_workers.skipped == here.skipped and here.skipped
    assert [report.name for report in here.reports] == [n for n in dashboard.registry() if n in
                                                        {report.name for report in here.reports}]
    assert "forecast" in {report.name for report in here.reports}
    assert {report.computed_in for report in here.reports} == {os.getpid()}
    assert os.getpid() not in {report.computed_in for report in in_workers.reports}
