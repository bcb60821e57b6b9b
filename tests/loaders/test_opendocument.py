"""OpenDocument spreadsheets (.ods: LibreOffice's own format, and what Google Sheets downloads as "OpenDocument"):
read by python-calamine like a workbook, every sheet, numbers and dates typed. A folder's .ods files were passed over
("the folder holds no … file"); without python-calamine the file was called a corrupt .xlsx workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tests.helpers import assert_refused, cli, report_json, without_module, write_csv

_NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Closing Date"]
DEALS = [["Alpha", "Ann", "Closed Won", 1200.5, "2024-03-05"], ["Beta", "Bob", "Closed Won", 800, "2024-04-11"],
         ["Gamma", "Bob", "Closed Lost", 300, "2024-04-20"], ["Delta", "Ann", "Negotiation", 5000, "2024-07-01"]]
MORE = [["Epsilon", "Cy", "Closed Won", 99.5, "2024-05-02"]]


def _cell(value) -> str:
    """A cell as LibreOffice writes it: numbers, amounts in a currency ((1200.5, "EUR")) and ISO dates typed,
    anything else a string."""
    if isinstance(value, tuple):
        amount, currency = value
        return f'<table:table-cell office:value-type="currency" office:currency="{currency}" ' \
               f'office:value="{amount}"><text:p>{amount} {currency}</text:p></table:table-cell>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>' \
               "</table:table-cell>"
    if len(value) == 10 and value[4] == value[7] == "-":
        return f'<table:table-cell office:value-type="date" office:date-value="{value}"><text:p>{value}</text:p>' \
               "</table:table-cell>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A minimal OpenDocument spreadsheet: the stored mimetype first, a manifest, and each sheet's rows."""
    tables = "".join(f'<table:table table:name="{escape(name)}">'
                     + "".join("<table:table-row>" + "".join(map(_cell, row)) + "</table:table-row>" for row in rows)
                     + "</table:table>" for name, rows in sheets.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES} office:version="1.2">'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", manifest)
        package.writestr("content.xml", content)
    return path


def test_every_sheet_of_an_ods_file_is_read(tmp_path):
    path = write_ods(tmp_path / "deals.ods", {"2024 H1": [HEADER, *DEALS], "More": [HEADER, *MORE]})
    doc = report_json("performance", "--from", path, "--since", "2024-04-01", "--until", "2024-06-30")
    won = [row for row in DEALS + MORE if row[2] == "Closed Won" and "2024-04-01" <= row[4] <= "2024-06-30"]
    assert doc["kpis"]["won_count"] == len(won) == 2
    assert doc["kpis"]["won_amount"] == sum(row[3] for row in won) == 899.5
    assert [(source["path"], source["rows"]) for source in doc["inputs"]] == [(f"{path} [2024 H1]", 4),
                                                                             (f"{path} [More]", 1)]


def test_a_folder_s_ods_files_are_read(tmp_path):
    write_ods(tmp_path / "deals.ods", {"Deals": [HEADER, *DEALS]})
    doc = report_json("funnel", "--from", tmp_path)
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"]) == (2, 1)


def test_currency_cells_give_their_currency(tmp_path):
    """LibreOffice and Google Sheets store a currency cell's currency beside its number; read as the number alone,
    the amounts had no currency, and beside a CSV in dollars euros were added to dollars."""
    euros = [[*row[:3], (row[3], "EUR"), row[4]] for row in DEALS]
    path = write_ods(tmp_path / "deals.ods", {"Deals": [HEADER, *euros]})
    doc = report_json("performance", "--from", path)
    assert doc["kpis"]["currency"] == "EUR"
    assert doc["kpis"]["won_amount"] == sum(row[3] for row in DEALS if row[2] == "Closed Won") == 2000.5
    assert f"{path} [Deals]: amount: the workbook shows the amounts in EUR (their number format): read in EUR" \
        in doc["warnings"]
    dollars = write_csv(tmp_path / "us.csv", HEADER, [["Zeta", "Dan", "Closed Won", "$500", "2024-03-05"]])
    assert_refused(tmp_path, "performance", "--from", path, "--from", dollars,
                   message="amounts are in several currencies (EUR, USD)")


def test_without_python_calamine_the_user_is_told_what_to_do(tmp_path, monkeypatch):
    without_module(monkeypatch, "python_calamine")
    path = write_ods(tmp_path / "deals.ods", {"Deals": [HEADER, *DEALS]})
    target = tmp_path / "funnel.json"
    for lang, line in (("en", f"crmreport: error: {path}: an OpenDocument spreadsheet (.ods) needs python-calamine "
                              "(pip install python-calamine), or save it as .xlsx or CSV"),
                       ("zh", f"crmreport：错误：{path}：OpenDocument 电子表格（.ods）需要 python-calamine（pip install "
                              "python-calamine），或另存为 .xlsx 或 CSV")):
        result = cli("funnel", "--from", path, "--lang", lang, "-o", target)
        assert result.exit_code == 2
        assert result.stderr.strip() == line
        assert not target.exists()
