"""--since/--until in the reports that read tickets, orders, campaigns, leads and ledgers (SPEC: every report takes
them). Each figure is worked out by hand from the rows written here; before this, satisfaction, requests,
campaigns, churn and profitability ignored the period while their JSON named it."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from helpers import EXAMPLES, cli, report_json, write_csv

MARCH = ("--since", "2024-03-01", "--until", "2024-03-31")
BASE = ["zoho_deals", "activities", "campaigns", "customers", "leads", "ledger", "orders", "targets", "tickets"]

# what a period without a single row shows: the count KPI each report leads with
EMPTY = {"requests": ("tickets", 0), "satisfaction": ("responses", 0), "response": ("tickets", 0),
         "profitability": ("revenue", 0), "campaigns": ("campaigns", 0), "conversion": ("leads", 0),
         "segments": ("orders", 0), "revenue": ("revenue", 0), "expenses": ("expenses", 0), "profit": ("revenue", 0),
         "clv": ("customers", 0), "interactions": ("interactions", 0), "funnel": ("won_count", 0)}


def _tickets(tmp_path):
    return write_csv(tmp_path / "tickets.csv", ["Ticket ID", "Agent", "Status", "Created At", "First Response At",
                                                "Resolved At", "Rating"],
                     [["1", "Ann", "Solved", "2024-03-04 09:00", "2024-03-04 10:00", "2024-03-04 17:00", "5"],
                      ["2", "Bob", "Open", "2024-03-20 09:00", "2024-03-20 13:00", "", "2"],
                      ["3", "Ann", "Solved", "2024-04-02 09:00", "2024-04-02 09:30", "2024-04-03 09:00", "4"],
                      ["4", "Bob", "Solved", "2024-04-09 09:00", "2024-04-09 11:00", "2024-04-09 12:00", "4"],
                      ["5", "Bob", "Solved", "", "", "", "1"]])


@pytest.mark.parametrize("report", sorted(EMPTY))
def test_a_period_without_rows_reports_zero(report):
    """No example row is dated 2099: each report says so with zeros (response and profit refused, claiming the
    tables had no times or dated lines; segments crashed on the snapshot day of no order)."""
    sources = [arg for name in BASE for arg in ("--from", EXAMPLES / f"{name}.csv")]
    doc = report_json(report, *sources, "--since", "2099-01-01")
    kpi, expected = EMPTY[report]
    assert doc["kpis"][kpi] == expected


def test_tickets_count_in_the_period_of_their_creation(tmp_path):
    """March holds tickets 1 and 2: ratings 5 and 2, one resolved the same day, one open; ticket 5 has no date."""
    path = _tickets(tmp_path)
    undated = "1 ticket has no created_at and is left out of the period"
    satisfaction = report_json("satisfaction", "--from", path, *MARCH)
    assert (satisfaction["kpis"]["responses"], satisfaction["kpis"]["csat"]) == (2, 0.5)
    assert satisfaction["kpis"]["avg_rating"] == 3.5
    assert undated in satisfaction["warnings"]
    requests = report_json("requests", "--from", path, *MARCH)
    assert {k: requests["kpis"][k] for k in ("tickets", "resolved", "backlog", "same_day_close")} == \
        {"tickets": 2, "resolved": 1, "backlog": 1, "same_day_close": 1}
    assert undated in requests["warnings"]
    response = report_json("response", "--from", path, *MARCH)
    assert response["kpis"]["tickets"] == 2
    assert response["kpis"]["median_first_response_hours"] == 2.5  # 1 h and 4 h
    assert response["kpis"]["median_resolution_hours"] == 8  # ticket 1 only; ticket 2 is open
    april = report_json("satisfaction", "--from", path, "--since", "2024-04-01")
    assert (april["kpis"]["responses"], april["kpis"]["csat"]) == (2, 1.0)


def test_tickets_without_a_creation_time_say_the_period_was_not_applied(tmp_path):
    path = write_csv(tmp_path / "tickets.csv", ["Ticket ID", "Agent", "Status", "Priority", "Channel", "Rating"],
                     [["1", "Ann", "Solved", "High", "Email", "5"], ["2", "Bob", "Open", "Low", "Phone", "2"]])
    doc = report_json("requests", "--from", path, *MARCH)
    assert doc["kpis"]["tickets"] == 2
    assert "the tickets have no created_at: --since/--until not applied to them" in doc["warnings"]


def test_profitability_of_orders_in_the_period(tmp_path):
    path = write_csv(tmp_path / "orders.csv", ["Order ID", "Customer ID", "Order Date", "Product", "Amount", "Cost"],
                     [["1", "a", "2024-02-28", "X", "100", "60"], ["2", "a", "2024-03-01", "X", "200", "50"],
                      ["3", "b", "2024-03-31", "Y", "300", "100"], ["4", "b", "2024-04-01", "Y", "400", "100"],
                      ["5", "c", "", "Y", "500", "100"]])
    doc = report_json("profitability", "--from", path, *MARCH)
    assert (doc["kpis"]["revenue"], doc["kpis"]["cost"], doc["kpis"]["gross_profit"]) == (500, 150, 350)
    assert {r["customer"]: r["revenue"] for r in doc["tables"]["by_customer"]} == {"a": 200, "b": 300}
    assert "1 order line has no order_date and is left out of the period" in doc["warnings"]
    assert report_json("profitability", "--from", path)["kpis"]["revenue"] == 1500  # no period: every line


def test_the_revenue_source_does_not_depend_on_the_period(tmp_path):
    """The ledger's revenue lines are all in January; orders exist in March. Revenue comes from the ledger in any
    period (a March period took it from the orders), and profit of an empty period is 0, not a refusal."""
    ledger = write_csv(tmp_path / "ledger.csv", ["Date", "Type", "Category", "Amount"],
                       [["2024-01-05", "revenue", "Sales", "100"], ["2024-01-09", "expense", "Rent", "30"]])
    orders = write_csv(tmp_path / "orders.csv", ["Customer ID", "Order Date", "Amount"], [["a", "2024-03-05", "70"]])
    revenue = report_json("revenue", "--from", ledger, "--from", orders, *MARCH)
    assert (revenue["kpis"]["revenue_source"], revenue["kpis"]["revenue"]) == ("ledger", 0)
    assert "no dated revenue lines in the ledger in the period" in revenue["warnings"]
    profit = report_json("profit", "--from", ledger, *MARCH)
    assert (profit["kpis"]["revenue"], profit["kpis"]["expenses"], profit["kpis"]["profit"]) == (0, 0, 0)
    january = report_json("profit", "--from", ledger, "--until", "2024-01-31")
    assert january["kpis"]["profit"] == 70


def _churn_orders(tmp_path):
    # January: a, b; February: a, c; March: c
    return write_csv(tmp_path / "orders.csv", ["Customer ID", "Order Date", "Amount"],
                     [["a", "2024-01-05", "10"], ["b", "2024-01-20", "20"], ["a", "2024-02-10", "10"],
                      ["c", "2024-02-12", "5"], ["c", "2024-03-15", "5"]])


def test_churn_as_of_until(tmp_path):
    """As of 29 February, March has not happened: the last period is February (b left: 1 of 2)."""
    doc = report_json("churn", "--from", _churn_orders(tmp_path), "--until", "2024-02-29")
    assert [r["period"] for r in doc["tables"]["by_period"]] == ["2024-02"]
    assert (doc["kpis"]["period"], doc["kpis"]["customers_start"], doc["kpis"]["churned"]) == ("2024-02", 2, 1)
    assert [r["customer_id"] for r in doc["tables"]["churned_customers"]] == ["b"]


def test_churn_from_since_counts_who_was_active_before_it(tmp_path):
    """From March: a and c bought in February (before the period), a did not come back."""
    doc = report_json("churn", "--from", _churn_orders(tmp_path), "--since", "2024-03-01")
    assert [(r["period"], r["customers_start"], r["churned"]) for r in doc["tables"]["by_period"]] == \
        [("2024-03", 2, 1)]
    assert doc["tables"]["cohorts"] == []  # nobody bought for the first time in March
    february = report_json("churn", "--from", _churn_orders(tmp_path), "--since", "2024-02-01")
    assert [(r["cohort"], r["customers"]) for r in february["tables"]["cohorts"]] == [("2024-02", 1)]  # c


def test_churn_of_a_customers_table_says_it_has_no_period():
    doc = report_json("churn", "--from", EXAMPLES / "customers.csv", *MARCH)
    assert any("--since/--until not applied" in w for w in doc["warnings"])


def test_campaigns_that_ran_in_the_period(tmp_path):
    """March: C2 ran (from 1 March, no end), C1 ended in January, C3 has no dates. Lead L1 (March) and L3 (March)
    count; L2 (January) does not, but still links its deal D2, closed in March, to C1."""
    campaigns = write_csv(tmp_path / "campaigns.csv", ["Campaign ID", "Campaign Name", "Start Date", "End Date",
                                                       "Actual Cost"],
                          [["C1", "Winter", "2024-01-01", "2024-01-31", "100"],
                           ["C2", "Spring", "2024-03-01", "", "40"], ["C3", "Undated", "", "", "7"]])
    leads = write_csv(tmp_path / "leads.csv", ["Lead ID", "Created Date", "Lead Status", "Campaign", "Converted",
                                               "Converted Deal ID"],
                      [["L1", "2024-03-05", "Converted", "C1", "TRUE", "D1"],
                       ["L2", "2024-01-10", "Converted", "Winter", "TRUE", "D2"],
                       ["L3", "2024-03-10", "Working", "C2", "FALSE", ""]])
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Stage", "Amount", "Close Date"],
                      [["D1", "Closed Won", "100", "2024-03-20"], ["D2", "Closed Won", "50", "2024-03-25"]])
    doc = report_json("campaigns", "--from", campaigns, "--from", leads, "--from", deals, *MARCH)
    assert (doc["kpis"]["campaigns"], doc["kpis"]["cost"]) == (1, 40)
    rows = {r["campaign"]: r for r in doc["tables"]["by_campaign"]}
    assert (rows["C2"]["attributed_leads"], rows["C2"]["attributed_deals"]) == (1, 0)
    assert (rows["C1"]["attributed_leads"], rows["C1"]["attributed_deals"], rows["C1"]["won_amount"]) == (1, 2, 150)
    assert rows["C1"]["actual_cost"] is None  # its cost was spent in January
    assert "1 campaign has no start or end date and is left out of the period" in doc["warnings"]
    assert not any("not in the campaigns table" in w for w in doc["warnings"])


def test_undated_leads_are_counted_out_of_the_period(tmp_path):
    path = write_csv(tmp_path / "leads.csv", ["Lead ID", "Created Date", "Converted"],
                     [["1", "2024-03-02", "TRUE"], ["2", "2024-03-09", "FALSE"], ["3", "", "TRUE"],
                      ["4", "2024-04-01", "TRUE"]])
    doc = report_json("conversion", "--from", path, *MARCH)
    assert (doc["kpis"]["leads"], doc["kpis"]["converted"]) == (2, 1)
    assert "1 lead has no created_date and is left out of the period" in doc["warnings"]


def test_since_after_until_is_refused_by_every_dated_report(tmp_path):
    for report in ("satisfaction", "requests", "campaigns", "churn", "profitability"):
        source = {"campaigns": EXAMPLES / "campaigns.csv", "churn": EXAMPLES / "orders.csv",
                  "profitability": EXAMPLES / "orders.csv"}.get(report, _tickets(tmp_path))
        target = tmp_path / f"{report}.json"
        result = cli(report, "--from", source, "--since", "2024-04-01", "--until", "2024-03-01", "-o", target)
        assert result.exit_code == 2
        assert "--since 2024-04-01 is after --until 2024-03-01" in result.stderr
        assert not target.exists()


def test_interactions_in_the_period(tmp_path):
    path = write_csv(tmp_path / "activities.csv", ["Activity ID", "Activity Type", "Date", "Outcome", "Account"],
                     [["1", "Call", "2024-02-28", "Connected", "a"], ["2", "Email", "2024-03-01", "Replied", "a"],
                      ["3", "Call", "2024-03-31", "No answer", "b"], ["4", "Call", "", "Connected", "b"]])
    doc = report_json("interactions", "--from", path, *MARCH)
    assert doc["kpis"]["interactions"] == 2
    assert doc["kpis"]["response_rate"] == 0.5  # replied; no answer
    assert "1 activity has no date and is left out of the period" in doc["warnings"]


@pytest.mark.parametrize("period, english, chinese", [
    (("--since", "2030-01-01"), "between 2030-01-01 and the end", "2030-01-01 至 结束 之间"),
    (("--since", "2020-01-01", "--until", "2020-12-31"), "between 2020-01-01 and 2020-12-31",
     "2020-01-01 至 2020-12-31 之间"),
])
def test_a_period_in_which_no_deal_closed_says_when_they_did(period, english, chinese):
    """A cron job's period that misses the export (a wrong year) showed a quiet week: zeros, no word."""
    with (EXAMPLES / "zoho_deals.csv").open(newline="", encoding="utf-8-sig") as handle:
        closed = [dt.datetime.strptime(row["Closing Date"], "%d %b, %Y %H:%M:%S").date()
                  for row in csv.DictReader(handle) if row["Stage"] in ("Closed Won", "Closed Lost")]
    first, last = min(closed), max(closed)
    doc = report_json("funnel", "--from", EXAMPLES / "zoho_deals.csv", *period)
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"]) == (0, 0)
    assert f"no deal closed {english}; the export's closed deals closed between {first} and {last}" in doc["warnings"]
    shown = " ".join(cli("funnel", "--from", EXAMPLES / "zoho_deals.csv", *period, "--lang", "zh").stdout.split())
    assert f"{chinese}没有结束的商机；导出中已结束的商机结束于 {first} 至 {last} 之间" in shown


def test_a_period_with_closed_deals_says_nothing_of_it():
    doc = report_json("funnel", "--from", EXAMPLES / "zoho_deals.csv", *MARCH)
    assert doc["kpis"]["won_count"] + doc["kpis"]["lost_count"] > 0
    assert not [warning for warning in doc["warnings"] if warning.startswith("no deal closed")]
