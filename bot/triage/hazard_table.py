"""The hazard table: each danger the safety net knows, its category, priority and patterns."""

from __future__ import annotations

from bot.triage.hazard_words import (
    CANT_SECURE,
    DARK_DANGER,
    DOOR,
    DOOR_PARTS_OFF,
    ELECTRIC_FITTING,
    GAS,
    HEAT,
    HEAT_FAIL,
    HEAT_MASK,
    HEATING_WORKS,
    LEAK,
    LIFT,
    LIFT_EMPTY,
    LIFT_FAULT,
    LOCKS_FINE,
    NO_WATER_COMING,
    NOT_ILL,
    OUTBUILDING_ONLY,
    PARTIAL_ROOMS,
    POWER_BACK,
    POWER_ELSEWHERE,
    POWER_LOSS,
    POWER_MASK,
    RUNNING_CISTERN,
    SMALL_LEAK,
    SMELL,
    SOCKETS,
    TRIPPING,
    TRIPS,
    WATER,
    WEAK_HEAT,
    WHOLE,
    Hazard,
    all_of,
    near,
)

HAZARDS: tuple[Hazard, ...] = (
    Hazard("gas", "gas", "emergency", (
        near(GAS, rf"({SMELL}|leak\w*|\blak\w*|udslip\w*|\bsiver\b|\bsive\b|hiss\w*|hvas\w*|\bsus\w*|escap\w*)", 35),
        r"gaslugt\w*", r"gaslak\w*", r"rott?en eggs?|radne ag|radden ag|raddent ag|(bad|off|old|rotting) eggs?|"
        r"eggy (smell|stink|odou?r)|smells? (of|like) eggs?|lugter (af|som) (radne |radden |gamle )?ag|svovl\w*|"
        r"sulph\w*|sulf(ur|ide)",
        near(r"(\bhob\b|cooker|komfur\w*|kogeplade\w*|\bblus\w*|boiler|\bfyr\b|fyret|\bmeter\b|maleren|\bovn\w*|"
             r"\boven\b|\bpipe\b|\bror(et)?\b)", r"(hiss\w*|hvas\w*|\bsuser\b|\bsus\w*|whoosh\w*)", 30),
        r"\bco[ -]?(alarm|detector|detektor|melder|maler|monitor)\w*|carbon monoxide|kulilte\w*|kulos\w*|\bco2? (is )?beep",
        all_of(near(r"(alarm\w*|detector\w*|detektor\w*|melder\w*|\bthing\b)", r"(boiler|gasfyr\w*|\bfyr(et)?\b|\bgas\w*|"
                    r"boiler cupboard|water heater|gasvandvarmer\w*)", 40),
               r"(beep\w*|screech\w*|going off|sounding|ringing|hyler|bipper|bip\w*|larmer|flash\w*|blinker|won'?t stop)"),
        all_of(r"(alarm\w*|detector\w*|detektor\w*|melder\w*)", r"(headache\w*|dizz\w*|nause\w*|feel\w* (sick|ill|faint|rough)|"
               r"vomit\w*|threw up|thrown up|drows\w*|hovedpine|ondt i hovedet|svimmel|kvalm\w*|kastet op|kaster op|dosig)"),
    ), mask=(r"\b(ingen|nobody|no one|noone|none of us|ingen af os)( \w+){0,2} (har|has|have|got|is|er|feels?|foler)( \w+){0,2} "
             r"(ondt i hovedet|hovedpine|headache\w*|dizzy|svimmel|kvalm\w*|sick|ill|unwell)",
             r"(co|carbon monoxide|kulilte)\w*[ -]?(alarm|detector|melder|detektor)\w*( \w+){0,8} (once a (minute|min)|"
             r"battery|batteri\w*|\bend\b|end of life|chirp\w*|needs? (a )?new|replace\w*|udskift\w*|"
             r"udlob\w*)", r"gas ?(hob|cooker|fire|oven|ring|burner|komfur|blus|ovn)\w* (won'?t|wont|will not|doesn'?t|vil ikke|tander ikke|"
             r"kan ikke)\w*( \w+)?",)),
    Hazard("fire", "fire_safety", "emergency", (
        r"\b(fire|fires|flames?|flammer?|ild|on fire|ablaze|blaze|brand|brander|braender|brander op|braendte|brandte)\b",
        near(r"\b(smoke|smoking|rog|ryger)\b", r"(coming|pouring|billowing|everywhere|\bfrom\b|\bout\b|\bfull\b|filling|"
             r"\bud\b|\bfra\b|overalt|kommer|valter|fyldt|\bfuld\b|\binde\b|\bstill\b|\bstadig\b)", 25),
        all_of(r"(alarm\w*|\b_\b|melder\w*)", r"(won'?t stop|wont stop|going off|keeps? going|sounding|screech\w*|hyler|larmer|vil ikke stoppe|"
               r"bliver ved)", r"(burn\w*|brand\w*|brandt|svedet|\bsved\b|melt\w*|smelt\w*|smok\w*|\brog\b|\bos\b)"),
        r"\b(sort|black|tyk|thick) (os|rog|smoke)\b|\bfull of smoke|\bfuld af rog|something('?s| is) burning|noget (der )?brander|det brander|"
        r"\bcharred\b|(black|sort) (smoke|rog)|can'?t see for|kan ikke se for",
        near(r"(dryer|tumble\w*|torretumbler\w*|washing machine|vaskemaskine\w*|oven|\bovn\w*|\btv\b|fridge|koleskab\w*|"
             r"appliance|kettle|elkedel\w*|microwave|mikroovn\w*|computer|charger|oplader\w*|emhatte\w*|extractor|"
             r"heater|radiator\w*|boiler|fan\b|lamp\w*)", r"(\bsmok\w*|\bryger\b|\brog\b|\bsmoke\b)", 20),
    ), mask=(r"(smoke|heat|fire) (alarm|detector)\w*", r"fire ?(door|doors|exit|extinguisher|escape|blanket|brigade|place)\w*",
             r"(gas|electric) fire", r"fire (up|on)\b", r"firing", r"brand ?(dor|alarm|slukker|tape|mand|folk|vasen|melder|"
             r"dore|hane|trappe|vej)\w*", r"brand new", r"(nothing|no|not) (is )?(burning|on fire|fire|smoke)\w*",
             r"uden at (noget|der) (brander|er (ild|brand|rog))", r"ikke (brand|ild|rog)\b", r"ingen (brand|ild|rog)\b",
             r"brander (ud|af)", r"(no|ingen) flam\w*", r"(burn|brand)(t|e)? ?(mark|marke|marker)\w*",
             # "Uden at der er røg eller brand": every sign the negation names, not the first alone.
             r"(uden at (der er|noget)|ingen|no|without|not any|ikke nogen|hverken|nor|eller) (\w+ )?(rog|brand|ild|smoke|fire|"
             r"flames?|flammer)( (eller|or|og|nor|and) (\w+ )?(rog|brand|ild|smoke|fire|flames?|flammer))*\b")),
    Hazard("sewage", "drainage", "emergency", (
        near(r"(sewage|sewer|kloakvand|spildevand|kloak\w*|\bpoo\w*|faeces|feces|\bshit\b|\blort\w*|afforing|"
             r"ekskrement\w*|\bwaste\b)", r"(coming|come|comes|bubbl\w*|\bup\b|\bop\b|overflow\w*|everywhere|overalt|flood\w*|"
             r"backing|\bfloor\b|gulv\w*|\bud\b|\bout\b|lober over|flyder|bobler|stiger)", 30),
        all_of(r"(\bonly\b|nowhere else|no(where| other) (toilet|loo|to go)|intet andet toilet|ingen andre toilet\w*|"
               r"ikke (noget|et) andet toilet|\b(one|1) (toilet|loo|wc)|(just|only|the|our|my) one\b|eneste|kun (det |den |et |en )?(ene|1|et|en)\b|"
               r"\bkun\b.{0,10}\bet\b)",
               r"(toilet\w*|\bloo\b|\bwc\w*|lavatory)", r"(block\w*|clog\w*|stopp?et|tilstoppet|stop i|won'?t flush|wont flush|"
               r"not flushing|kan ikke skylle|overflow\w*|lober over|flyder over|broken|virker ikke|i stykker)"),
        near(r"(toilet\w*|\bloo\b|\bwc\w*)", r"(overflow\w*|lober over|flyder over|spilling over|pouring out|coming over|"
             r"flows over)", 30),
        near(r"(brunt|brown|dirty|beskidt|ulakker\w*|ulaekker\w*|klam\w*|filthy|disgusting|stinking|stinkende)",
             r"(op af|op fra|op i|op gennem|coming up|comes up|came up|up (through|from|out of|the))", 30),
        near(r"(\bdrains?\b|drain ?hole|plug ?hole|gully|afl[o]b\w*|gulvafl[o]b\w*|\bristen\b|kloak\w*)",
             r"(coming up|come up|comes up|kom(mer)? op|stiger op|bobler op|backing up|backed up|welling up|valter op|"
             r"flyder op|pressing up|spilling out|lober over|overflow\w*|up (through|into|onto))", 30),
        near(r"(dirty|brown|brunt|beskidt|skidt|grimt|filthy|black|sort|stinking|stinkende|ulakkert) (water|vand)",
             r"(coming up|up (through|in|from|out)|op (af|i|fra|gennem)|bobler|bubbl\w*|kommer op|backing up|stiger op)", 30),
    ), mask=(r"(smell\w*|stink\w*|lugt\w*|lugter) (of|af|like|som) (sewage|kloak\w*|sewer)", r"toilet seat", r"toiletsad\w*",
             r"toiletbrat\w*"),
        unless=(r"(second|another|other|2nd|spare|guest|upstairs|downstairs|ekstra|andet|andre|to|two|gaste) (toilet\w*|loo|wc)",
                r"(another|a second|an other|the other) one\b", r"(et|en) (andet|anden|ekstra)\b", r"(vi|we) har (ogsa |et )?(to|2)\b",
                r"(toilet\w*|loo|wc) (upstairs|downstairs|ovenpa|nedenunder) (works|is fine|virker)", r"\btwo (toilets|loos)\b",
                r"\bto toiletter\b", r"not (our|the|my) only", r"ikke (vores|det) eneste"),
        unless_not=(r"(sewage|sewer|kloakvand|spildevand|\bpoo\w*|coming up|kommer op|bobler op|overflow\w*|lober over|"
                    r"flyder over)",)),
    Hazard("flood", "water", "emergency", (
        near(r"\bsplit\w*|\bflakket\b|\brevnet\b", r"(pipe|\bror\w*|hose|slange\w*|tank)", 25),
        r"\bburst\w*|\bsprunget\b|\bflood\w*|\boversvom\w*",
        r"\b(pouring|gushing|pissing|spraying|spurting|streaming|pumping|fosser|fossede|sprojter|sprojtede|stromer|"
        r"vaelter|valter|oser|strommer)\b",
        r"(water|vand\w*) .{0,20}(everywhere|overalt|all over|over det hele|on the floor everywhere|coming in|comes in)",
        near(r"(\bceiling\b|\bloft\b|\bloftet\b)", r"(\bwater\b|\bvand\w*|\bpour\w*|\blober\b|coming through|regner ind|"
             r"rain\w* (is )?(coming|getting) in|"
             r"(drip\w*|dryp\w*|leak\w*|lak\w*) (a lot|heavily|fast|badly|constantly|loads|kraftigt|meget|voldsomt|hele tiden|"
             r"konstant))", 30),
        r"(can'?t|cannot|cant|unable to|won'?t|wont|kan ikke|vil ikke) .{0,20}(stop|turn off|lukke|stoppe|slukke|close) "
        r".{0,15}(water|leak|vand\w*|lak\w*|stop ?cock|stop ?tap|stophane\w*|valve)",
        r"(stop ?cock|stop ?tap|stophane\w*|main valve|hovedhane\w*) .{0,30}(won'?t|wont|can'?t|cant|stuck|kan ikke|"
        r"sidder fast|vil ikke)",
        r"\b[0-9]+ ?(cm|centimeter|inch\w*|tommer) (of |af )?(water|vand)|(star|staar) vand pa (hele )?gulv\w*|"
        r"(star|staar|stands?) under vand|under water\b|running down the walls?|lober (der )?(vand )?ned ad vagge\w*|"
        r"ankel ?dybt|ankle deep",
        near(r"(\blober\b|running|pouring|coming (in|through|down)|kommer (der )?(vand )?(ind|ned|igennem))",
             r"(stopper ikke|won'?t stop|wont stop|doesn'?t stop|does not stop|vil ikke stoppe|holder ikke op)", 50),
        near(r"(turned off|shut off|switched off|closed|turned the|lukket|slukket|skruet|tried|provet|forsogt)",
             r"(still|stadig|keeps?|bliver ved|won'?t stop|wont stop|vil ikke stoppe|continu\w*|fortsat\w*|\bog(sa)? "
             r"(lober|kommer|drypper)|made no difference|hjalp ikke|doesn'?t help|didn'?t help|no difference)", 50),
        near(WATER, r"(flat|apartment|neighbou?rs?|people|home) (below|downstairs|underneath|under us)|downstairs neighbou?r|"
             r"underbo\w*|naboen? (nedenunder|under|neden under)|lejligheden (under|nedenunder)|nedenunder|neden under|"
             r"through (the|our) floor|gennem gulvet|ned i (gulvet|etageadskillelse\w*)|into the (walls?|floor\w*)|"
             r"ind i (vaggen|vaggene|gulvet)|under the (floor|laminate|lino)|under (gulvet|parketten|laminatet)|"
             r"soaking (into|through)|trukket ind i", 60),
    ), unless=SMALL_LEAK,
        unless_not=(r"(pour\w*|gush\w*|everywhere|overalt|fosser|stromer|sprojt\w*|can'?t stop|kan ikke stoppe|"
                    r"won'?t stop|vil ikke stoppe)",), mask=(NO_WATER_COMING, RUNNING_CISTERN, r"(water|vand) (pressure|tryk\w*)", r"(hot|varmt?|varme) (water|vand)\w*", r"springer (hele tiden|fra)",
             r"sikring\w* springer", r"split (level|screen)", r"brusted",
             r"(condensation|kondens\w*|dug|damp|fugt\w*) .{0,25}(streaming|pouring|running|lober|strommer|pissing)",
             r"(streaming|pouring|running|dripping|dryppende|drypper) (with|af|med) (condensation|kondens\w*|dug|damp|fugt)",
             r"(streaming|pouring|running|lober|strommer) (down|ned ad) (the |my |our )?(windows?|vindue\w*|ruder?\w*|glass|glas\w*)",
             r"(glas\w*|\brude\w*|\bruder\w*|vindue\w*|spejl\w*|flise\w*|fliser|lampe\w*|pare\w*|termorude\w*)( \w+){0,3} "
             r"(er |er blevet |has |is )?sprunget", r"sprunget (en |et |i )?(rude|glas|vindue|flise|pare|termorude)\w*", r"(stain|plet\w*|mark\w*|skjold\w*)",
             r"(mou?ld\w*|\bmold\w*|damp|skimmel\w*|fugt\w*|mug\w*)( \w+){0,2} (coming|kommer|trenger|traenger) "
             r"(through|igennem|frem)")),
    # Water reaching electrics: a plumber's job first (the leak), with the electrics made safe.
    Hazard("water_electrics", "water", "emergency", (near(WATER, ELECTRIC_FITTING, 35),), mask=(NO_WATER_COMING,
        r"electric (shower|heater|fire|cooker|oven|hob)\w*", r"(water|vand)\s?(heater|varmer\w*|pressure|tryk\w*|bill|meter|maler\w*)",
        r"(hot|varmt?|varme) (water|vand)\w*", r"(tap|hane\w*|toilet\w*|cistern\w*) (is |er )?(dripping|leaking|drypper|lakker|lober)",
        r"(nowhere|not|ikke|langt fra|far from|away from)( \w+){0,2} (near|close to|i naerheden af|i narheden af|naer|nar|ved) "
        r"(any |the |nogen )?\w+")),
    Hazard("electrics_danger", "electrical", "emergency", (
        r"\bspark\w*|\bgnist\w*",
        near(r"(\bburn\w*|\bbrandt\b|\bbrand\b|\bsvi\w*|\bsved\w*|scorch\w*|\bbrandlugt|plastic|plastik)", SMELL, 25),
        r"brandlugt|branlugt|svidelugt|sviende",
        near(r"(socket\w*|\bplug\w*|stikkontakt\w*|\bstik\w*|kontakten\b|switch\w*|fuse ?box\w*|eltavle\w*|sikring\w*|"
             r"wiring|ledning\w*)", r"(scorch\w*|melt\w*|smelt\w*|\bblack\b|\bsort\b|svedet|\bsved\w*|smok\w*|\bryger\b|"
             r"crackl\w*|knitr\w*|(got|gets|getting|went|is|er|blev|bliver|very|really|meget|helt|so) (hot|varm\w*)|bang)", 30),
        r"(exposed|bare|\blive\b|loose|hanging|blottet|blotlagt|blottede|stromforende|naked) .{0,12}(wire|wiring|ledning\w*|"
        r"cable\w*|kabl\w*)",
        r"stromforende|\blive wires?",
        near(r"(\bwires?\b|wiring|ledning\w*|cables?\b|kabl\w*)", r"(stikker|hanger|sticking|hanging|poking)( \w+){0,3} "
             r"(ud|out)", 30),
        near(r"(\bwires?\b|wiring|ledning\w*|cables?\b|kabl\w*)", r"(sticking out|hanging out|exposed|\blive\b|stikker ud|"
             r"hanger ud|stromforende|blottet|blottede|hanging)", 40),
        near(r"(socket\w*|stikkontakt\w*|light switch\w*|lyskontakt\w*|\bswitch\b|kontakten|fuse ?box|eltavle\w*)",
             r"(hanging (off|out)|pulled (off|out)|come (off|away) (the|from the) wall|came (off|away)|ripped out|revet ud|"
             r"hanger (ud|ned)|faldet (af|ud)|cover (is )?(off|missing|broken|cracked)|no cover|"
             r"(dak\w*|lag|front|cover) (er )?(af|mangler|knakket|vak|revnet)|exposed|blottet|you can see (the )?wires|"
             r"man kan se ledning\w*)", 30),
        r"(fik|faet|giver|gav|fat) (et |mig )?\bstod\b|\bstod (af|fra)\b|electric shock|\bshock\w*|electrocut\w*",
    ), mask=(r"electric (shower|heater|fire|cooker|oven|hob)\w*", r"elektrisk\w* (bruser|ovn|komfur)\w*",
             # "Sikringen ryger igen": a fuse that trips, not smoke.
             r"(sikring\w*|gruppe\w*|rela\w*|hfi\w*|kfi\w*|fejlstrom\w*|eltavle\w*)\b.{0,60}\b(ryger|rog)( \w+)? "
             r"(den|det|igen|ud|fra|hele tiden|konstant)\b", r"(ryger|rog) (sikring\w*|gruppe\w*|rela\w*|hfi\w*)",
             r"(water|vand)\s?(heater|varmer\w*|pressure|tryk\w*|bill|meter|maler\w*)", r"(hot|varmt?|varme) (water|vand)\w*",
             r"pilot light", r"(tap|hane\w*|toilet\w*|cistern\w*) (is |er )?(dripping|leaking|drypper|lakker|lober)",
             r"light (is |was )?(on|flashing|blinking)", r"spark\w* (plug|joy)",
             r"(oven|hob|cooker|ovn\w*|komfur\w*|kogeplade\w*|fridge|koleskab\w*|kettle|elkedel\w*|radiator\w*|"
             r"varmeapparat\w*) .{0,20}(hot|varm\w*)")),
    Hazard("no_power", "electrical", "emergency", POWER_LOSS, mask=POWER_MASK,
           unless=(PARTIAL_ROOMS,), unless_not=(WHOLE,), cleared=(POWER_BACK, POWER_ELSEWHERE)),
    Hazard("no_water", "water", "emergency", (
        r"\b(no|ingen|intet|without|uden|zero|not a drop of)( running| cold| koldt| fresh)? (water|vand)\b",
        r"\bikke( noget| haft| fat| faet| en drabe| mere| nogen)?( koldt)? (water|vand)\b",
        r"\b(water|vand|vandet)( supply| forsyning\w*)?( is| er| has been| har varet)? (off|cut|cut off|gone|lukket|vak|"
        r"afbrudt|slukket)\b",
        r"(nothing|ingenting|intet|ikke (noget|en drabe)|not a drop) .{0,25}(out of|from|ud af|fra|comes|kommer) .{0,20}"
        r"(taps?|haner?|hanerne|vandhane\w*)",
        r"(taps?|haner?|hanerne|vandhane\w*) .{0,20}(nothing|ingenting|no water|intet vand|ikke noget|dry|torre?)\b",
        r"\bikke en drabe\b", r"(lukket|slukket|afbrudt) for vandet",
        r"(water|vand\w*) (has been |was |is |er blevet )?(shut|turned|switched|cut) off",
    ), mask=(r"(hot|varmt?|varme|warm) (water|vand)\w*", r"(nothing|ingenting|intet|ikke noget) (hot|warm|varmt?)\b",
             r"water (heater|pressure|bill)", r"no (water|vand) (pressure|tryk)",
             NO_WATER_COMING, r"\b(no|ingen|intet) (water|vand)( \w+)? (or|eller) (anything|noget|nothing|andet)\b",
             r"no water (in|on) the (floor|ceiling)", r"ikke (noget )?vand (pa|i) (gulvet|loftet)")),
    Hazard("no_heating", "heating", "emergency", (
        near(HEAT, HEAT_FAIL, 35),
        r"(freezing|iskold\w*|ice cold|so cold|really cold|hundekoldt|frysende koldt) .{0,20}(flat|house|home|inside|in here|"
        r"lejlighed\w*|indenfor|herinde|hjemme)",
        r"\b([0-9]|1[0-5]) (degrees|grader)\b",
    ), winter_only=True,
        mask=HEAT_MASK,
        unless=(r"\b(one|en|et|1) (of (the|my) |af )?(radiator\w*|rads?\b)", r"\bradiatoren\b", r"\bthe radiator\b",
                r"\b(a|my|our|min|vores) (radiator|rad)\b(?!s)", r"\b\d+ (ud )?af (\d+|de|mine|vores) ",
                r"(bedroom|kitchen|living room|lounge|bathroom|hall|kids|spare|box|front|back|sovevarelse\w*|kokken\w*|stue\w*|"
                r"badevarelse\w*|varelse\w*|gang\w*|entre\w*)('?s? room)? (radiator|rad)\b", r"radiator\w* (in|i|pa) (the |my )?\w+",
                r"some (rooms|radiators|of the radiators)", r"nogle (af )?(rum\w*|radiator\w*|vaerelse\w*|varelse\w*)",
                r"rest (are|is) (fine|ok|working)", r"de andre (virker|er fine)", r"resten (virker|er fin)",
                r"(the )?others? (work|are fine|are ok)", r"\bonly (one|in|the)\b", r"\bkun (en|et|i)\b", r"\bhalf\b",
                r"\bhalvdel\w*", r"\bpartly\b", r"\bdelvis\b",
                r"\b(two|three|2|3|to|tre|a few|a couple( of)?|et par|enkelte|several|flere) (of (the|my) |af )?"
                r"(radiator\w*|rads?\b|rooms?\b|\brum\b|varelse\w*)", r"(upstairs|downstairs|ovenpa|nedenunder) radiator\w*",
                r"radiator\w* (upstairs|downstairs|ovenpa)", r"\b(one|a|the|et|det ene) (room|rum|varelse)\b",
                r"(rest|others?|andre|resten)( of the (house|flat|rooms))? (is|are|er) (warm|fine|ok|varm\w*)",
                r"(heat\w*|varme\w*) (in|i) (the |my |our )?(bedroom|kitchen|living room|lounge|bathroom|hall\w*|kids|spare|"
                r"sovevarelse\w*|kokken\w*|stue\w*|badevarelse\w*|varelse\w*|gang\w*|entre\w*|bornevarelse\w*)"),
        unless_not=(r"(?<!at )\b(all|alle|whole|hele|every|anywhere|nowhere|nogen steder|overalt|everywhere|entire|no heat(ing)? at all|"
                    r"ingen varme overhovedet)\b(?! (the |of the |my |de |af de )?(others?|other (ones|rads|radiators|rooms)|rest|"
                    r"andre|resten)\b)(?! (day|days|night|week|weekend|morning|evening|afternoon|the time|time|tiden|dagen|natten|"
                    r"ugen|weekenden|good|right|ok|okay|of us|af os|year|aret|winter|vinteren)\b)",), cleared=(HEATING_WORKS, WEAK_HEAT)),
    Hazard("insecure_door", "doors_windows", "emergency", cleared=(LOCKS_FINE, OUTBUILDING_ONLY),
           unless=(
        r"(properly|fully|all the way|right|ordentligt|helt|ordentlig)\b.{0,40}(draught|draft|cold air|trak\w*|kold luft|"
        r"blows?|wind|vind)|(draught|draft|trak\w*|kold luft) .{0,40}(properly|fully|ordentligt|helt)",),
        unless_not=(r"(break[- ]?in|broke in|burgl\w*|indbrud|smash\w*|knust|kicked|sparket|forced|tvunget|can'?t (be )?lock|"
                    r"cannot (be )?lock|won'?t lock|kan ikke (lases|lase)|laser ikke|(lock|las\w*) .{0,15}(broken|i stykker|"
                    r"odelagt))",), patterns=(
        r"(break[- ]?in\b|(someone|somebody|they|burglars?|thieves|people|\bhe\b|\bshe\b|\bmen\b|kids|has been|have been|"
        r"was|were|got) (has |have |had |just )?(broke|broken) in|broke into|broke in(to)? (my|our|the) (flat|home|house|apartment|place|shed)|broken into|burglar\w*|burgled|burglary|indbrud\w*|bryde ind|brod ind|brudt ind|brudt op|"
        r"brokket op|kicked (in|down|open)|sparket (ind|op)|forced (open|the door|entry)|tvunget op|(tried|trying|try) to (get|break) in|"
        r"(forsogte|provede|forsoger|prover) at (bryde|komme) ind)",
        near(DOOR, CANT_SECURE, 40), all_of(DOOR, CANT_SECURE),
        near(r"(window\w*|vindue\w*|\brude\w*|\bglass\b|\bglas\b|\bpane\b)", r"(smash\w*|knust\w*|smadret|shatter\w*|"
             r"broken in|kicked in|slaet (ind|i stykker)|slaet ud|hole in)", 30),
        near(r"(window\w*|vindue\w*|\brude\w*|\bpane\b)", r"(\bbroke\b|\bbroken\b|i stykker|\bknust\w*)", 20),
    ), mask=(DOOR_PARTS_OFF, r"fire ?doors?\b", r"branddor\w*", r"(bin|cupboard|wardrobe|kitchen unit|oven|fridge|shower|cabinet) doors?",
             r"(window|vindue\w*) ?(handle|handtag\w*|hasp\w*|latch|catch|hinge\w*|seal|blind\w*|sill|karm\w*|greb\w*|"
             r"liste\w*|lock|las\w*|opener)\w*", r"(handle|handtag\w*|hasp\w*|latch|catch|hinge|seal|blind|sill|greb\w*|"
             r"liste\w*) (on|of|pa|til|i) (the |my |our |min |mit |vores )?(\w+ ){0,2}(window|vindue\w*)",
             r"(skabs|brusedor|ovnlag|koleskabs|affaldsrum)\w*", r"(hard|difficult|tricky|stiff) to (close|shut|lock)",
             r"(svar|besvarlig\w*|tung) at (lukke|lase)", r"door ?handle", r"dorhandtag\w*",
             r"(bathroom|bedroom|toilet|kitchen|living ?room|internal|inner|interior|inside|badevarelse\w*|sovevarelse\w*|"
             r"toilet\w*|kokken\w*|stue\w*|indvendig\w*|inder|vaerelse\w*|varelse\w*)s? ?(doors?|dor\w*)( lock)?",
             r"(doors?|dor\w*) (to|into|til|ind til|ind i|on) (the |my )?(bathroom|bedroom|toilet|kitchen|badevarelse\w*|"
             r"sovevarelse\w*|toilet\w*|kokken\w*|\w*varelse\w*)", r"lock \w+ from (the )?inside",
             r"(main|communal|block|building|shared|front) entrance( door)?|entrance door to the (block|building|flats)|"
             r"(main|communal|shared) doors?|doors? (to|of) the (block|building|flats)|opgangsdor\w*|gadedor\w*|fallesdor\w*|"
             r"kaelderdor\w*|kalderdor\w*|bin (store|room) doors?|cykelkalder\w*",
             r"(lukke|lade|slippe) (nogen|folk|dem|gaster|besog\w*|ham|hende|andre) ind", r"let (anyone|people|them|visitors|"
             r"someone|somebody) in", r"buzz (people|anyone|someone) in")),
    Hazard("lift_trapped", "communal", "emergency", cleared=(LIFT_EMPTY,), patterns=(
        near(LIFT, r"(stuck|trapped|locked in|shut in|fanget|sidder fast|sidder fanget|spar?ret inde|lukket inde|\binde i\b|"
             r"sidder( \w+){0,3} fast|\bfast i\b|(med|with) (min|mit|mine|en|et|folk|nogen|people|someone|somebody|my|a|kids?|born\w*|barn\w*)( \w+)? "
             r"(i|inde|inside|in)\b|kan ikke komme ud|can'?t get out|cant get out|between floors|mellem (to )?etager)", 30),
    )),
    Hazard("collapse", "structure", "emergency", (
        near(r"(\bceiling\b|\bloft\b|\bloftet\b|\broof\b|\btaget\b|plaster ?board)", r"(collaps\w*|\bfell\b|fallen|caved?|bugne\w*|"
             r"styrte\w*|"
             r"cave in|coming down|come down|came (down|in)|\bfalling\b|sagging|bulging|giving way|kollaps\w*|styrtet\w*|faldet (ned|sammen)|"
             r"falder (ned|sammen)|ved at falde|\bhanger\b|\bbuler\b|synker|skrider|crumbl\w*|smuldrer|\bfaldt\b|fald(et)? ind)",
             40),
        near(r"(\bwalls?\b|\bvag\b|\bvaggen\b|\bvagge\w*|balcon\w*|altan\w*|stair\w*|trappe\w*|building|bygning\w*|"
             r"chimney|skorsten\w*|facade\w*|\bmur\w*|brick\w*|floor\b|gulvet\b)", r"(collaps\w*|caved? in|giving way|"
             r"falling (down|off|apart)|coming down|kollaps\w*|styrtet|falder (ned|sammen)|ved at falde|skrider|"
             r"giver efter og|about to fall)", 30),
        r"structural (damage|danger|problem|crack)|building (is )?(moving|cracking|shaking)|huge crack|revner i bygningen",
        near(r"(balcon\w*|altan\w*|railing\w*|rakvark\w*|gelander\w*|banister\w*|handrail\w*|hand rail|\bstairs?\b|"
             r"staircase|trappe\w*|\bsteps?\b|\btrin\w*|stairwell)", r"(giving way|gives way|gave way|came (off|away)|"
             r"coming (off|away)|giver efter|collaps\w*|styrt\w*|pulled away|sank|sunk|dangerous|farlig\w*|unsafe|"
             r"usikker\w*|could fall|kan falde|about to (fall|go|give)|ved at falde)", 35),
        near(r"(brick\w*|mursten\w*|masonry|murvark\w*|\bmur(en)?\b|concrete|beton\w*|chunks?|lumps?|big (bits|pieces)|"
             r"store stykker|klumper|stykker (af|fra)|plaster|puds\w*|tagsten|roof tiles?|slates?)",
             r"(falling|fell|fallen|come down|coming down|came down|faldet ned|falder( \w+)? ned|faldt ned|drattet|dratter|"
             r"landed|landet|onto|ned pa|hit|ramte|came off the (wall|ceiling|roof))", 35),
    ), mask=(DARK_DANGER, r"(paint|maling|wallpaper|tapet\w*|tiles?|fliser?) .{0,15}(falling|coming|falder|skaller)",
             # A danger ruled out: "the ceiling isn't sagging or bulging", "der hænger ikke noget ned".
             r"(isn'?t|is not|not|aren'?t|are not|ikke|no|nothing( is)?|intet( der)?) (\w+ )?(sagging|bulging|falling|dropping|"
             r"coming down|collapsing|caving|moving|hanging|bulge|sag)( (or|nor|eller) (\w+ )?(sagging|bulging|falling|"
             r"dropping|coming down|collapsing|caving|moving|hanging))*",
             r"(hanger|buler|falder|synker|styrter|bugner)( slet| overhovedet)? ikke( noget| nogen)?( ned)?",
             r"(plaster|puds\w*) .{0,10}(flaking|flakes|peeling|skaller|smuldrer lidt)",
             r"(lamp\w*|light\w*|fitting|shade|alarm\w*|detector|lampe\w*|rogalarm\w*|\w*melder\w*|spot\w*) .{0,12}(fell|fallen|"
             r"falling|come|came|coming|faldet|falder|faldt) (off|af|ned fra|down from|from) (the |my )?"
             r"(ceiling|loftet|loft)\b")),
    # Urgent (not emergency) patterns: raise routine to urgent.
    Hazard("no_hot_water", "hot_water", "urgent", (
        near(r"(hot water|varmt? vand\w*|varme vand\w*|varmtvand\w*|hot tap|varme hane\w*|hot shower|varmt bad|"
             r"vandvarmer\w*|water heater|immersion\w*|cylinder|\bvvb\w*|varmtvandsbeholder\w*)",
             r"(\bno\b|\bingen\b|\bintet\b|\bnot\b|\bikke\b|\bik\b|isn'?t|won'?t|\bwont\b|doesn'?t|never|\bgone\b|\bvak\b|"
             r"virker ikke|fungerer ikke|only cold|runs? cold|kun kold\w*|iskold\w*|freezing|\bcold\b|\bkold\w*|stopped|"
             r"holdt op|no longer|lukewarm|lunken)", 30),
        r"(shower|bruser\w*)\w* .{0,20}(only |kun |just |bare )?(runs? |is |er |gives |giver )?(only |kun )?(cold|kold\w*|"
        r"iskold\w*|freezing|ice cold)",
        r"(only|kun|bare) (cold|kold\w*) (water|vand)",
        r"(water|vand\w*) (kommer|comes?|is coming|runs?) (ikke|not|never) (varmt?|hot|warm)",
        r"(cannae|can'?t|cant|cannot|kan ikke|kan ik) (get|fa)( \w+){0,3} (hot water|varmt vand)",
        # "Nothing hot comes out of any tap": the hot supply, not the water, has gone.
        r"(nothing|ingenting|intet|ikke noget) (hot|warm|varmt?)\b( \w+){0,3} (comes?|coming|comin|kommer|out|ud|from|fra)\b",
    ), mask=(r"(scalding|skoldhed\w*|too hot|for varm\w*)",)),
    Hazard("partial_heating", "heating", "urgent", (near(HEAT, HEAT_FAIL, 35),), mask=HEAT_MASK),
    Hazard("contained_leak", "water", "urgent", (
        LEAK,
        # A bucket put under it: water that has to be caught is a leak, whatever it drips from.
        r"(bucket|bowl|spand|skal|balje|towel|handklade|\bpot\b|gryde|tray|bakke)\w*( \w+){0,4} (under|catching|to catch|"
        r"fanger|samler|opsamle)\b|(catching|fanger|samler|opsamle\w*) (the |det |vandet |dryppet )?(drip|water|vand|dryp)\w*|"
        r"\b(into|in) (a|an|the|my) (bucket|bowl|pan|pot|tray)\b|\bned i (en |et |min )?(spand|skal|balje|gryde|bakke)\b",
    ), mask=(
        r"(\btaps?\b|\bhane\w*|vandhane\w*|kokkenhane\w*|badehane\w*|faucet|mixer|blandingsbatteri\w*)( [\w']+){0,3} "
        r"(drip\w*|dryp\w*|leak\w*|lakker|utat\w*|lober)", r"(drip\w*|dryp\w*) (from|fra) (the |my )?(tap|hane\w*)",
        r"(drip\w*|dryp\w*|leak\w*|lakkende|utat\w*) (taps?|hane\w*|vandhane\w*|faucet)",
        r"(gas) ?(leak\w*|lak\w*)", r"(cistern\w*|toilet\w*) .{0,15}(keeps running|lober hele tiden)",
        r"\b(drip|dryp)(,? (drip|dryp)){2,}\b")),
    Hazard("partial_power", "electrical", "urgent", POWER_LOSS + (
        near(SOCKETS, r"(not working|don'?t work|dont work|doesn'?t work|\bdead\b|stopped|virker ikke|\bdode\b|\bdod\b|"
             r"holdt op|\bgone\b|\bout\b|\bingen\b|\bno\b|fungerer ikke)", 30),
        # All the lights of a room or two (plural) are a circuit; one light is a bulb.
        near(r"\b((kitchen|bathroom|bedroom|hall|hallway|landing|lounge|living room|front room|kokken\w*|badevarelse\w*|"
             r"sovevarelse\w*|gang\w*|stue\w*)( and (the )?\w+)? lights|all (the |of the )?lights|alle (lamper|lys)\w*|lyset i "
             r"(\w+ )?(og|&) )", r"(\bout\b|\bdead\b|\boff\b|gone|not working|don'?t work|virker ikke|gik ud|\bude\b|"
             r"er gaet|\bdode\b)", 30),
        near(r"(\btrip\w*|\brcd\b|\bhfi\w*|\bfuse\w*|\bsikring\w*|relae\w*|\brela\w*|\bmcb\b|breaker|circuit\w*|"
             r"\bgruppe\w*|kreds\w*)",
             r"(trip\w*|keeps|flick\w*|slar fra|smider|springer|hopper|\bgar\b|blows|blew|going off|goes off|slaar fra|"
             r"sla(r)? (fra|ud)|konstant|hele tiden)", 30),
        all_of(TRIPPING, TRIPS),
    ), mask=POWER_MASK, cleared=(POWER_BACK,)),
    Hazard("lift_broken", "communal", "urgent", (
        near(LIFT, r"(not working|broken|out of order|doesn'?t work|isn'?t working|isnt working|\bdown\b|virker ikke|"
             r"i stykker|ude af drift|odelagt|stoppet|gaet i sta|stuck|keeps stopping|stopper|\bdead\b|"
             r"(hasn'?t|hasnt|has not|haven'?t|havent|not) (been )?work\w*|har ikke (virket|fungeret)|"
             r"(star|staar|staet|staaet|holder|stod|stands?|standing|stood) stille|not moving|won'?t (move|come)|"
             r"kommer ikke|out of service|ude af (drift|funktion))", 30),
        # However the tenant puts it: a lift named beside what it fails to do.
        near(LIFT, LIFT_FAULT, 60),
        all_of(LIFT, r"(ude af (drift|funktion)|out of (order|service))"),
        r"\b(fix|fixing|repair|mend|reparere|lave|fikse|se pa|kigge pa) (the |a |our |den |vores )?(lift|elevator)\w*",
    ), mask=(r"\b(no|ingen|without|uden|not a|ikke nogen|ikke (en|et)) (\w+ )?(lift|elevator)\w*",
             r"(lift|elevator)\w* (in|i|on|pa) (the |den )?(other|next|andre|anden|naeste|neighbouring) (block|blok\w*|"
             r"opgang\w*|building|bygning\w*|tower|house)\b",
             r"\b(took|take|taking|tog|tager|came up in|kom op med|came up with|used|brugte|via|in|med) (the |a |den |en )?"
             r"(lift|elevator)\w*( (up|down|op|ned))?\b",
             r"(lift|elevator)\w* (works|is fine|is working|virker( fint)?|er fin\w*|korer( fint)?)\b(?!( \w+)? (ikke|ik|not))")),
    Hazard("smoke_alarm", "fire_safety", "urgent", (
        r"(smoke|heat|fire) (alarm|detector)\w*|rog ?(alarm|melder|detektor)\w*|brand ?(alarm|melder)\w*|varme ?alarm\w*",
        r"\b(alarm|detector|alarmen|detektor\w*)( \w+){0,4} (bust|broken|dead|not working|doesn'?t work|does nowt|i stykker|"
        r"virker ikke|mangler|missing|removed|taken down|fjernet|taget ned)|\btest ?(button|knap\w*)",
        r"\balarm\w* .{0,25}(keeps|won'?t stop|wont stop|going off|goes off|beeping|ringing|sounding|bipper|hyler|larmer|"
        r"bliver ved|vil ikke stoppe|gar i gang|er gaet i gang)|(beep\w*|bipper|bipp\w*) .{0,25}(ceiling|loft\w*|hallway|gang\w*)",
    )),
    Hazard("entry_phone", "communal", "urgent", (
        r"entry ?phone|door ?entry|intercom|buzzer|dortelefon\w*|porttelefon\w*|callingan\w*|dorabner\w*|door ?release|"
        r"samtaleanlag\w*|\bport ?tlf\w*|\bdor ?tlf\w*|dorklokke\w*( \w+){0,3} (nede|ved|i) (indgang\w*|opgang\w*|gadedor\w*)|"
        r"(ringeklokke\w*|klokke\w*|door ?bell|bell) (nede |downstairs )?(ved|til|at|on|by|for) (the |den )?(opgangsdor\w*|"
        r"gadedor\w*|hoveddor\w*|indgang\w*|main (door|entrance)|entrance)|"
        r"(trykke|lukke|lade) (\w+ )?(doren |dem |folk |nogen |andre )?op for|(kan|can)( \w+)? ikke (trykke|lukke) (doren |dem )?op|"
        r"(buzz|let) (people|anyone|visitors|them|someone|my \w+) in\b",
    )),
    Hazard("mould_health", "damp_mould", "urgent", (
        near(r"(mou?ld\w*|\bmold\w*|skimmel\w*|\bdamp\b|\bfugt\w*|\bmug\w*|svamp\w*|mildew)",
             r"(asthma\w*|astma\w*|breath\w*|vejrtrakning\w*|trakke vejret|traekke vejret|cough\w*|\bhoste\w*|\bhoster\b|"
             r"ondt i halsen|sore throat|\bill\b|\bsyg\w*|sick|poorly|"
             r"health|helbred\w*|lunge\w*|\blung\w*|allerg\w*|chest|bronkit\w*|bronchit\w*|\brash\w*|udslat\w*|"
             r"hovedpine|headache\w*|wheez\w*|hvas\w*|pibende|eczema|eksem)", 80),
        # Mould in a child's room is a significant hazard (Awaab's Law) whether or not anyone is ill yet.
        near(r"(mou?ld\w*|\bmold\w*|skimmel\w*|svamp\w*|mildew|\bmug\b|lugter af mug|\bfugt\w*)",
             r"(\b(son|daughter|kid|child|children|baby|boy|girl|toddler)s?'?s? (bed\w*|room|cot|nursery)|nursery|"
             r"\b(sons|datters|barns|drengs|piges|drengens|pigens|borns|bornenes) (varelse|seng|rum)\w*|"
             r"kids'? (bed)?room|bornevarelse\w*|babyvarelse\w*|(sonnens|datterens|barnets|bornenes|drengenes|pigernes|"
             r"babyens) (seng|varelse|rum)\w*|\bcot\b|tremmeseng\w*)", 60),
    ), cleared=(NOT_ILL,)),
    Hazard("rats_inside", "pests", "urgent", (r"\b(rats?|rott(e|er|erne|en))\b",), mask=(
        r"rott?en (egg|smell|wood|floor|timber|window|frame|board|food|meat)\w*", r"(smell|lugt)\w* (of|like) rott?en",
        r"\b(rats?|rotte\w*)\b .{0,25}(garden|gard\w*|outside|udenfor|(?<!kitchen )(?<!pedal )\bbins?\b(?! under| in the kitchen)|"
        r"skraldespand\w*(?! under| i kokkenet)|affald\w*|street|gaden|"
        r"courtyard|car park|yard|parkering\w*|kloak\w*)",)),
)
