"""The console in each staff user's language, its one table of labels, national phone numbers, and alerts
acknowledged from the console (audited, escalation stopped)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

from bot import clock, phones
from bot.alerts import escalation
from bot.alerts.models import Alert
from bot.db import session_scope
from bot.repairs import flows
from bot.staff import labels
from bot.staff.models import StaffUser
from bot.tickets.models import STATUSES, Ticket, TicketEvent
from bot.tickets.service import TicketInput
from bot.triage.categories import CATEGORIES
from bot.triage.policy import PRIORITIES
from tests.webhooks.test_staff import (
    _csrf,
    _login,
    users,  # noqa: F401 (the logins fixture)
)

CATALOGUES = Path(__file__).parents[2] / "webhooks" / "translations"


@pytest.fixture
def staff(users):  # noqa: F811 (the fixture above, not a redefinition)
    """test_staff's logins, left to follow their association's language (none chosen yet)."""
    with session_scope(users.database_url) as db:
        for user in db.scalars(select(StaffUser)):
            user.language = ""
    return users


def _emergency(settings, address="Ringvej 3, 2600 Glostrup") -> Ticket:
    data = TicketInput(category="water", priority="emergency", language="da", channel="sms",
                       problem="vandet fosser ud", location_in_home="bad", address=address,
                       reporter_name="Ole Jensen", contact_phone="+4522334455")
    with session_scope(settings.database_url) as db:
        result = flows.submit_report(session=db, association_ref=1, data=data)
        return db.get(Ticket, result.ticket_id)


def test_the_danish_catalogue_is_complete_and_its_compiled_file_is_current():
    po = CATALOGUES / "da" / "LC_MESSAGES" / "messages.po"
    catalog = read_po(po.open("rb"), locale="da")
    untranslated = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    committed = (po.with_suffix(".mo")).read_bytes()
    assert compiled.getvalue() == committed, "run: .venv/bin/pybabel compile -d webhooks/translations"


def test_every_stored_key_has_a_danish_and_an_english_label():
    for kind, keys in labels.KEYS.items():
        assert set(labels.TABLES[kind]) == set(keys), kind
    assert set(labels.CATEGORY) == set(CATEGORIES) and set(labels.PRIORITY) == set(PRIORITIES)
    assert set(labels.TICKET_STATUS) == set(STATUSES)
    for table in labels.TABLES.values():
        for entry in table.values():
            assert entry["da"] and entry["en"] and entry["da"] != "" and entry["en"] != ""
    assert labels.label("category", "damp_mould", "da") == "Fugt og skimmel"
    assert labels.label("category", "something_new", "da") == "something_new"  # shown, not hidden


def test_numbers_are_shown_in_national_format():
    assert phones.display("+4543439999", "DK") == "+45 43 43 99 99"
    assert phones.display("+44800111999", "GB") == "0800 111999"  # phonenumbers groups freephone 4+6
    assert phones.display("+441344900002", "GB") == "01344 900002"
    assert phones.display("+4543439999", "GB") == "+45 43 43 99 99"  # another country's number stays international
    assert phones.display("112", "DK") == "112"
    assert phones.tel_uri("0800 111 999", "GB") == "tel:+44800111999"
    assert phones.example("GB").startswith("07") and phones.to_e164(phones.example("GB"), "GB")
    assert phones.to_e164(phones.example("DK"), "DK")


def test_each_user_reads_the_console_in_their_own_language(client, staff):
    _login(client, "dk@example.org")
    page = client.get("/staff/").get_data(as_text=True)
    assert '<html lang="da">' in page and ">Sager<" in page
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})

    _login(client, "uk@example.org")
    assert ">Tickets<" in client.get("/staff/").get_data(as_text=True)
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})

    # A group-wide user follows the browser until they choose; the choice is kept with the user.
    _login(client, "group@example.org")
    assert ">Sager<" in client.get("/staff/", headers={"Accept-Language": "da-DK,da;q=0.9"}).get_data(as_text=True)
    refused = client.post("/staff/language", data={"language": "en"})  # no CSRF token: nothing changes
    assert refused.status_code == 302
    with session_scope(staff.database_url) as db:
        assert db.scalars(select(StaffUser).where(StaffUser.email == "group@example.org")).one().language == ""
    chosen = client.post("/staff/language", data={"csrf_token": _csrf(client, "/staff/"), "language": "en",
                                                  "next": "/staff/dashboard"})
    assert chosen.status_code == 302 and chosen.location.endswith("/staff/dashboard")
    assert ">Dashboard<" in client.get("/staff/dashboard", headers={"Accept-Language": "da"}).get_data(as_text=True)
    bad = client.post("/staff/language", data={"csrf_token": _csrf(client, "/staff/"), "language": "x",
                                               "next": "https://evil.example/"})
    assert bad.status_code == 302 and "evil" not in bad.location


def test_an_alert_acknowledged_in_the_console_stops_the_escalation_and_is_audited(client, staff):
    ticket = _emergency(staff)
    with session_scope(staff.database_url) as db:
        alert = db.scalars(select(Alert).where(Alert.ticket_id == ticket.id)).one()
        alert.status, alert.sent_at = "sent", clock.now()
        alert_id = alert.id
    _login(client, "uk@example.org")  # another association's staff cannot touch it
    assert client.post(f"/staff/alerts/{alert_id}/acknowledge",
                       data={"csrf_token": _csrf(client, "/staff/")}).status_code == 404
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})

    _login(client, "dk@example.org")
    page = client.get(f"/staff/tickets/{ticket.id}").get_data(as_text=True)
    assert "SMS sendt, levering ikke bekræftet endnu" in page and "Kvittér for" in page
    assert client.post(f"/staff/alerts/{alert_id}/acknowledge", data={}).status_code == 400  # CSRF
    done = client.post(f"/staff/alerts/{alert_id}/acknowledge", data={"csrf_token": _csrf(client, "/staff/")})
    assert done.status_code == 302
    with session_scope(staff.database_url) as db:
        alert = db.get(Alert, alert_id)
        assert alert.status == "acknowledged" and alert.acknowledged_at is not None
        assert db.get(Ticket, ticket.id).status == "acknowledged"
        events = db.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                                      TicketEvent.kind == "alert_acknowledged_in_console")).all()
        assert [e.actor for e in events] == ["dk@example.org"]
        later = escalation.escalate_due(session=db, settings=staff, now=clock.now() + timedelta(hours=2))
        assert [a for a in later if a.ticket_id == ticket.id] == []
    again = client.post(f"/staff/alerts/{alert_id}/acknowledge", data={"csrf_token": _csrf(client, "/staff/")},
                        follow_redirects=True)
    assert "allerede kvitteret" in again.get_data(as_text=True)
