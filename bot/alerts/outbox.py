"""Queue alerts in the same transaction as the ticket that needs them (the outbox), in the association's language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.alerts import rules
from bot.alerts.models import Alert
from bot.alerts.rota import duty_manager, on_call
from bot.associations.models import Association
from bot.sms.segments import to_gsm_safe
from bot.tickets.models import Ticket
from bot.triage import categories

PRIORITY_LABELS = {
    "en": {"emergency": "EMERGENCY", "urgent": "URGENT", "routine": "ROUTINE"},
    "da": {"emergency": "AKUT", "urgent": "HASTER", "routine": "ALM"},
}
TEXTS = {
    "en": {
        "page": "{priority} {category}: {address}. {summary} Call {phone}. Ref {ref}. Reply OK {ref} to accept.",
        "address_pending": "address not known yet",
        "no_phone": "no phone yet (web chat)",
        "follow_up": "UPDATE {ref}: {address}{verified}.{name} Call {phone}.{ack}",
        "verified": " (in register)",
        "name": " Name: {name}.",
        "ack": " Reply OK {ref} to accept.",
        "incident": "ESTATE INCIDENT {category}: {homes} homes in {estate} reported it within {minutes} min. "
                    "Latest: {address}. Call {phone}. Ref {ref}. Reply OK {ref} to accept.",
    },
    "da": {
        "page": "{priority} {category}: {address}. {summary} Ring {phone}. Ref {ref}. Svar OK {ref} for at tage den.",
        "address_pending": "adresse endnu ukendt",
        "no_phone": "intet nummer endnu (webchat)",
        "follow_up": "OPDATERING {ref}: {address}{verified}.{name} Ring {phone}.{ack}",
        "verified": " (i registret)",
        "name": " Navn: {name}.",
        "ack": " Svar OK {ref} for at tage den.",
        "incident": "FLERE BOLIGER {category}: {homes} boliger i {estate} har meldt det inden for {minutes} min. "
                    "Senest: {address}. Ring {phone}. Ref {ref}. Svar OK {ref} for at tage den.",
    },
}
SUMMARY_CHARS = 60
ADDRESS_CHARS = 60


def _language(association: Association | None) -> str:
    return association.language if association is not None and association.language in TEXTS else "en"


def _cut(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _address(ticket: Ticket, lang: str) -> str:
    if ticket.address_pending and not ticket.address:
        return TEXTS[lang]["address_pending"]
    return _cut(ticket.address, ADDRESS_CHARS) or TEXTS[lang]["address_pending"]


def _phone(ticket: Ticket, lang: str) -> str:
    return ticket.contact_phone or TEXTS[lang]["no_phone"]


def alert_text(ticket: Ticket, association: Association | None = None) -> str:
    """At most 2 GSM-7 segments: priority, category, address (or that it is not known yet), summary, whom to call,
    reference, how to accept; in the association's language."""
    lang = _language(association)
    text = TEXTS[lang]["page"].format(
        priority=PRIORITY_LABELS[lang].get(ticket.priority, ticket.priority.upper()),
        category=categories.name(ticket.category, "alert", lang), address=_address(ticket, lang),
        summary=_cut(ticket.problem, SUMMARY_CHARS), phone=_phone(ticket, lang), ref=ticket.reference,
    )
    return to_gsm_safe(text)


def follow_up_text(ticket: Ticket, association: Association | None, *, acknowledged: bool) -> str:
    """One short text once the tenant gave the address (and name) after the page went out."""
    lang = _language(association)
    words = TEXTS[lang]
    text = words["follow_up"].format(
        ref=ticket.reference, address=_address(ticket, lang),
        verified=words["verified"] if ticket.address_verified else "",
        name=words["name"].format(name=_cut(ticket.reporter_name, 40)) if ticket.reporter_name else "",
        phone=_phone(ticket, lang), ack="" if acknowledged else words["ack"].format(ref=ticket.reference),
    )
    return to_gsm_safe(text)


def incident_text(*, association: Association | None, category: str, homes: int, estate: str, minutes: int,
                  ticket: Ticket) -> str:
    lang = _language(association)
    return to_gsm_safe(TEXTS[lang]["incident"].format(
        category=categories.name(category, "alert", lang), homes=homes, estate=estate, minutes=minutes,
        address=_address(ticket, lang), phone=_phone(ticket, lang), ref=ticket.reference,
    ))


def first_recipient(*, session: Session, association: Association, now: datetime) -> tuple[str, str] | None:
    """Whoever is first on call, else the duty manager; None when nobody can be paged."""
    people = on_call(session=session, association=association, at=now)
    if people:
        return people[0].phone, people[0].name
    return duty_manager(session=session, association=association)


def queue_for_ticket(*, session: Session, association: Association, ticket: Ticket, now: datetime,
                     body: str | None = None) -> Alert | None:
    """Queue the first page to whoever is first on call; the dispatcher escalates from there."""
    target = first_recipient(session=session, association=association, now=now)
    if target is None:
        return None
    recipient, name = target
    alert = Alert(
        association_id=association.id, ticket_id=ticket.id, incident_id=ticket.incident_id, kind="page",
        recipient=recipient, recipient_name=name, body=body or alert_text(ticket, association), status="queued",
        level=0, created_at=now, next_attempt_at=now,
    )
    session.add(alert)
    return alert


def pages_of(*, session: Session, ticket: Ticket) -> list[Alert]:
    return list(session.scalars(select(Alert).where(Alert.ticket_id == ticket.id).order_by(Alert.id)))


def page_statuses(*, session: Session, ticket_id: int | None = None, incident_id: int | None = None) -> tuple:
    """Statuses of the pages sent for one ticket or one incident."""
    query = select(Alert.status).where(Alert.kind == "page")
    query = query.where(Alert.incident_id == incident_id) if incident_id else query.where(Alert.ticket_id == ticket_id)
    return tuple(session.scalars(query))


def _rewrite_if_queued(session: Session, alert: Alert, **values) -> bool:
    """Change an alert no dispatcher has claimed yet (a conditional update: a claimed one is left as it is)."""
    updated = session.execute(update(Alert).where(Alert.id == alert.id, Alert.status == "queued").values(**values)
                              .execution_options(synchronize_session=False)).rowcount
    session.expire(alert)
    return bool(updated)


def follow_up(*, session: Session, association: Association, ticket: Ticket, now: datetime,
              wait_for_name: bool) -> Alert | None:
    """Tell the person paged what the tenant added since the page (once): rewrite what is not sent yet, else queue
    one follow-up. `wait_for_name`: the name may follow the address in a moment; hold the text that long."""
    alerts = pages_of(session=session, ticket=ticket)
    views = [rules.PageView(id=a.id, kind=a.kind, status=a.status, recipient=a.recipient, level=a.level)
             for a in alerts]
    action, target = rules.follow_up_action(views)
    due = now + rules.FOLLOW_UP_GRACE if wait_for_name else now
    by_id = {a.id: a for a in alerts}
    if action == rules.REWRITE_PAGE:
        page = by_id[target.id]
        if _rewrite_if_queued(session, page, body=alert_text(ticket, association)):
            return page
        action = rules.QUEUE_FOLLOW_UP  # a dispatcher took it meanwhile: the old text is on its way
    if action == rules.REWRITE_FOLLOW_UP:
        alert = by_id[target.id]
        acknowledged = any(a.status == "acknowledged" and a.recipient == alert.recipient for a in alerts)
        _rewrite_if_queued(session, alert, body=follow_up_text(ticket, association, acknowledged=acknowledged),
                           next_attempt_at=min(alert.next_attempt_at or due, due))
        return alert  # taken meanwhile: that was the one follow-up
    if action == rules.QUEUE_FOLLOW_UP:
        page = by_id[target.id]
        alert = Alert(association_id=association.id, ticket_id=ticket.id, incident_id=ticket.incident_id,
                      kind="follow_up", recipient=page.recipient, recipient_name=page.recipient_name,
                      body=follow_up_text(ticket, association, acknowledged=page.status == "acknowledged"),
                      status="queued", level=page.level, created_at=now, next_attempt_at=due)
        session.add(alert)
        return alert
    return None
