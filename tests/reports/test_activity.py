"""activity: done and planned counts, activities per won deal and stale deals, worked out by hand."""

from __future__ import annotations

from helpers import DATASETS, report_json, write_csv


def test_activity_counts_and_stale_deals(tmp_path):
    activities = write_csv(tmp_path / "activities.csv", ["Activity ID", "Activity Type", "Owner", "Date", "Status", "Deal ID"],
                           [["1", "Call", "Ann", "2024-06-20", "Completed", "D1"],
                            ["2", "Email", "Ann", "2024-06-25", "", "D1"],  # no status, date passed: done
                            ["3", "Meeting", "Bob", "2024-05-01", "Completed", "D2"],  # before the last 30 days
                            ["4", "Call", "Bob", "2024-07-05", "Not Started", "D3"],  # planned next period
                            ["5", "Call", "Bob", "2024-08-20", "", "D3"],  # beyond the next 30 days
                            ["6", "Task", "Ann", "2024-06-28", "Completed", "D4"]])
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [["D1", "one", "Ann", "Won", "10", "2024-06-21"], ["D2", "two", "Bob", "Proposal", "20", ""],
                       ["D3", "three", "Bob", "Proposal", "30", ""], ["D4", "four", "Ann", "Won", "40", "2024-06-29"],
                       ["D5", "five", "Ann", "Proposal", "50", ""]])
    doc = report_json("activity", "--from", activities, "--from", deals, "--until", "2024-06-30")
    kpis = doc["kpis"]
    assert (kpis["done_last_period"], kpis["planned_next_period"]) == (3, 1)
    assert kpis["activities_per_won_deal"] == 3 / 2  # D1 twice, D4 once, over two won deals
    # open deals D2 (last activity 1 May, 60 days before), D5 (none) are stale; D3 has one planned on 5 July
    assert kpis["stale_deals"] == 2
    assert [(r["deal_id"], r["last_activity"]) for r in doc["tables"]["stale_deals"]] == [("D5", None),
                                                                                         ("D2", "2024-05-01")]
    done = {(r["owner"], r["type"]): r["activities"] for r in doc["tables"]["done_by_owner_and_type"]}
    assert done == {("Ann", "call"): 1, ("Ann", "email"): 1, ("Ann", "task"): 1}


def test_zoho_calls_are_calls():
    doc = report_json("activity", "--from", DATASETS / "zoho_crm" / "Calls.csv", "--until", "2021-04-15",
                      "--period", "year")
    assert {r["type"] for r in doc["tables"]["done_by_owner_and_type"]} == {"call"}
    assert doc["inputs"][0]["table"] == "activities"


def test_activity_example_with_the_zoho_example_deals():
    import csv

    from helpers import EXAMPLES

    with (EXAMPLES / "activities.csv").open(encoding="utf-8", newline="") as stream:
        activities = list(csv.DictReader(stream))
    doc = report_json("activity", "--from", EXAMPLES / "activities.csv", "--from", EXAMPLES / "zoho_deals.csv",
                      "--until", "2024-09-30")
    done = [a for a in activities if a["Status"] == "Completed" and "2024-09-01" <= a["Date"] <= "2024-09-30"]
    planned = [a for a in activities if a["Status"] == "Not Started" and "2024-10-01" <= a["Date"] <= "2024-10-30"]
    assert (doc["kpis"]["done_last_period"], doc["kpis"]["planned_next_period"]) == (len(done), len(planned))
    assert doc["kpis"]["activities_per_won_deal"] is not None


def test_activities_that_name_none_of_the_deals(tmp_path):
    """Deal IDs from another CRM: no activity reaches a deal. It crashed ('Cannot cast DatetimeArray to dtype
    float64', pandas' map from an empty column of dates); now every open deal is stale, and the report says why."""
    activities = write_csv(tmp_path / "activities.csv", ["Activity ID", "Activity Type", "Owner", "Date", "Deal ID"],
                           [["1", "Call", "Ann", "2024-06-20", "zcrm_1"],
                            ["2", "Email", "Bob", "2024-06-25", "zcrm_2"]])
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [["1", "one", "Ann", "Won", "10", "2024-06-21"], ["2", "two", "Bob", "Proposal", "20", ""],
                       ["3", "three", "Bob", "Proposal", "30", ""]])
    doc = report_json("activity", "--from", activities, "--from", deals, "--until", "2024-06-30")
    assert doc["kpis"]["activities_per_won_deal"] == 0  # one won deal, no activity on it
    assert doc["kpis"]["stale_deals"] == 2
    assert [(r["deal_id"], r["last_activity"]) for r in doc["tables"]["stale_deals"]] == [("3", None), ("2", None)]
    assert any("no activity names one of these deals" in w for w in doc["warnings"])
