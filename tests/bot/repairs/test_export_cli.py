"""`python -m bot.cli export-csv`: tickets of a date range as a CSV file."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone

from bot.cli import main
from bot.db import session_scope
from bot.repairs import flows
from bot.tickets.service import TicketInput

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)


def test_export_csv_writes_the_tickets_of_the_range(demo, tmp_path, monkeypatch):
    refs = []
    for days in (10, 5, 1):
        phone = f"+45201234{days:02d}"
        data = TicketInput(category="pests", priority="routine", language="da", channel="sms",
                           problem=f"Mus i køkkenet ({days})", location_in_home="køkken", address="Hovedgaden 12",
                           reporter_name="Anna", contact_phone=phone, conversation_id=phone)
        with session_scope(demo.database_url) as session:
            refs.append(flows.submit_report(session=session, association_ref=None, data=data,
                                            now=NOW - timedelta(days=days)).reference)
    monkeypatch.setenv("REPAIRBOT_INSTANCE_DIR", str(demo.instance_dir))
    monkeypatch.setenv("DATABASE_URL", demo.database_url)
    out = tmp_path / "export.csv"
    assert main(["export-csv", "--since", (NOW - timedelta(days=7)).isoformat(),
                 "--until", NOW.isoformat(), "--output", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["reference"] for r in rows] == refs[1:]
    assert rows[0]["problem"] == "Mus i køkkenet (5)" and rows[0]["address_verified"] == "False"
    assert main(["export-csv", "--since", "last week"]) == 2
