"""The four deal reports on Maven's sales_pipeline.csv reproduce every figure in shared/datasets/CATALOG.md."""

from __future__ import annotations

import pytest

from helpers import MAVEN, report_json

PIPELINE = MAVEN / "sales_pipeline.csv"


def test_funnel_stage_counts_and_win_rate():
    doc = report_json("funnel", "--from", PIPELINE)
    stages = {row["stage"]: row["deals"] for row in doc["tables"]["stages"]}
    # CATALOG.md: Prospecting 500, Engaging 1,589, Won 4,238, Lost 2,473
    assert stages == {"Prospecting": 500, "Engaging": 1589, "Won": 4238, "Lost": 2473}
    assert doc["kpis"]["won_count"] == 4238
    assert doc["kpis"]["lost_count"] == 2473
    assert doc["kpis"]["win_rate"] == pytest.approx(0.631500521531813, abs=1e-15)


def test_performance_totals_and_top_agents():
    doc = report_json("performance", "--from", PIPELINE)
    kpis = doc["kpis"]
    assert kpis["won_amount"] == 10005534
    assert kpis["win_rate"] == pytest.approx(0.631500521531813, abs=1e-15)
    assert kpis["avg_deal_size"] == pytest.approx(2360.909391222275, abs=1e-9)
    top = [(row["owner"], row["won_amount"]) for row in doc["tables"]["by_owner"][:3]]
    assert top == [("Darcel Schlecht", 1153214), ("Vicki Laflamme", 478396), ("Kary Hendrixson", 454298)]
    assert doc["tables"]["by_owner"][0]["won_count"] == 349  # CATALOG-more: 349 won deals


def test_cycle_mean_and_median():
    doc = report_json("cycle", "--from", PIPELINE)
    assert doc["kpis"]["avg_cycle_days"] == pytest.approx(51.781972628598396, abs=1e-12)
    assert doc["kpis"]["median_cycle_days"] == 57
    assert doc["kpis"]["won_count"] == 4238


def test_pipeline_open_deals_have_no_amount():
    doc = report_json("pipeline", "--from", PIPELINE)
    # CATALOG: 2,089 open deals, none with a close_value
    assert doc["kpis"]["open_count"] == 2089
    assert doc["kpis"]["open_without_amount"] == 2089
    assert doc["kpis"]["open_amount"] == 0
    assert any("2089 open deals have no amount" in w for w in doc["warnings"])


def test_us_date_variant_gives_the_same_cycle():
    doc = report_json("cycle", "--from", MAVEN / "variant_us_dates" / "sales_pipeline.csv")
    assert doc["kpis"]["avg_cycle_days"] == pytest.approx(51.781972628598396, abs=1e-12)


def test_sales_team_table_joins_by_owner():
    """CATALOG-more: won revenue by regional_office and by manager, from sales_teams.csv."""
    by_region = report_json("performance", "--from", PIPELINE, "--from", MAVEN / "sales_teams.csv", "--by", "region")
    regions = {row["region"]: row["won_amount"] for row in by_region["tables"]["by_region"]}
    assert regions == {"West": 3568647, "Central": 3346293, "East": 3090594}
    by_team = report_json("performance", "--from", PIPELINE, "--from", MAVEN / "sales_teams.csv", "--by", "team")
    teams = {row["team"]: row["won_amount"] for row in by_team["tables"]["by_team"]}
    assert teams["Melvin Marxen"] == 2251930 and teams["Cara Losch"] == 1130049
    assert sum(teams.values()) == 10005534


def test_period_filter_counts_closed_deals_by_close_date():
    """Won revenue by close quarter (CATALOG-more): 2017Q2 = 3,086,111."""
    doc = report_json("performance", "--from", PIPELINE, "--since", "2017-04-01", "--until", "2017-06-30")
    assert doc["kpis"]["won_amount"] == 3086111
    assert doc["period"] == {"since": "2017-04-01", "until": "2017-06-30"}


def test_where_filter_on_product():
    doc = report_json("performance", "--from", PIPELINE, "--where", "product=GTXPro")
    assert doc["kpis"]["won_amount"] == 3510578  # CATALOG-more: won revenue by product
