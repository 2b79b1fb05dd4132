"""Staff console: login, tonight's tickets, ticket detail and status changes, the rota, the dashboard."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import wraps
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from bot import clock, phones
from bot.access import throttle
from bot.alerts.models import Alert, OnCallShift
from bot.associations.models import Association
from bot.db import session_scope
from bot.media import service as media
from bot.media.models import Photo
from bot.messages import service as messages
from bot.repairs import queries as ticket_queries
from bot.staff import acknowledge, auth, labels, queries, reports
from bot.staff.models import StaffUser
from bot.tickets import lifecycle
from bot.tickets.models import STATUSES, Ticket
from bot.triage.categories import CATEGORIES
from bot.triage.policy import PRIORITIES
from webhooks import deps, i18n

bp = Blueprint("staff", __name__, url_prefix="/staff")
log = logging.getLogger(__name__)
HHMM = r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"
WEEKDAYS = [(1, _l("Mon")), (2, _l("Tue")), (3, _l("Wed")), (4, _l("Thu")), (5, _l("Fri")), (6, _l("Sat")),
            (7, _l("Sun"))]


def init_app(app: Flask) -> None:
    settings = app.extensions["settings"]
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(hours=settings.staff_session_hours))
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", settings.staff_session_hours * 3600)
    app.register_blueprint(bp)
    app.jinja_env.filters["local"] = _local
    i18n.init_app(app)


def _local(moment: datetime | None, tz: str = "Europe/Copenhagen", fmt: str = "%d-%m-%Y %H:%M") -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime(fmt) if moment else ""


# -- forms ---------------------------------------------------------------------------------------------
class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Log in"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Log out"))


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[(s, s) for s in lifecycle.STAFF_STATUSES])
    contractor = StringField(_l("Contractor (for assigned)"), validators=[Optional(), Length(max=120)])
    booked_for = DateTimeLocalField(_l("Booked for (for booked)"), format="%Y-%m-%dT%H:%M",
                                    validators=[Optional()])
    submit = SubmitField(_l("Change status"))

    def label_choices(self) -> StatusForm:
        """Statuses in the reader's language (the labels table); the submitted values stay the stored keys."""
        language = i18n.console_language()
        self.status.choices = [(s, labels.label("ticket_status", s, language)) for s in lifecycle.STAFF_STATUSES]
        return self


class ReopenForm(FlaskForm):
    submit = SubmitField("Reopen ticket")


class ShiftForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[DataRequired(), Length(max=20)])
    position = IntegerField(_l("Order"), default=1, validators=[NumberRange(min=1, max=99)])
    starts = StringField(_l("From"), default="00:00", validators=[Regexp(HHMM, message="HH:MM")])
    ends = StringField(_l("To"), default="24:00", validators=[Regexp(HHMM, message="HH:MM")])
    weekdays = SelectMultipleField(_l("Days"), choices=WEEKDAYS, coerce=int, default=[d for d, _ in WEEKDAYS])
    active = BooleanField(_l("Active"), default=True)
    association = SelectField(_l("Association"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Save"))


class ShiftDeleteForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class AcknowledgeForm(FlaskForm):
    submit = SubmitField(_l("Acknowledge"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[("da", "Dansk"), ("en", "English")])
    submit = SubmitField(_l("Change language"))


# -- login ---------------------------------------------------------------------------------------------
def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        user_id = session.get("staff_id")
        if user_id is None:
            return redirect(url_for("staff.login", next=request.full_path if request.method == "GET" else None))
        with session_scope(deps.settings().database_url) as db:
            user = db.get(StaffUser, user_id)
            if user is None:
                session.clear()
                return redirect(url_for("staff.login"))
            db.expunge(user)
        g.staff = user
        g.scope = auth.visible_association_ids(user)
        g.console_language = _language_of(user)
        return view(*args, **kwargs)

    return wrapper


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.staff.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapper)


def _language_of(user: StaffUser) -> str:
    """The user's chosen language, else their association's; group-wide users fall back to the browser's."""
    if user.language in i18n.LANGUAGES:
        return user.language
    if user.association_id:
        with session_scope(deps.settings().database_url) as db:
            association = db.get(Association, user.association_id)
            if association is not None and association.language in i18n.LANGUAGES:
                return association.language
    return ""


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/staff") and not target.startswith("//"):
        return target
    return url_for("staff.tickets")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        settings = deps.settings()
        keys = throttle.keys_for(email=form.email.data, address=request.remote_addr or "")
        wait = throttle.wait_seconds(deps.limiter(), keys)
        if wait:
            # The password is not even checked: a guess while throttled teaches nothing.
            log.info("staff login throttled for %d s", wait)
            return render_template("staff/login.html", form=form, error=throttle.GENERIC_ERROR), 429, \
                {"Retry-After": str(wait)}
        with session_scope(settings.database_url) as db:
            result = auth.authenticate(session=db, email=form.email.data, password=form.password.data)
            user_id = result.user.id if result.user else None
        if user_id is not None:
            throttle.record_success(deps.limiter(), keys)
            session.clear()  # a fresh session on login: no fixation
            session.permanent = True
            session["staff_id"] = user_id
            log.info("staff %s logged in", user_id)
            return redirect(_safe_next(request.args.get("next")))
        throttle.record_failure(deps.limiter(), keys)
        log.info("staff login failed")
        return render_template("staff/login.html", form=form, error=throttle.GENERIC_ERROR), 401
    return render_template("staff/login.html", form=form, error=None)


@bp.post("/logout")
def logout():
    form = LogoutForm()
    if form.validate_on_submit():
        session.clear()
    return redirect(url_for("staff.login"))


# -- helpers -------------------------------------------------------------------------------------------
def _timezone(db) -> str:
    if g.staff.association_id:
        association = db.get(Association, g.staff.association_id)
        if association:
            return association.timezone
    first = db.scalars(select(Association).order_by(Association.id)).first()
    return first.timezone if first else "UTC"


def _visible_or_404(db, model, key: int):
    """A row of one of the associations this user may see, or 404 (not 403: no hint that it exists)."""
    found = db.get(model, key)
    if found is None or not auth.may_see(g.staff, found.association_id):
        abort(404)
    return found


def _ticket_or_404(db, ticket_id: int) -> Ticket:
    ticket = db.get(Ticket, ticket_id)
    if ticket is None or not auth.may_see(g.staff, ticket.association_id):
        abort(404)
    return ticket


@bp.context_processor
def _common():
    user = getattr(g, "staff", None)
    language = LanguageForm(language=i18n.console_language()) if user else None
    return {"logout_form": LogoutForm(), "staff_user": user, "local": _local, "language_form": language,
            "lang": i18n.console_language()}


# -- tickets -------------------------------------------------------------------------------------------
@bp.get("/")
@login_required
def tickets():
    filters = queries.ConsoleFilters.from_args(request.args)
    now = clock.now(deps.settings())
    with session_scope(deps.settings().database_url) as db:
        tz = _timezone(db)
        rows = queries.tickets(session=db, association_ids=g.scope, filters=filters, tz=tz, now=now)
        tonight_start, _ = queries.night_bounds(queries.night_of(now, tz), tz)
        names = {a.id: a.name for a in queries.associations(session=db, association_ids=g.scope)}
        return render_template(
            "staff/tickets.html", tickets=rows, filters=filters, tz=tz, tonight_start=tonight_start,
            estates=queries.estates(session=db, association_ids=g.scope), names=names,
            alerts=queries.unacknowledged_alerts(session=db, association_ids=g.scope),
            priorities=PRIORITIES, statuses=STATUSES, categories=CATEGORIES, ack_form=AcknowledgeForm(),
        )


@bp.get("/t/<reference>")
@login_required
def by_reference(reference: str):
    """Short link for the alert SMS: the reference, within the associations this user may see."""
    with session_scope(deps.settings().database_url) as db:
        for association_id in (g.scope if g.scope is not None else [None]):
            ticket = ticket_queries.by_reference(session=db, reference=reference, association_id=association_id)
            if ticket is not None:
                return redirect(url_for("staff.ticket", ticket_id=ticket.id))
    abort(404)


def _render_ticket(db, ticket: Ticket, form: StatusForm, status_code: int = 200, error: str | None = None):
    association = db.get(Association, ticket.association_id)
    photos = media.for_ticket(session=db, ticket=ticket)
    transcript = messages.transcript(session=db, conversation_id=ticket.conversation_id,
                                     association_id=ticket.association_id) \
        if ticket.conversation_id else []
    return render_template(
        "staff/ticket.html", ticket=ticket, association=association, photos=photos, transcript=transcript,
        events=list(ticket.events), alerts=queries.alerts_for(session=db, ticket=ticket), form=form,
        reopen_form=ReopenForm(prefix="reopen"),
        tz=association.timezone, estate=queries.estate_name(session=db, ticket=ticket), error=error,
        masked_phone=phones.mask, region=association.country, ack_form=AcknowledgeForm(),
        may_acknowledge=lambda alert: acknowledge.may_acknowledge(alert, ticket),
    ), status_code


@bp.get("/tickets/<int:ticket_id>")
@login_required
def ticket(ticket_id: int):
    with session_scope(deps.settings().database_url) as db:
        found = _ticket_or_404(db, ticket_id)
        return _render_ticket(db, found, StatusForm().label_choices())


@bp.post("/tickets/<int:ticket_id>/status")
@login_required
def change_status(ticket_id: int):
    form = StatusForm().label_choices()
    with session_scope(deps.settings().database_url) as db:
        found = _ticket_or_404(db, ticket_id)
        if not form.validate_on_submit():
            return _render_ticket(db, found, form, 400, _("The form was not valid (expired page?). Try again."))
        association = db.get(Association, found.association_id)
        booked_for = None
        if form.booked_for.data:
            booked_for = form.booked_for.data.replace(tzinfo=ZoneInfo(association.timezone))
        try:
            sms = lifecycle.staff_change(session=db, ticket=found, actor=g.staff.email, status=form.status.data,
                                         now=clock.now(deps.settings()), contractor=form.contractor.data or "",
                                         booked_for=booked_for)
        except lifecycle.StatusChangeError as exc:
            db.rollback()
            found = _ticket_or_404(db, ticket_id)
            return _render_ticket(db, found, form, 400, str(exc))
        log.info("ticket %s set to %s by staff %s%s", found.reference, found.status, g.staff.id,
                 " (tenant SMS queued)" if sms else "")
        status = labels.label("ticket_status", found.status, i18n.console_language())
        flash(_("Ticket %(reference)s is now %(status)s.", reference=found.reference, status=status)
              + (" " + _("The tenant will get an SMS.") if sms else ""))
    return redirect(url_for("staff.ticket", ticket_id=ticket_id))


@bp.post("/tickets/<int:ticket_id>/reopen")
@login_required
def reopen(ticket_id: int):
    """A cancelled ticket back to open; the audit log names who did it."""
    form = ReopenForm(prefix="reopen")
    with session_scope(deps.settings().database_url) as db:
        found = _ticket_or_404(db, ticket_id)
        if not form.validate_on_submit():
            return _render_ticket(db, found, StatusForm(), 400, "The form was not valid (expired page?). Try again.")
        try:
            lifecycle.reopen(session=db, ticket=found, actor=g.staff.email, now=clock.now(deps.settings()))
        except lifecycle.StatusChangeError as exc:
            return _render_ticket(db, found, StatusForm(), 400, str(exc))
        log.info("ticket %s reopened by staff %s", found.reference, g.staff.id)
        flash(f"Ticket {found.reference} is open again.")
    return redirect(url_for("staff.ticket", ticket_id=ticket_id))


@bp.get("/photos/<int:photo_id>")
@login_required
def photo(photo_id: int):
    with session_scope(deps.settings().database_url) as db:
        found = db.get(Photo, photo_id)
        if found is None or not auth.may_see(g.staff, found.association_id):
            abort(404)
        response = Response(found.data, mimetype=found.content_type)
        response.headers["Cache-Control"] = "private, max-age=3600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


# -- rota ----------------------------------------------------------------------------------------------
def _shift_form(db, shift: OnCallShift | None = None, formdata=None) -> ShiftForm:
    form = ShiftForm(formdata=formdata, obj=shift, prefix=f"s{shift.id}" if shift else "new")
    form.association.choices = [(a.id, a.name) for a in queries.associations(session=db, association_ids=g.scope)]
    if shift is not None and formdata is None:
        form.phone.data = phones.display(shift.phone, db.get(Association, shift.association_id).country)
    return form


@bp.get("/rota")
@login_required
def rota():
    with session_scope(deps.settings().database_url) as db:
        return _render_rota(db)


def _render_rota(db, errors: dict | None = None, status_code: int = 200):
    query = select(OnCallShift).order_by(OnCallShift.association_id, OnCallShift.position, OnCallShift.id)
    if g.scope is not None:
        query = query.where(OnCallShift.association_id.in_(g.scope))
    shifts = list(db.scalars(query))
    visible = queries.associations(session=db, association_ids=g.scope)
    names = {a.id: a.name for a in visible}
    forms = [(s, _shift_form(db, s, formdata=None), ShiftDeleteForm(prefix=f"d{s.id}")) for s in shifts]
    new = _shift_form(db)
    return render_template("staff/rota.html", forms=forms, new=new, names=names, errors=errors or {},
                           weekdays=WEEKDAYS, regions={a.id: a.country for a in visible}), status_code


@bp.post("/rota")
@admin_required
def save_shift():
    shift_id = request.form.get("shift_id", type=int)
    if shift_id is not None and not 0 < shift_id < 2 ** 31:
        abort(404)
    with session_scope(deps.settings().database_url) as db:
        shift = db.get(OnCallShift, shift_id) if shift_id else None
        if shift_id and (shift is None or not auth.may_see(g.staff, shift.association_id)):
            abort(404)
        form = _shift_form(db, shift, formdata=request.form)
        if not form.validate_on_submit():
            return _render_rota(db, {shift_id or "new": form.errors}, 400)
        association_id = shift.association_id if shift else form.association.data
        if not auth.may_see(g.staff, association_id):
            abort(403)
        association = db.get(Association, association_id)
        phone = phones.to_e164(form.phone.data, association.country)
        if phone is None and shift is not None and form.phone.data.strip() in (shift.phone, phones.display(
                shift.phone, association.country)):
            phone = shift.phone  # an unchanged number stays (demo rota numbers are not real ones)
        if phone is None:
            return _render_rota(db, {shift_id or "new": {"phone": [_("not a valid phone number")]}}, 400)
        if shift is None:
            shift = OnCallShift(association_id=association_id)
            db.add(shift)
        shift.name = form.name.data.strip()
        shift.phone = phone
        shift.position = form.position.data
        shift.starts, shift.ends = form.starts.data, form.ends.data
        shift.weekdays = sorted(form.weekdays.data or [])
        shift.active = bool(form.active.data)
        db.flush()
        log.info("rota shift %s saved by staff %s", shift.id, g.staff.id)
        flash(_("Saved %(name)s on the rota.", name=shift.name))
    return redirect(url_for("staff.rota"))


@bp.post("/rota/<int:shift_id>/delete")
@admin_required
def delete_shift(shift_id: int):
    form = ShiftDeleteForm(prefix=f"d{shift_id}")
    with session_scope(deps.settings().database_url) as db:
        shift = _visible_or_404(db, OnCallShift, shift_id)
        if not form.validate_on_submit():
            abort(400)
        db.delete(shift)
        log.info("rota shift %s removed by staff %s", shift_id, g.staff.id)
        flash(_("Removed from the rota."))
    return redirect(url_for("staff.rota"))


# -- dashboard -----------------------------------------------------------------------------------------
@bp.get("/dashboard")
@login_required
def dashboard():
    with session_scope(deps.settings().database_url) as db:
        tz = _timezone(db)
        data = reports.build(session=db, association_ids=g.scope, tz=tz, now=clock.now(deps.settings()))
        return render_template("staff/dashboard.html", d=data, tz=tz)


# -- alerts and language -------------------------------------------------------------------------------
@bp.post("/alerts/<int:alert_id>/acknowledge")
@login_required
def acknowledge_alert(alert_id: int):
    """Acknowledge a page for the person paged (they called in, or answered on another phone): escalation stops."""
    form = AcknowledgeForm()
    with session_scope(deps.settings().database_url) as db:
        alert = _visible_or_404(db, Alert, alert_id)
        if not form.validate_on_submit():
            abort(400)
        try:
            ticket = acknowledge.acknowledge_alert(session=db, alert=alert, staff_email=g.staff.email,
                                                   now=clock.now(deps.settings()))
        except acknowledge.NotAcknowledgeable:
            flash(_("That alert was already acknowledged or is no longer waiting."))
            return redirect(url_for("staff.ticket", ticket_id=alert.ticket_id) if alert.ticket_id
                            else url_for("staff.tickets"))
        log.info("alert %s acknowledged in the console by staff %s", alert_id, g.staff.id)
        flash(_("Alert for %(reference)s acknowledged: nobody else will be paged.", reference=ticket.reference))
        ticket_id = ticket.id
    return redirect(url_for("staff.ticket", ticket_id=ticket_id))


@bp.post("/language")
@login_required
def change_language():
    form = LanguageForm()
    if form.validate_on_submit():
        with session_scope(deps.settings().database_url) as db:
            db.get(StaffUser, g.staff.id).language = form.language.data
    return redirect(_safe_next(request.form.get("next")))
