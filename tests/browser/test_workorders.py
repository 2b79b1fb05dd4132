"""SMS report -> work order -> the contractor accepts and books on the job page (chromium, 360 px) -> the tenant's
booking SMS -> completion -> the tenant replies 2 -> reopened; on the real stack, SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from bot import clock
from bot.db import session_scope
from bot.messages.models import Message
from tests.browser.conftest import serious_violations, staff_login
from tests.e2e.test_slice import REFERENCE, api, sms, twiml_text

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
LINK = re.compile(r"(https?://\S+/jobs/(\d+)\?t=\S+)")
PLUMBER = "+4540112233"
WAIT_SECONDS = 90


def _texts_to(stack, phone: str, since_id: int = 0) -> list[Message]:
    """Outbound SMS the dispatcher has sent (recorded: no Twilio credentials in the test stack) to `phone`."""
    with session_scope(stack.env["DATABASE_URL"]) as session:
        return list(session.scalars(select(Message).where(
            Message.phone == phone, Message.direction == "out", Message.channel == "sms", Message.id > since_id,
            Message.status == "recorded").order_by(Message.id)))


def _wait_for_text(stack, phone: str, pattern: str, since_id: int = 0) -> Message:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        for message in _texts_to(stack, phone, since_id):
            if re.search(pattern, message.body):
                return message
        time.sleep(0.5)
    raise AssertionError(f"no SMS matching {pattern!r} to {phone}: {[m.body for m in _texts_to(stack, phone)]}")


# A home no other test reports from: a second leak there within a day would be a duplicate, with no work order.
HOME = "Søndervangen 10, 1. tv, 2600 Glostrup"


def _report_by_sms(stack, tenant: str) -> str:
    sms(stack, tenant, "vandhanen i køkkenet drypper")
    sms(stack, tenant, HOME)
    sms(stack, tenant, "Mette Hansen")
    sms(stack, tenant, "ja")
    reply = twiml_text(sms(stack, tenant, "nej"))
    found = REFERENCE.search(reply)
    assert found, reply
    return found.group(1)


@pytest.mark.parametrize("which", ["stack", "pg_stack"])
def test_from_sms_report_to_booked_done_and_reopened_job(request, which, browser, artifacts):
    stack = request.getfixturevalue(which)
    tenant = "+4531" + str(uuid.uuid4().int)[:6]
    with session_scope(stack.env["DATABASE_URL"]) as session:
        last = session.scalar(select(Message.id).order_by(Message.id.desc()).limit(1)) or 0
    reference = _report_by_sms(stack, tenant)

    # The demo association dispatches at once: the plumber's SMS carries the reference and the job page's link.
    text = _wait_for_text(stack, PLUMBER, re.escape(reference), since_id=last)
    link, order_id = LINK.search(text.body).groups()
    assert link.startswith(stack.gateway)
    ticket = api(stack, f"/api/tickets/{reference}").json()
    assert ticket["status"] == "assigned"
    assert ticket["work_order"]["contractor"] == "VVS Jensen ApS" and ticket["work_order"]["status"] == "dispatched"

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="da-DK", has_touch=True)
    page = context.new_page()
    page.goto(link)
    page.get_by_role("heading", name=f"Opgave {reference}").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling on a phone
    assert serious_violations(page) == []
    page.get_by_role("button", name="Accepter opgaven").click()
    page.locator('[data-status="accepted"]').wait_for()
    day = (clock.now() + timedelta(days=2)).date()
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Fra").fill("08:00")
    page.get_by_label("Til").fill("12:00")
    page.get_by_role("button", name="Book tid").click()
    page.locator('[data-status="booked"]').wait_for()
    assert "08:00" in page.locator("#appointment").inner_text()
    page.screenshot(path=str(artifacts / f"job-page-booked-360px-{which}.png"), full_page=True)

    booked = _wait_for_text(stack, tenant, r"booket .* kl\. 08:00-12:00", since_id=last)
    assert reference in booked.body
    appointment = api(stack, f"/api/tickets/{reference}").json()["work_order"]["appointment"]
    assert appointment["start"].startswith(day.isoformat())

    page.get_by_role("button", name="Jeg er på vej").click()
    page.locator('[data-status="on_the_way"]').wait_for()
    page.get_by_role("region", name="Udført").get_by_label("Note").fill("Ny pakning i vandhanen")
    page.get_by_role("button", name="Udført").click()
    page.locator('[data-status="completed"]').wait_for()
    page.screenshot(path=str(artifacts / f"job-page-completed-360px-{which}.png"), full_page=True)
    completed = _wait_for_text(stack, tenant, r"Svar 1 hvis", since_id=booked.id)
    assert reference in completed.body
    assert requests.get(link, timeout=10).status_code == 410  # the job closed: its link is dead

    reply = twiml_text(sms(stack, tenant, "2"))
    assert "genåbnet" in reply
    ticket = api(stack, f"/api/tickets/{reference}").json()
    assert ticket["status"] == "assigned" and ticket["work_order"]["status"] == "reopened"
    again = _wait_for_text(stack, PLUMBER, r"ikke udbedret", since_id=text.id)
    new_link = LINK.search(again.body).group(1)
    assert new_link != link and requests.get(new_link, timeout=10).status_code == 200
    assert requests.get(link, timeout=10).status_code == 410
    token = new_link.split("?t=")[1]
    assert requests.get(f"{stack.gateway}/jobs/{int(order_id) + 1}?t={token}", timeout=10).status_code == 403

    # Back again: accept, book, fixed this time, and the tenant's "1" closes the job.
    page.goto(new_link)
    page.locator('[data-status="reopened"]').wait_for()
    page.get_by_role("button", name="Accepter opgaven").click()
    page.locator('[data-status="accepted"]').wait_for()
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_role("button", name="Book tid").click()
    page.locator('[data-status="booked"]').wait_for()
    page.get_by_role("button", name="Udført").click()
    page.locator('[data-status="completed"]').wait_for()
    _wait_for_text(stack, tenant, r"Svar 1 hvis", since_id=completed.id)
    assert "lukket" in twiml_text(sms(stack, tenant, "1"))
    assert api(stack, f"/api/tickets/{reference}").json()["work_order"]["status"] == "closed"
    context.close()

    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    console = staff.new_page()
    staff_login(console, stack, "group@demo.example")
    console.goto(f"{stack.gateway}/staff/workorders/dashboard")
    console.get_by_role("heading", name="Per contractor").wait_for()
    assert "VVS Jensen ApS" in console.content()
    console.screenshot(path=str(artifacts / f"workorders-dashboard-{which}.png"), full_page=True)
    console.goto(f"{stack.gateway}/staff/workorders/")
    assert reference in console.content()
    console.screenshot(path=str(artifacts / f"workorders-console-{which}.png"), full_page=True)
    staff.close()
