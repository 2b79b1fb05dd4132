"""Vague openings: "I have a problem at home", "der er noget i vejen". They say that something is wrong, not what.

Such a message is never stored as the problem: the form asks "what is wrong?" first. A message is vague when,
once greetings, fillers, rooms and words that only say "a problem" are set aside, nothing is left that could
describe a fault.
"""

from __future__ import annotations

import re

from bot.triage.categories import keyword_scores
from bot.triage.rooms import ROOMS
from bot.triage.text import skeleton

# Skeleton spelling (æ/ø/å as a/o/a). Words that carry no fault: courtesy, pronouns, "a problem", "help", "home".
FILLER = frozenset("""
hi hello hey hiya evening morning afternoon good night dear sir madam hej hejsa hallo hallu goddag godaften godmorgen
godnat kare please pls plz thanks thank tak mange venligst undskyld sorry excuse me bother forstyrre
i im i'm me my we our us you your it its it's is are was were be been am there that this the a an and or but so to of
in on at for with from by about just really very quite some something anything thing things stuff any all
jeg mig min mit mine vi os vores du dig din dit jer i det den der de en et og eller men sa til af pa med fra om
bare lige helt meget noget nogen ting alt er var har have has had havde got get getting fik faet
problem problems problemer problemet issue issues trouble fault faults wrong galt galt vejen i_vejen matter
help helpe hjalp hjaelp hjaelpe hjalpe assist need needs needed brug behov want would like could can kan kunne
vil ville skal skulle ma mate please report reporting anmelde anmeldelse melde reparation repair repairs
fix fixing fixed fikse ordne home house flat apartment place property bolig boligen lejlighed lejligheden hus huset
hjemme hjem herhjemme inside here her indenfor again igen now nu tonight aften iaften nat inat today idag
someone somebody anyone anybody person nogen nobody ask sporge question questions sporgsmal
what hvad happened sket happening sker going on foregar wondering wonder hope hapede haber maybe maske think tror
call ring ringe text skrive write writing skriver message besked contact kontakt
somethings something's sometin summat back late early sent tidligt sent gerne godt skade skaden skader damage
damaged ved know knows knew kender goere gore gor do does doing done did make makes hvordan how why hvorfor when
hvornaer hvornar where hvor which hvilken who hvem ring ringe back tilbage me mig asap call ud out up op over
else ellers andet other another more mere also ogsa too og bit little lidt small lille big stor
horrible terrible awful weird strange odd funny bad nasty dodgy going needs looking look looked attention seen
check checking checked sorting virker virke fungerer fungere working work works worked playing acting herovre derovre
derinde herinde derude herude oppe nede up right properly ordentligt ordentlig maerkeligt markeligt marklig underligt
underlig sjovt galt rod mess happen kind sort of wrong going on gang pa gal stykker gaet gat broke broken odelagt
god ja jo yes yeah yep yup ya nope nej hejhej halloj davs dav morn morgen eftermiddag goodnight goodevening
cheers mate love hun darling smiley
ikke not no ingen okay ok urgent akut quickly hurtigt asap soon snart there's what's i've we've we're you're can't don't won't that's here's let's isn't hasn't
""".split())
MIN_CONTENT_WORDS = 1
# Rooms that are also the fitting at fault: "my toilet is not working" says what is wrong.
FITTINGS = frozenset({"toilet", "toilettet", "toiletter", "wc", "wc'et", "loo", "bath", "badekar", "badekarret"})


def content_words(text: str) -> list[str]:
    """The words of `text` that could describe a fault (not filler, not a room, not a number)."""
    folded = skeleton(text).replace("i vejen", "i_vejen")
    rooms = ({skeleton(room) for room in ROOMS} | {skeleton(room) for room in ROOMS.values()}) - FITTINGS
    # "hejjj", "hiii": a greeting drawn out is still a greeting.
    words = [re.sub(r"(.)\1{2,}", r"\1", w) for w in re.findall(r"[a-z_']+", folded)]
    return [w for w in words if w not in FILLER and w not in rooms and len(w) > 1]


# Words that tell of a fault even where no trade is named ("it's making a noise", "something is loose").
FAULT = re.compile(
    r"\b(broken|break\w*|broke|leak\w*|drip\w*|work\w*|won'?t|wont|can'?t|cant|cannot|stuck|nois\w*|sound\w*|"
    r"smell\w*|stink\w*|crack\w*|hole|holes|loose|cold|freezing|wet|damp|block\w*|flicker\w*|fall\w*|fell|dead|"
    r"stopped|off|out|burn\w*|spark\w*|smoke|water|flood\w*|drip|mould|mold|rot\w*|damage\w*|bust\w*|snapp?\w*|"
    r"virker|fungerer|stykker|odelagt|vil ikke|kan ikke|fast|larm\w*|stoj\w*|lugt\w*|stinker|revne\w*|hul|huller|los|"
    r"kold\w*|vad|fugt\w*|stop\w*|blinker|faldet|falder|faldt|dod|doede|utat|lakk\w*|lak|dryp\w*|knak\w*|slaet fra|"
    r"gaet|gik|rog|gnist\w*|brand\w*|vand|skimmel|svamp|mus|rotte\w*|insekt\w*|lob\w*|langsom\w*|slow\w*|"
    r"run\w*|drain\w*|siver|render|pibler|hyler|bipper|beep\w*|ryster|shak\w*|vipper|wobbl\w*|knirker|squeak\w*|"
    r"rattl\w*|hang\w*|hanger|mangler|missing|trip\w*|tom\w*|empty|flush\w*|skyller|lukker|close\w*|shut|lock\w*|"
    r"las\w*|open\w*|abne\w*)\b")
# Only a longer message is judged by its want of fault words: a short one ("håndvasken løber meget langsomt ud")
# names its fault in words no list holds.
NO_FAULT_MIN_WORDS = 8


def is_vague(text: str | None) -> bool:
    """Says there is a problem (or only greets, or names a room) without saying what the problem is.

    A message of apologies and back-story that names no trade and no fault at all ("undskyld det er sent, min
    kæreste sagde jeg skulle skrive her") is vague too: the form asks what is wrong."""
    words = content_words(text or "")
    if len(words) < MIN_CONTENT_WORDS:
        return True
    return len(words) >= NO_FAULT_MIN_WORDS and not keyword_scores(text or "") \
        and not FAULT.search(skeleton(text or ""))


_TROUBLE = re.compile(r"\b(problem\w*|issues?|trouble|wrong|galt|i vejen|help|hjalp\w*|hjaelp\w*|repair\w*|"
                      r"reparation\w*|fault\w*|fejl|happened|sket|broken|i stykker|report\w*|anmeld\w*|melde)\b")


def opens_a_report(text: str | None) -> bool:
    """A vague message that still says something is wrong ("I have a problem at home"): the report starts,
    and its first question is what is wrong."""
    return is_vague(text) and bool(_TROUBLE.search(skeleton(text or "").replace("i vejen", "i vejen")))
