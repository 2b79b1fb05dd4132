"""Conversation ids of SMS conversations: one per association number and tenant (interfaces.md)."""

from __future__ import annotations

SEPARATOR = ":"


def sms_conversation(association_number: str, sender: str) -> str:
    """'+4589880000:+4526123456': a tenant who texts two associations has two conversations, never one shared."""
    return f"{association_number}{SEPARATOR}{sender}" if association_number else sender


def sms_sender(conversation_id: str) -> str:
    """The tenant's number in an SMS conversation id (either form: per association, or a bare number)."""
    return conversation_id.rsplit(SEPARATOR, 1)[-1]
