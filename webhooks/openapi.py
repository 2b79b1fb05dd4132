"""The gateway's OpenAPI document (webhooks/openapi.yaml) and JSON errors for the routes it describes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import Blueprint, Flask, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

bp = Blueprint("openapi", __name__)
DOCUMENT = Path(__file__).with_name("openapi.yaml")
JSON_PREFIXES = ("/api/", "/chat/", "/open311/")


@lru_cache(maxsize=1)
def document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())


class RowIdConverter(IntegerConverter):
    """<int:...> in every route: a number beyond any row id is a 404, not an integer overflow in the database."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (Werkzeug's name)
        kwargs.setdefault("max", 2 ** 31 - 1)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.errorhandler(HTTPException)
    def json_errors(exc: HTTPException):
        """API clients get a JSON reason for a 404, 405 or 413, not an HTML page; the console keeps its pages."""
        if not request.path.startswith(JSON_PREFIXES):
            return exc
        response = jsonify(error=exc.description or exc.name)
        response.status_code = exc.code or 400
        if exc.code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response
