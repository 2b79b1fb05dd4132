"""Imports every table so Base.metadata is complete (for Alembic and tests)."""

from bot.access.models import ApiToken, OneTimeCode  # noqa: F401
from bot.alerts.models import Alert, OnCallShift
from bot.associations.models import Association, Estate
from bot.db import Base
from bot.health.models import Heartbeat  # noqa: F401  (dispatcher liveness for /healthz)
from bot.media.models import Photo  # noqa: F401
from bot.messages.models import Message
from bot.register.models import Street, Unit  # noqa: F401  (Street: issue 4)
from bot.sms.models import SmsOptOut  # noqa: F401  (issue 5)
from bot.staff.models import StaffUser
from bot.tickets.models import Incident, Ticket, TicketEvent
from bot.workorders.models import (  # noqa: F401  work orders
    Contractor,
    ContractorEmail,
    JobCode,
    RoutingRule,
    WorkOrder,
    WorkOrderEvent,
)

__all__ = [
    "Alert", "Association", "Base", "Estate", "Incident", "Message",
    "OnCallShift", "StaffUser", "Ticket", "TicketEvent", "Unit",
]
