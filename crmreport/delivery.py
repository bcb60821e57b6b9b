"""Mail delivery with the standard library: STARTTLS or SSL, login, several recipients, HTML body, attachments."""

from __future__ import annotations

import mimetypes
import os
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .errors import InputError
from .runconfig import EmailDelivery, SmtpSettings


class DeliveryError(Exception):
    """A mail could not be sent; the files stay on disk."""


def secret(variable: str | None, file: Path | None, what: str) -> str | None:
    """A password from the environment variable or file the configuration names (never from the file itself)."""
    if variable:
        value = os.environ.get(variable)
        if value is None:
            raise InputError(f"the {what} variable {variable} is not set")
        return value
    if file:
        try:
            return file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise InputError(f"{file}: cannot read the {what} file ({exc.strerror})") from exc
    return None


def encrypted_zip(files: list[Path], password: str) -> bytes:
    """The files in one AES-256 encrypted zip (WinZip AES, opened by 7-Zip, macOS Archive Utility 13+, WinZip)."""
    import io

    try:
        import pyzipper
    except ImportError as exc:
        raise InputError("encrypted attachments need pyzipper: pip install 'crmreport[encrypt]'") from exc
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode("utf-8"))
        for path in files:
            archive.writestr(path.name, path.read_bytes())
    return buffer.getvalue()


def build_message(settings: SmtpSettings, delivery: EmailDelivery, subject: str, html: str, text: str,
                  attachments: list[tuple[str, bytes]]) -> EmailMessage:
    """A multipart message: plain text and HTML alternatives, then the attachments (file name, bytes)."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = ", ".join(delivery.to)
    if delivery.cc:
        message["Cc"] = ", ".join(delivery.cc)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2].strip(">") or "crmreport")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for name, content in attachments:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        main, sub = kind.split("/", 1)
        message.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return message


def send(settings: SmtpSettings, message: EmailMessage, recipients: list[str]) -> None:
    """Send one message; every failure becomes a DeliveryError with the reason in one sentence."""
    password = secret(settings.password_env, settings.password_file, "SMTP password")
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.username:
                client.login(settings.username, password or "")
            client.send_message(message, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"the mail server {settings.host} refused the login for {settings.username} "
                            f"({exc.smtp_code})") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"the mail server refused the recipients {', '.join(exc.recipients)}") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"the mail server {settings.host} does not offer {settings.security.upper()} "
                            "or login") from exc
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"the mail server {settings.host} answered: {exc}") from exc
    except ssl.SSLError as exc:
        raise DeliveryError(f"TLS with {settings.host}:{settings.port} failed ({exc.reason or exc}); "
                            "check security, port and ca_file") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise DeliveryError(f"no answer from {settings.host}:{settings.port} within {settings.timeout:g} s") from exc
    except OSError as exc:
        raise DeliveryError(f"cannot reach the mail server {settings.host}:{settings.port} "
                            f"({exc.strerror or exc})") from exc
