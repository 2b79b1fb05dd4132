"""Staff console section for work orders: approve and re-code orders, completion times against target."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, SubmitField

from bot import clock
from bot.db import session_scope
from bot.staff import auth
from bot.tickets.models import Ticket
from bot.workorders import flows, queries, service
from bot.workorders.models import Contractor, WorkOrder
from bot.workorders.rates import rates_of
from webhooks import deps
from webhooks.staff import _common as console_context
from webhooks.staff import _timezone, login_required

bp = Blueprint("workorders_console", __name__, url_prefix="/staff/workorders")
# Waiting for staff first, then the newest.
NEEDS_STAFF = ("pending_approval", "declined", "awaiting_oncall")


class OrderForm(FlaskForm):
    job_code = SelectField("Job code", validate_choice=False)
    contractor = SelectField("Contractor", coerce=int, validate_choice=False)
    approve = SubmitField("Send to contractor")
    save = SubmitField("Change job code")


# The console's header (logout, the staff user, the language switch) is the same on these pages.
bp.context_processor(console_context)


def _order_or_404(db, order_id: int) -> WorkOrder:
    order = db.get(WorkOrder, order_id)
    if order is None or not auth.may_see(g.staff, order.association_id):
        abort(404)
    return order


def _forms(db, orders: list[WorkOrder]) -> dict[int, OrderForm]:
    forms = {}
    for order in orders:
        rates = rates_of(session=db, association_id=order.association_id)
        contractors = db.scalars(select(Contractor).where(Contractor.association_id == order.association_id,
                                                          Contractor.active.is_(True)).order_by(Contractor.name))
        form = OrderForm(prefix=f"o{order.id}", job_code=order.job_code, contractor=order.contractor_id)
        form.job_code.choices = [(r.code, f"{r.code} {r.description} ({r.trade}, {r.target_days} d)") for r in rates]
        form.contractor.choices = [(c.id, c.name) for c in contractors]
        forms[order.id] = form
    return forms


@bp.get("/")
@login_required
def orders():
    with session_scope(deps.settings().database_url) as db:
        query = select(WorkOrder, Ticket).join(Ticket, Ticket.id == WorkOrder.ticket_id).order_by(
            WorkOrder.status.in_(NEEDS_STAFF).desc(), WorkOrder.id.desc()).limit(200)
        if g.scope is not None:
            query = query.where(WorkOrder.association_id.in_(g.scope))
        rows = list(db.execute(query))
        names = dict(db.execute(select(Contractor.id, Contractor.name)).all())
        return render_template("jobs/staff_orders.html", rows=rows, names=names, tz=_timezone(db),
                               forms=_forms(db, [o for o, _ in rows]))


@bp.post("/<int:order_id>")
@login_required
def change(order_id: int):
    with session_scope(deps.settings().database_url) as db:
        order = _order_or_404(db, order_id)
        form = OrderForm(prefix=f"o{order.id}")
        if not form.validate_on_submit():
            abort(400)
        actor = g.staff.email
        try:
            if form.approve.data:
                flows.approve(session=db, order=order, actor=actor, now=clock.now(deps.settings()),
                              contractor_id=form.contractor.data or None, job_code=form.job_code.data or None)
                flash(f"Work order {order.id} sent to the contractor.")
            elif form.job_code.data and form.job_code.data != order.job_code:
                flows.set_job_code(session=db, order=order, code=form.job_code.data, actor=actor,
                                   now=clock.now(deps.settings()))
                flash(f"Work order {order.id} now has job code {order.job_code}.")
        except service.TransitionError as exc:
            db.rollback()
            flash(str(exc))
    return redirect(url_for("workorders_console.orders"), code=303)


@bp.get("/dashboard")
@login_required
def dashboard():
    with session_scope(deps.settings().database_url) as db:
        report = queries.completion_report(session=db, association_ids=g.scope)
        return render_template("jobs/staff_dashboard.html", report=report, view=request.args.get("view"))
