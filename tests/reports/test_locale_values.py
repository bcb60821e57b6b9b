"""Amounts and dates as spreadsheets of other locales write them, through the CLI: India's lakhs and rupee signs,
Excel's long dates and month names with times, Chinese 上午/下午 clocks."""

from __future__ import annotations

import datetime as dt
import statistics

from tests.helpers import assert_refused, report_json, write_csv

HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Created", "Closing Date"]
# (name, owner, stage, amount as written, amount in rupees, created as written, created, closed as written, closed)
DEALS = [
    ("Tata order", "Asha", "Closed Won", "₹12,34,567.00", 1234567.00,
     "5 Feb 2024 10:15", dt.date(2024, 2, 5), "Tuesday, March 5, 2024", dt.date(2024, 3, 5)),
    ("Infy renewal", "Asha", "Closed Won", "Rs. 1,00,000", 100000.00,
     "January 10, 2024 9:00 AM", dt.date(2024, 1, 10), "Friday, February 9, 2024", dt.date(2024, 2, 9)),
    ("Wipro pilot", "Ravi", "Closed Lost", "₹ 2,50,000.50", 250000.50,
     "01-Mar-24", dt.date(2024, 3, 1), "Monday, April 1, 2024", dt.date(2024, 4, 1)),
    ("HCL upsell", "Ravi", "Closed Won", "INR 75,000", 75000.00,
     "2024/3/1 下午 02:30:00", dt.date(2024, 3, 1), "Wednesday, May 1, 2024", dt.date(2024, 5, 1)),
    ("Open one", "Ravi", "Negotiation", "₹3,00,000", 300000.00,
     "Mar 5 2024 2:30PM", dt.date(2024, 3, 5), "Sunday, June 30, 2024", dt.date(2024, 6, 30)),
]


def _export(tmp_path):
    rows = [[name, owner, stage, written, created, closed]
            for name, owner, stage, written, _amount, created, _created, closed, _closed in DEALS]
    return write_csv(tmp_path / "deals.csv", HEADER, rows)


def test_rupees_in_lakhs_are_added_up_in_inr(tmp_path):
    report = report_json("performance", "--from", _export(tmp_path))
    won = [deal for deal in DEALS if deal[2] == "Closed Won"]
    assert report["kpis"]["currency"] == "INR"
    assert report["kpis"]["won_count"] == len(won) == 3
    assert report["kpis"]["won_amount"] == sum(deal[4] for deal in won) == 1409567.00
    by_owner = {row["owner"]: row for row in report["tables"]["by_owner"]}
    assert by_owner["Ravi"]["open_amount"] == 300000.00
    assert not any("Amount" in warning for warning in report["warnings"])


def test_long_dates_and_twelve_hour_clocks_give_the_cycle(tmp_path):
    report = report_json("cycle", "--from", _export(tmp_path))
    days = [(deal[8] - deal[6]).days for deal in DEALS if deal[2] == "Closed Won"]  # closed - created
    assert sorted(days) == [29, 30, 61]  # 2024 is a leap year: 5 Feb to 5 Mar is 29 days
    assert report["kpis"]["avg_cycle_days"] == statistics.mean(days)
    assert report["kpis"]["median_cycle_days"] == statistics.median(days)
    assert not any("date" in warning for warning in report["warnings"])


def test_rupees_beside_reais_are_refused_by_name(tmp_path):
    deals = write_csv(tmp_path / "mixed.csv", ["Deal Name", "Owner", "Stage", "Amount", "Closing Date"],
                      [["A", "Asha", "Closed Won", "₹12,34,567.00", "2024-03-05"],
                       ["B", "Ravi", "Closed Won", "R$ 1.234,56", "2024-03-05"]])
    assert_refused(tmp_path, "funnel", "--from", deals, message="several currencies (BRL, INR)")


def test_rupees_are_shown_with_their_sign(tmp_path):
    """The terminal and the workbook show ₹ as they show $ (DejaVu Sans, the charts' and pages' Latin font, has it)."""
    from openpyxl import load_workbook

    from tests.helpers import cli

    path = _export(tmp_path)
    assert "₹1,409,567.00" in cli("performance", "--from", path).stdout
    target = tmp_path / "performance.xlsx"
    assert cli("performance", "--from", path, "-o", target).exit_code == 0
    formats = {cell.number_format for sheet in load_workbook(target).worksheets for row in sheet.iter_rows()
               for cell in row if isinstance(cell.value, (int, float)) and cell.value == 1409567}
    assert formats and all(fmt.startswith('"₹"') for fmt in formats)
