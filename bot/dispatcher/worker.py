"""The dispatcher process (`python -m bot.cli dispatcher`): runs its parts in two loops and beats for /healthz.

Sending and escalation share one loop (an emergency page never waits behind a slow dialogue); inbound replay has
its own thread.
"""

from __future__ import annotations

import logging
import threading
import time

from bot.db import session_scope, utcnow
from bot.dialogue.client import RasaClient
from bot.dispatcher.escalation import escalate_due
from bot.dispatcher.outbound import send_due
from bot.dispatcher.replay import replay_due
from bot.health import service as health
from bot.settings import Settings
from bot.sms.sender import SmsSender

log = logging.getLogger(__name__)


def run_forever(settings: Settings, sender: SmsSender) -> None:  # pragma: no cover - exercised by the e2e tests
    """Two loops: sending and escalation never wait behind a slow dialogue replay."""
    log.info("alert dispatcher started")
    rasa = RasaClient.for_settings(settings)

    def replay_loop():
        while True:
            try:
                replay_due(settings=settings, rasa=rasa)
            except Exception:
                log.exception("replay pass failed; retrying")
            time.sleep(settings.dispatcher_poll_seconds)

    threading.Thread(target=replay_loop, name="replay", daemon=True).start()
    beat_due = 0.0
    while True:
        try:
            escalate_due(settings=settings)
            send_due(settings=settings, sender=sender)
            beat_due = heartbeat(settings, beat_due)
        except Exception:
            log.exception("dispatcher pass failed; retrying")
        time.sleep(settings.dispatcher_poll_seconds)


HEARTBEAT_EVERY_SECONDS = 5.0


def heartbeat(settings: Settings, due: float) -> float:
    """After a pass that completed, record it for /healthz at most every few seconds; returns when the next is due."""
    if time.monotonic() < due:
        return due
    with session_scope(settings.database_url) as session:
        # The real wall clock, not REPAIRBOT_NOW: a frozen clock would make a dead dispatcher look alive.
        health.beat(session=session, kind="dispatcher", now=utcnow())
    return time.monotonic() + HEARTBEAT_EVERY_SECONDS
