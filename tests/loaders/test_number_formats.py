"""Amounts a workbook shows in a currency through their number format (a hand-kept sheet types 1200.5 and formats the
cell as euros): read in that currency. They had none, so a report printed no symbol and, beside a CSV of dollars,
added euros to dollars without a word."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from crmreport.loaders.number_formats import format_currency
from tests.helpers import assert_refused, cli, report_json, without_module, write_csv


@pytest.mark.parametrize("code, currency", [
    ("#,##0.00 [$€-407]", "EUR"),  # Excel's currency list, German locale
    ("_-* #,##0.00\\ [$€-1]_-", "EUR"),  # accounting, euro
    ("[$$-409]#,##0.00", "USD"), ("[$$-C09]#,##0.00", "AUD"), ("[$$-1009]#,##0.00", "CAD"),  # which dollar
    ("[$¥-411]#,##0", "JPY"), ("[$¥-804]#,##0.00", "CNY"),  # which yen/yuan
    ("#,##0 [$kr-41D]", "SEK"), ("[$kr.-406] #,##0.00", "DKK"), ("[$£-809]#,##0.00", "GBP"),
    ("[$EUR] #,##0.00", "EUR"), ("[$CHF] #,##0.00", "CHF"),  # a code
    ('"$"#,##0.00', "USD"), ("$#,##0.00_);($#,##0.00)", "USD"), ("[Red]-$#,##0", "USD"),  # literal symbols
    ('#,##0.00\\ "€"', "EUR"), ("\\€ #,##0", "EUR"), ('#,##0.00 "EUR"', "EUR"),
    ("General", None), ("#,##0.00", None), ("0.00%", None), ("yyyy-mm-dd", None), ("[$-409]d-mmm-yy", None),
    ('#,##0 "units"', None), ('0 "pcs"', None),
])
def test_the_currency_a_number_format_shows(code, currency):
    assert format_currency(code) == currency


DEALS = [["Alpha", "Anna", "Closed Won", 1200.5, dt.date(2024, 3, 5)],
         ["Beta", "Ben", "Closed Won", 800, dt.date(2024, 3, 6)],
         ["Gamma", "Ben", "Closed Lost", 300, dt.date(2024, 3, 7)]]


def _workbook(path, number_format: str | None, formatted_rows: int = len(DEALS)):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Deal Name", "Owner", "Stage", "Amount", "Close Date"])
    for position, row in enumerate(DEALS):
        sheet.append(row)
        if number_format and position < formatted_rows:
            sheet.cell(row=position + 2, column=4).number_format = number_format
    book.save(path)
    return path


@pytest.mark.parametrize("reader", ["python-calamine", "openpyxl"])
@pytest.mark.parametrize("number_format, currency", [("#,##0.00 [$€-407]", "EUR"), ("[$$-C09]#,##0.00", "AUD")])
def test_amounts_in_the_currency_their_format_shows(tmp_path, monkeypatch, reader, number_format, currency):
    if reader == "openpyxl":
        without_module(monkeypatch, "python_calamine")
    path = _workbook(tmp_path / "deals.xlsx", number_format)
    doc = report_json("performance", "--from", path)
    won = sum(row[3] for row in DEALS if row[2] == "Closed Won")
    assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == (currency, won == 2000.5 and won)
    note = f"{path} [Sheet]: amount: the workbook shows the amounts in {currency} (their number format): read in " \
           f"{currency}"
    assert note in doc["warnings"]
    assert re.search(rf"Currency +{currency}\n", cli("performance", "--from", path).stdout)
    chinese = " ".join(cli("performance", "--from", path, "--lang", "zh").stdout.split())
    assert f"金额：工作簿以 {currency} 显示金额（其数字格式）：按 {currency} 读取" in chinese


def test_euros_beside_dollars_are_not_added_up(tmp_path):
    euros = _workbook(tmp_path / "eu.xlsx", "#,##0.00 [$€-407]")
    dollars = write_csv(tmp_path / "us.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                        [["Delta", "Dan", "Closed Won", "$500", "2024-03-05"]])
    assert_refused(tmp_path, "performance", "--from", euros, "--from", dollars,
                   message="amounts are in several currencies (EUR, USD)")


@pytest.mark.parametrize("number_format, formatted_rows", [(None, 0), ("#,##0.00", 3), ("#,##0.00 [$€-407]", 2)])
def test_no_currency_where_the_formats_show_none_or_disagree(tmp_path, number_format, formatted_rows):
    """Plain numbers, and a column only partly formatted as euros, stay without a currency, as before."""
    doc = report_json("performance", "--from", _workbook(tmp_path / "deals.xlsx", number_format, formatted_rows))
    assert "currency" not in doc["kpis"] and doc["kpis"]["won_amount"] == 2000.5
    assert not [warning for warning in doc["warnings"] if "number format" in warning]


def test_a_cleaned_copy_keeps_the_currency_or_says_it_cannot(tmp_path):
    """clean's workbook copy shows the amounts in their currency too, so that reports on it read them so; a CSV copy
    cannot, and its summary says so."""
    from openpyxl import load_workbook

    path = _workbook(tmp_path / "deals.xlsx", "#,##0.00 [$€-407]")
    workbook_copy = tmp_path / "deals.clean.xlsx"
    result = cli("clean", "--from", path, "-o", workbook_copy, "-F", "json")
    assert result.exit_code == 0
    sheet = load_workbook(workbook_copy).active
    assert [(cell.value, format_currency(cell.number_format)) for cell in sheet["D"][1:]] == \
        [(row[3], "EUR") for row in DEALS]
    doc = report_json("performance", "--from", workbook_copy)
    assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == ("EUR", 2000.5)
    text_copy = tmp_path / "deals.clean.csv"
    summary = cli("clean", "--from", path, "-o", text_copy, "-F", "json")
    assert f"{path} [Sheet]: Amount: the workbook shows the amounts in EUR; the copy holds the numbers alone (write " \
           "it as .xlsx to keep the currency)" in summary.stdout
