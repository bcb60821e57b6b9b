"""A pipeline whose stages are numbered by hand ("1. Lead", "2. Meeting", "3. Proposal"; "Stage 10 - Won back" after
"Stage 9 - Nurture"; "30% - Proposal") is ordered by its numbers. Ordered by stage words, "3. Proposal" came before
"2. Meeting", a word no table knows, and the funnel's reach and conversion were those of a pipeline the user does
not have. Reach is worked out by a loop over the deals."""

from __future__ import annotations

import pytest

from tests.helpers import report_json, write_csv

HEADER = ["Deal Name", "Owner", "Stage", "Amount"]


def _reached(rows: list[list[str]], order: list[str], won: str) -> list[int]:
    """Per open stage in ``order``: deals standing there or further, and the won deals (which passed every stage)."""
    position = {stage: place for place, stage in enumerate(order)}
    return [sum(1 for row in rows if row[2] == won or position.get(row[2], -1) >= place)
            for place in range(1, len(order))]


@pytest.mark.parametrize("order, won, lost", [
    (["1. Lead", "2. Meeting", "3. Proposal"], "4. Won", "5. Lost"),
    (["Stage 2 - Meeting", "Stage 9 - Nurture", "Stage 10 - Contract"], "Stage 11 - Closed Won", "Stage 12 - Lost"),
    (["10% - Qualify", "30% - Discovery call", "60% - Proposal", "90% - Contract out"], "100% - Won", "0% - Lost"),
])
def test_numbered_stages_go_in_their_numbers_order(tmp_path, order, won, lost):
    # written out of order, with more deals at the later stages, so that neither first appearance nor size orders them
    rows = [["A", "Ann", order[-1], "100"], ["B", "Ann", order[-1], "100"], ["C", "Ann", order[0], "100"],
            *[[f"M{i}", "Bob", stage, "50"] for i, stage in enumerate(reversed(order[1:-1]))],
            ["W", "Cy", won, "400"], ["L", "Cy", lost, "500"]]
    stages = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", HEADER, rows))["tables"]["stages"]
    open_rows = [row for row in stages if row["status"] == "open"]
    assert [row["stage"] for row in open_rows] == order
    assert [row["reached"] for row in open_rows[1:]] == _reached(rows, order, won)
    assert [row["status"] for row in stages if row["stage"] in (won, lost)] == ["won", "lost"]


def test_a_pipeline_numbered_only_in_part_keeps_the_word_order(tmp_path):
    rows = [["A", "Ann", "Negotiation", "100"], ["B", "Ann", "2 Prospecting", "100"],
            ["C", "Ann", "Qualification", "1"]]
    stages = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", HEADER, rows))["tables"]["stages"]
    assert [row["stage"] for row in stages if row["status"] == "open"] == \
        ["2 Prospecting", "Qualification", "Negotiation"]
