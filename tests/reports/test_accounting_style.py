"""Amounts as Excel writes them to CSV in its accounting and comma styles: `$(300.00)` for -300 (the currency outside
the brackets) and a dash alone for zero (` $-   `, ` -   `). Both were unreadable cells. A dash is zero only in a
money column: a rating or an exchange rate written '-' stays unreadable. Figures by hand."""

from __future__ import annotations

import json

from helpers import cli, report_json, write_csv


def test_a_ledger_in_accounting_style(tmp_path):
    ledger = write_csv(tmp_path / "ledger.csv", ["Date", "Type", "Category", "Amount"], [
        ["2024-01-05", "Revenue", "Subscriptions", " $12,000.00 "],
        ["2024-01-20", "Revenue", "Refunds", " $(300.00)"],  # a refund: -300
        ["2024-01-25", "Revenue", "Services", " $-   "],  # nothing billed: 0
        ["2024-01-31", "Expense", "Rent", " $2,500.00 "],
        ["2024-01-31", "Expense", "Travel", " -   "],  # the comma style's zero
    ])
    profit = report_json("profit", "--from", ledger)
    assert profit["kpis"]["revenue"] == 12000.00 - 300.00 + 0.0
    assert profit["kpis"]["expenses"] == 2500.00
    assert profit["kpis"]["profit"] == 12000.00 - 300.00 - 2500.00
    assert not any("could not be read" in warning for warning in profit["warnings"])


def test_deals_in_accounting_style_and_the_audit(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], [
        ["A", "Ann", "Closed Won", " $1,200.00 ", "2024-03-05"],
        ["B", "Ann", "Proposal", " $-   ", "2024-06-30"],  # an open deal at zero
        ["C", "Bob", "Closed Won", "USD (50.00)", "2024-03-07"],  # a credit: negative, set aside by the schema
    ])
    pipeline = report_json("pipeline", "--from", deals)
    assert (pipeline["kpis"]["open_count"], pipeline["kpis"]["open_amount"]) == (1, 0.0)
    assert pipeline["kpis"]["currency"] == "USD"
    audit = json.loads(cli("audit", "--from", deals, "-F", "json").stdout)
    assert audit["kpis"].get("amount_zero") == 1 and "amount_text" not in audit["kpis"]
    assert audit["kpis"].get("amount_negative") == 1


def test_a_dash_is_no_zero_rating(tmp_path):
    header = ["Ticket ID", "Agent", "Channel", "Priority", "Status", "Created At", "Resolved At", "Satisfaction"]
    tickets = write_csv(tmp_path / "tickets.csv", header, [
        ["1", "Mei", "Email", "High", "Closed", "2024-03-01 09:00", "2024-03-01 12:00", "5"],
        ["2", "Mei", "Email", "Low", "Closed", "2024-03-02 09:00", "2024-03-02 12:00", "-"],
        ["3", "Raj", "Phone", "Low", "Closed", "2024-03-03 09:00", "2024-03-03 12:00", "1"]])
    satisfaction = report_json("satisfaction", "--from", tickets)
    assert satisfaction["kpis"]["responses"] == 2  # 5 and 1; the dash is no answer, not a zero
    assert any("satisfaction" in w and "'-'" in w for w in satisfaction["warnings"])
