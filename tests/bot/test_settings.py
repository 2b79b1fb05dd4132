"""Settings come from the environment once; secrets are never defaulted in code."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError, ensure_instance


def test_missing_secrets_fail_fast_with_a_way_out(tmp_path):
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"REPAIRBOT_INSTANCE_DIR": str(tmp_path)})
    assert "RASA_TOKEN" in str(err.value) and "make run" in str(err.value)


def test_generated_tokens_are_random_private_and_stable(tmp_path):
    env = {"REPAIRBOT_INSTANCE_DIR": str(tmp_path)}
    ensure_instance(env)
    first = Settings.from_env(env)
    ensure_instance(env)
    again = Settings.from_env(env)
    assert first.rasa_token and first.staff_api_token and first.secret_key
    assert len({first.rasa_token, first.staff_api_token, first.secret_key}) == 3
    assert again.staff_api_token == first.staff_api_token
    assert (tmp_path / "staff_api_token").stat().st_mode & 0o077 == 0


def test_environment_wins_over_files_and_embedded_default_is_sqlite(tmp_path):
    env = {"REPAIRBOT_INSTANCE_DIR": str(tmp_path), "STAFF_API_TOKEN": "from-env"}
    ensure_instance(env)
    settings = Settings.from_env(env)
    assert settings.staff_api_token == "from-env"
    assert not (tmp_path / "staff_api_token").exists()
    assert settings.database_url == f"sqlite:///{tmp_path / 'repairbot.db'}"
    assert settings.tracker_db_url.endswith("rasa_tracker.db")


def test_malformed_numbers_are_reported_by_name(tmp_path):
    with pytest.raises(SettingsError, match="ALERT_ACK_TIMEOUT_SECONDS"):
        Settings.from_env({"REPAIRBOT_INSTANCE_DIR": str(tmp_path), "ALERT_ACK_TIMEOUT_SECONDS": "ten"},
                          require_secrets=False)
