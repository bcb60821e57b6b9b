"""pipeline: the open pipeline as it stands — count, amount and weighted amount, by stage, close period and owner;
its velocity, and the deals slipping (still open after their expected close date).

SPEC: open pipeline = open deals; weighted pipeline = Σ amount × probability over open deals
(probability from the export, else from the stage table); pipeline velocity = open deal count × win rate ×
average deal size / mean sales cycle (per day), win rate, deal size and cycle from the deals closed in the period.
Slipping is judged as of --until, else today.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..i18n import agree
from ..metrics import (calendar_days, cycle_days, group_codes, numbers, outcome_kpis, period_codes, ratio, status_masks,
                       sums_by)
from ..parsing import rows_at
from ..report import ChartSpec, Report, ReportOptions

NAME = "pipeline"
TITLE = "Open pipeline"
LABELS_ZH = {"Open pipeline": "未结商机管道", "days_late": "逾期天数", "pipeline_velocity": "管道速度", "slipping": "延期商机",
             "slipping_amount": "延期金额", "slipping_count": "延期商机数"}
ORDER = 10
NEEDS = {"deals": ("status", "amount")}
GROUPS_BY = True
COLUMNS = {"deals": ("deal_id", "deal_name", "account", "owner", "stage", "stage_order", "status", "amount",
                     "probability", "created_date", "close_date")}


def _largest(keys: pd.DataFrame, count: int) -> pd.Index:
    """Index of the first ``count`` rows of ``keys`` sorted descending, by all its columns (the first numeric);
    only rows that can be among them are sorted."""
    first = keys.iloc[:, 0].to_numpy(dtype="float64")
    known = first[~np.isnan(first)]
    if len(known) > count:
        keys = keys[first >= np.partition(known, -count)[-count]]
    return keys.sort_values(list(keys.columns), ascending=False).index[:count]


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Open pipeline KPIs and tables by stage, by expected close period and by owner.

    Works on the positions of the open deals and numeric arrays; text columns are hashed once, never copied."""
    deals = tables["deals"]
    group = options.by or "owner"
    masks = status_masks(deals)
    open_rows = np.flatnonzero(masks["open"])
    amount = numbers(deals, "amount")[open_rows]
    probability = numbers(deals, "probability")[open_rows]
    weighted = amount * probability
    totals = {"open_count": 1, "open_amount": amount, "weighted_amount": weighted}
    kpis = {
        "open_count": len(open_rows),
        "open_amount": float(pd.Series(amount).sum()),
        "weighted_amount": float(pd.Series(weighted).sum()),
        "open_without_amount": int(np.isnan(amount).sum()),
        "open_without_probability": int(np.isnan(probability).sum()),
    }
    tables_out = {}
    if "stage" in deals:
        stage_codes, stage_labels = group_codes(deals["stage"], open_rows)
        by_stage = sums_by(stage_codes, stage_labels, "stage", totals)
        per_stage = pd.DataFrame({"code": stage_codes, "order": numbers(deals, "stage_order")[open_rows],
                                  "probability": probability}, copy=False).groupby("code", sort=True)
        by_stage["probability"] = per_stage["probability"].mean().to_numpy()
        by_stage["_order"] = per_stage["order"].min().to_numpy()
        tables_out["by_stage"] = by_stage.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    charts = [ChartSpec("bar", "by_stage", "stage", "open_amount")] if "by_stage" in tables_out else []
    if "close_date" in deals:
        close_date = deals["close_date"].iloc[open_rows]
        close_periods, periods = period_codes(close_date, options.period,
                                                   fiscal_year_start=options.fiscal_year_start)
        by_period = sums_by(close_periods, periods, "period", totals).sort_values("period").reset_index(drop=True)
        tables_out["by_close_period"] = by_period
        if "stage" in deals:
            tables_out["by_stage_and_period"] = _by_stage_and_period(close_periods, periods, stage_codes,
                                                                     stage_labels, amount)
            charts.insert(0, ChartSpec("stacked_bar", "by_stage_and_period", "period", "open_amount", stack="stage",
                                       limit=24))
    if group in deals:
        by_group = sums_by(*group_codes(deals[group], open_rows), group, totals).sort_values("open_amount",
                                                                                            ascending=False)
        tables_out[f"by_{group}"] = by_group.head(options.top).reset_index(drop=True) if options.top else by_group.reset_index(drop=True)
    kpis.update(velocity(deals, len(open_rows), masks))
    if "close_date" in deals:
        as_of = np.datetime64(options.until or dt.date.today(), "D")
        close_day = calendar_days(close_date)
        late = close_day < as_of  # a missing close date is never late
        kpis["slipping_count"] = int(late.sum())
        kpis["slipping_amount"] = float(pd.Series(amount[late]).sum())
        columns = [c for c in ("deal_id", "deal_name", "account", "owner", "stage", "amount", "close_date")
                   if c in deals]
        days_late = (as_of - close_day[late]).astype(np.int64)
        shown = _largest(pd.DataFrame({"amount": amount[late], "days_late": days_late}), options.top or 50)
        listed = rows_at(deals[columns], open_rows[late][shown]).assign(days_late=days_late[shown])
        tables_out["slipping"] = listed.reset_index(drop=True)
    warnings = []
    if kpis["open_without_amount"]:
        warnings.append(agree(kpis["open_without_amount"], "open deal has no amount; it counts",
                              "open deals have no amount; they count") + " in open_count only")
    no_probability = int((np.isnan(probability) & ~np.isnan(amount)).sum())
    if no_probability:
        why = " no probability (none in the export, stage unknown to the stage table); "
        warnings.append(agree(no_probability, f"open deal with an amount has{why}it is",
                              f"open deals with an amount have{why}they are") + " left out of weighted_amount")
    return Report(NAME, TITLE, kpis, tables_out, warnings, charts)


def _in_label_order(codes: np.ndarray, labels: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """The codes renumbered so that they count up in the sorted order of their labels, and the sorted labels."""
    order = labels.argsort()
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels))
    return rank[codes], labels.take(order)


def _by_stage_and_period(period_codes: np.ndarray, periods: pd.Index, stage_codes: np.ndarray, stages: pd.Index,
                         amount: np.ndarray) -> pd.DataFrame:
    """Open count and amount per (close period, stage), sorted by both: grouped on codes renumbered in label order."""
    period_codes, periods = _in_label_order(period_codes, periods)
    stage_codes, stages = _in_label_order(stage_codes, stages)
    pair = period_codes * len(stages) + stage_codes  # one integer key: sorted, it sorts by period, then stage
    table = sums_by(pair, pd.RangeIndex(len(periods) * len(stages)), "pair", {"open_count": 1, "open_amount": amount})
    pairs = table["pair"].to_numpy()
    return pd.DataFrame({"period": periods.take(pairs // len(stages)), "stage": stages.take(pairs % len(stages)),
                         "open_count": table["open_count"].to_numpy(), "open_amount": table["open_amount"].to_numpy()})


def velocity(deals: pd.DataFrame, open_count: int, masks: dict[str, np.ndarray]) -> dict:
    """Pipeline velocity per day (SPEC) and its parts; ``masks``: the deals' status_masks."""
    outcomes = outcome_kpis(deals, masks)
    dates = ["created_date", "close_date"]
    cycle = cycle_days(deals.loc[masks["won"], dates]).mean() if set(dates) <= set(deals.columns) else float("nan")
    cycle = None if pd.isna(cycle) else float(cycle)
    parts = (outcomes["win_rate"], outcomes["avg_deal_size"], cycle)
    value = None if any(p is None for p in parts) else ratio(open_count * parts[0] * parts[1], parts[2])
    return {"pipeline_velocity": value, "avg_cycle_days": cycle}
