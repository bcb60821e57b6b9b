"""Odoo CRM opportunities as its list view's "Export" writes them: field labels as headers ("Opportunity",
"Expected Revenue", "Expected Closing", "Salesperson", "Sales Team", "Lost Reason", "Active"). Read as a hand-kept
sheet, the amounts were unmapped (no won amount at all) and every lost deal was open: Odoo marks a deal lost by
archiving it (Active false) with a lost reason and leaves its stage as it was. The figures are counted from the rows
by a loop."""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import cli, report_json, write_csv

HEADER = ["Created on", "Opportunity", "Customer", "Salesperson", "Sales Team", "Stage", "Expected Revenue",
          "Probability", "Expected Closing", "Closed Date", "Lost Reason", "Active"]
ROWS = [
    ["2024-01-05 10:12:00", "Office chairs", "Acme", "Mitchell Admin", "Sales", "Won", "12000.00", "100.0",
     "2024-02-01", "2024-02-03 09:00:00", "", True],
    ["2024-01-09 11:00:00", "Desks renewal", "Beta", "Marc Demo", "Sales", "Proposition", "8000.00", "0.0",
     "2024-03-01", "2024-02-20 15:00:00", "Too expensive", False],
    ["2024-01-12 14:30:00", "Cabinets", "Gamma", "Mitchell Admin", "Sales", "Qualified", "5000.00", "30.0",
     "2024-04-15", "", "", True],
    ["2024-01-20 09:45:00", "Lamps", "Delta", "Marc Demo", "Website", "New", "1500.00", "10.0", "2024-04-30", "", "",
     True],
    ["2024-02-02 16:20:00", "Conference tables", "Epsilon", "Mitchell Admin", "Sales", "Won", "22000.00", "100.0",
     "2024-03-01", "2024-03-05 10:00:00", "", True],
    ["2024-02-10 08:00:00", "Sofas", "Zeta", "Marc Demo", "Sales", "New", "3000.00", "0.0", "2024-05-01",
     "2024-02-28 12:00:00", "", False],  # archived without a reason (Odoo's lost wizard does not require one)
    ["2024-02-12 08:00:00", "Shelves", "Eta", "Marc Demo", "Sales", "Qualified", "2500.00", "0.0", "2024-05-01",
     "2024-03-01 12:00:00", "Not interested", False],
]


def _status(row: list) -> str:
    if row[5] == "Won":
        return "won"
    return "lost" if row[11] is False or row[10] else "open"


def _figures(rows: list[list]) -> tuple:
    by_status = {status: [row for row in rows if _status(row) == status] for status in ("won", "lost", "open")}
    weighted = sum(float(row[6]) * float(row[7]) / 100 for row in by_status["open"])
    return (len(by_status["won"]), len(by_status["lost"]), len(by_status["open"]),
            sum(float(row[6]) for row in by_status["won"]), weighted)


def _csv(tmp_path, header=HEADER, rows=ROWS):
    return write_csv(tmp_path / "crm.lead.csv", header, [[str(cell) for cell in row] for row in rows])


def test_odoo_export_lost_deals_and_amounts(tmp_path):
    path = _csv(tmp_path)
    funnel = report_json("funnel", "--from", path)
    assert funnel["inputs"][0]["profile"] == "odoo"
    won, lost, open_, won_amount, weighted = _figures(ROWS)
    assert (won, lost, open_, won_amount) == (2, 3, 2, 34_000)
    kpis = funnel["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["open_count"], kpis["won_amount"]) == (won, lost, open_,
                                                                                               won_amount)
    pipeline = report_json("pipeline", "--from", path)
    assert pipeline["kpis"]["weighted_amount"] == weighted == 5000 * 0.3 + 1500 * 0.1
    # a lost deal keeps the stage it was lost at: Beta reached Proposition, Eta Qualified
    reached = {row["stage"]: row["reached"] for row in funnel["tables"]["stages"]}
    assert reached["Proposition"] == 1 + won
    assert reached["Qualified"] == 2 + 1 + won
    assert funnel["warnings"] == [f"{path}: status: 3 deals archived or with a lost reason count as lost, "
                                  "their stages as left"]


def test_note_in_chinese(tmp_path):
    result = cli("funnel", "--from", _csv(tmp_path), "--lang", "zh")
    assert result.exit_code == 0
    assert "状态：3 个已归档或有输单原因的商机按输单计，阶段保持原样" in result.stdout


def test_without_the_active_column_a_lost_reason_tells(tmp_path):
    header = HEADER[:-1]
    rows = [row[:-1] for row in ROWS]
    kpis = report_json("funnel", "--from", _csv(tmp_path, header, rows))["kpis"]
    lost = [row for row in rows if row[5] != "Won" and row[10]]
    assert (kpis["lost_count"], kpis["open_count"]) == (len(lost), len(rows) - len(lost) - 2) == (2, 3)


def test_workbook_with_true_false_cells(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Pipeline"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([float(cell) if i in (6, 7) else cell for i, cell in enumerate(row)])  # Active: real booleans
    path = tmp_path / "Pipeline (crm.lead).xlsx"
    book.save(path)
    kpis = report_json("funnel", "--from", path)["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["won_amount"]) == _figures(ROWS)[0:2] + _figures(ROWS)[3:4]


def test_a_sheet_with_a_few_of_odoos_headers_is_not_odoo(tmp_path):
    # "Opportunity", "Customer", "Salesperson" are a hand-kept sheet's words too: its lost reason column is a note
    header = ["Opportunity", "Customer", "Salesperson", "Stage", "Amount", "Lost Reason"]
    rows = [["A", "Acme", "Ann", "Proposal", "1000", "price was discussed"], ["B", "Beta", "Bob", "Lost", "500", ""]]
    doc = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", header, rows))
    assert doc["inputs"][0]["profile"] == "generic"
    assert (doc["kpis"]["open_count"], doc["kpis"]["lost_count"]) == (1, 1)
