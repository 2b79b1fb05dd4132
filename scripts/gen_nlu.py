"""Generate the varied Danish/English NLU training data in data/nlu/generated.yml (seeded; output is committed)."""
# ruff: noqa: E501  (phrase tables read better unwrapped)

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "nlu" / "generated.yml"
SEED = 20261126
PER_CATEGORY = 100  # examples per repair category and language
PER_INTENT = 60  # examples per conversational intent and language
PER_INFORM = 260

ROOMS = {
    "en": ["in the kitchen", "in the bathroom", "in my bedroom", "in the living room", "in the hall", "in the kids room",
           "in the lounge", "upstairs", "in the spare room", "in the toilet", "in my sons room", "in the flat"],
    "da": ["i køkkenet", "på badeværelset", "i soveværelset", "i stuen", "i entreen", "i gangen", "i børneværelset",
           "på toilettet", "i værelset", "ude på badet", "i lejligheden", "i min datters værelse"],
}

# Core problem phrases; "{r}" takes an optional room.
REPAIRS: dict[str, dict[str, list[str]]] = {
    "heating": {
        "en": ["no heating", "no heat", "heating not working", "the heating is broken", "heating has stopped working",
               "all the radiators are cold", "radiator {r} is cold", "the radiator {r} won't get warm",
               "radiator {r} is stone cold", "heating keeps cutting out", "the flat is freezing, heating is off",
               "boiler won't fire up so no heating", "thermostat doesn't do anything", "the thermostat is broken",
               "heating stuck on full and i cant turn it down", "radiator valve is broken", "radiators banging",
               "radiators only warm at the bottom", "one radiator isnt working", "heating only works in some rooms",
               "freezing in here the heating died", "heating packed up", "the heating wont come on",
               "storage heaters not working", "district heating unit showing an error", "heater {r} broken",
               "cant turn the radiator off", "radiators are lukewarm at best", "its cold, radiators not heating up",
               "underfloor heating not working"],
        "da": ["ingen varme", "varmen virker ikke", "radiatoren {r} er kold", "radiatorerne er kolde",
               "alle radiatorer er kolde", "varmen er gået", "der er ingen varme i lejligheden",
               "det er iskoldt her, varmen er død", "fjernvarmen virker ikke", "radiatoren {r} bliver ikke varm",
               "termostaten er gået i stykker", "kan ikke skrue ned for varmen", "radiatoren larmer",
               "radiatoren er kun varm i bunden", "varmen virker kun i nogle af rummene",
               "en af radiatorerne virker ikke", "fjernvarmeunitten blinker rødt", "termostaten kan ikke drejes",
               "radiatorventilen er i stykker", "varmen er slukket og vi fryser",
               "det er koldt i lejligheden, radiatorerne virker ikke", "varmen står på fuld og kan ikke slukkes",
               "radiatoren klukker og bliver ikke varm", "gulvvarmen virker ikke", "der er ikke kommet varme på",
               "radiatoren {r} er lunken", "varmeanlægget er gået i stå", "vi fryser, varmen fungerer ikke",
               "radiatoren {r} varmer ikke", "varmen kører ikke"],
    },
    "hot_water": {
        "en": ["no hot water", "hot water not working", "only cold water coming out the taps",
               "shower is freezing cold", "the shower only runs cold", "no hot water in the shower",
               "hot water tank is broken", "water heater isn't working", "the hot tap runs cold",
               "hot water is only lukewarm", "water never gets hot", "boiler isnt giving any hot water",
               "cant get any hot water", "hot water goes cold after a minute", "hot water is scalding and cant adjust it",
               "immersion heater not working", "no hot water for a shower", "the hot water has gone",
               "hot tap {r} only gives cold water", "cylinder not heating the water"],
        "da": ["ingen varmt vand", "der er ikke noget varmt vand", "det varme vand virker ikke",
               "der kommer kun koldt vand", "bruseren er iskold", "kun koldt vand i bruseren",
               "varmtvandsbeholderen er i stykker", "vandvarmeren virker ikke", "det varme vand er kun lunkent",
               "vandet bliver aldrig varmt", "det varme vand forsvinder efter to minutter",
               "det varme vand er skoldhedt og kan ikke reguleres", "den varme hane giver kun koldt vand",
               "vi har ikke haft varmt vand i tre dage", "intet varmt vand", "varmtvandet fungerer ikke",
               "bruseren bliver ikke varm", "det varme vand er væk", "der kommer ikke varmt vand ud af hanen {r}",
               "vvb'en er gået i stykker"],
    },
    "water": {
        "en": ["tap {r} is dripping", "the kitchen tap is leaking", "leak under the sink", "pipe burst {r}",
               "water pouring through the ceiling", "water coming through from the flat above", "pipe leaking {r}",
               "the toilet cistern keeps running", "toilet wont stop filling", "water leaking from the washing machine pipe",
               "water all over the floor {r}", "bathroom is flooded", "flooding {r}", "burst pipe help",
               "cant turn off the stopcock", "no water coming out of the taps", "no water at all", "water supply is off",
               "the tap is loose", "tap won't turn off", "pipe under the bath leaking slowly", "low water pressure",
               "the water is brown", "water dripping from the ceiling {r}", "leak behind the toilet",
               "water gushing out from under the sink", "the tap is stuck", "small leak from the radiator pipe"],
        "da": ["vandhanen drypper", "hanen {r} løber hele tiden", "utæt rør under vasken", "et rør er sprunget {r}",
               "der fosser vand ud", "vand løber gennem loftet", "der kommer vand fra overboen", "røret drypper {r}",
               "toilettet løber hele tiden", "cisternen stopper ikke med at løbe", "der er vand over hele gulvet {r}",
               "badeværelset står under vand", "oversvømmelse {r}", "sprunget rør hjælp", "kan ikke lukke for vandet",
               "der kommer ikke noget vand ud af hanerne", "vi har intet vand", "vandet er lukket",
               "vandhanen sidder løs", "hanen kan ikke lukkes", "lavt vandtryk", "vandet er brunt",
               "det drypper fra loftet {r}", "slangen til vaskemaskinen er utæt", "lækage under køkkenvasken",
               "der er et lille læk ved toilettet", "vandhanen er utæt", "det sprøjter vand ud af røret"],
    },
    "drainage": {
        "en": ["toilet is blocked", "toilet won't flush", "sink is blocked", "kitchen sink won't drain",
               "shower drain blocked", "bath won't empty", "drain smells awful", "sewage coming up through the shower",
               "our only toilet is blocked", "toilet overflowing", "water backing up in the sink",
               "blocked drain outside", "the toilet is clogged", "loo is blocked", "bathroom smells of sewage",
               "the plughole is blocked", "drains gurgling", "dirty water coming up in the bath",
               "outside drain overflowing", "sink {r} draining really slowly", "toilet wont go down"],
        "da": ["toilettet er stoppet", "toilettet kan ikke skylle ud", "vasken er stoppet",
               "køkkenvasken løber ikke ud", "afløbet i bruseren er stoppet", "badekarret bliver ikke tømt",
               "det lugter af kloak", "kloakvand kommer op af afløbet", "vores eneste toilet er stoppet",
               "toilettet løber over", "vandet står i vasken", "afløbet udenfor er tilstoppet", "wc'et er stoppet",
               "der er stop i afløbet", "det klukker i afløbet", "beskidt vand kommer op i bruseren",
               "gulvafløbet er stoppet", "vasken {r} løber langsomt ud", "toilettet er tilstoppet",
               "der er stop i toilettet", "det stinker fra afløbet"],
    },
    "electrical": {
        "en": ["no power", "power's gone in the whole flat", "sockets {r} not working", "the lights {r} don't work",
               "light keeps flickering", "fuse keeps tripping", "rcd keeps tripping", "trip switch keeps going",
               "socket is sparking", "burning smell from the socket", "plug socket hanging off the wall",
               "exposed wires {r}", "light switch is broken", "the socket is scorched", "all the electrics are off",
               "half the flat has no power", "socket got hot and melted", "got a shock from the light switch",
               "the fuse box is buzzing", "outside light not working", "power keeps going off", "no electricity",
               "ceiling light {r} stopped working", "the plug sockets are dead", "switch {r} sparks when i use it"],
        "da": ["ingen strøm", "strømmen er gået i hele lejligheden", "stikkontakterne {r} virker ikke",
               "lyset {r} virker ikke", "lyset blinker hele tiden", "HFI-relæet slår fra hele tiden",
               "sikringen springer hele tiden", "der slår gnister fra stikkontakten",
               "det lugter brændt fra stikkontakten", "stikkontakten hænger ud af væggen",
               "der stikker ledninger ud af væggen {r}", "kontakten til lyset er gået i stykker",
               "stikkontakten er sort og sveden", "hele elinstallationen er død",
               "halvdelen af lejligheden har ingen strøm", "stikket blev varmt og smeltede",
               "jeg fik stød af kontakten", "eltavlen summer", "hfi relæet kan ikke slås til igen",
               "strømmen går hele tiden", "lampen {r} virker ikke", "der er ingen el", "stikkontakterne er døde",
               "lyskontakten {r} giver gnister", "udendørslampen virker ikke"],
    },
    "gas": {
        "en": ["smell gas", "i can smell gas {r}", "strong smell of gas", "gas leak", "gas smell by the cooker",
               "CO alarm going off", "carbon monoxide alarm beeping", "the co detector keeps going off",
               "smells like gas in the hallway", "i think there is a gas leak", "hissing from the gas pipe",
               "smell of gas near the meter", "the gas cooker won't light", "pilot light keeps going out",
               "gas hob clicking but no flame", "gas boiler smells funny", "gas fire won't turn on"],
        "da": ["det lugter af gas", "jeg kan lugte gas {r}", "stærk gaslugt", "gaslækage", "gaslugt ved komfuret",
               "co alarmen hyler", "kulilte alarmen bipper", "kulilte-alarmen går", "det lugter som gas i opgangen",
               "tror der er et gasudslip", "det suser fra gasrøret", "gaskomfuret vil ikke tænde",
               "gasfyret går ud hele tiden", "det lugter af gas ved måleren", "gasblusset tænder ikke",
               "co-alarmen piber", "lugter gas {r}"],
    },
    "doors_windows": {
        "en": ["front door won't lock", "can't lock my front door", "someone broke in and the door is smashed",
               "there was a break in", "the window {r} won't close", "window is cracked", "window smashed",
               "door handle fell off", "key snapped in the lock", "the back door won't shut",
               "door hanging off its hinges", "window latch broken", "glass in the balcony door is cracked",
               "the window won't open", "draught coming through the window", "door is sticking", "letterbox broken",
               "patio door won't lock", "my lock is broken", "front door doesnt close properly",
               "window {r} is stuck open", "the door frame is split after a break in"],
        "da": ["hoveddøren kan ikke låses", "jeg kan ikke låse min dør", "der har været indbrud og døren er smadret",
               "indbrud i lejligheden", "vinduet {r} kan ikke lukkes", "der er en revne i ruden", "vinduet er knust",
               "dørhåndtaget er faldet af", "nøglen er knækket i låsen", "bagdøren kan ikke lukke",
               "døren hænger skævt", "vindueshaspen er i stykker", "glasset i altandøren er revnet",
               "vinduet kan ikke åbnes", "det trækker fra vinduet", "døren binder", "brevsprækken er i stykker",
               "låsen er i stykker", "altandøren kan ikke låses", "hoveddøren lukker ikke ordentligt",
               "vinduet {r} sidder fast", "dørkarmen er flækket efter indbrud"],
    },
    "fire_safety": {
        "en": ["smoke alarm keeps beeping", "the smoke detector is chirping", "smoke alarm not working",
               "smoke alarm going off for no reason", "fire in the kitchen", "there's a fire", "flat is on fire",
               "smoke coming from the flat below", "the fire door won't close", "fire alarm in the building is going off",
               "fire extinguisher in the hallway is missing", "smoke alarm fell off the ceiling",
               "smoke detector needs a new battery", "heat alarm beeping", "smoke alarm {r} is broken"],
        "da": ["røgalarmen bipper", "røgalarmen piber hele tiden", "røgalarmen virker ikke",
               "røgalarmen hyler uden grund", "det brænder i køkkenet", "der er ild i lejligheden",
               "der kommer røg fra lejligheden nedenunder", "branddøren lukker ikke", "brandalarmen i opgangen går",
               "brandslukkeren i gangen mangler", "røgalarmen er faldet ned", "røgalarmen skal have nyt batteri",
               "røgmelderen blinker rødt", "røgalarmen {r} er i stykker", "der er brand"],
    },
    "structure": {
        "en": ["big crack in the wall", "part of the ceiling fell down", "ceiling has collapsed",
               "ceiling is bulging and sagging", "balcony railing is loose", "plaster falling off the ceiling {r}",
               "floorboards are broken", "roof is leaking", "the stairs are broken", "crack in the ceiling getting bigger",
               "the wall is cracking", "bricks falling off the outside wall", "loose tiles on the roof",
               "floor is sagging {r}", "the balcony is crumbling", "hole in the wall {r}"],
        "da": ["stor revne i væggen", "en del af loftet er faldet ned", "loftet er styrtet sammen",
               "loftet buler og hænger", "altangelænderet sidder løst", "pudset falder af loftet {r}",
               "gulvbrædderne er knækket", "taget er utæt", "trappen er i stykker", "revnen i loftet bliver større",
               "væggen slår revner", "der falder mursten ned fra facaden", "tagsten er blæst af",
               "gulvet synker {r}", "altanen smuldrer", "hul i væggen {r}"],
    },
    "damp_mould": {
        "en": ["mould {r}", "black mould on the walls", "damp patches on the ceiling",
               "condensation on the windows every morning", "mould around the window", "the walls are wet {r}",
               "musty smell and mould", "mould in the bathroom making my asthma worse", "kids keep coughing from the mould",
               "damp {r}", "mildew on the ceiling", "mold growing behind the wardrobe", "rising damp",
               "black spots all over the wall {r}", "clothes going mouldy in the wardrobe"],
        "da": ["skimmel {r}", "sort skimmel på væggene", "fugtpletter i loftet", "kondens på vinduerne hver morgen",
               "skimmelsvamp ved vinduet", "væggene er våde {r}", "det lugter muggent og der er skimmel",
               "skimmel på badeværelset, min astma bliver værre", "børnene hoster pga skimmel", "fugt {r}",
               "mug i loftet", "skimmel bag skabet", "grundfugt", "sorte pletter på hele væggen {r}",
               "tøjet bliver muggent i skabet"],
    },
    "fixtures": {
        "en": ["kitchen cupboard door fell off", "oven not working", "cooker broken", "extractor fan broken",
               "tile came off {r}", "bathroom tiles cracked", "the toilet seat is broken", "shelf fell down",
               "worktop is damaged", "drawer broken", "bath panel came off", "towel rail fell off the wall",
               "the extractor fan in the bathroom is dead", "hob doesn't heat up", "the fridge stopped working",
               "washing machine broken", "curtain rail fell down", "wardrobe door broken", "sink is loose from the wall",
               "dishwasher not working", "cupboard hinge broken {r}"],
        "da": ["køkkenskabslågen er faldet af", "ovnen virker ikke", "komfuret er i stykker", "emhætten virker ikke",
               "en flise er faldet af {r}", "fliserne er revnet", "toiletsædet er knækket", "hylden er faldet ned",
               "bordpladen er ødelagt", "skuffen er gået i stykker", "panelet på badekarret er faldet af",
               "håndklædeholderen er faldet af væggen", "ventilatoren på badeværelset virker ikke",
               "kogepladerne bliver ikke varme", "køleskabet virker ikke", "vaskemaskinen er i stykker",
               "gardinstangen er faldet ned", "skabslågen hænger skævt", "håndvasken sidder løst",
               "opvaskemaskinen virker ikke", "hængslet på skabet {r} er knækket"],
    },
    "communal": {
        "en": ["lift is broken", "lift out of order again", "someone is stuck in the lift", "my dad is trapped in the lift",
               "lights in the stairwell are out", "entry phone not working", "buzzer doesn't work",
               "main entrance door to the block won't close", "bin store is overflowing", "rubbish chute blocked",
               "machine in the laundry room broken", "communal hallway light broken", "car park lights are out",
               "communal door broken so anyone can walk in", "lift stuck between floors with people inside",
               "intercom is dead", "the stairwell is filthy and the light is out", "lift keeps stopping"],
        "da": ["elevatoren virker ikke", "elevatoren er i stykker igen", "der sidder en fast i elevatoren",
               "min far er fanget i elevatoren", "lyset i opgangen er gået", "dørtelefonen virker ikke",
               "dørklokken virker ikke", "opgangsdøren kan ikke lukke", "affaldsrummet flyder over",
               "skakten er stoppet", "maskinen i vaskeriet er i stykker", "lyset på trappen virker ikke",
               "lyset på parkeringspladsen er gået", "fællesdøren er i stykker så alle kan komme ind",
               "elevatoren sidder fast mellem to etager med folk i", "porttelefonen er død",
               "lyset i kælderen virker ikke", "elevatoren stopper hele tiden"],
    },
    "pests": {
        "en": ["mice {r}", "rats in the kitchen", "i saw a rat in the flat", "cockroaches {r}", "bed bugs",
               "wasps nest by the window", "ants everywhere in the kitchen", "mouse droppings in the cupboards",
               "rats in the garden", "fleas", "silverfish in the bathroom", "pigeons nesting on the balcony",
               "something scratching in the walls, think its rats", "we have a mouse problem", "bugs {r}"],
        "da": ["mus {r}", "rotter i køkkenet", "jeg har set en rotte i lejligheden", "kakerlakker {r}", "væggelus",
               "hvepsebo ved vinduet", "myrer overalt i køkkenet", "muselort i skabene", "rotter i gården", "lopper",
               "sølvfisk på badeværelset", "duer bygger rede på altanen", "det kradser i væggene, tror det er rotter",
               "vi har problemer med mus", "kryb {r}"],
    },
}

OPENERS = {
    "en": ["", "", "", "hi ", "hello, ", "sorry to bother you but ", "hi there ", "good evening. ", "evening, ",
           "help ", "urgent - ", "please help, ", "hi i live in flat 4 and ", "Dear Sir/Madam, I wish to report that ",
           "hello im writing because ", "hiya ", "not sure who to tell but ", "me again, ", "hey ",
           "Good evening, I am sorry to write so late but "],
    "da": ["", "", "", "hej ", "hej, ", "goddag. ", "undskyld jeg skriver så sent men ", "hejsa ", "godaften. ",
           "hjælp ", "akut! ", "Til rette vedkommende. Jeg skal meddele at ", "hej jeg bor i nr 12 og ",
           "hallo ", "ved ikke hvem jeg skal skrive til men ", "det er mig igen, ", "hej med jer ",
           "Godaften, undskyld at jeg skriver så sent, men "],
}
CLOSERS = {
    "en": ["", "", "", " please", " can someone come", " can you send someone", " asap", " pls help",
           " since yesterday", " for 2 days now", " what do i do", ". Thank you.", " its really bad", " again",
           ". Kind regards", " started last night", " i have tried everything", " landlord said to text this number",
           " we have two small kids", " can someone look at it tomorrow"],
    "da": ["", "", "", " kan i komme", " kan der komme en", " hurtigst muligt", " hjælp", " siden i går",
           " i 2 dage nu", " hvad gør jeg", ". Mvh", " igen", " tak", ". Venlig hilsen", " startede i nat",
           " jeg har prøvet alt", " vi har to små børn", " kan nogen kigge på det i morgen",
           " det er rigtig slemt"],
}

SMS_EN = [(r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bare\b", "r"), (r"\bfor\b", "4"), (r"\btonight\b", "2nite"),
          (r"\bthanks\b", "thx"), (r"\bcan't\b", "cant"), (r"\bwon't\b", "wont"), (r"\bdon't\b", "dont"),
          (r"\bthere's\b", "theres"), (r"\bi'm\b", "im"), (r"\bbecause\b", "cos")]
SMS_DA = [(r"\bikke\b", "ik"), (r"\bogså\b", "osse"), (r"\bdet\b", "d"), (r"\bnoget\b", "noget"), (r"\bmeget\b", "meget"),
          (r"\bjeg\b", "jeg"), (r"\bhar\b", "ha"), (r"\bder er\b", "der er"), (r"\btak\b", "tak")]
NON_NATIVE = [(r"\bthe ", ""), (r"\bis not working\b", "not working"), (r"\bis\b", ""), (r"\bmy\b", "my"),
              (r"\bdoesn't\b", "not"), (r"\bwon't\b", "not"), (r"\bi have\b", "i am having")]


def fold_ae(text: str) -> str:
    return text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("Æ", "Ae").replace("Ø", "Oe") \
        .replace("Å", "Aa")


def fold_o(text: str) -> str:
    return text.replace("æ", "a").replace("ø", "o").replace("å", "a").replace("Æ", "A").replace("Ø", "O") \
        .replace("Å", "A")


def typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.choice(("swap", "drop", "double", "near"))
    if op == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif op == "drop":
        w = w[:j] + w[j + 1:]
    elif op == "double":
        w = w[:j] + w[j] + w[j:]
    else:
        near = {"a": "s", "e": "r", "i": "o", "o": "p", "n": "m", "t": "r", "s": "d", "r": "t", "l": "k"}
        w = w[:j] + near.get(w[j], w[j]) + w[j + 1:]
    words[i] = w
    return " ".join(words)


def noisy(rng: random.Random, text: str, lang: str) -> str:
    """A tenant's version of a clean sentence: case, æøå, SMS-speak, typos, punctuation."""
    if lang == "da":
        roll = rng.random()
        if roll < 0.25:
            text = fold_ae(text)
        elif roll < 0.45:
            text = fold_o(text)
        if rng.random() < 0.2:
            for pat, rep in SMS_DA:
                text = re.sub(pat, rep, text)
    else:
        if rng.random() < 0.25:
            for pat, rep in SMS_EN:
                text = re.sub(pat, rep, text)
        elif rng.random() < 0.12:
            for pat, rep in NON_NATIVE:
                text = re.sub(pat, rep, text)
            text = re.sub(r"\s+", " ", text).strip()
    if rng.random() < 0.3:
        text = typo(rng, text)
    roll = rng.random()
    if roll < 0.55:
        text = text.lower()
    elif roll < 0.65:
        text = text.upper() if len(text) < 40 else text
    elif roll < 0.85:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.15:
        text = text.rstrip(".") + rng.choice(["!!", "?", "...", " !", "."])
    return re.sub(r"\s+", " ", text).strip()


def fill_room(rng: random.Random, phrase: str, lang: str) -> str:
    room = rng.choice(ROOMS[lang]) if rng.random() < 0.6 else ""
    return re.sub(r"\s+", " ", phrase.replace("{r}", room)).strip()


def repair_examples(rng: random.Random, category: str, lang: str) -> list[str]:
    phrases = REPAIRS[category][lang]
    out: list[str] = []
    seen: set[str] = set()
    # Every core phrase once, plain or lightly noisy: the short "two word" reports.
    for phrase in phrases:
        candidates = [fill_room(rng, phrase, lang), noisy(rng, fill_room(rng, phrase, lang), lang)]
        for c in candidates:
            if c.lower() not in seen:
                seen.add(c.lower())
                out.append(c)
    tries = 0
    while len(out) < PER_CATEGORY and tries < PER_CATEGORY * 20:
        tries += 1
        core = fill_room(rng, rng.choice(phrases), lang)
        if rng.random() < 0.15:
            # A rambling message: two symptoms of the same fault.
            core = core + (" and " if lang == "en" else " og ") + fill_room(rng, rng.choice(phrases), lang)
        text = noisy(rng, rng.choice(OPENERS[lang]) + core + rng.choice(CLOSERS[lang]), lang)
        if text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


CONVERSATION: dict[str, dict[str, list[str]]] = {
    "greet": {
        "en": ["hi", "hello", "hey", "good evening", "good morning", "hiya", "hi there", "evening", "hello?",
               "anyone there?", "hey bot", "hello is anyone there", "good afternoon", "hi, hello", "morning"],
        "da": ["hej", "hejsa", "godaften", "goddag", "godmorgen", "hallo", "hej med dig", "halløj", "dav",
               "hej er der nogen", "godeftermiddag", "hallo er der nogen", "hey", "hejsa med jer"],
    },
    "goodbye": {
        "en": ["bye", "goodbye", "see you", "bye then", "good night", "that's all", "bye bye", "ok bye",
               "thats everything, bye", "talk later", "night", "gotta go", "cheers, bye"],
        "da": ["farvel", "vi ses", "godnat", "det var det", "hav en god aften", "farvel og tak", "hav det godt",
               "ok farvel", "det var alt", "snakkes", "god nat", "vi snakkes"],
    },
    "thank": {
        "en": ["thanks", "thank you", "thx", "ty", "thanks a lot", "cheers", "great thanks", "thank you so much",
               "much appreciated", "brilliant, thank you", "ok thanks", "thanks for your help", "lovely, thanks"],
        "da": ["tak", "mange tak", "tusind tak", "tak for hjælpen", "tak skal du have", "super tak", "fint tak",
               "det var godt, tak", "okay tak", "tak tak", "1000 tak", "dejligt tak"],
    },
    "affirm": {
        "en": ["yes", "yeah", "yep", "correct", "that's right", "sure", "yes please", "yes it is", "exactly", "right",
               "yup", "ya", "that is correct", "yes thats me", "indeed", "absolutely"],
        "da": ["ja", "jep", "jo", "korrekt", "det er rigtigt", "ja tak", "præcis", "ja det passer", "jaa", "jeps",
               "ja det er korrekt", "ja gerne", "helt rigtigt", "ja det er mig", "yes"],
    },
    "deny": {
        "en": ["no", "nope", "no thanks", "that's wrong", "not really", "no it isn't", "nah", "no thank you",
               "thats not right", "no, wrong", "negative", "not that"],
        "da": ["nej", "nej tak", "ikke rigtigt", "nix", "det passer ikke", "nej det er forkert", "næ", "nej nej",
               "forkert", "det er ikke rigtigt", "nej ikke det", "neej"],
    },
    "check_status": {
        "en": ["what's happening with my repair", "any update on {ref}", "when is someone coming",
               "status of my report", "did you get my report", "has anyone been assigned to my job",
               "ref {ref}", "any news about the repair i reported", "is someone coming tonight",
               "what is the status of {ref}", "i reported a leak yesterday, any update", "where is the plumber",
               "check my repair status please", "has my job been booked", "how long until someone comes"],
        "da": ["hvad sker der med min sag", "status på {ref}", "hvornår kommer der nogen", "har i modtaget min anmeldelse",
               "er der nyt om min reparation", "sag {ref}", "hvornår kommer håndværkeren",
               "hvad er status på {ref}", "jeg anmeldte et utæt rør i går, hvad sker der", "hvor bliver vvs'eren af",
               "tjek min sag tak", "er min sag blevet booket", "hvor lang tid går der før der kommer nogen",
               "hvad er status", "er der sket noget med min anmeldelse"],
    },
    "cancel_report": {
        "en": ["cancel my report", "cancel it", "please cancel the repair", "it's fixed, no need to come",
               "forget it, sorted now", "i want to withdraw my request", "don't send anyone", "never mind its working again",
               "cancel {ref}", "please cancel the job, my son fixed it", "no longer needed, cancel",
               "you can cancel the repair"],
        "da": ["annuller", "annuller min anmeldelse", "slet min sag", "det er ordnet, i behøver ikke komme",
               "glem det, det virker igen", "jeg vil gerne trække min anmeldelse tilbage", "send ikke nogen",
               "annuller {ref}", "annuller sagen, min søn har fikset det", "det er ikke nødvendigt længere, annuller",
               "i kan godt annullere reparationen", "drop det, det er ordnet"],
    },
    "talk_to_human": {
        "en": ["can i speak to a person", "i want a human", "real person please", "let me talk to someone",
               "can someone call me", "is there a person i can call", "agent", "operator", "speak to staff",
               "i dont want a robot", "put me through to someone", "can i ring someone", "i need to talk to a human",
               "give me a phone number"],
        "da": ["kan jeg tale med et menneske", "jeg vil tale med en person", "giv mig en rigtig person",
               "kan nogen ringe mig op", "må jeg få et telefonnummer", "medarbejder tak", "vil gerne snakke med en",
               "jeg vil ikke snakke med en robot", "kan jeg ringe til nogen", "jeg skal tale med et menneske",
               "stil mig om til en medarbejder", "hvem kan jeg ringe til", "kan jeg få fat i en person"],
    },
    "out_of_scope": {
        "en": ["i want to pay my rent", "when is rent due", "my neighbour plays loud music every night",
               "someone keeps parking in my space", "the neighbours are fighting", "can i get a bigger flat",
               "how do i apply for housing benefit", "can i get a parking permit", "what's the weather tomorrow",
               "i want to move out", "can i have a pet", "the neighbours dog barks all night", "who won the match",
               "how do i change my bank details for rent", "noise complaint", "there's a car blocking the driveway",
               "i need a letter for the council", "can i sublet my flat", "tell me a joke", "my rent went up why",
               "anti social behaviour outside my block", "kids making noise in the hallway"],
        "da": ["hvornår skal huslejen betales", "jeg vil betale husleje", "naboen spiller høj musik hver nat",
               "der holder altid nogen på min p-plads", "naboerne skændes", "kan jeg få en større lejlighed",
               "hvordan søger jeg boligstøtte", "hvordan får jeg en p-tilladelse", "hvordan bliver vejret i morgen",
               "jeg vil opsige min lejlighed", "må jeg have hund", "naboens hund gør hele natten",
               "hvornår er der beboermøde", "jeg vil skifte til en anden bolig", "klage over støj",
               "der holder en bil foran indkørslen", "kan jeg fremleje min lejlighed", "fortæl en vittighed",
               "hvorfor er min husleje steget", "unge larmer i opgangen", "hvornår er der afdelingsmøde",
               "jeg skal bruge en huslejekvittering"],
    },
    "ask_why": {
        "en": ["why do you need that", "why", "why do you want my name", "what do you need my number for",
               "why is that important", "whats that got to do with anything", "why do you ask", "why?",
               "what do you need that for", "why do you need my address", "is that necessary",
               "why are you asking me that"],
        "da": ["hvorfor", "hvorfor skal i bruge det", "hvad skal i bruge mit nummer til", "hvorfor vil du vide det",
               "hvorfor spørger du om det", "hvad skal du bruge mit navn til", "hvorfor?", "er det nødvendigt",
               "hvorfor skal i have min adresse", "hvad skal det bruges til", "hvorfor spørger i",
               "hvad vil i med det"],
    },
    "switch_language": {
        "en": ["english please", "in english", "can we speak english", "i don't speak danish", "english?",
               "do you speak english", "switch to english", "please write in english", "can you write in danish",
               "danish please", "sorry no danish, english pls", "i dont understand, english"],
        "da": ["på dansk tak", "dansk", "kan du skrive på dansk", "jeg forstår ikke engelsk", "skriv dansk",
               "kan vi tale dansk", "dansk tak", "kan du skifte til dansk", "kan du skrive engelsk",
               "engelsk tak", "skriv venligst på dansk", "jeg kan ikke engelsk, dansk tak"],
    },
    "help": {
        "en": ["help", "what can you do", "how does this work", "what is this", "menu", "options", "what can i ask",
               "info", "what is this number for", "how do i use this", "who am i talking to", "help me"],
        "da": ["hjælp", "hvad kan du", "hvordan virker det her", "hvad er det her", "menu", "muligheder",
               "hvad kan jeg spørge om", "info", "hvad er det her nummer", "hvordan bruger jeg det her",
               "hvem taler jeg med", "hjælp mig"],
    },
}

# Second round of phrasings: answers and requests tenants word in many ways (rooms with a detail, keys with a
# neighbour, "use this number", noise and parking in other words).
MORE_CONVERSATION: dict[str, dict[str, list[str]]] = {
    "deny": {
        "en": ["not at all", "absolutely not", "no way", "no no no", "definitely not"],
        "da": ["slet ikke", "nej slet ikke", "bestemt ikke", "nej nej nej", "nej ikke rigtig"],
    },
    "check_status": {
        "en": ["did my message come through", "has anyone read my message", "when is the electrician coming",
               "is the repair booked in", "still waiting for someone to come", "any idea when you will fix it",
               "nobody came yesterday, what is happening"],
        "da": ["er min besked kommet igennem", "har nogen læst min besked", "hvornår kommer elektrikeren",
               "er reparationen booket", "venter stadig på at der kommer nogen", "hvornår bliver det lavet",
               "der kom ingen i går, hvad sker der"],
    },
    "talk_to_human": {
        "en": ["i would like to speak to somebody", "can i talk to the caretaker", "i need a real person not a bot",
               "who can i phone"],
        "da": ["jeg vil gerne snakke med en person", "kan jeg tale med viceværten", "jeg skal bruge et rigtigt menneske",
               "hvilket nummer kan jeg ringe til"],
    },
    "out_of_scope": {
        "en": ["the upstairs neighbour stomps around all night", "someone is parked in front of my garage",
               "i want to do a mutual exchange", "can i move to a different flat", "council tax question",
               "i am behind with my rent", "can i paint my living room", "can i put up a satellite dish",
               "my benefits have stopped", "the party next door is too loud"],
        "da": ["overboen tramper rundt hele natten", "der står en bil parkeret foran min garage", "jeg vil gerne bytte bolig",
               "kan jeg flytte til en anden lejlighed", "jeg er bagud med huslejen", "må jeg male stuen",
               "må jeg sætte en parabol op", "min boligstøtte er stoppet", "festen ved siden af larmer for meget",
               "spørgsmål om kontanthjælp"],
    },
    "help": {
        "en": ["what is this service", "what do you do", "what can i use this for"],
        "da": ["hvad er det for en service", "hvad laver du", "hvad kan jeg bruge det her til"],
    },
}
for _intent, _langs in MORE_CONVERSATION.items():
    for _lang, _phrases in _langs.items():
        CONVERSATION[_intent][_lang].extend(_phrases)

FIRST = ["Anna", "Mette", "Lars", "Jens", "Fatima", "Ahmed", "Kirsten", "Søren", "Birgitte", "Ole", "Mohammed",
         "Sarah", "John", "Emma", "David", "Priya", "Tomasz", "Grace", "Olu", "Karen", "Mark", "Aisha", "Niels", "Hanne"]
LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Smith", "Jones", "Taylor", "Brown",
        "Hussein", "Kowalski", "Khan", "Williams", "Poulsen", "Mortensen", "Okafor", "Patel", "Yilmaz", "Møller"]
DA_STREETS = ["Hovedgaden", "Stationsvej", "Søndergade", "Byvej", "Kirkevej", "Skolevej", "Parkvej", "Engvej",
              "Ågade", "Østerbrogade", "Nørregade", "Vestergade", "Rådhusvej", "Glostrup Vej"]
UK_STREETS = ["Harmans Water Road", "High Street", "Church Road", "Station Road", "Park Avenue", "Victoria Street",
              "Ashridge Court, Harmans Water Road", "Mill Lane", "Queens Way", "Birch Close"]


def inform_examples(rng: random.Random, lang: str) -> list[str]:
    out: set[str] = set()
    rooms_en = ["kitchen", "bathroom", "bedroom", "living room", "hallway", "the toilet", "kids bedroom", "upstairs",
                "downstairs loo", "lounge", "all rooms", "everywhere", "the whole flat", "hall"]
    rooms_da = ["køkkenet", "badeværelset", "soveværelset", "stuen", "entreen", "gangen", "børneværelset", "toilettet",
                "alle rum", "overalt", "hele lejligheden", "kokkenet", "badevaerelset", "i stuen", "på badet"]
    rooms_en += ["upstairs bathroom", "downstairs toilet", "the small bedroom", "main bedroom", "the en-suite",
                 "the landing", "by the front door", "behind the washing machine", "under the kitchen sink",
                 "kitchen, by the back door", "rear bedroom", "front room", "the bathroom upstairs",
                 "bedroom at the back", "next to the boiler cupboard", "bathroom next to the bath"]
    rooms_da += ["badeværelset ovenpå", "toilettet nedenunder", "det lille værelse", "soveværelset mod gården",
                 "under vasken", "bag vaskemaskinen", "ved hoveddøren", "i entreen ved døren", "badeværelset nedenunder",
                 "i køkkenet ved bagdøren", "værelset ud mod vejen", "i stuen ved altanen", "ude i bryggerset",
                 "ved siden af badekarret", "inde i soveværelset"]
    access_en = ["feel free to use this number", "ring this number", "this number is fine", "text me on this number",
                 "tomorrow morning is fine", "any time after 9", "monday is best", "evenings only",
                 "key is with my neighbour at number 8", "spare key under the mat", "the code for the key box is 4821",
                 "my daughter will let you in", "im in all week", "after school pick up, so after 4",
                 "im home all day", "after 4pm", "we have a dog", "key is in the key safe, code 1234",
                 "ring the bell twice", "any time tomorrow morning", "i work till 5", "home after 6 tonight",
                 "there is a cat, please dont let her out", "my neighbour in flat 3 has a key", "anytime",
                 "mornings are best", "I am disabled so please knock loudly", "just call before you come",
                 "tomorrow between 8 and 12", "not before 10 am please", "we are in all weekend"]
    access_da = ["brug bare nummeret her", "ring på dette nummer", "det her nummer er fint", "skriv til mig her",
                 "i morgen tidlig er fint", "når som helst efter kl 9", "mandag passer bedst", "kun om aftenen",
                 "naboen i nr 8 har nøglen", "der ligger en ekstranøgle under måtten", "koden til nøgleboksen er 4821",
                 "min datter lukker jer ind", "jeg er hjemme hele ugen", "efter jeg har hentet børn, så efter kl 16",
                 "jeg er hjemme hele dagen", "efter kl 16", "vi har en hund", "nøglen ligger i nøgleboksen, kode 1234",
                 "ring på to gange", "i morgen formiddag", "jeg arbejder til kl 17", "hjemme efter kl 18 i aften",
                 "vi har en kat, lad den ikke slippe ud", "naboen på 3. sal har en nøgle", "når som helst",
                 "helst om morgenen", "jeg går dårligt så bank hårdt på", "ring inden i kommer",
                 "i morgen mellem 8 og 12", "ikke før kl 10", "vi er hjemme hele weekenden"]
    for _ in range(PER_INFORM * 3):
        if len(out) >= PER_INFORM:
            break
        kind = rng.choice(("room", "room", "address", "address", "name", "name", "phone", "access", "access"))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if lang == "en":
            if kind == "room":
                text = rng.choice(["", "in the ", "its in the ", "the "]) + rng.choice(rooms_en)
            elif kind == "address":
                n = rng.randint(1, 120)
                text = rng.choice([f"{n} {rng.choice(UK_STREETS)}", f"Flat {rng.randint(1, 40)}, {rng.choice(UK_STREETS)}",
                                   f"{n} {rng.choice(UK_STREETS)}, Bracknell RG12 {rng.randint(1, 9)}PT",
                                   f"flat {rng.randint(1, 40)} {n} {rng.choice(UK_STREETS).lower()}",
                                   f"i live at {n} {rng.choice(UK_STREETS)}"])
            elif kind == "name":
                text = rng.choice([f"{first} {last}", f"my name is {first} {last}", f"its {first}", f"{first}",
                                   f"I'm {first} {last}", f"Mrs {last}", f"this is {first} {last}",
                                   f"my names {first.lower()}", f"its {first} here", f"{first} from flat 4"])
            elif kind == "phone":
                text = rng.choice([f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                                   f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                                   "this number", "use this one", "the number im texting from",
                                   f"call me on 07{rng.randint(100000000, 999999999)}"])
            else:
                text = rng.choice(access_en)
        else:
            if kind == "room":
                text = rng.choice(["", "i ", "det er i ", "ude i "]) + rng.choice(rooms_da)
            elif kind == "address":
                n = rng.randint(1, 120)
                text = rng.choice([f"{rng.choice(DA_STREETS)} {n}, {rng.randint(1, 5)}. {rng.choice(['tv', 'th', 'mf'])}",
                                   f"{rng.choice(DA_STREETS)} {n} st tv", f"{rng.choice(DA_STREETS)} {n}, 2600 Glostrup",
                                   f"{rng.choice(DA_STREETS).lower()} {n} {rng.randint(1, 5)} th",
                                   f"jeg bor på {rng.choice(DA_STREETS)} {n}"])
            elif kind == "name":
                text = rng.choice([f"{first} {last}", f"jeg hedder {first} {last}", f"det er {first}", f"{first}",
                                   f"mit navn er {first} {last}", f"{last}", f"{first} {last} her",
                                   f"det er {first} fra nr 12", f"{first.lower()} hedder jeg"])
            elif kind == "phone":
                text = rng.choice([f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                                   f"+45 {rng.randint(20000000, 99999999)}", "dette nummer", "brug det her nummer",
                                   "det nummer jeg skriver fra", f"ring på {rng.randint(20000000, 99999999)}"])
            else:
                text = rng.choice(access_da)
        out.add(noisy(rng, text, lang) if rng.random() < 0.5 else text)
    return sorted(out)


def conversation_examples(rng: random.Random, intent: str, lang: str) -> list[str]:
    phrases = CONVERSATION[intent][lang]
    out: list[str] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < PER_INTENT and tries < PER_INTENT * 20:
        tries += 1
        phrase = rng.choice(phrases).replace("{ref}", str(rng.randint(1000000, 9999999)))
        text = phrase if tries <= len(phrases) else noisy(rng, phrase, lang)
        if text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def block(intent: str, examples: list[str]) -> str:
    lines = [f"- intent: {intent}", "  examples: |"]
    lines += [f"    - {e}" for e in examples]
    return "\n".join(lines)


def build() -> str:
    rng = random.Random(SEED)
    blocks = []
    for category in REPAIRS:
        examples = repair_examples(rng, category, "en") + repair_examples(rng, category, "da")
        blocks.append(block(f"report_repair/{category}", examples))
    for intent in CONVERSATION:
        blocks.append(block(intent, conversation_examples(rng, intent, "en") + conversation_examples(rng, intent, "da")))
    blocks.append(block("inform", inform_examples(rng, "en") + inform_examples(rng, "da")))
    header = "# Generated by `python -m scripts.gen_nlu` (seeded); edit the script, not this file.\nversion: \"3.1\"\nnlu:\n"
    return header + "\n".join(blocks) + "\n"


def main() -> None:
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
