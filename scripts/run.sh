#!/usr/bin/env bash
# Serve every process in the foreground with one labelled log (honcho); Ctrl-C stops them all.
set -euo pipefail
export RASA_TOKEN="${RASA_TOKEN:-$(cat instance/rasa_token)}"
export REPAIRBOT_MODEL="$(cat models/current)"
exec .venv/bin/honcho -f Procfile start
