"""crmreport audit --lang zh: each problem and fix in Chinese in the human formats, English in JSON."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

from audit.test_audit import CONTACT_HEADER, CONTACT_ROWS, DEAL_HEADER, DEAL_ROWS
from helpers import DATASETS, EXAMPLES, MAVEN, cli, write_csv
from crmreport.audit_zh import sentence_zh

# worked out by hand for the planted rows (the English is what JSON keeps)
PLANTED = {
    "rows identical to an earlier row": "与前面某行完全相同的行",
    "remove the repeated rows": "删除重复的行",
    "rows share an email with an earlier row": "与前面的行邮箱相同的行",
    "merge the records that share a phone number": "合并电话号码相同的记录",
    "email addresses that are not valid": "无效的邮箱地址",
    "contacts with neither email nor phone": "既无邮箱也无电话的联系人",
    "deals without owner": "缺少负责人的商机",
    "fill in the close_date": "填写成交日期",
    "open deals whose expected close date passed more than 30 days ago": "预计成交日期已过去 30 天以上的进行中商机",
    "stages that Salesforce's default pipeline does not have": "Salesforce 默认销售流程中没有的阶段",
    "outside 0–100%": "超出 0–100% 的范围",
}


@pytest.fixture
def planted(tmp_path):
    return [write_csv(tmp_path / "contacts.csv", CONTACT_HEADER, CONTACT_ROWS),
            write_csv(tmp_path / "deals.csv", DEAL_HEADER, DEAL_ROWS)]


def audit(paths, *args):
    result = cli("audit", *[arg for path in paths for arg in ("--from", path)], "--as-of", "2024-07-01", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result


def test_problems_and_fixes_read_in_chinese_in_md_and_xlsx_and_stay_english_in_json(tmp_path, planted):
    english = json.loads(audit(planted, "-F", "json").stdout)
    assert json.loads(audit(planted, "-F", "json", "--lang", "zh").stdout)["tables"] == english["tables"]
    sentences = {row[key] for row in english["tables"]["checks"] for key in ("problem", "fix")}
    assert set(PLANTED) <= sentences
    markdown = audit(planted, "-F", "md", "--lang", "zh").stdout
    for sentence, chinese in PLANTED.items():
        assert chinese in markdown
        assert f"| {sentence} |" not in markdown
    audit(planted, "--lang", "zh", "-o", tmp_path / "audit.xlsx")
    sheet = load_workbook(tmp_path / "audit.xlsx")["检查结果"]
    header = [cell.value for cell in sheet[1]]
    problems = {row[header.index("问题")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {PLANTED["rows identical to an earlier row"], PLANTED["deals without owner"]} <= problems


def untranslated(chinese: str) -> list[str]:
    """English words left in a translation: lower-case words outside quoted values and --options (names such as
    Salesforce, codes such as UTF-8 and USD are kept as they are)."""
    bare = re.sub(r"'[^']*'|--[a-z-]+", "", chinese)
    return re.findall(r"\b[a-z][a-z]+\b", bare)


def test_every_problem_and_fix_found_in_the_datasets_has_its_chinese(tmp_path, planted):
    deals = write_csv(tmp_path / "mixed.csv", ["Deal Name", "Account", "Stage", "Amount", "Close Date", "Owner",
                                               "Created Date", "Industry"],
                      [["A", "Acme", "Won", "USD 10", "2024-01-01", "Ann", "2099-01-01", "Technology"],
                       ["B", "Nowhere Ltd", "Won", "EUR 0", "2024-01-01", "Ann", "2023-01-01", "Technolgy"],
                       ["C", "Acme", "Open", "USD 5", "1900-01-01", "", "2023-01-01", "Retail"]])
    accounts = write_csv(tmp_path / "accounts.csv", ["Account", "Industry"], [["Acme", "Retail"]])
    inputs = [planted, [deals, accounts], [EXAMPLES], [MAVEN], [DATASETS / "zoho_crm"],
              [DATASETS / "sf_datacloud_workshop"], [EXAMPLES / "zoho_deals.csv"]]
    sentences = set()
    for paths in inputs:
        doc = json.loads(audit(paths, "-F", "json").stdout)
        sentences |= {row[key] for table in ("checks", "top_fixes") for row in doc["tables"][table]
                      for key in ("problem", "fix") if key in row}
    assert len(sentences) >= 60, len(sentences)
    missing = {sentence: sentence_zh(sentence) for sentence in sentences
               if sentence_zh(sentence) == sentence or untranslated(sentence_zh(sentence))}
    assert missing == {}
