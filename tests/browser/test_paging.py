"""Web chat in a real browser: a gas leak is paged once the address is known, and staff see the page trail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.tickets.models import Ticket
from tests.browser.conftest import serious_violations
from tests.browser.test_widget_and_console import _login, _send_and_wait

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def test_web_chat_gas_keeps_the_on_call_number_in_front_then_pages_with_the_address(stack, browser, artifacts):
    stack.say("browser-paging-warm-up", "hej")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.goto(f"{stack.gateway}/")
    page.get_by_role("button", name="Anmeld en skade").click()
    first, _ = _send_and_wait(page, "Det lugter kraftigt af gas i køkkenet")
    # Nobody can be paged yet (no phone, no address): no "alerting", but the on-call number to call.
    assert "Jeg alarmerer vagten nu" not in first and "Så snart jeg har din adresse" in first, first
    assert "ring til vagten på +45 43 43 99 99" in first  # the widget shows numbers in national format
    second, _ = _send_and_wait(page, "Hovedgaden 12, 2. tv, 2600 Glostrup")
    assert "Jeg alarmerer vagten nu" in second, second
    with session_scope(stack.env["DATABASE_URL"]) as db:
        found = db.scalars(select(Ticket).where(Ticket.address_pending.is_(True), Ticket.channel == "web",
                                                Ticket.address.like("Hovedgaden 12, 2. tv%"))
                           .order_by(Ticket.id.desc())).first()
        assert found is not None
        reference = found.reference

    staff = context.new_page()
    _login(staff, stack, "vagt@demobolig.dk", tickets="Sager")  # a Danish on-call user: the console in Danish
    staff.goto(f"{stack.gateway}/staff/t/{reference}")
    staff.get_by_role("heading", name=re.compile(f"Sag {reference}")).wait_for()
    trail = staff.locator("section[aria-labelledby=alerts]")
    assert "Adresse mangler" in trail.inner_text()  # address pending, in the on-call user's Danish
    row = trail.locator("ul.alerts li").first
    assert "Lars (vagt)" in row.inner_text() and "alarm" in row.inner_text()
    assert serious_violations(staff) == []
    staff.screenshot(path=str(artifacts / "console-page-trail.png"), full_page=True)
    context.close()
