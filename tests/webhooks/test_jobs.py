"""The contractor's job page over the Flask client: signed links, each step audited, photos, refusals."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from bot import clock
from bot.db import session_scope
from bot.media.models import Photo
from bot.messages.models import Message
from bot.repairs import flows as ticket_flows
from bot.tickets.models import Ticket
from bot.tickets.service import TicketInput
from bot.workorders import links, notifier
from bot.workorders.models import WorkOrder, WorkOrderEvent
from tests.browser.conftest import photo_with_location

TENANT = "+4520123456"


def tenant_report(**changes) -> TicketInput:
    data = TicketInput(category="water", priority="routine", language="da", channel="sms",
                       problem="Vandhanen i køkkenet drypper", location_in_home="køkken",
                       address="Hovedgaden 12, 2. tv, 2600 Glostrup", reporter_name="Anna Jensen",
                       contact_phone=TENANT, conversation_id=TENANT)
    return replace(data, **changes)


@pytest.fixture
def order(demo):
    data = tenant_report()
    with session_scope(demo.database_url) as session:
        result = ticket_flows.submit_report(session=session, association_ref="Demo Bolig Glostrup", data=data)
    notifier.notify_due(settings=demo)
    with session_scope(demo.database_url) as session:
        found = session.scalars(select(WorkOrder).where(WorkOrder.ticket_id == result.ticket_id)).one()
        return found, links.make_token(secret_key=demo.secret_key, order=found)


def post(client, order_id, step, token, **form):
    return client.post(f"/jobs/{order_id}/{step}", data={"t": token, **form}, content_type="multipart/form-data")


def test_the_link_opens_the_job_in_the_contractors_language_and_english_on_request(client, order):
    found, token = order
    page = client.get(f"/jobs/{found.id}?t={token}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Accepter opgaven" in html and "Hovedgaden 12, 2. tv" in html and "VVS-101" in html
    english = client.get(f"/jobs/{found.id}?t={token}&lang=en").get_data(as_text=True)
    assert "Accept the job" in english and 'lang="en"' in english


def test_accept_book_attend_complete_with_note_and_photo_each_audited(client, demo, order):
    found, token = order
    assert post(client, found.id, "accept", token).status_code == 303
    day = (clock.now() + timedelta(days=2)).date().isoformat()
    booked = post(client, found.id, "book", token, day=day, start="08:00", end="12:00")
    assert booked.status_code == 303
    page = client.get(booked.headers["Location"]).get_data(as_text=True)
    assert "08:00" in page and "12:00" in page and "Gemt: Book tid" in page
    assert post(client, found.id, "on_the_way", token).status_code == 303
    photo = (io.BytesIO(photo_with_location()), "after.jpg")
    done = post(client, found.id, "complete", token, note="Ny pakning i hanen", photos=photo)
    assert done.status_code == 200 and "udført" in done.get_data(as_text=True)
    with session_scope(demo.database_url) as session:
        kinds = [(e.kind, e.actor, e.note) for e in session.scalars(
            select(WorkOrderEvent).where(WorkOrderEvent.work_order_id == found.id).order_by(WorkOrderEvent.id))]
        assert [k for k, _, _ in kinds][-4:] == ["accept", "book", "on_the_way", "complete"]
        assert kinds[-1] == ("complete", "contractor:VVS Jensen ApS", "Ny pakning i hanen")
        [stored] = session.scalars(select(Photo).where(Photo.conversation_id == f"workorder:{found.id}")).all()
        assert stored.ticket_id == found.ticket_id
        assert not Image.open(io.BytesIO(stored.data)).getexif().get_ifd(0x8825)  # no location left in it
        tenant_texts = [m.body for m in session.scalars(select(Message).where(
            Message.phone == TENANT, Message.direction == "out").order_by(Message.id))]
        assert len(tenant_texts) == 3 and "Svar 1" in tenant_texts[-1]
        assert session.get(Ticket, found.ticket_id).status == "completed"
    # The job is done: its link opens nothing any more.
    assert client.get(f"/jobs/{found.id}?t={token}").status_code == 410


def test_a_step_out_of_order_or_without_its_details_changes_nothing(client, demo, order):
    found, token = order
    assert post(client, found.id, "complete", token).status_code == 409
    assert post(client, found.id, "decline", token, note="").status_code == 400
    post(client, found.id, "accept", token)
    past = (clock.now() - timedelta(days=1)).date().isoformat()
    assert post(client, found.id, "book", token, day=past, start="08:00", end="12:00").status_code == 400
    assert post(client, found.id, "book", token, day="soon", start="08:00", end="12:00").status_code == 400
    with session_scope(demo.database_url) as session:
        assert session.get(WorkOrder, found.id).status == "accepted"


def test_forged_expired_and_other_jobs_links_are_refused(client, demo, order):
    found, token = order
    assert client.get(f"/jobs/{found.id}?t={token[:-4]}abcd").status_code == 403
    assert client.get(f"/jobs/{found.id + 1}?t={token}").status_code == 403
    assert post(client, found.id + 1, "accept", token).status_code == 403
    assert client.get(f"/jobs/{found.id}").status_code == 403
    short = demo.replace(job_link_max_age_seconds=-1)
    client.application.extensions["settings"] = short
    refused = client.get(f"/jobs/{found.id}?t={token}")
    assert refused.status_code == 410 and re.search("udløbet", refused.get_data(as_text=True))
    with session_scope(demo.database_url) as session:
        assert session.get(WorkOrder, found.id).status == "dispatched"


def api(client, path):
    return client.get(path, headers={"Authorization": "Bearer test-staff-token"})


def test_the_api_and_open311_follow_the_contractors_progress(client, demo, order):
    found, token = order
    with session_scope(demo.database_url) as session:
        reference = session.get(Ticket, found.ticket_id).reference
    ticket = api(client, f"/api/tickets/{reference}").get_json()
    assert ticket["status"] == "assigned"
    assert ticket["work_order"] == {"trade": "plumber", "contractor": "VVS Jensen ApS", "status": "dispatched",
                                    "job_code": "VVS-101", "appointment": None}
    post(client, found.id, "accept", token)
    day = (clock.now() + timedelta(days=2)).date().isoformat()
    post(client, found.id, "book", token, day=day, start="09:00", end="11:00")
    booked = api(client, f"/api/tickets/{reference}").get_json()
    assert booked["status"] == "booked" and booked["work_order"]["status"] == "booked"
    start, end = booked["work_order"]["appointment"]["start"], booked["work_order"]["appointment"]["end"]
    assert start.startswith(day) and end > start
    [public] = client.get(f"/open311/v2/requests/{reference}.json").get_json()
    assert public["status"] == "open" and public["status_notes"] == f"booked (plumber) {start}/{end}"
    assert "VVS Jensen" not in str(public)


def test_a_ticket_without_a_work_order_has_null(client, demo):
    data = tenant_report(category="gas", priority="emergency", problem="Det lugter af gas")
    with session_scope(demo.database_url) as session:
        result = ticket_flows.submit_report(session=session, association_ref=None, data=data)
    assert api(client, f"/api/tickets/{result.reference}").get_json()["work_order"] is None


def test_the_tenants_2_by_sms_reopens_the_job_and_a_stray_2_goes_to_the_dialogue(demo, order):
    from tests.webhooks.test_sms import GLOSTRUP, RasaStandIn, reply_of
    from tests.webhooks.test_sms import post as sms
    from webhooks import create_app

    rasa = RasaStandIn()
    try:
        settings = demo.replace(rasa_url=rasa.url, rasa_timeout_seconds=2.0)
        client = create_app(settings).test_client()
        found, token = order
        assert "echo 2" in reply_of(sms(client, settings, "2", sender=TENANT, to=GLOSTRUP))  # nothing asked yet
        day = (clock.now() + timedelta(days=2)).date().isoformat()
        for step, form in (("accept", {}), ("book", {"day": day, "start": "09:00", "end": "11:00"}),
                           ("complete", {"note": "done"})):
            post(client, found.id, step, token, **form)
        reply = reply_of(sms(client, settings, "2", sender=TENANT, to=GLOSTRUP))
        assert "genåbnet" in reply
        assert [r["message"] for r in rasa.received] == ["2"]  # the answer never reached the dialogue
        with session_scope(demo.database_url) as session:
            assert session.get(WorkOrder, found.id).status == "reopened"
            assert session.get(Ticket, found.ticket_id).status == "assigned"
    finally:
        rasa.server.shutdown()
        rasa.server.server_close()


def test_the_on_call_ok_by_sms_brings_a_link_to_send_the_emergency_to_its_contractor(demo):
    from tests.webhooks.test_sms import GLOSTRUP, RasaStandIn, reply_of
    from tests.webhooks.test_sms import post as sms
    from webhooks import create_app

    data = tenant_report(priority="emergency", problem="Vandet fosser ud af røret under vasken")
    with session_scope(demo.database_url) as session:
        result = ticket_flows.submit_report(session=session, association_ref=None, data=data)
    rasa = RasaStandIn()
    try:
        client = create_app(demo.replace(rasa_url=rasa.url)).test_client()
        assert result.reference in reply_of(sms(client, demo, f"OK {result.reference}", sender="+4520000001",
                                                to=GLOSTRUP))
        assert rasa.received == []
    finally:
        rasa.server.shutdown()
        rasa.server.server_close()
    notifier.notify_due(settings=demo)
    with session_scope(demo.database_url) as session:
        [text] = session.scalars(select(Message).where(Message.phone == "+4520000001",
                                                       Message.direction == "out", Message.status == "queued"))
        order_id, token = re.search(r"/jobs/(\d+)\?t=([\w.-]+)", text.body).groups()
    page = client.get(f"/jobs/{order_id}?t={token}").get_data(as_text=True)
    assert "Send til håndværkeren" in page and "VVS Jensen ApS" in page
    sent = post(client, int(order_id), "dispatch", token)
    assert sent.status_code == 200 and "Gemt: Send til håndværkeren" in sent.get_data(as_text=True)
    with session_scope(demo.database_url) as session:
        order = session.get(WorkOrder, int(order_id))
        assert order.status == "dispatched" and order.oncall_phone == "+4520000001"
    assert client.get(f"/jobs/{order_id}?t={token}").status_code == 410  # superseded by the contractor's link
