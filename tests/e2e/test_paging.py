"""Paging at the first sign of danger over the real processes, on SQLite and PostgreSQL.

Tenants text the gateway (signed webhooks), Rasa and the action server run the dialogue, the dispatcher sends every
page through twilio's SDK to the local Twilio stand-in, and the staff API shows the page trail."""

from __future__ import annotations

import re
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bot.db import session_scope
from bot.repairs import flows
from bot.tickets import lifecycle
from bot.tickets.models import Ticket
from bot.tickets.service import TicketInput
from harness.databases import scratch_postgres
from harness.stack import Stack
from harness.twilio_stub import ACCOUNT_SID, TwilioStub
from tests.conftest import PG_ADMIN_URL
from tests.e2e.conftest import TEST_ENV
from tests.e2e.test_sms_faults import new_tenant, said
from tests.e2e.test_sms_faults import sms as send_sms

pytestmark = pytest.mark.e2e
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")
LARS, METTE, HANNE = "+4520000001", "+4520000002", "+4520000003"
ACK_TIMEOUT = 10
GAS = "det lugter voldsomt af gas i opgangen, vi går ud nu"


@pytest.fixture(scope="module")
def twilio():
    stub = TwilioStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def paging(request, twilio):
    """A stack of its own (short acknowledgement timeout, one loop of the rota) sending through the stand-in."""
    instance = Path(tempfile.mkdtemp(prefix=f"repairbot-paging-{request.param}-"))
    with ExitStack() as cleanup:
        url = cleanup.enter_context(scratch_postgres(PG_ADMIN_URL, "repairbot_paging")) \
            if request.param == "postgres" else f"sqlite:///{instance / 'repairbot.db'}"
        env = dict(TEST_ENV, DATABASE_URL=url, TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_API_BASE=twilio.base_url,
                   ALERT_ACK_TIMEOUT_SECONDS=str(ACK_TIMEOUT), ALERT_ESCALATION_LOOPS="1", RASA_TIMEOUT_SECONDS="12")
        stack = Stack(env=env, instance=instance)
        cleanup.callback(stack.stop)
        stack.start()
        yield stack


@pytest.fixture
def stub(twilio):
    twilio.reset()
    return twilio


def sms(stack, sender: str, body: str) -> str:
    response, _ = send_sms(stack, sender, body)
    assert response.status_code == 200
    return said(response)


def api(stack, path: str, **params):
    response = requests.get(f"{stack.gateway}{path}", params=params, timeout=10,
                            headers={"Authorization": f"Bearer {stack.env['STAFF_API_TOKEN']}"})
    assert response.status_code == 200, response.text
    return response.json()


def about(stub, phone: str, reference: str) -> list[str]:
    return [body for body in stub.to(phone) if reference in body]


def finish_answers(stack, tenant: str, replies: list[str]) -> str:
    """Answer whatever the emergency form still asks until a reference comes back."""
    for answer in ("ja", "nej", "nej"):
        if REFERENCE.search(replies[-1]):
            break
        replies.append(sms(stack, tenant, answer))
    found = REFERENCE.search(replies[-1])
    assert found, replies
    return found.group(1)


def close(stack, *references: str) -> None:
    """Staff close the test's tickets, so their pages stop escalating into the next test."""
    with session_scope(stack.env["DATABASE_URL"]) as session:
        for reference in references:
            ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
            if ticket.status != "completed":
                lifecycle.change_status(session=session, ticket=ticket, status="completed", actor="test",
                                        now=ticket.updated_at, tenant_sms=False)


def test_a_gas_sms_with_no_follow_up_pages_within_60_s_and_the_address_later_sends_one_follow_up(paging, stub):
    tenant = new_tenant()
    started = time.monotonic()
    first = sms(paging, tenant, GAS)
    assert "Jeg alarmerer vagten nu" in first and "gasberedskabet" in first
    [provisional] = api(paging, "/api/tickets", contact_phone=tenant)
    reference = provisional["reference"]
    assert provisional["address_pending"] is True and provisional["address"] == ""
    assert provisional["address_verified"] is False and provisional["priority"] == "emergency"
    pages = stub.wait_for(lambda: about(stub, LARS, reference), timeout=60)
    assert pages and time.monotonic() - started < 60
    assert "AKUT GAS: adresse endnu ukendt" in pages[0] and tenant in pages[0]
    assert "kvitteret" in sms(paging, LARS, f"OK {reference}")

    replies = [sms(paging, tenant, "Hovedgaden 12, 2. tv, 2600 Glostrup"), sms(paging, tenant, "Mette Hansen")]
    assert finish_answers(paging, tenant, replies) == reference  # the same ticket, completed
    follow_ups = stub.wait_for(lambda: [b for b in about(stub, LARS, reference) if b.startswith("OPDATERING")],
                               timeout=30)
    assert follow_ups and "Hovedgaden 12, 2. tv" in follow_ups[0] and "Mette Hansen" in follow_ups[0]
    time.sleep(3)  # time for a wrongful second follow-up to show up
    assert len(about(stub, LARS, reference)) == 2  # the page and ONE follow-up
    ticket = api(paging, f"/api/tickets/{reference}")
    assert ticket["address_pending"] is False and ticket["address_verified"] is True
    assert ticket["reporter_name"] == "Mette Hansen" and ticket["status"] == "acknowledged"
    assert [(a["kind"], a["recipient"], a["status"]) for a in ticket["alerts"]] == [
        ("page", LARS, "acknowledged"), ("follow_up", LARS, "sent")]
    assert ticket["alerts"][0]["sent_at"] and ticket["alerts"][0]["acknowledged_at"]
    assert len(api(paging, "/api/tickets", contact_phone=tenant)) == 1
    close(paging, reference)


def test_an_emergency_on_a_home_with_an_open_routine_ticket_is_paged_and_linked(paging, stub):
    neighbour, tenant = new_tenant(), new_tenant()
    with session_scope(paging.env["DATABASE_URL"]) as session:
        routine = flows.submit_report(session=session, association_ref=None, data=TicketInput(
            category="water", priority="routine", language="en", channel="sms",
            problem="the kitchen tap drips a little", location_in_home="kitchen",
            address="Hovedgaden 14, 1. th, 2600 Glostrup", reporter_name="Bo Berg", contact_phone=neighbour,
            conversation_id=neighbour))
    first = sms(paging, tenant, "water is pouring through the kitchen ceiling onto the cooker and I can't stop it")
    assert "alerting the on-call team" in first
    replies = [sms(paging, tenant, "Hovedgaden 14, 1. th, 2600 Glostrup"), sms(paging, tenant, "Anna Jensen")]
    reference = finish_answers(paging, tenant, replies)
    assert stub.wait_for(lambda: about(stub, LARS, reference), timeout=30)
    ticket = api(paging, f"/api/tickets/{reference}")
    assert ticket["priority"] == "emergency" and ticket["duplicate_of"] == routine.reference
    assert ticket["alerts"] and ticket["alerts"][0]["for_reference"] == reference
    close(paging, reference, routine.reference)


def test_repeated_emergency_reports_from_one_home_within_30_minutes_make_one_page(paging, stub):
    tenant = new_tenant()
    sms(paging, tenant, "vand fosser ned fra loftet i køkkenet")
    replies = [sms(paging, tenant, "Hovedgaden 16, st. th, 2600 Glostrup"), sms(paging, tenant, "Ole Olsen")]
    reference = finish_answers(paging, tenant, replies)
    for report in ("nu løber vandet også ned ad væggen i stuen", "vandet fosser stadig ned fra loftet"):
        sms(paging, tenant, report)
    time.sleep(3)
    tickets = api(paging, "/api/tickets", contact_phone=tenant)
    pages = [a for t in tickets for a in t["alerts"] if a["kind"] == "page" and a["for_reference"] == t["reference"]]
    assert len(pages) == 1, tickets
    assert all(t["reference"] == reference or t["duplicate_of"] == reference for t in tickets)
    assert len([b for b in stub.to(LARS) if not b.startswith("OPDATERING")
                and any(t["reference"] in b for t in tickets)]) == 1
    close(paging, *[t["reference"] for t in tickets])


def test_a_cancelled_ticket_stops_escalating(paging, stub):
    tenant = new_tenant()
    sms(paging, tenant, GAS)
    [provisional] = api(paging, "/api/tickets", contact_phone=tenant)
    reference = provisional["reference"]
    assert stub.wait_for(lambda: about(stub, LARS, reference), timeout=30)
    reply = sms(paging, tenant, f"det er ordnet nu, annuller {reference}")
    assert api(paging, f"/api/tickets/{reference}")["status"] == "cancelled", reply
    time.sleep(ACK_TIMEOUT + 5)
    assert about(stub, METTE, reference) == [] and about(stub, HANNE, reference) == []
    assert [a["status"] for a in api(paging, f"/api/tickets/{reference}")["alerts"]] == ["cancelled"]


def test_a_stopped_duty_manager_is_skipped_and_the_first_on_call_is_told_at_once(paging, stub):
    assert "afmeldt" in sms(paging, HANNE, "STOP")
    try:
        notice = stub.wait_for(lambda: [b for b in stub.to(LARS) if "STOP" in b], timeout=20)
        assert notice and "Hanne" in notice[0]
        tenant = new_tenant()
        sms(paging, tenant, GAS)
        [provisional] = api(paging, "/api/tickets", contact_phone=tenant)
        reference = provisional["reference"]
        # One loop of the rota (Lars, Mette); the duty manager would come next, and is skipped.
        assert stub.wait_for(lambda: about(stub, METTE, reference), timeout=ACK_TIMEOUT * 2 + 20)
        time.sleep(ACK_TIMEOUT * 2 + 5)
        assert about(stub, HANNE, reference) == []
        assert [a["recipient"] for a in api(paging, f"/api/tickets/{reference}")["alerts"]] == [LARS, METTE]
        close(paging, reference)
    finally:
        sms(paging, HANNE, "START")
