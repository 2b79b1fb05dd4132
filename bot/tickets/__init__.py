"""Repair tickets: validation, references, duplicates, incidents and the audit log."""
