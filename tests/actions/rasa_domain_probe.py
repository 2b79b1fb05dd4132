"""Run by test_selective_domain.py with the Rasa venv's Python: what Rasa 3.6 would send our action server.

Prints JSON: the responses of domain.yml as Rasa loads them, and for each custom action whether the endpoint
configuration given as the first argument makes Rasa ship the domain with its call.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    endpoint = read_endpoint_config(sys.argv[1], "action_endpoint")
    tracker = DialogueStateTracker("probe", domain.slots)
    sends = {name: "domain" in RemoteAction(name, endpoint)._action_call_format(tracker, domain)
             for name in domain.user_actions if not name.startswith("utter_")}
    print(json.dumps({"responses": domain.as_dict()["responses"], "sends_domain": sends}))


if __name__ == "__main__":
    main()
