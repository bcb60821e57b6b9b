"""A book kept in two money columns, Income and Expense (收入, 支出), instead of a kind and an amount: the commonest
hand-kept ledger. It was not recognised (revenue, expenses and profit refused it). Each line is the kind its amount
stands under; a line with both is read as its income, with a warning."""

from __future__ import annotations

from tests.helpers import cli, report_json, write_csv

LINES = [["2024-01-05", "Invoice 1", "Sales", "1,000.00", ""], ["2024-01-10", "Rent", "Office", "", "500.00"],
         ["2024-02-03", "Invoice 2", "Sales", "2,000.00", ""], ["2024-02-15", "Ads", "Marketing", "", "300.00"],
         ["2024-02-20", "Refund", "Sales", "200.00", "50.00"]]  # both: read as its income


def _money(text: str) -> float:
    return float(text.replace(",", "")) if text else 0.0


def test_profit_and_expenses_by_hand(tmp_path):
    path = write_csv(tmp_path / "book.csv", ["Date", "Description", "Category", "Income", "Expense"], LINES)
    revenue = sum(_money(line[3]) for line in LINES)
    expenses = sum(_money(line[4]) for line in LINES if not line[3])
    report = report_json("profit", "--from", path)
    assert (report["kpis"]["revenue"], report["kpis"]["expenses"]) == (revenue, expenses) == (3200, 800)
    assert report["kpis"]["profit"] == revenue - expenses
    assert f"{path}: expense (Expense): 1 value stands beside an income on the same line, e.g. '50.00' (rows 6); the " \
           "income is read, the expense left out" in report["warnings"]
    by_category = report_json("expenses", "--from", path)["tables"]
    table = next(rows for rows in by_category.values() if rows and "category" in rows[0])
    assert {row["category"]: row["expenses"] for row in table} == {"Office": 500, "Marketing": 300}
    monthly = report_json("revenue", "--from", path, "--period", "month")["tables"]["by_period"]
    assert {row["period"]: row["revenue"] for row in monthly} == {"2024-01": 1000, "2024-02": 2200}


def test_a_chinese_book(tmp_path):
    path = write_csv(tmp_path / "账本.csv", ["日期", "摘要", "类别", "收入", "支出"],
                     [["2024-01-05", "货款", "销售", "1000", ""], ["2024-01-10", "房租", "办公", "", "500"]])
    report = report_json("profit", "--from", path)
    assert (report["kpis"]["revenue"], report["kpis"]["expenses"], report["kpis"]["profit"]) == (1000, 500, 500)
    chinese = cli("profit", "--from", path, "--lang", "zh", "-F", "md").stdout
    assert f"{path}：收入和支出分列两栏（'收入'、'支出'）：每行按其金额所在的栏计为收入或支出" in chinese
