"""clv: SPEC's simple CLV from CDNOW orders (churn figures of CATALOG.md) and from the example orders, each
recomputed here with plain loops."""

from __future__ import annotations

import collections
import csv
import datetime as dt

import pytest

from helpers import DATASETS, EXAMPLES, assert_refused, report_json, write_csv


def _quarter(day: dt.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def test_cdnow_quarterly_clv():
    revenue, purchases, customers = 0.0, set(), set()
    with (DATASETS / "cdnow" / "orders.csv").open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            revenue += float(row["amount"])
            purchases.add((row["customer_id"], row["order_date"]))
            customers.add(row["customer_id"])
    # CATALOG.md quarterly churn: 18,194/23,570, 3,087/5,376, 2,200/4,263, 2,267/4,221, 2,057/3,817
    churn = (18194 + 3087 + 2200 + 2267 + 2057) / (23570 + 5376 + 4263 + 4221 + 3817)
    value, frequency, lifespan = revenue / len(purchases), len(purchases) / len(customers) / 6, 1 / churn
    doc = report_json("clv", "--from", DATASETS / "cdnow" / "orders.csv", "--period", "quarter")
    kpis = doc["kpis"]
    assert kpis["customers"] == 23570 and kpis["purchases"] == 67591 and kpis["periods"] == 6
    assert kpis["avg_purchase_value"] == pytest.approx(value, rel=1e-12)
    assert kpis["purchase_frequency"] == pytest.approx(frequency, rel=1e-12)
    assert kpis["avg_lifespan"] == pytest.approx(lifespan, rel=1e-12)
    assert kpis["clv"] == pytest.approx(value * frequency * lifespan, rel=1e-12)
    assert "1 / churn rate per quarter" in kpis["lifespan_method"]
    best = doc["tables"]["customers"][0]
    # customer 07592: $13,990.93 over 146 purchase days (CATALOG-more), first bought in 1997Q1 → 6 quarters observed
    assert best["customer_id"] == "07592"
    assert best["clv"] == pytest.approx(13990.93 / 146 * (146 / 6) * lifespan, rel=1e-9)


def test_example_orders_clv_by_region():
    with (EXAMPLES / "orders.csv").open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    quarters = [_quarter(dt.date.fromisoformat(r["Order Date"])) for r in rows]
    periods = max(quarters) - min(quarters) + 1
    active = collections.defaultdict(set)
    for row, quarter in zip(rows, quarters):
        active[quarter].add(row["Customer ID"])
    first_seen = min(quarters)
    starts = churned = 0
    for quarter in range(first_seen + 1, max(quarters) + 1):
        starts += len(active[quarter - 1])
        churned += len(active[quarter - 1] - active[quarter])
    lifespan = starts / churned
    doc = report_json("clv", "--from", EXAMPLES / "orders.csv", "--period", "quarter")  # stdout stays pure JSON
    assert doc["kpis"]["avg_lifespan"] == pytest.approx(lifespan)
    # ten customers are too few for BG/NBD: said once, in a line, and the simple CLV stands
    assert [w for w in doc["warnings"] if "could not be fitted to these 10 customers" in w]
    for region in {r["Region"] for r in rows}:
        mine = [r for r in rows if r["Region"] == region]
        revenue = sum(float(r["Amount"]) for r in mine)
        customers = len({r["Customer ID"] for r in mine})
        expected = revenue / len(mine) * (len(mine) / customers / periods) * lifespan
        (found,) = [r for r in doc["tables"]["by_region"] if r["region"] == region]
        assert found["clv"] == pytest.approx(expected)
        assert found["customers"] == customers


def test_one_period_of_orders_has_no_lifespan(tmp_path):
    path = write_csv(tmp_path / "orders.csv", ["Customer ID", "Order Date", "Amount"],
                     [["a", "2024-01-05", "10"], ["b", "2024-01-20", "20"]])
    doc = report_json("clv", "--from", path, "--period", "quarter")
    assert doc["kpis"]["clv"] is None and doc["kpis"]["avg_lifespan"] is None
    assert doc["kpis"]["avg_purchase_value"] == 15
    assert any("no churn could be measured" in w for w in doc["warnings"])


def test_clv_refuses_deals_only_input(tmp_path):
    assert_refused(tmp_path, "clv", "--from", EXAMPLES / "zoho_deals.csv", message="clv needs an orders table")


def _cdnow_sample_csv(tmp_path):
    """The 1/10th CDNOW sample (whitespace-aligned .txt) as an orders CSV."""
    rows = []
    for line in (DATASETS / "cdnow" / "CDNOW_sample.txt").read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0].isdigit():
            day = parts[2]
            rows.append([parts[0], f"{day[:4]}-{day[4:6]}-{day[6:]}", parts[3], parts[4]])
    return write_csv(tmp_path / "sample.csv", ["customer_id", "order_date", "quantity", "amount"], rows)


def test_bgnbd_and_gamma_gamma_reproduce_the_published_fits(tmp_path):
    """Fader, Hardie & Lee (2005) BG/NBD on the 2,357-customer sample, 39-week calibration (to 1997-09-30):
    r 0.243, alpha 4.414, a 0.793, b 2.426; Gamma-Gamma (CATALOG-more, zbar from raw transactions):
    p 6.2496, q 3.7442, gamma 15.4435."""
    doc = report_json("clv", "--from", _cdnow_sample_csv(tmp_path), "--until", "1997-09-30", "--period", "quarter")
    kpis = doc["kpis"]
    assert kpis["customers"] == 2357
    published = {"bgnbd_r": 0.243, "bgnbd_alpha": 4.414, "bgnbd_a": 0.793, "bgnbd_b": 2.426}
    for key, value in published.items():
        assert kpis[key] == pytest.approx(value, abs=0.0006), key
    assert kpis["gamma_gamma_p"] == pytest.approx(6.2496, abs=0.001)
    assert kpis["gamma_gamma_q"] == pytest.approx(3.7442, abs=0.001)
    assert kpis["gamma_gamma_v"] == pytest.approx(15.4435, abs=0.002)
    customers = doc["tables"]["customers"]
    assert all(0 <= c["probability_alive"] <= 1 for c in customers)
    assert kpis["expected_purchases_next_period"] > 0


def test_without_the_models_extra_only_the_simple_clv(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "lifetimes", None)  # as if the extra were not installed
    doc = report_json("clv", "--from", EXAMPLES / "orders.csv", "--period", "quarter")
    assert doc["kpis"]["model"] is None and doc["kpis"]["clv"] is not None
    assert "probability_alive" not in doc["tables"]["customers"][0]


def test_fits_on_weighted_distinct_histories_equal_fits_over_every_customer():
    """The models are fitted to distinct histories weighted by their customers; lifetimes' own fit over every
    customer of CDNOW, done here, gives the same parameters and predictions."""
    import contextlib
    import io
    import warnings

    import pandas as pd

    from crmreport.loaders import LoadOptions, load_dataset
    from crmreport.reports.clv import _fit, repeat_summary

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from lifetimes import BetaGeoFitter, GammaGammaFitter
    orders = load_dataset([DATASETS / "cdnow" / "orders.csv"], LoadOptions()).tables["orders"]
    summary = repeat_summary(orders, orders["order_date"].max())
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        parameters, predicted = _fit(BetaGeoFitter, GammaGammaFitter, summary, 13.0)
        every = BetaGeoFitter().fit(summary["x"], summary["t_x"], summary["T"])
        repeaters = summary[(summary["x"] > 0) & (summary["repeat_value"] > 0)]
        spend = GammaGammaFitter().fit(repeaters["x"], repeaters["repeat_value"])
    assert len(summary.drop_duplicates(["x", "t_x", "T"])) < len(summary) / 2  # the weights do group customers
    for name, value in every.params_.items():
        assert parameters[f"bgnbd_{name}"] == pytest.approx(value, rel=1e-9), name
    for name, value in spend.params_.items():
        assert parameters[f"gamma_gamma_{name}"] == pytest.approx(value, rel=1e-9), name
    expected = every.conditional_expected_number_of_purchases_up_to_time(13.0, summary["x"], summary["t_x"],
                                                                         summary["T"])
    pd.testing.assert_series_equal(predicted["expected_purchases"], pd.Series(expected, index=summary.index),
                                   check_names=False, rtol=1e-9)
