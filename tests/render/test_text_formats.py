"""CSV (--table), Markdown and PDF outputs, and output errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from openpyxl import load_workbook

from helpers import DATASETS, EXAMPLES, MAVEN, cli

PIPELINE = MAVEN / "sales_pipeline.csv"


def test_csv_main_table_and_named_table(tmp_path):
    target = tmp_path / "funnel.csv"
    assert cli("funnel", "--from", PIPELINE, "-o", target).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["stage"], int(r["deals"])) for r in rows] == [("Prospecting", 500), ("Engaging", 1589), ("Won", 4238),
                                                               ("Lost", 2473)]
    assert float(rows[1]["conversion"]) == pytest.approx(5827 / 8800)
    named = cli("pipeline", "--from", PIPELINE, "--format", "csv", "--table", "by_close_period")
    assert named.exit_code == 0 and named.stdout.lstrip("\ufeff").startswith("period,open_count")
    missing = cli("pipeline", "--from", PIPELINE, "--format", "csv", "--table", "nope", "-o", tmp_path / "x.csv")
    assert missing.exit_code == 2 and "has no table 'nope'; tables: by_stage" in missing.stderr
    assert not (tmp_path / "x.csv").exists()


def test_markdown(tmp_path):
    result = cli("performance", "--from", PIPELINE, "--format", "md", "--top", "3")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# Sales performance\n")
    assert "| Won amount | 10,005,534.00 |" in text
    assert "| Darcel Schlecht | 349 | 1,153,214.00 |" in text
    assert text.count("\n| ") >= 3 + 2 + 6


def test_markdown_escapes_pipes(tmp_path):
    from helpers import write_csv

    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Owner", "Stage", "Amount"], [["a", "A|B", "Won", "1"]])
    assert "| A\\|B |" in cli("performance", "--from", path, "--format", "md").stdout


def test_pdf(tmp_path):
    pytest.importorskip("weasyprint", reason="WeasyPrint is an optional extra")
    target = tmp_path / "funnel.pdf"
    result = cli("funnel", "--from", EXAMPLES / "fxiaoke_商机.csv", "--lang", "zh", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
        assert "销售漏斗" in text and "赢单数" in text


def test_pdf_without_weasyprint_says_how_to_get_it(tmp_path):
    script = ("import sys; sys.modules['weasyprint'] = None\n"
              "from crmreport.cli import main; sys.argv = ['crmreport'] + sys.argv[1:]; main()")
    target = tmp_path / "x.pdf"
    result = subprocess.run([sys.executable, "-c", script, "funnel", "--from", str(PIPELINE), "-o", str(target)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "PDF output needs WeasyPrint" in result.stderr and "crmreport[pdf]" in result.stderr
    assert not target.exists()


def test_binary_formats_need_an_output_file():
    result = cli("funnel", "--from", PIPELINE, "--format", "xlsx")
    assert result.exit_code == 2 and "name it with -o FILE.xlsx" in result.stderr


def test_dashboard_refuses_text_formats(tmp_path):
    result = cli("dashboard", "--from", PIPELINE, "-o", tmp_path / "dash.md")
    assert result.exit_code == 2 and "html, xlsx, pdf or json" in result.stderr


def test_terminal_in_chinese():
    result = cli("funnel", "--from", EXAMPLES / "fxiaoke_商机.csv", "--lang", "zh")
    assert "销售漏斗" in result.stdout and "赢单数" in result.stdout and "¥165,910.43" in result.stdout


def test_money_figures_read_as_money():
    """The average lost deal, the pipeline's velocity (money per day), the next period's forecast and a campaign's
    overspend read as plain numbers ('Avg lost deal size 21,433.6', 'Overspend 3,500'): they are amounts."""
    deals = EXAMPLES / "zoho_deals.csv"
    for report, key, name in (("lost-deals", "avg_lost_deal_size", "Avg lost deal size"),
                              ("pipeline", "pipeline_velocity", "Pipeline velocity"),
                              ("forecast", "forecast_next_period", "Forecast next period")):
        kpis = json.loads(cli(report, "--from", deals, "-F", "json").stdout)["kpis"]
        assert f"| {name} | ${kpis[key]:,.2f} |" in cli(report, "--from", deals, "-F", "md").stdout
    campaigns = cli("campaigns", "--from", EXAMPLES / "campaigns.csv", "-F", "md").stdout
    assert "| CMP-2 | Trade Show Berlin |" in campaigns and "| 3,500.00 |" in campaigns  # budget 20,000, spent 23,500


def test_goals_show_amounts_to_the_cent():
    """A goals row's actual and gap are an amount or a count by row; written to one decimal, Tom Becker's revenue
    read 30,501.0. By hand from zoho_deals.csv: his deals won in 2024-07…12 are $12,000.99 and $18,500.00."""
    text = cli("goals", "--from", EXAMPLES / "zoho_deals.csv", "--from", EXAMPLES / "targets.csv", "-F", "md").stdout
    assert "| Tom Becker | revenue | 2024-07-01 | 2024-12-31 | 40,000 | 30,500.99 | 76.3% | 9,499.01 |" in text
    assert "| Aisha Khan | deals | 2024-01-01 | 2024-06-30 | 3 | 3 |" in text


def test_times_and_flags_read_as_a_person_writes_them(tmp_path):
    """tickets.csv: T-2028 was created 2024-09-25 23:45 and has no Resolved At; T-2017 closed, created at midnight.
    The breaches table showed '2024-09-25T23:45:00' and 'True' (JSON keeps its ISO text and true)."""
    text = cli("response", "--from", EXAMPLES / "tickets.csv", "-F", "md").stdout
    assert "| T-2028 | Ana Ruiz | High | Chat | 2024-09-25 23:45 | yes |" in text
    assert "| T-2017 | Tom Berg | High | Email | 2024-10-10 | no |" in text
    assert "| --- | --- | --- | --- | --- | --- | ---: |" in text  # the flag aligns left, as text does, not as numbers
    chinese = cli("response", "--from", EXAMPLES / "tickets.csv", "-F", "md", "--lang", "zh").stdout
    assert "| T-2028 | Ana Ruiz | High | Chat | 2024-09-25 23:45 | 是 |" in chinese
    rows = json.loads(cli("response", "--from", EXAMPLES / "tickets.csv", "-F", "json").stdout)["tables"]["breaches"]
    assert {"ticket_id": "T-2028", "created_at": "2024-09-25T23:45:00", "still_open": True}.items() <= rows[0].items()
    workbook = tmp_path / "response.xlsx"
    assert cli("response", "--from", EXAMPLES / "tickets.csv", "-o", workbook).exit_code == 0
    created = load_workbook(workbook)["Breaches"]["E2"]  # its time was hidden behind a yyyy-mm-dd format
    assert created.value.isoformat() == "2024-09-25T23:45:00" and created.number_format == "yyyy-mm-dd hh:mm"
    with zipfile.ZipFile(workbook) as archive:  # the sheet's chart drew the flags (F) as its values
        assert "<val><numRef><f>'Breaches'!$G$2:" in archive.read("xl/charts/chart1.xml").decode()  # G: Hours


def test_rfm_segments_in_chinese(tmp_path):
    """In Chinese the segments' count of lost customers read 输单 (a lost deal) and the segment names stayed English
    in every format; the deals' open/won/lost still read 进行中/赢单/输单."""
    orders = EXAMPLES / "orders.csv"
    document = json.loads(cli("segments", "--from", orders, "-F", "json").stdout)
    names = {"champions": "核心客户", "loyal": "忠诚客户", "new": "新客户", "potential loyalists": "潜力客户",
             "at risk": "流失风险", "hibernating": "沉睡客户", "lost": "已流失"}
    rows = document["tables"]["rfm_segments"]
    text = cli("segments", "--from", orders, "--lang", "zh", "-F", "md").stdout
    assert f"| 已流失客户数 | {document['kpis']['lost']} |" in text
    for row in rows:
        assert f"| {names[row['segment']]} | {row['customers']} |" in text
    workbook = tmp_path / "segments.xlsx"
    assert cli("segments", "--from", orders, "--lang", "zh", "-o", workbook).exit_code == 0
    sheet = load_workbook(workbook)["RFM 分群"]
    assert [cells[0].value for cells in sheet.iter_rows(min_row=2)] == [names[row["segment"]] for row in rows]
    page = tmp_path / "segments.html"
    assert cli("segments", "--from", orders, "--lang", "zh", "-o", page).exit_code == 0
    charts = "".join(re.findall(r"<svg.*?</svg>", page.read_text(encoding="utf-8"), re.S))
    assert all(names[row["segment"]] in charts for row in rows) and "champions" not in charts
    funnel = cli("funnel", "--from", EXAMPLES / "zoho_deals.csv", "--lang", "zh", "-F", "md").stdout
    assert "| Closed Won | 赢单 |" in funnel and "| Closed Lost | 输单 |" in funnel


def test_words_reports_give_as_values_in_chinese():
    """The forecast's categories, the lead sources' best/worst marks and a lost deal's unrecorded stage are words of
    the report, not of the data: in Chinese they read in Chinese; the data's own values (Web, Referral) stay."""
    deals = EXAMPLES / "zoho_deals.csv"
    categories = json.loads(cli("forecast", "--from", deals, "-F", "json").stdout)["tables"]["by_category"]
    forecast = cli("forecast", "--from", deals, "--lang", "zh", "-F", "md").stdout
    words = {"closed": "已成交", "commit": "承诺", "best case": "乐观", "pipeline": "商机管道"}
    assert all(f"| {words[row['category']]} | {row['deals']} |" in forecast for row in categories)
    sources = cli("lead-sources", "--from", deals, "--lang", "zh", "-F", "md").stdout
    assert "| Web | 最佳 |" in sources and "| Referral | 最差 |" in sources
    assert "| （未记录） | 17 |" in cli("lost-deals", "--from", deals, "--lang", "zh", "-F", "md").stdout


def test_win_rate_and_probability_read_apart_in_chinese():
    """Both read 赢率, which is 纷享销客's header for a deal's probability; the win rate (won / (won + lost)) is 赢单率.
    fxiaoke_商机.csv's 销售阶段 holds 15 赢单 and 5 输单 (counted below): 75.0%."""
    with open(EXAMPLES / "fxiaoke_商机.csv", encoding="gb18030", newline="") as handle:
        stages = [row["销售阶段"] for row in csv.DictReader(handle)]
    won, lost = stages.count("赢单"), stages.count("输单")
    funnel = cli("funnel", "--from", EXAMPLES / "fxiaoke_商机.csv", "--lang", "zh", "-F", "md").stdout
    assert f"| 赢单率 | {won / (won + lost) * 100:.1f}% |" in funnel
    pipeline = cli("pipeline", "--from", EXAMPLES / "fxiaoke_商机.csv", "--lang", "zh", "-F", "md").stdout
    assert "| 销售阶段 | 未结商机数 | 未结金额 | 加权金额 | 赢率 |" in pipeline


def every_label_key(board: dict) -> set[str]:
    """The titles, KPI keys, table names and column names of a dashboard's JSON."""
    keys = set()
    for report in board["dashboard"]:
        keys |= {report["title"], *report["kpis"], *report["tables"]}
        keys |= {column for rows in report["tables"].values() for row in rows for column in row}
    return keys


def test_every_report_speaks_chinese(tmp_path):
    """--lang zh left most reports' titles and figures in English (营销活动 showed as 'Campaigns', its ROI as 'Roi'):
    every title, KPI, table and column the reports give on the examples now has its Chinese, in the page a reader
    gets, and the labels the reports' modules declare agree with the shared ones."""
    from crmreport.catalog import entries
    from crmreport.i18n import ZH, label

    keys, reports = set(), set()
    for inputs in ([EXAMPLES], [EXAMPLES / "zoho_deals.csv", EXAMPLES / "targets.csv"]):  # the folder mixes currencies
        written = tmp_path / "dashboard.json"
        assert cli("dashboard", *[arg for path in inputs for arg in ("--from", path)], "-o", written).exit_code == 0
        board = json.loads(written.read_text(encoding="utf-8"))
        keys |= every_label_key(board)
        reports |= {report["report"] for report in board["dashboard"]}
    assert reports == {entry.name for entry in entries()}
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Name,Email,Phone\nAnn Lee,ann@example.com,+1 415 555 0100\nAnn Lee,ANN@example.com,12\n"
                        "Bob Roe,,\n", encoding="utf-8")
    audit = tmp_path / "audit.json"
    for inputs in ([EXAMPLES, DATASETS / "zoho_crm"], [contacts]):
        assert cli("audit", *[arg for path in inputs for arg in ("--from", path)], "-o", audit).exit_code == 1
        keys |= every_label_key({"dashboard": [json.loads(audit.read_text(encoding="utf-8"))]})
    assert {"dup_email", "invalid_phone", "missing_contact", "stale_open", "orphan_account"} <= keys
    untranslated = sorted(key for key in keys if label(key, "zh") == label(key, "en")
                          and not re.search("[\u3400-\u9fff]", label(key, "zh")))
    assert untranslated == []
    declared = [(english, chinese, entry.name) for entry in entries() for english, chinese in entry.labels_zh.items()]
    assert all(entry.title in entry.labels_zh for entry in entries())
    assert not [key for key, _, _ in declared if key in ZH]  # a word is declared once: in i18n.ZH or one module
    assert len({key for key, _, _ in declared}) == len(declared)
    target = tmp_path / "dashboard.html"
    assert cli("dashboard", "--from", EXAMPLES, "--lang", "zh", "-o", target).exit_code == 0
    page = target.read_text(encoding="utf-8")
    for words in ("营销活动", "投资回报率", "客户满意度", "满意度（CSAT）", "响应与解决时间", "SLA 达成率", "按客服人员",
                  "收入来源", "收支流水"):
        assert words in page
    assert ">Roi<" not in page and "Campaigns" not in page
    workbook = tmp_path / "dashboard.xlsx"
    assert cli("dashboard", "--from", EXAMPLES, "--lang", "zh", "-o", workbook).exit_code == 0
    sheets = load_workbook(workbook).sheetnames  # named by the report's Chinese title, not its command
    assert "响应与解决时间 按客服人员" in sheets and not [name for name in sheets if re.match("[a-z]", name)]
    audited = cli("audit", "--from", EXAMPLES / "zoho_deals.csv", "--lang", "zh", "-F", "md").stdout
    assert "# 数据审计" in audited and "| 久未更新的商机 | 12 |" in audited  # 12 open deals, all past their close date
    assert "/zoho_deals.csv | 商机 | 40 |" in audited  # the table is deals (商机), not a count (成交数)


def test_a_table_of_customers_is_titled_as_a_list_not_a_count(tmp_path):
    """clv's table of customers was headed 客户数 ("number of customers", the word of its KPI and of the count column
    of the same key) in every Chinese format; a table named after records is headed by the record, 客户."""
    with open(EXAMPLES / "orders.csv", encoding="utf-8", newline="") as handle:
        customers = sorted({row["Customer ID"] for row in csv.DictReader(handle)})
    text = cli("clv", "--from", EXAMPLES / "orders.csv", "--lang", "zh", "-F", "md").stdout
    assert f"| 客户数 | {len(customers)} |" in text  # the KPI keeps its word
    listed = text.split("\n## 客户\n", 1)[1].split("\n## ", 1)[0]
    assert sorted(re.findall(r"^\| (C\d+) \|", listed, flags=re.M)) == customers  # the list under that heading
    assert "## 客户数" not in text
    terminal = cli("clv", "--from", EXAMPLES / "orders.csv", "--lang", "zh", "-F", "terminal").stdout
    assert re.search(r"^客户\s*$", terminal, flags=re.M) and not re.search(r"^客户数\s*$", terminal, flags=re.M)
    page, workbook = tmp_path / "clv.html", tmp_path / "clv.xlsx"
    for target in (page, workbook):
        assert cli("clv", "--from", EXAMPLES / "orders.csv", "--lang", "zh", "-o", target).exit_code == 0
    assert "<h3>客户</h3>" in page.read_text(encoding="utf-8")
    sheet = load_workbook(workbook)["客户"]
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == customers
    english = cli("clv", "--from", EXAMPLES / "orders.csv", "-F", "md").stdout
    assert "\n## Customers\n" in english and f"| Customers | {len(customers)} |" in english


def test_english_labels_write_abbreviations_in_capitals():
    """'Sla compliance', 'P90 first response hours', 'Ticket id': abbreviations read in capitals. The compliance, by
    a loop over tickets.csv: resolved within its SLA hours (an open ticket has waited since 2024: a breach)."""
    met = total = 0
    with open(EXAMPLES / "tickets.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            total += 1
            if row["Resolved At"]:
                waited = dt.datetime.fromisoformat(row["Resolved At"]) - dt.datetime.fromisoformat(row["Created At"])
                met += waited <= dt.timedelta(hours=float(row["SLA Hours"]))
    text = cli("response", "--from", EXAMPLES / "tickets.csv", "-F", "md").stdout
    assert f"| SLA compliance | {met / total * 100:.1f}% |" in text and "| P90 first response hours |" in text
    assert "| Ticket ID | Agent |" in text


def test_existing_output_is_replaced_whole(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    assert cli("funnel", "--from", PIPELINE, "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("{")
    failed = cli("funnel", "--from", tmp_path / "missing.csv", "-o", target)
    assert failed.exit_code == 2 and target.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.parametrize("block_rows", [65_536, 4])
def test_csv_cells_of_every_kind_of_column(block_rows, monkeypatch):
    """Text (formula-like text neutralised, missing empty), integers, decimals (whole ones as integers), dates, flags, each
    written as worked out here cell by cell; text and integer columns take the column-wise path; the same when the
    rows are written four at a time."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    from crmreport.parsing import STR
    from crmreport.render import csv as csv_render
    from crmreport.render.csv import render
    from crmreport.report import Report

    monkeypatch.setattr(csv_render, "ROWS_PER_BLOCK", block_rows)

    frame = pd.DataFrame({
        "text": pd.Series(["=SUM(A1)", "plain", None, "-3", "@x", ""], dtype=STR),
        "count": np.array([1, 2, 3, 4, 5, 6], dtype="int64"),
        "ratio": [0.5, np.nan, 1.25, 3.0, -0.1, 2.0],
        "day": pd.Series([pd.Timestamp("2024-03-05"), pd.NaT, pd.Timestamp("2024-03-05 10:30"), pd.NaT,
                          pd.Timestamp("2020-01-01"), pd.NaT], dtype="datetime64[us]"),
        "flag": [True, False, True, False, True, False],
        "other": ["a", None, 3, dt.date(2024, 1, 2), "+1", "b"],
    })
    written = render(Report("t", "T", {}, {"main": frame}))
    expected = [["text", "count", "ratio", "day", "flag", "other"],
                ["'=SUM(A1)", "1", "0.5", "2024-03-05", "True", "a"],
                ["plain", "2", "", "", "False", ""],
                ["", "3", "1.25", "2024-03-05T10:30:00", "True", "3"],
                ["'-3", "4", "3", "", "False", "2024-01-02"],
                ["'@x", "5", "-0.1", "2020-01-01", "True", "'+1"],
                ["", "6", "2", "", "False", "b"]]
    assert written.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(written[1:]))) == expected


def test_ratios_read_as_percentages_in_human_formats(tmp_path):
    """ROI, CSAT and period-over-period changes are fractions in JSON; the terminal, Markdown and xlsx showed them as
    plain numbers or money ('Roi 0.9', 'Csat 0.5', 'Won amount growth -$0.58'). CATALOG-more.md: Zoho's campaign ROI
    0.862394, the call centre's CSAT 0.499013; trends' growth as its JSON says, written as a percentage."""
    campaigns = DATASETS / "zoho_crm" / "Campaigns.csv"
    assert "| ROI | 86.2% |" in cli("campaigns", "--from", campaigns, "-F", "md").stdout
    calls = DATASETS / "call_center_pwc"
    assert "| CSAT | 49.9% |" in cli("satisfaction", "--from", calls, "-F", "md").stdout
    potentials = DATASETS / "zoho_crm" / "Potentials.csv"
    kpis = json.loads(cli("trends", "--from", potentials, "-F", "json").stdout)["kpis"]
    text = cli("trends", "--from", potentials, "-F", "md").stdout
    for key, name in (("won_amount_growth", "Won amount growth"), ("won_amount_yoy", "Won amount YoY")):
        assert f"| {name} | {kpis[key] * 100:.1f}% |" in text
    goals = cli("goals", "--from", EXAMPLES / "targets.csv", "--from", EXAMPLES / "zoho_deals.csv", "-F", "md").stdout
    rows = [line.strip("|").split(" | ") for line in goals.splitlines() if line.startswith("| ")]
    header = next(row for row in rows if "Elapsed share" in row)
    column = header.index("Elapsed share")
    shares = [row[column].strip() for row in rows[rows.index(header) + 2:] if len(row) == len(header)]
    assert shares and all(share.endswith("%") for share in shares)  # every example target's period has ended: 100%
    target = tmp_path / "campaigns.xlsx"
    assert cli("campaigns", "--from", campaigns, "-o", target).exit_code == 0
    sheet = load_workbook(target).worksheets[0]
    roi = next(row for row in sheet.iter_rows() if row[1].value == "ROI")[2]  # report, key figure, value
    assert roi.value == pytest.approx(0.862394, abs=1e-6) and "%" in roi.number_format
