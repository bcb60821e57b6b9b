"""crmreport run CONFIG: reports written atomically and mailed to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import fcntl
import json
import socket
import ssl
from pathlib import Path

import pytest

from helpers import EXAMPLES, MAVEN, cli, write_csv

PASSWORD = "s3cret-for-tests"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    server_cert = authority.issue_cert("127.0.0.1", "localhost")
    folder = tmp_path_factory.mktemp("tls")
    ca_file = folder / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(context)
    return ca_file, context


def _authenticator(server, session, envelope, mechanism, auth_data):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"reports" and \
        auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture(params=["starttls", "ssl"])
def smtp_server(request, certificates):
    from aiosmtpd.controller import Controller

    ca_file, context = certificates
    inbox = Inbox()
    port = free_port()
    if request.param == "starttls":
        controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                                authenticator=_authenticator, auth_require_tls=True)
    else:
        controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=context,
                                authenticator=_authenticator, auth_require_tls=False)
    controller.start()
    yield {"security": request.param, "port": port, "ca_file": ca_file, "inbox": inbox}
    controller.stop()


def write_config(folder: Path, body: str) -> Path:
    path = folder / "weekly.toml"
    path.write_text(body, encoding="utf-8")
    return path


def mail_config(server, extra: str = "", fail_on: str = "") -> str:
    return f'''
inputs = ["{MAVEN / 'sales_pipeline.csv'}", "{MAVEN / 'sales_teams.csv'}"]
period = "all"
folder = "out"
name = "{{report}}-{{date}}"
formats = ["html", "xlsx"]
{fail_on}

[[report]]
name = "funnel"
[[report]]
name = "performance"
by = "region"
[[report]]
name = "dashboard"
formats = ["html"]

[smtp]
host = "127.0.0.1"
port = {server["port"]}
security = "{server["security"]}"
username = "reports"
password_env = "CRMREPORT_TEST_SMTP_PASSWORD"
sender = "CRM reports <reports@example.com>"
ca_file = "{server["ca_file"]}"
timeout = 10
{extra}

[[email]]
to = ["team@example.com", "boss@example.com"]
cc = ["archive@example.com"]
subject = "Sales {{since}} – {{until}}"
body = "dashboard"
attach = ["xlsx"]
'''


def test_run_writes_reports_and_mails_them(tmp_path, smtp_server, monkeypatch):
    monkeypatch.setenv("CRMREPORT_TEST_SMTP_PASSWORD", PASSWORD)
    config = write_config(tmp_path, mail_config(smtp_server))
    log = tmp_path / "run.log"
    result = cli("run", config, "--today", "2024-11-20", "--log", log, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""
    out = tmp_path / "out"
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["dashboard-2024-11-20.html", "funnel-2024-11-20.html", "funnel-2024-11-20.xlsx",
                     "performance-2024-11-20.html", "performance-2024-11-20.xlsx"]
    (envelope,) = smtp_server["inbox"].envelopes
    assert sorted(envelope.rcpt_tos) == ["archive@example.com", "boss@example.com", "team@example.com"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["Subject"] == "Sales start – end"
    assert message["From"] == "CRM reports <reports@example.com>"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Dashboard" in html and "4,238" in html and "63.2%" in html  # Maven figures in the body
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(attachments) == {"funnel-2024-11-20.xlsx", "performance-2024-11-20.xlsx"}
    for name, content in attachments.items():
        assert content == (out / name).read_bytes()  # byte-identical to the files on disk
    logged = log.read_text(encoding="utf-8")
    assert "wrote" in logged and "mailed 'Sales start – end'" in logged


def test_a_run_in_chinese_mails_a_chinese_summary(tmp_path, smtp_server, monkeypatch):
    """lang = "zh": the mail's summary page was titled "CRM reports start – end" above Chinese report titles, and the
    subject said "start – end" too. Maven's 4,238 won deals (CATALOG.md) in the body."""
    monkeypatch.setenv("CRMREPORT_TEST_SMTP_PASSWORD", PASSWORD)
    text = mail_config(smtp_server, fail_on='lang = "zh"').replace('body = "dashboard"', 'body = "summary"')
    result = cli("run", write_config(tmp_path, text), "--today", "2024-11-20", "--quiet")
    assert result.exit_code == 0, result.stderr
    (envelope,) = smtp_server["inbox"].envelopes
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert message["Subject"] == "Sales 开始 – 至今"  # period "all": no since, no until
    assert "CRM 报表 开始 – 至今" in html and "CRM reports" not in html
    assert "销售漏斗" in html and "赢单数" in html and "4,238" in html
    assert "销售漏斗" in message.get_body(preferencelist=("plain",)).get_content()


def test_wrong_password_leaves_files_and_exits_2(tmp_path, smtp_server, monkeypatch):
    monkeypatch.setenv("CRMREPORT_TEST_SMTP_PASSWORD", "wrong")
    config = write_config(tmp_path, mail_config(smtp_server))
    result = cli("run", config, "--today", "2024-11-20")
    assert result.exit_code == 2
    assert "delivery failed: the mail server 127.0.0.1 refused the login for reports" in result.stderr
    assert smtp_server["inbox"].envelopes == []


def test_unreachable_server(tmp_path, certificates, monkeypatch):
    monkeypatch.setenv("CRMREPORT_TEST_SMTP_PASSWORD", PASSWORD)
    server = {"port": free_port(), "security": "starttls", "ca_file": certificates[0]}
    config = write_config(tmp_path, mail_config(server))
    result = cli("run", config, "--today", "2024-11-20")
    assert result.exit_code == 2
    assert f"cannot reach the mail server 127.0.0.1:{server['port']}" in result.stderr
    assert (tmp_path / "out" / "performance-2024-11-20.html").exists()


def test_missing_password_variable(tmp_path, certificates, monkeypatch):
    monkeypatch.delenv("CRMREPORT_TEST_SMTP_PASSWORD", raising=False)
    server = {"port": free_port(), "security": "starttls", "ca_file": certificates[0]}
    result = cli("run", write_config(tmp_path, mail_config(server)), "--today", "2024-11-20")
    assert result.exit_code == 2 and "CRMREPORT_TEST_SMTP_PASSWORD is not set" in result.stderr


def test_audit_gate_stops_before_reporting(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                      [["A", "", "Won", "oops", "2024-01-01"]])
    config = write_config(tmp_path, f'inputs = ["{deals.name}"]\nfail_on = "error"\nformats = ["json"]\n'
                                    '[[report]]\nname = "funnel"\n')
    result = cli("run", config, "--today", "2024-11-20")
    assert result.exit_code == 1
    assert "audit gate" in result.stderr
    written = sorted(p.name for p in (tmp_path / "reports").iterdir() if not p.name.startswith("."))
    assert written == ["audit-2024-11-20.json"]
    audit = json.loads((tmp_path / "reports" / written[0]).read_text(encoding="utf-8"))
    assert audit["kpis"]["missing_required"] >= 1


def test_period_and_fiscal_year_reach_the_reports(tmp_path):
    config = write_config(tmp_path, f'inputs = ["{MAVEN / "sales_pipeline.csv"}"]\nperiod = "last-quarter"\n'
                                    'fiscal_year_start = 1\nformats = ["json"]\nname = "{report}"\n'
                                    '[[report]]\nname = "performance"\n')
    assert cli("run", config, "--today", "2017-07-15", "-q").exit_code == 0
    doc = json.loads((tmp_path / "reports" / "performance.json").read_text(encoding="utf-8"))
    assert doc["period"] == {"since": "2017-04-01", "until": "2017-06-30"}
    assert doc["kpis"]["won_amount"] == 3086111  # CATALOG-more: won revenue 2017Q2


def test_overlapping_runs_are_refused(tmp_path):
    config = write_config(tmp_path, f'inputs = ["{EXAMPLES / "zoho_deals.csv"}"]\nformats = ["json"]\n'
                                    '[[report]]\nname = "funnel"\n')
    folder = tmp_path / "reports"
    folder.mkdir()
    with (folder / ".weekly.crmreport.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = cli("run", config)
    assert result.exit_code == 2 and "another run of this configuration" in result.stderr
    assert [p.name for p in folder.iterdir()] == [".weekly.crmreport.lock"]
    assert cli("run", config, "-q").exit_code == 0  # once the lock is released


def test_check_reports_every_problem_with_its_line(tmp_path):
    config = write_config(tmp_path, 'inputs = ["x.csv"]\nperiod = "last-fortnight"\n\n[[report]]\nname = "funnel"\n'
                                    'colour = "red"\n\n[smtp]\nhost = "127.0.0.1"\npassword = "hunter2"\n'
                                    'sender = "a@example.com"\n\n[[email]]\nto = ["nobody"]\n')
    result = cli("run", "--check", config)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"crmreport: error: {config}:2: period: 'last-fortnight' is not one of")
    assert f"{config}:6: report[1].colour: unknown key" in result.stderr
    assert f"{config}:10: smtp.password: a password is never read from the configuration file" in result.stderr
    assert f"{config}:14: email[1].to: 'nobody' is not an email address" in result.stderr
    good = write_config(tmp_path, 'inputs = ["x.csv"]\n[[report]]\nname = "funnel"\n')
    ok = cli("run", "--check", good)
    assert ok.exit_code == 0 and "ok (1 report(s), 0 mail(s))" in ok.stdout


def test_inputs_glob_that_matches_nothing(tmp_path):
    config = write_config(tmp_path, 'inputs = ["exports/*.csv"]\n[[report]]\nname = "funnel"\n')
    result = cli("run", config)
    assert result.exit_code == 2 and "'exports/*.csv' matches no file" in result.stderr


def test_a_dashboard_report_that_fails_leaves_the_rest_written_and_mailed(tmp_path, smtp_server, monkeypatch):
    """The forecast stops on a fault of crmreport's: the run writes and mails everything else, and exits 2."""
    import crmreport.reports.forecast as forecast

    def compute(tables, options):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(forecast, "compute", compute)
    monkeypatch.setenv("CRMREPORT_TEST_SMTP_PASSWORD", PASSWORD)
    result = cli("run", write_config(tmp_path, mail_config(smtp_server)), "--today", "2024-11-20")
    assert result.exit_code == 2
    assert "done without the dashboard's forecast (unexpected ZeroDivisionError: float division by zero): run again " \
           "with --debug to see where" in result.stderr
    page = (tmp_path / "out" / "dashboard-2024-11-20.html").read_text(encoding="utf-8")
    assert "failed: unexpected ZeroDivisionError" in page and "Sales funnel" in page
    (envelope,) = smtp_server["inbox"].envelopes
    assert b"ZeroDivisionError" in envelope.original_content  # the mailed dashboard lists it under "not run"


def test_a_report_job_that_fails_leaves_the_others_written_and_mailed(tmp_path, smtp_server, monkeypatch):
    """The performance job stops on a fault of crmreport's: funnel and dashboard are written and mailed, exit 2;
    with --debug the error is raised."""
    import crmreport.reports.performance as performance

    def compute(tables, options):
        raise KeyError("owner")

    monkeypatch.setattr(performance, "compute", compute)
    monkeypatch.setenv("CRMREPORT_TEST_SMTP_PASSWORD", PASSWORD)
    config = write_config(tmp_path, mail_config(smtp_server))
    result = cli("run", config, "--today", "2024-11-20")
    assert result.exit_code == 2
    assert "done without performance (unexpected KeyError: 'owner'); the dashboard's performance (unexpected " \
           "KeyError: 'owner'): run again with --debug to see where" in result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert written == ["dashboard-2024-11-20.html", "funnel-2024-11-20.html", "funnel-2024-11-20.xlsx"]
    (envelope,) = smtp_server["inbox"].envelopes
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert {part.get_filename() for part in message.iter_attachments()} == {"funnel-2024-11-20.xlsx"}
    with pytest.raises(KeyError):
        cli("run", config, "--today", "2024-11-21", "--debug")
