"""The evaluation's own logic: the tenant profiles are a fair test, and a wrong ticket is called wrong."""

from __future__ import annotations

from collections import Counter

import phonenumbers

from bot.staff import labels
from scripts.eval_e2e import (
    Profile,
    Reply,
    Tenant,
    check_ticket,
    load_profiles,
    percentile,
    replace_section,
    sms_options,
)


def profiles():
    return load_profiles()


def test_there_are_at_least_40_tenants_in_both_languages_on_both_channels():
    found = profiles()
    assert len(found) >= 40
    mix = Counter((p.channel, p.language) for p in found)
    assert set(mix) == {("sms", "da"), ("sms", "en"), ("web", "da"), ("web", "en")}


def test_the_profiles_cover_the_hard_cases_the_issue_names():
    found = profiles()
    events = [e["say"] for p in found for e in p.events]
    assert any(p.answers.get("contact_phone", [""])[0] != p.answers["contact_phone"][-1] for p in found)
    assert any(len(p.answers.get("address", [])) > 1 for p in found), "an incomplete address, then the full one"
    assert any(e["when"].startswith("after:address") for p in found for e in p.events), "a correction"
    assert any("english" in e.lower() for e in events) and any("dansk" in e.lower() for e in events)
    assert any(c.get("expect") == "reference" for p in found for c in p.after_ticket), "a status check"
    assert any(c.get("expect") == "cancelled" for p in found for c in p.after_ticket), "a cancellation"
    assert any(p.expect.get("verified") is False for p in found), "a home outside the register"
    assert sum("emergency" in (p.expect.get("priority") or []) for p in found) >= 10


def test_no_two_tenants_report_the_same_home_so_none_is_a_duplicate():
    homes = [p.expect["unit"].unit_id for p in profiles() if p.expect.get("unit")]
    assert len(homes) == len(set(homes))


def test_every_tenant_number_is_unique_and_valid():
    found = profiles()
    numbers = [p.phone for p in found]
    assert len(numbers) == len(set(numbers))
    for p in found:
        assert phonenumbers.is_valid_number(phonenumbers.parse(p.expect["contact"])), p.id


def test_options_are_read_from_an_sms_but_an_address_is_not_a_menu():
    assert sms_options("Vil du prøve selv? 1) Ja, det hjalp 2) Nej, send en håndværker") == [
        ("1", "Ja, det hjalp"), ("2", "Nej, send en håndværker")]
    assert sms_options("Er det Hovedgaden 12, 2. tv, 2600 Glostrup?") == []


def _profile(**changes) -> Profile:
    base = next(p for p in profiles() if p.id == "da-sms-tap-drip")
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_the_tenant_answers_the_slot_the_bot_asks_for_and_declines_unscripted_offers():
    tenant = Tenant(_profile())
    assert tenant.next_message(0, {}, None) == "vandhanen i køkkenet drypper hele tiden"
    assert tenant.next_message(1, {"requested_slot": "address"}, Reply(["Hvad er din adresse?"], [])) == \
        "Hovedgaden 10 st th"
    offer = Reply(["Har du prøvet at skrue helt i?"], [("/affirm", "Ja, det hjalp"), ("/deny", "Nej, fortsæt")])
    assert tenant.next_message(2, {"requested_slot": "self_help"}, offer) == "/deny"


def test_a_ticket_for_the_wrong_home_or_number_is_wrong():
    profile = _profile()
    right = {"category": "water", "priority": "routine", "contact_phone": profile.phone, "address_verified": True,
             "address": "Hovedgaden 10, st. th, 2600 Glostrup"}
    assert check_ticket(right, profile) == []
    assert check_ticket(dict(right, address="Hovedgaden 12, st. th, 2600 Glostrup"), profile)
    assert check_ticket(dict(right, address_verified=False), profile)
    assert check_ticket(dict(right, contact_phone="+4520000000"), profile)
    assert check_ticket(dict(right, priority="emergency"), profile)
    assert check_ticket(dict(right, category="heating"), profile)


def test_percentile_is_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 50) == 3
    assert percentile(list(range(1, 101)), 90) == 90
    assert percentile([], 50) is None


def test_a_docs_section_is_replaced_and_the_rest_kept():
    text = "# Benchmarks\n\nintro\n"
    once = replace_section(text, "bench", "first")
    twice = replace_section(once, "bench", "second")
    assert "intro" in twice and "second" in twice and "first" not in twice


def test_after_a_switch_of_language_the_tenant_says_yes_in_the_new_language():
    tenant = Tenant(_profile())
    tenant.opening = []
    asked = Reply(["Can we call you on +4526100001? Reply YES, or send another number."], [])
    assert tenant.next_message(4, {"requested_slot": "contact_phone", "language": "en"}, asked) == "yes"
    assert tenant.next_message(4, {"requested_slot": "location_in_home", "language": "da"}, asked) == "køkkenet"


def test_the_named_room_is_checked_for_homes_in_the_register_and_a_list_of_words_is_read():
    profile = _profile()
    profile.expect = dict(profile.expect, location_contains=["køkken"])
    right = {"category": "water", "priority": "routine", "contact_phone": profile.phone, "address_verified": True,
             "address": "Hovedgaden 10, st. th, 2600 Glostrup", "location_in_home": "køkken"}
    assert check_ticket(right, profile) == []
    assert check_ticket(dict(right, location_in_home="ja"), profile)
    outside = _profile(unit=None)
    outside.expect = dict(outside.expect, verified=False, address_contains=["Skolevej"])
    unverified = dict(right, address_verified=False, address="Skolevej 4, 2600 Glostrup", location_in_home=None)
    assert check_ticket(unverified, outside) == [] and check_ticket(dict(unverified, address="?"), outside)


def test_asked_which_of_two_trades_the_tenant_picks_the_one_that_is_broken():
    tenant = Tenant(_profile(expect={"category": "water", "priority": "urgent"}, says=[]))
    question = Reply(["Er det 1) Vand 2) VVS-inventar?"], [("1", labels.label("category", "water", "da")),
                                                           ("2", labels.label("category", "fixtures", "da"))])
    assert tenant.next_message(1, {"requested_slot": "category_choice"}, question) == "1"
    reverse = Reply(["Is it 1) fixtures 2) water?"], [("1", labels.label("category", "fixtures", "en")),
                                                       ("2", labels.label("category", "water", "en"))])
    assert tenant.next_message(2, {"requested_slot": "category_choice"}, reverse) == "2"
