"""The chat widget script for associations' sites, and a demo site page at GET /."""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory

from bot import phones
from bot.associations import service as associations
from bot.associations.models import Association
from bot.db import session_scope
from webhooks import deps

bp = Blueprint("widget", __name__)
FALLBACK_COLOUR = "#0b5563"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.1 AA for normal text; the widget puts white text on the association's colour.
MIN_CONTRAST = 4.5
SCRIPT_MAX_AGE = 300
ICON_MAX_AGE = 86400


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def accessible_colour(colour: str | None) -> str:
    """The association's colour when white text on it meets AA contrast, else a dark default."""
    if colour and HEX_COLOUR.match(colour) and contrast_with_white(colour) >= MIN_CONTRAST:
        return colour
    return FALLBACK_COLOUR


def shown_numbers(association: Association) -> dict[str, str]:
    """Each of the association's numbers as E.164 (or a short number) -> how a tenant reads it there."""
    region = association.country
    numbers = (association.emergency_number, association.out_of_hours_phone, association.call_centre_phone,
               association.gas_emergency_phone, association.sms_number)
    return {n: phones.display(n, region) for n in numbers if n}


def widget_config(association: Association) -> dict:
    branding = association.branding or {}
    return {
        "association": association.id,
        "name": association.name,
        "site_name": branding.get("site_name") or association.name,
        "language": association.language,
        "colour": accessible_colour(branding.get("colour")),
        "emergency_number": association.emergency_number,
        "out_of_hours_phone": association.out_of_hours_phone or association.call_centre_phone,
        "gas_emergency_phone": association.gas_emergency_phone,
        "sms_number": association.sms_number,
        # The widget shows these in national format and makes every number in a bot message a tel: link.
        "numbers": shown_numbers(association),
        "country": association.country,
    }


@bp.get("/widget.js")
def widget_script():
    """One script tag on the association's site; with ?association= the association's settings come inline."""
    preset = None
    ref = request.args.get("association")
    if ref:
        with session_scope(deps.settings().database_url) as session:
            association = associations.resolve(session=session, ref=ref)
            preset = widget_config(association) if association else None
    body = render_template("widget/widget.js", preset=preset)
    response = Response(body, mimetype="application/javascript")
    response.headers["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/favicon.ico")
def favicon():
    response = send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon")
    response.headers["Cache-Control"] = f"public, max-age={ICON_MAX_AGE}"
    return response


@bp.get("/")
def demo_site():
    """A stand-in for an association's own web site with the widget on it (?association= picks which)."""
    with session_scope(deps.settings().database_url) as session:
        all_associations = associations.list_all(session=session)
        association = associations.resolve(session=session, ref=request.args.get("association"))
        if association is None:
            return Response("no association is configured yet: run `python -m bot.cli init`", 503,
                            mimetype="text/plain")
        config = widget_config(association)
        choices = [(a.id, a.name) for a in all_associations]
    return render_template("widget/demo_site.html", config=config, choices=choices,
                           sms=phones.display(config["sms_number"], config["country"]),
                           emergency_tel=phones.tel_uri(config["emergency_number"], config["country"]))
