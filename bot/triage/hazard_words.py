"""The words hazard patterns are built from (Danish, English, without æøå, common typos), and a hazard's shape."""

from __future__ import annotations

from dataclasses import dataclass

# Patterns are written in skeleton() space (æ/ae -> a, ø/oe -> o, å/aa -> a; lowercase) and compiled after the
# same transformation, so "røg", "roeg" and "rog" all match r"rog". Never use upper-case escapes (\S, \W, \B).


def near(a: str, b: str, gap: int = 40) -> str:
    """a and b within `gap` characters of each other, in either order."""
    return rf"(?:{a}).{{0,{gap}}}(?:{b})|(?:{b}).{{0,{gap}}}(?:{a})"


def all_of(*parts: str) -> str:
    """Every part somewhere in the message."""
    return "^" + "".join(rf"(?=.*(?:{p}))" for p in parts)


@dataclass(frozen=True)
class Hazard:
    key: str  # also the name of its safety advice response
    category: str
    priority: str  # "emergency" or "urgent"
    patterns: tuple[str, ...]
    winter_only: bool = False  # only an emergency between October and April
    needs_vulnerable: bool = False  # only at this priority when a vulnerable person is mentioned
    mask: tuple[str, ...] = ()  # phrases blanked out first ("fire door", "hot water"): they are not this hazard
    unless: tuple[str, ...] = ()  # a partial fault ("one radiator"): not this hazard ...
    unless_not: tuple[str, ...] = ()  # ... unless the whole home is affected after all
    cleared: tuple[str, ...] = ()  # the tenant says it is over or was never this ("power's back on", "locks fine")


# Shared vocabulary (skeleton space).
# The danger has passed: the power is back, the door locks after all.
POWER_BACK = (r"(?<!ikke )(?<!not )(?<!n't )(?<!nt )\b(slaet|slog|sat|sla) (det|den|relaet|hfi\w*|hpfi\w*|strommen|sikring\w*|el\w*)? ?(til|pa) igen|"
              r"(?<!ikke )(?<!not )(?<!n't )(?<!nt )\b(reset|flipped|flicked|switched|turned|put) (it|the (trip|switch|fuse|rcd|breaker)\w*|them) (back )?(on|up)?.{0,40}"
              r"(working|fine|ok|back on|virker)|(power|electric\w*|lights?|strommen|lyset) (is |are |er )?(back|tilbage)( on)?"
              r"\b|(alt|everything|resten|the rest) (andet )?(virker|works|is working|is fine|er fint)( fint| igen| again| now| nu)")
LOCKS_FINE = (r"\b(door|dor\w*)? ?(still )?(locks|locked|laser|kan (stadig )?lases|lukker og laser)( fint| fine| ok| okay|"
              r" properly| som den skal| normalt| stadig)|(lock|lasen) (works|is fine|virker)( fint| fine)?|"
              r"no problem (with the lock|locking)|(it|den|det) (still )?(locks|laser)\b")
# The tenant says the heating itself works: a cold tap or one radiator is then not a total heating loss.
HEATING_WORKS = (r"(?<!ikke )(?<!not )\b(the )?(central )?(heating|radiators|varmen|radiatorerne|centralvarmen|fjernvarmen)"
                 r"( side( of things)?| delen)?"
                 r"(?:'?s (still |stadig )?(working|fine|ok|okay|on|warm|hot|grand|lovely|toasty)| (still |stadig )?"
                 r"((is|are|er) (still |stadig )?(working|fine|ok|okay|on|warm|hot|grand|lovely|toasty|varm\w*|"
                 r"fin\w*|tændt|tandt)|works?|virker|kører|korer))\b(?! (ikke|not|no longer|heller))"
                 r"(?!( \w+){0,3},? (but|men)( \w+){0,4} (radiator\w*|rads?|heat\w*|varme\b|varmen|kold\w*|cold|freezing))")
# Heating that is weak or partly on is a partial loss, said outright: "not completely off", "radiators only lukewarm".
WEAK_HEAT = (r"\b(not (completely|fully|totally|all) (off|cold|gone|dead)|ikke helt (slukket|kold|vak|dod|gaet)|"
             r"(heating|varmen|the heat)('?s| is| er)? (mega |dead |really |very |meget |lidt |so |sa )?(weak|svag)\b|"
             r"(radiator\w*|rads)( are| er)? (only |kun |barely |just |bare )?(luke ?warm|lunk(en|ne|ent)|tepid)\b|"
             r"(virker|works?|kun) (kun )?halvt|\brest( is| are)? (ok|fine|warm)\b|\bresten( er)? (ok|fin|varm)\b)")
HOT_WATER_WORKS = (r"(?<!ikke )(?<!not )\b(the )?(hot water|varmt vand|varmtvandet|det varme vand) (still |stadig )?"
                   r"((is|er) (still |stadig )?(fine|ok|okay|working|fint|i orden|varmt)|works?|virker)\b"
                   r"(?! (ikke|not|no longer|heller))(?!( \w+){0,3},? (but|men)( \w+){0,4} (hot|varmt?|lunkent?|cold|kold\w*))")
# "Dangerous because you cannot see": a dark stairwell is a lighting fault, not a structure giving way.
DARK_DANGER = (r"(dangerous|farlig\w*|unsafe|usikker\w*|risky)( \w+){0,6} (dark|morke\w*|morkt|can'?t see|cannot see|"
               r"ikke kan se|kan ikke se|without (the |a )?light|uden lys)|(dark|morke\w*|morkt|can'?t see|cannot see|"
               r"ikke kan se|kan ikke se|no light\w*|intet lys|uden lys)( \w+){0,6} (dangerous|farlig\w*|unsafe|usikker\w*|"
               r"risky)")
# Nobody is in the stuck lift: a broken lift, not a person trapped.
LIFT_EMPTY = (r"\b(nobody|no one|noone|no-one|ingen|ikke nogen)( is| er| was| var)? (inside|in it|in there|in the lift|_+|"
              r"stuck|trapped|inde|i den|i elevatoren|fanget|indespærret)|(lift|elevator\w*)( is| er)? (empty|tom)\b|"
              r"der er ikke nogen (i den|inde|i elevatoren)")
# "None of us is ill": the mould is reported without a health complaint.
NOT_ILL = (r"\b(ingen af os|ingen her|ingen i (familien|husstanden)|nobody|no one|noone|none of us|ikke nogen af os|vi er ikke|"
           r"we'?re not|we are not|no one here)( \w+){0,2} (er |is |are |has |have |har )?(been |vaeret |varet )?(syg\w*|ill|sick|"
           r"poorly|unwell|affected|plaget)|\b(no|ingen) (health|helbreds)\w* ?(problems?|issues?|problemer|gener)")
# "No water coming through": the tenant says the water is absent (a crack, not a leak).
NO_WATER_COMING = (r"\b(no|ingen|intet|ikke noget|not any) (water|vand)\w* (is |er )?((coming|getting|kommer|trenger|"
                   r"traenger) (through|in|into|ind|igennem|(out|ud)(?! (of|from|af|fra|ad|i)\b))|leaking|dripping|seeping|"
                   r"drypper|siver|laekker|lakker)|\b(kommer|trenger|traenger|siver) (der )?(ikke|ingen) (noget )?vand\w* "
                   r"(ind|igennem)\b")
# A small or slow leak, or one the tenant only fears: not water out of control (unless it pours after all).
SMALL_LEAK = (r"\b(only|just|kun|bare) (a |en |et )?(tiny |little |small |lille |smule )?(drip\w*|dryp\w*|bit|smule|drabe\w*)",
              r"\bslow (drip|leak)|(bucket|bowl|spand|skal|balje|handklade|towel)\w*( is| er)? (catching|under|tager|fanger|"
              r"samler)|catching it|under (it|the drip)|sat en (spand|skal|balje)|put a (bucket|bowl|towel)|"
              r"(now and then|once in a while|when (upstairs|they|the neighbours?) (shower|bath)|af og til|engang imellem)",
              r"(det er )?ikke (ret |sa )?meget\b|not (very |that )?much\b|only a little|\bslowly\b|langsomt",
              r"(bange for|afraid|worried|scared|frygter|nervous|might|could|kan komme til at)( that| at| it| det)* .{0,25}"
              r"(lob\w*|run\w*|go\w*|leak\w*|drip\w*|get|reach|na\b|komme)")
# A toilet that keeps running is a routine job, not water out of control.
RUNNING_CISTERN = (r"(toilet\w*|cistern\w*|cisterne\w*)( keeps| is| bliver ved med at| bliver ved at)? (running|lobe|lober)"
                   r"\b|(cistern\w*|cisterne\w*) .{0,20}(filling|fylde\w*)")
# Doors of outbuildings and shared stores: their lock is a routine job, not a home that cannot be secured.
OUTBUILDING_ONLY = (r"^(?!.*(front|back|flat|entrance|our|my|balcony|patio|hoved|entre|for|bag|altan|terrasse|yder)"
                    r" ?(door|dor)).*\b(bin|bins|rubbish|refuse|bike|bicycle|cycle|garden|shed|garage|skralde|affalds|"
                    r"cykel|pulter|skur|storage)\w* ?(store|shed|room|rum|skur|cage|door|dor|kaelder)?\b")
# Parts of a door that come off without leaving the home open.
DOOR_PARTS_OFF = (r"(strip|seal|draught excluder|draft excluder|trim|letterbox|letter box|kick ?plate|bristle\w*|handle|"
                  r"knob|liste\w*|taetningsliste\w*|handtag\w*|dorgreb\w*|brevsprække\w*|brevklap\w*)\w* .{0,30}"
                  r"(come off|came off|fallen off|fell off|faldet af|gaet af|roget af|revet af)")
GAS = r"\bgas\b|\bgas(lugt|lak|udslip|komfur|blus|fyr|ovn|maler|ror|kedel|leak|pipe|smell|sen|sens|flaske)\w*"
SMELL = r"(smell\w*|\bsmel\b|smeel\w*|stink\w*|reek\w*|whiff|odou?r|lugt\w*|stank)"
HEAT = (r"(heating|\bheat\b|central heating|centralvarme\w*|fjernvarme\w*|\bvarmen\b|\bvarme\b|radiatorerne|radiators|"
        r"\brads\b|alle radiator\w*|boiler|varmeanlag\w*|gulvvarme\w*|underfloor|heaters?\b|radiator\w*|\brad\b)")
HEAT_FAIL = (r"(not working|isn'?t working|isnt working|doesn'?t work|dont work|don'?t work|won'?t (come on|work|turn on|go on)|"
             r"wont (come on|work|turn on)|\bno\b|\boff\b|gone|\bwent\b|broken|\bbroke\b|\bbust\b|stopped|died|\bdead\b|"
             r"packed up|failed|won'?t fire( up)?|wont fire|won'?t (start|ignite)|fault code|error code|\bf ?[0-9]{2}\b|"
             r"packed up|\bout\b|\bcold\b|freezing|ceased|virker ikke|fungerer ikke|\bingen\b|\bintet\b|\bgaet\b|"
             r"\bgik\b|\bvak\b|\bdod\b|\bdode\b|slukket|stoppet|holdt op|kolde?\b|iskold\w*|\bude\b|i stykker|\bnede\b|"
             r"\bfejl\b|error|luke ?warm|lunken|lunkne|tepid|not (getting |get |very )?(hot|warm)|ikke varm\w*|"
             r"varmer ikke|ikke (blive|bliver) varm|stone cold)")
DOOR = (r"(\bdoors?\b|\bdor\b|\bdoren\b|\bdore\b|hoveddor\w*|entredor\w*|fordor\w*|yderdor\w*|bagdor\w*|terrassedor\w*|"
        r"altandor\w*|opgangsdor\w*|gadedor\w*|\bport(en)?\b)")
CANT_SECURE = (r"((won'?t|wont|will not|can'?t|cant|cannot|unable to|doesn'?t|does not|kan ikke|kan ik|vil ikke|"
               r"kan ikke lade sig) (be )?(lock|close|shut|lase|lukke|lases|lukkes)\w*|"
               r"\b(lock|las|lasen|lasene)\b.{0,25}\b(broken|jammed|stuck|bust|smashed|i stykker|odelagt|"
               r"brudt|sidder fast|knakket|brakket|brokket|defekt|gaet i stykker)|doesn'?t (lock|close|shut)|\b(lukker|laser|lases|lukkes) ikke|"
               r"swings open|glider (bare )?op|(stands|staar|star) (wide )?open|kan ikke (lukkes|lases)|"
               r"off (its|the) hinges|af hangsl\w*|(rog|roget|faldet|gaet) af|come off|came off|fallen off|fell off|"
               r"hanging off|hanger (og dingler|skavt|kun i)|ripped off|revet af)")
SOCKETS = r"(sockets|plug sockets|stikkontakter\w*|stikkene|alle stik|power points|outlets)"
POWER = r"(\bpower\b|electric\w*|\bstrom\w*|\bel\b|elektricitet\w*|\blys\b|\blights\b|\bleccy\b|\blecky\b)"
POWER_LOSS = (
    rf"\b(no|ingen|lost( all)?( the)?|without|uden|mistet( al)?( vores)?|zero|ikke( noget)?) {POWER}",
    r"(power|electric\w*|strom\w*|leccy|lecky)('?s| is| er| has| har)?( been| vaeret)? (gone|went|out|off|cut|down|dead|gaet|"
    r"vak|dod|svigt)",
    r"(power cut|stromsvigt|stromafbrydelse|stromnedbrud|blackout|stromudfald|power outage|power failure)",
    r"(all|whole|entire|hele)(?! (tiden|the time|day|night|natten|dagen|aftenen|evening|of (them|the other)))"
    r" .{0,25}(dark|mork|uden strom|without power|no power|ingen strom)",
    r"(all the electrics|hele elinstallationen|alle sikringer)",
    r"(nothing|ingenting|intet|\balt\b|everything)( electric\w*| elektrisk\w*| i (lejligheden|boligen|huset))? "
    r"(works?|virker|is working)",
    # "Everything went off" is the power; "nothing went off" (no alarm sounded) is not.
    r"(\balt\b|everything)( electric\w*| elektrisk\w*| i (lejligheden|boligen|huset))? "
    r"(er slukket|went off|turned off|gik ud|er gaet ud|gik|died|is dead|is off|er dod\w*)",
    # Told by its effects while the neighbours still have power (all three: "my neighbours have been shouting" is
    # no power cut).
    all_of(r"(fridge|freezer|koleskab\w*|fryse\w*|router|wifi|wi-fi|internet\w*|\btv\b|lights|\blys(et)?\b|lamper\w*|"
           r"\bel\b|electric\w*)", r"(dead|\boff\b|not working|gone|virker ikke|\bdod\w*|slukket|gaet ud|gik ud|died|"
           r"stopped|holdt op)", r"(neighbou?rs?|naboe\w*|next door|the rest of the (building|block|street)|resten af "
           r"(opgangen|blokken|gaden))( \w+){0,4} (have|has|got|still|are on|har|stadig|er tandt)( \w+){0,3} "
           r"(power|electric\w*|strom\w*|lights?|\blys\b|\bon\b|fine|tandt)"),
    all_of(r"(fridge|freezer|koleskab\w*|fryse\w*)", r"(router|wifi|wi-fi|internet\w*|\btv\b|lights|\blys(et)?\b|"
           r"lamper\w*)", r"(dead|\boff\b|not working|gone|virker ikke|\bdod\w*|slukket|gaet ud|gik ud|died|stopped|"
           r"holdt op|nothing|ingenting)"),
)
PARTIAL_ROOMS = (r"(kitchen|bathroom|bedroom|living room|\bhall\b|hallway|lounge|one room|some rooms|\bhalf\b|upstairs|"
                 r"front room|back room|box room|\boffice\b|kontor\w*|cooker|oven|fridge|freezer|komfur\w*|\bovn\w*|"
                 r"koleskab\w*|fryse\w*|vaskemaskine\w*|washing machine|(alt|everything) (andet|else)|"
                 r"downstairs|socket|kokken\w*|badevarelse\w*|sovevarelse\w*|\bstue\w*|\bgang\w*|\bentre\w*|varelse\w*|"
                 r"halvdel\w*|nogle|et rum|stikkontakt\w*|\bstik\b|\bbad\b|toilet\w*)")
# Not "hele tiden" (all the time) nor "alt andet virker" (everything else works): those name no extent.
WHOLE = (r"\b(whole|entire|\ball\b(?! (the time|day|night|evening|else|the others?|other))|everything(?! else)|everywhere|"
         r"hele(?! (tiden|dagen|natten|aftenen))|\balt\b(?! andet)|\bal\b|overalt|building|block|opgang\w*|"
         r"nothing (works|is working|at all)|(ingenting|intet) virker|hverken lys eller)\b")
LIFT = r"(\blift\b|\blifts\b|\blift'?s\b|elevator\w*|\belevatoren\b)"
# A lift that does not do its job, however the tenant puts it: a report about a lift is nearly always this.
LIFT_FAULT = (r"(stopp\w*|\bstuck\b|jammed|\bfast\b|"
              r"(won'?t|\bwont\b|willnae|will not|doesn'?t|does not|isn'?t|is not|not|cannae|cant|can'?t) (\w+ ){0,2}"
              r"(work\w*|move|moving|go\b|going|come|coming|open\w*|budge|start\w*|run\w*|call\w*|respond\w*)|"
              r"\bno working|\bdead\b|\bdod\b|kaput\w*|conked|packed (in|up)|\bbroke\w*|\bbust\w*|fault\w*|fejl\w*|"
              r"error|out of (order|service)|ude af (drift|funktion)|gaet (ned|i sta|i stykker)|(virker|fungerer|korer|"
              r"reagerer|kommer|abner|lukker)( \w+)? (ikke|ik)\b|\b(ikke|ik) (virker|fungerer|korer|reagerer|kommer|abner)|"
              r"nothing happens|(intet|ingenting) (sker|skete)|(sker|skete) (der )?(ingenting|intet|ikke noget)|"
              r"(star|staar|stod|sat|sits|sitting|stands?|standing|stood|holder) (bare |stille|fast|nede|med|on|at|pa)|"
              r"keeps? (going|stopping|opening|closing)|grinding|\bbeep\w*|bipper|\bdown\b|i stykker|odelagt|"
              r"(doors?|dor(e|ene)?) .{0,20}(won'?t|ikke|don'?t|never|halvt))")
LEAK = r"(\bsive\b|\bleak\w*|\blak\b|\blakker|\blakage|\blakket|utat\w*|\bdrip\w*|drypper|\bdryp\w*|seeping|\bsiver\b|weeping)"
WATER = r"(\bwater\b|\bregn\w*|\brain\w*|\bvand\w*|\bdrip\w*|\bdryp\w*|\bleak\w*|\blak\w*|\bwet\b|\bvad\b|\bvade\b|pour\w*|\blober\b)"
ELECTRIC_FITTING = (r"(socket\w*|light ?fitting\w*|\w*lamp\w*|loftlys\w*|fuse\w*|electric\w*|\bplug\w*|switch\w*|eltavle\w*|"
                    r"elskab\w*|stikkontakt\w*|\bstik\b|\bstikket\b|sikring\w*|\blyset\b|ceiling light|\blights?\b|"
                    r"spotlight\w*|ledning\w*|wiring|\bwires?\b|\bel-?tavle\w*)")

# Power still in other rooms of the home (not the neighbours'): the loss is partial.
POWER_ELSEWHERE = (r"\b(living room|kitchen|hall|lounge|bedroom|bathroom|upstairs|downstairs|stue\w*|kokken\w*|gang\w*|"
                   r"sovevarelse\w*|badevarelse\w*|ovenpa|nedenunder)( \w+){0,6} (still )?(have|has|got|har)( stadig)? "
                   r"(power|electric\w*|strom)\b|(so does|also|as does|og det gor|ligesom) everything (in|i) (the rest|resten)|"
                   r"\b(rest of the (house|flat|home|place)|resten af (huset|lejligheden|boligen))( \w+){0,3} "
                   r"(works?|is fine|are fine|still|virker|er fin\w*|har strom)\b")
# A trip switch that will not stay up: one circuit out, whatever the words around it.
TRIPPING = (r"(sikring\w*|automatsikring\w*|rela\w*|hfi\w*|hpfi\w*|gruppe\w*|\btavle\w*|eltavle\w*|fuse ?(box|board)|"
            r"consumer unit|circuit\w*|trip ?switch\w*|breaker\w*|\brcd\b|\bmcb\b|\bknap\w*)")
TRIPS = (r"(ned igen|ud igen|(ryger|springer|slar fra|hopper)( \w+)? igen|klikker\w*( bare)? (ned|ud|fra)|"
         r"won'?t stay (up|on)|wont stay (up|on)|vil ikke (blive|sta) (oppe|pa|tandt)|goes (again|back down|straight back)|"
         r"went (straight )?back down|keeps? (tripping|going|flicking|clicking)|tripping|tripped|\btrips\b|kicks? out|"
         r"(gar|går) (den |det )?ned igen)")

# Lights on the stairs or in the car park are communal, not a loss of power in the home.
POWER_MASK = (
    r"^.*((naboe\w*|neighbou?rs?|next door|everyone|alle)( \w+){0,4} (ogsa|also|too|as well|heller ikke|are out|er uden|have "
    r"none|have no|no power either)|whole (street|area|road|estate|neighbou?rhood)|hele (kvarteret|gaden|omradet|vejen|byen|"
    r"bebyggelsen)|kvarteret|power cut in the (area|street)|area power cut).*$",
    r"(hot|varmt?) (water|vand)", r"no (power|lights?) (in|on) the (stairs|stairwell|landing|lift|hallway|corridor|car park|street)",
    r"ingen (lys|strom) (pa|i) (trappe\w*|opgang\w*|gang\w*|kalder\w*|parkering\w*)",
    r"(stair|trappe|opgang|landing|car park|parkering)\w* .{0,15}(no|ingen) (lights?|lys)",
)

HEAT_MASK = (
    r"(hot|varmt?|varme|warm) (water|vand)\w*", r"(hot|varme) (tap|hane)\w*",
    r"(immersion\w*|water heater|vandvarmer\w*|cylinder|varmtvandsbeholder\w*)( heater)?( is| er)? (not |isn'?t |ikke )?"
    r"(heating|varmer|heat\w*)",
    r"(water heater\w*|vandvarmer\w*|varmtvand\w*|immersion\w*( heater\w*)?|cylinder)",
    r"(heat|varme) ?(alarm|detector|melder)\w*",
    r"(tank|cylinder|immersion|water|vand\w*|beholder\w*)( \w+){0,2} (to |at )?(heat|varme)( up| op)?\b",
    r"(oven|ovn\w*|hob|cooker|kogeplade\w*|komfur\w*|fridge|koleskab\w*|kettle|elkedel\w*|towel rail|"
    r"handkladetorrer\w*) .{0,25}(heat\w*|varm\w*)", r"(heat\w*|varm\w*) (up|op)\b .{0,10}(oven|ovn)",
    r"(heat\w*|central heating|varmen|radiator\w*|fjernvarme\w*)('?s| is| er| are)? (still )?(fine|ok|okay|fint?|i orden|"
    r"normal\w*|on(?! full| max))\b", r"(heating|varmen|radiator\w*) (works?|is working|virker|fungerer)(?! (ikke|not|ik)\b)( fine| fint| normalt?)?",
    r"(does|gor|klarer) (the )?(heating|varmen) fine", r"(immersion\w*|water heater|vandvarmer\w*|cylinder|varmtvandsbeholder\w*)"
    r"( heater)?( is| er)? (not |isn'?t |ikke )?(heating|varmer|heat\w*)",
    r"(on full|for fuld\w*|full blast|too hot|for varm\w*|stuck on|kan ikke (skrue ned|slukke)|can'?t turn (it )?"
    r"(down|off)|cant turn (it )?(down|off))", r"shower\w* .{0,10}cold", r"bruser\w* .{0,10}kold",
)
