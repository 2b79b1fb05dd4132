"""Open311 GeoReport v2 (read side) for housing management and council systems."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from bot import clock
from bot.db import session_scope
from bot.repairs import open311
from webhooks import deps
from webhooks.api import api_scope, token_ok

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")


@bp.after_request
def no_store_when_private(response):
    """An authenticated answer includes descriptions and addresses: keep it out of shared caches."""
    if token_ok():
        response.headers["Cache-Control"] = "no-store"
    return response


def _error(exc: open311.Open311Error):
    return jsonify([{"code": exc.code, "description": exc.description}]), exc.code


def _narrow(query: open311.RequestQuery) -> None:
    """A per-association token sees its own association's requests (with their private details) only."""
    scope = api_scope()
    if scope is not None and not scope.group_wide:
        if query.association_id not in (None, scope.association_ids[0]):
            query.association_id = -1  # another association's jurisdiction: nothing
        else:
            query.association_id = scope.association_ids[0]


@bp.get("/services.json")
def services():
    return jsonify(open311.services())


@bp.get("/requests.json")
def requests_list():
    """Public callers see category, status and dates; the staff token adds description, address and unit."""
    with session_scope(deps.settings().database_url) as session:
        try:
            query = open311.RequestQuery.from_args(request.args, session=session, now=clock.now(deps.settings()))
        except open311.Open311Error as exc:
            return _error(exc)
        _narrow(query)
        tickets = open311.find(session=session, query=query)
        return jsonify(open311.as_requests(session=session, tickets=tickets, private=token_ok()))


@bp.get("/requests/<request_id>.json")
def request_one(request_id: str):
    with session_scope(deps.settings().database_url) as session:
        query = open311.RequestQuery(ids=[request_id])
        _narrow(query)
        tickets = open311.find(session=session, query=query)
        if not tickets:
            return _error(open311.Open311Error(404, "no such service request"))
        # GeoReport v2 answers a single request as a one-element list.
        return jsonify(open311.as_requests(session=session, tickets=tickets, private=token_ok()))
