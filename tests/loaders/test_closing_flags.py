"""Won/Closed flags (Salesforce's IsWon/IsClosed, HubSpot's "Is Closed Won"/"Is Deal Closed?") with stages of a
pipeline's own. A Salesforce report with a "Won" column and no "Closed" column counted its Closed Lost deals as open,
one with "Closed" alone counted its Closed Won deals as lost; a HubSpot pipeline's own closing stages ("Paid in
full", "Gone dark") were open stages, their deals open. The figures are counted from the rows by a loop."""

from __future__ import annotations

import pytest

from tests.helpers import cli, report_json, write_csv

SF_HEADER = ["Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"]
SF_ROWS = [["A", "Acme", "Ann", "Closed Won", "5000", "2024-03-01", "2024-01-01"],
           ["B", "Beta", "Bob", "Closed Lost", "3000", "2024-03-02", "2024-01-01"],
           ["C", "Gamma", "Ann", "Prospecting", "2000", "2024-05-01", "2024-01-01"],
           ["D", "Delta", "Bob", "Closed Won", "1500", "2024-03-09", "2024-01-01"],
           ["E", "Eta", "Ann", "Negotiation/Review", "700", "2024-05-01", "2024-01-01"]]


def _counts(rows, status_of):
    statuses = [status_of(row) for row in rows]
    won_amount = sum(float(row[4]) for row, status in zip(rows, statuses) if status == "won")
    return statuses.count("won"), statuses.count("lost"), statuses.count("open"), won_amount


@pytest.mark.parametrize("flag_header, flag_of", [
    ("Won", lambda row: "1" if row[3] == "Closed Won" else "0"),
    ("Closed", lambda row: "1" if row[3].startswith("Closed") else "0"),
    ("Won", lambda row: "true" if row[3] == "Closed Won" else "false"),
])
def test_one_flag_alone_leaves_the_rest_to_the_stage(tmp_path, flag_header, flag_of):
    path = write_csv(tmp_path / "sf.csv", SF_HEADER + [flag_header], [row + [flag_of(row)] for row in SF_ROWS])
    expected = _counts(SF_ROWS, lambda row: {"Closed Won": "won", "Closed Lost": "lost"}.get(row[3], "open"))
    kpis = report_json("funnel", "--from", path)["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["open_count"], kpis["won_amount"]) == expected
    assert expected == (2, 1, 2, 6500)


def test_both_flags_decide_and_an_empty_flag_leaves_it_to_the_stage(tmp_path):
    # E is flagged won against its stage: the flags win; C's flags are empty: its stage decides
    flags = {"A": ("1", "1"), "B": ("0", "1"), "C": ("", ""), "D": ("1", "1"), "E": ("1", "1")}
    rows = [row + list(flags[row[0]]) for row in SF_ROWS]
    path = write_csv(tmp_path / "sf.csv", SF_HEADER + ["Won", "Closed"], rows)
    expected = _counts(SF_ROWS, lambda row: {"A": "won", "B": "lost", "C": "open", "D": "won", "E": "won"}[row[0]])
    kpis = report_json("performance", "--from", path)["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["won_amount"]) == expected[:2] + expected[3:]


HS_HEADER = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount", "Pipeline", "Create Date",
             "Is Closed Won", "Is Deal Closed?"]
# a pipeline of the team's own: its closing stages are "Paid in full" (won) and "Gone dark" (lost)
HS_ROWS = [[101, "Acme", "Paid in full", "2024-03-01", "Ann", "5000", "Partners", "2024-01-10", "true", "true"],
           [102, "Beta", "Gone dark", "2024-03-05", "Bob", "3000", "Partners", "2024-01-12", "false", "true"],
           [103, "Gamma", "Contract Sent", "2024-04-05", "Ann", "2000", "Partners", "2024-02-12", "false", "false"],
           [104, "Delta", "Appointment Scheduled", "2024-05-05", "Bob", "1000", "Partners", "2024-02-20", "false",
            "false"],
           [105, "Eps", "Paid in full", "2024-03-11", "Bob", "4000", "Partners", "2024-01-15", "true", "true"],
           [106, "Zeta", "Gone dark", "2024-03-12", "Ann", "600", "Partners", "2024-01-15", "false", "true"]]


def test_a_pipelines_own_closing_stages_are_closed_by_the_flags(tmp_path):
    path = write_csv(tmp_path / "hubspot.csv", HS_HEADER, HS_ROWS)
    doc = report_json("funnel", "--from", path)
    assert doc["inputs"][0]["profile"] == "hubspot"
    won = [row for row in HS_ROWS if row[8] == "true"]
    lost = [row for row in HS_ROWS if row[8] == "false" and row[9] == "true"]
    kpis = doc["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["open_count"]) == (len(won), len(lost), 2)
    assert kpis["won_amount"] == sum(float(row[5]) for row in won) == 9000
    stages = {row["stage"]: row for row in doc["tables"]["stages"]}
    assert (stages["Paid in full"]["status"], stages["Gone dark"]["status"]) == ("won", "lost")
    # the open stages are HubSpot's own two; a deal reached Contract Sent when it is there or won (lost deals in a
    # closing stage tell no stage they reached)
    assert [name for name, row in stages.items() if row["status"] == "open"] == ["Appointment Scheduled",
                                                                               "Contract Sent"]
    assert stages["Contract Sent"]["reached"] == 1 + len(won)
    assert stages["Appointment Scheduled"]["reached"] == len(HS_ROWS)


def test_an_unreadable_flag_is_left_to_the_stage_with_a_warning(tmp_path):
    rows = [row + [{"A": "1", "B": "maybe"}.get(row[0], "0")] for row in SF_ROWS]
    path = write_csv(tmp_path / "sf.csv", SF_HEADER + ["Won"], rows)
    doc = report_json("funnel", "--from", path)
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"]) == (2, 1)  # B's stage: Closed Lost
    assert any("could not be read as true/false" in w and "the stage decides" in w for w in doc["warnings"])
    result = cli("funnel", "--from", path, "--lang", "zh")
    assert result.exit_code == 0
    assert "由阶段决定" in result.stdout


# --- stages a profile's table does not know ------------------------------------------------------------------------

def test_stages_a_profile_does_not_know_go_where_their_words_put_them(tmp_path):
    # "Deal value", "Deal stage", "Deal pipeline" are ActiveCampaign's headers too (its stages: To Contact,
    # In Contact, Follow Up, Negotiation); "New" went after Negotiation, the funnel upside down
    header = ["Name", "Deal value", "Currency", "Deal stage", "Deal pipeline", "Sales owner", "Probability (%)"]
    rows = [["A", "1000", "USD", "New", "Default", "Ann", "10"],
            ["B", "2000", "USD", "Negotiation", "Default", "Bob", "60"],
            ["C", "3000", "USD", "Demo", "Default", "Ann", "30"],
            ["D", "4000", "USD", "Won", "Default", "Bob", "100"],
            ["E", "500", "USD", "New", "Default", "Bob", "10"]]
    doc = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", header, rows))
    open_stages = [row["stage"] for row in doc["tables"]["stages"] if row["status"] == "open"]
    assert open_stages == ["New", "Demo", "Negotiation"]
    reached = {row["stage"]: row["reached"] for row in doc["tables"]["stages"]}
    assert reached == {"New": 5, "Demo": 3, "Negotiation": 2, "Won": 1, "Lost": None}


def test_a_known_pipeline_keeps_its_order_around_a_stage_of_the_users_own(tmp_path):
    # HubSpot's default stages with one of the team's own, "Discovery call": after Qualified To Buy (qualification
    # comes before discovery in stage words), before Presentation Scheduled
    stages = ["Appointment Scheduled", "Qualified To Buy", "Discovery call", "Presentation Scheduled",
              "Decision Maker Bought-In", "Contract Sent"]
    rows = [[i, f"D{i}", stage, "2024-05-01", "Ann", "100", "Sales Pipeline", "2024-01-01"]
            for i, stage in enumerate(stages)]
    path = write_csv(tmp_path / "hubspot.csv", HS_HEADER[:8], rows)
    doc = report_json("funnel", "--from", path)
    assert [row["stage"] for row in doc["tables"]["stages"] if row["status"] == "open"] == stages
