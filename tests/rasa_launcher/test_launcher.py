"""The Rasa launcher: the patched validation is Rasa's own minus the per-response schema build, calls to the action
server keep one connection, and the auth token never reaches the command line."""

from __future__ import annotations

import json
import subprocess

import pytest

from bot.settings import ROOT
from rasa_launcher.__main__ import argv_with_token, auth_token

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


@pytest.fixture(scope="module")
def probe() -> dict:
    if not RASA_PYTHON.exists():
        pytest.skip("no Rasa venv: run `make envs`")
    done = subprocess.run([str(RASA_PYTHON), "-m", "tests.rasa_launcher.rasa_venv_probe"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_patched_rasa_code_is_still_the_code_the_patches_were_written_for(probe):
    # Fails on a Rasa upgrade or any change to RemoteAction._validate_action_result / EndpointConfig.session/request:
    # re-read the new code, then re-pin rasa_launcher.patches.SOURCE_SHA256.
    assert probe["before"]["unchanged"] == {"validate": True, "keepalive": True, "redis_lock": True}
    assert probe["after"]["applied"] == {"validate": True, "keepalive": True, "redis_lock": True}


def test_patched_validation_accepts_and_rejects_exactly_what_rasa_did(probe):
    before, after = probe["before"]["errors"], probe["after"]["errors"]
    assert before[0] == "" and before[1] and before[2]  # a valid response passes, two broken ones fail
    assert after == before + before  # same verdicts and the same messages, twice over
    assert "Failed to validate Action server response" in after[1]


def test_the_response_schema_is_checked_once_not_for_every_response(probe):
    assert probe["after"]["schema_checks"] == 0


def test_calls_to_the_action_server_reuse_one_connection(probe):
    assert len(set(probe["before"]["ports"])) == 3  # unpatched Rasa: a new connection per action call
    assert len(set(probe["after"]["ports"])) == 1


def test_two_rasa_servers_never_draw_the_same_ticket_for_one_conversation(probe):
    # Unpatched Rasa 3.6 loses or doubles tickets when two servers take turns of one conversation at once.
    assert probe["before"]["race"]["duplicates"] + probe["before"]["race"]["lost"] > 0
    assert probe["after"]["race"] == {"duplicates": 0, "lost": 0}


def test_token_comes_from_the_environment_or_the_instance_file_never_argv(tmp_path):
    (tmp_path / "rasa_token").write_text("from-file\n")
    assert auth_token({"REPAIRBOT_INSTANCE_DIR": str(tmp_path)}) == "from-file"
    assert auth_token({"REPAIRBOT_INSTANCE_DIR": str(tmp_path), "RASA_TOKEN": "from-env"}) == "from-env"
    with pytest.raises(SystemExit, match="no RASA_TOKEN"):
        auth_token({"REPAIRBOT_INSTANCE_DIR": str(tmp_path / "missing")})
    assert argv_with_token(["run", "--enable-api", "-p", "5005"], "-t") == ["run", "--enable-api", "-p", "5005",
                                                                          "--auth-token=-t"]
    with pytest.raises(SystemExit, match="not on the command line"):
        argv_with_token(["run", "--enable-api", "--auth-token", "leaked"], "t")
