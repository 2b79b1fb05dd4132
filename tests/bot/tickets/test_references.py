"""References: a mistyped reference is rejected, never matched to someone else's repair."""

from __future__ import annotations

import random
from datetime import datetime, timezone

from bot import demo
from bot.access.ownership import Requester
from bot.repairs import flows, queries
from bot.repairs import status as ticket_status
from bot.repairs.status import Lookup
from bot.tickets import references
from bot.tickets.service import TicketInput

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)


def _typos(ref: str):
    digits = ref.replace("-", "")
    for i in range(len(digits)):
        for d in "0123456789":
            if d != digits[i]:
                yield digits[:i] + d + digits[i + 1:]
        if i + 1 < len(digits) and digits[i] != digits[i + 1]:
            yield digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]


def test_every_single_digit_slip_and_adjacent_swap_is_caught():
    rng = random.Random(4)
    for _ in range(200):
        ref = references.generate(rand=rng.randrange)
        assert references.normalise(ref) == ref
        assert all(references.normalise(t) is None for t in _typos(ref))


def test_references_read_and_typed_different_ways_are_understood():
    ref = references.generate()
    digits = ref.replace("-", "")
    for written in (digits, f"{digits[:3]} {digits[3:]}", f"ref {ref}", f"Min sag er {ref}."):
        assert references.find_in_text(written) == ref


def test_a_mistyped_reference_finds_no_ticket_and_only_the_reporter_finds_theirs(session):
    demo.load(session=session)
    created = []
    for n in range(30):
        phone = f"+45201234{n:02d}"
        data = TicketInput(category="fixtures", priority="routine", language="da", channel="sms",
                           problem="Skabslåge hænger", location_in_home="køkken", address=f"Testvej {n}",
                           reporter_name="Test", contact_phone=phone, conversation_id=phone)
        created.append(flows.submit_report(session=session, association_ref=None, data=data, now=NOW))
    session.commit()
    for result in created:
        assert queries.by_reference(session=session, reference=result.reference).id == result.ticket_id
        for typo in _typos(result.reference):
            assert queries.by_reference(session=session, reference=typo) is None
    first, second = created[0], created[1]
    association_id = queries.by_reference(session=session, reference=first.reference).association_id

    def found(reference: str, phone: str) -> Lookup:
        return ticket_status.find(session=session, association_id=association_id, text=f"status {reference}",
                                  requester=Requester(channel="sms", conversation_id=phone, phone=phone))

    assert found(first.reference, first.contact_phone).ticket.id == first.ticket_id
    assert found(first.reference, second.contact_phone).ticket is None
