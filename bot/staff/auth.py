"""Staff accounts: argon2 password hashes and who may see which association (throttling: bot.access.throttle)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import StaffUser

ROLES = ("staff", "admin")
MIN_PASSWORD_CHARS = 10
_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass
class LoginResult:
    user: StaffUser | None


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    return _hasher.hash(password)


def create_user(*, session: Session, email: str, password: str, role: str, association_id: int | None,
                name: str = "") -> StaffUser:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if association_id is None and role != "admin":
        raise ValueError("only an admin may belong to no association (the group)")
    user = StaffUser(email=email.strip().lower(), name=name, password_hash=hash_password(password), role=role,
                     association_id=association_id, failed_logins=0)
    session.add(user)
    session.flush()
    return user


def by_email(*, session: Session, email: str) -> StaffUser | None:
    return session.scalars(select(StaffUser).where(StaffUser.email == email.strip().lower())).first()


def authenticate(*, session: Session, email: str, password: str) -> LoginResult:
    """Check a login. Throttling is bot.access.throttle's job: an account never locks, so no stranger can lock it."""
    user = by_email(session=session, email=email)
    if user is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return LoginResult(user=None)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return LoginResult(user=None)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return LoginResult(user=user)


def visible_association_ids(user: StaffUser) -> list[int] | None:
    """The associations this user may see; None means all of them (an admin of the group)."""
    if user.association_id is None and user.role == "admin":
        return None
    return [user.association_id] if user.association_id is not None else []


def may_see(user: StaffUser, association_id: int) -> bool:
    allowed = visible_association_ids(user)
    return allowed is None or association_id in allowed
