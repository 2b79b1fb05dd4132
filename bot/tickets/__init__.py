"""Repair tickets: records, validation, references, the lifecycle (every status change), duplicates and incidents."""
