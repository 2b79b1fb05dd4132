"""The Rasa tracker store (SQL table `events`): delete conversations by sender or by age."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Float, String, column, create_engine, delete, func, inspect, select, table

EVENTS = table("events", column("sender_id", String), column("timestamp", Float), column("type_name", String),
               column("data", String))
# Sender ids per DELETE statement: keeps the IN list within every backend's limits.
BATCH = 500


def _engine(url: str):
    # A plain engine: the tracker store is Rasa's database; we do not change its journal mode or pragmas.
    return create_engine(url, connect_args={"timeout": 10} if url.startswith("sqlite") else {})


def _run(url: str, work) -> tuple[int, int]:
    engine = _engine(url)
    try:
        if not inspect(engine).has_table("events"):
            return 0, 0  # Rasa has not written a conversation yet
        with engine.begin() as conn:
            return work(conn)
    finally:
        engine.dispose()


def _delete_senders(conn, senders: list[str]) -> tuple[int, int]:
    conversations = events = 0
    for start in range(0, len(senders), BATCH):
        chunk = senders[start:start + BATCH]
        present = conn.execute(select(func.count(func.distinct(EVENTS.c.sender_id)))
                               .where(EVENTS.c.sender_id.in_(chunk))).scalar_one()
        conversations += present
        events += conn.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(chunk))).rowcount
    return conversations, events


def delete_conversations(url: str, sender_ids: Iterable[str]) -> tuple[int, int]:
    """Delete every event of these conversations; returns (conversations, events) removed."""
    senders = sorted({s for s in sender_ids if s})
    if not senders:
        return 0, 0
    return _run(url, lambda conn: _delete_senders(conn, senders))


def delete_idle_since(url: str, cutoff: datetime) -> tuple[int, int]:
    """Delete whole conversations whose last event is older than `cutoff` (a live one is never cut in half)."""
    def work(conn):
        idle = list(conn.execute(
            select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < cutoff.timestamp())
        ).scalars())
        return _delete_senders(conn, idle)

    return _run(url, work)


def senders_with_slot_value(url: str, matches, hint: str) -> set[str]:
    """Conversations that set any slot to a value `matches` accepts; `hint` (a few digits) narrows the scan."""
    def work(conn):
        found = set()
        rows = conn.execute(select(EVENTS.c.sender_id, EVENTS.c.data).where(
            EVENTS.c.type_name == "slot", EVENTS.c.data.like(f"%{hint}%")))
        for sender, data in rows:
            try:
                value = json.loads(data or "{}").get("value")
            except ValueError:
                continue
            if isinstance(value, str) and matches(value):
                found.add(sender)
        return found, 0

    engine = _engine(url)
    try:
        if not inspect(engine).has_table("events"):
            return set()
        with engine.connect() as conn:
            return work(conn)[0]
    finally:
        engine.dispose()
