"""Amounts with a plus sign (+2,000.00) or with the minus after the number, as ERPs write credits (1,234.50-):
such cells were unreadable. A deal's amount below zero is then ignored as any other (with its warning)."""

from __future__ import annotations

from tests.helpers import report_json, write_csv


def test_plus_signs_and_trailing_minus(tmp_path):
    rows = [["A", "Ann", "Won", "+2,000.00"], ["B", "Ann", "Won", "1,234.50-"], ["C", "Bob", "Won", "500.00"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal", "Owner", "Stage", "Amount"], rows)
    doc = report_json("performance", "--from", path)
    assert doc["kpis"]["won_amount"] == 2000.00 + 500.00
    assert f"{path}: amount: 1 value below zero, e.g. '-1234.5' (rows 3); the amount of those deals is ignored" \
        in doc["warnings"]
    assert not any("could not be read" in warning for warning in doc["warnings"])
