"""The gateway alone, served over real HTTP from a thread, on a store seeded with a week of reports.

The console's pages need no dialogue, so these browser tests do not start Rasa. The widget talks to a scripted
dialogue on Rasa's REST-channel route instead: it records what the gateway passes on (the widget's language) and
answers with the texts a test sets (numbers, references). What the real dialogue says is tested in tests/e2e.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from werkzeug.serving import make_server

from bot import demo as demo_data
from bot import dispatcher
from bot.db import session_scope
from bot.messages import service as messages
from bot.migrate import upgrade
from bot.repairs import flows
from bot.settings import Settings
from bot.sms.sender import RecordingSender
from bot.staff import demo as staff_demo
from bot.tickets.service import TicketInput

PASSWORD_NAME = staff_demo.PASSWORD_FILE
# (nights ago, hour, category, priority, problem, address)
REPORTS = (
    (0, 23, "water", "emergency", "Vandet fosser ud af et rør under køkkenvasken og ned til underboen",
     "Hovedgaden 12, 2. tv, 2600 Glostrup"),
    (0, 22, "heating", "urgent", "Radiatoren i stuen er kold", "Hovedgaden 12, 1. th, 2600 Glostrup"),
    (1, 21, "drainage", "routine", "Håndvasken på badeværelset løber langsomt ud",
     "Hovedgaden 12, 2. tv, 2600 Glostrup"),
    (2, 20, "damp_mould", "routine", "Sorte pletter af skimmel i soveværelset", "Stationsvej 5, 1. th, 2600 Glostrup"),
    (4, 19, "hot_water", "urgent", "Intet varmt vand i bruseren", "Hovedgaden 12, 1. th, 2600 Glostrup"),
    (6, 23, "doors_windows", "routine", "Vinduet i køkkenet kan ikke lukkes", "Hovedgaden 12, 2. tv, 2600 Glostrup"),
)


@dataclass
class ScriptedDialogue:
    """POST /webhooks/rest/webhook as Rasa's REST channel: records each request, answers with `reply`."""

    reply: str = "Tak. Hvad er der galt?"
    received: list[dict] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> ScriptedDialogue:
        dialogue = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                dialogue.received.append(body)
                out = json.dumps([{"recipient_id": body.get("sender"), "text": dialogue.reply}]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self


@dataclass
class ConsoleSite:
    url: str
    settings: Settings
    password: str
    emergency_reference: str
    emergency_id: int
    server: object
    thread: threading.Thread
    dialogue: ScriptedDialogue

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.dialogue.server.shutdown()


def seed(settings: Settings, now: datetime) -> tuple[str, int]:
    """Demo associations, logins and six reports over the last week; the emergency's page is sent (recorded)."""
    with session_scope(settings.database_url) as db:
        demo_data.load(session=db)
        staff_demo.seed(session=db, instance_dir=settings.instance_dir)
    emergency = None
    for nights_ago, hour, category, priority, problem, address in REPORTS:
        local = (now - timedelta(days=nights_ago)).replace(hour=hour, minute=10, second=0, microsecond=0)
        at = local if local <= now else local - timedelta(days=1)
        conversation = f"web-seed-{nights_ago}-{hour}"
        data = TicketInput(category=category, priority=priority, language="da", channel="web", problem=problem,
                           location_in_home="køkkenet", address=address, reporter_name="Mette Hansen",
                           contact_phone="20 12 34 56", conversation_id=conversation)
        with session_scope(settings.database_url) as db:
            messages.store_inbound(session=db, association_id=1, channel="web", conversation_id=conversation,
                                   phone="", body=problem, provider_sid=None, now=at)
            result = flows.submit_report(session=db, association_ref="Demo Bolig Glostrup", data=data, now=at)
            messages.record_outbound(session=db, association_id=1, channel="web", conversation_id=conversation,
                                     phone="", body=f"Tak. Din sag har nummer {result.reference}. Akut skade: "
                                                    "ring +4543439999.", buttons=[], status="replied", now=at)
        if priority == "emergency":
            emergency = (result.reference, result.ticket_id)
    dispatcher.send_due(settings=settings, sender=RecordingSender(), now=now)
    return emergency


def start(tmp_path: Path, now: datetime | None = None) -> ConsoleSite:
    from webhooks import create_app, deps

    now = now or datetime.now(timezone.utc)
    url = f"sqlite:///{tmp_path / 'console.db'}"
    upgrade(url)
    dialogue = ScriptedDialogue().start()
    settings = Settings.from_env({
        "REPAIRBOT_INSTANCE_DIR": str(tmp_path), "DATABASE_URL": url, "RASA_TOKEN": "browser-test",
        "STAFF_API_TOKEN": "browser-test", "SECRET_KEY": "browser-test-secret", "RASA_URL": dialogue.url,
        "RASA_TIMEOUT_SECONDS": "5", "PUBLIC_BASE_URL": "http://127.0.0.1", "CHAT_RATE_LIMIT": "1000 per minute",
        # Every browser test opens sessions from 127.0.0.1: the per-address limits are the abuse tests' business.
        "CHAT_SESSION_RATE_LIMIT": "1000 per minute", "CHAT_ADDRESS_RATE_LIMIT": "10000 per minute",
    })
    reference, ticket_id = seed(settings, now)
    deps._limiter.cache_clear()  # a fresh in-memory rate-limit store: the address limits count per process
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    password = (tmp_path / PASSWORD_NAME).read_text().strip()
    return ConsoleSite(url=f"http://127.0.0.1:{server.server_port}", settings=settings, password=password,
                       emergency_reference=reference, emergency_id=ticket_id, server=server, thread=thread,
                       dialogue=dialogue)


def login(page, site: ConsoleSite, email: str = "vagt@demobolig.dk") -> None:
    page.goto(f"{site.url}/staff/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(site.password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(lambda u: "/login" not in u)


def emergency(site: ConsoleSite, *, address: str, category: str = "water", now: datetime | None = None) -> tuple:
    """A fresh emergency whose page the dispatcher has sent (recorded: no SMS provider); (reference, id)."""
    now = now or datetime.now(timezone.utc)
    data = TicketInput(category=category, priority="emergency", language="da", channel="sms",
                       problem="Vandet fosser ud fra loftet", location_in_home="badeværelset", address=address,
                       reporter_name="Ole Jensen", contact_phone="+4522334455")
    with session_scope(site.settings.database_url) as db:
        result = flows.submit_report(session=db, association_ref="Demo Bolig Glostrup", data=data, now=now)
    dispatcher.send_due(settings=site.settings, sender=RecordingSender(), now=now)
    return result.reference, result.ticket_id
