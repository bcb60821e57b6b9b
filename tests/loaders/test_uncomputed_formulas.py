"""A workbook written by a program with formulas in it (openpyxl stores no result, XlsxWriter 0) and never saved by
a spreadsheet: its formula column of amounts was read as empty or 0, three won deals worth 0.00, with no word. Now
a warning names the column and the rows; the same workbook saved by LibreOffice has its results and no warning."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from openpyxl import Workbook

from crmreport.loaders.formulas import column_index
from tests.helpers import cli, report_json

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
HEADER = ["Deal", "Owner", "Stage", "Quantity", "Price", "Amount", "Close Date"]
DEALS = [("D1", "Ann", "Won", 2, 500), ("D2", "Ann", "Won", 3, 1000), ("D3", "Bob", "Won", 1, 250),
         ("D4", "Bob", "Proposal", 4, 100)]


def _workbook(tmp_path, name="deals.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.title = "Deals"
    sheet.append(HEADER)
    for row, (deal, owner, stage, quantity, price) in enumerate(DEALS, start=2):
        sheet.append([deal, owner, stage, quantity, price, f"=D{row}*E{row}", "2024-03-01"])
    path = tmp_path / name
    book.save(path)
    return path


def _with_zero_results(path, target):
    """The workbook as XlsxWriter writes formulas: each with the result 0 stored."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"</f><v></v>", b"</f><v>0</v>")
            copy.writestr(item, data)
    return target


def _expected_warning(label):
    return (f"{label}: Amount: 4 cells with a formula whose result the workbook does not keep (written by a program, "
            "never saved by a spreadsheet) (rows 2, 3, 4, 5); read as empty or 0: open the workbook in Excel or "
            "LibreOffice, save it and read it again")


@pytest.mark.parametrize("zero_results", [False, True])
def test_formulas_without_results_are_named(tmp_path, zero_results):
    path = _workbook(tmp_path)
    if zero_results:
        path = _with_zero_results(path, tmp_path / "xlsxwriter.xlsx")
    doc = report_json("performance", "--from", path)
    label = doc["inputs"][0]["path"]
    assert _expected_warning(label) in doc["warnings"]
    result = cli("performance", "--from", path, "--lang", "zh")
    assert "金额 (Amount)" not in result.stdout  # the header alone names a raw column
    assert "Amount：4 个单元格含公式，但工作簿未保存其结果（由程序写出，未经电子表格保存）（第 2, 3, 4, 5 行）；" \
           "按空值或 0 读取：请在 Excel 或 LibreOffice 中打开并保存该工作簿后再读取" in result.stdout


def test_a_workbook_that_keeps_its_results_has_no_warning(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["D1", "Ann", "Won", 2, 500, 1000, "2024-03-01"])
    book.save(tmp_path / "values.xlsx")
    assert report_json("performance", "--from", tmp_path / "values.xlsx")["warnings"] == []


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_saved_by_libreoffice_the_results_are_read(tmp_path):
    source = _workbook(tmp_path, "written.xlsx")
    saved = tmp_path / "saved"
    result = subprocess.run([LIBREOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                             "--convert-to", "xlsx", "--outdir", str(saved), str(source)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    doc = report_json("performance", "--from", saved / "written.xlsx")
    assert doc["warnings"] == []
    won = [quantity * price for _deal, _owner, stage, quantity, price in DEALS if stage == "Won"]
    assert doc["kpis"]["won_amount"] == sum(won) == 4250


def test_column_letters():
    assert [column_index(letters) for letters in ("A", "F", "Z", "AA", "AZ", "BA", "XFD")] == \
        [0, 5, 25, 26, 51, 52, 16383]
