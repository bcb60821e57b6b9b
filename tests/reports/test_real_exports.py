"""Real Salesforce and Zoho exports (shared/datasets) against the figures in CATALOG-more.md."""

from __future__ import annotations

import pytest

from helpers import DATASETS, report_json

DEVORG = DATASETS / "sf_devorg_powerbi" / "Opportunity.csv"
WORKSHOP = DATASETS / "sf_datacloud_workshop" / "Opportunity.csv"
ZOHO = DATASETS / "zoho_crm" / "Potentials.csv"


def test_salesforce_devorg_outcomes_and_pipeline():
    funnel = report_json("funnel", "--from", DEVORG)
    assert (funnel["kpis"]["won_count"], funnel["kpis"]["lost_count"]) == (12, 8)
    assert funnel["kpis"]["win_rate"] == pytest.approx(0.6)
    assert funnel["kpis"]["won_amount"] == 2815000
    pipeline = report_json("pipeline", "--from", DEVORG)
    assert pipeline["kpis"]["open_count"] == 16
    assert pipeline["kpis"]["open_amount"] == 2115000
    assert pipeline["kpis"]["weighted_amount"] == pytest.approx(1094500)
    assert pipeline["kpis"]["open_without_amount"] == 3
    assert pipeline["inputs"][0]["profile"] == "salesforce"


def test_salesforce_devorg_created_after_close_is_reported_not_used():
    """CreatedDate is the org's load date (2026), after most close dates: the cycle must not use those deals."""
    doc = report_json("cycle", "--from", DEVORG)
    assert any("dated after the close date" in w for w in doc["warnings"])
    assert doc["kpis"]["min_cycle_days"] is None or doc["kpis"]["min_cycle_days"] >= 0


def test_salesforce_workshop_iswon_isclosed_and_weighted_pipeline():
    doc = report_json("pipeline", "--from", WORKSHOP)
    assert doc["kpis"]["open_count"] == 35
    assert doc["kpis"]["open_amount"] == pytest.approx(30002070.50, abs=0.005)
    assert doc["kpis"]["weighted_amount"] == pytest.approx(926749.785, abs=0.0005)
    funnel = report_json("funnel", "--from", WORKSHOP)
    assert funnel["kpis"]["win_rate"] == pytest.approx(0.8)
    assert funnel["kpis"]["won_amount"] == pytest.approx(10542562.98, abs=0.005)


def test_zoho_potentials():
    doc = report_json("performance", "--from", ZOHO)
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"]) == (1425, 485)
    assert doc["kpis"]["win_rate"] == pytest.approx(0.746073, abs=1e-6)
    assert doc["kpis"]["won_amount"] == 89066200
    assert doc["tables"]["by_owner"][0]["owner"] == "Tina Thomas"
    assert doc["tables"]["by_owner"][0]["won_amount"] == 8996000
    assert doc["kpis"]["currency"] == "USD"
    pipeline = report_json("pipeline", "--from", ZOHO)
    assert pipeline["kpis"]["open_amount"] == 110255300
