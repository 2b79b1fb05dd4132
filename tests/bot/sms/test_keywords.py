"""Which whole messages are carrier keywords, and which are tenants talking."""

from __future__ import annotations

import pytest

from bot.sms import keywords


@pytest.mark.parametrize("body, keyword", [
    ("STOP", "stop"), ("stop", "stop"), (" Stop. ", "stop"), ("STOPP", "stop"), ("afmeld", "stop"),
    ("UNSUBSCRIBE", "stop"), ("START", "start"), ("unstop", "start"), ("HELP", "help"), ("HJÆLP", "help"),
    ("hjælp!", "help"), ("HJAELP", "help"), ("info", "help"),
    ("stop the water", None), ("hjælp der er vand overalt", None), ("yes", None), ("ja", None),
    ("cancel", None), ("ok", None), ("", None),
])
def test_classify(body, keyword):
    assert keywords.classify(body) == keyword


@pytest.mark.parametrize("body, default, lang", [
    ("HJÆLP", "en", "da"), ("STOPP", "en", "da"), ("HELP", "da", "en"), ("STOP", "da", "da"), ("STOP", "en", "en"),
])
def test_reply_language_follows_the_word_then_the_association(body, default, lang):
    assert keywords.language_of(body, default) == lang
