"""Look up associations by id, SMS number or conversation metadata."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.associations.models import Association


def first(*, session: Session) -> Association | None:
    return session.scalars(select(Association).order_by(Association.id).limit(1)).first()


def get(*, session: Session, association_id: int) -> Association | None:
    return session.get(Association, association_id)


def by_sms_number(*, session: Session, number: str) -> Association | None:
    return session.scalars(select(Association).where(Association.sms_number == number)).first()


def by_name(*, session: Session, name: str) -> Association | None:
    return session.scalars(select(Association).where(Association.name == name)).first()


def resolve(*, session: Session, ref: str | int | None) -> Association | None:
    """An association from an id, a name or an SMS number; the first configured one when absent."""
    if ref in (None, ""):
        return first(session=session)
    text = str(ref)
    found = None
    if text.isascii() and text.isdigit() and len(text) <= 9:  # "²" is a digit to str, and ids fit 32 bits
        found = get(session=session, association_id=int(text))
    if found is None and text.startswith("+"):
        found = by_sms_number(session=session, number=text)
    if found is None:
        found = by_name(session=session, name=text)
    return found or first(session=session)


def list_all(*, session: Session) -> list[Association]:
    return list(session.scalars(select(Association).order_by(Association.id)))


def as_dict(association: Association) -> dict:
    return {
        "id": association.id,
        "name": association.name,
        "sms_number": association.sms_number,
        "language": association.language,
        "timezone": association.timezone,
        "country": association.country,
        "call_centre_phone": association.call_centre_phone,
        "out_of_hours_phone": association.out_of_hours_phone,
        "emergency_number": association.emergency_number,
    }
