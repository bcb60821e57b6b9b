"""A hand-kept tracker names its won stage "Signed" ("Contract signed", "Closed - Signed"), as 签约 is read in Chinese:
those deals were open, nothing won. "Not signed", "To be signed" and "Unsigned" stay open. Counted by a loop."""

from __future__ import annotations

from tests.helpers import report_json, write_csv

ROWS = [["A", "Ann", "Prospect", "100"], ["B", "Ann", "Signed", "200"], ["C", "Bob", "Contract signed", "300"],
        ["D", "Bob", "Closed - Signed", "400"], ["E", "Ann", "Not signed", "50"], ["F", "Bob", "To be signed", "60"],
        ["G", "Ann", "Lost", "70"], ["H", "Ann", "Signed contract", "80"], ["I", "Bob", "Unsigned", "5"]]
WON_STAGES = {"Signed", "Contract signed", "Closed - Signed", "Signed contract"}


def test_signed_is_won_and_not_signed_is_open(tmp_path):
    doc = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", ["Deal", "Owner", "Stage", "Amount"], ROWS))
    won = [row for row in ROWS if row[2] in WON_STAGES]
    kpis = doc["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["open_count"]) == (len(won), 1, len(ROWS) - len(won) - 1)
    assert kpis["won_amount"] == sum(float(row[3]) for row in won) == 980
    open_stages = [row["stage"] for row in doc["tables"]["stages"] if row["status"] == "open"]
    assert set(open_stages) == {"Prospect", "Not signed", "To be signed", "Unsigned"}
