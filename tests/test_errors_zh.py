"""--lang zh: the errors a command stops with read in Chinese on stderr (files, encodings, options, a dashboard none
of whose reports could run), as a report's refusal does; the same line in English without --lang zh. Exit 2 and
nothing written either way. The Chinese is written by hand."""

from __future__ import annotations

import pytest

from helpers import cli, write_csv


def _inputs(tmp_path):
    """A small deals export, an empty file, a header without rows, an empty folder, a file no report can use."""
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [["A", "Ann", "Closed Won", "100", "2024-03-05"]])
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "header.csv").write_text("Deal Name,Stage\n")
    (tmp_path / "nothing").mkdir()
    notes = write_csv(tmp_path / "notes.csv", ["Note", "Other"], [["x", "y"]])
    write_csv(tmp_path / "rates.csv", ["currency", "rate"], [["USD", "1"], ["EUR", "1"]])
    (tmp_path / "map.toml").write_text("[colums]\nowner = 'Rep'\n")
    return deals, notes


CASES = [  # arguments (placeholders in braces), the English line, the Chinese line
    (["funnel", "--from", "{tmp}/nowhere.csv"], "{tmp}/nowhere.csv: no such file or folder",
     "{tmp}/nowhere.csv：没有这个文件或文件夹"),
    (["funnel", "--from", "{tmp}/empty.csv"], "{tmp}/empty.csv: the file is empty", "{tmp}/empty.csv：文件是空的"),
    (["funnel", "--from", "{tmp}/header.csv"], "{tmp}/header.csv: the file has a header but no data rows",
     "{tmp}/header.csv：文件只有表头，没有数据行"),
    (["funnel", "--from", "{tmp}/nothing"],
     "{tmp}/nothing: the folder holds no .csv, .tsv, .txt, .xlsx, .xlsm, .xls or .ods file",
     "{tmp}/nothing：文件夹中没有 .csv、.tsv、.txt、.xlsx、.xlsm、.xls 或 .ods 文件"),
    (["funnel", "--from", "{tmp}/deals.csv", "--encoding", "klingon"], "{tmp}/deals.csv: unknown encoding 'klingon'",
     "{tmp}/deals.csv：未知的编码 'klingon'"),
    (["funnel", "--from", "{tmp}/deals.csv", "--since", "2024-13-01"],
     "--since '2024-13-01': expected a date as YYYY-MM-DD", "--since '2024-13-01'：应为 YYYY-MM-DD 格式的日期"),
    (["funnel", "--from", "{tmp}/deals.csv", "--since", "2024-06-01", "--until", "2024-01-01"],
     "--since 2024-06-01 is after --until 2024-01-01", "--since 2024-06-01 晚于 --until 2024-01-01"),
    (["funnel", "--from", "{tmp}/deals.csv", "--where", "Owner"],
     "--where 'Owner': expected column=value, column!=value, or column>value (>=, <, <=) for numbers and dates",
     "--where 'Owner'：应写作 列=值、列!=值，或对数字和日期写作 列>值（>=、<、<=）"),
    (["funnel", "--from", "{tmp}/deals.csv", "--where", "owner>A"],
     "--where 'owner>A': > compares numbers and dates; owner holds text", "--where 'owner>A'：> 只比较数字和日期；负责人 为文本"),
    (["funnel", "--from", "{tmp}/deals.csv", "--top", "0"], "--top must be 1 or more", "--top 须为 1 或以上"),
    (["trends", "--from", "{tmp}/deals.csv", "--fiscal-year-start", "13"],
     "--fiscal-year-start must be a month number from 1 to 12, not 13",
     "--fiscal-year-start 须为 1 到 12 的月份数，而不是 13"),
    (["funnel", "--from", "{tmp}/deals.csv", "--rates", "{tmp}/nowhere.csv"], "--rates {tmp}/nowhere.csv: no such file",
     "--rates {tmp}/nowhere.csv：没有这个文件"),
    (["funnel", "--from", "{tmp}/deals.csv", "--rates", "{tmp}/rates.csv"],
     "--rates {tmp}/rates.csv: exactly one currency must have the rate 1 — the report currency (found: USD, EUR)",
     "--rates {tmp}/rates.csv：须恰有一种币种的汇率为 1，即报告币种（找到：USD, EUR）"),
    (["funnel", "--from", "{tmp}/deals.csv", "--map", "{tmp}/map.toml"],
     "{tmp}/map.toml: unknown section(s) colums; expected [columns], [stages], [options]",
     "{tmp}/map.toml：未知的节 colums；应为 [columns]、[stages]、[options]"),
    (["funnel", "--from", "{tmp}/deals.csv", "--table", "by_stage", "-F", "json"], "--table applies to --format csv",
     "--table 只用于 --format csv"),
    (["audit", "--from", "{tmp}/nowhere.csv"], "{tmp}/nowhere.csv: no such file or folder",
     "{tmp}/nowhere.csv：没有这个文件或文件夹"),
    (["dashboard", "--from", "{tmp}/nowhere.csv"], "{tmp}/nowhere.csv: no such file or folder",
     "{tmp}/nowhere.csv：没有这个文件或文件夹"),
]


@pytest.mark.parametrize("args, english, chinese", CASES)
def test_an_error_reads_in_chinese_under_lang_zh(tmp_path, args, english, chinese):
    _inputs(tmp_path)
    target = tmp_path / "out.html"
    args = [arg.format(tmp=tmp_path) for arg in args]
    for lang, line in (("zh", f"crmreport：错误：{chinese}"), ("en", f"crmreport: error: {english}")):
        result = cli(*args, "--lang", lang, "-o", target)
        assert result.exit_code == 2
        assert result.stderr.strip() == line.format(tmp=tmp_path)
        assert not target.exists()


def test_an_output_suffix_that_names_no_format_in_chinese(tmp_path):
    deals, _ = _inputs(tmp_path)
    target = tmp_path / "funnel.xls"
    result = cli("funnel", "--from", deals, "-o", target, "--lang", "zh")
    assert result.exit_code == 2 and not target.exists()
    assert result.stderr.strip() == (f"crmreport：错误：{target}：crmreport 写出的格式中没有后缀为 .xls 的（.json, .html, "
                                     ".htm, .xlsx, .csv, .md, .pdf, .txt）；请用其中之一命名文件，或用 --format 选择格式")


def test_a_binary_format_without_a_file_name_in_chinese(tmp_path):
    deals, _ = _inputs(tmp_path)
    result = cli("funnel", "--from", deals, "-F", "xlsx", "--lang", "zh")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "crmreport：错误：--format xlsx 写出的是二进制文件：请用 -o FILE.xlsx 指定文件名"


def test_a_dashboard_none_of_whose_reports_can_run_in_chinese(tmp_path):
    """Each reason once, in Chinese, the commands it stopped beside it; the English line groups them alike."""
    _, notes = _inputs(tmp_path)
    target = tmp_path / "dash.html"
    zh = cli("dashboard", "--from", notes, "--lang", "zh", "-o", target)
    assert zh.exit_code == 2 and not target.exists()
    read = f"（已读取：{notes}（未识别））"
    deals_hint = "商机表需要阶段列，或者状态列加上金额或成交日期"
    assert zh.stderr.startswith("crmreport：错误：这些输入上没有一个报告能运行（pipeline、funnel、performance、cycle、"
                                f"lost-deals、lead-sources、trends、forecast：需要商机表，但输入中没有{read}。{deals_hint}；")
    assert f"；expenses、profit：需要收支流水表，但输入中没有{read}）\n" in zh.stderr
    # eleven reasons: deals (8 reports), contacts or deals, activities (2), orders or deals, targets, campaigns,
    # tickets (3), orders (2), orders or customers, ledger or orders or deals, ledger (2)
    assert zh.stderr.count("；") == 10
    en = cli("dashboard", "--from", notes, "-o", target)
    assert en.exit_code == 2 and not target.exists()
    assert en.stderr.startswith("crmreport: error: no report could run on these inputs (pipeline, funnel, performance")
    assert en.stderr.count("; ") == 10


def test_an_error_with_no_chinese_stays_english_whole():
    from crmreport.i18n import error_zh

    assert error_zh("something nobody wrote a pattern for") is None
    assert error_zh("x.csv: no such file or folder") == "x.csv：没有这个文件或文件夹"
