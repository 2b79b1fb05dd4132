#!/usr/bin/env bash
# Print the path of a working Python 3.10 (Rasa 3.6's ceiling) or explain how to get one.
set -u
try() { "$@" -c 'import sys; assert sys.version_info[:2] == (3, 10); print(sys.executable)' 2>/dev/null; }
if [ -n "${PYTHON310:-}" ] && try "$PYTHON310"; then exit 0; fi
if command -v python3.10 >/dev/null 2>&1 && try python3.10; then exit 0; fi
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -V -r); do
    p="$(pyenv root)/versions/$v/bin/python3.10"
    [ -x "$p" ] && try "$p" && exit 0
  done
fi
for p in /usr/bin/python3.10 /usr/local/bin/python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do
  [ -x "$p" ] && try "$p" && exit 0
done
cat >&2 <<'MSG'
No Python 3.10 found. Rasa Open Source 3.6 runs on Python 3.8-3.10 only.
Install one, then run make again, for example:
  pyenv install 3.10.13            (with pyenv)
  apt-get install python3.10-venv  (Debian/Ubuntu with python3.10 packaged)
or point PYTHON310 at an interpreter: make PYTHON310=/path/to/python3.10 run
MSG
exit 1
