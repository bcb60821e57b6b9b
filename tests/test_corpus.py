"""The hostile-input corpus (tests/corpus/, written by make_corpus.py): every file through the CLI.

For each: the outcome (a report, with the warnings it must carry, or exit 2 with a stated message), no traceback,
no output file after a failure, and the input's bytes unchanged.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from helpers import cli, sha256

CORPUS = Path(__file__).parent / "corpus"

FAILURES = [
    ("empty.csv", [], "the file is empty"),
    ("bom_only.csv", [], "the file is empty"),
    ("header_only.csv", [], "has a header but no data rows"),
    ("binary.csv", [], "looks like a binary file, not a table"),
    ("corrupt.xlsx", [], "not a readable .xlsx workbook"),
    ("password_protected.xlsx", [], "password-protected (encrypted) workbook"),
    ("unterminated_quote.csv", [], "not a well-formed table"),
    ("encoding_wrongly_declared.csv", ["--encoding", "utf-8"], "not readable as utf-8"),
]

# file, extra args, (won_count, lost_count, open_count), fragments that must appear among the warnings
REPORTS = [
    ("really_csv.xlsx", [], (1, 1, 1), []),
    ("really_xlsx.csv", [], (1, 0, 0), []),
    ("html_export.xls", [], (1, 0, 0), []),  # a web page under an .xls name: its table is read
    ("ragged.csv", [], (4, 1, 1), ["2 rows had more cells than the header (rows 2, 7)",
                                   "stage (Stage): 1 value missing"]),
    ("duplicate_headers.csv", [], (1, 1, 0), ["Amount: 2 columns with the same name in the header"]),
    ("header_not_first.csv", [], (1, 1, 1), []),
    ("merged_cells.xlsx", [], (2, 1, 0), []),
    ("ten_thousand_columns.csv", [], (1, 0, 0), []),
    ("very_long_cell.csv", [], (2, 1, 1), []),
    ("nul_bytes.csv", [], (2, 1, 1), ["1 NUL byte found in the text; removed before reading"]),
    ("mixed_line_endings.csv", [], (1, 1, 1), []),
    ("encoding_utf-8.csv", [], (1, 1, 0), []),
    ("encoding_utf-8-sig.csv", [], (1, 1, 0), []),
    ("encoding_utf-16.csv", [], (1, 1, 0), []),
    ("encoding_utf-16-le.csv", [], (1, 1, 0), []),
    ("encoding_gb18030.csv", [], (1, 1, 0), []),
    ("encoding_cp1252.csv", [], (1, 1, 0), []),
    ("exotic_numbers.csv", [], (7, 0, 0), ["amount (Amount): 1 value could not be read as money, e.g. '1e3'"]),
    ("extreme_dates.csv", [], (4, 0, 0),
     ["close_date (Close Date): 1 value could not be read as a date, e.g. '2024-02-30'",
      "close_date (Close Date): 2 values standing for no date (before 1900, a calendar's first day, from the year "
      "9000 on), e.g. '0001-01-01' (rows 2, 3); read as no date"]),
    ("extreme_amounts.csv", [], (4, 0, 0), ["amount (Amount): 1 value could not be read as money, e.g. '1e308'",
                                            "amount: 1 value below zero"]),
    ("injection.csv", [], (8, 0, 0), []),
]


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    assert path.exists(), f"run python tests/corpus/make_corpus.py ({name} is missing)"
    return path


@pytest.mark.parametrize("name, args, message", FAILURES)
def test_bad_files_fail_cleanly(tmp_path, name, args, message):
    path = corpus_file(name)
    before = sha256(path)
    target = tmp_path / "out.html"
    result = cli("funnel", "--from", path, *args, "-o", target)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and result.stderr.startswith("crmreport: error: ")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert sha256(path) == before


@pytest.mark.parametrize("name, args, outcome, fragments", REPORTS)
def test_odd_files_report_with_warnings(tmp_path, name, args, outcome, fragments):
    path = corpus_file(name)
    before = sha256(path)
    target = tmp_path / "out.json"
    result = cli("funnel", "--from", path, *args, "-o", target)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    kpis = doc["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["open_count"]) == outcome
    warnings = "\n".join(doc["warnings"])
    for fragment in fragments:
        assert fragment in warnings
    assert sha256(path) == before


def test_exotic_and_extreme_values_are_read_exactly():
    exotic = json.loads(cli("performance", "--from", corpus_file("exotic_numbers.csv"), "-F", "json").stdout)
    # $1,234,567.89 + USD 1'234.50 + $342.09K + 12万 + USD 7.50 (no-break space); '1e3' is not read, and
    # (1,000.00) is read as -1000 and then set aside by the schema, as a won deal cannot be negative
    assert exotic["kpis"]["won_amount"] == pytest.approx(1234567.89 + 1234.50 + 342090 + 120000 + 7.50)
    assert any("amount: 1 value below zero, e.g. '-1000.0'" in w for w in exotic["warnings"])
    extreme = json.loads(cli("performance", "--from", corpus_file("extreme_amounts.csv"), "-F", "json").stdout)
    assert extreme["kpis"]["won_amount"] == pytest.approx(1e20 + 100)  # -500 is set aside, 1e308 unreadable
    # 0001-01-01 and 9999-12-31 stand for "no date": neither is a deal closed in the year 1 or 9999
    for since, until in (("0001-01-01", "0001-12-31"), ("9999-12-31", None)):
        period = ["--since", since] + (["--until", until] if until else [])
        dates = json.loads(cli("funnel", "--from", corpus_file("extreme_dates.csv"), *period, "-F", "json").stdout)
        assert dates["kpis"]["won_count"] == 0
    dated = json.loads(cli("funnel", "--from", corpus_file("extreme_dates.csv"), "--since", "2024-01-01",
                           "-F", "json").stdout)
    assert dated["kpis"]["won_count"] == 1  # D's 2024-03-05; C's 2024-02-30 is no day


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "xlsx", "json", "txt"])
def test_injection_payloads_stay_inert_in_every_format(tmp_path, fmt):
    path = corpus_file("injection.csv")
    target = tmp_path / f"out.{fmt}"
    assert cli("performance", "--from", path, "-o", target).exit_code == 0
    if fmt == "xlsx":
        with zipfile.ZipFile(target) as book:
            xml = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/"))
        assert "<f>" not in xml  # no cell holds a formula (charts refer to cells, which is not one)
        assert "&apos;=cmd|" in xml or "'=cmd|" in xml
        return
    text = target.read_text(encoding="utf-8-sig")
    if fmt == "html":
        assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "{{7*7}}" in text and ">49<" not in text
    if fmt == "csv":
        rows = text.splitlines()[1:]
        assert all(not row.startswith(("=", "+", "-", "@", "\t")) for row in rows)
        assert "'=cmd|" in text and "'@SUM(" in text and "'+1+2" in text
    if fmt == "md":
        assert "<script>" not in text


def test_the_corpus_is_up_to_date(tmp_path, monkeypatch):
    """make_corpus.py writes exactly the committed files (so the corpus can be regenerated and reviewed)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    for written in tmp_path.iterdir():
        if written.read_bytes().startswith(b"PK") and written.name != "corrupt.xlsx":
            continue  # real workbooks carry their creation time
        assert written.read_bytes() == (CORPUS / written.name).read_bytes(), written.name
