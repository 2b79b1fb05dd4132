"""The paging rules as plain functions: when a page is due, when a link covers a report, when escalation stops."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.alerts import rules
from bot.alerts.rules import Cover, PageView

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)


def due(**changes) -> str:
    values = dict(priority="emergency", channel="sms", sender_phone="+4531234567", contact_phone=None, address=None,
                  paged_reference=None, report_done=False)
    values.update(changes)
    return rules.first_page_due(**values)


def test_an_sms_emergency_is_due_at_once_web_chat_once_a_phone_or_address_is_known():
    assert due() == rules.DUE
    assert due(channel="web", sender_phone=None) == rules.WAITING_FOR_CONTACT
    assert due(channel="web", sender_phone=None, contact_phone="+4520123456") == rules.DUE
    assert due(channel="web", sender_phone=None, address="Hovedgaden 12") == rules.DUE
    assert due(channel="web", sender_phone=None, address="   ") == rules.WAITING_FOR_CONTACT


def test_no_page_twice_none_for_other_priorities_or_a_finished_report():
    assert due(paged_reference="482-9137") == rules.ALREADY_PAGED
    assert due(priority="urgent") == due(priority=None) == rules.NOT_EMERGENCY
    assert due(report_done=True) == rules.REPORT_DONE


def cover(priority="emergency", duplicate=None, incident=None, formed=False, now=NOW) -> str:
    return rules.cover(priority=priority, duplicate=duplicate, incident=incident, incident_formed=formed, now=now)


def paged(priority="emergency", minutes_ago=5, statuses=("sent",)) -> Cover:
    return Cover(priority=priority, created_at=NOW - timedelta(minutes=minutes_ago), page_statuses=statuses)


@pytest.mark.parametrize("duplicate, expected", [
    (None, rules.PAGE),
    (paged(priority="routine", statuses=()), rules.PAGE),  # an open routine ticket never swallows an emergency
    (paged(statuses=()), rules.PAGE),  # an emergency that was never paged (nobody on call then)
    (paged(statuses=("escalated", "cancelled")), rules.PAGE),  # its paging gave up
    (paged(minutes_ago=31), rules.PAGE),  # too long ago to be the same emergency
    (paged(minutes_ago=29), rules.JOIN),
    (paged(statuses=("escalated", "acknowledged")), rules.JOIN),
    (paged(statuses=("failed",)), rules.JOIN),  # escalation replaces a failed page at once
])
def test_an_emergency_joins_only_a_working_page_for_the_same_emergency(duplicate, expected):
    assert cover(duplicate=duplicate) == expected


def test_estate_incidents_page_once_and_cover_while_their_page_works():
    assert cover(priority="urgent", formed=True) == rules.PAGE
    assert cover(incident=paged(statuses=("sent",))) == rules.JOIN
    assert cover(priority="urgent", incident=paged(statuses=("acknowledged",))) == rules.JOIN
    assert cover(incident=paged(statuses=("escalated",))) == rules.PAGE  # nobody left on it
    assert cover(priority="routine", incident=paged(statuses=("escalated",))) == rules.NO_PAGE
    assert cover(priority="routine", duplicate=paged(priority="routine", statuses=())) == rules.NO_PAGE


@pytest.mark.parametrize("own, group, acknowledged, expected", [
    ("open", [], False, True),
    ("open", [], True, False),
    ("acknowledged", [], False, False),
    ("assigned", ["open"], False, False),
    ("cancelled", [], False, False),
    ("completed", [], False, False),
    ("cancelled", ["open"], False, True),  # the page also speaks for another open report
    ("cancelled", ["cancelled", "completed"], False, False),
])
def test_escalation_follows_the_ticket(own, group, acknowledged, expected):
    assert rules.still_needed(own_status=own, group_statuses=group, acknowledged=acknowledged) is expected


def view(id, kind="page", status="sent", level=0, recipient="+4520000001") -> PageView:
    return PageView(id=id, kind=kind, status=status, recipient=recipient, level=level)


def test_the_follow_up_rewrites_what_is_not_sent_and_goes_out_once():
    assert rules.follow_up_action([view(1, status="queued")]) == (rules.REWRITE_PAGE, view(1, status="queued"))
    assert rules.follow_up_action([view(1)]) == (rules.QUEUE_FOLLOW_UP, view(1))
    escalated = [view(1, status="escalated"), view(2, level=1, recipient="+4520000002")]
    assert rules.follow_up_action(escalated)[1].recipient == "+4520000002"  # whoever holds the page now
    answered = [view(1, status="acknowledged"), view(2, status="cancelled", level=1)]
    assert rules.follow_up_action(answered) == (rules.QUEUE_FOLLOW_UP, view(1, status="acknowledged"))
    pending = [view(1), view(2, kind="follow_up", status="queued")]
    assert rules.follow_up_action(pending)[0] == rules.REWRITE_FOLLOW_UP
    assert rules.follow_up_action([view(1), view(2, kind="follow_up", status="sent")]) == (rules.NOTHING, None)
    assert rules.follow_up_action([]) == (rules.NOTHING, None)
