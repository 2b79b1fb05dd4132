"""Address matching against the demo register: Danish and UK formats, candidates, unverified."""

from __future__ import annotations

import pytest

from bot import demo
from bot.associations import service as associations
from bot.register.matching import format_unit, match_address


@pytest.fixture
def register(session):
    demo.load(session=session)
    session.commit()
    dk = associations.by_name(session=session, name="Demo Bolig Glostrup")
    uk = associations.by_name(session=session, name="Demo Homes Bracknell")
    return {"dk": dk.id, "uk": uk.id}


def _match(session, register, country, text):
    return match_address(session=session, association_id=register[country], text=text)


@pytest.mark.parametrize("text", [
    "Hovedgaden 12, 2. tv, 2600 Glostrup",
    "Hovedgaden 12 2. tv 2600 Glostrup",
    "hovedgaden 12 2tv",
    "HOVEDGADEN 12, 2 tv",
    "Hovedgaen 12, 2. sal tv.",
])
def test_danish_address_with_floor_and_door_is_verified_to_one_home(session, register, text):
    match = _match(session, register, "dk", text)
    assert match.verified
    assert match.unit.unit_ref == "GL-0014"
    assert format_unit(match.unit) == "Hovedgaden 12, 2. tv, 2600 Glostrup"


@pytest.mark.parametrize("text", ["Søndervangen 10, st. th.", "Sondervangen 10 st th", "Soendervangen 10, stuen th"])
def test_danish_letters_may_be_written_without_aeoeaa(session, register, text):
    match = _match(session, register, "dk", text)
    assert match.verified and match.unit.street == "Søndervangen"
    assert (match.unit.number, match.unit.floor, match.unit.door) == ("10", "st", "th")


def test_a_stairwell_without_floor_and_door_offers_its_homes_as_candidates(session, register):
    match = _match(session, register, "dk", "Hovedgaden 12, 2600 Glostrup")
    assert not match.verified
    assert len(match.candidates) == 8
    assert {u.number for u in match.candidates} == {"12"}
    assert format_unit(match.candidates[0]) == "Hovedgaden 12, st. th, 2600 Glostrup"


@pytest.mark.parametrize("text", [
    "Hovedgaden 12, 5. tv",      # no 5th floor
    "Hovedgaden 99, 1. th",      # no such number
    "Hovedgaden 12, 2. tv, 2650 Hvidovre",  # another town's postcode
    "Langgade 12, 2. tv",        # no such street
])
def test_a_home_that_is_not_in_the_register_is_not_matched_to_a_neighbour(session, register, text):
    match = _match(session, register, "dk", text)
    assert not match.verified
    assert match.candidates == []


@pytest.mark.parametrize("text", [
    "Flat 6, Ashridge Court, Harmans Water Road, Bracknell RG12 9PT",
    "flat 6 ashridge court",
    "Flat 6 Ashridge Ct, Harmans Water Rd, Bracknell",
])
def test_uk_flat_in_a_named_block(session, register, text):
    match = _match(session, register, "uk", text)
    assert match.verified
    assert match.unit.unit_ref == "BR-006"
    assert format_unit(match.unit) == "Flat 6, Ashridge Court, Harmans Water Road, Bracknell, RG12 9PT"


@pytest.mark.parametrize("text", ["14 Harmans Water Road, Bracknell", "14 harmans water road bracknell rg12 9ps"])
def test_uk_house_number_and_street(session, register, text):
    match = _match(session, register, "uk", text)
    assert match.verified and match.unit.unit_ref == "BR-H14"


def test_uk_wrong_postcode_or_number_is_not_verified(session, register):
    assert not _match(session, register, "uk", "14 Harmans Water Road, RG12 9PT").verified  # the block's postcode
    assert not _match(session, register, "uk", "20 Harmans Water Road").verified
    assert len(_match(session, register, "uk", "Ashridge Court, Bracknell").candidates) == 8


@pytest.mark.parametrize("text", ["Jeg bor på Hovedgaden 12, 2. tv", "min adresse er hovedgaden 12 2tv"])
def test_words_before_the_street_do_not_stop_a_match(session, register, text):
    match = _match(session, register, "dk", text)
    assert match.verified and match.unit.unit_ref == "GL-0014"


def test_a_longer_street_name_is_not_confused_with_the_shorter_one(session, register):
    import io

    from bot.register.importer import import_csv

    import_csv(session=session, source=io.StringIO(
        "association,estate,street,number,floor,door,postcode,city,unit_id\n"
        "Demo Bolig Glostrup,Store,Store Hovedgaden,12,2,tv,2600,Glostrup,ST-12\n"))
    session.flush()
    store = _match(session, register, "dk", "Store Hovedgaden 12, 2. tv")
    assert store.verified and store.unit.unit_ref == "ST-12"
    plain = _match(session, register, "dk", "Hovedgaden 12, 2. tv")
    assert plain.verified and plain.unit.unit_ref == "GL-0014"


def test_uk_flat_number_written_as_a_house_number(session, register):
    match = _match(session, register, "uk", "6 Ashridge Court, Bracknell")
    assert match.verified and match.unit.unit_ref == "BR-006"


def test_every_home_matches_its_own_formatted_address(session, register):
    """The form stores format_unit() of the chosen home; submitting it must find that same home again."""
    from sqlalchemy import select

    from bot.register.models import Unit

    for unit in session.scalars(select(Unit)):
        match = match_address(session=session, association_id=unit.association_id, text=format_unit(unit))
        assert match.verified and match.unit.id == unit.id, format_unit(unit)


@pytest.mark.parametrize(("country", "text", "unit"), [
    ("uk", "16 Harmans Water Road, the one with the blue door by the bus stop, my sister used to live at 14 before "
           "she moved, RG12 9PS", "BR-H16"),
    ("dk", "Hovedgaden 12, 2. tv, den med det grønne gelænder, min mor boede på nr 10, 2600 Glostrup", "GL-0014"),
])
def test_an_address_told_with_a_story_around_it_is_still_found(session, register, country, text, unit):
    assert _match(session, register, country, text).unit.unit_ref == unit
