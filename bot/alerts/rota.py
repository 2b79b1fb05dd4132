"""Who is on call at a given moment, in paging order."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts.models import OnCallShift
from bot.associations.models import Association
from bot.sms.models import SmsOptOut


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def covers(shift: OnCallShift, local: datetime) -> bool:
    """True when the shift covers this local time; a window like 16:00-08:00 wraps past midnight."""
    start, end = _minutes(shift.starts), _minutes(shift.ends)
    minute = local.hour * 60 + local.minute
    weekday = local.isoweekday()
    if start < end:
        return weekday in shift.weekdays and start <= minute < end
    # Wrapping window: the part after midnight belongs to the previous day's shift.
    if minute >= start:
        return weekday in shift.weekdays
    previous = 7 if weekday == 1 else weekday - 1
    return minute < end and previous in shift.weekdays


def on_call(*, session: Session, association: Association, at: datetime) -> list[OnCallShift]:
    """Active, reachable people covering `at`, in paging order."""
    local = at.astimezone(ZoneInfo(association.timezone))
    shifts = session.scalars(
        select(OnCallShift)
        .where(OnCallShift.association_id == association.id, OnCallShift.active.is_(True))
        .order_by(OnCallShift.position, OnCallShift.id)
    )
    stopped = opted_out_phones(session=session, association=association)
    return [s for s in shifts if covers(s, local) and not s.opted_out and s.phone not in stopped]


def opted_out_phones(*, session: Session, association: Association) -> set[str]:
    """Numbers that texted STOP to this association: Twilio refuses to text them, so they are never paged."""
    return set(session.scalars(select(SmsOptOut.phone).where(SmsOptOut.association_id == association.id)))


def duty_manager(*, session: Session, association: Association) -> tuple[str, str] | None:
    """The duty manager's number and name, unless there is none or they texted STOP."""
    phone = association.duty_manager_phone
    if not phone or phone in opted_out_phones(session=session, association=association):
        return None
    return phone, association.duty_manager_name or "duty manager"
