"""The command line: parses options, calls the library, picks a renderer. No computation here.

Every module in ``crmreport/reports/`` becomes a command with the same common options.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from .errors import InputError

app = typer.Typer(
    name="crmreport",
    help="Trustworthy sales reports from CRM exports (Zoho, Salesforce, HubSpot, Pipedrive, ActiveCampaign, "
         "纷享销客, spreadsheets).",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    terminal = "terminal"
    json = "json"


class Period(str, Enum):
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


FromOption = Annotated[list[Path], typer.Option("--from", "-f", help="Input file or folder (repeatable).",
                                                show_default=False)]
EncodingOption = Annotated[Optional[str], typer.Option(help="Force the input encoding (e.g. gb18030, cp1252).")]
DayFirstOption = Annotated[Optional[bool], typer.Option("--dayfirst/--monthfirst",
                                                        help="Force day/month order of dates like 05/03/2024.")]
MapOption = Annotated[Optional[Path], typer.Option("--map", help="Mapping file (TOML) for columns and stages.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
FormatOption = Annotated[Optional[OutputFormat], typer.Option("--format", "-F",
                                                              help="Output format [default: terminal, or from -o].")]
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")]


def fail(message: str) -> None:
    """Print one line to stderr and exit with status 2."""
    typer.echo(f"crmreport: error: {message}", err=True)
    raise typer.Exit(2)


def guarded(debug: bool, action: Callable[[], None]) -> None:
    """Run ``action``; user errors become one line on stderr and exit 2 (tracebacks only with --debug)."""
    try:
        action()
    except InputError as exc:
        if debug:
            raise
        fail(str(exc))
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:
        fail("interrupted")
    except Exception as exc:  # a bug or an input we did not foresee: still no traceback without --debug
        if debug:
            raise
        fail(f"unexpected {type(exc).__name__}: {exc} (run again with --debug to see where)")


def parse_day(value: str | None, option: str) -> dt.date | None:
    """An ISO date from --since/--until."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{option} {value!r}: expected a date as YYYY-MM-DD") from exc


def resolve_format(requested: OutputFormat | None, output: Path | None) -> OutputFormat:
    """The explicit --format, else the one -o's suffix names, else terminal."""
    if requested is not None:
        return requested
    if output is not None and output.suffix.lower() == ".json":
        return OutputFormat.json
    return OutputFormat.terminal


def emit(text: str, output: Path | None) -> None:
    """Write rendered text to -o atomically, or to stdout."""
    from .output import write_atomic

    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


def run_report_command(name: str, sources: list[Path], output_format: OutputFormat | None, output: Path | None,
                       since: str | None, until: str | None, where: list[str], period: Period, by: str | None,
                       top: int | None, encoding: str | None, dayfirst: bool | None, map_file: Path | None,
                       strict: bool) -> None:
    """Load the inputs, run one report, render it."""
    from .loaders import LoadOptions, load_dataset
    from .report import ReportOptions
    from .reports import run_report

    if top is not None and top < 1:
        raise InputError("--top must be 1 or more")
    options = ReportOptions(since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                            period=period.value, by=by, top=top, where=list(where))
    dataset = load_dataset(sources, LoadOptions(encoding=encoding, dayfirst=dayfirst, map_file=map_file))
    report = run_report(name, dataset, options)
    if strict and report.warnings:
        raise InputError(f"--strict: {len(report.warnings)} data warning(s); the first: {report.warnings[0]}")
    chosen = resolve_format(output_format, output)
    if chosen is OutputFormat.json:
        from .render.json import render

        emit(render(report), output)
    elif output is not None:
        from .render.terminal import render

        emit(render(report), output)
    else:
        from rich.console import Console

        from .render.terminal import print_report

        console = Console()
        if not console.is_terminal:
            console = Console(width=160)  # piped or redirected: wide enough for the widest tables
        print_report(report, console)


def register_report(name: str, title: str) -> None:
    """Add ``crmreport NAME`` with the common report options."""

    def command(
        sources: FromOption,
        output_format: FormatOption = None,
        output: OutputOption = None,
        since: Annotated[Optional[str], typer.Option(help="First close date of closed deals (YYYY-MM-DD).")] = None,
        until: Annotated[Optional[str], typer.Option(help="Last close date of closed deals (YYYY-MM-DD).")] = None,
        where: Annotated[list[str], typer.Option(help="Filter rows: column=value or column!=value (repeatable).")] = [],
        period: Annotated[Period, typer.Option(help="Period of time tables.")] = Period.month,
        by: Annotated[Optional[str], typer.Option(help="Group by this canonical column (owner, team, region …).")] = None,
        top: Annotated[Optional[int], typer.Option(help="Show only the first N rows of grouped tables.")] = None,
        encoding: EncodingOption = None,
        dayfirst: DayFirstOption = None,
        map_file: MapOption = None,
        strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 2) when the data has warnings.")] = False,
        debug: DebugOption = False,
    ) -> None:
        guarded(debug, lambda: run_report_command(name, sources, output_format, output, since, until, where, period,
                                                  by, top, encoding, dayfirst, map_file, strict))

    command.__doc__ = title
    app.command(name=name, help=title)(command)


@app.command("list")
def list_reports(
    output_format: FormatOption = None,
    debug: DebugOption = False,
) -> None:
    """List the reports and the tables and columns each needs."""

    def action() -> None:
        from .reports import registry

        rows = [{"report": name, "title": module.TITLE, "needs": {t: list(c) for t, c in module.NEEDS.items()}}
                for name, module in registry().items()]
        if output_format is OutputFormat.json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            needs = "; ".join(f"{table}: {', '.join(cols)}" for table, cols in row["needs"].items())
            typer.echo(f"{row['report']:<14} {row['title']:<28} needs {needs}")

    guarded(debug, action)


@app.command("inspect")
def inspect(
    sources: FromOption,
    output_format: FormatOption = None,
    output: OutputOption = None,
    encoding: EncodingOption = None,
    dayfirst: DayFirstOption = None,
    map_file: MapOption = None,
    debug: DebugOption = False,
) -> None:
    """Show how each input was read: source profile, header → canonical column, unmapped headers, parse failures."""

    def action() -> None:
        from .loaders import LoadOptions, inspect_files
        from .render.inspect import render_text

        described = inspect_files(sources, LoadOptions(encoding=encoding, dayfirst=dayfirst, map_file=map_file))
        if resolve_format(output_format, output) is OutputFormat.json:
            emit(json.dumps(described, ensure_ascii=False, indent=2) + "\n", output)
        else:
            emit(render_text(described), output)

    guarded(debug, action)


def _register_reports() -> None:
    from .reports import registry

    for name, module in registry().items():
        register_report(name, module.TITLE)


_register_reports()


def main() -> None:
    """Console-script entry point."""
    app()
