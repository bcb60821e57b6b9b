"""satisfaction: CSAT and NPS overall, by agent, by channel, and by period; tickets count in the period of their
creation (else resolution) time.

SPEC: CSAT = share of ratings in the top two of a 1–5 scale (4 or 5); NPS = % promoters (9–10) − % detractors
(0–6). A rating column whose values go above 5 is taken as a 0–10 scale and gives NPS (and CSAT as 9–10 of 10)."""

from __future__ import annotations

import pandas as pd

from ..filters import dated_in_period
from ..metrics import NONE_LABEL, period_labels, ratio
from ..report import ChartSpec, Report, ReportOptions

NAME = "satisfaction"
TITLE = "Customer satisfaction"
LABELS_ZH = {"Customer satisfaction": "客户满意度", "avg_rating": "平均评分", "csat": "满意度（CSAT）", "nps": "净推荐值（NPS）"}
ORDER = 120
NEEDS = {"tickets": ("satisfaction",)}


def scores(ratings: pd.Series, good_bad: bool = False) -> dict:
    """responses, csat, nps and the mean rating of a column of ratings (``good_bad``: Zendesk's good/bad answers,
    which have no mean)."""
    rated = ratings.dropna()
    ten_point = bool((rated > 5).any())
    satisfied = rated >= (9 if ten_point else 4)
    result = {"responses": int(len(rated)), "csat": ratio(int(satisfied.sum()), len(rated)),
              "avg_rating": float(rated.mean()) if len(rated) and not good_bad else None, "nps": None}
    if ten_point and len(rated):
        result["nps"] = (int((rated >= 9).sum()) - int((rated <= 6).sum())) / len(rated)
    return result


def _by(tickets: pd.DataFrame, key: pd.Series, name: str, good_bad: bool) -> pd.DataFrame:
    rows = [{name: value, **scores(group["satisfaction"], good_bad)}
            for value, group in tickets.groupby(key.fillna(NONE_LABEL), sort=True)]
    return pd.DataFrame(rows, columns=[name, "responses", "csat", "avg_rating", "nps"])


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Overall scores and the tables by agent, channel and period."""
    date = next((c for c in ("created_at", "resolved_at") if c in tables["tickets"]), "created_at")
    tickets, warnings = dated_in_period(tables["tickets"], date, options.since, options.until, ("ticket", "tickets"))
    good_bad = "satisfaction_good_bad" in tickets
    kpis = scores(tickets["satisfaction"], good_bad)
    result = {}
    for column in ("agent", "channel", "priority", "category"):
        if column in tickets:
            result[f"by_{column}"] = _by(tickets, tickets[column], column, good_bad)
    if date in tickets:
        periods = period_labels(tickets[date], options.period, options.fiscal_year_start)
        result["by_period"] = _by(tickets, periods, "period", good_bad)
    if good_bad and kpis["responses"]:
        warnings.append("ratings are good/bad: CSAT is the share of good; no average rating, no NPS (it needs 0–10 "
                        "answers)")
    elif kpis["nps"] is None and kpis["responses"]:
        warnings.append("ratings are on a 1–5 scale: no NPS (it needs 0–10 answers)")
    charts = [ChartSpec("bar", name, name[3:], "csat") for name in result if name != "by_period"][:1]
    return Report(NAME, TITLE, kpis, result, warnings, charts)
