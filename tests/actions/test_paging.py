"""page_if_due as the action server runs it: an emergency is paged at the first signal, before the form is done."""

from __future__ import annotations

from sqlalchemy import select

from actions.advice import ActionValidateSlotMappings
from actions.paging import WAITING, page_if_due
from actions.repair_form import ValidateRepairForm
from actions.submit import ActionSubmitReport
from bot.alerts.models import Alert, OnCallShift
from bot.associations.models import Association
from bot.db import session_scope
from bot.tickets.models import Ticket
from tests.actions.conftest import SMS_TENANT, make_tracker, run, slot_values, texts

GAS = "det lugter voldsomt af gas i opgangen, vi går ud nu"
LARS = "+4520000001"
DK_ADDRESS = "Hovedgaden 12, 2. tv, 2600 Glostrup"


def sms_tracker(text: str = GAS, **slots):
    values = {"channel": "sms", "category": "gas", "priority": "emergency", "language": "da"}
    values.update(slots)
    return make_tracker(text=text, intent="report_repair", sender=SMS_TENANT, active_loop=None,
                        metadata={"channel": "sms", "phone": SMS_TENANT}, slots=values)


def tickets_and_alerts(store) -> tuple[list[Ticket], list[Alert]]:
    with session_scope(store.database_url) as session:
        tickets = list(session.scalars(select(Ticket).order_by(Ticket.id)))
        alerts = list(session.scalars(select(Alert).order_by(Alert.id)))
        session.expunge_all()
        return tickets, alerts


def test_a_gas_sms_is_paged_at_once_with_a_provisional_ticket(store, domain):
    events, messages = run(ActionValidateSlotMappings(), sms_tracker(), domain)
    reference = slot_values(events)["page_reference"]
    assert "Jeg alarmerer vagten nu" in texts(messages)
    [ticket], [alert] = tickets_and_alerts(store)
    assert ticket.reference == reference and ticket.priority == "emergency" and ticket.category == "gas"
    assert ticket.address_pending and ticket.address == "" and not ticket.address_verified
    assert ticket.contact_phone == SMS_TENANT and ticket.conversation_id == SMS_TENANT
    assert alert.recipient == LARS and alert.status == "queued" and alert.kind == "page"
    # Danish, what is known, the number to call, how to accept.
    assert alert.body.startswith("AKUT GAS: adresse endnu ukendt. det lugter voldsomt af gas")
    assert f"Ring {SMS_TENANT}" in alert.body and f"Svar OK {reference}" in alert.body


def test_the_next_message_does_not_page_again(store, domain):
    events, _ = run(ActionValidateSlotMappings(), sms_tracker(), domain)
    first = slot_values(events)  # the page, and what triage recorded (the association, the gas advice given)
    again = sms_tracker("vi står udenfor nu", **first)
    events, messages = run(ActionValidateSlotMappings(), again, domain)
    assert events == [] and "alarmerer" not in texts(messages)
    tickets, alerts = tickets_and_alerts(store)
    assert len(tickets) == 1 and len(alerts) == 1


def test_the_address_and_name_complete_the_ticket_and_the_person_paged_gets_one_follow_up(store, domain):
    reference = slot_values(run(ActionValidateSlotMappings(), sms_tracker(), domain)[0])["page_reference"]
    with session_scope(store.database_url) as session:  # the dispatcher sent the page
        session.scalars(select(Alert)).one().status = "sent"
    answer = make_tracker(text=DK_ADDRESS, sender=SMS_TENANT, requested="address",
                          metadata={"channel": "sms", "phone": SMS_TENANT}, candidates={"address": DK_ADDRESS},
                          slots={"channel": "sms", "category": "gas", "priority": "emergency", "problem": GAS,
                                 "contact_phone": SMS_TENANT, "page_reference": reference})
    events, messages = run(ValidateRepairForm(), answer, domain)
    assert "alarmerer" not in texts(messages)  # told once, when the page went out
    [ticket], alerts = tickets_and_alerts(store)
    assert ticket.address == DK_ADDRESS and ticket.address_verified and ticket.address_pending
    [follow_up] = [a for a in alerts if a.kind == "follow_up"]
    assert follow_up.recipient == LARS and follow_up.status == "queued"
    assert follow_up.next_attempt_at > follow_up.created_at  # waits a moment for the name

    slots = {"language": "da", "channel": "sms", "category": "gas", "priority": "emergency", "problem": GAS,
             "address": DK_ADDRESS, "reporter_name": "Mette Hansen", "contact_phone": SMS_TENANT,
             "page_reference": reference}
    events, messages = run(ActionSubmitReport(), make_tracker(slots=slots, sender=SMS_TENANT, active_loop=None),
                           domain)
    values = slot_values(events)
    assert values["ticket_reference"] == reference and values["page_reference"] is None
    assert "Vagten er alarmeret" in texts(messages)
    [ticket], alerts = tickets_and_alerts(store)
    assert not ticket.address_pending and ticket.reporter_name == "Mette Hansen"
    [follow_up] = [a for a in alerts if a.kind == "follow_up"]  # still one, now with the name, due at once
    assert "Hovedgaden 12" in follow_up.body and "Mette Hansen" in follow_up.body and reference in follow_up.body
    assert follow_up.next_attempt_at <= follow_up.created_at or follow_up.next_attempt_at <= ticket.updated_at
    assert len([a for a in alerts if a.kind == "page"]) == 1


def test_web_chat_waits_for_a_phone_or_address_and_keeps_the_on_call_number_in_front(store, domain):
    web = make_tracker(text="I can smell gas in the kitchen", intent="report_repair", active_loop=None,
                       slots={"channel": "web", "category": "gas", "priority": "emergency", "language": "en"})
    events, messages = run(ActionValidateSlotMappings(), web, domain)
    first = slot_values(events)
    assert first["page_reference"] == WAITING
    assert "+4543439999" in texts(messages) and "alerting" not in texts(messages)
    assert tickets_and_alerts(store) == ([], [])
    told = make_tracker(text="it is getting stronger", slots={
        "channel": "web", "category": "gas", "priority": "emergency", "language": "en", **first})
    assert run(ActionValidateSlotMappings(), told, domain) == ([], [])  # said once, not every message

    answer = make_tracker(text=DK_ADDRESS, requested="address", candidates={"address": DK_ADDRESS}, slots={
        "channel": "web", "category": "gas", "priority": "emergency", "language": "en",
        "problem": "I can smell gas in the kitchen", "page_reference": WAITING})
    events, messages = run(ValidateRepairForm(), answer, domain)
    assert "alerting the on-call team" in texts(messages)
    [ticket], [alert] = tickets_and_alerts(store)
    assert slot_values(events)["page_reference"] == ticket.reference
    assert ticket.address == DK_ADDRESS and ticket.contact_phone == "" and ticket.channel == "web"
    assert "Hovedgaden 12" in alert.body and "intet nummer endnu" in alert.body


def test_nobody_to_page_gives_the_on_call_number_never_alerting(store, domain):
    with session_scope(store.database_url) as session:
        for shift in session.scalars(select(OnCallShift)):
            shift.active = False
        for association in session.scalars(select(Association)):
            association.duty_manager_phone = ""
    events, messages = run(ActionValidateSlotMappings(), sms_tracker(), domain)
    assert "alarmerer" not in texts(messages) and "Ring til vagten på +4543439999" in texts(messages)
    [ticket], alerts = tickets_and_alerts(store)
    assert alerts == [] and slot_values(events)["page_reference"] == ticket.reference  # the report is kept
    slots = {"language": "da", "channel": "sms", "category": "gas", "priority": "emergency", "problem": GAS,
             "address": DK_ADDRESS, "reporter_name": "Mette Hansen", "contact_phone": SMS_TENANT}
    _, messages = run(ActionSubmitReport(), make_tracker(slots=slots, sender=SMS_TENANT, active_loop=None), domain)
    assert "alarmeret" not in texts(messages) and "Ring til vagten på +4543439999" in texts(messages)


def test_no_page_for_a_routine_report_or_a_report_already_submitted(store, domain):
    dispatcher_messages = []

    class Dispatcher:
        def utter_message(self, **kwargs):
            dispatcher_messages.append(kwargs)

    routine = sms_tracker("vandhanen drypper", priority="routine", category="water")
    assert page_if_due(Dispatcher(), routine, domain, {}) == {}
    done = make_tracker(text="tak", intent="thank", sender=SMS_TENANT, active_loop=None,
                        metadata={"channel": "sms", "phone": SMS_TENANT},
                        slots={"channel": "sms", "priority": "emergency", "ticket_reference": "123-4566"})
    assert page_if_due(Dispatcher(), done, domain, {}) == {}
    assert dispatcher_messages == [] and tickets_and_alerts(store) == ([], [])


def test_a_stale_page_reference_never_swallows_a_new_emergency(store, domain, monkeypatch):
    events, _ = run(ActionValidateSlotMappings(), sms_tracker(), domain)
    old = slot_values(events)["page_reference"]
    monkeypatch.setenv("REPAIRBOT_NOW", "2030-01-05T22:00:00Z")  # long after: the tenant never finished that one
    events, messages = run(ActionValidateSlotMappings(), sms_tracker(page_reference=old), domain)
    new = slot_values(events)["page_reference"]
    assert new != old and "Jeg alarmerer vagten nu" in texts(messages)
    tickets, alerts = tickets_and_alerts(store)
    assert [t.reference for t in tickets] == [old, new] and len(alerts) == 2
