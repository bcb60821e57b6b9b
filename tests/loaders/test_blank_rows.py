"""Rows without a value in any cell (a hand-kept sheet's separator rows, the ',,,,' lines a spreadsheet writes below
its table) are no records: they were read as deals without owner, stage, amount or date, counted under '(none)' and
as four audit errors each. Figures by hand."""

from __future__ import annotations

import json

from openpyxl import Workbook

from helpers import cli, report_json, write_csv

HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Close Date"]


def test_empty_rows_in_and_below_a_csv_are_left_out_and_said(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, [
        ["A", "Ann", "Closed Won", "1500.50", "2024-03-05"],
        ["", "", "", "", ""],  # row 3
        ["B", "Ann", "Closed Lost", "200", "2024-03-06"],
        ["C", "Li", "Closed Won", "abc", "2024-04-01"],  # row 5: its warning keeps its row number
        ["", "", " ", "", ""], ["", "", "", "", ""],  # rows 6 and 7, as Excel leaves them
    ])
    report = report_json("performance", "--from", path)
    assert report["inputs"][0]["rows"] == 3
    by_owner = {row["owner"]: (row["deals"], row["won_count"], row["lost_count"])
                for row in report["tables"]["by_owner"]}
    assert by_owner == {"Ann": (2, 1, 1), "Li": (1, 1, 0)}
    assert f"{path}: 3 rows (3, 6, 7) are empty, not records: left out" in report["warnings"]
    assert any("could not be read as money" in w and "(rows 5)" in w for w in report["warnings"])
    audit = json.loads(cli("audit", "--from", path, "-F", "json").stdout)
    assert audit["kpis"]["rows"] == 3 and "missing_owner" not in audit["kpis"] and "missing_stage" not in audit["kpis"]


def test_an_empty_row_in_a_workbook_is_left_out(tmp_path):
    book = Workbook()
    rows = [HEADER, ["A", "Ann", "Closed Won", 1500.5, "2024-03-05"], [], ["C", "Li", "Closed Won", 99, "2024-04-01"]]
    for row in rows:
        book.active.append(row)
    path = tmp_path / "deals.xlsx"
    book.save(path)
    report = report_json("performance", "--from", path)
    assert (report["kpis"]["won_count"], report["kpis"]["won_amount"]) == (2, 1500.5 + 99)
    assert {row["owner"] for row in report["tables"]["by_owner"]} == {"Ann", "Li"}
    assert any(w.endswith("row 3 is empty, not a record: left out") for w in report["warnings"])
    zh = cli("performance", "--from", path, "--lang", "zh", "-F", "md")
    assert "第 3 行是空行，不是记录：已略去" in zh.stdout


def test_a_row_with_one_value_is_a_record(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, [["A", "Ann", "Closed Won", "100", "2024-03-05"],
                                                       ["", "", "", "50", ""]])
    report = report_json("pipeline", "--from", path)
    assert report["inputs"][0]["rows"] == 2 and not any("empty" in w for w in report["warnings"])
