"""Language of short tenant messages and explicit requests to switch."""

from __future__ import annotations

import pytest

from bot.triage.language import detect, requested_switch


@pytest.mark.parametrize(("text", "lang"), [
    ("no heat", "en"), ("ingen varme", "da"), ("hi", "en"), ("hej", "da"), ("thanks", "en"), ("tak", "da"),
    ("toilet blocked", "en"), ("toilettet er stoppet", "da"), ("toilettet er stoppet", "da"),
    ("roegalarmen bipper", "da"), ("rogalarmen bipper", "da"), ("varmen virker ik", "da"),
    ("my flat is freezing", "en"), ("det drypper fra loftet", "da"), ("leak under sink", "en"),
    ("hvornår kommer i", "da"), ("hvornar kommer i", "da"), ("when will you come", "en"),
    ("water everywhere help", "en"), ("vand overalt hjælp", "da"), ("gas smell", "en"), ("lugter af gas", "da"),
])
def test_short_messages(text, lang):
    assert detect(text, default="da" if lang == "en" else "en") == lang


@pytest.mark.parametrize("text", ["", "   ", "👍", "???", "12345", "+45 20 12 34 56"])
def test_nothing_to_tell_gives_the_associations_language(text):
    assert detect(text, default="en") == "en"
    assert detect(text, default="da") == "da"


@pytest.mark.parametrize(("text", "lang"), [
    ("english please", "en"), ("English pls", "en"), ("can you speak english?", "en"), ("in english", "en"),
    ("kan du skrive engelsk", "en"), ("på dansk tak", "da"), ("paa dansk tak", "da"), ("pa dansk", "da"),
    ("dansk tak", "da"), ("can you write in danish", "da"), ("Dansk", "da"),
])
def test_switch_requests(text, lang):
    assert requested_switch(text) == lang


@pytest.mark.parametrize("text", [
    "the heating is broken", "jeg bor i Danmark men taler engelsk og dansk", "hej", "",
    "my english neighbour has a leak that comes through my ceiling and into the kitchen every night",
])
def test_no_switch_without_a_request(text):
    assert requested_switch(text) is None
