"""What contractors and the on-call person are told about a work order, in Danish and English (GSM-safe for SMS).
The tenant's texts are in the tenant catalogue, bot/texts/tenant.yml (workorder_<kind>)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot import texts as tenant_texts
from bot.conversation import wording
from bot.sms.segments import to_gsm_safe

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

ONCALL_SMS = {
    "da": "{name}: Akut {ref} kan sendes til {contractor} herfra: {link}",
    "en": "{name}: Emergency {ref} can be sent to {contractor} from here: {link}",
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
    """The tenant's text at a work order's step (booked, on_the_way, completed) or answer (fixed, reopened)."""
    return to_gsm_safe(tenant_texts.text(f"workorder_{kind}", language, **values))


def contractor_sms(kind: str, language: str, **values) -> str:
    lang = language if language in ("da", "en") else "da"
    return to_gsm_safe(CONTRACTOR_SMS[kind][lang].format(**values))


def oncall_sms(language: str, **values) -> str:
    return to_gsm_safe(ONCALL_SMS[language if language in ("da", "en") else "da"].format(**values))


def contractor_email(kind: str, language: str, **values) -> tuple[str, str]:
    lang = language if language in ("da", "en") else "da"
    subject, body = CONTRACTOR_EMAIL[lang]
    values["kind"] = EMAIL_KIND[kind][lang]
    return subject.format(**values), body.format(**values)

# The contractor's job page.
PAGE = {
    "da": {
        "title": "Opgave {ref}", "status": "Status", "address": "Adresse", "problem": "Problem",
        "where": "Hvor i boligen", "access": "Adgang", "tenant": "Lejer", "job_code": "Jobkode",
        "priority": "Prioritet", "appointment": "Aftale",
        "none": "Ingen endnu", "history": "Forløb", "note": "Note", "photos": "Fotos", "day": "Dato", "from": "Fra",
        "to": "Til", "language": "English", "done": "Gemt: {step}.", "photo": "Foto fra opgaven",
        "dispatch": "Send til håndværkeren", "dispatch_hint": "Akut: {contractor} får opgaven med det samme.",
        "accept": "Accepter opgaven", "decline": "Afvis opgaven", "book": "Book tid", "on_the_way": "Jeg er på vej",
        "attended": "Fremmødt", "complete": "Udført", "follow_up": "Kræver opfølgning",
        "decline_hint": "Skriv hvorfor, så kontoret kan finde en anden.",
        "statuses": {"awaiting_oncall": "venter på vagten",
                     "dispatched": "ny", "accepted": "accepteret", "declined": "afvist", "booked": "booket",
                     "on_the_way": "på vej", "attended": "fremmødt", "follow_up": "kræver opfølgning",
                     "completed": "udført", "reopened": "genåbnet", "closed": "lukket", "cancelled": "annulleret"},
        "refused": {"expired": "Linket er udløbet. Ring til kontoret for et nyt.",
                    "closed": "Opgaven er lukket, og linket virker ikke længere.",
                    "superseded": "Der er sendt et nyere link til denne opgave. Brug det nyeste SMS eller e-mail.",
                    "other_job": "Linket hører til en anden opgave.",
                    "invalid": "Linket er ugyldigt."},
        "errors": {"step": "Det kan ikke gøres nu: opgaven er {status}.", "when": "Vælg en dato og et tidsrum.",
                   "photo": "Et foto kunne ikke bruges: {reason}.", "note": "Skriv en note."},
    },
    "en": {
        "title": "Job {ref}", "status": "Status", "address": "Address", "problem": "Problem",
        "where": "Where in the home", "access": "Access", "tenant": "Tenant",
        "job_code": "Job code", "priority": "Priority",
        "appointment": "Appointment", "none": "None yet", "history": "History", "note": "Note", "photos": "Photos",
        "day": "Date", "from": "From", "to": "To", "language": "Dansk", "done": "Saved: {step}.",
        "photo": "Photo from the job",
        "dispatch": "Send to the contractor", "dispatch_hint": "Emergency: {contractor} gets the job at once.",
        "accept": "Accept the job", "decline": "Decline the job", "book": "Book a time", "on_the_way": "I am on my way",
        "attended": "Attended", "complete": "Completed", "follow_up": "Needs a follow-up",
        "decline_hint": "Say why, so the office can find someone else.",
        "statuses": {"awaiting_oncall": "waiting for on-call",
                     "dispatched": "new", "accepted": "accepted", "declined": "declined", "booked": "booked",
                     "on_the_way": "on the way", "attended": "attended", "follow_up": "needs follow-up",
                     "completed": "completed", "reopened": "reopened", "closed": "closed", "cancelled": "cancelled"},
        "refused": {"expired": "This link has expired. Call the office for a new one.",
                    "closed": "This job is closed and its link no longer works.",
                    "superseded": "A newer link was sent for this job. Use the latest text or email.",
                    "other_job": "This link belongs to another job.",
                    "invalid": "This link is not valid."},
        "errors": {"step": "That cannot be done now: the job is {status}.", "when": "Choose a date and a time window.",
                   "photo": "A photo could not be used: {reason}.", "note": "Write a note."},
    },
}
