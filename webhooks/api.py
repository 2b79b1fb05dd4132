"""Staff JSON API and CSV export: associations and tickets, behind a group-wide or per-association token."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, g, jsonify, request, stream_with_context

from bot import clock
from bot.associations import service as associations
from bot.db import get_sessionmaker, session_scope
from bot.repairs import queries
from bot.staff import tokens
from webhooks import deps

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.after_request
def no_store(response):
    """Tickets carry tenants' names and numbers: no proxy or browser cache may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def api_scope() -> tokens.ApiScope | None:
    """The associations the request's bearer token may see: STAFF_API_TOKEN all, a per-association token one."""
    if "api_scope" not in g:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.startswith("Bearer ") else ""
        with session_scope(deps.settings().database_url) as session:
            g.api_scope = tokens.scope_of(session=session, token=token, group_token=deps.settings().staff_api_token)
    return g.api_scope


def token_ok() -> bool:
    return api_scope() is not None


def require_token(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not token_ok():
            return jsonify(error="missing or wrong bearer token"), 401
        return view(*args, **kwargs)

    return wrapper


@bp.get("/associations")
@require_token
def list_associations():
    with session_scope(deps.settings().database_url) as session:
        return jsonify([associations.as_dict(a) for a in associations.list_all(session=session)
                        if api_scope().may_see(a.id)])


def _filters() -> queries.TicketFilters:
    """The query's filters, narrowed to the token's association; naming another one is refused."""
    filters = queries.TicketFilters.from_args(request.args)
    scope = api_scope()
    if request.args.get("association"):
        with session_scope(deps.settings().database_url) as session:
            found = associations.by_name(session=session, name=request.args["association"])
            if found is None:
                raise ValueError("association is not a configured association's name")
            if not scope.may_see(found.id):
                raise PermissionError("this token sees only its own association")
            filters.association_id = found.id
    elif not scope.group_wide:
        filters.association_id = scope.association_ids[0]
    return filters


@bp.get("/tickets")
@require_token
def list_tickets():
    try:
        filters = _filters()
    except PermissionError as exc:
        return jsonify(error=str(exc)), 403
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    with session_scope(deps.settings().database_url) as session:
        tickets = queries.search(session=session, filters=filters)
        return jsonify(queries.as_dicts(session=session, tickets=tickets))


@bp.get("/tickets.csv")
@require_token
def export_tickets():
    """Every ticket created in [since, until) as CSV (all of them when neither is given), oldest first."""
    try:
        filters = _filters()
    except PermissionError as exc:
        return jsonify(error=str(exc)), 403
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    if filters.since and filters.until and filters.until <= filters.since:
        return jsonify(error="until must be after since"), 400
    maker = get_sessionmaker(deps.settings().database_url)

    def generate():
        with maker() as session:
            yield from queries.export_csv(session=session, filters=filters)

    stamp = clock.now(deps.settings()).strftime("%Y%m%dT%H%M%SZ")
    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="tickets-{stamp}.csv"'})


@bp.get("/tickets/<reference>")
@require_token
def get_ticket(reference: str):
    with session_scope(deps.settings().database_url) as session:
        ticket = queries.by_reference(session=session, reference=reference)
        if ticket is None or not api_scope().may_see(ticket.association_id):
            abort(404)
        return jsonify(queries.as_dict(session=session, ticket=ticket))
