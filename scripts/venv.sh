#!/usr/bin/env bash
# Create (once per lock file) a virtualenv in the user cache and link it into the checkout.
# usage: scripts/venv.sh LINK LOCKFILE   e.g. scripts/venv.sh .venv-rasa requirements/rasa.lock
set -euo pipefail
link="$1"; lock="$2"
py="$(scripts/find-python310.sh)"
cache="${REPAIRBOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/repairbot}"
hash="$( (cat "$lock"; "$py" -V) | sha256sum | cut -c1-16)"
target="$cache/venvs/$(basename "$link")-$hash"
if [ ! -f "$target/.complete" ]; then
  echo "creating $link from $lock (once per lock file) ..."
  rm -rf "$target"
  mkdir -p "$(dirname "$target")"
  "$py" -m venv "$target"
  "$target/bin/pip" install -q --disable-pip-version-check -r "$lock" 2>&1 | grep -v '^WARNING: Location' || true
  "$target/bin/python" -c 'import sys' && touch "$target/.complete"
fi
if [ "$(readlink "$link" 2>/dev/null)" != "$target" ]; then
  rm -rf "$link"
  ln -s "$target" "$link"
fi
