"""Dates that name a month only, as hand-kept pipelines write an expected close (2024-03, 03/2024, Mar 2024,
2024年3月): unreadable before, the deals without a close date. A close date (expected or not) is the month's last
day, so a deal expected in March is not slipping in mid-March; other dates the month's first day, as Excel reads
them. A note says so, in English and Chinese. Expected figures come from a loop over the deals."""

from __future__ import annotations

import calendar
import datetime as dt

from tests.helpers import cli, report_json, write_csv

HEADER = ["Deal", "Owner", "Stage", "Amount", "Created", "Expected Close"]
# deal, stage, amount, created as written, created, expected close as written, its month
DEALS = [("A", "Proposal", 100, "2024-01-10", dt.date(2024, 1, 10), "Mar 2024", (2024, 3)),
         ("B", "Proposal", 200, "Jan 2024", dt.date(2024, 1, 1), "2024-04", (2024, 4)),
         ("C", "Negotiation", 400, "2024-02-01", dt.date(2024, 2, 1), "02/2024", (2024, 2)),
         ("D", "Negotiation", 800, "2024-02-01", dt.date(2024, 2, 1), "2024年3月", (2024, 3))]
UNTIL = dt.date(2024, 3, 15)


def _export(tmp_path):
    rows = [[name, "Ann", stage, amount, created, close] for name, stage, amount, created, _c, close, _m in DEALS]
    return write_csv(tmp_path / "deals.csv", HEADER, rows)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def test_expected_close_months_slip_only_after_the_month(tmp_path):
    doc = report_json("pipeline", "--from", _export(tmp_path), "--until", UNTIL.isoformat())
    slipping = [deal for deal in DEALS if _month_end(*deal[6]) < UNTIL]  # only C: February has ended
    assert (doc["kpis"]["slipping_count"], doc["kpis"]["slipping_amount"]) == \
        (len(slipping), sum(deal[2] for deal in slipping)) == (1, 400)
    by_month = {}
    for deal in DEALS:
        label = f"{deal[6][0]}-{deal[6][1]:02d}"
        by_month[label] = by_month.get(label, 0) + deal[2]
    assert {row["period"]: row["open_amount"] for row in doc["tables"]["by_close_period"]} == by_month
    assert "deals.csv: expected_close_date: 4 values name a month only, e.g. 'Mar 2024': read as the month's last " \
           "day" in [warning.replace(str(tmp_path) + "/", "") for warning in doc["warnings"]]
    assert not any("could not be read" in warning for warning in doc["warnings"])


def test_a_created_month_is_its_first_day_and_a_close_month_its_last(tmp_path):
    won = [("W1", "Jan 2024", dt.date(2024, 1, 1), "2024-02-15", dt.date(2024, 2, 15)),
           ("W2", "2024-03-01", dt.date(2024, 3, 1), "Mar 2024", dt.date(2024, 3, 31))]
    path = write_csv(tmp_path / "won.csv", ["Deal", "Owner", "Stage", "Amount", "Created", "Close Date"],
                     [[name, "Ann", "Closed Won", "10", created, closed] for name, created, _c, closed, _d in won])
    doc = report_json("cycle", "--from", path)
    days = sorted((closed - created).days for _n, _w, created, _wc, closed in won)
    assert days == [30, 45]
    assert (doc["kpis"]["min_cycle_days"], doc["kpis"]["max_cycle_days"]) == (days[0], days[-1])
    notes = [warning.replace(str(tmp_path) + "/", "") for warning in doc["warnings"]]
    assert "won.csv: created_date: 1 value names a month only, e.g. 'Jan 2024': read as the month's first day" in notes
    assert "won.csv: close_date: 1 value names a month only, e.g. 'Mar 2024': read as the month's last day" in notes


def test_the_note_in_chinese(tmp_path):
    result = cli("pipeline", "--from", _export(tmp_path), "--until", UNTIL.isoformat(), "--lang", "zh")
    assert result.exit_code == 0
    assert "预计成交日期：4 个值只写了月份，例如 'Mar 2024'：按该月最后一天读取" in result.stdout
    assert "创建日期：1 个值只写了月份，例如 'Jan 2024'：按该月第一天读取" in result.stdout
