"""Rooms of a home as tenants name them (Danish with and without æøå, English), to their display name."""

ROOMS = {
    "kitchen": "kitchen", "bathroom": "bathroom", "toilet": "toilet", "hallway": "hallway", "hall": "hallway",
    "living room": "living room", "lounge": "living room", "bedroom": "bedroom", "loft": "loft",
    "balcony": "balcony", "basement": "basement", "cellar": "basement", "stairwell": "stairwell",
    "koekken": "køkken", "kokken": "køkken", "badevaerelse": "badeværelse", "badevarelse": "badeværelse",
    "bad": "badeværelse", "toilettet": "toilet", "entre": "entré", "entreen": "entré", "gang": "gang",
    "gangen": "gang", "stue": "stue", "stuen": "stue", "sovevaerelse": "soveværelse", "sovevarelse": "soveværelse",
    "vaerelse": "værelse", "altan": "altan", "altanen": "altan", "kaelder": "kælder", "kaelderen": "kælder",
    "opgang": "opgang", "opgangen": "opgang", "bryggers": "bryggers", "bryggerset": "bryggers",
    "laundry room": "laundry room", "boernevaerelse": "børneværelse", "koekkenet": "køkken", "kokkenet": "køkken", "badevaerelset": "badeværelse",
    "badevaerelset ": "badeværelse",
}

# Danish writes a room into one word with what is in it ("køkkenvasken", "stuevinduet", "badeværelsesdøren"): a word
# that starts with one of these stems names that room. Folded spelling (æ→ae, ø→oe, å→aa, and the ASCII variants).
ROOM_STEMS = {
    "koekken": "køkken", "kokken": "køkken", "badevaerelse": "badeværelse", "badevarelse": "badeværelse",
    "sovevaerelse": "soveværelse", "sovevarelse": "soveværelse", "boernevaerelse": "børneværelse",
    "bornevaerelse": "børneværelse", "altan": "altan", "kaelder": "kælder", "toilet": "toilet", "stue": "stue",
    "entre": "entré", "bryggers": "bryggers", "opgang": "opgang", "vaskekaelder": "vaskekælder",
    "vaskekalder": "vaskekælder", "vaskeri": "vaskeri",
}
# Words that start like a room but are not one: the ground floor ("stueetagen"), a contractor ("entreprenør").
NOT_ROOMS = ("stueetage", "stuehus", "entrepren", "toiletpapir", "altanmodig")
# A fitting names the room it stands in when the tenant does not: "badekarret", "the cooker", "komfuret".
FITTING_ROOMS = {
    "badekar": "badeværelse", "bruser": "badeværelse", "brusekabine": "badeværelse", "haandvask": "badeværelse",
    "handvask": "badeværelse", "wc": "toilet", "toiletkumme": "toilet", "komfur": "køkken", "emhaette": "køkken",
    "emhatte": "køkken", "koeleskab": "køkken", "koleskab": "køkken", "opvaskemaskine": "køkken",
    "bathtub": "bathroom", "bath tub": "bathroom", "shower": "bathroom", "cooker": "kitchen", "oven": "kitchen",
    "hob": "kitchen", "fridge": "kitchen", "dishwasher": "kitchen", "extractor hood": "kitchen",
}
