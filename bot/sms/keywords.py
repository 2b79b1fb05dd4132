"""Carrier keywords (STOP/START/HELP, Danish forms too): opt-outs, opt-ins and the HELP reply."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot import texts
from bot.sms import segments
from bot.sms.models import SmsOptOut

# Whole-message keywords only: "stop the leak" is a tenant talking, not an opt-out.
# YES/CANCEL/END are left out on purpose: tenants answer "yes" and "cancel" in the dialogue.
STOP_WORDS = {"stop", "stopp", "stopall", "unsubscribe", "afmeld", "afmeld alle"}
START_WORDS = {"start", "unstop", "tilmeld"}
HELP_WORDS = {"help", "hjælp", "hjaelp", "info"}
DANISH_WORDS = {"stopp", "afmeld", "afmeld alle", "tilmeld", "hjælp", "hjaelp"}
SMS_MAX_SEGMENTS = 3


def _normalise(body: str) -> str:
    return " ".join(re.sub(r"[^\wæøåÆØÅ ]", " ", (body or "").lower()).split())


def classify(body: str) -> str | None:
    """'stop', 'start', 'help' when the whole message is one of those keywords, else None."""
    word = _normalise(body)
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return None


def language_of(body: str, default: str) -> str:
    word = _normalise(body)
    if word in DANISH_WORDS:
        return "da"
    if word in STOP_WORDS | START_WORDS | HELP_WORDS:
        return "en" if word not in {"stop", "start", "info"} else default
    return default


def reply(keyword: str, association, lang: str) -> str:
    """The answer to a keyword (texts keyword_<keyword>), cut to SMS_MAX_SEGMENTS."""
    body = texts.text(
        f"keyword_{keyword}", lang, name=association.name, emergency=association.emergency_number,
        gas=association.gas_emergency_phone or association.emergency_number,
        ooh=association.out_of_hours_phone or association.call_centre_phone,
        office=association.call_centre_phone or association.out_of_hours_phone,
    )
    return segments.split(body, SMS_MAX_SEGMENTS)


def opt_out(*, session: Session, association_id: int, phone: str, now: datetime) -> None:
    if not is_opted_out(session=session, association_id=association_id, phone=phone):
        session.add(SmsOptOut(association_id=association_id, phone=phone, opted_out_at=now))
        session.flush()


def opt_in(*, session: Session, association_id: int, phone: str) -> None:
    session.execute(delete(SmsOptOut).where(SmsOptOut.association_id == association_id, SmsOptOut.phone == phone))


def is_opted_out(*, session: Session, association_id: int | None, phone: str) -> bool:
    query = select(SmsOptOut.id).where(SmsOptOut.phone == phone)
    if association_id is not None:
        query = query.where(SmsOptOut.association_id == association_id)
    return session.scalar(query.limit(1)) is not None
