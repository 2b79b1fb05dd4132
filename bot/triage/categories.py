"""The category taxonomy of ../shared/interfaces.md and a keyword lexicon for each."""

from __future__ import annotations

import re

from bot.triage.text import fold

CATEGORIES = (
    "heating", "hot_water", "water", "drainage", "electrical", "gas", "doors_windows",
    "fire_safety", "structure", "damp_mould", "fixtures", "communal", "pests",
)

# Regexes over fold()-ed text. Order matters only for ties: earlier wins.
LEXICON: dict[str, tuple[str, ...]] = {
    "gas": (r"\bgas", r"\bco[ -]?(alarm|detector|melder)", r"kulilte", r"carbon monoxide", r"gasfyr", r"boiler"),
    "fire_safety": (r"\bfire\b", r"\bbrand", r"\bild\b", r"smoke alarm", r"roegalarm", r"rogalarm", r"roegmelder",
                    r"brandalarm", r"\bsmoke\b", r"\broeg\b", r"\brog\b"),
    "electrical": (r"electric", r"\bel\b", r"\bstroem", r"\bstrom\b", r"power", r"socket", r"stikkontakt",
                   r"\bstik\b", r"fuse", r"sikring", r"\bhfi", r"\brcd\b", r"tripp", r"spark", r"gnist", r"wiring",
                   r"ledning", r"\blight", r"\blys\b", r"lampe", r"kontakt", r"afbryder", r"\bpower cut"),
    "heating": (r"heat", r"radiator", r"varme", r"fjernvarme", r"\bcold (flat|house|home|apartment)", r"termostat",
                r"thermostat", r"\bkold[et]? (lejlighed|hus)", r"fryser i lejligheden", r"\bradi"),
    "hot_water": (r"hot water", r"varmt vand", r"varmtvand", r"\bvvb\b", r"varmtvandsbeholder", r"shower (is )?cold",
                  r"kold[t]? vand i bruse", r"cylinder", r"water heater", r"vandvarmer"),
    "water": (r"\bleak", r"\blaek", r"\blak\b", r"drip", r"dryp", r"\btap\b", r"vandhane", r"\bhane", r"\bpipe",
              r"\broer\b", r"\bror\b", r"burst", r"sprunget", r"flood", r"oversvoem", r"oversvom", r"\bwater\b", r"\bvand\b",
              r"stopcock", r"stophane", r"\bcistern", r"cisterne", r"wc-?cisterne"),
    "drainage": (r"drain", r"afloeb", r"aflob", r"blocked", r"tilstoppet", r"stoppet", r"toilet", r"\bwc\b",
                 r"sewage", r"kloak", r"sink won", r"\bvask (er )?stop", r"overflow", r"lugter af kloak"),
    "doors_windows": (r"\bdoor", r"\bdoer", r"\bdor\b", r"window", r"vindue", r"\block", r"\blaas", r"\blas\b",
                      r"break[- ]?in", r"indbrud", r"\bkey", r"noegle", r"nogle\b", r"hoveddoer", r"glass", r"rude",
                      r"\bglas\b"),
    "structure": (r"ceiling", r"\bloft\b", r"collaps", r"styrtet", r"faldet ned", r"\bcrack", r"revne", r"\bwall\b",
                  r"\bvaeg", r"\bvag\b", r"\broof", r"\btag\b", r"balcon", r"altan", r"stair", r"trappe", r"floor ?board",
                  r"gulv", r"plaster", r"puds"),
    "damp_mould": (r"damp", r"mould", r"mold", r"\bskimmel", r"fugt", r"condensation", r"kondens", r"\bsvamp"),
    "fixtures": (r"cupboard", r"kitchen unit", r"skab", r"\bhinge", r"haengsel", r"oven", r"\bovn", r"komfur",
                 r"cooker", r"extractor", r"emhaette", r"tile", r"flise", r"shelf", r"hylde", r"worktop", r"bordplade",
                 r"washing machine", r"vaskemaskine", r"dishwasher", r"opvaskemaskine", r"fridge", r"koeleskab",
                 r"kolesk", r"handle", r"greb", r"bath\b", r"badekar", r"curtain", r"gardin"),
    "communal": (r"\blift\b", r"\belevator", r"\belevat", r"stairwell", r"opgang", r"trappeopgang", r"entry ?phone",
                 r"door ?entry", r"dortelefon", r"doertelefon", r"intercom", r"communal", r"faelles", r"falles",
                 r"vaskeri", r"laundry", r"bin store", r"affaldsrum", r"kaelder", r"kalder", r"gaarden", r"courtyard",
                 r"\bparking light", r"hallway light", r"opgangslys"),
    "pests": (r"\brat", r"\brotte", r"\bmice\b", r"\bmouse", r"\bmus\b", r"cockroach", r"kakerlak", r"insect",
              r"insekt", r"bed ?bug", r"vaegtaege", r"wasp", r"hveps", r"\bpest", r"skadedyr", r"\bants?\b", r"myre",
              r"sølvfisk", r"soelvfisk", r"\bflea", r"loppe"),
}

_COMPILED = {cat: tuple(re.compile(p) for p in pats) for cat, pats in LEXICON.items()}


def keyword_scores(text: str) -> dict[str, int]:
    """How many lexicon patterns of each category the text hits."""
    folded = fold(text)
    scores = {}
    for cat, patterns in _COMPILED.items():
        hits = sum(1 for p in patterns if p.search(folded))
        if hits:
            scores[cat] = hits
    return scores


def keyword_category(text: str) -> str | None:
    scores = keyword_scores(text)
    if not scores:
        return None
    best = max(scores.values())
    for cat in CATEGORIES:
        if scores.get(cat) == best:
            return cat
    return None
