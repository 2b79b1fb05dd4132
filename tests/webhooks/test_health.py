"""/healthz tells the truth about each process: 503 naming what is down while any kind tenants need is down."""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.db import session_scope, utcnow
from bot.health import service as heartbeats
from harness.stack import free_port
from tests.conftest import make_settings


class Ok(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802  - Rasa answers "/", the action server "/health"
        self.send_response(200 if self.path in ("/", "/health") else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def servers():
    started = []

    def serve() -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in started:
        server.shutdown()
        server.server_close()


def health(tmp_path, sqlite_url, **env):
    from webhooks import create_app

    app = create_app(make_settings(tmp_path, sqlite_url, **env))
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()


def beat(url, age_seconds: float, process: str = "dispatcher:test:1"):
    with session_scope(url) as session:
        heartbeats.beat(session=session, kind="dispatcher", now=utcnow() - timedelta(seconds=age_seconds),
                        process=process)


def test_all_up_is_200(tmp_path, sqlite_url, servers):
    beat(sqlite_url, 1)
    status, body = health(tmp_path, sqlite_url, rasa_url=servers(), action_server_url=servers() + "/webhook")
    assert status == 200, body
    assert body["checks"] == {"gateway": True, "store": True, "rasa": True, "action_server": True,
                              "dispatcher": True}


def test_each_process_down_is_named_and_answers_503(tmp_path, sqlite_url, servers):
    dead = f"http://127.0.0.1:{free_port()}"
    beat(sqlite_url, 1)
    status, body = health(tmp_path, sqlite_url, rasa_url=dead, action_server_url=servers() + "/webhook")
    assert status == 503 and body["down"] == ["rasa"]
    status, body = health(tmp_path, sqlite_url, rasa_url=servers(), action_server_url=dead + "/webhook")
    assert status == 503 and body["down"] == ["action_server"]


def test_a_dispatcher_that_has_not_polled_for_30_s_is_down(tmp_path, sqlite_url, servers):
    urls = {"rasa_url": servers(), "action_server_url": servers() + "/webhook"}
    status, body = health(tmp_path, sqlite_url, **urls)
    assert status == 503 and body["down"] == ["dispatcher"]  # never beat
    beat(sqlite_url, 31)
    status, body = health(tmp_path, sqlite_url, **urls)
    assert status == 503 and body["down"] == ["dispatcher"]
    beat(sqlite_url, 2, process="dispatcher:test:2")  # a second dispatcher is alive: the service sends
    assert health(tmp_path, sqlite_url, **urls)[0] == 200


def test_a_store_that_is_gone_is_down(tmp_path, servers):
    status, body = health(tmp_path, f"sqlite:///{tmp_path / 'no-such-dir' / 'store.db'}", rasa_url=servers(),
                          action_server_url=servers() + "/webhook")
    assert status == 503 and {"store", "dispatcher"} <= set(body["down"])


def test_scaled_mode_serves_while_one_instance_of_a_kind_is_up_and_lists_each(tmp_path, sqlite_url, servers):
    dead = f"http://127.0.0.1:{free_port()}"
    beat(sqlite_url, 1)
    status, body = health(tmp_path, sqlite_url, rasa_urls=f"{servers()},{dead}",
                          action_server_urls=f"{dead}/webhook,{servers()}/webhook")
    assert status == 200, body
    assert body["instances"][f"rasa {dead}"] is False and body["instances"][f"actions {dead}/webhook"] is False
