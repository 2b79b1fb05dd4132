"""Deterministic hazard patterns (Danish, English, without æøå, common typos): the safety net."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.triage.text import fold


@dataclass(frozen=True)
class Hazard:
    key: str  # also the name of its safety advice response
    category: str
    priority: str  # "emergency" or "urgent"
    patterns: tuple[str, ...]
    winter_only: bool = False  # only an emergency between October and April
    needs_vulnerable: bool = False  # only at this priority when a vulnerable person is mentioned


# Patterns run over fold()-ed text: æ->ae, ø->oe, å->aa. Tenants who type "o"/"a" for ø/å are covered
# by alternatives such as "r(oe|o)g".
HAZARDS: tuple[Hazard, ...] = (
    Hazard("gas", "gas", "emergency", (
        r"\b(smell|smells|smelling|smel|smeel|whiff|stink\w*|reek\w*) (of |like )?(gas|gass)\b",
        r"\bgas ?(leak|lekage|laek|lugt|smell|smel)", r"\blugt\w* (af |som )?gas", r"\bgaslugt", r"\bgas ?udslip",
        r"\bco[ -]?(alarm|detector|melder|alarmen)", r"carbon monoxide", r"kulilte", r"\bgas\b.{0,30}\b(hiss|hvis|sus)",
        r"\b(lugter|lugt) .{0,15}\bgas", r"\bsmell.{0,15}\bgas\b",
    )),
    Hazard("fire", "fire_safety", "emergency", (
        r"\b(fire|on fire|flames?)\b", r"\bbrand\b", r"\bbraender\b", r"\bbrander\b", r"\bild i\b", r"\bflammer",
        r"\b(smoke|roeg|rog) (is )?(coming|kommer|from|fra|everywhere|overalt|i )", r"\bfull of smoke",
        r"\bfuld af (roeg|rog)", r"\bsmoke (in|pouring)", r"\bder ryger\b",
    )),
    Hazard("electrics_danger", "electrical", "emergency", (
        r"\bspark", r"\bgnist", r"\bburning smell", r"\bsmell\w* of burning", r"\bbraendt lugt", r"\bbrandlugt",
        r"\blugter (af )?(braendt|brandt|brand|svi)", r"\bsvien", r"\bexposed (live )?wire", r"\bbare wire",
        r"\blive wire", r"\bblottede? ledning", r"\bledning\w* (stikker|haenger) ud", r"\bwater (in|on|near|into|through) "
        r"(the )?(socket|light|fuse|electric|plug|switch|lamp)", r"\bvand (i|paa|pa|ved|ned i|loeber ind i) "
        r"(stikkontakt|lampe|lys|elskab|el-?tavle|eltavle|sikring|kontakt|stik)", r"\bstoed\b", r"\belectric shock",
        r"\bgot a shock", r"\bfik stoed", r"\bsmoking (socket|plug|switch|fuse)", r"\bmelted (socket|plug)",
        r"\bsmeltet (stik|stikkontakt)", r"\b(socket|plug|stikkontakt|stik) .{0,20}(smok|ryger|melt|smelt|hot|varm)",
    )),
    Hazard("flood", "water", "emergency", (
        r"\bburst", r"\bsprunget\b", r"\bspringer\b", r"\bflood", r"\boversvoem", r"\boversvom", r"\bwater (is )?"
        r"(pouring|gushing|pissing|spraying|everywhere|coming through|through the ceiling|coming in)", r"\bvand\w* "
        r"(fosser|sprojter|sproejter|overalt|strømmer|stroemmer|loeber ned|lober ned|gennem loftet|kommer gennem)",
        r"\bvand (fra|ned fra|gennem) loftet", r"\bcan'?t (stop|turn off) the (water|leak)", r"\bkan ikke (stoppe|lukke) "
        r"(for )?vandet", r"\bceiling .{0,20}(pouring|dripping heavily|water coming)", r"\bstaar under vand",
        r"\bstar under vand", r"\bunder water\b", r"\brunning down the walls", r"\bloeber ned ad vaeggen",
        r"\bvandskade", r"\bwater damage",
    )),
    Hazard("no_power", "electrical", "emergency", (
        r"\bno (power|electricity|electric)\b", r"\b(all|whole|entire) (the )?(power|electric\w*)",
        r"\bpower (is )?(out|cut|gone|off)", r"\bingen (stroem|strom|el)\b", r"\bstroemmen er gaaet",
        r"\bstrommen er gaet", r"\bstroemsvigt", r"\bstromsvigt", r"\bhele lejligheden (er )?(uden|mørk|moerk)",
        r"\bstroemafbrydelse", r"\bstromafbrydelse", r"\bblackout", r"\bno lights? (anywhere|at all)",
    )),
    Hazard("no_water", "water", "emergency", (
        r"\bno (running )?water\b", r"\bno water supply", r"\bingen vand\b", r"\bintet vand\b",
        r"\bikke noget vand\b", r"\bvandet er (vaek|vak|lukket|gaaet)", r"\bwater (is )?(off|cut off|not coming)",
        r"\bnothing (comes )?(out of|from) the taps", r"\bder kommer ikke (noget )?vand",
    )),
    Hazard("no_heating", "heating", "emergency", (
        r"\bno (heat|heating)\b", r"\bheating (is )?(off|not working|broken|gone|dead|failed|down)",
        r"\bheating (has )?(stopped|packed up|broken down)", r"\bingen varme\b", r"\bvarmen er (gaaet|gaet|vaek|vak|"
        r"slukket|ude|død|doed)", r"\bvarmen virker ikke", r"\bradiator\w* .{0,25}(all|alle) .{0,10}(cold|kold)",
        r"\b(all|alle) .{0,10}radiator\w* .{0,25}(cold|kold|virker ikke|not working)", r"\bfjernvarme\w* "
        r"(virker ikke|er gaaet|er ude|er død|er doed)", r"\bhele lejligheden er (iskold|kold)", r"\bfreezing (flat|house|home)",
        r"\bno heating or hot water", r"\bingen varme eller varmt vand", r"\bvarmen er gaaet", r"\bvarme (virker|fungerer) ikke",
    ), winter_only=True),
    Hazard("insecure_door", "doors_windows", "emergency", (
        r"\bbreak[- ]?in", r"\bbroken into", r"\bburglar", r"\bindbrud", r"\bbrudt op", r"\bbrokket op",
        r"\b(front |entrance |hoved)?(door|doer|dør|dor)\w* (will not|won'?t|wont|can'?t|cannot|does not|doesn'?t) "
        r"(lock|close|shut)", r"\bcan'?t (lock|close|shut) (my|the) (front |entrance )?door", r"\b(kan ikke|kan ik) "
        r"(laase|lase|lukke) (hoved|yder|entre|fordoeren|fordoren)?(doer|dor|doeren|doren)", r"\b(hoved|yder|entre)?"
        r"(doer|dor)(en)? .{0,20}(kan ikke|vil ikke) (laases|lases|lukkes|laase|lase|lukke)", r"\block (is )?broken "
        r"(on|in) (my|the) front door", r"\b(laasen|lasen) (er )?(i stykker|oedelagt|odelagt|brudt)",
        r"\b(window|vindue)\w* .{0,20}(smashed|knust|broken into|brudt)", r"\bsmashed (window|glass)",
        r"\bknust (vindue|rude)",
    )),
    Hazard("sewage", "drainage", "emergency", (
        r"\bsewage", r"\bkloakvand", r"\bkloak\w* .{0,20}(kommer op|loeber over|lober over|op af|op i)",
        r"\b(only|one|eneste) (toilet|wc)", r"\beneste (toilet|wc)", r"\btoilet\w* .{0,25}(overflow|loeber over|lober over|"
        r"flyder over)", r"\b(poo|poop|faeces|feces|shit|lort|afføring|affoering)\b.{0,30}(coming up|kommer op|everywhere|overalt)",
        r"\b(coming|comes) up (through|from) the (drain|plughole|shower|bath|toilet)", r"\bkommer op (af|fra|gennem) "
        r"(afloebet|aflobet|bruseren|toilettet|wc)",
    )),
    Hazard("lift_trapped", "communal", "emergency", (
        r"\b(stuck|trapped|locked) in (the |a )?(lift|elevator)", r"\b(lift|elevator)\w* .{0,20}(stuck|trapped) "
        r"(with|inside)", r"\b(someone|somebody|person|people|man|woman|child|kid|mum|dad|i am|i'm|im) .{0,20}(stuck|trapped)"
        r" .{0,10}(lift|elevator)", r"\b(fanget|spaerret inde|sidder fast|faestnet) i (elevatoren|elevator|liften)",
        r"\b(elevatoren|elevator|liften) .{0,25}(sidder fast|fanget|spaerret inde)",
    )),
    Hazard("collapse", "structure", "emergency", (
        r"\bceiling (has |is )?(collaps|fallen|fell|coming down|caved|falling)", r"\bcollaps", r"\bfallen in\b",
        r"\bloftet (er )?(styrtet|faldet|kollaps|ved at falde|falder ned)", r"\bstyrtet (sammen|ned)",
        r"\bkollaps", r"\b(wall|vaeg|vag|balcon\w*|altan\w*) .{0,25}(collaps|falling|falder|revnet og|giving way)",
        r"\bstructural (damage|danger)", r"\bbuilding (is )?(moving|cracking)", r"\bhuge crack",
    )),
    # Urgent (not emergency) patterns: raise routine to urgent.
    Hazard("no_hot_water", "hot_water", "urgent", (
        r"\bno hot water", r"\bingen varmt? vand", r"\bikke (noget )?varmt vand", r"\bvarmt vand (virker|kommer) ikke",
        r"\bhot water (is )?(not working|off|gone|broken)", r"\bonly cold water", r"\bkun koldt vand",
        r"\bvarmtvand\w* (virker|fungerer) ikke",
    )),
    Hazard("partial_heating", "heating", "urgent", (
        r"\bradiator\w* .{0,25}(cold|kold|not working|virker ikke|not heating|varmer ikke)", r"\bheating .{0,15}"
        r"(partly|one room|some rooms|not very)", r"\b(one|et|en) (room|vaerelse|rum) .{0,20}(cold|kold|no heat|ingen varme)",
    )),
    Hazard("contained_leak", "water", "urgent", (
        r"\bleak", r"\blaek", r"\bdrypper", r"\bdripping", r"\bdrip\b", r"\bdryp", r"\butaet", r"\butat\b",
    )),
    Hazard("partial_power", "electrical", "urgent", (
        r"\b(socket|stikkontakt|stik)\w* .{0,25}(not working|dead|virker ikke|doesn'?t work|døde|doede)",
        r"\b(one|a|et|en) (room|vaerelse|rum) .{0,20}(no power|without power|ingen stroem|ingen strom|uden stroem)",
        r"\bdead sockets?", r"\bhfi\w* .{0,20}(slaar fra|slar fra|springer|hopper)", r"\b(rcd|trip switch)\w* .{0,20}"
        r"(keeps|tripping|trips)",
    )),
    Hazard("lift_broken", "communal", "urgent", (
        r"\b(lift|elevator)\w* .{0,25}(not working|broken|out of order|doesn'?t work|virker ikke|i stykker|ude af drift)",
        r"\b(elevatoren|liften) (er )?(gaaet i staa|i stykker|oedelagt|odelagt)",
    )),
    Hazard("smoke_alarm", "fire_safety", "urgent", (
        r"\bsmoke alarm", r"\broeg ?alarm", r"\brog ?alarm", r"\broegmelder", r"\brogmelder", r"\bbrandalarm",
    )),
    Hazard("entry_phone", "communal", "urgent", (
        r"\bentry ?phone", r"\bdoor ?entry", r"\bintercom", r"\bd(oe|o)rtelefon", r"\bdorklokke", r"\bdoerklokke",
    )),
    Hazard("mould_health", "damp_mould", "urgent", (
        r"\b(mould|mold|skimmel|damp|fugt)\w*\b.{0,60}\b(asthma|astma|breath|vejrtraekning|cough|hoste|ill|syg|sick|"
        r"health|helbred|lunge|lung|allerg)", r"\b(asthma|astma|cough|hoste|syg|ill|sick)\b.{0,60}\b(mould|mold|"
        r"skimmel|damp|fugt)",
    )),
    Hazard("rats_inside", "pests", "urgent", (
        r"\b(rat|rats|rotte|rotter)\b.{0,40}\b(inside|in the (flat|kitchen|house|home|bedroom)|indenfor|i lejligheden|"
        r"i koekkenet|i kokkenet|inde)", r"\brotte\w* i (lejligheden|koekkenet|kokkenet|huset|stuen)",
    )),
)

VULNERABLE = re.compile(
    r"\b(baby|babies|newborn|infant|toddler|elderly|old (man|woman|lady|person)|pensioner|disabled|disability|"
    r"wheelchair|ill|sick|poorly|pregnant|cancer|chemo|dialysis|spaedbarn|spadbarn|nyfoedt|nyfodt|baby|aeldre|"
    r"gammel|gamle|pensionist|handicap\w*|koerestol|korestol|syg|gravid|kemo|dement\w*|oxygen|ilt)\b"
)

_COMPILED = tuple((h, tuple(re.compile(p) for p in h.patterns)) for h in HAZARDS)


def find_hazards(text: str) -> list[Hazard]:
    """Every hazard whose pattern appears in the text, emergencies first."""
    folded = fold(text)
    found = [h for h, patterns in _COMPILED if any(p.search(folded) for p in patterns)]
    return sorted(found, key=lambda h: h.priority != "emergency")


def mentions_vulnerable(text: str) -> bool:
    return bool(VULNERABLE.search(fold(text)))
