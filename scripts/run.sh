#!/usr/bin/env bash
# Serve every process in the foreground with one labelled log (honcho); Ctrl-C stops them all.
set -euo pipefail
# Rasa reads its token from RASA_TOKEN or instance/rasa_token itself (rasa_launcher): never on a command line.
export REPAIRBOT_MODEL="$(cat models/current)"
exec .venv/bin/honcho -f Procfile start
