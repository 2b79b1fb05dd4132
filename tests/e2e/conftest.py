"""The real stack, started once per test session: on SQLite (embedded default) and on PostgreSQL."""

from __future__ import annotations

from harness.stack import Stack

TEST_ENV = {
    "RASA_TOKEN": "e2e-rasa-token",
    "STAFF_API_TOKEN": "e2e-staff-token",
    "SECRET_KEY": "e2e-secret",
    "TWILIO_AUTH_TOKEN": "e2e-twilio-token",
    "DISPATCHER_POLL_SECONDS": "0.2",
    "SMS_RATE_LIMIT": "1000 per minute",
    # Every test's chat comes from 127.0.0.1.
    "CHAT_SESSION_RATE_LIMIT": "1000 per minute",
    "CHAT_ADDRESS_RATE_LIMIT": "10000 per minute",
}


def _stack(tmp_path_factory, database_url: str | None, name: str):
    instance = tmp_path_factory.mktemp(name)
    env = dict(TEST_ENV)
    env["DATABASE_URL"] = database_url or f"sqlite:///{instance / 'repairbot.db'}"
    stack = Stack(env=env, instance=instance)
    try:
        stack.start()
    except Exception:
        stack.stop()
        raise
    return stack


# The `stack` and `pg_stack` fixtures live in tests/conftest.py: e2e and browser tests share one of each.
