"""Email to contractors over SMTP (stdlib smtplib); without an SMTP host, emails are printed and recorded."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Protocol

from bot.settings import Settings

log = logging.getLogger(__name__)


class MailError(Exception):
    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


class Mailer(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> str: ...


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, *, starttls: bool = False, username: str = "",
                 password: str = "", timeout: float = 10.0):
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.username, self.password, self.timeout = starttls, username, password, timeout

    def send(self, *, to: str, subject: str, body: str) -> str:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise MailError(f"recipient refused: {exc}", retryable=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(str(exc), retryable=True) from exc
        return "sent"


class RecordingMailer:
    """Local runs: the email goes to the log; the store records it as recorded."""

    def __init__(self):
        self.sent: list[tuple[str, str, str]] = []

    def send(self, *, to: str, subject: str, body: str) -> str:
        self.sent.append((to, subject, body))
        print(f"[email to {to}] {subject}\n{body}", flush=True)
        return "recorded"


def make_mailer(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_from,
                          starttls=settings.smtp_starttls, username=settings.smtp_username,
                          password=settings.smtp_password)
    return RecordingMailer()
