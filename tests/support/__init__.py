"""Test helpers: the real process stack, a Twilio stand-in, request signing."""
