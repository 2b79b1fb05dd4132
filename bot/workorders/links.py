"""Signed job-page links: no login for the contractor, but a link opens one job, while it is live, for a while."""

from __future__ import annotations

import re
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from bot.workorders.models import WorkOrder
from bot.workorders.service import is_live

SALT = "repairbot.workorders.job-link"
# A link's token as it appears in an SMS or email.
LINK_TOKEN = re.compile(r"/jobs/\d+\?t=([\w.-]+)")


class LinkRefused(Exception):
    """Why a job link does not open the page: `reason` is expired, invalid, other_job, superseded or closed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LinkClaims:
    work_order_id: int
    generation: int


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    if not secret_key:
        raise RuntimeError("SECRET_KEY is needed to sign job links")
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def make_token(*, secret_key: str, order: WorkOrder) -> str:
    return _serializer(secret_key).dumps({"wo": order.id, "g": order.link_generation})


def read_token(*, secret_key: str, token: str, max_age_seconds: int, now_timestamp: float | None = None) -> LinkClaims:
    """The claims of a well-signed, unexpired token; raises LinkRefused."""
    serializer = _serializer(secret_key)
    try:
        if now_timestamp is None:
            data = serializer.loads(token, max_age=max_age_seconds)
        else:
            # The timestamp check against a given clock (REPAIRBOT_NOW drills, tests of expiry).
            data, signed_at = serializer.loads(token, return_timestamp=True)
            if now_timestamp - signed_at.timestamp() > max_age_seconds:
                raise LinkRefused("expired")
    except SignatureExpired as exc:
        raise LinkRefused("expired") from exc
    except BadSignature as exc:
        raise LinkRefused("invalid") from exc
    if not isinstance(data, dict) or not isinstance(data.get("wo"), int) or not isinstance(data.get("g"), int):
        raise LinkRefused("invalid")
    return LinkClaims(work_order_id=data["wo"], generation=data["g"])


def check(*, claims: LinkClaims, order: WorkOrder | None, work_order_id: int) -> None:
    """A token signed for another job, an earlier issue of this job's link, or a closed job: refused."""
    if claims.work_order_id != work_order_id or order is None or order.id != claims.work_order_id:
        raise LinkRefused("other_job")
    if claims.generation != order.link_generation:
        raise LinkRefused("superseded")
    if not is_live(order):
        raise LinkRefused("closed")


def url(*, base_url: str, secret_key: str, order: WorkOrder) -> str:
    return f"{base_url.rstrip('/')}/jobs/{order.id}?t={make_token(secret_key=secret_key, order=order)}"
