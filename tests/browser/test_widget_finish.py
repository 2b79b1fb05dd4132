"""The chat widget in a real browser at 1280 px and 360 px: tel: links in national format, references that never
wrap, the language going to the dialogue, a new conversation, the same conversation in another tab, the whole
placeholder visible. Every state is checked with axe-core."""

from __future__ import annotations

import json
import time

import pytest

from tests.browser import console_site
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser]
WIDTHS = {"1280": {"width": 1280, "height": 900}, "360": {"width": 360, "height": 740}}
WIDGET = "#repair-chat"
REPLY_MS = 20_000


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = console_site.start(tmp_path_factory.mktemp("widget-site"))
    yield running
    running.stop()


@pytest.fixture(params=list(WIDTHS))
def context(request, browser, site):
    site.dialogue.reply = "Tak. Hvad er der galt?"
    made = browser.new_context(viewport=WIDTHS[request.param], locale="da-DK")
    made.width = request.param
    yield made
    made.close()


def _open(page, site, association: str = "1", launcher: str = "Anmeld en skade"):
    page.goto(f"{site.url}/?association={association}")
    page.get_by_role("button", name=launcher).click()
    page.locator(f"{WIDGET} textarea").wait_for()


def _bot(page):
    return page.locator(f"{WIDGET} .msg.bot")


def _say(page, text: str) -> str:
    before = _bot(page).count()
    box = page.locator(f"{WIDGET} textarea")
    box.fill(text)
    box.press("Enter")
    _bot(page).nth(before).wait_for(timeout=REPLY_MS)
    page.wait_for_function("() => !document.querySelector('#repair-chat').shadowRoot"
                           ".querySelector('.typing').textContent", timeout=REPLY_MS)
    return _bot(page).last.inner_text()


def _clean(page, state: str):
    assert serious_violations(page) == [], state


def test_numbers_in_bot_messages_are_tel_links_in_national_format_and_references_never_wrap(context, site,
                                                                                          artifacts):
    page = context.new_page()
    page.goto(f"{site.url}/?association=1")
    page.get_by_role("button", name="Anmeld en skade").wait_for()
    _clean(page, "closed")
    _open(page, site)
    sos = page.locator(f"{WIDGET} .sos a")
    assert sos.all_inner_texts() == ["112", "+45 43 43 99 99"]
    assert [sos.nth(i).get_attribute("href") for i in range(2)] == ["tel:112", "tel:+4543439999"]
    _clean(page, "open")

    site.dialogue.reply = ("Din sag har nummer 482-9137. Vi ringer til dig på 20 12 34 56. Akut: ring +4543439999, "
                           "gas: +4533954000, fra udlandet +44 1344 900002. Kl. 10:00 den 14-01-2027.")
    _say(page, "Hvornår kommer I?")
    links = _bot(page).last.locator("a")
    shown = links.all_inner_texts()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert shown == ["20 12 34 56", "+45 43 43 99 99", "+45 33 95 40 00", "+44 1344 900002"], shown
    assert hrefs == ["tel:20123456", "tel:+4543439999", "tel:+4533954000", "tel:+441344900002"]
    assert _bot(page).last.locator(".ref").all_inner_texts() == ["482-9137"]  # a reference, not a number to call
    _clean(page, "reply with numbers")

    # However long the text before it, a reference stays on one line (it used to break at the hyphen).
    for n in range(0, 24):
        site.dialogue.reply = "Tak " + "i" * n + " din sag har nummer 482-9137 og er gemt."
        _say(page, f"test {n}")
        rects = _bot(page).last.locator(".ref").evaluate("el => el.getClientRects().length")
        assert rects == 1, n
    page.screenshot(path=str(artifacts / f"widget-numbers-{context.width}px.png"))


def test_a_uk_widget_shows_uk_numbers_in_uk_format(context, site):
    page = context.new_page()
    _open(page, site, association="2", launcher="Report a repair")
    sos = page.locator(f"{WIDGET} .sos a")
    assert sos.all_inner_texts() == ["999", "01344 900002"]
    site.dialogue.reply = "If you smell gas, leave and call +448000111999 from outside."
    _say(page, "I smell gas")
    link = _bot(page).last.locator("a")
    assert link.inner_text() == "0800 011 1999" and link.get_attribute("href") == "tel:+448000111999"
    _clean(page, "uk reply")


def test_the_language_switch_goes_to_the_dialogue_with_every_message(context, site):
    page = context.new_page()
    _open(page, site)
    _say(page, "hej")
    assert "language" not in site.dialogue.received[-1]["metadata"]  # no choice yet: the dialogue detects it
    page.get_by_role("button", name="In English").click()
    assert page.get_by_label("Type your message").is_visible()
    _clean(page, "english")
    _say(page, "my sink is leaking")
    sent = site.dialogue.received[-1]
    assert sent["message"] == "my sink is leaking" and sent["metadata"]["language"] == "en"
    assert sent["metadata"]["channel"] == "web"  # the gateway's own metadata is still there
    page.get_by_role("button", name="På dansk").click()
    _say(page, "tak")
    assert site.dialogue.received[-1]["metadata"]["language"] == "da"


def test_a_new_conversation_starts_afresh_and_the_old_one_is_kept(context, site, artifacts):
    page = context.new_page()
    _open(page, site)
    _say(page, "Der drypper fra loftet")
    first_sender = site.dialogue.received[-1]["sender"]
    page.get_by_role("button", name="Ny samtale").click()
    assert page.locator(f"{WIDGET} .msg.me").count() == 0
    assert _bot(page).count() == 1 and "Fortæl kort" in _bot(page).first.inner_text()  # the greeting only
    assert page.locator(f"{WIDGET} textarea").evaluate("el => el.getRootNode().activeElement === el")
    _clean(page, "new conversation")
    page.screenshot(path=str(artifacts / f"widget-new-conversation-{context.width}px.png"))
    _say(page, "Radiatoren er kold")
    assert site.dialogue.received[-1]["sender"] != first_sender  # a new conversation for the dialogue too
    page.reload()
    page.locator(f"{WIDGET} .msg.me").first.wait_for()
    said = [" ".join(t.split()) for t in page.locator(f"{WIDGET} .msg.me").all_inner_texts()]
    assert said == ["Dig: Radiatoren er kold"]  # only the new conversation is drawn again


def test_the_conversation_is_the_same_in_another_tab_of_the_site(context, site, artifacts):
    page = context.new_page()
    _open(page, site)
    _say(page, "Vandhanen i køkkenet drypper")
    other = context.new_page()
    other.goto(f"{site.url}/?association=1")
    other.locator(f"{WIDGET} .msg.me").first.wait_for()  # open, with the conversation drawn from the gateway
    assert "Vandhanen i køkkenet drypper" in other.locator(f"{WIDGET} .msg.me").first.inner_text()
    _clean(other, "second tab")
    other.screenshot(path=str(artifacts / f"widget-second-tab-{context.width}px.png"))

    # A message in one tab appears in the other; a new conversation in one clears the other.
    site.dialogue.reply = "Tak for beskeden."
    _say(other, "Det er kun om natten")
    page.locator(f"{WIDGET} .msg.me", has_text="Det er kun om natten").wait_for(timeout=REPLY_MS)
    other.get_by_role("button", name="Ny samtale").click()
    deadline = time.monotonic() + 10
    while page.locator(f"{WIDGET} .msg.me").count() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert page.locator(f"{WIDGET} .msg.me").count() == 0
    stored = json.loads(page.evaluate("localStorage.getItem('repairchat:1')"))
    assert stored.get("token") is None and stored.get("open") is True


def test_the_whole_placeholder_is_visible(context, site, artifacts):
    page = context.new_page()
    for association, launcher in (("1", "Anmeld en skade"), ("2", "Report a repair")):
        _open(page, site, association, launcher)
        box = page.locator(f"{WIDGET} textarea")
        room, needed = box.evaluate("""el => {
            const s = getComputedStyle(el), c = document.createElement('canvas').getContext('2d');
            c.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
            return [el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),
                    c.measureText(el.placeholder).width];
        }""")
        assert needed <= room, (association, needed, room)
        photo = page.get_by_role("button", name="Tilføj billede" if association == "1" else "Add photo")
        assert photo.is_visible()
        page.screenshot(path=str(artifacts / f"widget-placeholder-{association}-{context.width}px.png"))
