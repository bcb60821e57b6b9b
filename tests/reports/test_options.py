"""Common report options: --period, --top, --by, --dayfirst, computed against hand-made data."""

from __future__ import annotations

import pytest

from helpers import report_json, write_csv

HEADER = ["Deal Name", "Owner", "Team", "Stage", "Amount", "Probability", "Close Date", "Created Date"]
ROWS = [
    ["A", "Ann", "North", "Proposal", "1000", "50%", "05/02/2024", "01/01/2024"],  # 5 Feb with --dayfirst, else 2 May
    ["B", "Ann", "North", "Negotiation", "2000", "80%", "20/03/2024", "01/01/2024"],
    ["C", "Bob", "South", "Proposal", "400", "50%", "10/04/2024", "01/02/2024"],
    ["D", "Bob", "South", "Won", "3000", "", "15/01/2024", "01/01/2024"],
    ["E", "Cy", "South", "Won", "500", "", "28/02/2024", "10/02/2024"],
    ["F", "Cy", "South", "Lost", "700", "", "01/03/2024", "10/02/2024"],
]


@pytest.fixture
def deals_csv(tmp_path):
    return write_csv(tmp_path / "deals.csv", HEADER, ROWS)


def test_pipeline_by_close_period(deals_csv):
    # day first is decided from the data (20/03, 15/01, 28/02 have a first part above 12)
    doc = report_json("pipeline", "--from", deals_csv, "--period", "month")
    months = {row["period"]: (row["open_count"], row["open_amount"]) for row in doc["tables"]["by_close_period"]}
    assert months == {"2024-02": (1, 1000), "2024-03": (1, 2000), "2024-04": (1, 400)}
    quarters = report_json("pipeline", "--from", deals_csv, "--period", "quarter")["tables"]["by_close_period"]
    assert {row["period"]: row["weighted_amount"] for row in quarters} == {"2024Q1": 1000 * 0.5 + 2000 * 0.8,
                                                                          "2024Q2": 400 * 0.5}


def test_monthfirst_forces_the_other_reading(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Stage", "Amount", "Close Date"],
                     [["A", "Proposal", "10", "05/02/2024"], ["B", "Proposal", "20", "06/03/2024"]])
    default = report_json("pipeline", "--from", path)["tables"]["by_close_period"]
    assert [row["period"] for row in default] == ["2024-05", "2024-06"]  # no value above 12: month first
    forced = report_json("pipeline", "--from", path, "--dayfirst")["tables"]["by_close_period"]
    assert [row["period"] for row in forced] == ["2024-02", "2024-03"]


def test_performance_by_team_and_top(deals_csv):
    doc = report_json("performance", "--from", deals_csv, "--by", "team")
    teams = {row["team"]: row for row in doc["tables"]["by_team"]}
    assert teams["South"]["won_amount"] == 3500 and teams["South"]["win_rate"] == pytest.approx(2 / 3)
    assert teams["North"]["won_count"] == 0 and teams["North"]["open_amount"] == 3000
    top = report_json("performance", "--from", deals_csv, "--top", "1")["tables"]["by_owner"]
    assert [row["owner"] for row in top] == ["Bob"]


def test_cycle_by_owner(deals_csv):
    doc = report_json("cycle", "--from", deals_csv)
    owners = {row["owner"]: row["avg_cycle_days"] for row in doc["tables"]["by_owner"]}
    assert owners == {"Bob": 14, "Cy": 18}  # 1→15 Jan; 10→28 Feb
    assert doc["kpis"]["avg_cycle_days"] == 16 and doc["kpis"]["median_cycle_days"] == 16
