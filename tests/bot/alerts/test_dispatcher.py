"""The dispatcher against the Twilio stand-in: one SMS per page whatever Twilio does, escalation, acknowledgement."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock, dispatcher
from bot.alerts import delivery
from bot.alerts.models import Alert
from bot.channels import sms as flows
from bot.db import session_scope
from bot.dialogue.client import RasaClient
from bot.dispatcher import outbound
from bot.messages.models import Message
from bot.sms import segments
from bot.tickets.models import Ticket
from tests.bot.alerts.conftest import report_emergency

LARS, METTE, HANNE = "+4520000001", "+4520000002", "+4520000003"
ASSOCIATION_NUMBER = "+4589880000"


def alerts(settings) -> list[Alert]:
    with session_scope(settings.database_url) as session:
        return list(session.scalars(select(Alert).order_by(Alert.id)))


def text(settings, phone: str, body: str, sid: str | None = None):
    """An inbound SMS as the gateway hands it over (the dialogue is unreachable in these tests)."""
    import uuid

    rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_seconds)
    return flows.handle_sms(settings=settings, rasa=rasa, from_=phone, to=ASSOCIATION_NUMBER, body=body,
                            sid=sid or "SM" + uuid.uuid4().hex)


def later(seconds: float):
    return clock.now() + timedelta(seconds=seconds)


def test_emergency_pages_the_first_on_call_once_within_two_segments(alert_settings, sender, stub):
    submitted = report_emergency(alert_settings)
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 1
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 0
    [body] = stub.to(LARS)
    assert submitted.reference in body and "OK" in body and "+4530123401" in body
    assert "Testvej 401" in body
    assert segments.segments(body) <= 2
    [alert] = alerts(alert_settings)
    assert alert.status == "sent" and alert.provider_sid == stub.messages[0]["sid"]


def test_429_and_500_are_retried_with_backoff_and_sent_once(alert_settings, sender, stub):
    report_emergency(alert_settings)
    stub.fail_next("429", "500")
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 0
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 0  # backing off: not due yet
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(3)) == 0  # the 500
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(10)) == 1
    assert len(stub.to(LARS)) == 1
    assert stub.create_calls == 3


def test_ambiguous_timeout_is_adopted_not_sent_again(alert_settings, sender, stub):
    report_emergency(alert_settings)
    stub.fail_next("hang")  # Twilio takes the message but answers after our timeout
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 0
    assert alerts(alert_settings)[0].status == "queued"
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(5)) == 1
    assert len(stub.to(LARS)) == 1
    assert stub.create_calls == 1
    assert alerts(alert_settings)[0].provider_sid == stub.messages[0]["sid"]


def test_timeout_before_twilio_took_it_is_sent_again(alert_settings, sender, stub):
    report_emergency(alert_settings)
    stub.fail_next("hang_before")
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert stub.to(LARS) == []
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(5)) == 1
    assert len(stub.to(LARS)) == 1


def test_no_blind_resend_while_twilio_cannot_be_asked(alert_settings, sender, stub):
    report_emergency(alert_settings)
    stub.fail_next("reset")
    dispatcher.send_due(settings=alert_settings, sender=sender)
    stub.list_faults.append("500")
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(5)) == 0
    assert stub.create_calls == 1  # it did not create again without knowing
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(30)) == 1
    assert len(stub.to(LARS)) == 1


def test_dispatcher_killed_between_send_and_record_sends_once(alert_settings, sender, stub):
    report_emergency(alert_settings)
    # The first dispatcher claims the alert and Twilio accepts it, then the process dies before recording.
    with session_scope(alert_settings.database_url) as session:
        [job] = outbound.claim(session=session, settings=alert_settings, now=clock.now())
    sender.send(to=job.to, from_=job.from_, body=job.body)
    # Another dispatcher does not touch it while the lease runs...
    assert dispatcher.send_due(settings=alert_settings, sender=sender, now=later(5)) == 0
    # ...and afterwards finds Twilio's record and adopts it.
    assert dispatcher.send_due(settings=alert_settings, sender=sender,
                               now=later(alert_settings.send_lease_seconds + 1)) == 1
    assert len(stub.to(LARS)) == 1
    assert alerts(alert_settings)[0].status == "sent"


def test_unacknowledged_alert_escalates_round_the_rota_then_the_duty_manager(alert_settings, sender, stub):
    report_emergency(alert_settings)
    timeout = alert_settings.alert_ack_timeout_seconds
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert dispatcher.escalate_due(settings=alert_settings, now=later(timeout - 5)) == 0
    rounds = alert_settings.alert_escalation_loops * 2 + alert_settings.alert_duty_manager_pages + 1
    for step in range(1, rounds + 1):
        # Each page is sent "now" (real clock), then we look again one timeout after it.
        dispatcher.escalate_due(settings=alert_settings, now=later(timeout + 1))
        dispatcher.send_due(settings=alert_settings, sender=sender, now=later(timeout + 1))
        assert len(stub.messages) == min(step + 1, 7)
    order = [m["to"] for m in stub.messages]
    assert order == [LARS, METTE, LARS, METTE, HANNE, HANNE, HANNE]
    assert len({m["body"] for m in stub.messages}) == 1


def test_ok_from_the_on_call_phone_acknowledges_and_stops_escalation(alert_settings, sender, stub):
    submitted = report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    result = text(alert_settings, LARS, f"OK {submitted.reference}")
    assert submitted.reference in result.reply and result.status == "acknowledged"
    assert dispatcher.escalate_due(settings=alert_settings, now=later(3600)) == 0
    [alert] = alerts(alert_settings)
    assert alert.status == "acknowledged" and alert.acknowledged_by == LARS
    with session_scope(alert_settings.database_url) as session:
        assert session.scalars(select(Ticket)).one().status == "acknowledged"


@pytest.mark.parametrize("reply", ["ok", "Modtaget", "ok tak", "OKAY"])
def test_plain_acknowledgements_take_the_latest_page(alert_settings, sender, stub, reply):
    report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    dispatcher.escalate_due(settings=alert_settings, now=later(alert_settings.alert_ack_timeout_seconds + 1))
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert text(alert_settings, METTE, reply).status == "acknowledged"
    assert [a.status for a in alerts(alert_settings)] == ["escalated", "acknowledged"]


def test_ok_from_a_number_not_on_the_rota_acknowledges_nothing(alert_settings, sender, stub):
    report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    result = text(alert_settings, "+4531999999", "OK")
    assert result.status == "queued"  # a tenant message for the dialogue (down here), not an acknowledgement
    assert alerts(alert_settings)[0].status == "sent"
    assert dispatcher.escalate_due(settings=alert_settings,
                                   now=later(alert_settings.alert_ack_timeout_seconds + 1)) == 1


def test_failed_delivery_pages_the_next_person_at_once(alert_settings, sender, stub):
    report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    delivery.record_status(settings=alert_settings, sid=stub.messages[0]["sid"], status="undelivered")
    assert dispatcher.escalate_due(settings=alert_settings) == 1
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert [m["to"] for m in stub.messages] == [LARS, METTE]


def test_on_call_stop_alarms_the_duty_manager_and_is_skipped(alert_settings, sender, stub):
    reply = text(alert_settings, LARS, "STOP")
    assert reply.status == "keyword_stop"
    dispatcher.send_due(settings=alert_settings, sender=sender)
    [alarm] = stub.to(HANNE)
    assert "STOP" in alarm and "Lars" in alarm
    report_emergency(alert_settings)
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert stub.to(LARS) == [] and len(stub.to(METTE)) == 1
    text(alert_settings, LARS, "START")
    report_emergency(alert_settings, phone="+4530123402")
    dispatcher.send_due(settings=alert_settings, sender=sender)
    assert len(stub.to(LARS)) == 1


def test_queued_tenant_notifications_are_sent_unless_opted_out(alert_settings, sender, stub):
    with session_scope(alert_settings.database_url) as session:
        from bot.associations.service import by_sms_number

        association_id = by_sms_number(session=session, number=ASSOCIATION_NUMBER).id
        for phone in ("+4530123411", "+4530123412"):
            session.add(Message(direction="out", channel="sms", status="queued", phone=phone, conversation_id=phone,
                                association_id=association_id, body="Din reparation er booket til i morgen kl. 9."))
    text(alert_settings, "+4530123412", "stop")
    assert dispatcher.send_due(settings=alert_settings, sender=sender) == 1
    assert stub.to("+4530123411") == ["Din reparation er booket til i morgen kl. 9."]
    assert stub.to("+4530123412") == []
    with session_scope(alert_settings.database_url) as session:
        statuses = dict(session.execute(select(Message.phone, Message.status).where(
            Message.direction == "out", Message.body.like("Din reparation%"))).all())
    assert statuses == {"+4530123411": "sent", "+4530123412": "opted_out"}


def test_two_dispatchers_never_send_the_same_alert_twice(alert_settings, sender, stub, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locking with SKIP LOCKED is PostgreSQL's; SQLite serialises writers")
    for i in range(30):
        report_emergency(alert_settings, phone=f"+45301235{i:02d}")
    stop = threading.Event()
    counts = [0, 0]

    def run(index):
        from bot.sms.twilio_sender import TwilioSender

        own = TwilioSender(alert_settings.twilio_account_sid, alert_settings.twilio_auth_token,
                           api_base=alert_settings.twilio_api_base, timeout=1)
        while not stop.is_set():
            counts[index] += dispatcher.send_due(settings=alert_settings, sender=own)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    stub.wait_for(lambda: len(stub.messages) >= 30, timeout=30)
    stop.set()
    for t in threads:
        t.join()
    assert len(stub.messages) == 30
    assert len({m["body"] for m in stub.messages}) == 30
    assert sum(counts) == 30 and min(counts) > 0  # both really worked


def test_an_ok_that_arrives_while_the_page_is_being_sent_keeps_the_pages_sending_time(alert_settings, sender, stub):
    """The on-call person can answer "OK" before the dispatcher has recorded that Twilio took the page."""
    submitted = report_emergency(alert_settings)

    class AnsweredAtOnce:
        def __getattr__(self, name):
            return getattr(sender, name)

        def send(self, **kwargs):
            sent = sender.send(**kwargs)
            text(alert_settings, LARS, f"OK {submitted.reference}")  # the reply beats the dispatcher's record
            return sent

    dispatcher.send_due(settings=alert_settings, sender=AnsweredAtOnce())
    [alert] = alerts(alert_settings)
    assert alert.status == "acknowledged" and alert.acknowledged_by == LARS
    assert alert.sent_at is not None and alert.provider_sid  # the page did go out: the record says when
