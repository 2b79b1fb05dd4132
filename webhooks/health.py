"""GET /healthz: the gateway, the store and Rasa are reachable."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from bot.db import get_engine
from webhooks import deps

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    checks = {"gateway": True}
    try:
        with get_engine(deps.settings().database_url).connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["store"] = True
    except Exception:
        checks["store"] = False
    checks["rasa"] = deps.rasa().healthy()
    status = 200 if all(checks.values()) else 503
    return jsonify(status="ok" if status == 200 else "degraded", checks=checks), status
