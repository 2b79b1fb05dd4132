"""The alert tests' demo store and Twilio stand-in, for acknowledging pages from the console."""

from tests.bot.alerts.conftest import alert_settings, sender, stub, twilio  # noqa: F401 (fixtures)
