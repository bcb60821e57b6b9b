"""Records listed twice: rows that share a record ID without being identical (DUP_ID), beside identical rows
(DUP_ROW), and files of one source that overlap (a note in every report)."""

from __future__ import annotations

import json

import pytest

from helpers import DATASETS, cli, report_json, write_csv

HEADER = ["Opportunity ID", "Opportunity Name", "Opportunity Owner", "Stage", "Amount", "Close Date"]
ROWS = [
    ["006A", "A", "Ann", "Prospecting", "USD 1,000.00", "2024-05-01"],
    ["006B", "B", "Ann", "Closed Won", "USD 2,500.00", "2024-02-01"],
    ["006C", "C", "Bob", "Closed Lost", "USD 400.00", "2024-02-01"],
    ["006B", "B", "Ann", "Negotiation/Review", "USD 2,500.00", "2024-01-15"],  # an earlier snapshot of 006B
    ["006C", "C", "Bob", "Closed Lost", "USD 400.00", "2024-02-01"],  # row 4 again, whole: DUP_ROW only
    ["006d", "D", "Cy", "Prospecting", "USD 700.00", "2024-06-01"],  # Salesforce IDs are case-sensitive: not 006D
    ["006D", "D", "Cy", "Prospecting", "USD 750.00", "2024-06-01"],
    ["006A", "A", "Ann", "Prospecting", "USD 300.00", "2024-05-01"],  # a second product line of 006A
]


def repeats(rows: list[list[str]]) -> tuple[list[int], list[int]]:
    """Spreadsheet rows (header = 1) identical to an earlier row, and rows that are not but repeat an earlier ID:
    a loop over the rows, apart from crmreport's code."""
    seen_rows, seen_ids, whole, by_id = set(), set(), [], []
    for number, row in enumerate(rows, start=2):
        if tuple(row) in seen_rows:
            whole.append(number)
        elif row[0] in seen_ids:
            by_id.append(number)
        seen_rows.add(tuple(row))
        seen_ids.add(row[0])
    return whole, by_id


def audit_doc(*args) -> dict:
    result = cli("audit", *args, "-F", "json", "--as-of", "2024-07-01")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_rows_sharing_an_id_are_listed_apart_from_identical_rows(tmp_path):
    whole, by_id = repeats(ROWS)
    assert (whole, by_id) == ([6], [5, 9])
    doc = audit_doc("--from", write_csv(tmp_path / "opportunities.csv", HEADER, ROWS))
    checks = {row["code"]: row for row in doc["tables"]["checks"]}
    assert checks["DUP_ROW"]["count"] == len(whole) and [r["row"] for r in doc["tables"]["dup_row"]] == whole
    assert checks["DUP_ID"]["count"] == len(by_id) == doc["kpis"]["dup_id"]
    assert checks["DUP_ID"]["column"] == "deal_id"
    # every row of a repeated ID is listed (the first too), the identical row 6 is not
    assert sorted(r["row"] for r in doc["tables"]["dup_id"]) == [2, 3, 5, 9]
    assert {r["value"] for r in doc["tables"]["dup_id"]} == {"006A", "006B"}
    fix = next(row for row in doc["tables"]["top_fixes"] if row["code"] == "DUP_ID")
    amounts = {2: 1000.0, 3: 2500.0, 4: 400.0, 5: 2500.0, 6: 400.0, 7: 700.0, 8: 750.0, 9: 300.0}
    assert fix["amount_affected"] == sum(amounts[row] for row in by_id) == 2800.0  # what reports count twice
    assert checks["DUP_ID"]["fix"] == "keep one row per ID: reports count every row"


def test_duplicate_ids_in_chinese(tmp_path):
    path = write_csv(tmp_path / "opportunities.csv", HEADER, ROWS)
    result = cli("audit", "--from", path, "--lang", "zh", "-F", "md", "--as-of", "2024-07-01")
    assert result.exit_code in (0, 1), result.stderr
    assert "与前面的行编号相同的行" in result.stdout and "每个编号只保留一行：报告按行计数" in result.stdout
    assert "rows share an ID" not in result.stdout


def test_order_lines_sharing_an_order_id_are_not_duplicates(tmp_path):
    """An order's ID repeats on each of its lines (Online Retail's InvoiceNo): not a record listed twice."""
    path = write_csv(tmp_path / "orders.csv", ["Order ID", "Customer ID", "Order Date", "Amount"],
                     [["536365", "17850", "2010-12-01", "15.30"], ["536365", "17850", "2010-12-01", "20.34"],
                      ["536366", "17850", "2010-12-01", "11.10"]])
    doc = audit_doc("--from", path)
    assert doc["inputs"][0]["table"] == "orders"
    assert "DUP_ID" not in {row["code"] for row in doc["tables"]["checks"]} and "dup_id" not in doc["kpis"]


def overlap_note(later, earlier, rows: int, example: str) -> str:
    return (f"{later}: {rows} rows' deal IDs are in {earlier} too, e.g. {example!r} (overlapping exports?): "
            "reports count both rows")


@pytest.mark.parametrize("report", ["funnel", "pipeline"])  # the funnel reads no deal ID of its own: read for this
def test_overlapping_exports_of_one_source_are_named_in_every_report(tmp_path, report):
    """This month's export beside last month's: 006B and 006C are in both. Reports count both rows (3 + 3 deals)
    and say so."""
    first = write_csv(tmp_path / "march.csv", HEADER, ROWS[:3])
    second = write_csv(tmp_path / "april.csv", HEADER, [ROWS[3], ROWS[6], ["006C", "C", "Bob", "Closed Won",
                                                                           "USD 400.00", "2024-04-01"]])
    doc = report_json(report, "--from", first, "--from", second)
    assert overlap_note(second, first, 2, "006B") in doc["warnings"]
    assert [input["rows"] for input in doc["inputs"]] == [3, 3]
    if report == "funnel":
        assert doc["kpis"]["deals"] == 6
    else:
        assert doc["kpis"]["open_count"] == 3  # 006A, the earlier 006B, 006D


def test_exports_of_different_sources_are_not_compared(tmp_path):
    """A Salesforce export and a hand-kept sheet may both have a deal '006A': unrelated numbering, no note."""
    salesforce = write_csv(tmp_path / "sf.csv", HEADER, ROWS[:2])
    sheet = write_csv(tmp_path / "sheet.csv", ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [["006A", "Z", "Zoe", "Won", "10", "2024-03-01"]])
    doc = report_json("funnel", "--from", salesforce, "--from", sheet)
    assert [input["profile"] for input in doc["inputs"]] == ["salesforce", "generic"]
    assert not [warning for warning in doc["warnings"] if "overlapping" in warning]


def test_an_export_given_twice_is_read_once_without_an_overlap_note(tmp_path):
    first = write_csv(tmp_path / "a.csv", HEADER, ROWS[:3])
    second = write_csv(tmp_path / "b.csv", HEADER, ROWS[:3])
    doc = report_json("funnel", "--from", first, "--from", second)
    assert doc["warnings"] == [f"{second}: the same 3 rows as {first} (one export given twice?): read once"]
    assert doc["kpis"]["deals"] == 3


def test_a_salesforce_org_export_has_no_overlap_or_duplicate_ids_to_report():
    """The shared sf_datacloud_workshop folder: CampaignMember.csv lists a lead once per campaign under LeadId, and
    Lead.csv lists each lead once under Id. Neither is a record listed twice: no overlap note, no DUP_ID."""
    folder = DATASETS / "sf_datacloud_workshop"
    conversion = report_json("conversion", "--from", folder)
    assert not [warning for warning in conversion["warnings"] if "overlapping" in warning]
    doc = audit_doc("--from", folder)
    assert "DUP_ID" not in {row["code"] for row in doc["tables"]["checks"]}


def test_exports_whose_ids_come_under_other_headers_are_not_compared(tmp_path):
    """The same source, but one file's deal IDs under 'Opportunity ID' and the other's under 'Id' (a report export
    and a Data Loader export): not two copies of one export."""
    first = write_csv(tmp_path / "report.csv", HEADER, ROWS[:3])
    loader = write_csv(tmp_path / "loader.csv", ["Id", "Name", "StageName", "Amount", "CloseDate", "IsWon", "IsClosed"],
                       [["006B", "B", "Closed Won", "2500", "2024-02-01", "true", "true"]])
    doc = report_json("funnel", "--from", first, "--from", loader)
    assert [entry["profile"] for entry in doc["inputs"]] == ["salesforce", "salesforce"]
    assert not [warning for warning in doc["warnings"] if "overlapping" in warning]


def test_overlapping_exports_are_a_finding_of_the_audit(tmp_path):
    """March's export and April's share 006B and 006C (April's rows 3 and 4): the audit names them as OVERLAP_ID,
    the rows of the later file, and the amount reports count twice (2,500 + 400, by hand), so a gate on warnings
    stops them. Before, it scored the two files 100 with no problem, though every report counted both rows."""
    first = write_csv(tmp_path / "march.csv", HEADER, ROWS[:3])
    second = write_csv(tmp_path / "april.csv", HEADER, [ROWS[6], ROWS[1], ROWS[2]])
    both = ["--from", first, "--from", second, "--as-of", "2024-04-01"]  # no open deal is stale yet
    doc = json.loads(cli("audit", *both, "-F", "json").stdout)
    checks = {row["code"]: row for row in doc["tables"]["checks"]}
    assert set(checks) == {"OVERLAP_ID"} and doc["kpis"]["overlap_id"] == 2
    found = checks["OVERLAP_ID"]
    assert (found["file"], found["column"], found["severity"]) == (str(second), "deal_id", "warning")
    assert [(row["file"], row["row"], row["value"]) for row in doc["tables"]["overlap_id"]] == \
        [(str(second), 3, "006B"), (str(second), 4, "006C")]
    fix = next(row for row in doc["tables"]["top_fixes"] if row["code"] == "OVERLAP_ID")
    assert fix["amount_affected"] == 2500 + 400
    assert cli("audit", *both).exit_code == 0
    assert cli("audit", *both, "--fail-on", "warning").exit_code == 1
    chinese = cli("audit", *both, "--lang", "zh", "-F", "md")
    assert "编号也出现在前面某个文件中的行（导出有重叠？）" in chinese.stdout
    assert "每条记录只给一次：去掉较早的导出，或两份共有的行" in chinese.stdout and "跨文件重复编号" in chinese.stdout


def test_no_overlap_finding_for_other_sources_or_an_export_given_twice(tmp_path):
    """Unrelated numbering (a Salesforce export beside a sheet) and one export given twice (read once) count nothing
    twice: no OVERLAP_ID."""
    salesforce = write_csv(tmp_path / "sf.csv", HEADER, ROWS[:2])
    sheet = write_csv(tmp_path / "sheet.csv", ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [["006A", "Z", "Zoe", "Won", "10", "2024-03-01"]])
    again = write_csv(tmp_path / "again.csv", HEADER, ROWS[:2])
    for paths in ([salesforce, sheet], [salesforce, again]):
        doc = audit_doc(*[arg for path in paths for arg in ("--from", path)])
        assert "OVERLAP_ID" not in {row["code"] for row in doc["tables"]["checks"]}
