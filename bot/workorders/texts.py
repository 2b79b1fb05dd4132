"""What tenants and contractors are told about a work order, in Danish and English (GSM-safe for SMS)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.conversation import wording
from bot.sms.segments import to_gsm_safe

TENANT = {
    "booked": {
        "da": "{name}: Din reparation {ref} er booket {window}. {contractor} kommer. Skriv til os, hvis tiden "
              "ikke passer.",
        "en": "{name}: Your repair {ref} is booked for {window}. {contractor} will come. Text us if that time "
              "does not suit you.",
    },
    "on_the_way": {
        "da": "{name}: {contractor} er på vej til dig nu ({ref}).",
        "en": "{name}: {contractor} is on the way to you now ({ref}).",
    },
    "completed": {
        "da": "{name}: {contractor} har meldt reparationen {ref} udført. Svar 1 hvis det er i orden, 2 hvis ikke.",
        "en": "{name}: {contractor} has marked your repair {ref} as done. Reply 1 if fixed, 2 if not.",
    },
    "fixed": {
        "da": "Tak. Vi har lukket {ref}.",
        "en": "Thank you. We have closed {ref}.",
    },
    "reopened": {
        "da": "Tak for besked. Vi har genåbnet {ref} og beder {contractor} komme igen.",
        "en": "Thank you for telling us. We have reopened {ref} and asked {contractor} to come back.",
    },
}

CONTRACTOR_SMS = {
    "new": {
        "da": "{name}: Ny opgave {ref} ({job}) {address}. Se og accepter: {link}",
        "en": "{name}: New job {ref} ({job}) {address}. View and accept: {link}",
    },
    "reopened": {
        "da": "{name}: Lejeren melder {ref} ikke udbedret. Opgaven er genåbnet: {link}",
        "en": "{name}: The tenant says {ref} is not fixed. The job is reopened: {link}",
    },
}

CONTRACTOR_EMAIL = {
    "da": ("Opgave {ref} fra {name}",
           "Hej {contractor}\n\n{name} har en {kind} til jer.\n\nReference: {ref}\nJobkode: {job}\n"
           "Prioritet: {priority}\nAdresse: {address}\nProblem: {problem}\nAdgang: {access}\n\n"
           "Accepter, book en tid og meld opgaven udført her (intet login):\n{link}\n\n"
           "Linket virker, indtil opgaven er lukket.\n"),
    "en": ("Job {ref} from {name}",
           "Hello {contractor}\n\n{name} has a {kind} for you.\n\nReference: {ref}\nJob code: {job}\n"
           "Priority: {priority}\nAddress: {address}\nProblem: {problem}\nAccess: {access}\n\n"
           "Accept, book a time and close the job here (no login needed):\n{link}\n\n"
           "The link works until the job is closed.\n"),
}
EMAIL_KIND = {"new": {"da": "ny opgave", "en": "new job"},
              "reopened": {"da": "genåbnet opgave", "en": "reopened job"}}


def window(start: datetime, end: datetime | None, language: str, timezone: str) -> str:
    """ "onsdag 2. december kl. 08:00-12:00" / "Wednesday 2 December 08:00-12:00", in the home's time zone."""
    tz = ZoneInfo(timezone)
    local_start = start.astimezone(tz)
    day = wording.day(local_start, language)
    times = local_start.strftime("%H:%M")
    if end is not None:
        times += "-" + end.astimezone(tz).strftime("%H:%M")
    return f"{day} kl. {times}" if language == "da" else f"{day} {times}"


def tenant_sms(kind: str, language: str, **values) -> str:
    lang = language if language in ("da", "en") else "da"
    return to_gsm_safe(TENANT[kind][lang].format(**values))


def contractor_sms(kind: str, language: str, **values) -> str:
    lang = language if language in ("da", "en") else "da"
    return to_gsm_safe(CONTRACTOR_SMS[kind][lang].format(**values))


def contractor_email(kind: str, language: str, **values) -> tuple[str, str]:
    lang = language if language in ("da", "en") else "da"
    subject, body = CONTRACTOR_EMAIL[lang]
    values["kind"] = EMAIL_KIND[kind][lang]
    return subject.format(**values), body.format(**values)
