"""crmreport audit: the Maven dataset's real problems, and planted problems found with exact counts."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from helpers import MAVEN, cli, report_json, sha256, write_csv

CONTACT_HEADER = ["Contact ID", "Name", "Email", "Phone", "Company", "Lead Source", "Created Date"]
CONTACT_ROWS = [
    ["1", "Ann Lee", "ann@acme.com", "(415) 555-0100", "Acme", "Web", "2024-01-02"],
    ["1", "Ann Lee", "ann@acme.com", "(415) 555-0100", "Acme", "Web", "2024-01-02"],  # exact duplicate of 1
    ["3", "Bob Stone", "BOB@Globex.com", "+1 415 555 0101", "Globex", "Referral", "2024-01-03"],
    ["4", "Robert Stone", "bob@globex.com ", "", "Globex", "Referral", "2024-01-04"],  # same email as 3
    ["5", "Cara Diaz", "", "415.555.0101", "Initech", "web", "2024-01-05"],  # same phone as 3; 'web' variant
    ["6", "Jon Smith", "jon@hooli.com", "", "Hooli", "Web", "2024-01-06"],
    ["7", "John Smith", "john@hooli.com", "", "Hooli", "Web", "2024-01-07"],  # near-duplicate name of 6
    ["8", "Dee Ray", "dee@", "12", "Umbrella", "Web", "2099-01-01"],  # invalid email, invalid phone, future date
    ["9", "Eve Moss", "eve at umbrella.com", "", "Umbrella", "Web", "soon"],  # invalid email, bad date
    ["10", "Fay Wu", "", "", "Wayne", "Web", "2024-01-10"],  # neither email nor phone
    ["11", "Gus Ray", "gus@wayne..com", "", "Wayne", "Web", "2024-01-11"],  # invalid email (double dot)
    ["12", "Hal Oak", "hal@wayne.com", "+44 20 7946 0958", "Wayne", "Web", "2024-01-12"],
]
DEAL_HEADER = ["Opportunity Name", "Opportunity Owner", "Stage", "Amount", "Probability (%)", "Close Date",
               "Created Date"]
DEAL_ROWS = [
    ["A", "Ann", "Prospecting", "USD 1,000.00", "10", "2024-05-01", "2024-01-01"],
    ["B", "Ann", "Closed Won", "USD 0.00", "100", "2024-02-01", "2024-01-01"],  # zero amount on a won deal
    ["C", "", "Closed Lost", "USD 500.00", "0", "2024-02-01", "2024-01-01"],  # no owner
    ["D", "Bob", "Negotiation/Review", "-200", "90", "2024-06-01", "2024-01-01"],  # negative amount
    ["E", "Bob", "Qualification", "USD 300.00", "150", "2024-06-01", "2024-01-01"],  # probability out of range
    ["F", "Bob", "Closed Won", "USD 900.00", "100", "2024-01-01", "2024-03-01"],  # closes before created
    ["G", "Cy", "Discovery", "USD 100.00", "20", "2024-06-01", "2024-01-01"],  # stage Salesforce does not know
    ["H", "Cy", "Prospecting", "lots", "10", "2024-06-01", "2024-01-01"],  # amount text
    ["I", "Cy", "Prospecting", "USD 50.00", "10", "", "2024-01-01"],  # no close date
]


def audit_json(*args: str) -> tuple[int, dict]:
    result = cli("audit", *args, "--format", "json", "--as-of", "2024-07-01")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def counts(doc: dict) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in doc["tables"]["checks"]:
        found[row["code"]] = found.get(row["code"], 0) + row["count"]
    return found


def test_maven_real_problems():
    with (MAVEN / "sales_pipeline.csv").open(newline="", encoding="utf-8") as stream:
        pipeline = list(csv.DictReader(stream))
    with (MAVEN / "accounts.csv").open(newline="", encoding="utf-8") as stream:
        accounts = list(csv.DictReader(stream))
    status, doc = audit_json("--from", MAVEN)
    assert status == 1  # errors: open deals without amount and close date
    found = counts(doc)
    gtxpro = sum(1 for r in pipeline if r["product"] == "GTXPro")
    assert gtxpro == 1480
    variant = next(r for r in doc["tables"]["checks"] if r["code"] == "PICKLIST_VARIANT")
    assert variant["column"] == "product" and "'GTX Pro'" in variant["problem"] and variant["count"] == gtxpro
    assert found["PICKLIST_SPELLING"] == sum(1 for r in accounts if r["sector"] == "technolgy") == 12
    assert {r["value"] for r in doc["tables"]["picklist_spelling"]} == {"technolgy → technology?"}
    open_without_close = sum(1 for r in pipeline if r["deal_stage"] in ("Prospecting", "Engaging") and not r["close_date"])
    assert found["MISSING_CLOSE_DATE"] == open_without_close == 2089
    assert found["MISSING_AMOUNT"] == sum(1 for r in pipeline if not r["close_value"])
    assert "ORPHAN_PRODUCT" not in found  # GTXPro is a spelling variant of a known product, not an orphan
    top = doc["tables"]["top_fixes"][0]
    assert top["code"] == "PICKLIST_VARIANT"
    assert top["amount_affected"] == sum(float(r["close_value"] or 0) for r in pipeline if r["product"] == "GTXPro")
    assert doc["kpis"]["missing_required"] == 2 * 2089


def test_planted_contact_problems(tmp_path):
    path = write_csv(tmp_path / "contacts.csv", CONTACT_HEADER, CONTACT_ROWS)
    status, doc = audit_json("--from", path, "--region", "US")
    found = counts(doc)
    assert found["DUP_ROW"] == 1
    assert found["DUP_EMAIL"] == 2  # row 2 repeats row 1's, row 4 repeats row 3's
    assert found["DUP_PHONE"] == 2  # row 2 repeats row 1's; row 5 is row 3's number written another way
    assert found["DUP_NAME"] == 2  # Jon Smith ~ John Smith at Hooli (rows 7 and 8 of the file)
    assert {r["row"] for r in doc["tables"]["dup_name"]} == {7, 8}
    assert found["INVALID_EMAIL"] == 3
    assert {r["value"] for r in doc["tables"]["invalid_email"]} == {"dee@", "eve at umbrella.com", "gus@wayne..com"}
    assert found["INVALID_PHONE"] == 1 and doc["tables"]["invalid_phone"][0]["value"] == "12"
    assert found["MISSING_CONTACT"] == 1 and doc["tables"]["missing_contact"][0]["row"] == 11
    assert found["FUTURE_CREATED"] == 1 and doc["tables"]["future_created"][0]["row"] == 9
    assert found["DATE_INVALID"] == 1 and doc["tables"]["date_invalid"][0]["value"] == "soon"
    assert found["PICKLIST_VARIANT"] == 1 and doc["tables"]["picklist_variant"][0]["value"] == "web"
    assert doc["kpis"]["invalid_emails"] == 3 and doc["kpis"]["duplicate_rows"] == 1
    assert status == 1


def test_planted_deal_problems(tmp_path):
    path = write_csv(tmp_path / "deals.csv", DEAL_HEADER, DEAL_ROWS)
    status, doc = audit_json("--from", path)
    found = counts(doc)
    assert found == {
        "AMOUNT_ZERO": 1, "MISSING_OWNER": 1, "AMOUNT_NEGATIVE": 1, "PROBABILITY_RANGE": 1, "CLOSE_BEFORE_CREATED": 1,
        "UNKNOWN_STAGE": 1, "AMOUNT_TEXT": 1, "MISSING_AMOUNT": 2, "MISSING_CLOSE_DATE": 1, "STALE_OPEN": 1,
    }
    # rows as a spreadsheet shows them (header = row 1)
    assert doc["tables"]["missing_owner"][0]["row"] == 4
    assert doc["tables"]["amount_text"][0]["value"] == "lots"
    assert doc["tables"]["unknown_stage"][0]["value"] == "Discovery"
    assert doc["tables"]["stale_open"][0]["row"] == 2  # expected close 2024-05-01, 61 days before --as-of
    assert status == 1


def test_mixed_currencies_and_orphans(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Account", "Stage", "Amount", "Close Date", "Owner"],
                      [["A", "Acme", "Won", "USD 10", "2024-01-01", "Ann"],
                       ["B", "Nowhere Ltd", "Won", "EUR 20", "2024-01-01", "Ann"]])
    accounts = write_csv(tmp_path / "accounts.csv", ["Account", "Industry"], [["Acme", "Retail"]])
    _, doc = audit_json("--from", deals, "--from", accounts)
    found = counts(doc)
    assert found["CURRENCY_MIXED"] == 2 and found["ORPHAN_ACCOUNT"] == 1
    assert doc["tables"]["orphan_account"][0]["value"] == "Nowhere Ltd"


def test_placeholder_dates_are_flagged(tmp_path):
    """Dates that stand for 'no date' in a CRM export: 9999-12-31, 0001-01-01, 1900-01-01, Unix's 1970-01-01 (with a
    time) and Excel's day 0, 1899-12-30. Flagged by hand: rows 2, 3, 5, 6 (close date) and 7 (created date); the
    real 1999-12-31 and 9000's eve are not. Each is read as no date, so a placeholder close date is also a deal
    without a close date (rows 2, 3, 5, 6), as a blank one would be."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date", "Created Date"],
                     [["A", "Ann", "Won", "10", "9999-12-31", "1999-01-01"],
                      ["B", "Ann", "Won", "10", "0001-01-01", "1999-01-01"],
                      ["C", "Ann", "Won", "10", "1999-12-31", "1999-01-01"],
                      ["D", "Ann", "Won", "10", "1900-01-01", ""],
                      ["E", "Ann", "Won", "10", "1970-01-01 00:00:00", ""],
                      ["F", "Ann", "Won", "10", "8999-12-31", "1899-12-30"]])
    status, doc = audit_json("--from", path)
    rows = [(row["row"], row["column"], row["value"]) for row in doc["tables"]["date_placeholder"]]
    assert sorted(rows) == [(2, "close_date", "9999-12-31"), (3, "close_date", "0001-01-01"),
                            (5, "close_date", "1900-01-01"), (6, "close_date", "1970-01-01 00:00:00"),
                            (7, "created_date", "1899-12-30")]
    assert counts(doc)["DATE_PLACEHOLDER"] == 5 and doc["kpis"]["date_placeholder"] == 5
    missing = [row["row"] for row in doc["tables"]["missing_close_date"]]
    assert sorted(missing) == [2, 3, 5, 6] and status == 1


def test_exit_status_follows_fail_on(tmp_path):
    clean = write_csv(tmp_path / "clean.csv", ["Name", "Email", "Company"],
                      [["Ann Lee", "ann@acme.com", "Acme"], ["Bob Stone", "bob@globex.com", "Globex"]])
    assert cli("audit", "--from", clean).exit_code == 0
    warned = write_csv(tmp_path / "warned.csv", ["Name", "Email", "Company"],
                       [["Ann Lee", "ann@acme.com", "Acme"], ["Ann Lee", "ann@acme.com", "Acme"]])
    assert cli("audit", "--from", warned).exit_code == 0  # only warnings: below the default --fail-on error
    assert cli("audit", "--from", warned, "--fail-on", "warning").exit_code == 1
    bad = cli("audit", "--from", tmp_path / "missing.csv")
    assert bad.exit_code == 2 and "no such file" in bad.stderr
    region = cli("audit", "--from", clean, "--region", "Mars")
    assert region.exit_code == 2 and "--region 'Mars'" in region.stderr


def test_audit_workbook_has_a_sheet_per_check(tmp_path):
    path = write_csv(tmp_path / "contacts.csv", CONTACT_HEADER, CONTACT_ROWS)
    before = sha256(path)
    target = tmp_path / "audit.xlsx"
    result = cli("audit", "--from", path, "-o", target, "--as-of", "2024-07-01")
    assert result.exit_code == 1  # problems found, and the workbook is still written
    workbook = load_workbook(target)
    assert {"Summary", "Checks", "Scores", "Top fixes", "Invalid email", "Dup email", "Dup row"} <= set(workbook.sheetnames)
    sheet = workbook["Invalid email"]
    assert [c.value for c in sheet[1]] == ["File", "Row", "Column", "Value"]
    assert sorted(row[1].value for row in sheet.iter_rows(min_row=2)) == [9, 10, 12]
    assert sha256(path) == before


@pytest.mark.parametrize("region, numbers", [
    ("US", ["+1 415 555 0101", "(415) 555-0101", "415.555.0101", "415-555-0101 x23", "415 555 0101 ext. 7",
            "1 415 555 0101", "  +1-415-555-0101  "]),
    ("GB", ["020 7946 0958", "+44 20 7946 0958", "0044 20 7946 0958", "07700 900123"]),
    ("CN", ["138 0013 8000", "+86 138 0013 8000", "0086 13800138000", "010 6552 9988"]),
])
@pytest.mark.parametrize("block_rows", [1 << 16, 2])
def test_phone_normalisation_agrees_with_phonenumbers(region, numbers, block_rows, monkeypatch):
    """E.164 as phonenumbers formats it (00 is taken as the international prefix everywhere, so US numbers
    written 001… are left out: phonenumbers reads them as national); the same when normalised a few rows at a
    time, from a column stored in several Arrow chunks."""
    import phonenumbers
    import pyarrow as pa

    from crmreport import audit

    monkeypatch.setattr(audit, "PHONE_BLOCK_ROWS", block_rows)
    expected = [phonenumbers.format_number(phonenumbers.parse(n, region), phonenumbers.PhoneNumberFormat.E164)
                for n in numbers]
    cells = numbers + [None, "  "]
    chunked = pa.chunked_array([cells[:3], cells[3:]], type=pa.large_string())
    got = audit.normalise_phone(pd.Series(pd.arrays.ArrowStringArray(chunked)).astype("str"), region)
    assert got.iloc[:len(numbers)].tolist() == expected
    assert got.iloc[len(numbers):].isna().all()


def test_phones_with_words_are_invalid_and_extensions_are_not(tmp_path):
    """Only the cells with letters or "#" are searched for words and extensions: planted cases, counted by hand."""
    phones = ["+1 415 555 0101 ask for Bob",  # row 2: words -> invalid
              "415 555 0199 x12",  # row 3: an extension; the same number as row 4
              "(415) 555-0199",  # row 4: repeats row 3
              "415-555-0123 #4",  # row 5: an extension, valid
              "N/A", "TBD",  # rows 6, 7: no digits -> invalid
              "415 555 0188 ext. 7",  # row 8: valid
              "+44 20 7946 0958"]  # row 9: valid
    rows = [[str(i), f"Person {i}", "", phone, f"Company {i}", "Web", "2024-01-02"] for i, phone in enumerate(phones)]
    status, doc = audit_json("--from", write_csv(tmp_path / "contacts.csv", CONTACT_HEADER, rows), "--region", "US")
    assert sorted(r["row"] for r in doc["tables"]["invalid_phone"]) == [2, 6, 7]
    assert counts(doc)["DUP_PHONE"] == 1 and sorted(r["row"] for r in doc["tables"]["dup_phone"]) == [3, 4]


EMAILS = ["ann@acme.com", "Ann.Lee+crm@mail.acme.co.uk", "张伟@example.com", "josé.garcía@example.es",
          "user_١٢@example.com", "ü@b.de", "a@b.c", "a..b@example.com", ".a@example.com", "a@-example.com",
          "a@example", "a" * 64 + "@example.com", "a" * 65 + "@example.com", "x@" + "d" * 64 + ".com",
          "o'brien@example.ie", "first last@example.com", "a@exa_mple.com", "a@bücher.de", "@example.com",
          "a@b@example.com", "x@example.com.", "#!$%&'*+-/=?^_`{}|~@example.org", "a@123.com", "b@[127.0.0.1]",
          "plainaddress", "eve at umbrella.com", "张伟example.com"]


def test_email_verdicts_agree_with_email_validator(tmp_path):
    """Every address is judged as email-validator (no network) judges it, whether or not the fast patterns take it."""
    from email_validator import EmailNotValidError, validate_email

    def invalid(address):
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError:
            return True
        return False

    rows = [[str(n), f"Person {n}", address, "", f"Company {n}", "Web", "2024-01-02"] for n, address in enumerate(EMAILS)]
    path = write_csv(tmp_path / "contacts.csv", CONTACT_HEADER, rows)
    _, doc = audit_json("--from", path)
    flagged = {r["value"] for r in doc["tables"].get("invalid_email", [])}
    assert flagged == {address for address in EMAILS if invalid(address)}
    assert 0 < len(flagged) < len(EMAILS)


@pytest.mark.parametrize("columns", [("first_name", "last_name"), ("first_name",), ("last_name",)])
def test_person_names_join_first_and_last(columns):
    """First and last name joined by one space; a missing part left out; neither part: missing."""
    from crmreport.audit import _person_names

    parts = {"first_name": ["Ann", None, None, "李", ""], "last_name": ["Lee", "Wu", None, "娜", "Moss"]}
    frame = pd.DataFrame({column: pd.Series(parts[column], dtype="str", index=[5, 6, 7, 8, 9]) for column in columns})
    expected = [" ".join(part for part in (parts[c][i] for c in columns) if part) or None for i in range(5)]
    names = _person_names(frame)
    assert [None if pd.isna(name) else name for name in names] == expected
    assert names.index.tolist() == [5, 6, 7, 8, 9]


@pytest.mark.parametrize("highest", [3, 2**16, 2**18, 2**32 - 1])
def test_stable_order_is_numpys_stable_argsort(highest):
    from crmreport.audit import _stable_order

    codes = np.random.default_rng(highest).integers(0, highest, 5000, endpoint=True)
    assert _stable_order(codes).tolist() == np.argsort(codes, kind="stable").tolist()


@pytest.mark.parametrize("size", [50, 1 << 23])  # a table of every key, then hashing
def test_distinct_pairs_give_each_key_its_value(size):
    from crmreport.audit import DENSE_PAIR_KEYS, _distinct_pairs

    keys = np.random.default_rng(7).integers(0, min(size, 50), 1000) * (size // 50)
    distinct, positions = _distinct_pairs(keys, size)
    assert (size <= DENSE_PAIR_KEYS) == (size == 50)
    assert sorted(distinct.tolist()) == sorted(set(keys.tolist()))
    assert distinct[positions].tolist() == keys.tolist()


def test_deals_without_stage_are_counted_once(tmp_path):
    # no status column: the two deals without a stage are also without status, which the loader warns about;
    # the audit lists them once, as MISSING_STAGE
    rows = [["A", "Ann", "Prospecting", "100", "2024-08-01"], ["B", "Ann", "", "200", "2024-08-01"],
            ["C", "Bob", "", "300", "2024-08-01"]]
    path = write_csv(tmp_path / "deals.csv", ["Opportunity Name", "Opportunity Owner", "Stage", "Amount",
                                              "Close Date"], rows)
    _status, doc = audit_json("--from", path)
    assert [(r["code"], r["count"]) for r in doc["tables"]["checks"]] == [("MISSING_STAGE", 2)]
    assert doc["kpis"]["missing_required"] == doc["kpis"]["errors"] == doc["kpis"]["problems"] == 2
    assert [r["row"] for r in doc["tables"]["missing_stage"]] == [3, 4]


def test_score_counts_each_row_with_a_problem_once(tmp_path):
    # by hand, with --as-of 2024-07-01: A is stale (closes 2024-05-01, open), D and H have two problems each,
    # G only an unknown stage (info, not a problem): 8 of the 9 rows have problems
    path = write_csv(tmp_path / "deals.csv", DEAL_HEADER, DEAL_ROWS)
    _status, doc = audit_json("--from", path)
    [scores] = doc["tables"]["scores"]
    assert (scores["rows"], scores["rows_with_problems"]) == (9, 8)
    assert scores["score"] == pytest.approx(100 / 9) and doc["kpis"]["score"] == pytest.approx(100 / 9)


def test_distinct_count_matches_a_set():
    from crmreport.audit import distinct_count

    rng = np.random.default_rng(5)
    arrays = [rng.integers(0, 5000, size) for size in (0, 1, 300, 4000, 0)]
    assert distinct_count(arrays) == len(set(np.concatenate(arrays).tolist()))
    assert distinct_count([]) == 0 and distinct_count([np.array([], dtype=np.int64)]) == 0


def test_many_offending_rows_list_the_first_thousand_with_their_values(tmp_path):
    # 1,200 open deals whose expected close date passed (as of 2024-07-01), each on its own day
    import datetime as dt

    closes = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(1200)]
    rows = [[f"deal {i}", "Ann", "Prospecting", "100", "10", day.isoformat(), "2019-12-01"] for i, day in enumerate(closes)]
    path = write_csv(tmp_path / "deals.csv", DEAL_HEADER, rows)
    _status, doc = audit_json("--from", path)
    assert counts(doc)["STALE_OPEN"] == 1200
    listed = doc["tables"]["stale_open"]
    assert len(listed) == 1000
    assert [(r["row"], r["value"]) for r in listed] == [(i + 2, closes[i].isoformat()) for i in range(1000)]
    assert "STALE_OPEN: 1200 offending rows, the first 1000 are listed" in doc["warnings"]


@pytest.mark.parametrize("seed", range(4))
def test_same_company_pairs_are_every_pair_of_each_small_company(seed, monkeypatch):
    """Against a loop over every two people: companies of 2..MAX_COMPANY_PEOPLE people give all their pairs once,
    bigger ones none (MAX lowered to 6 so that some companies are over it)."""
    from crmreport import audit

    monkeypatch.setattr(audit, "MAX_COMPANY_PEOPLE", 6)
    company = np.random.default_rng(seed).integers(0, 40, 300)
    size = np.bincount(company)
    expected = {(a, b) for a in range(len(company)) for b in range(a + 1, len(company))
                if company[a] == company[b] and size[company[a]] <= 6}
    first, second = audit.same_company_pairs(company)
    got = list(zip(first.tolist(), second.tolist()))
    assert len(got) == len(set(got)) and set(got) == expected
    assert expected and (size > 6).any()  # both kinds of company are there


def test_a_sales_rep_written_two_ways_is_a_picklist_variant_and_clean_unifies_it(tmp_path):
    """'Ann Lee' and 'ann lee' are two owners to every report: the audit names the variant, clean writes one spelling
    (the most frequent), and the performance report of the cleaned copy has one Ann with all her deals."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"], [
        ["A", "Ann Lee", "Closed Won", "100", "2024-03-05"], ["B", "ann lee", "Closed Won", "50", "2024-03-06"],
        ["C", "Ann Lee", "Closed Lost", "10", "2024-03-07"], ["D", "Bob Ray", "Closed Won", "70", "2024-03-07"]])
    audit = json.loads(cli("audit", "--from", path, "-F", "json").stdout)
    assert [(row["row"], row["value"]) for row in audit["tables"]["picklist_variant"] if row["column"] == "owner"] == \
        [(3, "ann lee")]
    out = tmp_path / "clean.csv"
    assert cli("clean", "--from", path, "-o", out).exit_code == 0
    by_owner = {row["owner"]: (row["won_count"], row["lost_count"], row["won_amount"])
                for row in report_json("performance", "--from", out)["tables"]["by_owner"]}
    assert by_owner == {"Ann Lee": (2, 1, 150), "Bob Ray": (1, 0, 70)}
