"""Open311 GeoReport v2: services, requests; nothing personal without the staff token."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.triage.categories import CATEGORIES
from tests.webhooks.test_api import AUTH, _report

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)
PERSONAL = ("Anna", "+4520", "+4479", "Hovedgaden", "Ashridge", "Skabsl", "Radiator", "9PT", "GL-00")


@pytest.fixture
def tickets(demo, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", NOW.isoformat())
    return [
        _report(demo, at=NOW - timedelta(days=3), problem="Skabslåge hænger"),
        _report(demo, at=NOW - timedelta(days=1), phone="+4520999999", priority="urgent", category="heating",
                problem="Radiator kold", address="Hovedgaden 10, st. th"),
        _report(demo, at=NOW, phone="+447911123456", association="Demo Homes Bracknell", category="heating",
                problem="No heating", address="Flat 6, Ashridge Court"),
        _report(demo, at=NOW - timedelta(days=200), problem="Gammel sag om en dør"),
    ]


def test_services_are_the_repair_categories(client):
    services = client.get("/open311/v2/services.json").get_json()
    assert [s["service_code"] for s in services] == list(CATEGORIES)
    assert all(s["type"] == "realtime" and s["metadata"] is False and s["service_name"] for s in services)


def test_public_requests_show_category_status_and_dates_but_nothing_personal(client, tickets):
    response = client.get("/open311/v2/requests.json")
    assert response.status_code == 200
    body = response.get_json()
    # Without dates GeoReport v2 gives the last 90 days: the 200-day-old ticket is not listed.
    assert [r["service_request_id"] for r in body] == [t.reference for t in reversed(tickets[:3])]
    assert {r["status"] for r in body} == {"open"}
    text = response.get_data(as_text=True)
    assert not any(p in text for p in PERSONAL), text
    uk = body[0]
    assert uk["service_code"] == "heating" and uk["zipcode"] == "RG12" and uk["agency_responsible"] == \
        "Demo Homes Bracknell"
    assert "description" not in uk and "address" not in uk


def test_a_council_system_with_the_token_gets_description_address_and_unit(client, tickets):
    body = client.get(f"/open311/v2/requests/{tickets[2].reference}.json", headers=AUTH).get_json()
    assert len(body) == 1
    item = body[0]
    assert item["description"] == "No heating" and item["address_id"] == "BR-006"
    assert item["address"].startswith("Flat 6, Ashridge Court") and item["zipcode"] == "RG12 9PT"
    assert "Anna" not in str(item) and "+447911123456" not in str(item)


def test_request_filters_and_errors(client, tickets):
    def ids(**args):
        response = client.get("/open311/v2/requests.json", query_string=args)
        assert response.status_code == 200, response.data
        return [r["service_request_id"] for r in response.get_json()]

    assert ids(service_code="heating") == [tickets[2].reference, tickets[1].reference]
    assert ids(jurisdiction_id="Demo Bolig Glostrup", service_code="heating") == [tickets[1].reference]
    assert ids(start_date=(NOW - timedelta(days=365)).isoformat(), end_date=(NOW - timedelta(days=100)).isoformat()) \
        == [tickets[3].reference]
    assert ids(service_request_id=f"{tickets[0].reference},{tickets[3].reference}") == \
        [tickets[0].reference, tickets[3].reference]
    assert ids(status="closed") == []
    bad = client.get("/open311/v2/requests.json?service_code=teleport")
    assert bad.status_code == 400 and bad.get_json()[0]["code"] == 400
    assert client.get("/open311/v2/requests/123-4567.json").status_code == 404
