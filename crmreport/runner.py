"""``crmreport run CONFIG``: the reports of a configuration, written atomically, gated by an audit, mailed.

Exit status: 0 done; 1 the audit gate stopped the run (audit files written, no reports, no mail);
2 a usage, input or delivery error, or a report stopped by an unexpected error (the others are written and mailed;
files already written stay on disk).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import InputError
from .loaders import LoadOptions, load_dataset
from .output import write_atomic
from .periods import resolve
from .privacy import MaskOptions, holds_personal_data, mask_dashboard, mask_report
from .rates import read_optional_rates
from .report import Report, ReportOptions
from .runconfig import RunConfig

SUFFIX = {"html": ".html", "xlsx": ".xlsx", "csv": ".csv", "md": ".md", "pdf": ".pdf", "json": ".json"}


@dataclass
class Written:
    """The files of one run, by report and format."""

    files: list[tuple[str, str, Path]] = field(default_factory=list)  # (report, format, path)

    def paths(self, formats: list[str]) -> list[Path]:
        return [path for _, fmt, path in self.files if not formats or fmt in formats]


def input_paths(config: RunConfig) -> list[Path]:
    """Inputs of the configuration, globs expanded, relative to the configuration's folder."""
    paths: list[Path] = []
    for pattern in config.inputs:
        full = pattern if Path(pattern).is_absolute() else str(config.path.parent / pattern)
        matches = sorted(glob.glob(full)) if glob.has_magic(full) else [full]
        if not matches:
            raise InputError(f"{config.path}: inputs: {pattern!r} matches no file")
        paths.extend(Path(match) for match in matches)
    return paths


def render_bytes(subject, fmt: str, lang: str) -> bytes:
    """A report (or the dashboard) in one format, as bytes to write."""
    from .dashboard import Dashboard
    from .render import render_dashboard, render_report

    data = render_dashboard(subject, fmt, lang) if isinstance(subject, Dashboard) else render_report(subject, fmt, lang)
    return data if isinstance(data, bytes) else data.encode("utf-8")


class FolderLock:
    """An exclusive lock on the output folder, so two overlapping runs never write the same files."""

    def __init__(self, folder: Path, config: Path):
        self.path = folder / f".{config.stem}.crmreport.lock"
        self.handle = None

    def __enter__(self) -> "FolderLock":
        self.handle = self.path.open("w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self.handle.close()
            raise InputError(f"another run of this configuration is writing to {self.path.parent} "
                             f"(lock {self.path}); try again when it has finished") from exc
        return self

    def __exit__(self, *exc_info) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def run(config: RunConfig, today: dt.date, log: Callable[[str], None], step: Callable[[str], None],
        keep_going: bool = True) -> int:
    """Carry out a configuration. ``log`` records what happened; ``step`` advances a progress display. A report that
    stops on an unexpected error is left out and the rest goes on (exit status 2 at the end); with ``keep_going``
    False (``--debug``) the error is raised."""
    since, until = resolve(config.period, today, config.fiscal_year_start)
    rates = read_optional_rates(config.rates_file)  # before anything is written: a bad file stops the run
    values = {"date": today.isoformat(), "since": since.isoformat() if since else "start",
              "until": until.isoformat() if until else "end"}
    folder = Path(str(config.folder).format(**values))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the output folder ({exc.strerror})") from exc
    with FolderLock(folder, config.path):
        step("reading inputs")
        paths = input_paths(config)
        load = LoadOptions(config.encoding, config.dayfirst, config.map_file, config.mask_pii, config.mask_owners,
                           keep_cells=bool(config.fail_on),  # only the audit gate reads the cells as read
                           fiscal_year_start=config.fiscal_year_start)
        dataset = load_dataset(paths, load)
        masking = MaskOptions(config.mask_pii, config.mask_owners)
        private = holds_personal_data(dataset, masking)
        log(f"read {len(dataset.sources)} table(s) from {len(paths)} file(s); period {values['since']} … {values['until']}")
        written = Written()

        def write(name: str, subject, formats: list[str]) -> None:
            for fmt in formats:
                path = folder / (config.name.format(report=name, **values) + SUFFIX[fmt])
                write_atomic(path, render_bytes(subject, fmt, config.lang), private)
                written.files.append((name, fmt, path))
                log(f"wrote {path}")

        if config.fail_on:
            from .audit import AuditOptions, audit, fails

            step("auditing")
            checked = mask_report(audit(dataset, AuditOptions(as_of=today, rates=rates)), masking)
            if fails(checked, config.fail_on):
                write("audit", checked, [f for f in config.formats if f != "pdf"] or ["html"])
                log(f"audit gate: problems at or above '{config.fail_on}' ({checked.kpis['errors']} errors, "
                    f"{checked.kpis['warnings']} warnings); no reports written, nothing mailed")
                return 1
            log(f"audit passed the '{config.fail_on}' gate (score {checked.kpis['score']:.1f})")
        reports: list[Report] = []
        board, failed = None, []
        for job in config.reports:
            step(f"report {job.name}")
            options = ReportOptions(since=since, until=until, period=job.period,
                                    fiscal_year_start=config.fiscal_year_start, by=job.by, top=job.top,
                                    where=list(job.where), rates=rates)
            if job.name == "dashboard":
                from .dashboard import build_dashboard

                board = mask_dashboard(build_dashboard(dataset, options, keep_going), masking)
                failed += [f"the dashboard's {report}" for report in board.failed]
                write("dashboard", board, job.formats or [f for f in config.formats if f in ("html", "xlsx", "pdf", "json")])
            else:
                from .dashboard import Unexpected, report_or_reason

                outcome = report_or_reason(job.name, dataset, options, keep_going)
                if isinstance(outcome, InputError):
                    raise outcome
                if isinstance(outcome, Unexpected):
                    failed.append(f"{job.name} (unexpected {outcome.kind}: {outcome.text})")
                    continue
                report = mask_report(outcome, masking)
                reports.append(report)
                write(job.name, report, job.formats or config.formats)
        status = deliver(config, reports, board, written, values, log, step)
        if failed:
            log(f"done without {'; '.join(failed)}: run again with --debug to see where")
            return max(status, 2)
        return status


def deliver(config: RunConfig, reports: list[Report], board, written: Written, values: dict,
            log: Callable[[str], None], step: Callable[[str], None]) -> int:
    """Send every configured mail; a failed one is logged and makes the run exit 2 (the files stay)."""
    from .delivery import DeliveryError, build_message, encrypted_zip, secret, send
    from .i18n import label
    from .render.html import render_dashboard, render_summary
    from .render.terminal import render as render_text

    status = 0
    shown = {**values, "since": label(values["since"], config.lang), "until": label(values["until"], config.lang)}
    title = f"{label('CRM reports', config.lang)} {shown['since']} – {shown['until']}"  # 'start' is 开始 in Chinese
    all_reports = reports or (board.reports if board else [])
    for delivery in config.emails:
        step(f"mailing {', '.join(delivery.to)}")
        if delivery.body == "dashboard" and board is not None:
            html = render_dashboard(board, config.lang)
        else:
            html = render_summary(all_reports, title, shown["since"], shown["until"], config.lang)
        text = "\n".join(render_text(report, config.lang) for report in all_reports)
        subject = delivery.subject.format(**shown)
        files = written.paths(delivery.attach)
        if delivery.encrypt:
            password = secret(delivery.zip_password_env, delivery.zip_password_file, "zip password")
            attachments = [(f"reports-{values['date']}.zip", encrypted_zip(files, password))]
        else:
            attachments = [(path.name, path.read_bytes()) for path in files]
        message = build_message(config.smtp, delivery, subject, html, text, attachments)
        try:
            send(config.smtp, message, delivery.to + delivery.cc)
            log(f"mailed {subject!r} to {', '.join(delivery.to + delivery.cc)}")
        except DeliveryError as exc:
            log(f"delivery failed: {exc}; the files stay in {written.paths([])[0].parent if written.files else '.'}")
            status = 2
    return status
