"""One Settings object read from the environment (and token files under instance/)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from bot.instants import parse_instant

ROOT = Path(__file__).resolve().parent.parent


class SettingsError(RuntimeError):
    """A required setting is missing or malformed."""


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc


def _float(env: dict, name: str, default: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


def _urls(raw: str) -> tuple[str, ...]:
    return tuple(url.strip().rstrip("/") for url in raw.split(",") if url.strip())


def _read(env: dict, f) -> object:
    """One field's value from its environment variable (unset or empty: the field's default)."""
    name, default = f.metadata["env"], f.default
    raw = env.get(name)
    if raw in (None, ""):
        return default
    if f.type == "int":
        return _int(env, name, default)
    if f.type == "float":
        return _float(env, name, default)
    if f.type == "bool":
        return raw.strip().lower() in ("1", "true", "yes")
    if f.type == "Path":
        return Path(raw)
    if f.type == "tuple[str, ...]":
        return _urls(raw)
    return raw.rstrip("/") if f.metadata["strip_slash"] else raw


def setting(env: str, doc: str, default=None, *, shown: str | None = None, secret_file: str = "",
            strip_slash: bool = False, default_factory=None):
    """A field of Settings read from the environment variable `env`; `doc` is its meaning in the README's table,
    `shown` how its default reads there (else the default itself). `secret_file`: a secret that falls back to
    that file under the instance directory (written by `make run`). `strip_slash`: a URL kept without its
    trailing slash."""
    metadata = {"env": env, "doc": doc, "shown": shown, "secret_file": secret_file, "strip_slash": strip_slash}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    """Every setting of every process, each read from one environment variable (the README's table is generated
    from these fields: `python -m bot.settings --update-readme`)."""

    instance_dir: Path = setting(
        "REPAIRBOT_INSTANCE_DIR", "where tokens, the SQLite file and generated Rasa endpoints live (every file "
        "created 0600)", ROOT / "instance", shown="`instance/`")
    database_url: str = setting(
        "DATABASE_URL", "SQLAlchemy URL of the store; PostgreSQL in production (`postgresql+psycopg2://…`). Rasa's "
        "tracker store follows it: the same PostgreSQL database, or on SQLite a file beside the store's "
        "(`repairbot.rasa_tracker.db`)", "", shown="`sqlite:///instance/repairbot.db`")
    redis_url: str = setting(
        "REDIS_URL", "Redis for shared rate limits and Rasa's lock store; set it when running more than one instance",
        "", shown="unset (in-process limits)")
    rasa_url: str = setting("RASA_URL", "where the gateway finds Rasa", "http://127.0.0.1:5005", strip_slash=True)
    rasa_token: str = setting(
        "RASA_TOKEN", "token of Rasa's HTTP API (Rasa reads it from here or the file, not from argv)", "",
        shown="generated into `instance/rasa_token`", secret_file="rasa_token")
    action_server_url: str = setting(
        "ACTION_SERVER_URL", "where Rasa finds the action server", "http://127.0.0.1:5055/webhook")
    staff_api_token: str = setting(
        "STAFF_API_TOKEN", "the group-wide bearer token of `/api/…`; per-association tokens: `python -m bot.cli "
        "create-token --owner EMAIL --association NAME` (printed once, stored hashed; `--group` only for a group "
        "admin)", "", shown="generated into `instance/staff_api_token`", secret_file="staff_api_token")
    secret_key: str = setting(
        "SECRET_KEY", "signs chat session tokens and console sessions", "",
        shown="generated into `instance/secret_key`", secret_file="secret_key")
    twilio_account_sid: str = setting(
        "TWILIO_ACCOUNT_SID", "Twilio account; without it and `TWILIO_AUTH_TOKEN` SMS are printed and recorded", "")
    twilio_auth_token: str = setting(
        "TWILIO_AUTH_TOKEN", "Twilio auth token; without it inbound webhooks are refused (no token to check "
        "signatures)", "")
    twilio_api_base: str = setting(
        "TWILIO_API_BASE", "only for drills and tests: the twilio SDK talks to this local stand-in of Twilio's REST "
        "API (`harness/twilio_stub.py`) instead of Twilio", "", shown="unset (Twilio itself)", strip_slash=True)
    public_base_url: str = setting(
        "PUBLIC_BASE_URL", "the public URL Twilio calls; used for signature checks and status callbacks",
        "http://127.0.0.1:8000", strip_slash=True)
    trust_forwarded_headers: bool = setting(
        "TRUST_FORWARDED_HEADERS", "trust `X-Forwarded-Host/Proto` from a reverse proxy for signature checks "
        "(`1`, `true` or `yes`)", False)
    property_register: str = setting(
        "PROPERTY_REGISTER", "CSV of units to import at start (columns in interfaces.md)", "")
    now: str = setting(
        "REPAIRBOT_NOW", "ISO-8601 instant that freezes every process's clock (drills, evaluation); `bot.clock` "
        "reads it from here", "")
    rasa_timeout_seconds: float = setting(
        "RASA_TIMEOUT_SECONDS", "longest wait for the dialogue before the message is queued for replay and the "
        "tenant gets the \"saved, we'll reply\" answer (Twilio gives a webhook 15 s: room is left for our own "
        "work)", 8.0)
    dialogue_budget_seconds: float = setting(
        "DIALOGUE_BUDGET_SECONDS", "how long an SMS webhook waits for the dialogue; past it Twilio gets an empty "
        "answer at once and the dialogue's one reply goes out by SMS when ready (the tenant's later messages are "
        "answered after it, in order)", 2.0)
    sms_rate_limit: str = setting("SMS_RATE_LIMIT", "inbound SMS per phone number", "8 per minute")
    chat_rate_limit: str = setting("CHAT_RATE_LIMIT", "chat messages and photos per chat session", "20 per minute")
    chat_session_rate_limit: str = setting(
        "CHAT_SESSION_RATE_LIMIT", "new chat sessions per client address (shared through Redis when `REDIS_URL` is "
        "set)", "10 per 10 minutes")
    chat_address_rate_limit: str = setting(
        "CHAT_ADDRESS_RATE_LIMIT", "chat messages and photos per client address (shared through Redis when "
        "`REDIS_URL` is set)", "60 per minute")
    trusted_proxies: int = setting(
        "TRUSTED_PROXIES", "reverse proxies in front of the gateway whose `X-Forwarded-For`/`-Proto` are believed "
        "(Werkzeug's ProxyFix), so limits and login throttling see the client's address", 0)
    alert_ack_timeout_seconds: int = setting(
        "ALERT_ACK_TIMEOUT_SECONDS", "unacknowledged alert pages the next person after this", 600)
    alert_escalation_loops: int = setting(
        "ALERT_ESCALATION_LOOPS", "times round the rota before the duty manager is alerted", 2)
    alert_max_send_attempts: int = setting(
        "ALERT_MAX_SEND_ATTEMPTS", "sends of one alert before it counts as failed (backoff 2 s … 2 min)", 6)
    alert_duty_manager_pages: int = setting(
        "ALERT_DUTY_MANAGER_PAGES", "after the rota's loops, pages to the duty manager (one per timeout) before "
        "giving up loudly", 3)
    dispatcher_poll_seconds: float = setting(
        "DISPATCHER_POLL_SECONDS", "how often the dispatcher looks for work (most of the emergency-to-alert time; a "
        "poll is one indexed query)", 0.25)
    twilio_timeout_seconds: float = setting(
        "TWILIO_TIMEOUT_SECONDS", "longest wait for Twilio's REST API; a timeout is checked with Twilio before any "
        "resend", 10.0)
    send_lease_seconds: int = setting(
        "SEND_LEASE_SECONDS", "an SMS claimed this long ago by a dispatcher that never recorded it is checked with "
        "Twilio and retried", 60)
    replay_after_seconds: int = setting(
        "REPLAY_AFTER_SECONDS", "how long a queued inbound message waits before the dispatcher replays it", 20)
    retention_ticket_days: int = setting(
        "RETENTION_TICKET_DAYS", "tickets are anonymised after two years (repair history outlives the tenant's "
        "details)", 730)
    retention_message_days: int = setting(
        "RETENTION_MESSAGE_DAYS", "raw messages are deleted after three months (disputes are raised within weeks)",
        90)
    retention_tracker_days: int = setting(
        "RETENTION_TRACKER_DAYS", "Rasa conversation trackers are deleted after a month (only needed while a "
        "conversation is live)", 30)
    max_message_chars: int = setting("MAX_MESSAGE_CHARS", "longer messages are cut (ten SMS segments)", 1600)
    chat_max_photos: int = setting("CHAT_MAX_PHOTOS", "photos a web chat conversation may send", 3)
    chat_photo_max_bytes: int = setting(
        "CHAT_PHOTO_MAX_BYTES", "largest photo upload accepted by the web chat", 8 * 1024 * 1024,
        shown="`8388608` (8 MiB)")
    chat_photo_max_side: int = setting(
        "CHAT_PHOTO_MAX_SIDE", "pixels; larger chat photos are scaled down to this when re-encoded (which strips "
        "their metadata)", 2048)
    staff_session_hours: int = setting(
        "STAFF_SESSION_HOURS", "a staff console login (and its forms' CSRF tokens) lasts this long", 12)
    smtp_host: str = setting(
        "SMTP_HOST", "SMTP server for contractors' job emails; unset: emails are printed and recorded", "")
    smtp_port: int = setting("SMTP_PORT", "port of that server", 25)
    smtp_from: str = setting("SMTP_FROM", "sender of contractors' job emails", "repairs@localhost")
    smtp_starttls: bool = setting("SMTP_STARTTLS", "STARTTLS to that server (`1`, `true` or `yes`)", False)
    smtp_username: str = setting("SMTP_USERNAME", "login to that server", "")
    smtp_password: str = setting("SMTP_PASSWORD", "password of that login", "")
    job_link_max_age_seconds: int = setting(
        "JOB_LINK_MAX_AGE_SECONDS", "a contractor's job-page link expires after this at most; it dies at once when "
        "the job closes or a newer link is sent", 30 * 86400, shown="`2592000` (30 days)")
    log_level: str = setting("LOG_LEVEL", "Python logging level of every process", "INFO")
    rasa_urls: tuple[str, ...] = setting(
        "RASA_URLS", "comma-separated Rasa servers (scaled mode): each conversation goes to the one its id hashes "
        "to, the next one when that one refuses connections", (), shown="unset (`RASA_URL` alone)")
    action_server_urls: tuple[str, ...] = setting(
        "ACTION_SERVER_URLS", "comma-separated action servers: Rasa server n calls the n-th "
        "(`instance/endpoints-<n>.yml`); `/healthz` checks each", (), shown="unset (`ACTION_SERVER_URL` alone)")
    heartbeat_stale_seconds: int = setting(
        "HEARTBEAT_STALE_SECONDS", "a dispatcher whose last poll is older than this is down in `/healthz`", 30)
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict | None = None, *, require_secrets: bool = True) -> Settings:
        """Read settings once; tokens fall back to instance/ files written by `make run`."""
        env = dict(os.environ if env is None else env)
        values = {f.name: _read(env, f) for f in fields(cls) if "env" in f.metadata}
        instance_dir = values["instance_dir"]
        values["database_url"] = values["database_url"] or f"sqlite:///{instance_dir / 'repairbot.db'}"
        for f in fields(cls):
            if f.metadata.get("secret_file") and not values[f.name]:
                path = instance_dir / f.metadata["secret_file"]
                values[f.name] = path.read_text().strip() if path.exists() else ""
        settings = cls(**values)
        if settings.now:
            try:
                parse_instant(settings.now)
            except ValueError as exc:
                raise SettingsError(f"REPAIRBOT_NOW must be an ISO-8601 instant, got {settings.now!r}") from exc
        if require_secrets:
            missing = [f.metadata["env"] for f in fields(cls)
                       if f.metadata.get("secret_file") and not getattr(settings, f.name)]
            if missing:
                raise SettingsError(
                    f"missing secrets {', '.join(missing)}: set them in the environment "
                    f"or run `make run` once to generate them under {instance_dir}/"
                )
        return settings

    @staticmethod
    def frozen_now(env: dict | None = None) -> str:
        """REPAIRBOT_NOW as the environment gives it now (the clock reads it through here when it has no Settings)."""
        return (os.environ if env is None else env).get("REPAIRBOT_NOW", "").strip()

    @property
    def twilio_configured(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    @property
    def tracker_db_url(self) -> str:
        """Where Rasa keeps conversation trackers: the store's own database, or on SQLite a file beside the store's
        (`repairbot.db` -> `repairbot.rasa_tracker.db`), so a fresh store always starts with no conversations.

        SQLite gets its own file because Rasa writes a tracker on every turn and SQLite has one writer at a time.
        """
        if not self.database_url.startswith("sqlite"):
            return self.database_url
        path = self.database_url.split(":///", 1)[1] if ":///" in self.database_url else ""
        if not path or path == ":memory:":
            return f"sqlite:///{self.instance_dir / 'rasa_tracker.db'}"
        store = Path(path)
        sibling = store.with_name(f"{store.stem}.rasa_tracker{store.suffix or '.db'}")
        return f"sqlite:///{sibling}"

    @property
    def all_rasa_urls(self) -> tuple[str, ...]:
        return self.rasa_urls or (self.rasa_url,)

    @property
    def all_action_server_urls(self) -> tuple[str, ...]:
        return self.action_server_urls or (self.action_server_url,)

    def replace(self, **changes) -> Settings:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)
