"""Test helpers: paths to the real datasets and examples, and the CLI run in-process."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from crmreport.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATASETS = ROOT.parent / "shared" / "datasets"
MAVEN = DATASETS / "maven_crm"


def cli(*args: str):
    """Run crmreport in-process; returns typer's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def report_json(*args: str) -> dict:
    """Run a report with --format json and return the parsed document (fails the test on a non-zero exit)."""
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr or result.stdout
    return json.loads(result.stdout)


def assert_refused(tmp_path: Path, *args: str, message: str) -> None:
    """The command fails with exit 2, says ``message`` on stderr, and writes no output file."""
    target = tmp_path / "refused.json"
    result = cli(*args, "-F", "json", "-o", target)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert not target.exists()


def without_module(monkeypatch, module: str) -> None:
    """Make ``import module`` fail for the rest of the test, as on a machine without it installed."""
    import builtins

    real_import = builtins.__import__

    def refusing(name, *args, **kwargs):
        if name == module:
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refusing)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_csv(path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write a small export the way a CRM would (all fields quoted when needed)."""
    import csv

    with path.open("w", newline="", encoding=encoding) as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def grouped_export(header: list[str], rows: list[list[str]], groups: list[str], amount: str) -> list[list[str]]:
    """``rows`` as a grouped report export writes them: sorted by the ``groups`` columns, each group's value only on
    its first row, a subtotal row after each group (its label in the group's column, the group's amount beside it)
    and a grand total at the end."""
    def money(value: float) -> str:
        return f"USD {value:,.2f}"

    def amount_of(row: list[str]) -> float:
        return float(row[header.index(amount)].removeprefix("USD ").replace(",", "") or 0)

    def subtotal(label_column: str, members: list[list[str]]) -> list[str]:
        row = [""] * len(header)
        row[header.index(label_column)], row[header.index(amount)] = "Subtotal", money(sum(map(amount_of, members)))
        return row

    def written(members: list[list[str]], level: int) -> list[list[str]]:
        if level == len(groups):
            return [row[:] for row in members]
        column = header.index(groups[level])
        out = []
        for value in sorted({row[column] for row in members}):
            group = written([row for row in members if row[column] == value], level + 1)
            for row in group[1:]:
                row[column] = ""
            out += group + [subtotal(groups[level], [row for row in members if row[column] == value])]
        return out

    grand = [""] * len(header)
    grand[0], grand[header.index(amount)] = "Grand Total", money(sum(map(amount_of, rows)))
    return written(rows, 0) + [grand]
