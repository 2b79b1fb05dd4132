"""`make run` (or `make run-scaled`) started as a user would, on free ports, for the supervision tests and the
storm benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import requests

from bot.settings import ROOT
from harness.signing import twilio_signature
from harness.stack import free_port
from harness.twilio_stub import ACCOUNT_SID, TwilioStub

# make run trains nothing when the model is cached, but starts every process under supervisord.
STARTUP_SECONDS = 300
GLOSTRUP = "+4589880000"


class Served:
    """`make run` started as a user would (its own process group, as a terminal gives it), on free ports."""

    def __init__(self, twilio: TwilioStub, target: str = "run", **env: str):
        self.instance = Path(tempfile.mkdtemp(prefix="repairbot-supervised-"))
        self.gateway_port = free_port()
        # Instance n listens on port + n: leave room for a second instance.
        self.rasa_port, self.action_port = free_port_pair(), free_port_pair()
        self.env = dict(os.environ, REPAIRBOT_INSTANCE_DIR=str(self.instance), RASA_PORT=str(self.rasa_port),
                        ACTION_PORT=str(self.action_port), GATEWAY_PORT=str(self.gateway_port),
                        GATEWAY_BIND=f"127.0.0.1:{self.gateway_port}", RASA_TOKEN="supervised-" + uuid.uuid4().hex,
                        TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN="supervised-twilio",
                        TWILIO_API_BASE=twilio.base_url, SMS_RATE_LIMIT="1000 per minute", REPLAY_AFTER_SECONDS="2")
        for name in ("DATABASE_URL", "REDIS_URL", "SCALE", "RASA_URL", "RASA_URLS", "ACTION_SERVER_URL",
                     "ACTION_SERVER_URLS", "PUBLIC_BASE_URL"):
            self.env.pop(name, None)
        self.env.update(env)
        self.log = open(self.instance / "make-run.log", "wb")
        self.make = subprocess.Popen(["make", "-s", target], cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.database_url = self.env.get("DATABASE_URL") or f"sqlite:///{self.instance / 'repairbot.db'}"

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def output(self) -> str:
        return (self.instance / "make-run.log").read_text(errors="replace")

    def health(self) -> tuple[int, dict]:
        try:
            response = requests.get(f"{self.gateway}/healthz", timeout=5)
            return response.status_code, response.json()
        except (requests.RequestException, ValueError):
            return 0, {}

    def wait_healthy(self, timeout: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            assert self.make.poll() is None, self.output()[-4000:]
            if self.health()[0] == 200:
                return time.monotonic() - started
            time.sleep(0.5)
        raise AssertionError(f"/healthz not 200 within {timeout} s: {self.health()}\n{self.output()[-4000:]}")

    def supervisord(self) -> psutil.Process:
        return psutil.Process(int((self.instance / "supervisord.pid").read_text()))

    def processes(self) -> dict[str, psutil.Process]:
        found = {}
        for child in self.supervisord().children():
            try:
                line = " ".join(child.cmdline())
            except psutil.Error:  # just killed, not reaped yet (a zombie), or gone
                continue
            name = ("rasa" if "rasa_launcher" in line else "actions" if "rasa_sdk" in line else
                    "gateway master" if "gunicorn" in line else "dispatcher" if "dispatcher" in line else line)
            found[name] = child
            workers = [w for w in child.children() if _alive(w)] if name == "gateway master" else []
            if workers:
                found["gateway worker"] = workers[0]
        return found

    def wait_for_all(self, names: set[str], timeout: float = 30) -> dict[str, psutil.Process]:
        deadline = time.monotonic() + timeout
        while not names <= set(found := self.processes()) and time.monotonic() < deadline:
            time.sleep(0.5)
        return found

    def sms(self, sender: str, body: str) -> requests.Response:
        params = {"From": sender, "To": GLOSTRUP, "Body": body, "MessageSid": "SM" + uuid.uuid4().hex,
                  "AccountSid": ACCOUNT_SID}
        url = f"{self.gateway}/sms/inbound"
        headers = {"X-Twilio-Signature": twilio_signature(self.env["TWILIO_AUTH_TOKEN"], url, params)}
        return requests.post(url, data=params, headers=headers, timeout=30)


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def free_port_pair() -> int:
    """A free port whose successor is free too."""
    while True:
        port = free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue


def stop(served: Served) -> None:
    """Kill what is left of a served system (after a failure): make's group, then supervisord's children."""
    if served.make.poll() is None:
        try:
            children = served.supervisord().children(recursive=True)
        except (OSError, ValueError, psutil.NoSuchProcess):
            children = []
        os.killpg(served.make.pid, signal.SIGKILL)
        for child in children:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
