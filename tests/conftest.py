"""Shared fixtures: settings on a temporary instance, SQLite and PostgreSQL stores, the Flask app."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.db import get_sessionmaker
from bot.migrate import upgrade
from bot.settings import Settings

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


def make_settings(tmp_path, database_url: str, **overrides) -> Settings:
    env = {
        "REPAIRBOT_INSTANCE_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
        "RASA_TOKEN": "test-rasa-token",
        "STAFF_API_TOKEN": "test-staff-token",
        "SECRET_KEY": "test-secret-key",
        "TWILIO_AUTH_TOKEN": "test-twilio-token",
        "PUBLIC_BASE_URL": "https://repairs.example.org",
    }
    env.update({k.upper(): str(v) for k, v in overrides.items()})
    return Settings.from_env(env)


@pytest.fixture(scope="session")
def pg_server_url():
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    name = f"repairbot_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - the machine kind always runs PostgreSQL
        pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is not reachable: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    from bot.db import get_engine

    get_engine(url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """Each store test runs on the embedded default and on production's PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
        upgrade(url)
        yield url
        return
    server = request.getfixturevalue("pg_server_url")
    upgrade(server)
    yield server
    from bot.db import get_engine
    from bot.models import Base

    with get_engine(server).begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    upgrade(url)
    return url


@pytest.fixture
def session(database_url):
    with get_sessionmaker(database_url)() as session:
        yield session


@pytest.fixture
def settings(tmp_path, sqlite_url):
    return make_settings(tmp_path, sqlite_url)


@pytest.fixture
def demo(settings):
    """The demo associations, rota and register loaded into the store."""
    from bot import demo as demo_data
    from bot.db import session_scope

    with session_scope(settings.database_url) as session:
        demo_data.load(session=session)
    return settings


@pytest.fixture
def app(demo):
    from webhooks import create_app, deps

    # Rate limits live in this process's memory without Redis: every app starts with none used (one client address,
    # 127.0.0.1, opens many chat sessions over a whole test run).
    deps._limiter.cache_clear()
    application = create_app(demo)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The real processes on SQLite, once per session (shared by tests/e2e and tests/browser)."""
    from tests.e2e.conftest import _stack

    s = _stack(tmp_path_factory, None, "stack-sqlite")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def pg_stack(tmp_path_factory, pg_server_url):
    from tests.e2e.conftest import _stack

    s = _stack(tmp_path_factory, pg_server_url, "stack-pg")
    yield s
    s.stop()
