"""Staff reopen a cancelled ticket from the console; the audit log says who."""

from __future__ import annotations

from bot.db import session_scope
from bot.repairs import status as ticket_status
from bot.tickets.models import Ticket
from tests.webhooks.test_staff import _csrf, _login, _report, users  # noqa: F401 (fixture)


def _cancelled(settings) -> Ticket:
    ticket = _report(settings, "Demo Bolig Glostrup", conversation_id="web-abc")
    with session_scope(settings.database_url) as db:
        ticket_status.cancel(session=db, ticket=db.get(Ticket, ticket.id))
    return ticket


def test_staff_reopen_a_cancelled_ticket_and_it_is_audited(client, users):  # noqa: F811
    ticket = _cancelled(users)
    _login(client, "dk@example.org")
    page = client.get(f"/staff/tickets/{ticket.id}").get_data(as_text=True)
    assert "Reopen ticket" in page
    token = _csrf(client, f"/staff/tickets/{ticket.id}", "reopen-csrf_token")
    response = client.post(f"/staff/tickets/{ticket.id}/reopen", data={"reopen-csrf_token": token})
    assert response.status_code == 302
    with session_scope(users.database_url) as db:
        found = db.get(Ticket, ticket.id)
        assert found.status == "open"
        last = found.events[-1]
        assert (last.kind, last.actor, last.data) == ("reopened", "dk@example.org", {"from": "cancelled", "to": "open"})
    assert "Reopen ticket" not in client.get(f"/staff/tickets/{ticket.id}").get_data(as_text=True)


def test_reopen_needs_csrf_a_cancelled_ticket_and_the_right_association(client, users):  # noqa: F811
    ticket = _cancelled(users)
    _login(client, "dk@example.org")
    assert client.post(f"/staff/tickets/{ticket.id}/reopen", data={}).status_code == 400
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})
    _login(client, "uk@example.org")
    assert client.post(f"/staff/tickets/{ticket.id}/reopen", data={}).status_code == 404
    with session_scope(users.database_url) as db:
        assert db.get(Ticket, ticket.id).status == "cancelled"
    # An open ticket has nothing to reopen: the button is not there and the action is refused.
    open_ticket = _report(users, "Demo Homes Bracknell", language="en", problem="kitchen tap drips")
    page = client.get(f"/staff/tickets/{open_ticket.id}").get_data(as_text=True)
    assert "Reopen ticket" not in page
    token = _csrf(client, f"/staff/tickets/{open_ticket.id}")  # the status form's token: same session, same secret
    refused = client.post(f"/staff/tickets/{open_ticket.id}/reopen", data={"reopen-csrf_token": token})
    assert refused.status_code == 400 and "only a cancelled ticket" in refused.get_data(as_text=True)
