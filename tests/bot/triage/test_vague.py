"""A message that only greets, or only says something is wrong, is never taken as the problem."""

from __future__ import annotations

import pytest

from bot.triage.vague import is_vague, opens_a_report


@pytest.mark.parametrize("text", ["hej ja god aften igen 😊", "hiii", "yes good evening again", "hejsa godaften :)",
                                  "I have a problem at home", "der er noget galt herhjemme"])
def test_greetings_and_bare_trouble_say_nothing_about_the_fault(text):
    assert is_vague(text)


@pytest.mark.parametrize("text", ["god dag, vasken er stoppet", "ja det drypper", "the lift is stuck"])
def test_a_fault_with_a_greeting_around_it_is_a_fault(text):
    assert not is_vague(text)


def test_a_vague_message_that_says_something_is_wrong_opens_a_report():
    assert opens_a_report("can you help, something's wrong at home") and not opens_a_report("hej")


@pytest.mark.parametrize("text", ["something horrible is going on in my bathroom",
                                  "Hi, something in the bathroom needs looking at", "hej noget virker ikke",
                                  "hej der er noget galt herovre", "noget er gået i stykker i køkkenet"])
def test_an_opening_that_says_only_that_something_is_wrong_is_asked_what(text):
    assert is_vague(text)


@pytest.mark.parametrize("text", ["my toilet is not working properly", "toilettet virker ikke",
                                  "the lights are acting up", "there is a weird noise in the kitchen"])
def test_a_named_fitting_or_symptom_is_a_problem(text):
    assert not is_vague(text)


def test_apologies_and_back_story_that_name_no_fault_are_asked_what_is_wrong():
    assert is_vague("hej undskyld det er sent og undskyld hvis det er det forkerte sted, min kæreste sagde jeg "
                    "skulle skrive her i stedet for at ringe, sidste gang sad jeg 40 min i kø")
    assert not is_vague("it keeps making a grinding noise") and not is_vague("the door handle came off")


@pytest.mark.parametrize("text", ["haandvasken loeber meget langsomt ud", "the basin drains really slowly"])
def test_a_short_fault_in_words_no_list_holds_is_still_a_fault(text):
    assert not is_vague(text)
