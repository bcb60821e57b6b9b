"""The fast readers (Arrow's CSV reader, python-calamine) give exactly what the fallback readers give."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from crmreport.errors import InputError
from crmreport.loaders import files
from helpers import report_json

ROOT = Path(__file__).resolve().parents[2]
CSV_FILES = sorted(p for p in [*(ROOT / "tests/corpus").glob("*.csv"), *(ROOT / "examples").glob("*.csv")])
WORKBOOKS = [ROOT / "examples/sales_office.xlsx", ROOT / "tests/corpus/merged_cells.xlsx"]


def _read_with(monkeypatch, path: Path, fast: bool):
    if not fast:
        monkeypatch.setattr(files, "_read_csv_arrow", lambda *args: None)
    try:
        return files.read_tables(path)
    except InputError as exc:
        return str(exc)
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_arrow_csv_reader_matches_pandas_reader(monkeypatch, path):
    fast, slow = _read_with(monkeypatch, path, True), _read_with(monkeypatch, path, False)
    if isinstance(slow, str):
        assert fast == slow  # the same one-line message for a file neither can read
        return
    assert len(fast) == len(slow) == 1
    pd.testing.assert_frame_equal(fast[0].frame, slow[0].frame)
    assert [w.text() for w in fast[0].warnings] == [w.text() for w in slow[0].warnings]
    assert fast[0].header_row == slow[0].header_row


def test_arrow_reader_hands_ragged_rows_to_pandas(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("Name,Stage\nA,Won\nB,Lost,extra\nC\n", encoding="utf-8")
    assert files._read_csv_arrow(path, "utf-8", ",", 0, ["Name", "Stage"]) is None
    (table,) = files.read_tables(path)
    assert table.frame["Name"].tolist() == ["A", "B", "C"]
    assert any("more cells than the header" in w.text() for w in table.warnings)


def test_arrow_reader_is_used_for_well_formed_files(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text('Name,Note\nA,"two\nlines"\nB,\n', encoding="utf-8")
    frame = files._read_csv_arrow(path, "utf-8", ",", 0, ["Name", "Note"])
    assert frame["Note"].tolist()[0] == "two\nlines" and pd.isna(frame["Note"].iloc[1])


@pytest.mark.parametrize("note_every", [7, 5000])
def test_notes_over_several_lines_in_a_big_file(tmp_path, monkeypatch, note_every):
    """Notes over several lines, some across Arrow's 1 MB block boundaries, read by the Arrow reader as Python's csv
    module reads them. (Splitting blocks at any line end, 40% faster, mangles such rows without always saying so.)"""
    import csv

    path = tmp_path / "notes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Deal Name", "Stage", "Amount", "Description"])
        for i in range(40_000):  # ~2.5 MB: three blocks at least
            note = f'call {i}, said "maybe"\nthen\r\nlater' if i % note_every == 3 else f"note {i}"
            writer.writerow([f"Deal {i}", "Won" if i % 2 else "Lost", f"{i}.50", note])
    with path.open(encoding="utf-8", newline="") as handle:
        expected = list(csv.reader(handle))[1:]
    monkeypatch.setattr(files, "_read_csv_pandas", None)  # the Arrow reader must read it
    (table,) = files.read_tables(path)
    assert table.frame.to_numpy().tolist() == expected


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_calamine_matches_openpyxl(path):
    # the cells as each reads them; merged cells are filled from python-calamine's ranges only (openpyxl's read-only
    # mode does not see them), which test_merged_cells_take_their_value checks
    by_calamine = [files._sheet_table(path, sheet.title, sheet.rows) for sheet in files._calamine_sheets(path)]
    by_openpyxl = [files._sheet_table(path, sheet.title, sheet.rows) for sheet in files._openpyxl_sheets(path)]
    by_calamine, by_openpyxl = [t for t in by_calamine if t], [t for t in by_openpyxl if t]
    assert [t.sheet for t in by_calamine] == [t.sheet for t in by_openpyxl]
    for fast, slow in zip(by_calamine, by_openpyxl):
        pd.testing.assert_frame_equal(fast.frame, slow.frame)
        assert fast.header_row == slow.header_row


@pytest.mark.parametrize("reader", ["_calamine_sheets", "_openpyxl_sheets"])
def test_both_workbook_readers_refuse_a_corrupt_file_alike(reader):
    with pytest.raises(InputError, match="not a readable .xlsx workbook"):
        getattr(files, reader)(ROOT / "tests/corpus/corrupt.xlsx")


def test_merged_cells_take_their_value(tmp_path):
    """A hand-kept ledger writes each owner once, merged over their deals: the rows under the merged cell were
    deals without an owner."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["客户名称", "负责人", "商机阶段", "金额"])
    for row in (["甲", "张三", "赢单", 1000], ["乙", None, "赢单", 2000], ["丙", None, "输单", 500],
                ["丁", "李四", "赢单", 300], ["戊", None, "赢单", 700], ["己", "王五", "输单", 100]):
        sheet.append(row)
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("B5:B6")
    sheet.merge_cells("D7:E7")  # across columns only: nothing to fill
    path = tmp_path / "台账.xlsx"
    workbook.save(path)
    doc = report_json("performance", "--from", path)
    by_owner = {row["owner"]: (row["won_count"], row["won_amount"], row["lost_count"])
                for row in doc["tables"]["by_owner"]}
    assert by_owner == {"张三": (2, 3000, 1), "李四": (2, 1000, 0), "王五": (0, 0, 1)}  # by hand
    assert f"{path} [Sheet]: '负责人': 3 cells lie under merged cells and take their value" in doc["warnings"]
    corpus = report_json("performance", "--from", ROOT / "tests/corpus/merged_cells.xlsx")
    assert {row["owner"]: row["deals"] for row in corpus["tables"]["by_owner"]} == {"Ann": 1, "Bob": 2}

