"""Whole amounts as Excel writes them where ',' is the decimal separator: '.' between groups of three (``1.200``,
``1.200.000``) and no decimals, so no ',' anywhere in the column. Read with decimal points they were 1.2 and
unreadable; they are thousands, and every report says it read them so. A column that shows a decimal point
anywhere keeps it."""

from __future__ import annotations

import pandas as pd

from crmreport.parsing import parse_amounts, parse_number
from tests.helpers import cli, report_json, write_csv

HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Closing Date"]
NOTE = "amount: '.' groups thousands, as no value in the column has decimals or a ',' (1.200 is read as 1200, not 1.2)"


def _euros(written: str) -> int:
    """The amount a German reader sees: the dots are thousands separators, nothing else is in the cell."""
    return int(written.replace(".", ""))


def _won(rows: list[list[str]]) -> int:
    return sum(_euros(amount) for _name, _owner, stage, amount, _closed in rows if stage == "Closed Won")


def _german_sheet(tmp_path, rows: list[list[str]]):
    """A hand-kept sheet saved by German Excel as CSV: ';' between fields, dates day first."""
    return write_csv(tmp_path / "deals.csv", HEADER, rows, delimiter=";")


GERMAN = [
    ["Messe Hannover", "Jonas", "Closed Won", "1.200", "05.03.2024"],
    ["Bosch Rahmenvertrag", "Jonas", "Closed Won", "1.250.000", "12.03.2024"],
    ["Kleinauftrag", "Lena", "Closed Won", "800", "20.03.2024"],
    ["Siemens Pilot", "Lena", "Closed Lost", "25.000", "21.03.2024"],
    ["Offenes Angebot", "Lena", "Negotiation", "48.500", "30.04.2024"],
]


def test_whole_amounts_grouped_by_dots_are_thousands(tmp_path):
    report = report_json("performance", "--from", _german_sheet(tmp_path, GERMAN))
    assert report["kpis"]["won_amount"] == _won(GERMAN) == 1_252_000
    by_owner = {row["owner"]: row for row in report["tables"]["by_owner"]}
    assert by_owner["Lena"]["open_amount"] == 48_500
    assert f"{tmp_path / 'deals.csv'}: {NOTE}" in report["warnings"]
    assert not any("could not be read as money" in warning for warning in report["warnings"])


def test_every_amount_dotted_is_read_the_same_way(tmp_path):
    """No amount below a thousand and none above a million: every cell is one dot and three digits."""
    rows = [row for row in GERMAN if row[3].count(".") == 1]
    report = report_json("performance", "--from", _german_sheet(tmp_path, rows))
    open_rows = [row for row in rows if row[2] == "Negotiation"]
    by_owner = {row["owner"]: row for row in report["tables"]["by_owner"]}
    assert by_owner["Lena"]["open_amount"] == sum(_euros(row[3]) for row in open_rows) == 48_500
    assert report["kpis"]["won_amount"] == _won(rows) == 1_200


def test_a_decimal_point_anywhere_keeps_the_point(tmp_path):
    """A cents value far down the column (past the first thousand rows the reader looks at first) shows the column
    writes decimal points: its 1.200 is 1.2, and nothing is said about thousands."""
    rows = [[f"Deal {n}", "Ann", "Closed Won", "1.200" if n % 2 else "800", "2024-03-05"] for n in range(1_500)]
    rows.append(["Last", "Ann", "Closed Won", "12.50", "2024-03-05"])
    report = report_json("performance", "--from", write_csv(tmp_path / "deals.csv", HEADER, rows))
    expected = sum(float(row[3]) for row in rows)  # Python's float reads decimal points
    assert report["kpis"]["won_amount"] == round(expected, 2) == 750 * 1.2 + 750 * 800 + 12.5
    assert not any("groups thousands" in warning for warning in report["warnings"])


def test_dots_below_the_first_rows_are_found(tmp_path):
    """The first thousand rows are all under a thousand; the grouped ones come later."""
    rows = [[f"Deal {n}", "Ann", "Closed Won", "950" if n < 1_200 else "2.500", "05.03.2024"] for n in range(1_300)]
    report = report_json("performance", "--from", _german_sheet(tmp_path, rows))
    assert report["kpis"]["won_amount"] == _won(rows) == 1_200 * 950 + 100 * 2_500
    assert any(warning.endswith(NOTE) for warning in report["warnings"])


def test_leading_zero_or_other_decimals_mean_a_decimal_point():
    """``0.500`` cannot be a thousands group, nor can ``1.25``: such a column is read with decimal points."""
    for column, expected in ((["0.500", "1.200"], [0.5, 1.2]), (["800", "1.250", "2.5"], [800.0, 1.25, 2.5]),
                             (["1.200", "12,000"], [1.2, 12000.0])):
        amount, _currency, failed, dots_group = parse_amounts(pd.Series(column, dtype="str"))
        assert amount.tolist() == expected and not failed.any() and not dots_group


def test_numbers_that_are_not_money_keep_the_decimal_point():
    """Rates, durations and counts can have three decimals: ``1.200`` hours is 1.2 there."""
    hours, failed = parse_number(pd.Series(["800", "1.200"], dtype="str"))
    assert hours.tolist() == [800.0, 1.2] and not failed.any()


def test_swiss_apostrophes_group_thousands(tmp_path):
    """Swiss Excel groups thousands with ' or, on newer Windows, ’ (U+2019)."""
    rows = [["A", "Mia", "Closed Won", "CHF 1’200.50", "2024-03-05"],
            ["B", "Mia", "Closed Won", "CHF 12'000", "2024-03-06"],
            ["C", "Mia", "Closed Won", "2’500’000 CHF", "2024-03-07"]]
    report = report_json("performance", "--from", write_csv(tmp_path / "deals.csv", HEADER, rows))
    assert report["kpis"]["currency"] == "CHF"
    assert report["kpis"]["won_amount"] == 1200.50 + 12000 + 2500000
    assert not any("could not be read" in warning for warning in report["warnings"])


def test_the_reading_is_said_in_chinese(tmp_path):
    result = cli("performance", "--from", _german_sheet(tmp_path, GERMAN), "--lang", "zh")
    assert result.exit_code == 0
    assert "金额：'.' 为千位分隔符" in result.stdout
    assert "groups thousands" not in result.stdout
