"""Date headers with their format or time zone in brackets (``Close Date (DD/MM/YYYY)``, ``Created Date (UTC)``,
``创建时间（北京时间）``): they were unmapped, so a sheet had no close or created date. Now they are the date columns,
and the day/month order a header states is the table's when its values prove none."""

from __future__ import annotations

import datetime as dt

import pytest

from crmreport.loaders.canonical import stated_dayfirst
from tests.helpers import report_json, write_csv

ROWS = [["A", "Ann", "Closed Won", "100", "05/03/2024", "2024-01-01 10:00"],
        ["B", "Ann", "Closed Won", "200", "06/04/2024", "2024-01-02 09:00"]]


def _cycle_days(rows: list[list[str]], dayfirst: bool) -> list[int]:
    """Closed minus created, in days, reading the close dates the stated way."""
    form = "%d/%m/%Y" if dayfirst else "%m/%d/%Y"
    return [(dt.datetime.strptime(row[4], form).date() - dt.date.fromisoformat(row[5][:10])).days for row in rows]


@pytest.mark.parametrize("close_header, dayfirst", [("Close Date (DD/MM/YYYY)", True),
                                                    ("Close Date (MM/DD/YYYY)", False),
                                                    ("Close Date [dd.mm.yyyy]", True)])
def test_the_order_a_header_states(tmp_path, close_header, dayfirst):
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", close_header,
                                              "Created Date (UTC)"], ROWS)
    kpis = report_json("cycle", "--from", path)["kpis"]
    days = _cycle_days(ROWS, dayfirst)
    assert (kpis["min_cycle_days"], kpis["max_cycle_days"]) == (min(days), max(days))
    assert days == ([64, 95] if dayfirst else [123, 154])  # 5 March or 3 May from 1 January, in a leap year


def test_values_that_prove_an_order_win_over_the_header(tmp_path):
    """A 25 in the first place proves day first, whatever the header says."""
    rows = ROWS + [["C", "Bob", "Closed Won", "300", "25/03/2024", "2024-01-03 08:00"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date (MM/DD/YYYY)",
                                              "Created Date (UTC)"], rows)
    report = report_json("revenue", "--from", path, "--period", "month")
    by_period = {row["period"]: row["revenue"] for row in report["tables"]["by_period"]}
    assert by_period == {"2024-03": 100 + 300, "2024-04": 200}


def test_chinese_time_zone_header(tmp_path):
    path = write_csv(tmp_path / "商机.csv", ["商机名称", "负责人", "阶段", "金额", "结单日期", "创建时间（北京时间）"],
                     [["华为项目", "张三", "赢单", "100", "2024-03-05", "2024-03-01 09:00"]])
    assert report_json("cycle", "--from", path)["kpis"]["avg_cycle_days"] == 4


@pytest.mark.parametrize("headers, expected", [
    (["Close Date (DD/MM/YYYY)"], True), (["Close Date (M/D/YYYY)"], False), (["Created (DD-MM-YYYY hh:mm)"], True),
    (["Close Date (YYYY-MM-DD)"], None), (["Close Date (DD/MM/YYYY)", "Created (MM/DD/YYYY)"], None),
    (["Close Date (UTC)"], None), (["Close Date"], None),
])
def test_stated_orders(headers, expected):
    assert stated_dayfirst(headers) is expected
