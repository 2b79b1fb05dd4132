"""One SMS conversation per association number and tenant; transcripts show one association's messages only."""

from __future__ import annotations

from sqlalchemy import select

from bot.db import session_scope
from bot.messages.models import Message
from tests.webhooks.test_sms import BRACKNELL, GLOSTRUP, TENANT, gateway, post, rasa  # noqa: F401 (fixtures)
from tests.webhooks.test_staff import _login, _report, users  # noqa: F401 (fixture)


def test_a_phone_texting_two_associations_has_two_conversations(gateway, rasa):  # noqa: F811
    client, settings = gateway
    post(client, settings, "vandhanen drypper", to=GLOSTRUP)
    post(client, settings, "my tap is dripping", to=BRACKNELL)
    assert [p["sender"] for p in rasa.received] == [f"{GLOSTRUP}:{TENANT}", f"{BRACKNELL}:{TENANT}"]
    assert all(p["metadata"]["phone"] == TENANT for p in rasa.received)
    with session_scope(settings.database_url) as session:
        conversations = {(m.association_id, m.conversation_id) for m in session.scalars(select(Message))}
    assert conversations == {(1, f"{GLOSTRUP}:{TENANT}"), (2, f"{BRACKNELL}:{TENANT}")}


def test_a_tickets_transcript_shows_only_its_own_associations_messages(client, users):  # noqa: F811
    # A ticket from before per-association ids: its conversation is the bare number, shared by both associations.
    ticket = _report(users, "Demo Bolig Glostrup", conversation_id=TENANT)
    with session_scope(users.database_url) as session:
        for association_id, body in ((1, "vandhanen drypper i køkkenet"), (2, "my new flat in Bracknell")):
            session.add(Message(association_id=association_id, direction="in", channel="sms", phone=TENANT,
                                conversation_id=TENANT, body=body, status="done"))
    _login(client, "dk@example.org")
    page = client.get(f"/staff/tickets/{ticket.id}").get_data(as_text=True)
    assert "vandhanen drypper i køkkenet" in page
    assert "my new flat in Bracknell" not in page
