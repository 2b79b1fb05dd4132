"""When the closed office will be in touch, as the tenant reads it: from their own day, in their language."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.conversation import wording

NOW = datetime(2026, 12, 3, 2, 30, tzinfo=timezone.utc)  # a Thursday night


@pytest.mark.parametrize("days, language, said", [
    (0, "da", "i dag fra kl. 8.00"),
    (0, "en", "today from 8:00"),
    (1, "da", "i morgen, fredag den 4. december"),
    (4, "da", "næste hverdag, mandag den 7. december"),
    (4, "en", "on the next working day, Monday 7 December"),
    (1, "de", "tomorrow, Friday 4 December"),
])
def test_the_office_opening_is_said_from_the_tenants_day(days, language, said):
    opening = (NOW + timedelta(days=days)).replace(hour=8, minute=0)
    assert wording.office_opening(opening, NOW, language) == said
