"""Queue alerts in the same transaction as the ticket that needs them (the outbox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.alerts.models import Alert
from bot.alerts.rota import on_call
from bot.associations.models import Association
from bot.tickets.models import Ticket

CATEGORY_LABELS = {
    "heating": "heating", "hot_water": "hot water", "water": "water/leak", "drainage": "drainage",
    "electrical": "electrics", "gas": "GAS", "doors_windows": "door/window", "fire_safety": "fire",
    "structure": "structure", "damp_mould": "damp/mould", "fixtures": "fixtures", "communal": "communal",
    "pests": "pests",
}
SUMMARY_CHARS = 60


def alert_text(ticket: Ticket) -> str:
    """At most 2 GSM-7 segments: priority, category, address, summary, callback, reference, how to ack."""
    summary = " ".join(ticket.problem.split())
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 3].rstrip() + "..."
    address = ticket.address if len(ticket.address) <= 60 else ticket.address[:57] + "..."
    text = (
        f"{ticket.priority.upper()} {CATEGORY_LABELS.get(ticket.category, ticket.category)}: {address}. "
        f"{summary} Call {ticket.contact_phone}. Ref {ticket.reference}. Reply OK {ticket.reference} to accept."
    )
    from bot.sms.segments import to_gsm_safe

    return to_gsm_safe(text)


def queue_for_ticket(*, session: Session, association: Association, ticket: Ticket, now: datetime) -> Alert | None:
    """Queue the first page to whoever is first on call; the dispatcher escalates from there."""
    people = on_call(session=session, association=association, at=now)
    if people:
        recipient, name = people[0].phone, people[0].name
    elif association.duty_manager_phone:
        recipient, name = association.duty_manager_phone, association.duty_manager_name or "duty manager"
    else:
        return None
    alert = Alert(
        association_id=association.id, ticket_id=ticket.id, incident_id=ticket.incident_id,
        recipient=recipient, recipient_name=name, body=alert_text(ticket), status="queued",
        level=0, created_at=now, next_attempt_at=now,
    )
    session.add(alert)
    return alert
