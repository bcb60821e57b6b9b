"""Stage names as exports spell them: HubSpot's internal stage IDs (its API and some exports write
'decisionmakerboughtin' for 'Decision Maker Bought-In') and punctuation variants find their stage in the stage table."""

from __future__ import annotations

import pytest

from helpers import report_json, write_csv

HEADER = ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner", "Pipeline"]
ROWS = [  # HubSpot's default pipeline: 20, 40, 60, 80, 90 %
    ["1", "A", "appointmentscheduled", "100", "2099-03-01", "2024-01-01", "Ann", "default"],
    ["2", "B", "qualifiedtobuy", "200", "2099-03-01", "2024-01-01", "Ann", "default"],
    ["3", "C", "decisionmakerboughtin", "300", "2099-03-01", "2024-01-01", "Bob", "default"],
    ["4", "D", "Contract-Sent", "400", "2099-03-01", "2024-01-01", "Bob", "default"],
    ["5", "E", "closedwon", "500", "2024-03-01", "2024-01-01", "Bob", "default"],
    ["6", "F", "Closed Won", "600", "2024-03-01", "2024-01-01", "Bob", "default"],
]


def test_internal_stage_ids_take_the_stage_tables_probability_and_order(tmp_path):
    path = write_csv(tmp_path / "hubspot-deals.csv", HEADER, ROWS)
    pipeline = report_json("pipeline", "--from", path)
    assert pipeline["inputs"][0]["profile"] == "hubspot"
    # by hand: 100×0.2 + 200×0.4 + 300×0.8 + 400×0.9
    assert pipeline["kpis"]["weighted_amount"] == pytest.approx(20 + 80 + 240 + 360)
    assert pipeline["kpis"]["open_without_probability"] == 0
    funnel = report_json("funnel", "--from", path)
    open_stages = [row["stage"] for row in funnel["tables"]["stages"] if row["status"] == "open"]
    assert open_stages == ["appointmentscheduled", "qualifiedtobuy", "decisionmakerboughtin", "Contract-Sent"]
    assert funnel["kpis"]["won_count"] == 2 and funnel["kpis"]["won_amount"] == 1100
