"""Dates that stand for "no date" (9999-12-31, 1900-01-01, 1970-01-01, 0001-01-01) are read as no date, with a
warning, in every report: taken as written, one such close date made a sales cycle average 264,860 days, without a
word. Figures are worked out by a plain loop over the file or by hand."""

from __future__ import annotations

import csv
import datetime as dt
import json
import statistics

from helpers import EXAMPLES, cli, report_json, write_csv

PLACEHOLDER_WARNING = ("close_date (Closing Date): 1 value standing for no date (before 1900, a calendar's first "
                       "day, from the year 9000 on), e.g. '31 Dec, 9999 00:00:00' (rows 5); read as no date")


def _zoho_with_a_placeholder(tmp_path):
    """The Zoho example with its first won deal (row 5) closed on 9999-12-31; its rows as read by csv."""
    with open(EXAMPLES / "zoho_deals.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header, records = rows[0], rows[1:]
    close = header.index("Closing Date")
    first_won = next(i for i, row in enumerate(records) if row[header.index("Stage")] == "Closed Won")
    assert first_won == 3  # the file's row 5
    records[first_won][close] = "31 Dec, 9999 00:00:00"
    return write_csv(tmp_path / "zoho_deals.csv", header, records), header, records


def _cycle_by_loop(header, records) -> list[int]:
    """Calendar days from created to close of each won deal with two real dates (Zoho writes '06 Aug, 2024 14:25')."""
    def day(text: str) -> dt.date | None:
        value = dt.datetime.strptime(text, "%d %b, %Y %H:%M:%S").date() if text else None
        return value if value and 1900 < value.year < 9000 else None

    stage, created, close = (header.index(name) for name in ("Stage", "Created Time", "Closing Date"))
    spans = [(day(row[created]), day(row[close])) for row in records if row[stage] == "Closed Won"]
    return [(closed - opened).days for opened, closed in spans if opened and closed]


def test_a_placeholder_close_date_leaves_the_deal_out_of_the_cycle_and_says_so(tmp_path):
    path, header, records = _zoho_with_a_placeholder(tmp_path)
    days = _cycle_by_loop(header, records)
    assert len(days) == 10  # 11 won deals, one without a real close date
    doc = report_json("cycle", "--from", path)  # exit 0, or the test fails
    kpis = doc["kpis"]
    assert kpis["won_count"] == 10
    assert kpis["avg_cycle_days"] == statistics.mean(days) and kpis["median_cycle_days"] == statistics.median(days)
    assert kpis["max_cycle_days"] == max(days)
    assert any(PLACEHOLDER_WARNING in warning for warning in doc["warnings"])
    terminal = cli("cycle", "--from", path)
    assert "standing for no date" in terminal.stdout and "264,860" not in terminal.stdout


def test_a_placeholder_close_date_is_missing_in_the_audit_and_named(tmp_path):
    """The audit names the cell as written, and counts the deal among those without a close date (an error, as a
    blank close date is)."""
    path, _, _ = _zoho_with_a_placeholder(tmp_path)
    result = cli("audit", "--from", path, "-F", "json")
    assert result.exit_code == 1  # errors found
    doc = json.loads(result.stdout)
    assert [(row["row"], row["value"]) for row in doc["tables"]["date_placeholder"]] == [(5, "31 Dec, 9999 00:00:00")]
    assert 5 in [row["row"] for row in doc["tables"]["missing_close_date"]]


def test_an_open_deal_expected_on_9999_12_31_has_no_close_period(tmp_path):
    """By hand: four open deals, two closing in 2024-05 and two whose expected close dates are placeholders
    (9999-12-31, 1900-01-01): these count in the open pipeline, under no close period (not '9999-12'), and are not
    slipping."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                     [["a", "Ann", "Proposal", "100", "2024-05-01"], ["b", "Ann", "Proposal", "300", "9999-12-31"],
                      ["c", "Bob", "Proposal", "50", "2024-05-20"], ["d", "Bob", "Proposal", "20", "1900-01-01"]])
    doc = report_json("pipeline", "--from", path, "--until", "2024-06-15")
    assert doc["kpis"]["open_amount"] == 470
    periods = {row["period"]: (row["open_count"], row["open_amount"]) for row in doc["tables"]["by_close_period"]}
    assert periods == {"2024-05": (2, 150), "(none)": (2, 320)}
    assert (doc["kpis"]["slipping_count"], doc["kpis"]["slipping_amount"]) == (2, 150)
    assert any("2 values standing for no date" in w and "(rows 3, 5)" in w for w in doc["warnings"])


def test_the_placeholder_warning_in_chinese(tmp_path):
    path, _, _ = _zoho_with_a_placeholder(tmp_path)
    result = cli("cycle", "--from", path, "-F", "md", "--lang", "zh")
    assert result.exit_code == 0
    assert ("zoho_deals.csv：成交日期 (Closing Date)：1 个值是代表“无日期”的占位日期（1900 年以前、日历的起始日、9000 年"
            "及以后），例如 '31 Dec, 9999 00:00:00'（第 5 行）；按无日期读取：不计入需要它的数字") in result.stdout


def test_clean_makes_a_placeholder_date_blank_and_logs_it(tmp_path):
    """`clean` writes the cell blank (rule date-placeholder, the old text in the log); the copy re-audits without
    DATE_PLACEHOLDER, still lacking that close date, and gives the cycle the original gives."""
    path, header, records = _zoho_with_a_placeholder(tmp_path)
    out = tmp_path / "zoho_deals.clean.csv"
    result = cli("clean", "--from", path, "-o", out, "-F", "json")
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as stream:
        copy = list(csv.DictReader(stream))
    assert copy[3]["Closing Date"] == "" and copy[3]["Deal Name"] == records[3][header.index("Deal Name")]
    assert all(row["Closing Date"] for position, row in enumerate(copy) if position != 3)
    with (tmp_path / "zoho_deals.clean.changes.csv").open(encoding="utf-8-sig", newline="") as stream:
        logged = [row for row in csv.DictReader(stream) if row["rule"] == "date-placeholder"]
    assert [(row["row"], row["column"], row["old"], row["new"]) for row in logged] == \
        [("5", "Closing Date", "31 Dec, 9999 00:00:00", "")]
    audit = json.loads(cli("audit", "--from", out, "-F", "json").stdout)
    assert "date_placeholder" not in audit["tables"]
    assert 5 in [row["row"] for row in audit["tables"]["missing_close_date"]]
    assert report_json("cycle", "--from", out)["kpis"] == report_json("cycle", "--from", path)["kpis"]
