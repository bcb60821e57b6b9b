"""Quota sheets that name each target's period in one column (Month, Quarter, 月份: 2024-03, Q1 2024, 2024年3月)
instead of a start and an end: such a sheet was not recognised as targets, and `goals` refused it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from crmreport.loaders.canonical import period_bounds
from tests.helpers import report_json, write_csv

DEALS = [["A", "Ann", "Closed Won", "4000", "2024-03-05"], ["B", "Bob", "Closed Won", "3500", "2024-03-06"],
         ["C", "Ann", "Closed Won", "1000", "2024-02-10"], ["D", "Bob", "Closed Lost", "9000", "2024-03-07"]]


def _won(owner: str, first: str, last: str) -> float:
    """Won amount of an owner closed from ``first`` to ``last`` (ISO days), by a loop."""
    return sum(float(row[3]) for row in DEALS if row[1] == owner and row[2] == "Closed Won" and first <= row[4] <= last)


@pytest.mark.parametrize("header, period, first, last", [
    (["Rep", "Month", "Quota"], "2024-03", "2024-03-01", "2024-03-31"),
    (["Rep", "Month", "Quota"], "Mar 2024", "2024-03-01", "2024-03-31"),
    (["Sales Rep", "Quarter", "Target"], "Q1 2024", "2024-01-01", "2024-03-31"),
    (["销售", "月份", "目标"], "2024年3月", "2024-03-01", "2024-03-31"),
    (["负责人", "季度", "业绩目标"], "2024年第一季度", "2024-01-01", "2024-03-31"),
])
def test_attainment_per_period_column(tmp_path, header, period, first, last):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], DEALS)
    quotas = write_csv(tmp_path / "quota.csv", header, [["Ann", period, "5000"], ["Bob", period, "3000"]])
    rows = report_json("goals", "--from", deals, "--from", quotas)["tables"]["attainment"]
    got = {row["owner"]: (row["period_start"], row["period_end"], row["actual"], round(row["attainment"], 12))
           for row in rows}
    assert got == {owner: (first, last, _won(owner, first, last), round(_won(owner, first, last) / quota, 12))
                   for owner, quota in (("Ann", 5000), ("Bob", 3000))}


def test_period_forms():
    march = (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-31"))
    for text in ("2024-03", "2024/03", "2024-3", "Mar 2024", "March 2024", "3/2024", "2024年3月", "2024 年 3 月"):
        assert period_bounds(text) == march, text
    first_quarter = (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-31"))
    for text in ("Q1 2024", "2024 Q1", "2024-Q1", "q1-2024", "2024Q1", "2024年第1季度", "2024年一季度"):
        assert period_bounds(text) == first_quarter, text
    assert period_bounds("2024") == (pd.Timestamp("2024-01-01"), pd.Timestamp(dt.date(2024, 12, 31)))
    for text in ("2024-03-05", "someday", "Q5 2024", ""):
        assert pd.isna(period_bounds(text)[0]), text


def test_an_unreadable_period_is_left_out_with_a_warning(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], DEALS)
    quotas = write_csv(tmp_path / "quota.csv", ["Rep", "Month", "Quota"], [["Ann", "2024-03", "5000"],
                                                                          ["Bob", "next spring", "3000"]])
    report = report_json("goals", "--from", deals, "--from", quotas)
    assert [row["owner"] for row in report["tables"]["attainment"]] == ["Ann"]
    assert f"{quotas}: period (Month): 1 value could not be read as a month, quarter or year, e.g. 'next spring' " \
           "(rows 3); those targets are left out" in report["warnings"]


# --- a Year column beside a Month or Quarter column that names no year (2024 | 3) ---------------------------------

@pytest.mark.parametrize("header, year, period, first, last", [
    (["Rep", "Year", "Month", "Quota"], "2024", "3", "2024-03-01", "2024-03-31"),
    (["Rep", "Year", "Month", "Quota"], "2024", "03", "2024-03-01", "2024-03-31"),
    (["Rep", "Year", "Month", "Quota"], "2024", "Mar", "2024-03-01", "2024-03-31"),
    (["Rep", "Year", "Month", "Quota"], "2024", "March", "2024-03-01", "2024-03-31"),
    (["Rep", "Fiscal Year", "Quarter", "Quota"], "FY2024", "1", "2024-01-01", "2024-03-31"),
    (["Rep", "Year", "Quarter", "Quota"], "2024", "Q1", "2024-01-01", "2024-03-31"),
    (["销售", "年份", "月份", "目标"], "2024年", "3月", "2024-03-01", "2024-03-31"),
    (["负责人", "年度", "季度", "业绩目标"], "2024", "第一季度", "2024-01-01", "2024-03-31"),
    (["Rep", "Year", "Month", "Quota"], "2023", "2024-03", "2024-03-01", "2024-03-31"),  # the month's own year
])
def test_a_year_column_completes_a_month_or_quarter(tmp_path, header, year, period, first, last):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], DEALS)
    quotas = write_csv(tmp_path / "quota.csv", header, [["Ann", year, period, "5000"], ["Bob", year, period, "3000"]])
    report = report_json("goals", "--from", deals, "--from", quotas)
    got = {row["owner"]: (row["period_start"], row["period_end"], row["actual"])
           for row in report["tables"]["attainment"]}
    assert got == {owner: (first, last, _won(owner, first, last)) for owner in ("Ann", "Bob")}
    assert report["warnings"] == []


def test_a_month_without_a_year_is_left_out_with_a_warning(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], DEALS)
    quotas = write_csv(tmp_path / "quota.csv", ["Rep", "Year", "Month", "Quota"],
                       [["Ann", "2024", "3", "5000"], ["Bob", "", "3", "3000"], ["Bob", "2024", "13", "1"]])
    report = report_json("goals", "--from", deals, "--from", quotas)
    assert [row["owner"] for row in report["tables"]["attainment"]] == ["Ann"]
    assert f"{quotas}: period (Month): 2 values could not be read as a month, quarter or year, e.g. '3' " \
           "(rows 3, 4); those targets are left out" in report["warnings"]


def test_a_year_column_alone_is_the_period(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], DEALS)
    quotas = write_csv(tmp_path / "quota.csv", ["Rep", "Year", "Quota"], [["Ann", "2024", "20000"]])
    row, = report_json("goals", "--from", deals, "--from", quotas)["tables"]["attainment"]
    assert (row["period_start"], row["period_end"], row["actual"]) == ("2024-01-01", "2024-12-31",
                                                                       _won("Ann", "2024-01-01", "2024-12-31"))
