"""Charts drawn by forked workers are the charts drawn one by one, in the same places."""

from __future__ import annotations

from crmreport.charts import PARALLEL_FROM, chart_svg, report_charts
from crmreport.dashboard import build_dashboard
from crmreport.loaders import LoadOptions, load_dataset
from crmreport.report import ReportOptions

from helpers import MAVEN


def test_workers_draw_the_same_charts_as_one_process():
    dataset = load_dataset([MAVEN / "sales_pipeline.csv", MAVEN / "sales_teams.csv"], LoadOptions())
    reports = build_dashboard(dataset, ReportOptions()).reports
    specs = sum(len(report.charts) for report in reports)
    assert specs >= PARALLEL_FROM  # enough for the workers to be used
    parallel = report_charts(reports, workers=2)
    serial = [[svg for svg in (chart_svg(report, spec) for spec in report.charts) if svg] for report in reports]
    assert parallel == serial
    assert sum(len(charts) for charts in serial) >= PARALLEL_FROM
    assert all(svg.startswith("<svg") for charts in parallel for svg in charts)
