"""What staff read for each stored key, in Danish and English: the one table of category, priority and status
labels (the keys are the store's and interfaces.md's). The console's other wording is in its gettext catalogues."""

from __future__ import annotations

from bot.tickets.models import STATUSES
from bot.triage import categories
from bot.triage.categories import CATEGORIES
from bot.triage.policy import PRIORITIES

LANGUAGES = ("da", "en")

# Category names are the category table's (bot/triage/categories.py), like every other name of a category.
CATEGORY = {c.key: c.label for c in categories.TABLE}

PRIORITY = {
    "emergency": {"da": "Akut", "en": "Emergency"},
    "urgent": {"da": "Haster", "en": "Urgent"},
    "routine": {"da": "Almindelig", "en": "Routine"},
}

TICKET_STATUS = {
    "open": {"da": "Åben", "en": "Open"},
    "acknowledged": {"da": "Kvitteret", "en": "Acknowledged"},
    "assigned": {"da": "Tildelt", "en": "Assigned"},
    "booked": {"da": "Booket", "en": "Booked"},
    "completed": {"da": "Udført", "en": "Completed"},
    "cancelled": {"da": "Annulleret", "en": "Cancelled"},
}

# An alert is an SMS to one on-call person: each status says whether that SMS went out.
ALERT_STATUS = {
    "queued": {"da": "Ikke sendt endnu (i kø)", "en": "Not sent yet (queued)"},
    "sending": {"da": "Sendes nu", "en": "Being sent"},
    "sent": {"da": "SMS sendt, levering ikke bekræftet endnu", "en": "SMS sent, delivery not confirmed yet"},
    "recorded": {"da": "Ikke sendt: ingen SMS-udbyder sat op (kun gemt i loggen)",
                 "en": "Not sent: no SMS provider is set up (only recorded in the log)"},
    "delivered": {"da": "SMS leveret til telefonen", "en": "SMS delivered to the phone"},
    "failed": {"da": "SMS kunne ikke sendes", "en": "SMS could not be sent"},
    "acknowledged": {"da": "Kvitteret", "en": "Acknowledged"},
    "escalated": {"da": "Intet svar: sendt videre til den næste", "en": "No answer: passed on to the next person"},
    "cancelled": {"da": "Ikke sendt: en anden kvitterede først", "en": "Not sent: someone else acknowledged first"},
}
# What happened to a ticket (its audit log); a kind not listed here is shown as stored.
EVENT = {
    "created": {"da": "oprettet", "en": "created"},
    "status": {"da": "skiftede status", "en": "changed the status"},
    "alert_acknowledged": {"da": "kvitterede for alarmen", "en": "acknowledged the alert"},
    "alert_acknowledged_in_console": {"da": "kvitterede for alarmen i konsollen",
                                      "en": "acknowledged the alert in the console"},
    "incident_linked": {"da": "knyttet til en hændelse", "en": "linked to an incident"},
    "duplicate_reported": {"da": "anmeldt igen (dublet)", "en": "reported again (duplicate)"},
    "cancelled": {"da": "annullerede", "en": "cancelled"},
    "reopened": {"da": "genåbnede", "en": "reopened"},
    "anonymised": {"da": "anonymiserede", "en": "anonymised"},
}
TABLES = {"category": CATEGORY, "priority": PRIORITY, "ticket_status": TICKET_STATUS, "alert_status": ALERT_STATUS,
          "event": EVENT}
KEYS = {"category": CATEGORIES, "priority": PRIORITIES, "ticket_status": STATUSES}


def label(kind: str, key: str | None, language: str) -> str:
    """The label of a stored key; an unknown key is shown as it is rather than hidden."""
    if not key:
        return ""
    entry = TABLES[kind].get(key)
    if entry is None:
        return key
    return entry.get(language) or entry["en"]
