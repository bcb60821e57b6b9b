"""A board exported group by group (monday.com's "Export board to Excel"): each group's name on a row of its own,
the group's own header below it, its items, an empty row. The group names ("Closed Won", "Closed Lost") were read
as deals without a stage ("stage missing, and no status either"), and counted as deals by the audit. The figures
are counted from the items by a loop."""

from __future__ import annotations

import csv
import json

from openpyxl import Workbook

from tests.helpers import cli, report_json

HEADER = ["Name", "Owner", "Stage", "Deal Value", "Expected Close Date", "Close Probability"]
GROUPS = {
    "Active Deals": [["Website revamp", "Jane Smith", "Negotiation", 12000, "2024-04-01", 0.6],
                     ["Audit", "John Doe", "Proposal", 1500, "2024-05-01", 0.3]],
    "Closed Won": [["CRM rollout", "John Doe", "Won", 8000, "2024-02-01", 1.0],
                   ["Training", "Jane Smith", "Won", 2500, "2024-02-11", 1.0]],
    "Closed Lost": [["Support plan", "Jane Smith", "Lost", 5000, "2024-02-15", 0]],
}
ITEMS = [item for items in GROUPS.values() for item in items]


def _rows() -> list[list]:
    """The sheet's rows: the board's name, then per group its name, its header, its items and an empty row."""
    rows: list[list] = [["Deals"], []]
    for name, items in GROUPS.items():
        rows += [[name], HEADER, *items, []]
    return rows


def _workbook(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Deals"
    for row in _rows():
        sheet.append(row)
    path = tmp_path / "Deals_1712345678.xlsx"
    book.save(path)
    return path


def _csv(tmp_path):
    path = tmp_path / "deals.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(row + [""] * (len(HEADER) - len(row)) for row in _rows())
    return path


def _expected():
    won = [item for item in ITEMS if item[2] == "Won"]
    lost = [item for item in ITEMS if item[2] == "Lost"]
    open_ = [item for item in ITEMS if item[2] not in ("Won", "Lost")]
    return len(won), len(lost), len(open_), sum(item[3] for item in won), sum(item[3] * item[5] for item in open_)


def test_group_names_over_their_headers_are_no_deals(tmp_path):
    for path in (_workbook(tmp_path), _csv(tmp_path)):
        funnel = report_json("funnel", "--from", path)
        won, lost, open_, won_amount, weighted = _expected()
        kpis = funnel["kpis"]
        assert (kpis["deals"], kpis["won_count"], kpis["lost_count"], kpis["open_count"], kpis["won_amount"]) == \
            (len(ITEMS), won, lost, open_, won_amount) == (5, 2, 1, 2, 10_500)
        assert report_json("pipeline", "--from", path)["kpis"]["weighted_amount"] == weighted == 12000 * 0.6 + 450
        audit = cli("audit", "--from", path, "-F", "json")  # exit 1: the items have no close date
        assert (audit.exit_code, json.loads(audit.stdout)["kpis"]["rows"]) == (1, len(ITEMS))
    # reading every column, the CSV's group names are told apart from empty rows
    assert "2 rows (8, 13) name the groups of rows below them ('Closed Won', 'Closed Lost')" in \
        cli("inspect", "--from", _csv(tmp_path)).stdout
    # the first group's name is above the first header (skipped like a title); the others between the items. (A CSV
    # report that reads only some columns sees a name in a column it does not read as an empty row.)
    funnel = report_json("funnel", "--from", _workbook(tmp_path))
    label = funnel["inputs"][0]["path"]
    assert funnel["warnings"] == [
        f"{label}: 2 rows (8, 13) name the groups of rows below them ('Closed Won', 'Closed Lost'), not records: "
        "left out",
        f"{label}: 2 rows (9, 14) repeat the header over each group, not records: left out",
        f"{label}: 2 rows (7, 12) are empty, not records: left out"]


def test_the_notes_in_chinese(tmp_path):
    result = cli("funnel", "--from", _workbook(tmp_path), "--lang", "zh")
    assert result.exit_code == 0
    assert "2 行（第 8, 13 行）是其下方各行的分组名（'Closed Won', 'Closed Lost'），不是记录：已略去" in result.stdout
    assert "2 行（第 9, 14 行）是各分组上方重复的表头，不是记录：已略去" in result.stdout


def test_clean_leaves_them_out_and_logs_why(tmp_path):
    out = tmp_path / "clean.csv"
    result = cli("clean", "--from", _workbook(tmp_path), "-o", out, "-F", "json")
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as stream:
        assert [row["Name"] for row in csv.DictReader(stream)] == [item[0] for item in ITEMS]
    with (tmp_path / "clean.changes.csv").open(encoding="utf-8-sig", newline="") as stream:
        logged = {row["row"]: row["new"] for row in csv.DictReader(stream) if row["rule"] == "not-a-record"}
    assert {row: logged[row] for row in ("8", "13")} == dict.fromkeys(("8", "13"), "left out: a group's name")
    assert json.loads(result.stdout)["kpis"]["rows_out"] == len(ITEMS)


def test_a_record_above_a_repeated_header_stays_a_record(tmp_path):
    # two exports joined: the row above the second header is the first file's last deal, not a group's name
    path = tmp_path / "joined.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([HEADER, *GROUPS["Active Deals"], HEADER, *GROUPS["Closed Won"]])
    doc = report_json("funnel", "--from", path)
    assert doc["kpis"]["deals"] == 4
    assert doc["warnings"] == [f"{path}: row 4 repeats the header (files joined together?), not records: left out"]
