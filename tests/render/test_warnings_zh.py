"""--lang zh: the warnings about cells that could not be used read in Chinese in every human format; JSON keeps
the English."""

from __future__ import annotations

import json
import re

import pytest

from openpyxl import load_workbook

from helpers import DATASETS, EXAMPLES, MAVEN, ROOT, cli, write_csv

CORPUS = ROOT / "tests" / "corpus"
HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Probability (%)", "Close Date", "Created Date"]
ROWS = [["A", "Ann", "Closed Won", "100", "100", "2024-03-01", "2024-01-01"],
        ["B", "Ann", "Closed Won", "lots", "100", "2024-03-01", "2024-01-01"],  # amount not money, row 3
        ["C", "Bob", "Negotiation", "50", "250", "2024-03-01", "2024-05-01"]]  # probability over 100, row 4


def test_cell_warnings_in_chinese_in_terminal_md_html_and_xlsx(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, ROWS)
    english = json.loads(cli("pipeline", "--from", path, "-F", "json").stdout)["warnings"]
    assert json.loads(cli("pipeline", "--from", path, "-F", "json", "--lang", "zh").stdout)["warnings"] == english
    assert f"{path}: amount (Amount): 1 value could not be read as money, e.g. 'lots' (rows 3); those deals count " \
           "without an amount" in english
    # written out by hand from the English above
    money = f"{path}：金额 (Amount)：1 个值无法识别为金额，例如 'lots'（第 3 行）；这些商机按无金额计"
    probability = f"{path}：赢率：1 个值超出 0–100% 的范围，例如 '2.5'（第 4 行）；这些商机的赢率不予采用"
    for output in (cli("pipeline", "--from", path, "--lang", "zh", "-F", "md").stdout,
                   cli("pipeline", "--from", path, "--lang", "zh").stdout):
        flat = re.sub(r"\s*\n\s*", "", output)  # the terminal wraps long lines
        assert money in flat and probability in flat
        assert "could not be read" not in output
    cli("pipeline", "--from", path, "--lang", "zh", "-o", tmp_path / "p.html")
    assert money.replace("'", "&#39;") in (tmp_path / "p.html").read_text(encoding="utf-8")
    cli("pipeline", "--from", path, "--lang", "zh", "-o", tmp_path / "p.xlsx")
    cells = {cell for row in load_workbook(tmp_path / "p.xlsx").worksheets[0].iter_rows(values_only=True)
             for cell in row}
    assert money in cells and probability in cells


def test_every_cell_warning_of_the_datasets_has_its_chinese(tmp_path):
    """Each warning about cells ("FILE: COLUMN: N values PROBLEM …; CONSEQUENCE") that reading the examples,
    datasets and odd corpus files gives is translated, with no English word left after its file and column (quoted
    values aside)."""
    from crmreport.loaders import LoadOptions, load_dataset

    inputs = [[write_csv(tmp_path / "deals.csv", HEADER, ROWS)], [EXAMPLES], [MAVEN], [DATASETS / "zoho_crm"],
              [DATASETS / "sf_datacloud_workshop"], [DATASETS / "support_tickets"], [DATASETS / "telco_churn"]]
    inputs += [[CORPUS / name] for name in ("exotic_numbers.csv", "extreme_dates.csv", "extreme_amounts.csv",
                                            "nul_bytes.csv", "duplicate_headers.csv", "ragged.csv")]
    warnings = [warning for paths in inputs for warning in load_dataset(paths, LoadOptions()).warnings]
    assert len(warnings) >= 10, warnings
    for warning in warnings:
        chinese = warning.text("zh")
        assert chinese != warning.text(), warning
        after_column = re.split(r"：\d[\d,]* ", chinese, maxsplit=1)[1]
        assert not re.findall(r"\b[a-z]{2,}\b", re.sub(r"'[^']*'", "", after_column)), chinese


def test_reading_notes_in_chinese(tmp_path):
    """Rows left out as not records, cells filled and a funnel per pipeline: in Chinese in the human formats (written
    out by hand from the English), in English in JSON."""
    header = ["Owner", "Stage", "Deal Name", "Amount", "Pipeline"]
    rows = [["Ann", "Prospecting", "A1", "100", "Sales"], header, ["", "", "A2", "200", "Sales"],
            ["", "Subtotal", "", "300", ""], ["", "Won", "A3", "50", "Renewals"], ["", "Subtotal", "", "50", ""],
            ["Subtotal", "", "", "350", ""], ["Bob", "Won", "B1", "70", "Sales"], ["", "Subtotal", "", "70", ""],
            ["Subtotal", "", "", "70", ""], ["Total", "", "", "420", ""]]
    path = write_csv(tmp_path / "grouped.csv", header, rows)
    english = json.loads(cli("funnel", "--from", path, "-F", "json").stdout)["warnings"]
    assert json.loads(cli("funnel", "--from", path, "-F", "json", "--lang", "zh").stdout)["warnings"] == english
    assert f"{path}: 3 rows (5, 7, 8) hold subtotals ('Subtotal') between the records (a grouped export?), not " \
           "records: left out; 'Owner', 'Stage' left blank below each group's first row: the group's value is used" \
        in english
    chinese = [f"{path}：最后 3 行是合计（'Subtotal'），不是记录：已略去",
               f"{path}：3 行（第 5, 7, 8 行）是记录之间的小计（'Subtotal'）（分组导出？），不是记录：已略去；"
               "'Owner', 'Stage' 在每组首行以下留空：取该组的值",
               f"{path}：第 3 行重复了表头（多个文件拼接在一起？），不是记录：已略去",
               "商机来自 2 个销售流程（'Sales', 'Renewals'）：各出一个漏斗，因为它们的阶段不构成同一序列；"
               "用 --where pipeline=名称 只看其中一个"]
    # the header repeated inside Ann's group neither ends her group's owner nor counts as a deal
    performance = json.loads(cli("performance", "--from", path, "-F", "json").stdout)
    assert {row["owner"]: row["deals"] for row in performance["tables"]["by_owner"]} == {"Ann": 3, "Bob": 1}
    markdown = cli("funnel", "--from", path, "--lang", "zh", "-F", "md").stdout
    for line in chinese:
        assert f"- {line}" in markdown
    assert "left out" not in markdown and "pipelines" not in markdown
    cli("funnel", "--from", path, "--lang", "zh", "-o", tmp_path / "f.html")
    assert chinese[3] in (tmp_path / "f.html").read_text(encoding="utf-8").replace("&#39;", "'")


@pytest.mark.parametrize("english, chinese", [
    ("b.csv: 11 rows' deal IDs are in a.csv too, e.g. 'zcrm_48' (overlapping exports?): reports count both rows",
     "b.csv：11 行的商机编号也出现在 a.csv 中，例如 'zcrm_48'（导出有重叠？）：报告会把两行都计入"),
    ("b.csv: 1 row's ticket ID is in a.csv too, e.g. '7' (overlapping exports?): reports count both rows",
     "b.csv：1 行的工单编号也出现在 a.csv 中，例如 '7'（导出有重叠？）：报告会把两行都计入"),
    ("b.csv: the same 3 rows as a.csv (one export given twice?): read once",
     "b.csv：与 a.csv 的 3 行相同（同一份导出给了两次？）：只读一次"),
    ("o.csv: the last 5 rows hold the export's footer ('Copyright (c) 2000-2024 salesforce.com, inc.'), not records: "
     "left out", "o.csv：最后 5 行是导出的页脚（'Copyright (c) 2000-2024 salesforce.com, inc.'），不是记录：已略去"),
    ("o.csv: the last 6 rows hold totals ('Grand Totals (2 records)') and the export's footer ('Generated By: Ann'), "
     "not records: left out",
     "o.csv：最后 6 行是合计（'Grand Totals (2 records)'）和导出的页脚（'Generated By: Ann'），不是记录：已略去"),
    ("台账.xlsx [Sheet]: '负责人': 1 cell lies under a merged cell and takes its value",
     "台账.xlsx [Sheet]：'负责人'：1 个单元格位于合并单元格之下，取其值"),
    ("p.xlsx [Summary]: one row per stage and no deal names, IDs, owners or dates: a summary of deals, not deals; "
     "skipped", "p.xlsx [Summary]：每个阶段一行，且没有商机名称、编号、负责人或日期：是商机汇总，不是商机；已跳过"),
    ("g.csv: 'Owner' left blank below each group's first row (a grouped export: its subtotals end the file): the "
     "group's value is used", "g.csv：'Owner' 在每组首行以下留空（分组导出：其小计在文件末尾）：取该组的值"),
    ("l.csv: expenses are written as negative amounts; read as positive spending",
     "l.csv：支出以负数金额书写；按正数支出读取"),
    ("t.csv: satisfaction is written good/bad (Zendesk): good counts as satisfied; offered and unoffered are no answer",
     "t.csv：满意度以好/差书写（Zendesk）：“好”计为满意；offered 和 unoffered 为未作答"),
    ("h.csv: 2 'Date entered' column(s) not used as stage history: the export has no deal ID column to link them to "
     "their deals", "h.csv：2 个 'Date entered' 列未用作阶段历史：导出中没有商机编号列，无法将其对应到商机"),
    ("u.csv: created_date: 'Created Time (GMT+8)' holds Unix time (2 values): read in UTC+08:00, as the header states",
     "u.csv：创建日期：'Created Time (GMT+8)' 为 Unix 时间戳（2 个值）：按表头所示的 UTC+08:00 读取"),
    ("u.csv: close_date: 'Close Date' holds Unix time (1,200 values): read in UTC, as the header gives no offset from "
     "it", "u.csv：成交日期：'Close Date' 为 Unix 时间戳（1,200 个值）：按 UTC 读取，因为表头未给出与 UTC 的时差"),
    ("o.csv: amount: 12 won deals count 'Actual Revenue' (what they were won for), not 'Est. Revenue'",
     "o.csv：金额：12 个赢单商机按 'Actual Revenue'（实际成交金额）计，而不是 'Est. Revenue'"),
    ("o.csv: amount: 1 won deal counts 'Actual Revenue' (what it was won for)",
     "o.csv：金额：1 个赢单商机按 'Actual Revenue'（实际成交金额）计"),
    ("p.csv: 2 deals are on 5 rows, one per product or contact, the deal's own columns repeated (an "
     "opportunities-with-products export?): each deal counted once",
     "p.csv：2 个商机分布在 5 行上，每个产品或联系人一行，商机本身的各列重复（带产品的商机导出？）：每个商机只计一次"),
    ("b.csv: revenue and expenses are in two columns ('Income', 'Expense'): each line is the kind its amount stands "
     "under", "b.csv：收入和支出分列两栏（'Income'、'Expense'）：每行按其金额所在的栏计为收入或支出"),
    ("no revenue column: ROI cannot be computed", "没有收入列：无法计算 ROI"),  # a report's own note
    ("the BG/NBD model could not be fitted to these 10 customers (The model did not converge.)",
     "the BG/NBD model could not be fitted to these 10 customers (The model did not converge.)"),  # quotes a library
])
def test_each_reading_note_in_chinese(english, chinese):
    """Each kind of reading note as the loaders write it, in Chinese written by hand; a note that quotes another
    message stays English."""
    from crmreport.i18n import warning_text

    assert warning_text(english, "zh") == chinese
    assert warning_text(english, "en") == english


def test_every_report_note_of_the_datasets_has_its_chinese():
    """Every plain warning the dashboard's reports give on the examples and the shared datasets reads in Chinese
    (a table left out quotes the refusal's, in its Chinese too), but for one that quotes a model library."""
    from crmreport.dashboard import build_dashboard
    from crmreport.i18n import warning_text
    from crmreport.loaders import LoadOptions, load_dataset
    from crmreport.report import ReportOptions

    folders = [EXAMPLES, MAVEN] + [DATASETS / name for name in (
        "zoho_crm", "sf_datacloud_workshop", "sf_devorg_powerbi", "support_tickets", "telco_churn", "fb_ads",
        "call_center_pwc", "xeducation_leads", "online_retail_excel_subset")] + [DATASETS / "cdnow" / "orders.csv"]
    notes = {warning for folder in folders
             for report in build_dashboard(load_dataset([folder], LoadOptions()), ReportOptions()).reports
             for warning in report.warnings if isinstance(warning, str)}
    assert len(notes) >= 25
    untranslated = {note for note in notes if warning_text(note, "zh") == note}
    assert any(note.startswith("deals left out: amounts are in several currencies") for note in notes)
    assert {note.split(" (")[0] for note in untranslated} <= {
        "the BG/NBD model could not be fitted to these 10 customers"}, untranslated
    for note in notes - untranslated:
        chinese = re.sub(r"'[^']*'|\([^)]*\)|/[^：\s]*|[A-Za-z_]+\.(?:csv|xlsx|txt)|（[A-Z, ]+）|crmreport|"
                         r"--\w+ [\w.=]+", "",
                         warning_text(note, "zh"))
        assert not re.findall(r"\b(?!ROI|RFM|SLA|NPS|CLV|CRM|CSAT)[A-Za-z]{3,}\b", chinese.replace("--period", "")
                              .replace("--map", "")), note


# reports' notes that no example or dataset gives: English as the reports write it (the test below makes each
# report give it), Chinese by hand
NOTES_ON_CRAFTED_INPUTS = {
    "1 ticket has a first response before its creation; left out of the first response times":
        "1 个工单的首次响应早于创建；不计入首次响应时间",
    "1 ticket has no created_at and is left out of the period": "1 个工单没有创建时间，不计入该期间",
    "only 2 month(s) of won revenue: too little history for a trend forecast":
        "只有 2 个月的赢单收入：历史太短，无法做趋势预测",
    "1 campaign has no start or end date and is left out of the period": "1 个营销活动没有开始或结束日期，不计入该期间",
    "1 revenue line of the ledger has no date and is left out": "收支流水中有 1 条收入明细没有日期，不予计入",
    "churn from a customers table is the base as exported (flags, statuses), in no period: --since/--until not "
    "applied": "按客户表计算的流失即导出时的客户状况（标记、状态），不分期间：--since/--until 不适用",
    "unknown metric(s) calls: known are revenue and deals": "未知的指标 calls：已知的是收入 (revenue) 和商机数 (deals)",
}


def test_notes_no_dataset_gives_read_in_chinese(tmp_path):
    """Inputs made to bring out the notes above: each report gives the English one, and its Chinese is the one
    written by hand."""
    tickets = write_csv(tmp_path / "tickets.csv", ["Ticket ID", "Customer", "Created At", "First Response At",
                                                   "Resolved At", "SLA Hours"],
                        [["T1", "A", "2024-09-02 14:00", "2024-09-02 13:00", "2024-09-03 10:00", "8"],
                         ["T2", "B", "2024-09-03 09:00", "2024-09-03 10:00", "2024-09-03 12:00", "8"],
                         ["T3", "C", "", "2024-09-04 10:00", "2024-09-04 12:00", "8"]])
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [["A", "Ann", "Won", "10", "2024-01-05"], ["B", "Ann", "Won", "20", "2024-02-05"],
                       ["C", "Ann", "Open", "30", "2024-05-05"]])
    campaigns = write_csv(tmp_path / "campaigns.csv", ["Campaign ID", "Campaign Name", "Start Date", "End Date",
                                                       "Actual Cost"],
                          [["C1", "Spring", "2024-03-01", "2024-03-31", "100"], ["C2", "Any", "", "", "50"]])
    ledger = write_csv(tmp_path / "ledger.csv", ["Date", "Type", "Category", "Amount"],
                       [["2024-01-05", "Revenue", "Sales", "100"], ["", "Revenue", "Sales", "50"]])
    targets = write_csv(tmp_path / "targets.csv", ["Owner", "Period Start", "Period End", "Metric", "Target"],
                        [["Ann", "2024-01-01", "2024-06-30", "revenue", "100"],
                         ["Ann", "2024-01-01", "2024-06-30", "calls", "5"]])
    runs = [("response", tickets, ["--since", "2024-01-01"]), ("forecast", deals, []),
            ("campaigns", campaigns, ["--since", "2024-01-01"]), ("revenue", ledger, []),
            ("churn", EXAMPLES / "customers.csv", ["--since", "2024-01-01"]), ("goals", [deals, targets], [])]
    given = set()
    for report, inputs, options in runs:
        sources = [arg for path in (inputs if isinstance(inputs, list) else [inputs]) for arg in ("--from", path)]
        result = cli(report, *sources, *options, "-F", "json")
        assert result.exit_code == 0, result.stderr
        given |= set(json.loads(result.stdout)["warnings"]) & set(NOTES_ON_CRAFTED_INPUTS)
        chinese = cli(report, *sources, *options, "--lang", "zh", "-F", "md").stdout
        assert not [note for note in NOTES_ON_CRAFTED_INPUTS if note in chinese], report
    assert given == set(NOTES_ON_CRAFTED_INPUTS)
    from crmreport.i18n import warning_text

    assert {note: warning_text(note, "zh") for note in given} == NOTES_ON_CRAFTED_INPUTS


def test_the_inputs_line_in_chinese(tmp_path):
    """Each input's table and a profile that is no brand read in Chinese (商机, 通用, 纷享销客); in English as
    before. Rows counted from the file by hand: 36 deals."""
    example = EXAMPLES / "fxiaoke_商机.csv"
    assert cli("funnel", "--from", example, "--lang", "zh", "-F", "md").stdout.splitlines()[3] == \
        f"输入文件: {example} (纷享销客, 36 行)"
    english = cli("funnel", "--from", example, "-F", "md").stdout.splitlines()[3]
    assert english == f"Inputs: {example} (fxiaoke, 36 rows)"
    target = tmp_path / "dash.xlsx"
    assert cli("dashboard", "--from", example, "--lang", "zh", "-o", target).exit_code == 0
    rows = [row[:5] for row in load_workbook(target).worksheets[0].iter_rows(values_only=True)]
    assert ("输入文件", str(example), "商机", "纷享销客", 36) in rows
    page = tmp_path / "dash.html"
    assert cli("dashboard", "--from", example, "--lang", "zh", "-o", page).exit_code == 0
    assert f"输入文件: {example} (商机, 纷享销客, 36 行)" in page.read_text(encoding="utf-8")


def test_notes_on_how_values_were_read_in_chinese(tmp_path):
    """The loaders' notes on values read in a way worth knowing (expenses written negative, good/bad ratings, stage
    dates without deal IDs), as the reports give them: English in JSON, the hand-written Chinese in Markdown."""
    ledger = write_csv(tmp_path / "l.csv", ["Date", "Kind", "Amount", "Category"],
                       [["2024-01-05", "Revenue", "1000", "Sales"], ["2024-01-06", "Expense", "-200", "Rent"],
                        ["2024-01-07", "Expense", "-50", "Food"]])
    tickets = write_csv(tmp_path / "t.csv", ["Ticket ID", "Created At", "Status", "Satisfaction Score", "Assignee"],
                        [["1", "2024-03-01 10:00", "Solved", "good", "Ann"],
                         ["2", "2024-03-02 10:00", "Solved", "bad", "Ann"],
                         ["3", "2024-03-03 10:00", "Solved", "offered", "Bob"]])
    hubspot = write_csv(tmp_path / "h.csv", ["Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner",
                                             'Date entered "Appointment Scheduled (Sales Pipeline)"',
                                             'Date entered "Closed Won (Sales Pipeline)"'],
                        [["A", "Closed Won", "100", "2024-03-05", "Ann", "2024-01-01", "2024-03-05"]])
    chinese = {ledger: "l.csv：支出以负数金额书写；按正数支出读取",
               tickets: "t.csv：满意度以好/差书写（Zendesk）：“好”计为满意；offered 和 unoffered 为未作答",
               hubspot: "h.csv：2 个 'Date entered' 列未用作阶段历史：导出中没有商机编号列，无法将其对应到商机"}
    english = {ledger: "expenses are written as negative amounts", tickets: "satisfaction is written good/bad",
               hubspot: "'Date entered' column(s) not used as stage history"}
    for report, path in (("profit", ledger), ("satisfaction", tickets), ("funnel", hubspot)):
        result = cli(report, "--from", path, "-F", "json")
        assert result.exit_code == 0, result.stderr
        assert any(english[path] in warning for warning in json.loads(result.stdout)["warnings"])
        markdown = cli(report, "--from", path, "--lang", "zh", "-F", "md").stdout
        assert f"- {chinese[path]}" in markdown.replace(f"{tmp_path}/", "")
        assert english[path] not in markdown
