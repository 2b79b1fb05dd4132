"""Framework-free helpers for the dialogue: extracting answers from free text."""
