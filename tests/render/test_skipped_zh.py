"""--lang zh: why a dashboard's reports could not run reads in Chinese (the report by its Chinese title, the command
beside it), in the HTML page and the workbook's summary, and so does a single report's refusal on stderr; JSON, English
pages keep the English."""

from __future__ import annotations

import pytest

from openpyxl import load_workbook

from helpers import DATASETS, EXAMPLES, MAVEN, cli

DEALS_HINT = "A deals table needs a stage column, or a status column beside an amount or a close date."


@pytest.mark.parametrize("report, english, chinese", [  # English as the reports write it, Chinese by hand
    ("segments", "segments needs an orders table, but none of the inputs is one (read: a.csv (deals), b.txt "
                 "(unrecognised)).",
     "需要订单表，但输入中没有（已读取：a.csv（商机）, b.txt（未识别））。"),
    ("funnel", f"funnel needs a deals table, but none of the inputs is one (read: t.csv (targets)). {DEALS_HINT}",
     "需要商机表，但输入中没有（已读取：t.csv（目标））。商机表需要阶段列，或者状态列加上金额或成交日期。"),
    ("revenue", f"revenue needs a ledger or an orders or a deals table, but none of the inputs is one (read: "
                f"c.csv (customers)). {DEALS_HINT}",
     "需要收支流水或订单或商机表，但输入中没有（已读取：c.csv（客户））。商机表需要阶段列，或者状态列加上金额或成交日期。"),
    ("cycle", "cycle needs column(s) created_date, close_date in the deals table, but no input has them. Headers "
              "found: Amount, Stage. Headers tried: close date, created. Name the right header in a --map file, "
              "e.g. [columns] created_date = \"Your Header\".",
     "需要商机表中的列 created_date, close_date，但没有输入含有。找到的表头：Amount, Stage。尝试过的表头：close date, "
     "created。请在 --map 文件中指明对应的表头，例如 [columns] created_date = \"Your Header\"。"),
    ("cycle", "cycle needs close_date, and none of the 4 rows has one that could be read",
     "需要成交日期，但 4 行中没有一行有可读取的值"),
    ("performance", "performance groups by owner, and the table has no owner column: name its header in a --map "
                    "file, or group by another column with --by; columns: deal_id, stage",
     "按负责人分组，但表中没有该列：请在 --map 文件中指明其表头，或用 --by 按其他列分组；现有列：deal_id, stage"),
    ("pipeline", "pipeline --by region: no such column in the table; columns: deal_id, stage",
     "--by region：表中没有该列；现有列：deal_id, stage"),
    ("pipeline", "amounts are in several currencies (EUR, USD) and the export has no exchange rate for every row of "
                 "the deals; crmreport will not add up different currencies. Give the rates with --rates rates.csv, "
                 "filter with --where currency=XXX, or export amounts converted to one currency.",
     "金额有多种币种（EUR, USD），而导出中并非每行商机都有汇率；crmreport 不会把不同币种相加。请用 --rates rates.csv "
     "提供汇率、用 --where currency=XXX 筛选，或导出换算为同一币种的金额。"),
    ("pipeline", "amounts are in several currencies (EUR, USD) and so are the export's converted amounts (GBP, USD); "
                 "give the rates with --rates rates.csv, or filter with --where currency=XXX.",
     "金额有多种币种（EUR, USD），导出中换算后的金额也是（GBP, USD）；请用 --rates rates.csv 提供汇率，或用 "
     "--where currency=XXX 筛选。"),
    ("pipeline", "--rates r.csv has no rate for JPY (amounts are in EUR, JPY)",
     "--rates r.csv 中没有 JPY 的汇率（金额的币种为 EUR, JPY）"),
    ("response", "response needs ticket times: created and first-response or resolved times, or a first-response "
                 "duration column (none found); name them in a --map file",
     "需要工单时间：创建时间加上首次响应或解决时间，或者首次响应时长列（均未找到）；请在 --map 文件中指明"),
    ("churn", "churn needs orders, or a customers table with a churn flag, churn date or status (none found); name "
              "the column in a --map file",
     "需要订单，或者带流失标记、流失日期或状态的客户表（均未找到）；请在 --map 文件中指明该列"),
    ("churn", "churn needs customer_id and order_date in the orders table", "需要订单表中的客户编号和订单日期"),
    ("conversion", "conversion needs a converted column (or a status such as 'Converted') in the leads",
     "需要线索中的是否转化列（或如 'Converted' 的状态）"),
    ("goals", "goals needs an owner or team column in the targets table", "需要目标表中的负责人或团队列"),
    ("goals", "goals: the targets are per team, but the deals have no team column", "目标按团队设定，但商机中没有该列"),
    ("goals", "goals needs the deals' close dates", "需要商机的成交日期"),
    ("revenue", "revenue needs dated revenue: a ledger with revenue lines, orders, or won deals with a close date "
                "(these deals have no close date)",
     "需要带日期的收入：有收入行的流水账、订单，或有成交日期的赢单商机（这些商机没有成交日期）"),
    ("profit", "profit needs dated lines: a ledger with dated revenue or expense lines, orders, or won deals with a "
               "close date (none found)",
     "需要带日期的明细：有带日期收支行的流水账、订单，或有成交日期的赢单商机（均未找到）"),
    ("profitability", "profitability needs the amounts of won deals (or an orders table), and the deals table has "
                      "no amount column", "需要赢单商机的金额（或订单表），但商机表没有金额列"),
    ("revenue", "revenue from won deals needs their amounts, and the deals table has no amount column",
     "来自赢单商机的收入需要其金额，但商机表没有金额列"),
    ("forecast", "failed: unexpected KeyError (a fault in crmreport; run again with --debug to see where)",
     "失败：意外的 KeyError（crmreport 的缺陷；加 --debug 再运行可查看出错位置）"),
])
def test_each_reason_in_chinese(report, english, chinese):
    from crmreport.i18n import skipped_text

    assert skipped_text(report, english, "zh")[1] == chinese
    assert skipped_text(report, english, "en") == (report, english)


def test_every_reason_of_the_examples_and_datasets_has_its_chinese():
    """Every reason a dashboard gives for a report it could not run, on each example file alone and on every
    dataset folder, reads in Chinese (a reason no pattern matches would be shown in English)."""
    from crmreport.dashboard import build_dashboard
    from crmreport.i18n import skipped_text
    from crmreport.loaders import LoadOptions, load_dataset
    from crmreport.report import ReportOptions

    inputs = sorted(path for path in EXAMPLES.iterdir() if path.suffix in (".csv", ".xlsx") and path.stem != "targets")
    inputs += [MAVEN] + [DATASETS / name for name in ("zoho_crm", "sf_devorg_powerbi", "support_tickets", "fb_ads")]
    skipped = {(name, reason) for path in inputs
               for name, reason in build_dashboard(load_dataset([path], LoadOptions()), ReportOptions()).skipped}
    assert len({reason.split(" (read:")[0].removeprefix(f"{name} ") for name, reason in skipped}) >= 10
    untranslated = {(name, reason) for name, reason in skipped if skipped_text(name, reason, "zh")[1] == reason}
    assert not untranslated


def test_reports_not_run_in_the_chinese_workbook(tmp_path):
    """The fxiaoke example holds deals only: the summary sheet lists segments (needs orders) by its Chinese title,
    with the reason in Chinese; the English workbook keeps the command and the English reason."""
    example = EXAMPLES / "fxiaoke_商机.csv"
    for lang, name, reason in (
            ("zh", "客户分群与 RFM (segments)", f"需要订单表，但输入中没有（已读取：{example}（商机））。"),
            ("en", "segments", f"segments needs an orders table, but none of the inputs is one (read: {example} "
                               "(deals)).")):
        target = tmp_path / f"dash-{lang}.xlsx"
        assert cli("dashboard", "--from", example, "--lang", lang, "-o", target).exit_code == 0
        rows = [row[:2] for row in load_workbook(target).worksheets[0].iter_rows(values_only=True)]
        assert (name, reason) in rows


def test_a_reports_refusal_on_stderr_in_chinese(tmp_path):
    """The refusal as the user sees it under --lang zh (exit 2, nothing written); in English without it. Other errors:
    tests/test_errors_zh.py."""
    example = EXAMPLES / "fxiaoke_商机.csv"
    target = tmp_path / "segments.html"
    zh = cli("segments", "--from", example, "--lang", "zh", "-o", target)
    assert zh.exit_code == 2 and not target.exists()
    assert zh.stderr.strip() == f"crmreport：错误：客户分群与 RFM (segments) 需要订单表，但输入中没有（已读取：{example}（商机））。"
    en = cli("segments", "--from", example, "-o", target)
    assert en.exit_code == 2 and not target.exists()
    assert en.stderr.strip() == (f"crmreport: error: segments needs an orders table, but none of the inputs is one "
                                 f"(read: {example} (deals)).")
