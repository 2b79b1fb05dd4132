"""Priority of fresh tenant messages (not in the training or held-out sets), as the safety net alone gives it.

The second block was written blind after the first round of fixes: it failed 5 of 39 before the next round."""

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
("HELP gas smell outside my flat door", "emergency"),
("smells of gas when i turn the hob on", "emergency"),
("der er en mærkelig gaslugt i kælderen", "emergency"),
("kulilte måleren bipper", "emergency"),
("my tumble dryer is smoking", "emergency"),
("det ryger ud af emhætten", "emergency"),
("socket went pop and now theres a burning smell", "emergency"),
("stikkontakten er smeltet", "emergency"),
("water leaking into the fuse box", "emergency"),
("vand drypper ned på stikkontakten i køkkenet", "emergency"),
("the pipe in the loft has burst", "emergency"),
("vandrøret i kælderen er sprunget", "emergency"),
("water is coming through the light in the ceiling", "emergency"),
("water pissing out the wall", "emergency"),
("vandet strømmer ud af væggen", "emergency"),
("the power has gone off in my whole flat", "emergency"),
("vi har ingen strøm", "emergency"),
("no water coming from any of the taps", "emergency"),
("der er lukket for vandet og vi har intet", "emergency"),
("boiler broken no heating or hot water", "emergency"),
("the heating wont come on at all", "emergency"),
("ingen varme i lejligheden siden i går", "emergency"),
("fjernvarmen er gået ned", "emergency"),
("radiators are stone cold, all of them", "emergency"),
("my front door has been kicked in", "emergency"),
("they broke my window trying to get in", "emergency"),
("hoveddøren kan ikke lukke efter indbrud", "emergency"),
("låsen til hoveddøren er brækket", "emergency"),
("toilet overflowing everywhere", "emergency"),
("only one toilet and it wont flush at all, its blocked", "emergency"),
("det eneste toilet vi har er tilstoppet", "emergency"),
("kloakken løber over i kælderen", "emergency"),
("somebody is trapped in the lift on the 4th floor", "emergency"),
("der sidder folk fast i elevatoren", "emergency"),
("the ceiling is coming down in the bathroom", "emergency"),
("loftet er ved at falde ned", "emergency"),
("the balcony is collapsing", "emergency"),
("no hot water and my wife is disabled", "emergency"),
("intet varmt vand og jeg har et spædbarn", "emergency"),
]


# Wordings that were misjudged in a blind conversation run, and the look-alikes the mends must leave alone.
MESSAGES += [
("Heating's still on but nothing hot comes out of any tap", "urgent"),
("der kommer ikke noget varmt ud af hanen", "urgent"),
("nothing comes out of the taps at all", "emergency"),
("the joint on the pipe going up to the kitchen tap is dripping, got a bucket under it", "urgent"),
("der drypper fra samlingen under vasken, har sat en skål under", "urgent"),
("the tap drips a bit", "routine"),
("elevatoren i opgangen har staaet stille siden i formiddags, der haenger en seddel med ude af drift men ingen "
 "har vaeret her. der er ingen inde i den", "urgent"),
("the lift is stuck on the 3rd floor and won't move, nobody is in it", "urgent"),
("The catch on my living room window has broken so it won't lock, I've tied it shut. We're on the second floor",
 "routine"),
("someone broke my front door, it won't lock", "emergency"),
("my living room window is smashed", "emergency"),
# A lift that does not do its job is out of order, however it is put; a lift named in passing is not.
("elevatoren reagerer bare ikke når man trykker", "urgent"),
("the lift's conked out again, nobody in it", "urgent"),
("can someone fix the lift tonight, it's empty", "urgent"),
("I live on the 4th floor with no lift and the kitchen tap drips", "routine"),
("I took the lift up and saw the stairwell light is broken", "routine"),
("it's mostly alright apart from the lift in the other block but that's not mine to moan about. the bathroom door "
 "handle came off", "routine"),
# Dangers the tenant rules out are not reported: every sign named, in Danish word order too.
("gaskomfuret vil ikke tænde, men der lugter slet ikke af gas", "routine"),
("the ceiling isn't sagging or bulging, it's a hairline crack in the hall", "routine"),
("revnen i loftet er lille og der hænger ikke noget ned", "routine"),
("brandalarmen hyler uden at der er røg eller brand", "urgent"),
("no water or anything coming through, just a crack in the plaster", "routine"),
("all the power's gone in my flat", "emergency"),
("dørtelefonen virker ikke, jeg kan ikke lukke op for nogen", "urgent"),
("der lugter af mug i børneværelset", "urgent"),
("sort mug i hjørnet ved vinduet på min søns værelse", "urgent"),
# A trip switch that will not stay up is one circuit; power still in other rooms makes the loss partial.
("i tavlen står den ene automatsikring nede og vil ikke blive oppe, den klikker bare ned igen", "urgent"),
("the power went in the bedroom and bathroom but the living room, kitchen and hall all still have power", "urgent"),
("no power to the cooker or the kitchen sockets, everything in the rest of the house works", "urgent"),
("no power in the flat but next door still has power", "emergency"),
("theres a RAT sat by the bin under the sink, it legged it behind the fridge", "urgent"),
("saw a rat by the bins outside the block", "routine"),
# Back-story about a fault mended long ago stays back-story, "nu" or not; tonight's fault in it does not.
("Sidste vinter var der problemer med elevatoren, men det er jo ordnet nu. Denne gang er det håndtaget på døren ind "
 "til køkkenet, der er gået løs", "routine"),
# Heating said to be weak or partly on is a partial loss, not an emergency to page.
("varmen er mega svag, radiatorerne er kun lunkne", "urgent"),
("the heating's not completely off, the front room is warm but the bedrooms are freezing", "urgent"),
("kids room radiator wont come on. rest ok", "urgent"),
("no heating at all, every radiator is stone cold", "emergency"),
# Back-story in the same sentence as tonight's fault does not hide it.
("vi har fået en datter for en uge siden, og nu er der pludselig intet varmt vand", "emergency"),
("loftet i badet bugner ned og der falder puds ned", "emergency"),
("vandet kommer ikke varmt ud af hanerne", "urgent"),
# One circuit out is a partial loss; "hele tiden" (all the time) and "alt andet virker" name no whole home.
("gruppe 3 i eltavlen ryger hele tiden, kun stikkontakterne i stuen er døde", "urgent"),
("sikringen til soveværelset springer hele tiden, nu er der mørkt derinde", "urgent"),
("komfuret og ovnen har ingen strøm mere men alt andet virker", "urgent"),
("kitchen lights are out, all of them, bulbs are new", "urgent"),
("the leccy's gone in the front room only", "urgent"),
("the circuit for the downstairs sockets keeps tripping", "urgent"),
("ingen strøm, resten af opgangen har strøm", "emergency"),
("stikkontakten ryger og lugter brændt", "emergency"),
("elkedlen fik sikringen til at springe, men jeg har slået den til igen og alt virker", "routine"),
("hanen i køkkenet drypper hele tiden, drip drip drip", "routine"),
("drip drip drip from a joint on the pipes into a bucket", "urgent"),
("ingen sidder fast, elevatoren virker bare ikke", "urgent"),
("nothing works, no lights no sockets", "emergency"),
("they removed the smoke alarm and never put it back, nothing went off when I burnt toast", "urgent"),
("alarm on the ceiling's bust, test button does nowt", "urgent"),
]


@pytest.mark.parametrize(("text", "priority"), MESSAGES)
def test_priority_of_a_tenants_first_message(text, priority):
    assert assess(text, month=JANUARY).priority == priority


@pytest.mark.parametrize("text", ["co-alarmen piber en gang i mellem fordi batteriet er fladt",
                                  "CO-alarmen piber bare en gang i mellem fordi batteriet er ved at være fladt, den "
                                  "hyler ikke og ingen har ondt i hovedet"])
def test_a_co_alarm_chirping_for_its_battery_is_not_a_gas_emergency(text):
    assert assess(text, month=JANUARY).priority != "emergency"


def test_a_co_alarm_with_a_headache_is_a_gas_emergency():
    assert assess("the co alarm is going off and my son has a headache", month=JANUARY).priority == "emergency"
