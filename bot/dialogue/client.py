"""HTTP client for the Rasa server's REST channel and tracker API."""

from __future__ import annotations

from dataclasses import dataclass, field

import requests


class DialogueUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer in time."""


@dataclass
class BotMessage:
    text: str = ""
    buttons: list[dict] = field(default_factory=list)  # [{"title": ..., "payload": ...}]
    custom: dict | None = None


class RasaClient:
    def __init__(self, base_url: str, token: str, timeout: float):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = requests.Session()

    def send(self, *, sender: str, text: str, metadata: dict | None = None) -> list[BotMessage]:
        try:
            response = self.http.post(
                f"{self.base_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": metadata or {}},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise DialogueUnavailable(str(exc)) from exc
        if response.status_code != 200:
            raise DialogueUnavailable(f"rasa answered {response.status_code}")
        messages = []
        for item in response.json():
            messages.append(BotMessage(text=item.get("text") or "", buttons=item.get("buttons") or [],
                                       custom=item.get("custom")))
        if not messages:
            # Rasa swallows action-server failures and answers nothing: treat it as down.
            raise DialogueUnavailable("rasa returned no reply")
        return messages

    def tracker(self, sender: str) -> dict:
        response = self.http.get(
            f"{self.base_url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=self.timeout
        )
        response.raise_for_status()
        return response.json()

    def healthy(self) -> bool:
        try:
            return self.http.get(f"{self.base_url}/", timeout=2).status_code == 200
        except requests.RequestException:
            return False
