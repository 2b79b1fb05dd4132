"""Settings come from the environment once; secrets are never defaulted in code."""

from __future__ import annotations

import pytest

from bot.instance import ensure_instance
from bot.settings import Settings, SettingsError


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


def test_tracker_store_follows_database_url(tmp_path):
    base = {"REPAIRBOT_INSTANCE_DIR": str(tmp_path / "instance")}
    fresh = Settings.from_env({**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh' / 'store.db'}"},
                              require_secrets=False)
    # A fresh SQLite store gets a fresh tracker file beside it, not the instance's old conversations.
    assert fresh.tracker_db_url == f"sqlite:///{tmp_path / 'fresh' / 'store.rasa_tracker.db'}"
    default = Settings.from_env(base, require_secrets=False)
    assert default.tracker_db_url == f"sqlite:///{tmp_path / 'instance' / 'repairbot.rasa_tracker.db'}"
    postgres = Settings.from_env({**base, "DATABASE_URL": "postgresql+psycopg2://u:pw@db:5432/other"},
                                 require_secrets=False)
    assert postgres.tracker_db_url == "postgresql+psycopg2://u:pw@db:5432/other"


def test_rasa_endpoints_with_a_password_are_private_from_the_first_byte(tmp_path, monkeypatch):
    import os

    from bot import rasa_endpoints

    created = []
    real_open = os.open

    def spy(path, flags, mode=0o777, *args, **kwargs):
        created.append((str(path), mode))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    settings = Settings.from_env({"REPAIRBOT_INSTANCE_DIR": str(tmp_path),
                                  "DATABASE_URL": "postgresql+psycopg2://rasa:s3cret@db:5432/repairbot",
                                  "ACTION_SERVER_URLS": "http://a:5055/webhook,http://b:5056/webhook"},
                                 require_secrets=False)
    path = rasa_endpoints.write(settings)
    assert "s3cret" in path.read_text()
    for name in ("endpoints.yml", "endpoints-0.yml", "endpoints-1.yml"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
    assert "b:5056" in (tmp_path / "endpoints-1.yml").read_text()
    # Created 0600 (mkstemp), never written world-readable and chmod-ed afterwards.
    assert created and all(mode & 0o077 == 0 for _, mode in created)
    ensure_instance({"REPAIRBOT_INSTANCE_DIR": str(tmp_path)})
    assert all((tmp_path / name).stat().st_mode & 0o777 == 0o600 for name in ("rasa_token", "secret_key"))


def _variables():
    from dataclasses import fields

    return [(f.name, f.metadata["env"], f.type) for f in fields(Settings) if "env" in f.metadata]


def test_the_readme_settings_table_is_the_one_generated_from_settings():
    from bot import settings_table as settings

    readme = settings.README.read_text(encoding="utf-8")
    assert settings.readme_with_table(readme) == readme, "run `python -m bot.settings_table --update-readme`"
    for _, variable, _ in _variables():
        assert f"| `{variable}` |" in readme


@pytest.mark.parametrize(("name", "variable", "kind"), _variables())
def test_every_variable_in_the_table_is_read_into_its_setting(tmp_path, name, variable, kind):
    given = {"int": "7", "float": "7.5", "bool": "true", "Path": str(tmp_path / "elsewhere"),
             "tuple[str, ...]": "http://a:1/,http://b:2", "str": "2026-11-24T22:00:00Z"}[kind]
    base = {"REPAIRBOT_INSTANCE_DIR": str(tmp_path)}
    default = getattr(Settings.from_env(base, require_secrets=False), name)
    value = getattr(Settings.from_env({**base, variable: given}, require_secrets=False), name)
    assert value != default
    expected = {"int": 7, "float": 7.5, "bool": True, "Path": tmp_path / "elsewhere",
                "tuple[str, ...]": ("http://a:1", "http://b:2"), "str": given}[kind]
    assert value == expected


def test_urls_lose_their_trailing_slash(tmp_path):
    settings = Settings.from_env({"REPAIRBOT_INSTANCE_DIR": str(tmp_path), "RASA_URL": "http://rasa:5005/",
                                  "PUBLIC_BASE_URL": "https://repairs.example.org/"}, require_secrets=False)
    assert settings.rasa_url == "http://rasa:5005" and settings.public_base_url == "https://repairs.example.org"
