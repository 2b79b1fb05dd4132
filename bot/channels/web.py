"""Inbound web chat: a typed one-time code answers before the dialogue; everything else is one turn of
bot.channels.turns, as an SMS is."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from bot import texts
from bot.access import codes
from bot.associations.models import Association
from bot.channels import turns
from bot.channels.turns import TurnResult
from bot.dialogue.client import RasaClient
from bot.messages.models import Message
from bot.settings import Settings

# Answers to a typed one-time code that did not open a ticket; a right code goes on to the dialogue as the request
# it was sent for (the action finds its ticket).
CODE_REPLIES = ("wrong", "expired", "locked")
CODE_INTENT = {"status": "/check_status", "cancel": "/cancel_report"}


def handle_web(*, settings: Settings, rasa: RasaClient, association: Association, conversation_id: str, text: str,
               language: str = "") -> TurnResult:
    """A chat message from the widget: stored, answered (by a code check or the dialogue) and recorded.

    `language` is the widget's language switch ("da"/"en"; anything else is ignored).
    """
    return turns.take_turn(settings=settings, rasa=rasa, channel="web", association=association,
                           conversation_id=conversation_id, phone="", body=text[: settings.max_message_chars],
                           language=language, before_dialogue=partial(_code, settings=settings,
                                                                      association=association))


def _code(session: Session, message: Message, now: datetime, *, settings: Settings,
          association: Association) -> TurnResult | str | None:
    """A one-time code typed while one is awaited: a wrong one is answered here, a right one becomes its request."""
    if not codes.looks_like_code(message.body) or not codes.awaiting(
            session=session, conversation_id=message.conversation_id, now=now):
        return None
    verdict = codes.verify(session=session, conversation_id=message.conversation_id, text=message.body,
                           secret=settings.secret_key, now=now)
    if verdict.outcome in CODE_REPLIES:
        reply = texts.text(f"code_{verdict.outcome}", association.language, left=verdict.tries_left)
        return turns.answered(session, message, reply, f"code_{verdict.outcome}", now)
    if verdict.outcome == "confirmed":
        return CODE_INTENT[verdict.purpose]
    return None
