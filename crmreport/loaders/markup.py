"""Tables some CRMs save under an .xls name that are no Excel workbook: a web page of HTML tables (Salesforce
Classic's and other CRMs' "Excel" exports) and an Excel 2003 XML spreadsheet (Dynamics CRM's "Export to Excel").

Both are parsed by lxml and given to the workbook reader as sheets: their rows of cell text, and the cells that span
rows (a group's value written once beside its rows), which it fills as it fills a workbook's merged cells. Such
exports are web-report sized (a browser or Excel opens them whole), so the cells are walked one by one.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError

Grid = tuple[str, list[list[str | None]], tuple[tuple[int, int, int], ...]]  # title, rows, cells spanning rows

SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def is_web_page(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page with a table."""
    start = head[:4096].lower()
    return b"<html" in start or b"<table" in start


def is_xml_spreadsheet(head: bytes) -> bool:
    """Whether a file's first bytes are an Excel 2003 XML spreadsheet (SpreadsheetML)."""
    return SPREADSHEET_NS.encode() in head[:4096] or b"<?mso-application progid=\"Excel.Sheet\"?>" in head[:4096]


def web_page_sheets(path: Path, payload: bytes, fallback_encoding: str) -> list[Grid]:
    """Each outermost table of an HTML page with a header and a row below it, as (title, rows, cells spanning rows)
    (a page's one-row tables lay it out); the page's declared charset, else ``fallback_encoding``, decodes it."""
    import lxml.html

    declared = _CHARSET.search(payload[:4096])
    encoding = declared[1].decode("ascii") if declared else fallback_encoding
    try:
        document = lxml.html.document_fromstring(payload, parser=lxml.html.HTMLParser(encoding=encoding))
    except (LookupError, ValueError) as exc:  # an unknown charset; a page lxml cannot make a document of
        raise InputError(f"{path}: a web page saved under an .xls name that cannot be read ({exc})") from exc
    tables = document.xpath("//table[not(ancestor::table)]")
    sheets = [(f"Table {number}", *_html_rows(table)) for number, table in enumerate(tables, start=1)]
    return [sheet for sheet in sheets if len(sheet[1]) >= 2]


def _html_rows(table) -> tuple[list[list[str | None]], tuple[tuple[int, int, int], ...]]:
    """The rows of an HTML table as a grid: a cell spanning columns stands in its first one, a cell spanning rows in
    its first row, with its (first row, last row, column) among the spans returned."""
    rows: list[list[str | None]] = []
    spans = []
    covered: dict[int, int] = {}  # column -> rows below still covered by a cell spanning rows
    for number, row in enumerate(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")):
        cells: list[str | None] = []
        for cell in row.xpath("./td | ./th"):
            while covered.get(len(cells), 0):
                covered[len(cells)] -= 1
                cells.append(None)
            across, down = _span(cell, "colspan"), _span(cell, "rowspan")
            if down > 1:
                spans.append((number, number + down - 1, len(cells)))
                covered.update({len(cells) + offset: down - 1 for offset in range(across)})
            cells += [" ".join(cell.text_content().split()) or None] + [None] * (across - 1)
        for column, rows_left in covered.items():  # spans beyond the row's last cell
            if column >= len(cells) and rows_left:
                covered[column] -= 1
        rows.append(cells)
    return rows, tuple(spans)


_MOST_SPANNED = {"colspan": 1000, "rowspan": 65534}  # browsers' limits (HTML's table model)


def _span(cell, attribute: str) -> int:
    """A cell's colspan or rowspan: 1 when missing, not a number or 0, at most as much as browsers allow."""
    text = (cell.get(attribute) or "1").strip()
    return max(1, min(int(text), _MOST_SPANNED[attribute])) if text.isdigit() else 1


def xml_spreadsheet_sheets(path: Path, payload: bytes) -> list[Grid]:
    """Each worksheet of an Excel 2003 XML spreadsheet as (title, rows, cells spanning rows). A cell's ss:Index
    skips the columns before it, a row's ss:Index the rows; ss:MergeAcross and ss:MergeDown span cells."""
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.fromstring(payload, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: an Excel 2003 XML spreadsheet that is not well-formed ({exc})") from exc
    ns = {"ss": SPREADSHEET_NS}
    sheets = []
    for worksheet in root.iterfind("ss:Worksheet", ns):
        rows: list[list[str | None]] = []
        spans = []
        for row in worksheet.iterfind("ss:Table/ss:Row", ns):
            rows += [[] for _ in range(_index(row, len(rows) + 1) - 1 - len(rows))]  # rows the index skips
            cells: list[str | None] = []
            for cell in row.iterfind("ss:Cell", ns):
                cells += [None] * (_index(cell, len(cells) + 1) - 1 - len(cells))
                data = cell.find("ss:Data", ns)
                across = int(cell.get(f"{{{SPREADSHEET_NS}}}MergeAcross", "0") or 0)
                down = int(cell.get(f"{{{SPREADSHEET_NS}}}MergeDown", "0") or 0)
                if down:
                    spans.append((len(rows), len(rows) + down, len(cells)))
                text = "".join(data.itertext()).strip() if data is not None else ""
                cells += [text or None] + [None] * across
            rows.append(cells)
        sheets.append((worksheet.get(f"{{{SPREADSHEET_NS}}}Name", f"Sheet {len(sheets) + 1}"), rows, tuple(spans)))
    return sheets


def _index(element, default: int) -> int:
    """An element's 1-based ss:Index, or ``default``; never before ``default`` (indexes only move forward)."""
    text = element.get(f"{{{SPREADSHEET_NS}}}Index")
    return max(default, int(text)) if text and text.isdigit() else default
