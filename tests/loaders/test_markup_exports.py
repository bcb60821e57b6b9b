"""Exports some CRMs save under an .xls name that are no Excel workbook, read through the CLI: a web page of HTML
tables (Salesforce Classic's "Excel" export) and an Excel 2003 XML spreadsheet (SpreadsheetML). Both were refused.
Figures by hand from the rows written below."""

from __future__ import annotations

import json

from helpers import cli, report_json, sha256

# A Salesforce Classic report as a web page: two title rows spanning the columns, the owner written once for his two
# deals (rowspan), a café in cp1252 (an entity and a raw byte), a grand total row at the end.
SALESFORCE_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>
<body><table border="1">
<tr><td colspan="5"><b>Opportunity Report</b></td></tr>
<tr><td colspan="5">Filtered By: Close Date equals THIS YEAR</td></tr>
<tr><th>Opportunity Owner</th><th>Opportunity Name</th><th>Stage</th><th>Amount</th><th>Close Date</th></tr>
<tr><td rowspan="2">Ann Lee</td><td>Acme renewal</td><td>Closed Won</td><td>$1,200.00</td><td>3/5/2024</td></tr>
<tr><td>Globex caf\xe9</td><td>Closed Lost</td><td>$800.00</td><td>3/17/2024</td></tr>
<tr><td>Bob Ray</td><td>Initech caf&eacute;</td><td>Closed Won</td><td>$2,000.50</td><td>4/1/2024</td></tr>
<tr><td>Cy Dow</td><td>Umbrella</td><td>Prospecting</td><td>$500.00</td><td>9/30/2024</td></tr>
<tr><td>Grand Totals (4 records)</td><td></td><td></td><td>$4,500.50</td><td></td></tr>
</table></body></html>"""


def _cell(value: str, extra: str = "") -> str:
    kind = "Number" if value.replace(".", "").isdigit() else "String"
    return f'<Cell{extra}><Data ss:Type="{kind}">{value}</Data></Cell>'


def _xml_spreadsheet() -> str:
    """An Excel 2003 XML spreadsheet: Ann's name merged down over her two deals, a cell placed by ss:Index (the row
    has no owner cell), a row placed by ss:Index after an empty one."""
    header = "".join(_cell(name) for name in ("Deal Name", "Owner", "Stage", "Amount", "Close Date"))
    rows = [
        "".join([_cell("A"), _cell("Ann", ' ss:MergeDown="1"'), _cell("Won"), _cell("1500.5"), _cell("2024-03-05")]),
        "".join([_cell("B"), _cell("Lost", ' ss:Index="3"'), _cell("200"), _cell("2024-03-06")]),
    ]
    last = "".join([_cell("C"), _cell("Li"), _cell("Won"), _cell("99"), _cell("2024-04-01")])
    table = f"<Row>{header}</Row>" + "".join(f"<Row>{row}</Row>" for row in rows) + f'<Row ss:Index="5">{last}</Row>'
    return ('<?xml version="1.0" encoding="utf-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            f'<Worksheet ss:Name="Deals"><Table>{table}</Table></Worksheet></Workbook>')


def test_a_salesforce_web_page_export_is_read(tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(SALESFORCE_PAGE.encode("cp1252"))
    before = sha256(path)
    report = report_json("performance", "--from", path)
    kpis = report["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["won_amount"]) == (2, 1, 1200.00 + 2000.50)
    by_owner = {row["owner"]: (row["won_count"], row["lost_count"], row["open_amount"])
                for row in report["tables"]["by_owner"]}
    assert by_owner == {"Ann Lee": (1, 1, 0), "Bob Ray": (1, 0, 0), "Cy Dow": (0, 0, 500.00)}
    warnings = "\n".join(report["warnings"])
    assert "the last row holds totals ('Grand Totals (4 records)'), not a record: left out" in warnings
    assert "'Opportunity Owner': 1 cell lies under a merged cell and takes its value" in warnings
    assert report["inputs"][0]["profile"] == "salesforce" and report["inputs"][0]["rows"] == 4
    names = json.loads(cli("lost-deals", "--from", path, "-F", "json").stdout)["tables"]
    assert "Globex café" in json.dumps(names, ensure_ascii=False)  # the raw cp1252 byte, decoded by the charset
    assert sha256(path) == before


def test_an_excel_2003_xml_spreadsheet_is_read(tmp_path):
    path = tmp_path / "deals.xls"
    path.write_text(_xml_spreadsheet(), encoding="utf-8")
    report = report_json("performance", "--from", path)
    kpis = report["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["won_amount"]) == (2, 1, 1500.5 + 99)
    by_owner = {row["owner"]: (row["won_count"], row["lost_count"]) for row in report["tables"]["by_owner"]}
    assert by_owner == {"Ann": (1, 1), "Li": (1, 0)}  # B's owner is Ann's merged cell; its stage stands in column 3


def test_a_broken_xml_spreadsheet_or_a_page_without_a_table_is_refused(tmp_path):
    broken = tmp_path / "broken.xls"
    broken.write_text(_xml_spreadsheet()[:-40], encoding="utf-8")
    empty_page = tmp_path / "page.xls"
    empty_page.write_text("<html><body><p>Your report is being prepared.</p></body></html>", encoding="utf-8")
    target = tmp_path / "out.json"
    for path, message in ((broken, "an Excel 2003 XML spreadsheet that is not well-formed"),
                          (empty_page, "a web page saved under an .xls name with no table in it")):
        result = cli("funnel", "--from", path, "-o", target)
        assert result.exit_code == 2 and not target.exists()
        assert result.stderr.startswith(f"crmreport: error: {path}: {message}")
    zh = cli("funnel", "--from", empty_page, "--lang", "zh", "-o", target)
    assert zh.stderr.strip() == f"crmreport：错误：{empty_page}：以 .xls 为名保存的网页，其中没有表格"
    assert not target.exists()


def test_a_pages_one_row_layout_tables_are_no_inputs(tmp_path):
    """A table of one row lays the page out (here around a nested table); the report's table, with a cell spanning
    five rows and another spanning more columns than the header has, is the one input."""
    path = tmp_path / "page.xls"
    path.write_text("<html><body><table><tr><td>Report<table><tr><td>logo</td></tr></table></td></tr></table><table>"
                    "<tr><th>Deal Name<th>Owner<th>Stage<th>Amount<th>Close Date"
                    "<tr><td>A<td rowspan=5>Ann<td>Closed Won<td>100<td>2024-03-05"
                    "<tr><td>B<td>Closed Won<td colspan=9>200"
                    "<tr><td>C<td>Closed Lost<td>50<td>2024-03-07</table></body></html>", encoding="utf-8")
    report = report_json("performance", "--from", path)
    assert [(item["path"], item["rows"]) for item in report["inputs"]] == [(f"{path} [Table 2]", 3)]
    assert [(row["owner"], row["won_count"], row["lost_count"], row["won_amount"])
            for row in report["tables"]["by_owner"]] == [("Ann", 2, 1, 300)]


def test_delimited_text_under_an_xls_name_is_read(tmp_path):
    """Tab-separated text (some CRMs' "Excel" export) and Excel's "Unicode text" (UTF-16 with a BOM) named .xls were
    refused as encrypted workbooks."""
    rows = "Deal Name\tOwner\tStage\tAmount\tClose Date\nA\tAnn\tClosed Won\t100\t2024-03-05\n" \
           "B\tBob\tClosed Lost\t50\t2024-03-06\nC\tBob\tClosed Won\t25.5\t2024-03-07\n"
    for name, payload in (("tabs.xls", rows.encode("utf-8")), ("unicode.xls", rows.encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(payload)
        funnel = report_json("funnel", "--from", path)
        kpis = funnel["kpis"]
        assert (kpis["won_count"], kpis["lost_count"], kpis["won_amount"]) == (2, 1, 125.5)
        assert funnel["inputs"][0]["rows"] == 3


def test_spanning_cells_take_their_slots_as_in_htmls_table_model():
    """By hand, slot by slot: a cell spanning rows keeps its columns in the rows below, whose cells take the next
    free slots; a cell spanning columns stands in its first one."""
    import lxml.html

    from crmreport.loaders.markup import _html_rows

    table = lxml.html.fromstring(
        "<table><tr><td>a</td><td rowspan=3 colspan=2>b</td><td>c</td></tr>"
        "<tr><td>d</td><td>e</td></tr>"
        "<tr><td>f</td><td>g</td><td>h</td></tr>"
        "<tr><td colspan=2>i</td><td>j</td></tr></table>")
    rows, spans = _html_rows(table)
    assert rows == [["a", "b", None, "c"], ["d", None, None, "e"], ["f", None, None, "g", "h"], ["i", None, "j"]]
    assert spans == ((0, 2, 1),)
