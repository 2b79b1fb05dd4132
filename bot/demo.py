"""Demo data for `make run`: two associations, their registers, office hours and an on-call rota of two."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts.models import OnCallShift
from bot.associations import service as associations
from bot.associations.models import Association
from bot.register.importer import import_csv
from bot.settings import ROOT

DEMO_REGISTER = ROOT / "demo" / "register.csv"
DEMO_RATES = ROOT / "demo" / "rates.csv"

DEMO_ASSOCIATIONS = (
    dict(
        name="Demo Bolig Glostrup", sms_number="+4589880000", language="da", timezone="Europe/Copenhagen",
        country="DK", call_centre_phone="+4543430000", out_of_hours_phone="+4543439999", emergency_number="112",
        gas_emergency_phone="+4533954000", duty_manager_name="Driftschef Hanne", duty_manager_phone="+4520000003",
        allowed_origins=["http://127.0.0.1:8000", "http://localhost:8000"],
        branding={"colour": "#0b5563", "site_name": "Demo Bolig Glostrup"},
        # Non-emergency work goes straight to the term contractor (bot.workorders).
        policy_overrides={"auto_dispatch": True},
    ),
    dict(
        name="Demo Homes Bracknell", sms_number="+441344900000", language="en", timezone="Europe/London",
        country="GB", call_centre_phone="+441344900001", out_of_hours_phone="+441344900002",
        emergency_number="999", gas_emergency_phone="+448000111999", duty_manager_name="Duty manager Sam",
        duty_manager_phone="+447700900003",
        office_hours={d: ["09:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        allowed_origins=["http://127.0.0.1:8000", "http://localhost:8000"],
        branding={"colour": "#5b2a86", "site_name": "Demo Homes Bracknell"},
        policy_overrides={"auto_dispatch": True},
    ),
)
DEMO_ROTA = {
    "Demo Bolig Glostrup": (("Lars (vagt)", "+4520000001"), ("Mette (vagt)", "+4520000002")),
    "Demo Homes Bracknell": (("Alex (on call)", "+447700900001"), ("Jo (on call)", "+447700900002")),
}

# Term contractors: (name, trade, phone, email, language, works out of hours) and the categories each takes.
DEMO_CONTRACTORS = {
    "Demo Bolig Glostrup": (
        ("VVS Jensen ApS", "plumber", "+4540112233", "vagt@vvs-jensen.example", "da", True,
         ("water", "drainage", "heating", "hot_water")),
        ("Glostrup El-service", "electrician", "+4540112244", "ordre@glostrup-el.example", "da", False,
         ("electrical",)),
        ("Tømrer Holm", "carpenter", "+4540112255", "holm@tomrer.example", "da", False,
         ("doors_windows", "fixtures")),
        ("Vestegnens Byg", "builder", "+4540112266", "byg@vestegnen.example", "da", False,
         ("damp_mould", "structure", "communal", "pests")),
    ),
    "Demo Homes Bracknell": (
        ("Berkshire Plumbing Ltd", "plumber", "+447911123456", "jobs@berks-plumbing.example", "en", True,
         ("water", "drainage")),
        ("Thames Heating", "heating engineer", "+447911123457", "jobs@thames-heating.example", "en", True,
         ("heating", "hot_water")),
        ("Bracknell Building Services", "builder", "+447911123458", "jobs@bbs.example", "en", False,
         ("electrical", "doors_windows", "fixtures", "damp_mould", "structure", "communal", "pests")),
    ),
}
# An estate with its own contractor for one category (the association's rule covers the other estates).
DEMO_ESTATE_RULES = (("Demo Bolig Glostrup", "Ejbydalen", "electrical",
                      ("Ejby Elektrikeren", "electrician", "+4540112277", "ejby@el.example", "da", True)),)


def _load_workorders(session: Session) -> None:
    from bot.associations.models import Estate
    from bot.workorders.models import Contractor, RoutingRule
    from bot.workorders.rates import import_rates

    def contractor(association, name, trade, phone, email, language, ooh):
        row = Contractor(association_id=association.id, name=name, phone=phone, email=email, language=language,
                         out_of_hours=ooh)
        session.add(row)
        session.flush()
        return row

    by_name = {}
    for association_name, rows in DEMO_CONTRACTORS.items():
        association = associations.by_name(session=session, name=association_name)
        by_name[association_name] = association
        for name, trade, phone, email, language, ooh, categories in rows:
            row = contractor(association, name, trade, phone, email, language, ooh)
            for category in categories:
                session.add(RoutingRule(association_id=association.id, category=category, trade=trade,
                                        contractor_id=row.id))
    for association_name, estate_name, category, (name, trade, phone, email, language, ooh) in DEMO_ESTATE_RULES:
        association = by_name[association_name]
        estate = session.scalars(select(Estate).where(Estate.association_id == association.id,
                                                      Estate.name == estate_name)).first()
        if estate is None:
            continue  # another register was loaded instead of the demo one
        row = contractor(association, name, trade, phone, email, language, ooh)
        session.add(RoutingRule(association_id=association.id, category=category, estate_id=estate.id, trade=trade,
                                contractor_id=row.id))
    import_rates(session=session, source=DEMO_RATES, default_association=associations.first(session=session))


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
    _load_workorders(session)
    return report.summary()
