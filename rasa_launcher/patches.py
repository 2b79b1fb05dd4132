"""The two patches of Rasa 3.6.21, applied only to the exact code they were written against."""

from __future__ import annotations

import hashlib
import inspect
import logging
from typing import Any

log = logging.getLogger("rasa_launcher")

RASA_VERSION = "3.6.21"
# sha256 of the sources we replace; a Rasa upgrade that changes them must be re-read before the patch is re-pinned.
SOURCE_SHA256 = {
    "validate": "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42",
    "keepalive": "0a3542dc4168147de814bd3409c82d1b7e5025b32f9ff2aacdbd5cba458d9811",
    "redis_lock": "50b12cfc6fc604d7f7f3a46032fee2d3eeab556666ca329aba51c7262db70344",
}
# Sanic (the action server) closes idle keep-alive connections after 5 s; reusing one it is closing would fail the
# action call, so the client lets them go sooner.
KEEPALIVE_SECONDS = 2.0
# Longest hold of the per-conversation mutex around a lock-store read-modify-write (a few Redis round trips).
MUTEX_SECONDS = 5.0


def source_sha256(*functions) -> str:
    return hashlib.sha256("".join(inspect.getsource(f) for f in functions).encode()).hexdigest()


def targets() -> dict[str, tuple]:
    """The Rasa functions each patch replaces or relies on (keep-alive: `request` opens `async with self.session()`)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.utils.endpoints import EndpointConfig

    return {"validate": (RemoteAction._validate_action_result,),
            "keepalive": (EndpointConfig.session, EndpointConfig.request),
            "redis_lock": (LockStore.issue_ticket, LockStore.update_lock, LockStore.cleanup, LockStore.finish_serving,
                           RedisLockStore.get_lock, RedisLockStore.save_lock, RedisLockStore.delete_lock)}


def unchanged() -> dict[str, bool]:
    """Which patch targets still have the source the patches were written against (and the pinned Rasa version)."""
    import rasa

    same_version = rasa.__version__ == RASA_VERSION
    return {name: same_version and source_sha256(*functions) == SOURCE_SHA256[name]
            for name, functions in targets().items()}


def _cached_validator():
    """One validator for RemoteAction.action_response_format_spec(), its schema checked once."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def patch_validation() -> None:
    from jsonschema.exceptions import ValidationError, best_match
    from rasa.core.actions import action

    validator = _cached_validator()

    def _validate_action_result(self, result: dict[str, Any]) -> bool:
        # Same as jsonschema.validate(result, schema) minus re-checking the schema: the most relevant error raised.
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        assert isinstance(error, ValidationError)
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            "For more information about the format visit "
            f"{action.DOCS_BASE_URL}/custom-actions"
        )
        raise error

    action.RemoteAction._validate_action_result = _validate_action_result


class _Borrowed:
    """`async with endpoint.session() as s` hands out the shared session and leaves it open."""

    def __init__(self, session):
        self.session = session

    async def __aenter__(self):
        return self.session

    async def __aexit__(self, *exc) -> None:
        return None


def patch_keepalive() -> None:
    import asyncio

    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    def session(self) -> _Borrowed:
        loop = asyncio.get_running_loop()
        cache = self.__dict__.setdefault("_shared_sessions", {})
        shared = cache.get(loop)
        if shared is None or shared.closed:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            shared = cache[loop] = aiohttp.ClientSession(
                headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
        return _Borrowed(shared)

    EndpointConfig.session = session


def patch_redis_lock() -> None:
    """Make RedisLockStore's ticket bookkeeping atomic across Rasa servers.

    Rasa 3.6 issues, updates and removes a conversation's tickets by GET, change, SET: two servers taking turns of
    one conversation at the same moment can draw the same ticket number or overwrite each other's ticket, and then
    process the conversation at the same time (a lost turn; seen in tests/e2e/test_scaled.py). A short Redis
    mutex per conversation (redis-py's Lock: SET NX PX, released by a script) around each of those steps makes
    them atomic; the waiting for one's turn is Rasa's own.
    """
    from rasa.core.lock_store import LockStore, RedisLockStore

    def guarded(name: str):
        step = getattr(LockStore, name)

        def method(self, conversation_id, *args, **kwargs):
            with self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS,
                               blocking_timeout=MUTEX_SECONDS):
                return step(self, conversation_id, *args, **kwargs)

        method.__name__ = name
        return method

    for name in ("issue_ticket", "update_lock", "cleanup"):
        setattr(RedisLockStore, name, guarded(name))


def apply() -> dict[str, bool]:
    """Apply each patch whose target is unchanged; a changed Rasa runs unpatched (slower, never wrong)."""
    state = unchanged()
    if state["validate"]:
        patch_validation()
    if state["keepalive"]:
        patch_keepalive()
    if state["redis_lock"]:
        patch_redis_lock()
    for name, ok in state.items():
        if not ok:
            log.warning("rasa_launcher: %s patch skipped: Rasa is not %s or the patched code changed", name,
                        RASA_VERSION)
    return state
