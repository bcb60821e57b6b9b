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
