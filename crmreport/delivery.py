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


def smtp_password(settings: SmtpSettings) -> str | None:
    """The password from the environment variable or file the configuration names (never from the file itself)."""
    if settings.password_env:
        value = os.environ.get(settings.password_env)
        if value is None:
            raise InputError(f"the SMTP password variable {settings.password_env} is not set")
        return value
    if settings.password_file:
        try:
            return settings.password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise InputError(f"{settings.password_file}: cannot read the SMTP password file ({exc.strerror})") from exc
    return None


def build_message(settings: SmtpSettings, delivery: EmailDelivery, subject: str, html: str, text: str,
                  attachments: list[Path]) -> EmailMessage:
    """A multipart message: plain text and HTML alternatives, then the attached files as they are on disk."""
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
    for path in attachments:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        main, sub = kind.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=main, subtype=sub, filename=path.name)
    return message


def send(settings: SmtpSettings, message: EmailMessage, recipients: list[str]) -> None:
    """Send one message; every failure becomes a DeliveryError with the reason in one sentence."""
    password = smtp_password(settings)
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
