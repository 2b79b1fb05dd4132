"""Web chat transport without the dialogue: the widget script, CORS per association, photos, history."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.db import session_scope
from bot.media.models import Photo
from tests.browser.conftest import photo_with_location

SITE = "http://localhost:8000"  # in the demo associations' allowed_origins
EVIL = "https://evil.example"


def _session(client, association="Demo Bolig Glostrup", origin=SITE):
    response = client.post("/chat/session", json={"association": association}, headers={"Origin": origin})
    assert response.status_code == 200
    return response.json["token"]


def _upload(client, token, data: bytes, name="photo.jpg", lang="da"):
    return client.post("/chat/photo", data={"token": token, "lang": lang, "photo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", headers={"Origin": SITE})


def _png(size=(50, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 10, 10, 128)).save(out, format="PNG")
    return out.getvalue()


def test_widget_script_carries_the_association_settings(client):
    script = client.get("/widget.js?association=Demo Homes Bracknell")
    assert script.status_code == 200
    assert script.mimetype == "application/javascript"
    body = script.get_data(as_text=True)
    assert '"emergency_number": "999"' in body and '"language": "en"' in body and "Demo Homes Bracknell" in body
    generic = client.get("/widget.js").get_data(as_text=True)
    assert "var PRESET = null" in generic  # reads data-association and asks /chat/config instead


def test_demo_page_embeds_the_widget_with_one_script_tag(client):
    page = client.get("/").get_data(as_text=True)
    assert page.count("<script") == 1
    assert 'src="/widget.js?association=1"' in page and 'data-association="1"' in page
    assert '<html lang="da">' in page


def test_config_answers_only_the_associations_own_sites(client):
    allowed = client.get("/chat/config?association=1", headers={"Origin": SITE})
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == SITE
    assert allowed.json["emergency_number"] == "112" and allowed.json["out_of_hours_phone"] == "+4543439999"
    refused = client.get("/chat/config?association=1", headers={"Origin": EVIL})
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_preflight_is_refused_for_unknown_sites(client):
    ok = client.options("/chat/message", headers={"Origin": SITE, "Access-Control-Request-Method": "POST"})
    assert ok.status_code == 204 and ok.headers["Access-Control-Allow-Origin"] == SITE
    assert "X-Chat-Token" in ok.headers["Access-Control-Allow-Headers"]
    bad = client.options("/chat/message", headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert bad.status_code == 403 and "Access-Control-Allow-Origin" not in bad.headers


def test_a_foreign_site_can_neither_open_nor_use_a_session(client):
    assert client.post("/chat/session", json={"association": 1}, headers={"Origin": EVIL}).status_code == 403
    token = _session(client)
    stolen = client.post("/chat/message", json={"token": token, "text": "hej"}, headers={"Origin": EVIL})
    assert stolen.status_code == 403
    assert client.get("/chat/history", headers={"X-Chat-Token": token, "Origin": EVIL}).status_code == 403


def test_a_forged_token_is_refused(client):
    assert client.post("/chat/message", json={"token": "forged", "text": "hej"}).status_code == 401
    assert client.get("/chat/history", headers={"X-Chat-Token": "forged"}).status_code == 401


def test_photo_is_stored_without_its_location_and_shown_after_a_reload(client, demo):
    token = _session(client)
    response = _upload(client, token, photo_with_location())
    assert response.status_code == 200
    assert response.json["messages"][0]["text"].startswith("Tak, vi har modtaget billedet (1 af 3)")

    served = client.get(response.json["photo"]["url"], headers={"X-Chat-Token": token})
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(served.data))
    assert image.size == (640, 480)
    assert len(image.getexif()) == 0  # no GPS, no camera make
    # Another conversation's token does not open it by id (the signed link itself lives ten minutes).
    photo_id = response.json["photo"]["id"]
    assert client.get(f"/chat/photo/{photo_id}", headers={"X-Chat-Token": _session(client)}).status_code == 404

    history = client.get("/chat/history", headers={"X-Chat-Token": token}).json["messages"]
    # The same photo, by a link signed afresh (its signature carries the time it was made).
    assert history[0]["photo"].startswith(f"/chat/photo/{photo_id}/")
    assert history[1]["text"].startswith("Tak, vi har modtaget billedet")


def test_photo_limits_type_size_and_count(client, app):
    token = _session(client)
    fake = _upload(client, token, b"%PDF-1.4 not an image at all", name="leak.jpg")
    assert fake.status_code == 422 and fake.json["error"] == "not_image"
    assert "billede" in fake.json["messages"][0]["text"]
    for _ in range(3):
        assert _upload(client, token, _png(), name="a.png", lang="en").status_code == 200
    fourth = _upload(client, token, _png(), name="b.png", lang="en")
    assert fourth.status_code == 422 and fourth.json["error"] == "too_many"
    assert "up to 3 photos" in fourth.json["messages"][0]["text"]

    settings = app.extensions["settings"]
    app.extensions["settings"] = settings.replace(chat_photo_max_bytes=1000)
    big = _upload(client, _session(client), photo_with_location())
    assert big.status_code == 413 and big.json["error"] == "too_large"
    with session_scope(settings.database_url) as db:
        assert db.query(Photo).count() == 3


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_transparent_images_keep_their_transparency(client, fmt):
    out = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(out, format=fmt)
    token = _session(client)
    response = _upload(client, token, out.getvalue(), name=f"x.{fmt.lower()}")
    assert response.status_code == 200
    served = client.get(response.json["photo"]["url"], headers={"X-Chat-Token": token})
    assert served.mimetype == "image/png"
    assert Image.open(io.BytesIO(served.data)).mode == "RGBA"


def test_history_shows_the_quick_reply_the_tenant_pressed_and_only_the_last_options(client, demo):
    from bot import clock
    from bot.messages import service

    token = _session(client)
    conversation = client.get("/chat/history", headers={"X-Chat-Token": token}).json["conversation_id"]
    buttons = [{"title": "Nej, anmeld det", "payload": "/deny"}, {"title": "Ja, det hjalp", "payload": "/affirm"}]
    with session_scope(demo.database_url) as db:
        for direction, body, offered in (("out", "Prøv at rense afløbet.", buttons), ("in", "/deny", None),
                                         ("out", "Hvad er din adresse?", buttons[:1])):
            if direction == "in":
                service.store_inbound(session=db, association_id=1, channel="web", conversation_id=conversation,
                                      phone="", body=body, provider_sid=None, now=clock.now())
            else:
                service.record_outbound(session=db, association_id=1, channel="web", conversation_id=conversation,
                                        phone="", body=body, buttons=offered, status="replied", now=clock.now())
    history = client.get("/chat/history", headers={"X-Chat-Token": token}).json["messages"]
    assert [m["text"] for m in history] == ["Prøv at rense afløbet.", "Nej, anmeld det", "Hvad er din adresse?"]
    assert [len(m["buttons"]) for m in history] == [0, 0, 1]


def test_photos_are_stored_and_linked_on_both_stores(session):
    """bytea on PostgreSQL, BLOB on SQLite: the cleaned photo comes back whole and joins its ticket."""
    from bot import clock
    from bot.associations.models import Association
    from bot.media import service as media
    from bot.tickets.models import Ticket

    association = Association(name="Store test", sms_number="+4589880099")
    session.add(association)
    session.flush()
    photo = media.add(session=session, association_id=association.id, conversation_id="web-x",
                      raw=photo_with_location(), max_photos=3, max_bytes=10**7, max_side=320, now=clock.now())
    session.commit()
    assert (photo.width, photo.height) == (320, 240)  # scaled down to the longest side allowed
    ticket = Ticket(association_id=association.id, reference="123-4567", category="water", priority="urgent",
                    language="da", channel="web", conversation_id="web-x", problem="p", address="a",
                    reporter_name="r", contact_phone="+4520123456", due_by=clock.now())
    session.add(ticket)
    session.flush()
    [found] = media.for_ticket(session=session, ticket=ticket)
    session.commit()
    assert found.ticket_id == ticket.id and Image.open(io.BytesIO(found.data)).size == (320, 240)
