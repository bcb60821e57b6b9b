"""campaigns: effectiveness (impressions, clicks, CTR, responses, leads, conversions, conversion rate), budget
against actual cost with overspend flagged, ROI, cost per lead and per acquisition; per campaign (rows of the
same campaign id or name are added up, e.g. the ads of an ad-platform export) and per channel.

SPEC: ROI = (revenue − cost) / cost; CTR = clicks / impressions; cost per lead = cost / leads. Cost is the actual
cost. Conversion rate = conversions / clicks (ads) — or / leads when there are no clicks."""

from __future__ import annotations

import pandas as pd

from ..metrics import NONE_LABEL, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "campaigns"
TITLE = "Campaigns"
ORDER = 100
NEEDS = {"campaigns": ()}
MEASURES = ("budget", "actual_cost", "impressions", "clicks", "responses", "leads", "conversions", "revenue")


def _rates(table: pd.DataFrame) -> pd.DataFrame:
    """Ratios of summed measures (present columns only)."""
    get = lambda column: table[column] if column in table else pd.Series(float("nan"), index=table.index)
    cost = get("actual_cost")
    table["ctr"] = ratio(get("clicks"), get("impressions"))
    base = get("clicks") if "clicks" in table else get("leads")
    table["conversion_rate"] = ratio(get("conversions"), base)
    table["cost_per_lead"] = ratio(cost, get("leads"))
    table["cost_per_acquisition"] = ratio(cost, get("conversions"))
    table["roi"] = ratio(get("revenue") - cost, cost)
    if "budget" in table:
        table["overspend"] = (cost - table["budget"]).where(cost > table["budget"])
    return table


def _by(campaigns: pd.DataFrame, key: pd.Series, name: str) -> pd.DataFrame:
    present = [m for m in MEASURES if m in campaigns]
    frame = campaigns[present].assign(**{name: key.fillna(NONE_LABEL).astype("str")})
    table = frame.groupby(name, sort=False)[present].sum(min_count=1).reset_index()
    sort = "actual_cost" if "actual_cost" in table else present[0]
    return _rates(table).sort_values(sort, ascending=False, na_position="last").reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Totals and the tables by campaign and channel."""
    campaigns = tables["campaigns"]
    totals = _rates(pd.DataFrame([{m: campaigns[m].sum(min_count=1) for m in MEASURES if m in campaigns}]))
    first = totals.iloc[0]
    kpis = {"cost": first.get("actual_cost"), "revenue": first.get("revenue"), "roi": first.get("roi"),
            "ctr": first.get("ctr"), "cost_per_lead": first.get("cost_per_lead"),
            "cost_per_acquisition": first.get("cost_per_acquisition"), "campaigns": 0}
    key = campaigns["campaign_id"] if "campaign_id" in campaigns else campaigns.get("name")
    result, warnings = {}, []
    if key is not None:
        by_campaign = _by(campaigns, key, "campaign")
        kpis["campaigns"] = int(len(by_campaign))
        if "overspend" in by_campaign:
            kpis["overspent_campaigns"] = int(by_campaign["overspend"].notna().sum())
        result["by_campaign"] = by_campaign.head(options.top) if options.top else by_campaign
    if "channel" in campaigns:
        result["by_channel"] = _by(campaigns, campaigns["channel"], "channel")
    if "revenue" not in campaigns:
        warnings.append("no revenue column: ROI cannot be computed")
    charts = [ChartSpec("bar", "by_campaign", "campaign", "actual_cost")] if "actual_cost" in campaigns else []
    return Report(NAME, TITLE, kpis, result, warnings, charts)
