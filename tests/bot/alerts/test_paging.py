"""Paging at the first sign of danger, links that never swallow a page, escalation that follows the ticket.

The demo store on SQLite and PostgreSQL; the dispatcher sends through twilio's SDK to the local Twilio stand-in."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from bot import clock, dispatcher
from bot.alerts.models import Alert, OnCallShift
from bot.associations.models import Association
from bot.channels import sms as message_flows
from bot.db import session_scope
from bot.dialogue.client import RasaClient
from bot.repairs import flows as ticket_flows
from bot.repairs import status as ticket_status
from bot.tickets import lifecycle
from bot.tickets.models import Ticket
from bot.tickets.service import TicketInput
from tests.bot.alerts.conftest import report_emergency

LARS, METTE, HANNE = "+4520000001", "+4520000002", "+4520000003"
DK, DK_NUMBER = "Demo Bolig Glostrup", "+4589880000"
TENANT = "+4531234567"
HOME = "Hovedgaden 12, 2. tv, 2600 Glostrup"
GAS = "det lugter voldsomt af gas i opgangen, vi går ud nu"


def later(seconds: float):
    return clock.now() + timedelta(seconds=seconds)


def text(settings, phone: str, body: str):
    """An SMS from staff as the gateway hands it over (keywords and OK never reach the dialogue)."""
    rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_seconds)
    return message_flows.handle_sms(settings=settings, rasa=rasa, from_=phone, to=DK_NUMBER, body=body,
                                    sid="SM" + uuid.uuid4().hex)


def first_signal(settings, phone: str = TENANT, **changes):
    """What page_if_due writes on the first emergency message (and again as the tenant answers)."""
    data = TicketInput(category="gas", priority="emergency", language="da", channel="sms", problem=GAS,
                       location_in_home="", address="", reporter_name="", contact_phone=phone, conversation_id=phone)
    with session_scope(settings.database_url) as session:
        return ticket_flows.page_first_signal(session=session, association_ref=DK, data=replace(data, **changes))


def submit(settings, phone: str = TENANT, now=None, **changes):
    data = TicketInput(category="gas", priority="emergency", language="da", channel="sms", problem=GAS,
                       location_in_home="", address=HOME, reporter_name="Mette Hansen", contact_phone=phone,
                       conversation_id=phone)
    with session_scope(settings.database_url) as session:
        return ticket_flows.submit_report(session=session, association_ref=DK, data=replace(data, **changes), now=now)


def pages(settings, reference: str | None = None, kind: str = "page") -> list[Alert]:
    with session_scope(settings.database_url) as session:
        query = select(Alert).where(Alert.kind == kind).order_by(Alert.id)
        if reference:
            query = query.join(Ticket, Ticket.id == Alert.ticket_id).where(Ticket.reference == reference)
        found = list(session.scalars(query))
        session.expunge_all()
        return found


def ticket(settings, reference: str) -> Ticket:
    with session_scope(settings.database_url) as session:
        found = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        session.expunge(found)
        return found


def api_ticket(settings, reference: str) -> dict:
    from webhooks import create_app

    client = create_app(settings).test_client()
    response = client.get(f"/api/tickets/{reference}", headers={"Authorization": "Bearer test-staff-token"})
    assert response.status_code == 200
    return response.get_json()


def nobody_on_call(settings, active: bool = False) -> None:
    with session_scope(settings.database_url) as session:
        for shift in session.scalars(select(OnCallShift)):
            shift.active = active
        for association in session.scalars(select(Association).where(Association.name == DK)):
            association.duty_manager_phone = HANNE if active else ""


def test_a_gas_sms_with_no_follow_up_reaches_the_on_call_phone_and_shows_as_address_pending(alert_settings, sender,
                                                                                           stub):
    paged = first_signal(alert_settings)
    assert paged.queued_now and paged.alerted
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 1
    [body] = stub.to(LARS)
    assert body.startswith("AKUT GAS: adresse endnu ukendt") and TENANT in body and f"OK {paged.reference}" in body
    shown = api_ticket(alert_settings, paged.reference)
    assert shown["address_pending"] is True and shown["address"] == "" and shown["address_verified"] is False
    assert shown["priority"] == "emergency" and shown["status"] == "open"
    [trail] = shown["alerts"]
    assert trail["recipient"] == LARS and trail["status"] == "sent" and trail["sent_at"]
    assert trail["kind"] == "page" and trail["for_reference"] == paged.reference and trail["acknowledged_at"] is None


def test_the_address_and_name_complete_the_ticket_with_one_follow_up_and_ok_to_it_acknowledges(alert_settings,
                                                                                             sender, stub):
    paged = first_signal(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    again = first_signal(alert_settings, address=HOME)
    assert again.reference == paged.reference and not again.queued_now
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 0  # the follow-up waits for the name
    submitted = submit(alert_settings)
    assert submitted.reference == paged.reference and submitted.alerted and submitted.address_verified
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 1
    page, follow_up = stub.to(LARS)
    assert follow_up.startswith(f"OPDATERING {paged.reference}: Hovedgaden 12, 2. tv") and "Mette Hansen" in follow_up
    assert len(follow_up) <= 160
    completed = ticket(alert_settings, paged.reference)
    assert not completed.address_pending and completed.address == HOME and completed.reporter_name == "Mette Hansen"
    assert len(pages(alert_settings)) == 1  # one ticket, one page: the submit did not write a second

    assert "kvitteret" in text(alert_settings, LARS, "OK").reply  # answering the follow-up counts
    assert [a.status for a in pages(alert_settings)] == ["acknowledged"]
    assert dispatcher.escalate_due(settings=alert_settings, now=later(alert_settings.alert_ack_timeout_seconds + 1)) \
        == 0
    trail = api_ticket(alert_settings, paged.reference)["alerts"]
    assert [(a["kind"], a["status"]) for a in trail] == [("page", "acknowledged"), ("follow_up", "sent")]
    assert trail[0]["acknowledged_at"]


def test_an_address_without_a_name_goes_out_after_a_minute_and_only_once(alert_settings, sender, stub):
    paged = first_signal(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    first_signal(alert_settings, address=HOME)
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(61)) == 1
    follow_up = stub.to(LARS)[1]
    assert "Hovedgaden 12" in follow_up and "Navn" not in follow_up
    submit(alert_settings)
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(62)) == 0
    assert len(stub.to(LARS)) == 2 and ticket(alert_settings, paged.reference).reporter_name == "Mette Hansen"


def test_an_address_before_the_page_went_out_rewrites_the_page_instead(alert_settings, sender, stub):
    paged = first_signal(alert_settings)
    first_signal(alert_settings, address=HOME, reporter_name="Mette Hansen")
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 1
    [body] = stub.to(LARS)
    assert "Hovedgaden 12" in body and paged.reference in body and "ukendt" not in body


def test_an_escalated_page_carries_what_the_tenant_added_since(alert_settings, sender, stub):
    first_signal(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    submit(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    timeout = alert_settings.alert_ack_timeout_seconds
    assert dispatcher.escalate_due(settings=alert_settings, now=later(timeout + 1)) == 1
    dispatcher.send_due(settings=alert_settings, sender=sender, now=later(timeout + 2))
    [escalated] = stub.to(METTE)
    assert "Hovedgaden 12" in escalated and "ukendt" not in escalated


def test_an_emergency_on_a_home_with_an_open_routine_ticket_is_paged_and_linked(alert_settings, sender, stub):
    routine = submit(alert_settings, phone="+4530123401", category="water", priority="routine",
                     problem="the kitchen tap drips a little")
    assert not routine.alerted
    flood = submit(alert_settings, phone="+4530123402", category="water",
                   problem="water is pouring through the kitchen ceiling onto the cooker and I can't stop it")
    assert flood.duplicate_of == routine.reference and flood.alerted
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 1
    assert flood.reference in stub.to(LARS)[0]


def test_an_emergency_on_a_home_whose_emergency_was_never_paged_is_paged(alert_settings, sender, stub):
    nobody_on_call(alert_settings)
    unpaged = submit(alert_settings, phone="+4530123401")
    assert not unpaged.alerted
    nobody_on_call(alert_settings, active=True)
    second = submit(alert_settings, phone="+4530123402", problem="gas smell in the hall, still there")
    assert second.alerted and second.duplicate_of == unpaged.reference
    assert [a.recipient for a in pages(alert_settings, second.reference)] == [LARS]


def test_three_emergency_reports_from_one_home_within_30_minutes_make_one_page(alert_settings, sender, stub):
    start = clock.now()
    reports = [submit(alert_settings, phone=f"+453012340{n}", problem=f"gas smell, report {n}",
                      now=start + timedelta(minutes=10 * n)) for n in range(3)]
    assert all(r.alerted for r in reports)
    assert [r.duplicate_of for r in reports] == [None, reports[0].reference, reports[0].reference]
    assert len(pages(alert_settings)) == 1
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=start + timedelta(minutes=21)) == 1
    # The later reports are on the first one's record, which the person paged opens.
    with session_scope(alert_settings.database_url) as session:
        first = session.scalars(select(Ticket).where(Ticket.reference == reports[0].reference)).one()
        assert [e.data.get("reference") for e in first.events if e.kind == "duplicate_reported"] == \
            [reports[1].reference, reports[2].reference]
    trail = api_ticket(alert_settings, reports[2].reference)["alerts"]
    assert [a["for_reference"] for a in trail] == [reports[0].reference]  # the page that covers it
    # Well past half an hour it is a new emergency, paged again.
    fourth = submit(alert_settings, phone="+4530123409", problem="gas smell again",
                    now=start + timedelta(minutes=45))
    assert fourth.alerted and len(pages(alert_settings)) == 2


def test_an_estate_incident_pages_again_when_unacknowledged_past_the_timeout(alert_settings, sender, stub):
    homes = ("Hovedgaden 10, st. th", "Hovedgaden 10, st. tv", "Hovedgaden 10, 1. th")
    reports = [submit(alert_settings, phone=f"+452012340{n}", category="heating", priority="urgent",
                      problem="Radiatorerne er kolde", address=home) for n, home in enumerate(homes)]
    assert reports[2].alerted
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert stub.to(LARS)[0].startswith("FLERE BOLIGER varme: 3 boliger")
    joined = submit(alert_settings, phone="+4520123409", category="heating", priority="emergency",
                    problem="Ingen varme og en baby på 3 uger", address="Hovedgaden 10, 2. th")
    assert joined.incident_known and joined.alerted and len(pages(alert_settings)) == 1
    timeout = alert_settings.alert_ack_timeout_seconds
    assert dispatcher.escalate_due(settings=alert_settings, now=later(timeout + 1)) == 1
    dispatcher.send_due(settings=alert_settings, sender=sender, now=later(timeout + 2))
    [again] = stub.to(METTE)
    assert again.startswith("FLERE BOLIGER varme: 3 boliger") or again.startswith("FLERE BOLIGER varme: 4 boliger")
    # The home that joined shows the incident's page trail.
    assert [a["recipient"] for a in api_ticket(alert_settings, joined.reference)["alerts"]] == [LARS, METTE]


def test_a_cancelled_ticket_stops_escalating(alert_settings, sender, stub):
    submitted = report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    with session_scope(alert_settings.database_url) as session:
        owner = session.get(Ticket, submitted.ticket_id)
        assert ticket_status.cancel(session=session, ticket=owner) == submitted.reference
    assert dispatcher.escalate_due(settings=alert_settings,
                                   now=later(alert_settings.alert_ack_timeout_seconds + 1)) == 0
    assert [a.status for a in pages(alert_settings)] == ["cancelled"]
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 0
    assert stub.to(METTE) == [] and len(stub.to(LARS)) == 1


def test_a_page_not_yet_sent_for_a_ticket_closed_meanwhile_is_never_sent(alert_settings, sender, stub):
    submitted = report_emergency(alert_settings)
    with session_scope(alert_settings.database_url) as session:
        # Closed without the tenant's SMS: only the page is watched here.
        lifecycle.change_status(session=session, ticket=session.get(Ticket, submitted.ticket_id), status="completed",
                                actor="staff", now=clock.now(), tenant_sms=False)
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 0
    assert stub.messages == [] and [a.status for a in pages(alert_settings)] == ["cancelled"]


def test_staff_acknowledging_the_ticket_in_the_console_stops_escalation(alert_settings, sender, stub):
    submitted = report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    with session_scope(alert_settings.database_url) as session:
        lifecycle.change_status(session=session, ticket=session.get(Ticket, submitted.ticket_id), status="acknowledged",
                                actor="staff", now=clock.now())
    assert dispatcher.escalate_due(settings=alert_settings,
                                   now=later(alert_settings.alert_ack_timeout_seconds + 1)) == 0


def test_a_cancelled_report_keeps_paging_for_the_open_report_it_covers(alert_settings, sender, stub):
    first = submit(alert_settings, phone="+4530123401")
    second = submit(alert_settings, phone="+4530123402", problem="gas smell on the stairs too")
    assert second.duplicate_of == first.reference
    dispatcher.send_due(settings=alert_settings, sender=sender)
    with session_scope(alert_settings.database_url) as session:
        lifecycle.change_status(session=session, ticket=session.get(Ticket, first.ticket_id), status="cancelled",
                                actor="tenant", now=clock.now())
    assert dispatcher.escalate_due(settings=alert_settings,
                                   now=later(alert_settings.alert_ack_timeout_seconds + 1)) == 1


def test_a_stopped_duty_manager_is_skipped_and_the_first_on_call_is_told_at_once(alert_settings, sender, stub):
    assert text(alert_settings, HANNE, "STOP").status == "keyword_stop"
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 1
    [notice] = stub.to(LARS)
    assert "Driftschef Hanne" in notice and "STOP" in notice
    report_emergency(alert_settings)
    timeout = alert_settings.alert_ack_timeout_seconds
    for step in range(1, 8):  # the whole rota, twice, then where the duty manager would come
        dispatcher.send_due(settings=alert_settings, sender=sender, now=later(step * (timeout + 1)))
        dispatcher.escalate_due(settings=alert_settings, now=later((step + 1) * (timeout + 1)))
    assert stub.to(HANNE) == []
    assert [a.recipient for a in pages(alert_settings)] == [LARS, METTE, LARS, METTE]


def test_a_rota_member_who_texts_stop_hands_their_page_on_at_once(alert_settings, sender, stub):
    submitted = report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    text(alert_settings, LARS, "STOP")
    assert dispatcher.escalate_due(settings=alert_settings) == 1  # no waiting for the timeout
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert any(submitted.reference in body for body in stub.to(METTE))
    assert any("Lars" in body and "STOP" in body for body in stub.to(HANNE))


def test_two_phones_paged_before_their_address_was_known_escalate_as_one(alert_settings, sender, stub):
    first = first_signal(alert_settings, phone="+4530123401")
    second = first_signal(alert_settings, phone="+4530123402")
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert len(stub.to(LARS)) == 2  # nothing could tell them apart yet
    submit(alert_settings, phone="+4530123401")
    joined = submit(alert_settings, phone="+4530123402")
    assert joined.reference == second.reference and joined.duplicate_of == first.reference
    assert dispatcher.escalate_due(settings=alert_settings,
                                   now=later(alert_settings.alert_ack_timeout_seconds + 1)) == 1
    assert [a.status for a in pages(alert_settings, second.reference)] == ["cancelled"]


def test_the_address_alone_links_a_second_phone_to_the_home_already_paged(alert_settings, sender, stub):
    first = first_signal(alert_settings, phone="+4530123401", address=HOME)
    second = first_signal(alert_settings, phone="+4530123402")
    first_signal(alert_settings, phone="+4530123402", address=HOME)  # and that tenant texts no more
    assert ticket(alert_settings, second.reference).duplicate_of_id == first.ticket_id
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert dispatcher.escalate_due(settings=alert_settings,
                                   now=later(alert_settings.alert_ack_timeout_seconds + 1)) == 1  # one chain

