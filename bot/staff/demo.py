"""Demo staff logins for `make run`: one admin per demo association and a group admin."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.associations import service as associations
from bot.instance import write_private
from bot.staff import auth
from bot.staff.models import StaffUser

DEMO_USERS = (
    # (email, name, role, association name or None for the whole group)
    ("vagt@demobolig.dk", "Vagt Demo Bolig", "admin", "Demo Bolig Glostrup"),
    ("office@demohomes.example", "Office Demo Homes", "staff", "Demo Homes Bracknell"),
    ("group@demo.example", "Group admin", "admin", None),
)
PASSWORD_FILE = "demo_staff_password"


def demo_password(instance_dir: Path) -> str:
    """One random password for every demo login, kept under instance/ so `make run` can print it again."""
    path = instance_dir / PASSWORD_FILE
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    write_private(path, password + "\n")
    return password


def seed(*, session: Session, instance_dir: Path) -> str:
    """Create the demo logins when the store has no staff yet and the demo associations exist; returns a report."""
    password = demo_password(instance_dir)
    existing = session.scalars(select(StaffUser.email)).all()
    demo_store = any(associations.by_name(session=session, name=name) for *_, name in DEMO_USERS if name)
    if not demo_store:
        return "no demo logins (not the demo associations): create logins with `python -m bot.cli create-staff`"
    if not existing:
        for email, name, role, association_name in DEMO_USERS:
            association = associations.by_name(session=session, name=association_name) if association_name else None
            if association_name and association is None:
                continue
            auth.create_user(session=session, email=email, name=name, role=role, password=password,
                             association_id=association.id if association else None)
        existing = session.scalars(select(StaffUser.email)).all()
    demo = [email for email, *_ in DEMO_USERS if email in existing]
    if not demo:
        return "no demo logins (staff users exist)"
    return f"console /staff: {', '.join(demo)} with password {password}"
