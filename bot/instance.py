"""The instance folder: secrets generated once and files only their owner can read."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from bot.settings import ROOT

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
