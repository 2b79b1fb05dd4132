"""Staff console over the Flask client: logins, CSRF, who sees what, status changes and their SMS, rota."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock
from bot.alerts.models import OnCallShift
from bot.db import session_scope
from bot.media import service as media
from bot.messages.models import Message
from bot.repairs import flows
from bot.staff import auth
from bot.staff.models import StaffUser
from bot.tickets.models import Ticket
from bot.tickets.service import TicketInput
from tests.browser.conftest import photo_with_location

PASSWORD = "correct horse battery"


@pytest.fixture
def users(demo):
    with session_scope(demo.database_url) as db:
        auth.create_user(session=db, email="dk@example.org", password=PASSWORD, role="admin", association_id=1)
        auth.create_user(session=db, email="uk@example.org", password=PASSWORD, role="staff", association_id=2)
        auth.create_user(session=db, email="group@example.org", password=PASSWORD, role="admin", association_id=None)
        for user in db.scalars(select(StaffUser)):
            user.language = "en"  # these tests read the English console; test_console_i18n reads the Danish one
    return demo


def _report(settings, association: str, *, language="da", conversation_id="", problem="vandet drypper",
            category="water", priority="urgent") -> Ticket:
    data = TicketInput(category=category, priority=priority, language=language, channel="web", problem=problem,
                       location_in_home="køkken", address="Hovedgaden 12, 2. tv, 2600 Glostrup",
                       reporter_name="Mette Hansen", contact_phone="20 12 34 56" if language == "da" else
                       "07911 123456", conversation_id=conversation_id)
    with session_scope(settings.database_url) as db:
        result = flows.submit_report(session=db, association_ref=association, data=data)
        return db.get(Ticket, result.ticket_id)


def _csrf(client, path: str, name: str = "csrf_token") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(f'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def _login(client, email: str, password: str = PASSWORD):
    return client.post("/staff/login", data={"csrf_token": _csrf(client, "/staff/login"), "email": email,
                                             "password": password})


def test_console_needs_a_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.location


def test_login_and_logout(client, users):
    assert _login(client, "DK@example.org").status_code == 302
    assert client.get("/staff/").status_code == 200
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})
    assert client.get("/staff/").status_code == 302


def test_login_without_the_csrf_token_is_refused(client, users):
    response = client.post("/staff/login", data={"email": "dk@example.org", "password": PASSWORD})
    assert response.status_code == 200 and "csrf" in response.get_data(as_text=True).lower() or \
        response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_staff_see_only_their_association_and_the_group_admin_sees_all(client, users):
    danish = _report(users, "Demo Bolig Glostrup")
    english = _report(users, "Demo Homes Bracknell", language="en", problem="kitchen tap drips")
    _login(client, "uk@example.org")
    listing = client.get("/staff/").get_data(as_text=True)
    assert english.reference in listing and danish.reference not in listing
    assert client.get(f"/staff/tickets/{danish.id}").status_code == 404
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})
    _login(client, "group@example.org")
    listing = client.get("/staff/").get_data(as_text=True)
    assert english.reference in listing and danish.reference in listing


def test_filters_narrow_the_list(client, users):
    water = _report(users, "Demo Bolig Glostrup")
    _login(client, "dk@example.org")
    assert water.reference in client.get("/staff/?category=water&priority=urgent").get_data(as_text=True)
    assert water.reference not in client.get("/staff/?category=heating").get_data(as_text=True)
    assert water.reference not in client.get("/staff/?status=completed").get_data(as_text=True)
    verified = "yes" if water.address_verified else "no"
    other = "no" if verified == "yes" else "yes"
    assert water.reference in client.get(f"/staff/?verified={verified}").get_data(as_text=True)
    assert water.reference not in client.get(f"/staff/?verified={other}").get_data(as_text=True)


def _change(client, ticket: Ticket, **fields):
    data = {"csrf_token": _csrf(client, f"/staff/tickets/{ticket.id}"), **fields}
    return client.post(f"/staff/tickets/{ticket.id}/status", data=data)


def _sms_for(settings, ticket: Ticket) -> list[Message]:
    with session_scope(settings.database_url) as db:
        return list(db.scalars(select(Message).where(Message.ticket_id == ticket.id, Message.direction == "out")))


def test_booking_audits_and_queues_the_tenants_sms_in_their_language(client, users):
    ticket = _report(users, "Demo Bolig Glostrup", conversation_id="web-abc")
    _login(client, "dk@example.org")
    assert _change(client, ticket, status="booked", booked_for="2026-12-03T10:00",
                   contractor="VVS Hansen").status_code == 302
    [sms] = _sms_for(users, ticket)
    assert (sms.channel, sms.status, sms.phone, sms.conversation_id) == ("sms", "queued", "+4520123456", "web-abc")
    assert "booket til torsdag d. 3. december kl. 10:00" in sms.body and ticket.reference in sms.body
    page = client.get(f"/staff/tickets/{ticket.id}").get_data(as_text=True)
    assert "dk@example.org" in page and "booked" in page
    with session_scope(users.database_url) as db:
        stored = db.get(Ticket, ticket.id)
        assert stored.status == "booked" and stored.contractor == "VVS Hansen"
        assert stored.booked_for.isoformat() == "2026-12-03T09:00:00+00:00"  # 10:00 in Copenhagen
        event = stored.events[-1]
        assert (event.actor, event.kind, event.data["to"]) == ("dk@example.org", "status", "booked")


def test_completion_sms_in_english_and_no_sms_for_acknowledged(client, users):
    ticket = _report(users, "Demo Homes Bracknell", language="en", problem="kitchen tap drips")
    _login(client, "uk@example.org")
    _change(client, ticket, status="acknowledged")
    assert _sms_for(users, ticket) == []
    _change(client, ticket, status="completed")
    [sms] = _sms_for(users, ticket)
    assert sms.body.startswith("Demo Homes Bracknell: Your repair") and "completed" in sms.body
    assert sms.phone == "+447911123456"


def test_assigning_needs_a_contractor_and_booking_a_date(client, users):
    ticket = _report(users, "Demo Bolig Glostrup")
    _login(client, "dk@example.org")
    refused = _change(client, ticket, status="assigned")
    assert refused.status_code == 400 and "contractor" in refused.get_data(as_text=True)
    assert _change(client, ticket, status="booked").status_code == 400
    with session_scope(users.database_url) as db:
        assert db.get(Ticket, ticket.id).status == "open"
        assert len(db.get(Ticket, ticket.id).events) == 1  # only "created"
    assert _sms_for(users, ticket) == []


def test_status_change_without_csrf_changes_nothing(client, users):
    ticket = _report(users, "Demo Bolig Glostrup")
    _login(client, "dk@example.org")
    assert client.post(f"/staff/tickets/{ticket.id}/status", data={"status": "cancelled"}).status_code == 400
    with session_scope(users.database_url) as db:
        assert db.get(Ticket, ticket.id).status == "open"


def test_photos_sent_before_the_ticket_are_shown_with_it(client, users):
    with session_scope(users.database_url) as db:
        photo = media.add(session=db, association_id=1, conversation_id="web-photo", raw=photo_with_location(),
                          max_photos=3, max_bytes=10**7, max_side=2048, now=clock.now())
        photo_id = photo.id
    ticket = _report(users, "Demo Bolig Glostrup", conversation_id="web-photo")
    _login(client, "dk@example.org")
    page = client.get(f"/staff/tickets/{ticket.id}").get_data(as_text=True)
    assert f"/staff/photos/{photo_id}" in page and "Photos (1)" in page
    served = client.get(f"/staff/photos/{photo_id}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})
    _login(client, "uk@example.org")
    assert client.get(f"/staff/photos/{photo_id}").status_code == 404


def test_admin_edits_the_rota_and_staff_cannot(client, users):
    _login(client, "dk@example.org")
    data = {"new-csrf_token": _csrf(client, "/staff/rota", "new-csrf_token"), "new-name": "Jonas (vagt)",
            "new-phone": "21 43 65 87", "new-position": "3", "new-starts": "16:00", "new-ends": "08:00",
            "new-weekdays": ["6", "7"], "new-active": "y", "new-association": "1"}
    assert client.post("/staff/rota", data=data).status_code == 302
    with session_scope(users.database_url) as db:
        shift = db.scalars(select(OnCallShift).where(OnCallShift.name == "Jonas (vagt)")).one()
        assert (shift.phone, shift.weekdays, shift.starts, shift.ends) == ("+4521436587", [6, 7], "16:00", "08:00")
    client.post("/staff/logout", data={"csrf_token": _csrf(client, "/staff/")})
    _login(client, "uk@example.org")
    data["new-csrf_token"] = _csrf(client, "/staff/rota")  # a valid token: the refusal is about the role
    data["new-name"] = "Intruder"
    assert client.post("/staff/rota", data=data).status_code == 403


def test_dashboard_counts_tonights_reports(client, users):
    _report(users, "Demo Bolig Glostrup")
    _report(users, "Demo Bolig Glostrup", problem="radiator is cold", category="heating")
    _login(client, "dk@example.org")
    page = client.get("/staff/dashboard").get_data(as_text=True)
    assert "<strong>2</strong> reports" in page
    assert "1 Water and pipes" in page and "1 Heating" in page  # category labels, not raw keys
    assert "hot_water" not in page and "No reports in the last" not in page


def test_dashboard_says_how_many_repeat_reports_the_ticket_list_shows_on_top(client, users):
    _report(users, "Demo Bolig Glostrup")
    _report(users, "Demo Bolig Glostrup", problem="det drypper stadig fra hanen", conversation_id="web-other")
    _login(client, "dk@example.org")
    page = client.get("/staff/dashboard").get_data(as_text=True)
    assert "<strong>1</strong> report in the last" in page
    assert "and <strong>1</strong> repeat report linked to one of them" in page
    listed = client.get("/staff/").get_data(as_text=True)
    assert listed.count("Water and pipes") >= 2  # the list's two lines are the 1 + 1 the dashboard names


def test_create_staff_command(users, monkeypatch, capsys):
    from bot import cli

    monkeypatch.setenv("DATABASE_URL", users.database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["create-staff", "new@example.org", "--role", "staff", "--association",
                     "Demo Homes Bracknell"]) == 0
    assert "created staff new@example.org" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["create-staff", "weak@example.org"]) == 2


def test_dashboard_shows_time_to_acknowledgement_and_unacknowledged_alerts(client, users):
    from bot.alerts.models import Alert

    ticket = _report(users, "Demo Bolig Glostrup", problem="vand strømmer ud fra loftet", category="water",
                     priority="emergency")
    _login(client, "dk@example.org")
    listing = client.get("/staff/").get_data(as_text=True)
    assert "1 unacknowledged alert" in listing and ticket.reference in listing
    with session_scope(users.database_url) as db:
        alert = db.scalars(select(Alert).where(Alert.ticket_id == ticket.id)).first()
        alert.status, alert.acknowledged_at = "acknowledged", ticket.created_at + timedelta(minutes=12)
    assert "unacknowledged alert" not in client.get("/staff/").get_data(as_text=True)
    page = client.get("/staff/dashboard").get_data(as_text=True)
    assert "median 12, 90th percentile 12 minutes over 1 tickets" in page
    assert "100% emergencies" in page.replace("<strong>", "").replace("</strong>", "")


def test_the_ticket_page_shows_the_page_trail_of_an_emergency_paged_before_its_address(client, users):
    from bot.alerts.models import Alert

    data = TicketInput(category="gas", priority="emergency", language="da", channel="sms",
                       problem="det lugter af gas i opgangen", location_in_home="", address="", reporter_name="",
                       contact_phone="+4531234567", conversation_id="+4531234567")
    with session_scope(users.database_url) as db:
        paged = flows.page_first_signal(session=db, association_ref="Demo Bolig Glostrup", data=data)
        db.scalars(select(Alert).where(Alert.ticket_id == paged.ticket_id)).one().status = "sent"
    _login(client, "dk@example.org")
    page = client.get(f"/staff/tickets/{paged.ticket_id}").get_data(as_text=True)
    assert "Address pending" in page and "(not known yet)" in page
    assert "Lars (vagt)" in page and "not acknowledged" in page
    with session_scope(users.database_url) as db:
        flows.page_first_signal(session=db, association_ref="Demo Bolig Glostrup",
                                data=TicketInput(**{**data.__dict__, "address": "Hovedgaden 12, 2. tv, 2600 Glostrup"}))
    page = client.get(f"/staff/tickets/{paged.ticket_id}").get_data(as_text=True)
    assert "follow-up" in page and "(not known yet)" not in page
    # A follow-up is not a page waiting for an answer: the list still counts one unanswered page.
    assert "1 unacknowledged alert" in client.get("/staff/").get_data(as_text=True)
