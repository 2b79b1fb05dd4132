"""Flask gateway: Twilio SMS, web chat, staff console and API."""

from __future__ import annotations

import logging

from flask import Flask

from bot.dialogue.client import RasaClient
from bot.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    import bot.models  # noqa: F401  every table before the first session (bot.db.get_sessionmaker)

    settings = settings or Settings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    from webhooks.openapi import RowIdConverter

    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https"),
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,
    )
    app.extensions["settings"] = settings
    if settings.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # remote_addr (rate limits, login throttling) is the client's, as the proxies in front of us saw it.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)
    app.extensions["rasa"] = RasaClient.for_settings(settings)

    from webhooks import api, chat, health, sms

    for module in (health, api, sms, chat):
        app.register_blueprint(module.bp)
    from webhooks import staff, widget  # issue 6: the chat widget, the demo site page and the staff console

    app.register_blueprint(widget.bp)
    staff.init_app(app)
    from webhooks import open311  # issue 4: Open311 GeoReport v2

    app.register_blueprint(open311.bp)
    from webhooks import jobs  # work orders: the contractor's job page (signed links, no login)

    app.register_blueprint(jobs.bp)
    from webhooks import workorders_console  # work orders' own console section (approval, completion times)

    app.register_blueprint(workorders_console.bp)
    from webhooks import openapi  # the OpenAPI document of /api, /open311 and /chat; JSON errors there

    openapi.init_app(app)
    return app
