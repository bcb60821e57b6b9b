"""--mask-pii: no output format contains an original personal value; private outputs are owner-only."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile

import pandas as pd
import pytest

from helpers import cli, write_csv
from crmreport.problems import warning_for

PEOPLE = [
    # name, email, phone, company, notes
    ("Annabelle Quist", "annabelle.quist@acme-corp.com", "+1 415 555 0199", "Acme", "met Annabelle at the fair"),
    ("Bartholomew Ivory", "bart.ivory@globex.com", "+44 20 7946 0958", "Globex", "call back Tuesday"),
    ("Annabelle Quist", "annabelle.quist@acme-corp.com", "(415) 555-0199", "Acme", ""),  # duplicate person
    ("Cordelia Wexford", "cordelia@@initech", "12", "Initech", ""),  # invalid email and phone
]
SECRETS = ["Annabelle", "Quist", "annabelle.quist", "Bartholomew", "Ivory", "bart.ivory", "Cordelia", "Wexford",
           "5550199", "555 0199", "555-0199", "7946 0958", "79460958", "met Annabelle", "call back Tuesday"]


@pytest.fixture
def contacts(tmp_path):
    return write_csv(tmp_path / "contacts.csv", ["Name", "Email", "Phone", "Company", "Notes"], [list(p) for p in PEOPLE])


@pytest.fixture
def deals(tmp_path):
    return write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                     [["Renewal for Annabelle Quist", "Rita Rep", "Won", "100", "2024-01-01"],
                      ["Bartholomew Ivory upsell", "Sam Seller", "Lost", "50", "2024-01-02"]])


def output_text(path) -> str:
    """Everything a file holds, as text: the XML parts of a workbook, the text layer of a PDF, or the file."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(name).decode("utf-8") for name in book.namelist())
    if path.suffix == ".pdf":
        import shutil
        import subprocess

        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["html", "xlsx", "csv", "md", "json", "txt", "pdf"])
def test_audit_outputs_hold_no_original_value(tmp_path, contacts, deals, fmt):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    target = tmp_path / f"audit.{fmt}"
    table = ["--table", "checks"] if fmt == "csv" else []
    result = cli("audit", "--from", contacts, "--from", deals, "--mask-pii", "-o", target, *table)
    assert result.exit_code == 1, result.stderr  # the invalid email is an error
    text = output_text(target)
    for secret in SECRETS:
        assert secret not in text, secret
    if fmt == "json":
        doc = json.loads(text)
        assert {row["value"] for row in doc["tables"]["dup_email"]} == {"a***@acme-corp.com"}
        assert {row["value"] for row in doc["tables"]["invalid_phone"]} == {"***12"}
        assert {row["value"] for row in doc["tables"]["invalid_email"]} == {"c***@@initech"}


@pytest.mark.parametrize("fmt", ["html", "xlsx", "json", "md", "csv"])
def test_reports_and_dashboard_drop_free_text(tmp_path, deals, fmt):
    target = tmp_path / f"perf.{fmt}"
    assert cli("performance", "--from", deals, "--by", "deal_name", "--mask-pii", "-o", target).exit_code == 0
    text = output_text(target)
    assert all(secret not in text for secret in SECRETS)
    if fmt in ("html", "xlsx", "json"):
        board = tmp_path / f"dash.{fmt}"
        assert cli("dashboard", "--from", deals, "--mask-pii", "--mask-owners", "-o", board).exit_code == 0
        board_text = output_text(board)
        assert all(secret not in board_text for secret in SECRETS + ["Rita Rep", "Sam Seller"])
        assert "R. R." in board_text
        kept = tmp_path / f"kept.{fmt}"
        assert cli("dashboard", "--from", deals, "--mask-pii", "-o", kept).exit_code == 0
        assert "Rita Rep" in output_text(kept)  # owners are kept unless --mask-owners


def test_clean_with_mask_writes_a_shareable_copy(tmp_path, contacts):
    out = tmp_path / "shared.csv"
    assert cli("clean", "--from", contacts, "-o", out, "--mask-pii").exit_code == 0
    cleaned = out.read_text(encoding="utf-8")
    log = (tmp_path / "shared.changes.csv").read_text(encoding="utf-8-sig")
    for secret in SECRETS:
        assert secret not in cleaned and secret not in log
    rows = pd.read_csv(out, dtype=str)
    assert rows["Name"].tolist()[:2] == ["A. Q.", "B. I."]
    assert rows["Notes"].isna().all()


def test_unmasked_personal_outputs_are_owner_only(tmp_path, contacts, deals):
    personal = tmp_path / "audit.json"
    cli("audit", "--from", contacts, "-o", personal)
    assert stat.S_IMODE(os.stat(personal).st_mode) == 0o600
    masked = tmp_path / "audit-masked.json"
    cli("audit", "--from", contacts, "--mask-pii", "-o", masked)
    assert stat.S_IMODE(os.stat(masked).st_mode) == 0o666 & ~current_umask()
    report = tmp_path / "perf.json"
    assert cli("performance", "--from", deals, "-o", report).exit_code == 0
    assert stat.S_IMODE(os.stat(report).st_mode) == 0o666 & ~current_umask()  # no contact data in deals


def current_umask() -> int:
    value = os.umask(0)
    os.umask(value)
    return value


def test_messages_never_quote_personal_cells():
    frame = pd.DataFrame({"_row": [2, 3], "email": ["x@y", "bob@example.com"]})
    warning = warning_for(pd.Series([True, False]), frame, "c.csv", "email (Email)", "could not be read", "kept",
                          frame["email"])
    assert warning.example is None and "x@y" not in warning.text()
    other = warning_for(pd.Series([True, False]), frame.rename(columns={"email": "stage"}), "c.csv", "stage",
                        "is odd", "kept", frame["email"])
    assert other.example == "x@y"


def test_encrypted_zip_attachment(tmp_path, monkeypatch):
    pyzipper = pytest.importorskip("pyzipper")
    from run.test_run import Inbox, free_port

    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount"],
                          [["A", "Ann", "Won", "10"], ["B", "Bob", "Lost", "5"]])
        (tmp_path / "zip.pw").write_text("correct horse\n", encoding="utf-8")
        config = tmp_path / "run.toml"
        config.write_text(f'inputs = ["{deals.name}"]\nformats = ["xlsx", "json"]\nname = "{{report}}"\n'
                          '[[report]]\nname = "funnel"\n'
                          f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nsender = "r@example.com"\n'
                          '[[email]]\nto = ["boss@example.com"]\nencrypt = true\nzip_password_file = "zip.pw"\n',
                          encoding="utf-8")
        result = cli("run", config, "-q")
        assert result.exit_code == 0, result.stderr
    finally:
        controller.stop()
    import email
    import email.policy

    (envelope,) = inbox.envelopes
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    (part,) = list(message.iter_attachments())
    assert part.get_filename().endswith(".zip")
    archive = pyzipper.AESZipFile(io.BytesIO(part.get_content()))
    archive.setpassword(b"correct horse")
    assert archive.read("funnel.xlsx") == (tmp_path / "reports" / "funnel.xlsx").read_bytes()
    assert archive.read("funnel.json") == (tmp_path / "reports" / "funnel.json").read_bytes()
    wrong = pyzipper.AESZipFile(io.BytesIO(part.get_content()))
    wrong.setpassword(b"wrong")
    with pytest.raises(RuntimeError):
        wrong.read("funnel.json")
    with pytest.raises(RuntimeError):
        zipfile.ZipFile(io.BytesIO(part.get_content())).read("funnel.json")  # not readable without the password
