"""Probabilities written as fractions under a header that says % (a workbook's percentage cells hold 0.6 for 60%,
whatever the header): they were read as 0.6%, and the weighted pipeline came out a hundred times too small."""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import report_json, write_csv

HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Probability (%)", "Close Date"]
DEALS = [("A", "Ann", "Negotiation", 1000, 0.6, "2026-12-20"), ("B", "Ann", "Proposal", 3000, 0.25, "2026-12-21"),
         ("C", "Bob", "Proposal", 2000, 0.0, "2026-12-22"), ("D", "Bob", "Qualification", 500, 1.0, "2026-12-23")]
WEIGHTED = sum(amount * fraction for _n, _o, _s, amount, fraction, _d in DEALS)  # 600 + 750 + 0 + 500


def test_percentage_cells_of_a_workbook(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in DEALS:
        sheet.append(list(row))
        sheet.cell(sheet.max_row, 5).number_format = "0%"
    path = tmp_path / "deals.xlsx"
    book.save(path)
    assert report_json("pipeline", "--from", path)["kpis"]["weighted_amount"] == WEIGHTED == 1850


def test_zero_to_hundred_under_the_same_header(tmp_path):
    rows = [[name, owner, stage, amount, f"{fraction * 100:g}", date] for name, owner, stage, amount, fraction, date
            in DEALS]
    path = write_csv(tmp_path / "deals.csv", HEADER, rows)
    assert report_json("pipeline", "--from", path)["kpis"]["weighted_amount"] == WEIGHTED


def test_whole_numbers_keep_the_usual_scale(tmp_path):
    """A column of 0 and 1 only shows no fraction: under a % header those are 0% and 1%."""
    rows = [["A", "Ann", "Proposal", "1000", "1", "2026-12-20"], ["B", "Ann", "Proposal", "1000", "0", "2026-12-20"]]
    path = write_csv(tmp_path / "deals.csv", HEADER, rows)
    assert report_json("pipeline", "--from", path)["kpis"]["weighted_amount"] == 1000 * 0.01


def test_a_mapping_file_decides(tmp_path):
    """``probability_scale = 100`` in a --map file holds even for 0.6: the analyst said so."""
    rows = [["A", "Ann", "Proposal", "1000", "0.6", "2026-12-20"]]
    path = write_csv(tmp_path / "deals.csv", HEADER, rows)
    mapping = tmp_path / "map.toml"
    mapping.write_text("[options]\nprobability_scale = 100\n", encoding="utf-8")
    report = report_json("pipeline", "--from", path, "--map", mapping)
    assert report["kpis"]["weighted_amount"] == 1000 * 0.006
