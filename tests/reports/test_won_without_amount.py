"""Won deals without an amount (an empty cell, an unreadable one, a formula never computed) counted as 0 in the
won amount, the average deal size and revenue with no word: two of three won deals empty gave an average deal of
166.67. Now the reports say how many. Counts by a loop over the rows."""

from __future__ import annotations

import pytest

from tests.helpers import cli, report_json, write_csv

HEADER = ["Deal", "Owner", "Stage", "Amount", "Close Date"]
ROWS = [["A", "Ann", "Won", "", "2024-03-01"], ["B", "Ann", "Won", "500", "2024-03-02"],
        ["C", "Bob", "Won", "n/a", "2024-03-03"], ["D", "Bob", "Lost", "", "2024-03-04"],
        ["E", "Bob", "Proposal", "", "2024-04-04"]]
EMPTY_WON = sum(1 for row in ROWS if row[2] == "Won" and not row[3].replace(".", "").isdigit())


@pytest.mark.parametrize("report, counted_as", [("performance", "won_amount and avg_deal_size"),
                                                ("funnel", "won_amount"), ("revenue", "revenue")])
def test_won_deals_without_an_amount_are_counted_and_said(tmp_path, report, counted_as):
    doc = report_json(report, "--from", write_csv(tmp_path / "deals.csv", HEADER, ROWS))
    assert f"{EMPTY_WON} won deals have no amount; they count as 0 in {counted_as}" in doc["warnings"]
    assert EMPTY_WON == 2
    if report == "performance":
        won = [row for row in ROWS if row[2] == "Won"]
        assert doc["kpis"]["avg_deal_size"] == pytest.approx(500 / len(won))  # SPEC: won amount / won count


def test_one_and_none(tmp_path):
    one = [row for row in ROWS if row[0] != "C"]
    doc = report_json("performance", "--from", write_csv(tmp_path / "one.csv", HEADER, one))
    assert "1 won deal has no amount; it counts as 0 in won_amount and avg_deal_size" in doc["warnings"]
    filled = [row[:3] + ["100"] + row[4:] for row in ROWS]
    doc = report_json("performance", "--from", write_csv(tmp_path / "filled.csv", HEADER, filled))
    assert not any("no amount" in warning for warning in doc["warnings"])


def test_in_chinese(tmp_path):
    result = cli("performance", "--from", write_csv(tmp_path / "deals.csv", HEADER, ROWS), "--lang", "zh")
    assert result.exit_code == 0
    assert "2 个赢单商机没有金额；在赢单金额和平均成交额中按 0 计" in result.stdout
