"""Triage: language, category and priority of a tenant's report, in Danish and English."""

from bot.triage.assess import Triage, assess, from_parse

__all__ = ["Triage", "assess", "from_parse"]
