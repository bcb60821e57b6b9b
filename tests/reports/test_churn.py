"""churn on CDNOW orders: the quarterly churn of shared/datasets/CATALOG.md, and a cohort worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmreport.reports.churn import churn_by_period
from helpers import DATASETS, EXAMPLES, assert_refused, report_json, write_csv


def test_cdnow_quarterly_churn():
    doc = report_json("churn", "--from", DATASETS / "cdnow" / "orders.csv", "--period", "quarter")
    found = {r["period"]: (r["churned"], r["customers_start"]) for r in doc["tables"]["by_period"]}
    # CATALOG.md: 1997Q1→Q2 18,194 of 23,570; Q2→Q3 3,087 of 5,376; Q3→Q4 2,200 of 4,263; →1998Q1 2,267 of 4,221;
    # 1998Q1→Q2 2,057 of 3,817
    assert found == {"1997Q2": (18194, 23570), "1997Q3": (3087, 5376), "1997Q4": (2200, 4263),
                     "1998Q1": (2267, 4221), "1998Q2": (2057, 3817)}
    assert doc["kpis"]["churn_rate"] == pytest.approx(2057 / 3817)
    assert doc["kpis"]["retention_rate"] == pytest.approx(1 - 2057 / 3817)
    assert doc["tables"]["by_period"][0]["churn_rate"] == pytest.approx(0.77191, abs=1e-5)


def test_cohorts_and_churned_customers(tmp_path):
    path = write_csv(tmp_path / "orders.csv", ["Customer ID", "Order Date", "Amount"],
                     [["a", "2024-01-05", "10"], ["b", "2024-01-20", "20"], ["c", "2024-02-02", "5"],
                      ["a", "2024-02-10", "10"], ["a", "2024-03-01", "10"], ["c", "2024-03-15", "5"]])
    doc = report_json("churn", "--from", path, "--period", "month")
    months = {r["period"]: (r["customers_start"], r["churned"]) for r in doc["tables"]["by_period"]}
    assert months == {"2024-02": (2, 1), "2024-03": (2, 0)}  # b left in February; a and c stayed in March
    cohorts = {r["cohort"]: r for r in doc["tables"]["cohorts"]}
    assert cohorts["2024-01"]["customers"] == 2 and cohorts["2024-01"]["month_1"] == 0.5
    assert cohorts["2024-01"]["month_2"] == 0.5 and cohorts["2024-02"]["month_1"] == 1.0
    assert doc["tables"]["churned_customers"] == []


def test_telco_customer_base_churn():
    """IBM Telco (CATALOG-more §3): 1,869 of 7,043 churned; by contract 1655/3875, 166/1473, 48/1695;
    monthly charges of churners 139,130.85."""
    doc = report_json("churn", "--from", DATASETS / "telco_churn" / "Telco-Customer-Churn.csv")
    kpis = doc["kpis"]
    assert (kpis["churned"], kpis["customers_start"]) == (1869, 7043)
    assert kpis["churn_rate"] == pytest.approx(0.265370, abs=1e-6)
    assert kpis["monthly_charges_lost"] == pytest.approx(139130.85, abs=0.005)
    contracts = {r["contract"]: (r["churned"], r["customers"]) for r in doc["tables"]["by_contract"]}
    assert contracts == {"Month-to-month": (1655, 3875), "One year": (166, 1473), "Two year": (48, 1695)}


def test_customers_with_a_status_and_reasons():
    import csv

    with (EXAMPLES / "customers.csv").open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    left = [r for r in rows if r["Status"] == "Cancelled"]
    doc = report_json("churn", "--from", EXAMPLES / "customers.csv", "--by", "region")
    assert (doc["kpis"]["churned"], doc["kpis"]["customers_start"]) == (len(left), len(rows))
    by_region = {r["region"]: r["churned"] for r in doc["tables"]["by_region"]}
    assert by_region == {region: sum(1 for r in left if r["Region"] == region) for region in {r["Region"] for r in rows}}
    reasons = {r["churn_reason"]: r["churned"] for r in doc["tables"]["by_reason"]}
    assert reasons == {reason: sum(1 for r in left if r["Churn Reason"] == reason) for reason in {r["Churn Reason"] for r in left}}
    listed = [r["customer_id"] for r in doc["tables"]["churned_customers"]]
    assert listed == [r["Customer ID"] for r in sorted(left, key=lambda r: -float(r["Total Revenue"]))]


def test_customers_without_churn_information_are_refused(tmp_path):
    path = write_csv(tmp_path / "c.csv", ["Customer ID", "Tenure", "MRR"], [["1", "3", "10"]])
    assert_refused(tmp_path, "churn", "--from", path,
                   message="churn needs orders, or a customers table with a churn flag")


@given(st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d", "张"])),
                          st.one_of(st.none(), st.dates(dt.date(2023, 11, 1), dt.date(2024, 6, 30)))), max_size=30),
       st.sampled_from(["week", "month", "quarter"]))
def test_churn_by_period_equals_a_loop_over_sets_of_customers(orders, period):
    """Per period, the customers who bought in the period before and not in this one, against sets built in a loop
    (every period from the first to the last order's, the churned ones listed in customer order)."""
    frame = pd.DataFrame({"customer_id": pd.Series([c for c, _ in orders], dtype="str"),
                          "order_date": pd.Series([pd.Timestamp(d) if d else pd.NaT for _, d in orders],
                                                  dtype="datetime64[us]")})
    table, churned = churn_by_period(frame, period)
    code = {"week": "W", "month": "M", "quarter": "Q"}[period]
    bought: dict[pd.Period, set] = {}
    for customer, day in orders:
        if customer is not None and day is not None:
            bought.setdefault(pd.Period(day, freq=code), set()).add(customer)
    expected_rows, expected_churned = [], []
    if bought:
        periods = pd.period_range(min(bought), max(bought), freq=code)
        for before, now in zip(periods[:-1], periods[1:]):
            lost = bought.get(before, set()) - bought.get(now, set())
            expected_rows.append((str(now), len(bought.get(before, set())), len(lost)))
            expected_churned += [(customer, str(now)) for customer in sorted(lost)]
    assert list(table[["period", "customers_start", "churned"]].itertuples(index=False, name=None)) == expected_rows
    assert list(churned.itertuples(index=False, name=None)) == expected_churned


@pytest.mark.parametrize("report", ["churn", "segments", "clv"])
def test_orders_without_any_readable_date_are_refused(tmp_path, report):
    path = write_csv(tmp_path / "orders.csv", ["Customer ID", "Order Date", "Amount"],
                     [["a", "", "10"], ["b", "someday", "5"]])
    assert_refused(tmp_path, report, "--from", path,
                   message=f"{report} needs order_date, and none of the 2 rows has one that could be read")


def test_churn_of_orders_without_customers_is_refused_and_apart_is_empty(tmp_path):
    path = write_csv(tmp_path / "orders.csv", ["Customer ID", "Order Date", "Amount"],
                     [["", "2024-01-01", "10"], ["", "2024-02-01", "5"]])
    assert_refused(tmp_path, "churn", "--from", path,
                   message="churn needs customer_id, and none of the 2 rows has one that could be read")
    # a customer on one line, a date on another: no line says when a customer bought, so nothing to count
    apart = write_csv(tmp_path / "apart.csv", ["Customer ID", "Order Date", "Amount"],
                      [["a", "", "10"], ["", "2024-02-01", "5"]])
    doc = report_json("churn", "--from", apart)
    assert doc["tables"]["by_period"] == [] and doc["tables"]["cohorts"] == [] and doc["kpis"]["churn_rate"] is None
