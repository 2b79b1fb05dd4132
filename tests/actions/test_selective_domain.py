"""Rasa sends its domain only to validate_* actions (enable_selective_domain); every other action renders its texts
from the action server's own domain.yml, and a tenant reads the same words either way."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import acknowledge, ask, base, conversation
from actions.advice import ActionValidateSlotMappings
from bot import rasa_endpoints
from bot.settings import ROOT, Settings
from tests.actions.conftest import make_tracker

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


@pytest.fixture(scope="module")
def rasa_view(tmp_path_factory) -> dict:
    """What Rasa 3.6 makes of domain.yml and of the endpoints the stack writes (run in the Rasa venv)."""
    if not RASA_PYTHON.exists():
        pytest.skip("no Rasa venv: run `make envs`")
    instance = tmp_path_factory.mktemp("endpoints")
    path = rasa_endpoints.write(Settings.from_env({"REPAIRBOT_INSTANCE_DIR": str(instance)}, require_secrets=False))
    done = subprocess.run([str(RASA_PYTHON), "-m", "tests.actions.rasa_domain_probe", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_only_the_form_validation_gets_rasas_domain(rasa_view):
    sends = rasa_view["sends_domain"]
    assert sends["validate_repair_form"] is True
    assert sends["action_validate_slot_mappings"] is False  # the call made after every tenant message
    assert all(name.startswith("validate_") for name, sent in sends.items() if sent)  # none has send_domain


def test_the_action_server_reads_the_very_responses_rasa_would_have_sent(rasa_view):
    base.domain_file_responses.cache_clear()
    assert base.domain_file_responses() == rasa_view["responses"]  # a YAML reading difference would show here


def _replies(action, tracker, domain: dict) -> list[dict]:
    random.seed(7)  # the same variation of a response with several
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker.copy(), domain))
    return dispatcher.messages


ACTIONS = [conversation.ActionExplainWhy, conversation.ActionSwitchLanguage, conversation.ActionHelp,
           conversation.ActionTalkToHuman, conversation.ActionOutOfScope, conversation.ActionHandleFallback,
           ask.ActionAskSelfHelp, ask.ActionAskAddress, ask.ActionAskContactPhone,
           ask.ActionAskCategoryChoice, ask.ActionAskAddressChecked,
           ask.ActionAskAddressConfirmed]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a().name())
def test_a_reply_reads_the_same_whether_rasa_sent_the_domain_or_not(store, domain, action, language):
    tracker = make_tracker(text="hvorfor?" if language == "da" else "why?", intent="ask_why", requested="address",
                           slots={"language": language, "category": "drainage", "problem": "vasken er stoppet",
                                  "category_options": ["drainage", "water"], "address": "Hovedgaden 12, 2. tv",
                                  "failed_attempts": 1.0})
    with_domain = _replies(action(), tracker, domain)
    without = _replies(action(), tracker, {})
    assert with_domain, "the action said nothing: the comparison would prove nothing"
    assert without == with_domain


@pytest.mark.parametrize("language", ["da", "en"])
def test_advice_and_the_first_reply_read_the_same_without_rasas_domain(store, domain, language):
    """The per-message call and the report's first reply, on web chat (no page goes out, nothing is stored)."""
    text = "det lugter af gas i køkkenet" if language == "da" else "I can smell gas in the kitchen"
    for action in (ActionValidateSlotMappings, acknowledge.ActionAcknowledgeReport):
        tracker = make_tracker(text=text, intent="report_repair", active_loop=None, sender=f"web-{language}",
                               slots={"language": language, "channel": "web"})
        with_domain = _replies(action(), tracker, domain)
        without = _replies(action(), tracker, {})
        assert with_domain or action is acknowledge.ActionAcknowledgeReport
        assert without == with_domain
