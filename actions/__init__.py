"""Rasa custom actions: a thin adapter from rasa-sdk to the bot/ core."""

import bot.models  # noqa: F401  every table before the first session (bot.db.get_sessionmaker)
