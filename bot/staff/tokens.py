"""Staff API tokens: one per association (or group-wide for a group admin), shown once, stored as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.access.models import ApiToken
from bot.staff.models import StaffUser

PREFIX = "rbt_"  # recognisable in a leaked log or repository, for secret scanners


@dataclass(frozen=True)
class ApiScope:
    """What a bearer token may see: None is every association (the group)."""

    association_ids: tuple[int, ...] | None
    name: str

    @property
    def group_wide(self) -> bool:
        return self.association_ids is None

    def may_see(self, association_id: int) -> bool:
        return self.association_ids is None or association_id in self.association_ids


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(*, session: Session, owner: StaffUser, association_id: int | None, now: datetime,
           name: str = "") -> str:
    """A new token for `owner`; a group-wide one (association_id None) only for a group admin."""
    if association_id is None and not (owner.role == "admin" and owner.association_id is None):
        raise PermissionError("a group-wide token is only for an admin of the whole group")
    if association_id is not None and owner.association_id not in (None, association_id):
        raise PermissionError("this user belongs to another association")
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(association_id=association_id, name=name or owner.email, token_hash=_hash(token),
                         created_at=now))
    session.flush()
    return token


def scope_of(*, session: Session, token: str, group_token: str) -> ApiScope | None:
    """The scope of a presented token: STAFF_API_TOKEN is group-wide; others are looked up by hash."""
    if not token:
        return None
    if group_token and hmac.compare_digest(token.encode(), group_token.encode()):
        return ApiScope(association_ids=None, name="STAFF_API_TOKEN")
    if not token.startswith(PREFIX):
        return None
    found = session.scalars(select(ApiToken).where(ApiToken.token_hash == _hash(token),
                                                  ApiToken.revoked_at.is_(None))).first()
    if found is None:
        return None
    ids = None if found.association_id is None else (found.association_id,)
    return ApiScope(association_ids=ids, name=found.name)


def revoke(*, session: Session, token_id: int, now: datetime) -> bool:
    found = session.get(ApiToken, token_id)
    if found is None or found.revoked_at is not None:
        return False
    found.revoked_at = now
    return True
