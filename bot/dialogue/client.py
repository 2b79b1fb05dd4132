"""HTTP client for the Rasa server's REST channel and tracker API."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import requests

from bot.settings import Settings


class DialogueUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer in time."""


@dataclass
class BotMessage:
    text: str = ""
    buttons: list[dict] = field(default_factory=list)  # [{"title": ..., "payload": ...}]
    custom: dict | None = None


class RasaClient:
    """One or several Rasa servers sharing one tracker store and lock store.

    Each conversation goes to the server its id hashes to, so its turns normally meet one server's caches; when that
    server refuses the connection (down, restarting) the next one takes the turn: the shared lock store keeps the
    conversation's turns in order whichever server runs them.
    """

    def __init__(self, base_url: str, token: str, timeout: float, *, also: tuple[str, ...] = ()):
        self.base_urls = tuple(dict.fromkeys(u.rstrip("/") for u in (base_url, *also)))
        self.base_url = self.base_urls[0]
        self.token = token
        self.timeout = timeout
        self.http = requests.Session()

    @classmethod
    def for_settings(cls, settings: Settings) -> RasaClient:
        urls = settings.all_rasa_urls
        return cls(urls[0], settings.rasa_token, settings.rasa_timeout_seconds, also=urls[1:])

    def servers_for(self, sender: str) -> list[str]:
        start = zlib.crc32(sender.encode()) % len(self.base_urls)
        return [*self.base_urls[start:], *self.base_urls[:start]]

    def _post_turn(self, sender: str, payload: dict) -> requests.Response:
        servers = self.servers_for(sender)
        for number, url in enumerate(servers):
            try:
                return self.http.post(f"{url}/webhooks/rest/webhook", json=payload, timeout=self.timeout)
            except requests.ConnectionError as exc:
                # Refused: the turn never reached this server, another may take it. A timeout is not retried
                # elsewhere (the turn may be running); the caller queues it and the replay checks the tracker.
                if number == len(servers) - 1:
                    raise DialogueUnavailable(str(exc)) from exc
            except requests.RequestException as exc:
                raise DialogueUnavailable(str(exc)) from exc
        raise DialogueUnavailable("no Rasa server configured")

    def send(self, *, sender: str, text: str, metadata: dict | None = None) -> list[BotMessage]:
        response = self._post_turn(sender, {"sender": sender, "message": text, "metadata": metadata or {}})
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
        servers = self.servers_for(sender)
        for number, url in enumerate(servers):
            try:
                response = self.http.get(f"{url}/conversations/{sender}/tracker", params={"token": self.token},
                                         timeout=self.timeout)
            except requests.RequestException as exc:
                if number == len(servers) - 1 or not isinstance(exc, requests.ConnectionError):
                    # Its message holds the URL, and the URL the token: logs must not.
                    raise type(exc)(str(exc).replace(self.token, "***")) from None
                continue
            response.raise_for_status()
            return response.json()
        raise RuntimeError("no Rasa server configured")

    def healthy(self) -> bool:
        """At least one server answers."""
        for url in self.base_urls:
            try:
                if self.http.get(f"{url}/", timeout=2).status_code == 200:
                    return True
            except requests.RequestException:
                pass
        return False
