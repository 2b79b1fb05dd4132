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
    "boernevaerelse": "børneværelse", "koekkenet": "køkken", "kokkenet": "køkken", "badevaerelset": "badeværelse",
    "badevaerelset ": "badeværelse",
}
