"""The contractor's job page: a signed link, no login; accept, book, attend and close the job from a phone."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request, url_for

from bot import clock
from bot.associations.models import Association
from bot.db import session_scope
from bot.media.models import Photo
from bot.media.service import PhotoRejected
from bot.tickets.models import Ticket
from bot.workorders import flows, links, service
from bot.workorders.models import Contractor
from bot.workorders.texts import PAGE
from webhooks import deps

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
log = logging.getLogger(__name__)
STEPS = ("dispatch", "accept", "decline", "book", "on_the_way", "attended", "complete", "follow_up")
# Steps whose form carries a note and photos; a decline or a follow-up must say why.
NOTE_STEPS = ("decline", "attended", "complete", "follow_up")
NOTE_REQUIRED = ("decline", "follow_up")
REFUSED_STATUS = {"expired": 410, "closed": 410, "superseded": 410, "other_job": 403, "invalid": 403}


@bp.after_request
def private(response):
    """The page names the tenant and their home: no cache keeps it, no referrer leaks the link."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _language(contractor: Contractor | None) -> str:
    wanted = request.values.get("lang")
    if wanted in PAGE:
        return wanted
    return contractor.language if contractor and contractor.language in PAGE else "da"


def _refused(reason: str, lang: str) -> Response:
    log.warning("job link refused (%s) for %s", reason, request.path)
    return Response(render_template("jobs/refused.html", t=PAGE[lang], reason=reason, lang=lang),
                    status=REFUSED_STATUS[reason])


def _appointment(tz: str) -> tuple[datetime, datetime] | None:
    """The booked window from the form's local date and times."""
    try:
        day = date.fromisoformat(request.form.get("day", ""))
        start, end = (time.fromisoformat(request.form.get(name, "")) for name in ("start", "end"))
    except ValueError:
        return None
    zone = ZoneInfo(tz)
    return datetime.combine(day, start, zone), datetime.combine(day, end, zone)


def _page(session, order, token: str, lang: str, error: str | None = None, status: int = 200,
          done: str | None = None):
    ticket = session.get(Ticket, order.ticket_id)
    association = session.get(Association, order.association_id)
    contractor = session.get(Contractor, order.contractor_id) if order.contractor_id else None
    steps = ["dispatch"] if order.status == "awaiting_oncall" else \
        [s for s in STEPS if s != "dispatch" and order.status in service.TRANSITIONS[s][0]]
    photos = list(session.query(Photo.id).filter(Photo.conversation_id == f"workorder:{order.id}"))
    html = render_template(
        "jobs/job.html", t=PAGE[lang], lang=lang, other_lang="en" if lang == "da" else "da", order=order,
        ticket=ticket, association=association, contractor=contractor, steps=steps, token=token, error=error,
        events=service.events(session=session, order=order), tz=association.timezone,
        note_steps=NOTE_STEPS, note_required=NOTE_REQUIRED, photo_ids=[p.id for p in photos],
        done=done or request.args.get("done"),
        today=clock.now(deps.settings()).astimezone(ZoneInfo(association.timezone)).date(),
    )
    return Response(html, status=status)


@bp.get("/<int:work_order_id>")
def job(work_order_id: int):
    token = request.args.get("t", "")
    with session_scope(deps.settings().database_url) as session:
        try:
            order = flows.open_order(session=session, settings=deps.settings(), work_order_id=work_order_id,
                                     token=token, now=clock.now(deps.settings()))
        except links.LinkRefused as refused:
            return _refused(refused.reason, _language(None))
        contractor = session.get(Contractor, order.contractor_id) if order.contractor_id else None
        return _page(session, order, token, _language(contractor))


@bp.post("/<int:work_order_id>/<step>")
def step(work_order_id: int, step: str):
    if step not in STEPS:
        return Response("unknown step\n", status=404, mimetype="text/plain")
    settings = deps.settings()
    token = request.form.get("t", "")
    now = clock.now(deps.settings())
    with session_scope(settings.database_url) as session:
        try:
            order = flows.open_order(session=session, settings=settings, work_order_id=work_order_id, token=token,
                                     now=now)
        except links.LinkRefused as refused:
            return _refused(refused.reason, _language(None))
        contractor = session.get(Contractor, order.contractor_id) if order.contractor_id else None
        lang = _language(contractor)
        t = PAGE[lang]
        note = (request.form.get("note") or "").strip()[:service.NOTE_CHARS]
        if step in NOTE_REQUIRED and not note:
            return _page(session, order, token, lang, error=t["errors"]["note"], status=400)
        start = end = None
        if step == "book":
            window = _appointment(session.get(Association, order.association_id).timezone)
            if window is None or window[1] <= window[0] or window[0] < now:
                return _page(session, order, token, lang, error=t["errors"]["when"], status=400)
            start, end = window
        photos = [f.read() for f in request.files.getlist("photos") if f and f.filename] if step in NOTE_STEPS else []
        generation = order.link_generation
        try:
            with session.begin_nested():
                flows.contractor_step(session=session, settings=settings, order=order, step=step, now=now,
                                      note=note, start=start, end=end, photos=photos)
        except service.TransitionError:
            return _page(session, order, token, lang, status=409,
                         error=t["errors"]["step"].format(status=t["statuses"].get(order.status, order.status)))
        except PhotoRejected as exc:
            return _page(session, order, token, lang, error=t["errors"]["photo"].format(reason=exc), status=400)
        log.info("work order %s: %s by the contractor", order.id, step)
        if not service.is_live(order) or order.link_generation != generation:
            # The link died with this step (completed, declined, handed to the contractor): show the final state
            # once, without actions.
            return _page(session, order, "", lang, done=step)
    return redirect(url_for("jobs.job", work_order_id=work_order_id, t=token, lang=lang, done=step), code=303)


@bp.get("/<int:work_order_id>/photos/<int:photo_id>")
def photo(work_order_id: int, photo_id: int):
    with session_scope(deps.settings().database_url) as session:
        try:
            flows.open_order(session=session, settings=deps.settings(), work_order_id=work_order_id,
                             token=request.args.get("t", ""), now=clock.now(deps.settings()))
        except links.LinkRefused as refused:
            return _refused(refused.reason, _language(None))
        found = session.get(Photo, photo_id)
        if found is None or found.conversation_id != f"workorder:{work_order_id}":
            return Response("not found\n", status=404, mimetype="text/plain")
        return Response(found.data, mimetype=found.content_type)
