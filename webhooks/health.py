"""GET /healthz: each process tenants depend on, checked for real; 503 while any kind of them is down.

gateway (this answer), store (a query), Rasa and the action servers (their own health routes), the dispatchers
(a heartbeat in the store younger than HEARTBEAT_STALE_SECONDS). With several instances of a kind (scaled mode),
the kind is up while one of them is; each instance is listed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import requests
from flask import Blueprint, jsonify
from sqlalchemy import text

from bot.db import get_engine, get_sessionmaker, utcnow
from bot.health import service as heartbeats
from bot.settings import Settings
from webhooks import deps

bp = Blueprint("health", __name__)
PROBE_TIMEOUT_SECONDS = 2.0


def _http_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=PROBE_TIMEOUT_SECONDS).status_code == 200
    except requests.RequestException:
        return False


def _store(settings: Settings) -> tuple[bool, bool]:
    """(store up, a dispatcher polled recently)."""
    try:
        with get_engine(settings.database_url).connect() as conn:
            conn.execute(text("SELECT 1"))
        with get_sessionmaker(settings.database_url)() as session:
            last = heartbeats.last_beat(session=session, kind="dispatcher")
    except Exception:
        return False, False
    return True, last is not None and utcnow() - last <= timedelta(seconds=settings.heartbeat_stale_seconds)


@bp.get("/healthz")
def healthz():
    settings = deps.settings()
    rasa = {url: f"{url}/" for url in settings.all_rasa_urls}
    # The action server's own route beside /webhook.
    actions = {url: url.rsplit("/webhook", 1)[0] + "/health" for url in settings.all_action_server_urls}
    probes = {("rasa", u): p for u, p in rasa.items()} | {("actions", u): p for u, p in actions.items()}
    with ThreadPoolExecutor(max_workers=len(probes) + 1) as pool:
        store = pool.submit(_store, settings)
        answers = dict(zip(probes, pool.map(_http_ok, probes.values()), strict=True))
        store_up, dispatcher_up = store.result()
    checks = {
        "gateway": True,
        "store": store_up,
        "rasa": any(ok for (kind, _), ok in answers.items() if kind == "rasa"),
        "action_server": any(ok for (kind, _), ok in answers.items() if kind == "actions"),
        "dispatcher": dispatcher_up,
    }
    status = 200 if all(checks.values()) else 503
    body = {"status": "ok" if status == 200 else "degraded", "checks": checks,
            "down": [name for name, ok in checks.items() if not ok],
            "instances": {f"{kind} {url}": ok for (kind, url), ok in answers.items()}}
    return jsonify(body), status
