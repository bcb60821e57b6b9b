"""Stage history (SPEC's stage_history table, and HubSpot's "Date entered" columns) in the funnel: how far a deal
got is the furthest of where it stands and every stage its history says it entered. Figures are worked out here
by hand or by a plain loop over the files; without the history a lost deal counted at the first stage only."""

from __future__ import annotations

import csv
import json
import math

from helpers import DATASETS, cli, report_json, write_csv

SALESFORCE = DATASETS / "sf_devorg_powerbi"
SALESFORCE_OPEN = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
                   "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"]  # Salesforce's default order


def _reached_by_loop(with_history: bool) -> dict[str, int]:
    """Deals that got at least as far as each open stage, by a loop over the CSV files: won deals pass every stage,
    open ones reach where they stand, lost ones the first stage — or further, as far as their history went."""
    position = {stage: index for index, stage in enumerate(SALESFORCE_OPEN)} | {"Closed Won": math.inf}
    with open(SALESFORCE / "Opportunity.csv", encoding="utf-8") as stream:
        furthest = {row["Id"]: position.get(row["StageName"], 0) for row in csv.DictReader(stream)}
    if with_history:
        with open(SALESFORCE / "OpportunityHistory.csv", encoding="utf-8") as stream:
            for entry in csv.DictReader(stream):
                entered = position.get(entry["StageName"], -1)  # Closed Lost says nothing of how far it got
                furthest[entry["OpportunityId"]] = max(furthest[entry["OpportunityId"]], entered)
    return {stage: sum(1 for reached in furthest.values() if reached >= index)
            for index, stage in enumerate(SALESFORCE_OPEN)}


def _reached(doc: dict) -> dict[str, int]:
    return {row["stage"]: row["reached"] for row in doc["tables"]["stages"] if row["status"] == "open"}


def test_salesforce_opportunity_history_tells_how_far_lost_deals_got(tmp_path):
    """OpportunityHistory.csv beside Opportunity.csv: seven of the eight lost deals had been Closed Won before
    (they passed every open stage), so Qualification was reached by 34 deals, not 27."""
    by_loop = _reached_by_loop(with_history=True)
    assert by_loop["Qualification"] == 34 and _reached_by_loop(with_history=False)["Qualification"] == 27
    funnel = report_json("funnel", "--from", SALESFORCE)  # a read narrowed to the funnel's columns
    assert _reached(funnel) == by_loop
    assert [(row["stage"], row["reached"]) for row in funnel["tables"]["stages"][-2:]] == \
        [("Closed Won", 12), ("Closed Lost", None)]
    assert "stage_history" in [entry["table"] for entry in funnel["inputs"]]
    with open(SALESFORCE / "OpportunityHistory.csv", encoding="utf-8") as stream:
        assert funnel["kpis"]["deals_with_history"] == len({row["OpportunityId"] for row in csv.DictReader(stream)})
    board = tmp_path / "board.json"  # the dashboard reads every column
    assert cli("dashboard", "--from", SALESFORCE, "-F", "json", "-o", board).exit_code == 0
    board_funnel = next(doc for doc in json.loads(board.read_text("utf-8"))["dashboard"] if doc["report"] == "funnel")
    assert _reached(board_funnel) == by_loop
    alone = report_json("funnel", "--from", SALESFORCE / "Opportunity.csv")
    assert _reached(alone) == _reached_by_loop(with_history=False)


HUBSPOT_HEADER = ["Record ID", "Deal Name", "Deal Stage", "Amount", "Pipeline", "Create Date", "Close Date",
                  *(f'Date entered "{stage} (Sales Pipeline)"' for stage in
                    ("Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Contract Sent",
                     "Closed Lost"))]


def _hubspot(tmp_path, bad_date: str = "2024-01-20"):
    return write_csv(tmp_path / "hubspot-crm-exports-all-deals.csv", HUBSPOT_HEADER, [
        ["1", "Lost late", "Closed Lost", "100", "Sales Pipeline", "2024-01-02", "2024-03-01",
         "2024-01-02", "2024-01-10", bad_date, "2024-02-01", "2024-03-01"],
        ["2", "Lost early", "Closed Lost", "200", "Sales Pipeline", "2024-01-03", "2024-02-01",
         "2024-01-03", "", "", "", "2024-02-01"],
        ["3", "Won", "Closed Won", "300", "Sales Pipeline", "2024-01-04", "2024-03-05",
         "2024-01-04", "2024-01-12", "2024-01-25", "2024-02-20", ""],
        ["4", "Qualified", "Qualified To Buy", "400", "Sales Pipeline", "2024-01-05", "2024-06-30",
         "2024-01-05", "2024-01-15", "", "", ""],
        ["5", "New", "Appointment Scheduled", "500", "Sales Pipeline", "2024-01-06", "2024-06-30",
         "2024-01-06", "", "", "", ""],
        ["6", "Lost, no trace", "Closed Lost", "600", "Sales Pipeline", "2024-01-07", "2024-02-07",
         "", "", "", "", "2024-02-07"],
    ])


def test_hubspot_date_entered_columns_are_a_stage_history(tmp_path):
    """By hand (HubSpot's order: Appointment Scheduled, Qualified To Buy, Presentation Scheduled, Decision Maker
    Bought-In, Contract Sent): deal 1 (lost) entered Contract Sent, deal 3 won, deal 4 stands at Qualified To Buy,
    deals 2 and 6 (lost) got no further than the first stage. No deal stands at Presentation Scheduled or Contract
    Sent now: their rows come from the history; Decision Maker Bought-In, which no deal entered, has none."""
    doc = report_json("funnel", "--from", _hubspot(tmp_path))
    rows = [(row["stage"], row["deals"], row["reached"]) for row in doc["tables"]["stages"]]
    assert rows == [("Appointment Scheduled", 1, 6), ("Qualified To Buy", 1, 3), ("Presentation Scheduled", 0, 2),
                    ("Contract Sent", 0, 2), ("Closed Won", 1, 1), ("Closed Lost", 3, None)]
    assert doc["warnings"] == [] and doc["kpis"]["deals_with_history"] == 6  # each deal has one date at least


def test_an_unreadable_date_entered_is_not_counted_and_named(tmp_path):
    """Deal 1's Presentation Scheduled date cannot be read: that entry is left out (its Contract Sent date still
    says it got further) and the warning names the column and the row."""
    doc = report_json("funnel", "--from", _hubspot(tmp_path, bad_date="someday"))
    assert [row["reached"] for row in doc["tables"]["stages"][:4]] == [6, 3, 2, 2]
    warning = next(w for w in doc["warnings"] if "someday" in w)
    assert 'Date entered "Presentation Scheduled (Sales Pipeline)"' in warning and "(rows 2)" in warning


def test_a_placeholder_date_entered_is_not_counted(tmp_path):
    """Deal 5 (at Appointment Scheduled) with a Contract Sent date of 1970-01-01, Unix's day 0 (a blank as some
    exports write it): taken as a date, deal 5 reached Contract Sent (reached 6, 4, 3, 3); as no date the funnel is
    the one worked out by hand above, and the warning names the cell."""
    path = _hubspot(tmp_path)
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[5][HUBSPOT_HEADER.index('Date entered "Contract Sent (Sales Pipeline)"')] = "1970-01-01"
    doc = report_json("funnel", "--from", write_csv(path, rows[0], rows[1:]))
    assert [row["reached"] for row in doc["tables"]["stages"][:4]] == [6, 3, 2, 2]
    warning = next(w for w in doc["warnings"] if "'1970-01-01'" in w)
    assert 'Date entered "Contract Sent (Sales Pipeline)"' in warning and "(rows 6)" in warning
    assert "standing for no date" in warning and "that stage is not counted as entered" in warning


def test_a_history_of_other_deals_is_not_used_and_said(tmp_path):
    """A stage history whose IDs name none of the deals (another CRM's IDs) changes nothing, and says why."""
    history = write_csv(tmp_path / "stage_changes.csv", ["Deal ID", "Stage", "Changed At"],
                        [["X-1", "Contract Sent", "2024-02-01"], ["X-2", "Closed Won", "2024-02-02"]])
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Stage", "Amount"],
                      [["1", "Qualification", "10"], ["2", "Closed Lost", "20"]])
    plain = report_json("funnel", "--from", deals)
    doc = report_json("funnel", "--from", deals, "--from", history)
    assert doc["tables"]["stages"] == plain["tables"]["stages"]
    assert "stage history not used: none of its deal IDs names one of these deals" in doc["warnings"]
    assert "deals_with_history" not in doc["kpis"]


def test_deals_without_ids_cannot_use_a_history(tmp_path):
    """Deals without an ID column: a history cannot be linked to them; the funnel says so and counts as without."""
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", "Amount"],
                      [["A", "Qualification", "10"], ["B", "Closed Lost", "20"]])
    history = write_csv(tmp_path / "history.csv", ["Deal ID", "Stage", "Changed At"],
                        [["1", "Proposal", "2024-02-01"]])
    doc = report_json("funnel", "--from", deals, "--from", history)
    assert "stage history not used: the deals have no deal ID column to link it by" in doc["warnings"]
    assert [row["reached"] for row in doc["tables"]["stages"] if row["status"] == "open"] == [2]


def test_a_generic_stage_log_reaches_stages_in_the_deals_order(tmp_path):
    """A hand-kept stage log (Deal ID, Stage, Changed At) beside a deals sheet: the lost deal had reached Proposal,
    a stage no deal stands at now; generic order by stage words: Qualification, Proposal, Negotiation."""
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Stage", "Amount"],
                      [["1", "Qualification", "10"], ["2", "Negotiation", "20"], ["3", "Closed Lost", "30"]])
    history = write_csv(tmp_path / "history.csv", ["Deal ID", "Stage", "Changed At"],
                        [["3", "Qualification", "2024-01-05"], ["3", "Proposal", "2024-01-20"],
                         ["3", "Closed Lost", "2024-02-01"]])
    doc = report_json("funnel", "--from", deals, "--from", history)
    assert [(row["stage"], row["reached"]) for row in doc["tables"]["stages"] if row["status"] == "open"] == \
        [("Qualification", 3), ("Proposal", 2), ("Negotiation", 1)]


def test_a_deals_sheet_with_a_date_entered_column_stays_deals(tmp_path):
    """'Date Entered' in a hand-kept deals sheet is the day the deal was written down, not a stage history."""
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Stage", "Amount", "Date Entered"],
                      [["1", "Qualification", "10", "2024-01-05"], ["2", "Closed Won", "20", "2024-01-06"]])
    result = cli("inspect", "--from", deals)
    assert result.exit_code == 0
    assert "table:    deals" in result.stdout
    doc = report_json("funnel", "--from", deals)
    assert doc["kpis"]["won_count"] == 1 and doc["warnings"] == []
