"""campaigns: Zoho campaigns and the Facebook ads export (CATALOG-more), and hand-made budgets."""

from __future__ import annotations

import csv

import pytest

from helpers import DATASETS, EXAMPLES, report_json, write_csv


def money(text: str) -> float:
    text = text.replace("$", "").replace(",", "")
    return float(text[:-1]) * 1000 if text.endswith("K") else float(text or 0)


def test_zoho_campaign_roi_and_overspend():
    doc = report_json("campaigns", "--from", DATASETS / "zoho_crm" / "Campaigns.csv")
    assert doc["kpis"]["cost"] == 44209580 and doc["kpis"]["revenue"] == 82335650
    assert doc["kpis"]["roi"] == pytest.approx(0.862394, abs=1e-6)
    with (DATASETS / "zoho_crm" / "Campaigns.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    overspent = sum(1 for r in rows if money(r["Actual Cost"]) > money(r["Budgeted Cost"]))
    assert doc["kpis"]["overspent_campaigns"] == overspent


@pytest.mark.parametrize("name", ["KAG_conversion_data.csv", "KAG_conversion_data.xlsx"])
def test_facebook_ads(name):
    """CATALOG-more: 213,434,828 impressions, 38,165 clicks, spent 58,705.229958, cost per approved 54.407071."""
    doc = report_json("campaigns", "--from", DATASETS / "fb_ads" / name)
    assert doc["kpis"]["cost"] == pytest.approx(58705.229958, abs=1e-5)
    assert doc["kpis"]["ctr"] == pytest.approx(38165 / 213434828)
    assert doc["kpis"]["cost_per_acquisition"] == pytest.approx(54.407071, abs=1e-6)
    campaigns = {r["campaign"]: r for r in doc["tables"]["by_campaign"]}
    assert campaigns["1178"]["clicks"] == 36068 and campaigns["916"]["conversions"] == 24
    assert any("no revenue column" in w for w in doc["warnings"])


def test_budget_and_rates_by_hand(tmp_path):
    path = write_csv(tmp_path / "c.csv", ["Campaign Name", "Channel", "Budget", "Actual Cost", "Impressions", "Clicks",
                                          "Leads", "Conversions", "Revenue"],
                     [["Spring", "Email", "1000", "1200", "10000", "200", "40", "8", "3000"],
                      ["Fair", "Event", "5000", "4000", "", "", "20", "4", "2000"]])
    doc = report_json("campaigns", "--from", path)
    assert doc["kpis"]["roi"] == pytest.approx((5000 - 5200) / 5200)
    assert doc["kpis"]["cost_per_lead"] == pytest.approx(5200 / 60)
    rows = {r["campaign"]: r for r in doc["tables"]["by_campaign"]}
    assert rows["Spring"]["overspend"] == 200 and rows["Fair"]["overspend"] is None
    assert rows["Spring"]["ctr"] == pytest.approx(0.02) and rows["Spring"]["conversion_rate"] == pytest.approx(8 / 200)
    assert doc["kpis"]["overspent_campaigns"] == 1


def test_attribution_of_leads_and_deals(tmp_path):
    """Leads name their campaign; deals carry their own campaign (by id, or a name no campaign has) or inherit
    the campaign of the lead that converted into them. Recomputed here with loops."""
    with (EXAMPLES / "campaigns.csv").open(newline="", encoding="utf-8") as stream:
        campaigns = list(csv.DictReader(stream))
    with (EXAMPLES / "leads.csv").open(newline="", encoding="utf-8") as stream:
        leads = list(csv.DictReader(stream))
    id_of = {c["Campaign Name"]: c["Campaign ID"] for c in campaigns}
    converted = [lead for lead in leads if lead["Converted"] == "TRUE"]
    deals = [[lead["Converted Deal ID"], ["Closed Won", "Closed Lost", "Negotiation"][i % 3], str(1000 * (i + 1)), ""]
             for i, lead in enumerate(converted)]
    deals += [["D-999", "Closed Won", "7000", "CMP-3"], ["D-998", "Closed Won", "500", "Old Promo"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal ID", "Stage", "Amount", "Campaign"], deals)
    doc = report_json("campaigns", "--from", EXAMPLES / "campaigns.csv", "--from", EXAMPLES / "leads.csv",
                      "--from", path)
    campaign_of_deal = {lead["Converted Deal ID"]: id_of.get(lead["Campaign"]) for lead in converted}
    expected = {c["Campaign ID"]: {"leads": 0, "deals": 0, "won": 0.0} for c in campaigns}
    for lead in leads:
        if lead["Campaign"]:
            expected[id_of[lead["Campaign"]]]["leads"] += 1
    for deal_id, stage, amount, own in deals:
        campaign = own or campaign_of_deal.get(deal_id)
        if campaign in expected:
            expected[campaign]["deals"] += 1
            expected[campaign]["won"] += float(amount) if stage == "Closed Won" else 0.0
    rows = {r["campaign"]: r for r in doc["tables"]["by_campaign"]}
    for campaign, figures in expected.items():
        row = rows[campaign]
        assert (row["attributed_leads"], row["attributed_deals"]) == (figures["leads"], figures["deals"])
        assert (row["won_amount"] or 0.0) == pytest.approx(figures["won"])
        cost = float(next(c["Actual Cost"] for c in campaigns if c["Campaign ID"] == campaign))
        assert row["attributed_roi"] == pytest.approx((figures["won"] - cost) / cost)
    assert rows["Old Promo"]["won_amount"] == 500
    assert any("Old Promo" in w and "not in the campaigns table" in w for w in doc["warnings"])


def test_salesforce_campaign_object_export(tmp_path):
    """Salesforce's Campaign.csv (API names: BudgetedCost, ActualCost, NumberOfLeads, NumberOfConvertedLeads,
    AmountWonOpportunities) was not recognised as campaigns. Per campaign (keyed by its Id, its Name beside it) and
    per channel (Type), leads and converted leads agree with a loop over the file; its costs are blank: no ROI."""
    path = DATASETS / "sf_datacloud_workshop" / "Campaign.csv"
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    doc = report_json("campaigns", "--from", path)
    assert doc["kpis"]["campaigns"] == len(rows) == 8
    assert (doc["kpis"]["cost"], doc["kpis"]["roi"]) == (None, None)
    by_campaign = {r["campaign"]: (r["name"], r["leads"], r["conversions"]) for r in doc["tables"]["by_campaign"]}
    assert by_campaign == {r["Id"]: (r["Name"], int(r["NumberOfLeads"]), int(r["NumberOfConvertedLeads"]))
                           for r in rows}
    leads_by_type: dict[str, int] = {}
    for r in rows:
        leads_by_type[r["Type"]] = leads_by_type.get(r["Type"], 0) + int(r["NumberOfLeads"])
    assert {r["channel"]: r["leads"] for r in doc["tables"]["by_channel"]} == leads_by_type
