"""Staff JSON API: associations and tickets, behind a bearer token."""

from __future__ import annotations

import hmac
from functools import wraps

from flask import Blueprint, abort, jsonify, request

from bot.associations import service as associations
from bot.db import session_scope
from bot.tickets import queries
from webhooks import deps

bp = Blueprint("api", __name__, url_prefix="/api")


def require_token(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        token = header[7:] if header.startswith("Bearer ") else ""
        expected = deps.settings().staff_api_token
        if not token or not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            return jsonify(error="missing or wrong bearer token"), 401
        return view(*args, **kwargs)

    return wrapper


@bp.get("/associations")
@require_token
def list_associations():
    with session_scope(deps.settings().database_url) as session:
        return jsonify([associations.as_dict(a) for a in associations.list_all(session=session)])


@bp.get("/tickets")
@require_token
def list_tickets():
    try:
        filters = queries.TicketFilters.from_args(request.args)
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    with session_scope(deps.settings().database_url) as session:
        tickets = queries.search(session=session, filters=filters)
        return jsonify([queries.as_dict(session=session, ticket=t) for t in tickets])


@bp.get("/tickets/<reference>")
@require_token
def get_ticket(reference: str):
    with session_scope(deps.settings().database_url) as session:
        ticket = queries.by_reference(session=session, reference=reference)
        if ticket is None:
            abort(404)
        return jsonify(queries.as_dict(session=session, ticket=ticket))
