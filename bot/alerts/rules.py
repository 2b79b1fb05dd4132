"""When to page, when a report joins a page already out, and when a page stops: plain functions over plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# One home's emergency reports this close together are one emergency: one page, the later reports added to it.
GROUP_WINDOW = timedelta(minutes=30)
# The follow-up waits this long for the name after the address, so the person paged gets one text, not two.
FOLLOW_UP_GRACE = timedelta(seconds=60)
# A provisional ticket belongs to the conversation's current report for this long (Rasa's session is 12 hours).
PROVISIONAL_WINDOW = timedelta(hours=12)

# Page statuses: the page is still doing its job (being sent, waiting for an answer, about to escalate, answered).
LIVE = ("queued", "sending", "sent", "recorded", "delivered", "failed", "acknowledged")
IN_FLIGHT = ("sending", "sent", "recorded", "delivered")
# Ticket statuses meaning someone on the staff side has taken the ticket: nobody needs chasing about it any more.
HANDLED = ("acknowledged", "assigned", "booked", "completed")

# first_page_due outcomes
NOT_EMERGENCY, REPORT_DONE, ALREADY_PAGED, WAITING_FOR_CONTACT, DUE = (
    "not_emergency", "report_done", "already_paged", "waiting_for_contact", "due")
# cover outcomes
PAGE, JOIN, NO_PAGE = "page", "join", "none"
# follow_up_action outcomes
REWRITE_PAGE, QUEUE_FOLLOW_UP, REWRITE_FOLLOW_UP, NOTHING = "rewrite_page", "queue", "rewrite_follow_up", "nothing"


def first_page_due(*, priority: str | None, channel: str | None, sender_phone: str | None,
                   contact_phone: str | None, address: str | None, paged_reference: str | None,
                   report_done: bool) -> str:
    """Is a page due for this conversation now, before its form is complete?

    An emergency pages as soon as the on-call team can do something with it: on SMS at once (they can call the
    number the tenant texts from); on web chat once a phone number or an address is known.
    """
    if priority != "emergency":
        return NOT_EMERGENCY
    if report_done:
        return REPORT_DONE
    if paged_reference:
        return ALREADY_PAGED
    reachable = (channel == "sms" and sender_phone) or contact_phone or (address or "").strip()
    return DUE if reachable else WAITING_FOR_CONTACT


@dataclass(frozen=True)
class Cover:
    """An existing page a new report could join: the ticket it was sent for, and how that page stands."""

    priority: str
    created_at: datetime
    page_statuses: tuple[str, ...]


def is_live(page_statuses) -> bool:
    """Some page is still being sent, waiting for an answer, due to escalate, or answered."""
    return any(status in LIVE for status in page_statuses)


def cover(*, priority: str, duplicate: Cover | None, incident: Cover | None, incident_formed: bool,
          now: datetime) -> str:
    """PAGE this report, let it JOIN a page already out, or NO_PAGE (not an emergency, nothing to page).

    A link never swallows a page: a duplicate only covers an emergency when it is itself an emergency from the
    last GROUP_WINDOW whose page still works; an estate incident covers it while the incident's page works
    (that page escalates like any other).
    """
    if incident_formed:
        return PAGE  # the incident's one page, whatever each tenant's own priority
    if incident is not None and is_live(incident.page_statuses):
        return JOIN
    if priority != "emergency":
        return NO_PAGE
    if duplicate is not None and duplicate.priority == "emergency" and is_live(duplicate.page_statuses) \
            and now - duplicate.created_at <= GROUP_WINDOW:
        return JOIN
    return PAGE


def still_needed(*, own_status: str, group_statuses, acknowledged: bool) -> bool:
    """Should this ticket's page still be sent and escalated?

    Not once anyone acknowledged it or staff took the ticket; not once every report it pages for is closed or
    cancelled. A cancelled report whose page also covers other open reports (duplicates, an estate incident)
    keeps paging for them.
    """
    if acknowledged or own_status in HANDLED:
        return False
    return own_status == "open" or any(status == "open" for status in group_statuses)


@dataclass(frozen=True)
class PageView:
    """One alert of a ticket as the follow-up rule sees it."""

    id: int
    kind: str
    status: str
    recipient: str
    level: int


def follow_up_action(alerts: list[PageView]) -> tuple[str, PageView | None]:
    """How the person paged learns the address: rewrite a page not yet sent, else one follow-up text.

    Returns (action, alert): REWRITE_PAGE (the page itself, still queued), REWRITE_FOLLOW_UP (the follow-up,
    still queued), QUEUE_FOLLOW_UP (to the alert's recipient: whoever acknowledged, else the latest page out),
    or NOTHING (the one follow-up already went, or nobody was paged).
    """
    follow_ups = [a for a in alerts if a.kind == "follow_up" and a.status != "cancelled"]
    queued = [a for a in follow_ups if a.status == "queued"]
    if queued:
        return REWRITE_FOLLOW_UP, queued[-1]
    if follow_ups:
        return NOTHING, None
    pages = [a for a in alerts if a.kind == "page"]
    acknowledged = [a for a in pages if a.status == "acknowledged"]
    if acknowledged:
        return QUEUE_FOLLOW_UP, acknowledged[-1]
    live = sorted((a for a in pages if a.status in LIVE), key=lambda a: (a.level, a.id))
    if not live:
        return NOTHING, None
    latest = live[-1]
    if latest.status == "queued":
        return REWRITE_PAGE, latest
    if latest.status == "failed":
        # Escalation replaces it at once, with a page written from the ticket as it is now.
        return NOTHING, None
    return QUEUE_FOLLOW_UP, latest
