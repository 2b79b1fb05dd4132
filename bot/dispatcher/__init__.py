"""The background worker: outbound SMS (outbound.py), inbound replay (replay.py) and alert escalation
(escalation.py), run together by worker.py as one process."""

from bot.dispatcher.escalation import escalate_due
from bot.dispatcher.outbound import send_due
from bot.dispatcher.replay import replay_due
from bot.dispatcher.worker import run_forever

__all__ = ["escalate_due", "replay_due", "run_forever", "send_due"]
