"""The tenant's SMS when staff book or complete a repair: its wording, language and when there is none."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.associations.models import Association
from bot.tickets import lifecycle
from bot.tickets.models import Ticket

ASSOCIATION = Association(name="Demo Bolig", timezone="Europe/Copenhagen", call_centre_phone="+4533954000",
                          out_of_hours_phone="+4543439999")
BOOKED_FOR = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


def ticket(language: str) -> Ticket:
    return Ticket(reference="R-7K3P", language=language, booked_for=BOOKED_FOR)


def test_a_booking_is_texted_in_the_tenants_language_with_the_local_time():
    assert lifecycle.tenant_sms_text(ticket=ticket("da"), association=ASSOCIATION, status="booked") == (
        "Demo Bolig: Din reparation R-7K3P er booket til torsdag d. 3. december kl. 10:00. Passer tiden ikke, "
        "så ring +4533954000.")
    assert lifecycle.tenant_sms_text(ticket=ticket("en"), association=ASSOCIATION, status="completed") == (
        "Demo Bolig: Your repair R-7K3P is now recorded as completed. If something is still wrong, call +4533954000.")


def test_a_language_we_do_not_write_is_texted_in_english():
    body = lifecycle.tenant_sms_text(ticket=ticket("de"), association=ASSOCIATION, status="booked")
    assert body.startswith("Demo Bolig: Your repair R-7K3P is booked for Thursday 3 December at 10:00.")


def test_other_status_changes_send_no_sms():
    for status in ("open", "acknowledged", "assigned", "cancelled"):
        assert lifecycle.tenant_sms_text(ticket=ticket("da"), association=ASSOCIATION, status=status) is None
