"""Routes outside the OpenAPI document (console, widget) answer absurd ids and parameters with a 4xx, not a 500."""

from __future__ import annotations

import pytest

from tests.webhooks.test_staff import _csrf, _login, users  # noqa: F401 (fixture)

HUGE = "9" * 30  # beyond any integer column: used to reach the database as an overflow


@pytest.fixture
def staff_client(app, users):  # noqa: F811
    app.config["TESTING"] = False  # an exception must come back as the 500 a browser would get
    client = app.test_client()
    _login(client, "group@example.org")
    return client


def test_huge_ids_in_paths_and_forms_are_not_found(staff_client):
    for path in (f"/staff/tickets/{HUGE}", f"/staff/photos/{HUGE}", f"/chat/photo/{HUGE}", f"/chat/photo/{HUGE}/s"):
        assert staff_client.get(path).status_code == 404, path
    token = _csrf(staff_client, "/staff/")
    for path in (f"/staff/tickets/{HUGE}/status", f"/staff/tickets/{HUGE}/reopen", f"/staff/rota/{HUGE}/delete"):
        assert staff_client.post(path, data={"csrf_token": token}).status_code == 404, path
    token = _csrf(staff_client, "/staff/rota", "new-csrf_token")
    assert staff_client.post("/staff/rota", data={"shift_id": HUGE, "new-csrf_token": token}).status_code == 404


def test_nonsense_filters_and_association_references_get_no_server_error(staff_client):
    for query in (f"estate={HUGE}", "estate=²", "date=zz&since=x&priority=zz", "category=%00"):
        assert staff_client.get(f"/staff/?{query}").status_code == 200, query
    for path in ("/widget.js?association=%C2%B2", f"/chat/config?association={HUGE}",
                 f"/open311/v2/requests.json?jurisdiction_id={HUGE}", "/open311/v2/requests.json?jurisdiction_id=²"):
        assert staff_client.get(path).status_code < 500, path
