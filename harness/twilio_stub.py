"""A local HTTP server playing Twilio's Messages REST API (create and list), programmable to fail."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "stub-twilio-auth-token"


class TwilioStub:
    """Twilio as the SDK sees it. `fail_next("429", "500", "hang", "hang_before", "reset")` scripts the next creates.

    hang: the message IS created, then the answer is delayed past the client's timeout (the ambiguous case);
    hang_before: delayed and NOT created; reset: the connection is closed without an answer, nothing created.
    """

    def __init__(self, hang_seconds: float = 3.0):
        self.hang_seconds = hang_seconds
        self.messages: list[dict] = []
        self.received_at: dict[str, float] = {}  # sid -> time.monotonic() when the create call arrived
        self.create_calls = 0
        self.create_attempts: list[str] = []  # the To of every create call, answered or not
        self.list_calls = 0
        self.faults: list[str] = []
        self.list_faults: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> TwilioStub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, *faults: str) -> None:
        with self.lock:
            self.faults.extend(faults)

    def reset(self) -> None:
        with self.lock:
            self.messages.clear()
            self.received_at.clear()
            self.faults.clear()
            self.list_faults.clear()
            self.create_calls = self.list_calls = 0
            self.create_attempts.clear()

    def to(self, phone: str) -> list[str]:
        """Bodies of the messages created for this recipient, in order."""
        with self.lock:
            return [m["body"] for m in self.messages if m["to"] == phone]

    def wait_for(self, predicate, timeout: float = 20.0, interval: float = 0.1):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        return predicate()

    def _create(self, form: dict) -> dict:
        arrived = time.monotonic()
        now = datetime.now(timezone.utc)
        message = {
            "sid": "SM" + uuid.uuid4().hex, "account_sid": ACCOUNT_SID, "to": form.get("To", ""),
            "from": form.get("From", ""), "body": form.get("Body", ""), "status": "queued",
            "status_callback": form.get("StatusCallback"), "direction": "outbound-api", "num_segments": "1",
            "date_created": format_datetime(now, usegmt=True), "date_updated": format_datetime(now, usegmt=True),
            "date_sent": None, "error_code": None, "error_message": None, "price": None, "api_version": "2010-04-01",
            "num_media": "0", "messaging_service_sid": None, "subresource_uris": {},
        }
        message["uri"] = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message['sid']}.json"
        with self.lock:
            self.messages.append(message)
            self.received_at[message["sid"]] = arrived
        return message

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _json(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout fault): that is the point

            def _error(self, status: int) -> None:
                code = 20429 if status == 429 else 20500
                self._json(status, {"code": code, "message": f"stub error {status}", "status": status,
                                    "more_info": "https://www.twilio.com/docs/errors"})

            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if not urlparse(self.path).path.endswith("/Messages.json"):
                    return self._error(404)
                with stub.lock:
                    stub.create_calls += 1
                    stub.create_attempts.append(form.get("To", ""))
                    fault = stub.faults.pop(0) if stub.faults else None
                if fault in ("429", "500", "503"):
                    return self._error(int(fault))
                if fault == "reset":
                    self.close_connection = True
                    self.connection.close()
                    return None
                if fault == "hang_before":
                    time.sleep(stub.hang_seconds)
                    return self._error(500)
                message = stub._create(form)
                if fault == "hang":
                    time.sleep(stub.hang_seconds)
                return self._json(201, message)

            def do_GET(self):  # noqa: N802
                url = urlparse(self.path)
                if not url.path.endswith("/Messages.json"):
                    return self._error(404)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                with stub.lock:
                    stub.list_calls += 1
                    fault = stub.list_faults.pop(0) if stub.list_faults else None
                    found = [m for m in stub.messages
                             if m["to"] == query.get("To", m["to"]) and m["from"] == query.get("From", m["from"])]
                if fault:
                    return self._error(int(fault))
                size = int(query.get("PageSize", 50))
                newest_first = list(reversed(found))[:size]
                return self._json(200, {"messages": newest_first, "next_page_uri": None, "page": 0,
                                        "page_size": size, "uri": url.path, "first_page_uri": url.path,
                                        "previous_page_uri": None, "start": 0, "end": len(newest_first)})

        return Handler
