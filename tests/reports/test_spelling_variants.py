"""One owner written "Ann Lee", "ann lee" and "Ann  Lee" in a hand-kept sheet, one lead source "Web" and "web": each
spelling was an owner or a source of its own, its deals and amounts split between them, and the sales-team table's
"Ann Lee" gave "ann lee"'s deals no team. Reports now count them as one (a note says which), ``--where`` finds
them by any spelling, and the audit still lists them. The figures are grouped by a loop over the rows, on names
compared without case and spaces."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict

from tests.helpers import MAVEN, cli, report_json, write_csv

HEADER = ["Deal", "Owner", "Stage", "Amount", "Close Date", "Lead Source"]
ROWS = [["A", "Ann Lee", "Won", "1200", "2024-03-01", "Web"],
        ["B", "ann lee", "Won", "500", "2024-03-02", "web"],
        ["C", "Ann  Lee", "Lost", "100", "2024-03-03", "Referral"],
        ["D", "Bob Ray", "Won", "2000", "2024-03-04", "WEB"],
        ["E", "BOB RAY", "Proposal", "700", "2024-04-04", "Referral"],
        ["F", "Cy", "Won", "300", "2024-03-05", "Trade-show"],
        ["G", "Cy", "Won", "50", "2024-03-06", "Trade show"]]


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "", name.lower())


def _won_by(column: int) -> dict[str, float]:
    sums: dict[str, float] = defaultdict(float)
    for row in ROWS:
        if row[2] == "Won":
            sums[_key(row[column])] += float(row[3])
    return dict(sums)


def test_owners_and_sources_spelt_differently_count_as_one(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, ROWS)
    doc = report_json("performance", "--from", path)
    by_owner = {row["owner"]: row["won_amount"] for row in doc["tables"]["by_owner"]}
    # the usual spelling names the group: the most rows, else one without doubled spaces, else "Ann Lee" before
    # "ann lee"
    assert by_owner == {"Ann Lee": 1700, "Bob Ray": 2000, "Cy": 350}
    assert {_key(name): amount for name, amount in by_owner.items()} == _won_by(1)
    assert doc["kpis"]["owner_count"] == len({_key(row[1]) for row in ROWS}) == 3
    assert "owner: 3 spellings counted as another that differs only in case, spaces or punctuation ('Ann  Lee' → " \
           "'Ann Lee', 'BOB RAY' → 'Bob Ray', 'ann lee' → 'Ann Lee')" in doc["warnings"]
    sources = report_json("performance", "--from", path, "--by", "lead_source")["tables"]["by_lead_source"]
    assert {row["lead_source"]: row["won_amount"] for row in sources} == {"Web": 3700, "Trade show": 300 + 50,
                                                                         "Referral": 0}
    assert {_key(row["lead_source"]): row["won_amount"] for row in sources if row["won_amount"]} == _won_by(5)


def test_where_finds_every_spelling(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, ROWS)
    doc = report_json("funnel", "--from", path, "--where", "owner=ann lee")
    assert doc["kpis"]["deals"] == sum(1 for row in ROWS if _key(row[1]) == "annlee") == 3
    assert report_json("funnel", "--from", path, "--where", "lead_source=tradeshow")["kpis"]["deals"] == 2


def test_the_sales_team_table_joins_every_spelling(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", HEADER, ROWS)
    write_csv(tmp_path / "sales_teams.csv", ["Sales Agent", "Manager", "Regional Office"],
              [["Ann Lee", "Dana", "East"], ["Bob Ray", "Dana", "West"], ["Cy", "Eli", "West"]])
    doc = report_json("performance", "--from", tmp_path, "--by", "region")
    regions = {row["region"]: row["won_amount"] for row in doc["tables"]["by_region"]}
    region_of = {"annlee": "East", "bobray": "West", "cy": "West"}
    expected: dict[str, float] = defaultdict(float)
    for row in ROWS:
        if row[2] == "Won":
            expected[region_of[_key(row[1])]] += float(row[3])
    assert regions == dict(expected) == {"East": 1700, "West": 2350}
    assert deals.exists()


def test_the_sales_team_tables_spelling_is_the_reference(tmp_path):
    # "ann lee" is the deals' commoner spelling, but the sales-team table lists "Ann Lee": reports and the audit both
    # take the table's
    rows = [row for row in ROWS if row[1] != "Ann Lee"] + [["H", "ann lee", "Won", "40", "2024-03-07", "Web"]]
    write_csv(tmp_path / "deals.csv", HEADER, rows)
    write_csv(tmp_path / "sales_teams.csv", ["Sales Agent", "Manager", "Regional Office"],
              [["Ann Lee", "Dana", "East"], ["Bob Ray", "Dana", "West"], ["Cy", "Eli", "West"]])
    by_owner = report_json("performance", "--from", tmp_path)["tables"]["by_owner"]
    assert {row["owner"]: row["won_amount"] for row in by_owner}["Ann Lee"] == 500 + 40
    audit = json.loads(cli("audit", "--from", tmp_path, "-F", "json").stdout)
    assert {row["problem"] for row in audit["tables"]["checks"]
            if row["code"] == "PICKLIST_VARIANT" and row["column"] == "owner"} == {
        "spelt differently from 'Ann Lee'", "spelt differently from 'Bob Ray'"}


def test_the_audit_still_lists_them_and_clean_writes_one(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, ROWS)
    audit = json.loads(cli("audit", "--from", path, "-F", "json").stdout)
    variants = {(row["column"], row["problem"]): row["count"] for row in audit["tables"]["checks"]
                if row["code"] == "PICKLIST_VARIANT"}
    assert variants[("owner", "spelt differently from 'Ann Lee'")] == 2
    assert variants[("owner", "spelt differently from 'Bob Ray'")] == 1
    out = tmp_path / "clean.csv"
    assert cli("clean", "--from", path, "-o", out).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as stream:
        owners = [row["Owner"] for row in csv.DictReader(stream)]
    assert owners == ["Ann Lee"] * 3 + ["Bob Ray"] * 2 + ["Cy"] * 2


def test_the_note_in_chinese(tmp_path):
    result = cli("performance", "--from", write_csv(tmp_path / "deals.csv", HEADER, ROWS), "--lang", "zh")
    assert result.exit_code == 0
    assert "负责人：3 种写法与另一写法仅有大小写、空格或标点之差，按该写法计（'Ann  Lee' → 'Ann Lee'" in result.stdout


def test_maven_gtxpro_is_the_product_tables_gtx_pro():
    """CATALOG: the pipeline says GTXPro, products.csv GTX Pro; CATALOG-more: GTXPro won 3,510,578."""
    doc = report_json("performance", "--from", MAVEN, "--by", "product")
    by_product = {row["product"]: row["won_amount"] for row in doc["tables"]["by_product"]}
    assert by_product["GTX Pro"] == 3510578 and "GTXPro" not in by_product
    assert report_json("performance", "--from", MAVEN, "--where", "product=GTXPro")["kpis"]["won_amount"] == 3510578
