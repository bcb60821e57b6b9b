"""A sheet that lays out the other files (their names and headers side by side, as Maven's data_dictionary.csv does)
is not data: it was read as a table of owners ('account' an owner of team 'deal_stage'), and the audit counted its
blank rows as duplicates. Now it is skipped with a note; tables that hold values are read as before."""

from __future__ import annotations

import csv
import json

from helpers import MAVEN, cli, report_json, write_csv


def test_mavens_data_dictionary_is_skipped_with_a_note():
    note = f"{MAVEN / 'data_dictionary.csv'}: holds the other files' names and headers, not records (a data " \
           "dictionary's layout); skipped"
    funnel = report_json("funnel", "--from", MAVEN)
    assert note in funnel["warnings"]
    shown = cli("inspect", "--from", MAVEN).stdout
    assert "table:    a layout of the other files (a data dictionary), not read" in shown
    result = cli("audit", "--from", MAVEN, "-F", "json")
    audit = json.loads(result.stdout)
    assert not [row for row in audit["tables"]["checks"] if "data_dictionary" in row["file"]]  # 2 DUP_ROW, 3 EMPTY
    scored = {row["file"]: row["table"] for row in audit["tables"]["scores"]}
    assert scored[str(MAVEN / "data_dictionary.csv")] == "—" and scored[str(MAVEN / "sales_teams.csv")] == "owners"


def test_the_sales_teams_alone_make_the_owners_table():
    """sales_teams.csv's headers are all among the dictionary's, but its cells are names: it is still read, and the
    teams come from it alone. Won amount per manager by a loop over the files."""
    with open(MAVEN / "sales_teams.csv", encoding="utf-8") as stream:
        manager = {row["sales_agent"]: row["manager"] for row in csv.DictReader(stream)}
    won: dict[str, float] = {}
    with open(MAVEN / "sales_pipeline.csv", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["deal_stage"] == "Won":
                won[manager[row["sales_agent"]]] = won.get(manager[row["sales_agent"]], 0) + float(row["close_value"])
    doc = report_json("performance", "--from", MAVEN, "--by", "team")
    assert {row["team"]: row["won_amount"] for row in doc["tables"]["by_team"]} == won


def test_small_tables_of_values_under_the_same_headers_are_read(tmp_path):
    """Two small exports with the same headers (this week's and last week's): each holds values, not header names,
    and both are read: 2 + 3 deals."""
    header = ["Deal Name", "Owner", "Stage", "Amount"]
    write_csv(tmp_path / "week1.csv", header, [["A", "Ann", "Won", "10"], ["B", "Ann", "Lost", "20"]])
    write_csv(tmp_path / "week2.csv", header,
              [["C", "Bo", "Won", "30"], ["D", "Bo", "Won", "5"], ["E", "Bo", "Open", "7"]])
    doc = report_json("performance", "--from", tmp_path)
    assert (doc["kpis"]["won_count"], doc["kpis"]["won_amount"]) == (3, 45)
    assert not any("names and headers" in warning for warning in doc["warnings"])


def test_the_layout_note_in_chinese():
    result = cli("funnel", "--from", MAVEN, "--lang", "zh", "-F", "md")
    assert f"{MAVEN / 'data_dictionary.csv'}：列出的是其他文件的名称和表头，不是记录（数据字典的版式）；已跳过" in result.stdout
