"""Segment counting as Twilio bills it (GSM-7 with its extension table, UCS-2 in UTF-16 units), and shortening."""

from __future__ import annotations

import pytest

from bot.sms import segments


@pytest.mark.parametrize("text, count", [
    ("a" * 160, 1),
    ("a" * 161, 2),
    ("a" * 306, 2),
    ("a" * 307, 3),
    ("æøåÆØÅ" * 26 + "abcd", 1),        # Danish letters are GSM-7: 160 septets, one segment
    ("€" * 80, 1),                      # the euro sign is an escape: 2 septets each, 160 in all
    ("€" * 81, 2),
    ("é" + "a" * 69, 1),                # é is GSM-7
    ("ê" + "a" * 69, 1),                # ê is not: UCS-2, 70 units still fit one segment
    ("ê" + "a" * 70, 2),                # 71 UCS-2 units: two segments of 67
    ("ê" + "a" * 133, 2),
    ("ê" + "a" * 134, 3),
    ("😀" + "a" * 68, 1),               # an emoji is two UTF-16 units: 70 in all
    ("😀" + "a" * 69, 2),
])
def test_segments(text, count):
    assert segments.segments(text) == count


def test_gsm_safe_keeps_danish_and_replaces_typography():
    text = "Vi kommer i morgen – “hurtigt” … 😀 Ærø"
    safe = segments.to_gsm_safe(text)
    assert safe == 'Vi kommer i morgen - "hurtigt" ... Ærø'
    assert segments.is_gsm7(safe)


def test_split_shortens_long_replies_to_three_segments_at_a_word():
    long = "Vandet løber ud af radiatoren i stuen. " * 20
    reply = segments.split(long, 3)
    assert segments.segments(reply) == 3
    assert reply.endswith("...")
    assert long.startswith(reply[:-3])


def test_split_keeps_a_short_reply_whole():
    assert segments.split("Tak, vi har modtaget din besked.", 3) == "Tak, vi har modtaget din besked."
