"""A relay between Rasa and the action server that counts the calls Rasa makes: what each tenant turn costs in
remote action calls (every call ships the tracker, and the domain unless the endpoint is selective).

Keep-alive on both sides, so Rasa's connection handling (rasa_launcher keeps connections alive) is what it would be
without the relay; it runs threads in the calling process, whose CPU the benchmarks do not count.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness.stack import free_port

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class ActionCallRelay:
    """Listens on `port`, forwards every request to the action server on `target_port`, records each POST's
    `next_action` in `calls` (in order) and the size of its body in `sizes`."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.calls: list[str] = []
        self.sizes: list[int] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    def since(self, mark: int) -> list[str]:
        with self._lock:
            return list(self.calls[mark:])

    def bytes_since(self, mark: int) -> int:
        with self._lock:
            return sum(self.sizes[mark:])

    def counts(self) -> Counter:
        with self._lock:
            return Counter(self.calls)

    def start(self) -> ActionCallRelay:
        relay = self
        upstream = threading.local()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "POST":
                    try:
                        name = json.loads(body or b"{}").get("next_action") or "?"
                    except ValueError:
                        name = "?"
                    with relay._lock:
                        relay.calls.append(name)
                        relay.sizes.append(len(body))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                for attempt in (1, 2):
                    connection = getattr(upstream, "connection", None)
                    if connection is None:
                        connection = upstream.connection = http.client.HTTPConnection("127.0.0.1", relay.target_port,
                                                                                      timeout=60)
                    try:
                        connection.request(self.command, self.path, body=body or None, headers=headers)
                        response = connection.getresponse()
                        data = response.read()
                        break
                    except (OSError, http.client.HTTPException):
                        connection.close()
                        upstream.connection = None
                        if attempt == 2:
                            self.send_error(502)
                            return
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in HOP_HEADERS:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _forward

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
