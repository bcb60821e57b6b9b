"""The command line: output options, list, inspect, and bad input (one line on stderr, exit 2, nothing written)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES, MAVEN, cli, report_json, sha256, write_csv

PIPELINE = MAVEN / "sales_pipeline.csv"


def test_json_contract_keys_and_types():
    result = cli("funnel", "--from", EXAMPLES / "zoho_deals.csv", "--format", "json")
    doc = json.loads(result.stdout)
    assert set(doc) == {"report", "title", "generated_at", "period", "inputs", "kpis", "tables", "warnings"}
    assert doc["report"] == "funnel" and doc["period"] == {"since": None, "until": None}
    assert doc["inputs"] == [{"path": str(EXAMPLES / "zoho_deals.csv"), "rows": 40, "table": "deals", "profile": "zoho"}]
    assert all(isinstance(v, (int, float, str, type(None))) for v in doc["kpis"].values())
    assert 0 <= doc["kpis"]["win_rate"] <= 1
    assert isinstance(doc["tables"]["stages"], list) and isinstance(doc["warnings"], list)


@pytest.mark.parametrize("copies", [1, 2])
def test_warnings_agree_with_their_count(tmp_path, copies):
    """One deal of a kind: "1 open deal has"; two: "2 open deals have". Counted by hand: per copy, deal A is open
    without an amount, B open with an amount but neither a probability nor a stage the stage table knows, E won
    without a close date."""
    rows = [["A", "Qualification", "", "20", "2030-01-01", "2024-01-01"],
            ["B", "Custom Step", "100", "", "2030-01-01", "2024-01-01"],
            ["C", "Proposal", "300", "50", "2030-02-01", "2024-01-01"],
            ["D", "Closed Won", "50", "100", "2024-03-01", "2024-01-01"],
            ["E", "Closed Won", "70", "100", "", "2024-01-01"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", "Amount", "Probability (%)", "Close Date",
                                               "Created Date"], [[f"{row[0]}{copy}", *row[1:]] for copy in range(copies)
                                                                 for row in rows])
    pipeline = json.loads(cli("pipeline", "--from", path, "-F", "json").stdout)["warnings"]
    cycle = json.loads(cli("cycle", "--from", path, "-F", "json").stdout)["warnings"]
    if copies == 1:
        assert pipeline == ["1 open deal has no amount; it counts in open_count only",
                            "1 open deal with an amount has no probability (none in the export, stage unknown to the "
                            "stage table); it is left out of weighted_amount"]
        assert cycle[0] == "1 won deal lacks a created or close date and is left out of the cycle"
    else:
        assert pipeline == ["2 open deals have no amount; they count in open_count only",
                            "2 open deals with an amount have no probability (none in the export, stage unknown to "
                            "the stage table); they are left out of weighted_amount"]
        assert cycle[0] == "2 won deals lack a created or close date and are left out of the cycle"


def test_output_file_is_written_and_format_follows_the_suffix(tmp_path):
    target = tmp_path / "cycle.json"
    result = cli("cycle", "--from", PIPELINE, "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["kpis"]["median_cycle_days"] == 57
    assert [p.name for p in tmp_path.iterdir()] == ["cycle.json"]  # no temporary file left behind
    text = tmp_path / "cycle.txt"
    assert cli("cycle", "--from", PIPELINE, "-o", text).exit_code == 0
    assert "Median cycle days" in text.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["funnel.xls", "funnel.ods", "funnel.xlsm", "funnel.docx"])
def test_an_output_suffix_that_names_no_format_written_is_refused(tmp_path, name):
    """``-o funnel.xls`` wrote the terminal text into a file Excel cannot open; it is refused now, and an explicit
    --format still writes whatever the name."""
    target = tmp_path / name
    result = cli("funnel", "--from", PIPELINE, "-o", target)
    assert result.exit_code == 2 and result.stdout == ""
    suffix = name.split(".")[1]
    assert result.stderr.strip() == (f"crmreport: error: {target}: no format crmreport writes has the suffix .{suffix} "
                                     "(.json, .html, .htm, .xlsx, .csv, .md, .pdf, .txt); name the file with one of "
                                     "them, or choose the format with --format")
    assert list(tmp_path.iterdir()) == []
    assert cli("funnel", "--from", PIPELINE, "-o", target, "-F", "json").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["report"] == "funnel"


def test_terminal_output_shows_kpis_tables_and_warnings():
    result = cli("pipeline", "--from", PIPELINE)
    assert result.exit_code == 0
    assert "Open pipeline" in result.stdout and "Open count" in result.stdout and "2,089" in result.stdout
    assert "2089 open deals have no amount" in result.stdout


def test_terminal_output_does_not_interpret_markup_in_data(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Owner", "Stage", "Amount"],
                     [["x", "[bold red]Eve[/bold red]", "Open", "5"]])
    result = cli("pipeline", "--from", path)
    assert "[bold red]Eve[/bold red]" in result.stdout


def test_list_names_every_report_and_its_needs():
    result = cli("list", "--format", "json")
    reports = {row["report"]: row for row in json.loads(result.stdout)}
    assert {"pipeline", "funnel", "performance", "cycle"} <= set(reports)
    assert reports["cycle"]["needs"] == {"deals": ["status", "created_date", "close_date"]}
    text = cli("list").stdout
    assert "needs ledger or orders or deals\n" in text  # either table; no dangling colon
    assert "needs deals: status, created_date, close_date" in text


def test_inspect_shows_mapping_unmapped_and_parse_failures(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Stage", "Amount", "Close Date", "Favourite colour"],
                     [["A", "Won", "12 apples", "2024-01-01"], ["B", "Lost", "5", "someday"]])
    result = cli("inspect", "--from", path)
    assert result.exit_code == 0
    out = result.stdout
    assert "'Amount'" in out and "-> amount" in out
    assert "unmapped: 'Favourite colour'" in out
    assert "amount (Amount): 1 value could not be read as money, e.g. '12 apples' (rows 2)" in out
    assert "close_date (Close Date): 1 value could not be read as a date, e.g. 'someday' (rows 3)" in out


def test_values_with_surrounding_spaces_are_read_and_shown_stripped(tmp_path):
    """Parsed columns are stripped per distinct value, not cell by cell first: the result must be the same."""
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Stage", "Amount", "Close Date", "Created Date"],
                     [["A", "Closed Won", "  1,200.50 ", "  2024-01-15 ", "2024-01-01"],
                      ["B", "Closed Won", "$300", "2024-02-01", " 2024-01-10"],
                      ["C", "Closed Lost", "  12 apples  ", "2024-03-01", "2024-01-20"],
                      ["D", "Prospecting", "USD 50", " ", "2024-01-05"]])
    result = cli("funnel", "--from", path, "-F", "json")
    report = json.loads(result.stdout)
    assert (report["kpis"]["won_count"], report["kpis"]["lost_count"]) == (2, 1)
    assert report["kpis"]["won_amount"] == 1500.50
    assert any("1 value could not be read as money, e.g. '12 apples' (rows 4)" in w for w in report["warnings"])
    cycle = json.loads(cli("cycle", "--from", path, "-F", "json").stdout)
    assert cycle["kpis"]["avg_cycle_days"] == (14 + 22) / 2  # A: Jan 1 to 15, B: Jan 10 to Feb 1


def test_strict_turns_warnings_into_failure(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Stage", "Amount"], [["A", "Won", "oops"]])
    target = tmp_path / "out.json"
    result = cli("funnel", "--from", path, "--strict", "-o", target)
    assert result.exit_code == 2
    assert "--strict" in result.stderr and "could not be read as money" in result.stderr
    assert not target.exists()


def run_failing(tmp_path, *args):
    """Run a command that must fail: exit 2, one line on stderr, no traceback, no output file."""
    target = tmp_path / "out.json"
    result = cli(*args, "-o", target)
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crmreport: error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
    return lines[0]


def test_missing_file(tmp_path):
    message = run_failing(tmp_path, "funnel", "--from", tmp_path / "nope.csv")
    assert "nope.csv: no such file or folder" in message


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "the file is empty" in run_failing(tmp_path, "funnel", "--from", empty)
    bom_only = tmp_path / "bom.csv"
    bom_only.write_bytes(b"\xef\xbb\xbf\r\n")
    assert "the file is empty" in run_failing(tmp_path, "funnel", "--from", bom_only)


def test_binary_file_is_not_a_table(tmp_path):
    binary = tmp_path / "deals.csv"
    binary.write_bytes(bytes(range(256)) * 20)
    before = sha256(binary)
    message = run_failing(tmp_path, "funnel", "--from", binary)
    assert "not a table" in message or "not a well-formed table" in message or "binary" in message
    assert sha256(binary) == before


def test_corrupt_workbook(tmp_path):
    broken = tmp_path / "deals.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert "not a readable .xlsx workbook" in run_failing(tmp_path, "funnel", "--from", broken)


def test_unreadable_file(tmp_path):
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    assert "holds no .csv" in run_failing(tmp_path, "funnel", "--from", folder)


def test_file_that_is_no_deals_table(tmp_path):
    path = write_csv(tmp_path / "products.csv", ["product", "series", "sales_price"], [["GTX", "GT", "550"]])
    notes = write_csv(tmp_path / "notes.csv", ["when", "what"], [["Monday", "call Ann"]])
    message = run_failing(tmp_path, "funnel", "--from", path, "--from", notes)
    assert "funnel needs a deals table" in message
    assert "products.csv (products)" in message and "notes.csv (unrecognised)" in message


def test_a_dashboard_no_report_can_run_says_each_reason_once(tmp_path):
    """A targets table alone: every report is refused. The message named each report's reason in full, the same
    'needs a deals table … (read: …)' nine times over; now once, after the reports it stops."""
    message = run_failing(tmp_path, "dashboard", "--from", EXAMPLES / "targets.csv")
    assert message.removeprefix("crmreport: error: ").startswith(
        "no report could run on these inputs (pipeline, funnel, performance, cycle, lost-deals, lead-sources, trends, "
        "forecast, goals: needs a deals table, but none of the inputs is")
    assert message.count("needs a deals table") == 1 and "requests, response, satisfaction: needs a tickets table" \
        in message


def test_a_status_alone_makes_no_deals_table_and_the_refusal_says_what_does(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Status", "Owner"], [["A", "won", "Ann"]])
    message = run_failing(tmp_path, "funnel", "--from", path)
    assert "d.csv (unrecognised)" in message
    assert "A deals table needs a stage column, or a status column beside an amount or a close date." in message
    with_amount = write_csv(tmp_path / "e.csv", ["Deal Name", "Status", "Owner", "Amount"], [["A", "won", "Ann", "5"]])
    assert report_json("performance", "--from", with_amount)["kpis"]["won_amount"] == 5


def test_missing_column_names_report_headers_and_aliases(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Stage", "Amount"], [["A", "Won", "5"]])
    before = sha256(path)
    message = run_failing(tmp_path, "cycle", "--from", path)
    assert "cycle needs column(s) created_date, close_date in the deals table" in message
    assert "Headers found: Amount, Deal Name, Stage" in message
    assert "closing date" in message and "created time" in message  # aliases tried
    assert sha256(path) == before


@pytest.mark.parametrize("args, fragment", [
    (["--where", "colour=red"], "no column 'colour'"),
    (["--where", "nonsense"], "expected column=value"),
    (["--since", "yesterday"], "expected a date as YYYY-MM-DD"),
    (["--since", "2024-02-01", "--until", "2024-01-01"], "is after --until"),
    (["--by", "planet"], "--by planet: no such column"),
    (["--top", "0"], "--top must be 1 or more"),
])
def test_bad_options(tmp_path, args, fragment):
    assert fragment in run_failing(tmp_path, "performance", "--from", PIPELINE, *args)


def test_bad_map_file(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\namount = "Not There"\n', encoding="utf-8")
    assert "names header(s) that no input has: amount = 'Not There'" in run_failing(
        tmp_path, "funnel", "--from", PIPELINE, "--map", mapping)
    mapping.write_text('[columns]\nvalue = "close_value"\n', encoding="utf-8")
    assert "'value' is not a canonical column" in run_failing(tmp_path, "funnel", "--from", PIPELINE, "--map", mapping)
    mapping.write_text('[columns\n', encoding="utf-8")
    assert "not valid TOML" in run_failing(tmp_path, "funnel", "--from", PIPELINE, "--map", mapping)


def test_mixed_currencies_are_refused(tmp_path):
    path = write_csv(tmp_path / "d.csv", ["Deal Name", "Owner", "Stage", "Amount"],
                     [["A", "Ann", "Won", "USD 10"], ["B", "Bob", "Won", "EUR 20"]])
    message = run_failing(tmp_path, "performance", "--from", path)
    assert "several currencies (EUR, USD)" in message
    single = cli("performance", "--from", path, "--where", "currency=EUR", "--format", "json")
    assert json.loads(single.stdout)["kpis"]["won_amount"] == 20


def test_exchange_rate_column_converts(tmp_path):
    path = write_csv(tmp_path / "zoho.csv", ["Deal Name", "Deal Owner", "Stage", "Amount", "Currency", "Exchange Rate",
                                             "Closing Date"],
                     [["A", "Ann", "Closed Won", "100", "USD", "1", "2024-01-01"],
                      ["B", "Ann", "Closed Won", "90", "EUR", "0.9", "2024-01-01"]])
    doc = json.loads(cli("performance", "--from", path, "--format", "json").stdout)
    assert doc["kpis"]["won_amount"] == pytest.approx(100 + 90 / 0.9)


def test_debug_shows_the_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crmreport", "funnel", "--from", str(tmp_path / "nope.csv"), "--debug"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_console_script_runs_as_a_subprocess():
    result = subprocess.run([sys.executable, "-m", "crmreport", "cycle", "--from", str(PIPELINE), "--format", "json"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["kpis"]["median_cycle_days"] == 57


def test_the_process_ends_with_the_commands_status_and_all_its_output(tmp_path):
    """main() ends the process without interpreter teardown: the status, stdout, stderr and files must be whole."""
    def run(*arguments):
        return subprocess.run([sys.executable, "-m", "crmreport", *arguments], capture_output=True, text=True)

    piped = run("pipeline", "--from", str(PIPELINE), "--format", "json")
    direct = json.loads(cli("pipeline", "--from", str(PIPELINE), "--format", "json").stdout)
    assert piped.returncode == 0 and {**json.loads(piped.stdout), "generated_at": None} == {**direct, "generated_at": None}
    written = run("audit", "--from", str(PIPELINE), "-o", str(tmp_path / "audit.json"))
    assert written.returncode == 1  # the Maven pipeline has errors (open deals without close date)
    assert json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))["kpis"]["missing_required"] > 0
    missing = run("funnel", "--from", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.strip() == f"crmreport: error: {tmp_path / 'nope.csv'}: no such file or folder"


def test_a_named_command_runs_alone_as_in_the_whole_application(tmp_path):
    """main() builds only the command named on the command line: help, option errors and results must be what the
    whole application gives. Both run in subprocesses of the same terminal width."""
    from crmreport.cli import app, app_for

    console_script = str(Path(sys.executable).with_name("crmreport"))  # installed with the package: calls main()
    whole = "import sys\nfrom crmreport.cli import app\nsys.argv[0] = 'crmreport'\napp()"
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}

    def both(*arguments):
        alone = subprocess.run([console_script, *arguments], capture_output=True, text=True, env=env)
        full = subprocess.run([sys.executable, "-c", whole, *arguments], capture_output=True, text=True, env=env)
        return alone, full

    names = [info.name for info in app.registered_commands]
    assert len(names) > 20 and all(app_for([name]) is not app for name in names)
    assert app_for(["funel"]) is app and app_for(["--help", "funnel"]) is app
    listed = [[], ["--help"]]  # the commands listed without building their options
    assert all(app_for(arguments) is not app for arguments in listed)
    for arguments in [[name, "--help"] for name in names] + [["funnel", "--bogus"], ["audit"], ["funel"]] + listed:
        alone, full = both(*arguments)
        assert (alone.returncode, alone.stdout, alone.stderr) == (full.returncode, full.stdout, full.stderr), arguments
        assert alone.stdout or alone.stderr
    alone, full = both("cycle", "--from", str(PIPELINE), "--format", "json")
    assert alone.returncode == 0 and json.loads(alone.stdout)["kpis"] == json.loads(full.stdout)["kpis"]


def test_inputs_larger_than_memory_fail_early(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "big.csv", ["Deal Name", "Stage", "Amount"], [[f"deal {i}", "Won", "10"] for i in range(20000)])
    monkeypatch.setenv("CRMREPORT_MEMORY_LIMIT", "1M")
    message = run_failing(tmp_path, "funnel", "--from", path)
    assert "need about" in message and "1.0 MB are available" in message and "CRMREPORT_MEMORY_LIMIT" in message
    monkeypatch.setenv("CRMREPORT_MEMORY_LIMIT", "2G")
    assert cli("funnel", "--from", path, "-F", "json").exit_code == 0
    monkeypatch.setenv("CRMREPORT_MEMORY_LIMIT", "lots")
    assert "expected a size such as 4G" in run_failing(tmp_path, "funnel", "--from", path)


def test_command_line_is_built_without_importing_pandas():
    """--help and list read the report catalog from source: no pandas, matplotlib or openpyxl import."""
    script = ("import sys\nfrom crmreport.cli import app\n"
              "print(sorted(m for m in ('pandas', 'matplotlib', 'openpyxl', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_report_run_imports_its_own_module_only():
    script = ("import sys\nfrom typer.testing import CliRunner\nfrom crmreport.cli import app\n"
              f"result = CliRunner().invoke(app, ['funnel', '--from', {str(PIPELINE)!r}, '--format', 'json'])\n"
              "assert result.exit_code == 0, result.output\n"
              "print(sorted(m for m in sys.modules if m.startswith('crmreport.reports.')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['crmreport.reports.funnel']"


def test_catalog_matches_the_modules():
    from crmreport.catalog import entries
    from crmreport.reports import registry

    modules = registry()
    assert [entry.name for entry in entries()] == list(modules)
    for entry in entries():
        module = modules[entry.name]
        assert (entry.title, entry.needs, entry.order) == (module.TITLE, module.NEEDS, getattr(module, "ORDER", 100))


def test_catalog_reads_constants_before_the_first_definition_and_falls_back_to_the_whole_module():
    from crmreport.catalog import _prologue

    def names(tree):
        return [node.targets[0].id for node in tree.body if hasattr(node, "targets")]

    source = 'NAME = "a"\n\ndef f():\n    pass\n\nLATE = 1\n'
    assert names(_prologue(source, "m.py")) == ["NAME"]
    # the first "def" at a line start is inside a string: the cut part does not parse, the whole module is read
    tricky = 'NAME = "a"\nHELP = """\ndef in a string\n"""\nTITLE = "t"\n\ndef g():\n    pass\n'
    assert names(_prologue(tricky, "m.py")) == ["NAME", "HELP", "TITLE"]
