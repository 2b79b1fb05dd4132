"""Playwright driving Debian's chromium against the real stack; screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.settings import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE = Path(__file__).with_name("axe.min.js")  # axe-core 4.14.1 from the npm registry (MPL-2.0)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium is not installed (scripts/ensure-chromium.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def metrics():
    """Figures measured in the browser, written to test-artifacts/browser/metrics.json at the end."""
    figures: dict = {}
    yield figures
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "metrics.json").write_text(json.dumps(figures, indent=2) + "\n")


def serious_violations(page) -> list[dict]:
    """Run axe-core on the page (shadow DOM included); returns serious and critical violations."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def photo_with_location() -> bytes:
    """A small JPEG carrying EXIF GPS coordinates, as a phone camera would write it."""
    from PIL import Image

    image = Image.new("RGB", (640, 480), (40, 90, 160))
    for x in range(100, 540):
        for y in range(200, 260):
            image.putpixel((x, y), (220, 220, 230))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (55.0, 40.0, 12.0), "E", (12.0, 23.0, 45.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def staff_login(page, stack, email: str, tickets: str = "Tickets") -> None:
    """Log in to the console of a started stack as one of the demo staff (their password is under instance/).

    `tickets` is the ticket list's heading in the console's language for this user ("Sager" in Danish).
    """
    password = (stack.instance / "demo_staff_password").read_text().strip()
    page.goto(f"{stack.gateway}/staff/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[type=submit]").click()
    page.get_by_role("heading", name=tickets, exact=True).wait_for()


WIDGET = "#repair-chat"


def send_and_wait(page, text: str | None = None, click: str | None = None,
                  timeout_ms: int = 60_000) -> tuple[str, float]:
    """Type (or tap a quick reply) in the widget and wait for the dialogue's answer; its text and the wait.

    The first reply may wait for the models to warm up, hence the long default."""
    import time

    bot = page.locator(f"{WIDGET} .msg.bot")
    before = bot.count()
    started = time.monotonic()
    if click is not None:
        page.locator(f"{WIDGET} .quick button", has_text=click).first.click()
    else:
        box = page.locator(f"{WIDGET} textarea")
        box.fill(text)
        box.press("Enter")
    bot.nth(before).wait_for(timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('#repair-chat').shadowRoot"
                           ".querySelector('.typing').textContent", timeout=timeout_ms)
    elapsed = time.monotonic() - started
    return "\n".join(bot.all_inner_texts()[before:]), elapsed
