"""segments: revenue by column and RFM, against CATALOG figures (UCI Online Retail subset, CDNOW) and an
independent loop over the raw files."""

from __future__ import annotations

import bisect
import collections
import csv
import datetime as dt
import math

import pytest

from helpers import DATASETS, EXAMPLES, assert_refused, report_json, write_csv

RETAIL = DATASETS / "online_retail_excel_subset" / "Online_Retail.xlsx"
CDNOW = DATASETS / "cdnow" / "orders.csv"


def test_online_retail_workbook_figures():
    doc = report_json("segments", "--from", RETAIL, "--by", "region")
    kpis = doc["kpis"]
    # CATALOG-more §9: 938 invoices, 559 customers, net revenue 339,603.98 (all lines), UK 310,424.02
    assert (kpis["orders"], kpis["customers"]) == (938, 559)
    assert kpis["revenue"] == pytest.approx(339603.98, abs=0.005)
    regions = {r["region"]: r for r in doc["tables"]["by_region"]}
    assert regions["United Kingdom"]["revenue"] == pytest.approx(310424.02, abs=0.005)
    assert regions["Germany"]["revenue"] == pytest.approx(5498.03, abs=0.005)
    assert kpis["snapshot"] == "2010-12-10"
    top = [(r["customer_id"], round(r["revenue"], 2), r["recency_days"], r["purchases"])
           for r in doc["tables"]["customers"][:3]]
    assert top == [("18102", 25920.37, 3, 3), ("15061", 11429.5, 3, 7), ("13777", 6840.16, 2, 9)]
    assert "6653 order lines have no customer id" in " ".join(doc["warnings"])


def _cdnow_customers() -> dict[str, dict]:
    spend, days = collections.defaultdict(float), collections.defaultdict(set)
    with CDNOW.open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            spend[row["customer_id"]] += float(row["amount"])
            days[row["customer_id"]].add(dt.date.fromisoformat(row["order_date"]))
    snapshot = dt.date(1998, 7, 1)
    return {c: {"revenue": spend[c], "purchases": len(days[c]), "recency": (snapshot - max(days[c])).days}
            for c in spend}


def _scores(values: list[float]) -> list[int]:
    """Quintile by average rank share, written as a sorted-list loop."""
    ordered = sorted(values)
    scores = []
    for value in values:
        below = bisect.bisect_left(ordered, value)
        equal = bisect.bisect_right(ordered, value) - below
        share = (below + (equal + 1) / 2) / len(values)
        scores.append(min(5, max(1, math.ceil(share * 5))))
    return scores


def test_cdnow_rfm_matches_an_independent_loop():
    doc = report_json("segments", "--from", CDNOW, "--top", "5")
    kpis = doc["kpis"]
    # CATALOG-more §2: 23,570 customers, 67,591 (customer, day) purchases, $2,500,315.63, mean spend 106.080426
    assert (kpis["customers"], kpis["orders"]) == (23570, 67591)
    assert kpis["revenue"] == pytest.approx(2500315.63, abs=0.005)
    assert kpis["revenue_per_customer"] == pytest.approx(106.080426, abs=1e-6)
    top = [(r["customer_id"], round(r["revenue"], 2), r["purchases"], r["recency_days"])
           for r in doc["tables"]["customers"][:3]]
    assert top == [("07592", 13990.93, 146, 2), ("14048", 8976.33, 171, 1), ("07983", 6973.07, 125, 6)]

    customers = _cdnow_customers()
    ids = list(customers)
    r = _scores([-customers[c]["recency"] for c in ids])
    f = _scores([customers[c]["purchases"] for c in ids])
    expected = collections.Counter()
    for r_score, f_score in zip(r, f):
        if r_score >= 4 and f_score >= 4:
            expected["champions"] += 1
        elif r_score >= 3 and f_score >= 3:
            expected["loyal"] += 1
        elif r_score == 5:
            expected["new"] += 1
        elif r_score >= 3:
            expected["potential loyalists"] += 1
        elif f_score >= 3:
            expected["at risk"] += 1
        elif r_score == 2:
            expected["hibernating"] += 1
        else:
            expected["lost"] += 1
    found = {row["segment"]: row["customers"] for row in doc["tables"]["rfm_segments"]}
    assert found == dict(expected)
    assert (kpis["champions"], kpis["at_risk"], kpis["lost"]) == (expected["champions"], expected["at risk"],
                                                                  expected["lost"])


def test_example_orders_by_region_and_period():
    with (EXAMPLES / "orders.csv").open(newline="", encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(stream) if "2024-04-01" <= r["Order Date"] <= "2024-09-30"]
    doc = report_json("segments", "--from", EXAMPLES / "orders.csv", "--by", "region,product",
                      "--since", "2024-04-01", "--until", "2024-09-30")
    expected = collections.defaultdict(float)
    for row in rows:
        expected[(row["Region"], row["Product"])] += float(row["Amount"])
    found = {(r["region"], r["product"]): r["revenue"] for r in doc["tables"]["by_region_product"]}
    assert found == pytest.approx(dict(expected))
    assert doc["kpis"]["orders"] == len({r["Order ID"] for r in rows})
    assert doc["kpis"]["snapshot"] == "2024-10-01"


def test_unknown_by_column_is_refused(tmp_path):
    assert_refused(tmp_path, "segments", "--from", EXAMPLES / "orders.csv", "--by", "planet",
                   message="segments --by planet: no such column in the table; columns: ")


def test_segments_needs_orders(tmp_path):
    assert_refused(tmp_path, "segments", "--from", EXAMPLES / "zoho_deals.csv", message="segments needs an orders table")


def test_purchase_keys_by_order_id_else_customer_and_day():
    """Worked by hand: order A (two lines) is one purchase; without an order id, x's two lines of 5 March are one,
    x on 6 March another, y on 5 March another, the two lines without a customer on 5 March one more; a line with
    neither an order id nor a date is no purchase. Five in all."""
    import pandas as pd

    from crmreport.reports.segments import purchase_keys

    day1, day2 = pd.Timestamp("2024-03-05 09:00"), pd.Timestamp("2024-03-06")
    orders = pd.DataFrame({
        "order_id": pd.Series(["A", "A", None, None, None, None, None, None, None], dtype="str"),
        "customer_id": pd.Series(["x", "y", "x", "x", "x", "y", None, None, "x"], dtype="str"),
        "order_date": pd.Series([day1, day2, day1, day1.normalize(), day2, day1, day1, day1, pd.NaT],
                                dtype="datetime64[us]")})
    keys = purchase_keys(orders).tolist()
    assert keys[0] == keys[1] and keys[2] == keys[3] and keys[6] == keys[7]
    assert len({keys[0], keys[2], keys[4], keys[5], keys[6]}) == 5
    assert math.isnan(keys[8]) and purchase_keys(orders).nunique() == 5
    without_ids = orders.drop(columns="order_id")
    assert purchase_keys(without_ids).nunique() == 5  # A's lines: x and y on different days, each its own purchase


def test_an_order_dated_9999_12_31_has_no_date(tmp_path):
    """A placeholder date (9999-12-31) was taken as written: the snapshot, the day after the last order, became
    10000-01-01 and C1's recency 2.9 million days. It is now an order without a date, left out with a warning.
    By hand: C1's orders only, 100 + 70; snapshot the day after 2024-02-01, recency 1 day."""
    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Customer ID,Order Date,Amount\n1,C1,2024-01-05,100\n2,C2,9999-12-31,50\n"
                    "3,C1,2024-02-01,70\n", encoding="utf-8")
    doc = report_json("segments", "--from", path)
    assert doc["kpis"]["snapshot"] == "2024-02-02"
    assert (doc["kpis"]["customers"], doc["kpis"]["revenue"]) == (1, 170)
    recency = {row["customer_id"]: row["recency_days"] for row in doc["tables"]["customers"]}
    assert recency == {"C1": 1}
    assert any("order_date (Order Date): 1 value standing for no date" in w and "'9999-12-31'" in w
               for w in doc["warnings"])
    assert "1 order line has no order_date and is left out" in doc["warnings"]


def test_order_lines_left_out_are_counted(tmp_path):
    """Line 2 has no date, line 3 no customer: segments, clv and churn leave them out of what needs them and say so
    (they left them out silently). Revenue of the dated lines by hand: 10 + 30 + 10 + 20."""
    path = write_csv(tmp_path / "orders.csv", ["Order ID", "Customer ID", "Order Date", "Amount"],
                     [["1", "a", "2024-01-05", "10"], ["2", "b", "", "20"], ["3", "", "2024-02-05", "30"],
                      ["4", "a", "2024-03-05", "10"], ["5", "b", "2024-03-09", "20"]])
    undated = "1 order line has no order_date and is left out"
    segments = report_json("segments", "--from", path)
    assert segments["kpis"]["revenue"] == 70 and undated in segments["warnings"]
    for report in ("clv", "churn"):
        doc = report_json(report, "--from", path)
        assert {undated, "1 order line has no customer id and is left out"} <= set(doc["warnings"])
