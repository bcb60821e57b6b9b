"""The command line: parses options, calls the library, picks a renderer. No computation here.

Every module in ``crmreport/reports/`` becomes a command with the same common options.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from .errors import InputError

APP_SETTINGS = {
    "name": "crmreport",
    "help": "Trustworthy sales reports from CRM exports (Zoho, Salesforce, HubSpot, Pipedrive, ActiveCampaign, "
            "纷享销客, Dynamics 365, spreadsheets).",
    "add_completion": True,
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
}
app = typer.Typer(**APP_SETTINGS)


SINCE_HELP = "First day of the period (YYYY-MM-DD): closed deals by close date, other tables by their own date."
UNTIL_HELP = "Last day of the period (YYYY-MM-DD), as for --since."


class OutputFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    html = "html"
    xlsx = "xlsx"
    csv = "csv"
    md = "md"
    pdf = "pdf"


class SummaryFormat(str, Enum):
    """clean's summary goes to standard output: for people or for programs."""

    terminal = "terminal"
    json = "json"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


SUFFIX_FORMATS = {".json": OutputFormat.json, ".html": OutputFormat.html, ".htm": OutputFormat.html,
                  ".xlsx": OutputFormat.xlsx, ".csv": OutputFormat.csv, ".md": OutputFormat.md,
                  ".pdf": OutputFormat.pdf, ".txt": OutputFormat.terminal}
BINARY_FORMATS = {OutputFormat.xlsx, OutputFormat.pdf}
GC_THRESHOLDS = (10_000, 10, 10)  # see main()
WHERE_HELP = "Filter rows: column=value, column!=value, or column>value (>=, <, <=) on numbers and dates (repeatable)."


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
RatesOption = Annotated[Optional[Path], typer.Option(
    "--rates", help="Exchange rates (CSV: currency,rate — units per one of the report currency, whose rate is 1).")]
FiscalYearOption = Annotated[int, typer.Option(
    help="Month the fiscal year starts (1-12): --period quarter and year are fiscal, named by the year they end "
         "(FY2025Q1).")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
FormatOption = Annotated[Optional[OutputFormat], typer.Option("--format", "-F",
                                                              help="Output format [default: terminal, or from -o].")]
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")]
MaskPiiOption = Annotated[bool, typer.Option("--mask-pii", help="Mask emails, phones and person names; drop free text.")]
MaskOwnersOption = Annotated[bool, typer.Option("--mask-owners", help="With --mask-pii: sales reps' names to initials too.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of titles, labels and numbers in human outputs.")]


def fail(problem: str | Exception, lang: str = "en") -> None:
    """Print one line to stderr and exit with status 2 (in Chinese under --lang zh where the error has Chinese)."""
    if lang == "zh":
        from .i18n import error_zh

        if chinese := error_zh(problem):
            typer.echo(f"crmreport：错误：{chinese}", err=True)
            raise typer.Exit(2)
    typer.echo(f"crmreport: error: {problem}", err=True)
    raise typer.Exit(2)


def guarded(debug: bool, action: Callable[[], None], lang: str = "en") -> None:
    """Run ``action``; user errors become one line on stderr and exit 2 (tracebacks only with --debug)."""
    try:
        action()
    except InputError as exc:
        if debug:
            raise
        fail(exc, lang)
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:
        fail("interrupted", lang)
    except BrokenPipeError:  # the reader went away (`crmreport list | head`): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1)
    except Exception as exc:  # a bug or an input we did not foresee: still no traceback without --debug
        if debug:
            raise
        fail(f"unexpected {type(exc).__name__}: {exc} (run again with --debug to see where)", lang)


def parse_day(value: str | None, option: str) -> dt.date | None:
    """An ISO date from --since/--until."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{option} {value!r}: expected a date as YYYY-MM-DD") from exc


def resolve_format(requested: OutputFormat | None, output: Path | None) -> OutputFormat:
    """The explicit --format, else the one -o's suffix names, else terminal; binary formats need -o. A suffix that
    names no format crmreport writes is refused (an ``-o funnel.xls`` or ``.ods`` would hold terminal text)."""
    if requested is None and output is not None and output.suffix and output.suffix.lower() not in SUFFIX_FORMATS:
        raise InputError(f"{output}: no format crmreport writes has the suffix {output.suffix} "
                         f"({', '.join(SUFFIX_FORMATS)}); name the file with one of them, or choose the format with "
                         "--format")
    chosen = requested or (SUFFIX_FORMATS.get(output.suffix.lower()) if output else None) or OutputFormat.terminal
    if chosen in BINARY_FORMATS and output is None:
        raise InputError(f"--format {chosen.value} writes a binary file: name it with -o FILE.{chosen.value}")
    return chosen


def emit(data: str | bytes, output: Path | None, private: bool = False) -> None:
    """Write rendered output to -o atomically (owner-only when ``private``), or text to stdout."""
    from .output import write_atomic

    if output is None:
        sys.stdout.write(data)
    else:
        write_atomic(output, data, private)


def mask_options(load_options):
    """What to mask, from the --mask-pii / --mask-owners flags carried in the load options."""
    from .privacy import MaskOptions

    return MaskOptions(load_options.mask_pii, load_options.mask_owners)


def is_private(dataset, load_options) -> bool:
    """Outputs hold unmasked personal data: write them readable by their owner only."""
    from .privacy import holds_personal_data

    return holds_personal_data(dataset, mask_options(load_options))


def show(report, lang: str = "en") -> None:
    """Print a report on the terminal (160 columns wide when stdout is piped or redirected)."""
    from rich.console import Console

    from .render.terminal import print_report

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    print_report(report, console, lang)


def check_region(region: str) -> None:
    """InputError unless ``region`` is a region code phonenumbers knows."""
    import phonenumbers

    if region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise InputError(f"--region {region!r}: not a region code such as US, CN, GB, DE")


def render_report(report, chosen: OutputFormat, lang: str, table: str | None) -> str | bytes:
    """Pick the renderer for a file or stdout (the terminal itself is handled by the caller)."""
    from .render import render_report as render

    return render(report, chosen.value, lang, table)


def report_options(since: str | None, until: str | None, where: list[str], period: "Period", by: str | None,
                   top: int | None, rates: Path | None = None, fiscal_year_start: int = 1):
    """ReportOptions from the common command-line options, checked (the --rates file read)."""
    from .rates import read_optional_rates
    from .report import ReportOptions

    if top is not None and top < 1:
        raise InputError("--top must be 1 or more")
    if not 1 <= fiscal_year_start <= 12:
        raise InputError(f"--fiscal-year-start must be a month number from 1 to 12, not {fiscal_year_start}")
    return ReportOptions(since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                         period=period.value, fiscal_year_start=fiscal_year_start, by=by, top=top, where=list(where),
                         rates=read_optional_rates(rates))


def run_report_command(name: str, sources: list[Path], output_format: OutputFormat | None, output: Path | None,
                       options, load_options, strict: bool, lang: Lang, table: str | None) -> None:
    """Load the inputs, run one report, render it."""
    from dataclasses import replace

    from .catalog import grouping_reports
    from .loaders import load_dataset
    from .privacy import mask_report
    from .reports import columns_to_read, run_report

    chosen = resolve_format(output_format, output)
    grouping = grouping_reports()
    if options.by and name not in grouping:
        raise InputError(f"{name} does not group by a column: --by is for {', '.join(grouping)}")
    columns = columns_to_read([name], options)
    dataset = load_dataset(sources, replace(load_options, columns=columns, keep_cells=False))
    try:
        computed = run_report(name, dataset, options)
    except InputError:
        if columns is None:
            raise
        # a refusal lists the columns the inputs have: read them all, so it names the unread ones too
        dataset = load_dataset(sources, replace(load_options, keep_cells=False))
        computed = run_report(name, dataset, options)
    report = mask_report(computed, mask_options(load_options))
    if strict and report.warnings:
        raise InputError(f"--strict: {len(report.warnings)} data warning(s); the first: {report.warnings[0]}")
    if chosen is OutputFormat.terminal and output is None:
        show(report, lang.value)
        return
    emit(render_report(report, chosen, lang.value, table), output, is_private(dataset, load_options))


def register_report(name: str, title: str) -> None:
    """Add ``crmreport NAME`` with the common report options."""

    def command(
        sources: FromOption,
        output_format: FormatOption = None,
        output: OutputOption = None,
        since: Annotated[Optional[str], typer.Option(help=SINCE_HELP)] = None,
        until: Annotated[Optional[str], typer.Option(help=UNTIL_HELP)] = None,
        where: Annotated[list[str], typer.Option(help=WHERE_HELP)] = [],
        period: Annotated[Period, typer.Option(help="Period of time tables.")] = Period.month,
        fiscal_year_start: FiscalYearOption = 1,
        by: Annotated[Optional[str], typer.Option(help="Group by this canonical column (owner, team, region …).")] = None,
        top: Annotated[Optional[int], typer.Option(help="Show only the first N rows of grouped tables.")] = None,
        rates: RatesOption = None,
        encoding: EncodingOption = None,
        dayfirst: DayFirstOption = None,
        map_file: MapOption = None,
        strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 2) when the data has warnings.")] = False,
        lang: LangOption = Lang.en,
        table: Annotated[Optional[str], typer.Option(help="With --format csv: the table to write.")] = None,
        mask_pii: MaskPiiOption = False,
        mask_owners: MaskOwnersOption = False,
        debug: DebugOption = False,
    ) -> None:
        from .loaders import LoadOptions

        guarded(debug, lambda: run_report_command(
            name, sources, output_format, output,
            report_options(since, until, where, period, by, top, rates, fiscal_year_start),
            LoadOptions(encoding, dayfirst, map_file, mask_pii, mask_owners, fiscal_year_start=fiscal_year_start),
            strict, lang, table), lang.value)

    command.__doc__ = title
    app.command(name=name, help=title)(command)


@app.command("list")
def list_reports(
    output_format: FormatOption = None,
    debug: DebugOption = False,
) -> None:
    """List the reports, the tables and columns each needs, and which group by --by."""

    def action() -> None:
        from .catalog import entries

        rows = [{"report": entry.name, "title": entry.title, "needs": {t: list(c) for t, c in entry.needs.items()},
                 "groups_by": entry.groups_by} for entry in entries()]
        if output_format is OutputFormat.json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            needs = "; ".join(table.replace("|", " or ") + (f": {', '.join(cols)}" if cols else "")
                              for table, cols in row["needs"].items())
            grouping = "; takes --by" if row["groups_by"] else ""
            typer.echo(f"{row['report']:<14} {row['title']:<30} needs {needs}{grouping}")

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


@app.command("dashboard")
def dashboard(
    sources: FromOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="dash.html, dash.xlsx, dash.pdf or dash.json.")],
    output_format: FormatOption = None,
    since: Annotated[Optional[str], typer.Option(help=SINCE_HELP)] = None,
    until: Annotated[Optional[str], typer.Option(help=UNTIL_HELP)] = None,
    where: Annotated[list[str], typer.Option(help=WHERE_HELP)] = [],
    period: Annotated[Period, typer.Option(help="Period of time tables.")] = Period.month,
    fiscal_year_start: FiscalYearOption = 1,
    top: Annotated[Optional[int], typer.Option(help="Show only the first N rows of grouped tables.")] = None,
    rates: RatesOption = None,
    encoding: EncodingOption = None,
    dayfirst: DayFirstOption = None,
    map_file: MapOption = None,
    lang: LangOption = Lang.en,
    mask_pii: MaskPiiOption = False,
    mask_owners: MaskOwnersOption = False,
    debug: DebugOption = False,
) -> None:
    """Every report whose tables are present, on one page or workbook, with a KPI overview at the top."""

    def action() -> None:
        from .dashboard import build_dashboard
        from .loaders import LoadOptions, load_dataset

        from .render import render_dashboard

        chosen = resolve_format(output_format, output)
        if chosen not in (OutputFormat.html, OutputFormat.xlsx, OutputFormat.pdf, OutputFormat.json):
            raise InputError("the dashboard is written as html, xlsx, pdf or json (use -o dash.html or --format)")
        options = report_options(since, until, where, period, None, top, rates, fiscal_year_start)
        load = LoadOptions(encoding, dayfirst, map_file, mask_pii, mask_owners, keep_cells=False,
                           fiscal_year_start=fiscal_year_start)
        dataset = load_dataset(sources, load)
        from .privacy import mask_dashboard

        board = mask_dashboard(build_dashboard(dataset, options, keep_going=not debug), mask_options(load))
        emit(render_dashboard(board, chosen.value, lang.value), output, is_private(dataset, load))
        if board.failed:
            fail(f"the dashboard was written without {'; '.join(board.failed)}: run again with --debug to see where",
                 lang.value)

    guarded(debug, action, lang.value)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


@app.command("audit")
def audit_command(
    sources: FromOption,
    output_format: FormatOption = None,
    output: OutputOption = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when problems at or above this level exist.")]
    = FailOn.error,
    region: Annotated[str, typer.Option(help="Region of phone numbers written without a country code (US, CN …).")]
    = "US",
    name_threshold: Annotated[float, typer.Option(help="Similarity (0–100) of near-duplicate names.")] = 90.0,
    stale_days: Annotated[int, typer.Option(help="Open deals whose expected close date passed this long ago.")] = 30,
    as_of: Annotated[Optional[str], typer.Option(help="Today's date for future/stale checks (YYYY-MM-DD).")] = None,
    rates: RatesOption = None,
    encoding: EncodingOption = None,
    dayfirst: DayFirstOption = None,
    map_file: MapOption = None,
    lang: LangOption = Lang.en,
    table: Annotated[Optional[str], typer.Option(help="With --format csv: the table to write.")] = None,
    mask_pii: MaskPiiOption = False,
    mask_owners: MaskOwnersOption = False,
    debug: DebugOption = False,
) -> None:
    """Check the data before reporting: duplicates, invalid values, missing fields, inconsistent picklists.

    Exit status: 0 clean, 1 problems at or above --fail-on, 2 usage or input error.
    """
    failed = []

    def action() -> None:
        from .audit import AuditOptions, audit, fails
        from .loaders import LoadOptions, load_dataset
        from .privacy import mask_report
        from .rates import read_optional_rates

        check_region(region)
        if not 0 <= name_threshold <= 100:
            raise InputError("--name-threshold must be between 0 and 100")
        chosen = resolve_format(output_format, output)
        options = AuditOptions(region=region.upper(), name_threshold=name_threshold, stale_days=stale_days,
                               as_of=parse_day(as_of, "--as-of") or dt.date.today(),
                               rates=read_optional_rates(rates))
        load = LoadOptions(encoding, dayfirst, map_file, mask_pii, mask_owners)
        dataset = load_dataset(sources, load)
        report = mask_report(audit(dataset, options), mask_options(load))
        if chosen is OutputFormat.terminal and output is None:
            show(report, lang.value)
        else:
            emit(render_report(report, chosen, lang.value, table), output, is_private(dataset, load))
        failed.append(fails(report, fail_on.value))

    guarded(debug, action, lang.value)
    if failed and failed[0]:
        raise typer.Exit(1)


class Dedupe(str, Enum):
    keep_latest = "keep-latest"
    keep_most_complete = "keep-most-complete"


@app.command("clean")
def clean_command(
    sources: Annotated[list[Path], typer.Option("--from", "-f", help="The export to clean (a CSV/TSV/TXT or xlsx file).",
                                                show_default=False)],
    output: OutputOption = None,
    reference: Annotated[list[Path], typer.Option(help="A table whose spellings are the reference (e.g. products.csv).")]
    = [],
    dedupe: Annotated[Dedupe, typer.Option(help="Which of the duplicate records is kept.")] = Dedupe.keep_most_complete,
    region: Annotated[str, typer.Option(help="Region of phone numbers written without a country code.")] = "US",
    log: Annotated[Optional[Path], typer.Option("--log", help="Change log CSV [default: OUT.changes.csv].")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changes; write nothing.")] = False,
    output_format: Annotated[SummaryFormat, typer.Option("--format", "-F", help="The summary on standard output.")]
    = SummaryFormat.terminal,
    encoding: EncodingOption = None,
    dayfirst: DayFirstOption = None,
    map_file: MapOption = None,
    mask_pii: MaskPiiOption = False,
    mask_owners: MaskOwnersOption = False,
    debug: DebugOption = False,
) -> None:
    """Write a cleaned copy of an export and a log of every change (the input is never touched)."""

    def action() -> None:
        from .clean import CleanOptions, check_cleaned_names, clean_dataset, cleaned_bytes, log_csv
        from .loaders import LoadOptions, load_dataset

        if len(sources) != 1:
            raise InputError("clean takes one --from file (use --reference for tables that give reference spellings)")
        if output is None and not dry_run:
            raise InputError("name the cleaned copy with -o FILE (or use --dry-run)")
        check_cleaned_names(output, log)
        check_region(region)
        inputs = [p.resolve() for p in list(sources) + list(reference)]
        for target in [t for t in (output, log) if t is not None]:
            if target.resolve() in inputs:
                raise InputError(f"{target}: refusing to overwrite an input file; choose another -o/--log")
        load = LoadOptions(encoding, dayfirst, map_file, mask_pii, mask_owners)
        references = load_dataset(list(reference), load).sources if reference else []
        options = CleanOptions(region=region.upper(), dedupe=dedupe.value)
        dataset = load_dataset(list(sources), load)
        cleaned = clean_dataset(dataset, references, options, output, mask_options(load))
        if not dry_run:
            from .output import write_atomic

            private = is_private(dataset, load)
            write_atomic(output, cleaned_bytes(cleaned, output), private)
            write_atomic(log or output.with_name(output.stem + ".changes.csv"), log_csv(cleaned), private)
        if output_format is SummaryFormat.json:
            from .render.json import render

            sys.stdout.write(render(cleaned.report))
        else:
            show(cleaned.report)

    guarded(debug, action)


@app.command("run")
def run_command(
    config: Annotated[Path, typer.Argument(help="The run configuration (TOML).", show_default=False)],
    check: Annotated[bool, typer.Option("--check", help="Only validate the configuration.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    log: Annotated[Optional[Path], typer.Option("--log", help="Append what happened to this file.")] = None,
    today: Annotated[Optional[str], typer.Option(help="Run as if today were this date (YYYY-MM-DD).")] = None,
    debug: DebugOption = False,
) -> None:
    """Build the reports a configuration names, write them atomically, mail them (for cron).

    Exit status: 0 done; 1 the audit gate stopped the run; 2 usage, input or delivery error.
    """
    status = []

    def action() -> None:
        from .catalog import entries, grouping_reports
        from .runconfig import load_config

        settings = load_config(config, {entry.name for entry in entries()}, set(grouping_reports()))
        if check:
            if not quiet:
                typer.echo(f"{config}: ok ({len(settings.reports)} report(s), {len(settings.emails)} mail(s))")
            return
        from .runner import run

        logger = RunLog(log, quiet)
        run_date = parse_day(today, "--today") or dt.date.today()
        with logger.progress(len(settings.reports) + len(settings.emails) + 2) as step:
            status.append(run(settings, run_date, logger.write, step, keep_going=not debug))
        logger.close()

    guarded(debug, action)
    if status and status[0]:
        raise typer.Exit(status[0])


class RunLog:
    """What a run says: to stderr (unless --quiet) and appended to --log, with a progress bar on a terminal."""

    def __init__(self, path: Path | None, quiet: bool):
        self.quiet = quiet
        try:
            self.file = path.open("a", encoding="utf-8") if path else None
        except OSError as exc:
            raise InputError(f"{path}: cannot open the log file ({exc.strerror})") from exc

    def write(self, message: str) -> None:
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        if self.file:
            self.file.write(f"{stamp} {message}\n")
            self.file.flush()
        if not self.quiet:
            typer.echo(message, err=True)

    def progress(self, total: int):
        """A context giving a step(label) function; a rich progress bar only when stderr is a terminal."""
        import contextlib

        if self.quiet or not sys.stderr.isatty():
            return contextlib.nullcontext(lambda label: None)
        from rich.console import Console
        from rich.progress import Progress

        @contextlib.contextmanager
        def bar():
            with Progress(console=Console(stderr=True), transient=True) as progress:
                task = progress.add_task("crmreport run", total=total)
                yield lambda label: progress.update(task, advance=1, description=label)

        return bar()

    def close(self) -> None:
        if self.file:
            self.file.close()


def _register_reports() -> None:
    from .catalog import entries

    for entry in entries():
        register_report(entry.name, entry.title)


_register_reports()


def app_for(arguments: list[str]) -> typer.Typer:
    """The application to run for these command-line arguments: when the first names a command, an application
    holding that command only, since typer builds every command's options on each run (29 commands: 0.07 s); for
    the list of commands (no arguments, or ``--help`` alone) the commands without their options; the whole
    application otherwise (completion, a misspelt command)."""
    if arguments in ([], ["--help"]):
        return _command_list()
    chosen = [info for info in app.registered_commands if arguments and info.name == arguments[0]]
    if not chosen:
        return app
    single = typer.Typer(name=app.info.name, help=app.info.help, add_completion=False, pretty_exceptions_enable=False)
    single.callback()(lambda: None)  # a callback keeps it a group: the command is still named on the command line
    single.registered_commands.append(chosen[0])
    return single


def _command_list() -> typer.Typer:
    """The application as its help lists it: every command with its help text (the same words typer takes from a
    docstring), none of their options built."""
    from inspect import getdoc

    listing = typer.Typer(**APP_SETTINGS)
    for info in app.registered_commands:
        listed = copy.copy(info)  # name, help, panel, hidden… as registered
        listed.help, listed.callback = info.help or getdoc(info.callback), lambda: None
        listing.registered_commands.append(listed)
    return listing


def main() -> None:
    """Console-script entry point.

    Once the command is done and its output flushed, the process ends at once (``os._exit``): an orderly
    interpreter shutdown would only free what the operating system frees anyway, a tenth of a second on a
    million rows. Files are closed and worker pools shut down by the command itself; nothing registers atexit work.
    Under a profiler or tracer (pyinstrument, cProfile, coverage) the shutdown is orderly, so that they can report.
    """
    # Python's cycle collector runs after every 700 new containers by default: hundreds of passes over the objects
    # of pandas and matplotlib per run (0.27 s of a dashboard process); every 10,000 makes that 0.1 s.
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        app_for(sys.argv[1:])()
        status = 0
    except SystemExit as finished:
        status = finished.code
    if isinstance(status, str):  # sys.exit("message"): Python would print it and exit 1
        print(status, file=sys.stderr)
        status = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away (| head), or the stream is closed
            pass
    os._exit(status or 0)
