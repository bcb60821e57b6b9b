"""Deals exported with a row per product (Salesforce's "Opportunities with Products"): each row repeats the
opportunity's own columns, its Amount too. Reports counted every row as a deal — two deals of 1,500 and 700 read as
three deals and 3,700 won — and said nothing. Now rows that repeat an earlier row's deal ID and deal columns are one
deal, with a note; the audit still lists them (DUP_ID)."""

from __future__ import annotations

from tests.helpers import report_json, write_csv

HEADER = ["Opportunity ID", "Opportunity Name", "Stage", "Amount", "Close Date", "Opportunity Owner", "Product Name",
          "Total Price"]
ROWS = [["006A", "Acme", "Closed Won", "1,500.00", "3/1/2024", "Ann", "Widget", "1,000.00"],
        ["006A", "Acme", "Closed Won", "1,500.00", "3/1/2024", "Ann", "Gadget", "500.00"],
        ["006B", "Beta", "Closed Won", "700.00", "3/2/2024", "Bob", "Widget", "700.00"],
        ["006C", "Gamma", "Closed Lost", "900.00", "3/3/2024", "Bob", "Gadget", "900.00"],
        ["006C", "Gamma", "Closed Lost", "900.00", "3/3/2024", "Bob", "Widget", "0.00"],
        ["006C", "Gamma", "Closed Lost", "900.00", "3/3/2024", "Bob", "Gizmo", "0.00"]]


def _deals(rows: list[list[str]]) -> dict[str, tuple[str, float]]:
    """Each opportunity once: its stage and amount."""
    return {row[0]: (row[2], float(row[3].replace(",", ""))) for row in rows}


def test_each_deal_counted_once(tmp_path):
    path = write_csv(tmp_path / "opportunities with products.csv", HEADER, ROWS)
    deals = _deals(ROWS)
    won = [amount for stage, amount in deals.values() if stage == "Closed Won"]
    report = report_json("performance", "--from", path)
    assert (report["kpis"]["won_count"], report["kpis"]["won_amount"]) == (len(won), sum(won)) == (2, 2200)
    assert report["kpis"]["lost_count"] == 1
    assert f"{path}: 2 deals are on 5 rows, one per product or contact, the deal's own columns repeated (an " \
           "opportunities-with-products export?): each deal counted once" in report["warnings"]
    by_product = report_json("performance", "--from", path, "--by", "product")["tables"]["by_product"]
    assert {row["product"]: row["won_amount"] for row in by_product if row["won_amount"]} == \
        {"Widget, Gadget": 1500, "Widget": 700}
    audit = report_json("audit", "--from", path)["kpis"]
    assert (audit["rows"], audit["dup_id"]) == (6, 3)  # the audit sees every row


def test_rows_that_differ_are_kept(tmp_path):
    """Two rows of one ID whose stage or amount differ are no product lines of one deal (snapshots): both count."""
    rows = [["006A", "Acme", "Negotiation/Review", "1,500.00", "3/1/2024", "Ann", "Widget", "1,500.00"],
            ["006A", "Acme", "Closed Won", "1,600.00", "3/9/2024", "Ann", "Widget", "1,600.00"]]
    report = report_json("performance", "--from", write_csv(tmp_path / "snapshots.csv", HEADER, rows))
    assert (report["kpis"]["won_count"], report["kpis"]["won_amount"]) == (1, 1600)
    assert not any("counted once" in warning for warning in report["warnings"])
