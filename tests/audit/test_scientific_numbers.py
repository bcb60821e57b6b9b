"""IDs and phone numbers a spreadsheet rewrote in scientific notation (8.61381E+12, Excel's General format for 12
digits or more, saved to CSV): their last digits are lost. The audit names them (NUMBER_SCIENTIFIC, an error) rather
than calling the contacts or deals that now share such a value duplicates, and `clean` neither merges those contacts
nor turns the digits left into a phone number."""

from __future__ import annotations

import csv
import json

from helpers import cli, write_csv


def _contacts(tmp_path):
    return write_csv(tmp_path / "contacts.csv", ["Name", "Email", "Phone", "Company"], [
        ["Wang Wei", "wang@example.cn", "8.61381E+12", "Acme"],  # row 2: 8613812345678 once
        ["Li Na", "li@example.cn", "+86 139 1234 5678", "Globex"],
        ["Zhao Lei", "zhao@example.cn", "8.61381E+12", "Initech"],  # row 4: another number, the same text now
    ])


def _audit(path, *args):
    result = cli("audit", "--from", path, "-F", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_phones_in_scientific_notation_are_named_not_duplicates(tmp_path):
    status, audit = _audit(_contacts(tmp_path))
    assert status == 1  # an error
    assert [(row["row"], row["column"], row["value"]) for row in audit["tables"]["number_scientific"]] == \
        [(2, "phone", "8.61381E+12"), (4, "phone", "8.61381E+12")]
    assert "dup_phone" not in audit["kpis"]
    check = next(row for row in audit["tables"]["checks"] if row["code"] == "NUMBER_SCIENTIFIC")
    assert check["severity"] == "error" and check["count"] == 2
    zh = cli("audit", "--from", tmp_path / "contacts.csv", "--lang", "zh", "-F", "md").stdout
    assert "被电子表格写成科学计数法的数字，末几位已丢失" in zh and "从 CRM 重新导出，或在保存前把该列设为文本格式" in zh
    assert "科学计数法数字" in zh and "number_scientific" not in zh.replace("NUMBER_SCIENTIFIC", "")


def test_deal_ids_in_scientific_notation_are_no_duplicate_ids(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Close Date"], [
        ["1.23457E+11", "A", "Ann", "Closed Won", "100", "2024-03-05"],
        ["1.23457E+11", "B", "Ann", "Closed Lost", "50", "2024-03-06"],
        ["123456789012", "C", "Bob", "Closed Won", "10", "2024-03-07"],  # written as text: kept whole
    ])
    _status, audit = _audit(deals)
    assert [(row["row"], row["column"]) for row in audit["tables"]["number_scientific"]] == \
        [(2, "deal_id"), (3, "deal_id")]
    assert "dup_id" not in audit["kpis"]


def test_clean_does_not_merge_contacts_on_a_phone_whose_digits_are_lost(tmp_path):
    out = tmp_path / "clean.csv"
    result = cli("clean", "--from", _contacts(tmp_path), "-o", out, "-F", "json")
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(row["Name"], row["Phone"]) for row in rows] == \
        [("Wang Wei", "8.61381E+12"), ("Li Na", "+8613912345678"), ("Zhao Lei", "8.61381E+12")]
