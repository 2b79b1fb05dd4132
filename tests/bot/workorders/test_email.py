"""Contractor email over real SMTP: a local aiosmtpd server receives what the notifier sends."""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from bot import demo
from bot.db import session_scope
from bot.repairs import flows as ticket_flows
from bot.workorders import notifier
from bot.workorders.mail import MailError, SmtpMailer, make_mailer
from bot.workorders.models import ContractorEmail
from tests.bot.workorders.test_flows import report
from tests.conftest import make_settings

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler hook
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.original_content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_the_contractor_gets_an_email_with_the_job_and_its_link(tmp_path, sqlite_url, smtp):
    inbox, port = smtp
    settings = make_settings(tmp_path, sqlite_url, smtp_host="127.0.0.1", smtp_port=port,
                             smtp_from="repairs@demobolig.example")
    with session_scope(settings.database_url) as session:
        demo.load(session=session)
    with session_scope(settings.database_url) as session:
        result = ticket_flows.submit_report(session=session, association_ref=None, data=report(), now=NOW)
    notifier.notify_due(settings=settings, now=NOW)
    mailer = make_mailer(settings)
    assert isinstance(mailer, SmtpMailer)
    assert notifier.send_due_emails(settings=settings, mailer=mailer, now=NOW) == 1
    [(recipients, message)] = inbox.messages
    assert recipients == ["vagt@vvs-jensen.example"]
    assert message["From"] == "repairs@demobolig.example"
    assert result.reference in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert "Vandhanen i køkkenet drypper" in body and "https://repairs.example.org/jobs/" in body
    with session_scope(settings.database_url) as session:
        assert [e.status for e in session.scalars(select(ContractorEmail))] == ["sent"]
    assert notifier.send_due_emails(settings=settings, mailer=mailer, now=NOW) == 0  # sent once


def test_an_unreachable_server_keeps_the_email_queued_for_a_retry(tmp_path, sqlite_url):
    settings = make_settings(tmp_path, sqlite_url, smtp_host="127.0.0.1", smtp_port=free_port())
    with session_scope(settings.database_url) as session:
        demo.load(session=session)
    with session_scope(settings.database_url) as session:
        ticket_flows.submit_report(session=session, association_ref=None, data=report(), now=NOW)
    notifier.notify_due(settings=settings, now=NOW)
    mailer = make_mailer(settings)
    with pytest.raises(MailError):
        mailer.send(to="x@example.org", subject="s", body="b")
    assert notifier.send_due_emails(settings=settings, mailer=mailer, now=NOW) == 0
    with session_scope(settings.database_url) as session:
        [email] = session.scalars(select(ContractorEmail)).all()
        assert (email.status, email.attempts) == ("queued", 1) and email.next_attempt_at > NOW
        assert email.last_error
