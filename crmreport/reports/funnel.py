"""funnel: deals by stage in pipeline order — count, amount, weighted amount, stage-to-stage conversion, drop-off.

How far a deal got is read from where it stands: an open deal reached its current stage and every stage before
it; a won deal passed every open stage; a lost deal reached the stage it was lost at when the export keeps that
stage (Pipedrive, ActiveCampaign: status Lost, stage "Proposal Made"), and otherwise only the first stage ("Closed
Lost" says nothing of how far it got). A stage history (a stage_history table, or HubSpot's "Date entered" columns)
adds every stage a deal entered, linked by deal ID: a deal reached the furthest of those too (a won stage in its
history means it passed every open stage), and stages no deal stands at now get their row.
``reached`` of a stage = deals that got at least that far; ``conversion`` = reached / reached of the row above;
``drop_off`` = 1 − conversion; ``not_advanced`` = deals that reached the row above but not this one
(lost there, or still open there).
Won/lost figures and the win rate use the deals closed in the period (SPEC); open deals are all counted.
With ``--by COLUMN``, and by default when the deals come from several pipelines (their stages are not one sequence),
there is a funnel for each value: the stage table's rows per group, the largest group first, each with its own stages,
won and lost rows, reached and conversion. The KPIs stay those of all the deals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import agree
from ..metrics import group_codes, numbers, outcome_kpis, ratio, status_masks, won_without_amount
from ..parsing import rows_at
from ..report import ChartSpec, Report, ReportOptions
from . import check_by_column

NAME = "funnel"
TITLE = "Sales funnel"
LABELS_ZH = {"Sales funnel": "销售漏斗", "deals_with_history": "有阶段历史的商机数"}
ORDER = 20
NEEDS = {"deals": ("stage", "status")}
GROUPS_BY = True
CHARTED_GROUPS = 4  # a grouped funnel draws the largest groups' funnels
COLUMNS = {"deals": ("stage", "status", "stage_order", "amount", "probability", "pipeline"),
           "stage_history": ("deal_id", "stage", "stage_order")}  # deals' deal_id: read when a history is among inputs


def furthest_stage(deals: pd.DataFrame, won: np.ndarray, history: pd.DataFrame | None = None) -> pd.Series:
    """The pipeline position each deal is known to have reached (see module docstring); inf for ``won`` deals and
    deals whose ``history`` holds a won stage."""
    order = deals["stage_order"]
    first = order.min() if order.notna().any() else 0.0
    furthest = order.where(~won, np.inf)
    furthest = furthest.where(furthest.notna() | deals["status"].isna(), first)
    if history is None:
        return furthest
    entered = deals["deal_id"].map(history.groupby("deal_id")["stage_order"].max()).astype("float64")
    return furthest.where(deals["status"].isna(), np.fmax(furthest, entered))


def usable_history(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame | None, list[str]]:
    """The stage history the funnel can link to its deals (None when there is none, or it cannot), and why not."""
    history, deals = tables.get("stage_history"), tables["deals"]
    if history is None:
        return None, []
    if "deal_id" not in deals:
        return None, ["stage history not used: the deals have no deal ID column to link it by"]
    linked = history["deal_id"].isin(deals["deal_id"].dropna().unique())
    if not linked.any():
        return None, ["stage history not used: none of its deal IDs names one of these deals"]
    return history[linked], []


def _closed_row(deals: pd.DataFrame, closed: np.ndarray, status: str, fallback: str) -> dict:
    """The summary row of won (or lost) deals (``closed``), labelled with their usual closing stage name."""
    names = deals["stage"][closed & deals["stage_order"].isna().to_numpy()].dropna()
    label = names.mode().iloc[0] if len(names) else fallback
    amount = numbers(deals, "amount")[closed]
    return {"stage": label, "status": status, "deals": int(closed.sum()), "amount": pd.Series(amount).sum(min_count=1),
            "weighted_amount": pd.Series(amount * numbers(deals, "probability")[closed]).sum(min_count=1)}


def stage_table(deals: pd.DataFrame, masks: dict[str, np.ndarray] | None = None,
                history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Open stages in pipeline order, then a won row and a lost row, with reached, conversion and drop-off;
    ``masks``: the deals' status_masks, when the caller has them; ``history``: their stage history, if any.

    Computed on masks and numeric arrays: the deals (with their text columns) are never copied."""
    masks = masks or status_masks(deals)
    order = deals["stage_order"].to_numpy(dtype="float64")
    staged = np.flatnonzero(~np.isnan(order))
    first_at = pd.Series(order[staged]).drop_duplicates().sort_values()  # the first deal at each pipeline position
    stages = pd.DataFrame({"stage_order": first_at.to_numpy(),
                           "stage": rows_at(deals["stage"], staged[first_at.index]).to_numpy()})
    if history is not None:  # stages that only the history names (no deal stands there now)
        named = history[np.isfinite(history["stage_order"]) & ~history["stage_order"].isin(stages["stage_order"])]
        stages = pd.concat([stages, named.drop_duplicates("stage_order")[["stage_order", "stage"]]])
        stages = stages.sort_values("stage_order", ignore_index=True)
    is_open = masks["open"]
    amount = numbers(deals, "amount")[is_open]
    open_at = pd.DataFrame({
        "stage_order": order[is_open],
        "deals": 1,
        "amount": amount,
        "weighted_amount": amount * numbers(deals, "probability")[is_open],
    }).groupby("stage_order").sum(min_count=1)
    rows = stages.join(open_at, on="stage_order").assign(status="open")
    rows["deals"] = rows["deals"].fillna(0).astype(int)
    furthest = furthest_stage(deals, masks["won"], history)
    reached_at = np.sort(furthest.dropna().to_numpy())
    rows["reached"] = len(reached_at) - np.searchsorted(reached_at, rows["stage_order"].to_numpy(), side="left")
    won = _closed_row(deals, masks["won"], "won", "Won")
    lost = _closed_row(deals, masks["lost"], "lost", "Lost")
    won["reached"] = won["deals"]
    table = pd.concat([rows.drop(columns="stage_order"), pd.DataFrame([won, lost])], ignore_index=True)
    table = table[["stage", "status", "deals", "amount", "weighted_amount", "reached"]]
    table["reached"] = table["reached"].astype("float64")
    previous = table["reached"].shift(1)
    table["conversion"] = ratio(table["reached"], previous)
    table["drop_off"] = 1 - table["conversion"]
    table["not_advanced"] = previous - table["reached"]
    return table


def grouped_stage_table(deals: pd.DataFrame, masks: dict[str, np.ndarray], history: pd.DataFrame | None,
                        column: str) -> pd.DataFrame:
    """stage_table for the deals of each value of ``column`` (missing values grouped as one), one after another,
    the group with the most deals first (ties by name), under a first column named ``column``."""
    codes, labels = group_codes(deals[column])
    sizes = np.bincount(codes, minlength=len(labels))
    by_group = np.argsort(codes, kind="stable")  # each group's rows together, in their order
    ends = np.cumsum(sizes)
    parts = []
    for code in sorted(range(len(labels)), key=lambda code: (-sizes[code], str(labels[code]))):
        rows = by_group[ends[code] - sizes[code]:ends[code]]
        members = deals.iloc[rows]
        linked = None if history is None else history[history["deal_id"].isin(members["deal_id"].dropna().unique())]
        part = stage_table(members, {status: mask[rows] for status, mask in masks.items()}, linked)
        parts.append(part.assign(**{column: labels[code]})[[column, *part.columns]])
    return pd.concat(parts, ignore_index=True)


def funnel_groups(deals: pd.DataFrame, options: ReportOptions) -> str | None:
    """The column to draw a funnel per value of: --by's, else the pipeline when the deals come from several."""
    if options.by:
        check_by_column(deals, options.by, NAME)
        return options.by
    several = "pipeline" in deals and deals["pipeline"].nunique() > 1
    return "pipeline" if several else None


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Funnel KPIs (won/lost counts, win rate) and the stage table (a funnel per group: funnel_groups)."""
    deals = tables["deals"]
    masks = status_masks(deals)
    history, warnings = usable_history(tables)
    group = funnel_groups(deals, options)
    if group is None:
        stages = stage_table(deals, masks, history)
        charts = [ChartSpec("funnel", "stages", "stage", "reached")]
        entered = float(stages["reached"].iloc[0]) if len(stages) else 0.0
    else:
        stages = grouped_stage_table(deals, masks, history, group)
        entered = float(stages.groupby(group, sort=False)["reached"].first().sum())
        groups = list(dict.fromkeys(stages[group]))
        if not options.by:
            warnings.append(f"deals from {len(groups)} pipelines ({', '.join(map(repr, groups))}): a funnel for "
                            "each, as their stages are not one sequence; --where pipeline=NAME for one")
        shown = groups[:options.top]  # --top: the largest groups
        stages = stages[stages[group].isin(shown)].reset_index(drop=True)
        charts = [ChartSpec("funnel", "stages", "stage", "reached", only=(group, value))
                  for value in shown[:CHARTED_GROUPS]]
    outcomes = outcome_kpis(deals, masks)
    kpis = {
        "won_count": outcomes["won_count"],
        "lost_count": outcomes["lost_count"],
        "win_rate": outcomes["win_rate"],
        "win_rate_by_value": outcomes["win_rate_by_value"],
        "won_amount": outcomes["won_amount"],
        "deals": int(len(deals)),
        "open_count": int(masks["open"].sum()),
        "overall_conversion": ratio(outcomes["won_count"], entered),
    }
    if history is not None:
        kpis["deals_with_history"] = int(history["deal_id"].nunique())
    unstaged = int((deals["stage"].isna().to_numpy() & masks["open"]).sum())
    if unstaged:
        warnings.append(agree(unstaged, "open deal has no stage; it counts", "open deals have no stage; they count")
                        + " as having reached the first stage")
    warnings += won_without_amount(deals, masks, "won_amount")
    return Report(NAME, TITLE, kpis, {"stages": stages}, warnings, charts)
