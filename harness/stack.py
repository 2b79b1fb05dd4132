"""Start the real processes (Rasa, action server, gateway, dispatcher) on free ports for a test session."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.settings import ROOT

STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def model_path() -> str:
    current = ROOT / "models" / "current"
    if not current.exists():
        raise RuntimeError("no trained model: run `make model` (make test does it first)")
    return current.read_text().strip()


@dataclass
class Stack:
    env: dict
    instance: Path
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    gateway_port: int = field(default_factory=free_port)
    processes: dict = field(default_factory=dict)
    with_dispatcher: bool = True

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def rasa(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def full_env(self) -> dict:
        env = dict(os.environ)
        env.update(self.env)
        env.update({
            "REPAIRBOT_INSTANCE_DIR": str(self.instance),
            "RASA_URL": self.rasa,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", self.gateway),
            "PYTHONPATH": str(ROOT),
            "SANIC_HOST": "127.0.0.1",
        })
        return env

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.instance / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            argv, cwd=ROOT, env=self.full_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start(self) -> Stack:
        env = self.full_env()
        subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot.cli", "init"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        self.start_process("actions")
        self.start_process("rasa")
        self.start_process("gateway")
        if self.with_dispatcher:
            self.start_process("dispatcher")
        self.wait_ready()
        return self

    def start_process(self, name: str) -> None:
        venv, rasa_venv = str(ROOT / ".venv/bin"), str(ROOT / ".venv-rasa/bin")
        commands = {
            "actions": [f"{venv}/python", "-m", "rasa_sdk", "--actions", "actions", "-p", str(self.action_port)],
            # The launcher patches Rasa (one cached validator, keep-alive) and reads the token from the instance.
            "rasa": [f"{rasa_venv}/python", "-m", "rasa_launcher", "run", "--enable-api", "-i", "127.0.0.1",
                     "-p", str(self.rasa_port), "-m", model_path(), "--endpoints", str(self.instance / "endpoints.yml"),
                     "--credentials", str(ROOT / "credentials.yml")],
            "gateway": [f"{venv}/gunicorn", "--workers", "2", "--threads", "4", "--bind",
                        f"127.0.0.1:{self.gateway_port}", "webhooks:create_app()"],
            "dispatcher": [f"{venv}/python", "-m", "bot.cli", "dispatcher"],
        }
        self._spawn(name, commands[name])

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited early:\n{self.log(name)[-3000:]}")
            try:
                if requests.get(f"{self.gateway}/healthz", timeout=2).status_code == 200 and \
                        requests.get(f"http://127.0.0.1:{self.action_port}/health", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("stack did not become healthy in time:\n" + "\n".join(
            f"--- {n}\n{self.log(n)[-1500:]}" for n in self.processes))

    def log(self, name: str) -> str:
        path = self.instance / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop_process(self, name: str, sig: int = signal.SIGTERM) -> None:
        proc = self.processes.pop(name, None)
        if proc and proc.poll() is None:
            os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)

    def rasa_tracker(self, sender: str) -> dict:
        token = self.full_env().get("RASA_TOKEN") or (self.instance / "rasa_token").read_text().strip()
        return requests.get(f"{self.rasa}/conversations/{sender}/tracker", params={"token": token}, timeout=10).json()

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        """Talk to Rasa's own REST channel, as interfaces.md allows outside tools to."""
        response = requests.post(f"{self.rasa}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text, "metadata": metadata or {}}, timeout=60)
        response.raise_for_status()
        return response.json()
