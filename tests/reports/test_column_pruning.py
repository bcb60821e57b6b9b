"""Reports that declare COLUMNS read only those columns of big exports: their output must not change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from crmreport.errors import InputError
from crmreport.loaders import LoadOptions, load_dataset
from crmreport.render import render_report
from crmreport.report import ReportOptions
from crmreport.reports import columns_to_read, registry, run_report

from helpers import DATASETS, EXAMPLES, MAVEN, ROOT, cli

DECLARING = sorted(name for name, module in registry().items() if hasattr(module, "COLUMNS"))
DEAL_FILES = [
    [EXAMPLES / "zoho_deals.csv"], [EXAMPLES / "salesforce_opportunities.csv"], [EXAMPLES / "pipedrive_deals.csv"],
    [EXAMPLES / "fxiaoke_商机.csv"], [EXAMPLES / "sales_office.xlsx"],
    [MAVEN / "sales_pipeline.csv", MAVEN / "sales_teams.csv", MAVEN / "accounts.csv"],
    [DATASETS / "sf_devorg_powerbi" / "Opportunity.csv"], [DATASETS / "sf_datacloud_workshop" / "Opportunity.csv"],
    [DATASETS / "zoho_crm" / "Potentials.csv"],
    [ROOT / "tests" / "corpus" / "exotic_numbers.csv"], [ROOT / "tests" / "corpus" / "ragged.csv"],
]
OPTION_SETS = [
    {},
    {"by": "lead_source"},
    {"by": "region"},  # region comes from the owners table where one is given: the owner must still be read
    {"where": ["status=won,lost"], "period": "quarter"},
    {"since": dt.date(2017, 3, 1), "until": dt.date(2017, 9, 30)},
]


def _document(name: str, paths, options: ReportOptions, columns) -> dict:
    dataset = load_dataset(paths, LoadOptions(columns=columns, keep_cells=columns is None))
    document = json.loads(render_report(run_report(name, dataset, options), "json"))
    document.pop("generated_at")
    return document


def test_the_four_big_deal_reports_declare_their_columns():
    assert {"pipeline", "funnel", "performance", "cycle"} <= set(DECLARING)


@pytest.mark.parametrize("paths", DEAL_FILES, ids=lambda paths: paths[0].name)
@pytest.mark.parametrize("name", DECLARING)
def test_reading_only_the_declared_columns_changes_nothing(name, paths):
    for settings in OPTION_SETS:
        options = dataclasses.replace(ReportOptions(), **settings)
        columns = columns_to_read([name], options)
        assert columns is not None and "deals" in columns
        try:
            whole = _document(name, paths, options, None)
        except InputError:  # the same refusal must come either way (its column list may be shorter)
            with pytest.raises(InputError):
                _document(name, paths, options, columns)
            continue
        assert _document(name, paths, options, columns) == whole, settings


def test_funnel_leaves_unused_columns_unread():
    funnel = columns_to_read(["funnel"], ReportOptions())
    pruned = load_dataset([EXAMPLES / "salesforce_opportunities.csv"], LoadOptions(columns=funnel)).tables["deals"]
    whole = load_dataset([EXAMPLES / "salesforce_opportunities.csv"], LoadOptions()).tables["deals"]
    assert {"owner", "account", "deal_name"} <= set(whole.columns)
    assert not {"owner", "account", "deal_name"} & set(pruned.columns)
    assert {"stage", "status", "amount", "probability", "close_date"} <= set(pruned.columns)
    by_owner = columns_to_read(["funnel"], ReportOptions(where=["owner=x"], by="account"))
    assert {"owner", "account"} <= by_owner["deals"]


def test_a_report_without_columns_reads_everything():
    assert columns_to_read(["lost-deals"], ReportOptions()) is None
    assert columns_to_read(["funnel", "lost-deals"], ReportOptions()) is None


@pytest.mark.parametrize("args", [["performance", "--by", "regionx"], ["funnel", "--where", "regionx=1"]])
def test_a_refusal_names_every_column_of_the_export(args):
    result = cli(*args, "--from", EXAMPLES / "salesforce_opportunities.csv", "-F", "json")
    assert result.exit_code == 2 and "regionx" in result.stderr
    listed = result.stderr.split("columns: ")[1]
    assert {"deal_name", "account", "owner", "lead_source", "type"} <= {c.strip() for c in listed.split(",")}


def test_a_bad_byte_in_an_unread_column_is_still_refused(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes("Stage,Amount,Account Name\nClosed Won,100,Caf\xe9\n".encode("cp1252"))
    result = cli("funnel", "--from", path, "--encoding", "utf-8", "-F", "json")
    assert result.exit_code == 2
    assert "not readable as utf-8" in result.stderr


@pytest.mark.parametrize("paths", [[EXAMPLES], [MAVEN], [EXAMPLES / "sales_office.xlsx"], [EXAMPLES / "fxiaoke_商机.csv"]],
                         ids=["examples", "maven", "xlsx", "fxiaoke"])
def test_reports_never_read_the_cells_as_read(paths):
    """Report runs let go of each file's cells once parsed (keep_cells=False): every report must give the same
    document, or the same refusal, as with the cells kept; and the files' row counts must still be reported."""
    kept = load_dataset(paths, LoadOptions())
    dropped = load_dataset(paths, LoadOptions(keep_cells=False))
    assert all(len(source.raw.frame.columns) == 0 for source in dropped.sources)
    assert dropped.inputs() == kept.inputs() and sum(row["rows"] for row in kept.inputs()) > 0
    options = ReportOptions(until=dt.date(2030, 12, 31))
    ran = 0
    for name in registry():
        try:
            whole = json.loads(render_report(run_report(name, kept, options), "json"))
        except InputError:
            with pytest.raises(InputError):
                run_report(name, dropped, options)
            continue
        document = json.loads(render_report(run_report(name, dropped, options), "json"))
        whole.pop("generated_at"), document.pop("generated_at")
        assert document == whole, name
        ran += 1
    assert ran >= 10
