"""Rasa custom actions: a thin adapter from rasa-sdk to the bot/ core."""
