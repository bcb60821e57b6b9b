"""A workbook's hidden sheet (an old copy of the deals, a working sheet kept out of sight) was read as any other
with no word, its deals counted. It is still read (it may hold the data), and every report says so, in English and
Chinese, whichever reader opened the workbook. Hidden sheets that hold no table (picklists) are not mentioned."""

from __future__ import annotations

import pytest

from tests.helpers import cli, report_json, without_module

DEALS = [["A", "Ann", "Closed Won", 100], ["B", "Ann", "Closed Won", 200]]
OLD = [["X", "Bob", "Closed Won", 5000]]
NOTE = "the sheet is hidden in the workbook: read as any other (delete it to leave it out)"


def _workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    visible = book.active
    visible.title = "Deals"
    for row in [["Deal", "Owner", "Stage", "Amount"], *DEALS]:
        visible.append(row)
    old = book.create_sheet("Old deals")
    for row in [["Deal", "Owner", "Stage", "Amount"], *OLD]:
        old.append(row)
    old.sheet_state = "hidden"
    picklists = book.create_sheet("Lists")
    for row in [["Stages"], ["Lead"], ["Won"]]:
        picklists.append(row)
    picklists.sheet_state = "veryHidden"
    path = tmp_path / "pipeline.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("reader", ["python-calamine", "openpyxl"])
def test_a_hidden_sheet_is_counted_and_named(tmp_path, monkeypatch, reader):
    if reader == "openpyxl":
        without_module(monkeypatch, "python_calamine")
    path = _workbook(tmp_path)
    doc = report_json("performance", "--from", path)
    assert doc["kpis"]["won_amount"] == sum(row[3] for row in DEALS + OLD) == 5300
    assert [warning for warning in doc["warnings"] if "hidden" in warning] == [f"{path} [Old deals]: {NOTE}"]


def test_the_note_in_chinese(tmp_path):
    result = cli("performance", "--from", _workbook(tmp_path), "--lang", "zh")
    assert result.exit_code == 0
    assert "[Old deals]：该工作表在工作簿中被隐藏：与其他工作表一样读取（如不需计入请删除）" in result.stdout
