"""Reading tenants' answers: corrections, gibberish, yes/no, and which self-help tip fits a report."""

from __future__ import annotations

import pytest

from bot.conversation import extract, selfhelp


@pytest.mark.parametrize(("previous", "text", "corrected"), [
    ("Hovedgaden 12, 2. tv, 2600 Glostrup", "sorry, 14 not 12", "Hovedgaden 14, 2. tv, 2600 Glostrup"),
    ("Hovedgaden 12, 2. tv, 2600 Glostrup", "undskyld, det er nr. 14", "Hovedgaden 14, 2. tv, 2600 Glostrup"),
    ("Hovedgaden 12, 2. tv, 2600 Glostrup", "ikke 12 men 14", "Hovedgaden 14, 2. tv, 2600 Glostrup"),
    ("14 Harmans Water Road, Bracknell RG12 9PS", "sorry it's number 16", "16 Harmans Water Road, Bracknell RG12 9PS"),
    ("Flat 6, 14 Harmans Water Road", "soz, number 16", "Flat 6, 16 Harmans Water Road"),
])
def test_a_house_number_correction_changes_only_the_house_number(previous, text, corrected):
    assert extract.is_correction(text)
    assert extract.correct_house_number(previous, text) == corrected


def test_a_new_address_with_a_postcode_is_not_read_as_a_number_correction():
    assert extract.correct_house_number("Hovedgaden 12, 2. tv", "sorry, it is Stationsvej 3, 2600 Glostrup") is None


@pytest.mark.parametrize("text", ["asdfghjkl", "xkcd qwrtz", "hjkhjkhjk"])
def test_keyboard_mash_is_gibberish(text):
    assert extract.is_gibberish(text)


@pytest.mark.parametrize("text", ["Brøndbyvej", "Mette Hansen", "kitchen", "ok", "Ib"])
def test_real_words_are_not_gibberish(text):
    assert not extract.is_gibberish(text)


@pytest.mark.parametrize(("problem", "category", "priority", "tip"), [
    ("radiatoren i stuen er kold foroven", "heating", "urgent", "radiator"),
    ("the radiator makes a gurgling noise and is cold at the top", "heating", "routine", "radiator"),
    ("intet varmt vand i hanerne", "hot_water", "urgent", "district_heating"),
    ("no power in the kitchen sockets", "electrical", "urgent", "rcd"),
    ("HFI relæet er slået fra", "electrical", "urgent", "rcd"),
    ("køkkenvasken er stoppet", "drainage", "routine", "sink"),
    ("the bathroom sink drains really slowly", "drainage", "routine", "sink"),
    ("dug på vinduerne hver morgen", "damp_mould", "routine", "condensation"),
    ("black mould around the bedroom window", "damp_mould", "routine", "condensation"),
])
def test_a_tip_is_offered_for_common_non_urgent_faults(problem, category, priority, tip):
    assert selfhelp.choose(problem=problem, category=category, priority=priority) == tip


@pytest.mark.parametrize(("problem", "category", "priority"), [
    ("no power at all and sparks from the socket", "electrical", "emergency"),
    ("the only toilet is blocked and the sink too", "drainage", "urgent"),
    ("ingen varme i hele lejligheden", "heating", "emergency"),
    ("the front door lock is broken", "doors_windows", "urgent"),
])
def test_no_tip_for_emergencies_or_faults_a_tenant_cannot_fix(problem, category, priority):
    assert selfhelp.choose(problem=problem, category=category, priority=priority) is None


@pytest.mark.parametrize(("answer", "helped"), [
    ("/affirm", True), ("1", True), ("ja det virker nu", True), ("yes that sorted it", True), ("det hjalp", True),
    ("/deny", False), ("2", False), ("nej", False), ("det virker ikke", False), ("still cold", False),
    ("ok I'll try", False), ("Hovedgaden 12, 2. tv", False),
])
def test_only_a_clear_it_works_ends_the_report(answer, helped):
    assert selfhelp.helped(answer) is helped


@pytest.mark.parametrize(("text", "expected"), [
    ("Køkkenvasken er stoppet til", "køkken"),
    ("vandet løber ikke ud af badekarret", "badeværelse"),
    ("stuevinduet kan ikke lukkes", "stue"),
    ("der er skimmel på soveværelsesvæggen", "soveværelse"),
    ("toiletkummen er revnet", "toilet"),
    ("komfuret virker ikke", "køkken"),
    ("the shower won't drain", "bathroom"),
    ("the lights flicker in every room", "whole home"),
    ("der er ingen strøm i hele lejligheden", "hele boligen"),
])
def test_a_room_is_read_from_danish_compounds_and_fittings(text, expected):
    assert extract.room(text) == expected


@pytest.mark.parametrize("text", ["vi bor i stueetagen og døren klemmer", "entreprenøren var her i går",
                                  "det drypper ovenpå", "my hobby room"])
def test_words_that_only_start_like_a_room_name_none(text):
    assert extract.room(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("it's Mrs Khan from number 4", "Mrs Khan"),
    ("det er Fru Jensen fra nr 12", "Fru Jensen"),
    ("Ben Clarke (flat 6)", "Ben Clarke"),
    ("tell them it's mr osei in flat 6", "mr osei"),
    ("Mette Hansen", "Mette Hansen"),
    # Someone writing for the tenant names the tenant, then themselves: the tenant's name is the one to keep.
    ("the tenant is Mrs Margaret Hale, she's 81, I'm her daughter Sue doing this for her", "Mrs Margaret Hale"),
    ("its for my dad, Peter Jensen", "Peter Jensen"),
    ("lejeren er Anna Holm, jeg er hendes søn", "Anna Holm"),
    ("det er til min mor Inger Nielsen", "Inger Nielsen"),
])
def test_a_name_answer_keeps_the_name_not_the_words_around_it(text, expected):
    assert extract.name_answer(text) == expected


@pytest.mark.parametrize(("full", "thanked"), [("Margaret Hughes", "Margaret"), ("mr osei", "Mr Osei"),
                                               ("Fru Hansen", "Fru Hansen"), ("Mr", "Mr"), ("", "")])
def test_a_tenant_is_thanked_by_first_name_or_by_title_and_surname(full, thanked):
    from bot.conversation.extract import form_of_address

    assert form_of_address(full) == thanked


@pytest.mark.parametrize(("text", "looks_like_an_address"), [
    ("Flat 3, Ashridge Court, Harmans Water Road", True), ("Hovedgaden 12", True),
    ("jeg bor i den gule blok, Stationsvej, 2600 Glostrup", True),
    ("forgot to say my mum lives with me, shes 87", False), ("glemte at sige at min søn er 3 år", False),
    ("min datter paa 9 er bange for moerket saa hun sover hos os nu", False),
    ("16 Harmans Water Road, the one with the blue door", True), ("ejbydalsvej 12 1 tv 2600", True),
])
def test_news_with_a_number_in_it_is_not_taken_for_an_address(text, looks_like_an_address):
    from bot.conversation.extract import number_early

    assert number_early(text) is looks_like_an_address


@pytest.mark.parametrize(("text", "corrected"), [
    ("efter kl 16 undskyld", None), ("sorry I'm only in after 6", None), ("undskyld, kom mellem 8-12", None),
    ("sorry, 16", "Stationsparken 16, 1. th, 2600 Glostrup"),
    ("undskyld, det er nr. 16", "Stationsparken 16, 1. th, 2600 Glostrup"),
])
def test_a_time_with_an_apology_never_moves_the_ticket_to_another_house(text, corrected):
    from bot.conversation.extract import correct_house_number

    assert correct_house_number("Stationsparken 14, 1. th, 2600 Glostrup", text) == corrected


def test_only_a_plain_yes_closes_a_report_as_fixed_and_a_yes_is_never_a_room():
    from bot.conversation.extract import is_bare_yes_no, is_short_yes

    assert is_short_yes("ja") and is_short_yes("yes thanks") and not is_short_yes("naa men ja det var det. god nat")
    assert is_bare_yes_no("Ja.") and is_bare_yes_no("no") and not is_bare_yes_no("køkkenet")
