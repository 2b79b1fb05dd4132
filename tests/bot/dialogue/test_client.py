"""Several Rasa servers: each conversation sticks to one, spread over all; a refused connection fails over."""

from __future__ import annotations

import pytest

from bot.dialogue.client import DialogueUnavailable, RasaClient
from harness.stack import free_port
from tests.webhooks.test_sms import RasaStandIn


@pytest.fixture
def servers():
    started = [RasaStandIn(), RasaStandIn()]
    yield started
    for server in started:
        server.server.shutdown()
        server.server.server_close()


def test_conversations_are_spread_over_the_servers_and_each_sticks_to_one(servers):
    client = RasaClient(servers[0].url, "t", 2.0, also=(servers[1].url,))
    senders = [f"+45301234{n:02d}" for n in range(40)]
    for sender in senders:
        client.send(sender=sender, text="hej")
        client.send(sender=sender, text="igen")
    got = [{p["sender"] for p in server.received} for server in servers]
    assert got[0] and got[1] and not got[0] & got[1]  # both used, no conversation on both
    assert len(got[0]) + len(got[1]) == len(senders)
    assert all(len(server.received) == 2 * len(seen) for server, seen in zip(servers, got, strict=True))


def test_a_server_that_refuses_connections_hands_its_conversations_to_the_next(servers):
    dead = f"http://127.0.0.1:{free_port()}"
    client = RasaClient(dead, "t", 2.0, also=(servers[0].url,))
    for n in range(10):
        assert client.send(sender=f"+453012340{n}", text="hej")[0].text == "echo hej"
    assert len(servers[0].received) == 10
    assert client.tracker("+4530123400")["sender_id"] == "+4530123400"
    with pytest.raises(DialogueUnavailable):
        RasaClient(dead, "t", 2.0).send(sender="+4530123400", text="hej")


def test_a_tracker_error_does_not_carry_the_token_into_the_logs():
    import requests

    token = "secret-rasa-token-123"
    with pytest.raises(requests.ConnectionError) as failed:
        RasaClient(f"http://127.0.0.1:{free_port()}", token, 2.0).tracker("+4530123400")
    assert token not in str(failed.value) and "***" in str(failed.value)
