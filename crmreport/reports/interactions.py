"""interactions: how often customers are contacted on each channel (call, email, meeting, chat, task), and what
follows: the outcome recorded on the interaction, and the result of the deals it touched.

- Customer of an interaction: its own customer column, else the account of the deal it belongs to.
- Response rate: share of interactions with a recorded outcome whose outcome is positive (replied, connected,
  interested, meeting booked or held, won …; POSITIVE_OUTCOME) and not negated ("no reply"; NEGATIVE_OUTCOME).
- Deal effect (deals given, interactions carry deal ids): per channel, the closed deals it touched, their win
  rate, and the lift = that win rate / the win rate of all closed deals. A correlation, not a cause: deals
  that go well get more meetings.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..filters import dated_in_period
from ..metrics import NONE_LABEL, activity_states, ratio
from ..parsing import map_distinct
from ..report import ChartSpec, Report, ReportOptions

NAME = "interactions"
TITLE = "Customer interactions"
LABELS_ZH = {"Customer interactions": "客户互动", "call": "电话", "email": "邮件", "meeting": "会议", "task": "任务",
             "chat": "在线沟通", "closed_deals": "已结商机数", "lift": "提升倍数", "overall_win_rate": "总体赢单率",
             "per_customer": "客均互动次数", "positive_outcomes": "正面结果数", "response_rate": "回复率",
             "with_customer": "有客户的互动数", "with_outcome": "有结果的互动数"}
ORDER = 145
NEEDS = {"activities": ("type",)}
POSITIVE_OUTCOME = r"repl|connect|interest|booked|scheduled|held|positive|success|won|answered|成功|有意向|已回复|已接通"
NEGATIVE_OUTCOME = r"\bno\b|\bnot\b|\bnone\b|\bun|未|没有|无"  # "No reply", "not interested", "unanswered", "未接通"


def customers_of(activities: pd.DataFrame, deals: pd.DataFrame | None) -> pd.Series:
    """The customer each interaction was with (missing when neither it nor its deal says)."""
    customer = activities["customer"] if "customer" in activities else pd.Series(pd.NA, index=activities.index,
                                                                                  dtype="str")
    if deals is not None and "deal_id" in activities and {"deal_id", "account"} <= set(deals.columns):
        accounts = deals.dropna(subset=["deal_id"]).drop_duplicates("deal_id").set_index("deal_id")["account"]
        customer = customer.fillna(activities["deal_id"].map(accounts))
    return customer


def is_positive(outcomes: pd.Series) -> pd.Series:
    """Whether each outcome is a positive one (POSITIVE_OUTCOME, not negated by NEGATIVE_OUTCOME)."""
    lowered = outcomes.str.lower()
    return (lowered.str.contains(POSITIVE_OUTCOME, regex=True) & ~lowered.str.contains(NEGATIVE_OUTCOME, regex=True)) \
        .fillna(False).astype(bool)


def by_channel(activities: pd.DataFrame, customer: pd.Series, as_of: pd.Timestamp) -> pd.DataFrame:
    """Interactions, customers reached, interactions per customer reached, done (by status, else dated by
    ``as_of``), response rate per channel."""
    outcome = activities["outcome"] if "outcome" in activities else pd.Series(pd.NA, index=activities.index, dtype="str")
    frame = pd.DataFrame({"channel": activities["type"].fillna(NONE_LABEL), "customer": customer,
                          "done": activity_states(activities, activities["date"].dt.normalize(), as_of).eq("done"),
                          "with_outcome": outcome.notna(),
                          "positive": map_distinct(outcome, is_positive, fill=False)})
    groups = frame.groupby("channel")
    table = pd.DataFrame({"interactions": groups.size(), "customers": groups["customer"].nunique(),
                          "with_customer": groups["customer"].count(),
                          "done": groups["done"].sum(), "with_outcome": groups["with_outcome"].sum(),
                          "positive_outcomes": groups["positive"].sum()})
    table["per_customer"] = ratio(table["with_customer"], table["customers"])  # interactions whose customer is known
    table["response_rate"] = ratio(table["positive_outcomes"], table["with_outcome"])
    return table.rename_axis("channel").reset_index().sort_values(["interactions", "channel"], ascending=[False, True]) \
        .reset_index(drop=True)


def deal_effect(activities: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """Per channel: closed deals touched, won, win rate and lift over the win rate of all closed deals."""
    closed = deals[deals["status"].isin(["won", "lost"]) & deals["deal_id"].notna()]
    overall = ratio(int((closed["status"] == "won").sum()), len(closed))
    pairs = activities[["type", "deal_id"]].dropna().drop_duplicates()
    touched = pairs.merge(closed[["deal_id", "status"]].drop_duplicates("deal_id"), on="deal_id")
    groups = touched.assign(won=touched["status"].eq("won")).groupby("type")
    table = pd.DataFrame({"closed_deals": groups.size(), "won_count": groups["won"].sum()})
    table["win_rate"] = ratio(table["won_count"], table["closed_deals"])
    table["lift"] = table["win_rate"] / overall if overall else None
    return table.rename_axis("channel").reset_index()


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Interaction KPIs, the channel table, the deal effect (when deals are given) and the most contacted customers."""
    activities, warnings = dated_in_period(tables["activities"], "date", options.since, options.until,
                                           ("activity", "activities"))
    deals = tables.get("deals")
    customer = customers_of(activities, deals)
    channels = by_channel(activities, customer, pd.Timestamp(options.until or dt.date.today()))
    kpis = {"interactions": int(len(activities)), "customers": int(customer.nunique()),
            "per_customer": ratio(int(customer.notna().sum()), int(customer.nunique())),
            "response_rate": ratio(int(channels["positive_outcomes"].sum()), int(channels["with_outcome"].sum()))}
    result = {"by_channel": channels}
    if deals is not None and "deal_id" in activities and "deal_id" in deals:
        effect = deal_effect(activities, deals)
        result["by_channel"] = channels.merge(effect, on="channel", how="left")
        closed = deals[deals["status"].isin(["won", "lost"])]
        kpis["overall_win_rate"] = ratio(int((closed["status"] == "won").sum()), len(closed))
    else:
        warnings.append("no deals with deal ids given: the effect of interactions on deals is left out")
    if customer.notna().any():
        per_customer = pd.crosstab(customer.rename("customer"), activities["type"].fillna(NONE_LABEL))
        per_customer.insert(0, "interactions", per_customer.sum(axis=1))
        result["by_customer"] = per_customer.sort_values("interactions", ascending=False, kind="stable") \
            .head(options.top or 50).reset_index()
    else:
        warnings.append("interactions carry no customer (and no deal to find one): counts per customer left out")
    return Report(NAME, TITLE, kpis, result, warnings, [ChartSpec("bar", "by_channel", "channel", "interactions")])
