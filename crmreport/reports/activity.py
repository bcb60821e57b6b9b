"""activity: activities done in the last period and planned for the next, by owner and type; activities per won
deal; open deals with no activity for STALE_DAYS days.

"Last period" is the --period length (7, 30, 91 or 365 days) up to --until (else today), "next period" the same
length after it. An activity is done or planned by its status; without a status, by whether its date has passed.
Activities reach deals through deal_id."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..metrics import NONE_LABEL, activity_states, by_status, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "activity"
TITLE = "Sales activity"
LABELS_ZH = {"Sales activity": "销售活动", "activities_per_won_deal": "每个赢单的活动数", "as_of": "截至日期",
             "done_by_owner_and_type": "已完成（按负责人与类型）", "done_last_period": "上期已完成", "last_activity": "最近活动",
             "planned_by_owner_and_type": "计划中（按负责人与类型）", "planned_next_period": "下期计划",
             "stale_deals": "久未跟进的商机"}
ORDER = 75
NEEDS = {"activities": ("date",)}
PERIOD_DAYS = {"week": 7, "month": 30, "quarter": 91, "year": 365}
STALE_DAYS = 30


def _by_owner_and_type(activities: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({"owner": activities.get("owner", pd.Series(index=activities.index, dtype="str"))
                          .fillna(NONE_LABEL), "type": activities["type"].fillna(NONE_LABEL)})
    table = frame.value_counts().rename("activities").reset_index()
    return table.sort_values(["owner", "activities"], ascending=[True, False]).reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Done and planned activity counts, activities per won deal, stale open deals."""
    activities = tables["activities"]
    as_of = pd.Timestamp(options.until or dt.date.today())
    length = pd.Timedelta(days=PERIOD_DAYS[options.period])
    day = activities["date"].dt.normalize()
    status = activity_states(activities, day, as_of)
    done = activities[(status == "done") & (day > as_of - length) & (day <= as_of)]
    planned = activities[(status == "planned") & (day > as_of) & (day <= as_of + length)]
    kpis = {"done_last_period": int(len(done)), "planned_next_period": int(len(planned)),
            "period_start": (as_of - length + pd.Timedelta(days=1)).date().isoformat(), "as_of": as_of.date().isoformat()}
    result = {"done_by_owner_and_type": _by_owner_and_type(done),
              "planned_by_owner_and_type": _by_owner_and_type(planned)}
    warnings = []
    deals = tables.get("deals")
    if deals is not None and "deal_id" in deals and "deal_id" in activities:
        linked = activities[activities["deal_id"].isin(deals["deal_id"].dropna())]
        won = by_status(deals, "won")
        kpis["activities_per_won_deal"] = ratio(int(linked["deal_id"].isin(won["deal_id"]).sum()), len(won))
        if linked.empty:
            warnings.append("no activity names one of these deals (its deal_id): every open deal counts as stale; "
                            "check that both exports come from the same CRM")
        last = linked.groupby("deal_id")["date"].max()
        open_deals = by_status(deals, "open")
        # reindex, not map: pandas' map cannot fill from an empty column of dates (no activity linked)
        quiet_since = pd.Series(last.reindex(open_deals["deal_id"]).to_numpy(), index=open_deals.index)
        stale_rows = quiet_since.isna() | (quiet_since < as_of - pd.Timedelta(days=STALE_DAYS))
        stale = open_deals[stale_rows]
        kpis["stale_deals"] = int(len(stale))
        columns = [c for c in ("deal_id", "deal_name", "owner", "stage", "amount") if c in stale]
        result["stale_deals"] = stale[columns].assign(last_activity=quiet_since[stale_rows]) \
            .sort_values("amount", ascending=False, na_position="last").head(options.top or 50).reset_index(drop=True)
    elif deals is not None:
        warnings.append("activities and deals share no deal_id: activities per won deal and stale deals left out")
    return Report(NAME, TITLE, kpis, result, warnings,
                  [ChartSpec("bar", "done_by_owner_and_type", "owner", "activities")])
