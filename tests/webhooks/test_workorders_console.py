"""The console's work order section: staff approve a waiting order (with another job code); completion times."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import clock
from bot.associations.models import Association
from bot.db import session_scope
from bot.repairs import flows as ticket_flows
from bot.staff import auth
from bot.tickets.service import TicketInput
from bot.workorders import flows, notifier
from bot.workorders.models import WorkOrder, WorkOrderEvent
from tests.webhooks.test_staff import PASSWORD, _csrf, _login


def _ticket(settings, problem="Vandhanen i køkkenet drypper", phone="+4520123456"):
    data = TicketInput(category="water", priority="routine", language="da", channel="sms", problem=problem,
                       location_in_home="køkken", address="Hovedgaden 12, 2. tv, 2600 Glostrup",
                       reporter_name="Anna Jensen", contact_phone=phone, conversation_id=phone)
    with session_scope(settings.database_url) as session:
        return ticket_flows.submit_report(session=session, association_ref="Demo Bolig Glostrup", data=data)


def test_staff_approve_a_waiting_order_with_another_job_code(client, demo):
    with session_scope(demo.database_url) as db:
        db.scalars(select(Association).where(Association.name == "Demo Bolig Glostrup")).one().policy_overrides = {}
        auth.create_user(session=db, email="dk@example.org", password=PASSWORD, role="staff", association_id=1)
    result = _ticket(demo)
    _login(client, "dk@example.org")
    page = client.get("/staff/workorders/").get_data(as_text=True)
    assert result.reference in page and "pending approval" in page
    with session_scope(demo.database_url) as db:
        order = db.scalars(select(WorkOrder).where(WorkOrder.ticket_id == result.ticket_id)).one()
    token = _csrf(client, "/staff/workorders/", f"o{order.id}-csrf_token")
    response = client.post(f"/staff/workorders/{order.id}", data={
        f"o{order.id}-csrf_token": token, f"o{order.id}-job_code": "VVS-102",
        f"o{order.id}-contractor": str(order.contractor_id), f"o{order.id}-approve": "Send to contractor"})
    assert response.status_code == 303
    with session_scope(demo.database_url) as db:
        order = db.get(WorkOrder, order.id)
        actors = {e.kind: e.actor for e in db.scalars(select(WorkOrderEvent).where(
            WorkOrderEvent.work_order_id == order.id))}
        assert (order.status, order.job_code) == ("dispatched", "VVS-102")
        assert actors["dispatched"] == actors["job_code"] == "dk@example.org"
    # Without the CSRF token nothing changes.
    assert client.post(f"/staff/workorders/{order.id}", data={f"o{order.id}-approve": "x"}).status_code == 400


def test_the_dashboard_shows_completion_days_per_priority_and_contractor(client, demo):
    with session_scope(demo.database_url) as db:
        auth.create_user(session=db, email="group@example.org", password=PASSWORD, role="admin", association_id=None)
    result = _ticket(demo)
    notifier.notify_due(settings=demo)
    now = clock.now()
    with session_scope(demo.database_url) as db:
        order = db.scalars(select(WorkOrder).where(WorkOrder.ticket_id == result.ticket_id)).one()
        for step, extra in (("accept", {}), ("book", {"start": now + timedelta(hours=1),
                                                      "end": now + timedelta(hours=3)}), ("complete", {})):
            flows.contractor_step(session=db, settings=demo, order=order, step=step, now=now, **extra)
    _login(client, "group@example.org")
    page = client.get("/staff/workorders/dashboard").get_data(as_text=True)
    assert 'data-kind="priority"' in page and ">routine<" in page
    assert ">VVS Jensen ApS<" in page and "1 (100%)" in page
    assert client.get("/staff/workorders/dashboard").status_code == 200
