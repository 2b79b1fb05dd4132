"""One Settings object read from the environment (and token files under instance/)."""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

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


@dataclass(frozen=True)
class Settings:
    """Every setting of every process; see the README for meanings and defaults."""

    instance_dir: Path = ROOT / "instance"
    database_url: str = ""
    redis_url: str = ""
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = ""
    action_server_url: str = "http://127.0.0.1:5055/webhook"
    staff_api_token: str = ""
    secret_key: str = ""
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    # Only for drills and tests: point the twilio SDK at a local stand-in of Twilio's REST API.
    twilio_api_base: str = ""
    public_base_url: str = "http://127.0.0.1:8000"
    trust_forwarded_headers: bool = False
    property_register: str = ""
    now: str = ""  # REPAIRBOT_NOW
    # Twilio gives a webhook 15 s; leave room for our own work and the reply.
    rasa_timeout_seconds: float = 8.0
    # How long a webhook waits for the dialogue before answering Twilio with nothing and sending the reply by SMS.
    dialogue_budget_seconds: float = 2.0
    sms_rate_limit: str = "8 per minute"
    chat_rate_limit: str = "20 per minute"
    # Per client address (behind TRUSTED_PROXIES proxies): new chat sessions, and chat messages and photos.
    chat_session_rate_limit: str = "10 per 10 minutes"
    chat_address_rate_limit: str = "60 per minute"
    # Reverse proxies in front of the gateway whose X-Forwarded-For/-Proto we believe (Werkzeug's ProxyFix).
    trusted_proxies: int = 0
    alert_ack_timeout_seconds: int = 600
    alert_escalation_loops: int = 2
    alert_max_send_attempts: int = 6
    # After the rota's loops the duty manager is paged again at each timeout, this many times in all.
    alert_duty_manager_pages: int = 3
    # Emergency-to-alert time is mostly this wait; a poll is one indexed query.
    dispatcher_poll_seconds: float = 0.25
    twilio_timeout_seconds: float = 10.0
    # A send claimed longer ago than this by a dispatcher that never recorded it is checked with Twilio and retried.
    send_lease_seconds: int = 60
    replay_after_seconds: int = 20
    retention_ticket_days: int = 730
    retention_message_days: int = 90
    retention_tracker_days: int = 30
    max_message_chars: int = 1600
    # Web chat photos and the staff console (issue 6).
    chat_max_photos: int = 3
    chat_photo_max_bytes: int = 8 * 1024 * 1024
    chat_photo_max_side: int = 2048  # pixels; larger photos are scaled down when re-encoded
    staff_max_failed_logins: int = 5
    staff_lockout_seconds: int = 900
    staff_session_hours: int = 12
    # Work orders: contractors' email (SMTP) and how long a job-page link lives at most (it dies sooner when the
    # job closes).
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "repairs@localhost"
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = ""
    job_link_max_age_seconds: int = 30 * 86400
    log_level: str = "INFO"
    # Several Rasa servers (scaled mode): the gateway keeps each conversation on one of them, by a hash of its id.
    rasa_urls: tuple[str, ...] = ()
    # Several action servers (scaled mode); /healthz checks each. Empty: ACTION_SERVER_URL alone.
    action_server_urls: tuple[str, ...] = ()
    # A dispatcher whose last recorded poll is older than this counts as down in /healthz.
    heartbeat_stale_seconds: int = 30
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict | None = None, *, require_secrets: bool = True) -> Settings:
        """Read settings once; tokens fall back to instance/ files written by `make run`."""
        env = dict(os.environ if env is None else env)
        instance_dir = Path(env.get("REPAIRBOT_INSTANCE_DIR") or ROOT / "instance")
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_dir / 'repairbot.db'}"

        def secret(name: str, filename: str) -> str:
            value = env.get(name, "")
            if value:
                return value
            path = instance_dir / filename
            if path.exists():
                return path.read_text().strip()
            return ""

        settings = cls(
            instance_dir=instance_dir,
            database_url=database_url,
            redis_url=env.get("REDIS_URL", ""),
            rasa_url=env.get("RASA_URL", cls.rasa_url).rstrip("/"),
            rasa_token=secret("RASA_TOKEN", "rasa_token"),
            action_server_url=env.get("ACTION_SERVER_URL", cls.action_server_url),
            staff_api_token=secret("STAFF_API_TOKEN", "staff_api_token"),
            secret_key=secret("SECRET_KEY", "secret_key"),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            twilio_api_base=env.get("TWILIO_API_BASE", "").rstrip("/"),
            public_base_url=env.get("PUBLIC_BASE_URL", cls.public_base_url).rstrip("/"),
            trust_forwarded_headers=env.get("TRUST_FORWARDED_HEADERS", "") in ("1", "true", "yes"),
            property_register=env.get("PROPERTY_REGISTER", ""),
            now=cls.frozen_now(env),
            rasa_timeout_seconds=_float(env, "RASA_TIMEOUT_SECONDS", cls.rasa_timeout_seconds),
            dialogue_budget_seconds=_float(env, "DIALOGUE_BUDGET_SECONDS", cls.dialogue_budget_seconds),
            sms_rate_limit=env.get("SMS_RATE_LIMIT", cls.sms_rate_limit),
            chat_rate_limit=env.get("CHAT_RATE_LIMIT", cls.chat_rate_limit),
            chat_session_rate_limit=env.get("CHAT_SESSION_RATE_LIMIT", cls.chat_session_rate_limit),
            chat_address_rate_limit=env.get("CHAT_ADDRESS_RATE_LIMIT", cls.chat_address_rate_limit),
            trusted_proxies=_int(env, "TRUSTED_PROXIES", cls.trusted_proxies),
            alert_ack_timeout_seconds=_int(env, "ALERT_ACK_TIMEOUT_SECONDS", cls.alert_ack_timeout_seconds),
            alert_escalation_loops=_int(env, "ALERT_ESCALATION_LOOPS", cls.alert_escalation_loops),
            alert_max_send_attempts=_int(env, "ALERT_MAX_SEND_ATTEMPTS", cls.alert_max_send_attempts),
            alert_duty_manager_pages=_int(env, "ALERT_DUTY_MANAGER_PAGES", cls.alert_duty_manager_pages),
            dispatcher_poll_seconds=_float(env, "DISPATCHER_POLL_SECONDS", cls.dispatcher_poll_seconds),
            twilio_timeout_seconds=_float(env, "TWILIO_TIMEOUT_SECONDS", cls.twilio_timeout_seconds),
            send_lease_seconds=_int(env, "SEND_LEASE_SECONDS", cls.send_lease_seconds),
            replay_after_seconds=_int(env, "REPLAY_AFTER_SECONDS", cls.replay_after_seconds),
            retention_ticket_days=_int(env, "RETENTION_TICKET_DAYS", cls.retention_ticket_days),
            retention_message_days=_int(env, "RETENTION_MESSAGE_DAYS", cls.retention_message_days),
            retention_tracker_days=_int(env, "RETENTION_TRACKER_DAYS", cls.retention_tracker_days),
            max_message_chars=_int(env, "MAX_MESSAGE_CHARS", cls.max_message_chars),
            log_level=env.get("LOG_LEVEL", cls.log_level),
            smtp_host=env.get("SMTP_HOST", ""),
            smtp_port=_int(env, "SMTP_PORT", cls.smtp_port),
            smtp_from=env.get("SMTP_FROM", cls.smtp_from),
            smtp_starttls=env.get("SMTP_STARTTLS", "") in ("1", "true", "yes"),
            smtp_username=env.get("SMTP_USERNAME", ""),
            smtp_password=env.get("SMTP_PASSWORD", ""),
            job_link_max_age_seconds=_int(env, "JOB_LINK_MAX_AGE_SECONDS", cls.job_link_max_age_seconds),
            rasa_urls=_urls(env.get("RASA_URLS", "")),
            action_server_urls=_urls(env.get("ACTION_SERVER_URLS", "")),
            heartbeat_stale_seconds=_int(env, "HEARTBEAT_STALE_SECONDS", cls.heartbeat_stale_seconds),
            chat_max_photos=_int(env, "CHAT_MAX_PHOTOS", cls.chat_max_photos),
            chat_photo_max_bytes=_int(env, "CHAT_PHOTO_MAX_BYTES", cls.chat_photo_max_bytes),
            chat_photo_max_side=_int(env, "CHAT_PHOTO_MAX_SIDE", cls.chat_photo_max_side),
            staff_max_failed_logins=_int(env, "STAFF_MAX_FAILED_LOGINS", cls.staff_max_failed_logins),
            staff_lockout_seconds=_int(env, "STAFF_LOCKOUT_SECONDS", cls.staff_lockout_seconds),
            staff_session_hours=_int(env, "STAFF_SESSION_HOURS", cls.staff_session_hours),
        )
        if settings.now:
            from bot.clock import parse_instant

            try:
                parse_instant(settings.now)
            except ValueError as exc:
                raise SettingsError(f"REPAIRBOT_NOW must be an ISO-8601 instant, got {settings.now!r}") from exc
        if require_secrets:
            missing = [
                name
                for name, value in (
                    ("RASA_TOKEN", settings.rasa_token),
                    ("STAFF_API_TOKEN", settings.staff_api_token),
                    ("SECRET_KEY", settings.secret_key),
                )
                if not value
            ]
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


SECRET_FILES = {"RASA_TOKEN": "rasa_token", "STAFF_API_TOKEN": "staff_api_token", "SECRET_KEY": "secret_key"}


def ensure_instance(env: dict | None = None) -> Path:
    """Create instance/ and generate any secret that neither the environment nor a file provides."""
    env = dict(os.environ if env is None else env)
    instance_dir = Path(env.get("REPAIRBOT_INSTANCE_DIR") or ROOT / "instance")
    instance_dir.mkdir(parents=True, exist_ok=True)
    for name, filename in SECRET_FILES.items():
        if env.get(name):
            continue
        try:
            write_private(instance_dir / filename, secrets.token_urlsafe(32) + "\n", exclusive=True)
        except FileExistsError:
            pass
    return instance_dir


def write_private(path: Path, text: str, *, exclusive: bool = False) -> Path:
    """Write a file only its owner can read, created 0600 in one step (never briefly readable by others).

    `exclusive`: fail if it exists (two processes generating one secret keep the first). Otherwise the new content
    replaces the old atomically (a reader sees the old file or the new one, never half of one).
    """
    path = Path(path)
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        return path
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
