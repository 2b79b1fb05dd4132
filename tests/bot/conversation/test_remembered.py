"""The hook for confirming a remembered address before the repair form reuses it."""

from __future__ import annotations

from bot.conversation import remembered


def _slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def test_an_address_from_an_earlier_session_must_be_confirmed():
    events = [_slot("address", "Flat 6, Ashridge Court"), {"event": "session_started"}, {"event": "user"}]
    assert remembered.remembered(events) == "Flat 6, Ashridge Court"
    assert remembered.needs_confirmation(events, confirmed=None)
    assert not remembered.needs_confirmation(events, confirmed=True)


def test_an_address_from_an_earlier_report_in_the_same_session_must_be_confirmed():
    events = [_slot("address", "Hovedgaden 12, 2. tv"), _slot("ticket_reference", "482-9137"), {"event": "user"}]
    assert remembered.needs_confirmation(events, confirmed=None)


def test_an_address_given_in_this_conversation_is_not_asked_again():
    events = [{"event": "session_started"}, _slot("address", "Hovedgaden 12, 2. tv")]
    assert remembered.remembered(events) is None
    assert not remembered.needs_confirmation(events, confirmed=None)
    assert remembered.remembered([{"event": "session_started"}]) is None


def test_answers_by_word_number_or_button():
    assert remembered.answer("1") is True and remembered.answer("ja") is True and remembered.answer("yes") is True
    assert remembered.answer("2") is False and remembered.answer("nej") is False
    assert remembered.answer("/deny", "deny") is False
    assert remembered.answer("Hovedgaden 14") is None
    assert [p for _, p in remembered.BUTTONS["en"]] == ["/affirm", "/deny"]
