"""``--by`` and ``--where`` take a column as the export's header names it (``"Deal Owner"``, ``"Lead Source"``,
``"Closing Date"``), in any case, besides the canonical name: ``--by Owner`` was refused (no such column), as was
``--where "Lead Source=Web"``. Expected figures: a loop over Zoho's example CSV."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest

from helpers import EXAMPLES, assert_refused, report_json

ZOHO = EXAMPLES / "zoho_deals.csv"


def _won(keep=lambda row: True) -> list[dict]:
    with ZOHO.open(newline="", encoding="utf-8-sig") as handle:
        return [row for row in csv.DictReader(handle) if row["Stage"] == "Closed Won" and keep(row)]


def _money(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


@pytest.mark.parametrize("by", ["Deal Owner", "deal owner", "Owner", "owner"])
def test_by_a_header_or_a_canonical_name(by):
    doc = report_json("performance", "--from", ZOHO, "--by", by)
    expected = Counter()
    for row in _won():
        expected[row["Deal Owner"]] += _money(row["Amount"])
    assert {row["owner"]: row["won_amount"] for row in doc["tables"]["by_owner"] if row["won_count"]} \
        == pytest.approx(dict(expected))
    assert len(expected) > 1


def test_by_a_header_no_report_reads_otherwise():
    """The funnel reads no lead source; grouped by it as the export names it, the column is read too."""
    doc = report_json("funnel", "--from", ZOHO, "--by", "Lead Source")
    won = Counter(row["Lead Source"] for row in _won())
    stages = doc["tables"]["stages"]
    assert {row["lead_source"]: row["deals"] for row in stages if row["status"] == "won" and row["deals"]} == won


def test_where_by_headers():
    doc = report_json("performance", "--from", ZOHO, "--where", "Lead Source=Web",
                      "--where", "Closing Date>=2024-09-01")

    def kept(row):
        closed = dt.datetime.strptime(row["Closing Date"], "%d %b, %Y %H:%M:%S").date()
        return row["Lead Source"] == "Web" and closed >= dt.date(2024, 9, 1)

    won = _won(kept)
    assert len(won) > 0
    assert (doc["kpis"]["won_count"], doc["kpis"]["won_amount"]) == (len(won), pytest.approx(
        sum(_money(row["Amount"]) for row in won)))


def test_a_name_neither_a_header_nor_a_column_is_refused(tmp_path):
    assert_refused(tmp_path, "performance", "--from", ZOHO, "--where", "Region=EU",
                   message="--where 'Region=EU': no column 'region'; columns: ")
