"""Acknowledging a page from the console, on SQLite and PostgreSQL: the same effect as the paged person's
"OK <ref>", an audit entry naming the staff user, and no more pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock, dispatcher
from bot.alerts.models import Alert
from bot.db import session_scope
from bot.staff import acknowledge
from bot.tickets.models import Ticket, TicketEvent
from tests.bot.alerts.conftest import report_emergency


def test_the_latest_page_acknowledged_in_the_console_stops_the_escalation(alert_settings, sender, stub):
    submitted = report_emergency(alert_settings)
    timeout = alert_settings.alert_ack_timeout_seconds
    dispatcher.send_due(settings=alert_settings, sender=sender)
    later = clock.now() + timedelta(seconds=timeout + 1)
    dispatcher.escalate_due(settings=alert_settings, now=later)
    dispatcher.send_due(settings=alert_settings, sender=sender, now=later)
    with session_scope(alert_settings.database_url) as db:
        first, second = db.scalars(select(Alert).order_by(Alert.id)).all()
        with pytest.raises(acknowledge.NotAcknowledgeable):  # superseded: the second page is the live one
            acknowledge.acknowledge_alert(session=db, alert=first, staff_email="vagt@demobolig.dk", now=later)
        acknowledge.acknowledge_alert(session=db, alert=second, staff_email="vagt@demobolig.dk", now=later)
    sent = len(stub.messages)
    much_later = later + timedelta(hours=3)
    assert dispatcher.escalate_due(settings=alert_settings, now=much_later) == 0
    dispatcher.send_due(settings=alert_settings, sender=sender, now=much_later)
    assert len(stub.messages) == sent
    with session_scope(alert_settings.database_url) as db:
        assert [a.status for a in db.scalars(select(Alert).order_by(Alert.id))] == ["escalated", "acknowledged"]
        ticket = db.scalars(select(Ticket).where(Ticket.reference == submitted.reference)).one()
        assert ticket.status == "acknowledged"
        audit = db.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                                     TicketEvent.kind == "alert_acknowledged_in_console")).one()
        assert audit.actor == "vagt@demobolig.dk" and audit.data["alert_id"] == second.id
        with pytest.raises(acknowledge.NotAcknowledgeable):
            acknowledge.acknowledge_alert(session=db, alert=db.get(Alert, second.id), staff_email="x", now=later)
