"""Grouping: a funnel per pipeline, or per value of --by (each group's rows of the stage table are the funnel of
that group's deals alone, as --where gives it, and the KPIs stay those of all the deals); --by refused where a report
does not group; a report's own grouping column missing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import DATASETS, EXAMPLES, assert_refused, cli, report_json, write_csv

RENEWAL_STAGES = ["Renewal Due", "Quote Sent", "Signed"]


def two_pipelines(tmp_path: Path) -> tuple[Path, list[str], list[list[str]]]:
    """The Pipedrive example (40 deals of its Sales pipeline) and 20 deals of a Renewals pipeline with stages of its
    own, keeping the example's status, value and dates."""
    with (EXAMPLES / "pipedrive_deals.csv").open(newline="", encoding="utf-8-sig") as stream:
        header, *rows = list(csv.reader(stream))
    pipeline, stage, deal_id = (header.index(name) for name in ("Deal - Pipeline", "Deal - Stage", "Deal - ID"))
    renewals = []
    for number, row in enumerate(rows[::2]):
        renewal = row[:]
        renewal[deal_id], renewal[pipeline] = str(500 + number), "Renewals"
        renewal[stage] = RENEWAL_STAGES[number % 3]
        renewals.append(renewal)
    every = rows + renewals
    return write_csv(tmp_path / "deals.csv", header, every), header, every


def test_each_pipeline_gets_its_own_funnel(tmp_path):
    """Mixed in one funnel, the 20 renewals counted as reaching every Sales stage (Qualified 60 for 40 Sales deals)
    and Renewal Due came after Negotiations Started."""
    path, header, rows = two_pipelines(tmp_path)
    doc = report_json("funnel", "--from", path)
    stages = doc["tables"]["stages"]
    assert list(dict.fromkeys(row["pipeline"] for row in stages)) == ["Sales", "Renewals"]  # the larger first
    for name in ("Sales", "Renewals"):
        alone = report_json("funnel", "--from", path, "--where", f"pipeline={name}")
        assert "pipeline" not in alone["tables"]["stages"][0]
        assert [{key: value for key, value in row.items() if key != "pipeline"}
                for row in stages if row["pipeline"] == name] == alone["tables"]["stages"]
    pipeline, status = header.index("Deal - Pipeline"), header.index("Deal - Status")
    # every deal reached its pipeline's first stage: Pipedrive keeps a lost deal's stage, and won deals passed all
    firsts = {row["pipeline"]: row for row in reversed(stages)}
    assert firsts["Sales"]["reached"] == sum(1 for row in rows if row[pipeline] == "Sales") == 40
    assert firsts["Renewals"]["stage"] == "Renewal Due"
    assert firsts["Renewals"]["reached"] == sum(1 for row in rows if row[pipeline] == "Renewals") == 20
    won = sum(1 for row in rows if row[status] == "won")
    assert doc["kpis"]["won_count"] == won and doc["kpis"]["deals"] == 60
    assert doc["kpis"]["overall_conversion"] == pytest.approx(won / 60)
    assert "deals from 2 pipelines ('Sales', 'Renewals'): a funnel for each, as their stages are not one sequence; " \
           "--where pipeline=NAME for one" in doc["warnings"]


def test_funnel_by_owner(tmp_path):
    path = EXAMPLES / "salesforce_opportunities.csv"
    doc = report_json("funnel", "--from", path, "--by", "owner")
    stages = doc["tables"]["stages"]
    with path.open(newline="", encoding="utf-8-sig") as stream:
        owners = [row["Opportunity Owner"] for row in csv.DictReader(stream)]
    shown = list(dict.fromkeys(row["owner"] for row in stages))
    assert shown == sorted(set(owners), key=lambda owner: (-owners.count(owner), owner))
    for owner in shown:
        alone = report_json("funnel", "--from", path, "--where", f"owner={owner}")
        assert [{key: value for key, value in row.items() if key != "owner"}
                for row in stages if row["owner"] == owner] == alone["tables"]["stages"]
    assert not any("pipelines" in warning for warning in doc["warnings"])
    assert doc["kpis"] == report_json("funnel", "--from", path)["kpis"]  # all the deals, grouped or not
    top = report_json("funnel", "--from", path, "--by", "owner", "--top", "2")
    assert top["tables"]["stages"] == [row for row in stages if row["owner"] in shown[:2]]
    assert top["kpis"] == doc["kpis"]


def test_grouped_funnel_charts_one_funnel_per_group(tmp_path):
    path, _header, _rows = two_pipelines(tmp_path)
    page = tmp_path / "funnel.html"
    assert cli("funnel", "--from", path, "-o", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.count("Stages · Pipeline: Sales") == html.count("Stages · Pipeline: Renewals") == 1
    book = tmp_path / "funnel.xlsx"
    assert cli("funnel", "--from", path, "-o", book).exit_code == 0
    sheet = load_workbook(book)["Stages"]
    [chart] = sheet._charts
    sales_rows = [row for row in range(2, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == "Sales"]
    assert sales_rows == list(range(2, 2 + len(sales_rows)))
    categories = chart.series[0].cat
    assert (categories.strRef or categories.numRef).f == f"'Stages'!$B$2:$B${sales_rows[-1]}"  # Sales stages only


def test_one_pipeline_keeps_one_funnel():
    doc = report_json("funnel", "--from", EXAMPLES / "pipedrive_deals.csv")
    assert "pipeline" not in doc["tables"]["stages"][0]


def test_by_is_refused_by_a_report_that_does_not_group(tmp_path):
    out = tmp_path / "forecast.json"
    result = cli("forecast", "--from", EXAMPLES / "salesforce_opportunities.csv", "--by", "owner", "-o", out)
    assert result.exit_code == 2
    assert "forecast does not group by a column: --by is for pipeline, funnel, performance, cycle" in result.stderr
    assert not out.exists()
    listed = {row["report"]: row["groups_by"] for row in json.loads(cli("list", "--format", "json").stdout)}
    assert listed["funnel"] and listed["performance"] and not listed["forecast"]
    assert "takes --by" in next(line for line in cli("list").stdout.splitlines() if line.startswith("funnel "))


def test_a_run_job_with_by_for_a_report_that_does_not_group(tmp_path):
    config = tmp_path / "weekly.toml"
    config.write_text('inputs = ["x.csv"]\n[[report]]\nname = "forecast"\nby = "owner"\n', encoding="utf-8")
    result = cli("run", "--check", config)
    assert result.exit_code == 2
    assert f"{config}:4: report[1].by: forecast does not group by a column; 'by' is for " in result.stderr


def test_performance_without_an_owner_column_says_what_it_groups_by(tmp_path):
    """Said as '--by owner: no such column' though the user gave no --by (the dashboard's reason too)."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", "Amount"], [["A", "Won", "10"]])
    assert_refused(tmp_path, "performance", "--from", path,
                   message="performance groups by owner, and the table has no owner column: name its header in a "
                           "--map file, or group by another column with --by; columns: ")
    assert_refused(tmp_path, "performance", "--from", path, "--by", "region",
                   message="performance --by region: no such column in the table")


def test_funnel_by_lead_source_with_a_stage_history():
    """sf_devorg_powerbi's OpportunityHistory links by deal ID: each lead source's funnel uses its own deals'
    history, as --where gives it."""
    folder = DATASETS / "sf_devorg_powerbi"
    doc = report_json("funnel", "--from", folder, "--by", "lead_source")
    stages = doc["tables"]["stages"]
    sources = [source for source in dict.fromkeys(row["lead_source"] for row in stages) if source != "(none)"]
    assert len(sources) >= 5
    for source in sources:
        alone = report_json("funnel", "--from", folder, "--where", f"lead_source={source}")
        assert [{key: value for key, value in row.items() if key != "lead_source"}
                for row in stages if row["lead_source"] == source] == alone["tables"]["stages"]
