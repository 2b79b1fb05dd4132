"""`python -m rasa_launcher run [rasa run options]`: patched Rasa, auth token read from the environment or a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def auth_token(env: dict) -> str:
    """RASA_TOKEN, else the file RASA_TOKEN_FILE, else <instance dir>/rasa_token (what `make run` generates)."""
    if env.get("RASA_TOKEN"):
        return env["RASA_TOKEN"]
    path = Path(env.get("RASA_TOKEN_FILE") or Path(env.get("REPAIRBOT_INSTANCE_DIR") or ROOT / "instance") /
                "rasa_token")
    if not path.exists():
        raise SystemExit(f"rasa_launcher: no RASA_TOKEN and no token file {path}; run `make init` first")
    return path.read_text().strip()


def argv_with_token(argv: list[str], token: str) -> list[str]:
    """Rasa's own argv, with the token added in this process only (/proc/<pid>/cmdline keeps what was launched)."""
    if any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in argv):
        raise SystemExit("rasa_launcher: give the token through RASA_TOKEN or a file, not on the command line")
    if argv[:1] == ["run"] and "--enable-api" in argv:
        return [*argv, f"--auth-token={token}"]  # "=": a token may start with "-" (token_urlsafe)
    return list(argv)


def main() -> None:
    from rasa_launcher import patches

    patches.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv_with_token(sys.argv[1:], auth_token(dict(os.environ)))]
    rasa_main()


if __name__ == "__main__":
    main()
