"""Demo data for `make run`: two associations, their registers, office hours and an on-call rota of two."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.alerts.models import OnCallShift
from bot.associations import service as associations
from bot.associations.models import Association
from bot.register.importer import import_csv
from bot.settings import ROOT

DEMO_REGISTER = ROOT / "demo" / "register.csv"

DEMO_ASSOCIATIONS = (
    dict(
        name="Demo Bolig Glostrup", sms_number="+4589880000", language="da", timezone="Europe/Copenhagen",
        country="DK", call_centre_phone="+4543430000", out_of_hours_phone="+4543439999", emergency_number="112",
        gas_emergency_phone="+4533954000", duty_manager_name="Driftschef Hanne", duty_manager_phone="+4520000003",
        allowed_origins=["http://127.0.0.1:8000", "http://localhost:8000"],
        branding={"colour": "#0b5563", "site_name": "Demo Bolig Glostrup"},
    ),
    dict(
        name="Demo Homes Bracknell", sms_number="+441344900000", language="en", timezone="Europe/London",
        country="GB", call_centre_phone="+441344900001", out_of_hours_phone="+441344900002",
        emergency_number="999", gas_emergency_phone="+448000111999", duty_manager_name="Duty manager Sam",
        duty_manager_phone="+447700900003",
        office_hours={d: ["09:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        allowed_origins=["http://127.0.0.1:8000", "http://localhost:8000"],
        branding={"colour": "#5b2a86", "site_name": "Demo Homes Bracknell"},
    ),
)
DEMO_ROTA = {
    "Demo Bolig Glostrup": (("Lars (vagt)", "+4520000001"), ("Mette (vagt)", "+4520000002")),
    "Demo Homes Bracknell": (("Alex (on call)", "+447700900001"), ("Jo (on call)", "+447700900002")),
}


def is_empty(*, session: Session) -> bool:
    return associations.first(session=session) is None


def load(*, session: Session, register_path: str = "") -> str:
    """Create the demo associations and rota, then import the register; returns a report."""
    for values in DEMO_ASSOCIATIONS:
        association = Association(**values)
        session.add(association)
        session.flush()
        for position, (name, phone) in enumerate(DEMO_ROTA[association.name], start=1):
            session.add(OnCallShift(association_id=association.id, name=name, phone=phone, position=position))
    session.flush()
    report = import_csv(session=session, source=register_path or DEMO_REGISTER)
    return report.summary()
