"""Property tests (Hypothesis) of the parsers tenants' free text goes through: addresses, phone numbers, references."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import phones
from bot.register import address
from bot.tickets import references

STREETS = ["Hovedgaden", "Søndre Allé", "Ågade", "Æblevej", "Rosenvænget", "Kirkevej", "Bygaden", "Østerbrogade"]
any_text = st.text(max_size=300)


@settings(max_examples=300, deadline=None)
@given(street=st.sampled_from(STREETS), number=st.integers(1, 399), letter=st.sampled_from(["", "A", "b"]),
       floor=st.sampled_from(["st.", "1.", "2", "3.", "kl"]), door=st.sampled_from(["th", "tv", "mf", "2", "14"]),
       postcode=st.integers(1000, 9990), comma=st.sampled_from([", ", " ", ","]))
def test_a_danish_address_written_any_usual_way_parses_to_its_parts(street, number, letter, floor, door, postcode,
                                                                    comma):
    text = f"{street} {number}{letter}{comma}{floor} {door}{comma}{postcode} Glostrup"
    parsed = address.parse(text, country="DK", cities={"glostrup"})
    assert parsed.street == address.loose(street)
    assert parsed.number == f"{number}{letter}".lower()
    assert parsed.floor == address.norm_floor(floor)
    assert parsed.door == address.norm_door(door)
    assert parsed.postcode == str(postcode)


@settings(max_examples=300, deadline=None)
@given(text=any_text, country=st.sampled_from(["DK", "GB"]))
def test_any_text_parses_without_error_to_lowercase_parts(text, country):
    parsed = address.parse(text, country=country)
    for part in (parsed.street, parsed.number, parsed.floor, parsed.door, parsed.postcode):
        assert part is None or part == part.lower()


# Valid ranges only: phonenumbers rejects the fictional ones (UK 07700 900xxx, DK 20 00 xx xx).
dk_mobile = st.integers(26_00_00_00, 26_99_99_99).map(str)  # every 26xx xx xx is valid
uk_mobile = st.integers(400_900_000, 400_900_999).map(lambda n: f"07{n}")


@settings(max_examples=300, deadline=None)
@given(digits=dk_mobile, style=st.sampled_from(["{d}", "+45{d}", "+45 {a} {b} {c} {e}", "0045{d}", "{a}-{b}-{c}-{e}"]))
def test_a_danish_mobile_written_any_way_is_one_e164_number(digits, style):
    text = style.format(d=digits, a=digits[:2], b=digits[2:4], c=digits[4:6], e=digits[6:])
    assert phones.to_e164(text, "DK") == "+45" + digits
    assert phones.find_in_text(f"ring på {text} i aften", "DK") == "+45" + digits


@settings(max_examples=200, deadline=None)
@given(number=uk_mobile)
def test_a_uk_mobile_is_found_in_a_sentence(number):
    e164 = "+44" + number[1:]
    assert phones.to_e164(number, "GB") == e164
    assert phones.find_in_text(f"call me on {number[:5]} {number[5:]} please", "GB") == e164


@settings(max_examples=500, deadline=None)
@given(text=any_text, region=st.sampled_from(["DK", "GB"]))
def test_any_text_gives_a_valid_e164_number_or_none(text, region):
    found = phones.to_e164(text, region)
    if found is not None:
        assert found.startswith("+") and phonenumbers.is_valid_number(phonenumbers.parse(found))
        assert phones.to_e164(found, region) == found  # E.164 is a fixed point
    in_text = phones.find_in_text(text, region)
    assert in_text is None or in_text.startswith("+")
    masked = phones.mask(found)
    assert found is None or found[-4:] == masked[-4:] and "*" in masked


@settings(max_examples=500, deadline=None)
@given(seed=st.integers(0, 9 * 10 ** 5 - 1), before=any_text, after=any_text,
       sep=st.sampled_from(["-", " ", ""]))
def test_a_reference_is_found_however_it_is_typed(seed, before, after, sep):
    reference = references.generate(rand=lambda _bound: seed)
    typed = reference.replace("-", sep)
    assert references.normalise(typed) == reference
    assert references.find_in_text(f"{before} ref {typed} {after}".replace(typed, typed)) is not None
    assert references.find_in_text(f"x {typed} y") == reference


@settings(max_examples=500, deadline=None)
@given(seed=st.integers(0, 9 * 10 ** 5 - 1), position=st.integers(0, 6), delta=st.integers(1, 9))
def test_one_mistyped_digit_never_names_another_reference(seed, position, delta):
    digits = references.generate(rand=lambda _bound: seed).replace("-", "")
    wrong = digits[:position] + str((int(digits[position]) + delta) % 10) + digits[position + 1:]
    assert references.normalise(wrong) is None


@settings(max_examples=500, deadline=None)
@given(seed=st.integers(0, 9 * 10 ** 5 - 1), position=st.integers(0, 5))
def test_swapping_two_neighbouring_digits_never_names_another_reference(seed, position):
    digits = references.generate(rand=lambda _bound: seed).replace("-", "")
    swapped = digits[:position] + digits[position + 1] + digits[position] + digits[position + 2:]
    if swapped != digits:
        assert references.normalise(swapped) is None


@settings(max_examples=500, deadline=None)
@given(text=any_text)
def test_any_text_gives_a_well_formed_reference_or_none(text):
    found = references.find_in_text(text)
    assert found is None or (references.normalise(found) == found and len(found) == 8)
