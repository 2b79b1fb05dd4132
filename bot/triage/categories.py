"""The category taxonomy of ../shared/interfaces.md and a keyword lexicon for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.triage.hazard_words import HEATING_WORKS, HOT_WATER_WORKS, NO_WATER_COMING
from bot.triage.text import normalise, skeleton


@dataclass(frozen=True)
class Category:
    """One repair category and every name it goes by: the one table the other tables are read from."""

    key: str  # stored on tickets; Open311's service_code
    label: dict[str, str]  # what staff read in the console (bot/staff/labels.py)
    tenant: dict[str, str]  # a tenant's status reply: "your report about {tenant} ..." (bot/repairs/status.py)
    alert: dict[str, str]  # the page to the on-call team: short, GAS in capitals (bot/alerts/outbox.py)
    service_name: str  # Open311 service_name (bot/repairs/open311.py)
    service_description: str  # Open311 description


TABLE: tuple[Category, ...] = (
    Category("heating", {"da": "Varme", "en": "Heating"}, {"da": "varme", "en": "heating"},
             {"da": "varme", "en": "heating"}, "Heating", "No heating, radiators or thermostat faults"),
    Category("hot_water", {"da": "Varmt vand", "en": "Hot water"}, {"da": "varmt vand", "en": "hot water"},
             {"da": "varmt vand", "en": "hot water"}, "Hot water", "No hot water, water heater faults"),
    Category("water", {"da": "Vand og rør", "en": "Water and pipes"}, {"da": "vand", "en": "water"},
             {"da": "vand/lække", "en": "water/leak"}, "Water and leaks", "Leaks, burst pipes, taps, no water"),
    Category("drainage", {"da": "Afløb og toilet", "en": "Drains and toilets"}, {"da": "afløb", "en": "drains"},
             {"da": "afløb", "en": "drainage"}, "Drains and toilets", "Blocked drains, sinks and toilets"),
    Category("electrical", {"da": "El", "en": "Electrics"}, {"da": "el", "en": "electrics"},
             {"da": "el", "en": "electrics"}, "Electrics", "Power loss, sockets, lights, fuses"),
    Category("gas", {"da": "Gas", "en": "Gas"}, {"da": "gas", "en": "gas"},
             {"da": "GAS", "en": "GAS"}, "Gas", "Gas smell or gas appliance faults"),
    Category("doors_windows", {"da": "Døre, vinduer og låse", "en": "Doors, windows and locks"},
             {"da": "døre/vinduer", "en": "doors/windows"}, {"da": "dør/vindue", "en": "door/window"},
             "Doors and windows", "Broken locks, doors and windows"),
    Category("fire_safety", {"da": "Brandsikkerhed", "en": "Fire safety"}, {"da": "brandsikring", "en": "fire safety"},
             {"da": "brand", "en": "fire"}, "Fire safety", "Smoke alarms, fire doors"),
    Category("structure", {"da": "Bygning (tag, vægge, trapper)", "en": "Structure (roof, walls, stairs)"},
             {"da": "bygning", "en": "building"}, {"da": "bygning", "en": "structure"},
             "Structure", "Roofs, walls, ceilings, stairs"),
    Category("damp_mould", {"da": "Fugt og skimmel", "en": "Damp and mould"}, {"da": "fugt/skimmel", "en": "damp/mould"},
             {"da": "fugt/skimmel", "en": "damp/mould"}, "Damp and mould", "Damp, condensation and mould"),
    Category("fixtures", {"da": "Inventar og hårde hvidevarer", "en": "Fixtures and appliances"},
             {"da": "inventar", "en": "fittings"}, {"da": "inventar", "en": "fixtures"},
             "Fixtures and fittings", "Kitchen, bathroom and other fittings"),
    Category("communal", {"da": "Fællesarealer", "en": "Communal areas"}, {"da": "fællesarealer", "en": "shared areas"},
             {"da": "fællesareal", "en": "communal"}, "Communal areas", "Shared areas, lifts, entrances, lighting"),
    Category("pests", {"da": "Skadedyr", "en": "Pests"}, {"da": "skadedyr", "en": "pests"},
             {"da": "skadedyr", "en": "pests"}, "Pests", "Rats, mice, insects"),
)
BY_KEY: dict[str, Category] = {c.key: c for c in TABLE}
CATEGORIES: tuple[str, ...] = tuple(c.key for c in TABLE)


def name(key: str, kind: str, language: str) -> str:
    """A category's `kind` of name ("label", "tenant", "alert") in `language`; an unknown key is shown as stored."""
    category = BY_KEY.get(key)
    if category is None:
        return key
    names = getattr(category, kind)
    return names.get(language) or names["en"]


GAS = (r"\bgas\b|\bgas(lugt|lak|udslip|komfur|blus|fyr|ovn|maler|ror|kedel|hob|meter|cooker|fire|boiler|leak|pipe|"
       r"ring|supply|smell|sus|flaske|alarm|installation|radiator|varme)\w*|\bgasse[ns]\b")

# Regexes in skeleton() space (æ/ae -> a, ø/oe -> o, å/aa -> a), compiled after the same transformation.
# STRONG terms name the fault's trade on their own ("skimmel", "lift", "hot water"); WEAK ones only hint
# ("wall", "door", "water"). A strong hit outweighs any number of weak ones in other categories.
STRONG: dict[str, tuple[str, ...]] = {
    # A gas appliance named as such ("the gas hob won't light") is the gas engineer's, whatever else it mentions.
    "gas": (GAS, r"\bgas ?(hob|cooker|oven|fire|boiler|komfur\w*|blus\w*|kogeplade\w*|ovn\w*|fyr\w*|kedel\w*)",
            r"\bco[ -]?(alarm|detector|melder)", r"kulilte", r"carbon monoxide", r"rott?en egg",
            r"radne ag"),
    "fire_safety": (r"(smoke|heat|fire) (alarm|detector)", r"rog ?(alarm|melder)\w*", r"brand ?(alarm|melder)\w*",
                    r"fire ?doors?", r"branddor\w*", r"fire extinguisher", r"brandslukker\w*", r"\bflames?\b",
                    r"\bflammer?\b", r"\bon fire\b", r"\bsmoke\b", r"\brog\b", r"\bryger\b", r"det brander\b", r"\bild i\b"),
    "electrical": (r"\bsockets?\b", r"stikkontakt\w*", r"\bfuse\w*", r"sikring\w*", r"\bhfi\w*", r"\brcd\b",
                   r"trip ?switch\w*", r"\bspark\w*", r"\bgnist\w*", r"\bwiring\b", r"ledning\w*", r"\bwires?\b",
                   r"eltavle\w*", r"\belectric(ity|s)?\b", r"\bstrom\w*", r"\bpower\b", r"light ?switch\w*",
                   r"lyskontakt\w*", r"\blight ?bulbs?", r"\bparen\b", r"\bpare\b", r"light fitting", r"\bplugs?\b"),
    "heating": (r"heating", r"radiator\w*", r"\brads?\b", r"\bvarmen\b", r"fjernvarme\w*", r"centralvarme\w*",
                r"termostat\w*", r"thermostat\w*", r"gulvvarme\w*", r"underfloor", r"storage heater\w*",
                r"\bingen varme\b", r"\bno heat\b", r"\bboiler\b"),
    "hot_water": (r"hot water", r"varmt? vand\w*", r"varme vand\w*", r"varmtvand\w*", r"\bvvb\w*", r"water heater",
                  r"vandvarmer\w*", r"immersion", r"\bcylinder\b", r"hot tap", r"varme hane\w*",
                  r"(shower|bruser\w*)( \w+){0,3} (cold|kold\w*|iskold\w*|freezing|lukewarm|lunken)",
                  r"(only|kun|bare) (cold|kold\w*)", r"(nothing|ingenting|intet|ikke noget) (hot|warm|varmt?)\b"),
    "water": (r"\bleak\w*", r"\blak\w*", r"utat\w*", r"\bdrip\w*", r"\bdryp\w*", r"\btaps?\b", r"vandhane\w*",
              r"\bhanen?\b", r"\bhanerne\b", r"\bpipes?\b", r"\brore?t?\b", r"\brorene\b", r"\bburst\w*", r"sprunget",
              r"\bflood\w*", r"oversvom\w*", r"stop ?cock", r"stop ?tap", r"stophane\w*", r"\bcistern\w*",
              r"water pressure", r"vandtryk\w*", r"\bfosser\b", r"\bno water\b", r"\bingen vand\b", r"\bintet vand\b",
              r"\bhose\b", r"\bslange\w*"),
    "drainage": (r"\bdrain\w*", r"afl[o]b\w*", r"\bblocked\b", r"tilstoppet", r"\bstoppet\b", r"\bstop i\b",
                 r"\bclog\w*", r"sewage", r"sewer", r"\bkloak\w*", r"plug ?hole", r"won'?t (drain|flush|go down|empty)",
                 r"wont (drain|flush|go down|empty)", r"(lober|tommes|tomt|skyller)( \w+)? (ikke|langsomt)",
                 r"ikke (ud|af|skylle)", r"\boverflow\w*", r"lober over", r"flyder over", r"\bflush\w*", r"gully"),
    "doors_windows": (r"\bdoors?\b", r"\bdor\b", r"\bdoren\b", r"\bdore\b", r"hoveddor\w*", r"bagdor\w*",
                      r"altandor\w*", r"terrassedor\w*", r"\bwindows?\b", r"vindue\w*", r"\blocks?\b", r"\blas\b",
                      r"\blasen\b", r"break[- ]?in", r"indbrud", r"\bkeys?\b", r"nogle(n|r)?\b", r"\brude\w*",
                      r"\bglass\b", r"\bglas\b", r"letter ?box", r"brevspr\w*", r"\bhinges?\b", r"hangsel\w*",
                      r"\blatch\b", r"\bhasp\w*", r"draught", r"\bdet trakker\b", r"\bkarm\w*", r"door ?handle",
                      r"dorhandtag\w*", r"burgl\w*"),
    "structure": (r"\bceiling\b", r"\bloft(et)?\b", r"collaps\w*", r"styrtet", r"\bcracks?\b", r"\brevne\w*",
                  r"\broof\w*", r"\btag(et)?\b", r"tagsten", r"balcon\w*", r"altan\w*", r"\bstairs?\b", r"trappe\w*",
                  r"trin\b", r"floor ?boards?", r"gulvbrad\w*", r"\bplaster\w*", r"\bpuds\w*", r"brick\w*",
                  r"mursten", r"facade\w*", r"\bsagging\b", r"\bbuler\b", r"railing", r"gelander\w*", r"rakvark\w*",
                  r"\bspongy\b", r"\bsoft\b", r"giver efter", r"\bsynker\b", r"fodliste\w*", r"gulvliste\w*",
                  r"skirting\w*"),
    "damp_mould": (r"\bdamp\b", r"mou?ld\w*", r"\bmold\w*", r"skimmel\w*", r"\bfugt\w*", r"condensation",
                   r"kondens\w*", r"\bsvamp\w*", r"\bmug\w*", r"mildew", r"musty", r"black spots",
                   r"sorte pletter", r"plamage\w*", r"(bliver|blevet|er blevet|bliver helt) sort\w*", r"sort\w* (plet\w*|prik\w*|belaegning\w*|skjold\w*)",
                   r"(turning|gone|going|turned) black", r"black (patches|stuff|marks|bits|dots|fuzz|growth)"),
    "fixtures": (r"cupboard\w*", r"kitchen unit", r"\bskab\w*", r"\w*skabslage\w*|kokkenlage\w*",
                 r"\blage(n|r|rne)? (under|pa|til|i|ved) (vask\w*|skab\w*|kokken\w*|kokkenskab\w*)",
                 r"\b(over|under|kokken|vaske|klade|hjorne|badevarelses|spejl|hange|vag|garderobe|sko|hoj|bund)skab\w*",
                 r"\bpanel\b.{0,20}\b(bath|badekar\w*)|(bath|badekar)\w* (side )?panel\w*", r"\bovens?\b", r"\bovn\w*", r"komfur\w*", r"cooker",
                 r"extractor", r"emhatte\w*", r"\btiles?\b", r"flise\w*", r"\bshel(f|ves)\b", r"hylde\w*",
                 r"worktop", r"bordplade\w*", r"washing machine", r"vaskemaskine\w*", r"dishwasher",
                 r"opvaskemaskine\w*", r"fridge", r"koleskab\w*", r"\bdrawers?\b", r"skuffe\w*", r"\bhob\b",
                 r"kogeplade\w*", r"toilet ?seat", r"toiletsad\w*", r"toiletbrat\w*", r"bath panel", r"badekarpanel\w*",
                 r"towel rail", r"curtain", r"gardin\w*", r"wardrobe", r"klaedeskab\w*", r"\bfan\b", r"ventilator\w*",
                 r"cooker hood", r"\bhood\b", r"\bsink is loose", r"handvask\w* sidder los"),
    "communal": (r"\blifts?\b", r"\belevator\w*", r"stairwell", r"\bopgang\w*", r"entry ?phone", r"door ?entry",
                 r"dortelefon\w*", r"porttelefon\w*", r"intercom", r"buzzer", r"communal", r"\bfaelles\w*",
                 r"samtaleanlag\w*", r"dorabner\w*", r"door ?release", r"\bport ?tlf\w*",
                 r"(trykke|lukke) (\w+ )?(doren |dem |gaster |folk )?(op|ind) for|lukke (gaster|folk|nogen|besog\w*) ind",
                 r"visitors? (can'?t|cant|cannot) get in|(buzz|let) (people|visitors|anyone) in",
                 r"\bfalles\w*", r"\bshared\b", r"vaskeri\w*", r"laundry", r"bin (store|room|chute)", r"rubbish",
                 r"affaldsrum\w*", r"skrald\w*", r"\bskakt\w*", r"\bkalder\w*", r"vaskekalder\w*", r"courtyard", r"car park",
                 r"parkering\w*", r"communal landing", r"\breposen\b", r"\bblock\b", r"\bgangen\b.{0,20}opgang",
                 r"main (door|entrance)", r"entrance door", r"dorklokke\w*", r"lights? (on|in) the stairs",
                 r"lys(et)? (pa|i) (trappe\w*|opgang\w*)", r"\bchute\b"),
    "pests": (r"\brats?\b", r"\brott(e|er|erne|en)\b", r"\bmice\b", r"\bmouse\b", r"\bmus\b", r"muse\w*", r"cockroach\w*",
              r"kakerlak\w*", r"insect\w*", r"insekt\w*", r"bed ?bugs?", r"vaggelus", r"wasp\w*", r"hveps\w*",
              r"\bpests?\b", r"skadedyr", r"\b(sma |sorte |sma sorte )lort\w*", r"muselort\w*", r"rottelort\w*",
              r"\brasle\w*|\brasler\b", r"gnave\w*|gnavet|\bgnaw\w*|chewed (through|the)", r"scratching (in|behind|under)",
              r"\bants\b", r"myre\w*", r"solvfisk", r"silverfish", r"\bfleas?\b", r"loppe\w*",
              r"pigeon\w*", r"\bduer\b", r"\bbugs\b", r"\bkryb\b", r"droppings", r"\bbites?\b", r"\bbid\b", r"nest\b",
              r"\bbo\b", r"\bvermin\b"),
}
WEAK: dict[str, tuple[str, ...]] = {
    "heating": (r"\bheat\b", r"\bvarme\b", r"\bcold\b", r"\bkold\w*", r"freezing", r"iskold\w*", r"\bheater\w*"),
    "water": (r"(?<!hot )\bwater\b", r"(?<!varmt )(?<!varme )\bvand\w*", r"\bwet\b"),
    "drainage": (r"\btoilet\w*", r"\bloo\b", r"handvask\w*", r"\bwash ?basin\b", r"\bbasin\b", r"\bwc\w*", r"\bsink\b", r"\bvask(en)?\b", r"\bbath\b", r"badekar\w*",
                 r"\bsmell\w*", r"\bstink\w*", r"\blugt\w*"),
    "electrical": (r"\blights?\b", r"\blys(et)?\b", r"\blampe?n?\b", r"\bkontakt(en)?\b", r"switch", r"\bel\b",
                   r"flicker\w*", r"blinker"),
    "structure": (r"\bwalls?\b", r"\bvag\w*", r"\bfloor\b", r"\bgulv\w*", r"\bhole\b", r"\bhul\b"),
    "doors_windows": (r"\bframe\b", r"\bstuck\b", r"won'?t (open|close|shut)", r"kan ikke (lukke|abne|lase)"),
    "fire_safety": (r"\balarm(en|s)?\b",),
    "fixtures": (r"\bbroken\b", r"i stykker", r"fell off", r"faldet af", r"\bloose\b", r"\blos\b", r"\bhandle\b",
                 r"handtag\w*"),
    # "The landing" is as often the tenant's own upstairs as the block's.
    "communal": (r"\bstairs\b", r"\bhallway\b", r"\bentrance\b", r"\bgard\w*", r"\bgarden\b", r"\blanding\b"),
}

WEIGHT_STRONG, WEIGHT_WEAK = 3, 1


@lru_cache(maxsize=1)
def _compiled() -> dict[str, tuple[tuple[re.Pattern, int], ...]]:
    compiled: dict[str, list] = {c: [] for c in CATEGORIES}
    for table, weight in ((STRONG, WEIGHT_STRONG), (WEAK, WEIGHT_WEAK)):
        for cat, patterns in table.items():
            compiled[cat] += [(re.compile(skeleton(p)), weight) for p in patterns]
    return {c: tuple(v) for c, v in compiled.items()}


# A trade the tenant says works is not the fault: "the heating still works fine, but no hot water".
WORKS = {"heating": HEATING_WORKS, "hot_water": HOT_WATER_WORKS}


@lru_cache(maxsize=1)
def _works() -> dict[str, re.Pattern]:
    return {cat: re.compile(skeleton(pattern)) for cat, pattern in WORKS.items()}


# "Nowhere near the lights": a thing the tenant names only to rule it out names no trade.
RULED_OUT = (r"(nowhere|not|ikke|langt fra|far from|away from)( \w+){0,2} (near|close to|i naerheden af|i narheden af|"
             r"naer|nar|ved siden af) (any |the |my |nogen |noget )?\w+|"
             r"\b(ikke|not|isn'?t|aren'?t|wasn'?t|never|aldrig) (been |vaeret |blevet )?(revnet|revnede|cracked|knakket|"
             r"broken|i stykker|leaking|lakker|utat|wet|vad|damp|fugtig)\b|\b(no|ingen) (cracks?|revner?|leaks?|lakage|"
             r"damp|fugt)\b|\b(no|ingen|not any|ikke nogen|ikke noget) (smell|lugt|whiff|odou?r)\w* (of|af) gas\b")


@lru_cache(maxsize=1)
def _ruled_out() -> re.Pattern:
    return re.compile(skeleton(f"{RULED_OUT}|{NO_WATER_COMING}"))


def keyword_scores(text: str) -> dict[str, int]:
    """Weighted lexicon hits per category, on the text as written and with typos corrected."""
    ruled_out = _ruled_out()
    texts = {ruled_out.sub(" ", skeleton(text)), ruled_out.sub(" ", normalise(text))}
    scores = {}
    for cat, patterns in _compiled().items():
        score = sum(weight for pattern, weight in patterns if any(pattern.search(t) for t in texts))
        if score:
            scores[cat] = score
    for cat, works in _works().items():
        if cat in scores and len(scores) > 1 and any(works.search(t) for t in texts):
            del scores[cat]
    return scores


# The block's own doors and stores: a lock or door there is a shared-area job, not the tenant's door.
SHARED_PLACES = (r"\b(bin|bike|cycle|pram|refuse) (store|stores|room|shed|shelter)\b|\bbin ?stores?\b|cykelkalder\w*|"
                 r"cykelskur\w*|affaldsrum\w*|skralderum\w*|skraldrum\w*|barnevognsrum\w*|opgangsdor\w*|gadedor\w*|"
                 r"kalderdor\w*|fallesdor\w*|vaskekalder\w*|vaskeri\w*|falles ?vask\w*|(shared|communal) (laundry|washing)|"
                 r"laundry room|(hoveddor\w*|\bdor\w*) (nede )?(til|i|ved|for) (opgang\w*|trappeopgang\w*|blokken|"
                 r"bygningen)|opgangens \w*dor\w*|main entrance|(communal|shared|block'?s?|building'?s?) (front |main )?doors?|"
                 r"entrance door to the (block|building|flats)|door (to|of) the (block|building|flats)")


def shared_place(text: str) -> bool:
    return bool(_shared_places().search(skeleton(text or "")))


@lru_cache(maxsize=1)
def _shared_places() -> re.Pattern:
    return re.compile(skeleton(SHARED_PLACES))


# An appliance's or a cupboard's door is the fitting's repair, not the home's doors: "the oven door won't stay shut".
APPLIANCE_DOOR = (r"\b(oven|ovn(en|ens)?|cooker|komfur\w*|fridge|freezer|koleskab\w*|fryser\w*|dishwasher|"
                  r"opvaskemaskine\w*|washing machine|vaskemaskine\w*|tumble ?dryer|torretumbler\w*|microwave|mikroovn\w*|"
                  r"cupboard|kitchen unit|wardrobe|cabinet|\w*skab(e|et|ets|ene)?)'?s? ?(doors?|dor(en|ene|e)?|lage[nr]?|lagen)\b|"
                  r"\b(ovnlag\w*|ovndor\w*|koleskabsdor\w*|skabslag\w*|skabsdor\w*|fryserlag\w*)")
# Words that put a door or window of the home itself in the same message.
HOME_OPENING = (r"\b(windows?|vindue\w*|front door|back door|hoveddor\w*|entredor\w*|yderdor\w*|bagdor\w*|altandor\w*|"
                r"terrassedor\w*|locks?|las(en)?|keys?|nogle(n|r)?)\b")


def appliance_door(text: str) -> bool:
    """The door the tenant means is an appliance's or a cupboard's, and no door or window of the home is named."""
    folded, (door, home) = skeleton(text or ""), _appliance_door()
    return bool(door.search(folded)) and not home.search(folded)


@lru_cache(maxsize=1)
def _appliance_door() -> tuple[re.Pattern, re.Pattern]:
    return re.compile(skeleton(APPLIANCE_DOOR)), re.compile(skeleton(HOME_OPENING))


# Ties go to the more specific trade: "mould on the ceiling" is damp, "mice in the cupboard" is pests.
PRECEDENCE = (
    "pests", "damp_mould", "gas", "fire_safety", "communal", "hot_water", "drainage", "electrical", "heating",
    "water", "fixtures", "doors_windows", "structure",
)


def keyword_category(text: str) -> str | None:
    """The category the lexicon points to; None when it finds nothing."""
    scores = keyword_scores(text)
    if not scores:
        return None
    best = max(scores.values())
    return next(cat for cat in PRECEDENCE if scores.get(cat) == best)
