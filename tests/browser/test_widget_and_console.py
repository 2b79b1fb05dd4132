"""A tenant reports a leak through the widget in a real browser; staff find, read and book it in the console."""

from __future__ import annotations

import gzip
import io
import re
import time
from datetime import datetime, timedelta

import pytest
import requests
from PIL import Image
from sqlalchemy import select

from bot.db import session_scope
from bot.messages.models import Message
from bot.tickets.models import Ticket
from tests.browser.conftest import photo_with_location, send_and_wait, serious_violations
from tests.browser.conftest import staff_login as _login

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")
REPLY_SECONDS = 60_000  # ms: the first reply may wait for the models to warm up
WIDGET = "#repair-chat"


@pytest.fixture(scope="module", autouse=True)
def warm_dialogue(stack):
    """The first message after start-up loads Rasa's models; the gateway's 8 s timeout is for warm servers."""
    stack.say("browser-warm-up", "hej")


def _bot_texts(page) -> list[str]:
    return page.locator(f"{WIDGET} .msg.bot").all_inner_texts()


def _send_and_wait(page, text: str | None = None, click: str | None = None) -> tuple[str, float]:
    return send_and_wait(page, text=text, click=click, timeout_ms=REPLY_SECONDS)


def _quick_replies(page) -> list[str]:
    return page.locator(f"{WIDGET} .quick button").all_inner_texts()


def _answer_until_reference(page, answers: dict, used_quick: list[str], max_turns: int = 12) -> str:
    """Answer whatever the dialogue asks, preferring its quick-reply buttons, until it gives a reference."""
    last = _bot_texts(page)[-1]
    for _ in range(max_turns):
        found = REFERENCE.search(last)
        if found:
            return found.group(1)
        # The question is the last line (earlier lines may confirm an earlier answer).
        lower = [line for line in last.lower().splitlines() if line.strip()][-1]
        options = _quick_replies(page)
        if options:
            # Self-help tips offer to carry on with the report; address choices offer the matching home.
            preferred = [o for o in options if re.search(r"anmeld|fortsæt|hovedgaden 12, 2\. ?tv|^nej", o, re.I)]
            choice = (preferred or options)[0]
            used_quick.append(choice)
            last, _ = _send_and_wait(page, click=choice)
            continue
        for keyword, answer in answers.items():
            if keyword in lower:
                last, _ = _send_and_wait(page, answer)
                break
        else:
            raise AssertionError(f"unexpected question from the dialogue: {last!r}")
    raise AssertionError("no reference after the whole conversation")


def test_tenant_reports_a_leak_with_a_photo_and_staff_book_it(stack, browser, artifacts, metrics, tmp_path):
    script = requests.get(f"{stack.gateway}/widget.js", timeout=10)
    metrics["widget_js_bytes"] = len(script.content)
    metrics["widget_js_gzip_bytes"] = len(gzip.compress(script.content))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.goto(f"{stack.gateway}/")
    launcher = page.get_by_role("button", name="Anmeld en skade")
    launcher.click()
    emergency = page.locator(f"{WIDGET} .sos")
    assert "112" in emergency.inner_text() and "+45 43 43 99 99" in emergency.inner_text()  # national format

    first, first_wait = _send_and_wait(page, "Der løber vand ud under køkkenvasken og ned på gulvet")
    metrics["time_to_first_reply_seconds"] = round(first_wait, 2)
    assert "ked af at høre" in first.lower() and "?" in first, first  # Danish sympathy, then a question

    photo = tmp_path / "leak.jpg"
    photo.write_bytes(photo_with_location())
    before = page.locator(f"{WIDGET} .msg.bot").count()
    page.locator(f"{WIDGET} input[type=file]").set_input_files(str(photo))
    page.locator(f"{WIDGET} .msg.bot").nth(before).wait_for()
    assert "billedet" in _bot_texts(page)[-1].lower()
    assert page.locator(f"{WIDGET} .msg.me img").count() == 1
    page.screenshot(path=str(artifacts / "widget-conversation.png"))

    # A reload keeps the conversation: the transcript is drawn again from the gateway and the chat stays open.
    last_before = _bot_texts(page)[-1]
    page.reload()
    page.locator(f"{WIDGET} .msg.me img").first.wait_for()
    assert "Der løber vand ud under køkkenvasken" in page.locator(f"{WIDGET} .msg.me").first.inner_text()
    assert _bot_texts(page)[-1] == last_before
    assert page.get_by_label("Skriv din besked").is_visible()
    assert page.locator(f"{WIDGET} .msg.me img").first.evaluate("img => img.complete && img.naturalWidth > 0")

    used_quick: list[str] = []
    reference = _answer_until_reference(page, {
        "galt": "Der løber vand ud under køkkenvasken",
        "hvor i boligen": "I køkkenet",
        "adresse": "Hovedgaden 12, 2600 Glostrup",  # several flats: the tenant picks theirs from quick replies
        "navn": "Mette Hansen",
        "telefon": "20 12 34 56",
        "hjemme": "Nej",
    }, used_quick)
    page.screenshot(path=str(artifacts / "widget-reference.png"))
    metrics["quick_replies_clicked"] = used_quick
    assert any("2. tv" in choice for choice in used_quick), used_quick

    # Staff: log in, find tonight's ticket, see the photo and transcript, book it (a Danish association's
    # on-call officer gets the Danish console).
    staff = context.new_page()
    _login(staff, stack, "vagt@demobolig.dk", tickets="Sager")
    staff.screenshot(path=str(artifacts / "console-tickets.png"), full_page=True)
    staff.get_by_role("link", name=reference).click()
    staff.get_by_role("heading", name=re.compile(f"Sag {reference}")).wait_for()
    assert "Der løber vand ud under køkkenvasken" in staff.locator(".transcript").inner_text()
    image = staff.get_by_role("img", name="Billede 1 fra lejeren")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    served = staff.request.get(image.evaluate("img => img.src"))
    stored = Image.open(io.BytesIO(served.body()))
    assert stored.format == "JPEG" and len(stored.getexif()) == 0  # no camera metadata, no location

    staff.get_by_label("Ny status").select_option("booked")
    when = datetime.now() + timedelta(days=1)
    staff.get_by_label(re.compile("Booket til")).fill(when.strftime("%Y-%m-%dT10:00"))
    staff.get_by_role("button", name="Skift status").click()
    staff.get_by_text(f"Sag {reference} har nu status Booket").wait_for()
    assert "vagt@demobolig.dk" in staff.locator(".audit").inner_text()
    staff.screenshot(path=str(artifacts / "console-ticket-booked.png"), full_page=True)

    # The tenant's booking SMS, in Danish, goes to the number they gave and is recorded by the dispatcher.
    deadline = time.monotonic() + 15
    while True:
        with session_scope(stack.env["DATABASE_URL"]) as db:
            ticket = db.scalars(select(Ticket).where(Ticket.reference == reference)).one()
            sms = db.scalars(select(Message).where(Message.ticket_id == ticket.id, Message.direction == "out",
                                                   Message.channel == "sms")).all()
            status, booked, verified = ticket.status, ticket.booked_for, ticket.address_verified
            texts = [(m.phone, m.body, m.status, m.conversation_id) for m in sms]
        if texts and texts[0][2] != "queued" and texts[0][2] != "sending":
            break
        assert time.monotonic() < deadline, f"booking SMS not sent: {texts}"
        time.sleep(0.3)
    assert status == "booked" and booked is not None and verified
    assert len(texts) == 1
    phone, body, sms_status, conversation = texts[0]
    assert phone == "+4520123456"
    assert reference in body and "booket" in body and "kl. 10:00" in body
    assert sms_status == "recorded"
    assert conversation == ticket.conversation_id
    context.close()


def test_widget_works_by_keyboard_alone_on_a_phone(stack, browser, artifacts):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB", has_touch=True)
    page = context.new_page()
    page.goto(f"{stack.gateway}/?association=2")
    page.get_by_role("button", name="Report a repair").wait_for()
    launcher = page.get_by_role("button", name="Report a repair")
    for _ in range(10):
        page.keyboard.press("Tab")
        if launcher.evaluate("b => b.getRootNode().activeElement === b"):
            break
    else:
        raise AssertionError("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    box = page.get_by_label("Type your message")
    assert box.evaluate("el => el.getRootNode().activeElement === el")  # focus moved into the chat
    assert "999" in page.locator(f"{WIDGET} .sos").inner_text()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    page.locator(f"{WIDGET} .msg.bot").nth(1).wait_for(timeout=REPLY_SECONDS)

    # Every control is reachable in order; none is wider than the phone's screen.
    reached = []
    for _ in range(20):  # the demo page's own links (SMS number, 999, demo sites) come between
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const a = document.querySelector('#repair-chat').shadowRoot
                                                .activeElement; return a ? (a.getAttribute('aria-label') ||
                                                a.textContent || a.tagName).trim() : ''; }"""))
    for control in ("Add photo", "Send", "Close chat", "På dansk"):
        assert control in reached, (control, reached)
    width = page.locator(f"{WIDGET} .panel").evaluate("el => el.getBoundingClientRect().right")
    assert width <= 360
    page.screenshot(path=str(artifacts / "widget-360px.png"))

    # Escape closes the chat and gives focus back to the launcher.
    box.focus()
    page.keyboard.press("Escape")
    assert launcher.evaluate("b => b.getRootNode().activeElement === b")
    context.close()


def test_widget_and_console_have_no_serious_accessibility_violations(stack, browser, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{stack.gateway}/")
    page.get_by_role("button", name="Anmeld en skade").click()
    page.get_by_label("Skriv din besked").wait_for()
    assert serious_violations(page) == []

    _login(page, stack, "group@demo.example")
    assert serious_violations(page) == []
    for path in ("/staff/dashboard", "/staff/rota"):
        page.goto(f"{stack.gateway}{path}")
        assert serious_violations(page) == [], path
    page.goto(f"{stack.gateway}/staff/dashboard")
    page.screenshot(path=str(artifacts / "console-dashboard.png"), full_page=True)
    phone = browser.new_context(viewport={"width": 360, "height": 740}, storage_state=context.storage_state())
    small = phone.new_page()
    small.goto(f"{stack.gateway}/staff/")
    assert small.evaluate("document.documentElement.scrollWidth") <= 360
    small.screenshot(path=str(artifacts / "console-360px.png"), full_page=True)
    phone.close()
    context.close()


def _serve_site(html: str):
    """An association's own web site: another origin on loopback, serving one page with the script tag."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_widget_only_runs_on_the_associations_own_sites(stack, browser):
    """A real cross-origin page: the browser's CORS checks against the association's allowed_origins."""
    from bot.associations.models import Association

    html = ('<!doctype html><html lang="da"><head><title>Demo Bolig</title></head><body><h1>Demo Bolig</h1>'
            f'<script src="{stack.gateway}/widget.js" data-association="Demo Bolig Glostrup" defer></script>'
            '</body></html>')
    server = _serve_site(html)
    site = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site}/")
        page.wait_for_timeout(2000)
        assert page.get_by_role("button", name="Anmeld en skade").count() == 0  # not one of its sites

        with session_scope(stack.env["DATABASE_URL"]) as db:
            association = db.scalars(select(Association).where(Association.name == "Demo Bolig Glostrup")).one()
            association.allowed_origins = [*association.allowed_origins, site]
        page.goto(f"{site}/")
        page.get_by_role("button", name="Anmeld en skade").click()
        reply, _ = _send_and_wait(page, "hej")
        assert "Vi har modtaget din besked, men kan ikke svare" not in reply and reply.strip()
    finally:
        with session_scope(stack.env["DATABASE_URL"]) as db:
            association = db.scalars(select(Association).where(Association.name == "Demo Bolig Glostrup")).one()
            association.allowed_origins = [o for o in association.allowed_origins if o != site]
        context.close()
        server.shutdown()
