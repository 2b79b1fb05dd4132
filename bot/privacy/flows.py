"""Retention and erasure runs: one transaction in the store, then the Rasa tracker store."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from bot import clock, phones
from bot.alerts.models import Alert
from bot.db import session_scope
from bot.media.models import Photo
from bot.privacy import service, trackers
from bot.settings import Settings
from bot.sms.models import SmsOptOut
from bot.tickets.models import OPEN_STATUSES, Ticket

log = logging.getLogger(__name__)
# Tickets anonymised per transaction, so a first run over years of data does not hold one huge transaction.
RETENTION_BATCH = 500


@dataclass
class RetentionReport:
    tickets_anonymised: int = 0
    messages_deleted: int = 0
    photos_deleted: int = 0
    conversations_deleted: int = 0
    tracker_events_deleted: int = 0

    def summary(self) -> str:
        return (f"anonymised {self.tickets_anonymised} tickets, deleted {self.messages_deleted} messages, "
                f"{self.photos_deleted} photos, {self.conversations_deleted} Rasa conversations "
                f"({self.tracker_events_deleted} tracker events)")


def run_retention(settings: Settings, now: datetime | None = None) -> RetentionReport:
    """Anonymise tickets, delete messages and Rasa trackers older than the configured periods.

    Defaults and why (settings RETENTION_TICKET_DAYS, RETENTION_MESSAGE_DAYS, RETENTION_TRACKER_DAYS):
    - Tickets: 730 days (2 years). Long enough for complaints, insurance claims, disputes about rent
      reductions and spotting repairs that recur in a home; after that the ticket keeps the home, category,
      priority and dates (the building's repair history) but loses the tenant's name, phone, words and notes.
      An open ticket that staff updated within the period is left until it is closed or goes quiet.
    - Messages: 90 days. The ticket holds what the office needs; the raw SMS and chat text is kept only long
      enough to review a conversation after a complaint about a reply. Photos that never joined a ticket go too.
    - Rasa trackers: 30 days since the conversation's last event. The tracker only serves an ongoing
      conversation (and debugging it); a tenant who writes after a month starts afresh. A conversation is
      deleted whole, never cut in half while it is still in use.
    Run it daily (`python -m bot.cli retention`, e.g. from cron or a systemd timer); it is idempotent.
    """
    now = now or clock.now(settings)
    report = RetentionReport()
    ticket_cutoff = now - timedelta(days=settings.retention_ticket_days)
    while True:
        with session_scope(settings.database_url) as session:
            # A ticket staff still work on (open and touched within the period) keeps its contact details.
            old = list(session.scalars(
                select(Ticket).where(Ticket.created_at < ticket_cutoff, Ticket.anonymised_at.is_(None),
                                     or_(Ticket.status.not_in(OPEN_STATUSES), Ticket.updated_at < ticket_cutoff))
                .order_by(Ticket.id).limit(RETENTION_BATCH)
            ))
            if not old:
                break
            report.tickets_anonymised += service.anonymise_tickets(session=session, tickets=old, now=now,
                                                                   actor="retention")
    message_cutoff = now - timedelta(days=settings.retention_message_days)
    with session_scope(settings.database_url) as session:
        report.messages_deleted = service.delete_messages(session=session, before=message_cutoff)
        report.photos_deleted = service.delete_photos(session=session, before=message_cutoff)
    report.conversations_deleted, report.tracker_events_deleted = trackers.delete_idle_since(
        settings.tracker_db_url, now - timedelta(days=settings.retention_tracker_days))
    log.info("retention: %s", report.summary())
    return report


@dataclass
class ErasureReport:
    phone: str
    tickets: list[str] = field(default_factory=list)  # references anonymised
    messages_deleted: int = 0
    photos_deleted: int = 0
    alerts_redacted: int = 0
    conversations_deleted: int = 0
    tracker_events_deleted: int = 0
    opt_outs_kept: int = 0

    def summary(self) -> str:
        lines = [
            f"erased {phones.mask(self.phone)}:",
            f"  tickets anonymised: {len(self.tickets)}" + (f" ({', '.join(self.tickets)})" if self.tickets else ""),
            f"  messages deleted: {self.messages_deleted}",
            f"  photos deleted: {self.photos_deleted}",
            f"  alert texts redacted: {self.alerts_redacted}",
            f"  Rasa conversations deleted: {self.conversations_deleted} ({self.tracker_events_deleted} events)",
        ]
        if self.opt_outs_kept:
            lines.append(f"  kept: {self.opt_outs_kept} SMS opt-out(s), so this number is never texted again")
        return "\n".join(lines)


def erase_person(settings: Settings, phone_text: str, *, region: str = "DK",
                 now: datetime | None = None) -> ErasureReport:
    """Erase one person by phone: anonymise their tickets, delete their messages, photos and Rasa conversations.

    Conversations are found by the phone (the SMS sender id), by the conversation ids of their tickets
    (a web chat has a random id; the ticket it produced links it to the phone), and by the number itself in
    web-chat messages and in Rasa's slots (a chat where it was typed but no ticket was made).
    """
    phone = phones.to_e164(phone_text, region)
    if phone is None:
        raise ValueError("not a valid phone number")
    now = now or clock.now(settings)
    report = ErasureReport(phone=phone)
    with session_scope(settings.database_url) as session:
        conversations = service.sms_conversations_of(session=session, phone=phone) | {
            t.conversation_id for t in service.tickets_of(session=session, phone=phone) if t.conversation_id}
        # A web chat where the number was typed but no ticket came of it: found by what was written.
        conversations |= service.web_chats_mentioning(session=session, phone=phone)
    conversations |= trackers.senders_with_slot_value(settings.tracker_db_url, service.mentions(phone),
                                                      hint=phone[-2:])
    # The tracker store first: if it fails, nothing in the store has been anonymised yet, so running the
    # command again still finds the web-chat conversations through the tickets.
    report.conversations_deleted, report.tracker_events_deleted = trackers.delete_conversations(
        settings.tracker_db_url, conversations)
    with session_scope(settings.database_url) as session:
        tickets = service.tickets_of(session=session, phone=phone)
        ids = [t.id for t in tickets]
        conversations |= {t.conversation_id for t in tickets if t.conversation_id}
        report.tickets = [t.reference for t in tickets if t.anonymised_at is None]
        report.alerts_redacted = len(session.scalars(
            select(Alert.id).where(Alert.ticket_id.in_(ids), Alert.body != service.ALERT_REDACTED)).all()) \
            if ids else 0
        report.messages_deleted = service.delete_messages(session=session, phone=phone,
                                                          conversation_ids=conversations)
        report.photos_deleted = service.delete_photos(session=session, conversation_ids=conversations)
        if ids:
            report.photos_deleted += session.execute(
                delete(Photo).where(Photo.ticket_id.in_(ids)).execution_options(synchronize_session=False)).rowcount
        service.anonymise_tickets(session=session, tickets=tickets, now=now, actor="erasure")
        # An opt-out is the person's own objection to our texts: erasing it would make us text them again.
        report.opt_outs_kept = len(session.scalars(select(SmsOptOut.id).where(SmsOptOut.phone == phone)).all())
    log.info("erasure of %s: %d tickets, %d messages, %d conversations", phones.mask(phone), len(report.tickets),
             report.messages_deleted, report.conversations_deleted)
    return report
