"""Inbound and outbound messages: stored before they are processed or sent."""
