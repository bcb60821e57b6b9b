"""Unix time in date columns, as API dumps write it (HubSpot's ``1709649000000``, 纷享销客's ``create_time``):
seconds or milliseconds since 1970. Such a column was unreadable ("could not be read as a date"), so a sheet's deals
had no close or created date. Now it is read in UTC, or in the offset its header states (``(GMT+8)``,
``（北京时间）``), with a note."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pandas as pd

from crmreport.parsing import parse_dates
from tests.helpers import cli, report_json, write_csv

UTC, BEIJING = dt.timezone.utc, dt.timezone(dt.timedelta(hours=8))


def _unix(moment: dt.datetime, milliseconds: bool = False) -> str:
    seconds = int(moment.timestamp())
    return str(seconds * 1000 if milliseconds else seconds)


def test_cycle_from_unix_times(tmp_path):
    """Created in milliseconds, closed in seconds: the sales cycle in days, from datetime's own reading."""
    created = [dt.datetime(2024, 1, 31, 23, 30, tzinfo=UTC), dt.datetime(2024, 2, 10, 8, tzinfo=UTC)]
    closed = [dt.datetime(2024, 3, 5, 14, 30, tzinfo=UTC), dt.datetime(2024, 2, 12, 1, tzinfo=UTC)]
    rows = [[f"D{i}", "Ann", "Closed Won", "100", _unix(c, milliseconds=True), _unix(d)]
            for i, (c, d) in enumerate(zip(created, closed))]
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Created Date", "Close Date"],
                     rows)
    report = report_json("cycle", "--from", path)
    days = [(d.date() - c.date()).days for c, d in zip(created, closed)]
    assert days == [34, 2]
    assert (report["kpis"]["min_cycle_days"], report["kpis"]["max_cycle_days"]) == (min(days), max(days))
    assert f"{path}: created_date: 'Created Date' holds Unix time (2 values): read in UTC, as the header gives no " \
           "offset from it" in report["warnings"]
    assert not any("could not be read" in warning for warning in report["warnings"])


def test_the_offset_a_header_states(tmp_path):
    """16:30 UTC on 31 January is 00:30 on 1 February in Beijing: under ``(GMT+8)`` or ``（北京时间）`` the deal is
    February's revenue, under a bare header January's."""
    moment = dt.datetime(2024, 1, 31, 16, 30, tzinfo=UTC)
    month_of = {None: moment.strftime("%Y-%m"), "(GMT+8)": moment.astimezone(BEIJING).strftime("%Y-%m")}
    assert month_of == {None: "2024-01", "(GMT+8)": "2024-02"}
    for header, month in [("Close Date", month_of[None]), ("Close Date (GMT+8)", month_of["(GMT+8)"]),
                          ("结单日期（北京时间）", month_of["(GMT+8)"]), ("Close Date (UTC)", month_of[None]),
                          ("Close Date (UTC-05:00)", month_of[None])]:
        path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", header],
                         [["A", "Ann", "Closed Won", "250", _unix(moment, milliseconds=True)]])
        report = report_json("revenue", "--from", path, "--period", "month")
        assert {row["period"]: row["revenue"] for row in report["tables"]["by_period"]} == {month: 250}, header
    assert f"{path}: close_date: 'Close Date (UTC-05:00)' holds Unix time (1 value): read in UTC-05:00, as the " \
           "header states" in report["warnings"]


def test_other_digit_runs_are_no_unix_time(tmp_path):
    """Only 2001–2033 in seconds or milliseconds: 11 or 9 digits, a 2 first, stay unreadable; 8 digits are still
    YYYYMMDD."""
    dates, failed = parse_dates(pd.Series(["12345678901", "999999999", "2709649000", "20240305", "1709649000"]))
    assert failed.tolist() == [True, True, True, False, False]
    assert dates[3] == pd.Timestamp("2024-03-05")
    assert dates[4] == pd.Timestamp(dt.datetime.fromtimestamp(1709649000, UTC).replace(tzinfo=None))


def test_clean_writes_them_as_dates_in_the_stated_zone(tmp_path):
    """The copy has ISO dates and times where the Unix time stood, in the header's zone, and the summary says how
    they were read."""
    moment = dt.datetime(2024, 1, 31, 16, 30, 15, tzinfo=UTC)
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Created Time (GMT+8)"],
                     [["A", "Ann", "Closed Won", "250", _unix(moment, milliseconds=True)]])
    result = cli("clean", "--from", path, "-o", tmp_path / "out.csv", "-F", "json")
    assert result.exit_code == 0, result.stderr
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as copy:
        rows = list(csv.reader(copy))
    assert rows[1][4] == moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") == "2024-02-01 00:30:15"
    assert f"{path}: created_date: 'Created Time (GMT+8)' holds Unix time (1 value): read in UTC+08:00, as the " \
           "header states" in json.loads(result.stdout)["warnings"]
