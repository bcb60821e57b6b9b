"""Amount columns whose header names their currency or scale in brackets, as hand-kept sheets write them:
``Amount (EUR)``, ``Deal Value ($)``, ``Revenue ($K)``, ``Budget (in thousands)``, ``金额（万元）``. Such a column was not
recognised at all (a deals sheet was refused: no amount column); now it is the amount, in that currency where the
cells name none, multiplied by the scale, with a note saying so. A probability header may end with its % sign."""

from __future__ import annotations

import pytest

from crmreport.loaders.canonical import header_unit
from tests.helpers import assert_refused, cli, report_json, write_csv


@pytest.mark.parametrize("header, stem, currency, scale", [
    ("Amount (EUR)", "Amount", "EUR", 1), ("Deal Value ($)", "Deal Value", "USD", 1),
    ("Amount [£]", "Amount", "GBP", 1), ("Amount (usd)", "Amount", "USD", 1), ("Revenue ($K)", "Revenue", "USD", 1e3),
    ("Revenue (k€)", "Revenue", "EUR", 1e3), ("Budget (in thousands)", "Budget", None, 1e3),
    ("Amount (USD 000s)", "Amount", "USD", 1e3), ("Amount ('000)", "Amount", None, 1e3),
    ("Amount ($M)", "Amount", "USD", 1e6), ("Amount (millions)", "Amount", None, 1e6),
    ("金额（元）", "金额", "CNY", 1), ("金额（万元）", "金额", "CNY", 1e4), ("金额(万)", "金额", None, 1e4),
    ("合同金额（亿元）", "合同金额", "CNY", 1e8), ("金额（美元）", "金额", "USD", 1),
    # the scale words a cell reads after its number count in a header too, and German's T before a currency
    ("Betrag (TEUR)", "Betrag", "EUR", 1e3), ("Betrag (T€)", "Betrag", "EUR", 1e3),
    ("Betrag (in Tsd. €)", "Betrag", "EUR", 1e3), ("Betrag (Mio. €)", "Betrag", "EUR", 1e6),
    ("Betrag (Mrd. €)", "Betrag", "EUR", 1e9), ("Revenue ($B)", "Revenue", "USD", 1e9),
    ("Revenue (USD bn)", "Revenue", "USD", 1e9), ("Amount (in billions)", "Amount", None, 1e9),
    ("Amount (mln USD)", "Amount", "USD", 1e6), ("Importo (Mln €)", "Importo", "EUR", 1e6),
    ("Montant (Md€)", "Montant", "EUR", 1e9), ("Сумма (млн руб.)", "Сумма", "RUB", 1e6),
    ("金額（千円）", "金額", "JPY", 1e3), ("金額（億円）", "金額", "JPY", 1e8), ("금액(만원)", "금액", "KRW", 1e4),
    # a code whose letters could also read as scales is the code
    ("Amount (TRY)", "Amount", "TRY", 1), ("Amount (BMD)", "Amount", "BMD", 1), ("Amount (MMK)", "Amount", "MMK", 1),
])
def test_units_a_header_can_give(header, stem, currency, scale):
    unit = header_unit(header)
    assert (unit.stem, unit.currency, unit.scale) == (stem, currency, scale)


@pytest.mark.parametrize("header", ["Amount", "Amount (converted)", "Probability (%)", "Amount (Net)", "(EUR)",
                                    "Amount (K M)", "Amount (EUR) (2024)", "Duration (min)", "Weight (t)", "Amount (T)",
                                    "Amount (mil)"])
def test_brackets_that_give_no_unit(header):
    assert header_unit(header) is None


HEADER = ["Deal Name", "Owner", "Stage", "Amount (EUR)", "Close Date"]
DEALS = [["A", "Ann", "Closed Won", "1200.50", "2024-03-05"], ["B", "Bob", "Closed Won", "800", "2024-03-06"],
         ["C", "Bob", "Closed Lost", "99", "2024-03-07"], ["D", "Ann", "Negotiation", "4000", "2024-05-01"]]


def test_a_currency_in_the_header_is_the_amounts_currency(tmp_path):
    report = report_json("performance", "--from", write_csv(tmp_path / "deals.csv", HEADER, DEALS))
    assert report["kpis"]["currency"] == "EUR"
    assert report["kpis"]["won_amount"] == 1200.50 + 800
    assert {row["owner"]: row["open_amount"] for row in report["tables"]["by_owner"]} == {"Ann": 4000, "Bob": 0}
    assert "€2,000.50" in cli("performance", "--from", tmp_path / "deals.csv").stdout


def test_the_cells_currency_wins_and_two_currencies_are_refused(tmp_path):
    """Sheets headed in two currencies are not added up; nor is a cell that names another currency than its header."""
    euros = write_csv(tmp_path / "eu.csv", HEADER, DEALS)
    dollars = write_csv(tmp_path / "us.csv", ["Deal Name", "Owner", "Stage", "Amount (USD)", "Close Date"],
                        [["E", "Cy", "Closed Won", "500", "2024-03-05"]])
    assert_refused(tmp_path, "performance", "--from", euros, "--from", dollars, message="several currencies (EUR, USD)")
    mixed = write_csv(tmp_path / "mixed.csv", HEADER, DEALS + [["F", "Cy", "Closed Won", "$500", "2024-03-05"]])
    assert_refused(tmp_path, "funnel", "--from", mixed, message="several currencies (EUR, USD)")


CHINESE = [["华为项目", "张三", "赢单", "12.5", "2024-03-05"], ["小米项目", "李四", "赢单", "3", "2024-03-06"],
           ["联想项目", "李四", "输单", "8", "2024-03-07"], ["中兴项目", "张三", "谈判", "0.75", "2024-06-30"]]


def test_amounts_in_ten_thousands_of_yuan(tmp_path):
    path = write_csv(tmp_path / "商机.csv", ["商机名称", "负责人", "阶段", "金额（万元）", "结单日期"], CHINESE)
    report = report_json("performance", "--from", path)
    won = [float(amount) * 10_000 for _name, _owner, stage, amount, _date in CHINESE if stage == "赢单"]
    assert report["kpis"]["currency"] == "CNY"
    assert report["kpis"]["won_amount"] == sum(won) == 155_000
    assert {row["owner"]: row["open_amount"] for row in report["tables"]["by_owner"]} == {"张三": 7_500, "李四": 0}
    note = "amount: '金额（万元）' gives the amounts in tens of thousands: read × 10,000"
    assert f"{path}: {note}" in report["warnings"]
    chinese = cli("performance", "--from", path, "--lang", "zh")
    assert "金额：表头 '金额（万元）' 表明金额以万为单位：按 × 10,000 读取" in chinese.stdout
    assert "¥155,000.00" in chinese.stdout


GERMAN = [["Alpha", "Anna", "Gewonnen", "1,5", "05.03.2024"], ["Beta", "Ben", "Gewonnen", "12", "06.03.2024"],
          ["Gamma", "Ben", "Verloren", "7,25", "07.03.2024"]]


@pytest.mark.parametrize("unit, scale, words, chinese", [("TEUR", 1e3, "thousands", "千"),
                                                         ("Mrd. €", 1e9, "billions", "十亿")])
def test_amounts_in_thousands_or_billions_of_euros(tmp_path, unit, scale, words, chinese):
    """A German sheet's ``Betrag (TEUR)`` or ``Betrag (Mrd. €)`` was refused: no amount column."""
    header = f"Betrag ({unit})"
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", header, "Close Date"], GERMAN)
    report = report_json("performance", "--from", path)
    won = sum(float(amount.replace(",", ".")) * scale for *_, stage, amount, _date in GERMAN if stage == "Gewonnen")
    assert report["kpis"]["currency"] == "EUR"
    assert report["kpis"]["won_amount"] == pytest.approx(won) and won == 13.5 * scale
    assert f"{path}: amount: '{header}' gives the amounts in {words}: read × {scale:,.0f}" in report["warnings"]
    translated = cli("performance", "--from", path, "--lang", "zh").stdout
    assert f"金额：表头 '{header}' 表明金额以{chinese}为单位：按 × {scale:,.0f} 读取" in " ".join(translated.split())


@pytest.mark.parametrize("header, scale, currency", [("金額（千円）", 1e3, "JPY"), ("금액(만원)", 1e4, "KRW"),
                                                   ("Сумма (млн руб.)", 1e6, "RUB")])
def test_a_header_crmreport_has_no_name_for_keeps_its_unit_once_mapped(tmp_path, header, scale, currency):
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", header, "Close Date"],
                     [["A", "Closed Won", "1,5" if currency == "RUB" else "1.5", "2024-03-01"],
                      ["B", "Closed Lost", "2", "2024-03-02"]])
    mapping = tmp_path / "map.toml"
    mapping.write_text(f'[columns]\namount = "{header}"\n', encoding="utf-8")
    kpis = report_json("funnel", "--from", path, "--map", mapping)["kpis"]
    assert (kpis["currency"], kpis["won_amount"]) == (currency, 1.5 * scale)


def test_campaign_costs_in_thousands(tmp_path):
    path = write_csv(tmp_path / "campaigns.csv", ["Campaign Name", "Start Date", "End Date", "Budget ($K)",
                                                  "Actual Cost ($K)", "Revenue ($K)"],
                     [["Spring", "2024-03-01", "2024-03-31", "10", "8.5", "40"],
                      ["Summer", "2024-06-01", "2024-06-30", "5", "6", "0"]])
    report = report_json("campaigns", "--from", path)
    cost, revenue = (8.5 + 6) * 1000, 40 * 1000
    assert report["kpis"]["cost"] == cost and report["kpis"]["revenue"] == revenue
    assert report["kpis"]["roi"] == pytest.approx((revenue - cost) / cost)
    assert report["kpis"]["overspent_campaigns"] == 1  # Summer: 6k spent of a 5k budget
    assert sum("gives the amounts in thousands: read × 1,000" in warning for warning in report["warnings"]) == 3


def test_a_header_as_written_comes_first(tmp_path):
    """A sheet with ``Amount`` and ``Amount (EUR)`` reports ``Amount``; the other is left unmapped."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Amount (EUR)", "Close Date"],
                     [["A", "Ann", "Closed Won", "100", "92", "2024-03-05"]])
    assert report_json("performance", "--from", path)["kpis"]["won_amount"] == 100
    lines = [line.split() for line in cli("inspect", "--from", path).stdout.splitlines()]
    assert ["'Amount'", "->", "amount"] in lines and ["unmapped:", "'Amount", "(EUR)'"] in lines


@pytest.mark.parametrize("header, stage", [("Win Probability (%)", "Negotiation"), ("赢率（%）", "谈判"),
                                           ("Probability %", "Proposal")])
def test_a_probability_header_with_its_percent_sign(tmp_path, header, stage):
    """The export's own probabilities weigh the pipeline (the column was unmapped, and every deal took its stage's
    default probability instead)."""
    rows = [["A", "Ann", stage, "1000", "60", "2026-12-20"], ["B", "Ann", stage, "3000", "25", "2026-12-21"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", header, "Close Date"], rows)
    report = report_json("pipeline", "--from", path)
    assert report["kpis"]["weighted_amount"] == sum(float(a) * float(p) / 100 for *_, a, p, _d in rows) == 1350
