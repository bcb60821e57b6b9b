"""Excel's text formula around IDs (``="00123"``, a cell that shows 00123), which some exports write to keep leading
zeros: read as written, such deal IDs matched no activity's ``00123`` and no other row's; now they are the ID."""

from __future__ import annotations

import pandas as pd

from crmreport.parsing import clean_text
from tests.helpers import report_json, write_csv

DEALS = [['="00123"', "A", "Ann", "Closed Won", "100", "2024-03-05"],
         ['="00124"', "B", "Ann", "Closed Won", "200", "2024-03-06"],
         ['="00125"', "C", "Bob", "Negotiation", "300", "2026-12-30"]]
ACTIVITIES = [["1", "Call", "Ann", "2024-03-01", "Intro", "00123"],
              ["2", "Email", "Ann", "2024-03-02", "Follow", "00123"],
              ["3", "Call", "Ann", "2024-03-03", "Intro", "00124"],
              ["4", "Call", "Bob", "2024-03-03", "Intro", "00125"]]


def test_deal_ids_in_text_formulas_link_their_activities(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date"], DEALS)
    activities = write_csv(tmp_path / "activities.csv", ["Activity ID", "Activity Type", "Owner", "Date", "Subject",
                                                         "Deal ID"], ACTIVITIES)
    report = report_json("activity", "--from", deals, "--from", activities)
    won_ids = {deal[0][2:-1] for deal in DEALS if deal[3] == "Closed Won"}  # the text inside ="…"
    linked = [activity for activity in ACTIVITIES if activity[5] in won_ids]
    assert report["kpis"]["activities_per_won_deal"] == len(linked) / len(won_ids) == 1.5
    assert not any("no activity names" in warning for warning in report["warnings"])


def test_the_same_id_with_and_without_the_formula_is_one_id(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [DEALS[0], ["00123", "A again", "Ann", "Closed Won", "100", "2024-03-05"], DEALS[1]])
    checks = {check["code"]: check for check in report_json("audit", "--from", deals)["tables"]["checks"]}
    assert checks["DUP_ID"]["count"] == 1


def test_only_the_text_formula_is_unwrapped():
    written = pd.Series(['="00123"', ' ="0042" ', "=SUM(A1)", '="a"b"', "plain", '=""', None], dtype="str")
    assert clean_text(written).fillna("-").tolist() == ["00123", "0042", "=SUM(A1)", 'a"b', "plain", "-", "-"]
