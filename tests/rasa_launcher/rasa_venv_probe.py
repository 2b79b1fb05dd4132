"""Run by test_launcher.py with the Rasa venv's Python: patch Rasa, exercise the patched code, print JSON."""

from __future__ import annotations

import asyncio
import json
from unittest import mock

from aiohttp import web
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from rasa_launcher import patches

GOOD = {"events": [{"event": "slot", "name": "language", "value": "da", "timestamp": None}],
        "responses": [{"text": "Hej"}]}
BAD = {"events": [{"event": "slot", "name": 3}], "responses": []}


def errors(action: RemoteAction) -> list[str]:
    found = []
    for result in (GOOD, BAD, {"events": "not a list"}):
        try:
            action._validate_action_result(result)
            found.append("")
        except ValidationError as exc:
            found.append(exc.message)
    return found


async def peer_ports(calls: int) -> list[int]:
    """The client port each request to a local server came from: one kept-alive connection shows one port."""
    ports = []

    async def handler(request):
        ports.append(request.transport.get_extra_info("peername")[1])
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    for _ in range(calls):
        assert await endpoint.request(json={"next_action": "x"}, method="post") == {"ok": True}
    await runner.cleanup()
    return ports


def ticket_race(rounds: int = 5, threads: int = 16) -> dict:
    """Two Rasa servers' lock stores (one Redis) issue tickets for one conversation at the same moment."""
    import threading
    import uuid

    from rasa.core.lock_store import RedisLockStore

    stores = [RedisLockStore(host="127.0.0.1", port=6379, db=11) for _ in range(2)]
    duplicates = lost = 0
    for _ in range(rounds):
        conversation = "race-" + uuid.uuid4().hex
        tickets: list[int] = []
        start = threading.Barrier(threads)

        def issue(number: int, start=start, tickets=tickets, conversation=conversation) -> None:
            start.wait()
            tickets.append(stores[number % 2].issue_ticket(conversation))

        workers = [threading.Thread(target=issue, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        kept = stores[0].get_lock(conversation)
        duplicates += len(tickets) - len(set(tickets))
        lost += threads - len(kept.tickets)
        stores[0].delete_lock(conversation)
    return {"duplicates": duplicates, "lost": lost}


def main() -> None:
    action = RemoteAction("action_triage", None)
    before = {"unchanged": patches.unchanged(), "errors": errors(action), "ports": asyncio.run(peer_ports(3)),
              "race": ticket_race()}
    applied = patches.apply()
    schema_class = validator_for(RemoteAction.action_response_format_spec())
    with mock.patch.object(schema_class, "check_schema", side_effect=AssertionError("schema re-checked")) as check:
        after_errors = errors(action)
        after_errors += errors(action)
    after = {"applied": applied, "errors": after_errors, "schema_checks": check.call_count,
             "ports": asyncio.run(peer_ports(3)), "race": ticket_race()}
    print(json.dumps({"before": before, "after": after}))


if __name__ == "__main__":
    main()
