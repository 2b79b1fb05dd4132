"""A request about a report already made is answered as such: it never opens a new report."""

from __future__ import annotations

from actions.acknowledge import ActionAcknowledgeReport
from tests.actions.conftest import SMS_TENANT, make_tracker, run, slot_values, texts


def test_a_cancellation_the_model_read_as_a_repair_opens_no_report(store, domain):
    for text in ("can you cancel my repair, the boiler one, it got sorted", "please cancel my report, it is fixed"):
        tracker = make_tracker(text=text, intent="report_repair", active_loop=None, sender=SMS_TENANT,
                               metadata={"channel": "sms"}, slots={"channel": "sms", "language": "en",
                                                                   "category": "heating", "priority": "routine"})
        events, messages = run(ActionAcknowledgeReport(), tracker, domain)
        assert "problem" not in slot_values(events)
        assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)
        assert "cannot find an open report" in texts(messages).lower()  # this number has none: it says so


def test_a_status_question_the_model_read_as_a_repair_is_a_status_check(store, domain):
    tracker = make_tracker(text="any news on my boiler repair?", intent="report_repair", active_loop=None,
                           sender=SMS_TENANT, metadata={"channel": "sms"},
                           slots={"channel": "sms", "language": "en", "category": "heating", "priority": "routine"})
    events, messages = run(ActionAcknowledgeReport(), tracker, domain)
    assert "problem" not in slot_values(events)
    assert "cannot find an open report" in texts(messages)
