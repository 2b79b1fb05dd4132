"""The console's language: Flask-Babel with gettext catalogues under webhooks/translations, per staff user.

Catalogues: `pybabel extract -F webhooks/babel.cfg -o webhooks/translations/messages.pot webhooks`, then
`pybabel update -i webhooks/translations/messages.pot -d webhooks/translations` and, after translating,
`pybabel compile -d webhooks/translations`. The compiled .mo files are committed, so a clean clone needs no step.
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date
from flask import Flask, g, request
from flask_babel import Babel, get_locale
from markupsafe import Markup, escape

from bot import phones
from bot.staff import labels

LANGUAGES = labels.LANGUAGES
DEFAULT = "en"
REFERENCE = re.compile(r"\b\d{3}-\d{4}\b")


def console_language() -> str:
    """The signed-in user's choice, else their association's language, else the browser's, else English."""
    chosen = getattr(g, "console_language", None)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def _label(key: str | None, kind: str = "category") -> str:
    return labels.label(kind, key, str(get_locale() or DEFAULT))


def _day(moment: date, pattern: str = "d MMM") -> str:
    return format_date(moment, pattern, locale=str(get_locale() or DEFAULT))


def _references(text: str) -> Markup:
    return Markup(REFERENCE.sub(lambda m: f'<span class="ref">{m.group(0)}</span>', str(escape(text))))


def rich(text: str | None, region: str = "DK") -> Markup:
    """A stored message for staff: phone numbers in national format as tel: links, references kept whole."""
    out = Markup("")
    for piece, number in phones.spans(text or "", region):
        if number is None:
            out += _references(piece)
        else:
            out += Markup('<a class="phone" href="{}">{}</a>').format(phones.tel_uri(number, region),
                                                                    phones.display(number, region))
    return out


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    Babel(app, locale_selector=console_language)
    app.jinja_env.filters["label"] = _label
    app.jinja_env.filters["day"] = _day
    app.jinja_env.filters["phone"] = phones.display
    app.jinja_env.filters["tel"] = phones.tel_uri
    app.jinja_env.filters["rich"] = rich
