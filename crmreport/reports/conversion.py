"""conversion: leads → converted → deals → won, by lead source and period, and the time to convert.

Works with a leads table alone (SPEC: lead conversion rate = converted leads / leads created in the period), with
deals alone (win rate per lead source), and with both, joined by the converted deal's id (deal_id). Of several
people files (a CRM's whole export: leads, contacts, users), only those that say whether a person converted count
as leads (``lead_rows``)."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..filters import dated_in_period
from ..i18n import agree
from ..metrics import NONE_LABEL, outcomes_by, period_labels, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "conversion"
TITLE = "Lead conversion"
LABELS_ZH = {"Lead conversion": "线索转化", "deal_win_rate_by_source": "各来源商机赢单率", "deals_from_leads": "来自线索的商机数",
             "lead_to_won_rate": "线索赢单率", "won_from_leads": "来自线索的赢单数"}
ORDER = 65
NEEDS = {"contacts|deals": ()}


def _conversion_by(leads: pd.DataFrame, key: pd.Series, name: str) -> pd.DataFrame:
    frame = pd.DataFrame({name: key.fillna(NONE_LABEL), "leads": 1, "converted": leads["converted"].astype(int)})
    table = frame.groupby(name, sort=True).sum().reset_index()
    table["conversion_rate"] = ratio(table["converted"], table["leads"])
    return table


def lead_rows(people: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The people who are leads, and a warning: when some files of the people table say whether a person converted
    (a converted flag, else a status) and others do not (a contact list beside the leads), only the rows of the files
    that say it best count."""
    evidence = people["_lead_evidence"].fillna(0) if "_lead_evidence" in people else pd.Series(0, index=people.index)
    best = evidence.max() if len(evidence) else 0
    counted = (evidence == best).to_numpy()
    if counted.all():
        return people, []
    says = "converted column" if best == 2 else "status"
    return people[counted], [agree(int((~counted).sum()), "person", "people") + f" from files without a {says} "
                             "(contacts, users, campaign members): not counted as leads"]


def deals_from_leads(leads: pd.DataFrame, deals: pd.DataFrame) -> pd.Series | None:
    """The status of each deal the converted leads became: linked by the lead's converted deal id (Salesforce's
    ConvertedOpportunityId), else by the deal's lead id (Zoho's LEADID); None when neither link exists."""
    converted = leads[leads["converted"]]
    if "deal_id" in leads and "deal_id" in deals:
        linked = converted[["deal_id"]].dropna()
        return linked.merge(deals[["deal_id", "status"]], on="deal_id", how="inner")["status"]
    if "lead_id" in deals and "contact_id" in leads:
        return deals.loc[deals["lead_id"].isin(converted["contact_id"].dropna().unique()), "status"]
    return None


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Conversion KPIs and tables from whichever of leads and deals are given."""
    leads, deals = tables.get("contacts"), tables.get("deals")
    kpis, result, warnings = {}, {}, []
    if leads is not None:
        leads, warnings = lead_rows(leads)
        if "converted" not in leads:
            raise InputError("conversion needs a converted column (or a status such as 'Converted') in the leads")
        leads, period_warnings = dated_in_period(leads.assign(converted=leads["converted"].fillna(False).astype(bool)),
                                                 "created_date", options.since, options.until, ("lead", "leads"))
        warnings += period_warnings
        converted = int(leads["converted"].sum())
        kpis.update({"leads": int(len(leads)), "converted": converted, "conversion_rate": ratio(converted, len(leads))})
        if "lead_source" in leads:
            result["by_lead_source"] = _conversion_by(leads, leads["lead_source"], "lead_source")
        if "created_date" in leads:
            periods = period_labels(leads["created_date"], options.period, options.fiscal_year_start)
            result["by_period"] = _conversion_by(leads, periods, "period")
            if "converted_date" in leads:
                days = (leads["converted_date"].dt.normalize() - leads["created_date"].dt.normalize()).dt.days
                days = days[leads["converted"] & days.notna()]
                kpis["avg_days_to_convert"] = float(days.mean()) if len(days) else None
                kpis["median_days_to_convert"] = float(days.median()) if len(days) else None
    if deals is not None and "lead_source" in deals:
        table = outcomes_by(deals, "lead_source")[["lead_source", "deals", "won_count", "lost_count", "win_rate",
                                                    "won_amount"]]
        result["deal_win_rate_by_source"] = table.sort_values("lead_source").reset_index(drop=True)
    elif deals is not None:
        warnings.append("the deals have no lead_source column: no win rate by source")
    statuses = deals_from_leads(leads, deals) if leads is not None and deals is not None else None
    if statuses is not None:
        won = int((statuses == "won").sum())
        kpis.update({"deals_from_leads": int(len(statuses)), "won_from_leads": won,
                     "lead_to_won_rate": ratio(won, kpis["leads"])})
    if not kpis:
        kpis = {"leads": None, "converted": None, "conversion_rate": None}
        warnings.append("no leads table: lead conversion needs one; only deal win rates by source are shown")
    charts = [ChartSpec("bar", "by_lead_source", "lead_source", "conversion_rate")] if "by_lead_source" in result else []
    return Report(NAME, TITLE, kpis, result, warnings, charts)
