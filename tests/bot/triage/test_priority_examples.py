"""Priority of fresh tenant messages (not in the training or held-out sets), as the safety net alone gives it."""

from __future__ import annotations

import pytest

from bot.triage import assess

JANUARY = 1

MESSAGES = [
("hi there is a weird smell like gas coming from the boiler cupboard", "emergency"),
("my co alarm keeps going off every few mins", "emergency"),
("der lugter af gas i hele opgangen, hvad gør jeg", "emergency"),
("kuliltealarmen piber og vil ikke stoppe", "emergency"),
("the extractor fan caught fire", "emergency"),
("der er brand i skraldespanden i gården", "emergency"),
("theres black smoke coming out of the socket", "emergency"),
("lyskontakten gnistrer når jeg tænder", "emergency"),
("the light switch is crackling and smells burnt", "emergency"),
("vand løber ind i eltavlen", "emergency"),
("leak from upstairs is dripping onto my ceiling light", "emergency"),
("massive leak, water everywhere in the hall", "emergency"),
("radiator pipe snapped and water is pumping out", "emergency"),
("der står 5 cm vand på badeværelsesgulvet", "emergency"),
("røret til opvaskeren er gået og vandet vælter ud", "emergency"),
("all the lights and sockets are off, the whole flat is dark", "emergency"),
("der er ingen strøm nogen steder i lejligheden", "emergency"),
("taps are dry, nothing at all", "emergency"),
("vi har ikke noget vand i hanerne", "emergency"),
("our heating has broken down and its -5 outside", "emergency"),
("fjernvarmen er død og her er 15 grader", "emergency"),
("varmen er gaaet i hele huset", "emergency"),
("burglars smashed the back door and it wont shut", "emergency"),
("der er brudt ind hos os, døren kan ikke lukkes", "emergency"),
("my bedroom window got smashed, its ground floor", "emergency"),
("the toilet is backing up with poo, we only have one", "emergency"),
("der kommer lort op i brusekabinen", "emergency"),
("lift stuck with my mum inside on floor 6", "emergency"),
("elevatoren er gået i stå med min søn i", "emergency"),
("half the kitchen ceiling has fallen in", "emergency"),
("loftet i stuen er faldet ned over sofaen", "emergency"),
("no hot water and I have a 3 week old baby", "emergency"),
("ingen varmt vand og min far på 92 bor hos mig", "emergency"),
("no hot water", "urgent"), ("ingen varmt vand i bruseren", "urgent"),
("the lift hasnt worked for two days", "urgent"), ("elevatoren virker ikke", "urgent"),
("smoke alarm beeping low battery", "urgent"), ("røgalarmen piber", "urgent"),
("pipe under the sink is leaking into a bucket", "urgent"),
("rat ran across the living room floor", "urgent"),
("bathroom light doesnt work", "routine"), ("lampen i gangen virker ikke", "routine"),
("cupboard door fell off", "routine"), ("skuffen er gået i stykker", "routine"),
("dripping tap in the bathroom", "routine"), ("vandhanen drypper", "routine"),
("crack in the plaster above the door", "routine"), ("revne i pudsen over døren", "routine"),
("the toilet seat is loose", "routine"), ("toiletsædet sidder løst", "routine"),
("window is hard to open", "routine"), ("vinduet er svært at åbne", "routine"),
("mould on the bathroom ceiling", "routine"), ("skimmel i loftet på badeværelset", "routine"),
("the oven door is broken", "routine"), ("ovnlågen er i stykker", "routine"),
("fire door closer is broken", "routine"), ("branddøren smækker ikke i", "routine"),
("the gas meter cupboard door is broken", "routine"),
("ants in the kitchen", "routine"), ("sølvfisk i badet", "routine"),
]


@pytest.mark.parametrize(("text", "priority"), MESSAGES)
def test_priority_of_a_tenants_first_message(text, priority):
    assert assess(text, month=JANUARY).priority == priority
