"""crmreport clean: the cleaned copy, the change log, and a re-audit without the fixed problems."""

from __future__ import annotations

import codecs
import csv
import json
import re

import pytest
from openpyxl import load_workbook

from audit.test_audit import CONTACT_HEADER, CONTACT_ROWS, counts
from helpers import MAVEN, cli, sha256, write_csv


def read_rows(path):
    with path.open(newline="", encoding="utf-8-sig") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def contacts(tmp_path):
    return write_csv(tmp_path / "contacts.csv", CONTACT_HEADER, CONTACT_ROWS)


@pytest.mark.parametrize("block_rows", [65_536, 2])
def test_clean_contacts_and_log(tmp_path, contacts, block_rows, monkeypatch):
    """Worked by hand from CONTACT_ROWS; the same when the copy and the log are written two rows at a time."""
    from crmreport.render import csv as csv_render

    monkeypatch.setattr(csv_render, "ROWS_PER_BLOCK", block_rows)
    before = sha256(contacts)
    out = tmp_path / "contacts.clean.csv"
    result = cli("clean", "--from", contacts, "-o", out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert sha256(contacts) == before
    summary = json.loads(result.stdout)
    rows = read_rows(out)
    # removed: row 3 of the file (identical to row 2), then row 5 (email of row 4) and row 6 (phone of row 4)
    assert summary["kpis"]["rows_in"] == 12 and summary["kpis"]["rows_out"] == len(rows) == 9
    by_id = {r["Contact ID"]: r for r in rows}
    assert by_id["3"]["Email"] == "bob@globex.com"  # lower case
    assert by_id["3"]["Phone"] == "+14155550101"  # E.164
    assert by_id["12"]["Phone"] == "+442079460958"
    assert by_id["1"]["Phone"] == "+14155550100"
    assert {r["Lead Source"] for r in rows} == {"Web", "Referral"}  # 'web' takes the frequent spelling
    log = read_rows(tmp_path / "contacts.clean.changes.csv")
    rules = {(r["row"], r["column"], r["rule"]) for r in log}
    assert ("3", "*", "duplicate-row") in rules
    assert ("5", "*", "dedupe-email") in rules and ("6", "*", "dedupe-phone") in rules
    assert ("4", "Email", "email-lowercase") in rules and ("5", "Email", "trim") in rules
    assert ("6", "Lead Source", "picklist-spelling") in rules
    assert sorted(r["row"] for r in log if r["column"] == "*") == ["3", "5", "6"]  # each removed row once
    merged = next(r for r in log if r["row"] == "6" and r["column"] == "*")
    assert merged["new"] == "merged into row 4"
    changed_cells = sum(1 for r in log if r["column"] != "*")
    assert summary["kpis"]["cells_changed"] == changed_cells


def test_clean_output_reaudits_without_the_fixed_problems(tmp_path, contacts):
    out = tmp_path / "clean.csv"
    assert cli("clean", "--from", contacts, "-o", out).exit_code == 0
    before = counts(json.loads(cli("audit", "--from", contacts, "-F", "json", "--as-of", "2024-07-01").stdout))
    after = counts(json.loads(cli("audit", "--from", out, "-F", "json", "--as-of", "2024-07-01").stdout))
    for fixed in ("DUP_ROW", "DUP_EMAIL", "DUP_PHONE", "PICKLIST_VARIANT"):
        assert fixed in before and fixed not in after
    for kept in ("INVALID_EMAIL", "MISSING_CONTACT", "DUP_NAME"):  # clean does not guess these
        assert after[kept] == before[kept]


def test_keep_latest_versus_most_complete(tmp_path):
    path = write_csv(tmp_path / "c.csv", ["Name", "Email", "Phone", "Company", "Created Date"],
                     [["Old Full", "a@x.com", "+1 415 555 0100", "Acme", "2024-01-01"],
                      ["New Sparse", "A@x.com", "", "", "2024-02-01"]])
    complete = tmp_path / "complete.csv"
    latest = tmp_path / "latest.csv"
    assert cli("clean", "--from", path, "-o", complete, "--dedupe", "keep-most-complete").exit_code == 0
    assert cli("clean", "--from", path, "-o", latest, "--dedupe", "keep-latest").exit_code == 0
    (kept_complete,) = read_rows(complete)
    (kept_latest,) = read_rows(latest)
    assert kept_complete["Name"] == "Old Full"
    assert kept_latest["Name"] == "New Sparse"
    assert kept_latest["Phone"] == "+14155550100" and kept_latest["Company"] == "Acme"  # blanks filled by the merge


def test_maven_clean_keeps_report_figures(tmp_path):
    out = tmp_path / "pipeline.csv"
    result = cli("clean", "--from", MAVEN / "sales_pipeline.csv", "--reference", MAVEN / "products.csv", "-o", out)
    assert result.exit_code == 0, result.stderr
    for report in ("funnel", "performance", "cycle", "pipeline"):
        original = json.loads(cli(report, "--from", MAVEN / "sales_pipeline.csv", "-F", "json").stdout)["kpis"]
        cleaned = json.loads(cli(report, "--from", out, "-F", "json").stdout)["kpis"]
        assert cleaned == original, report
    by_product = json.loads(cli("performance", "--from", out, "--by", "product", "-F", "json").stdout)
    products = {r["product"]: r["won_amount"] for r in by_product["tables"]["by_product"]}
    assert "GTXPro" not in products and products["GTX Pro"] == 3510578  # the one figure the fix moves
    audit = json.loads(cli("audit", "--from", out, "--from", MAVEN / "products.csv", "-F", "json").stdout)
    assert "PICKLIST_VARIANT" not in counts(audit)


def test_dry_run_writes_nothing(tmp_path, contacts):
    result = cli("clean", "--from", contacts, "--dry-run")
    assert result.exit_code == 0 and "dedupe-email" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv"]


def test_summary_counts_changes_by_rule_as_whole_numbers(tmp_path, contacts):
    """The summary's count of changes per rule is the number of lines of that rule in the change log, printed as a
    count ("4", not "4.00" as if it were money)."""
    assert cli("clean", "--from", contacts, "-o", tmp_path / "out.csv").exit_code == 0
    per_rule = {}
    for change in read_rows(tmp_path / "out.changes.csv"):
        per_rule[change["rule"]] = per_rule.get(change["rule"], 0) + 1
    summary = cli("clean", "--from", contacts, "--dry-run").stdout
    assert len(per_rule) >= 5
    for rule, changes in per_rule.items():
        assert re.search(rf"│ {rule} +│ +{changes} │", summary), (rule, changes)
    assert ".00 │" not in summary


@pytest.mark.parametrize("summary_format", ["md", "html", "xlsx"])
def test_summary_formats_are_terminal_and_json_only(tmp_path, contacts, summary_format):
    """The summary goes to standard output; a format it cannot have there is refused before anything is written
    (it used to print the terminal summary instead, silently)."""
    result = cli("clean", "--from", contacts, "-o", tmp_path / "out.csv", "-F", summary_format)
    assert result.exit_code == 2
    message = re.sub(r"[\s│]+", " ", result.stderr)  # typer's box wraps the line
    assert f"'{summary_format}' is not one of 'terminal', 'json'" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv"]


def test_clean_refuses_to_overwrite_its_input(tmp_path, contacts):
    before = sha256(contacts)
    result = cli("clean", "--from", contacts, "-o", contacts)
    assert result.exit_code == 2 and "refusing to overwrite an input file" in result.stderr
    assert sha256(contacts) == before
    missing = cli("clean", "--from", contacts)
    assert missing.exit_code == 2 and "-o FILE" in missing.stderr


@pytest.mark.parametrize("names, message", [
    (["-o", "c.ods"], "c.ods: crmreport writes no .ods file"),
    (["-o", "c.xls"], "c.xls: crmreport writes no .xls file"),
    (["-o", "c.xlsm"], "c.xlsm: the cleaned copy holds no macros (an .xlsm without them does not open in Excel)"),
    (["-o", "cleaned"], "cleaned: a cleaned copy's name needs a suffix"),
])
def test_a_cleaned_copy_named_for_a_format_clean_does_not_write_is_refused(tmp_path, contacts, names, message):
    """A cleaned copy named .ods or .xls was written as delimited text under that name; an .xlsm held a workbook
    that Excel refuses to open by that name."""
    before = sha256(contacts)
    result = cli("clean", "--from", contacts, *[tmp_path / n if n != "-o" else n for n in names])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"crmreport: error: {tmp_path}/{message}; name it with one of .xlsx, .csv, "
                                     ".tsv, .txt, .tab (a workbook or delimited text)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv"] and sha256(contacts) == before


def test_a_change_log_is_named_as_csv(tmp_path, contacts):
    log = tmp_path / "changes.xlsx"
    result = cli("clean", "--from", contacts, "-o", tmp_path / "out.csv", "--log", log)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"crmreport: error: --log {log}: the change log is CSV; name it with .csv or .txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv"]


def test_clean_to_xlsx_keeps_formula_text_as_text(tmp_path):
    path = write_csv(tmp_path / "c.csv", ["Name", "Email", "Score"],
                     [["=HYPERLINK(\"http://x.invalid\")", "a@x.com", "12"], ["Bo", "b@x.com", "7.5"]])
    out = tmp_path / "c.xlsx"
    assert cli("clean", "--from", path, "-o", out).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet["A2"].value == "=HYPERLINK(\"http://x.invalid\")" and sheet["A2"].data_type == "s"
    assert sheet["C2"].value == 12 and sheet["C3"].value == 7.5


def test_phones_converted_in_shares_keep_their_rows(monkeypatch):
    """Distinct phones are converted in shares (forked workers when there are several): each row still gets its own
    number's E.164 form, as phonenumbers gives it for that number alone; unreadable ones stay as they are."""
    import pandas as pd
    import phonenumbers

    from crmreport import clean

    monkeypatch.setattr(clean, "PHONES_PER_JOB", 3)
    phones = ["(415) 555-0100", "+44 20 7946 0958", "n/a", "415.555.0101", None, "+1 415 555 0102", "12",
              "(415) 555-0100", "+49 30 901820", "0049 30 901821", "415-555-0103"]

    def alone(value):
        try:
            number = phonenumbers.parse(value, "US")
        except phonenumbers.NumberParseException:
            return value
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) \
            if phonenumbers.is_possible_number(number) else value

    converted = clean._e164(pd.Series(phones, dtype="str"), "US")
    assert [None if pd.isna(v) else v for v in converted] == [None if v is None else alone(v) for v in phones]
    assert converted[1] == "+442079460958" and converted[2] == "n/a"


def test_the_summary_says_what_reading_changed_in_the_copy(tmp_path):
    """A cell beyond the header and a byte that is not UTF-8 do not reach the cleaned copy as they were: the summary
    says so (it listed only the rules' changes)."""
    path = tmp_path / "contacts.csv"
    text = "Contact ID,Name,Email\r\n1,Zoë Müller,zoe@x.com\r\n2,José Núñez,jose@x.com,extra\r\n"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8") + b"3,Ren\xe9e,renee@x.com\r\n")
    result = cli("clean", "--from", path, "-o", tmp_path / "out.csv", "-F", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["warnings"] == [
        f"{path}: rows: 1 row had more cells than the header (rows 3); the cells beyond the header were dropped",
        f"{path}: Name: 1 value held bytes that are not UTF-8 (rows 4); read with \ufffd in their place"]
    assert [row["Name"] for row in read_rows(tmp_path / "out.csv")] == ["Zoë Müller", "José Núñez", "Ren\ufffde"]


def test_a_copy_its_input_encoding_cannot_hold_is_written_in_utf8(tmp_path):
    """A cp1252 file with one byte cp1252 does not define (0x81): its replacement, U+FFFD, has no cp1252 byte, and
    writing the copy failed with an unexpected error; now the copy is UTF-8 (with a BOM) and the summary says so."""
    names = [f"Zoë Müller {i}" for i in range(60)]
    path = tmp_path / "contacts.csv"
    text = "Contact ID,Name,Email\r\n" + "".join(f"{i},{name},z{i}@x.com\r\n" for i, name in enumerate(names))
    data = text.encode("cp1252")
    cut = data.index(b"Zo", data.index(b"\n8,"))  # the name of contact 8, on row 10
    path.write_bytes(data[:cut] + b"\x81" + data[cut:])
    result = cli("clean", "--from", path, "-o", tmp_path / "out.csv", "-F", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["warnings"] == [
        f"{path}: Name: 1 value held bytes that are not CP1252 (rows 10); read with \ufffd in their place",
        "the cleaned copy is written in UTF-8: cp1252 cannot hold '\ufffd', which it contains"]
    assert (tmp_path / "out.csv").read_bytes().startswith(codecs.BOM_UTF8)
    assert [row["Name"] for row in read_rows(tmp_path / "out.csv")] == names[:8] + ["\ufffd" + names[8]] + names[9:]


def test_rows_the_reader_left_out_are_in_the_log(tmp_path):
    """An empty row, the header repeated (two exports joined) and the totals below the records are no records: the
    copy has none of them, and the log says so, row by row (rule not-a-record), as it says every other change."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], [
        ["A", "Ann", "Closed Won", "100", "2024-03-05"],  # row 2
        ["", "", "", "", ""],  # row 3
        ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],  # row 4
        ["B", "Bob", "Closed Lost", "50", "2024-03-06"],  # row 5
        ["Total", "", "", "150", ""],  # row 6
    ])
    out = tmp_path / "clean.csv"
    summary = json.loads(cli("clean", "--from", path, "-o", out, "-F", "json").stdout)
    assert [row["Deal Name"] for row in read_rows(out)] == ["A", "B"]
    assert (summary["kpis"]["rows_in"], summary["kpis"]["rows_out"], summary["kpis"]["rows_removed"]) == (5, 2, 3)
    logged = [(row["row"], row["column"], row["new"], row["rule"]) for row in read_rows(tmp_path / "clean.changes.csv")
              if row["rule"] == "not-a-record"]
    assert logged == [("3", "*", "left out: empty", "not-a-record"),
                      ("4", "*", "left out: the header repeated", "not-a-record"),
                      ("6", "*", "left out: totals or the export's footer", "not-a-record")]
