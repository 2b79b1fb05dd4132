"""`make run` under supervision: SIGKILL each process in turn; the supervisor brings it back, the others keep
serving, /healthz is 200 again within 90 s, no inbound SMS is lost and the page goes out once; Ctrl-C stops all."""

from __future__ import annotations

import os
import re
import signal
import time
import uuid
from xml.etree import ElementTree

import psutil
import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.messages.models import Message
from harness.served import STARTUP_SECONDS, Served, stop
from harness.twilio_stub import TwilioStub

pytestmark = pytest.mark.e2e
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")
GLOSTRUP, LARS = "+4589880000", "+4520000001"
RECOVERY_SECONDS = 90
EVERY_PROCESS = {"rasa", "actions", "gateway master", "gateway worker", "dispatcher"}


def said(response) -> str:
    assert response.status_code == 200, response.text
    return "\n".join((m.text or "") for m in ElementTree.fromstring(response.text).iter("Message"))


@pytest.fixture(scope="module")
def twilio():
    stub = TwilioStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def served(twilio):
    served = Served(twilio)
    try:
        served.wait_healthy(STARTUP_SECONDS)
        yield served
    finally:
        stop(served)


def kill(served: Served, name: str) -> dict[str, int]:
    """SIGKILL one process; returns the pids of the others, which must survive it."""
    processes = served.wait_for_all(EVERY_PROCESS)
    victim = processes.pop(name)
    others = {n: p.pid for n, p in processes.items()
              if not (name == "gateway master" and n == "gateway worker")}
    victim.send_signal(signal.SIGKILL)
    others[f"killed {name}"] = victim.pid
    served.killed_at = time.monotonic()
    return others


def recovered(served: Served, name: str, others: dict[str, int], recovery: dict) -> None:
    """A new process in the victim's place, and /healthz 200; the time from the kill is the recovery time."""
    victim = others.pop(f"killed {name}")
    deadline = served.killed_at + RECOVERY_SECONDS
    while (now := served.processes()).get(name) is None or now[name].pid == victim:
        assert time.monotonic() < deadline, f"{name} was not restarted"
        time.sleep(0.2)
    served.wait_healthy(deadline - time.monotonic())
    recovery[name] = time.monotonic() - served.killed_at
    now = served.wait_for_all(EVERY_PROCESS)
    for other, pid in others.items():
        assert now[other].pid == pid, f"{other} was restarted when {name} died"


def test_each_process_killed_comes_back_and_nothing_is_lost(served, twilio):
    recovery: dict[str, float] = {}
    rasa = served.processes()["rasa"]
    assert served.env["RASA_TOKEN"] not in " ".join(rasa.cmdline())

    # Rasa dies mid-conversation: the tenant is told at once, the message is replayed when Rasa is back.
    anna = "+4530" + str(uuid.uuid4().int)[:6]
    assert "adresse" in said(served.sms(anna, "vandhanen i køkkenet drypper")).lower()
    others = kill(served, "rasa")
    saved = said(served.sms(anna, "Hovedgaden 12, 2. tv, 2600 Glostrup"))
    assert "112" in saved
    recovered(served, "rasa", others, recovery)
    followup = twilio.wait_for(lambda: twilio.to(anna), timeout=60)
    assert len(followup) == 1 and "navn" in followup[0].lower()

    # An emergency's page is queued when the dispatcher dies: it goes out once, from the restarted dispatcher.
    mette = "+4530" + str(uuid.uuid4().int)[:6]
    replies = [said(served.sms(mette, body)) for body in
               ("det lugter af gas i opgangen", "Søndervangen 10, 1. th, 2600 Glostrup")]
    others = kill(served, "dispatcher")
    replies.append(said(served.sms(mette, "Mette Hansen")))
    for answer in ("ja", "nej", "nej"):
        if REFERENCE.search(replies[-1]):
            break
        replies.append(said(served.sms(mette, answer)))
    reference = REFERENCE.search(replies[-1]).group(1)
    recovered(served, "dispatcher", others, recovery)
    assert twilio.wait_for(lambda: [b for b in twilio.to(LARS) if reference in b], timeout=60)

    # The action server dies mid-conversation: same as Rasa.
    jens = "+4530" + str(uuid.uuid4().int)[:6]
    assert said(served.sms(jens, "vasken i badeværelset er stoppet"))
    others = kill(served, "actions")
    said(served.sms(jens, "Hovedgaden 14, 1. th, 2600 Glostrup"))
    recovered(served, "actions", others, recovery)

    # A gateway worker, then the gateway's master: the gateway comes back and answers.
    for name in ("gateway worker", "gateway master"):
        others = kill(served, name)
        recovered(served, name, others, recovery)
        assert said(served.sms("+4530" + str(uuid.uuid4().int)[:6], "hej"))

    # Every stored inbound SMS is answered or replayed; the page went out exactly once.
    deadline = time.monotonic() + 90
    while True:
        with session_scope(served.database_url) as session:
            pending = session.scalars(select(Message).where(Message.direction == "in",
                                                            Message.status != "done")).all()
            left = [(m.phone, m.body, m.status) for m in pending]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert left == []
    # The page went out exactly once (the one follow-up with the address and name is not a second page).
    pages = [b for b in twilio.to(LARS) if reference in b and not b.startswith(("OPDATERING", "UPDATE"))]
    assert len(pages) == 1
    print("recovery seconds:", {k: round(v, 1) for k, v in recovery.items()})
    (served.instance / "recovery.txt").write_text(repr(recovery))


def test_ctrl_c_stops_everything_cleanly(served):
    processes = [served.supervisord(), *served.processes().values()]
    os.killpg(served.make.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    served.make.wait(timeout=60)
    gone, alive = psutil.wait_procs(processes, timeout=30)
    assert alive == []
    assert "stopped: rasa-0" in served.output() or "stopped: rasa" in served.output()
