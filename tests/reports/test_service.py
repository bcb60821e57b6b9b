"""satisfaction and requests: the support-ticket and Zoho case figures of CATALOG-more, and hand-made tickets."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from helpers import DATASETS, cli, report_json, write_csv

TICKETS = DATASETS / "support_tickets" / "customer_support_tickets.csv"


def test_satisfaction_on_support_tickets():
    """CATALOG-more: 2,769 rated tickets, CSAT (4–5) 0.392560, mean 2.991333."""
    doc = report_json("satisfaction", "--from", TICKETS)
    assert doc["kpis"]["responses"] == 2769
    assert doc["kpis"]["csat"] == pytest.approx(0.392560, abs=1e-6)
    assert doc["kpis"]["avg_rating"] == pytest.approx(2.991333, abs=1e-6)
    assert doc["kpis"]["nps"] is None
    with TICKETS.open(encoding="utf-8", newline="") as stream:
        rows = [r for r in csv.DictReader(stream) if r["Customer Satisfaction Rating"]]
    by_channel = {r["channel"]: r["csat"] for r in doc["tables"]["by_channel"]}
    for channel in {r["Ticket Channel"] for r in rows}:
        mine = [float(r["Customer Satisfaction Rating"]) for r in rows if r["Ticket Channel"] == channel]
        assert by_channel[channel] == pytest.approx(sum(1 for x in mine if x >= 4) / len(mine))


def test_requests_on_support_tickets_and_zoho_cases():
    doc = report_json("requests", "--from", TICKETS)
    assert (doc["kpis"]["tickets"], doc["kpis"]["resolved"], doc["kpis"]["backlog"]) == (8469, 2769, 5700)
    priorities = {r["priority"]: r["tickets"] for r in doc["tables"]["by_priority"]}
    assert priorities == {"Critical": 2129, "Low": 2063, "High": 2085, "Medium": 2192}
    cases = report_json("requests", "--from", DATASETS / "zoho_crm" / "Cases.csv")
    assert (cases["kpis"]["tickets"], cases["kpis"]["resolved"]) == (797, 249)  # Status Closed
    with (DATASETS / "zoho_crm" / "Cases.csv").open(encoding="utf-8", newline="") as stream:
        owners = Counter(r["Case Owner"] for r in csv.DictReader(stream))
    assert {r["agent"]: r["tickets"] for r in cases["tables"]["by_agent"]} == dict(owners)


def test_nps_and_same_day_close(tmp_path):
    path = write_csv(tmp_path / "t.csv", ["Ticket ID", "Agent", "Channel", "Priority", "Status", "Created At",
                                          "Resolved At", "Rating"],
                     [["1", "Ann", "Email", "High", "Solved", "2024-03-01 09:00", "2024-03-01 17:00", "10"],
                      ["2", "Ann", "Chat", "Low", "Closed", "2024-03-01 09:00", "2024-03-02 10:00", "9"],
                      ["3", "Bob", "Chat", "Low", "Open", "2024-03-02 09:00", "", "6"],
                      ["4", "Bob", "Email", "High", "Solved", "2024-03-03 09:00", "2024-03-03 09:30", "3"],
                      ["5", "Bob", "Email", "Low", "Pending", "2024-03-04 09:00", "", ""]])
    satisfaction = report_json("satisfaction", "--from", path)
    assert satisfaction["kpis"]["responses"] == 4
    assert satisfaction["kpis"]["nps"] == pytest.approx((2 - 2) / 4)  # promoters 10, 9; detractors 6, 3
    assert {r["agent"]: r["nps"] for r in satisfaction["tables"]["by_agent"]} == {"Ann": 1.0, "Bob": -1.0}
    requests = report_json("requests", "--from", path)
    assert (requests["kpis"]["resolved"], requests["kpis"]["backlog"]) == (3, 2)
    assert requests["kpis"]["same_day_close"] == 2 and requests["kpis"]["same_day_close_rate"] == pytest.approx(2 / 3)


def test_call_centre_workbook_satisfaction_and_resolution():
    """PwC call-centre workbook (CATALOG-more §10): 4,054 rated calls, mean rating 3.403552, CSAT 0.499013,
    3,646 resolved of 5,000 calls; read from its "Resolved" Y/N column."""
    workbook = DATASETS / "call_center_pwc" / "Call-Center-Dataset.xlsx"
    satisfaction = report_json("satisfaction", "--from", workbook)["kpis"]
    assert satisfaction["responses"] == 4054
    assert satisfaction["avg_rating"] == pytest.approx(3.403552, abs=1e-6)
    assert satisfaction["csat"] == pytest.approx(0.499013, abs=1e-6)
    requests = report_json("requests", "--from", workbook)["kpis"]
    assert (requests["tickets"], requests["resolved"]) == (5000, 3646)


def test_ratings_out_of_range_are_left_out(tmp_path):
    path = write_csv(tmp_path / "t.csv", ["Ticket ID", "Agent", "Channel", "Priority", "Status", "Satisfaction"],
                     [["1", "A", "Email", "High", "Closed", "5"], ["2", "A", "Email", "Low", "Closed", "47"],
                      ["3", "B", "Chat", "Low", "Closed", "2"]])
    doc = report_json("satisfaction", "--from", path)
    assert doc["kpis"]["responses"] == 2 and doc["kpis"]["csat"] == 0.5
    assert any("satisfaction: 1 value outside 0–10, e.g. '47.0' (rows 3)" in w for w in doc["warnings"])


def test_zendesk_good_and_bad_satisfaction(tmp_path):
    """Zendesk writes its satisfaction as good/bad, and offered/unoffered for surveys without an answer: the column
    ('Satisfaction Score') was not found, and its words were not ratings. CSAT is the share of good among answers."""
    rows = [["1", "Solved", "Ann", "2024-03-01 10:00", "2024-03-01 15:00", "Good", "Email"],
            ["2", "Solved", "Ann", "2024-03-02 10:00", "2024-03-03 10:00", "Bad", "Web"],
            ["3", "Open", "Bob", "2024-03-04 10:00", "", "Offered", "Email"],
            ["4", "Solved", "Bob", "2024-03-05 10:00", "2024-03-05 11:00", "good", "Chat"],
            ["5", "Solved", "Bob", "2024-03-05 10:00", "2024-03-05 11:00", "Unoffered", "Chat"]]
    path = write_csv(tmp_path / "zendesk.csv", ["Id", "Status", "Assignee", "Created at", "Solved at",
                                                "Satisfaction Score", "Via"], rows)
    doc = report_json("satisfaction", "--from", path)
    answers = [row[5].lower() for row in rows if row[5].lower() in ("good", "bad")]
    assert doc["kpis"]["responses"] == len(answers) == 3
    assert doc["kpis"]["csat"] == pytest.approx(answers.count("good") / len(answers))
    assert doc["kpis"]["avg_rating"] is None and doc["kpis"]["nps"] is None
    by_agent = {row["agent"]: (row["responses"], row["csat"]) for row in doc["tables"]["by_agent"]}
    assert by_agent == {"Ann": (2, 0.5), "Bob": (1, 1)}
    assert not [warning for warning in doc["warnings"] if "could not be read" in warning]



def test_a_minimal_ticket_sheet_is_recognised_by_its_ticket_id(tmp_path):
    """Ticket ID, agent, status, created and resolved times, a rating: no channel, priority or category. It was an
    unrecognised file; a bare 'ID' header beside the same columns is still not enough."""
    header = ["Ticket ID", "Agent", "Status", "Created At", "Resolved At", "Satisfaction"]
    rows = [["1", "Mei", "Closed", "2024-03-01 09:00", "2024-03-01 12:00", "5"],
            ["2", "Mei", "Closed", "2024-03-02 09:00", "2024-03-03 09:00", "4"],
            ["3", "Raj", "Open", "2024-03-03 09:00", "", ""]]
    requests = report_json("requests", "--from", write_csv(tmp_path / "tickets.csv", header, rows))
    assert requests["inputs"][0]["table"] == "tickets"
    assert (requests["kpis"]["tickets"], requests["kpis"]["resolved"], requests["kpis"]["backlog"]) == (3, 2, 1)
    assert requests["kpis"]["same_day_close"] == 1  # ticket 1; ticket 2 closed the next day
    bare = cli("requests", "--from", write_csv(tmp_path / "bare.csv", ["ID", *header[1:]], rows))
    assert bare.exit_code == 2 and "(unrecognised)" in bare.stderr
