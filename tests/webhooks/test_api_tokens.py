"""Per-association API tokens (made by `python -m bot.cli create-token`, stored hashed) see their own association."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

from sqlalchemy import select

from bot import cli
from bot.access.models import ApiToken
from bot.db import session_scope
from bot.staff import auth
from tests.webhooks.test_staff import PASSWORD, _report

DK, UK = "Demo Bolig Glostrup", "Demo Homes Bracknell"


def _staff(settings):
    with session_scope(settings.database_url) as db:
        auth.create_user(session=db, email="dk@example.org", password=PASSWORD, role="admin", association_id=1)
        auth.create_user(session=db, email="group@example.org", password=PASSWORD, role="admin", association_id=None)


def _create_token(monkeypatch, settings, *args) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REPAIRBOT_INSTANCE_DIR", str(settings.instance_dir))
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(["create-token", *args])
    return code, out.getvalue().strip()


def _get(client, path, token):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_an_association_token_sees_only_its_own_association(client, demo, monkeypatch):
    _staff(demo)
    danish = _report(demo, DK)
    english = _report(demo, UK, language="en", problem="kitchen tap drips")
    code, token = _create_token(monkeypatch, demo, "--owner", "dk@example.org", "--association", DK)
    assert code == 0 and token.startswith("rbt_")
    with session_scope(demo.database_url) as db:
        stored = db.scalars(select(ApiToken)).one()
        assert token not in stored.token_hash and len(stored.token_hash) == 64

    assert [a["name"] for a in _get(client, "/api/associations", token).json] == [DK]
    assert [t["reference"] for t in _get(client, "/api/tickets", token).json] == [danish.reference]
    assert _get(client, f"/api/tickets?association={UK}", token).status_code == 403
    assert _get(client, f"/api/tickets/{english.reference}", token).status_code == 404
    assert _get(client, f"/api/tickets/{danish.reference}", token).status_code == 200
    csv_text = _get(client, "/api/tickets.csv", token).get_data(as_text=True)
    assert danish.reference in csv_text and english.reference not in csv_text
    open311 = _get(client, "/open311/v2/requests.json", token).json
    assert [r["service_request_id"] for r in open311] == [danish.reference]
    # The group-wide STAFF_API_TOKEN still sees every association.
    everything = _get(client, "/api/tickets", demo.staff_api_token).json
    assert {t["reference"] for t in everything} == {danish.reference, english.reference}


def test_a_group_wide_token_is_only_for_a_group_admin(client, demo, monkeypatch):
    _staff(demo)
    assert _create_token(monkeypatch, demo, "--owner", "dk@example.org", "--group")[0] == 2
    code, token = _create_token(monkeypatch, demo, "--owner", "group@example.org", "--group")
    assert code == 0
    assert {a["name"] for a in _get(client, "/api/associations", token).json} == {DK, UK}
    assert _create_token(monkeypatch, demo, "--owner", "nobody@example.org", "--association", DK)[0] == 2


def test_a_made_up_token_is_refused(client, demo):
    assert _get(client, "/api/tickets", "rbt_" + "x" * 43).status_code == 401
    assert _get(client, "/api/tickets", "").status_code == 401
