"""The staff console in a real browser at 1280 px and 360 px: Danish and English, phone numbers, alerts that can
be acknowledged, pages that fit a phone, readable charts with empty states, a confirmed "Remove", the favicon."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select

from bot.alerts import escalation
from bot.alerts.models import Alert, OnCallShift
from bot.db import session_scope
from bot.staff.models import StaffUser
from bot.tickets.models import Ticket, TicketEvent
from tests.browser import console_site
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser]
WIDTHS = {"1280": {"width": 1280, "height": 900}, "360": {"width": 360, "height": 740}}
CONSOLE_PAGES = ("/staff/", "/staff/dashboard", "/staff/rota")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = console_site.start(tmp_path_factory.mktemp("console-site"))
    yield running
    running.stop()


def _set_language(site, email: str, language: str) -> None:
    with session_scope(site.settings.database_url) as db:
        db.scalars(select(StaffUser).where(StaffUser.email == email)).one().language = language


@pytest.fixture(params=list(WIDTHS))
def page(request, browser, site):
    _set_language(site, "vagt@demobolig.dk", "")  # back to following the association (Danish)
    context = browser.new_context(viewport=WIDTHS[request.param], locale="da-DK")
    tab = context.new_page()
    tab.width = request.param
    yield tab
    context.close()


def _fits(page) -> None:
    """No sideways scrolling, and no card whose content spills out of it."""
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    spilling = page.evaluate("""() => [...document.querySelectorAll('.card, .alarm')]
        .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.querySelector('h2')?.textContent || c.className)""")
    assert spilling == [], (page.url, spilling)


def test_a_danish_officer_reads_the_console_in_danish_and_can_switch_to_english(page, site, artifacts):
    page.goto(f"{site.url}/staff/login")  # before login: the browser's language (da-DK)
    assert page.get_by_role("heading", name="Log ind som medarbejder").is_visible()
    assert serious_violations(page) == []
    _fits(page)
    console_site.login(page, site)
    page.get_by_role("heading", name="Sager", exact=True).wait_for()
    listing = page.locator("table.tickets").inner_text().lower()
    assert "vand og rør" in listing and "akut" in listing and "fugt og skimmel" in listing
    assert "damp_mould" not in page.content().split("<table")[1] and "hot_water" not in listing
    assert page.locator("html").get_attribute("lang") == "da"
    for path in CONSOLE_PAGES:
        page.goto(f"{site.url}{path}")
        assert serious_violations(page) == [], path
        _fits(page)

    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    page.get_by_role("heading", name="Rota", exact=False).first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{site.url}/staff/")
    assert "Water and pipes" in page.locator("table.tickets").inner_text()
    # The choice is the user's, not the browser's: it holds in a new session.
    page.context.clear_cookies()
    console_site.login(page, site)
    page.get_by_role("heading", name="Tickets", exact=True).wait_for()
    page.screenshot(path=str(artifacts / f"console-english-{page.width}px.png"), full_page=True)


def test_ticket_page_and_dashboard_fit_a_phone_with_national_numbers_and_readable_charts(page, site, artifacts):
    console_site.login(page, site)
    page.goto(f"{site.url}/staff/tickets/{site.emergency_id}")
    _fits(page)
    phone = page.locator("dd a.phone")
    assert phone.inner_text() == "+45 20 12 34 56" and phone.get_attribute("href") == "tel:+4520123456"
    # A number inside a stored bot message is shown and linked the same way; the reference stays whole.
    said = page.locator(".transcript .out").first
    assert said.locator("a.phone").inner_text() == "+45 43 43 99 99"
    assert said.locator(".ref").evaluate("el => el.getClientRects().length") == 1
    # The status says whether the SMS went out.
    assert "Ikke sendt: ingen SMS-udbyder sat op" in page.locator("ul.alerts").inner_text()
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / f"after-ticket-{page.width}px.png"), full_page=True)

    page.goto(f"{site.url}/staff/dashboard")
    _fits(page)
    sizes = page.evaluate("""() => [...document.querySelectorAll('ol.bars .when, ol.bars .value, .legend li')]
        .map(el => parseFloat(getComputedStyle(el).fontSize))""")
    assert sizes and min(sizes) >= 12, sizes  # text size on a phone too, not a scaled-down drawing
    bars = page.locator("ol.bars").first.get_by_role("img")
    names = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
    assert len(names) == 14 and all(re.match(r"^\d{1,2}\.? \w+\.?: \d+ anmeldelse", n) for n in names), names
    assert any("Vand og rør" in n for n in names)  # each bar says what it counts, in the reader's language
    assert page.locator(".empty").count() == 1  # nobody acknowledged yet: that chart says so
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / f"after-dashboard-{page.width}px.png"), full_page=True)


def test_an_association_without_reports_gets_empty_states_not_bare_axes(browser, site, artifacts):
    context = browser.new_context(viewport=WIDTHS["360"], locale="en-GB")
    page = context.new_page()
    console_site.login(page, site, "office@demohomes.example")
    page.goto(f"{site.url}/staff/dashboard")
    empty = page.locator(".empty").all_inner_texts()
    assert len(empty) == 3 and "No reports in the last 14 nights yet" in empty[0], empty
    assert page.locator("ol.bars").count() == 0
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "console-dashboard-empty-360px.png"), full_page=True)
    context.close()


def test_an_alert_acknowledged_in_the_console_is_audited_and_stops_the_escalation(page, site, artifacts):
    now = datetime.now(timezone.utc)
    reference, ticket_id = console_site.emergency(site, address=f"Ringvej {page.width}, 2600 Glostrup", now=now)
    console_site.login(page, site)
    alarm = page.locator(".alarm")
    assert reference in alarm.inner_text() and "Ikke sendt" in alarm.inner_text()
    page.goto(f"{site.url}/staff/tickets/{ticket_id}")
    _fits(page)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Kvittér for Lars (vagt)").click()
    page.get_by_text(f"Alarmen for {reference} er kvitteret").wait_for()
    assert "Kvitteret" in page.locator("ul.alerts").inner_text()
    assert page.get_by_role("button", name="Kvittér for Lars (vagt)").count() == 0
    audit = page.locator(".audit").inner_text()
    assert "vagt@demobolig.dk kvitterede for alarmen i konsollen" in audit
    page.screenshot(path=str(artifacts / f"console-alert-acknowledged-{page.width}px.png"), full_page=True)

    # Long after the acknowledgement timeout nobody else is paged about it.
    with session_scope(site.settings.database_url) as db:
        later = escalation.escalate_due(session=db, settings=site.settings, now=now + timedelta(hours=3))
        assert [a for a in later if a.ticket_id == ticket_id] == []
        alerts = db.scalars(select(Alert).where(Alert.ticket_id == ticket_id)).all()
        assert [a.status for a in alerts] == ["acknowledged"]
        assert db.get(Ticket, ticket_id).status == "acknowledged"
        kinds = db.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket_id)).all()
        assert "alert_acknowledged_in_console" in kinds
    page.goto(f"{site.url}/staff/")
    assert reference not in (page.locator(".alarm").inner_text() if page.locator(".alarm").count() else "")


def test_removing_someone_from_the_rota_asks_first(page, site):
    name = f"Test Vikar {page.width}"
    with session_scope(site.settings.database_url) as db:
        db.add(OnCallShift(association_id=1, name=name, phone="+4522334466", position=9))
    console_site.login(page, site)
    page.goto(f"{site.url}/staff/rota")
    _fits(page)
    row = page.get_by_role("region", name=name)
    assert row.locator("input[name$=phone]").input_value() == "+45 22 33 44 66"  # national format in the form
    row.get_by_text("Fjern", exact=True).click()
    confirm = row.get_by_role("alertdialog")
    assert f"Fjern {name} fra vagtplanen?" in confirm.inner_text()
    assert serious_violations(page) == []
    with session_scope(site.settings.database_url) as db:
        assert db.scalars(select(OnCallShift).where(OnCallShift.name == name)).first() is not None  # not yet
    confirm.get_by_role("button", name=f"Ja, fjern {name}").click()
    page.get_by_text("Fjernet fra vagtplanen.").wait_for()
    with session_scope(site.settings.database_url) as db:
        assert db.scalars(select(OnCallShift).where(OnCallShift.name == name)).first() is None


def test_the_gateway_serves_a_favicon_and_the_demo_page_shows_the_sms_number(page, site, artifacts):
    icon = requests.get(f"{site.url}/favicon.ico", timeout=10)
    assert icon.status_code == 200 and icon.headers["Content-Type"] == "image/vnd.microsoft.icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page.goto(f"{site.url}/")
    sms = page.locator("main a[href^='sms:']")
    assert sms.inner_text() == "+45 89 88 00 00" and sms.get_attribute("href") == "sms:+4589880000"
    page.goto(f"{site.url}/?association=2")
    uk = page.locator("main a[href^='sms:']")
    assert uk.inner_text() == "01344 900000"  # a UK number in UK national format
    assert serious_violations(page) == []
    _fits(page)
    page.screenshot(path=str(artifacts / f"demo-page-{page.width}px.png"))
