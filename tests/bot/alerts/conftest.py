"""Alert tests: the demo store (SQLite and PostgreSQL), the real twilio SDK against the local Twilio stand-in."""

from __future__ import annotations

import uuid

import pytest

from bot import demo as demo_data
from bot.db import session_scope
from bot.repairs import flows as ticket_flows
from bot.sms.twilio_sender import TwilioSender
from bot.tickets.service import TicketInput
from harness.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, TwilioStub
from tests.conftest import make_settings

TIMEOUT = 1.0


@pytest.fixture(scope="session")
def twilio():
    stub = TwilioStub(hang_seconds=TIMEOUT * 2).start()
    yield stub
    stub.stop()


@pytest.fixture
def stub(twilio):
    twilio.reset()
    return twilio


@pytest.fixture
def alert_settings(tmp_path, database_url, twilio):
    settings = make_settings(tmp_path, database_url, twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN,
                             twilio_api_base=twilio.base_url, twilio_timeout_seconds=TIMEOUT,
                             rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=1)
    with session_scope(settings.database_url) as session:
        demo_data.load(session=session)
    return settings


@pytest.fixture
def sender(alert_settings):
    return TwilioSender(alert_settings.twilio_account_sid, alert_settings.twilio_auth_token,
                        api_base=alert_settings.twilio_api_base, timeout=TIMEOUT)


def report_emergency(settings, *, association: str = "Demo Bolig Glostrup", phone: str = "+4530123401",
                     address: str = ""):
    """An emergency written the way the dialogue writes it (ticket and queued alert in one transaction)."""
    data = TicketInput(category="water", priority="emergency", language="da", channel="sms",
                       problem="Vand fosser ud af loftet i badeværelset", location_in_home="badeværelse",
                       address=address or f"Testvej {phone[-3:]}, 2600 Glostrup", reporter_name="Anna Jensen",
                       contact_phone=phone, conversation_id=phone + uuid.uuid4().hex[:4])
    with session_scope(settings.database_url) as session:
        return ticket_flows.submit_report(session=session, association_ref=association, data=data)
