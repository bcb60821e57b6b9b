"""Funnel arithmetic on a small frame worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from crmreport.report import ReportOptions
from crmreport.reports import funnel


def deals(rows):
    frame = pd.DataFrame(rows, columns=["stage", "status", "stage_order", "amount", "probability"])
    return frame.astype({"stage": "str", "status": "str", "stage_order": "float64"})


def test_reached_counts_open_later_stages_won_and_lost_where_known():
    frame = deals([
        ("Lead", "open", 0, 100.0, 0.1),
        ("Lead", "open", 0, 200.0, 0.1),
        ("Demo", "open", 1, 300.0, 0.5),
        ("Proposal", "open", 2, 400.0, 0.8),
        ("Demo", "lost", 1, 50.0, 0.0),       # lost at Demo (Pipedrive-style): reached Lead and Demo
        ("Closed Lost", "lost", None, 60.0, 0.0),  # stage says nothing: reached Lead only
        ("Closed Won", "won", None, 1000.0, 1.0),
        ("Closed Won", "won", None, 500.0, 1.0),
    ])
    table = funnel.stage_table(frame).set_index("stage")
    # Lead: every deal = 8; Demo: Demo(1 open + 1 lost) + Proposal 1 + won 2 = 5; Proposal: 1 + 2 won = 3
    assert table.loc["Lead", "reached"] == 8
    assert table.loc["Demo", "reached"] == 5
    assert table.loc["Proposal", "reached"] == 3
    assert table.loc["Closed Won", "reached"] == 2
    assert table.loc["Demo", "conversion"] == pytest.approx(5 / 8)
    assert table.loc["Demo", "drop_off"] == pytest.approx(3 / 8)
    assert table.loc["Closed Won", "conversion"] == pytest.approx(2 / 3)
    assert table.loc["Closed Won", "not_advanced"] == 1
    # open deals at the stage, with amounts and weighted amounts
    assert table.loc["Lead", "deals"] == 2 and table.loc["Lead", "amount"] == 300.0
    assert table.loc["Lead", "weighted_amount"] == pytest.approx(30.0)
    assert table.loc["Closed Won", "amount"] == 1500.0
    assert table.loc["Closed Lost", "deals"] == 2 and table.loc["Closed Lost", "amount"] == 110.0
    assert list(table.index) == ["Lead", "Demo", "Proposal", "Closed Won", "Closed Lost"]


def test_kpis():
    frame = deals([("A", "open", 0, 1.0, 0.5), ("Won", "won", None, 10.0, 1.0), ("Lost", "lost", None, 5.0, 0.0),
                   ("Lost", "lost", None, 5.0, 0.0)])
    report = funnel.compute({"deals": frame}, ReportOptions())
    assert report.kpis["won_count"] == 1 and report.kpis["lost_count"] == 2
    assert report.kpis["win_rate"] == pytest.approx(1 / 3)
    assert report.kpis["win_rate_by_value"] == pytest.approx(10 / 20)
    assert report.kpis["overall_conversion"] == pytest.approx(1 / 4)
