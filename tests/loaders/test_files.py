"""Reading files: encodings, delimiters, title rows, workbooks with several sheets, folders, several --from."""

from __future__ import annotations

import codecs
import json
import random
import subprocess
import sys

import pytest
from openpyxl import Workbook

from helpers import DATASETS, assert_refused, cli, report_json, sha256, write_csv
from crmreport.loaders.files import detect_encoding, read_tables, sniff_delimiter

HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Close Date"]
ROWS = [["Café Zürich 商机", "Zoë Müller", "Won", "1200.50", "2024-03-05"],
        ["Ölmühle GmbH", "José Núñez", "Lost", "300", "2024-03-06"],
        ["Crème brûlée SA", "Zoë Müller", "Won", "99.50", "2024-04-01"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "cp1252"])
def test_every_encoding_reads_back_the_same_cells(tmp_path, encoding):
    rows = ROWS if encoding not in ("cp1252",) else [[c.replace(" 商机", "") for c in r] for r in ROWS]
    path = write_csv(tmp_path / f"deals-{encoding}.csv", HEADER, rows, encoding=encoding)
    (table,) = read_tables(path)
    assert list(table.frame.columns) == HEADER
    assert table.frame.values.tolist() == rows
    doc = report_json("performance", "--from", path)
    assert doc["kpis"]["won_amount"] == pytest.approx(1300.0)
    assert {r["owner"] for r in doc["tables"]["by_owner"]} == {"Zoë Müller", "José Núñez"}


def test_detect_encoding_tells_gb18030_from_cp1252():
    chinese = "商机名称,销售阶段\n华星科技采购项目,赢单\n".encode("gb18030")
    latin = "Name,Stage\nCafé Zürich,Won\nSão Paulo,Lost\n".encode("cp1252")
    assert detect_encoding(chinese) == "gb18030"
    assert detect_encoding(latin) == "cp1252"
    assert detect_encoding("a,b\n".encode("utf-16-le")) == "utf-16-le"


def test_detect_encoding_keeps_utf8_with_a_corrupt_byte_and_gb18030_text():
    utf8 = "Name,Owner\nCafé Zürich,Zoë Müller\nSão Paulo,José Núñez\n".encode("utf-8") + b"Cr\xe8me,Ann\n"
    assert detect_encoding(utf8) == "utf-8"
    chinese = "".join(chr(code) for code in range(0x4E00, 0x9FA5, 7)).encode("gb18030")  # 2,925 characters
    assert detect_encoding(chinese) == "gb18030"
    assert detect_encoding("Name\nCafé Zürich\n".encode("cp1252") + "Müller\n".encode("utf-8")) == "cp1252"


def test_a_bom_file_with_undecodable_bytes_in_a_long_row_is_read_without_a_traceback(tmp_path):
    # Arrow decodes a row with more cells than the header before handing it to the reader's handler; bytes that are
    # not UTF-8 there made Python print "Exception ignored" and a traceback (seen by a fuzzer). The BOM says UTF-8:
    # the file is read, the long row's extra cell (where the bad byte is) dropped with a warning
    path = tmp_path / "deals.csv"
    path.write_bytes(b"\xef\xbb\xbfDeal Name,Stage,Amount\nA,Closed Won,100\nB,Closed Lost,200,extra\xa6\n")
    target = tmp_path / "funnel.json"
    result = subprocess.run([sys.executable, "-m", "crmreport", "funnel", "--from", str(path), "-o", str(target)],
                            capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"]) == (1, 1)
    assert f"{path}: rows: 1 row had more cells than the header (rows 3); the cells beyond the header were " \
           "dropped" in doc["warnings"]


def corrupt_utf8_export(path, bom: bool, filler_rows: int = 0) -> tuple[list[list[str]], int]:
    """A UTF-8 deals export whose last deal name holds a byte that is not UTF-8 (a cp1252 'é' among UTF-8 text),
    after ``filler_rows`` plain ASCII rows; returns the rows as meant and the spreadsheet row of the bad byte."""
    rows = [[f"Deal {i}", "Ann Lee", "Won", "10", "2024-03-05"] for i in range(filler_rows)] + ROWS
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8").replace("Crème".encode(), b"Cr\xe8me")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return rows, data[:data.index(b"\xe8")].count(b"\n") + 1


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("filler_rows", [0, 60_000], ids=["in-the-head", "after-the-head"])
def test_utf8_with_a_corrupt_byte_is_read_as_utf8_and_the_cell_named(tmp_path, bom, filler_rows):
    """Such a file was read as cp1252 (every accented name garbled, silently) when the bad byte came in its first
    megabyte, and refused when it came later ("try another --encoding", which cannot help)."""
    path = tmp_path / "deals.csv"
    rows, bad_row = corrupt_utf8_export(path, bom, filler_rows)
    assert bool(filler_rows) == (path.read_bytes().index(b"\xe8") > (1 << 20))  # beyond the sniffed head or not
    before = sha256(path)
    doc = report_json("performance", "--from", path)
    owners = {row["owner"]: row["won_amount"] for row in doc["tables"]["by_owner"]}
    expected = {}
    for name, owner, stage, amount, _ in rows:
        expected[owner] = expected.get(owner, 0) + (float(amount) if stage == "Won" else 0)
    assert owners == pytest.approx(expected)  # Zoë Müller and José Núñez, not Zoà« MÃ¼ller
    assert doc["warnings"] == [f"{path}: Deal Name: 1 value held bytes that are not UTF-8 (rows {bad_row}); "
                               "read with \ufffd in their place"]
    assert bad_row == filler_rows + 4
    (table,) = read_tables(path)
    assert table.frame["Deal Name"].iloc[-1] == "Cr\ufffdme brûlée SA"  # the bad byte alone replaced
    strict = cli("performance", "--from", path, "--strict", "-F", "json", "-o", tmp_path / "out.json")
    assert strict.exit_code == 2 and "--strict: 1 data warning(s)" in strict.stderr
    assert not (tmp_path / "out.json").exists() and sha256(path) == before


@pytest.mark.parametrize("encoding, bad_byte, name", [("gb18030", b"\xff", "GB18030"), ("cp1252", b"\x81", "CP1252")])
def test_a_corrupt_byte_in_a_gb18030_or_cp1252_export_is_replaced_and_named(tmp_path, encoding, bad_byte, name):
    """A byte that is not GB18030 (0xFF) or not cp1252 (0x81) in one deal name of 30: the file used to be read as
    cp1252 (Chinese garbled) or refused; now it is read in its encoding with that byte replaced and named. (These
    encodings decode most bytes of anything, so a file must decode a hundred times more than it fails.)"""
    rows = ROWS * 10 if encoding == "gb18030" else [[c.replace(" 商机", "") for c in r] for r in ROWS * 10]
    path = write_csv(tmp_path / "deals.csv", HEADER, rows, encoding=encoding)
    data = path.read_bytes()
    cut = data.index("Ölmühle".encode(encoding))
    path.write_bytes(data[:cut] + bad_byte + data[cut:])
    doc = report_json("performance", "--from", path)
    assert {row["owner"]: row["won_amount"] for row in doc["tables"]["by_owner"]} == \
        pytest.approx({"Zoë Müller": 13000.0, "José Núñez": 0.0})
    assert doc["warnings"] == [f"{path}: Deal Name: 1 value held bytes that are not {name} (rows 3); "
                               "read with \ufffd in their place"]
    (table,) = read_tables(path)
    assert table.frame["Deal Name"].tolist()[:3] == [rows[0][0], "\ufffdÖlmühle GmbH", rows[2][0]]
    assert table.encoding == encoding
    noise = tmp_path / "noise.csv"  # random bytes without NULs: decode in both, but fail a few percent of the time
    rng = random.Random(7)
    noise.write_bytes(b"Deal Name,Stage,Amount\n" + bytes(rng.randrange(1, 256) for _ in range(20_000)))
    assert_refused(tmp_path, "performance", "--from", noise, message="not readable as")


def test_a_file_plain_ascii_at_its_head_and_cp1252_later_is_read_as_cp1252(tmp_path):
    """Detection sees the first megabyte; when later bytes are not UTF-8 and not mostly UTF-8 either, the encoding
    is detected from the file's lines that are not ASCII (it used to refuse: "not readable as utf-8")."""
    path = tmp_path / "deals.csv"
    filler = [[f"Deal {i}", "Ann Lee", "Won", "10", "2024-03-05"] for i in range(40_000)]
    latin = [["Café Zürich", "José Núñez", "Won", "250", "2024-03-06"],
             ["São Paulo", "José Núñez", "Lost", "50", "2024-03-07"]]
    write_csv(path, HEADER, filler + latin, encoding="cp1252")
    assert path.read_bytes()[:1 << 20].isascii()
    doc = report_json("performance", "--from", path)
    owners = {row["owner"]: (row["won_count"], row["won_amount"]) for row in doc["tables"]["by_owner"]}
    assert owners == {"Ann Lee": (40_000, 400_000), "José Núñez": (1, 250)}
    assert doc["warnings"] == []
    assert "encoding cp1252" in cli("inspect", "--from", path).stdout


def test_a_file_cut_inside_its_last_character(tmp_path):
    """A UTF-8 download cut inside its last character is read with that character replaced (it was refused); a
    cp1252 file whose one accented letter is its last byte is cp1252, not a UTF-8 character cut short."""
    cut = write_csv(tmp_path / "cut.csv", HEADER[1:] + HEADER[:1], [row[1:] + row[:1] for row in ROWS])
    cut.write_bytes(cut.read_bytes().rstrip(b"\r\n") + " 北".encode("utf-8")[:2])
    doc = report_json("performance", "--from", cut)
    assert doc["warnings"] == [f"{cut}: Deal Name: 1 value held bytes that are not UTF-8 (rows 4); "
                               "read with \ufffd in their place"]
    assert {row["owner"] for row in doc["tables"]["by_owner"]} == {"Zoë Müller", "José Núñez"}
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"Deal Name,Owner,Stage,Amount\r\nA,Ann,Won,10\r\nB,Bob,Lost,5\r\nC,Ren\xe9")
    (table,) = read_tables(latin)
    assert (table.encoding, table.frame["Owner"].tolist()) == ("cp1252", ["Ann", "Bob", "Ren\u00e9"])


def test_a_given_utf8_encoding_is_not_second_guessed(tmp_path):
    """--encoding utf-8 on a file that is mostly not UTF-8 is refused, as before; on one that is, the few bad
    bytes are replaced as when detected."""
    latin = write_csv(tmp_path / "latin.csv", HEADER, [["Café", "José Núñez", "Won", "250", "2024-03-06"]],
                      encoding="cp1252")
    assert_refused(tmp_path, "performance", "--from", latin, "--encoding", "utf-8", message="not readable as utf-8")
    corrupt = tmp_path / "corrupt.csv"
    corrupt_utf8_export(corrupt, bom=False)
    doc = report_json("performance", "--from", corrupt, "--encoding", "utf-8")
    assert {row["owner"] for row in doc["tables"]["by_owner"]} == {"Zoë Müller", "José Núñez"}
    assert len(doc["warnings"]) == 1 and "held bytes that are not UTF-8" in doc["warnings"][0]


def test_encoding_option_overrides_detection(tmp_path):
    path = write_csv(tmp_path / "latin.csv", HEADER, [["Ölmühle", "Zoë", "Won", "10", "2024-01-01"]], encoding="latin-1")
    forced = report_json("performance", "--from", path, "--encoding", "latin-1")
    assert forced["tables"]["by_owner"][0]["owner"] == "Zoë"
    wrong = cli("performance", "--from", path, "--encoding", "utf-16")
    assert wrong.exit_code == 2 and "not readable as utf-16" in wrong.stderr
    unknown = cli("performance", "--from", path, "--encoding", "klingon")
    assert unknown.exit_code == 2 and "unknown encoding 'klingon'" in unknown.stderr


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_sniffing(tmp_path, delimiter):
    rows = [["A, Inc.", "Ann", "Won", "1,200.00", "2024-03-05"], ["B", "Bob", "Lost", "5", "2024-03-05"]]
    path = write_csv(tmp_path / "deals.txt", HEADER, rows, delimiter=delimiter)
    (table,) = read_tables(path)
    assert table.delimiter == delimiter
    assert table.frame["Deal Name"].tolist() == ["A, Inc.", "B"]


def test_sniff_prefers_consistent_field_counts():
    lines = ["a;b;c", "1,5;2;3", "4;5,5;6"]
    assert sniff_delimiter(lines) == ";"


def test_csv_title_rows_above_the_header_are_skipped(tmp_path):
    path = tmp_path / "with-title.csv"
    path.write_text("Deals export 2024\n\n" + ",".join(HEADER) + "\nA,Ann,Won,10,2024-01-01\nB,Ann,Lost,5,2024-01-02\n",
                    encoding="utf-8")
    (table,) = read_tables(path)
    assert list(table.frame.columns) == HEADER
    doc = report_json("funnel", "--from", path)
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"]) == (1, 1)
    # row numbers point at the spreadsheet row: the first record is on line 4
    assert table.header_row == 3


def test_every_sheet_of_a_workbook_and_row_numbers_in_warnings(tmp_path):
    workbook = Workbook()
    first = workbook.active
    first.title = "North"
    first.append(HEADER)
    first.append(["A", "Ann", "Won", 100, "2024-01-01"])
    second = workbook.create_sheet("South")
    second.append(["South deals, exported 2024-06-01"])
    second.append(HEADER)
    second.append(["B", "Bob", "Won", 250.5, "2024-01-02"])
    second.append(["C", "Bob", "Won", "lots", "2024-01-02"])
    workbook.create_sheet("Empty")
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    doc = report_json("performance", "--from", path)
    assert [i["path"].rsplit(" ", 1)[-1] for i in doc["inputs"]] == ["[North]", "[South]"]
    assert doc["kpis"]["won_amount"] == pytest.approx(350.5)
    assert doc["kpis"]["won_count"] == 3
    warning, won_without_amount = doc["warnings"]
    assert "[South]" in warning and "amount" in warning and "rows 4" in warning and "'lots'" in warning
    assert won_without_amount == "1 won deal has no amount; it counts as 0 in won_amount and avg_deal_size"


def test_folder_and_repeated_from(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    write_csv(folder / "q1.csv", HEADER, [["A", "Ann", "Won", "100", "2024-01-01"]])
    write_csv(folder / "q2.tsv", HEADER, [["B", "Bob", "Won", "200", "2024-04-01"]], delimiter="\t")
    (folder / "notes.md").write_text("not an export", encoding="utf-8")
    extra = write_csv(tmp_path / "q3.csv", HEADER, [["C", "Cy", "Lost", "50", "2024-07-01"]])
    doc = report_json("funnel", "--from", folder, "--from", extra)
    assert [i["path"].rsplit("/", 1)[-1] for i in doc["inputs"]] == ["q1.csv", "q2.tsv", "q3.csv"]
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"], doc["kpis"]["won_amount"]) == (2, 1, 300)


def test_unrecognised_files_in_a_folder_are_skipped(tmp_path):
    write_csv(tmp_path / "deals.csv", HEADER, [["A", "Ann", "Won", "100", "2024-01-01"]])
    write_csv(tmp_path / "products.csv", ["product", "series", "sales_price"], [["GTX", "GT", "550"]])
    write_csv(tmp_path / "notes.csv", ["when", "what"], [["Monday", "call Ann"]])
    doc = report_json("funnel", "--from", tmp_path)
    assert doc["kpis"]["won_count"] == 1
    inspected = json.loads(cli("inspect", "--from", tmp_path, "--format", "json").stdout)
    assert {item["path"].rsplit("/", 1)[-1]: item["table"] for item in inspected} == {
        "deals.csv": "deals", "notes.csv": None, "products.csv": "products"}


WORKSHOP = DATASETS / "sf_datacloud_workshop"


def test_a_file_of_a_folder_that_is_no_table_is_skipped_and_said(tmp_path):
    """The shared sf_datacloud_workshop folder holds LICENSE.txt beside its exports: the whole folder was refused
    ('the file has a header but no data rows'). Now that file is skipped with a warning, and the funnel agrees with
    CATALOG-more.md's figures for Opportunity.csv (12 won, 3 lost, win rate 0.8, won amount 10,542,562.98)."""
    doc = report_json("funnel", "--from", WORKSHOP)
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"], doc["kpis"]["win_rate"]) == (12, 3, 0.8)
    assert doc["kpis"]["won_amount"] == pytest.approx(10_542_562.98, abs=0.005)
    skipped = f"{WORKSHOP / 'LICENSE.txt'}: the file has a header but no data rows — skipped (found in a folder)"
    assert skipped in doc["warnings"]
    inspected = json.loads(cli("inspect", "--from", WORKSHOP, "--format", "json").stdout)
    assert {"path": str(WORKSHOP / "LICENSE.txt"), "table": None,
            "skipped": f"{WORKSHOP / 'LICENSE.txt'}: the file has a header but no data rows"} in inspected
    assert f"{WORKSHOP / 'LICENSE.txt'}\n  skipped:  " in cli("inspect", "--from", WORKSHOP).stdout
    audit = cli("audit", "--from", WORKSHOP, "-F", "json")  # exit 1: the audit finds problems (it was exit 2)
    assert audit.exit_code == 1 and skipped in json.loads(audit.stdout)["warnings"]


def test_a_file_named_alone_or_a_folder_of_no_table_is_refused(tmp_path):
    """Named on its own, the same file is refused (exit 2, nothing written); so is a folder none of whose files
    can be read."""
    assert_refused(tmp_path, "funnel", "--from", WORKSHOP / "LICENSE.txt",
                   message="LICENSE.txt: the file has a header but no data rows")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "readme.txt").write_text("How to export\n", encoding="utf-8")
    (folder / "empty.csv").write_text("", encoding="utf-8")
    result = cli("funnel", "--from", folder, "-F", "json", "-o", tmp_path / "out.json")
    assert result.exit_code == 2 and "empty.csv" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_one_export_given_twice_is_read_once(tmp_path):
    """The shared fb_ads folder holds KAG_conversion_data as CSV and as xlsx: the campaigns' cost was counted twice
    (117,410). Read once, it is CATALOG-more.md's 58,705.229958, and the warning says which file repeated which."""
    folder = DATASETS / "fb_ads"
    doc = report_json("campaigns", "--from", folder)
    assert doc["kpis"]["cost"] == pytest.approx(58705.229958, abs=1e-5)
    assert f"{folder / 'KAG_conversion_data.xlsx'} [KAG_conversion_data]: the same 1143 rows as " \
           f"{folder / 'KAG_conversion_data.csv'} (one export given twice?): read once" in doc["warnings"]


def test_files_that_differ_in_one_value_are_both_read(tmp_path):
    """Same header, same number of rows, one amount differs: two exports, both counted (by hand: 3 + 3 deals, won
    1,300 + 1,301)."""
    first = write_csv(tmp_path / "a.csv", HEADER, ROWS)
    changed = [row[:] for row in ROWS]
    changed[2][3] = "100.50"
    second = write_csv(tmp_path / "b.csv", HEADER, changed)
    doc = report_json("funnel", "--from", first, "--from", second)
    assert (doc["kpis"]["won_count"], doc["kpis"]["won_amount"]) == (4, 1300 + 1301)
    assert not any("read once" in warning for warning in doc["warnings"])
    twice = report_json("funnel", "--from", first, "--from", first)
    assert (twice["kpis"]["won_count"], twice["kpis"]["won_amount"]) == (2, 1300)


def test_headers_no_canonical_column_took_are_kept_for_by_and_where(tmp_path):
    """SPEC: more columns are kept. Telco's PaymentMethod becomes payment_method; personal headers do not."""
    import csv as csv_module
    from collections import Counter

    telco = DATASETS / "telco_churn" / "Telco-Customer-Churn.csv"
    doc = report_json("churn", "--from", telco, "--by", "payment_method", "--where", "internet_service=Fiber optic")
    with telco.open(newline="", encoding="utf-8") as stream:
        rows = [r for r in csv_module.DictReader(stream) if r["InternetService"] == "Fiber optic"]
    churned = Counter(r["PaymentMethod"] for r in rows if r["Churn"] == "Yes")
    assert {r["payment_method"]: r["churned"] for r in doc["tables"]["by_payment_method"]} == dict(churned)
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", "Amount", "Contact Email", "Fiscal Quarter"],
                     [["A", "Won", "10", "a@b.c", "Q1"], ["B", "Won", "20", "d@e.f", "Q2"]])
    by_quarter = report_json("performance", "--from", path, "--by", "fiscal_quarter")
    assert {r["fiscal_quarter"]: r["won_amount"] for r in by_quarter["tables"]["by_fiscal_quarter"]} == {"Q1": 10, "Q2": 20}
    refused = cli("performance", "--from", path, "--by", "contact_email")
    assert refused.exit_code == 2 and "contact_email" in refused.stderr
