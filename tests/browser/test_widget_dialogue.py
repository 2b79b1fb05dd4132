"""The conversation in the widget with the real dialogue, at 1280 px and 360 px: the room taken from the first
Danish message, an unknown address read back once with two quick replies, and a question after the ticket
answered without a second ticket. Every state is checked with axe-core and photographed."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.conversation import wording
from tests.browser.conftest import send_and_wait, serious_violations
from tests.e2e.test_slice import api

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
WIDTHS = {"1280": {"width": 1280, "height": 900}, "360": {"width": 360, "height": 740}}
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")
REPLY_MS = 60_000
WIDGET = "#repair-chat"
UNKNOWN_HOME = "Stationsvej 5, 1. th, 2600 Glostrup"
PHONES = {"1280": "20 12 34 57", "360": "20 12 34 58"}
# The tenant's answer to each question, found by a word of it.
ANSWERS = (("adresse", UNKNOWN_HOME), ("navn", "Mette Hansen"), ("telefon", None), ("galt", None))
# Quick replies a plain tenant taps: the address is right, no danger, report it rather than try a tip.
TAPS = ("ja, den er rigtig", "nej, anmeld", "anmeld", "nej")


@pytest.fixture(scope="module", autouse=True)
def warm_dialogue(stack):
    stack.say("browser-warm-up-dialogue", "hej")


@pytest.fixture(params=list(WIDTHS))
def page(request, browser, stack):
    context = browser.new_context(viewport=WIDTHS[request.param], locale="da-DK")
    made = context.new_page()
    made.width = request.param
    made.goto(f"{stack.gateway}/")
    made.get_by_role("button", name="Anmeld en skade").click()
    made.locator(f"{WIDGET} textarea").wait_for()
    yield made
    context.close()


def _send(page, text: str | None = None, tap: str | None = None) -> str:
    reply, _ = send_and_wait(page, text=text, click=tap, timeout_ms=REPLY_MS)
    time.sleep(0.2)  # a reply of several bubbles arrives together; let the last one render
    return reply


def _quick(page) -> list[str]:
    return page.locator(f"{WIDGET} .quick button").all_inner_texts()


def test_room_address_read_back_and_a_question_after_the_ticket(page, stack, artifacts):
    width = page.width
    reply = _send(page, "Det drypper fra røret under køkkenvasken")
    said = [reply]
    read_back = False
    reference = None
    for _ in range(12):
        found = REFERENCE.search(reply)
        if found:
            reference = found.group(1)
            break
        if "kan ikke finde" in reply:
            read_back = True
            assert UNKNOWN_HOME in reply and _quick(page) == ["Ja, den er rigtig", "Nej, jeg retter den"]
            assert serious_violations(page) == [], "address read back"
            page.screenshot(path=str(artifacts / f"widget-address-read-back-{width}px.png"))
        options = [o for o in _quick(page)]
        tap = next((o for pattern in TAPS for o in options if o.lower().startswith(pattern)), None)
        if tap:
            reply = _send(page, tap=tap)
        else:
            question = [line for line in reply.lower().splitlines() if line.strip()][-1]
            answer = next((a for word, a in ANSWERS if word in question), "Nej")
            if "telefon" in question:
                answer = PHONES[width]
            reply = _send(page, answer)
        said.append(reply)
    assert reference, said
    assert read_back, said
    # Out of hours the office's next opening is said from the tenant's day: never "the next working day" for the
    # morning that is today or tomorrow in Copenhagen.
    local = datetime.now(ZoneInfo("Europe/Copenhagen"))
    soon = {wording.DA_DAYS[(local + timedelta(days=d)).weekday()] for d in (0, 1)}
    closing = said[-1].lower()
    assert not any(f"næste hverdag, {day}" in closing for day in soon), closing
    assert not any("hvor i boligen" in text.lower() for text in said)  # "køkkenvasken" said where
    assert serious_violations(page) == [], "ticket given"

    answer = _send(page, "Skal jeg lukke for vandet?")
    assert "hovedhanen" in answer.lower() and reference in answer
    assert _quick(page) == []  # no questions again
    assert serious_violations(page) == [], "question answered"
    page.screenshot(path=str(artifacts / f"widget-after-ticket-{width}px.png"))
    tickets = api(stack, "/api/tickets", contact_phone="+45" + PHONES[width].replace(" ", "")).json()
    assert [t["reference"] for t in tickets] == [reference]
    assert tickets[0]["location_in_home"] == "køkken" and tickets[0]["address_verified"] is False
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
