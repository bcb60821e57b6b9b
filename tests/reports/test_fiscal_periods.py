"""--fiscal-year-start (SPEC: every report's --period quarter|year): quarters and years of a fiscal year that starts
in another month than January, named by the year they end (FY2025Q1 is April to June 2024 in a year from April).
The option was missing: quarters were calendar quarters whatever the company's year. Expected periods are worked
out per deal by a loop over the months, not by pandas."""

from __future__ import annotations

import datetime as dt
import json

from tests.helpers import assert_refused, cli, report_json, write_csv

HEADER = ["Deal", "Owner", "Stage", "Amount", "Created", "Closed"]
DEALS = [  # name, stage, amount, close date
    ("A", "Closed Won", 100, dt.date(2024, 3, 31)), ("B", "Closed Won", 200, dt.date(2024, 4, 1)),
    ("C", "Closed Lost", 300, dt.date(2024, 6, 30)), ("D", "Closed Won", 400, dt.date(2024, 7, 1)),
    ("E", "Closed Won", 500, dt.date(2025, 3, 31)), ("F", "Closed Won", 50, dt.date(2023, 12, 31)),
    ("G", "Negotiation", 600, dt.date(2025, 4, 15)), ("H", "Proposal", 700, dt.date(2025, 9, 30)),
]


def fiscal_quarter(day: dt.date, start: int) -> str:
    """The label by hand: the fiscal year is the calendar year it ends in; quarters count from its first month."""
    months_in = (day.month - start) % 12
    year_ends = day.year + (1 if day.month >= start and start != 1 else 0)
    return f"FY{year_ends}Q{months_in // 3 + 1}"


def _export(tmp_path):
    rows = [[name, "Ann", stage, amount, "2023-10-01", closed.isoformat()] for name, stage, amount, closed in DEALS]
    return write_csv(tmp_path / "deals.csv", HEADER, rows)


def test_trends_by_fiscal_quarter_from_april(tmp_path):
    doc = report_json("trends", "--from", _export(tmp_path), "--period", "quarter", "--fiscal-year-start", "4")
    won, lost = {}, {}
    for _name, stage, amount, closed in DEALS:
        label = fiscal_quarter(closed, 4)
        if stage == "Closed Won":
            won[label] = won.get(label, 0) + amount
        elif stage == "Closed Lost":
            lost[label] = lost.get(label, 0) + 1
    rows = {row["period"]: row for row in doc["tables"]["by_period"]}
    # every quarter from the first to the last closed one, an empty one (FY2025Q3) included
    assert list(rows) == ["FY2024Q3", "FY2024Q4", "FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4"]
    assert {label: row["won_amount"] for label, row in rows.items() if row["won_amount"]} == won
    assert {label: row["lost_count"] for label, row in rows.items() if row["lost_count"]} == lost
    assert won == {"FY2024Q3": 50, "FY2024Q4": 100, "FY2025Q1": 200, "FY2025Q2": 400, "FY2025Q4": 500}


def test_pipeline_by_fiscal_year_from_july(tmp_path):
    doc = report_json("pipeline", "--from", _export(tmp_path), "--period", "year", "--fiscal-year-start", "7")
    by_year = {row["period"]: row["open_amount"] for row in doc["tables"]["by_close_period"]}
    expected = {}
    for _name, stage, amount, closed in DEALS:
        if not stage.startswith("Closed"):
            label = f"FY{closed.year + (1 if closed.month >= 7 else 0)}"
            expected[label] = expected.get(label, 0) + amount
    assert by_year == expected == {"FY2025": 600, "FY2026": 700}


def test_without_the_option_quarters_are_calendar_quarters(tmp_path):
    doc = report_json("trends", "--from", _export(tmp_path), "--period", "quarter")
    labels = [row["period"] for row in doc["tables"]["by_period"]]
    assert labels[0] == "2023Q4" and labels[-1] == "2025Q1"  # F closed 2023-12-31, E 2025-03-31


def test_a_month_outside_1_to_12_is_refused(tmp_path):
    assert_refused(tmp_path, "trends", "--from", _export(tmp_path), "--fiscal-year-start", "13",
                   message="--fiscal-year-start must be a month number from 1 to 12, not 13")


def test_a_run_groups_by_its_fiscal_year(tmp_path):
    deals = _export(tmp_path)
    config = tmp_path / "weekly.toml"
    config.write_text(f'inputs = ["{deals}"]\nperiod = "all"\nfiscal_year_start = 4\nformats = ["json"]\n'
                      'name = "{report}"\n[[report]]\nname = "trends"\nperiod = "quarter"\n', encoding="utf-8")
    assert cli("run", config, "-q").exit_code == 0
    doc = json.loads((tmp_path / "reports" / "trends.json").read_text(encoding="utf-8"))
    assert [row["period"] for row in doc["tables"]["by_period"]][0] == fiscal_quarter(dt.date(2023, 12, 31), 4)


def test_the_forecast_goes_on_in_fiscal_quarters(tmp_path):
    from crmreport.reports.forecast import FORECAST_PERIODS

    doc = report_json("forecast", "--from", _export(tmp_path), "--period", "quarter", "--fiscal-year-start", "4")
    ahead = [row["period"] for row in doc["tables"]["won_forecast"]]
    after_last = [dt.date(2025, 4, 1) + dt.timedelta(days=92 * step) for step in range(FORECAST_PERIODS)]
    assert ahead == [fiscal_quarter(day, 4) for day in after_last]  # FY2026Q1, FY2026Q2 …
    assert ahead[0] == "FY2026Q1"


def test_a_quota_sheets_quarters_are_fiscal_too(tmp_path):
    """FY2025 | Q1 and Q1 2025 in a quota sheet are the first quarter of the fiscal year ending in March 2025 (April
    to June 2024), as --period quarter labels it; a month stays a month."""
    deals = _export(tmp_path)
    quotas = write_csv(tmp_path / "quota.csv", ["Rep", "Fiscal Year", "Quarter", "Quota"],
                       [["Ann", "FY2025", "Q1", "1000"], ["Ann", "FY2025", "Q2", "1000"]])
    doc = report_json("goals", "--from", deals, "--from", quotas, "--fiscal-year-start", "4")
    got = {(row["period_start"], row["period_end"]): row["actual"] for row in doc["tables"]["attainment"]}
    expected = {}
    for quarter in ("FY2025Q1", "FY2025Q2"):
        days = [day for day in (dt.date(2024, 4, 1) + dt.timedelta(days=n) for n in range(366))
                if fiscal_quarter(day, 4) == quarter]
        won = sum(amount for _name, stage, amount, closed in DEALS if stage == "Closed Won" and closed in days)
        expected[(days[0].isoformat(), days[-1].isoformat())] = won
    assert got == expected == {("2024-04-01", "2024-06-30"): 200, ("2024-07-01", "2024-09-30"): 400}
    calendar = report_json("goals", "--from", deals, "--from", quotas)["tables"]["attainment"]
    assert [row["period_start"] for row in calendar] == ["2025-01-01", "2025-04-01"]  # without the option


def test_churn_per_fiscal_quarter(tmp_path):
    orders = [("A", dt.date(2024, 3, 20)), ("B", dt.date(2024, 3, 25)), ("A", dt.date(2024, 4, 2)),
              ("C", dt.date(2024, 6, 30)), ("C", dt.date(2024, 7, 1)), ("B", dt.date(2024, 9, 9))]
    path = write_csv(tmp_path / "orders.csv", ["Customer ID", "Order Date", "Amount"],
                     [[customer, day.isoformat(), "10"] for customer, day in orders])
    doc = report_json("churn", "--from", path, "--period", "quarter", "--fiscal-year-start", "4")
    buyers: dict[str, set[str]] = {}
    for customer, day in orders:
        buyers.setdefault(fiscal_quarter(day, 4), set()).add(customer)
    quarters = ["FY2024Q4", "FY2025Q1", "FY2025Q2"]  # March 2024; April-June; July-September
    expected = [{"period": this, "customers_start": len(buyers[before]),
                 "churned": len(buyers[before] - buyers.get(this, set()))}
                for before, this in zip(quarters, quarters[1:])]
    got = [{key: row[key] for key in ("period", "customers_start", "churned")} for row in doc["tables"]["by_period"]]
    assert got == expected == [{"period": "FY2025Q1", "customers_start": 2, "churned": 1},
                               {"period": "FY2025Q2", "customers_start": 2, "churned": 1}]
