"""Each CRM dialect with the traps real exports have; every figure is computed independently in the test."""

from __future__ import annotations

import csv
import statistics

import pytest
from openpyxl import load_workbook

from helpers import EXAMPLES, ROOT, assert_refused, cli, report_json, without_module, write_csv


def money(text: str) -> float:
    """Independent reading of the money strings used in these files."""
    for token in ("USD", "$", "¥", "￥", ",", " "):
        text = text.replace(token, "")
    return float(text)


# --- Pipedrive: a closed deal closes at its won/lost time, not at the expected close date ---------------------

PIPEDRIVE_HEADER = ["Deal - ID", "Deal - Title", "Deal - Owner", "Deal - Value", "Deal - Currency", "Deal - Stage",
                    "Deal - Status", "Deal - Deal created", "Deal - Expected close date", "Deal - Won time",
                    "Deal - Lost time"]


@pytest.fixture
def pipedrive_csv(tmp_path):
    return write_csv(tmp_path / "deals.csv", PIPEDRIVE_HEADER, [
        [1, "A", "Ann", "1000", "EUR", "Proposal Made", "won", "2024-01-01 10:00:00", "2024-03-31", "2024-02-15 09:00:00", ""],
        [2, "B", "Ann", "3000", "EUR", "Negotiations Started", "won", "2024-01-10 08:00:00", "2024-01-20", "2024-03-01 17:30:00", ""],
        [3, "C", "Bob", "500", "EUR", "Contact Made", "lost", "2024-02-01 12:00:00", "2024-05-01", "", "2024-02-11 12:00:00"],
        [4, "D", "Bob", "800", "EUR", "Qualified", "open", "2024-02-03 12:00:00", "2024-06-30", "", ""],
    ])


def test_pipedrive_cycle_uses_won_time(pipedrive_csv):
    doc = report_json("cycle", "--from", pipedrive_csv)
    cycles = [(15 + 31) - 1, 31 - 10 + 29 + 1]  # Jan 1 → Feb 15 = 45 days; Jan 10 → Mar 1 (2024 leap) = 51 days
    assert cycles == [45, 51]
    assert doc["kpis"]["avg_cycle_days"] == statistics.mean(cycles)
    assert doc["kpis"]["median_cycle_days"] == statistics.median(cycles)
    assert doc["inputs"][0]["profile"] == "pipedrive"


def test_pipedrive_period_uses_won_and_lost_time(pipedrive_csv):
    # February: A won (15 Feb; its expected close is in March) and C lost (11 Feb); B won 1 March (expected 20 Jan).
    doc = report_json("funnel", "--from", pipedrive_csv, "--since", "2024-02-01", "--until", "2024-02-29")
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"]) == (1, 1)
    assert doc["kpis"]["won_amount"] == 1000
    # C was lost at "Contact Made": it reached Qualified and Contact Made, not Proposal Made
    stages = {row["stage"]: row["reached"] for row in doc["tables"]["stages"]}
    assert stages["Qualified"] == 3 and stages["Contact Made"] == 2 and stages["Proposal Made"] == 1


# --- Salesforce report export: "USD 12,000.00", M/D/YYYY, Probability (%) ------------------------------------

SALESFORCE_HEADER = ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Amount", "Probability (%)",
                     "Close Date", "Created Date", "Lead Source"]
SALESFORCE_ROWS = [
    ["Ann", "Acme", "Acme 1", "Prospecting", "USD 12,000.00", "10", "3/4/2024", "1/15/2024", "Web"],
    ["Ann", "Acme", "Acme 2", "Negotiation/Review", "USD 1,250.50", "90", "12/31/2024", "11/2/2024", "Web"],
    ["Bob", "Initech", "Ini 1", "Closed Won", "USD 20,000.00", "100", "3/28/2024", "2/1/2024", "Partner"],
    ["Bob", "Initech", "Ini 2", "Closed Lost", "USD 5,000.00", "0", "4/2/2024", "3/1/2024", "Partner"],
    ["Cy", "Hooli", "Hoo 1", "Value Proposition", "USD 100.25", "", "5/6/2024", "4/5/2024", "Web"],
]


def test_salesforce_money_and_us_dates(tmp_path):
    path = write_csv(tmp_path / "report.csv", SALESFORCE_HEADER, SALESFORCE_ROWS)
    doc = report_json("pipeline", "--from", path)
    open_rows = [r for r in SALESFORCE_ROWS if not r[3].startswith("Closed")]
    default_probability = {"Value Proposition": 50}  # Salesforce's default for the stage, used when the cell is empty
    weighted = sum(money(r[4]) * (float(r[5]) if r[5] else default_probability[r[3]]) / 100 for r in open_rows)
    assert doc["kpis"]["open_amount"] == pytest.approx(sum(money(r[4]) for r in open_rows), abs=1e-9)
    assert doc["kpis"]["weighted_amount"] == pytest.approx(weighted, abs=1e-9)
    assert doc["kpis"]["currency"] == "USD"
    # 3/28/2024 is 28 March: month first. Closed in March: the won deal only.
    march = report_json("performance", "--from", path, "--since", "2024-03-01", "--until", "2024-03-31")
    assert (march["kpis"]["won_count"], march["kpis"]["lost_count"], march["kpis"]["won_amount"]) == (1, 0, 20000)
    cycle = report_json("cycle", "--from", path)
    assert cycle["kpis"]["avg_cycle_days"] == (29 - 1) + 28  # 1 Feb → 28 Mar 2024 (leap year) = 56 days


# --- 纷享销客 in GB18030 with Chinese headers ---------------------------------------------------------------------

def read_fxiaoke():
    with (EXAMPLES / "fxiaoke_商机.csv").open(encoding="gb18030", newline="") as stream:
        return list(csv.DictReader(stream))


def test_fxiaoke_gb18030_headers_and_figures():
    rows = read_fxiaoke()
    won = [r for r in rows if r["销售阶段"] == "赢单"]
    lost = [r for r in rows if r["销售阶段"] == "输单"]
    open_rows = [r for r in rows if r["销售阶段"] not in ("赢单", "输单")]
    doc = report_json("performance", "--from", EXAMPLES / "fxiaoke_商机.csv")
    assert doc["inputs"][0]["profile"] == "fxiaoke"
    assert doc["kpis"]["won_count"] == len(won) and doc["kpis"]["lost_count"] == len(lost)
    assert doc["kpis"]["won_amount"] == pytest.approx(sum(money(r["商机金额"]) for r in won), abs=1e-6)
    assert doc["kpis"]["currency"] == "CNY"
    by_owner = {row["owner"]: row["won_amount"] for row in doc["tables"]["by_owner"]}
    for owner in {r["负责人"] for r in won}:
        assert by_owner[owner] == pytest.approx(sum(money(r["商机金额"]) for r in won if r["负责人"] == owner), abs=1e-6)
    pipeline = report_json("pipeline", "--from", EXAMPLES / "fxiaoke_商机.csv")
    weighted = sum(money(r["商机金额"]) * float(r["赢率"].rstrip("%")) / 100 for r in open_rows)
    assert pipeline["kpis"]["weighted_amount"] == pytest.approx(weighted, abs=1e-6)
    team = report_json("performance", "--from", EXAMPLES / "fxiaoke_商机.csv", "--by", "team")
    assert {row["team"] for row in team["tables"]["by_team"]} == {r["所属部门"] for r in rows}


def test_full_width_digits_of_a_hand_kept_sheet_are_read(tmp_path):
    """Dates and amounts typed with a Chinese input method in full-width digits (a full-width date was a crash:
    pandas' number parser met the digits that Python's regular expressions had taken). Cycle days by hand: 3-01 →
    3-11 is 10 days, 4-01 → 4-21 is 20 days; the median of 10 and 20 is 15. Won amount: 1,200 + 200."""
    path = write_csv(tmp_path / "商机.csv", ["商机名称", "负责人", "销售阶段", "商机金额", "创建时间", "结单日期"], [
        ["甲", "张伟", "赢单", "￥１，２００", "２０２４－０３－０１", "2024-03-11"],
        ["乙", "张伟", "赢单", "200", "2024/4/1", "２０２４年４月２１日"],
        ["丙", "李娜", "验证客户", "３００", "２０２４／０５／０１", ""]])
    cycle = report_json("cycle", "--from", path)
    assert cycle["kpis"]["won_count"] == 2 and cycle["kpis"]["median_cycle_days"] == 15
    performance = report_json("performance", "--from", path)
    assert performance["kpis"]["won_amount"] == 1400 and performance["kpis"]["currency"] == "CNY"
    assert not [w for w in cycle["warnings"] + performance["warnings"] if "could not be read" in w]


def test_fxiaoke_inspect_maps_chinese_headers():
    result = cli("inspect", "--from", EXAMPLES / "fxiaoke_商机.csv", "--format", "json")
    assert result.exit_code == 0
    import json

    (described,) = json.loads(result.stdout)
    assert described["encoding"] == "gb18030"
    assert described["columns"]["stage"] == "销售阶段"
    assert described["columns"]["amount"] == "商机金额"
    assert described["columns"]["expected_close_date"] == "预计成交日期"
    assert described["columns"]["created_date"] == "创建时间"
    assert described["columns"]["probability"] == "赢率"
    assert described["problems"] == []


# --- Zoho: UTF-8 BOM and "Probability (%)" 0–100 ---------------------------------------------------------------

def test_zoho_bom_and_percent_probability():
    path = EXAMPLES / "zoho_deals.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    open_rows = [r for r in rows if not r["Stage"].startswith("Closed")]
    doc = report_json("pipeline", "--from", path)
    assert doc["kpis"]["open_count"] == len(open_rows)
    weighted = sum(money(r["Amount"]) * float(r["Probability (%)"]) / 100 for r in open_rows)
    assert doc["kpis"]["weighted_amount"] == pytest.approx(weighted, abs=1e-6)
    described = cli("inspect", "--from", path, "--format", "json")
    assert '"deal_id": "Record Id"' in described.stdout  # the BOM is not part of the first header


# --- HubSpot and ActiveCampaign ----------------------------------------------------------------------------------

def test_hubspot_stage_table_gives_probability(tmp_path):
    path = write_csv(tmp_path / "hubspot.csv",
                     ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner", "Pipeline"],
                     [[1, "A", "Appointment Scheduled", "1000", "2024-05-01", "2024-04-01", "Ann", "Sales Pipeline"],
                      [2, "B", "Contract Sent", "2000", "2024-05-02", "2024-04-01", "Ann", "Sales Pipeline"],
                      [3, "C", "Closed Won", "4000", "2024-04-20", "2024-04-01", "Bob", "Sales Pipeline"],
                      [4, "D", "Closed Lost", "100", "2024-04-21", "2024-04-01", "Bob", "Sales Pipeline"]])
    doc = report_json("pipeline", "--from", path)
    assert doc["inputs"][0]["profile"] == "hubspot"
    assert doc["kpis"]["weighted_amount"] == pytest.approx(1000 * 0.2 + 2000 * 0.9)
    assert report_json("funnel", "--from", path)["kpis"]["win_rate"] == 0.5


def test_activecampaign_numeric_status(tmp_path):
    path = write_csv(tmp_path / "ac.csv",
                     ["Deal Title", "Deal Value", "Deal Currency", "Deal Owner", "Deal Pipeline", "Deal Stage", "Deal Status",
                      "Deal Create Date"],
                     [["A", "$1,000.00", "usd", "Ann", "Sales", "To Contact", "0", "2024-01-01"],
                      ["B", "$2,000.00", "usd", "Ann", "Sales", "Follow Up", "1", "2024-01-01"],
                      ["C", "$3,000.00", "usd", "Bob", "Sales", "In Contact", "2", "2024-01-01"],
                      ["D", "$4,000.00", "usd", "Bob", "Sales", "Follow Up", "1", "2024-01-01"]])
    doc = report_json("performance", "--from", path)
    assert doc["inputs"][0]["profile"] == "activecampaign"
    assert (doc["kpis"]["won_count"], doc["kpis"]["lost_count"], doc["kpis"]["won_amount"]) == (2, 1, 6000)
    assert doc["kpis"]["currency"] == "USD"


# --- a hand-kept workbook with a title row above the header ---------------------------------------------------------

def test_xlsx_title_row_is_skipped():
    sheet = load_workbook(EXAMPLES / "sales_office.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[1])
    records = [dict(zip(header, row)) for row in rows[2:]]
    won = [r for r in records if r["Stage"] == "Won"]
    doc = report_json("performance", "--from", EXAMPLES / "sales_office.xlsx")
    assert doc["inputs"][0]["path"].endswith("sales_office.xlsx [Deals]")
    assert doc["kpis"]["won_count"] == len(won)
    assert doc["kpis"]["won_amount"] == pytest.approx(sum(r["Value"] for r in won), abs=1e-9)
    cycle = report_json("cycle", "--from", EXAMPLES / "sales_office.xlsx")
    days = [(r["Closed"] - r["Created"]).days for r in won]
    assert cycle["kpis"]["avg_cycle_days"] == pytest.approx(statistics.mean(days))


# --- a mapping file for columns no profile knows ----------------------------------------------------------------------

def test_map_file_names_columns_and_stages(tmp_path):
    path = write_csv(tmp_path / "odd.csv", ["Opp", "Rep", "Phase", "Net Value", "Signed"],
                     [["A", "Ann", "Talking", "100", "2024-01-10"], ["B", "Ann", "Signed Off", "250", "2024-01-11"],
                      ["C", "Bob", "Dead", "75", "2024-01-12"], ["D", "Bob", "Verbal", "1000", ""]])
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ndeal_name = "Opp"\nowner = "Rep"\nstage = "Phase"\namount = "Net Value"\n'
                       'close_date = "Signed"\n\n[stages]\n"Talking" = { status = "open", probability = 20 }\n'
                       '"Verbal" = { status = "open", probability = 90 }\n"Signed Off" = { status = "won" }\n'
                       '"Dead" = { status = "lost" }\n', encoding="utf-8")
    doc = report_json("pipeline", "--from", path, "--map", mapping)
    assert doc["kpis"]["weighted_amount"] == pytest.approx(100 * 0.2 + 1000 * 0.9)
    perf = report_json("performance", "--from", path, "--map", mapping)
    assert (perf["kpis"]["won_amount"], perf["kpis"]["lost_count"]) == (250, 1)


# --- an Excel 97–2003 workbook (.xls) ---------------------------------------------------------------------------------

def test_old_excel_workbook_is_read(tmp_path):
    """tests/corpus/old_excel.xls (LibreOffice's .xls): title row skipped, the empty Notes sheet left alone. Won by
    hand: Acme 1200.5 + 华为 800; lost: Globex 300; a folder holding the file reads it too."""
    old = ROOT / "tests" / "corpus" / "old_excel.xls"
    doc = report_json("performance", "--from", old)
    assert doc["inputs"][0]["path"].endswith("old_excel.xls [Deals]")
    assert (doc["kpis"]["won_count"], doc["kpis"]["won_amount"], doc["kpis"]["lost_count"]) == (2, 2000.5, 1)
    assert {r["owner"]: r["won_amount"] for r in doc["tables"]["by_owner"] if r["won_amount"]} == {"Ann": 1200.5,
                                                                                                    "王芳": 800}
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "q1.xls").write_bytes(old.read_bytes())
    assert report_json("funnel", "--from", folder)["kpis"]["won_count"] == 2


def test_old_excel_needs_python_calamine(tmp_path, monkeypatch):
    without_module(monkeypatch, "python_calamine")
    assert_refused(tmp_path, "funnel", "--from", ROOT / "tests" / "corpus" / "old_excel.xls",
                   message="needs python-calamine")


def test_clean_does_not_write_old_excel(tmp_path):
    source = ROOT / "tests" / "corpus" / "old_excel.xls"
    target = tmp_path / "cleaned.xls"
    result = cli("clean", "--from", source, "-o", target)
    assert result.exit_code == 2 and "crmreport writes no .xls file; name it with one of .xlsx" in result.stderr
    assert not target.exists()


def test_an_amount_written_the_other_way_is_reported_not_misread(tmp_path):
    """The column writes decimal points (1,200.50); "1.200,50" in row 3 cannot be read that way. It was added as
    1.2005; now it is left out and named. Won by hand: 1200.50 + 2000.25."""
    path = write_csv(tmp_path / "deals.csv", ["Deal ID", "Owner", "Stage", "Amount"],
                     [["1", "Ann", "Closed Won", "1,200.50"], ["2", "Ann", "Closed Won", "1.200,50"],
                      ["3", "Bob", "Closed Won", "2,000.25"], ["4", "Bob", "Closed Lost", "300"]])
    doc = report_json("performance", "--from", path)
    assert doc["kpis"]["won_amount"] == 3200.75
    assert any("amount (Amount): 1 value could not be read as money, e.g. '1.200,50' (rows 3)" in w
               for w in doc["warnings"])
