"""Housing associations: numbers, languages, time zones, hours and policy."""
