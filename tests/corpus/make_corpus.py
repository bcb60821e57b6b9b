"""Write the hostile-input corpus (run once; the files are committed): python tests/corpus/make_corpus.py

old_excel.xls is not written here: LibreOffice saved it (soffice --headless --convert-to xls) from a workbook with a
title row, a Deals sheet (Acme Closed Won 1200.5, Globex Closed Lost 300, 华为 Closed Won 800, Initech Proposal 500,
close dates in March and April 2024) and an empty Notes sheet."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADER = "Deal Name,Owner,Stage,Amount,Close Date\r\n"
ROWS = "Acme,Ann,Won,1200,2024-03-05\r\nGlobex,Bob,Lost,300,2024-03-06\r\nInitech,Ann,Proposal,500,2024-04-01\r\n"


def write(name: str, data: bytes | str) -> None:
    (HERE / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def workbook_bytes(build) -> bytes:
    book = Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    write("empty.csv", b"")
    write("header_only.csv", HEADER)
    write("bom_only.csv", codecs.BOM_UTF8)
    write("binary.csv", bytes(range(256)) * 8)
    write("really_csv.xlsx", HEADER + ROWS)
    write("html_export.xls", "<html><head><meta charset='utf-8'></head><body><table><tr><td>Deal Name</td>"
          "<td>Stage</td></tr><tr><td>Acme</td><td>Won</td></tr></table></body></html>\r\n")
    write("really_xlsx.csv", workbook_bytes(lambda b: (b.active.append(HEADER.strip().split(",")),
                                                       b.active.append(["Acme", "Ann", "Won", 1200, "2024-03-05"]))))
    write("corrupt.xlsx", b"PK\x03\x04" + b"\x00" * 200)
    # an encrypted workbook is an OLE2 container, not a zip: its first bytes say so
    write("password_protected.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    write("ragged.csv", HEADER + "Acme,Ann,Won,1200,2024-03-05,extra,cells\r\nGlobex,Bob\r\n" + ROWS
          + "Hooli,Cy,Won,999,2024-03-05,surplus\r\nUmbrella,Dee,Won,50,2024-03-07\r\n")
    write("unterminated_quote.csv", HEADER + 'Acme,"Ann,Won,1200,2024-03-05\r\nGlobex,Bob,Lost,300,2024-03-06\r\n')
    write("duplicate_headers.csv", "Deal Name,Owner,Stage,Amount,Amount,Close Date\r\n"
                                   "Acme,Ann,Won,1200,999,2024-03-05\r\nGlobex,Bob,Lost,300,1,2024-03-06\r\n")
    write("header_not_first.csv", "Pipeline export\r\nGenerated 2024-06-01 by Sales Ops\r\n\r\n" + HEADER + ROWS)

    def merged(book):
        sheet = book.active
        sheet.append(["Quarterly deals"])
        sheet.merge_cells("A1:E1")
        sheet.append(HEADER.strip().split(","))
        sheet.append(["Acme", "Ann", "Won", 1200, "2024-03-05"])
        sheet.append(["Globex", "Bob", "Won", 800, "2024-03-06"])
        sheet.append([None, "Bob", "Lost", 300, "2024-03-07"])
        sheet.merge_cells("B4:B5")
    write("merged_cells.xlsx", workbook_bytes(merged))
    wide_header = HEADER.strip() + "," + ",".join(f"extra_{i}" for i in range(10_000)) + "\r\n"
    wide_row = "Acme,Ann,Won,1200,2024-03-05," + ",".join("x" for _ in range(10_000)) + "\r\n"
    write("ten_thousand_columns.csv", wide_header + wide_row)
    write("very_long_cell.csv", HEADER + "Acme " + "x" * 200_000 + ",Ann,Won,1200,2024-03-05\r\n" + ROWS)
    write("nul_bytes.csv", (HEADER + "Ac\x00me,Ann,Won,1200,2024-03-05\r\n" + ROWS).encode("utf-8"))
    write("mixed_line_endings.csv", "Deal Name,Owner,Stage,Amount,Close Date\nAcme,Ann,Won,1200,2024-03-05\r\n"
                                    "Globex,Bob,Lost,300,2024-03-06\rInitech,Ann,Proposal,500,2024-04-01\n")
    text = "商机名称,负责人,销售阶段,商机金额,结单日期\r\n华星科技,张伟,赢单,¥12000,2024-03-05\r\n东方贸易,王芳,输单,¥300,2024-03-06\r\n"
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030"):
        write(f"encoding_{encoding}.csv", text.encode(encoding))
    latin = "Deal Name,Owner,Stage,Amount,Close Date\r\nCafé Zürich,Zoë,Won,1200,2024-03-05\r\nSão Paulo,José,Lost,300,2024-03-06\r\n"
    write("encoding_cp1252.csv", latin.encode("cp1252"))
    write("encoding_wrongly_declared.csv", latin.encode("cp1252"))  # read with --encoding utf-8 in the test
    write("exotic_numbers.csv", HEADER + 'A,Ann,Won,"$1,234,567.89",2024-03-05\r\nB,Ann,Won,"(1,000.00)",2024-03-05\r\n'
                                         'C,Ann,Won,"USD 1\'234.50",2024-03-05\r\nD,Ann,Won,1e3,2024-03-05\r\n'
                                         'E,Ann,Won,"$342.09K",2024-03-05\r\nF,Ann,Won,12万,2024-03-05\r\n'
                                         'G,Ann,Won,"USD\u00a0 7.50",2024-03-05\r\n')
    write("extreme_dates.csv", HEADER + "A,Ann,Won,100,0001-01-01\r\nB,Ann,Won,100,9999-12-31\r\n"
                                        "C,Ann,Won,100,2024-02-30\r\nD,Ann,Won,100,2024-03-05\r\n")
    write("extreme_amounts.csv", HEADER + "A,Ann,Won,-500,2024-03-05\r\nB,Ann,Won,99999999999999999999,2024-03-05\r\n"
                                          "C,Ann,Won,1e308,2024-03-05\r\nD,Ann,Won,100,2024-03-05\r\n")
    payloads = ["=cmd|'/C calc'!A0", "@SUM(1+1)*cmd|'/C calc'!A0", "<script>alert(1)</script>",
                "</textarea><script>alert(2)</script>", "{{7*7}}", "+1+2", "-2+3", "\tTAB"]
    rows = "".join(f'"{p.replace(chr(34), chr(34) * 2)}","{p}",Won,10,2024-03-05\r\n' for p in payloads)
    write("injection.csv", HEADER + rows)


if __name__ == "__main__":
    main()
