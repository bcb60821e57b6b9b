"""campaigns: effectiveness (impressions, clicks, CTR, responses, leads, conversions, conversion rate), budget
against actual cost with overspend flagged, ROI, cost per lead and per acquisition; per campaign (rows of the
same campaign id or name are added up, e.g. the ads of an ad-platform export) and per channel.

SPEC: ROI = (revenue − cost) / cost; CTR = clicks / impressions; cost per lead = cost / leads. Cost is the actual
cost. Conversion rate = conversions / clicks (ads) — or / leads when there are no clicks.

Attribution (when leads or deals carry a campaign, by id or name): a lead counts for its campaign; a deal for
its own campaign, else for the campaign of the lead that converted into it (the lead's deal id). Attributed
ROI = (won amount of the attributed deals − actual cost) / actual cost.

With --since/--until: the campaigns that ran in the period (by start and end date), the leads created and the deals
closed in it."""

from __future__ import annotations

import pandas as pd

from ..filters import check_period, dated_in_period
from ..i18n import agree
from ..metrics import NONE_LABEL, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "campaigns"
TITLE = "Campaigns"
LABELS_ZH = {"Campaigns": "营销活动", "actual_cost": "实际成本", "attributed_deals": "归因商机数", "attributed_leads": "归因线索数",
             "attributed_roi": "归因 ROI", "attributed_won_amount": "归因赢单金额", "campaigns": "营销活动数", "clicks": "点击数",
             "conversions": "转化数", "converted_leads": "已转化线索数", "cost_per_acquisition": "单客获取成本",
             "cost_per_lead": "单条线索成本", "ctr": "点击率", "impressions": "展示次数", "overspend": "超支金额",
             "overspent_campaigns": "超支活动数", "roi": "投资回报率"}
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


def running_in_period(campaigns: pd.DataFrame, options: ReportOptions) -> tuple[pd.DataFrame, list[str]]:
    """The campaigns whose run (start date … end date) meets [--since, --until], and warnings.

    A missing end date is a campaign still running, a missing start date one running since before the period; a
    campaign with neither is left out, counted in a warning. Without either column every campaign is kept."""
    since, until = options.since, options.until
    if since is None and until is None:
        return campaigns, []
    check_period(since, until)
    if "start_date" not in campaigns and "end_date" not in campaigns:
        return campaigns, ["the campaigns have no start or end date: --since/--until not applied to them"]
    missing = pd.Series(pd.NaT, index=campaigns.index, dtype="datetime64[us]")
    start = campaigns["start_date"].dt.normalize() if "start_date" in campaigns else missing
    end = campaigns["end_date"].dt.normalize() if "end_date" in campaigns else missing
    undated = start.isna() & end.isna()
    meets = ~undated
    if since:
        meets &= ~(end < pd.Timestamp(since))  # a missing end compares False: still running
    if until:
        meets &= ~(start > pd.Timestamp(until))
    if not undated.any():
        return campaigns[meets], []
    return campaigns[meets], [agree(int(undated.sum()), "campaign has no start or end date and is",
                                    "campaigns have no start or end date and are") + " left out of the period"]


def campaign_keys(campaigns: pd.DataFrame) -> pd.Series | None:
    """What names each campaign in the report: its id, else its name; None when the table has neither."""
    return campaigns["campaign_id"] if "campaign_id" in campaigns else campaigns.get("name")


def campaign_names(campaigns: pd.DataFrame, key: pd.Series) -> pd.Series:
    """Each campaign key's name (the first one written for it)."""
    pairs = pd.DataFrame({"key": key.astype("str"), "name": campaigns["name"]}).dropna()
    return pairs.drop_duplicates("key").set_index("key")["name"]


def _match_key(text: pd.Series) -> pd.Series:
    return text.str.strip().str.lower()


def campaign_lookup(campaigns: pd.DataFrame, key: pd.Series) -> dict[str, str]:
    """Campaign id or name as written anywhere (trimmed, any case) → the campaign's key in the report."""
    lookup = {}
    for column in ("name", "campaign_id"):
        if column in campaigns:
            pairs = pd.DataFrame({"written": _match_key(campaigns[column]), "key": key.astype("str")}).dropna()
            lookup.update(dict(zip(pairs["written"], pairs["key"])))
    return lookup


def attribution(tables: dict[str, pd.DataFrame], lookup: dict[str, str],
                counted_leads: pd.DataFrame | None) -> pd.DataFrame | None:
    """Leads, converted leads, deals, won deals and won amount per campaign; None when nothing carries a campaign.

    ``counted_leads``: the leads to count (those of the period); every lead still links its deal to its campaign."""
    leads, deals = tables.get("contacts"), tables.get("deals")
    has_leads = leads is not None and "campaign" in leads
    if not has_leads and (deals is None or "campaign" not in deals):
        return None
    mapped = lambda text: _match_key(text).map(lookup).fillna(text.str.strip())  # noqa: E731 - unknown: as written
    parts = []
    if has_leads:
        counted = counted_leads if counted_leads is not None else leads
        converted = counted["converted"].fillna(False).astype(bool) if "converted" in counted else False
        parts.append(pd.DataFrame({"campaign": mapped(counted["campaign"]), "attributed_leads": 1,
                                   "converted_leads": pd.Series(converted, index=counted.index).astype(int)}))
    if deals is not None and ("campaign" in deals or (has_leads and "deal_id" in deals)):
        campaign = mapped(deals["campaign"]) if "campaign" in deals else pd.Series(pd.NA, index=deals.index, dtype="str")
        if has_leads and "deal_id" in leads and "deal_id" in deals:
            by_deal = pd.DataFrame({"deal_id": leads["deal_id"], "campaign": mapped(leads["campaign"])}) \
                .dropna().drop_duplicates("deal_id").set_index("deal_id")["campaign"]
            campaign = campaign.fillna(deals["deal_id"].map(by_deal))
        won = deals["status"].eq("won")
        parts.append(pd.DataFrame({"campaign": campaign, "attributed_deals": 1, "won_count": won.astype(int),
                                   "won_amount": deals["amount"].where(won) if "amount" in deals else float("nan")}))
    frame = pd.concat(parts, ignore_index=True).dropna(subset=["campaign"])
    return frame.groupby("campaign", sort=False).sum(min_count=0)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Totals and the tables by campaign and channel."""
    campaigns, warnings = running_in_period(tables["campaigns"], options)
    counted_leads = None
    if "contacts" in tables:  # leads count in the period of their created date (deals: of their close date)
        counted_leads, lead_warnings = dated_in_period(tables["contacts"], "created_date", options.since,
                                                       options.until, ("lead", "leads"))
        warnings += lead_warnings
    totals = _rates(pd.DataFrame([{m: campaigns[m].sum(min_count=1) for m in MEASURES if m in campaigns}]))
    first = totals.iloc[0]
    kpis = {"cost": first.get("actual_cost"), "revenue": first.get("revenue"), "roi": first.get("roi"),
            "ctr": first.get("ctr"), "cost_per_lead": first.get("cost_per_lead"),
            "cost_per_acquisition": first.get("cost_per_acquisition"), "campaigns": 0}
    every_key = campaign_keys(tables["campaigns"])  # a lead or deal may name a campaign that ran before the period
    key = every_key[campaigns.index] if every_key is not None else None
    result = {}
    if key is not None:
        by_campaign = _by(campaigns, key, "campaign")
        kpis["campaigns"] = int(len(by_campaign))
        if "overspend" in by_campaign:
            kpis["overspent_campaigns"] = int(by_campaign["overspend"].notna().sum())
        attributed = attribution(tables, campaign_lookup(tables["campaigns"], every_key.fillna(NONE_LABEL)),
                                 counted_leads)
        if attributed is not None:
            by_campaign = by_campaign.merge(attributed, left_on="campaign", right_index=True, how="outer")
            cost = by_campaign["actual_cost"] if "actual_cost" in by_campaign else float("nan")
            if "won_amount" in by_campaign:
                by_campaign["attributed_roi"] = ratio(by_campaign["won_amount"] - cost, cost)
                matched = by_campaign[by_campaign["won_amount"].notna() & pd.Series(cost, index=by_campaign.index).notna()]
                spent = float(matched["actual_cost"].sum()) if "actual_cost" in matched else 0.0
                kpis["attributed_won_amount"] = float(by_campaign["won_amount"].sum())
                kpis["attributed_roi"] = ratio(float(matched["won_amount"].sum()) - spent, spent)
            unknown = by_campaign["campaign"][~by_campaign["campaign"].isin(every_key.astype("str"))]
            if len(unknown):
                warnings.append(f"{len(unknown)} campaign(s) named by leads or deals are not in the campaigns table: "
                                f"{', '.join(map(str, unknown.head(5)))}")
        if "campaign_id" in campaigns and "name" in campaigns:  # keyed by id: the name beside it
            by_campaign.insert(1, "name", by_campaign["campaign"].map(campaign_names(tables["campaigns"], every_key)))
        result["by_campaign"] = by_campaign.head(options.top) if options.top else by_campaign
    if "channel" in campaigns:
        result["by_channel"] = _by(campaigns, campaigns["channel"], "channel")
    if "revenue" not in campaigns:
        warnings.append("no revenue column: ROI cannot be computed")
    named = "by_campaign" in result and "name" in result["by_campaign"] \
        and result["by_campaign"]["name"].notna().all() and result["by_campaign"]["name"].is_unique
    charts = [ChartSpec("bar", "by_campaign", "name" if named else "campaign", "actual_cost")] \
        if "actual_cost" in campaigns else []
    return Report(NAME, TITLE, kpis, result, warnings, charts)
