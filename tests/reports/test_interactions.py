"""interactions: the example activities joined to the example Zoho deals, recomputed with loops."""

from __future__ import annotations

import collections
import csv
import re

import pytest

from helpers import DATASETS, EXAMPLES, assert_refused, report_json

CHANNELS = {"Call": "call", "Email": "email", "Meeting": "meeting", "Task": "task"}
POSITIVE = ("repl", "connect", "interest", "booked", "scheduled", "held", "positive", "success", "won", "answered")


def _positive(outcome: str) -> bool:
    text = outcome.lower()
    return any(word in text for word in POSITIVE) and not re.search(r"\bno\b|\bnot\b|\bnone\b|\bun", text)


def test_example_interactions_and_their_deals():
    with (EXAMPLES / "activities.csv").open(newline="", encoding="utf-8") as stream:
        activities = list(csv.DictReader(stream))
    with (EXAMPLES / "zoho_deals.csv").open(newline="", encoding="utf-8-sig") as stream:
        deals = {d["Record Id"]: d for d in csv.DictReader(stream)}
    doc = report_json("interactions", "--from", EXAMPLES / "activities.csv", "--from", EXAMPLES / "zoho_deals.csv")
    closed = {i: d["Stage"] == "Closed Won" for i, d in deals.items() if d["Stage"].startswith("Closed")}
    overall = sum(closed.values()) / len(closed)
    assert doc["kpis"]["overall_win_rate"] == pytest.approx(overall)
    rows = {r["channel"]: r for r in doc["tables"]["by_channel"]}
    for label, channel in CHANNELS.items():
        mine = [a for a in activities if a["Activity Type"] == label]
        customers = {deals[a["Deal ID"]]["Account Name"] for a in mine}
        touched = {a["Deal ID"] for a in mine if a["Deal ID"] in closed}
        with_outcome = [a for a in mine if a["Outcome"]]
        row = rows[channel]
        assert (row["interactions"], row["customers"]) == (len(mine), len(customers))
        assert row["closed_deals"] == len(touched)
        assert row["win_rate"] == pytest.approx(sum(closed[d] for d in touched) / len(touched))
        assert row["lift"] == pytest.approx(row["win_rate"] / overall)
        assert row["positive_outcomes"] == sum(_positive(a["Outcome"]) for a in with_outcome)
    per_customer = collections.Counter(deals[a["Deal ID"]]["Account Name"] for a in activities)
    found = {r["customer"]: r["interactions"] for r in doc["tables"]["by_customer"]}
    assert found == dict(per_customer)


def test_interactions_alone_and_without_activities(tmp_path):
    doc = report_json("interactions", "--from", EXAMPLES / "activities.csv")
    assert doc["kpis"]["interactions"] == 60 and "closed_deals" not in doc["tables"]["by_channel"][0]
    assert any("no deals with deal ids" in w for w in doc["warnings"])
    assert_refused(tmp_path, "interactions", "--from", EXAMPLES / "orders.csv",
                   message="interactions needs an activities table")


def test_zoho_calls_per_account():
    """Zoho's Calls export (CATALOG-more): 4,100 calls; the customer is the call's ACCOUNTID."""
    calls = DATASETS / "zoho_crm" / "Calls.csv"
    with calls.open(newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    accounts = [r["ACCOUNTID"] for r in rows if r["ACCOUNTID"]]
    doc = report_json("interactions", "--from", calls)
    assert doc["kpis"]["interactions"] == len(rows) == 4100
    assert doc["kpis"]["customers"] == len(set(accounts))
    assert doc["kpis"]["per_customer"] == pytest.approx(len(accounts) / len(set(accounts)))
    (call,) = doc["tables"]["by_channel"]
    assert call["channel"] == "call" and call["per_customer"] == pytest.approx(doc["kpis"]["per_customer"])
    top = collections.Counter(accounts).most_common(1)[0]
    assert doc["tables"]["by_customer"][0]["interactions"] == top[1]


def test_documents_with_a_subject_and_a_due_date_are_not_activities():
    """Zoho's whole export: its sales orders (Subject, Due Date, Grand Total) were read as 2,061 activities. The
    interactions are its calls, events and tasks: a row count of those three files."""
    zoho = DATASETS / "zoho_crm"
    rows = 0
    for name in ("Calls.csv", "Events.csv", "Tasks.csv"):
        with (zoho / name).open(newline="", encoding="utf-8") as stream:
            rows += sum(1 for _ in csv.DictReader(stream))
    doc = report_json("interactions", "--from", zoho)
    assert doc["kpis"]["interactions"] == rows == 10_056
    tables = {entry["path"].rsplit("/", 1)[-1]: entry["table"] for entry in doc["inputs"]}
    assert (tables["Sales_Orders.csv"], tables["Invoices.csv"], tables["Quotes.csv"]) == (None, None, None)
