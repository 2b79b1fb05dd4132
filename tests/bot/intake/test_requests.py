"""Requests about a report already made are recognised in free wording, in both languages."""

from __future__ import annotations

import pytest

from bot.intake.requests import ASK_FIRST, CALL_OFF, CONFIRM_CANCEL, KEEP, about_existing_report, calls_off


@pytest.mark.parametrize(("text", "kind"), [
    ("can you cancel my repair, the boiler one, it got sorted", "cancel"),
    ("please cancel report 482-9137", "cancel"),
    ("we don't need the repair any more, my husband fixed it", "cancel"),
    ("annuller min anmeldelse om vandhanen, den er ordnet", "cancel"),
    ("jeg vil gerne aflyse reparationen", "cancel"),
    ("any news on my boiler repair?", "status"),
    ("hvornår kommer der nogen og ser på mit toilet?", "status"),
    ("I already reported this yesterday", "status"),
    ("jeg har allerede anmeldt det", "status"),
    ("can you call off the plumber, it's fixed now", "cancel"),
    ("no need to send anyone anymore, my brother sorted it", "cancel"),
    ("please close my ticket", "cancel"),
    ("I behøver ikke komme alligevel", "cancel"),
    ("luk sagen, den er løst", "cancel"),
    ("vi har ikke brug for håndværkeren mere", "cancel"),
    ("har I glemt mig?", "status"),
    ("kommer der nogen i dag?", "status"),
    ("is anyone actually coming", "status"),
    ("what time is the repairman coming", "status"),
    ("I texted you about this earlier", "status"),
    ("can I add something to my report", "status"),
    ("my kitchen tap is dripping", None),
    ("the window won't close", None),
    ("kan ikke lukke vinduet", None),
    ("still waiting for the heating to come on", None),
    ("we need a plumber, the pipe is leaking", None),
    ("the toilet keeps running, I don't need a new one", None),
    ("vandhanen i køkkenet drypper", None),
    ("the boiler keeps cancelling itself out", None),
    ("jeg vil gerne trække min skademelding tilbage, det gik over af sig selv", "cancel"),
    ("please ignore my last text, the fuse just needed resetting", "cancel"),
    ("don't bother sending anyone, it's working", "cancel"),
    ("I rang yesterday about the shower already, can you check it's logged so I don't report it twice", "status"),
    ("har allerede ringet i går om vinduet, vil bare høre om det er registreret", "status"),
    ("did you get my message about the door", "status"),
    ("jeg har limet den selv, så I må gerne lukke 850-1868", "cancel"),
    ("I kan godt lukke den, den er fikset", "cancel"),
    ("min nabo fiksede det, så I skal ikke komme alligevel", "cancel"),
    ("Hej, I behøver ikke sende nogen ud til det stoppede afløb alligevel, min mand fik det op med en svupper",
     "cancel"),
    ("behøver ikke komme mere, det er lavet", "cancel"),
    ("viceværten har været her og lavet det, så sagen kan lukkes", "cancel"),
    ("you can close my repair, my brother in law sorted it", "cancel"),
    ("hi sorry, my partner fixed the leak so please dont send anyone tomorrow", "cancel"),
    ("sorry false alarm", "cancel"),
    ("scrap that last message", "cancel"),
    ("its started working again so no need", "cancel"),
    ("hvor langt er I med sag 20331? det var rotterne ved skralderummet", "status"),
    ("hej igen, hvor langt er I med den?", "status"),
    ("I behøver ikke sende nogen i nat, men vasken i køkkenet er stoppet og vandet står i den helt op til kanten",
     None),
    ("jeg kan godt lukke døren men den låser ikke", None),
    ("my bathroom light is not working, I already changed the bulb", None),
    ("vandhanen drypper, jeg har allerede skiftet pakningen", None),
    ("the text on the boiler display says F28 and there's no heating", None),
])
def test_requests_about_a_report_already_made(text, kind):
    assert about_existing_report(text) == kind


def test_two_problems_in_one_message_offer_the_other_one():
    from bot.intake.second import other_problem

    assert other_problem("the bathroom tap drips and also there is sewage coming up the shower drain",
                         "drainage") == ("water", "the bathroom tap drips")
    assert other_problem("ingen varme siden i går. Desuden er skabslågen i køkkenet faldet af", "heating")[0] \
        == "fixtures"
    assert other_problem("water dripping onto the light in the hall", "water") is None  # one problem, two trades


@pytest.mark.parametrize(("text", "kind"), [
    ("vi har en tid med håndværkeren på fredag, men kan I aflyse besøget? vi er bortrejst", "cancel"),
    ("Men de sidste par uger har jeg hørt noget rasle bag køkkenskabene om natten", None),
    ("har I hørt noget fra VVS'eren?", "status"),
    ("Hello, sorry it's late. My nan lived here before me and never had this. Any news is welcome but mainly the "
     "bathroom extractor fan has stopped, it makes a grinding noise and then nothing, the mirror steams up and "
     "there's a bit of black mould starting in the corner above the shower which I have been wiping", None),
])
def test_a_visit_can_be_cancelled_and_a_story_is_not_a_status_check(text, kind):
    assert about_existing_report(text) == kind


def test_a_longer_message_calling_off_the_conversations_own_report_is_a_cancellation():
    text = "glem det igen, min svigersøn kom lige forbi og skiftede batteriet i den, så I behøver ikke komme i morgen"
    assert about_existing_report(text) is None  # with no report of this conversation, a long message is a report
    assert about_existing_report(text, has_report=True) == "cancel"


def test_back_story_is_never_offered_as_a_second_report():
    from bot.intake.second import other_problem

    assert other_problem("so we moved in 2 weeks ago, the gas man came and said everything was fine. the only thing "
                         "is the curtain rail in the front room has come out the wall", "fixtures") is None
    assert other_problem("the sink is blocked. I've tried the plunger and a bucket of hot water but nothing",
                         "drainage") is None
    assert other_problem("ingen varme siden i går. Desuden er skabslågen i køkkenet faldet af", "heating") \
        == ("fixtures", "er skabslågen i køkkenet faldet af")


@pytest.mark.parametrize("text", [
    "skal jeg være hjemme når skadedyrsfolkene kommer eller kan de selv låse sig ind?",
    "do I have to be in when they come or can they use the key safe?",
])
def test_a_question_about_the_visit_does_not_cancel_the_report(text):
    assert calls_off(text, has_report=True, asks_a_question=True) == KEEP


@pytest.mark.parametrize("text", ["kan I ikke bare lukke sagen?", "can you cancel it, it's fixed?"])
def test_a_question_that_calls_the_visit_off_cancels_it(text):
    assert calls_off(text, has_report=True, asks_a_question=True) == CALL_OFF


@pytest.mark.parametrize("text", ["forget it pls my bf sorted it", "no need to send anyone", "drop it", CONFIRM_CANCEL])
def test_words_that_call_the_visit_off_or_the_tenants_yes_to_confirm_cancel_it(text):
    assert calls_off(text, has_report=True, asks_a_question=False) == CALL_OFF


@pytest.mark.parametrize("text", ["min nabo har det samme problem", "sorted now ta", "the neighbour had one too"])
def test_a_cancellation_only_the_model_reads_is_asked_about_not_done(text):
    assert calls_off(text, has_report=True, asks_a_question=False) == ASK_FIRST


def test_news_of_a_danger_the_model_reads_as_a_cancellation_does_not_cancel():
    assert calls_off("Nu drypper det ned til underboen", has_report=True, asks_a_question=False) == KEEP


def test_with_no_report_of_its_own_a_cancellation_goes_on_to_find_the_report():
    assert calls_off("min nabo har det samme problem", has_report=False, asks_a_question=False) == CALL_OFF
