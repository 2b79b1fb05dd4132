"""Write instance/endpoints.yml for the Rasa server from the settings."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

from bot.instance import write_private
from bot.settings import Settings


def endpoints(settings: Settings, action_server_url: str | None = None) -> dict:
    # Selective: Rasa ships its domain only to the actions that ask for it (validate_*, `send_domain: true` in
    # domain.yml); the others render their texts from the action server's own domain.yml (actions/base.py).
    config: dict = {"action_endpoint": {"url": action_server_url or settings.action_server_url,
                                        "enable_selective_domain": True}}
    url = urlparse(settings.tracker_db_url.replace("+psycopg2", ""))
    if url.scheme == "sqlite":
        config["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": url.path[1:] if url.path.startswith("//")
                                   else url.path}
    else:
        config["tracker_store"] = {
            "type": "SQL", "dialect": "postgresql", "url": url.hostname or "127.0.0.1", "port": url.port or 5432,
            "db": url.path.lstrip("/"), "username": url.username or "postgres", "password": url.password or "",
        }
    if settings.redis_url:
        redis = urlparse(settings.redis_url)
        # Several Rasa instances must not process one conversation's messages at the same time.
        config["lock_store"] = {"type": "redis", "url": redis.hostname, "port": redis.port or 6379,
                                "db": int((redis.path or "/0").lstrip("/") or 0)}
    return config


def write(settings: Settings) -> Path:
    """instance/endpoints.yml, and endpoints-<n>.yml pairing Rasa server n with action server n (deploy/).

    0600: with PostgreSQL it holds the database password.
    """
    path = write_private(settings.instance_dir / "endpoints.yml", yaml.safe_dump(endpoints(settings), sort_keys=False))
    for number, url in enumerate(settings.all_action_server_urls):
        write_private(settings.instance_dir / f"endpoints-{number}.yml",
                      yaml.safe_dump(endpoints(settings, url), sort_keys=False))
    return path
