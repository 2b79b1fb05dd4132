"""From a report to its contractor: routing, auto-dispatch or approval, notifications, the steps, the "2" reply."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import demo
from bot.associations.models import Association
from bot.messages.models import Message
from bot.repairs import flows as ticket_flows
from bot.tickets.models import Ticket
from bot.tickets.service import TicketInput
from bot.workorders import flows, links, notifier, queries, service
from bot.workorders.models import Contractor, ContractorEmail, WorkOrder, WorkOrderEvent
from tests.conftest import make_settings

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)  # a winter night, out of hours
DK = "Demo Bolig Glostrup"
TENANT = "+4520123456"


@pytest.fixture
def settings(tmp_path, database_url):
    with demo_session(database_url) as session:
        demo.load(session=session)
    return make_settings(tmp_path, database_url)


def demo_session(url):
    from bot.db import session_scope

    return session_scope(url)


def report(**changes) -> TicketInput:
    data = TicketInput(category="water", priority="routine", language="da", channel="sms",
                       problem="Vandhanen i køkkenet drypper", location_in_home="køkken",
                       address="Hovedgaden 12, 2. tv, 2600 Glostrup", reporter_name="Anna Jensen",
                       contact_phone=TENANT, conversation_id=TENANT)
    return replace(data, **changes)


def submit(settings, data=None, association=DK, at=NOW):
    with demo_session(settings.database_url) as session:
        return ticket_flows.submit_report(session=session, association_ref=association, data=data or report(), now=at)


def order_of(session, ticket_id) -> WorkOrder:
    return session.scalars(select(WorkOrder).where(WorkOrder.ticket_id == ticket_id)).one()


def outbound(session, phone) -> list[Message]:
    return list(session.scalars(select(Message).where(Message.phone == phone, Message.direction == "out")
                                .order_by(Message.id)))


def test_a_routine_leak_goes_to_the_plumber_at_once_with_a_suggested_job_code(settings):
    result = submit(settings)
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        ticket = session.get(Ticket, result.ticket_id)
        assert (order.status, order.trade, order.job_code, order.target_days) == ("routed", "plumber",
                                                                                  "VVS-101", 10)
        assert session.get(Contractor, order.contractor_id).name == "VVS Jensen ApS"
        assert ticket.status == "open"  # until the contractor is told
    # The notifier sends the contractor an SMS (outbox) and an email, each with the job's link.
    assert notifier.notify_due(settings=settings, now=NOW) == 1
    assert notifier.notify_due(settings=settings, now=NOW) == 0  # once per link generation
    with demo_session(settings.database_url) as session:
        assert session.get(Ticket, result.ticket_id).contractor == "VVS Jensen ApS"
        assert session.get(Ticket, result.ticket_id).status == "assigned"
        [sms] = outbound(session, "+4540112233")
        [email] = session.scalars(select(ContractorEmail)).all()
        assert sms.status == "queued" and sms.next_attempt_at == NOW  # out-of-hours plumber: at once
        assert result.reference in sms.body and f"/jobs/{order.id}?t=" in sms.body
        assert email.recipient == "vagt@vvs-jensen.example" and result.reference in email.subject
        assert f"https://repairs.example.org/jobs/{order.id}?t=" in email.body


def test_a_daytime_contractor_is_texted_when_the_office_opens(settings):
    result = submit(settings, report(category="doors_windows", problem="Køkkenvinduet kan ikke lukke"))
    notifier.notify_due(settings=settings, now=NOW)
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        [sms] = outbound(session, session.get(Contractor, order.contractor_id).phone)
        assert order.job_code == "TØM-102"
        assert sms.next_attempt_at > NOW + timedelta(hours=8)  # 23:00 Copenhagen: tomorrow morning


def test_an_estate_rule_beats_the_associations_rule(settings):
    # Ejbydalen has its own electrician; Hovedgaden uses the association's.
    ejby = submit(settings, report(category="electrical", problem="Stikkontakten i stuen virker ikke",
                                   address="Ejbydalsvej 10, st. th, 2600 Glostrup"))
    main = submit(settings, report(category="electrical", problem="Stikkontakten i stuen virker ikke",
                                   contact_phone="+4520123457", conversation_id="+4520123457"))
    with demo_session(settings.database_url) as session:
        names = [session.get(Contractor, order_of(session, r.ticket_id).contractor_id).name for r in (ejby, main)]
    assert ejby.address_verified
    assert names == ["Ejby Elektrikeren", "Glostrup El-service"]


def test_an_emergency_is_dispatched_by_the_on_call_person_who_accepts_the_page(settings):
    from bot.alerts import ack

    result = submit(settings, report(priority="emergency", problem="Vandet fosser ud af et rør"))
    assert result.alerted
    assert notifier.notify_due(settings=settings, now=NOW) == 0  # nobody has accepted the page yet
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        assert order.status == "awaiting_oncall"
        association = session.get(Association, order.association_id)
        # Lars (first on the rota) accepts: "OK <ref>", as the gateway hands it to the paging code, then to ours.
        ack.acknowledge(session=session, association=association, phone="+4520000001",
                        body=f"OK {result.reference}", now=NOW)
        assert flows.on_acknowledged(session=session, association=association, phone="+4520000001",
                                     now=NOW).id == order.id
    assert notifier.notify_due(settings=settings, now=NOW) == 1
    with demo_session(settings.database_url) as session:
        [sms] = outbound(session, "+4520000001")
        assert result.reference in sms.body and "VVS Jensen ApS" in sms.body
        token = links.LINK_TOKEN.search(sms.body).group(1)
        order = flows.open_order(session=session, settings=settings, work_order_id=order.id, token=token,
                                 now=datetime.now(timezone.utc))
        flows.contractor_step(session=session, settings=settings, order=order, step="dispatch", now=NOW)
        assert order.status == "dispatched"
        assert session.get(Ticket, result.ticket_id).status == "assigned"
    assert notifier.notify_due(settings=settings, now=NOW) == 1
    with demo_session(settings.database_url) as session:
        [contractor_sms] = outbound(session, "+4540112233")
        assert links.LINK_TOKEN.search(contractor_sms.body).group(1) != token
        with pytest.raises(links.LinkRefused) as refused:  # the on-call person's link did its job
            flows.open_order(session=session, settings=settings, work_order_id=order.id, token=token,
                             now=datetime.now(timezone.utc))
        assert refused.value.reason == "superseded"


def test_estate_incidents_stay_with_the_on_call_team(settings):
    phones = ("+4520123461", "+4520123462", "+4520123463")
    doors = ("2. tv", "2. th", "1. tv")
    results = [submit(settings, report(category="heating", priority="urgent", problem="Ingen varme",
                                       address=f"Hovedgaden 12, {door}, 2600 Glostrup", contact_phone=phone,
                                       conversation_id=phone)) for phone, door in zip(phones, doors, strict=True)]
    with demo_session(settings.database_url) as session:
        third = session.get(Ticket, results[-1].ticket_id)
        assert third.incident_id is not None
        assert session.scalars(select(WorkOrder).where(WorkOrder.ticket_id == third.id)).first() is None
    # The first two were routed before the incident formed: they are held for staff, not sent.
    assert notifier.notify_due(settings=settings, now=NOW) == 0
    with demo_session(settings.database_url) as session:
        assert {order_of(session, r.ticket_id).status for r in results[:2]} == {"pending_approval"}


def test_without_auto_dispatch_the_order_waits_for_staff_approval(settings):
    with demo_session(settings.database_url) as session:
        association = session.scalars(select(Association).where(Association.name == DK)).one()
        association.policy_overrides = {}
    result = submit(settings)
    assert notifier.notify_due(settings=settings, now=NOW) == 0
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        assert order.status == "pending_approval"
        assert queries.as_dicts(session=session, ticket_ids=[result.ticket_id]) == {}  # the API says null
        flows.approve(session=session, order=order, actor="office@demo", now=NOW, job_code="VVS-102")
    assert notifier.notify_due(settings=settings, now=NOW) == 1
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        kinds = [e.kind for e in session.scalars(select(WorkOrderEvent).where(
            WorkOrderEvent.work_order_id == order.id).order_by(WorkOrderEvent.id))]
        assert (order.status, order.job_code, order.target_days) == ("dispatched", "VVS-102", 2)
        assert kinds == ["created", "job_code", "dispatched", "contractor_notified"]


def test_the_whole_job_with_tenant_texts_and_a_not_fixed_reply(settings):
    result = submit(settings)
    assert notifier.notify_due(settings=settings, now=NOW) == 1
    start = NOW + timedelta(hours=10)
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        first_link = links.make_token(secret_key=settings.secret_key, order=order)
        for step, extra in (("accept", {}), ("book", {"start": start, "end": start + timedelta(hours=4)}),
                            ("on_the_way", {}), ("attended", {"note": "Pakning skiftet"}),
                            ("complete", {"note": "Hanen drypper ikke mere"})):
            flows.contractor_step(session=session, settings=settings, order=order, step=step, now=NOW, **extra)
        texts = [m.body for m in outbound(session, TENANT)]
        assert len(texts) == 3
        # The dialogue's status check shows the appointment only while it is ahead.
        ticket = session.get(Ticket, result.ticket_id)
        assert queries.appointment_for(session=session, ticket=ticket, language="da",
                                       timezone="Europe/Copenhagen") is None  # completed: nothing to come
        assert "booket torsdag den 3. december kl. 09:00-13:00" in texts[0]
        assert "på vej" in texts[1]
        assert "Svar 1" in texts[2] and "2 hvis ikke" in texts[2]
        assert session.get(Ticket, result.ticket_id).status == "completed"
        with pytest.raises(service.TransitionError):
            flows.contractor_step(session=session, settings=settings, order=order, step="accept", now=NOW)
        association = session.get(Association, order.association_id)
        # Something else first: a "2" that does not answer our question is not ours.
        assert flows.tenant_reply(session=session, association=association, phone="+4520999999", body="2",
                                  now=NOW) is None
        answer = flows.tenant_reply(session=session, association=association, phone=TENANT, body="2", now=NOW)
        assert "genåbnet" in answer
        assert (order.status, session.get(Ticket, result.ticket_id).status) == ("reopened", "assigned")
    # The contractor gets the job again with a new link; the old one no longer opens it.
    assert notifier.notify_due(settings=settings, now=NOW) == 1
    with demo_session(settings.database_url) as session:
        with pytest.raises(links.LinkRefused) as refused:
            flows.open_order(session=session, settings=settings, work_order_id=order.id, token=first_link, now=NOW)
        assert refused.value.reason == "superseded"
        assert "ikke udbedret" in outbound(session, "+4540112233")[-1].body


def test_the_status_check_can_show_the_booked_window_in_the_tenants_language(settings):
    result = submit(settings)
    notifier.notify_due(settings=settings, now=NOW)
    start = NOW + timedelta(hours=10)
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        ticket = session.get(Ticket, result.ticket_id)
        assert queries.appointment_for(session=session, ticket=ticket, language="da",
                                       timezone="Europe/Copenhagen") is None
        for step, extra in (("accept", {}), ("book", {"start": start, "end": start + timedelta(hours=3)})):
            flows.contractor_step(session=session, settings=settings, order=order, step=step, now=NOW, **extra)
        assert queries.appointment_for(session=session, ticket=ticket, language="da",
                                       timezone="Europe/Copenhagen") == "torsdag den 3. december kl. 09:00-12:00"
        assert queries.appointment_for(session=session, ticket=ticket, language="en",
                                       timezone="Europe/Copenhagen") == "Thursday 3 December 09:00-12:00"


def test_a_1_reply_closes_the_job_and_its_link(settings):
    result = submit(settings)
    notifier.notify_due(settings=settings, now=NOW)
    start = NOW + timedelta(hours=10)
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        token = links.make_token(secret_key=settings.secret_key, order=order)
        for step, extra in (("accept", {}), ("book", {"start": start, "end": start + timedelta(hours=2)}),
                            ("complete", {})):
            flows.contractor_step(session=session, settings=settings, order=order, step=step, now=NOW, **extra)
        association = session.get(Association, order.association_id)
        assert "lukket" in flows.tenant_reply(session=session, association=association, phone=TENANT, body="1 ",
                                              now=NOW)
        assert order.status == "closed"
        with pytest.raises(links.LinkRefused) as refused:
            flows.open_order(session=session, settings=settings, work_order_id=order.id, token=token, now=NOW)
        assert refused.value.reason == "closed"


def test_links_are_refused_when_expired_forged_or_for_another_job(settings):
    first = submit(settings)
    second = submit(settings, report(category="drainage", problem="Afløbet i badet er tilstoppet",
                                     contact_phone="+4520123458", conversation_id="+4520123458"))
    notifier.notify_due(settings=settings, now=NOW)
    with demo_session(settings.database_url) as session:
        one, two = order_of(session, first.ticket_id), order_of(session, second.ticket_id)
        token = links.make_token(secret_key=settings.secret_key, order=one)
        assert flows.open_order(session=session, settings=settings, work_order_id=one.id, token=token,
                                now=NOW.now(timezone.utc)).id == one.id
        later = datetime.now(timezone.utc) + timedelta(seconds=settings.job_link_max_age_seconds + 60)
        cases = {"expired": (one.id, token, later), "other_job": (two.id, token, None),
                 "invalid": (one.id, token[:-3] + "abc", None)}
        for reason, (order_id, value, at) in cases.items():
            with pytest.raises(links.LinkRefused) as refused:
                flows.open_order(session=session, settings=settings, work_order_id=order_id, token=value,
                                 now=at or datetime.now(timezone.utc))
            assert refused.value.reason == reason
        other_key = replace(settings, secret_key="another-key")
        with pytest.raises(links.LinkRefused):
            flows.open_order(session=session, settings=other_key, work_order_id=one.id, token=token,
                             now=datetime.now(timezone.utc))


def test_anonymising_the_ticket_redacts_the_contractors_email_and_notes(settings):
    from bot.privacy.service import anonymise_tickets

    result = submit(settings, report(problem="Vandhanen drypper, ring til Anna på 20123456"))
    notifier.notify_due(settings=settings, now=NOW)
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        flows.contractor_step(session=session, settings=settings, order=order, step="decline", now=NOW,
                              note="Anna Jensen var ikke hjemme")
    with demo_session(settings.database_url) as session:
        anonymise_tickets(session=session, tickets=[session.get(Ticket, result.ticket_id)], now=NOW, actor="test")
    with demo_session(settings.database_url) as session:
        [email] = session.scalars(select(ContractorEmail)).all()
        notes = [e.note for e in session.scalars(select(WorkOrderEvent)) if e.note]
        assert "Anna" not in email.body and notes == ["[anonymised]"]


def test_an_emergency_nobody_dispatched_overnight_can_be_sent_by_staff(settings):
    result = submit(settings, report(priority="emergency", problem="Vandet fosser ud af et rør"))
    with demo_session(settings.database_url) as session:
        order = order_of(session, result.ticket_id)
        flows.approve(session=session, order=order, actor="office@demo", now=NOW)
    assert notifier.notify_due(settings=settings, now=NOW) == 1
    with demo_session(settings.database_url) as session:
        assert order_of(session, result.ticket_id).status == "dispatched"
        assert outbound(session, "+4540112233")
