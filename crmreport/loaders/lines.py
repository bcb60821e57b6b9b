"""Exports of deals with a row per product or contact role (Salesforce's "Opportunities with Products" report): each
row repeats the deal's own columns, its amount too, and reports would count the deal once per row."""

from __future__ import annotations

import re

import pandas as pd

# headers that tell a row per product or per contact of a deal
LINE_HEADER_RE = re.compile(r"product|quantity|\bqty\b|contact role|line item|产品|数量", re.IGNORECASE)
# a deal's own columns: rows that share a deal ID and all of these are lines of one deal
DEAL_OWN_COLUMNS = ("deal_name", "account", "owner", "stage", "status", "amount", "currency", "probability",
                    "created_date", "close_date")


def has_line_headers(headers: list[str]) -> bool:
    """Whether a deals export's headers name products or contact roles beside the deals."""
    return any(LINE_HEADER_RE.search(str(header)) for header in headers)


def one_row_per_deal(deals: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """The deals without the rows that repeat an earlier row's deal ID and deal columns, the first row of each deal
    naming all its products; with the number of deals on several rows and of rows left out. Rows that share an ID
    but not the deal's columns (snapshots, amounts per line) are kept."""
    ids = deals["deal_id"]
    repeated = ids.notna() & ids.duplicated(keep=False)
    if not repeated.any():
        return deals, 0, 0
    compared = [column for column in DEAL_OWN_COLUMNS if column in deals]
    lines = deals.loc[repeated, ["deal_id", *compared]]
    agreeing = lines.groupby("deal_id", sort=False)[compared].nunique(dropna=False).le(1).all(axis=1)
    lines_of_one = repeated & ids.isin(agreeing.index[agreeing])
    later = lines_of_one & ids.duplicated(keep="first")
    if not later.any():
        return deals, 0, 0
    kept = deals[~later].copy()
    if "product" in deals:
        products = deals.loc[lines_of_one, ["deal_id", "product"]].dropna().drop_duplicates()
        names = products.groupby("deal_id", sort=False)["product"].agg(", ".join)
        first = lines_of_one[~later]
        kept.loc[first, "product"] = kept.loc[first, "deal_id"].map(names)
    return kept, int(agreeing.sum()), int(later.sum())


def lines_note(label: str, deals: int, left_out: int) -> str:
    """What reports say of a file whose deals had a row per product or contact."""
    return (f"{label}: {deals:,} deal{'s are' if deals != 1 else ' is'} on {deals + left_out:,} rows, one per "
            "product or contact, the deal's own columns repeated (an opportunities-with-products export?): each deal "
            "counted once")
