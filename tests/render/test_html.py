"""HTML reports and the dashboard, opened in headless Chromium with the network blocked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crmreport.reports import registry
from helpers import EXAMPLES, MAVEN, cli, write_csv

PIPELINE = MAVEN / "sales_pipeline.csv"


def write_html(tmp_path, *args) -> Path:
    target = tmp_path / "report.html"
    result = cli(*args, "-o", target)
    assert result.exit_code == 0, result.stderr
    return target


def kpi_text(page, key: str) -> str:
    return page.locator(f'[data-kpi="{key}"] .kpi-value').inner_text().strip()


def test_funnel_page_in_chromium(open_page, tmp_path):
    path = write_html(tmp_path, "funnel", "--from", PIPELINE)
    check = open_page(path)
    check.assert_clean()
    page = check.page
    assert page.title() == "Sales funnel"
    # CATALOG.md figures, as displayed
    assert kpi_text(page, "won_count") == "4,238"
    assert kpi_text(page, "lost_count") == "2,473"
    assert kpi_text(page, "win_rate") == "63.2%"
    rows = page.locator("table[data-table=stages] tbody tr")
    assert rows.count() == 4
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(4)] == ["Prospecting", "Engaging", "Won", "Lost"]
    assert page.locator(".chart svg text").count() > 0  # chart labels are text, not paths
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_page_reads_without_javascript_and_sorts_with_it(open_page, tmp_path):
    path = write_html(tmp_path, "performance", "--from", PIPELINE)
    plain = open_page(path, javascript=False)
    plain.assert_clean()
    first = plain.page.locator("table[data-table=by_owner] tbody tr").first.locator("td").first.inner_text()
    assert first == "Darcel Schlecht"
    alignment = plain.page.locator("table[data-table=by_owner] tbody tr").first.locator("td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell).textAlign)")
    headers = plain.page.locator("table[data-table=by_owner] th").evaluate_all(
        "cells => cells.map(cell => [cell.dataset.column, getComputedStyle(cell).textAlign])")
    # the owner's name reads from the left, every count, amount and rate from the right, header and cells alike
    assert [align for _column, align in headers] == alignment
    assert {column: align for column, align in headers} == {column: "left" if column == "owner" else "right"
                                                           for column, _align in headers}
    check = open_page(path)
    table = check.page.locator("table[data-table=by_owner]")
    table.locator("th[data-column=won_amount]").click()  # ascending
    cells = table.locator("tbody tr td:nth-child(3)")
    values = [float(cells.nth(i).get_attribute("data-value")) for i in range(cells.count())]
    assert values == sorted(values)
    check.assert_clean()


def test_data_cannot_run_script_or_templates(open_page, tmp_path):
    payloads = ["<script>alert('x')</script>", "</textarea><img src=x onerror=alert(1)>", "{{7*7}}",
                '" autofocus onfocus="alert(2)" x=\'']
    path = write_csv(tmp_path / "evil.csv", ["Deal Name", "Owner", "Stage", "Amount"],
                     [[payloads[0], payloads[0], "Won", "10"], [payloads[1], payloads[1], "Open", "5"],
                      ["x", payloads[2], "<b>Lost</b>", "1"], ["y", payloads[3], "Won", "2"]])
    html_path = tmp_path / "evil.html"
    assert cli("performance", "--from", path, "-o", html_path).exit_code == 0
    source = html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in source and "<img src=x" not in source
    check = open_page(html_path)
    check.assert_clean()
    first_cells = check.page.locator("table[data-table=by_owner] tbody tr td:first-child")
    owners = first_cells.all_inner_texts()
    assert set(owners) == set(payloads)  # shown as text, verbatim ({{7*7}} not evaluated)
    assert [first_cells.nth(i).get_attribute("data-value") for i in range(first_cells.count())] == owners


def test_chinese_page_renders_labels(open_page, tmp_path):
    path = write_html(tmp_path, "funnel", "--from", EXAMPLES / "fxiaoke_商机.csv", "--lang", "zh")
    check = open_page(path)
    check.assert_clean()
    page = check.page
    assert page.locator("h1").inner_text() == "销售漏斗"
    assert page.locator('[data-kpi="won_count"] .kpi-label').inner_text() == "赢单数"
    assert kpi_text(page, "won_amount").startswith("¥")
    labels = page.eval_on_selector_all(".chart svg text", "nodes => nodes.map(node => node.textContent.trim())")
    assert "验证客户" in labels  # stage names stay text in the SVG for the browser's CJK font


def test_chinese_chart_labels_fit_in_their_chart(open_page, tmp_path):
    """Long Chinese names on a chart's axis are inside the chart as the browser draws it, not cut off at its edge
    (the layout measures labels with the fonts the SVG asks the browser for)."""
    owners = ["华东大区战略客户部销售总监", "西南大区渠道合作伙伴发展经理", "王"]
    rows = [[f"商机{i}", owners[i % 3], "赢单", 1000 * (i + 1), "2024-03-01"] for i in range(6)]
    source = write_csv(tmp_path / "deals.csv", ["商机名称", "负责人", "销售阶段", "商机金额", "结单日期"], rows)
    page = open_page(write_html(tmp_path, "performance", "--from", source, "--lang", "zh")).page
    outside = page.eval_on_selector_all(".chart svg", """charts => charts.flatMap(chart => {
        const box = chart.getBoundingClientRect();
        return [...chart.querySelectorAll("text")].filter(text => {
            const r = text.getBoundingClientRect();
            return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
        }).map(text => text.textContent.trim());
    })""")
    labels = page.eval_on_selector_all(".chart svg text", "nodes => nodes.map(node => node.textContent.trim())")
    assert owners[0] in labels and owners[1] in labels
    assert outside == []


def test_dashboard_from_maven(open_page, tmp_path):
    target = tmp_path / "dash.html"
    result = cli("dashboard", "--from", MAVEN, "-o", target)
    assert result.exit_code == 0, result.stderr
    check = open_page(target)
    check.assert_clean()
    page = check.page
    hrefs = [a.get_attribute("href") for a in page.locator("nav a").all()]
    assert hrefs == ["#pipeline", "#funnel", "#performance", "#cycle", "#lost-deals", "#conversion", "#trends",
                     "#forecast", "#profitability", "#revenue", "#not-run"]
    not_run = page.locator("#not-run-table").inner_text()
    assert "lead-sources needs column(s) lead_source" in not_run and "goals needs a targets table" in not_run
    assert page.locator('#overview ~ .cards [data-kpi="funnel.win_rate"] .kpi-value').inner_text() == "63.2%"
    assert page.locator('[data-kpi="performance.won_amount"] .kpi-value').first.inner_text() == "10,005,534.00"
    assert page.locator('[data-kpi="cycle.median_cycle_days"] .kpi-value').first.inner_text() == "57"
    for section in ("pipeline", "funnel", "performance", "cycle"):
        assert page.locator(f"h2#{section}").count() == 1


def test_dashboard_lists_reports_that_could_not_run(open_page, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    write_csv(folder / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount"],
              [["A", "Ann", "Won", "100"], ["B", "Bob", "Open", "50"]])
    write_csv(folder / "teams.csv", ["Owner", "Team"], [["Ann", "North"], ["Bob", "South"]])
    write_csv(folder / "products.csv", ["product", "series", "sales_price"], [["GTX", "GT", "550"]])
    target = tmp_path / "dash.html"
    assert cli("dashboard", "--from", folder, "-o", target).exit_code == 0
    check = open_page(target)
    check.assert_clean()
    not_run = {row.locator("td").first.inner_text(): row.locator("td").nth(1).inner_text()
               for row in check.page.locator("#not-run-table tbody tr").all()}
    ran = ["pipeline", "funnel", "performance", "lost-deals", "conversion", "forecast", "profitability"]
    # revenue needs won deals with a close date, which these deals lack
    skipped = [name for name in registry() if name not in ran]  # every other report needs a table not given
    assert set(not_run) == set(skipped)
    assert "created_date, close_date" in not_run["cycle"]
    assert cli("dashboard", "--from", folder, "-o", tmp_path / "dash.json").exit_code == 0
    as_json = json.loads((tmp_path / "dash.json").read_text(encoding="utf-8"))
    assert [r["report"] for r in as_json["dashboard"]] == ran
    assert [s["report"] for s in as_json["skipped"]] == skipped


def test_chinese_dashboard_says_in_chinese_why_reports_did_not_run(open_page, tmp_path):
    """The fxiaoke example holds deals only. Each report not run is named by its Chinese title, its command beside it,
    and its reason reads in Chinese: no English word is left once the file's path is taken out."""
    example = EXAMPLES / "fxiaoke_商机.csv"
    target = tmp_path / "dash.html"
    assert cli("dashboard", "--from", example, "--lang", "zh", "-o", target).exit_code == 0
    check = open_page(target)
    check.assert_clean()
    not_run = {row.locator("td").first.inner_text(): row.locator("td").nth(1).inner_text()
               for row in check.page.locator("#not-run-table tbody tr").all()}
    assert not_run["客户分群与 RFM (segments)"] == f"需要订单表，但输入中没有（已读取：{example}（商机））。"
    assert not_run["客户流失 (churn)"] == f"需要订单或客户表，但输入中没有（已读取：{example}（商机））。"
    assert len(not_run) >= 10
    for name, reason in not_run.items():
        assert re.fullmatch(r"[^A-Za-z]+ \([a-z-]+\)", name.replace("RFM", "")), name
        assert not re.search(r"[A-Za-z]{3,}", reason.replace(str(example), "")), reason


@pytest.mark.parametrize("report", ["pipeline", "funnel", "performance", "cycle"])
def test_every_report_renders_cleanly(open_page, tmp_path, report):
    path = write_html(tmp_path, report, "--from", EXAMPLES / "salesforce_opportunities.csv")
    check = open_page(path)
    check.assert_clean()
    doc = json.loads(cli(report, "--from", EXAMPLES / "salesforce_opportunities.csv", "--format", "json").stdout)
    cards = check.page.locator(".card").count()
    assert cards == len(doc["kpis"])
    for name, rows in doc["tables"].items():
        assert check.page.locator(f"table[data-table={name}] tbody tr").count() == len(rows)


def test_audit_page_in_chromium(open_page, tmp_path):
    target = tmp_path / "audit.html"
    result = cli("audit", "--from", MAVEN, "-o", target)
    assert result.exit_code == 1  # Maven has errors; the page is written all the same
    check = open_page(target)
    check.assert_clean()
    page = check.page
    assert page.title() == "Data audit"
    assert kpi_text(page, "missing_required") == "4,178"
    codes = page.locator("table[data-table=checks] tbody tr td:first-child").all_inner_texts()
    assert {"PICKLIST_VARIANT", "PICKLIST_SPELLING", "MISSING_CLOSE_DATE"} <= set(codes)


def test_chinese_audit_page_gives_problems_and_fixes_in_chinese(open_page, tmp_path):
    target = tmp_path / "audit.html"
    assert cli("audit", "--from", MAVEN, "--lang", "zh", "-o", target).exit_code == 1
    check = open_page(target)
    check.assert_clean()
    page = check.page
    headers = page.locator("table[data-table=checks] thead th").all_inner_texts()
    rows = page.eval_on_selector_all("table[data-table=checks] tbody tr",
                                     "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.trim()))")
    by_code = {row[headers.index("代码")]: (row[headers.index("问题")], row[headers.index("修复建议")]) for row in rows}
    # maven's accounts.csv writes 'technolgy' for 'technology' (CATALOG)
    assert by_code["PICKLIST_SPELLING"] == ("看似拼错的行业名称", "更正拼写：'technolgy' → 'technology'")
    assert by_code["MISSING_CLOSE_DATE"] == ("缺少成交日期的商机", "填写成交日期")


def test_a_funnel_per_pipeline_in_chromium(open_page, tmp_path):
    """Two pipelines: one stage table with the pipeline first, and a funnel chart for each, named in its title."""
    header = ["Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Pipeline", "Deal - Stage", "Deal - Status"]
    rows = [["A", "100", "EUR", "Sales", "Qualified", "open"], ["B", "50", "EUR", "Sales", "Proposal Made", "open"],
            ["C", "70", "EUR", "Sales", "Proposal Made", "won"], ["D", "20", "EUR", "Renewals", "Renewal Due", "open"]]
    path = write_html(tmp_path, "funnel", "--from", write_csv(tmp_path / "deals.csv", header, rows))
    check = open_page(path)
    check.assert_clean()
    page = check.page
    assert page.locator("table[data-table=stages] th").first.inner_text() == "Pipeline"
    pipelines = page.locator("table[data-table=stages] tbody tr td:first-child").all_inner_texts()
    assert pipelines == ["Sales"] * 4 + ["Renewals"] * 3  # its stages, then won and lost
    titles = page.locator(".chart svg").evaluate_all("charts => charts.map(chart => chart.textContent)")
    assert len(titles) == 2
    assert "Stages · Pipeline: Sales" in titles[0] and "Stages · Pipeline: Renewals" in titles[1]

