"""The TOML file of ``crmreport run``: what to read, which reports, where to write, whom to mail.

    inputs = ["exports/deals.csv", "exports/*.xlsx"]   # paths and globs, relative to this file
    map = "mapping.toml"                               # optional
    period = "last-week"                               # see periods.RELATIVE_PERIODS
    fiscal_year_start = 1                              # month the fiscal year starts (quarters, ytd)
    folder = "reports"                                 # relative to this file
    name = "{report}-{date}"                           # {report} {date} {since} {until}
    formats = ["html", "xlsx"]
    lang = "en"
    fail_on = "error"                                  # audit gate: no reports when the audit finds problems

    [[report]]
    name = "funnel"
    [[report]]
    name = "performance"
    by = "team"
    top = 10

    [smtp]
    host = "smtp.example.com"
    port = 587
    security = "starttls"                              # starttls | ssl | none
    username = "reports@example.com"
    password_env = "CRMREPORT_SMTP_PASSWORD"           # or password_file = "/etc/crmreport/smtp-password"
    sender = "CRM reports <reports@example.com>"

    [[email]]
    to = ["team@example.com"]
    subject = "Sales {since} – {until}"
    body = "dashboard"                                 # dashboard | summary
    attach = ["xlsx"]                                  # formats of the written files to attach

Every problem is reported with its line and key; a password is never accepted from this file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .periods import RELATIVE_PERIODS

FORMATS = ("html", "xlsx", "csv", "md", "pdf", "json")
DASHBOARD_FORMATS = ("html", "xlsx", "pdf", "json")
TOP_KEYS = {"inputs", "map", "rates", "encoding", "dayfirst", "period", "fiscal_year_start", "folder", "name",
            "formats", "lang", "fail_on", "report", "email", "smtp", "mask_pii", "mask_owners"}
REPORT_KEYS = {"name", "by", "top", "where", "period", "formats"}
SMTP_KEYS = {"host", "port", "security", "username", "password_env", "password_file", "sender", "ca_file", "timeout"}
EMAIL_KEYS = {"to", "cc", "subject", "body", "attach", "encrypt", "zip_password_env", "zip_password_file"}


@dataclass
class ReportJob:
    """One report of the run, with its own options."""

    name: str
    by: str | None = None
    top: int | None = None
    where: list[str] = field(default_factory=list)
    period: str = "month"
    formats: list[str] = field(default_factory=list)


@dataclass
class SmtpSettings:
    """How to reach the mail server. The password comes from the environment or a file."""

    host: str
    port: int
    security: str = "starttls"
    username: str | None = None
    password_env: str | None = None
    password_file: Path | None = None
    sender: str = ""
    ca_file: Path | None = None
    timeout: float = 30.0


@dataclass
class EmailDelivery:
    """One mail: recipients, subject pattern, body kind, which formats to attach."""

    to: list[str]
    cc: list[str] = field(default_factory=list)
    subject: str = "CRM reports {since} – {until}"
    body: str = "summary"
    attach: list[str] = field(default_factory=list)
    encrypt: bool = False  # attachments in one AES-encrypted zip (pyzipper; the 'encrypt' extra)
    zip_password_env: str | None = None
    zip_password_file: Path | None = None


@dataclass
class RunConfig:
    """A checked run configuration."""

    path: Path
    inputs: list[str]
    reports: list[ReportJob]
    map_file: Path | None = None
    rates_file: Path | None = None
    encoding: str | None = None
    dayfirst: bool | None = None
    period: str = "all"
    fiscal_year_start: int = 1
    folder: Path = Path("reports")
    name: str = "{report}-{date}"
    formats: list[str] = field(default_factory=lambda: ["html"])
    lang: str = "en"
    fail_on: str | None = None
    mask_pii: bool = False
    mask_owners: bool = False
    smtp: SmtpSettings | None = None
    emails: list[EmailDelivery] = field(default_factory=list)


class _Lines:
    """Finds the line of a key in the TOML text, to point at mistakes."""

    def __init__(self, text: str):
        self.places: dict[tuple[str, int | None, str], int] = {}
        section, index, counts = "", None, {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = re.match(r"^\s*(\[\[?)\s*([\w.-]+)\s*\]\]?", line)
            if header:
                section = header.group(2)
                if header.group(1) == "[[":
                    counts[section] = counts.get(section, -1) + 1
                    index = counts[section]
                else:
                    index = None
                self.places.setdefault((section, index, ""), number)
                continue
            key = re.match(r"^\s*\"?([\w-]+)\"?\s*=", line)
            if key:
                self.places.setdefault((section, index, key.group(1)), number)

    def line(self, section: str, index: int | None, key: str) -> int | None:
        return self.places.get((section, index, key)) or self.places.get((section, index, ""))


class _Checker:
    """Collects every problem of a configuration as 'FILE:LINE: key: message'."""

    def __init__(self, path: Path, text: str):
        self.path, self.lines, self.problems = path, _Lines(text), []

    def problem(self, section: str, index: int | None, key: str, message: str) -> None:
        line = self.lines.line(section, index, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = ".".join(part for part in (section + (f"[{index + 1}]" if index is not None else ""), key) if part)
        self.problems.append(f"{where}: {name}: {message}")

    def unknown(self, table: dict, allowed: set[str], section: str, index: int | None) -> None:
        for key in sorted(set(table) - allowed):
            if key == "password":
                self.problem(section, index, key, "a password is never read from the configuration file; "
                                                  "use password_env or password_file")
            else:
                self.problem(section, index, key, f"unknown key; known: {', '.join(sorted(allowed))}")

    def typed(self, table: dict, key: str, kind, section: str = "", index: int | None = None, choices=None):
        if key not in table:
            return None
        value = table[key]
        if kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.problem(section, index, key, "must be a list of strings")
                return None
            bad = [v for v in value if choices and v not in choices]
            if bad:
                self.problem(section, index, key, f"{', '.join(bad)} not one of {', '.join(choices)}")
                return None
            return value
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            wanted = "a number" if kind in (int, float, (int, float)) else "true or false" if kind is bool else "text"
            self.problem(section, index, key, f"must be {wanted}")
            return None
        if choices and value not in choices:
            self.problem(section, index, key, f"{value!r} is not one of {', '.join(map(str, choices))}")
            return None
        return value


def load_config(path: Path, report_names: set[str], grouping: set[str] | None = None) -> RunConfig:
    """Read and check a run configuration; raise InputError listing every problem with its line. ``grouping``: the
    reports that take ``by`` (None: any)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such configuration file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the configuration ({exc})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc
    check = _Checker(path, text)
    check.unknown(data, TOP_KEYS, "", None)
    base = path.parent
    inputs = check.typed(data, "inputs", list) or []
    if "inputs" not in data:
        check.problem("", None, "inputs", "missing: name the exports to read, e.g. inputs = [\"exports/*.csv\"]")
    config = RunConfig(path=path, inputs=inputs, reports=[])
    if (value := check.typed(data, "map", str)) is not None:
        config.map_file = base / value
    if (value := check.typed(data, "rates", str)) is not None:
        config.rates_file = base / value
    config.encoding = check.typed(data, "encoding", str)
    config.dayfirst = check.typed(data, "dayfirst", bool)
    config.period = check.typed(data, "period", str, choices=RELATIVE_PERIODS) or config.period
    fiscal = check.typed(data, "fiscal_year_start", int)
    if fiscal is not None and not 1 <= fiscal <= 12:
        check.problem("", None, "fiscal_year_start", "must be a month number from 1 to 12")
    config.fiscal_year_start = fiscal or 1
    config.folder = base / (check.typed(data, "folder", str) or "reports")
    config.name = check.typed(data, "name", str) or config.name
    if "{report}" not in config.name:
        check.problem("", None, "name", "must contain {report}, or every report would write the same file")
    try:
        config.name.format(report="r", date="d", since="s", until="u")
    except (KeyError, IndexError, ValueError) as exc:
        check.problem("", None, "name", f"unknown placeholder {exc}; use {{report}} {{date}} {{since}} {{until}}")
    config.formats = check.typed(data, "formats", list, choices=FORMATS) or config.formats
    config.lang = check.typed(data, "lang", str, choices=("en", "zh")) or "en"
    config.fail_on = check.typed(data, "fail_on", str, choices=("error", "warning"))
    config.mask_pii = bool(check.typed(data, "mask_pii", bool))
    config.mask_owners = bool(check.typed(data, "mask_owners", bool))
    reports = data.get("report", [])
    if not isinstance(reports, list) or not reports:
        check.problem("report", None, "", "at least one [[report]] with a name is needed")
        reports = []
    for index, table in enumerate(reports):
        check.unknown(table, REPORT_KEYS, "report", index)
        name = check.typed(table, "name", str, "report", index)
        if name is None:
            if "name" not in table:
                check.problem("report", index, "name", "missing")
            continue
        if name not in report_names | {"dashboard"}:
            check.problem("report", index, "name", f"no report {name!r}; known: "
                                                   f"{', '.join(sorted(report_names | {'dashboard'}))}")
            continue
        allowed = DASHBOARD_FORMATS if name == "dashboard" else FORMATS
        job = ReportJob(name=name, by=check.typed(table, "by", str, "report", index),
                        top=check.typed(table, "top", int, "report", index),
                        where=check.typed(table, "where", list, "report", index) or [],
                        period=check.typed(table, "period", str, "report", index,
                                           choices=("week", "month", "quarter", "year")) or "month",
                        formats=check.typed(table, "formats", list, "report", index, choices=allowed) or [])
        if job.top is not None and job.top < 1:
            check.problem("report", index, "top", "must be 1 or more")
        if job.by and grouping is not None and name != "dashboard" and name not in grouping:
            check.problem("report", index, "by", f"{name} does not group by a column; 'by' is for "
                                                 f"{', '.join(sorted(grouping))}")
        config.reports.append(job)
    _check_mail(check, data, base, config)
    if check.problems:
        raise InputError("\n".join(check.problems))
    return config


def _check_mail(check: _Checker, data: dict, base: Path, config: RunConfig) -> None:
    emails = data.get("email", [])
    smtp = data.get("smtp")
    if emails and not isinstance(smtp, dict):
        check.problem("smtp", None, "", "[[email]] needs an [smtp] section (host, port, security, sender)")
    if isinstance(smtp, dict):
        check.unknown(smtp, SMTP_KEYS, "smtp", None)
        host = check.typed(smtp, "host", str, "smtp")
        if host is None:
            check.problem("smtp", None, "host", "missing")
        security = check.typed(smtp, "security", str, "smtp", choices=("starttls", "ssl", "none")) or "starttls"
        port = check.typed(smtp, "port", int, "smtp") or {"ssl": 465, "starttls": 587, "none": 25}[security]
        username = check.typed(smtp, "username", str, "smtp")
        password_env = check.typed(smtp, "password_env", str, "smtp")
        password_file = check.typed(smtp, "password_file", str, "smtp")
        if username and not (password_env or password_file):
            check.problem("smtp", None, "username", "a login needs password_env or password_file")
        sender = check.typed(smtp, "sender", str, "smtp") or username or ""
        if not sender:
            check.problem("smtp", None, "sender", "missing: the From address")
        ca_file = check.typed(smtp, "ca_file", str, "smtp")
        timeout = check.typed(smtp, "timeout", (int, float), "smtp")
        config.smtp = SmtpSettings(host or "", port, security, username, password_env,
                                   base / password_file if password_file else None, sender,
                                   base / ca_file if ca_file else None, float(timeout or 30.0))
    if not isinstance(emails, list):
        check.problem("email", None, "", "use [[email]] tables")
        return
    for index, table in enumerate(emails):
        check.unknown(table, EMAIL_KEYS, "email", index)
        recipients = check.typed(table, "to", list, "email", index) or []
        if not recipients:
            check.problem("email", index, "to", "at least one recipient is needed")
        cc = check.typed(table, "cc", list, "email", index) or []
        for address in recipients + cc:
            if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", address):
                check.problem("email", index, "to" if address in recipients else "cc",
                              f"{address!r} is not an email address")
        delivery = EmailDelivery(to=recipients, cc=cc)
        delivery.subject = check.typed(table, "subject", str, "email", index) or delivery.subject
        delivery.body = check.typed(table, "body", str, "email", index, choices=("dashboard", "summary")) or "summary"
        delivery.attach = check.typed(table, "attach", list, "email", index, choices=FORMATS) or []
        delivery.encrypt = bool(check.typed(table, "encrypt", bool, "email", index))
        delivery.zip_password_env = check.typed(table, "zip_password_env", str, "email", index)
        password_file = check.typed(table, "zip_password_file", str, "email", index)
        delivery.zip_password_file = base / password_file if password_file else None
        if delivery.encrypt and not (delivery.zip_password_env or delivery.zip_password_file):
            check.problem("email", index, "encrypt", "needs zip_password_env or zip_password_file")
        config.emails.append(delivery)
