"""Long stories are triaged on their repair sentences: courtesy and back-story do not decide the trade."""

from __future__ import annotations

from bot.triage import from_parse
from bot.triage.story import repair_sentences
from tests.bot.triage.test_from_parse import parse

DOOR_STORY = ("Hi there, sorry to bother you so late. We moved in last year and the plumber came last month about "
              "the boiler, which was fine in the end. Anyway tonight my bedroom door won't shut properly, the hinge "
              "has come loose. Thanks so much, have a good night.")
MOULD_STORY = ("Hej. Undskyld jeg skriver så sent. Sidste vinter havde vi problemer med radiatoren, men det blev "
               "ordnet. Nu er der kommet en lille plet skimmel i hjørnet af soveværelset ved vinduet. Mvh Hanne")


def test_the_repair_sentence_is_kept_and_the_story_around_it_dropped():
    assert repair_sentences(DOOR_STORY) == \
        "anyway tonight my bedroom door won't shut properly, the hinge has come loose"
    assert "radiator" not in repair_sentences(MOULD_STORY) and "skimmel" in repair_sentences(MOULD_STORY)


def test_a_confident_model_pulled_by_the_back_story_loses_to_the_repair_sentences():
    assert from_parse(DOOR_STORY, parse("report_repair", "heating", 0.8), month=1).category == "doors_windows"
    assert from_parse(MOULD_STORY, parse("report_repair", "heating", 0.75), month=1).category == "damp_mould"


def test_a_short_message_keeps_the_models_confident_guess():
    result = from_parse("the radiator by the door is cold", parse("report_repair", "heating", 0.8), month=1)
    assert result.category == "heating"


def test_a_fault_mended_long_ago_said_fixed_now_stays_back_story():
    from bot.triage import assess

    text = ("Kære vicevært. Jeg håber I har haft en god jul. Min datter har hjulpet mig med at skrive her. "
            "Sidste vinter var der problemer med elevatoren, men det er jo ordnet nu. "
            "Denne gang er det håndtaget på døren ind til køkkenet, der er gået løs og drejer rundt. "
            "Det er ikke noget der haster")
    assert assess(text, month=1, model_category="communal", model_confidence=0.9).category == "doors_windows"
